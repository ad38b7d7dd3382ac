package session

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/ssolens/ssolens/assets/samples"
	"github.com/ssolens/ssolens/demoidp"
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
