package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is the SSO Lens version; release builds set it with
// -ldflags "-X github.com/ssolens/ssolens/cli.Version=…".
var Version = "0.1.0"

func runVersion(e *env, args []string) int {
	rev := "unknown"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = s.Value[:12]
			}
		}
	}
	fmt.Fprintf(e.stdout, "ssolens %s (commit %s, %s, %s/%s)\n", Version, rev, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return ExitOK
}
