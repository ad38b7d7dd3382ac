package inspector

import (
	"encoding/base64"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// A pasted Authorization header: the token is found wherever it is, and
// each defect that makes Neo4j refuse the header is a finding of its own
// code, not a generic "no token" or "malformed token". Quotes and a comma
// of the code or JSON the line came from are no defect.
func TestAuthorizationHeaderDefects(t *testing.T) {
	tok := mint(t, validClaims(), nil)
	tests := []struct {
		name, paste string
		want        string // the defect's code; "" for none
	}{
		{"doubled scheme", "Bearer Bearer " + tok, "bearer-scheme-doubled"},
		{"doubled scheme in a header", "Authorization: Bearer Bearer " + tok, "bearer-scheme-doubled"},
		{"doubled, lower case", "authorization: bearer bearer " + tok, "bearer-scheme-doubled"},
		{"colon after the scheme", "Bearer: " + tok, "bearer-scheme-colon"},
		{"colon, no space", "Authorization: Bearer:" + tok, "bearer-scheme-colon"},
		{"lower-case scheme (Neo4j accepts it)", "bearer " + tok, ""},
		{"upper-case scheme", "AUTHORIZATION: BEARER " + tok, ""},
		{"trailing comma", "Authorization: Bearer " + tok + ",", "bearer-token-punctuation"},
		{"trailing semicolon", "Bearer " + tok + ";", "bearer-token-punctuation"},
		{"token in quotes", "Authorization: Bearer \"" + tok + "\"", "bearer-token-punctuation"},
		{"quoted line from code", "\"Authorization: Bearer " + tok + "\",", ""},
		{"quoted value of a header map", "Authorization: 'Bearer " + tok + "'", ""},
		{"JSON member", "\"Authorization\": \"Bearer " + tok + "\"", ""},
		{"config form", "Authorization=Bearer " + tok, ""},
		{"cURL header", "curl -H 'Authorization: Bearer Bearer " + tok + "' https://neo4j.example.com:7473/db/system/query/v2", "bearer-scheme-doubled"},
		{"request dump", "POST /db/system/query/v2 HTTP/1.1\nHost: neo4j\nAuthorization: Bearer: " + tok + "\n\n{}", "bearer-scheme-colon"},
	}
	headerCodes := []string{"bearer-scheme-doubled", "bearer-scheme-colon", "bearer-token-missing", "bearer-token-punctuation"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Inspect([]byte(tt.paste), testOpts())
			if len(r.Tokens) != 1 || r.Tokens[0].Raw != tok {
				t.Fatalf("the token was not found: %d tokens, findings %s", len(r.Tokens), allCodes(r))
			}
			got := codes(r.Tokens[0].Findings)
			for _, c := range headerCodes {
				if slices.Contains(got, c) != (c == tt.want) {
					t.Errorf("findings %v; want %q among the header's", got, tt.want)
				}
			}
			if tt.want == "" {
				return
			}
			f := mustFinding(t, r.Tokens[0].Findings, tt.want)
			if f.Fix == "" || strings.Contains(f.Message+f.Evidence, tok) {
				t.Errorf("finding %+v: no fix, or the token shown whole", f)
			}
			if tt.want != "bearer-token-punctuation" && !strings.Contains(f.Message, "Invalid authentication header") {
				t.Errorf("the message does not say what Neo4j answers: %s", f.Message)
			}
		})
	}
}

// A header with no token says so, not "no token found".
func TestAuthorizationHeaderWithoutToken(t *testing.T) {
	for _, paste := range []string{"Authorization: Bearer", "Authorization: Bearer ", "Bearer", "Authorization:", "Bearer Bearer", "curl -H 'Authorization: Bearer' https://neo4j.example.com/db/system/query/v2"} {
		r := Inspect([]byte(paste), testOpts())
		got := codes(r.Findings)
		if len(r.Tokens) != 0 || !slices.Contains(got, "bearer-token-missing") || slices.Contains(got, "no-token-found") {
			t.Errorf("%q: %d tokens, findings %v; want bearer-token-missing alone", paste, len(r.Tokens), got)
		}
	}
	// Words that only start like a header are text.
	for _, text := range []string{"Bearer tokens are short-lived", "Authorization failed for user bob"} {
		if got := codes(Inspect([]byte(text), testOpts()).Findings); slices.Contains(got, "bearer-token-missing") {
			t.Errorf("%q taken for a header: %v", text, got)
		}
	}
}

// A token response member (the token flags of roles, config and check
// become one) that holds an Authorization header value is read as the
// pasted header is: the token after the last Bearer, each defect a
// finding of that token; no token at all is a finding of the input.
func TestAuthorizationHeaderInTokenResponse(t *testing.T) {
	tok := mint(t, validClaims(), nil)
	for value, want := range map[string]string{
		"Bearer Bearer " + tok:   "bearer-scheme-doubled",
		"Bearer: " + tok:         "bearer-scheme-colon",
		"Bearer \"" + tok + "\"": "bearer-token-punctuation",
		"Bearer " + tok:          "",
		"bearer " + tok:          "",
	} {
		resp, _ := json.Marshal(map[string]string{"access_token": value, "token_type": "Bearer"})
		r := Inspect(resp, testOpts())
		if len(r.Tokens) != 1 || r.Tokens[0].Raw != tok || r.Tokens[0].Source != "access_token" {
			t.Fatalf("%q: the token was not read: %d tokens, findings %s", value, len(r.Tokens), allCodes(r))
		}
		got := codes(r.Tokens[0].Findings)
		if want == "" && slices.ContainsFunc(got, func(c string) bool { return strings.HasPrefix(c, "bearer-") }) || want != "" && !slices.Contains(got, want) {
			t.Errorf("%q: findings %v, want %q", value, got, want)
		}
	}
	r := Inspect([]byte(`{"access_token":"Bearer Bearer","token_type":"Bearer"}`), testOpts())
	if len(r.Tokens) != 0 || !slices.Contains(codes(r.Findings), "bearer-token-missing") {
		t.Errorf("a header without a token: %d tokens, findings %s", len(r.Tokens), allCodes(r))
	}
	// ReadTokenValue leaves a plain value as it is, trimmed.
	if raw, fs := ReadTokenValue("  " + tok + "\n"); raw != tok || len(fs) != 0 {
		t.Errorf("ReadTokenValue(token) = %q, %v", raw, fs)
	}
}

// A token found in a log or a HAR after a defective Authorization scheme
// (the way the client bug shows in logs) carries the header's finding,
// with the line it was seen on, whether it was seen there first or only
// later; a scheme written once, in any case, or a token after another
// word, carries none. Read at its places in small windows, the input
// gives the report it gives streamed.
func TestScanFindsHeaderDefectsNearTokens(t *testing.T) {
	claims := func(sub string) string { c := validClaims(); c["sub"] = sub; return mint(t, c, nil) }
	doubled, colon, later, fine, lower, opaque := claims("doubled"), claims("colon"), claims("later"), claims("fine"), claims("lower"), "opaque-Abcdefghijklmnop0123"
	log := "2026-12-05T01:00:00Z INFO Authorization: Bearer Bearer " + doubled + "\n" +
		"2026-12-05T01:00:01Z INFO Authorization: Bearer:" + colon + "\n" +
		"2026-12-05T01:00:02Z INFO Authorization: Bearer " + later + "\n" +
		`{"name":"Authorization","value":"Bearer ` + fine + `"} token_type=Bearer, access_token=` + fine + "\n" +
		"Authorization: bearer BEARER " + lower + " and Authorization: Bearer Bearer " + opaque + "\n" +
		"retry: Bearer bearer " + later + "\n" +
		"Bearer\n" + fine + " BearerBearer " + fine + "\n"
	want := map[string]string{doubled: "bearer-scheme-doubled (line 1)", colon: "bearer-scheme-colon (line 2)",
		later: "bearer-scheme-doubled (line 6)", lower: "bearer-scheme-doubled (line 5)", opaque: "bearer-scheme-doubled (line 5)", fine: ""}
	rep, err := Scan(strings.NewReader(log), ScanOptions{Options: testOpts()})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tokens) != len(want) {
		t.Fatalf("%d tokens, want %d", len(rep.Tokens), len(want))
	}
	for _, tok := range rep.Tokens {
		var got []string
		for _, f := range tok.Findings {
			if strings.HasPrefix(f.Code, "bearer-") {
				got = append(got, f.Code+" "+f.Evidence[strings.LastIndex(f.Evidence, "("):])
			}
		}
		if w := want[tok.Raw]; strings.Join(got, ", ") != w {
			t.Errorf("token of line %d: header findings %v, want %q", tok.Locations[0].Line, got, w)
		}
	}
	saved := scanWindow
	t.Cleanup(func() { scanWindow = saved })
	scanWindow = 61
	if streamed, at := scanBothWays(t, []byte(log)); !reflect.DeepEqual(streamed, at) {
		t.Error("read at its places, the log gives another report than streamed")
	}
}

// A JWT sent as the password of Basic authentication (Neo4j Browser's
// basic(principal, token), curl -u, a HAR or a log of either) is found
// as a token, with where it was; Basic credentials whose password is no
// JWT are a secret: no token, and the password never in the report.
func TestBasicCredentialsToken(t *testing.T) {
	tok := mint(t, validClaims(), nil)
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	basic := b64("alice@example.com:" + tok)
	tests := []struct{ name, paste string }{
		{"header", "Authorization: Basic " + basic},
		{"header, unpadded", "authorization: basic " + strings.TrimRight(basic, "=")},
		{"cURL -u", "curl -u 'alice@example.com:" + tok + "' http://localhost:7474/db/neo4j/query/v2"},
		{"cURL -H", "curl -H 'Authorization: Basic " + basic + "' http://localhost:7474/"},
		{"request dump", "POST /db/neo4j/query/v2 HTTP/1.1\nAuthorization: Basic " + basic + "\n\n{}"},
		{"HAR", `{"log":{"entries":[{"request":{"headers":[{"name":"Authorization","value":"Basic ` + basic + `"}]}}]}}`},
		{"log", "2026-12-05 DEBUG bolt: Authorization: Basic " + basic + " from 10.0.0.1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Inspect([]byte(tt.paste), testOpts())
			if len(r.Tokens) != 1 || r.Tokens[0].Raw != tok {
				t.Fatalf("the token was not found: %d tokens, findings %s", len(r.Tokens), allCodes(r))
			}
			if r.Tokens[0].Source != SourceBasicPassword {
				t.Errorf("source %q, want %q", r.Tokens[0].Source, SourceBasicPassword)
			}
			f := mustFinding(t, r.Tokens[0].Findings, FindBasicToken.Code)
			if !strings.Contains(f.Evidence, "alice@example.com") || strings.Contains(f.Message+f.Evidence+f.Fix, tok) {
				t.Errorf("finding %+v: no user name, or the token shown whole", f)
			}
			if slices.Contains(codes(r.Findings), "secret-in-input") {
				t.Errorf("the token was taken for a password: %s", allCodes(r))
			}
		})
	}
}

// A flag given Basic credentials ("Basic …", the Browser's way) reads the
// token in them, or nothing from a plain password, which is not shown.
func TestReadTokenValueBasic(t *testing.T) {
	tok := mint(t, validClaims(), nil)
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, v := range []string{"Basic " + b64("alice:"+tok), "Authorization: Basic " + b64("alice:"+tok)} {
		raw, fs := ReadTokenValue(v)
		if raw != tok || len(fs) != 1 || fs[0].Code != FindBasicToken.Code {
			t.Errorf("ReadTokenValue(%.20q…) = %.20q…, %v", v, raw, fs)
		}
	}
	raw, fs := ReadTokenValue("basic " + b64("alice:hunter2-Secret"))
	if raw != "" || len(fs) != 1 || fs[0].Code != "secret-in-input" || strings.Contains(fs[0].Message+fs[0].Evidence, "hunter2") {
		t.Errorf("a plain password: %q, %+v", raw, fs)
	}
}

func TestBasicCredentialsPassword(t *testing.T) {
	const pass = "hunter2-Secret-pass"
	b64 := base64.StdEncoding.EncodeToString([]byte("alice:" + pass))
	for _, paste := range []string{
		"Authorization: Basic " + b64,
		"curl -u alice:" + pass + " http://localhost:7474/",
		"curl -H 'Authorization: Basic " + b64 + "' http://localhost:7474/",
		"2026-12-05 DEBUG Authorization: Basic " + b64 + "\n",
	} {
		r := Inspect([]byte(paste), testOpts())
		if len(r.Tokens) != 0 {
			t.Errorf("%.30q: the password was taken for a token", paste)
		}
		js, _ := json.Marshal(r)
		if strings.Contains(string(js), pass) || strings.Contains(string(js), b64) {
			t.Errorf("%.30q: the report shows the password: %s", paste, js)
		}
		if !strings.HasPrefix(paste, "2026") && !slices.Contains(codes(r.Findings), "secret-in-input") {
			t.Errorf("%.30q: findings %s, want secret-in-input", paste, allCodes(r))
		}
	}
}
