package explain

import (
	"strings"
	"testing"
)

// BenchmarkFind4MiB: a 4 MiB log holding none of the texts, the common case.
func BenchmarkFind4MiB(b *testing.B) {
	line := "2024-05-01 10:00:00.000+0000 INFO  [o.n.b.p.c.BoltConnectionReadLimiter] Channel [/127.0.0.1:51234]: consumed 123 bytes, something else here\n"
	in := []byte(strings.Repeat(line, (4<<20)/len(line)))
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Find(in)
	}
}

// BenchmarkFindReaderNeedleEveryLine: a log whose every line holds a
// needle and no text matches: the regions cover it all, found in time
// linear in its size (one hit a line).
func BenchmarkFindReaderNeedleEveryLine(b *testing.B) {
	line := "2026-12-05 10:00:00.000+0000 WARN  Invalid credential. Invalid credential. Signed JWT rejected Signed JWT rejected, retry\n"
	in := strings.Repeat(line, (16<<20)/len(line))
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := FindReader(strings.NewReader(in)); err != nil {
			b.Fatal(err)
		}
	}
}
