package session

import (
	"fmt"
	"io"

	"github.com/ssolens/ssolens/explain"
	"github.com/ssolens/ssolens/inspector"
)

// ScanRequest is a scan of a log or HAR of any size (ssolens scan): how
// its tokens are kept, whether error texts are looked for too, and the
// input's name, the evidence of a scan that found nothing.
type ScanRequest struct {
	Options inspector.ScanOptions
	// TokensOnly looks for tokens and not for the catalogue's texts, as
	// grep -o would: on a large log the texts' search is most of the work.
	TokensOnly bool
	Name       string
}

// Scan finds every token in a log or HAR of any size, as
// inspector.FindTokens does, and recognises in it the error texts of
// Neo4j, its clients and the identity providers, as an investigation does
// a paste (explain): each text recognised is one finding of the scan, at
// its first line with the count of its occurrences. Memory stays bounded
// whatever the size of r. A file is read twice at a time (the tokens at
// its places, the texts from its start); a stream is read once, for both.
// A scan that finds nothing says so, as a warning.
func Scan(r io.Reader, req ScanRequest) (*inspector.Found, error) {
	type texts struct {
		ms  []explain.Match
		err error
	}
	done := make(chan texts, 1)
	var found *inspector.Found
	var err error
	switch ra, ok := inspector.ReadableAt(r); {
	case req.TokensOnly:
		found, err = inspector.FindTokens(r, req.Options)
		done <- texts{}
	case ok:
		go func() {
			ms, err := explain.FindReader(io.NewSectionReader(ra, 0, ra.Size()))
			done <- texts{ms, err}
		}()
		found, err = inspector.FindTokens(r, req.Options)
	default:
		pr, pw := io.Pipe()
		go func() {
			ms, err := explain.FindReader(pr)
			_ = pr.CloseWithError(err) // unblocks the scan if the texts stop early
			done <- texts{ms, err}
		}()
		found, err = inspector.FindTokens(io.TeeReader(r, pw), req.Options)
		_ = pw.CloseWithError(err) // nil: the texts' reader sees the end of the input
	}
	t := <-done
	if err == nil && t.err != nil && t.err != io.ErrClosedPipe {
		err = t.err
	}
	if err != nil {
		return found, err
	}
	found = withTexts(found, t.ms)
	if found.Len() == 0 && len(found.Findings) == 0 {
		found.Findings = append(found.Findings, inspector.FindNoTokenFound.WithSeverity(inspector.SeverityWarning,
			fmt.Sprintf("No token was found in %d bytes.", found.Input.Bytes),
			"Check the file holds the requests or log lines you expect; Neo4j logs JWT claims only with dbms.security.logs.oidc.jwt_claims_at_debug_level_enabled=true and the security log at DEBUG.",
			req.Name))
	}
	return found, nil
}

// withTexts adds a finding of the scan for each recognised text.
func withTexts(found *inspector.Found, ms []explain.Match) *inspector.Found {
	for _, m := range ms {
		found.Findings = append(found.Findings, m.Finding())
	}
	inspector.SortFindings(found.Findings)
	return found
}
