package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/internal/safetext"
)

func TestHelpGoesToStdout(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		out, stderr, code := run(t, "", args...)
		if code != ExitOK || !strings.Contains(out, "Usage:\n  ssolens [flags]\n  ssolens [command]") || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
		if strings.Count(out, "what will Neo4j make of it?") != 1 {
			t.Errorf("%v: the title line is not printed once:\n%s", args, out)
		}
	}
	for _, args := range [][]string{{"help", "findings"}, {"findings", "--help"}, {"findings", "help"}, {"mint", "-h"}} {
		cmd := args[0]
		if cmd == "help" {
			cmd = args[1]
		}
		out, _, code := run(t, "", args...)
		if code != ExitOK || !strings.Contains(out, "Usage:\n  ssolens "+cmd) {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
	}
	// No arguments: the usage, on stderr, as a usage error.
	out, stderr, code := run(t, "")
	if code != ExitUsage || out != "" || !strings.Contains(stderr, "Usage:") {
		t.Errorf("no arguments: exit %d, stdout %q", code, out)
	}
}

func TestDidYouMean(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"inpsect"}, `unknown command "inpsect"; did you mean inspect?`},
		{[]string{"findings", "--jsno"}, "unknown flag: --jsno; did you mean --json?"},
		{[]string{"mint", "--grups", "a"}, "did you mean --groups?"},
		{[]string{"inspect", "x", "--jsno"}, "did you mean --json?"},
		{[]string{"roles", "--tokn", "f"}, "did you mean --token"},
		{[]string{"findings", "token-expird"}, "did you mean token-expired?"},
	} {
		out, stderr, code := run(t, "", c.args...)
		if code != ExitUsage || !strings.Contains(stderr, c.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q (want %q), stdout %q", c.args, code, stderr, c.want, out)
		}
	}
}

func TestVersionFlags(t *testing.T) {
	for _, f := range []string{"--version", "-v"} {
		out, _, code := run(t, "", f)
		if code != ExitOK || !strings.HasPrefix(out, "ssolens ") {
			t.Errorf("%s: exit %d, %q", f, code, out)
		}
	}
}

// The bash completion script is one bash sources without error, and it
// completes the commands.
func TestCompletionScripts(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		out, stderr, code := run(t, "", "completion", sh)
		if code != ExitOK || len(out) < 1000 || stderr != "" {
			t.Errorf("%s: exit %d, %d bytes, stderr %q", sh, code, len(out), stderr)
		}
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash here to source the script")
	}
	out, _, _ := run(t, "", "completion", "bash")
	script := filepath.Join(t.TempDir(), "ssolens.bash")
	os.WriteFile(script, []byte(out), 0o600)
	if b, err := exec.Command(bash, "-c", "set -e; source "+script+"; complete -p ssolens").CombinedOutput(); err != nil || !strings.Contains(string(b), "ssolens") {
		t.Errorf("bash could not source the script: %v\n%s", err, b)
	}
	// What the script asks the program for: the commands that start so.
	got, _, _ := run(t, "", "__complete", "fin")
	if !strings.Contains(got, "findings") {
		t.Errorf("completing fin: %q", got)
	}
	got, _, _ = run(t, "", "__complete", "findings", "token-exp")
	if !strings.Contains(got, "token-expired") {
		t.Errorf("completing a finding code: %q", got)
	}
	got, _, _ = run(t, "", "__complete", "login", "--flow", "")
	if !strings.Contains(got, "client-credentials") || !strings.Contains(got, "device") {
		t.Errorf("completing --flow: %q", got)
	}
	got, _, _ = run(t, "", "__complete", "inspect", "--au")
	if !strings.Contains(got, "--audience") {
		t.Errorf("completing a flag name: %q", got)
	}
}

func TestColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	out, _, _ := run(t, "", "findings")
	if strings.Contains(out, "\x1b[") {
		t.Error("NO_COLOR=1 output has escape codes")
	}
	out, _, _ = run(t, "", "findings", "--color=always")
	if !strings.Contains(out, "\x1b[1;31merror") {
		t.Errorf("--color=always has no escape codes:\n%.300s", out)
	}
	// A legacy command's text, coloured by its marks; its JSON never.
	out, _, _ = run(t, "", "inspect", goldenID, "--color", "always")
	if !strings.Contains(out, "\x1b[1;31m✖ error\x1b[0m") {
		t.Errorf("inspect --color always:\n%s", out)
	}
	out, _, _ = run(t, "", "inspect", goldenID, "--color=always", "--json")
	if strings.Contains(out, "\x1b[") || !json.Valid([]byte(out)) {
		t.Error("JSON was coloured")
	}
	out, _, _ = run(t, "", "findings", "--json", "--color=always")
	if strings.Contains(out, "\x1b[") {
		t.Error("findings JSON was coloured")
	}
	// Not a terminal: no colour without --color=always.
	t.Setenv("NO_COLOR", "")
	out, _, _ = run(t, "", "findings")
	if strings.Contains(out, "\x1b[") {
		t.Error("colour written to a pipe")
	}
	if _, stderr, code := run(t, "", "findings", "--color=sometimes"); code != ExitUsage || !strings.Contains(stderr, "auto, always or never") {
		t.Errorf("--color=sometimes: %d %q", code, stderr)
	}
}

func TestFindingsOneCodeAndJSON(t *testing.T) {
	out, _, code := run(t, "", "findings", "token-expired")
	if code != ExitOK || !strings.HasPrefix(out, "token-expired\n  severity  error") {
		t.Errorf("exit %d\n%s", code, out)
	}
	out, _, _ = run(t, "", "findings", "--json")
	var all []findingJSON
	if err := json.Unmarshal([]byte(out), &all); err != nil || len(all) < 50 {
		t.Fatalf("%v: %d codes", err, len(all))
	}
	out, _, _ = run(t, "", "findings", "kid-not-found", "-j")
	var one findingJSON
	if err := json.Unmarshal([]byte(out), &one); err != nil || one.Code != "kid-not-found" || one.Severity != "error" {
		t.Errorf("%v %+v", err, one)
	}
}

// `mint … | inspect - --jwks <demo JWKS>` verifies: the demo provider and
// mint share the key file.
func TestMintVerifiesAgainstTheDemoJWKS(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "demo-key.pem")
	p, err := demoidp.Start(t.Context(), demoidp.Config{KeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	token, stderr, code := runReal(t, "mint", "--demo-key-file", keyFile, "--sub", "alice", "--iss", p.Issuer(), "--aud", demoidp.APIAudience, "--groups", "admin,engineers", "--claim", "n=3")
	if code != ExitOK || !strings.Contains(stderr, "never mint with production keys") {
		t.Fatalf("mint: exit %d\n%s", code, stderr)
	}
	var out, errb bytes.Buffer
	code = mainWith(&env{stdin: strings.NewReader(token), stdout: &out, stderr: &errb}, []string{"inspect", "-", "--jwks", p.JWKSURL(), "--audience", demoidp.APIAudience, "--json"})
	if code != ExitOK || !strings.Contains(out.String(), `"verified": true`) || !strings.Contains(out.String(), `"n": 3`) {
		t.Errorf("inspect: exit %d\n%s\n%s", code, out.String(), errb.String())
	}

	// A token response JSON that roles --tokens reads; alg none refused.
	resp, _, code := runReal(t, "mint", "--demo-key-file", keyFile, "--sub", "alice", "--response", "-q")
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	if code != ExitOK || json.Unmarshal([]byte(resp), &tr) != nil || strings.Count(tr.AccessToken, ".") != 2 {
		t.Errorf("--response: exit %d %q", code, resp)
	}
	if _, stderr, code := runReal(t, "mint", "--secret", "x", "--alg", "none"); code != ExitUsage || !strings.Contains(stderr, `alg "none" is refused`) {
		t.Errorf("alg none: exit %d %q", code, stderr)
	}
}

func TestHelpArgumentIsNotInput(t *testing.T) {
	out, _, code := run(t, "", "inspect", "help")
	if code != ExitOK || strings.Contains(out, "malformed") {
		t.Errorf("inspect help: exit %d\n%s", code, out)
	}
}

// Every command's help is on stdout, by each of the three ways to ask.
func TestEveryCommandHasHelpOnStdout(t *testing.T) {
	for _, c := range commands(&env{}, "") {
		name := c.Name()
		for _, args := range [][]string{{name, "--help"}, {name, "-h"}, {"help", name}} {
			out, stderr, code := run(t, "", args...)
			if code != ExitOK || stderr != "" || !strings.Contains(out, "Usage:\n  ssolens "+name) || !strings.Contains(out, "Exit codes:") {
				t.Errorf("%v: exit %d, stderr %q\n%.300s", args, code, stderr, out)
			}
		}
	}
}

func TestCommandTableNames(t *testing.T) {
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	seen := map[string]bool{}
	for _, c := range commandTable {
		if got := c.build(e).Name(); got != c.name {
			t.Errorf("the table names %q, the command calls itself %q", c.name, got)
		}
		if seen[c.name] {
			t.Errorf("%q is in the table twice", c.name)
		}
		seen[c.name] = true
	}
	if commandNamed([]string{"help", "version"}) != "" || commandNamed([]string{"--color", "never", "version"}) != "" ||
		commandNamed([]string{"verison"}) != "" || commandNamed(nil) != "" || commandNamed([]string{"version"}) != "version" {
		t.Error("commandNamed picks a command where the whole tree is needed, or misses one by its name")
	}
}

// TestRootForMatchesWholeTree: a run that names a command builds the root
// and that command alone. Its help, its flag errors and its subcommands'
// must read exactly as from the whole tree.
func TestRootForMatchesWholeTree(t *testing.T) {
	runWith := func(only string, args []string) (string, string, int) {
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: safetext.NewWriter(&errb)}
		code := execute(e, newRootFor(e, only), args)
		return out.String(), errb.String(), code
	}
	whole := newRoot(&env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}})
	var cases [][]string
	for _, c := range whole.Commands() {
		name := c.Name()
		if commandNamed([]string{name}) == "" {
			continue // help and completion: always the whole tree
		}
		cases = append(cases, []string{name, "--help"}, []string{name, "-h"}, []string{name, "--no-such-flag"},
			[]string{name, "--color", "never", "--help"}, []string{name, "help"}, []string{name, "--colour", "never"})
		for _, sub := range c.Commands() {
			cases = append(cases, []string{name, sub.Name(), "--help"}, []string{name, sub.Name(), "--no-such-flag"})
		}
		// A near miss of one of its own flags, which "did you mean" answers.
		if f := nearMissFlag(c); f != "" {
			cases = append(cases, []string{name, f})
		}
	}
	if len(cases) < 13*5 {
		t.Fatalf("only %d cases: the whole tree lost its commands", len(cases))
	}
	for _, args := range cases {
		wo, we, wc := runWith("", args)
		lo, le, lc := runWith(commandNamed(args), args)
		if wo != lo || we != le || wc != lc {
			t.Errorf("%v: whole tree exit %d, stdout %q, stderr %q\nits command alone: exit %d, stdout %q, stderr %q", args, wc, wo, we, lc, lo, le)
		}
	}
}

// nearMissFlag is one of c's own flags mistyped by its last letter, or "".
func nearMissFlag(c *cobra.Command) string {
	var miss string
	c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
		if miss == "" && !f.Hidden && len(f.Name) >= 4 {
			miss = "--" + f.Name[:len(f.Name)-1] + "q"
		}
	})
	return miss
}

// mint --aud takes a comma-separated list as --groups does (an audience
// with a comma in it could never be configured: Neo4j's audience setting is
// itself a comma list), and --claim and --claims keep a large number
// exactly as written.
func TestMintAudienceListAndExactNumbers(t *testing.T) {
	claimsFile := filepath.Join(t.TempDir(), "claims.json")
	if err := os.WriteFile(claimsFile, []byte(`{"oid":98765432109876543210}`), 0o600); err != nil {
		t.Fatal(err)
	}
	token, stderr, code := run(t, "", "mint", "--secret", "a-test-secret-of-32-bytes-or-more!", "--sub", "alice", "--aud", "a,b", "--aud", "c",
		"--claim", "big=12345678901234567890", "--claims", claimsFile, "-q")
	if code != ExitOK {
		t.Fatalf("mint: exit %d %s", code, stderr)
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(strings.TrimSpace(token), ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"aud":["a","b","c"]`, `"big":12345678901234567890`, `"oid":98765432109876543210`} {
		if !strings.Contains(string(payload), want) {
			t.Errorf("claims %s lack %s", payload, want)
		}
	}
}
