package report

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/ssolens/ssolens/inspector"
)

func TestRedactTextMasksSecretsByShape(t *testing.T) {
	jwt := craft(`{"alg":"RS256"}`, `{"sub":"x"}`)
	tests := []struct {
		name, in, want string
	}{
		{"e-mail address", "log in as alice@example.com now", "log in as a•••@e••• now"},
		{"JWT named by fingerprint", "token " + jwt + ".", "token ‹token " + inspector.Fingerprint(jwt) + "›."},
		{"JWE with an empty key part", "jwe eyJhbGciOiJkaXIifQ..n5zYVTe4.5gBXoNNy.EYp7ERJ2 end", "jwe ‹token " + inspector.Fingerprint("eyJhbGciOiJkaXIifQ..n5zYVTe4.5gBXoNNy.EYp7ERJ2") + "› end"},
		{"bearer credential of any shape", "Authorization: Bearer abc.def~1", "Authorization: Bearer ‹redacted›"},
		{"client_secret in token_params", "token_params=client_secret=abc;audience=x", "token_params=client_secret=‹redacted›;audience=x"},
		{"password in JSON", `{"password": "hunter2"}`, `{"password": "‹redacted›"}`},
		{"long random run", "code=Qm9WbXpLxR2tN8vB4kS7yH1dF5g&state=1", "code=‹redacted›&state=1"},
		{"UUIDs stay", "tid 11111111-2222-3333-4444-555555555555", "tid 11111111-2222-3333-4444-555555555555"},
		{"setting names stay", "token_type_authentication=id_token group_to_role_mapping", "token_type_authentication=id_token group_to_role_mapping"},
		{"URLs stay", "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0", "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"},
		{"short ids stay", "client 0oa1b2c3d4e5f6g7h8i9 kid key-2026", "client 0oa1b2c3d4e5f6g7h8i9 kid key-2026"},
		{"prose after bearer stays", "send it as a bearer token, the bearer credential", "send it as a bearer token, the bearer credential"},
		{"a bearer word-shaped credential of many letters is masked", "Bearer abcdefghijklmnopqrstuvwxyz", "Bearer ‹redacted›"},
		{"placeholders stay", "CLIENT_SECRET=... client_secret=$CLIENT_SECRET password=<your password> secret=…", "CLIENT_SECRET=... client_secret=$CLIENT_SECRET password=<your password> secret=…"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RedactText(tt.in); got != tt.want {
				t.Errorf("RedactText(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := RedactText(RedactText(tt.in)); again != tt.want {
				t.Errorf("not idempotent: %q", again)
			}
		})
	}
}

func TestRedactorMasksLearnedNamesInText(t *testing.T) {
	tok := inspector.Decode(craft(`{"alg":"RS256"}`, `{"name":"Alice Smith","preferred_username":"asmith","email":"a@b.example"}`), "id_token", inspector.Options{})
	r := NewRedactor(tok)
	tests := []struct{ in, want string }{
		{"would log in as asmith.", "would log in as a•••."},
		{"Alice Smith signed in; Alice again", "A••• S••• signed in; A••• again"},
		{"malice and Smithers stay", "malice and Smithers stay"},
		{"the token " + tok.Raw, "the token ‹token " + tok.Fingerprint + "›"},
		{"shortened: " + tok.Redacted, "shortened: ‹token " + tok.Fingerprint + "›"},
	}
	for _, tt := range tests {
		if got := r.Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRedactorMasksHashClaims: at_hash, c_hash and nonce are masked in
// the claims and wherever their value is quoted (a check's expected
// value).
func TestRedactorMasksHashClaims(t *testing.T) {
	tok := inspector.Decode(craft(`{"alg":"RS256"}`, `{"at_hash":"9pNVDeF0yaputeO1_-2CRQ","nonce":"n-4242-abcd"}`), "id_token", inspector.Options{})
	r := NewRedactor(tok)
	if got := r.Text("expected 9pNVDeF0yaputeO1_-2CRQ; nonce n-4242-abcd"); got != "expected ‹redacted›; nonce ‹redacted›" {
		t.Errorf("Text = %q", got)
	}
	if got := string(r.ClaimValue("at_hash", []byte(`"9pNVDeF0yaputeO1_-2CRQ"`))); got != `"‹redacted›"` {
		t.Errorf("at_hash = %s", got)
	}
}

func TestRedactClaimsKeepsWhatDebuggingNeeds(t *testing.T) {
	claims := &inspector.Object{}
	for _, m := range []struct{ name, value string }{
		{"iss", `"https://idp.example.com"`},
		{"aud", `["api://default","0oa1"]`},
		{"groups", `["admins@corp.example","engineers"]`},
		{"roles", `["admin"]`},
		{"exp", `1795438500`},
		{"email", `"alice@example.com"`},
		{"name", `"Alice Smith"`},
		{"upn", `"alice@corp.example"`},
		{"unique_name", `"CORP\\alice"`},
		{"client_secret", `"abc"`},
		{"refresh_token", `"rt"`},
		{"sub", `"alice@example.com"`},
		{"sid", `"Qm9WbXpLxR2tN8vB4kS7yH1dF5g"`},
		{"address", `{"street_address":"1 Main St"}`},
		{"ext", `{"note":"call alice@example.com","n":1.50}`},
	} {
		claims.Members = append(claims.Members, inspector.Member{Name: m.name, Value: json.RawMessage(m.value)})
	}
	want := map[string]string{
		"iss":           `"https://idp.example.com"`,
		"aud":           `["api://default","0oa1"]`,
		"groups":        `["admins@corp.example","engineers"]`,
		"roles":         `["admin"]`,
		"exp":           `1795438500`,
		"email":         `"a•••@e•••"`,
		"name":          `"A••• S•••"`,
		"upn":           `"a•••@c•••"`,
		"unique_name":   `"C•••"`,
		"client_secret": `"‹redacted›"`,
		"refresh_token": `"‹redacted›"`,
		"sub":           `"a•••@e•••"`,
		"sid":           `"‹redacted›"`,
		"address":       `"‹redacted›"`,
		"ext":           `{"note":"call a•••@e•••","n":1.50}`,
	}
	got := RedactClaims(claims)
	for _, m := range got.Members {
		if string(m.Value) != want[m.Name] {
			t.Errorf("%s = %s, want %s", m.Name, m.Value, want[m.Name])
		}
		if !json.Valid(m.Value) {
			t.Errorf("%s is not JSON: %s", m.Name, m.Value)
		}
	}
	if v, _ := claims.Get("email"); string(v) != `"alice@example.com"` {
		t.Errorf("RedactClaims changed its input: email = %s", v)
	}
	if RedactClaims(nil) != nil {
		t.Error("RedactClaims(nil) is not nil")
	}
}

func TestRedactedTokenHoldsNoTokenText(t *testing.T) {
	raw := craft(`{"alg":"RS256","kid":"k"}`, `{"email":"alice@example.com"}`)
	tok := inspector.Decode(raw, "id_token", inspector.Options{})
	tok.RawShown = raw
	red := NewRedactor(tok).Token(tok)
	b, err := json.Marshal(red)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{raw, strings.Split(raw, ".")[2], strings.Split(raw, ".")[1], "alice@example.com", tok.Redacted} {
		if strings.Contains(string(b), s) || red.Raw != "" || red.Segments != nil {
			t.Errorf("redacted token still holds %q", clip(s))
		}
	}
	if tok.Raw != raw {
		t.Error("Token changed its input")
	}
}

func TestRedactorIsSafeForConcurrentUse(t *testing.T) {
	r := NewRedactor()
	claims := &inspector.Object{Members: []inspector.Member{{Name: "name", Value: json.RawMessage(`"Alice Smith"`)}}}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(2)
		go func() { defer wg.Done(); r.Learn(claims) }()
		go func() { defer wg.Done(); _ = r.Text("Alice Smith") }()
	}
	wg.Wait()
	if got := r.Text("Alice Smith"); got != "A••• S•••" {
		t.Errorf("Text = %q", got)
	}
}

// TestRedactorMasksSubjectsNotClients: a person's sub (a UUID) is masked
// wherever it is quoted; a client's own token, whose sub is its client id
// (Okta's cid, Auth0's <id>@clients), keeps that id readable in a fix line.
func TestRedactorMasksSubjectsNotClients(t *testing.T) {
	person := inspector.Decode(craft(`{"alg":"RS256"}`, `{"sub":"4f1c2a9e-7b3d-4e55-9a61-0c2d8e7f1b34","aud":"neo4j"}`), "access_token", inspector.Options{})
	if got := NewRedactor(person).Text(`it shows the user as "4f1c2a9e-7b3d-4e55-9a61-0c2d8e7f1b34"`); strings.Contains(got, "4f1c2a9e") {
		t.Errorf("a person's sub is shown: %q", got)
	}
	for _, claims := range []string{
		`{"sub":"0oa9client","cid":"0oa9client","aud":"api://default"}`,
		`{"sub":"AbCd1234@clients","azp":"AbCd1234","aud":"https://api"}`,
	} {
		client := inspector.Decode(craft(`{"alg":"RS256"}`, claims), "access_token", inspector.Options{})
		var c struct{ Sub string }
		_ = json.Unmarshal([]byte(claims), &c)
		line := "params=client_id=" + strings.TrimSuffix(c.Sub, "@clients") + ";sub " + c.Sub
		if got := NewRedactor(client).Text(line); got != line {
			t.Errorf("a client's sub is masked: %q → %q", line, got)
		}
	}
}
