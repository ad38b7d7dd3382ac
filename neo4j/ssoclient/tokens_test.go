package ssoclient

import (
	"testing"

	"github.com/ssolens/ssolens/inspector"
)

func TestChooseTokens(t *testing.T) {
	ts := inspector.TokenSet{IDToken: "id", AccessToken: "at", RefreshToken: "rt"}
	cases := []struct {
		name                      string
		config                    map[string]string
		principal, authentication string
		principalRaw, authRaw     string
	}{
		{"no config: access token for both", nil, "access_token", "access_token", "at", "at"},
		{"empty values mean the default", map[string]string{"token_type_principal": "", "token_type_authentication": ""}, "access_token", "access_token", "at", "at"},
		{"ID token for both (Google, the docs' fix)", map[string]string{"token_type_principal": "id_token", "token_type_authentication": "id_token"}, "id_token", "id_token", "id", "id"},
		{"decode the ID token, send the access token", map[string]string{"token_type_principal": "id_token"}, "id_token", "access_token", "id", "at"},
		{"only the authentication token set", map[string]string{"token_type_authentication": "id_token"}, "access_token", "id_token", "at", "id"},
		{"a misspelt field is kept: the client finds no token", map[string]string{"token_type_authentication": "idtoken"}, "access_token", "idtoken", "at", ""},
		{"other config keys do not matter", map[string]string{"principal": "email", "implicit_flow_requires_nonce": "true"}, "access_token", "access_token", "at", "at"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ChooseTokens(tc.config)
			if got.Principal != tc.principal || got.Authentication != tc.authentication {
				t.Errorf("ChooseTokens = %+v, want principal %q, authentication %q", got, tc.principal, tc.authentication)
			}
			if p, a := ts.Field(got.Principal), ts.Field(got.Authentication); p != tc.principalRaw || a != tc.authRaw {
				t.Errorf("tokens %q, %q; want %q, %q", p, a, tc.principalRaw, tc.authRaw)
			}
		})
	}
}

func TestJSTruthy(t *testing.T) {
	for v, want := range map[any]bool{nil: false, false: false, true: true, "": false, "false": true, 0.0: false, 1.0: true} {
		if JSTruthy(v) != want {
			t.Errorf("JSTruthy(%#v) = %v, want %v", v, !want, want)
		}
	}
	if !JSTruthy(map[string]any{}) || !JSTruthy([]any{}) {
		t.Error("objects and arrays are truthy, even empty")
	}
}

func TestJWTDecodable(t *testing.T) {
	cases := map[string]bool{
		"eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.":   true,  // {"sub":"a"}
		"eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0":    true,  // two parts are enough
		"opaque-access-token":                    false, // Google's access token
		"a.bm90IGpzb24.c":                        false, // "not json"
		"a.!!!.c":                                false,
		"eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0==.": false, // jwt-decode: a length of 4n+1, padding included, fails
		"eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0=.":  true,  // one = fills it to 4n: atob drops it
		"a.bnVsbA.c":                             false, // null: the client refuses a falsy payload
	}
	for raw, want := range cases {
		if JWTDecodable(raw) != want {
			t.Errorf("JWTDecodable(%q) = %v, want %v", raw, !want, want)
		}
	}
}
