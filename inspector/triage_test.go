package inspector

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// tokenWant is what a test expects of one token of a report.
type tokenWant struct {
	source string
	kind   Kind
	role   Role
	codes  []string // finding codes that must be present
}

func TestInspectRecognisesEveryInputForm(t *testing.T) {
	access := mint(t, validClaims(), nil)
	idClaims := validClaims()
	delete(idClaims, "scp")
	idClaims["aud"] = "0oa-client"
	idClaims["nonce"] = "n-123"
	id := mint(t, idClaims, nil)
	jwe := "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwiaXNzIjoiaHR0cHM6Ly9leGFtcGxlLmF1dGgwLmNvbS8ifQ..n5zYVTe4dx3BP_Jl.5gBXoNNyK2BM-Ue2ZN3ITXhw2yk0hhXhaN6cfzq3cGZ_CEXEy3aBLyohG5ou88vsOYzXyZQ.EYp7ERJ2TQtZfa8EfWHVew"
	refresh := "8xLOxBtZp8-refresh-opaque-4711"

	tests := []struct {
		name   string
		input  string
		form   string
		tokens []tokenWant
		codes  []string // input-level finding codes that must be present
	}{
		{"compact JWS", access, FormToken,
			[]tokenWant{{"input", KindJWS, RoleAccessToken, nil}}, nil},
		{"ID token recognised by nonce", id, FormToken,
			[]tokenWant{{"input", KindJWS, RoleIDToken, nil}}, nil},
		{"compact JWE from Auth0 without audience", jwe, FormToken,
			[]tokenWant{{"input", KindJWE, "", []string{"token-encrypted"}}}, nil},
		{"Google opaque access token", "ya29.a0AfB_byC1x2y3z4-EXAMPLE_opaque_token_value", FormToken,
			[]tokenWant{{"input", KindOpaque, "", []string{"opaque-token"}}}, nil},
		{"Bearer prefix", "Bearer " + access, FormBearer,
			[]tokenWant{{"authorization_header", KindJWS, RoleAccessToken, nil}}, nil},
		{"whole Authorization header line", "Authorization: bearer " + access + "\r\n", FormBearer,
			[]tokenWant{{"authorization_header", KindJWS, RoleAccessToken, nil}}, nil},
		{"token response", fmt.Sprintf(`{"access_token":%q,"id_token":%q,"refresh_token":%q,"token_type":"Bearer","expires_in":3600}`, access, id, refresh), FormTokenResponse,
			[]tokenWant{
				{"id_token", KindJWS, RoleIDToken, nil},
				{"access_token", KindJWS, RoleAccessToken, nil},
				{"refresh_token", KindOpaque, RoleRefreshToken, nil},
			}, nil},
		{"token response with expires_in as a string", fmt.Sprintf(`{"access_token":%q,"expires_in":"3599","token_type":"Bearer"}`, access), FormTokenResponse,
			[]tokenWant{{"access_token", KindJWS, RoleAccessToken, nil}}, []string{"expires-in-string"}},
		{"token endpoint error", `{"error":"invalid_grant","error_description":"PKCE verification failed"}`, FormTokenResponse,
			nil, []string{"token-endpoint-error"}},
		{"implicit redirect URL fragment", "http://localhost:7474/browser/?idp_id=okta&auth_flow_step=redirect_uri#id_token=" + id + "&access_token=" + access + "&token_type=bearer", FormRedirectURL,
			[]tokenWant{{"id_token", KindJWS, RoleIDToken, nil}, {"access_token", KindJWS, RoleAccessToken, nil}}, nil},
		{"code redirect URL", "http://127.0.0.1:8000/callback?code=abc123xyz&state=state-1f2e", FormRedirectURL,
			nil, []string{"authorization-code"}},
		{"error redirect URL", "http://localhost:8000/callback?error=invalid_request&error_description=AADSTS50011%3A+The+redirect+URI+does+not+match", FormRedirectURL,
			nil, []string{"authorization-error"}},
		{"cURL command", "curl -X POST https://neo4j.example.com/db/system/query/v2 \\\n  -H 'Content-Type: application/json' \\\n  -H \"Authorization: Bearer " + access + "\" \\\n  -d '{\"statement\":\"SHOW CURRENT USER\"}'", FormCurl,
			[]tokenWant{{"authorization_header", KindJWS, RoleAccessToken, nil}}, nil},
		{"cURL token request with a secret", "curl https://idp.example.com/token -d 'grant_type=refresh_token&refresh_token=" + refresh + "&client_secret=s3cr3t'", FormCurl,
			[]tokenWant{{"refresh_token", KindOpaque, RoleRefreshToken, nil}}, []string{"secret-in-input"}},
		{"HTTP request dump", "POST /db/neo4j/query/v2 HTTP/1.1\r\nHost: localhost:7474\r\nAuthorization: Bearer " + access + "\r\nContent-Type: application/json\r\n\r\n{\"statement\":\"RETURN 1\"}", FormHTTPRequest,
			[]tokenWant{{"authorization_header", KindJWS, RoleAccessToken, nil}}, nil},
		{"token in quotes with line breaks", "\"" + access[:40] + "\n" + access[40:90] + "\r\n  " + access[90:] + "\"\n", FormToken,
			[]tokenWant{{"input", KindJWS, RoleAccessToken, nil}}, nil},
		{"standard base64 alphabet", toStdBase64(craft(`{"alg":"RS256","kid":"k"}`, `{"sub":"a?>b","exp":1795000000,"iat":1795000000}`)), FormToken,
			[]tokenWant{{"input", KindJWS, "", []string{"base64-standard-alphabet"}}}, nil},
		{"padded base64url", padded(craft(`{"alg":"RS256","kid":"k1"}`, `{"sub":"alice","iat":1795000000}`)), FormToken,
			[]tokenWant{{"input", KindJWS, "", []string{"base64url-padded"}}}, nil},
		{"empty input", " \n\t ", FormEmpty, nil, []string{"empty-input"}},
		{"plain garbage", "this is not a token at all, sorry", FormText, nil, []string{"no-token-found"}},
		{"one word that is no token", "hello{world}", FormText,
			[]tokenWant{{"input", KindMalformed, "", []string{"not-a-token"}}}, nil},
		{"binary input", "\x00\x01\xff\xfe" + "Authorization: Bearer " + access + "\x00", FormText,
			[]tokenWant{{"authorization_header", KindJWS, RoleAccessToken, nil}}, []string{"input-not-utf8"}},
		{"a JWKS is not a token", `{"keys":[{"kty":"RSA","kid":"k","n":"AQAB","e":"AQAB"}]}`, FormText, nil, []string{"json-not-token"}},
		{"log lines", "2026-11-23 12:00:01 INFO request GET /api Authorization: Bearer " + access + "\n2026-11-23 12:00:02 DEBUG id_token=" + id + "\n", FormText,
			[]tokenWant{{"authorization_header", KindJWS, RoleAccessToken, nil}, {"id_token", KindJWS, RoleIDToken, nil}}, nil},
		{"HAR file", harWith(access, id, refresh), FormHAR,
			// The access token in the response body is the one sent later: one entry.
			[]tokenWant{{"authorization_header", KindJWS, RoleAccessToken, nil}, {"id_token", KindJWS, RoleIDToken, nil}, {"refresh_token", KindOpaque, RoleRefreshToken, nil}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Inspect([]byte(tc.input), testOpts())
			if r.Input.Form != tc.form {
				t.Errorf("form = %q, want %q", r.Input.Form, tc.form)
			}
			for _, c := range tc.codes {
				if !hasCode(r.Findings, c) {
					t.Errorf("input findings %v lack %q", codes(r.Findings), c)
				}
			}
			if len(r.Tokens) != len(tc.tokens) {
				t.Fatalf("got %d tokens, want %d (findings %s)", len(r.Tokens), len(tc.tokens), allCodes(r))
			}
			for i, want := range tc.tokens {
				got := r.Tokens[i]
				if got.Source != want.source || got.Kind != want.kind || got.Role != want.role {
					t.Errorf("token %d = {source %q kind %q role %q}, want {%q %q %q}; findings %v",
						i, got.Source, got.Kind, got.Role, want.source, want.kind, want.role, codes(got.Findings))
				}
				for _, c := range want.codes {
					if !hasCode(got.Findings, c) {
						t.Errorf("token %d findings %v lack %q", i, codes(got.Findings), c)
					}
				}
			}
		})
	}
}

func toStdBase64(tok string) string {
	parts := strings.Split(tok, ".")
	for i, p := range parts {
		b, _ := base64.RawURLEncoding.DecodeString(p)
		parts[i] = base64.RawStdEncoding.EncodeToString(b)
	}
	return strings.Join(parts, ".")
}

func padded(tok string) string {
	parts := strings.Split(tok, ".")
	for i, p := range parts {
		for len(parts[i])%4 != 0 {
			parts[i] += "="
		}
		_ = p
	}
	return strings.Join(parts, ".")
}

func harWith(access, id, refresh string) string {
	return `{"log":{"version":"1.2","creator":{"name":"Firefox","version":"128"},"entries":[
 {"request":{"method":"GET","url":"https://api.example.com/me","headers":[{"name":"Authorization","value":"Bearer ` + access + `"}]},
  "response":{"status":200,"content":{"mimeType":"application/json","text":"{}"}}},
 {"request":{"method":"POST","url":"https://idp.example.com/token","headers":[],"postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=authorization_code&code=abc"}},
  "response":{"status":200,"content":{"mimeType":"application/json","text":"{\"access_token\":\"` + access + `\",\"id_token\":\"` + id + `\",\"refresh_token\":\"` + refresh + `\",\"expires_in\":3600}"}}}
]}}`
}

func TestDecodeNamesTheSegmentAndByteOfABadCharacter(t *testing.T) {
	tok := craft(`{"alg":"RS256","kid":"k"}`, `{"sub":"alice"}`)
	parts := strings.Split(tok, ".")
	parts[1] = parts[1][:5] + "!" + parts[1][6:]
	r := Inspect([]byte(strings.Join(parts, ".")), testOpts())
	if len(r.Tokens) != 1 {
		t.Fatalf("tokens = %d, want 1 (%s)", len(r.Tokens), allCodes(r))
	}
	f, ok := findingOf(r.Tokens[0].Findings, "base64url-invalid")
	if !ok {
		t.Fatalf("no base64url-invalid finding: %v", codes(r.Tokens[0].Findings))
	}
	if !strings.Contains(f.Message, "segment 2 (payload), byte 5") || !strings.Contains(f.Message, "'!'") {
		t.Errorf("message %q does not name segment 2, byte 5 and the character", f.Message)
	}
	if r.Tokens[0].Kind != KindMalformed {
		t.Errorf("kind = %q, want malformed", r.Tokens[0].Kind)
	}
}

func TestDecodeHeaderOddities(t *testing.T) {
	tests := []struct {
		header string
		code   string
	}{
		{`{"alg":"RS256","kid":"k","jku":"https://evil.example/jwks"}`, "header-key-reference"},
		{`{"alg":"RS256","kid":"k","x5u":"https://evil.example/cert"}`, "header-key-reference"},
		{`{"alg":"RS256","kid":"k","jwk":{"kty":"RSA","n":"AQAB","e":"AQAB"}}`, "header-key-reference"},
		{`{"alg":"RS256","kid":"k","crit":["exp-ext"],"exp-ext":1}`, "header-crit"},
		{`{"alg":"RS256","kid":"k","nonce":"AbCd"}`, "header-nonce"},
		{`{"alg":"RS256"}`, "kid-missing"},
		{`{"alg":"RS256","kid":"k","cty":"JWT"}`, "nested-jwt"},
		{`{"kid":"k","typ":"JWT","alg":"RS256","kid":"k2"}`, "duplicate-claim"},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			tok := Decode(craft(tc.header, `{"sub":"a","iat":1795000000,"exp":1795003600}`), "input", testOpts())
			if tok.Kind != KindJWS {
				t.Fatalf("kind = %q, findings %v", tok.Kind, codes(tok.Findings))
			}
			if !hasCode(tok.Findings, tc.code) {
				t.Errorf("findings %v lack %q", codes(tok.Findings), tc.code)
			}
		})
	}
}

func TestDecodeAlgNoneAndMissingSignature(t *testing.T) {
	enc := base64.RawURLEncoding
	none := enc.EncodeToString([]byte(`{"alg":"none"}`)) + "." + enc.EncodeToString([]byte(`{"sub":"a"}`)) + "."
	if tok := Decode(none, "input", testOpts()); !hasCode(tok.Findings, "alg-none") || tok.Kind != KindJWS {
		t.Errorf("alg none: kind %q findings %v", tok.Kind, codes(tok.Findings))
	}
	cut := enc.EncodeToString([]byte(`{"alg":"RS256","kid":"k"}`)) + "." + enc.EncodeToString([]byte(`{"sub":"a"}`)) + "."
	if tok := Decode(cut, "input", testOpts()); !hasCode(tok.Findings, "signature-missing") {
		t.Errorf("no signature: findings %v", codes(tok.Findings))
	}
	short := mint(t, validClaims(), nil)
	short = short[:len(short)-100]
	if tok := Decode(short, "input", testOpts()); !hasCode(tok.Findings, "signature-length") {
		t.Errorf("truncated RS256 signature: findings %v", codes(tok.Findings))
	}
}

func TestDecodeKeepsClaimOrderAndNumbersExactly(t *testing.T) {
	payload := `{"zeta":1,"sub":"alice","big":123456789012345678901234567890,"ratio":1.50,"exp":1795003600,"alpha":[1,2]}`
	tok := Decode(craft(`{"alg":"RS256","kid":"k"}`, payload), "input", testOpts())
	got := mustJSON(t, tok.Claims)
	want := `{"zeta":1,"sub":"alice","big":123456789012345678901234567890,"ratio":1.50,"exp":1795003600,"alpha":[1,2]}`
	if got != want {
		t.Errorf("claims JSON\n got %s\nwant %s", got, want)
	}
}

func TestDecodeDuplicateClaimKeepsTheLastValue(t *testing.T) {
	tok := Decode(craft(`{"alg":"RS256","kid":"k"}`, `{"sub":"alice","groups":["a"],"groups":["admin"]}`), "input", testOpts())
	f, ok := findingOf(tok.Findings, "duplicate-claim")
	if !ok || f.Evidence != "groups" {
		t.Fatalf("duplicate-claim finding = %+v, %v", f, ok)
	}
	if g, _ := tok.Claims.Strings("groups"); len(g) != 1 || g[0] != "admin" {
		t.Errorf("groups = %v, want the last value [admin]", g)
	}
}

func TestTimesAreReadableAndJudgedWithSkew(t *testing.T) {
	tests := []struct {
		name     string
		claims   string
		code     string
		relative string // of exp
	}{
		{"valid", fmt.Sprintf(`{"iat":%d,"exp":%d}`, testNow.Add(-time.Minute).Unix(), testNow.Add(4*time.Minute+12*time.Second).Unix()), "", "expires in 4m 12s"},
		{"expired", fmt.Sprintf(`{"iat":%d,"exp":%d}`, testNow.Add(-4*time.Hour).Unix(), testNow.Add(-3*time.Hour).Unix()), "token-expired", "expired 3h ago"},
		{"expiring within the skew", fmt.Sprintf(`{"exp":%d}`, testNow.Add(30*time.Second).Unix()), "token-expiring-soon", "expires in 30s"},
		{"not yet valid", fmt.Sprintf(`{"nbf":%d,"exp":%d}`, testNow.Add(time.Hour).Unix(), testNow.Add(2*time.Hour).Unix()), "token-not-yet-valid", "expires in 2h"},
		{"issued in the future", fmt.Sprintf(`{"iat":%d,"exp":%d}`, testNow.Add(10*time.Minute).Unix(), testNow.Add(time.Hour).Unix()), "iat-in-future", "expires in 1h"},
		{"exp as a string", `{"exp":"1795003600"}`, "numeric-date-not-number", ""},
		{"exp as a float", fmt.Sprintf(`{"exp":%d.75}`, testNow.Add(time.Hour).Unix()), "", "expires in 1h"},
		{"negative exp", `{"exp":-5}`, "numeric-date-invalid", ""},
		{"exp with 400 digits", `{"exp":` + strings.Repeat("9", 400) + `}`, "numeric-date-invalid", ""},
		{"exp an object", `{"exp":{"t":1}}`, "numeric-date-not-number", ""},
		{"exp before iat", fmt.Sprintf(`{"iat":%d,"exp":%d}`, testNow.Add(time.Hour).Unix(), testNow.Add(2*time.Minute).Unix()), "exp-before-iat", "expires in 2m"},
		{"no exp", `{"sub":"a"}`, "exp-missing", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok := Decode(craft(`{"alg":"RS256","kid":"k"}`, tc.claims), "input", testOpts())
			if tc.code != "" && !hasCode(tok.Findings, tc.code) {
				t.Errorf("findings %v lack %q", codes(tok.Findings), tc.code)
			}
			if tc.code == "" && HasError(tok.Findings) {
				t.Errorf("unexpected error findings %v", codes(tok.Findings))
			}
			exp := tok.Times["exp"]
			if tc.relative == "" {
				return
			}
			if exp == nil || exp.Relative != tc.relative {
				t.Fatalf("exp time = %+v, want relative %q", exp, tc.relative)
			}
			if !strings.HasSuffix(exp.UTC, "Z") || exp.Local == "" {
				t.Errorf("exp time lacks UTC or local form: %+v", exp)
			}
		})
	}
}

func TestLifetimeIsExpMinusIat(t *testing.T) {
	tok := Decode(mint(t, validClaims(), nil), "input", testOpts())
	if tok.Lifetime != "1h" || tok.LifetimeSeconds == nil || *tok.LifetimeSeconds != 3600 {
		t.Errorf("lifetime = %q %v, want 1h / 3600", tok.Lifetime, tok.LifetimeSeconds)
	}
}

func TestBadInputNeverPanicsOrHangs(t *testing.T) {
	deep := `{"sub":"a","x":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`
	garbage := make([]byte, 10<<20)
	for i := range garbage {
		garbage[i] = byte(i*7919%251) | 0x80
	}
	inputs := map[string][]byte{
		"10 MB of garbage":        garbage,
		"10,000 nested arrays":    []byte(craft(`{"alg":"RS256","kid":"k"}`, deep)),
		"invalid UTF-8":           {0xff, 0xfe, 0xfd, 'e', 'y', 'J'},
		"a lone dot run":          []byte(strings.Repeat(".", 5000)),
		"eyJ alone":               []byte("eyJ"),
		"five empty segments":     []byte("...."),
		"header only":             []byte("eyJhbGciOiJSUzI1NiJ9"),
		"unterminated JSON":       []byte(`{"access_token":"`),
		"URL with bad escape":     []byte("http://x/cb?code=%zz&state=1"),
		"curl with open quote":    []byte(`curl -H 'Authorization: Bearer abc`),
		"huge token response key": []byte(`{"access_token":"` + strings.Repeat("A", 2<<20) + `"}`),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			r := Inspect(in, testOpts())
			if len(r.Findings) == 0 && len(r.Tokens) == 0 {
				t.Errorf("no finding and no token for bad input")
			}
			for _, tok := range r.Tokens {
				if tok.Kind == KindJWS && tok.Claims == nil {
					t.Errorf("jws without claims")
				}
			}
		})
	}
}

func TestNestedArraysPayloadGetsAFinding(t *testing.T) {
	deep := `{"sub":"a","x":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`
	tok := Decode(craft(`{"alg":"RS256","kid":"k"}`, deep), "input", testOpts())
	if !hasCode(tok.Findings, "payload-not-json") {
		t.Errorf("findings %v lack payload-not-json", codes(tok.Findings))
	}
}

func TestRoleInference(t *testing.T) {
	tests := []struct {
		name   string
		header map[string]any
		claims jwt.MapClaims
		want   Role
	}{
		{"at+jwt typ", map[string]any{"typ": "at+jwt"}, jwt.MapClaims{"sub": "a"}, RoleAccessToken},
		{"Keycloak ID typ", nil, jwt.MapClaims{"typ": "ID"}, RoleIDToken},
		{"Keycloak refresh typ", nil, jwt.MapClaims{"typ": "Refresh"}, RoleRefreshToken},
		{"Cognito access", nil, jwt.MapClaims{"token_use": "access"}, RoleAccessToken},
		{"at_hash", nil, jwt.MapClaims{"at_hash": "x"}, RoleIDToken},
		{"scp", nil, jwt.MapClaims{"scp": "read"}, RoleAccessToken},
		{"aud equals azp", nil, jwt.MapClaims{"aud": "c1", "azp": "c1"}, RoleIDToken},
		{"nothing to tell", nil, jwt.MapClaims{"sub": "a"}, RoleUnknown},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tok := Decode(mint(t, tc.claims, tc.header), "input", testOpts())
			if tok.Role != tc.want {
				t.Errorf("role = %q (%s), want %q", tok.Role, tok.RoleReason, tc.want)
			}
		})
	}
}

func TestResolveClaimPath(t *testing.T) {
	tok := Decode(craft(`{"alg":"RS256","kid":"k"}`,
		`{"myApplication":{"roles":["admin"]},"http://www.myapplication.com":{"roles":["reader"]},"realm_access":{"roles":["r1"]},"flat":"x"}`), "input", testOpts())
	tests := []struct {
		path    string
		want    string
		wantErr string
	}{
		{"myApplication.roles", `["admin"]`, ""},
		{`http://www\.myapplication\.com.roles`, `["reader"]`, ""},
		{"realm_access.roles", `["r1"]`, ""},
		{"flat.roles", "", "not an object"},
		{"missing.roles", "", "not in the token"},
		{"myApplication.nope", "", `has no key "nope"`},
	}
	for _, tc := range tests {
		got, err := ResolveClaimPath(tok.Claims, tc.path)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err = %v, want it to mention %q", tc.path, err, tc.wantErr)
			}
			continue
		}
		if err != nil || string(got) != tc.want {
			t.Errorf("%s = %s, %v; want %s", tc.path, got, err, tc.want)
		}
	}
}

func TestClaimMeaningCoversTheWellKnownClaims(t *testing.T) {
	for _, c := range strings.Fields("iss sub aud azp scp scope groups roles oid tid ver amr acr at_hash c_hash nonce cid uid email preferred_username _claim_names") {
		if ClaimMeaning(c) == "" {
			t.Errorf("no meaning for %q", c)
		}
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 12 * time.Second: "12s", 4*time.Minute + 12*time.Second: "4m 12s",
		3 * time.Hour: "3h", 3*time.Hour + 2*time.Minute + 5*time.Second: "3h 2m",
		50 * time.Hour: "2d 2h", -90 * time.Second: "1m 30s",
	} {
		if got := HumanDuration(d); got != want {
			t.Errorf("HumanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestJSONWithTokensUnderOtherNames: JSON that is no token response still
// has its tokens found, wherever they are (MSAL's accessToken and idToken,
// a nested data.access_token, a "jwt" member); decoded claims are shown
// as claims, with no error; JSON with no token says so plainly.
func TestJSONWithTokensUnderOtherNames(t *testing.T) {
	a := craft(`{"alg":"RS256","kid":"k"}`, `{"iss":"https://idp.example.com","sub":"alice","aud":"api","exp":1900000000}`)
	b := craft(`{"alg":"RS256","kid":"k"}`, `{"iss":"https://idp.example.com","sub":"alice","aud":"client","exp":1900000000}`)
	for in, want := range map[string]int{
		`{"accessToken":"` + a + `","idToken":"` + b + `","expiresOn":"2026-12-04"}`: 2,
		`{"data":{"access_token":"` + a + `"}}`:                                      1,
		`{"jwt":"` + a + `"}`:                                                        1,
		`{"level":"info","msg":"Authorization: Bearer ` + a + `"}`:                   1,
	} {
		r := Inspect([]byte(in), testOpts())
		if len(r.Tokens) != want || hasCode(r.Findings, "json-not-token") {
			t.Errorf("%.60s…: %d tokens, findings %v; want %d tokens", in, len(r.Tokens), codes(r.Findings), want)
		}
	}
	r := Inspect([]byte(`{"iss":"https://x","sub":"a","exp":1900000000}`), testOpts())
	if len(r.Tokens) != 1 || r.Tokens[0].Kind != KindClaims || HasError(r.Tokens[0].Findings) {
		t.Errorf("decoded claims: %d tokens, %v", len(r.Tokens), allCodes(r))
	}
	r = Inspect([]byte(`{"a":1}`), testOpts())
	if f, ok := findingOf(r.Findings, "json-not-token"); !ok || strings.Contains(f.Message, "looks like JSON") {
		t.Errorf("plain JSON: %+v", r.Findings)
	}
}
