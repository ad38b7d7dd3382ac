package cli

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"

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
	n := len(rep.Tokens)
	printf(w, "Input: %s, %s, %d token%s\n", rep.Input.Form, rep.Input.Size(), n, plural(n))
	if rep.Transport != "" {
		printf(w, "Network: %s\n", rep.Transport)
	}
	renderFindings(w, "", rep.Findings)
	renderTokens(w, rep.Tokens, showTokens)
}

// renderTokens writes each token's section, in order. Many tokens (a
// scan's) are rendered on every core, a chunk at a time, each into a
// buffer of its own, then written in order: the memory held is one chunk's
// text, whatever the count of tokens.
func renderTokens(w io.Writer, tokens []*inspector.Token, showTokens bool) {
	workers := min(runtime.GOMAXPROCS(0), len(tokens)/renderParallelMin)
	if workers < 2 {
		for i, t := range tokens {
			fmt.Fprintln(w, "")
			renderToken(w, i+1, t, showTokens)
		}
		return
	}
	bufs := make([]bytes.Buffer, min(len(tokens), 256))
	for start := 0; start < len(tokens); start += len(bufs) {
		chunk := tokens[start:min(start+len(bufs), len(tokens))]
		par.Each(len(chunk), workers, func(i int) {
			bufs[i].Reset()
			bufs[i].WriteByte('\n')
			renderToken(&bufs[i], start+i+1, chunk[i], showTokens)
		})
		for i := range chunk {
			w.Write(bufs[i].Bytes())
		}
	}
}

// renderParallelMin is how many tokens per core make rendering them side
// by side worth it.
const renderParallelMin = 32

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func renderToken(w io.Writer, n int, t *inspector.Token, showTokens bool) {
	title := fmt.Sprintf("Token %d · %s · %s", n, t.Source, strings.ToUpper(string(t.Kind)))
	if t.Role != "" && string(t.Role) != t.Source {
		title += " · " + string(t.Role)
	}
	printf(w, "── %s %s\n", title, strings.Repeat("─", max(0, 66-len([]rune(title)))))
	if t.Role != "" && t.RoleReason != "" && string(t.Role) != t.Source {
		printf(w, "  role        %s (%s)\n", t.Role, t.RoleReason)
	}
	shown := t.Redacted
	if showTokens {
		shown = t.Raw
	}
	printf(w, "  token       %s  (%d chars, fingerprint %s)\n", shown, t.Length, t.Fingerprint)
	if t.Occurrences > 0 {
		printf(w, "  found       %d time%s", t.Occurrences, plural(t.Occurrences))
		for i, l := range t.Locations {
			if i == 3 {
				printf(w, " …")
				break
			}
			printf(w, "%s line %d (byte %d)", map[bool]string{true: ":", false: ","}[i == 0], l.Line, l.Offset)
		}
		fmt.Fprintln(w, "")
		if len(t.Locations) > 0 {
			printf(w, "  context     %s\n", t.Locations[0].Context)
		}
	}
	if t.Header != nil {
		fmt.Fprintln(w, "  header")
		for _, m := range t.Header.Members {
			printf(w, "    %-14s %s\n", m.Name, clip(string(m.Value), 100))
		}
	}
	if t.Claims != nil {
		fmt.Fprintln(w, "  claims")
		for _, m := range t.Claims.Members {
			printf(w, "    %-14s %s\n", m.Name, clip(string(m.Value), 100))
			if tm, ok := t.Times[m.Name]; ok {
				printf(w, "    %-14s %s · %s · %s\n", "", tm.UTC, tm.Local, tm.Relative)
			}
			if meaning := inspector.ClaimMeaning(m.Name); meaning != "" {
				printf(w, "    %-14s ↳ %s\n", "", meaning)
			}
		}
	}
	if t.Lifetime != "" {
		printf(w, "  lifetime    %s\n", t.Lifetime)
	}
	if t.Signature != nil {
		status := "not verified"
		if t.Signature.Verified {
			status = "verified"
		}
		printf(w, "  signature   %s (alg %s, kid %s, key %s)", status, t.Signature.Alg, orDash(t.Signature.Kid), orDash(t.Signature.KeySource))
		if t.Signature.Error != "" {
			printf(w, ": %s", t.Signature.Error)
		}
		fmt.Fprintln(w, "")
		if ks := t.Signature.KeySet; ks != nil {
			printf(w, "  key set     %s: kids %s; fetched %s (%d fetch%s)", ks.URL, strings.Join(ks.Kids, ", "), ks.FetchedAt, ks.Fetches, map[bool]string{true: "", false: "es"}[ks.Fetches == 1])
			if ks.ClockOffset != "" {
				printf(w, "; clock offset %s", ks.ClockOffset)
			}
			fmt.Fprintln(w, "")
		}
	}
	if len(t.Checks) > 0 {
		fmt.Fprintln(w, "  checks")
		for _, c := range t.Checks {
			mark := "✔"
			if !c.OK {
				mark = "✖"
			}
			printf(w, "    %s %-8s expected %s, got %s\n", mark, c.Name, orDash(c.Expected), orDash(c.Actual))
		}
	}
	renderFindings(w, "  ", t.Findings)
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
	if len(fs) == 0 {
		return
	}
	printf(w, "%sfindings\n", indent)
	for _, f := range fs {
		printf(w, "%s  %s %s: %s\n", indent, severityMark[f.Severity], f.Code, f.Message)
		if f.Fix != "" {
			printf(w, "%s             fix: %s\n", indent, f.Fix)
		}
		if f.Evidence != "" {
			printf(w, "%s             evidence: %s\n", indent, f.Evidence)
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
