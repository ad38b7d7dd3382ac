package pkce

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/ssolens/ssolens/inspector"
)

// DefaultTimeout bounds a browser sign-in when LoginOptions.Timeout is zero
// (kubelogin waits as long).
const DefaultTimeout = 3 * time.Minute

// Flow names, as in the CLI's --flow.
const (
	FlowPKCE              = "pkce"
	FlowImplicit          = "implicit"
	FlowClientCredentials = "client-credentials"
	FlowDevice            = "device"
	FlowPassword          = "password"
	FlowRefresh           = "refresh"
)

// LoginOptions configure a browser sign-in.
type LoginOptions struct {
	Loopback LoopbackConfig
	// Browser opens the authorization URL; nil means SystemBrowser.
	Browser Browser
	// Timeout bounds the wait for the callback; zero means DefaultTimeout.
	Timeout time.Duration
	// Implicit uses the implicit flow (response_type "id_token token", or
	// Neo4j's params): tokens come back in the fragment.
	Implicit bool
	// Pasted delivers redirect URLs the user pasted, for a browser running
	// elsewhere (SSH, WSL): the first one completes the flow.
	Pasted <-chan string
	// OnRedirectURI sees the exact redirect URI to register, before the
	// browser opens (show it and offer to copy it).
	OnRedirectURI func(uri string)
	// OnListen sees the bound addresses and why that port was taken (the
	// first of the list, or the next after a busy one, naming who holds
	// it), before OnRedirectURI.
	OnListen func(addrs []string, why string)
	// OnAuthorizeURL sees the authorization URL, before the browser opens:
	// the fallback when no browser starts.
	OnAuthorizeURL func(url string)
}

// Errors of the browser sign-in; each comes with its finding.
var (
	ErrStateMismatch = errors.New("the callback's state does not match the authorization request: sign-in rejected")
	ErrCallbackError = errors.New("the provider redirected back with an error")
	ErrTimeout       = errors.New("no callback arrived in time")
)

// authRequest is one authorization request and what its response must echo.
type authRequest struct {
	url      string
	state    string
	nonce    string
	verifier string
	implicit bool
	opts     []oauth2.AuthCodeOption // for the token request
	scopes   []string
	// tokenClientID overrides the client_id of the code exchange.
	tokenClientID string
}

// Login signs in through the system browser and a loopback redirect:
// authorization code with PKCE (RFC 7636, S256), or the implicit flow. It
// always returns a Result, with findings when err is not nil.
func (c *Client) Login(ctx context.Context, o LoginOptions) (*Result, error) {
	flow := FlowPKCE
	if o.Implicit || (c.cfg.Mode != nil && c.cfg.Mode.Implicit()) {
		o.Implicit, flow = true, FlowImplicit
	}
	r := c.newResult(flow)
	var findings []Finding
	if rr, ok := c.cfg.Mode.(RequestRefuser); ok {
		if err := rr.RefuseRequest(); err != nil {
			return c.finish(r, []Finding{FindModeRefused.Newf(
				"Correct the setting the error names; the imitated client would not start this sign-in either.",
				err.Error(), "The client SSO Lens imitates refuses to start this sign-in: %s", err)}, err)
		}
	}
	if o.Implicit {
		findings = append(findings, FindImplicitFlow.New(
			"The implicit flow puts tokens in the browser's URL and history; Neo4j deprecates auth_flow=implicit from 2026.06.",
			"Use auth_flow=pkce with response_type=code.", "response in the URL fragment"))
	}
	if c.cfg.Mode != nil {
		path, query := c.cfg.Mode.Redirect()
		if o.Loopback.Path == "" {
			o.Loopback.Path = path
		}
		if o.Loopback.Query == "" {
			o.Loopback.Query = query
		}
	}
	done := c.rec.Start(StepListenerBound)
	l, err := ListenLoopback(o.Loopback)
	if err != nil {
		done("failed: " + err.Error())
		return c.finish(r, findings, err)
	}
	defer func() {
		l.Close()
		c.rec.Note(StepListenerClosed, strings.Join(l.Addrs(), ", "))
	}()
	findings = append(findings, l.Findings()...)
	done(strings.Join(l.Addrs(), ", ") + ": " + l.Why())
	if o.OnListen != nil {
		o.OnListen(l.Addrs(), l.Why())
	}
	r.RedirectURI = l.RedirectURI()
	c.rec.Note(StepRedirectURI, r.RedirectURI)
	if o.OnRedirectURI != nil {
		o.OnRedirectURI(r.RedirectURI)
	}

	req := c.authorizeRequest(r.RedirectURI, o.Implicit)
	r.AuthorizeURL, r.Nonce = req.url, req.nonce
	c.rec.Note(StepAuthorizeURL, redactURL(req.url))
	l.Expect(c.callbackCheck(req, &findings))
	l.ExpectState(req.state, func(detail string) { c.rec.Note(StepCallbackIgnored, detail) })
	if o.OnAuthorizeURL != nil {
		o.OnAuthorizeURL(req.url)
	}

	// The browser opens only now that the listener is up.
	b := o.Browser
	if b == nil {
		b = SystemBrowser{}
	}
	if err := b.Open(ctx, req.url); err != nil {
		c.rec.Note(StepBrowserFailed, err.Error())
		f := FindBrowserNotOpened.Newf(
			"Open the authorization URL in a browser yourself; if that browser runs on another machine, paste the URL it lands on back here.",
			err.Error(), "The browser could not be opened: %v.", err)
		if errors.Is(err, ErrDefaultBrowser) {
			f = f.WithCommand("ssolens login --no-browser")
		}
		findings = append(findings, f)
	} else {
		c.rec.Note(StepBrowserOpened, fmt.Sprintf("%T", b))
	}

	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if o.Pasted != nil {
		go func() {
			for {
				select {
				case s, ok := <-o.Pasted:
					if !ok {
						return
					}
					if _, err := ParseRedirectURL(s); err != nil {
						c.rec.Note(StepCallbackRejected, err.Error())
						continue // let the user paste again
					}
					if err := l.Paste(s); errors.Is(err, ErrCallbackIgnored) {
						continue // not this sign-in's: let the user paste again
					}
					return
				case <-wctx.Done():
					return
				}
			}
		}()
	}
	waitDone := c.rec.Start(StepCallbackReceived)
	cb, err := l.wait(wctx)
	switch {
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		c.rec.Note(StepTimeout, "after "+timeout.String())
		if n := l.Ignored(); n > 0 {
			findings = append(findings, FindStateMismatch.Newf(
				"Start the sign-in again from SSO Lens, in one browser tab. A callback with another state is what a stale tab, a mixed-up login or a forged request (CSRF, RFC 6749 §10.12) looks like.",
				fmt.Sprintf("%d callback(s) ignored; see the %s events", n, StepCallbackIgnored),
				"%d callback(s) whose state was not this sign-in's reached %s and were ignored; the real one never came.", n, r.RedirectURI))
		}
		findings = append(findings, FindCallbackTimeout.Newf(
			"Finish the sign-in in the browser sooner; if the browser showed an error or could not reach "+r.RedirectURI+", check the redirect URI registered at the provider and that no firewall blocks loopback.",
			"waited "+timeout.String()+" on "+strings.Join(l.Addrs(), ", "),
			"No callback reached %s within %s.", r.RedirectURI, timeout))
		return c.finish(r, findings, fmt.Errorf("%w (%s)", ErrTimeout, timeout))
	case cb.params == nil:
		return c.finish(r, findings, err)
	}
	waitDone(describeCallback(cb))
	if err != nil {
		return c.finish(r, findings, err)
	}

	var tok *oauth2.Token
	if req.implicit {
		tok = implicitToken(cb.params)
	} else {
		exch := c.rec.Start(StepCodeExchanged)
		conf := c.oauth2Config(r.RedirectURI, nil)
		if req.tokenClientID != "" {
			conf.ClientID = req.tokenClientID
		}
		tok, err = conf.Exchange(c.ctx(ctx), cb.params.Get("code"), req.opts...)
		if err != nil {
			exch("failed")
			findings = append(findings, tokenFinding(err))
			return c.finish(r, findings, fmt.Errorf("code exchange: %w", err))
		}
		exch(conf.Endpoint.TokenURL)
	}
	findings = append(findings, c.inspect(ctx, r, tok, req.nonce, slices.Contains(req.scopes, "openid"))...)
	if req.nonce != "" && nonceMismatch(r.Report) {
		return c.finish(r, findings, ErrNonceMismatch)
	}
	return c.finish(r, findings, nil)
}

// authorizeRequest builds the authorization request: a request mode's
// (RequestMode), or SSO Lens's own.
func (c *Client) authorizeRequest(redirectURI string, implicit bool) authRequest {
	req := authRequest{implicit: implicit}
	conf := c.oauth2Config(redirectURI, nil)
	var opts []oauth2.AuthCodeOption
	set := func(k, v string) { opts = append(opts, oauth2.SetAuthURLParam(k, v)) }
	challenge := func(method string) {
		req.verifier = oauth2.GenerateVerifier()
		req.opts = append(req.opts, oauth2.VerifierOption(req.verifier))
		if method == "plain" {
			set("code_challenge_method", "plain")
			set("code_challenge", req.verifier)
			return
		}
		opts = append(opts, oauth2.S256ChallengeOption(req.verifier))
	}
	if m := c.cfg.Mode; m != nil {
		mr := m.Authorize(redirectURI, implicit)
		req.state = mr.State
		for _, p := range mr.Params {
			set(p.Key, p.Value)
		}
		if mr.Nonce {
			req.nonce = randomString()
			set("nonce", req.nonce)
		}
		if mr.ChallengeMethod != "" {
			challenge(mr.ChallengeMethod)
		}
		req.scopes = mr.Scopes
		for _, p := range mr.TokenParams {
			req.opts = append(req.opts, oauth2.SetAuthURLParam(p.Key, p.Value))
		}
		req.tokenClientID = mr.TokenClientID
		req.url = conf.AuthCodeURL(req.state, opts...)
		return req
	}
	req.state, req.nonce, req.scopes = randomString(), randomString(), c.scopes()
	conf.Scopes = req.scopes
	opts = append(opts, c.resourceOpts()...)
	for _, k := range sortedKeys(c.cfg.AuthParams) {
		set(k, c.cfg.AuthParams[k])
	}
	set("nonce", req.nonce)
	if implicit {
		rt := "token"
		if slices.Contains(req.scopes, "openid") {
			rt = "id_token token"
		}
		set("response_type", rt)
	} else {
		challenge("S256")
		req.opts = append(req.opts, c.resourceOpts()...)
	}
	req.url = conf.AuthCodeURL(req.state, opts...)
	return req
}

// callbackCheck judges the first callback, adding its findings. The browser
// gets an error page when it fails.
func (c *Client) callbackCheck(req authRequest, findings *[]Finding) CallbackCheck {
	return func(params url.Values) error {
		if e := params.Get("error"); e != "" {
			*findings = append(*findings, inspector.ExplainOAuthError(inspector.FindRedirectError, e, params.Get("error_description")))
			return fmt.Errorf("%w: %s", ErrCallbackError, e)
		}
		if m := c.cfg.Mode; m != nil {
			if f, err := m.CheckCallback(params); err != nil {
				if f != nil {
					*findings = append(*findings, *f)
				}
				return err
			}
		}
		if got := params.Get("state"); subtle.ConstantTimeCompare([]byte(got), []byte(req.state)) != 1 {
			*findings = append(*findings, FindStateMismatch.Newf(
				"Start the sign-in again from SSO Lens, in one browser tab; a state that does not match is what a CSRF or mixed-up login looks like (RFC 6749 §10.12).",
				fmt.Sprintf("state %q (%d chars), expected %d chars", truncate(got, 12), len(got), len(req.state)),
				"The callback's state is not the one SSO Lens sent; the response was refused and no code was exchanged."))
			return ErrStateMismatch
		}
		if iss := params.Get("iss"); iss != "" && c.meta().Issuer != "" && iss != c.meta().Issuer {
			*findings = append(*findings, FindCallbackIssuer.Newf(
				"Check that the authorization endpoint belongs to the configured issuer; the response comes from another provider (RFC 9207).",
				fmt.Sprintf("iss %q, issuer %q", iss, c.meta().Issuer),
				"The callback's iss is %q, not the provider's issuer %q.", iss, c.meta().Issuer))
			return errors.New("the callback's iss is another issuer")
		}
		ok := params.Get("code") != ""
		if req.implicit {
			ok = params.Get("access_token") != "" || params.Get("id_token") != ""
		}
		if !ok {
			*findings = append(*findings, FindCallbackEmpty.Newf(
				"Check the response_type: code for PKCE, id_token token for the implicit flow.",
				"parameters: "+strings.Join(sortedKeys(params), ", "),
				"The callback carries no %s.", map[bool]string{true: "token", false: "code"}[req.implicit]))
			return errors.New("the callback carries no code or token")
		}
		return nil
	}
}

// describeCallback says what arrived without showing the code or tokens.
func describeCallback(cb callback) string {
	keys := sortedKeys(cb.params)
	parts := []string{"via " + cb.via}
	for _, k := range keys {
		v := cb.params.Get(k)
		switch k {
		case "code", "access_token", "id_token", "refresh_token":
			parts = append(parts, fmt.Sprintf("%s (%d chars)", k, len(v)))
		case "error", "error_description", "iss", "idp_id", "auth_flow_step", "token_type", "expires_in", "scope":
			parts = append(parts, k+"="+truncate(v, 120))
		default:
			parts = append(parts, k)
		}
	}
	return strings.Join(parts, ", ")
}

// implicitToken makes a token from the fragment of an implicit response.
func implicitToken(params url.Values) *oauth2.Token {
	tok := &oauth2.Token{AccessToken: params.Get("access_token"), TokenType: params.Get("token_type")}
	extra := map[string]any{}
	for _, k := range []string{"id_token", "scope"} {
		if v := params.Get(k); v != "" {
			extra[k] = v
		}
	}
	if s := params.Get("expires_in"); s != "" {
		extra["expires_in"] = s
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			tok.ExpiresIn = n
			tok.Expiry = time.Now().Add(time.Duration(n) * time.Second)
		}
	}
	return tok.WithExtra(extra)
}

// redactURL hides any secret-looking parameter of a URL before it goes into
// an event (auth_params could carry one).
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "‹unparseable URL›"
	}
	q := u.Query()
	changed := false
	for k := range q {
		switch strings.ToLower(k) {
		case "client_secret", "password", "code_verifier", "code", "access_token", "id_token", "refresh_token":
			q.Set(k, "‹redacted›")
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
