package explain

import (
	"bytes"
	"reflect"
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
	f.Add([]byte("2026-12-05 ERROR [a]: failed to log in: invalid principal or credentials\n2026-12-05 ERROR [b]: failed to log in: invalid principal or credentials\nAADSTS50011 x\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rep := &inspector.Report{}
		Annotate(rep, in)
		// The one-pass needle search finds what a search per needle does.
		ns := needles()
		for k, found := range ns.in(string(in)) {
			if found != strings.Contains(string(in), ns.needles[k]) {
				t.Fatalf("needle %q: found %v", ns.needles[k], found)
			}
		}
		// A whole log read a chunk at a time recognises what Find does.
		ms, err := FindReader(bytes.NewReader(in))
		if want := Find(in); err != nil || !reflect.DeepEqual(ms, want) && len(in) <= maxScan {
			t.Fatalf("FindReader: %v, %v; Find: %v", ms, err, want)
		}
		for _, fd := range rep.Findings {
			if strings.ContainsFunc(fd.Evidence, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' || unicode.Is(unicode.Cf, r) }) {
				t.Fatalf("unprintable evidence %q", fd.Evidence)
			}
		}
	})
}
