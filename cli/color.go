package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/predict"
)

// colorMode is --color: auto (the default: colour on a terminal unless
// NO_COLOR is set, as no-color.org asks), always or never.
type colorMode string

func (m *colorMode) String() string {
	if *m == "" {
		return "auto"
	}
	return string(*m)
}

func (m *colorMode) Set(v string) error {
	switch v {
	case "auto", "always", "never":
		*m = colorMode(v)
		return nil
	}
	return fmt.Errorf("%q: use auto, always or never", v)
}

func (m *colorMode) Type() string { return "WHEN" }

// colorOn says whether text output is coloured: --color=always or never
// decide; otherwise stdout must be a terminal, NO_COLOR unset or empty and
// TERM not "dumb". JSON is never coloured (callers do not ask).
func (e *env) colorOn() bool {
	switch e.color {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := e.stdout.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// startColor puts the colouring writer in front of stdout when text (not
// JSON) goes to a colour terminal or --color=always asks.
func (e *env) startColor(asJSON bool) {
	if _, done := e.stdout.(*colorWriter); done || asJSON || !e.colorOn() {
		return
	}
	e.stdout = newColorWriter(e.stdout)
}

// textOut is stdout for a renderer that colours with a palette itself:
// the plain stream, and a palette that colours when colour is on.
func (e *env) textOut() (io.Writer, palette) {
	if cw, ok := e.stdout.(*colorWriter); ok {
		return cw.w, palette{on: true}
	}
	return e.stdout, palette{}
}

// SGR sequences.
const (
	sgrReset  = "\x1b[0m"
	sgrRed    = "\x1b[1;31m"
	sgrYellow = "\x1b[33m"
	sgrCyan   = "\x1b[36m"
	sgrGreen  = "\x1b[1;32m"
	sgrDim    = "\x1b[2m"
)

// palette colours severities and outcomes, or leaves them plain.
type palette struct{ on bool }

func (p palette) paint(sgr, s string) string {
	if !p.on || s == "" {
		return s
	}
	return sgr + s + sgrReset
}

var severityColor = map[inspector.Severity]string{
	inspector.SeverityError:   sgrRed,
	inspector.SeverityWarning: sgrYellow,
	inspector.SeverityInfo:    sgrCyan,
}

// Severity colours s as severity sev is coloured: error red, warning
// yellow, info cyan.
func (p palette) Severity(sev inspector.Severity, s string) string {
	return p.paint(severityColor[sev], s)
}

var outcomeColor = map[string]string{
	predict.OutcomeLogIn:        sgrGreen,
	predict.OutcomeRejected:     sgrRed,
	predict.OutcomeClientError:  sgrRed,
	predict.OutcomeNotStarted:   sgrRed,
	predict.OutcomeAuthDisabled: sgrRed,
	predict.OutcomeNoPrediction: sgrYellow,
}

// outcomeMarks are the words of Prediction.Headline that say the outcome.
var outcomeMarks = map[string]string{
	predict.OutcomeLogIn:        "WOULD LOG IN",
	predict.OutcomeRejected:     "REJECTED",
	predict.OutcomeClientError:  "FAILS in the SSO client",
	predict.OutcomeNotStarted:   "NOT START",
	predict.OutcomeAuthDisabled: "NO LOGIN",
	predict.OutcomeNoPrediction: "NO PREDICTION",
}

// Outcome colours s as a Neo4j outcome: logging in green, failing red.
func (p palette) Outcome(outcome, s string) string { return p.paint(outcomeColor[outcome], s) }

// Verdict colours a pass (green) or a failure (red).
func (p palette) Verdict(ok bool, s string) string {
	if ok {
		return p.paint(sgrGreen, s)
	}
	return p.paint(sgrRed, s)
}

// Dim greys out secondary text.
func (p palette) Dim(s string) string { return p.paint(sgrDim, s) }

// marks are the words the text renderers print for severities, outcomes
// and checks, with their colours: colorWriter paints them as they pass.
func marks() []struct{ text, sgr string } {
	var out []struct{ text, sgr string }
	for sev, m := range severityMark {
		out = append(out, struct{ text, sgr string }{strings.TrimSpace(m), severityColor[sev]})
	}
	for o, h := range outcomeMarks {
		out = append(out, struct{ text, sgr string }{h, outcomeColor[o]})
	}
	out = append(out,
		struct{ text, sgr string }{"✔", sgrGreen},
		struct{ text, sgr string }{"✖", sgrRed})
	return out
}

// colorWriter colours the severity marks ("✖ error", "▲ warning"), the
// Neo4j outcomes ("WOULD LOG IN", "REJECTED by Neo4j") and the check marks
// of the text the renderers write, each write on its own (a mark is always
// written whole). It is put in front of stdout only for text output on a
// colour terminal (or --color=always), never for JSON.
type colorWriter struct {
	w        io.Writer
	replacer *strings.Replacer
}

func newColorWriter(w io.Writer) *colorWriter {
	var pairs []string
	// Longer marks first, so "✖ error" wins over "✖".
	ms := marks()
	for i := range ms {
		for j := i + 1; j < len(ms); j++ {
			if len(ms[j].text) > len(ms[i].text) {
				ms[i], ms[j] = ms[j], ms[i]
			}
		}
	}
	for _, m := range ms {
		pairs = append(pairs, m.text, m.sgr+m.text+sgrReset)
	}
	return &colorWriter{w: w, replacer: strings.NewReplacer(pairs...)}
}

func (c *colorWriter) Write(b []byte) (int, error) {
	if !bytes.ContainsAny(b, "✖▲●✔WRF") {
		return c.w.Write(b)
	}
	if _, err := io.WriteString(c.w, c.replacer.Replace(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}
