package session

import (
	"slices"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/assets/samples"
	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/pkce"
)

// TestDemoSignInEndToEnd: the first-run story, with the browser played by
// an HTTP client through the demo provider's real login page.
func TestDemoSignInEndToEnd(t *testing.T) {
	d, err := StartDemo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var redirectURI string
	browser := pkce.BrowserFunc(d.IdP.PlayBrowser("alice"))
	res, err := d.SignIn(t.Context(), SignInOptions{Browser: browser, OnRedirectURI: func(u string) { redirectURI = u }})
	if err != nil {
		t.Fatalf("sign-in: %v", err)
	}
	if !strings.Contains(redirectURI, "?idp_id=demo&auth_flow_step=redirect_uri") {
		t.Errorf("redirect URI %q is not Neo4j Browser's form", redirectURI)
	}
	if len(res.Report.Tokens) < 2 {
		t.Fatalf("tokens = %d", len(res.Report.Tokens))
	}
	for _, tok := range res.Report.Tokens {
		if tok.Signature == nil || !tok.Signature.Verified {
			t.Errorf("%s not verified: %+v", tok.Source, tok.Signature)
		}
	}
	p := res.Prediction
	if p == nil || p.Outcome != "would-log-in" || p.Username != "alice" || !slices.Equal(p.Roles, []string{"PUBLIC", "admin"}) {
		t.Errorf("prediction = %+v", p)
	}
	if len(res.Events) == 0 {
		t.Error("no events for the timeline")
	}
}

func TestSignInUnknownProvider(t *testing.T) {
	d, err := StartDemo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := SignIn(t.Context(), d.Model, "okta", SignInOptions{}); err == nil || !strings.Contains(err.Error(), `"okta"`) {
		t.Errorf("err = %v", err)
	}
}

// TestSignInWithEveryFlow: the demo target signs in with PKCE, client
// credentials and the paste flow, each with its tokens inspected and, where
// a user signed in, Neo4j's prediction.
func TestSignInWithEveryFlow(t *testing.T) {
	d, err := StartDemo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	target := d.Target()
	res, err := SignInWith(t.Context(), target, FlowOptions{Flow: pkce.FlowPKCE,
		SignInOptions: SignInOptions{Browser: pkce.BrowserFunc(d.IdP.PlayBrowser("alice"))}})
	if err != nil {
		t.Fatalf("pkce: %v", err)
	}
	if res.Prediction == nil || res.Prediction.Username != "alice" {
		t.Fatalf("pkce prediction = %+v", res.Prediction)
	}
	pasted := InspectText(t.Context(), `{"id_token":"`+TokenSet(res.Token).IDToken+`","access_token":"`+res.Token.AccessToken+`"}`,
		d.Model, DemoProvider, SignInOptions{})
	if len(pasted.Report.Tokens) != 2 || pasted.Prediction == nil || pasted.Prediction.Username != "alice" {
		t.Errorf("paste: %d tokens, prediction %+v", len(pasted.Report.Tokens), pasted.Prediction)
	}
	m2m := Target{Config: pkce.Config{Issuer: d.IdP.Issuer(), ClientID: demoidp.M2MClientID}}
	cc, err := SignInWith(t.Context(), m2m, FlowOptions{Flow: pkce.FlowClientCredentials, ClientSecret: demoidp.M2MClientSecret})
	if err != nil {
		t.Fatalf("client credentials: %v", err)
	}
	if cc.Token == nil || cc.Token.AccessToken == "" || len(cc.Report.Tokens) == 0 {
		t.Errorf("client credentials: no access token inspected (%d tokens)", len(cc.Report.Tokens))
	}
	if _, err := SignInWith(t.Context(), m2m, FlowOptions{Flow: pkce.FlowClientCredentials, ClientSecret: "guess"}); err == nil {
		t.Error("client credentials with a wrong secret signed in")
	}
	if _, err := SignInWith(t.Context(), target, FlowOptions{Flow: "magic"}); err == nil {
		t.Error("an unknown flow was accepted")
	}
}

func TestRouteSendsConfToLintAndTheRestToInspect(t *testing.T) {
	for text, want := range map[string]string{
		"dbms.security.oidc.demo.display_name=Demo\n":                   InputNeo4jConf,
		"services:\n  neo4j:\n    environment:\n      - NEO4J_dbms_x=1": InputNeo4jConf,
		"eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.":                          InputInspect,
		"2025-01-01 12:00 WARN dbms.security.oidc.demo.x=1 ignored":     InputInspect,
	} {
		if got := Route(text); got != want {
			t.Errorf("Route(%q) = %s, want %s", text, got, want)
		}
	}
}

// TestSignInCallsUserInfoWhenTheProviderReadsIt: a provider with
// get_groups_from_user_info=true reads the groups from UserInfo, which
// Neo4j calls with the token; the sign-in calls it too, in every face,
// so the prediction reads the groups instead of saying it cannot.
func TestSignInCallsUserInfoWhenTheProviderReadsIt(t *testing.T) {
	d, err := StartDemoOn(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	text := strings.ReplaceAll(string(samples.DemoNeo4jConf), "http://"+demoidp.DemoAddr, d.IdP.Issuer()) +
		"\ndbms.security.oidc.demo.get_groups_from_user_info=true\n"
	c, err := conf.ParseConf(strings.NewReader(text), "neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	m := conf.Analyze(c, conf.Latest, conf.LintOptions{})
	target := Target{Config: pkce.Config{Mode: ssoclient.FromConf(m.Provider(DemoProvider))}, Model: m, Provider: DemoProvider}
	res, err := SignInWith(t.Context(), target, FlowOptions{SignInOptions: SignInOptions{Browser: pkce.BrowserFunc(d.IdP.PlayBrowser("alice"))}})
	if err != nil {
		t.Fatal(err)
	}
	if res.UserInfo == nil {
		t.Fatal("UserInfo was not called")
	}
	for _, f := range res.Prediction.Findings {
		if f.Code == predict.FindUserInfoNeeded.Code {
			t.Errorf("the prediction still lacks UserInfo: %s", f.Message)
		}
	}
}
