// Package par runs independent pieces of work on several goroutines.
package par

import (
	"sync"
	"sync/atomic"
)

// Each calls fn(i) for every i in [0, n), on workers goroutines (at least
// one), each taking the next i as it finishes the last; it returns when
// every call has. Calls run concurrently: fn must only write what belongs
// to its i.
func Each(n, workers int, fn func(i int)) {
	workers = max(1, min(workers, n))
	if workers == 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
