package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestRolesOfflineGolden(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tokens.json")
	if err := os.WriteFile(file, []byte(goldenResponse), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, "", "roles", "--conf", "../neo4j/testdata/okta-access-token.conf", "--tokens", file, "--offline")
	if code != ExitOK {
		t.Errorf("exit code = %d, want 0 (would log in, signature unchecked)", code)
	}
	golden(t, "roles-okta-offline.txt", out)

	out, _, _ = run(t, "", "roles", "--conf", "../neo4j/testdata/okta-access-token.conf", "--id-token", goldenID, "--access-token", goldenAccess, "--offline", "--json")
	var pred map[string]any
	if err := json.Unmarshal([]byte(out), &pred); err != nil {
		t.Fatal(err)
	}
	requireKeys(t, "prediction", pred, "provider", "outcome", "principal_token", "authentication_token", "username",
		"groups", "roles", "grants", "unmapped_groups", "show_current_user", "findings")
	if pred["outcome"] != "would-log-in" || pred["username"] != "alice@example.com" {
		t.Errorf("prediction = %v / %v", pred["outcome"], pred["username"])
	}
}

func TestRolesUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"roles", "--tokens", "x.json"},
		{"roles", "--conf", "../assets/demo-neo4j.conf"},
		{"roles", "--conf", "/no/such.conf", "--access-token", "x"},
		{"roles", "--conf", "../assets/demo-neo4j.conf", "--tokens", "/no/such/tokens.json"},
		{"roles", "--conf", "../assets/demo-neo4j.conf", "--access-token", "x", "--userinfo", "/no/such.json"},
	} {
		if _, stderr, code := run(t, "", args...); code != ExitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, code, stderr)
		}
	}
}
