package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/session"
)

func newScanCmd(e *env) *cobra.Command {
	var out outputFlags
	var tokensOnly bool
	c := leaf("scan FILE | -", "find every token in a large log or HAR file (streams)", func(c *cobra.Command) runFunc {
		fs := flagsOf(c)
		out.register(fs)
		out.registerBrief(fs)
		fs.BoolVar(&tokensOnly, "tokens-only", false, "look for tokens only, not for the error texts (faster on a large log, as grep -o is)")
		return func(args []string) int { return runScan(e, args, out, tokensOnly) }
	})
	c.Long = "Finds every token in a log or HAR file of any size (it streams), with line, offset and context, and decodes each one; and the error texts of Neo4j, its clients and the identity providers it recognises, each once with how many times it occurs."
	c.Example = "  ssolens scan neo4j/logs/security.log\n  ssolens scan session.har --json"
	c.Args = exactlyOneArg("one FILE to scan, or - for standard input")
	return c
}

func runScan(e *env, positional []string, out outputFlags, tokensOnly bool) int {
	var r io.Reader = e.stdin
	if positional[0] != "-" {
		f, err := os.Open(positional[0])
		if err != nil {
			fmt.Fprintf(e.stderr, "ssolens scan: cannot open %q: %v; check the path\n", positional[0], err)
			return ExitUsage
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			fmt.Fprintf(e.stderr, "ssolens scan: %q is a directory; give a file\n", positional[0])
			return ExitUsage
		}
		r = f
	}
	opts := inspector.ScanOptions{Options: out.options(e)}
	if !out.json {
		// The text report shows where a token was found three times at
		// most (and … when there are more), the context of the first only.
		opts.MaxLocations, opts.FirstContextOnly = textLocations+1, true
	}
	found, err := session.Scan(r, session.ScanRequest{Options: opts, TokensOnly: tokensOnly, Name: positional[0]})
	if err != nil {
		fmt.Fprintf(e.stderr, "ssolens scan: %v\n", err)
		return ExitUsage
	}
	if out.json || out.brief {
		return emit(e, found.Report(), out)
	}
	// The full text report is written a token at a time, each decoded as
	// it is rendered: a large scan's decoded tokens are never all held.
	// The scan's buffers are garbage now: collected first, their memory is
	// what the decoding reuses (a fresh page of memory costs more than this
	// collection of a few MB).
	runtime.GC()
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	renderHead(w, found.Input, "", found.Len(), found.Findings)
	hasError := renderTokens(w, found.Len(), found.Token, out.showTokens)
	return flushedWith(e, w, hasError || inspector.HasError(found.Findings))
}
