package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if _, stderr, code := run(t, "", "report", "@"+file, "--html", "-o", html, "--offline"); code != ExitOK || !strings.Contains(stderr, "redacted") {
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
