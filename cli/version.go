package cli

import (
	"fmt"

	"github.com/ssolens/ssolens/internal/buildinfo"
)

func runVersion(e *env, args []string) int {
	fs := newFlagSet(e, "version", "[--json]")
	asJSON := fs.Bool("json", false, "print the facts as one JSON object")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(positional) > 0 {
		fmt.Fprintf(e.stderr, "ssolens version: takes no arguments, got %q\n", positional[0])
		return ExitUsage
	}
	info := buildinfo.Get()
	if *asJSON {
		if err := writeJSON(e.stdout, info); err != nil {
			return ExitUsage
		}
		return ExitOK
	}
	w := e.stdout
	fmt.Fprintf(w, "ssolens %s\n", info.Version)
	commit := info.Commit
	if commit == "" {
		commit = "unknown"
	}
	if info.Modified {
		commit += " (with uncommitted changes)"
	}
	fmt.Fprintf(w, "  commit   %s\n", commit)
	if info.CommitDate != "" {
		fmt.Fprintf(w, "  from     %s\n", info.CommitDate)
	}
	if info.BuildDate != "" {
		fmt.Fprintf(w, "  built    %s\n", info.BuildDate)
	}
	fmt.Fprintf(w, "  go       %s %s\n", info.GoVersion, info.Platform)
	fmt.Fprintf(w, "  build    %s\n", info.Kind())
	return ExitOK
}
