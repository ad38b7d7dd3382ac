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
		// The line around the token, read scanContext+scanReach bytes
		// each side, each side masked, then cut to scanContext bytes at
		// a separator where it was cut from its line.
		text := string(buf)
		lineStart := strings.LastIndexByte(text[:start], '\n') + 1
		lineEnd := len(text)
		if k := strings.IndexByte(text[end:], '\n'); k >= 0 {
			lineEnd = end + k
		}
		ls, le := max(start-scanContext-scanReach, lineStart), min(end+scanContext+scanReach, lineEnd)
		left := secretmask.Text(maskRunsReference(buf[ls:start]))
		right := secretmask.Text(maskRunsReference(buf[end:le]))
		const breaks = " \t\"',;&{}()[]"
		if len(left) > scanContext || ls > lineStart {
			left = left[max(len(left)-scanContext, 0):]
			if k := strings.IndexAny(left, breaks); k >= 0 {
				left = left[k:]
			} else {
				left = ""
			}
		}
		if len(right) > scanContext || le < lineEnd {
			right = right[:min(len(right), scanContext)]
			if k := strings.LastIndexAny(right, breaks); k >= 0 {
				right = right[:k+1]
			} else {
				right = ""
			}
		}
		want := left + "‹token›" + right
		if got != want {
			t.Fatalf("context of %q:\n got %q\nwant %q", buf, got, want)
		}
	}
}

// TestScanContextNeverShowsASecretBesideAToken: wherever the context's
// window starts or ends (inside a secret's name, inside its value), no
// part of the secret is shown: the names are read beyond the window.
func TestScanContextNeverShowsASecretBesideAToken(t *testing.T) {
	const secret = "Hunter2Passw0rd"
	for gap := range 80 {
		fill := strings.Repeat("m", gap)
		for _, line := range []string{
			`{"password":"` + secret + `","msg":"` + fill + ` Authorization: Bearer TOKEN"}`,
			`curl -H "X-API-Key: ` + secret + `" -H "` + fill + `" -H "Authorization: Bearer TOKEN" https://x`,
			`curl -H "Authorization: Bearer TOKEN" -H "` + fill + `" -H "X-API-Key: ` + secret + `" https://x`,
			`Authorization: Basic ` + secret + `= ` + fill + ` then Bearer TOKEN`,
		} {
			at := strings.Index(line, "TOKEN")
			got := scanContextAt([]byte(line), at, at+len("TOKEN"))
			for n := 5; n <= len(secret); n++ {
				for i := 0; i+n <= len(secret); i++ {
					if strings.Contains(got, secret[i:i+n]) {
						t.Fatalf("gap %d: context %q shows %q of the secret", gap, got, secret[i:i+n])
					}
				}
			}
		}
	}
}
