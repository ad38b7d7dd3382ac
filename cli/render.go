package cli

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/par"
	"github.com/ssolens/ssolens/internal/safetext"
)

var severityMark = map[inspector.Severity]string{
	inspector.SeverityError:   "✖ error  ",
	inspector.SeverityWarning: "▲ warning",
	inspector.SeverityInfo:    "● info   ",
}

// renderReport writes a report as the readable summary people read in a
// terminal.
func renderReport(w io.Writer, rep *inspector.Report, showTokens bool) {
	renderHead(w, rep.Input, rep.Transport, len(rep.Tokens), rep.Findings)
	renderTokens(w, len(rep.Tokens), func(i int) *inspector.Token { return rep.Tokens[i] }, showTokens)
}

// renderHead writes what comes before the tokens: the input, the network
// and the report's own findings.
func renderHead(w io.Writer, in inspector.InputInfo, transport string, n int, findings []inspector.Finding) {
	printf(w, "Input: %s, %s, %d token%s\n", in.Form, in.Size(), n, plural(n))
	if transport != "" {
		printf(w, "Network: %s\n", transport)
	}
	renderFindings(w, "", findings)
}

// renderTokens writes n tokens' sections, in order, token(i) giving the
// i-th; it reports whether one of them has an error finding. Many tokens
// (a scan's) are rendered on every core, a chunk at a time, each into a
// buffer of its own, then written in order: the memory held is one chunk's
// text and tokens (token may decode each as it is asked for), whatever the
// count of tokens.
func renderTokens(w io.Writer, n int, token func(int) *inspector.Token, showTokens bool) (hasError bool) {
	workers := min(runtime.GOMAXPROCS(0), n/renderParallelMin)
	if workers < 2 {
		var b textBuf
		for i := range n {
			t := token(i)
			b = append(b[:0], '\n')
			b.token(i+1, t, showTokens)
			w.Write(b)
			hasError = hasError || inspector.HasError(t.Findings)
		}
		return hasError
	}
	// Two sets of buffers: one chunk is written while the next is rendered.
	var bufs [2][]textBuf
	bufs[0], bufs[1] = make([]textBuf, min(n, renderChunk)), make([]textBuf, min(n, renderChunk))
	errs := make([]bool, n)
	var writing sync.WaitGroup
	for c, start := 0, 0; start < n; c, start = c+1, start+renderChunk {
		chunk := bufs[c%2][:min(renderChunk, n-start)]
		par.Each(len(chunk), workers, func(i int) {
			t := token(start + i)
			chunk[i] = append(chunk[i][:0], '\n')
			chunk[i].token(start+i+1, t, showTokens)
			errs[start+i] = inspector.HasError(t.Findings)
		})
		writing.Wait() // the chunk before, from the other set
		writing.Go(func() {
			for _, b := range chunk {
				w.Write(b)
			}
		})
	}
	writing.Wait()
	return slices.Contains(errs, true)
}

// textLocations is how many of a token's locations the text report shows.
const textLocations = 3

// renderChunk is how many tokens are rendered side by side before they are
// written: enough to keep every core busy, few enough that their buffers
// (a few KB each, reused chunk after chunk) stay small.
const renderChunk = 64

// renderParallelMin is how many tokens per core make rendering them side
// by side worth it.
const renderParallelMin = 32

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// textBuf is text being rendered, appended to without fmt: what printf
// writes, byte for byte, at a fraction of the cost (a scan's report has
// thousands of tokens). Trusted text (the layout) goes in as it is; every
// value goes through value, as printf's arguments go through safetext.
// Rare lines use printf itself, through Write.
type textBuf []byte

func (b *textBuf) Write(p []byte) (int, error) {
	*b = append(*b, p...)
	return len(p), nil
}

// lit appends trusted layout text.
func (b *textBuf) lit(s string) { *b = append(*b, s...) }

// value appends an untrusted string as printf shows a %s argument.
func (b *textBuf) value(s string) { *b = appendValue(*b, s) }

// padded appends an untrusted string as printf shows it with %-Ns: shown
// through safetext, then padded with spaces to width runes.
func (b *textBuf) padded(s string, width int) {
	at := len(*b)
	*b = appendValue(*b, s)
	for n := utf8.RuneCount((*b)[at:]); n < width; n++ {
		*b = append(*b, ' ')
	}
}

func (b *textBuf) int(n int) { *b = strconv.AppendInt(*b, int64(n), 10) }

// appendValue appends safetext.Line(safetext.Clip(s, MaxArgRunes)), what
// safetext.Fprintf makes of a string argument.
func appendValue(b []byte, s string) []byte {
	return append(b, safetext.Line(safetext.Clip(s, safetext.MaxArgRunes))...)
}

func (b *textBuf) token(n int, t *inspector.Token, showTokens bool) {
	title := "Token " + strconv.Itoa(n) + " · " + t.Source + " · " + strings.ToUpper(string(t.Kind))
	if t.Role != "" && string(t.Role) != t.Source {
		title += " · " + string(t.Role)
	}
	b.lit("── ")
	b.value(title)
	b.lit(" ")
	b.lit(strings.Repeat("─", max(0, 66-utf8.RuneCountInString(title))))
	b.lit("\n")
	if t.Role != "" && t.RoleReason != "" && string(t.Role) != t.Source {
		b.lit("  role        ")
		b.value(string(t.Role))
		b.lit(" (")
		b.value(t.RoleReason)
		b.lit(")\n")
	}
	shown := t.Redacted
	if showTokens {
		shown = t.Raw
	}
	b.lit("  token       ")
	b.value(shown)
	b.lit("  (")
	b.int(t.Length)
	b.lit(" chars, fingerprint ")
	b.value(t.Fingerprint)
	b.lit(")\n")
	if t.Occurrences > 0 {
		b.lit("  found       ")
		b.int(t.Occurrences)
		b.lit(" time")
		b.lit(plural(t.Occurrences))
		for i, l := range t.Locations {
			if i == textLocations {
				b.lit(" …")
				break
			}
			if i == 0 {
				b.lit(": line ")
			} else {
				b.lit(", line ")
			}
			b.int(l.Line)
			b.lit(" (byte ")
			*b = strconv.AppendInt(*b, l.Offset, 10)
			b.lit(")")
		}
		b.lit("\n")
		if len(t.Locations) > 0 {
			b.lit("  context     ")
			b.value(t.Locations[0].Context)
			b.lit("\n")
		}
	}
	if t.Header != nil {
		b.lit("  header\n")
		for _, m := range t.Header.Members {
			b.member(m)
		}
	}
	if t.Claims != nil {
		b.lit("  claims\n")
		for _, m := range t.Claims.Members {
			b.member(m)
			if tm, ok := t.Times[m.Name]; ok {
				b.lit("    ")
				b.padded("", 14)
				b.lit(" ")
				b.value(tm.UTC)
				b.lit(" · ")
				b.value(tm.Local)
				b.lit(" · ")
				b.value(tm.Relative)
				b.lit("\n")
			}
			if meaning := inspector.ClaimMeaning(m.Name); meaning != "" {
				b.lit("    ")
				b.padded("", 14)
				b.lit(" ↳ ")
				b.value(meaning)
				b.lit("\n")
			}
		}
	}
	if t.Lifetime != "" {
		b.lit("  lifetime    ")
		b.value(t.Lifetime)
		b.lit("\n")
	}
	if t.Signature != nil {
		status := "not verified"
		if t.Signature.Verified {
			status = "verified"
		}
		printf(b, "  signature   %s (alg %s, kid %s, key %s)", status, t.Signature.Alg, orDash(t.Signature.Kid), orDash(t.Signature.KeySource))
		if t.Signature.Error != "" {
			printf(b, ": %s", t.Signature.Error)
		}
		b.lit("\n")
		if ks := t.Signature.KeySet; ks != nil {
			printf(b, "  key set     %s: kids %s; fetched %s (%d fetch%s)", ks.URL, strings.Join(ks.Kids, ", "), ks.FetchedAt, ks.Fetches, map[bool]string{true: "", false: "es"}[ks.Fetches == 1])
			if ks.ClockOffset != "" {
				printf(b, "; clock offset %s", ks.ClockOffset)
			}
			b.lit("\n")
		}
	}
	if len(t.Checks) > 0 {
		b.lit("  checks\n")
		for _, c := range t.Checks {
			mark := "✔"
			if !c.OK {
				mark = "✖"
			}
			printf(b, "    %s %-8s expected %s, got %s\n", mark, c.Name, orDash(c.Expected), orDash(c.Actual))
		}
	}
	b.findings("  ", t.Findings)
}

// member is a header or claim line: "    name           value".
func (b *textBuf) member(m inspector.Member) {
	b.lit("    ")
	b.padded(m.Name, 14)
	b.lit(" ")
	v := string(m.Value)
	if len(v) > 100 { // clip counts runes, and there are no more than bytes
		v = clip(v, 100)
	}
	b.value(v)
	b.lit("\n")
}

// renderComparison writes the ID token beside the access token, claim by
// claim: ≠ marks a difference, * a claim Neo4j reads; the note under a
// row says what the difference means.
func renderComparison(w io.Writer, c *inspector.Comparison) {
	if c == nil {
		return
	}
	title := "ID token ↔ access token"
	printf(w, "\n── %s %s\n", title, strings.Repeat("─", max(0, 66-len([]rune(title)))))
	if c.Explanation != "" {
		printf(w, "  %s\n", c.Explanation)
	}
	for _, st := range []struct{ token, status string }{{"ID token", c.IDStatus}, {"access token", c.AccessStatus}} {
		if st.status != "" {
			printf(w, "  %s: %s\n", st.token, st.status)
		}
	}
	if len(c.Rows) == 0 {
		return
	}
	printf(w, "    %-20s %-31s %s\n", "claim", "ID token", "access token")
	for _, r := range c.Rows {
		mark := " "
		if r.Differs {
			mark = "≠"
		}
		name := r.Name
		if r.Important {
			name += " *"
		}
		printf(w, "  %s %-20s %-31s %s\n", mark, cell(name, 20), cell(rawOrAbsent(r.ID), 30), rawOrAbsent(r.Access))
		if r.Note != "" && r.ID != nil && r.Access != nil { // (a claim in one token only says so in its row)
			printf(w, "    %-20s ↳ %s\n", "", r.Note)
		}
	}
	fmt.Fprintln(w, "  (≠ differs · * read by Neo4j)")
}

// cell fits s in a column of n characters.
func cell(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func rawOrAbsent(v []byte) string {
	if v == nil {
		return "(absent)"
	}
	return string(v)
}

func renderFindings(w io.Writer, indent string, fs []inspector.Finding) {
	var b textBuf
	b.findings(indent, fs)
	w.Write(b)
}

func (b *textBuf) findings(indent string, fs []inspector.Finding) {
	if len(fs) == 0 {
		return
	}
	b.value(indent)
	b.lit("findings\n")
	for _, f := range fs {
		b.value(indent)
		b.lit("  ")
		b.value(severityMark[f.Severity])
		b.lit(" ")
		b.value(f.Code)
		b.lit(": ")
		b.value(f.Message)
		b.lit("\n")
		if f.Fix != "" {
			b.value(indent)
			b.lit("             fix: ")
			b.value(f.Fix)
			b.lit("\n")
		}
		if f.Command != "" {
			b.value(indent)
			b.lit("             run: ")
			b.value(f.Command)
			b.lit("\n")
		}
		if f.Evidence != "" {
			b.value(indent)
			b.lit("             evidence: ")
			b.value(f.Evidence)
			b.lit("\n")
		}
	}
}

// printf is fmt.Fprintf for the text renderers: the format is trusted,
// every string argument (claims, header values, conf values, server and
// provider messages) is shown through safetext.Line, so no control, bidi or
// invisible character and no newline of a value reaches the terminal raw.
func printf(w io.Writer, format string, args ...any) {
	safetext.Fprintf(w, format, args...)
}

// printLine writes s through safetext.Line and a newline.
func printLine(w io.Writer, s string) {
	fmt.Fprintln(w, safetext.Line(s))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clip shortens long values (an Entra token with 200 groups) for the
// terminal; --json has them whole.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + fmt.Sprintf("… (%d chars; --json has all)", len(r))
}
