package app

import (
	"context"
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/pkce"
)

func contextBackground() context.Context { return context.Background() }

// The timeline's lanes, left to right.
const (
	laneApp = iota
	laneBrowser
	laneIdP
	laneNeo4j
)

var laneNames = []string{"SSO Lens (app)", "Browser", "Identity provider", "Neo4j (predicted)"}

// stepLanes says between which lanes each step of a sign-in happens
// (from, to); a step within the app has from == to.
var stepLanes = map[string][2]int{
	pkce.StepDiscovery:         {laneApp, laneIdP},
	pkce.StepBrowserOpened:     {laneApp, laneBrowser},
	pkce.StepBrowserFailed:     {laneApp, laneBrowser},
	pkce.StepCallbackReceived:  {laneBrowser, laneApp},
	pkce.StepCallbackRejected:  {laneBrowser, laneApp},
	pkce.StepCallbackIgnored:   {laneBrowser, laneApp},
	pkce.StepCodeExchanged:     {laneApp, laneIdP},
	pkce.StepTokensReceived:    {laneIdP, laneApp},
	pkce.StepVerified:          {laneApp, laneIdP},
	pkce.StepDeviceCode:        {laneApp, laneIdP},
	pkce.StepDeviceApproved:    {laneIdP, laneApp},
	pkce.StepRefreshed:         {laneApp, laneIdP},
	pkce.StepUserInfo:          {laneApp, laneIdP},
	pkce.StepRevoked:           {laneApp, laneIdP},
	pkce.StepClientCredentials: {laneApp, laneIdP},
	pkce.StepPasswordGrant:     {laneApp, laneIdP},
}

// arrow is one step drawn: a line between lanes, its head and its label.
type arrow struct {
	from, to   int
	line       *canvas.Line
	head1      *canvas.Line
	head2      *canvas.Line
	label      *canvas.Text
	detail     *canvas.Text
	failed     bool
	selfLoop   bool
	loopRect   *canvas.Rectangle
	labelWidth float32
	// labelBg and detailBg keep the lifelines from crossing the text;
	// fullDetail is the detail before it is shortened to fit.
	labelBg, detailBg *canvas.Rectangle
	fullDetail        string
}

// sequenceLayout places lanes across the width and one arrow per row.
type sequenceLayout struct {
	lanes  []*canvas.Line
	heads  []*canvas.Text
	arrows []*arrow
}

// The diagram's spacing: a row is as tall as its text at the theme's
// size (presenter mode's larger type makes taller rows), plus these gaps.
const (
	seqTop       = 8  // above the lanes' names
	seqHeadGap   = 12 // between the lanes' names and the first row
	seqRowPad    = 4  // above a row's label and below its detail
	seqLineGap   = 7  // between the label and the arrow (its head is 5 high)
	seqDetailGap = 4  // between the arrow and the detail
	seqNoteGap   = 2  // between a note's label and its detail (no arrow)
	seqBottom    = 10 // under the last row
)

func (l *sequenceLayout) laneX(i int, w float32) float32 {
	margin := w / 8
	return margin + float32(i)*(w-2*margin)/float32(len(l.lanes)-1)
}

// header is the height of the lanes' names and the gap under them.
func (l *sequenceLayout) header() float32 {
	h := float32(0)
	for _, t := range l.heads {
		h = max(h, t.MinSize().Height)
	}
	return seqTop + h + seqHeadGap
}

// rowHeight is the height of an arrow's row: its label, the arrow (none
// for a note) and its detail, as tall as their text.
func (a *arrow) rowHeight() float32 {
	mid := float32(seqLineGap + seqDetailGap)
	if a.selfLoop {
		mid = seqNoteGap
	}
	return seqRowPad + a.label.MinSize().Height + mid + a.detail.MinSize().Height + 2*seqRowPad
}

func (l *sequenceLayout) height() float32 {
	h := l.header()
	for _, a := range l.arrows {
		h += a.rowHeight()
	}
	return h + seqBottom
}

func (l *sequenceLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	top := l.header()
	h := l.height()
	for i, ln := range l.lanes {
		x := l.laneX(i, size.Width)
		ln.Position1 = fyne.NewPos(x, top-seqHeadGap/2)
		ln.Position2 = fyne.NewPos(x, h)
		t := l.heads[i]
		ts := t.MinSize()
		t.Move(fyne.NewPos(x-ts.Width/2, seqTop))
		t.Resize(ts)
	}
	for _, a := range l.arrows {
		ls := a.label.MinSize()
		labelY := top + seqRowPad
		y := labelY + ls.Height + seqLineGap // the arrow
		detailY := y + seqDetailGap
		if a.selfLoop {
			detailY = labelY + ls.Height + seqNoteGap
		}
		top += a.rowHeight()
		x1, x2 := l.laneX(a.from, size.Width), l.laneX(a.to, size.Width)
		if a.selfLoop {
			// A step within the app is a note on its lifeline, not an
			// arrow: a box from the lifeline to halfway to the next one.
			x2 = x1
		}
		a.line.Position1, a.line.Position2 = fyne.NewPos(x1, y), fyne.NewPos(x2, y)
		dir := float32(1)
		if x2 < x1 {
			dir = -1
		}
		a.head1.Position1, a.head1.Position2 = fyne.NewPos(x2, y), fyne.NewPos(x2-dir*9, y-5)
		a.head2.Position1, a.head2.Position2 = fyne.NewPos(x2, y), fyne.NewPos(x2-dir*9, y+5)
		left := min(x1, x2) + 8
		if a.selfLoop {
			left = x1
		}
		a.label.Move(fyne.NewPos(left, labelY))
		a.label.Resize(ls)
		// The detail is shortened to the width left: nothing runs off the
		// right edge.
		a.detail.Text = a.fullDetail
		avail := size.Width - left - 8
		for ds := a.detail.MinSize(); ds.Width > avail && len(a.detail.Text) > 8; ds = a.detail.MinSize() {
			r := []rune(a.detail.Text)
			n := max(int(float32(len(r))*avail/ds.Width)-2, 4)
			a.detail.Text = string(r[:min(n, len(r)-2)]) + "…"
		}
		ds := a.detail.MinSize()
		a.detail.Move(fyne.NewPos(left, detailY))
		a.detail.Resize(ds)
		a.labelBg.Move(a.label.Position().SubtractXY(2, 0))
		a.labelBg.Resize(ls.AddWidthHeight(4, 0))
		a.detailBg.Move(a.detail.Position().SubtractXY(2, 0))
		a.detailBg.Resize(ds.AddWidthHeight(4, 0))
		a.labelBg.Hidden, a.detailBg.Hidden = a.selfLoop, a.selfLoop
		if a.selfLoop {
			// The note's box holds its text (within the row's padding);
			// it covers the lifelines beneath.
			a.loopRect.Move(fyne.NewPos(x1-6, labelY-3))
			a.loopRect.Resize(fyne.NewSize(max(ls.Width, ds.Width)+12, detailY+ds.Height+3-(labelY-3)))
		}
	}
}

func (l *sequenceLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(640, l.height())
}

// timelineView draws the last sign-in's steps as a sequence diagram:
// lanes app ↔ browser ↔ identity provider ↔ Neo4j, an arrow per step with
// its name and timing.
func timelineView(v *shownInv) fyne.CanvasObject {
	if len(v.events) == 0 {
		return emptyView("No sign-in yet", "The steps of the last sign-in are drawn here, lane by lane, with their timings.")
	}
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	l := &sequenceLayout{}
	var objs []fyne.CanvasObject
	for _, name := range laneNames {
		// The disabled colour: visible on both the light and the dark
		// theme, yet quieter than the arrows (the separator colour is
		// nearly the background's in the dark theme).
		ln := canvas.NewLine(theme.Color(theme.ColorNameDisabled))
		ln.StrokeWidth = 2
		t := canvas.NewText(name, fg)
		t.TextStyle = fyne.TextStyle{Bold: true}
		l.lanes, l.heads = append(l.lanes, ln), append(l.heads, t)
		objs = append(objs, ln, t)
	}
	addArrow := func(from, to int, label, detail string, c color.Color, failed bool) {
		a := &arrow{from: from, to: to, selfLoop: from == to, failed: failed}
		a.line = canvas.NewLine(c)
		a.line.StrokeWidth = 2
		a.head1, a.head2 = canvas.NewLine(c), canvas.NewLine(c)
		a.head1.StrokeWidth, a.head2.StrokeWidth = 2, 2
		a.label = canvas.NewText(safetext.Line(label), fg)
		a.label.TextStyle = fyne.TextStyle{Bold: true}
		a.label.TextSize = theme.TextSize()
		a.fullDetail = safetext.Line(clip(detail, 160))
		a.detail = canvas.NewText(a.fullDetail, muted)
		a.detail.TextSize = theme.CaptionTextSize()
		a.loopRect = canvas.NewRectangle(color.Transparent)
		if a.selfLoop {
			a.loopRect.FillColor = theme.Color(theme.ColorNameInputBackground)
			a.loopRect.StrokeColor, a.loopRect.StrokeWidth = c, 1
			a.loopRect.CornerRadius = 4
			a.line.Hidden, a.head1.Hidden, a.head2.Hidden = true, true, true
		}
		bg := theme.Color(theme.ColorNameBackground)
		a.labelBg, a.detailBg = canvas.NewRectangle(bg), canvas.NewRectangle(bg)
		l.arrows = append(l.arrows, a)
		objs = append(objs, a.loopRect, a.line, a.head1, a.head2, a.labelBg, a.detailBg, a.label, a.detail)
	}
	ok := theme.Color(theme.ColorNamePrimary)
	bad := theme.Color(theme.ColorNameError)
	start := v.events[0].At
	for _, ev := range v.events {
		lanes, known := stepLanes[ev.Step]
		if !known {
			lanes = [2]int{laneApp, laneApp}
		}
		c := ok
		failed := ev.Step == pkce.StepFailed || ev.Step == pkce.StepTimeout || ev.Step == pkce.StepBrowserFailed || ev.Step == pkce.StepCallbackRejected || ev.Step == pkce.StepCallbackIgnored
		if failed {
			c = bad
		}
		label := fmt.Sprintf("%s · %d ms · +%.1fs", ev.Step, ev.DurationMS, ev.At.Sub(start).Seconds())
		addArrow(lanes[0], lanes[1], label, ev.Detail, c, failed)
		if ev.Step == pkce.StepBrowserOpened {
			// What the person does in the browser: not an event of the
			// app, drawn so the round trip reads as one story.
			addArrow(laneBrowser, laneIdP, "user signs in at the provider", "login page, consent; the provider redirects back", muted, false)
		}
	}
	if p := v.pred; p != nil {
		c := theme.Color(theme.ColorNameSuccess)
		if p.Outcome != predict.OutcomeLogIn {
			c = bad
		}
		detail := "the " + p.AuthenticationToken + " is sent as the bearer credential"
		switch p.Outcome {
		case predict.OutcomeNotStarted, predict.OutcomeAuthDisabled:
			detail = "no login happens, so no token is sent"
		}
		addArrow(laneApp, laneNeo4j, "Neo4j login (simulated): "+p.Summary(), detail, c, p.Outcome != predict.OutcomeLogIn)
	}
	diagram := container.New(l, objs...)
	return container.NewBorder(container.NewPadded(heading(fmt.Sprintf("Sign-in timeline · %s · %s", v.flow, plural(len(v.events), "step", "steps")))),
		nil, nil, nil, container.NewScroll(container.NewPadded(diagram)))
}

// showExport asks for the format and the redaction, then where to save.
func (wb *Workbench) showExport() {
	format := widget.NewRadioGroup([]string{"HTML", "Markdown"}, nil)
	format.SetSelected("HTML")
	redact := widget.NewCheck("Redact tokens, secrets, e-mail addresses and names (recommended)", nil)
	redact.SetChecked(true)
	body := widget.NewForm(widget.NewFormItem("Format", format), widget.NewFormItem("", redact))
	dialog.ShowCustomConfirm("Export the investigation", "Save…", "Cancel", body, func(ok bool) {
		if !ok {
			return
		}
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				wb.ShowError(err)
				return
			}
			if w == nil {
				return
			}
			w.Close()
			if err := wb.WriteReport(w.URI().Path(), redact.Checked); err != nil {
				wb.ShowError(err)
				return
			}
			wb.side.setStatus("Report saved to " + w.URI().Path())
		}, wb.win)
		name := "ssolens-report.html"
		if format.Selected == "Markdown" {
			name = "ssolens-report.md"
		}
		d.SetFileName(name)
		d.Show()
	}, wb.win)
}
