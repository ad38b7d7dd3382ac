package session

import (
	"io"

	"github.com/ssolens/ssolens/explain"
	"github.com/ssolens/ssolens/inspector"
)

// Scan finds every token in a log or HAR of any size, as
// inspector.FindTokens does, and recognises in it the error texts of
// Neo4j, its clients and the identity providers, as an investigation does
// a paste (explain): each text recognised is one finding of the scan, at
// its first line with the count of its occurrences. Memory stays bounded
// whatever the size of r. A file is read twice (the tokens at its places,
// then the texts); a stream is read once, for both at a time.
func Scan(r io.Reader, opts inspector.ScanOptions) (*inspector.Found, error) {
	if ra, ok := inspector.ReadableAt(r); ok {
		found, err := inspector.FindTokens(r, opts)
		if err != nil {
			return found, err
		}
		ms, err := explain.FindReader(io.NewSectionReader(ra, 0, ra.Size()))
		return withTexts(found, ms), err
	}
	pr, pw := io.Pipe()
	type texts struct {
		ms  []explain.Match
		err error
	}
	done := make(chan texts, 1)
	go func() {
		ms, err := explain.FindReader(pr)
		_ = pr.CloseWithError(err) // unblocks the scan if the texts stop early
		done <- texts{ms, err}
	}()
	found, err := inspector.FindTokens(io.TeeReader(r, pw), opts)
	_ = pw.CloseWithError(err) // nil: the texts' reader sees the end of the input
	t := <-done
	if err == nil && t.err != nil && t.err != io.ErrClosedPipe {
		err = t.err
	}
	return withTexts(found, t.ms), err
}

// withTexts adds a finding of the scan for each recognised text.
func withTexts(found *inspector.Found, ms []explain.Match) *inspector.Found {
	for _, m := range ms {
		found.Findings = append(found.Findings, m.Finding())
	}
	inspector.SortFindings(found.Findings)
	return found
}
