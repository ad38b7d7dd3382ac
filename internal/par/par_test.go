package par

import (
	"sync/atomic"
	"testing"
)

// TestEachCallsEveryIndexOnce: every index in [0, n) is worked on exactly
// once, whatever the count of workers (none, one, more than n).
func TestEachCallsEveryIndexOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 2, 7, 1000} {
		for _, n := range []int{0, 1, 5, 300} {
			seen := make([]atomic.Int32, n)
			Each(n, workers, func(i int) { seen[i].Add(1) })
			for i := range seen {
				if c := seen[i].Load(); c != 1 {
					t.Fatalf("workers %d, n %d: index %d worked on %d times", workers, n, i, c)
				}
			}
		}
	}
}
