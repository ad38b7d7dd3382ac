package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/pkce"
)

// FlowPaste is the "flow" that signs in nowhere: it inspects what the user
// pasted (a token response, a redirect URL, a header) as if a sign-in had
// brought it.
const FlowPaste = "paste"

// Flows are the flows the app offers, in the order it lists them.
var Flows = []string{pkce.FlowPKCE, pkce.FlowClientCredentials, pkce.FlowDevice, pkce.FlowPassword, pkce.FlowImplicit, FlowPaste}

// Target is what one sign-in needs from a provider profile: the client
// configuration, the redirect listener, and, for a profile imported from
// Neo4j, the model whose prediction follows. The app builds it from a
// profiles.Profile (Config or Neo4jSetup.Config, LoopbackConfig, LoadNeo4j),
// so this package does not depend on where profiles are kept.
type Target struct {
	Config   pkce.Config
	Loopback pkce.LoopbackConfig
	// Model and Provider, when set, predict what Neo4j makes of the tokens.
	Model    *conf.Model
	Provider string
}

// readsUserInfo reports whether the target's Neo4j provider reads the
// username or the groups from UserInfo (get_*_from_user_info): Neo4j then
// calls it with the token, and so does the sign-in, in every face, for the
// prediction to read what Neo4j reads.
func (t Target) readsUserInfo() bool {
	if t.Model == nil {
		return false
	}
	p := t.Model.Provider(t.Provider)
	return p != nil && (p.GroupsFromUserInfo || p.UsernameFromUserInfo)
}

// FlowOptions are the user-facing parts of a sign-in with any flow.
type FlowOptions struct {
	SignInOptions
	// Flow is one of Flows; "" means the target's Neo4j auth_flow, else
	// pkce.
	Flow string
	// ClientSecret comes from the keyring; it is never shown or logged.
	// Secret, when set and ClientSecret is empty, is asked for it once the
	// client knows its provider (the keyring is keyed by issuer and client
	// id), for the flows that need one: client credentials, or any flow
	// when SecretAlways is set.
	ClientSecret string
	Secret       func(*pkce.Client) (string, []inspector.Finding, error)
	SecretAlways bool
	// Username and Password are for the password grant only; Password is
	// asked through AskPassword when empty.
	Username, Password string
	AskPassword        func() (string, error)
	// OnDeviceCode shows the user code of the device flow.
	OnDeviceCode func(pkce.DeviceCode)
	// Pasted delivers redirect URLs pasted by the user (the fallback when
	// the browser runs elsewhere).
	Pasted <-chan string
	// Timeout bounds the wait for the browser; zero means pkce's default.
	Timeout time.Duration
	// UserInfo calls the UserInfo endpoint after the sign-in (it is called
	// anyway when the target's provider reads claims from it); Revoke then
	// revokes the refresh token (else the access token), RFC 7009.
	UserInfo, Revoke bool
	// Text is what the paste flow inspects.
	Text string
}

// ErrUnknownFlow is returned for a flow not in Flows.
var ErrUnknownFlow = errors.New("unknown flow")

// SignInWith signs in at a target with the chosen flow: the one flow
// switch of the app and the command line. It then calls UserInfo and
// revokes as asked, and predicts what Neo4j does with the tokens when the
// target has a model. As SignIn, it returns the result (with the findings
// that say why) even when the flow fails.
func SignInWith(ctx context.Context, t Target, o FlowOptions) (*SignInResult, error) {
	if o.Flow == FlowPaste {
		return InspectText(ctx, o.Text, t.Model, t.Provider, o.SignInOptions), nil
	}
	cfg := t.Config
	if o.HTTPClient != nil {
		cfg.HTTPClient = o.HTTPClient
	}
	cfg.Inspect = o.Inspect
	cfg.OnEvent = o.OnEvent
	if o.ClientSecret != "" {
		cfg.ClientSecret = o.ClientSecret
	}
	flow := o.Flow
	if bp, ok := cfg.Mode.(*ssoclient.Provider); ok && bp != nil && flow == "" {
		flow = strings.ToLower(bp.AuthFlow)
	}
	if flow == "" {
		flow = pkce.FlowPKCE
	}
	if !slices.Contains(Flows, flow) {
		return nil, fmt.Errorf("%w %q: choose one of %s", ErrUnknownFlow, flow, strings.Join(Flows, ", "))
	}
	c, err := pkce.New(ctx, cfg)
	if err != nil {
		return nil, err
	}
	var secretFindings []inspector.Finding
	if o.ClientSecret == "" && o.Secret != nil && (flow == pkce.FlowClientCredentials || o.SecretAlways) {
		secret, fs, err := o.Secret(c)
		if err != nil {
			return nil, err
		}
		secretFindings = fs
		c.SetClientSecret(secret)
	}
	var res *pkce.Result
	switch flow {
	case pkce.FlowPKCE, pkce.FlowImplicit:
		res, err = c.Login(ctx, pkce.LoginOptions{Loopback: t.Loopback, Browser: o.Browser, Implicit: flow == pkce.FlowImplicit,
			Timeout: o.Timeout, Pasted: o.Pasted, OnRedirectURI: o.OnRedirectURI, OnAuthorizeURL: o.OnAuthorizeURL, OnListen: o.OnListen})
	case pkce.FlowClientCredentials:
		res, err = c.ClientCredentials(ctx)
	case pkce.FlowDevice:
		res, err = c.Device(ctx, o.OnDeviceCode)
	case pkce.FlowPassword:
		if o.Username == "" {
			return nil, errors.New("the password flow needs a username")
		}
		pw := o.Password
		if pw == "" && o.AskPassword != nil {
			if pw, err = o.AskPassword(); err != nil {
				return nil, err
			}
		}
		res, err = c.Password(ctx, o.Username, pw)
	}
	if res != nil && res.Report != nil {
		res.Report.Findings = append(res.Report.Findings, secretFindings...)
	}
	out := newResult(res, c)
	if err != nil || res == nil || res.Token == nil {
		return out, err
	}
	if o.UserInfo || t.readsUserInfo() {
		out.userInfo(ctx, c)
	}
	if o.Revoke {
		out.revoke(ctx, c)
	}
	if res.Report != nil {
		inspector.SortFindings(res.Report.Findings)
	}
	out.Prediction = predictLogin(ctx, t.Model, t.Provider, out, o.SignInOptions)
	return out, nil
}

// userInfo calls the UserInfo endpoint with the sign-in's access token.
func (r *SignInResult) userInfo(ctx context.Context, c *pkce.Client) {
	raw, fs, err := c.UserInfo(ctx, r.Token.AccessToken)
	r.Report.Findings = append(r.Report.Findings, fs...)
	if err != nil {
		return
	}
	var claims map[string]any
	if json.Unmarshal(raw, &claims) == nil {
		r.UserInfo = claims
	} else {
		r.UserInfoJWT = string(raw) // a signed (JWT) UserInfo response
	}
}

// revoke revokes the refresh token, else the access token (RFC 7009).
func (r *SignInResult) revoke(ctx context.Context, c *pkce.Client) {
	token, hint := r.Token.RefreshToken, "refresh_token"
	if token == "" {
		token, hint = r.Token.AccessToken, "access_token"
	}
	fs, err := c.Revoke(ctx, token, hint)
	r.Report.Findings = append(r.Report.Findings, fs...)
	if err != nil {
		r.RevokeErr = err
		return
	}
	r.Revoked = hint
}

// predictLogin is the investigation of a sign-in's tokens under a model: what
// Neo4j does with them.
func predictLogin(ctx context.Context, m *conf.Model, provider string, res *SignInResult, o SignInOptions) *predict.Prediction {
	if m == nil || m.Provider(provider) == nil {
		return nil
	}
	inv := New(ctx, Inputs{SignIn: res, Conf: &Conf{Model: m}, Provider: provider, UserInfo: res.UserInfo,
		Options: o.Inspect, HTTPClient: o.HTTPClient})
	return inv.Prediction
}

// InspectText is the paste flow: the text is inspected as the paste box
// does, and, with a model, the tokens found (by role) go through Neo4j's
// prediction as if a sign-in had brought them.
func InspectText(ctx context.Context, text string, m *conf.Model, provider string, o SignInOptions) *SignInResult {
	in := Inputs{Text: []byte(text), Provider: provider, Options: o.Inspect, HTTPClient: o.HTTPClient}
	if m != nil && m.Provider(provider) != nil {
		in.Conf = &Conf{Model: m}
	}
	inv := New(ctx, in)
	return &SignInResult{Result: &pkce.Result{Flow: FlowPaste, Report: inv.Report}, Prediction: inv.Prediction}
}

// Refresh redeems the refresh token of an earlier sign-in at the same
// target and predicts again with the new tokens. The result's
// RefreshRotated says whether the provider rotated the refresh token.
func Refresh(ctx context.Context, t Target, refreshToken string, o FlowOptions) (*SignInResult, error) {
	cfg := t.Config
	cfg.HTTPClient, cfg.Inspect, cfg.OnEvent = o.HTTPClient, o.Inspect, o.OnEvent
	if o.ClientSecret != "" {
		cfg.ClientSecret = o.ClientSecret
	}
	c, err := pkce.New(ctx, cfg)
	if err != nil {
		return nil, err
	}
	res, err := c.Refresh(ctx, refreshToken)
	out := newResult(res, c)
	if err != nil || res == nil || res.Token == nil || t.Model == nil {
		return out, err
	}
	// A provider that does not rotate sends no new refresh token: the old
	// one stays good, as golang.org/x/oauth2 keeps it.
	if res.Token.RefreshToken == "" {
		res.Token.RefreshToken = refreshToken
	}
	out.Prediction = predictLogin(ctx, t.Model, t.Provider, out, o.SignInOptions)
	return out, nil
}

// Target is the demo's: the sample configuration's provider in Neo4j
// Browser mode, with an ephemeral port.
func (d *Demo) Target() Target {
	return Target{Config: pkce.Config{Mode: ssoclient.FromConf(d.Model.Provider(DemoProvider))},
		Model: d.Model, Provider: DemoProvider}
}

// Input kinds for Route.
const (
	InputNeo4jConf = "neo4j-conf"
	InputInspect   = "inspect"
)

// Route says where pasted or dropped text belongs: a neo4j.conf (or a
// docker-compose/.env with NEO4J_ settings) goes to the configuration lint
// and import, anything else to the inspector. A line counts as a setting
// only when it starts with the key, so a log line quoting one does not.
func Route(text string) string {
	settings := 0
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, _, ok := strings.Cut(line, "=")
		key = strings.TrimSpace(strings.TrimPrefix(key, "- "))
		if ok && (strings.HasPrefix(key, "dbms.") || strings.HasPrefix(key, "server.") || strings.HasPrefix(key, "NEO4J_")) {
			settings++
		}
	}
	if settings > 0 {
		return InputNeo4jConf
	}
	return InputInspect
}
