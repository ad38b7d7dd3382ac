// Package memtrim hands the memory that a burst of work left behind back
// to the operating system once the process is idle again.
//
// The Go runtime keeps the heap it grew for a burst (the window's first
// layout, a sign-in's investigation: tens of megabytes of text shaping,
// almost all garbage a moment later) until the next collection needs it,
// up to the heap goal. For a desktop window that then sits idle for
// minutes that is resident memory nobody uses. Watcher looks at the
// runtime's count of allocated bytes at a steady pace and, once a burst
// has been followed by a quiet interval, calls Trim once.
package memtrim

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// WindowLimit is the Go heap's soft limit for the desktop app, unless
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
// trim (Watcher) a lower limit buys little (RSS after a sign-in,
// 3 runs each: 40 MB 159-160, 36 MB 158-159, 32 MB 157 MB) and costs
// first-frame CPU (median of 3: 40 MB 780 ms, 32 MB 850 ms, 28 MB 940 ms).
const WindowLimit = 40 << 20

// ForWindow sets a desktop window's memory policy: WindowLimit (unless
// GOMEMLIMIT is set) and a Watcher for the life of the process. The first
// layout and each sign-in's investigation allocate in a burst (text
// shaping, mostly garbage at once); the idle window gives what the heap
// grew for it back to the system (about 6 MB of RSS after a demo sign-in,
// bench/gui.sh). The app and make bench's floor (bench/guifloor) call it.
func ForWindow() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(WindowLimit)
	}
	go new(Watcher).Run(nil)
}

// Watcher decides when to trim. The zero value of each field means the
// default beside it.
type Watcher struct {
	// Every is how often the allocation count is read (1 s).
	Every time.Duration
	// Burst is how many bytes must have been allocated since the last
	// trim for another to be worth its collection (8 MiB).
	Burst uint64
	// Quiet is the most one interval may allocate and still count as idle
	// (1 MiB: a window's clocks and countdowns allocate far less).
	Quiet uint64
	// Allocated reports the bytes allocated so far (the runtime's
	// /gc/heap/allocs:bytes).
	Allocated func() uint64
	// Trim gives the memory back (debug.FreeOSMemory).
	Trim func()

	lastTrim, lastSeen uint64
	started            bool
}

// Run looks every Every until stop is closed.
func (w *Watcher) Run(stop <-chan struct{}) {
	w.defaults()
	tick := time.NewTicker(w.Every)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			if w.Step(w.Allocated()) {
				w.Trim()
			}
		}
	}
}

// Step takes one reading of the allocated bytes and says whether to trim
// now: at least Burst allocated since the last trim (or the start), and no
// more than Quiet since the previous reading. The first reading only sets
// the starting point.
func (w *Watcher) Step(allocated uint64) bool {
	w.defaults()
	if !w.started {
		w.started = true
		w.lastSeen = allocated
		return false
	}
	since := allocated - w.lastSeen
	w.lastSeen = allocated
	if since > w.Quiet || allocated-w.lastTrim < w.Burst {
		return false
	}
	w.lastTrim = allocated
	return true
}

func (w *Watcher) defaults() {
	if w.Every <= 0 {
		w.Every = time.Second
	}
	if w.Burst == 0 {
		w.Burst = 8 << 20
	}
	if w.Quiet == 0 {
		w.Quiet = 1 << 20
	}
	if w.Allocated == nil {
		w.Allocated = heapAllocated
	}
	if w.Trim == nil {
		w.Trim = debug.FreeOSMemory
	}
}

// heapAllocated is the runtime's running total of heap bytes allocated.
func heapAllocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
