package memtrim

import (
	"math"
	"runtime/debug"
	"testing"
	"time"
)

const mib = 1 << 20

// steps feeds readings to a fresh Watcher and returns at which readings it
// trims.
func steps(w *Watcher, readings ...uint64) []int {
	var at []int
	for i, r := range readings {
		if w.Step(r) {
			at = append(at, i)
		}
	}
	return at
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestStep(t *testing.T) {
	for _, tc := range []struct {
		name     string
		readings []uint64
		want     []int
	}{
		// The start's burst (before the first reading) counts: the first
		// quiet interval after it trims.
		{"start then idle", []uint64{60 * mib, 60*mib + 100<<10, 60*mib + 200<<10}, []int{1}},
		{"still busy", []uint64{10 * mib, 20 * mib, 30 * mib, 40 * mib}, nil},
		{"busy then quiet", []uint64{10 * mib, 20 * mib, 30 * mib, 30*mib + 512<<10, 30*mib + 600<<10}, []int{3}},
		// Once trimmed, quiet intervals do not trim again until another
		// burst has been allocated.
		{"one trim per burst", []uint64{20 * mib, 20 * mib, 20 * mib, 40 * mib, 40 * mib, 40 * mib}, []int{1, 4}},
		{"small burst is not worth it", []uint64{0, 0, 4 * mib, 4 * mib, 6 * mib, 6 * mib}, nil},
		// A slow steady trickle (a countdown's relabelling) adds up to a
		// trim only after Burst bytes.
		{"trickle", trickle(200, 100<<10), []int{82, 164}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := steps(&Watcher{}, tc.readings...); !equal(got, tc.want) {
				t.Errorf("trims at %v, want %v", got, tc.want)
			}
		})
	}
}

func trickle(n int, each uint64) []uint64 {
	r := make([]uint64, n)
	for i := range r {
		r[i] = uint64(i) * each
	}
	return r
}

func TestRunTrimsAfterBurstAndStops(t *testing.T) {
	readings := []uint64{50 * mib, 50 * mib}
	reads := 0
	trimmed := make(chan struct{}, 1)
	stop := make(chan struct{})
	done := make(chan struct{})
	w := &Watcher{
		Every: time.Millisecond,
		Allocated: func() uint64 {
			r := readings[min(reads, len(readings)-1)]
			reads++
			return r
		},
		Trim: func() { trimmed <- struct{}{} },
	}
	go func() { w.Run(stop); close(done) }()
	select {
	case <-trimmed:
	case <-time.After(10 * time.Second):
		t.Fatal("no trim after a burst and a quiet interval")
	}
	close(stop)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after stop")
	}
	select {
	case <-trimmed:
		t.Error("trimmed twice for one burst")
	default:
	}
}

func TestHeapAllocatedGrows(t *testing.T) {
	before := heapAllocated()
	sink = make([]byte, 4*mib)
	if after := heapAllocated(); after < before+4*mib {
		t.Errorf("allocated %d then %d, want at least 4 MiB more", before, after)
	}
}

var sink []byte

func TestForWindowSetsTheLimitUnlessGOMEMLIMIT(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "1GiB")
	ForWindow()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("with GOMEMLIMIT set, ForWindow changed the limit to %d", got)
	}
	t.Setenv("GOMEMLIMIT", "")
	ForWindow()
	if got := debug.SetMemoryLimit(-1); got != WindowLimit {
		t.Fatalf("limit = %d, want WindowLimit %d", got, WindowLimit)
	}
}
