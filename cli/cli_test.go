package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
)

var update = flag.Bool("update", false, "rewrite golden files")

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// run drives the CLI in-process with a fixed clock and zone.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		now: func() time.Time { return testNow }, loc: time.UTC}
	code = mainWith(e, args)
	return out.String(), errb.String(), code
}

// craft builds a token from literal JSON with a fixed 256-byte signature,
// so golden output is byte-for-byte stable.
func craft(header, payload string) string {
	sig := make([]byte, 256)
	for i := range sig {
		sig[i] = byte(255 - i)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(sig)
}

var (
	goldenAccess = craft(`{"alg":"RS256","kid":"demo-2026","typ":"at+jwt"}`,
		fmt.Sprintf(`{"iss":"https://idp.example.com/oauth2/default","sub":"alice@example.com","aud":"api://default","iat":%d,"exp":%d,"scp":["openid","profile"],"cid":"0oa-desktop","groups":["engineers"]}`,
			testNow.Add(-5*time.Minute).Unix(), testNow.Add(55*time.Minute).Unix()))
	goldenID = craft(`{"alg":"RS256","kid":"demo-2026"}`,
		fmt.Sprintf(`{"iss":"https://idp.example.com/oauth2/default","sub":"alice@example.com","aud":"0oa-desktop","iat":%d,"exp":%d,"nonce":"n-0S6_WzA2Mj","email":"alice@example.com","groups":["engineers"]}`,
			testNow.Add(-5*time.Minute).Unix(), testNow.Add(-2*time.Minute).Unix()))
	goldenResponse = fmt.Sprintf(`{"token_type":"Bearer","expires_in":"3600","access_token":%q,"id_token":%q,"refresh_token":"8xLOxBtZp8-refresh-opaque-4711","scope":"openid profile"}`, goldenAccess, goldenID)
)

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cli -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cli -update rewrites it)\n--- got ---\n%s", path, got)
	}
}

func TestInspectTextGolden(t *testing.T) {
	out, _, code := run(t, goldenResponse, "inspect", "-")
	if code != ExitFindings {
		t.Errorf("exit code = %d, want 1: the ID token is expired", code)
	}
	golden(t, "inspect-token-response.txt", out)
	for _, tok := range []string{goldenAccess, goldenID, "8xLOxBtZp8-refresh-opaque-4711"} {
		if strings.Contains(out, tok) {
			t.Errorf("text output contains a whole token; tokens must be redacted unless --show-tokens")
		}
	}
}

func TestInspectJSONGolden(t *testing.T) {
	out, _, _ := run(t, goldenResponse, "inspect", "--json")
	golden(t, "inspect-token-response.json", out)
}

// TestInspectJSONContract pins the field names of the JSON contract: later
// work adds fields, never renames or removes one.
func TestInspectJSONContract(t *testing.T) {
	out, _, _ := run(t, goldenResponse, "inspect", "--json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	requireKeys(t, "report", doc, "tokens", "findings", "input")
	tokens := doc["tokens"].([]any)
	if len(tokens) != 3 {
		t.Fatalf("tokens = %d, want 3", len(tokens))
	}
	id := tokens[0].(map[string]any)
	requireKeys(t, "token", id, "source", "kind", "header", "claims", "times", "findings", "role", "fingerprint", "redacted")
	if id["source"] != "id_token" || id["kind"] != "jws" {
		t.Errorf("first token source/kind = %v/%v", id["source"], id["kind"])
	}
	exp := id["times"].(map[string]any)["exp"].(map[string]any)
	requireKeys(t, "times.exp", exp, "unix", "utc", "local", "relative")
	if exp["relative"] != "expired 2m ago" {
		t.Errorf("exp.relative = %v", exp["relative"])
	}
	f := id["findings"].([]any)[0].(map[string]any)
	requireKeys(t, "finding", f, "code", "severity", "message", "fix", "evidence")
	if f["code"] != "token-expired" || f["severity"] != "error" {
		t.Errorf("first finding = %v %v, want token-expired error", f["code"], f["severity"])
	}
	// Claims keep their order: iss first, as sent.
	claims := out[strings.Index(out, `"claims"`):]
	if i, j, k := strings.Index(claims, `"iss"`), strings.Index(claims, `"sub"`), strings.Index(claims, `"nonce"`); !(i < j && j < k) {
		t.Errorf("claims are not in their original order")
	}
	if _, ok := id["raw"]; ok {
		t.Errorf("raw token present without --show-tokens")
	}
}

func requireKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s lacks %q", what, k)
		}
	}
}

func TestInspectShowTokens(t *testing.T) {
	out, _, _ := run(t, goldenAccess, "inspect", "--show-tokens", "--json")
	if !strings.Contains(out, `"raw": "`+goldenAccess+`"`) {
		t.Errorf("--show-tokens --json does not include the raw token")
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token.txt")
	if err := os.WriteFile(file, []byte(goldenAccess+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		in   string
		want int
	}{
		{"valid token as argument", []string{"inspect", goldenAccess}, "", ExitOK},
		{"flags after the token", []string{"inspect", goldenAccess, "--json"}, "", ExitOK},
		{"token from @FILE", []string{"inspect", "@" + file}, "", ExitOK},
		{"token from stdin", []string{"inspect", "-"}, goldenAccess, ExitOK},
		{"expired token", []string{"inspect", goldenID}, "", ExitFindings},
		{"garbage", []string{"inspect", "-"}, "not a token", ExitFindings},
		{"missing file", []string{"inspect", "@" + filepath.Join(dir, "nope")}, "", ExitUsage},
		{"two inputs", []string{"inspect", "a", "b"}, "", ExitUsage},
		{"unknown flag", []string{"inspect", "--nope"}, "", ExitUsage},
		{"unknown command", []string{"frobnicate"}, "", ExitUsage},
		{"help", []string{"inspect", "-h"}, "", ExitOK},
		{"no arguments to the CLI", nil, "", ExitUsage},
		{"version", []string{"version"}, "", ExitOK},
		{"scan without a file", []string{"scan"}, "", ExitUsage},
		{"scan of a directory", []string{"scan", dir}, "", ExitUsage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, tc.in, tc.args...)
			if code != tc.want {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tc.want, stderr)
			}
			if tc.want == ExitUsage && stderr == "" {
				t.Errorf("usage error with nothing on stderr")
			}
		})
	}
}

func TestMissingFileErrorNamesTheFileAndTheFix(t *testing.T) {
	_, stderr, _ := run(t, "", "inspect", "@/no/such/token.txt")
	if !strings.Contains(stderr, `"/no/such/token.txt"`) || !strings.Contains(stderr, "check the path") {
		t.Errorf("stderr = %q", stderr)
	}
}

// version and version --json say the same facts; the JSON has every
// field a release script or a bug report reads.
func TestVersionTextAndJSONAgree(t *testing.T) {
	text, _, code := run(t, "", "version")
	if code != ExitOK {
		t.Fatalf("version exit code %d", code)
	}
	out, _, code := run(t, "", "version", "--json")
	if code != ExitOK {
		t.Fatalf("version --json exit code %d", code)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("version --json is not JSON: %v\n%s", err, out)
	}
	for key, want := range map[string]string{"version": "string", "commit": "string", "commit_date": "string",
		"build_date": "string", "modified": "bool", "go_version": "string", "platform": "string", "gui": "bool"} {
		got := "missing"
		switch doc[key].(type) {
		case string:
			got = "string"
		case bool:
			got = "bool"
		}
		if got != want {
			t.Errorf("version --json %q: %s, want a %s", key, got, want)
		}
	}
	if doc["go_version"] != runtime.Version() || doc["platform"] != runtime.GOOS+"/"+runtime.GOARCH {
		t.Errorf("version --json go_version %v platform %v, want %s %s/%s", doc["go_version"], doc["platform"], runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	if v, _ := doc["version"].(string); v == "" || !strings.HasPrefix(text, "ssolens "+v+"\n") {
		t.Errorf("version says %q, version --json says version %q", text, v)
	}
	kind := "command line only"
	if doc["gui"] == true {
		kind = "desktop app and command line"
	}
	if !strings.Contains(text, "  build    "+kind) {
		t.Errorf("version text does not say %q (gui %v):\n%s", kind, doc["gui"], text)
	}
	if alias, _, _ := run(t, "", "--version"); alias != text {
		t.Errorf("--version %q, version %q", alias, text)
	}
	if _, stderr, code := run(t, "", "version", "extra"); code != ExitUsage || stderr == "" {
		t.Errorf("version extra: exit %d, stderr %q", code, stderr)
	}
}

func TestScanJSONHasLocations(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "app.log")
	log := "boot\nGET /me Authorization: Bearer " + goldenAccess + "\nGET /me Authorization: Bearer " + goldenAccess + "\n"
	if err := os.WriteFile(file, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, "", "scan", file, "--json")
	if code != ExitOK {
		t.Errorf("exit code = %d", code)
	}
	var doc struct {
		Tokens []struct {
			Source    string `json:"source"`
			Locations []struct {
				Offset  int64  `json:"offset"`
				Line    int    `json:"line"`
				Context string `json:"context"`
			} `json:"locations"`
		} `json:"tokens"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Tokens) != 1 || len(doc.Tokens[0].Locations) != 2 {
		t.Fatalf("scan JSON = %s", out)
	}
	loc := doc.Tokens[0].Locations[1]
	if loc.Line != 3 || loc.Offset != int64(strings.LastIndex(log, goldenAccess)) || !strings.Contains(loc.Context, "Bearer ‹token›") {
		t.Errorf("second location = %+v", loc)
	}
}

// TestFindingsDocListsEveryCode keeps docs/findings.md and the catalogue
// in step: every code defined in the core is documented, and the document
// lists no code that does not exist.
func TestFindingsDocListsEveryCode(t *testing.T) {
	path := filepath.Join("..", "docs", "findings.md")
	if *update {
		var b bytes.Buffer
		writeFindingsMarkdown(&b)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\|").FindAllStringSubmatch(string(doc), -1) {
		documented[m[1]] = true
	}
	defined := map[string]bool{}
	for _, d := range inspector.Definitions() {
		defined[d.Code] = true
		if !documented[d.Code] {
			t.Errorf("code %q (%s) is not in docs/findings.md", d.Code, d.Summary)
		}
	}
	var extra []string
	for c := range documented {
		if !defined[c] {
			extra = append(extra, c)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("docs/findings.md lists codes that are not defined: %v", extra)
	}
}

// Every row of the findings catalogue in Markdown is one table row of three
// cells: a | in a summary (docker-run-cut-by-shell's "; & or |") is
// escaped, not a cell's end.
func TestFindingsMarkdownRowsHaveThreeCells(t *testing.T) {
	var b bytes.Buffer
	writeFindingsMarkdown(&b)
	for _, line := range strings.Split(b.String(), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		if n := strings.Count(line, "|") - strings.Count(line, `\|`); n != 4 {
			t.Errorf("%d cell separators, want 4: %s", n, line)
		}
	}
}
