package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/demoidp"
)

// TestInspectComparesIDAndAccessTokens: a token response with both tokens
// gets the model's comparison, in the text after the tokens and in the
// JSON; a lone token gets none.
func TestInspectComparesIDAndAccessTokens(t *testing.T) {
	p, err := demoidp.Start(t.Context(), demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	file := demoSignIn(t, p)

	stdout, stderr, code := run(t, "", "inspect", file)
	if code == ExitUsage { // (the tests' clock is before the demo's tokens: exit 1)
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	i := strings.Index(stdout, "── ID token ↔ access token")
	if i < 0 || i < strings.LastIndex(stdout, "── Token ") {
		t.Fatalf("no comparison after the tokens:\n%s", stdout)
	}
	cmpText := stdout[i:]
	for _, want := range []string{"Neo4j", "claim", "ID token", "access token", "≠ aud *", `"alice"`} {
		if !strings.Contains(cmpText, want) {
			t.Errorf("comparison lacks %q:\n%s", want, cmpText)
		}
	}

	stdout, _, _ = run(t, "", "inspect", file, "--json")
	var out struct {
		Tokens     []json.RawMessage `json:"tokens"`
		Comparison *struct {
			Rows []struct {
				Name    string `json:"name"`
				Differs bool   `json:"differs"`
			} `json:"rows"`
			PrincipalRole string `json:"principal_role"`
		} `json:"comparison"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Tokens) != 2 || out.Comparison == nil || out.Comparison.PrincipalRole != "access_token" {
		t.Fatalf("JSON: %d tokens, comparison %+v", len(out.Tokens), out.Comparison)
	}
	differs := map[string]bool{}
	for _, r := range out.Comparison.Rows {
		differs[r.Name] = r.Differs
	}
	if !differs["aud"] || differs["sub"] {
		t.Errorf("JSON rows: aud differs %v, sub differs %v", differs["aud"], differs["sub"])
	}

	lone, _, _ := run(t, "", "inspect", "@"+writeFile(t, "one.token", accessTokenOf(t, file)), "--json")
	if strings.Contains(lone, `"comparison"`) {
		t.Error("a lone token was given a comparison")
	}
}

func accessTokenOf(t *testing.T, file string) string {
	t.Helper()
	var resp map[string]any
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &resp); err != nil {
		t.Fatal(err)
	}
	return resp["access_token"].(string)
}
