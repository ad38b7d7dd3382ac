package cli

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/internal/shellwords"
)

// readmeExample is one command line of the README's command-line section.
type readmeExample struct {
	line     string // as written, comment included
	stages   [][]string
	output   string // > FILE
	wantCode int
	skip     string // why it is only checked for its command and flags
}

// exitComment is how the README documents a non-zero exit code: "# exit 1: …".
var exitComment = regexp.MustCompile(`#\s*exit (\d)`)

// readmeExamples reads every ssolens line of the README's sh blocks in the
// Command line section.
func readmeExamples(t *testing.T) []readmeExample {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	section := string(b)
	start := strings.Index(section, "## Command line")
	if start < 0 {
		t.Fatal("README.md has no Command line section")
	}
	section = section[start:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	var out []readmeExample
	inBlock := false
	for _, line := range strings.Split(section, "\n") {
		switch {
		case strings.HasPrefix(line, "```sh"):
			inBlock = true
			continue
		case strings.HasPrefix(line, "```"):
			inBlock = false
			continue
		}
		if !inBlock || !(strings.HasPrefix(line, "ssolens ") || strings.Contains(line, "| ssolens ")) {
			continue
		}
		ex := readmeExample{line: line}
		cmd, comment, _ := strings.Cut(line, "  #")
		if m := exitComment.FindStringSubmatch("#" + comment); m != nil {
			ex.wantCode, _ = strconv.Atoi(m[1])
		}
		cmd = strings.TrimSpace(cmd)
		if c, file, ok := strings.Cut(cmd, " > "); ok {
			cmd, ex.output = c, strings.TrimSpace(file)
		}
		for _, stage := range strings.Split(cmd, " | ") {
			ex.stages = append(ex.stages, shellwords.Args(stage))
		}
		switch {
		case strings.Contains(cmd, "idp.example.com"):
			ex.skip = "needs your own provider"
		case strings.Contains(cmd, "localhost:7474"):
			ex.skip = "needs a running Neo4j"
		case strings.Contains(cmd, "..."):
			ex.skip = "a placeholder for your own token or client"
		case len(ex.stages[0]) > 1 && ex.stages[0][1] == "demo":
			ex.skip = "runs until interrupted; the test runs the same provider in-process"
		}
		out = append(out, ex)
	}
	if len(out) < 30 {
		t.Fatalf("only %d examples found in the README", len(out))
	}
	return out
}

// TestReadmeExamples runs every command of the README's command-line
// section in order, in a directory of its own, against the demo provider
// (on 127.0.0.1:9876 when that port is free, else on another port the lines
// are rewritten to), and checks the exit code each documents (0 unless a
// "# exit N" comment says otherwise). A sign-in's browser is played by the
// test. The lines that need your own provider, a running Neo4j or a value
// of yours are checked for their command and flags only. The files the
// examples read that no earlier example writes (a log, a HAR, a key set,
// a compose file) are laid out first.
func TestReadmeExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every README example against the demo provider")
	}
	examples := readmeExamples(t)
	dir := t.TempDir()
	t.Chdir(dir)

	keyFile, err := demoidp.DefaultKeyFile()
	if err != nil {
		t.Fatal(err)
	}
	// The README's port when it is free, else any: another test (or
	// package) may hold 9876 by the time this one binds it.
	p, err := demoidp.Start(t.Context(), demoidp.Config{Addr: demoidp.DemoAddr, KeyFile: keyFile})
	if err != nil {
		p, err = demoidp.Start(t.Context(), demoidp.Config{Addr: "127.0.0.1:0", KeyFile: keyFile})
	}
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	host := strings.TrimPrefix(p.Issuer(), "http://")
	rewrite := func(s string) string { return strings.ReplaceAll(s, demoidp.DemoAddr, host) }
	t.Setenv("M2M_SECRET", demoidp.M2MClientSecret) // the demo's public secret, as `ssolens demo` prints it

	layOutReadmeFixtures(t, p, rewrite)

	ran := 0
	for _, ex := range examples {
		if ex.skip != "" {
			checkCommandLine(t, ex)
			t.Logf("checked only (%s): %s", ex.skip, ex.line)
			continue
		}
		ran++
		var stdin io.Reader = strings.NewReader("")
		var out, stderr string
		code := 0
		for i, words := range ex.stages {
			if words[0] != "ssolens" {
				t.Fatalf("README line %q: stage %q is not ssolens", ex.line, words[0])
			}
			args := make([]string, len(words)-1)
			for j, w := range words[1:] {
				args[j] = rewrite(w)
			}
			if args[0] == "mint" && host != demoidp.DemoAddr && !contains(args, "--iss") && !contains(args, "--secret") {
				args = append(args, "--iss", p.Issuer())
			}
			if args[0] == "login" && !contains(args, "--flow") {
				out, stderr, code = playLogin(t, p, false, append(args, "--no-browser", "--timeout", "30s"))
			} else {
				var o, e bytes.Buffer
				code = mainWith(&env{stdin: stdin, stdout: &o, stderr: &e}, args)
				out, stderr = o.String(), e.String()
			}
			if i < len(ex.stages)-1 {
				stdin = strings.NewReader(out)
			}
		}
		if ex.output != "" {
			if err := os.WriteFile(ex.output, []byte(out), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if code != ex.wantCode {
			t.Errorf("README: %s\nexit %d, documented %d\nstdout:\n%.2000s\nstderr:\n%.2000s", ex.line, code, ex.wantCode, out, stderr)
		} else {
			t.Logf("exit %d: %s", code, ex.line)
		}
	}
	if ran < 25 {
		t.Errorf("only %d README examples ran", ran)
	}
}

func contains(args []string, s string) bool {
	for _, a := range args {
		if a == s {
			return true
		}
	}
	return false
}

// checkCommandLine checks that a line the test cannot run names a command
// and flags that exist, with values they accept.
func checkCommandLine(t *testing.T, ex readmeExample) {
	t.Helper()
	for _, words := range ex.stages {
		if words[0] != "ssolens" {
			continue // curl
		}
		root := newRoot(&env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard})
		c, rest, err := root.Find(words[1:])
		if err != nil || c == root {
			t.Errorf("README: %s\nno such command: %v", ex.line, err)
			continue
		}
		if err := c.ParseFlags(rest); err != nil {
			t.Errorf("README: %s\n%v", ex.line, err)
		}
	}
}

// layOutReadmeFixtures writes the files the examples read that no example
// writes: the demo's neo4j.conf (rewritten to the provider's address), its
// key set, a log and a HAR with tokens in them, tokens one per line, and a
// compose file in Neo4j's environment form.
func layOutReadmeFixtures(t *testing.T, p *demoidp.Provider, rewrite func(string) string) {
	t.Helper()
	conf, err := readRepoFile(t, "assets/samples/demo-neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		t.Helper()
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("assets/samples/demo-neo4j.conf", rewrite(string(conf)))
	resp, err := http.Get(p.JWKSURL())
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	write("keys.json", string(keys))

	mintToken := func(sub string) string {
		t.Helper()
		var o, e bytes.Buffer
		if code := mainWith(&env{stdin: strings.NewReader(""), stdout: &o, stderr: &e}, []string{"mint", "-q", "--sub", sub, "--iss", p.Issuer(), "--aud", demoidp.APIAudience}); code != ExitOK {
			t.Fatalf("mint: %s", e.String())
		}
		return strings.TrimSpace(o.String())
	}
	alice, bob := mintToken("alice"), mintToken("bob")
	write("tokens.txt", alice+"\n"+bob+"\n")
	write("neo4j/logs/security.log", "2026-12-04 07:00:00.000+0000 INFO  [alice]: logged in\n"+
		"2026-12-04 07:00:01.000+0000 ERROR [oidc-demo]: Failed to authenticate with token: "+bob+"\n")
	write("session.har", `{"log":{"version":"1.2","entries":[{"request":{"method":"POST","url":"http://localhost:7474/db/neo4j/query/v2",`+
		`"headers":[{"name":"Authorization","value":"Bearer `+alice+`"}]},"response":{"status":200,"headers":[]}}]}}`)
	write("docker-compose.yml", rewrite(`services:
  neo4j:
    image: neo4j:5.26
    environment:
      NEO4J_dbms_security_authentication__providers: oidc-demo,native
      NEO4J_dbms_security_authorization__providers: oidc-demo,native
      NEO4J_dbms_security_oidc_demo_display__name: Demo
      NEO4J_dbms_security_oidc_demo_auth__flow: pkce
      NEO4J_dbms_security_oidc_demo_well__known__discovery__uri: http://127.0.0.1:9876/.well-known/openid-configuration
      NEO4J_dbms_security_oidc_demo_audience: neo4j-demo
      NEO4J_dbms_security_oidc_demo_claims_username: sub
      NEO4J_dbms_security_oidc_demo_claims_groups: groups
      NEO4J_dbms_security_oidc_demo_params: client_id=neo4j-browser;response_type=code;scope=openid profile email
`))
	write("run-neo4j.sh", rewrite(`#!/bin/sh
docker run --rm --publish=7474:7474 --publish=7687:7687 \
  --env NEO4J_dbms_security_authentication__providers=oidc-demo,native \
  --env NEO4J_dbms_security_authorization__providers=oidc-demo,native \
  --env NEO4J_dbms_security_oidc_demo_display__name=Demo \
  --env NEO4J_dbms_security_oidc_demo_auth__flow=pkce \
  --env NEO4J_dbms_security_oidc_demo_well__known__discovery__uri=http://127.0.0.1:9876/.well-known/openid-configuration \
  --env NEO4J_dbms_security_oidc_demo_audience=neo4j-demo \
  --env NEO4J_dbms_security_oidc_demo_claims_username=sub \
  --env NEO4J_dbms_security_oidc_demo_claims_groups=groups \
  --env 'NEO4J_dbms_security_oidc_demo_params=client_id=neo4j-browser;response_type=code;scope=openid profile email' \
  neo4j:5.26
`))
	write("values.yaml", rewrite(`neo4j:
  name: demo
config:
  dbms.security.authentication_providers: "oidc-demo,native"
  dbms.security.authorization_providers: "oidc-demo,native"
  dbms.security.oidc.demo.display_name: "Demo"
  dbms.security.oidc.demo.auth_flow: "pkce"
  dbms.security.oidc.demo.well_known_discovery_uri: "http://127.0.0.1:9876/.well-known/openid-configuration"
  dbms.security.oidc.demo.audience: "neo4j-demo"
  dbms.security.oidc.demo.claims.username: "sub"
  dbms.security.oidc.demo.claims.groups: "groups"
  dbms.security.oidc.demo.params: "client_id=neo4j-browser;response_type=code;scope=openid profile email"
`))
}

// readRepoFile reads a file of the repository from a test that changed
// directory: the package directory is where `go test` started.
func readRepoFile(t *testing.T, rel string) ([]byte, error) {
	t.Helper()
	return os.ReadFile(filepath.Join(pkgDir, "..", rel))
}

// pkgDir is the package directory, taken before any test changes it.
var pkgDir = func() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}()
