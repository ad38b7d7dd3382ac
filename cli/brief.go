package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
)

// renderBrief writes a report in --brief form: one line per token (kind,
// role, alg, sub, exp relative, verdict) and one line per finding, for a
// terminal or a grep.
//
//	token 1  jws  access_token  RS256  sub=alice  expires in 55m  ✔ verified
//	  ▲ warning  token-expiring-soon: …
func renderBrief(w io.Writer, rep *inspector.Report, p palette) {
	for _, f := range rep.Findings {
		briefFinding(w, "", f, p)
	}
	for i, t := range rep.Tokens {
		role := string(t.Role)
		if role == "" {
			role = "unknown-role"
		}
		alg := "-"
		if s, ok := t.Header.String("alg"); ok {
			alg = printable(s, 16)
		}
		sub := "-"
		if s, ok := t.Claims.String("sub"); ok {
			sub = printable(s, 48)
		}
		exp := "no exp"
		if tm, ok := t.Times["exp"]; ok && tm != nil {
			exp = tm.Relative
		}
		fmt.Fprintf(w, "token %d  %s  %s  %s  sub=%s  %s  %s\n", i+1, t.Kind, role, alg, sub, exp, briefVerdict(t, p))
		for _, f := range t.Findings {
			briefFinding(w, "  ", f, p)
		}
	}
	if len(rep.Tokens) == 0 {
		fmt.Fprintln(w, "no token found")
	}
}

// flushed flushes the buffered text of a report and returns its exit code.
func flushed(e *env, w *bufio.Writer, rep *inspector.Report) int {
	return flushedWith(e, w, rep.HasError())
}

// flushedWith is flushed for a report written a part at a time, hasError
// saying whether some part had an error finding.
func flushedWith(e *env, w *bufio.Writer, hasError bool) int {
	if err := w.Flush(); err != nil {
		fmt.Fprintf(e.stderr, "ssolens: writing the report: %v\n", err)
		return ExitUsage
	}
	if hasError {
		return ExitFindings
	}
	return ExitOK
}

// reportCode is a report's exit code: 1 when some finding is an error.
func reportCode(rep *inspector.Report) int {
	if rep.HasError() {
		return ExitFindings
	}
	return ExitOK
}

// briefVerdict is a token's verdict: an error finding fails it; otherwise
// the signature says verified or not checked.
func briefVerdict(t *inspector.Token, p palette) string {
	switch {
	case inspector.HasError(t.Findings):
		return p.Verdict(false, "✖ fails")
	case t.Signature != nil && t.Signature.Verified:
		return p.Verdict(true, "✔ verified")
	case t.Signature != nil && t.Signature.KeySource != "":
		return p.Verdict(false, "✖ not verified")
	}
	return p.Dim("– signature not checked")
}

func briefFinding(w io.Writer, indent string, f inspector.Finding, p palette) {
	fmt.Fprintf(w, "%s%s %s: %s\n", indent, p.Severity(f.Severity, strings.TrimSpace(severityMark[f.Severity])), f.Code, safetext.Line(oneLine(f.Message)))
}

// oneLine keeps a message on its line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// printable shows a value from a token on one line (safetext.Line: no
// control, bidi or invisible character raw), cut at n runes.
func printable(s string, n int) string {
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	return safetext.Line(s)
}
