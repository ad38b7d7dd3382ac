//go:build nogui

package main

import (
	"fmt"
	"os"
)

// runGUI in a command-line-only build (-tags nogui, no cgo needed) says
// how to use it instead.
func runGUI() int {
	fmt.Fprintln(os.Stderr, "ssolens: this build has no desktop app (built with -tags nogui); run 'ssolens help' for the commands")
	return 2
}
