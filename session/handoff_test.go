package session

import (
	"strings"
	"testing"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/snippets"
)

// TestHandoffFromDemoSignIn: a demo sign-in (JWT access tokens) gives a
// block that validates the access token at the demo's discovery URL and
// passes lint; the opaque-access-token scenario makes it choose the ID
// token; snippets carry the issuer and never a token; the pasted tokens
// alone give the same issuer and client id.
func TestHandoffFromDemoSignIn(t *testing.T) {
	d, err := StartDemoOn(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, tc := range []struct {
		scenario, tokenType string
	}{
		{demoidp.ScenarioNone, "access_token"},
		{demoidp.ScenarioOpaqueAccessToken, "id_token"},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			if err := d.IdP.SetScenario(tc.scenario); err != nil {
				t.Fatal(err)
			}
			res, err := SignInWith(t.Context(), d.Target(), FlowOptions{SignInOptions: SignInOptions{Browser: pkce.BrowserFunc(d.IdP.PlayBrowser("alice"))}})
			if err != nil {
				t.Fatalf("sign-in: %v", err)
			}
			if res.Issuer != d.IdP.Issuer() || res.ClientID == "" {
				t.Errorf("sign-in facts: issuer %q, client id %q", res.Issuer, res.ClientID)
			}
			h, err := NewHandoff(res, d.Target())
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{
				"dbms.security.oidc.demo.well_known_discovery_uri=" + d.IdP.Issuer() + "/.well-known/openid-configuration",
				"token_type_authentication=" + tc.tokenType,
			} {
				if !strings.Contains(h.Config.Conf, want) {
					t.Errorf("block lacks %q:\n%s", want, h.Config.Conf)
				}
			}
			if h.LintErrors != 0 {
				t.Errorf("the generated block fails lint: %+v", h.Lint)
			}
			if LiveTokenType(res) != tc.tokenType && tc.scenario == demoidp.ScenarioNone {
				t.Errorf("live check would send the %s", LiveTokenType(res))
			}
			s, err := h.Snippet(snippets.KindCurl, "http://neo4j.example:7474", "")
			if err != nil {
				t.Fatal(err)
			}
			ts := TokenSet(res.Token)
			if !strings.Contains(s.Text, d.IdP.Issuer()) || !strings.Contains(s.Text, "http://neo4j.example:7474") {
				t.Errorf("curl snippet lacks the issuer or the Neo4j URL:\n%s", s.Text)
			}
			for _, tok := range []string{ts.AccessToken, ts.IDToken} {
				if tok != "" && strings.Contains(s.Text, tok[:20]) {
					t.Error("the snippet holds a token")
				}
			}

			pasted := InspectText(t.Context(), `{"id_token":"`+ts.IDToken+`","access_token":"`+ts.AccessToken+`"}`, nil, "", SignInOptions{})
			hp, err := NewHandoff(pasted, Target{})
			if err != nil {
				t.Fatalf("from pasted tokens: %v", err)
			}
			if hp.Snippets.Issuer != d.IdP.Issuer() || hp.Snippets.ClientID != res.ClientID || hp.Config.TokenType != tc.tokenType {
				t.Errorf("from pasted tokens: issuer %q client %q token type %q", hp.Snippets.Issuer, hp.Snippets.ClientID, hp.Config.TokenType)
			}
		})
	}
}

func TestCheckLiveNeedsAnAddressAndATokenToSend(t *testing.T) {
	if _, err := CheckLive(t.Context(), &SignInResult{Result: &pkce.Result{}}, LiveOptions{HTTPURL: "http://127.0.0.1:1"}); err != ErrNoTokens {
		t.Errorf("no tokens: err = %v", err)
	}
	if _, err := CheckLive(t.Context(), &SignInResult{}, LiveOptions{}); err == nil || !strings.Contains(err.Error(), "HTTP URL") {
		t.Errorf("no address: err = %v", err)
	}
	if _, err := NewHandoff(nil, Target{}); err != ErrNoTokens {
		t.Errorf("no sign-in: err = %v", err)
	}
}

// A token given to the live check as an Authorization header value is
// read as a pasted header is: the token in it is sent, and each defect of
// the header is a finding of the live check's result and of the
// investigation, said by where the token came from; a header with no
// token is an error naming it.
func TestCheckLiveReadsAGivenHeader(t *testing.T) {
	const tok = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"
	inv := New(t.Context(), Inputs{})
	r, err := inv.CheckLive(t.Context(), LiveOptions{HTTPURL: "http://127.0.0.1:1", Token: "Bearer: " + tok, TokenName: "--token"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) == 0 || r.Findings[0].Code != "bearer-scheme-colon" {
		t.Errorf("live findings %+v; want bearer-scheme-colon first", r.Findings)
	}
	found := false
	for _, f := range inv.Findings() {
		if f.Code == "bearer-scheme-colon" {
			found = true
			if f.Origin != OriginInput || f.Source != "--token" {
				t.Errorf("the header's finding is said by %s / %q; want input / --token", f.Origin, f.Source)
			}
		}
	}
	if !found || !inv.Failed() {
		t.Errorf("the investigation's findings miss the header's defect (failed %v)", inv.Failed())
	}
	if _, err := New(t.Context(), Inputs{}).CheckLive(t.Context(), LiveOptions{HTTPURL: "http://127.0.0.1:1", Token: "Bearer Bearer", TokenName: "--token"}); err == nil || !strings.Contains(err.Error(), "--token holds no token") {
		t.Errorf("a header without a token: err = %v", err)
	}
}
