//go:build !nogui

package main

import (
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/ssolens/ssolens/app"
	"github.com/ssolens/ssolens/internal/memtrim"
)

// runGUI opens the desktop window. This is the only file that links Fyne's
// GL driver (cgo); build with -tags nogui for a command-line-only binary.
func runGUI() int {
	memtrim.ForWindow()
	a := fyneapp.NewWithID("io.github.ssolens")
	app.NewMainWindow(a).ShowAndRun()
	return 0
}
