package safetext

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	for _, tc := range []struct{ in, line, block string }{
		{"plain ascii", "plain ascii", "plain ascii"},
		{"é 日本 → 🙂 👩\u200d💻 ❤\ufe0f\u200d🔥", "é 日本 → 🙂 👩\u200d💻 ❤\ufe0f\u200d🔥", "é 日本 → 🙂 👩\u200d💻 ❤\ufe0f\u200d🔥"},
		{"k1\r\x1b[2K  signature   verified\x1b[8m", `k1\r\x1b[2K  signature   verified\x1b[8m`, `k1\r\x1b[2K  signature   verified\x1b[8m`},
		{"bell\x07del\x7fc1\u0085", `bell\x07del\x7fc1\u0085`, `bell\x07del\x7fc1\u0085`},
		{"a\nb\tc", `a\nb\tc`, "a\nb\tc"},
		{"evil\u202etxt.exe", `evil\u202etxt.exe`, `evil\u202etxt.exe`},
		{"\u2066iso\u2069 \u200e\u200f\u061c", `\u2066iso\u2069 \u200e\u200f\u061c`, `\u2066iso\u2069 \u200e\u200f\u061c`},
		{"zero\u200bwidth\ufeff\u00ad", `zero\u200bwidth\ufeff\u00ad`, `zero\u200bwidth\ufeff\u00ad`},
		{"a\u200db", `a\u200db`, `a\u200db`}, // a joiner between letters hides nothing useful
		{"tag\U000e0041", `tag\U000e0041`, `tag\U000e0041`},
		{"filler\u3164x", `filler\u3164x`, `filler\u3164x`},
		{"sep\u2028\u2029", `sep\u2028\u2029`, `sep\u2028\u2029`},
		{"bad\xffutf8\xc3", `bad\xffutf8\xc3`, `bad\xffutf8\xc3`},
		{`back\slash`, `back\slash`, `back\slash`},
	} {
		if got := Line(tc.in); got != tc.line {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
		}
		if got := Block(tc.in); got != tc.block {
			t.Errorf("Block(%q) = %q, want %q", tc.in, got, tc.block)
		}
		if FirstUnsafe(Line(tc.in), false) >= 0 || FirstUnsafe(Block(tc.in), true) >= 0 {
			t.Errorf("%q: the escaped form is still unsafe", tc.in)
		}
	}
}

func TestCleanInputIsNotCopied(t *testing.T) {
	s := strings.Repeat("héllo wörld → 日本 ", 100)
	if n := testing.AllocsPerRun(100, func() { _ = Line(s) }); n != 0 {
		t.Errorf("Line of clean text allocates %v times", n)
	}
}

type stringer struct{}

func (stringer) String() string { return "s\x1b" }

type kind string

func TestFprintfEscapesArguments(t *testing.T) {
	got := Sprintf("%s|%v|%s|%s|%v|%d|%s\n", "a\nb", errors.New("e\r"), stringer{}, kind("k\u202e"), []string{"x\x07"}, 42, []byte("b\x1b"))
	want := `a\nb|e\r|s\x1b|k\u202e|[x\x07]|42|b\x1b` + "\n"
	if got != want {
		t.Errorf("Sprintf = %q, want %q", got, want)
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[2K\r", "\u202e\u200b", "👩\u200d💻", "\xff\xfe", "a\u200d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line, block := Line(s), Block(s)
		if i := FirstUnsafe(line, false); i >= 0 {
			t.Fatalf("Line(%q) = %q: unsafe at %d", s, line, i)
		}
		if i := FirstUnsafe(block, true); i >= 0 {
			t.Fatalf("Block(%q) = %q: unsafe at %d", s, block, i)
		}
		if strings.ContainsAny(line, "\n\r\t") || !utf8.ValidString(line) {
			t.Fatalf("Line(%q) = %q", s, line)
		}
		// Bounded: each byte becomes at most 10 (\U0010ffff for 4 bytes).
		if len(line) > 10*len(s) {
			t.Fatalf("Line grew %d bytes to %d", len(s), len(line))
		}
		if FirstUnsafe(s, false) < 0 && line != s {
			t.Fatalf("clean %q changed to %q", s, line)
		}
	})
}

// FirstUnsafe reads eight ASCII bytes at a time: every byte around the
// edges of a word (the first and last printable ones, the first and last
// unsafe ones, the first non-ASCII) is found at every offset.
func TestFirstUnsafeEveryOffset(t *testing.T) {
	for _, c := range []struct {
		insert string
		unsafe bool
	}{
		{" ", false}, {"~", false}, {"\x1f", true}, {"\x00", true}, {"\x7f", true},
		{"\n", true}, {"\u0085", true}, {"é", false}, {"\xff", true}, {"\u202e", true},
	} {
		for n := range 24 {
			for at := range n + 1 {
				s := strings.Repeat("a", at) + c.insert + strings.Repeat("Z", n-at)
				want := -1
				if c.unsafe {
					want = at
				}
				if got := FirstUnsafe(s, false); got != want {
					t.Errorf("FirstUnsafe(%q) = %d; want %d", s, got, want)
				}
			}
		}
	}
}
