package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ssolens/ssolens/internal/textdist"
	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/snippets"
)

// codeError carries a command's exit code through cobra's RunE.
type codeError struct{ code int }

func (c codeError) Error() string { return fmt.Sprintf("exit code %d", c.code) }

// exit turns an exit code into RunE's error: nil for ExitOK.
func exit(code int) error {
	if code == ExitOK {
		return nil
	}
	return codeError{code}
}

// runFunc runs a command with its positional arguments, its flags already
// parsed into the variables its definition bound them to.
type runFunc func(positional []string) int

// leaf makes a command: define binds its flags (on c.Flags()) to its
// options and returns what runs. Flags may come before or after the
// arguments; "CMD help" shows the help instead of reading "help" as input.
func leaf(use, short string, define func(c *cobra.Command) runFunc) *cobra.Command {
	c := &cobra.Command{Use: use, Short: short}
	run := define(c)
	c.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 1 && args[0] == "help" {
			return c.Help()
		}
		return exit(run(args))
	}
	return c
}

// flagsOf is a cobra command's flags with the short aliases of the common
// ones (see flagSet).
func flagsOf(c *cobra.Command) *flagSet {
	return &flagSet{FlagSet: c.Flags(), name: c.Name()}
}

// exactlyOneArg wants one positional argument, what.
func exactlyOneArg(what string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) == 1 {
			return nil
		}
		if len(args) == 0 {
			return fmt.Errorf("give %s", what)
		}
		return fmt.Errorf("expected %s, got %d arguments (%s); quote one that contains spaces", what, len(args), strings.Join(args, " "))
	}
}

// rootLong is the root command's description.
const rootLong = `SSO Lens: what does my identity provider send, and what will Neo4j make of it?
With no arguments, ssolens opens the desktop app.`

// helpFooter ends every command's usage.
const helpFooter = `
Exit codes: 0 no error findings, 1 some finding is an error, 2 usage error.
Environment: NO_COLOR turns colour off; SSOLENS_OFFLINE=1 keeps every command off the network.
`

// newRoot builds the command tree on e's streams.
func newRoot(e *env) *cobra.Command { return newRootFor(e, "") }

// newRootFor is the root with every command, or with only set, the root
// and that command alone.
func newRootFor(e *env, only string) *cobra.Command {
	var showVersion bool
	root := &cobra.Command{
		Use:           "ssolens",
		Short:         "what does my identity provider send, and what will Neo4j make of it?",
		Long:          rootLong,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Without this a root with RunE takes unknown commands as arguments.
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(c, args[0])
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if showVersion {
				return exit(runVersion(e, false))
			}
			c.SetOut(e.stderr)
			c.Help()
			return exit(ExitUsage)
		},
	}
	root.SuggestionsMinimumDistance = 2
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.Flags().BoolVarP(&showVersion, "version", "v", false, "print the version")
	root.PersistentFlags().Var(&e.color, "color", "colour the text output: auto (on a terminal, unless NO_COLOR is set), always or never")
	root.RegisterFlagCompletionFunc("color", cobra.FixedCompletions([]string{"auto", "always", "never"}, cobra.ShellCompDirectiveNoFileComp))
	root.CompletionOptions.HiddenDefaultCmd = false

	for _, c := range commands(e, only) {
		root.AddCommand(c)
	}
	if only != "" {
		// The completion command is reached only by its name, which
		// builds the whole tree.
		root.CompletionOptions.DisableDefaultCmd = true
	}
	root.SetUsageTemplate(root.UsageTemplate() + helpFooter)
	root.SetFlagErrorFunc(flagError)
	completeFlagValues(root)
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if err := e.afterParse(c.Flags(), c.Name()); err != nil {
			fmt.Fprintf(e.stderr, "ssolens %s: %v\n", c.Name(), err)
			return exit(ExitUsage)
		}
		return nil
	}
	return root
}

// flagValues are the values some flags take, offered by shell completion
// wherever the flag is defined.
func flagValues() map[string][]string {
	var kinds []string
	for _, k := range snippets.Kinds() {
		kinds = append(kinds, string(k))
	}
	return map[string][]string{
		"flow":          {pkce.FlowPKCE, pkce.FlowImplicit, pkce.FlowClientCredentials, pkce.FlowDevice, pkce.FlowPassword},
		"token-type":    {"access_token", "id_token"},
		"redirect-host": {pkce.HostIPv4, pkce.HostLocalhost, pkce.HostIPv6},
		"neo4j-version": {"latest", "4.4", "5.x", "5.19", "5.26", "2025.x", "2026.x", "2026.06"},
		"kind":          append(kinds, "all"),
	}
}

func completeFlagValues(c *cobra.Command) {
	values := flagValues()
	for _, s := range c.Commands() {
		for name, vs := range values {
			if s.Flags().Lookup(name) != nil {
				s.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(vs, cobra.ShellCompDirectiveNoFileComp))
			}
		}
	}
}

// unknownCommand is cobra's "unknown command" error with its "did you
// mean" suggestions.
func unknownCommand(c *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q", name)
	if s := c.SuggestionsFor(name); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return errors.New(msg)
}

// flagError adds "did you mean" to an unknown flag.
func flagError(c *cobra.Command, err error) error { return suggestFlag(c.Flags(), err) }

// suggestFlag adds "did you mean" to an unknown flag of fs.
func suggestFlag(fs *pflag.FlagSet, err error) error {
	var ne *pflag.NotExistError
	if !errors.As(err, &ne) || ne.GetSpecifiedName() == "" {
		return err
	}
	typed := ne.GetSpecifiedName()
	var best []string
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		if d := textdist.Levenshtein(strings.ToLower(typed), strings.ToLower(f.Name)); d <= 2 || strings.HasPrefix(f.Name, typed) {
			best = append(best, "--"+f.Name)
		}
	})
	if len(best) > 0 {
		return fmt.Errorf("%w; did you mean %s?", err, strings.Join(best, " or "))
	}
	return err
}

// newVersionCmd wires `ssolens version` (version.go) into the tree.
func newVersionCmd(e *env) *cobra.Command {
	var asJSON bool
	c := leaf("version", "print the version, commit, build date, Go release and whether the build has the desktop app", func(c *cobra.Command) runFunc {
		flagsOf(c).BoolVar(&asJSON, "json", false, "print the same facts as JSON")
		return func([]string) int { return runVersion(e, asJSON) }
	})
	c.Args = cobra.NoArgs
	return c
}

// NewRootCommand is the command tree on the process's streams: for tools
// that generate man pages and completions from it.
func NewRootCommand() *cobra.Command {
	return newRoot(&env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr})
}
