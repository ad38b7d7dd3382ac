package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/internal/budget"
)

// TestRolesTokensOfALargeLogIsStreamed: roles --tokens of a log of more
// than 10 MB streams it: what it allocates stays a fraction of the file.
func TestRolesTokensOfALargeLogIsStreamed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.log")
	line := "2026-11-23 12:00:00 INFO GET /cb#id_token=" + goldenID + " then Authorization: Bearer " + goldenAccess + " " + strings.Repeat("x", 300) + "\n"
	data := strings.Repeat(line, 12<<20/len(line)+1)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	var out string
	u := budget.Measure(func() {
		out, _, _ = run(t, "", "roles", "--conf", "../neo4j/conf/testdata/okta-access-token.conf", "--tokens", path, "--offline")
	})
	t.Logf("roles --tokens of %d bytes: %d bytes allocated", len(data), u.Bytes)
	if !strings.Contains(out, "engineers") {
		t.Errorf("the token in the log was not used:\n%s", out)
	}
	if !budget.Race && u.Bytes > uint64(len(data))/2 {
		t.Errorf("roles --tokens of %d bytes allocated %d bytes: more than half the file, so it was read whole", len(data), u.Bytes)
	}
}
