package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// eachLineRecord is what the tests read of one --each-line --json record.
type eachLineRecord struct {
	Line  int `json:"line"`
	Input struct {
		Form string `json:"form"`
	} `json:"input"`
	Tokens []struct {
		Claims    map[string]any `json:"claims"`
		Signature struct {
			Verified bool `json:"verified"`
		} `json:"signature"`
		Findings []struct {
			Code string `json:"code"`
		} `json:"findings"`
	} `json:"tokens"`
	Transport string `json:"transport"`
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func parseRecords(t *testing.T, out string) []eachLineRecord {
	t.Helper()
	var recs []eachLineRecord
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var r eachLineRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("output line %d is not one JSON record: %v\n%.300s", i+1, err, line)
		}
		recs = append(recs, r)
	}
	return recs
}

// TestInspectEachLineVerifiesEveryLineInOrder: many lines are verified in
// parallel against one JWKS file, and printed as JSON Lines in input
// order, blank lines skipped but counted.
func TestInspectEachLineVerifiesEveryLineInOrder(t *testing.T) {
	p := newTestProvider(t)
	jwks := writeFile(t, "keys.jwks", string(p.jwks()))
	const n = 300
	var in strings.Builder
	for i := range n {
		in.WriteString(p.mint(t, fmt.Sprintf("aud-%d", i)) + "\n")
		if i == 10 {
			in.WriteString("\n   \n") // lines 12 and 13 are blank
		}
	}
	tokens := writeFile(t, "tokens.txt", in.String())

	out, stderr, code := run(t, "", "inspect", "--each-line", tokens, "--jwks", jwks, "--json")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	recs := parseRecords(t, out)
	if len(recs) != n {
		t.Fatalf("%d records, want %d", len(recs), n)
	}
	for i, r := range recs {
		line := i + 1
		if i > 10 {
			line += 2
		}
		if r.Line != line || len(r.Tokens) != 1 || r.Input.Form != "token" {
			t.Fatalf("record %d: line %d, %d tokens, form %q; want line %d", i, r.Line, len(r.Tokens), r.Input.Form, line)
		}
		if aud := r.Tokens[0].Claims["aud"]; aud != fmt.Sprintf("aud-%d", i) {
			t.Fatalf("record %d (line %d) holds the token with aud %v: out of order", i, r.Line, aud)
		}
		if !r.Tokens[0].Signature.Verified {
			t.Fatalf("line %d: not verified: %+v", r.Line, r.Tokens[0].Findings)
		}
		if r.Transport != "" {
			t.Fatalf("line %d: transport %q, but nothing is fetched for a JWKS file", r.Line, r.Transport)
		}
	}
}

// TestInspectEachLineExitsOneWhenALineFails: one tampered token among good
// ones is reported on its own line, and the exit code says so.
func TestInspectEachLineExitsOneWhenALineFails(t *testing.T) {
	p := newTestProvider(t)
	jwks := writeFile(t, "keys.jwks", string(p.jwks()))
	good := p.mint(t, "neo4j")
	parts := strings.Split(p.mint(t, "neo4j"), ".")
	other := strings.Split(p.mint(t, "other"), ".")
	tampered := parts[0] + "." + other[1] + "." + parts[2] // another payload under the signature
	tokens := writeFile(t, "tokens.txt", good+"\n"+tampered+"\n"+good+"\n")

	out, _, code := run(t, "", "inspect", "--each-line", tokens, "--jwks", jwks, "--json")
	recs := parseRecords(t, out)
	if code != ExitFindings || len(recs) != 3 {
		t.Fatalf("exit %d with %d records, want 1 with 3\n%s", code, len(recs), out)
	}
	if !recs[0].Tokens[0].Signature.Verified || recs[1].Tokens[0].Signature.Verified || !recs[2].Tokens[0].Signature.Verified {
		t.Errorf("verified: %v %v %v, want true false true", recs[0].Tokens[0].Signature.Verified, recs[1].Tokens[0].Signature.Verified, recs[2].Tokens[0].Signature.Verified)
	}
	if !hasCode(recs[1].Tokens[0].Findings, "signature-invalid") {
		t.Errorf("line 2 findings %+v, want signature-invalid", recs[1].Tokens[0].Findings)
	}
}

func hasCode(fs []struct {
	Code string `json:"code"`
}, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

// TestInspectEachLineUnreadableKeyIsSaidOnEveryLine: a JWKS file that does
// not parse is read once, and every line says why its token was not
// verified.
func TestInspectEachLineUnreadableKeyIsSaidOnEveryLine(t *testing.T) {
	p := newTestProvider(t)
	jwks := writeFile(t, "keys.jwks", `{"keys": not json`)
	tokens := writeFile(t, "tokens.txt", p.mint(t, "a")+"\n"+p.mint(t, "b")+"\n")
	out, _, code := run(t, "", "inspect", "--each-line", tokens, "--jwks", jwks, "--json")
	recs := parseRecords(t, out)
	if code != ExitFindings || len(recs) != 2 {
		t.Fatalf("exit %d, %d records\n%s", code, len(recs), out)
	}
	for _, r := range recs {
		if r.Tokens[0].Signature.Verified || !hasCode(r.Tokens[0].Findings, "key-file-invalid") {
			t.Errorf("line %d: %+v", r.Line, r.Tokens[0].Findings)
		}
	}
}

// TestInspectEachLineText prints each line's report under a header, and
// reads standard input with -.
func TestInspectEachLineText(t *testing.T) {
	p := newTestProvider(t)
	out, _, code := run(t, p.mint(t, "a")+"\n\nnot a token at all\n", "inspect", "--each-line", "-")
	if code != ExitFindings {
		t.Errorf("exit %d: the second input is no token", code)
	}
	first, third := strings.Index(out, "━━ line 1 ━━"), strings.Index(out, "━━ line 3 ━━")
	if first != 0 || third < 0 || strings.Contains(out, "line 2 ━━") {
		t.Errorf("line headers wrong:\n%s", out)
	}
	if !strings.Contains(out[:third], "Token 1") {
		t.Errorf("line 1 should show its token:\n%s", out)
	}
}

func TestInspectEachLineUsageErrors(t *testing.T) {
	p := newTestProvider(t)
	tokens := writeFile(t, "tokens.txt", p.mint(t, "a")+"\n")
	for name, args := range map[string][]string{
		"also a positional input": {"inspect", "--each-line", tokens, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"},
		"missing file":            {"inspect", "--each-line", filepath.Join(t.TempDir(), "nope.txt")},
		"a directory":             {"inspect", "--each-line", t.TempDir()},
	} {
		_, stderr, code := run(t, "", args...)
		if code != ExitUsage || stderr == "" {
			t.Errorf("%s: exit %d, stderr %q; want a usage error that says why", name, code, stderr)
		}
	}
}

// TestInspectJWKSFileFetchesNothing: with a key file nothing is fetched,
// so no transport is reported.
func TestInspectJWKSFileFetchesNothing(t *testing.T) {
	p := newTestProvider(t)
	jwks := writeFile(t, "keys.jwks", string(p.jwks()))
	out, _, code := run(t, "", "inspect", p.mint(t, "a"), "--jwks", jwks, "--json")
	v := decodeVerify(t, out)
	if code != ExitOK || !v.Tokens[0].Signature.Verified || v.Transport != "" {
		t.Errorf("exit %d, verified %v, transport %q\n%s", code, v.Tokens[0].Signature.Verified, v.Transport, out)
	}
}

// TestInspectEachLineFetchesTheIssuersKeysOnce: with an issuer, the
// workers share one discovery and one key set, fetched once.
func TestInspectEachLineFetchesTheIssuersKeysOnce(t *testing.T) {
	p := newTestProvider(t)
	var fetches atomic.Int32
	next := p.srv.Config.Handler
	p.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		next.ServeHTTP(w, r)
	})
	var in strings.Builder
	for range 64 {
		in.WriteString(p.mint(t, "api://default") + "\n")
	}
	tokens := writeFile(t, "tokens.txt", in.String())
	out, stderr, code := run(t, "", "inspect", "--each-line", tokens, "--issuer", p.srv.URL, "--audience", "api://default", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q\n%.500s", code, stderr, out)
	}
	recs := parseRecords(t, out)
	for _, r := range recs {
		if !r.Tokens[0].Signature.Verified || r.Transport == "" {
			t.Fatalf("line %d: verified %v, transport %q", r.Line, r.Tokens[0].Signature.Verified, r.Transport)
		}
	}
	if n := fetches.Load(); len(recs) != 64 || n != 2 { // the discovery document and the JWKS
		t.Errorf("%d records, %d fetches; want 64 and 2", len(recs), n)
	}
}
