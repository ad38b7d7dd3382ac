package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// snippets --from-login checks --kind and --output before the sign-in: a
// typo once failed only after the browser sign-in, losing it.
func TestSnippetsFlagsAreCheckedBeforeTheSignIn(t *testing.T) {
	var requests atomic.Int32
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1); http.NotFound(w, r) }))
	defer idp.Close()
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, nil, 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--kind", "pyhton"}, `--kind: unknown snippet kind "pyhton"`},
		{[]string{"--output", file}, "is a file"},
	} {
		args := append([]string{"snippets", "--from-login", "--issuer", idp.URL, "--client-id", "x", "--no-browser"}, tc.args...)
		_, stderr, code := run(t, "", args...)
		if code != ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want a usage error saying %q", tc.args, code, stderr, tc.want)
		}
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the sign-in started (%d requests to the provider) before a bad flag was refused", n)
	}
}
