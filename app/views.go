package app

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
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

// idAndAccess picks the ID token and the access token of a report.
func idAndAccess(rep *inspector.Report) (id, access *inspector.Token) {
	if rep == nil {
		return nil, nil
	}
	for _, t := range rep.Tokens {
		switch {
		case t.Role == inspector.RoleIDToken && id == nil:
			id = t
		case t.Role == inspector.RoleAccessToken && access == nil:
			access = t
		}
	}
	return id, access
}

// tokensView lays the ID token and the access token side by side, with
// which one Neo4j decodes and which it validates, then each token raw or
// decoded with its copy button and live expiry.
func (wb *Workbench) tokensView(res *session.SignInResult, red *report.Redactor) fyne.CanvasObject {
	if res == nil || res.Report == nil || len(res.Report.Tokens) == 0 {
		return emptyView("No tokens yet", noSignIn)
	}
	box := container.NewVBox()
	title := "Tokens from " + cmpOr(wb.targetName, "the last sign-in") + " · flow " + res.Flow
	refresh := widget.NewButtonWithIcon("Refresh tokens", theme.ViewRefreshIcon(), wb.refreshTokens)
	if wb.result == nil || wb.result.Token == nil || wb.result.Token.RefreshToken == "" {
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

	id, access := idAndAccess(res.Report)
	var principal, authentication string
	if p := res.Prediction; p != nil {
		principal, authentication = p.PrincipalToken, p.AuthenticationToken
	}
	if id != nil || access != nil {
		cmp := inspector.Compare(id, access, principal, authentication)
		if red != nil {
			cmp = red.Comparison(cmp)
		}
		box.Add(comparisonCard(cmp))
	}
	raw := map[string]string{}
	if wb.result != nil && wb.result.Report != nil {
		for _, t := range wb.result.Report.Tokens {
			raw[t.Fingerprint] = t.Raw
		}
	}
	// One token under the other: the comparison above already lays them
	// side by side, and two decoded tokens would not fit 1280 pixels.
	for _, t := range res.Report.Tokens {
		box.Add(wb.tokenPanel(t, raw[t.Fingerprint], red))
	}
	return container.NewVScroll(container.NewPadded(box))
}

// comparisonCard is the claim-by-claim table; differences in the claims
// Neo4j reads are highlighted.
func comparisonCard(c *inspector.Comparison) fyne.CanvasObject {
	col := func(name string, role inspector.Role, status string) fyne.CanvasObject {
		// Stacked, not in a row: three columns of badges in a row would
		// make the table wider than the window.
		b := container.NewVBox(widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
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
	rows := container.NewVBox(container.NewGridWithColumns(3,
		widget.NewLabelWithStyle("Claim", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		col("ID token", inspector.RoleIDToken, c.IDStatus), col("Access token", inspector.RoleAccessToken, c.AccessStatus)))
	for _, r := range c.Rows {
		colour := theme.ColorNameForeground
		mark := ""
		switch {
		case r.Differs && r.Important:
			colour, mark = theme.ColorNameError, "≠ "
		case r.Differs:
			colour, mark = theme.ColorNameWarning, "≠ "
		}
		value := func(raw []byte) fyne.CanvasObject {
			text := "—"
			if raw != nil {
				text = displayJSON(raw)
			}
			seg := &widget.TextSegment{Text: safetext.Line(clip(text, 300)), Style: widget.RichTextStyle{ColorName: colour, TextStyle: fyne.TextStyle{Monospace: true}}}
			// Times as sent, with the date they stand for beneath.
			if when, ok := inspector.NumericDateText(r.Name, raw); ok {
				return stacked(seg, when)
			}
			rt := widget.NewRichText(seg)
			rt.Wrapping = fyne.TextWrapBreak
			return rt
		}
		name := stacked(&widget.TextSegment{Text: mark + r.Name, Style: widget.RichTextStyle{ColorName: colour, TextStyle: fyne.TextStyle{Bold: r.Important}}}, r.Note)
		rows.Add(container.NewGridWithColumns(3, name, value(r.ID), value(r.Access)))
	}
	// The explanation wraps in the body: a card's subtitle does not.
	return widget.NewCard("ID token and access token, claim by claim", "", container.NewVBox(wrapped(c.Explanation), rows))
}

// tokenPanel is one token: raw (the redacted form unless revealed) or
// decoded, a copy button and the live expiry.
func (wb *Workbench) tokenPanel(t *inspector.Token, raw string, red *report.Redactor) fyne.CanvasObject {
	body := container.NewVBox(tokenIdentity(t))
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
	if wb.showRaw {
		text := t.Redacted
		if wb.revealRaw && red == nil && raw != "" {
			text = raw
		}
		e := widget.NewRichText(&widget.TextSegment{Text: safetext.Line(text), Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Monospace: true}}})
		e.Wrapping = fyne.TextWrapBreak
		body.Add(e)
	} else {
		if t.Header != nil && len(t.Header.Members) > 0 {
			body.Add(section("Header"))
			body.Add(membersForm(t.Header, nil, false))
		}
		if t.Claims != nil && len(t.Claims.Members) > 0 {
			body.Add(section(fmt.Sprintf("Claims (%d)", len(t.Claims.Members))))
			body.Add(membersForm(t.Claims, t.Times, false))
		}
	}
	return widget.NewCard(sourceName(t.Source), roleLine(t), body)
}

// refreshTokens redeems the refresh token of the last sign-in.
func (wb *Workbench) refreshTokens() {
	if wb.result == nil || wb.result.Token == nil || wb.result.Token.RefreshToken == "" {
		return
	}
	rt, target, name := wb.result.Token.RefreshToken, wb.target, wb.targetName
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
func verificationView(res *session.SignInResult) fyne.CanvasObject {
	if res == nil || res.Report == nil || len(res.Report.Tokens) == 0 {
		return emptyView("Nothing verified yet", noSignIn)
	}
	box := container.NewVBox(heading("Signatures and claim checks"))
	for _, t := range res.Report.Tokens {
		body := container.NewVBox()
		switch {
		case t.Kind != inspector.KindJWS:
			body.Add(note("Not a signed JWT (" + string(t.Kind) + "): there is no signature to check here."))
		case t.Signature == nil:
			body.Add(note("Decoded only: the signature was not checked."))
		default:
			body.Add(verificationForm(t))
			form := container.New(layout.NewFormLayout())
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
				add("clock offset", cmpOr(ks.ClockOffset, "not known (no Date header)")+" (local − provider)")
			}
			body.Add(form)
		}
		box.Add(widget.NewCard(sourceName(t.Source), roleLine(t), body))
	}
	return container.NewVScroll(container.NewPadded(box))
}

// neo4jView is the prediction (outcome, username, groups → roles with the
// mapping line, unmapped groups and near-misses) and the conf's lint.
func neo4jView(res *session.SignInResult, lint []inspector.Finding, confFile string, live fyne.CanvasObject) fyne.CanvasObject {
	box := container.NewVBox()
	var steps fyne.CanvasObject
	if res != nil && res.Prediction != nil {
		p := res.Prediction
		tokenFindings := map[string]bool{}
		for _, t := range res.Report.Tokens {
			for _, f := range t.Findings {
				tokenFindings[f.Code] = true
			}
		}
		box.Add(neo4jCard(p, tokenFindings, false))
		// Reality right under the prediction.
		if live != nil {
			box.Add(live)
		}
		table := container.NewVBox(container.NewGridWithColumns(3,
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
			table.Add(container.NewGridWithColumns(3, wrapped(cmpOr(g.Group, "—")), colored(strings.Join(g.Roles, ", "), theme.ColorNameSuccess, true), wrapped(via)))
		}
		for _, g := range p.UnmappedGroups {
			table.Add(container.NewGridWithColumns(3, wrapped(g), colored("no role", theme.ColorNameWarning, false), wrapped("unmapped")))
		}
		for _, n := range p.NearMisses {
			table.Add(container.NewGridWithColumns(3, wrapped(n.Group), colored("≈ "+n.Key, theme.ColorNameWarning, true),
				wrapped(fmt.Sprintf("near-miss, line %d: %s", n.Line, n.Why))))
		}
		box.Add(widget.NewCard("Groups → roles", plural(len(p.Groups), "group", "groups")+fmt.Sprintf(", %d unmapped", len(p.UnmappedGroups)), table))
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
			body = findingsList(sortedFindings(lint))
		}
		// The title has the file's name (a card title does not wrap), the
		// body its whole path.
		box.Add(widget.NewCard("Lint · "+filepath.Base(confFile), plural(len(lint), "finding", "findings")+" (evidence names the line)",
			container.NewVBox(subtle(confFile, fyne.TextStyle{}, theme.SizeNameCaptionText), body)))
	}
	if steps != nil {
		box.Add(steps)
	}
	return container.NewVScroll(container.NewPadded(box))
}

func sortedFindings(fs []inspector.Finding) []inspector.Finding {
	out := slices.Clone(fs)
	inspector.SortFindings(out)
	return out
}

// sourcedFinding is a finding with the panel it comes from.
type sourcedFinding struct {
	inspector.Finding
	Source string
}

// panelFindings are the findings of one more panel (the live check, the
// generated block) with the panel's name.
type panelFindings struct {
	source   string
	findings []inspector.Finding
}

// allFindings gathers every panel's findings once each, errors first.
func allFindings(res *session.SignInResult, pasted *inspector.Report, lint []inspector.Finding, confFile string, more ...panelFindings) []sourcedFinding {
	var out []sourcedFinding
	seen := map[string]bool{}
	add := func(fs []inspector.Finding, source string) {
		for _, f := range fs {
			key := f.Code + "\x00" + f.Message
			if !seen[key] {
				seen[key] = true
				out = append(out, sourcedFinding{f, source})
			}
		}
	}
	for _, r := range []struct {
		rep *inspector.Report
		src string
	}{{pasted, "Inspect"}} {
		if r.rep != nil {
			add(r.rep.Findings, r.src)
			for _, t := range r.rep.Tokens {
				add(t.Findings, r.src+" · "+sourceName(t.Source))
			}
		}
	}
	if res != nil && res.Report != nil {
		add(res.Report.Findings, "Sign-in")
		for _, t := range res.Report.Tokens {
			add(t.Findings, "Tokens · "+sourceName(t.Source))
		}
		if res.Prediction != nil {
			add(res.Prediction.Findings, "Neo4j prediction")
		}
	}
	add(lint, "Lint · "+cmpOr(confFile, "neo4j.conf"))
	for _, m := range more {
		add(m.findings, m.source)
	}
	rank := map[inspector.Severity]int{inspector.SeverityError: 0, inspector.SeverityWarning: 1}
	slices.SortStableFunc(out, func(a, b sourcedFinding) int {
		ra, ok := rank[a.Severity]
		if !ok {
			ra = 2
		}
		rb, ok := rank[b.Severity]
		if !ok {
			rb = 2
		}
		return cmp.Compare(ra, rb)
	})
	return out
}

// findingsView is one list across all panels, by severity; selecting a
// finding shows its fix and evidence.
func findingsView(res *session.SignInResult, pasted *inspector.Report, lint []inspector.Finding, confFile string, more ...panelFindings) fyne.CanvasObject {
	fs := allFindings(res, pasted, lint, confFile, more...)
	if len(fs) == 0 {
		return emptyView("No findings", "Findings from the sign-in, the tokens, Neo4j's prediction, the neo4j.conf lint, the live check and the generated block are listed here, errors first.")
	}
	detail := container.NewStack()
	showDetail := func(f sourcedFinding) {
		noEvidence := f.Finding
		noEvidence.Evidence = ""
		box := container.NewVBox(findingRow(noEvidence), subtle("From: "+f.Source, fyne.TextStyle{}, theme.SizeNameCaptionText))
		if f.Evidence != "" {
			ev := widget.NewRichText(&widget.TextSegment{Text: safetext.Block(clip(f.Evidence, 4000)), Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Monospace: true}}})
			ev.Wrapping = fyne.TextWrapBreak
			box.Add(section("Evidence"))
			box.Add(ev)
		}
		detail.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(box))}
		detail.Refresh()
	}
	list := widget.NewList(func() int { return len(fs) },
		func() fyne.CanvasObject {
			code := widget.NewLabelWithStyle("code", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			msg := widget.NewLabel("message")
			msg.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, container.NewVBox(code, msg))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			f := fs[id]
			icon, _ := severityLook(f.Severity)
			texts := c.Objects[0].(*fyne.Container).Objects
			texts[0].(*widget.Label).SetText(safetext.Line(f.Code + "  ·  " + f.Source))
			texts[1].(*widget.Label).SetText(safetext.Line(f.Message))
			c.Objects[1].(*widget.Icon).SetResource(icon)
		})
	list.OnSelected = func(id widget.ListItemID) { showDetail(fs[id]) }
	list.Select(0)
	errs := 0
	for _, f := range fs {
		if f.Severity == inspector.SeverityError {
			errs++
		}
	}
	split := container.NewHSplit(list, detail)
	split.Offset = 0.45
	return container.NewBorder(container.NewPadded(heading(fmt.Sprintf("%s, %s · select one for its fix and evidence",
		plural(len(fs), "finding", "findings"), plural(errs, "error", "errors")))), nil, nil, nil, split)
}

var _ = predict.OutcomeLogIn
