package session

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/ssolens/ssolens/explain"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/abac"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/pkce"
)

// Inputs are what the user brought to an investigation. Every field may be
// empty; the investigation derives what the inputs allow.
type Inputs struct {
	// Text is what was pasted or read: a token, a token response, a
	// header, a redirect URL, a cURL command, a HAR, a log. TextName says
	// where it came from ("argument", "standard input", a file name).
	Text     []byte
	TextName string
	// SignIn is a sign-in's result; its tokens (already decoded and
	// verified by the OpenID client) are the investigation's tokens, and
	// Text is then ignored.
	SignIn *SignInResult
	// Conf is a neo4j.conf (or a running Neo4j's import); Provider names
	// its provider ("" picks the only one enabled for authentication).
	Conf     *Conf
	Provider string
	// UserInfo, NativeRoles, LocalUsers and Rules feed the prediction
	// (see predict.LoginInput).
	UserInfo    map[string]any
	NativeRoles map[string][]string
	LocalUsers  map[string]string
	Rules       *abac.RuleSet
	// Verify is what the user asked tokens to be verified against (a key
	// source, the expected issuer, audiences, client id, nonce).
	// VerifyRequested says they asked at all; without it, tokens Neo4j
	// does not validate are decoded and said to be not verified.
	Verify          inspector.VerifyConfig
	VerifyRequested bool
	// Facts a generated provider block and snippets start from, as the
	// user gave them; the sign-in's, the conf's and the tokens' fill the
	// rest.
	Issuer, DiscoveryURL, ClientID string
	Scopes                         []string
	Audience                       string
	// BlockName and BlockDisplayName name the generated provider block
	// (dbms.security.oidc.<name>, its button label); "" is the conf
	// provider's, else sso and SSO.
	BlockName, BlockDisplayName string
	// Options are the clock, the skew and the time zone of every decode
	// and check.
	Options inspector.Options
	// HTTPClient makes every fetch (discovery, keys, the live check); nil
	// is a plain client. Offline forbids fetching.
	HTTPClient *http.Client
	Offline    bool
	// Transport describes HTTPClient's proxy and CAs for the report.
	Transport string
	// Keys is the investigation's key cache; nil makes a new one. A
	// sign-in passes the cache its client verified with, so that keys are
	// fetched once per investigation.
	Keys *inspector.KeyCache
}

// Conf is a neo4j.conf as an investigation uses it: the model Neo4j makes
// of it, its name, and the findings of bringing it in besides the lint
// (a server import's, the auth rules').
type Conf struct {
	Model    *conf.Model
	File     string
	Findings []inspector.Finding
}

// Investigation is one question end to end: the inputs, and everything
// derived from them once. Tokens are decoded once and verified once, with
// one key cache and the injected clock; every face (the CLI, the window,
// the report) renders this, and decides nothing itself.
type Investigation struct {
	In Inputs
	// Report holds every token, decoded and verified, and the input's
	// findings. It is never nil.
	Report *inspector.Report
	// Tokens is the token set Neo4j's client reads (TokensOf).
	Tokens inspector.TokenSet
	// Prediction is what Neo4j does with Tokens under Conf; nil without a
	// conf or a token. Its Token is the very token of Report it validated.
	Prediction *predict.Prediction
	// Live is the last live check (CheckLive); nil until there is one.
	Live *server.LiveResult

	keys *inspector.KeyCache
	// liveGiven are the findings of the token given to the live check
	// (LiveOptions.Token), said by liveGivenName.
	liveGiven     []inspector.Finding
	liveGivenName string
	handoff       *Handoff
	handoffE      error
	handed        bool
}

// New derives an investigation from its inputs: it never fails; every
// problem is a finding.
func New(ctx context.Context, in Inputs) *Investigation {
	inv := &Investigation{In: in, keys: in.Keys}
	if inv.keys == nil && in.SignIn != nil {
		inv.keys = in.SignIn.keys
	}
	if inv.keys == nil {
		inv.keys = inspector.NewKeyCache()
	}
	if in.SignIn != nil && in.SignIn.Result != nil && in.SignIn.Report != nil {
		inv.Report = in.SignIn.Report
		inv.Tokens = signInTokens(in.SignIn)
	} else {
		inv.Report = inspector.Inspect(in.Text, in.Options)
		explain.Annotate(inv.Report, in.Text)
		inv.Tokens = TokensOf(inv.Report)
		inv.Report.Findings = append(inv.Report.Findings, SeveralTokenSets(inv.Report)...)
		if in.Conf == nil {
			ssoclient.AnnotateDefaults(inv.Report, inv.Tokens)
		}
	}
	if in.Transport != "" && inv.Report.Transport == "" {
		inv.Report.Transport = in.Transport
	}
	if in.Conf != nil && in.Conf.Model != nil && (inv.Tokens.IDToken != "" || inv.Tokens.AccessToken != "") {
		// A sign-in's tokens were verified by the OpenID client, with its
		// own expectations (the ID token's aud is the client id, azp
		// always): Neo4j's view of them is its own verification, so the
		// prediction decodes them for itself (with the same key cache).
		decoded := inv.Report.Tokens
		if inv.signedIn() {
			decoded = nil
		}
		inv.Prediction = predict.SimulateLogin(ctx, predict.LoginInput{
			Model: in.Conf.Model, Provider: in.Provider, Tokens: inv.Tokens, BrowserSignIn: inv.browserSignIn(),
			UserInfo: in.UserInfo, NativeRoles: in.NativeRoles, LocalUsers: in.LocalUsers, Rules: in.Rules,
			Verify: inv.baseVerify(), Decoded: decoded,
		})
		inv.adoptValidated(decoded)
	}
	inv.verifyTheRest(ctx)
	return inv
}

// adoptValidated puts the prediction's token, which its provider
// verified as Neo4j does, in the report in place of the decoding it was
// copied from (the prediction verifies a copy of its own): the report
// then shows Neo4j's verification of the token Neo4j validates.
func (inv *Investigation) adoptValidated(decoded []*inspector.Token) {
	p := inv.Prediction
	if p == nil || p.Token == nil {
		return
	}
	if i := slices.Index(inv.Report.Tokens, inv.Tokens.Decoding(p.AuthenticationToken, decoded)); i >= 0 {
		inv.Report.Tokens[i] = p.Token
	}
}

// baseVerify is what every verification of the investigation shares: the
// clock, the network and the key cache.
func (inv *Investigation) baseVerify() inspector.VerifyConfig {
	return inspector.VerifyConfig{Options: inv.In.Options, HTTPClient: inv.In.HTTPClient, Offline: inv.In.Offline, Keys: inv.keys}
}

// verifyTheRest verifies, as the user asked, the tokens neither the
// sign-in nor the prediction verified; without a request they are said to
// be not checked (offline), as plain decoding does.
func (inv *Investigation) verifyTheRest(ctx context.Context) {
	if inv.signedIn() {
		return // the sign-in's client verified every token
	}
	var rest []*inspector.Token
	for _, t := range inv.Report.Tokens {
		if t.Signature == nil && !(inv.Prediction != nil && inv.Prediction.Token == t) {
			rest = append(rest, t)
		}
	}
	if len(rest) == 0 {
		return
	}
	cfg := inv.In.Verify
	base := inv.baseVerify()
	cfg.Options, cfg.HTTPClient, cfg.Keys = base.Options, base.HTTPClient, base.Keys
	cfg.Offline = inv.In.Offline || !inv.In.VerifyRequested
	if cfg.AccessToken == "" {
		cfg.AccessToken = inv.Tokens.AccessToken // at_hash of the ID token
	}
	inspector.VerifyReport(ctx, &inspector.Report{Tokens: rest}, cfg)
}

// browserSignIn reports whether the tokens come from a user's sign-in the
// way Neo4j's SSO client signs in (the authorization code or implicit
// flow, a pasted redirect that carries them, which only a browser's
// sign-in has, or a token response whose scope is a user's): its tokens
// are the client's, not a driver's bearer token, even when they lack the
// ID token (spec §5.4: no openid scope is the most common cause). A
// client-credentials response has an API's scope, or none. (A refresh
// token tells a user's sign-in too: the prediction sees it in the set.)
func (inv *Investigation) browserSignIn() bool {
	if inv.signedIn() {
		return inv.In.SignIn.Flow == pkce.FlowPKCE || inv.In.SignIn.Flow == pkce.FlowImplicit
	}
	return inv.Report.Input.Form == inspector.FormRedirectURL || userScope(inv.Report.Input.Scope)
}

// userScope reports whether a token response's scope is a user's sign-in:
// it names a scope of OpenID Connect Core §5.4 and §11 (openid, profile,
// email, address, phone, offline_access), which identify a user and which
// a client-credentials grant, with no user, is not given.
func userScope(scope string) bool {
	return slices.ContainsFunc(strings.Fields(scope), func(s string) bool {
		return slices.Contains([]string{"openid", "profile", "email", "address", "phone", "offline_access"}, s)
	})
}

func (inv *Investigation) signedIn() bool {
	return inv.In.SignIn != nil && inv.In.SignIn.Result != nil && inv.In.SignIn.Report != nil
}

// TokensOf is the token set in an inspection report, as Neo4j's client
// would read it from a token response: the ID token, the access token
// (else a token of no known role: a lone bearer token is what clients
// send as the access token) and the refresh token. When the report holds
// several of a kind (a HAR or a log of several sign-ins), it takes the
// last, the newest (tokens come in order of first appearance), and
// SeveralTokenSets says so. Every face takes its token set from here.
func TokensOf(rep *inspector.Report) inspector.TokenSet {
	return tokenSetOf(rep).set
}

// Token returns the investigation's decoding of one token of its set
// (id_token, access_token, refresh_token), by its place in the set, or
// nil.
func (inv *Investigation) Token(field string) *inspector.Token {
	return inv.Tokens.Decoding(field, inv.Report.Tokens)
}

// Comparison lines up the ID token and the access token of the set claim
// by claim, with the token types Neo4j's client reads (the prediction's,
// else the conf provider's, else Neo4j's default), or is nil when the set
// lacks one of them. Every face shows this one.
func (inv *Investigation) Comparison() *inspector.Comparison {
	if inv.Tokens.IDToken == "" || inv.Tokens.AccessToken == "" {
		return nil
	}
	var tt ssoclient.TokenTypes
	switch p := inv.provider(); {
	case inv.Prediction != nil:
		tt = ssoclient.TokenTypes{Principal: inv.Prediction.PrincipalToken, Authentication: inv.Prediction.AuthenticationToken}
	case p != nil:
		tt = ssoclient.ChooseTokens(p.Config)
	}
	return inspector.Compare(inv.Token("id_token"), inv.Token("access_token"), tt.Principal, tt.Authentication)
}

// ValidatedTokenType is the token of the set Neo4j validates: the
// prediction's token_type_authentication, else the access token when it is
// a signed JWT, else the ID token.
func (inv *Investigation) ValidatedTokenType() string {
	if inv.Prediction != nil && inv.Prediction.AuthenticationToken != "" {
		return inv.Prediction.AuthenticationToken
	}
	if p := inv.provider(); p != nil {
		return ssoclient.ChooseTokens(p.Config).Authentication
	}
	// No conf: the token a working setup would have Neo4j validate.
	if at := inv.Token("access_token"); at != nil && at.Kind == inspector.KindJWS {
		return "access_token"
	}
	if inv.Tokens.IDToken != "" {
		return "id_token"
	}
	if inv.Tokens.AccessToken != "" {
		return "access_token"
	}
	return ""
}

// The origins of a finding: which part of the investigation said it.
const (
	OriginInput      = "input"      // the pasted or read text as a whole
	OriginSignIn     = "sign-in"    // the flow: callback, token endpoint, client checks
	OriginToken      = "token"      // one token's decoding and verification
	OriginConf       = "conf"       // the neo4j.conf lint, its import and rules
	OriginPrediction = "prediction" // what Neo4j would do
	OriginLive       = "live"       // what a running Neo4j answered
	OriginConfig     = "config"     // the generated provider block
)

// Finding is a finding with where it came from: Origin is one of the
// Origin* constants, Source names the part ("token 2 (access_token)",
// "neo4j.conf", "live check · http://localhost:7474").
type Finding struct {
	inspector.Finding
	Origin string `json:"origin"`
	Source string `json:"source"`
}

// Findings are every finding of the investigation, once each (the same
// code and message said by two parts is kept where first said), errors
// first, then in the order of the parts: input, tokens, conf, prediction,
// live check, generated block. Only this investigation's: a new input is a
// new investigation.
func (inv *Investigation) Findings() []Finding {
	var out []Finding
	seen := map[string]bool{}
	add := func(fs []inspector.Finding, origin, source string) {
		for _, f := range fs {
			key := f.Code + "\x00" + f.Message
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, Finding{Finding: f, Origin: origin, Source: source})
		}
	}
	if inv.signedIn() {
		add(inv.Report.Findings, OriginSignIn, "sign-in ("+inv.In.SignIn.Flow+")")
	} else {
		add(inv.Report.Findings, OriginInput, cmp.Or(inv.In.TextName, "input"))
	}
	for i, t := range inv.Report.Tokens {
		add(t.Findings, OriginToken, TokenSource(i, t))
	}
	if c := inv.In.Conf; c != nil {
		if c.Model != nil {
			add(c.Model.Findings, OriginConf, cmp.Or(c.File, "neo4j.conf"))
		}
		add(c.Findings, OriginConf, cmp.Or(c.File, "neo4j.conf"))
	}
	if p := inv.Prediction; p != nil {
		add(p.Findings, OriginPrediction, "Neo4j prediction")
	}
	if l := inv.Live; l != nil {
		add(inv.liveGiven, OriginInput, inv.liveGivenName)
		src := "live check"
		if len(l.Attempts) > 0 {
			src += " · " + l.Attempts[0].URL
		}
		add(l.Findings, OriginLive, src)
	}
	if inv.handoff != nil {
		add(inv.handoff.Config.Findings, OriginConfig, "generated neo4j.conf")
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return a.Severity.Rank() - b.Severity.Rank() })
	return out
}

// TokenSource names a token of a report for a finding's source: "token 2
// (access_token)".
func TokenSource(i int, t *inspector.Token) string {
	return fmt.Sprintf("token %d (%s)", i+1, cmp.Or(string(t.Role), t.Source))
}

// Counts are the findings of an investigation by severity.
type Counts struct{ Errors, Warnings, Infos int }

// Count counts findings by severity.
func Count(fs []Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch f.Severity {
		case inspector.SeverityError:
			c.Errors++
		case inspector.SeverityWarning:
			c.Warnings++
		default:
			c.Infos++
		}
	}
	return c
}

// Failed reports whether the investigation's answer is a failure: the
// CLI's exit status 1, the rule of every command. The answer is the live
// check's when there is one (Neo4j refused the token, or one of its
// findings is an error), else the prediction's (Neo4j would not log the
// user in, or an error finding of the prediction or the conf's extra
// findings: the keys could not be fetched, so the login holds only if the
// checks not made pass), else the findings' (some finding is an error).
// A token's own error beside a predicted login (an expired ID token Neo4j
// does not validate) is not a failure: the prediction weighed it.
func (inv *Investigation) Failed() bool {
	if l := inv.Live; l != nil {
		return !l.LoggedIn || inspector.HasError(l.Findings)
	}
	if p := inv.Prediction; p != nil {
		return p.Outcome != predict.OutcomeLogIn || inspector.HasError(p.Findings) ||
			(inv.In.Conf != nil && inspector.HasError(inv.In.Conf.Findings))
	}
	return Count(inv.Findings()).Errors > 0
}

// The tones of a verdict.
const (
	ToneOK      = "ok"
	ToneWarning = "warning"
	ToneError   = "error"
	ToneNone    = "none"
)

// Verdict is the investigation's answer in one line, first on every face:
// the headline ("Neo4j WOULD LOG IN as alice"), the facts beside it
// (roles, signatures verified, expiry) and, for a failure, its fix.
type Verdict struct {
	Tone     string   `json:"tone"`
	Headline string   `json:"headline"`
	Facts    []string `json:"facts"`
	Fix      string   `json:"fix,omitempty"`
	// FixCode is the code of the finding Fix is from, so a face can say
	// its own way to do it; Command is that finding's command line.
	FixCode string `json:"fix_code,omitempty"`
	Command string `json:"command,omitempty"`
}

// Verdict says the investigation's answer: the live check's when there is
// one, else the prediction's, else the tokens'.
func (inv *Investigation) Verdict() Verdict {
	v := Verdict{Tone: ToneNone, Facts: []string{}}
	fs := inv.Findings()
	c := Count(fs)
	switch p := inv.Prediction; {
	case inv.Live != nil:
		v.Headline = "Live: " + inv.Live.Outcome()
		v.Tone = map[bool]string{true: ToneOK, false: ToneError}[inv.Live.LoggedIn]
	case p != nil:
		v.Headline = p.Headline()
		v.Tone = ToneError
		if p.Outcome == predict.OutcomeLogIn {
			v.Tone = ToneOK
			v.Facts = append(v.Facts, "roles "+predict.RoleList(p.Roles))
			if len(p.MissingRoles) > 0 {
				v.Facts = append(v.Facts, "not granted, likely no such role: "+predict.RoleList(p.MissingRoles))
			}
		}
	case len(inv.Report.Tokens) > 0:
		switch {
		case c.Errors > 0:
			v.Headline, v.Tone = "Problems found", ToneError
		case c.Warnings > 0:
			v.Headline, v.Tone = "No errors, some warnings", ToneWarning
		default:
			v.Headline, v.Tone = "No problems found", ToneOK
		}
	case recognised(fs) != nil:
		// A pasted error text, no token: the answer is what it means.
		e := recognised(fs)
		v.Headline, v.Tone = "Recognised: "+e.Title, ToneError
		if e.Severity != inspector.SeverityError {
			v.Tone = ToneWarning
		}
	case inv.In.Conf != nil && inv.In.Conf.Model != nil:
		fs := inv.In.Conf.Model.Findings
		v.Headline, v.Tone = conf.StartHeadline(fs)+" with this configuration", ToneOK
		if !conf.WouldStart(fs) {
			v.Tone = ToneError
		}
	default:
		v.Headline = "Nothing to investigate yet"
		return v
	}
	if n, ok, unchecked := inv.signatures(); n > 0 {
		switch {
		case unchecked == n:
			// Not a failure: no key source was given (offline, or no issuer).
			v.Facts = append(v.Facts, "signatures not checked (no keys)")
		case unchecked > 0:
			v.Facts = append(v.Facts, fmt.Sprintf("%d/%d signatures verified, %d not checked", ok, n, unchecked))
		default:
			v.Facts = append(v.Facts, fmt.Sprintf("%d/%d signatures verified", ok, n))
		}
	}
	if v.Tone != ToneOK {
		// A headline of the prediction's has its fix: the prediction's
		// failure names the setting and its line, where the token's own
		// finding of the same check cannot.
		var own []inspector.Finding
		if inv.Live == nil && inv.Prediction != nil {
			own = inv.Prediction.Findings
		}
		for _, f := range own {
			if f.Severity == inspector.SeverityError && f.Fix != "" {
				v.Fix, v.FixCode, v.Command = f.Fix, f.Code, f.Command
				break
			}
		}
		for _, f := range fs {
			if v.Fix != "" {
				break
			}
			if f.Severity == inspector.SeverityError && f.Fix != "" {
				v.Fix, v.FixCode, v.Command = f.Fix, f.Code, f.Command
			}
		}
	}
	return v
}

// recognised is the first error text of the explain catalogue among fs
// (errors first), or nil.
func recognised(fs []Finding) *explain.Entry {
	for _, f := range fs {
		if e, ok := explain.Lookup(f.Code); ok {
			return &e
		}
	}
	return nil
}

// signatures counts the signed tokens, those whose signature was
// verified, and those whose signature was not checked at all (no key
// source: signature-not-checked).
func (inv *Investigation) signatures() (n, verified, unchecked int) {
	for _, t := range inv.Report.Tokens {
		if t.Kind != inspector.KindJWS {
			continue
		}
		n++
		switch {
		case t.Signature != nil && t.Signature.Verified:
			verified++
		case slices.ContainsFunc(t.Findings, func(f inspector.Finding) bool { return f.Code == inspector.FindSignatureNotChecked.Code }):
			unchecked++
		}
	}
	return n, verified, unchecked
}
