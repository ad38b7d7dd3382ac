package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The commands written before cobra define their flags in their run
// function, on newFlagSet, and parse them with parseInterspersed. Under
// cobra (flagged) that function runs twice:
//
//   - once when the command tree is built, in describe mode: newFlagSet
//     hands out the cobra command's own flag set, and parseInterspersed
//     stops before parsing anything, so help, man pages and completion
//     know every flag;
//   - once to run, with a fresh flag set of its own that parses the
//     arguments GNU-style (--long, -j, flags before or after arguments).
//
// So cobra parses nothing for them (DisableFlagParsing), and the bodies
// keep their flag variables. New commands bind flags to an options struct
// with leaf instead.

// errDescribe ends a run function in describe mode.
var errDescribe = errors.New("describing the flags")

// flagSet is a command's flags: pflag's, with the common short aliases
// (-j/--json, -o/--output, -q/--quiet) and "-o FILE" as --output.
type flagSet struct {
	*pflag.FlagSet
	e    *env
	name string
}

// shortFor are the short aliases of the common flags; a flag defined with
// the one-letter name "o" is --output with -o.
var shortFor = map[string]string{"json": "j", "output": "o", "quiet": "q"}

func longName(name string) (long, short string) {
	if name == "o" {
		return "output", "o"
	}
	return name, shortFor[name]
}

func (f *flagSet) Bool(name string, value bool, usage string) *bool {
	long, short := longName(name)
	return f.FlagSet.BoolP(long, short, value, usage)
}

func (f *flagSet) BoolVar(p *bool, name string, value bool, usage string) {
	long, short := longName(name)
	f.FlagSet.BoolVarP(p, long, short, value, usage)
}

func (f *flagSet) String(name, value, usage string) *string {
	long, short := longName(name)
	return f.FlagSet.StringP(long, short, value, usage)
}

func (f *flagSet) StringVar(p *string, name, value, usage string) {
	long, short := longName(name)
	f.FlagSet.StringVarP(p, long, short, value, usage)
}

func (f *flagSet) DurationVar(p *time.Duration, name string, value time.Duration, usage string) {
	f.FlagSet.DurationVar(p, name, value, usage)
}

// newFlagSet makes a command's flag set (see above): in describe mode the
// cobra command's own.
func newFlagSet(e *env, name, synopsis string) *flagSet {
	if c := e.describe; c != nil {
		c.Use = name + " " + synopsis
		return &flagSet{FlagSet: c.Flags(), e: e, name: name}
	}
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard) // parseInterspersed reports errors itself
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: ssolens %s %s\nRun 'ssolens %s --help' for the options.\n", name, synopsis, name)
	}
	return &flagSet{FlagSet: fs, e: e, name: name}
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("inspect TOKEN --json"), as people type them; "--"
// ends the flags. -h and --help print the command's help on stdout; an
// unknown flag is reported with a "did you mean".
func parseInterspersed(fs *flagSet, args []string) ([]string, error) {
	e := fs.e
	if c := e.describe; c != nil {
		// The long description some commands keep in their Usage.
		if fs.Usage != nil {
			var b bytes.Buffer
			e.stderr = &b
			fs.SetOutput(io.Discard)
			fs.Usage()
			c.Long = usageDescription(b.String())
		}
		return nil, errDescribe
	}
	fs.Usage = func() {}
	err := fs.Parse(args)
	switch {
	case errors.Is(err, pflag.ErrHelp):
		if e.cmd != nil {
			e.cmd.SetOut(e.stdout)
			e.cmd.Help()
		}
		return nil, err
	case err != nil:
		err = suggestFlag(fs.FlagSet, err)
		fmt.Fprintf(e.stderr, "ssolens %s: %v\nRun 'ssolens %s --help' for usage.\n", fs.name, err, fs.name)
		return nil, err
	}
	if err := e.afterParse(fs.FlagSet, fs.name); err != nil {
		fmt.Fprintf(e.stderr, "ssolens %s: %v\n", fs.name, err)
		return nil, err
	}
	return fs.Args(), nil
}

// usageDescription takes the description out of a command's own usage
// text: what stands between the "Usage:" line and "Options:".
func usageDescription(s string) string {
	if i := strings.Index(s, "\nOptions:"); i >= 0 {
		s = s[:i]
	}
	if strings.HasPrefix(s, "Usage:") {
		if i := strings.Index(s, "\n"); i >= 0 {
			s = s[i+1:]
		} else {
			s = ""
		}
	}
	return strings.TrimSpace(s)
}

// flagExit turns a flag parsing error into an exit code: -h is success.
func flagExit(err error) int {
	if errors.Is(err, pflag.ErrHelp) || errors.Is(err, errDescribe) {
		return ExitOK
	}
	return ExitUsage
}

// afterParse applies what every command shares once its flags are parsed:
// SSOLENS_OFFLINE and the colour of the text output.
func (e *env) afterParse(fs *pflag.FlagSet, name string) error {
	if err := applyOfflineEnv(fs, name); err != nil {
		return err
	}
	asJSON, _ := fs.GetBool("json")
	e.startColor(asJSON)
	return nil
}

// flagged makes the cobra command of a run function that defines and
// parses its own flags (see above).
func flagged(e *env, name, short string, run func(*env, []string) int) *cobra.Command {
	c := &cobra.Command{Use: name, Short: short, DisableFlagParsing: true}
	run(&env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, describe: c}, nil)
	c.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 1 && args[0] == "help" {
			return c.Help()
		}
		args, err := takeColorFlag(e, args)
		if err != nil {
			fmt.Fprintf(e.stderr, "ssolens %s: %v\n", name, err)
			return exit(ExitUsage)
		}
		e.cmd = c
		return exit(run(e, args))
	}
	return c
}

// takeColorFlag takes the root's --color out of the arguments of a command
// that parses its own flags.
func takeColorFlag(e *env, args []string) ([]string, error) {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(out, args[i:]...), nil
		case a == "--color":
			if i+1 == len(args) {
				return nil, errors.New("--color needs a value: auto, always or never")
			}
			i++
			if err := e.color.Set(args[i]); err != nil {
				return nil, fmt.Errorf("--color %w", err)
			}
			continue
		case strings.HasPrefix(a, "--color="):
			if err := e.color.Set(strings.TrimPrefix(a, "--color=")); err != nil {
				return nil, fmt.Errorf("--color %w", err)
			}
			continue
		}
		out = append(out, a)
	}
	return out, nil
}
