package inspector

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/internal/secretmask"
)

// maskRunsReference says, independently of the scanner's one pass, what
// a context's masking is: runs of 24 or more token characters become ‹…›,
// tabs spaces, other control characters ·, other bytes stay, and the
// result is made valid UTF-8 as a whole.
func maskRunsReference(b []byte) string {
	text := string(b)
	var out strings.Builder
	at := 0
	for _, run := range append(longTokenRun.FindAllStringIndex(text, -1), []int{len(text), len(text)}) {
		// Between the runs: control characters and broken UTF-8 (a run
		// is ASCII, so no UTF-8 sequence spans one).
		out.WriteString(strings.Map(func(r rune) rune {
			switch {
			case r == '\t':
				return ' '
			case r < 0x20 || r == 0x7f:
				return '·'
			}
			return r
		}, strings.ToValidUTF8(text[at:run[0]], "\uFFFD")))
		if run[1] > run[0] {
			out.WriteString("‹…›")
		}
		at = run[1]
	}
	return out.String()
}

var longTokenRun = regexp.MustCompile(`[A-Za-z0-9\-_.~+/=]{24,}`)

// TestScanContextMasking: the context around a token, for random lines
// mixing text, long runs, control characters, valid and broken UTF-8, is
// what the reference masking gives on each side of ‹token›.
func TestScanContextMasking(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"Bearer ", "x", "abcdefghijklmnopqrstuvwxyz0123456789", "\t", "\x00", "\x1b[2J", "é", "日本", "\xe2\x80", "\xff\xfe", "\xf0\x9f\x98", "‹", " ", "=", "\r"}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		before := b.String()
		b.Reset()
		for range rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		after := b.String()
		buf := []byte(before + "TOKEN" + after)
		start, end := len(before), len(before)+5
		got := scanContextAt(buf, start, end)
		ls, le := max(start-scanContext, 0), min(end+scanContext, len(buf))
		if k := strings.LastIndexByte(string(buf[ls:start]), '\n'); k >= 0 {
			ls += k + 1
		}
		if k := strings.IndexByte(string(buf[end:le]), '\n'); k >= 0 {
			le = end + k
		}
		// Cut from the middle of its line, the context starts after the
		// first separator and ends before the last.
		const breaks = " \t\"',;&{}()[]"
		if ls > 0 && buf[ls-1] != '\n' {
			if k := strings.IndexAny(string(buf[ls:start]), breaks); k >= 0 {
				ls += k
			} else {
				ls = start
			}
		}
		if le < len(buf) && buf[le] != '\n' {
			if k := strings.LastIndexAny(string(buf[end:le]), breaks); k >= 0 {
				le = end + k + 1
			} else {
				le = end
			}
		}
		want := secretmask.Text(maskRunsReference(buf[ls:start]) + "‹token›" + maskRunsReference(buf[end:le]))
		if got != want {
			t.Fatalf("context of %q:\n got %q\nwant %q", buf, got, want)
		}
	}
}
