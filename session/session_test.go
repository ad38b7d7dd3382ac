package session

import (
	"slices"
	"strings"
	"testing"

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
