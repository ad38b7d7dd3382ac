package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An argument naming an existing file is read as that file, and the output
// says so; @FILE still works; a token is still a token.
func TestArgumentNamingAFileIsReadAsTheFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "at.txt")
	os.WriteFile(file, []byte(goldenAccess+"\n"), 0o600)
	out, stderr, code := run(t, "", "inspect", file)
	if code != ExitOK || !strings.Contains(out, "1 token") || !strings.Contains(stderr, "Reading the file "+file) {
		t.Errorf("exit %d\n%s\n%s", code, out, stderr)
	}
	out, stderr, code = run(t, "", "inspect", "@"+file)
	if code != ExitOK || !strings.Contains(out, "1 token") || strings.Contains(stderr, "Reading the file") {
		t.Errorf("@FILE: exit %d\n%s\n%s", code, out, stderr)
	}
	_, stderr, _ = run(t, "", "inspect", goldenAccess)
	if strings.Contains(stderr, "Reading the file") {
		t.Errorf("a token was taken for a file: %s", stderr)
	}
	// A directory is not read as a file: its name is decoded (and fails).
	if _, stderr, code := run(t, "", "inspect", dir); code == ExitOK || strings.Contains(stderr, "Reading the file") {
		t.Errorf("directory: exit %d %s", code, stderr)
	}
}

// SSOLENS_OFFLINE=1 keeps inspect offline, and a verifying flag that would
// fetch keys says why it cannot; local keys still verify.
func TestOfflineEnvironment(t *testing.T) {
	t.Setenv(OfflineEnv, "1")
	out, stderr, code := run(t, "", "inspect", goldenAccess, "--verify")
	if code != ExitUsage || out != "" || !strings.Contains(stderr, "SSOLENS_OFFLINE=1 is set, and --verify fetches keys over the network") {
		t.Errorf("--verify: exit %d\n%s", code, stderr)
	}
	for _, args := range [][]string{
		{"inspect", goldenAccess, "--jwks", "https://idp.example.com/keys"},
		{"inspect", goldenAccess, "--issuer", "https://idp.example.com"},
	} {
		if _, stderr, code := run(t, "", args...); code != ExitUsage || !strings.Contains(stderr, "SSOLENS_OFFLINE=1 is set") {
			t.Errorf("%v: exit %d %s", args, code, stderr)
		}
	}
	// Local key sources are fine offline.
	if _, stderr, code := run(t, "", "inspect", goldenAccess, "--secret", "s", "--issuer", "https://idp.example.com/oauth2/default"); code == ExitUsage {
		t.Errorf("--secret offline: exit %d %s", code, stderr)
	}
	if _, _, code := run(t, "", "inspect", goldenAccess); code != ExitOK {
		t.Errorf("plain inspect offline: exit %d", code)
	}
	// SSOLENS_OFFLINE=0 is off.
	t.Setenv(OfflineEnv, "0")
	if envOffline() {
		t.Error("SSOLENS_OFFLINE=0 read as offline")
	}
}

// Commands that exist to go on the network say why they cannot under
// SSOLENS_OFFLINE=1, and so do their network flags.
func TestOfflineEnvironmentRefusesNetworkCommands(t *testing.T) {
	t.Setenv(OfflineEnv, "1")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"login", "--issuer", "https://idp.example.com", "--client-id", "x"}, "login signs in at the provider over the network"},
		{[]string{"check", "--neo4j", "http://127.0.0.1:1", "--token", "x"}, "check sends the token to a running Neo4j"},
		{[]string{"roles", "--neo4j", "http://127.0.0.1:1", "--tokens", "x"}, "--neo4j fetches the server's discovery"},
		{[]string{"config", "--from-login", "--issuer", "https://idp.example.com", "--client-id", "x"}, "--from-login signs in"},
		{[]string{"snippets", "--from-login", "--issuer", "https://idp.example.com", "--client-id", "x"}, "--from-login signs in"},
	} {
		_, stderr, code := run(t, "", c.args...)
		if code != ExitUsage || !strings.Contains(stderr, "SSOLENS_OFFLINE=1 is set") || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d %q", c.args, code, stderr)
		}
	}
}
