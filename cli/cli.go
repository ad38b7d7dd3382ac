// Package cli is SSO Lens's command line: a thin layer that reads input,
// calls the core packages and renders their findings.
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
)

// Exit codes.
const (
	ExitOK       = 0 // every token is free of error findings
	ExitFindings = 1 // some finding is an error
	ExitUsage    = 2 // the command line or its input could not be used
)

type command struct {
	name    string
	summary string
	run     func(env *env, args []string) int
}

// env is what a command may touch: its streams. Commands never use os.Std*
// directly, so tests drive them in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// now and loc are the clock and time zone; nil means the real ones.
	// Tests fix them so output is reproducible.
	now func() time.Time
	loc *time.Location
}

func commands() []command {
	return []command{
		{"inspect", "decode every token in a token, response, header, URL, cURL command, HAR or log", runInspect},
		{"scan", "find every token in a large log or HAR file (streams)", runScan},
		{"demo", "run the embedded demo OpenID provider (not for production) until interrupted", runDemo},
		{"lint", "read a neo4j.conf (or its Docker env form) as Neo4j does; say what stops it from starting", runLint},
		{"login", "sign in at a provider (PKCE, implicit, device, client credentials, password) and inspect the tokens", runLogin},
		{"roles", "predict what Neo4j does with a token set: username, groups, roles, or why it fails", runRoles},
		{"check", "send a token to a running Neo4j (Query API, Bolt): who it says you are, beside the prediction", runCheck},
		{"config", "write the neo4j.conf provider block (or Docker env form) that makes a sign-in work", runConfig},
		{"snippets", "client code for the verified setup: curl, Python, drivers, FastAPI + PyJWT, GraphQL", runSnippets},
		{"report", "write an investigation as Markdown or HTML for a ticket or a slide (redacted by default)", runReport},
		{"findings", "list every finding code SSO Lens reports", runFindings},
		{"version", "print the version", runVersion},
	}
}

// Main runs the command line and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return mainWith(&env{stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

func mainWith(e *env, args []string) int {
	// Messages on stderr quote the provider, the server and the input
	// (error_description, a conf value): none reaches the terminal raw.
	e.stderr = safetext.NewWriter(e.stderr)
	stderr := e.stderr
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	if args[0] == "--version" {
		return runVersion(e, nil)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "ssolens: unknown command %q\n\n", args[0])
	usage(stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "SSO Lens: what does my identity provider send, and what will Neo4j make of it?")
	fmt.Fprintln(w, "\nUsage: ssolens            (no arguments: open the desktop app)")
	fmt.Fprintln(w, "       ssolens <command> [arguments]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'ssolens <command> -h' for a command's options.")
	fmt.Fprintln(w, "Exit codes: 0 no error findings, 1 some finding is an error, 2 usage error.")
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("inspect TOKEN --json"), as people type them.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// newFlagSet makes a flag set that reports errors to stderr with the
// command's usage, and never exits the process.
func newFlagSet(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: ssolens %s %s\n\nOptions:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// flagExit turns a flag parsing error into an exit code: -h is success.
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	return ExitUsage
}

// maxArgInput bounds what inspect reads from a file or stdin: one byte more
// than the inspector reads, to know that there is more.
const maxArgInput = inspector.MaxInspectBytes + 1

// readInput reads the input named by a positional argument: the text
// itself, "-" for stdin, or "@FILE". With no argument it reads stdin when
// stdin is not a terminal.
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
	resp := map[string]string{}
	for _, t := range rep.Tokens {
		if t.Kind != inspector.KindJWS {
			continue
		}
		field := "access_token"
		if t.Role == inspector.RoleIDToken {
			field = "id_token"
		}
		if _, ok := resp[field]; !ok {
			resp[field] = t.Raw
		}
	}
	if len(resp) == 0 {
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
		name := arg[1:]
		f, err := os.Open(name)
		if err != nil {
			return nil, "", none, fmt.Errorf("cannot read %q: %w; check the path (@FILE reads a file)", name, errors.Unwrap(err))
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
	return []byte(arg), "argument", inspector.InputSize{Bytes: int64(len(arg))}, nil
}
