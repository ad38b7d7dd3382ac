package inspector

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// maskRunsReference is the first form of the context's masking, kept to
// check the one-pass form against: runs of 24 or more token characters
// become ‹…›, tabs spaces, other control characters ·, and the result is
// made valid UTF-8 as a whole.
func maskRunsReference(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && isTokenChar(b[j]) {
			j++
		}
		if j-i >= 24 {
			sb.WriteString("‹…›")
			i = j
			continue
		}
		if j > i {
			sb.Write(b[i:j])
			i = j
			continue
		}
		c := b[i]
		if c >= 0x20 && c < 0x7f {
			sb.WriteByte(c)
		} else if c == '\t' {
			sb.WriteByte(' ')
		} else if c >= 0x80 {
			sb.WriteByte(c)
		} else {
			sb.WriteString("·")
		}
		i++
	}
	return strings.ToValidUTF8(sb.String(), "�")
}

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
		want := maskRunsReference(buf[ls:start]) + "‹token›" + maskRunsReference(buf[end:le])
		if got != want {
			t.Fatalf("context of %q:\n got %q\nwant %q", buf, got, want)
		}
	}
}
