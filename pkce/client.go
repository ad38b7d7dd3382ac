// Package pkce is SSO Lens's OpenID client: it signs in the way Neo4j's
// clients do and hands every token to the inspector.
//
// Every request goes through golang.org/x/oauth2 (PKCE S256, client
// credentials, device code, password, refresh through the TokenSource) with
// the caller's *http.Client injected through the oauth2.HTTPClient context
// key, so proxies and extra CAs apply everywhere. The loopback redirect
// follows RFC 8252: IP literals only, IPv4 and IPv6 on the same port. Each
// step is a timed Event; problems are findings.
package pkce

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
)

// Finding is the inspector's finding: the product's vocabulary.
type Finding = inspector.Finding

// Config says which provider and client to sign in with.
type Config struct {
	// Issuer is the issuer or its discovery URL. Empty means no discovery:
	// then AuthURL and TokenURL must be set.
	Issuer string
	// ClientID and ClientSecret identify the client; the secret is empty
	// for a public client, and is never logged or put in an event.
	ClientID     string
	ClientSecret string
	// Scopes are requested; nil means "openid profile email" for the
	// user-facing flows and none for client credentials.
	Scopes []string
	// Audience is sent as the audience parameter (Auth0, Okta custom
	// authorization servers); Resource as RFC 8707 resource (Entra v1,
	// node-oidc-provider).
	Audience string
	Resource string
	// AuthParams are extra authorization-request parameters (prompt,
	// login_hint, acr_values).
	AuthParams map[string]string
	// Endpoints set here win over discovery, as manual settings do in Neo4j.
	AuthURL, TokenURL, DeviceAuthURL, UserInfoURL, RevocationURL string
	// ExpectedIssuer is the iss to expect; "" means the discovered issuer.
	ExpectedIssuer string
	// Audiences are the accepted access-token audiences for verification
	// (Neo4j's audience setting); nil means Audience and Resource.
	Audiences []string
	// Mode, when set, builds the requests another client sends (see
	// RequestMode); nil sends SSO Lens's own.
	Mode RequestMode
	// HTTPClient makes every request; nil means a discovery.NewHTTPClient
	// with the environment's proxy and the system CAs.
	HTTPClient *http.Client
	// Inspect tunes decoding (clock, skew).
	Inspect inspector.Options
	// OnEvent sees each event as it is recorded (the UI's timeline).
	OnEvent func(Event)
}

// Client signs in with one provider and client.
type Client struct {
	cfg  Config
	hc   *http.Client
	md   *discovery.Result
	rec  *Recorder
	keys *inspector.KeyCache
}

// DefaultScopes are requested by the user-facing flows when none are given.
var DefaultScopes = []string{"openid", "profile", "email"}

// New makes a client, fetching the provider's discovery document when
// cfg.Issuer is set.
func New(ctx context.Context, cfg Config) (*Client, error) {
	c := &Client{cfg: cfg, hc: cfg.HTTPClient, rec: NewRecorder(cfg.Inspect.Now, cfg.OnEvent), keys: inspector.NewKeyCache()}
	if c.hc == nil {
		hc, err := discovery.NewHTTPClient(discovery.Config{})
		if err != nil {
			return nil, err
		}
		c.hc = hc
	}
	if cfg.Mode != nil {
		c.cfg = cfg.Mode.Configure(c.cfg)
	}
	if c.cfg.Issuer != "" {
		done := c.rec.Start(StepDiscovery)
		md, err := discovery.FetchMetadata(ctx, c.hc, c.cfg.Issuer)
		if err != nil {
			done("failed: " + err.Error())
			return nil, err
		}
		c.md = md
		done(fmt.Sprintf("%s (issuer %s)", discovery.RedactURL(md.URL), md.Metadata.Issuer))
	}
	if c.endpoint().TokenURL == "" && c.endpoint().AuthURL == "" {
		return nil, errors.New("no endpoints: give the issuer (or its discovery URL), or the authorization and token endpoints")
	}
	return c, nil
}

// Events returns the event trail so far.
func (c *Client) Events() []Event { return c.rec.Events() }

// Recorder is the client's event trail, for steps recorded by the caller.
func (c *Client) Recorder() *Recorder { return c.rec }

// ClientID is the client signing in.
func (c *Client) ClientID() string { return c.cfg.ClientID }

// SetClientSecret sets the secret once it is known (from the keyring or a
// prompt, which need the discovered issuer); call it before any flow.
func (c *Client) SetClientSecret(secret string) {
	c.cfg.ClientSecret = secret
}

// Metadata is the discovery document; nil without discovery.
func (c *Client) Metadata() *discovery.Result { return c.md }

// Keys is the cache of discovery documents and key sets the client
// verified its tokens with, for a caller that verifies them again (Neo4j's
// view of the same tokens) without fetching the keys twice.
func (c *Client) Keys() *inspector.KeyCache { return c.keys }

func pick(manual, discovered string) string {
	if manual != "" {
		return manual
	}
	return discovered
}

func (c *Client) meta() discovery.Metadata {
	if c.md == nil {
		return discovery.Metadata{}
	}
	return c.md.Metadata
}

func (c *Client) endpoint() oauth2.Endpoint {
	m := c.meta()
	return oauth2.Endpoint{
		AuthURL:       pick(c.cfg.AuthURL, m.AuthorizationEndpoint),
		TokenURL:      pick(c.cfg.TokenURL, m.TokenEndpoint),
		DeviceAuthURL: pick(c.cfg.DeviceAuthURL, m.DeviceAuthorizationEndpoint),
		AuthStyle:     c.authStyle(),
	}
}

// authStyle: a public client (and a request mode's browser client, which
// posts a form) sends client_id in the body; a confidential one lets
// x/oauth2 detect.
func (c *Client) authStyle() oauth2.AuthStyle {
	if c.cfg.ClientSecret == "" || c.cfg.Mode != nil {
		return oauth2.AuthStyleInParams
	}
	return oauth2.AuthStyleAutoDetect
}

func (c *Client) scopes() []string {
	if c.cfg.Scopes != nil {
		return c.cfg.Scopes
	}
	return DefaultScopes
}

func (c *Client) oauth2Config(redirectURI string, scopes []string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.cfg.ClientID,
		ClientSecret: c.cfg.ClientSecret,
		Endpoint:     c.endpoint(),
		RedirectURL:  redirectURI,
		Scopes:       scopes,
	}
}

// ctx injects the HTTP client into x/oauth2.
func (c *Client) ctx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.hc)
}

// issuer is the iss to expect.
func (c *Client) issuer() string {
	if c.cfg.ExpectedIssuer != "" {
		return c.cfg.ExpectedIssuer
	}
	return c.meta().Issuer
}

func (c *Client) audiences() []string {
	if c.cfg.Audiences != nil {
		return c.cfg.Audiences
	}
	var out []string
	for _, a := range []string{c.cfg.Audience, c.cfg.Resource} {
		if a != "" {
			out = append(out, a)
		}
	}
	return out
}

// resourceOpts are the audience and resource parameters, for every request.
func (c *Client) resourceOpts() []oauth2.AuthCodeOption {
	var opts []oauth2.AuthCodeOption
	if c.cfg.Audience != "" {
		opts = append(opts, oauth2.SetAuthURLParam("audience", c.cfg.Audience))
	}
	if c.cfg.Resource != "" {
		opts = append(opts, oauth2.SetAuthURLParam("resource", c.cfg.Resource))
	}
	return opts
}

func (c *Client) grantListed(grant string) []Finding {
	m := c.meta()
	if c.md == nil || len(m.GrantTypesSupported) == 0 || slices.Contains(m.GrantTypesSupported, grant) {
		return nil
	}
	return []Finding{FindGrantNotListed.Newf(
		"Check that the provider supports this grant and that it is enabled for the client.",
		"grant_types_supported: "+strings.Join(m.GrantTypesSupported, " "),
		"The provider's discovery document does not list %s in grant_types_supported; the request will likely fail.", grant)}
}

// randomString is 32 random bytes in base64url (43 characters), the size
// neo4j-client-sso uses for its code verifier.
func randomString() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Result is the outcome of one grant: the tokens inspected and verified,
// the flow's findings, and the event trail.
type Result struct {
	Flow        string `json:"flow"`
	RedirectURI string `json:"redirect_uri,omitempty"`
	// AuthorizeURL is the authorization request as sent (it holds no
	// secret: secrets go to the token endpoint only).
	AuthorizeURL string `json:"authorize_url,omitempty"`
	// Report is the inspect contract: the tokens, decoded and verified, and
	// the findings (the flow's findings are among Report.Findings).
	Report *inspector.Report `json:"report"`
	Events []Event           `json:"events"`
	// RefreshRotated is set by Refresh.
	RefreshRotated *bool `json:"refresh_rotated,omitempty"`
	// Token is the token response; it is never marshalled.
	Token *oauth2.Token `json:"-"`
	// Nonce is the nonce sent (not a secret: it is in the ID token).
	Nonce string `json:"nonce,omitempty"`
}

// Findings returns every finding: the report's and its tokens'.
func (r *Result) Findings() []Finding {
	if r.Report == nil {
		return nil
	}
	out := append([]Finding(nil), r.Report.Findings...)
	for _, t := range r.Report.Tokens {
		out = append(out, t.Findings...)
	}
	return out
}

// HasFinding reports whether a finding of that code was made.
func (r *Result) HasFinding(code string) bool {
	for _, f := range r.Findings() {
		if f.Code == code {
			return true
		}
	}
	return false
}

func (c *Client) newResult(flow string) *Result {
	return &Result{Flow: flow, Report: &inspector.Report{Input: inspector.InputInfo{Form: "login"}, Tokens: []*inspector.Token{}, Findings: []Finding{}}}
}

// finish attaches the findings and the events and sorts the findings.
func (c *Client) finish(r *Result, findings []Finding, err error) (*Result, error) {
	r.Report.Findings = append(r.Report.Findings, findings...)
	inspector.SortFindings(r.Report.Findings)
	if err != nil {
		c.rec.Note(StepFailed, err.Error())
	}
	r.Events = c.rec.Events()
	return r, err
}

// tokenFinding turns a token endpoint failure into a finding: the OAuth
// error explained, or the transport failure.
func tokenFinding(err error) Finding {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.ErrorCode != "" {
		return inspector.ExplainOAuthError(inspector.FindTokenResponse, re.ErrorCode, re.ErrorDescription)
	}
	if errors.As(err, &re) && re.Response != nil {
		return FindTokenRequestError.Newf(
			"Check the token endpoint URL and that nothing (a proxy, a WAF) answers in its place.",
			fmt.Sprintf("HTTP %s, body starts %q", re.Response.Status, truncate(string(re.Body), 200)),
			"The token endpoint answered HTTP %s without an OAuth error.", re.Response.Status)
	}
	return FindTokenRequestError.Newf("Check the token endpoint URL, the network and the proxy.", err.Error(),
		"The token request failed: %v.", err)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// tokenResponseJSON rebuilds the token response for the inspector. The
// fields x/oauth2 keeps raw (expires_in, scope, id_token) keep the type the
// provider sent, so expires-in-string is still found.
func tokenResponseJSON(tok *oauth2.Token) []byte {
	m := map[string]any{}
	for _, k := range []string{"id_token", "expires_in", "scope", "token_type", "issued_token_type"} {
		if v := tok.Extra(k); v != nil && v != "" {
			m[k] = v
		}
	}
	set := func(k, v string) {
		if _, ok := m[k]; !ok && v != "" {
			m[k] = v
		}
	}
	set("access_token", tok.AccessToken)
	set("token_type", tok.TokenType)
	set("refresh_token", tok.RefreshToken)
	if _, ok := m["expires_in"]; !ok && tok.ExpiresIn > 0 {
		m["expires_in"] = tok.ExpiresIn
	}
	b, _ := json.Marshal(m)
	return b
}

// describeTokens says which tokens arrived, redacted.
func describeTokens(tok *oauth2.Token) string {
	var parts []string
	add := func(name, v string) {
		if v != "" {
			parts = append(parts, fmt.Sprintf("%s %s (sha256 %s)", name, inspector.Redact(v), inspector.Fingerprint(v)))
		}
	}
	add("access_token", tok.AccessToken)
	if id, ok := tok.Extra("id_token").(string); ok {
		add("id_token", id)
	}
	add("refresh_token", tok.RefreshToken)
	if !tok.Expiry.IsZero() {
		parts = append(parts, "expires "+tok.Expiry.UTC().Format(time.RFC3339))
	}
	if len(parts) == 0 {
		return "no tokens"
	}
	return strings.Join(parts, "; ")
}

// inspect decodes and verifies the tokens of a response into r.Report.
func (c *Client) inspect(ctx context.Context, r *Result, tok *oauth2.Token, nonce string, wantID bool) []Finding {
	r.Token = tok
	c.rec.Note(StepTokensReceived, describeTokens(tok))
	done := c.rec.Start(StepVerified)
	rep := inspector.Inspect(tokenResponseJSON(tok), c.cfg.Inspect)
	cfg := inspector.VerifyConfig{
		Issuer:     c.issuer(),
		Audiences:  c.audiences(),
		ClientID:   c.cfg.ClientID,
		Nonce:      nonce,
		Options:    c.cfg.Inspect,
		HTTPClient: c.hc,
		Keys:       c.keys,
	}
	if c.md != nil {
		cfg.DiscoveryURL = c.md.URL
	}
	if c.meta().JWKSURI != "" {
		cfg.JWKSURL = c.meta().JWKSURI
	}
	inspector.VerifyReport(ctx, rep, cfg)
	rep.Findings = append(rep.Findings, r.Report.Findings...)
	r.Report = rep
	var findings []Finding
	if _, ok := tok.Extra("id_token").(string); !ok && wantID {
		findings = append(findings, FindIDTokenMissing.Newf(
			"Request the openid scope, and a response_type that returns an ID token; Neo4j's token_type_principal=id_token needs one.",
			"no id_token in the response", "The openid scope was requested but no ID token came back."))
	}
	errs, verified := 0, 0
	for _, t := range rep.Tokens {
		if inspector.HasError(t.Findings) {
			errs++
		}
		if t.Signature != nil && t.Signature.Verified {
			verified++
		}
	}
	done(fmt.Sprintf("%d token(s), %d signature(s) verified, %d with errors", len(rep.Tokens), verified, errs))
	return findings
}

// ErrNonceMismatch is returned when the ID token's nonce is not the one
// sent: the tokens are shown, but the sign-in is rejected.
var ErrNonceMismatch = errors.New("the ID token's nonce does not match the authorization request: sign-in rejected")

func nonceMismatch(rep *inspector.Report) bool {
	for _, t := range rep.Tokens {
		for _, f := range t.Findings {
			if f.Code == inspector.FindNonceMismatch.Code {
				return true
			}
		}
	}
	return false
}
