package explain

import (
	"strings"
	"testing"
	"unicode"

	"github.com/ssolens/ssolens/inspector"
)

// FuzzAnnotate: any paste, never a panic, and nothing unprintable reaches
// a finding.
func FuzzAnnotate(f *testing.F) {
	for _, e := range catalogue {
		for _, ex := range e.Examples {
			f.Add([]byte(ex))
		}
	}
	f.Add([]byte("error_description=%E2%80%AEInvalid+state+parameter%2C+aborting%"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rep := &inspector.Report{}
		Annotate(rep, in)
		for _, fd := range rep.Findings {
			if strings.ContainsFunc(fd.Evidence, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' || unicode.Is(unicode.Cf, r) }) {
				t.Fatalf("unprintable evidence %q", fd.Evidence)
			}
		}
	})
}
