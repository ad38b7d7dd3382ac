package ssoclient_test

import (
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
)

// tokenSetOf takes a report's tokens by role, as session.TokensOf does.
func tokenSetOf(rep *inspector.Report) inspector.TokenSet {
	var ts inspector.TokenSet
	for _, t := range rep.Tokens {
		switch t.Role {
		case inspector.RoleIDToken:
			ts.IDToken = t.Raw
		case inspector.RoleAccessToken:
			ts.AccessToken = t.Raw
		}
	}
	return ts
}

func findingCodes(fs []inspector.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func TestDefaultTypesOpaqueAccessToken(t *testing.T) {
	m := newMinter(t)
	id := m.jwt(t, map[string]any{"iss": "https://accounts.google.com", "aud": "123.apps.googleusercontent.com", "sub": "1", "email": "j@example.com"})
	in := []byte(`{"access_token":"ya29.a0AfH6SMBx3f9opaque","id_token":"` + id + `","token_type":"Bearer","expires_in":3599}`)
	rep := inspector.Inspect(in, inspector.Options{})
	ssoclient.AnnotateDefaults(rep, tokenSetOf(rep))
	var f *inspector.Finding
	for i := range rep.Findings {
		if rep.Findings[i].Code == "client-default-token-types-fail" {
			f = &rep.Findings[i]
		}
	}
	if f == nil {
		t.Fatalf("findings %v", findingCodes(rep.Findings))
	}
	for _, want := range []string{`Failed to get credentials: Could not parse JWT of type "access_token" for idp_id "<provider>", aborting`, "opaque"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message %q lacks %q", f.Message, want)
		}
	}
	for _, want := range []string{"config=token_type_principal=id_token;token_type_authentication=id_token", `"123.apps.googleusercontent.com"`, "audience"} {
		if !strings.Contains(f.Fix, want) {
			t.Errorf("fix %q lacks %q", f.Fix, want)
		}
	}
}

func TestDefaultTypesNoIDToken(t *testing.T) {
	rep := inspector.Inspect([]byte(`{"access_token":"opaque-token-value-1234567890","token_type":"Bearer"}`), inspector.Options{})
	ssoclient.AnnotateDefaults(rep, tokenSetOf(rep))
	fs := ssoclient.DefaultTypes(tokenSetOf(rep))
	if len(fs) != 1 || !strings.Contains(fs[0].Fix, "openid") {
		t.Fatalf("%+v", fs)
	}
}

func TestDefaultTypesJWTAccessToken(t *testing.T) {
	m := newMinter(t)
	access := m.jwt(t, map[string]any{"iss": "https://dev-1.okta.com/oauth2/default", "aud": "api://default", "sub": "00u1", "email": "jane@example.com"})
	id := m.jwt(t, map[string]any{"iss": "https://dev-1.okta.com/oauth2/default", "aud": "0oa1", "sub": "00u1"})
	rep := inspector.Inspect([]byte(`{"access_token":"`+access+`","id_token":"`+id+`"}`), inspector.Options{})
	ssoclient.AnnotateDefaults(rep, tokenSetOf(rep))
	var got *inspector.Finding
	for i := range rep.Findings {
		if rep.Findings[i].Code == "client-default-token-types" {
			got = &rep.Findings[i]
		}
		if rep.Findings[i].Code == "client-default-token-types-fail" {
			t.Fatal("a JWT access token must not fail the client")
		}
	}
	if got == nil || !strings.Contains(got.Message, `"jane@example.com"`) || !strings.Contains(got.Fix, `"api://default"`) || !strings.Contains(got.Fix, `"0oa1"`) {
		t.Fatalf("%+v", got)
	}
}

// A single bare token is no token set: nothing is said of defaults.
func TestDefaultTypesNotForOneToken(t *testing.T) {
	rep := inspector.Inspect([]byte("opaque-token-value-1234567890"), inspector.Options{})
	ssoclient.AnnotateDefaults(rep, tokenSetOf(rep))
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Code, "client-default-token-types") {
			t.Fatalf("%s for a single token", f.Code)
		}
	}
}

// Claims reach the fix quoted: no control or bidi character raw.
func TestDefaultTypesQuotesClaims(t *testing.T) {
	m := newMinter(t)
	access := m.jwt(t, map[string]any{"iss": "https://x\u202e/", "aud": "a\x1b[31m", "sub": "1"})
	fs := ssoclient.DefaultTypes(inspector.TokenSet{AccessToken: access})
	if len(fs) != 1 || strings.ContainsAny(fs[0].Fix, "\u202e\x1b") {
		t.Fatalf("%+v", fs)
	}
}
