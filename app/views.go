package app

import (
	"fmt"
	"image/color"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/report"
	"github.com/ssolens/ssolens/session"
)

func newConfirm(title, confirm string, body fyne.CanvasObject, cb func(bool), w fyne.Window) dialog.Dialog {
	d := dialog.NewCustomConfirm(title, confirm, "Cancel", body, cb, w)
	d.Resize(fyne.NewSize(560, 380))
	return d
}

const noSignIn = "Sign in on the left (the built-in demo needs nothing configured), or paste a token response on the Inspect tab and choose the paste flow."

// tokensView lays the ID token and the access token side by side, with
// which one Neo4j decodes and which it validates, then each token raw or
// decoded with its copy button and live expiry.
func (wb *Workbench) tokensView(v *shownInv) fyne.CanvasObject {
	if !v.tokens() {
		return emptyView("No tokens yet", noSignIn)
	}
	red := v.red
	box := vbox()
	title := "Tokens of the pasted input"
	if v.flow != "" {
		title = "Tokens from " + cmpOr(wb.targetName, "the last sign-in") + " · flow " + v.flow
	}
	refresh := widget.NewButtonWithIcon("Refresh tokens", theme.ViewRefreshIcon(), wb.refreshTokens)
	if res := wb.signIn(); res == nil || res.Token == nil || res.Token.RefreshToken == "" {
		refresh.Disable()
		refresh.SetText("Refresh tokens (no refresh token)")
	}
	mode := widget.NewRadioGroup([]string{"Decoded", "Raw"}, nil)
	mode.Horizontal = true
	mode.SetSelected(map[bool]string{false: "Decoded", true: "Raw"}[wb.showRaw])
	mode.OnChanged = func(v string) { wb.showRaw = v == "Raw"; wb.render() }
	reveal := widget.NewCheck("Reveal whole tokens", func(on bool) { wb.revealRaw = on; wb.render() })
	reveal.Checked = wb.revealRaw && red == nil
	if red != nil {
		reveal.Disable()
	}
	box.Add(heading(title))
	box.Add(container.NewHBox(mode, reveal))
	box.Add(container.NewHBox(refresh))

	if cmp := v.inv.Comparison(); cmp != nil {
		if red != nil {
			cmp = red.Comparison(cmp)
		}
		box.Add(comparisonCard(cmp, v.inv.DiffTone))
	}
	// One token under the other: the comparison above already lays them
	// side by side, and two decoded tokens would not fit 1280 pixels.
	for i, t := range v.report.Tokens {
		box.Add(wb.tokenPanel(t, v.inv.Report.Tokens[i].Raw, red))
	}
	return pageScroll(container.NewPadded(box))
}

// comparisonCard is the claim-by-claim table; differences in the claims
// Neo4j reads are highlighted.
// Colours mean something: red for what breaks Neo4j, amber for what may,
// grey (with a short reason) for an expected difference.
func comparisonCard(c *inspector.Comparison, tone func(inspector.ComparisonRow) (string, string)) fyne.CanvasObject {
	col := func(name string, role inspector.Role, status string) fyne.CanvasObject {
		// Stacked, not in a row: three columns of badges in a row would
		// make the table wider than the window.
		b := vbox(widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		if c.PrincipalRole == role {
			b.Add(container.NewHBox(badge("NEO4J DECODES (principal)", theme.ColorNamePrimary)))
		}
		if c.AuthenticationRole == role {
			b.Add(container.NewHBox(badge("NEO4J VALIDATES (authentication)", theme.ColorNameSuccess)))
		}
		if status != "" {
			b.Add(subtle(status, fyne.TextStyle{Italic: true}, theme.SizeNameCaptionText))
		}
		return b
	}
	rows := vbox(container.NewGridWithColumns(3,
		widget.NewLabelWithStyle("Claim", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		col("ID token", inspector.RoleIDToken, c.IDStatus), col("Access token", inspector.RoleAccessToken, c.AccessStatus)))
	for _, r := range c.Rows {
		colour := theme.ColorNameForeground
		mark := ""
		t, why := tone(r)
		switch {
		case t == session.ToneError:
			colour, mark = theme.ColorNameError, "≠ "
		case t == session.ToneWarning:
			colour, mark = theme.ColorNameWarning, "≠ "
		case r.Differs:
			colour, mark = theme.ColorNamePlaceHolder, "≠ "
		}
		switch {
		case t != session.ToneNone:
			r.Note = strings.TrimSpace(why + ". " + r.Note)
		case r.Note == "":
			r.Note = why // the comparison's own note says why otherwise
		}
		value := func(raw []byte) fyne.CanvasObject {
			text := "—"
			if raw != nil {
				text = displayJSON(raw)
			}
			seg := &widget.TextSegment{Text: safetext.Line(clip(text, 300)), Style: widget.RichTextStyle{ColorName: colour, TextStyle: fyne.TextStyle{Monospace: true}}}
			// Times as the date they stand for, the number sent beneath.
			if when, ok := inspector.NumericDateText(r.Name, raw); ok {
				sent := seg.Text
				seg.Text = readableDate(when)
				return stacked(seg, "sent as "+sent)
			}
			// At spaces (a name, a scope); a longer run (a URL, a
			// list without spaces) breaks where the column ends.
			rt := widget.NewRichText(seg)
			rt.Wrapping = fyne.TextWrapWord
			return rt
		}
		name := stacked(&widget.TextSegment{Text: mark + r.Name, Style: widget.RichTextStyle{ColorName: colour, TextStyle: fyne.TextStyle{Bold: r.Important}}}, r.Note)
		rows.Add(container.NewGridWithColumns(3, name, value(r.ID), value(r.Access)))
	}
	// The explanation wraps in the body: a card's subtitle does not.
	return widget.NewCard("ID token and access token, claim by claim", "", vbox(wrapped(c.Explanation), rows))
}

// tokenPanel is one token: raw (the redacted form unless revealed) or
// decoded, a copy button and the live expiry.
func (wb *Workbench) tokenPanel(t *inspector.Token, raw string, red *report.Redactor) fyne.CanvasObject {
	body := vbox(tokenIdentity(t))
	if tm, ok := t.Times["exp"]; ok {
		rel := &widget.TextSegment{Text: inspector.Relative("exp", tm.At(), wb.now()), Style: widget.RichTextStyle{
			ColorName: relativeColor("exp", tm.At(), wb.now()), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}}
		cell := stacked(rel, tm.UTC)
		wb.live.add("exp", tm.At(), cell, rel)
		body.Add(cell)
	}
	copyBtn := widget.NewButtonWithIcon("Copy token", theme.ContentCopyIcon(), func() {
		wb.app.Clipboard().SetContent(raw)
		wb.side.setStatus("The " + roleLine(t) + " is on the clipboard.")
	})
	if raw == "" {
		copyBtn.Disable()
	}
	body.Add(container.NewHBox(copyBtn))
	// The encoded token as jwt.io shows it: header, payload and signature
	// in the colours of their decoded panels below.
	text := t.Redacted
	if wb.revealRaw && red == nil && raw != "" {
		text = raw
	}
	body.Add(encodedToken(text))
	if !wb.showRaw {
		// Each part's panel; selecting a part (the chips under the token)
		// highlights its panel.
		var panels []*canvas.Rectangle
		panel := func(i int, title string, content ...fyne.CanvasObject) {
			bg := canvas.NewRectangle(color.Transparent)
			bg.CornerRadius = theme.InputRadiusSize()
			panels = append(panels, bg)
			body.Add(container.NewStack(bg, vbox(append([]fyne.CanvasObject{coloredSection(title, segmentColors[i])}, content...)...)))
		}
		var chips []fyne.CanvasObject
		chip := func(name string) {
			n := len(panels)
			b := widget.NewButton(name, func() {
				for j, bg := range panels {
					bg.FillColor = color.Transparent
					if j == n {
						bg.FillColor = theme.Color(theme.ColorNameSelection)
					}
					bg.Refresh()
				}
			})
			b.Importance = widget.LowImportance
			chips = append(chips, b)
		}
		if t.Header != nil && len(t.Header.Members) > 0 {
			chip("Header")
			panel(0, "Header", membersForm(t.Header, nil, false))
		}
		if t.Claims != nil && len(t.Claims.Members) > 0 {
			// The claims Neo4j reads first: the username and groups
			// claims, aud, iss, exp.
			chip("Payload")
			panel(1, fmt.Sprintf("Payload · %d claims, the ones Neo4j reads first", len(t.Claims.Members)),
				membersForm(session.PinClaims(t.Claims, wb.inv.ReadClaims()), t.Times, false))
		}
		if t.Kind == inspector.KindJWS {
			chip("Signature")
			panel(2, "Signature · checked on the Verification tab", signatureLine(t))
		}
		if len(chips) > 1 {
			body.Objects = slices.Insert(body.Objects, len(body.Objects)-len(panels), fyne.CanvasObject(container.NewHBox(chips...)))
		}
	}
	return widget.NewCard(sourceName(t.Source), roleLine(t), body)
}

// refreshTokens redeems the refresh token of the last sign-in.
func (wb *Workbench) refreshTokens() {
	res := wb.signIn()
	if res == nil || res.Token == nil || res.Token.RefreshToken == "" {
		return
	}
	rt, target, name := res.Token.RefreshToken, wb.target, wb.targetName
	wb.side.setStatus("Refreshing the tokens…")
	opts := session.FlowOptions{SignInOptions: session.SignInOptions{HTTPClient: wb.client, Inspect: inspector.Options{Now: wb.now}}}
	wb.runAsync(func() func() {
		res, err := session.Refresh(contextBackground(), target, rt, opts)
		return func() {
			if err != nil {
				wb.ShowError(fmt.Errorf("refreshing: %w", err))
			}
			if res != nil && res.Result != nil {
				wb.side.setStatus("Tokens refreshed.")
				wb.setResult(res, target, name)
			}
		}
	})
}

// verificationView shows every check with expected and actual, the key id
// and source, and the clock offset.
func verificationView(v *shownInv) fyne.CanvasObject {
	if !v.tokens() {
		return emptyView("Nothing verified yet", noSignIn)
	}
	box := vbox(heading("Signatures and claim checks"))
	for _, t := range v.report.Tokens {
		body := vbox()
		switch {
		case t.Kind != inspector.KindJWS:
			body.Add(note("Not a signed JWT (" + string(t.Kind) + "): there is no signature to check here."))
		case t.Signature == nil:
			body.Add(note("Decoded only: the signature was not checked."))
		default:
			body.Add(verificationForm(t))
			form := form(nil)
			add := func(k, v string) {
				if v != "" {
					form.Add(nameLabel(k))
					form.Add(wrapped(v))
				}
			}
			add("key id", t.Signature.Kid)
			add("key source", t.Signature.KeySource)
			if ks := t.Signature.KeySet; ks != nil {
				add("key set", ks.URL)
				add("discovery", ks.DiscoveryURL)
				add("kids in set", strings.Join(ks.Kids, ", "))
				add("fetched", fmt.Sprintf("%s (%d fetches)", ks.FetchedAt, ks.Fetches))
				add("clock offset", cmpOr(roundedDuration(ks.ClockOffset), "not known (no Date header)")+" (local − provider)")
			}
			body.Add(form)
		}
		box.Add(widget.NewCard(sourceName(t.Source), roleLine(t), body))
	}
	return pageScroll(container.NewPadded(box))
}

// neo4jView is the prediction (outcome, username, groups → roles with the
// mapping line, unmapped groups and near-misses) and the conf's lint.
func neo4jView(v *shownInv, live, whatIf fyne.CanvasObject) fyne.CanvasObject {
	box := vbox()
	lint, confFile := v.lint, v.confFile
	var steps fyne.CanvasObject
	if v.pred != nil {
		p := v.pred
		tokenFindings := map[string]bool{}
		for _, t := range v.report.Tokens {
			for _, f := range t.Findings {
				tokenFindings[f.Code] = true
			}
		}
		box.Add(neo4jCard(p, tokenFindings, false))
		// Reality right under the prediction.
		if live != nil {
			box.Add(live)
		}
		table := vbox(container.NewGridWithColumns(3,
			widget.NewLabelWithStyle("Group", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			widget.NewLabelWithStyle("Roles", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			widget.NewLabelWithStyle("Granted by", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})))
		for _, g := range p.Grants {
			via := g.Via
			switch g.Via {
			case "mapping":
				via = fmt.Sprintf("group_to_role_mapping, %s line %d", cmpOr(confFile, "neo4j.conf"), g.Line)
			case "group-name":
				via = "no mapping: the group name is the role"
			}
			table.Add(container.NewGridWithColumns(3, wrapped(cmpOr(g.Group, "—")), colored(predict.RoleList(g.Roles), theme.ColorNameSuccess, true), wrapped(via)))
		}
		for _, g := range p.UnmappedGroups {
			table.Add(container.NewGridWithColumns(3, wrapped(g), colored("no role", theme.ColorNameWarning, false), wrapped("unmapped")))
		}
		for _, n := range p.NearMisses {
			table.Add(container.NewGridWithColumns(3, wrapped(n.Group), colored("≈ "+n.Key, theme.ColorNameWarning, true),
				wrapped(fmt.Sprintf("near-miss, line %d: %s", n.Line, n.Why))))
		}
		box.Add(widget.NewCard("Groups → roles", plural(len(p.Groups), "group", "groups")+fmt.Sprintf(", %d unmapped", len(p.UnmappedGroups)), table))
		if whatIf != nil {
			box.Add(whatIf)
		}
		// The steps last: the roles and the lint are looked for first.
		steps = widget.NewCard("Steps", "each check Neo4j makes, in its order", neo4jSteps(p))
	} else {
		box.Add(emptyView("No prediction yet", "Sign in with the demo or a profile imported from neo4j.conf or a running Neo4j to see what Neo4j will make of the tokens."))
		if live != nil {
			box.Add(live)
		}
	}
	if confFile != "" {
		var body fyne.CanvasObject = wrapped("No findings: Neo4j would read every SSO setting as intended.")
		if len(lint) > 0 {
			body = findingsList(inspector.SortedFindings(lint))
		}
		// The title has the file's name (a card title does not wrap), the
		// body its whole path.
		box.Add(widget.NewCard("Lint · "+filepath.Base(confFile), plural(len(lint), "finding", "findings")+" (evidence names the line)",
			vbox(subtle(confFile, fyne.TextStyle{}, theme.SizeNameCaptionText), body)))
	}
	if steps != nil {
		box.Add(steps)
	}
	return pageScroll(container.NewPadded(box))
}

// findingsView is the current investigation's findings, grouped by where
// they came from (errors first in each group); selecting one shows its
// fix and evidence. older says what an older input holds, never mixed in.
func findingsView(v *shownInv, older string) fyne.CanvasObject {
	fs := byOrigin(v.findings)
	var top []fyne.CanvasObject
	if older != "" {
		top = append(top, subtle(older, fyne.TextStyle{Italic: true}, theme.SizeNameCaptionText))
	}
	if len(fs) == 0 {
		return container.NewBorder(vbox(top...), nil, nil, nil, emptyView("No findings", "Findings from the sign-in, the tokens, Neo4j's prediction, the neo4j.conf lint, the live check and the generated block are listed here, grouped by where they came from."))
	}
	detail := container.NewStack()
	showDetail := func(f session.Finding) {
		noEvidence := f.Finding
		noEvidence.Evidence = ""
		box := vbox(findingRow(noEvidence), subtle("From: "+fromLine(f), fyne.TextStyle{}, theme.SizeNameCaptionText))
		if f.Evidence != "" {
			ev := widget.NewRichText(&widget.TextSegment{Text: safetext.Block(clip(f.Evidence, 4000)), Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Monospace: true}}})
			ev.Wrapping = fyne.TextWrapWord // sentences whole; a long run breaks
			box.Add(section("Evidence"))
			box.Add(ev)
		}
		detail.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(box))}
		detail.Refresh()
	}
	list := &findingsTabList{detail: detail}
	list.Length = func() int { return len(fs) }
	list.CreateItem = func() fyne.CanvasObject {
		code := widget.NewLabelWithStyle("code", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		msg := widget.NewLabel("message")
		msg.Truncation = fyne.TextTruncateEllipsis
		return container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, vbox(code, msg))
	}
	list.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		c := o.(*fyne.Container)
		f := fs[id]
		icon, _ := severityLook(f.Severity)
		texts := c.Objects[0].(*fyne.Container).Objects
		texts[0].(*widget.Label).SetText(safetext.Line(originName(f.Origin) + "  ·  " + f.Code))
		texts[1].(*widget.Label).SetText(safetext.Line(f.Message))
		c.Objects[1].(*widget.Icon).SetResource(icon)
	}
	list.ExtendBaseWidget(list)
	list.OnSelected = func(id widget.ListItemID) {
		list.selected = id
		showDetail(fs[id])
	}
	list.Select(0)
	c := session.Count(fs)
	var groups []string
	for _, o := range originNames {
		n := 0
		for _, f := range fs {
			if f.Origin == o.origin {
				n++
			}
		}
		if n > 0 {
			groups = append(groups, fmt.Sprintf("%s %d", o.name, n))
		}
	}
	// Two columns, not a split: no handle floats between them.
	split := container.NewGridWithColumns(2, list, detail)
	top = append([]fyne.CanvasObject{heading(fmt.Sprintf("%s, %s in this investigation · select one for its fix and evidence",
		plural(len(fs), "finding", "findings"), plural(c.Errors, "error", "errors"))),
		subtle("By origin: "+strings.Join(groups, " · "), fyne.TextStyle{}, theme.SizeNameCaptionText)}, top...)
	return container.NewBorder(container.NewPadded(vbox(top...)), nil, nil, nil, split)
}

// fromLine says where a finding came from: its origin, and the part when
// it names more ("Tokens · token 2 (access_token)").
func fromLine(f session.Finding) string {
	if o := originName(f.Origin); !strings.EqualFold(o, f.Source) {
		return o + " · " + f.Source
	}
	return f.Source
}

// roundedDuration is a duration as a person reads it: "966.280721ms" →
// "1.0 s", "-2m3.5s" → "−123.5 s"; text that is no duration is kept.
func roundedDuration(s string) string {
	d, err := time.ParseDuration(s)
	if err != nil {
		return s
	}
	return strings.Replace(fmt.Sprintf("%.1f s", d.Seconds()), "-", "−", 1)
}

// segmentColors are the colours of a JWT's header, payload and signature,
// in the encoded text and on their decoded panels.
var segmentColors = [3]fyne.ThemeColorName{theme.ColorNameError, theme.ColorNamePrimary, theme.ColorNameSuccess}

// encodedToken is a token's text with its dot-separated parts coloured
// (header, payload, signature; a JWE's further parts as the signature).
// A shortened form (eyJhbG…‹735 chars›…lYUg) colours its start as the
// header and its end as the signature.
func encodedToken(text string) *widget.RichText {
	text = safetext.Line(text)
	mono := func(s string, c fyne.ThemeColorName) *widget.TextSegment {
		return &widget.TextSegment{Text: s, Style: widget.RichTextStyle{ColorName: c, Inline: true, TextStyle: fyne.TextStyle{Monospace: true}}}
	}
	var segs []widget.RichTextSegment
	switch parts := strings.Split(text, "."); {
	case len(parts) >= 3:
		for i, p := range parts {
			if i > 0 {
				segs = append(segs, mono(".", theme.ColorNameForeground))
			}
			segs = append(segs, mono(p, segmentColors[min(i, 2)]))
		}
	case strings.Count(text, "…") == 2:
		first, rest, _ := strings.Cut(text, "…")
		mid, last, _ := strings.Cut(rest, "…")
		segs = append(segs, mono(first, segmentColors[0]), mono("…"+mid+"…", theme.ColorNamePlaceHolder), mono(last, segmentColors[2]))
	default:
		segs = append(segs, mono(text, theme.ColorNameForeground))
	}
	// A token is one run of characters: it breaks where the line ends.
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapBreak
	return rt
}

// coloredSection is a panel's title in its segment's colour.
func coloredSection(title string, c fyne.ThemeColorName) fyne.CanvasObject {
	return vbox(widget.NewSeparator(), colored(title, c, true))
}

// signatureLine says in a line whether the signature was verified, and
// with what.
func signatureLine(t *inspector.Token) fyne.CanvasObject {
	sig := t.Signature
	switch {
	case sig == nil:
		return wrapped("Not checked: the signature was decoded only.")
	case sig.Verified:
		return colored("verified · alg "+orDash(sig.Alg)+" · kid "+orDash(sig.Kid)+" · "+sig.KeySource, theme.ColorNameSuccess, false)
	}
	return colored("not verified · "+sig.Error, theme.ColorNameError, false)
}
