package app

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/report"
	"github.com/ssolens/ssolens/session"
)

// shownInv is the current investigation as the screen shows it: every
// part that holds data put through the one redaction in presenter mode
// (red is nil otherwise). The views draw this and derive nothing.
type shownInv struct {
	inv      *session.Investigation // as derived: facts, the raw tokens to copy
	report   *inspector.Report
	pred     *predict.Prediction
	events   []pkce.Event
	flow     string
	findings []session.Finding
	lint     []inspector.Finding
	confFile string
	live     *server.LiveResult
	verdict  session.Verdict
	red      *report.Redactor
}

// tokens reports whether the investigation holds any token.
func (v *shownInv) tokens() bool { return v.report != nil && len(v.report.Tokens) > 0 }

// shown is the current investigation, redacted in presenter mode.
func (wb *Workbench) shown() *shownInv {
	red := wb.redactor()
	v := &shownInv{inv: wb.inv, red: red}
	inv := wb.inv
	if inv == nil {
		return v
	}
	v.report = redactReport(inv.Report, red)
	v.pred = inv.Prediction
	v.live = inv.Live
	v.findings = inv.Findings()
	v.verdict = inv.Verdict()
	if si := inv.In.SignIn; si != nil && si.Result != nil {
		v.events, v.flow = si.Events, si.Flow
	}
	if c := inv.In.Conf; c != nil && c.Model != nil {
		v.lint, v.confFile = slices.Concat(c.Model.Findings, c.Findings), cmp.Or(c.File, "neo4j.conf")
	}
	if red != nil {
		v.pred = red.Prediction(v.pred)
		v.events = red.Events(v.events)
		v.lint = red.Findings(v.lint)
		if v.live != nil {
			v.live = red.Live(v.live)
		}
		fs := make([]session.Finding, len(v.findings))
		for i, f := range v.findings {
			fs[i] = session.Finding{Finding: red.Finding(f.Finding), Origin: f.Origin, Source: red.Text(f.Source)}
		}
		v.findings = fs
		v.verdict = redactVerdict(v.verdict, red)
	}
	return v
}

func redactVerdict(vd session.Verdict, red *report.Redactor) session.Verdict {
	out := session.Verdict{Tone: vd.Tone, Headline: red.Text(vd.Headline), Fix: red.Text(vd.Fix), FixCode: vd.FixCode, Command: red.Text(vd.Command)}
	for _, f := range vd.Facts {
		out.Facts = append(out.Facts, red.Text(f))
	}
	return out
}

// olderShown is the line about the older investigation (kept, never mixed
// in), or "".
func (wb *Workbench) olderShown(red *report.Redactor) string {
	o := wb.older
	if o == nil || o == wb.inv {
		return ""
	}
	c := session.Count(o.Findings())
	what := "an earlier input"
	switch {
	case o.In.SignIn != nil:
		what = "an earlier sign-in (" + o.In.SignIn.Flow + ")"
	case len(o.In.Text) > 0:
		what = "an earlier paste"
	case o.In.Conf != nil:
		what = "an earlier neo4j.conf"
	}
	line := fmt.Sprintf("Older: %s with %s, %s; not counted here.", what,
		plural(c.Errors+c.Warnings+c.Infos, "finding", "findings"), plural(c.Errors, "error", "errors"))
	if red != nil {
		line = red.Text(line)
	}
	return line
}

// pasteNotCurrent says, for the Inspect tab, that the paste on it is not
// the current investigation (a sign-in or a neo4j.conf came after it), or
// "" when it is, or when nothing is pasted.
func (wb *Workbench) pasteNotCurrent() string {
	p := wb.Inspect.inv
	if p == nil || len(p.In.Text) == 0 || wb.inv == nil || wb.inv == p {
		return ""
	}
	what := "a later input"
	switch {
	case wb.inv.In.SignIn != nil:
		what = "the sign-in"
	case wb.inv.In.Conf != nil:
		what = "the neo4j.conf"
	}
	return "An earlier paste, not the current investigation: the bar above and the other tabs are about " + what + ", which came after it."
}

// The origins in the order the Findings tab groups them, with their names.
var originNames = []struct{ origin, name string }{
	{session.OriginSignIn, "Sign-in"},
	{session.OriginInput, "Pasted input"},
	{session.OriginToken, "Tokens"},
	{session.OriginConf, "neo4j.conf"},
	{session.OriginPrediction, "Neo4j prediction"},
	{session.OriginLive, "Live check"},
	{session.OriginConfig, "Generated config"},
}

func originRank(o string) int {
	for i, n := range originNames {
		if n.origin == o {
			return i
		}
	}
	return len(originNames)
}

func originName(o string) string {
	if i := originRank(o); i < len(originNames) {
		return originNames[i].name
	}
	return o
}

// byOrigin groups findings by where they came from (the order of
// originNames), errors first within a group.
func byOrigin(fs []session.Finding) []session.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b session.Finding) int {
		return cmp.Or(originRank(a.Origin)-originRank(b.Origin), a.Severity.Rank()-b.Severity.Rank())
	})
	return out
}

// verdictBar is the answer above the tabs on every view; clicking it
// jumps to the reasons.
type verdictBar struct {
	widget.BaseWidget
	text  *widget.RichText
	box   *fyne.Container
	onTap func()
}

func newVerdictBar(onTap func()) *verdictBar {
	b := &verdictBar{text: widget.NewRichText(), onTap: onTap}
	b.text.Wrapping = fyne.TextWrapWord
	b.box = container.NewPadded(b.text)
	b.ExtendBaseWidget(b)
	return b
}

func (b *verdictBar) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(b.box) }

// Tapped jumps to the reasons.
func (b *verdictBar) Tapped(*fyne.PointEvent) {
	if b.onTap != nil {
		b.onTap()
	}
}

// Cursor is a pointer: the bar is a link to the reasons.
func (b *verdictBar) Cursor() desktop.Cursor { return desktop.PointerCursor }

// Text is the bar's text, as shown.
func (b *verdictBar) Text() string { return b.text.String() }

// verdictLine is the verdict in one line: "✓ headline · facts", or
// "✖ headline · fix: …".
func verdictLine(v session.Verdict, expiry string) (string, fyne.ThemeColorName) {
	mark, colour := "•", theme.ColorNameForeground
	switch v.Tone {
	case session.ToneOK:
		mark, colour = "✓", theme.ColorNameSuccess
	case session.ToneWarning:
		mark, colour = "⚠", theme.ColorNameWarning
	case session.ToneError:
		mark, colour = "✖", theme.ColorNameError
	}
	parts := append([]string{mark + " " + v.Headline}, v.Facts...)
	if expiry != "" {
		parts = append(parts, expiry)
	}
	if v.Fix != "" {
		// The fix's first sentence (the window's own way when it has
		// one): the bar stays short, the reasons are a click away.
		parts = append(parts, "fix: "+verdictFix(v.FixCode, v.Fix))
	}
	return strings.Join(parts, " · "), colour
}

// setVerdict shows the current investigation's verdict in the bar; the
// expiry of the token Neo4j validates counts down with the one ticker.
func (wb *Workbench) setVerdict(v *shownInv) {
	if v.inv == nil {
		wb.verdict.text.Segments = []widget.RichTextSegment{&widget.TextSegment{
			Text: "Nothing to investigate yet: sign in on the left, paste a token or open a neo4j.conf (Ctrl+O).", Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder}}}
		wb.verdict.text.Refresh()
		return
	}
	line, colour := verdictLine(v.verdict, "")
	seg := &widget.TextSegment{Text: safetext.Line(line), Style: widget.RichTextStyle{ColorName: colour, TextStyle: fyne.TextStyle{Bold: true}}}
	wb.verdict.text.Segments = []widget.RichTextSegment{seg}
	// The expiry of the token Neo4j validates: said only with a
	// prediction (without one, which token matters is not known).
	if t := v.inv.Token(v.inv.ValidatedTokenType()); t != nil && v.inv.Prediction != nil {
		if tm, ok := t.Times["exp"]; ok {
			exp := &widget.TextSegment{Text: " · " + inspector.Relative("exp", tm.At(), wb.now()), Style: widget.RichTextStyle{
				ColorName: relativeColor("exp", tm.At(), wb.now()), TextStyle: fyne.TextStyle{Bold: true}, Inline: true}}
			seg.Style.Inline = true
			wb.verdict.text.Segments = append(wb.verdict.text.Segments, exp)
			wb.live.addPrefixed("exp", tm.At(), wb.verdict.text, exp, " · ")
		}
	}
	wb.verdict.text.Refresh()
}

// reasons opens the view that says why: the Neo4j tab for a prediction or
// a live check, the Findings tab otherwise.
func (wb *Workbench) reasons() {
	if wb.inv != nil && (wb.inv.Prediction != nil || wb.inv.Live != nil) {
		wb.SelectTab(TabNeo4j)
		return
	}
	wb.SelectTab(TabFindings)
}
