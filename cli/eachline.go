package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/ssolens/ssolens/inspector"
)

// maxLineInput bounds one line of --each-line, as maxArgInput bounds one
// input.
const maxLineInput = maxArgInput - 1

// lineReport is one line's report in --each-line --json output: the JSON
// contract of inspect with the line number added.
type lineReport struct {
	Line int `json:"line"`
	*inspector.Report
}

// lineBatch is a run of lines on their way through the workers; done
// carries their rendered output, so the writer prints in input order.
// Lines travel in batches: one channel hand-off per line cost more than
// the work on a short line.
type lineBatch struct {
	lines []numberedLine
	done  chan lineResult
}

type numberedLine struct {
	n    int
	text []byte
}

type lineResult struct {
	buf      *bytes.Buffer // the batch's output; back to outBufs once written
	hasError bool
}

// outBufs recycles the batches' output buffers.
var outBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// eachLineBatch is how many lines a batch holds.
const eachLineBatch = 32

// inspectEachLine inspects (and verifies, as the flags ask) every
// non-blank line of a file as an input of its own. Lines are worked on by
// as many workers as there are CPUs and printed in input order; the key
// source is read once for all of them.
func inspectEachLine(e *env, path string, out outputFlags, vf *verifyFlags) int {
	var r io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(e.stderr, "ssolens inspect: cannot open %q: %v; check the path\n", path, errors.Unwrap(err))
			return ExitUsage
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			fmt.Fprintf(e.stderr, "ssolens inspect: %q is a directory; give a file\n", path)
			return ExitUsage
		}
		r = f
	}
	ctx := context.Background()
	opts := out.options(e)
	cfg, transport, err := vf.config(opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "ssolens inspect: %v\n", err)
		return ExitUsage
	}
	cfg = cfg.PreloadKeys(ctx)
	if os.Getenv("GOGC") == "" {
		// Each line's report is garbage as soon as it is printed: collect
		// less often (the live heap stays a few MB; profiling 10,000
		// tokens showed a quarter of the CPU in the collector at 100).
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}

	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *lineBatch, workers*4)
	order := make(chan *lineBatch, workers*4)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				buf := outBufs.Get().(*bytes.Buffer)
				buf.Reset()
				res := lineResult{buf: buf}
				for _, l := range b.lines {
					if inspectLine(ctx, buf, l, opts, cfg, transport, out) {
						res.hasError = true
					}
				}
				b.done <- res
			}
		}()
	}

	// The writer prints each batch's output as soon as it and every batch
	// before it are done.
	status := make(chan int, 1)
	go func() {
		w := bufio.NewWriterSize(e.stdout, 256<<10)
		code := ExitOK
		for b := range order {
			res := <-b.done
			if res.hasError {
				code = ExitFindings
			}
			w.Write(res.buf.Bytes())
			outBufs.Put(res.buf)
		}
		if err := w.Flush(); err != nil {
			fmt.Fprintf(e.stderr, "ssolens inspect: writing the output: %v\n", err)
			code = ExitUsage
		}
		status <- code
	}()

	batch := &lineBatch{done: make(chan lineResult, 1)}
	var arena []byte // the batch's lines, copied out of the reader's buffer
	send := func() {
		order <- batch
		jobs <- batch
		batch = &lineBatch{done: make(chan lineResult, 1)}
		arena = nil
	}
	readErr := readLines(r, func(n int, text []byte) {
		if cap(arena)-len(arena) < len(text) {
			arena = make([]byte, 0, max(len(text), 32<<10))
		}
		start := len(arena)
		arena = append(arena, text...)
		batch.lines = append(batch.lines, numberedLine{n: n, text: arena[start:len(arena):len(arena)]})
		if len(batch.lines) == eachLineBatch {
			send()
		}
	})
	if len(batch.lines) > 0 {
		send()
	}
	close(jobs)
	close(order)
	wg.Wait()
	code := <-status
	if readErr != nil {
		fmt.Fprintf(e.stderr, "ssolens inspect: %v\n", readErr)
		return ExitUsage
	}
	return code
}

// readLines calls fn with every non-blank line (numbered from 1, without
// its line ending, trimmed); fn must copy what it keeps. A line longer than maxLineInput is an error.
func readLines(r io.Reader, fn func(n int, text []byte)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLineInput)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		fn(n, line) // valid until the next line is read
	}
	switch err := sc.Err(); {
	case errors.Is(err, bufio.ErrTooLong):
		return fmt.Errorf("line %d is longer than %d bytes; --each-line takes one token or response per line", n+1, maxLineInput)
	case err != nil:
		return fmt.Errorf("reading line %d: %w", n+1, err)
	}
	return nil
}

// inspectLine inspects, verifies and renders one line, appending to buf;
// it reports whether the line has an error finding.
func inspectLine(ctx context.Context, buf *bytes.Buffer, l numberedLine, opts inspector.Options, cfg inspector.VerifyConfig, transport string, out outputFlags) bool {
	rep := inspector.Inspect(l.text, opts)
	rep.Transport = transport
	inspector.VerifyReport(ctx, rep, cfg)
	if out.showTokens {
		for _, t := range rep.Tokens {
			t.RawShown = t.Raw
		}
	}
	if out.json {
		if b, ok := appendLineReport(buf.AvailableBuffer(), l.n, rep); ok {
			buf.Write(b)
			return rep.HasError()
		}
		mark := buf.Len()
		if err := encodeLineReport(buf, l.n, rep); err != nil {
			// Reports are plain data; should one ever fail to encode, the
			// line still gets a record saying so.
			buf.Truncate(mark)
			fmt.Fprintf(buf, "{\"line\":%d,\"error\":%q}\n", l.n, err.Error())
			return true
		}
	} else if out.brief {
		fmt.Fprintf(buf, "line %d: ", l.n)
		renderBrief(buf, rep, palette{})
	} else {
		fmt.Fprintf(buf, "━━ line %d ━━\n", l.n)
		renderReport(buf, rep, out.showTokens)
		buf.WriteByte('\n')
	}
	return rep.HasError()
}
