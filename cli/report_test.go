package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReportIsRedactedByDefault(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tokens.json")
	if err := os.WriteFile(file, []byte(goldenResponse), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := run(t, "", "report", "@"+file, "--conf", "../neo4j/conf/testdata/okta-access-token.conf", "--offline")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"# SSO Lens investigation", "okta", "engineers"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, secret := range []string{"alice@example.com", goldenAccess, goldenID, "8xLOxBtZp8-refresh-opaque-4711"} {
		if strings.Contains(out, secret) {
			t.Errorf("the redacted report shows %.30q", secret)
		}
	}
	html := filepath.Join(t.TempDir(), "r.html")
	// Without --conf the answer is the tokens': the ID token expired 2m
	// ago, an error finding, so exit 1 as inspect does, the report written.
	if _, stderr, code := run(t, "", "report", "@"+file, "--html", "-o", html, "--offline"); code != ExitFindings || !strings.Contains(stderr, "redacted") {
		t.Fatalf("html: exit %d, %s", code, stderr)
	}
	b, _ := os.ReadFile(html)
	if !strings.HasPrefix(strings.TrimSpace(string(b)), "<!DOCTYPE html>") || strings.Contains(string(b), "alice@example.com") {
		t.Errorf("HTML report: %.200s", b)
	}
	out, _, _ = run(t, "", "report", "@"+file, "--no-redact", "--offline")
	if !strings.Contains(out, "alice@example.com") || strings.Contains(out, goldenAccess) {
		t.Errorf("--no-redact shows personal data but never a whole token")
	}
}

// report exits as the other commands do: 1 when the investigation has an
// error finding, the report written all the same (to standard output or
// to --output).
func TestReportExitsOneOnErrorFindings(t *testing.T) {
	tokens := filepath.Join(t.TempDir(), "tokens.json")
	if err := os.WriteFile(tokens, []byte(goldenResponse), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, code := run(t, "", "inspect", "@"+tokens); code != ExitFindings {
		t.Errorf("inspect of the golden response (its ID token expired) exits %d", code)
	}

	expired := craft(`{"alg":"RS256","kid":"demo-2026"}`,
		fmt.Sprintf(`{"iss":"https://idp.example.com","sub":"alice","aud":"api","iat":%d,"exp":%d}`, testNow.Add(-2*time.Hour).Unix(), testNow.Add(-time.Hour).Unix()))
	if _, _, code := run(t, "", "inspect", expired); code != ExitFindings {
		t.Fatalf("inspect of an expired token exits %d, not %d: the rule report follows", code, ExitFindings)
	}
	out, stderr, code := run(t, "", "report", expired)
	if code != ExitFindings || !strings.Contains(out, "token-expired") {
		t.Errorf("report of an expired token exits %d (want %d), stderr %q, report has token-expired: %v", code, ExitFindings, stderr, strings.Contains(out, "token-expired"))
	}
	file := filepath.Join(t.TempDir(), "r.md")
	if _, stderr, code := run(t, "", "report", expired, "-o", file); code != ExitFindings || !strings.Contains(stderr, "wrote") {
		t.Errorf("report -o FILE of an expired token exits %d (want %d): %s", code, ExitFindings, stderr)
	}
	if _, stderr, code := run(t, "", "report", goldenAccess); code != ExitOK {
		t.Errorf("report of a valid token exits %d: %s", code, stderr)
	}
}

// report -o - writes to standard output (the Unix convention), not to a
// file named "-".
func TestReportOutputDashIsStdout(t *testing.T) {
	t.Chdir(t.TempDir())
	want, _, _ := run(t, "", "report", goldenAccess)
	out, stderr, code := run(t, "", "report", goldenAccess, "-o", "-")
	if code != ExitOK || out != want || stderr != "" {
		t.Errorf("report -o - exits %d, stderr %q, stdout is the report: %v", code, stderr, out == want)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf(`report -o - wrote a file named "-"`)
	}
}

// report has no JSON form: --json is a usage error naming the flag that
// chooses the format and the commands that print JSON, not Markdown
// printed under a JSON flag.
func TestReportRefusesJSON(t *testing.T) {
	for _, flag := range []string{"--json", "-j", "--show-tokens"} {
		out, stderr, code := run(t, "", "report", goldenAccess, flag)
		if code != ExitUsage || out != "" || !strings.Contains(stderr, "ssolens inspect") {
			t.Errorf("report %s: exit %d, stdout %.40q, stderr %q", flag, code, out, stderr)
		}
	}
	if _, stderr, _ := run(t, "", "report", goldenAccess, "--json"); !strings.Contains(stderr, "--html") {
		t.Errorf("report --json does not name --html: %q", stderr)
	}
}
