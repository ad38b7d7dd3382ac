//go:build !nogui

package main

import (
	"os"
	"runtime/debug"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/ssolens/ssolens/app"
	"github.com/ssolens/ssolens/internal/memtrim"
)

// guiMemoryLimit is the Go heap's soft limit for the desktop app, unless
// GOMEMLIMIT says otherwise. The window's heap holds 20 to 26 MB after a
// demo sign-in, built with -tags no_emoji as make build does (Fyne's colour
// emoji font, parsed once per text style, was another 20 MB: with it, a
// 48 MB limit made the collector run all the time, 200 collections and
// 11 % of the CPU). Measured with bench/gui.sh and the runtime's figures
// after a sign-in (collections, share of the process's CPU time, RSS): no
// limit 18, 1.4 %, 178 MB; 48 MB 21, 1.4 %, 175 MB; 40 MB 31, 2.1 %,
// 165 MB; 36 MB 50, 1.9 %, 163 MB. 40 MB keeps the heap under twice what
// it holds for a little GC time; nearer the live heap, every allocation
// of a larger investigation would wait for the collector. Since the idle
// trim (memtrim, below) a lower limit buys little (RSS after a sign-in,
// 3 runs each: 40 MB 159-160, 36 MB 158-159, 32 MB 157 MB) and costs
// first-frame CPU (median of 3: 40 MB 780 ms, 32 MB 850 ms, 28 MB 940 ms).
const guiMemoryLimit = 40 << 20

// runGUI opens the desktop window. This is the only file that links Fyne's
// GL driver (cgo); build with -tags nogui for a command-line-only binary.
func runGUI() int {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(guiMemoryLimit)
	}
	// The first layout and each sign-in's investigation allocate in a
	// burst (text shaping, mostly garbage at once); the idle window gives
	// what the heap grew for it back to the system (about 6 MB of RSS
	// after a demo sign-in, bench/gui.sh).
	go new(memtrim.Watcher).Run(nil)
	a := fyneapp.NewWithID("io.github.ssolens")
	app.NewMainWindow(a).ShowAndRun()
	return 0
}
