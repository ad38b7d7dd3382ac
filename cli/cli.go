// Package cli is SSO Lens's command line: a thin layer that reads input,
// calls the core packages and renders their findings.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
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

func commands(e *env) []*cobra.Command {
	return []*cobra.Command{
		newInspectCmd(e),
		newScanCmd(e),
		newDemoCmd(e),
		newLintCmd(e),
		newLoginCmd(e),
		newRolesCmd(e),
		newCheckCmd(e),
		newConfigCmd(e),
		newSnippetsCmd(e),
		newReportCmd(e),
		newFindingsCmd(e),
		newMintCmd(e),
		newVersionCmd(e),
	}
}

// Main runs the command line and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return mainWith(&env{stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

func mainWith(e *env, args []string) int {
	root := newRoot(e)
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

// maxArgInput bounds what inspect reads from a file or stdin.
const maxArgInput = 64<<20 + 1

// readInput reads the input named by a positional argument: the text
// itself, "-" for stdin, or "@FILE". With no argument it reads stdin when
// stdin is not a terminal.
func readInput(e *env, positional []string) ([]byte, string, error) {
	if len(positional) > 1 {
		return nil, "", fmt.Errorf("expected one input, got %d; quote a token that contains spaces, or use @FILE", len(positional))
	}
	arg := "-"
	if len(positional) == 1 {
		arg = positional[0]
	} else if f, ok := e.stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return nil, "", fmt.Errorf("no input: give a token, - for standard input, or @FILE")
		}
	}
	switch {
	case arg == "-":
		b, err := io.ReadAll(io.LimitReader(e.stdin, maxArgInput))
		if err != nil {
			return nil, "", fmt.Errorf("reading standard input: %w", err)
		}
		return b, "standard input", nil
	case strings.HasPrefix(arg, "@"):
		name := arg[1:]
		if _, err := os.Stat(name); err != nil {
			return nil, "", fmt.Errorf("cannot read %q: %w; check the path (@FILE reads a file)", name, errors.Unwrap(err))
		}
		b, err := readFileBounded(name)
		return b, name, err
	}
	if name, ok := existingFile(arg); ok {
		b, err := readFileBounded(name)
		if err != nil {
			return nil, "", err
		}
		fmt.Fprintf(e.stderr, "Reading the file %s (an argument naming a file is read as that file; pass the text itself on standard input with - to decode it instead)\n", name)
		return b, name, nil
	}
	return []byte(arg), "argument", nil
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

func readFileBounded(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read %q: %w; check the path", name, errors.Unwrap(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxArgInput))
	if err != nil {
		return nil, fmt.Errorf("reading %q: %w", name, err)
	}
	return b, nil
}
