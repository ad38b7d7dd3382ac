package session

import (
	"context"
	"errors"
	"fmt"
	"strings"

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

// FlowOptions are the user-facing parts of a sign-in with any flow.
type FlowOptions struct {
	SignInOptions
	// Flow is one of Flows; "" means pkce.
	Flow string
	// ClientSecret comes from the keyring; it is never shown or logged.
	ClientSecret string
	// Username and Password are for the password grant only.
	Username, Password string
	// OnDeviceCode shows the user code of the device flow.
	OnDeviceCode func(pkce.DeviceCode)
	// Pasted delivers redirect URLs pasted by the user (the fallback when
	// the browser runs elsewhere).
	Pasted <-chan string
	// Text is what the paste flow inspects.
	Text string
}

// ErrUnknownFlow is returned for a flow not in Flows.
var ErrUnknownFlow = errors.New("unknown flow")

// SignInWith signs in at a target with the chosen flow, then predicts what
// Neo4j does with the tokens when the target has a model. As SignIn, it
// returns the result (with the findings that say why) even when the flow
// fails.
func SignInWith(ctx context.Context, t Target, o FlowOptions) (*SignInResult, error) {
	if o.Flow == FlowPaste {
		return InspectText(ctx, o.Text, t.Model, t.Provider, o.SignInOptions), nil
	}
	cfg := t.Config
	cfg.HTTPClient = o.HTTPClient
	cfg.Inspect = o.Inspect
	cfg.OnEvent = o.OnEvent
	if o.ClientSecret != "" {
		cfg.ClientSecret = o.ClientSecret
	}
	c, err := pkce.New(ctx, cfg)
	if err != nil {
		return nil, err
	}
	var res *pkce.Result
	switch o.Flow {
	case "", pkce.FlowPKCE, pkce.FlowImplicit:
		res, err = c.Login(ctx, pkce.LoginOptions{Loopback: t.Loopback, Browser: o.Browser, Implicit: o.Flow == pkce.FlowImplicit,
			Pasted: o.Pasted, OnRedirectURI: o.OnRedirectURI, OnAuthorizeURL: o.OnAuthorizeURL})
	case pkce.FlowClientCredentials:
		res, err = c.ClientCredentials(ctx)
	case pkce.FlowDevice:
		res, err = c.Device(ctx, o.OnDeviceCode)
	case pkce.FlowPassword:
		res, err = c.Password(ctx, o.Username, o.Password)
	default:
		return nil, fmt.Errorf("%w %q: choose one of %s", ErrUnknownFlow, o.Flow, strings.Join(Flows, ", "))
	}
	out := newResult(res, c)
	if err != nil || res == nil || res.Token == nil || t.Model == nil {
		return out, err
	}
	out.Prediction = predictLogin(ctx, t.Model, t.Provider, TokenSet(res.Token), o.SignInOptions)
	return out, nil
}

func predictLogin(ctx context.Context, m *conf.Model, provider string, ts inspector.TokenSet, o SignInOptions) *predict.Prediction {
	if m == nil || m.Provider(provider) == nil {
		return nil
	}
	return predict.SimulateLogin(ctx, predict.LoginInput{Model: m, Provider: provider, Tokens: ts,
		Verify: inspector.VerifyConfig{HTTPClient: o.HTTPClient, Options: o.Inspect}})
}

// InspectText is the paste flow: the text is inspected as the paste box
// does, and, with a model, the tokens found (by role) go through Neo4j's
// prediction as if a sign-in had brought them.
func InspectText(ctx context.Context, text string, m *conf.Model, provider string, o SignInOptions) *SignInResult {
	rep := inspector.Inspect([]byte(text), o.Inspect)
	res := &SignInResult{Result: &pkce.Result{Flow: FlowPaste, Report: rep}}
	var ts inspector.TokenSet
	for _, t := range rep.Tokens {
		switch {
		case t.Role == inspector.RoleIDToken && ts.IDToken == "":
			ts.IDToken = t.Raw
		case t.Role == inspector.RoleAccessToken && ts.AccessToken == "":
			ts.AccessToken = t.Raw
		case t.Role == inspector.RoleRefreshToken && ts.RefreshToken == "":
			ts.RefreshToken = t.Raw
		}
	}
	if ts.IDToken != "" || ts.AccessToken != "" {
		res.Prediction = predictLogin(ctx, m, provider, ts, o)
	}
	return res
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
	ts := TokenSet(res.Token)
	out.Prediction = predictLogin(ctx, t.Model, t.Provider, ts, o.SignInOptions)
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
