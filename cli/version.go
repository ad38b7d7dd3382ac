package cli

import (
	"fmt"

	"github.com/ssolens/ssolens/internal/buildinfo"
)

// runVersion prints what this binary is (internal/buildinfo).
func runVersion(e *env, asJSON bool) int {
	info := buildinfo.Get()
	if asJSON {
		return writeJSONOr(e, info)
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
