package inspector

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// SizedReaderAt is an input Scan can read at several places at once: a
// file (as an io.SectionReader), a bytes.Reader or a strings.Reader. It is
// read from its start, whatever was read from it before.
type SizedReaderAt interface {
	io.ReaderAt
	Size() int64
}

// ReadableAt is readableAt, for a caller that reads the input again
// after FindTokens (a second pass over a file).
func ReadableAt(r io.Reader) (SizedReaderAt, bool) { return readableAt(r) }

// readableAt returns r as an input to read at its places: a
// SizedReaderAt, or a regular file that stands at its start (a file given
// by path, or redirected to standard input), read as it was when opened
// even if it grows meanwhile. Anything else (a pipe, a terminal) is
// streamed.
func readableAt(r io.Reader) (SizedReaderAt, bool) {
	switch v := r.(type) {
	case SizedReaderAt:
		return v, true
	case *os.File:
		st, err := v.Stat()
		if err != nil || !st.Mode().IsRegular() || st.Size() == 0 {
			return nil, false
		}
		if at, err := v.Seek(0, io.SeekCurrent); err != nil || at != 0 {
			return nil, false
		}
		return io.NewSectionReader(v, 0, st.Size()), true
	}
	return nil, false
}

// atWindow is one window of an input read at its place: the bytes from
// offset base, searched for hits that start in buf[from:limit].
type atWindow struct {
	k           int
	buf         []byte
	base        int64
	from, limit int
	hits        []scanHit
	lines       int
	eof         bool // buf runs to the end of the input
	last        bool // no window comes after this one
	err         error
}

// scanSpace is what a window is read and searched into, reused.
type scanSpace struct {
	buf  []byte
	hits []scanHit
}

// headerMemoMax bounds how many distinct JOSE headers a worker remembers.
const headerMemoMax = 1024

// runAt scans an input it can read at any place: each core reads a window
// and searches it, and this goroutine records the windows' hits in order
// (the only one that touches s.seen). The reading, which a streamed scan
// does on one core beside the search, is shared out with it.
func (s *scanner) runAt(r SizedReaderAt) (int64, error) {
	size := r.Size()
	win := int64(scanWindow)
	windows := int(max((size+win-1)/win, 1))
	workers := min(max(scanProcs(), 1), windows)
	if windows == 1 { // a paste, a small file: no goroutine
		w := readWindow(r, size, 0, make([]byte, 0, size))
		if w.err != nil {
			return 0, fmt.Errorf("reading input at byte 0: %w", w.err)
		}
		w.hits, _ = searchHits(w.buf, w.from, w.limit, w.eof, s.known, isJOSEHeader, nil)
		s.recordWindow(w, 1, 0)
		return int64(len(w.buf)), nil
	}
	// A worker takes a buffer before it takes a window, so the window this
	// goroutine waits for always has one: no deadlock, at most len(free)
	// windows held.
	free := make(chan scanSpace, workers+1)
	for range cap(free) {
		free <- scanSpace{buf: make([]byte, 0, scanLookbehind+scanWindow+scanMaxToken+scanLookbehind)}
	}
	results := make(chan *atWindow, cap(free))
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			memo := map[string]bool{}
			headerOK := func(h []byte) bool {
				if ok, seen := memo[string(h)]; seen {
					return ok
				}
				ok := isJOSEHeader(h)
				if len(memo) < headerMemoMax {
					memo[string(h)] = ok
				}
				return ok
			}
			for {
				space := <-free
				k := int(next.Add(1) - 1)
				if k >= windows || stop.Load() {
					free <- space
					return
				}
				w := readWindow(r, size, k, space.buf)
				w.hits = space.hits[:0]
				if w.err == nil {
					w.hits, w.lines = searchHits(w.buf, w.from, w.limit, w.eof, nil, headerOK, w.hits)
				}
				results <- w
			}
		})
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int]*atWindow{}
	want, line := 0, 1
	var lastEnd, end int64 // where the last token recorded ends; where the input read ends
	var err error
	for w := range results {
		pending[w.k] = w
		for !stop.Load() {
			w, ok := pending[want]
			if !ok {
				break
			}
			delete(pending, want)
			want++
			end = w.base + int64(len(w.buf))
			switch {
			case w.err != nil:
				err = fmt.Errorf("reading input at byte %d: %w", w.base+int64(w.from), w.err)
				stop.Store(true)
			default:
				lastEnd = s.recordWindow(w, line, lastEnd)
				line += w.lines
				if w.last {
					stop.Store(true)
				}
			}
			free <- scanSpace{w.buf[:0], w.hits[:0]}
		}
		if stop.Load() {
			for _, p := range pending {
				free <- scanSpace{p.buf[:0], p.hits[:0]}
			}
			clear(pending)
		}
	}
	if err == nil && want < windows && !stop.Load() {
		err = errors.New("scan: a window was never read") // unreachable: every window is sent
	}
	return end, err
}

// recordWindow records a window's hits, line being the line number at its
// start, but those that start inside a token recorded before (which ends
// at lastEnd); it returns where the last token recorded ends.
func (s *scanner) recordWindow(w *atWindow, line int, lastEnd int64) int64 {
	for i := range w.hits {
		h := &w.hits[i]
		if w.base+int64(h.start-h.lead) < lastEnd {
			continue
		}
		s.resolve(w.buf, h)
		s.record(w.buf, h, w.base, line+h.lines)
		lastEnd = w.base + int64(h.end)
	}
	return lastEnd
}

// readWindow reads window k of an input of size bytes into buf: the
// window's own bytes, the lookbehind before them and a token's length
// after (so that a token starting in the window is read whole). A read
// that ends early (the input shrank) makes the window the last.
func readWindow(r io.ReaderAt, size int64, k int, buf []byte) *atWindow {
	start := int64(k) * int64(scanWindow)
	pre := min(start, scanLookbehind)
	stop := min(start+int64(scanWindow), size)
	endRead := min(stop+scanMaxToken+scanLookbehind, size)
	buf = buf[:endRead-(start-pre)]
	n, err := r.ReadAt(buf, start-pre)
	w := &atWindow{k: k, base: start - pre, from: int(pre), eof: endRead == size, last: stop == size}
	if n == len(buf) {
		err = nil // a full read may come with io.EOF
	} else if err == nil || errors.Is(err, io.EOF) {
		err = nil // the input shrank since its size was taken: it ends here
		w.eof, w.last = true, true
	}
	w.buf, w.err = buf[:n], err
	w.limit = int(stop - w.base)
	if w.last {
		w.limit = n // the last window searches to the end
	}
	w.limit = max(min(w.limit, n), w.from)
	return w
}
