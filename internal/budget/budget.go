// Package budget gives fuzz targets and large-input tests a ceiling per
// call: bytes allocated (always checked, from runtime.MemStats, so it is
// deterministic enough for a test) and time (checked only while fuzzing,
// where a slow input is a finding; normal test runs assert no wall-clock
// figure). It is imported by tests only.
package budget

import (
	"flag"
	"runtime"
	"testing"
	"time"
)

// Usage is what one call cost.
type Usage struct {
	// Bytes is the memory allocated during the call (runtime TotalAlloc).
	Bytes uint64
	// HeapAfter is the live heap after the call, a bound on what it kept.
	HeapAfter uint64
	Elapsed   time.Duration
}

// Measure runs fn once and reports what it allocated and how long it took.
// Other goroutines' allocations in the meantime are counted too, so
// ceilings must leave room.
func Measure(fn func()) Usage {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	fn()
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	return Usage{Bytes: after.TotalAlloc - before.TotalAlloc, HeapAfter: after.HeapAlloc, Elapsed: elapsed}
}

// Call runs fn once and fails t when it allocates more than maxBytes or,
// while fuzzing, takes longer than maxTime.
func Call(t testing.TB, what string, maxBytes uint64, maxTime time.Duration, fn func()) Usage {
	t.Helper()
	u := Measure(fn)
	if u.Bytes > maxBytes {
		t.Fatalf("%s allocated %d bytes, more than its ceiling of %d", what, u.Bytes, maxBytes)
	}
	if Fuzzing() && u.Elapsed > maxTime {
		t.Fatalf("%s took %s, more than its ceiling of %s", what, u.Elapsed, maxTime)
	}
	return u
}

// Fuzzing reports whether the test binary runs with -test.fuzz (a fuzz
// worker), rather than a normal test run over the seed corpus.
func Fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}
