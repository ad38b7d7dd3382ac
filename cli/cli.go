// Package cli is SSO Lens's command line: a thin layer that reads input,
// calls the core packages and renders their findings.
package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/session"
)

// Exit codes.
const (
	ExitOK       = 0 // every token is free of error findings
	ExitFindings = 1 // some finding is an error
	ExitUsage    = 2 // the command line or its input could not be used
)

// env is what a command may touch: its streams. Commands never use os.Std*
// directly, so tests drive them in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// now and loc are the clock and time zone; nil means the real ones.
	// Tests fix them so output is reproducible.
	now func() time.Time
	loc *time.Location
	// color is --color: auto, always or never.
	color colorMode
}

// commandTable is every command by name, in the order help lists them.
// TestCommandTableNames holds each name to its command's own.
var commandTable = []struct {
	name  string
	build func(*env) *cobra.Command
}{
	{"inspect", newInspectCmd},
	{"scan", newScanCmd},
	{"demo", newDemoCmd},
	{"lint", newLintCmd},
	{"login", newLoginCmd},
	{"roles", newRolesCmd},
	{"check", newCheckCmd},
	{"config", newConfigCmd},
	{"snippets", newSnippetsCmd},
	{"report", newReportCmd},
	{"findings", newFindingsCmd},
	{"mint", newMintCmd},
	{"version", newVersionCmd},
}

// commands builds the commands: every one, or with only set, that one
// alone.
func commands(e *env, only string) []*cobra.Command {
	var cs []*cobra.Command
	for _, c := range commandTable {
		if only == "" || c.name == only {
			cs = append(cs, c.build(e))
		}
	}
	return cs
}

// commandNamed is the command args start with, by its exact name, or "".
func commandNamed(args []string) string {
	if len(args) == 0 {
		return ""
	}
	for _, c := range commandTable {
		if c.name == args[0] {
			return c.name
		}
	}
	return ""
}

// Main runs the command line and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return mainWith(&env{stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

func mainWith(e *env, args []string) int {
	// Messages on stderr quote the provider, the server and the input
	// (error_description, a conf value): none reaches the terminal raw.
	e.stderr = safetext.NewWriter(e.stderr)
	// A run builds the root and the command it names, not the other
	// twelve: about 1 ms of the 15-20 ms a command takes to start (most of
	// it the first run of each constructor's code). Help, completion, no
	// command, a flag first or a mistyped name (which wants suggestions)
	// get the whole tree. TestRootForMatchesWholeTree holds the two alike.
	return execute(e, newRootFor(e, commandNamed(args)), args)
}

// execute runs args on root and returns the exit code.
func execute(e *env, root *cobra.Command, args []string) int {
	root.SetArgs(args)
	c, err := root.ExecuteC()
	var ce codeError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ce):
		return ce.code
	}
	fmt.Fprintf(e.stderr, "%s: %v\n", c.CommandPath(), err)
	fmt.Fprintf(e.stderr, "Run '%s --help' for usage.\n", c.CommandPath())
	return ExitUsage
}

// maxArgInput bounds what inspect reads from a file or stdin: one byte more
// than the inspector reads, to know that there is more.
const maxArgInput = inspector.MaxInspectBytes + 1

// readInput reads the input named by a positional argument: the text
// itself, a file it names, "-" for stdin, or "@FILE". With no argument it
// reads stdin when stdin is not a terminal.
func readInput(e *env, positional []string) ([]byte, string, error) {
	b, name, _, err := readInputSized(e, positional)
	return b, name, err
}

// streamTokensAbove is the file size from which a token file is streamed
// (inspector.Scan) rather than read whole: a log of hundreds of MB then
// costs a few MB of memory, not several times its size.
const streamTokensAbove = 4 << 20

// readTokenFile reads the tokens of --tokens FILE: a small file whole (a
// token response, a HAR), a large one streamed, keeping the first ID token
// and the first access token found, as a token response.
func readTokenFile(e *env, file string) ([]byte, string, error) {
	arg := fileArg(file)
	if arg == "-" {
		return readInput(e, []string{arg})
	}
	name := arg[1:]
	st, err := os.Stat(name)
	if err != nil || !st.Mode().IsRegular() || st.Size() <= streamTokensAbove {
		return readInput(e, []string{arg})
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, "", fmt.Errorf("cannot read %q: %w; check the path", name, errors.Unwrap(err))
	}
	defer f.Close()
	rep, err := inspector.Scan(f, inspector.ScanOptions{MaxTokens: 256, MaxLocations: 1})
	if err != nil {
		return nil, "", fmt.Errorf("reading %q: %w", name, err)
	}
	// The token set as the investigation reads it (session.TokensOf),
	// written back as a token response.
	ts := session.TokensOf(&inspector.Report{Tokens: rep.Tokens})
	resp := map[string]string{}
	for field, raw := range map[string]string{"id_token": ts.IDToken, "access_token": ts.AccessToken, "refresh_token": ts.RefreshToken} {
		if raw != "" {
			resp[field] = raw
		}
	}
	if ts.IDToken == "" && ts.AccessToken == "" {
		return nil, "", fmt.Errorf("no JWT found in %q (%d bytes, streamed)", name, st.Size())
	}
	b, err := json.Marshal(resp)
	return b, name, err
}

// readInputSized is readInput that also says how large the whole input
// is: a file's size from stat, or "more than" what was read of a stream
// that goes on beyond the limit.
func readInputSized(e *env, positional []string) ([]byte, string, inspector.InputSize, error) {
	var none inspector.InputSize
	if len(positional) > 1 {
		return nil, "", none, fmt.Errorf("expected one input, got %d; quote a token that contains spaces, or use @FILE", len(positional))
	}
	arg := "-"
	if len(positional) == 1 {
		arg = positional[0]
	} else if f, ok := e.stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return nil, "", none, fmt.Errorf("no input: give a token, - for standard input, or @FILE")
		}
	}
	switch {
	case arg == "-":
		b, err := io.ReadAll(io.LimitReader(e.stdin, maxArgInput))
		if err != nil {
			return nil, "", none, fmt.Errorf("reading standard input: %w", err)
		}
		size := inspector.InputSize{Bytes: int64(len(b))}
		if len(b) == maxArgInput {
			size = inspector.InputSize{Bytes: inspector.MaxInspectBytes, Unread: true}
		}
		return b, "standard input", size, nil
	case strings.HasPrefix(arg, "@"):
		return readFileSized(arg[1:], "; check the path (@FILE reads a file)")
	}
	if name, ok := existingFile(arg); ok {
		b, name, size, err := readFileSized(name, "; check the path")
		if err == nil {
			fmt.Fprintf(e.stderr, "Reading the file %s (an argument naming a file is read as that file; pass the text itself on standard input with - to decode it instead)\n", name)
		}
		return b, name, size, err
	}
	if st, err := os.Stat(arg); err == nil && st.IsDir() {
		return nil, "", none, fmt.Errorf("%q is a directory; give a file in it, or the token itself", arg)
	}
	if looksLikePath(arg) {
		return nil, "", none, fmt.Errorf("no file %q: check the path; to decode that text itself, pass it on standard input with -", conf.ClipText(arg, 80))
	}
	return []byte(arg), "argument", inspector.InputSize{Bytes: int64(len(arg))}, nil
}

// pathExtensions are the file names people give: a token response, a HAR,
// a log, a conf, a key.
var pathExtensions = []string{".json", ".txt", ".har", ".log", ".conf", ".jwt", ".token", ".env", ".pem", ".jwks", ".yaml", ".yml", ".sh", ".curl"}

// looksLikePath reports whether an argument that names no file was meant
// as one, not as a token: it starts as a path does (./, ../, /, ~/) or
// ends with a file extension, and has no spaces, no "=" and no "://" (a
// token response, a header, a URL).
func looksLikePath(arg string) bool {
	if arg == "" || len(arg) > 4096 || strings.ContainsAny(arg, " \t\n\r=") || strings.Contains(arg, "://") {
		return false
	}
	for _, p := range []string{"./", "../", "~/", ".\\", "..\\"} {
		if strings.HasPrefix(arg, p) {
			return true
		}
	}
	// An absolute path has a directory in it and no base64's '+'; a
	// base64 token may start with '/'.
	if strings.HasPrefix(arg, "/") && strings.Count(arg, "/") >= 2 && !strings.Contains(arg, "+") {
		return true
	}
	return slices.Contains(pathExtensions, strings.ToLower(filepath.Ext(arg)))
}

// existingFile reports whether an argument names a file that exists (and
// is not a directory): "inspect at.txt" reads the file rather than decoding
// its name as a token. Only arguments that could be paths are looked up.
func existingFile(arg string) (string, bool) {
	if arg == "" || len(arg) > 4096 || strings.ContainsAny(arg, "\n\r") {
		return "", false
	}
	st, err := os.Stat(arg)
	if err != nil || st.IsDir() {
		return "", false
	}
	return arg, true
}

// readFileSized reads the start of a file and says how large it is.
func readFileSized(name, hint string) ([]byte, string, inspector.InputSize, error) {
	var none inspector.InputSize
	f, err := os.Open(name)
	if err != nil {
		return nil, "", none, fmt.Errorf("cannot read %q: %w%s", name, errors.Unwrap(err), hint)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxArgInput))
	if err != nil {
		return nil, "", none, fmt.Errorf("reading %q: %w", name, err)
	}
	size := inspector.InputSize{Bytes: int64(len(b))}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() >= size.Bytes {
		size.Bytes = st.Size() // exact, though only the start was read
	} else if len(b) == maxArgInput {
		size = inspector.InputSize{Bytes: inspector.MaxInspectBytes, Unread: true} // a pipe or device
	}
	return b, name, size, nil
}
