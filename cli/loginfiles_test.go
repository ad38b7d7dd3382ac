package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/pkce"
)

// Two sign-ins in a row print the same redirect URI: the default ports are
// a fixed list, not an ephemeral port.
func TestLoginRedirectURIIsStableAcrossRuns(t *testing.T) {
	p, err := demoidp.Start(t.Context(), demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var uris []string
	fellBack := false
	for range 2 {
		out, stdout, stderr, code := runLoginPlayed(t, p, false, "--issuer", p.Issuer(), "--client-id", demoidp.DesktopClientID)
		if code != ExitOK {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
		uris = append(uris, out.Redirect)
		port, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(out.Redirect, "http://127.0.0.1:"), "/callback"))
		if !slices.Contains(pkce.DefaultPorts, port) {
			t.Errorf("redirect URI %s is not on a default port %v", out.Redirect, pkce.DefaultPorts)
		}
		if !strings.Contains(stderr, "Listening on 127.0.0.1:"+strconv.Itoa(port)) || !strings.Contains(stderr, "free port of 8000, 18000, 28000") {
			t.Errorf("the port and why it was taken are not said:\n%s", stderr)
		}
		for _, f := range out.Findings {
			fellBack = fellBack || f.Code == pkce.FindPortInUse.Code
		}
	}
	if uris[0] != uris[1] {
		if fellBack {
			t.Skipf("another program took a default port between the runs: %v", uris)
		}
		t.Errorf("two runs printed %v", uris)
	}
}

// --save writes the token response, private to the user, in the form
// roles --tokens reads; nothing is written without it.
func TestLoginSaveWritesAPrivateTokenResponse(t *testing.T) {
	p, err := demoidp.Start(t.Context(), demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "tokens.json")
	os.WriteFile(file, []byte("old"), 0o644) // an existing, wider file is made private
	_, stdout, stderr, code := runLoginPlayed(t, p, false, "--listen", "0", "--issuer", p.Issuer(), "--client-id", demoidp.DesktopClientID, "--save", file)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if !strings.Contains(stderr, "Saved the token response to "+file) || !strings.Contains(stderr, "holds credentials") {
		t.Errorf("stderr does not say where the tokens went:\n%s", stderr)
	}
	var got bytes.Buffer
	var errb bytes.Buffer
	conf := filepath.Join("..", "assets", "samples", "demo-neo4j.conf")
	data, _ := os.ReadFile(conf)
	conf = filepath.Join(dir, "neo4j.conf")
	os.WriteFile(conf, []byte(strings.ReplaceAll(string(data), "http://127.0.0.1:9876", p.Issuer())), 0o600)
	code = runRoles(&env{stdin: strings.NewReader(""), stdout: &got, stderr: &errb}, []string{"--conf", conf, "--tokens", file, "--json"})
	if code != ExitOK || !strings.Contains(got.String(), `"username": "alice"`) {
		t.Errorf("roles --tokens %s: exit %d\n%s\n%s", file, code, got.String(), errb.String())
	}

	// Without --save nothing is written.
	entries, _ := os.ReadDir(dir)
	_, _, _, code = runLoginPlayed(t, p, false, "--listen", "0", "--issuer", p.Issuer(), "--client-id", demoidp.DesktopClientID)
	after, _ := os.ReadDir(dir)
	if code != ExitOK || len(after) != len(entries) {
		t.Errorf("exit %d; files %d -> %d", code, len(entries), len(after))
	}
}

// A --save destination that cannot be written is a usage error before the
// sign-in starts (it once failed after the browser sign-in, losing it),
// and the check leaves no file behind.
func TestLoginSaveDestinationIsCheckedBeforeTheSignIn(t *testing.T) {
	var requests atomic.Int32
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1); http.NotFound(w, r) }))
	defer idp.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o600)
	for _, tc := range []struct{ save, want string }{
		{filepath.Join(dir, "no-such-folder", "tokens.json"), "does not exist"},
		{dir, "is a directory"},
		{filepath.Join(file, "tokens.json"), "is a file, not a folder"},
		{"-", "only written to a file"},
	} {
		_, stderr, code := run(t, "", "login", "--issuer", idp.URL, "--client-id", "x", "--no-browser", "--save", tc.save)
		if code != ExitUsage || !strings.Contains(stderr, "--save") || !strings.Contains(stderr, tc.want) {
			t.Errorf("--save %s: exit %d, stderr %q; want a usage error saying %q", tc.save, code, stderr, tc.want)
		}
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the sign-in started (%d requests to the provider) with a --save that cannot be written", n)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the check left files behind: %v", entries)
	}
}
