//go:build !nogui

package main

import (
	"os"
	"runtime/debug"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/ssolens/ssolens/app"
)

// guiMemoryLimit is the Go heap's soft limit for the desktop app, unless
// GOMEMLIMIT says otherwise. The window's live heap is about 30 MB; without
// a limit the default GOGC lets it grow to about 85 MB between
// collections. Measured with bench/gui.sh (RSS after a demo sign-in under
// Xvfb): 218 MB without, 183 MB with it, first frame unchanged.
const guiMemoryLimit = 48 << 20

// runGUI opens the desktop window. This is the only file that links Fyne's
// GL driver (cgo); build with -tags nogui for a command-line-only binary.
func runGUI() int {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(guiMemoryLimit)
	}
	a := fyneapp.NewWithID("io.github.ssolens")
	app.NewMainWindow(a).ShowAndRun()
	return 0
}
