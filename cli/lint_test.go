package cli

import (
	"encoding/json"
	"testing"
)

func TestLintGolden(t *testing.T) {
	out, _, code := run(t, "", "lint", "../neo4j/conf/testdata/broken.conf")
	if code != ExitFindings {
		t.Errorf("exit code = %d, want 1: Neo4j would not start", code)
	}
	golden(t, "lint-broken.txt", out)
}

func TestLintExitCodesAndJSON(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		want      int
		wouldStop bool
	}{
		{"demo conf starts", []string{"lint", "../assets/samples/demo-neo4j.conf", "--json"}, ExitOK, false},
		{"broken conf does not start", []string{"lint", "../neo4j/conf/testdata/broken.conf", "--json"}, ExitFindings, true},
		{"4.4 rules", []string{"lint", "../neo4j/conf/testdata/okta-access-token.conf", "--neo4j-version", "4.4", "--json"}, ExitOK, false},
		{"Docker env form", []string{"lint", "../neo4j/conf/testdata/keycloak.env", "--env", "--json"}, ExitOK, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, code := run(t, "", tc.args...)
			if code != tc.want {
				t.Fatalf("exit code = %d, want %d (stderr %q)\n%s", code, tc.want, stderr, out)
			}
			var doc struct {
				WouldStart bool              `json:"would_start"`
				Providers  []json.RawMessage `json:"providers"`
				Findings   []json.RawMessage `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if doc.WouldStart == tc.wouldStop {
				t.Errorf("would_start = %v", doc.WouldStart)
			}
			if len(doc.Providers) == 0 {
				t.Errorf("no providers in %s", out)
			}
		})
	}
	for _, args := range [][]string{{"lint"}, {"lint", "/no/such/neo4j.conf"}, {"lint", "x.conf", "--neo4j-version", "3.5"}} {
		if _, stderr, code := run(t, "", args...); code != ExitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, code, stderr)
		}
	}
}
