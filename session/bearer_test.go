package session

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/ssolens/ssolens/assets/samples"
	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/pkce"
)

// TestClientCredentialsArePredictedAsABearerLogin: a client-credentials
// sign-in's access token is what a driver or the Query API sends (spec
// §4.1): its login is predicted, and the Browser's step is a note. The
// same token set from a sign-in the way the Browser signs in (the
// authorization code flow) fails in the SSO client, which needs the ID
// token.
func TestClientCredentialsArePredictedAsABearerLogin(t *testing.T) {
	d, err := StartDemo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	m2m := Target{Config: pkce.Config{Issuer: d.IdP.Issuer(), ClientID: demoidp.M2MClientID}, Model: d.Model, Provider: DemoProvider}
	cc, err := SignInWith(t.Context(), m2m, FlowOptions{Flow: pkce.FlowClientCredentials, ClientSecret: demoidp.M2MClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	p := cc.Prediction
	if p == nil || p.Outcome != predict.OutcomeLogIn || p.Channel != predict.ChannelBearer || p.AuthenticationToken != "access_token" {
		t.Fatalf("client credentials prediction = %+v", p)
	}

	asBrowser := &SignInResult{Result: &pkce.Result{Flow: pkce.FlowPKCE, Report: cc.Report, Token: &oauth2.Token{AccessToken: cc.Token.AccessToken}}}
	inv := New(t.Context(), Inputs{SignIn: asBrowser, Conf: &Conf{Model: d.Model}, Provider: DemoProvider})
	if inv.Prediction == nil || inv.Prediction.Outcome != predict.OutcomeClientError || inv.Prediction.Channel != predict.ChannelSSOClient {
		t.Errorf("a Browser sign-in without an ID token: %+v", inv.Prediction)
	}

	// A pasted redirect with the tokens (the implicit flow, here to Neo4j
	// Browser's own redirect URI) is a browser's sign-in too.
	redirect := "http://localhost:7474/browser/?idp_id=demo&auth_flow_step=redirect_uri#access_token=" + cc.Token.AccessToken + "&token_type=bearer&expires_in=3600"
	inv = New(t.Context(), Inputs{Text: []byte(redirect), Conf: &Conf{Model: d.Model}, Provider: DemoProvider})
	if inv.Prediction == nil || inv.Prediction.Outcome != predict.OutcomeClientError {
		t.Errorf("a pasted implicit-flow redirect without an ID token: %+v", inv.Prediction)
	}
}

// TestWhatIfOnABearerTokenEditsTheAccessToken: a what-if with edited
// claims replaces the token Neo4j validates; on the bearer channel that is
// the access token, whatever token_type_authentication says for the
// Browser.
func TestWhatIfOnABearerTokenEditsTheAccessToken(t *testing.T) {
	d, err := StartDemoOn(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	m2m := Target{Config: pkce.Config{Issuer: d.IdP.Issuer(), ClientID: demoidp.M2MClientID}}
	cc, err := SignInWith(t.Context(), m2m, FlowOptions{Flow: pkce.FlowClientCredentials, ClientSecret: demoidp.M2MClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(samples.DemoNeo4jConf), "http://"+demoidp.DemoAddr, d.IdP.Issuer())
	text = strings.Replace(text, "token_type_authentication=access_token", "token_type_authentication=id_token", 1)
	c, err := conf.ParseConf(strings.NewReader(text), "neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	inv := New(t.Context(), Inputs{Text: []byte(`{"access_token":"` + cc.Token.AccessToken + `"}`),
		Conf: &Conf{Model: conf.Analyze(c, conf.Latest, conf.LintOptions{})}, Provider: DemoProvider})
	if inv.Prediction == nil || inv.Prediction.Channel != predict.ChannelBearer {
		t.Fatalf("prediction %+v", inv.Prediction)
	}
	w, err := inv.WhatIf(t.Context(), Edits{Claims: json.RawMessage(`{"iss":"` + d.IdP.Issuer() + `","sub":"robot","aud":"neo4j-demo","exp":4102444800,"groups":["engineers"]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if p := w.Prediction; p.Channel != predict.ChannelBearer || p.Outcome != predict.OutcomeLogIn || p.Username != "robot" || !slices.Contains(p.Roles, "admin") {
		t.Errorf("what-if: channel %q, outcome %q, user %q, roles %v", p.Channel, p.Outcome, p.Username, p.Roles)
	}
}

// A pasted token response without an ID token is a user's sign-in through
// an SSO client when it carries a refresh token or a user's scope (no
// openid, spec §5.4's most common case: profile email): it fails in the
// SSO client, as before the bearer channel. Only an access token alone,
// or a client-credentials response (an API's scope, no refresh token), is
// a driver's bearer token.
func TestATokenResponseWithoutIDTokenIsAUsersSignIn(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	resp, okta := oktaResponse(t, now)
	var m map[string]any
	if err := json.Unmarshal([]byte(resp), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "id_token")
	c, err := LoadConf(strings.NewReader(okta), "okta-access-token.conf", ConfOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		extra   map[string]any
		channel string
		outcome string
	}{
		{"a user's scope without openid", map[string]any{"scope": "profile email"}, predict.ChannelSSOClient, predict.OutcomeClientError},
		{"a refresh token", map[string]any{"refresh_token": "r-opaque-123", "scope": "api.read"}, predict.ChannelSSOClient, predict.OutcomeClientError},
		{"openid, no ID token (implicit response_type=token)", map[string]any{"scope": "openid"}, predict.ChannelSSOClient, predict.OutcomeClientError},
		{"client credentials", map[string]any{"scope": "api.read"}, predict.ChannelBearer, predict.OutcomeLogIn},
		{"an access token alone", nil, predict.ChannelBearer, predict.OutcomeLogIn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := maps.Clone(m)
			maps.Copy(r, tt.extra)
			text, _ := json.Marshal(r)
			inv := New(t.Context(), Inputs{Text: text, Conf: c, Offline: true, Options: inspector.Options{Now: func() time.Time { return now }}})
			p := inv.Prediction
			if p == nil || p.Channel != tt.channel || p.Outcome != tt.outcome {
				t.Fatalf("prediction %+v, want %s %s", p, tt.channel, tt.outcome)
			}
			if tt.channel == predict.ChannelSSOClient && !slices.ContainsFunc(p.Findings, func(f inspector.Finding) bool {
				return f.Code == "neo4j-principal-not-jwt" && strings.Contains(f.Message, "has no id_token") && f.Severity == inspector.SeverityError
			}) {
				t.Errorf("no SSO client failure: %+v", p.Findings)
			}
		})
	}
}

// One token pasted alone whose claims do not tell its role (an ID token
// without nonce: aud the client, email) is predicted as a bearer token,
// but not described as an access token nor as a set lacking an ID token.
func TestALoneTokenOfNoKnownRoleIsNotCalledAnAccessToken(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	_, okta := oktaResponse(t, now)
	enc := base64.RawURLEncoding
	tok := enc.EncodeToString([]byte(`{"alg":"RS256","kid":"k1"}`)) + "." +
		enc.EncodeToString(fmt.Appendf(nil, `{"iss":"https://idp.example.com/oauth2/default","sub":"alice","aud":"0oa-desktop","email":"alice@example.com","iat":%d,"exp":%d}`,
			now.Add(-time.Minute).Unix(), now.Add(time.Hour).Unix())) + "." + enc.EncodeToString(make([]byte, 256))
	c, err := LoadConf(strings.NewReader(okta), "okta-access-token.conf", ConfOptions{})
	if err != nil {
		t.Fatal(err)
	}
	inv := New(t.Context(), Inputs{Text: []byte(tok), Conf: c, Offline: true, Options: inspector.Options{Now: func() time.Time { return now }}})
	p := inv.Prediction
	if p == nil || p.Channel != predict.ChannelBearer {
		t.Fatalf("prediction %+v", p)
	}
	if st := stepOf(p, "principal-token"); strings.Contains(st.Detail, "no id_token") {
		t.Errorf("step %q", st.Detail)
	}
	for _, f := range p.Findings {
		if strings.Contains(f.Message, "has no ID token") || strings.Contains(f.Message, "send the access token") || strings.Contains(f.Fix, "access token's aud") {
			t.Errorf("%s: %q (fix %q)", f.Code, f.Message, f.Fix)
		}
	}
}
