package explain

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
)

var update = flag.Bool("update", false, "rewrite catalogue_gen.go and docs/neo4j-errors.md from catalogue.json")

func codes(fs []inspector.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

// Each entry's real pastes yield that entry, through inspect as a user
// runs it.
func TestEveryExampleYieldsItsEntry(t *testing.T) {
	for _, e := range catalogue {
		if len(e.Examples) == 0 {
			t.Errorf("%s: no example paste", e.ID)
		}
		for _, ex := range e.Examples {
			t.Run(e.ID, func(t *testing.T) {
				rep := inspector.Inspect([]byte(ex), inspector.Options{})
				Annotate(rep, []byte(ex))
				got := codes(rep.Findings)
				if !slices.Contains(got, e.ID) {
					t.Fatalf("paste %q: findings %v, want %s", ex, got, e.ID)
				}
				if slices.Contains(got, "no-token-found") {
					t.Errorf("paste %q: still says no-token-found beside %s", ex, e.ID)
				}
			})
		}
	}
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestCatalogueIsComplete(t *testing.T) {
	ids := map[string]bool{}
	commands := []string{"roles", "check", "lint", "login", "inspect", "snippets"}
	for _, e := range catalogue {
		if !kebab.MatchString(e.ID) || ids[e.ID] {
			t.Errorf("%q: id not kebab-case or not unique", e.ID)
		}
		ids[e.ID] = true
		if OriginTitle[e.Origin] == "" {
			t.Errorf("%s: unknown origin %q", e.ID, e.Origin)
		}
		if e.Provenance.Kind != Quoted && e.Provenance.Kind != Reconstructed || e.Provenance.Source == "" {
			t.Errorf("%s: provenance %+v: want quoted or reconstructed, with its source", e.ID, e.Provenance)
		}
		if len(e.Needles) == 0 || slices.Contains(e.Needles, "") {
			t.Errorf("%s: needles %q: at least one, none empty", e.ID, e.Needles)
		}
		if e.Title == "" || e.Message == "" || len(e.Causes) == 0 || e.Check == "" || e.Fix == "" {
			t.Errorf("%s: title, message, causes, check and fix are all required", e.ID)
		}
		fields := strings.Fields(e.Next)
		if len(fields) < 2 || fields[0] != "ssolens" || !slices.Contains(commands, fields[1]) {
			t.Errorf("%s: next %q is not an ssolens command", e.ID, e.Next)
		}
		switch e.Severity {
		case inspector.SeverityError, inspector.SeverityWarning, inspector.SeverityInfo:
		default:
			t.Errorf("%s: severity %q", e.ID, e.Severity)
		}
	}
	for _, e := range catalogue {
		for _, l := range e.Leads {
			if l.Group < 1 || l.Group > e.re().NumSubexp() || l.Cause < 0 || l.Cause >= len(e.Causes) {
				t.Errorf("%s: lead %+v names no group or cause", e.ID, l)
			}
		}
		for _, s := range e.SuppressedBy {
			if !ids[s] {
				t.Errorf("%s: suppressed_by names no entry %q", e.ID, s)
			}
		}
	}
	// The issue's minimum: these must be there.
	for _, id := range []string{"browser-could-not-parse-jwt", "neo4j-status-token-expired", "driver-python-token-expired",
		"idp-entra-aadsts50011", "idp-entra-aadsts700016", "idp-entra-aadsts65001", "idp-entra-aadsts90009", "neo4j-log-failed-to-start"} {
		if !ids[id] {
			t.Errorf("catalogue lacks %s", id)
		}
	}
}

// The paste from the issue: the message users hold in their hands.
func TestIssuePaste(t *testing.T) {
	in := []byte(`ssolens inspect 'Failed to get credentials: Could not parse JWT of type "access_token" for idp_id "okta", aborting'`)
	rep := inspector.Inspect(in, inspector.Options{})
	Annotate(rep, in)
	if len(rep.Findings) != 1 || rep.Findings[0].Code != "browser-could-not-parse-jwt" {
		t.Fatalf("findings %v", codes(rep.Findings))
	}
	f := rep.Findings[0]
	if !strings.Contains(f.Fix, "token_type_principal=id_token;token_type_authentication=id_token") || strings.Contains(f.Fix, "ssolens") {
		t.Errorf("fix %q: want the conf change, and no command", f.Fix)
	}
	if !strings.HasPrefix(f.Command, "ssolens roles") {
		t.Errorf("command %q, want the entry's next command, ssolens roles …", f.Command)
	}
	if !strings.Contains(f.Evidence, `line 1: Could not parse JWT of type "access_token" for idp_id "okta"`) || !strings.Contains(f.Evidence, "quoted text (npm neo4j-client-sso") {
		t.Errorf("evidence %q", f.Evidence)
	}
}

// A log excerpt with a token in it yields the token and the entries.
func TestMixedPaste(t *testing.T) {
	jwt := "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqYW5lIiwiYXVkIjoibmVvNGoifQ.c2lnbmF0dXJl"
	in := []byte("2024-05-01 10:00:00 DEBUG token " + jwt + "\n" +
		"2024-05-01 10:00:01 ERROR [jane]: failed to log in: invalid principal or credentials\n" +
		"neo4j.exceptions.AuthError: {code: Neo.ClientError.Security.Unauthorized} {message: The client is unauthorized due to authentication failure.}\n")
	rep := inspector.Inspect(in, inspector.Options{})
	Annotate(rep, in)
	if len(rep.Tokens) != 1 {
		t.Fatalf("%d tokens, want 1", len(rep.Tokens))
	}
	got := codes(rep.Findings)
	for _, want := range []string{"neo4j-log-failed-to-log-in", "driver-python-auth-error"} {
		if !slices.Contains(got, want) {
			t.Errorf("findings %v lack %s", got, want)
		}
	}
	// The generic status entry gives way to the driver's own.
	if slices.Contains(got, "neo4j-status-unauthorized") {
		t.Errorf("findings %v: the generic status entry should give way to driver-python-auth-error", got)
	}
	for _, f := range rep.Findings {
		if f.Code == "neo4j-log-failed-to-log-in" && !strings.HasPrefix(f.Evidence, "line 2: ") {
			t.Errorf("evidence %q: want line 2", f.Evidence)
		}
	}
}

// A bare status code (no driver around it) yields the status entry.
func TestStatusCodeAlone(t *testing.T) {
	ms := Find([]byte("Neo.ClientError.Security.Unauthorized"))
	if len(ms) != 1 || ms[0].Entry.ID != "neo4j-status-unauthorized" {
		t.Fatalf("got %v", ms)
	}
}

// A status code pasted alone is the status, not an opaque token, and a
// Query API error body is the error, not JSON without a token.
func TestRecognisedPasteIsNoToken(t *testing.T) {
	for in, want := range map[string]string{
		"Neo.TransientError.Security.AuthProviderTimeout\n":                                                        "neo4j-status-auth-provider-failed",
		`{"errors":[{"code":"Neo.ClientError.Request.InvalidFormat","message":"Invalid authentication header."}]}`: "neo4j-http-invalid-auth-header",
	} {
		rep := inspector.Inspect([]byte(in), inspector.Options{})
		Annotate(rep, []byte(in))
		if got := codes(rep.Findings); !slices.Equal(got, []string{want}) {
			t.Errorf("%q: findings %v, want only %s", in, got, want)
		}
		if len(rep.Tokens) != 0 || rep.Input.Form == inspector.FormToken {
			t.Errorf("%q: %d tokens, form %s; want none, not a token", in, len(rep.Tokens), rep.Input.Form)
		}
	}
	// A real opaque token stays one beside a recognised text.
	in := []byte("Authorization: Bearer 2YotnFZFEjr1zCsicMWpAA\nNeo.ClientError.Security.Unauthorized")
	rep := inspector.Inspect(in, inspector.Options{})
	Annotate(rep, in)
	if len(rep.Tokens) != 1 {
		t.Errorf("%d tokens, want the opaque bearer token", len(rep.Tokens))
	}
}

// Percent-encoded error descriptions in a redirect URL are read decoded,
// and the inspector's own authorization-error finding stays.
func TestRedirectURLEncoded(t *testing.T) {
	in := []byte("https://neo4j.example/browser/?idp_id=okta&auth_flow_step=redirect_uri&error=access_denied&error_description=User+is+not+assigned+to+the+client+application.&state=s")
	rep := inspector.Inspect(in, inspector.Options{})
	Annotate(rep, in)
	got := codes(rep.Findings)
	if !slices.Contains(got, "idp-okta-not-assigned") || !slices.Contains(got, "authorization-error") {
		t.Fatalf("findings %v", got)
	}
}

// Ordinary pastes match nothing.
func TestNoFalseMatches(t *testing.T) {
	for _, in := range []string{
		"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2ln",
		`{"access_token":"abc","id_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2ln","token_type":"Bearer","expires_in":3600}`,
		"dbms.security.oidc.okta.audience=api://default\ndbms.security.oidc.okta.config=token_type_principal=id_token;token_type_authentication=id_token",
		"2024-05-01 10:00:00.000+0000 INFO  Started.",
	} {
		if ms := Find([]byte(in)); len(ms) != 0 {
			t.Errorf("%q matched %s", in, ms[0].Entry.ID)
		}
	}
}

// Pasted text reaches the evidence only made safe.
func TestEvidenceIsSafe(t *testing.T) {
	in := []byte("Couldn't find sso provider with id \"ok\u202etа\x1b[31m\", only found okta")
	ms := Find(in)
	if len(ms) != 1 {
		t.Fatalf("got %v", ms)
	}
	ev := ms[0].Finding().Evidence
	if strings.ContainsAny(ev, "\u202e\x1b") || !strings.Contains(ev, `\u202e`) || !strings.Contains(ev, `\x1b`) {
		t.Errorf("evidence %q: control and bidi characters must be escaped", ev)
	}
}

// Huge inputs are searched only up to maxScan.
func TestFindBounded(t *testing.T) {
	in := make([]byte, maxScan+100)
	copy(in[maxScan+10:], "Invalid state parameter, aborting")
	if ms := Find(in); len(ms) != 0 {
		t.Errorf("matched past maxScan: %v", ms)
	}
}

// A log of any size is searched whole, a chunk of lines at a time: a text
// is found once, at its first line, with the count of all its lines,
// across chunks, and a text cut by a chunk's end is not lost.
func TestFindReaderWholeLog(t *testing.T) {
	saved := readChunk
	defer func() { readChunk = saved }()
	readChunk = 200
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, "2026-12-05 06:00:%02d.000+0000 INFO  [neo4j]: request %d served\n", i, i)
		if i%10 == 3 {
			fmt.Fprintf(&b, "2026-12-05 06:00:%02d.000+0000 ERROR [user%d]: failed to log in: invalid principal or credentials\n", i, i)
		}
	}
	b.WriteString("2026-12-05 ERROR Unable to fetch JWKS from https://idp.example.com/keys")
	ms, err := FindReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Match{}
	for _, m := range ms {
		got[m.Entry.ID] = m
	}
	if m := got["neo4j-log-failed-to-log-in"]; m.Count != 5 || m.Line != 5 || !strings.Contains(m.Text, "[user3]") {
		t.Errorf("failed to log in: line %d, count %d, text %q; want line 5, 5 times, user3's", m.Line, m.Count, m.Text)
	}
	if m := got["neo4j-log-jwks-fetch-failed"]; m.Count != 1 || m.Line != 56 {
		t.Errorf("the last line, with no newline: line %d, count %d", m.Line, m.Count)
	}
	if len(ms) != 2 {
		t.Errorf("%d matches, want 2: %v", len(ms), ms)
	}
}

func TestDocInStep(t *testing.T) {
	path := filepath.Join("..", "docs", "neo4j-errors.md")
	want := Markdown()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("docs/neo4j-errors.md is out of step with catalogue.json: run go test ./explain -update")
	}
}

// "Could not parse JWT of type id_token" is most likely a missing ID
// token: that cause leads.
func TestLeadCause(t *testing.T) {
	for typ, want := range map[string]string{"id_token": "The named field is missing", "access_token": "The access token is opaque"} {
		ms := Find([]byte(`Failed to get credentials: Could not parse JWT of type "` + typ + `" for idp_id "google", aborting`))
		if len(ms) != 1 {
			t.Fatalf("%v", ms)
		}
		msg := ms[0].Finding().Message
		if !strings.Contains(msg, "(1) "+want) {
			t.Errorf("%s: message %q: want %q first", typ, msg, want)
		}
	}
}

// TestFindReaderSearchesOnlyAroundNeedles: a large log is matched only in
// the lines around a needle and in lines to decode, and finds there what
// Find finds in the whole text: a stack trace's lines after its needle,
// an encoded error_description, the first line and the count.
func TestFindReaderSearchesOnlyAroundNeedles(t *testing.T) {
	var b strings.Builder
	noise := "2026-12-05 INFO request served token=eyJqd2siOiJKV0sgandrIn0.x.y jwk JWK Jwk 50%\n"
	for range 40 {
		b.WriteString(noise)
	}
	b.WriteString("Neo4jError: The client is unauthorized due to authentication failure.\n\n    at captureStacktrace (/app/node_modules/neo4j-driver-core/lib/result.js:624:17) {\n  constructor: [Function: Neo4jError] { isRetriable: [Function (anonymous)] },\n  code: 'Neo.ClientError.Security.Unauthorized',\n  retriable: false\n}\n")
	for range 40 {
		b.WriteString(noise)
	}
	b.WriteString("GET https://neo4j.example/browser/?idp_id=azure&error=invalid_request&error_description=AADSTS50011%3a+The+redirect+URI+does+not+match\n")
	b.WriteString("2026-12-05 ERROR [bob]: failed to log in: invalid principal or credentials\n")
	in := b.String()
	regions := needles().regions(in)
	covered := 0
	for _, r := range regions {
		covered += r[1] - r[0]
	}
	if len(regions) == 0 || covered > len(in)/2 {
		t.Errorf("regions %v cover %d of %d bytes: the noise is searched", regions, covered, len(in))
	}
	ms, err := FindReader(strings.NewReader(in))
	if want := Find([]byte(in)); err != nil || !reflect.DeepEqual(ms, want) {
		t.Fatalf("FindReader: %v, %v\nFind: %v", ms, err, want)
	}
	got := map[string]int{}
	for _, m := range ms {
		got[m.Entry.ID] = m.Line
	}
	for id, line := range map[string]int{"driver-javascript-neo4jerror": 41, "idp-entra-aadsts50011": 88, "neo4j-log-failed-to-log-in": 89} {
		if got[id] != line {
			t.Errorf("%s at line %d, want %d (all: %v)", id, got[id], line, got)
		}
	}
}
