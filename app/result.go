package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/assets"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
)

// EmptyStateTitle heads the result pane before anything is pasted.
const EmptyStateTitle = "Paste something to inspect"

// Display limits: a value longer than this is cut, so one huge claim (an
// embedded certificate, a giant groups list) cannot swamp the window.
const (
	maxValueRunes = 1200
	maxNameRunes  = 32
)

// newEmptyState tells a newcomer what the paste box accepts.
func newEmptyState() fyne.CanvasObject {
	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(96))

	title := widget.NewLabelWithStyle(EmptyStateTitle, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	intro := wrapped("SSO Lens decodes what your identity provider gave you and explains it. Paste any of these on the left:")
	list := widget.NewRichTextFromMarkdown(strings.Join([]string{
		"- a bare **JWT** (`eyJhbGciOi…`), an encrypted **JWE** or an **opaque** token",
		"- a **token endpoint response**: `{\"access_token\": …, \"id_token\": …}`",
		"- an **Authorization: Bearer …** header",
		"- a **redirect URL** carrying `#id_token=…`, `?code=…` or `?error=…`",
		"- a **cURL command**, an **HTTP request**, a **HAR** file or a **log** excerpt",
		"- **Neo4j's error message**, such as `Could not parse JWT`",
	}, "\n"))
	list.Wrapping = fyne.TextWrapWord
	outro := subtle("Every token found is shown with its header, its claims (times made readable, with a live countdown to expiry) and findings that say what is wrong and how to fix it.", fyne.TextStyle{}, "")

	// Spacers above and below centre the text block in the pane; the
	// labels still get the pane's full width to wrap in.
	return container.NewPadded(vbox(
		layout.NewSpacer(), icon, title, intro, list, outro, layout.NewSpacer()))
}

// summarize says in one line what the input was read as.
func summarize(r *inspector.Report) string {
	parts := []string{"Read as " + formName(r.Input.Form)}
	parts = append(parts, plural(len(r.Tokens), "token", "tokens"))
	errs, warns := 0, 0
	count := func(fs []inspector.Finding) {
		for _, f := range fs {
			switch f.Severity {
			case inspector.SeverityError:
				errs++
			case inspector.SeverityWarning:
				warns++
			}
		}
	}
	count(r.Findings)
	for _, t := range r.Tokens {
		count(t.Findings)
	}
	parts = append(parts, plural(errs, "error", "errors"), plural(warns, "warning", "warnings"))
	parts = append(parts, plural(r.Input.Bytes, "byte", "bytes"))
	return strings.Join(parts, " · ")
}

func formName(form string) string {
	switch form {
	case inspector.FormEmpty:
		return "empty input"
	case inspector.FormToken:
		return "a bare token"
	case inspector.FormBearer:
		return "an Authorization header"
	case inspector.FormTokenResponse:
		return "a token endpoint response"
	case inspector.FormRedirectURL:
		return "a redirect URL"
	case inspector.FormCurl:
		return "a cURL command"
	case inspector.FormHTTPRequest:
		return "an HTTP request"
	case inspector.FormHAR:
		return "a HAR file"
	case inspector.FormText:
		return "text, scanned for tokens"
	}
	return form
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// newResult draws a report: the input's own findings, then a card per
// token. The returned liveTimes holds the relative times to keep ticking.
func newResult(r *inspector.Report, now time.Time) (fyne.CanvasObject, *liveTimes) {
	live := newLiveTimes()
	box := vbox()
	if len(r.Findings) > 0 {
		box.Add(widget.NewCard("About the input", "", findingsList(r.Findings)))
	}
	for i, t := range r.Tokens {
		box.Add(tokenCard(t, i, len(r.Tokens), now, live))
	}
	return box, live
}

func tokenCard(t *inspector.Token, i, n int, now time.Time, live *liveTimes) fyne.CanvasObject {
	title := sourceName(t.Source)
	if n > 1 {
		title = fmt.Sprintf("%d of %d · %s", i+1, n, title)
	}
	body := vbox(tokenIdentity(t))

	if len(t.Findings) > 0 {
		body.Add(section(fmt.Sprintf("Findings (%d)", len(t.Findings))))
		body.Add(findingsList(t.Findings))
	}
	if len(t.Times) > 0 {
		body.Add(section("Times"))
		body.Add(timesForm(t, now, live))
	}
	if t.Header != nil && len(t.Header.Members) > 0 {
		body.Add(section("Header"))
		body.Add(membersForm(t.Header, nil, false))
	}
	if t.Claims != nil && len(t.Claims.Members) > 0 {
		body.Add(section(fmt.Sprintf("Claims (%d)", len(t.Claims.Members))))
		body.Add(membersForm(t.Claims, t.Times, true))
	}
	switch t.Kind {
	case inspector.KindJWE:
		body.Add(note("Encrypted (JWE): only the header is readable. The claims are for the audience that holds the decryption key."))
	case inspector.KindOpaque:
		body.Add(note("Opaque: this is a reference, not a JWT. Only its issuer can read it (token introspection, RFC 7662)."))
	case inspector.KindJWS:
		if t.Signature == nil {
			body.Add(note("Decoded only: the signature was not checked."))
		}
	}
	if t.Signature != nil && t.Kind == inspector.KindJWS {
		body.Add(section("Verification"))
		body.Add(verificationForm(t))
	}
	return widget.NewCard(title, roleLine(t), body)
}

// verificationForm shows the signature check and each claim check with
// the expected and actual values.
func verificationForm(t *inspector.Token) fyne.CanvasObject {
	sig := t.Signature
	status, color := "not verified", theme.ColorNameError
	switch {
	case sig.Verified:
		status, color = "verified", theme.ColorNameSuccess
	case strings.HasPrefix(sig.Error, "not checked"):
		// Offline, or before the keys are fetched: not a failure.
		status, color = "not checked", theme.ColorNameWarning
	}
	detail := []string{"alg " + orDash(sig.Alg) + " · kid " + orDash(sig.Kid)}
	if sig.KeySource != "" {
		detail[0] += " · " + sig.KeySource
	}
	if sig.Error != "" && !sig.Verified {
		detail = append(detail, sig.Error)
	}
	rows := []fyne.CanvasObject{nameLabel("signature"),
		stacked(&widget.TextSegment{Text: status, Style: widget.RichTextStyle{ColorName: color, TextStyle: fyne.TextStyle{Bold: true}}}, detail...)}
	for _, c := range t.Checks {
		mark, color := "✔ ", theme.ColorNameSuccess
		if !c.OK {
			mark, color = "✖ ", theme.ColorNameError
		}
		rows = append(rows, nameLabel(c.Name),
			stacked(&widget.TextSegment{Text: mark + orDash(c.Actual), Style: widget.RichTextStyle{ColorName: color}}, "expected "+orDash(c.Expected)))
	}
	return form(rows)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// sourceName says where a token came from in words.
func sourceName(source string) string {
	switch source {
	case "input":
		return "Pasted token"
	case "scan":
		return "Token found in the text"
	case "authorization_header":
		return "Authorization header"
	case inspector.SourceBasicPassword:
		return "Basic authentication password"
	}
	return safetext.Line(source)
}

func roleLine(t *inspector.Token) string {
	role := map[inspector.Role]string{
		inspector.RoleIDToken:      "ID token",
		inspector.RoleAccessToken:  "Access token",
		inspector.RoleRefreshToken: "Refresh token",
	}[t.Role]
	if role == "" {
		role = "Role unknown"
	}
	if t.RoleReason != "" {
		return role + " (" + safetext.Line(t.RoleReason) + ")"
	}
	return role
}

// tokenIdentity is the line under a card's heading: kind and role badges,
// the redacted token (never the token itself) and its fingerprint.
func tokenIdentity(t *inspector.Token) fyne.CanvasObject {
	badges := container.NewHBox(badge(strings.ToUpper(string(t.Kind)), kindColor(t.Kind)))
	if t.Role != inspector.RoleUnknown {
		badges.Add(badge(strings.ReplaceAll(string(t.Role), "_", " "), theme.ColorNamePrimary))
	}
	redacted := widget.NewLabelWithStyle(safetext.Line(t.Redacted), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	redacted.Truncation = fyne.TextTruncateEllipsis
	meta := subtle(fmt.Sprintf("%d chars · fingerprint %s", t.Length, t.Fingerprint), fyne.TextStyle{}, theme.SizeNameCaptionText)
	meta.Wrapping = fyne.TextWrapOff
	return container.NewBorder(nil, nil, container.NewCenter(badges), meta, redacted)
}

func kindColor(k inspector.Kind) fyne.ThemeColorName {
	switch k {
	case inspector.KindJWS:
		return theme.ColorNameSuccess
	case inspector.KindJWE:
		return theme.ColorNameWarning
	case inspector.KindMalformed:
		return theme.ColorNameError
	}
	return theme.ColorNameDisabled
}

// badge is a small pill of bold text on a theme colour.
func badge(text string, bg fyne.ThemeColorName) fyne.CanvasObject {
	rect := canvas.NewRectangle(theme.Color(bg))
	rect.CornerRadius = 4
	label := canvas.NewText(safetext.Line(text), onColour(bg))
	label.TextStyle = fyne.TextStyle{Bold: true}
	label.TextSize = theme.CaptionTextSize()
	return container.NewStack(rect, container.New(layout.NewCustomPaddedLayout(2, 2, 6, 6), label))
}

func section(title string) fyne.CanvasObject {
	return vbox(widget.NewSeparator(),
		widget.NewLabelWithStyle(safetext.Line(title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
}

func note(text string) fyne.CanvasObject {
	return subtle(text, fyne.TextStyle{Italic: true}, "")
}

// subtle is secondary text: readable, but quieter than the facts around
// it (the placeholder colour; LowImportance labels are too faint). Like
// every helper here that makes text from data, it shows the text through
// safetext: no control, bidi or invisible character reaches a label raw.
func subtle(text string, style fyne.TextStyle, size fyne.ThemeSizeName) *widget.RichText {
	rt := widget.NewRichText(&widget.TextSegment{Text: safetext.Line(text), Style: widget.RichTextStyle{
		ColorName: theme.ColorNamePlaceHolder,
		SizeName:  size,
		TextStyle: style,
	}})
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(safetext.Line(text))
	l.Wrapping = fyne.TextWrapWord
	return l
}

// findingsList draws findings in the order given (the inspector sorts them,
// errors first): severity icon, code, message, fix and evidence.
func findingsList(fs []inspector.Finding) fyne.CanvasObject {
	box := vbox()
	for _, f := range fs {
		box.Add(findingRow(f))
	}
	return box
}

func findingRow(f inspector.Finding) fyne.CanvasObject {
	icon, colour := severityLook(f.Severity)
	codeStyle := widget.RichTextStyleInline
	codeStyle.ColorName = colour
	codeStyle.TextStyle = fyne.TextStyle{Monospace: true}
	// One rich text, one paragraph per line, so the lines of a finding sit
	// together and findings stand apart.
	segs := []widget.RichTextSegment{
		&widget.TextSegment{Text: safetext.Line(f.Code) + "  ", Style: codeStyle},
		&widget.TextSegment{Text: safetext.Line(f.Message), Style: widget.RichTextStyleParagraph},
	}
	for _, line := range windowFixLines(f) {
		segs = append(segs, &widget.TextSegment{Text: safetext.Line(line), Style: widget.RichTextStyleParagraph})
	}
	if f.Evidence != "" {
		segs = append(segs, &widget.TextSegment{Text: "Evidence: " + safetext.Line(clip(f.Evidence, maxValueRunes)), Style: widget.RichTextStyle{
			ColorName: theme.ColorNamePlaceHolder,
			SizeName:  theme.SizeNameCaptionText,
			TextStyle: fyne.TextStyle{Monospace: true},
		}})
	}
	text := widget.NewRichText(segs...)
	text.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, vbox(widget.NewIcon(icon)), nil, text)
}

func severityLook(s inspector.Severity) (fyne.Resource, fyne.ThemeColorName) {
	switch s {
	case inspector.SeverityError:
		return theme.NewErrorThemedResource(theme.ErrorIcon()), theme.ColorNameError
	case inspector.SeverityWarning:
		return theme.NewWarningThemedResource(theme.WarningIcon()), theme.ColorNameWarning
	}
	return theme.NewPrimaryThemedResource(theme.InfoIcon()), theme.ColorNamePrimary
}

// timesForm shows each NumericDate claim relative to now (kept live), in
// UTC and in local time, then the lifetime.
func timesForm(t *inspector.Token, now time.Time, live *liveTimes) fyne.CanvasObject {
	form := form(nil)
	for _, name := range inspector.NumericDateClaims {
		tm, ok := t.Times[name]
		if !ok {
			continue
		}
		rel := &widget.TextSegment{
			Text: inspector.Relative(name, tm.At(), now),
			Style: widget.RichTextStyle{
				ColorName: relativeColor(name, tm.At(), now),
				TextStyle: fyne.TextStyle{Bold: true},
			},
		}
		cell := stacked(rel, tm.UTC+"  ·  "+tm.Local+" local")
		live.add(name, tm.At(), cell, rel)
		form.Add(nameLabel(name))
		form.Add(cell)
	}
	if t.Lifetime != "" {
		form.Add(nameLabel("lifetime"))
		form.Add(widget.NewLabel(safetext.Line(t.Lifetime) + " (exp − iat)"))
	}
	return form
}

// membersForm shows a JSON object's members in their original order, each
// value as sent; a time claim gets its instant in UTC beside it and, with
// meanings, a well-known claim gets its one-line explanation underneath.
func membersForm(o *inspector.Object, times map[string]*inspector.Time, meanings bool) fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for _, m := range o.Members {
		explain := ""
		if meanings {
			explain = inspector.ClaimMeaning(m.Name)
		}
		if utf8.RuneCountInString(m.Name) > maxNameRunes {
			explain = strings.TrimSpace("Full name: " + m.Name + ". " + explain)
		}
		value := &widget.TextSegment{
			Text:  displayJSON(m.Value),
			Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Monospace: true}},
		}
		// A time reads as a date first, the number sent beside it.
		if tm, ok := times[m.Name]; ok {
			value.Text = readableDate(tm.UTC) + "  (" + value.Text + ")"
		}
		rows = append(rows, nameLabel(m.Name), stacked(value, explain))
	}
	return form(rows)
}

// form is a two-column form (names, values) for a view being built.
func form(cells []fyne.CanvasObject) *fyne.Container {
	return unplaced(layout.NewFormLayout(), cells...)
}

// vbox is a vertical box for a view being built.
func vbox(objs ...fyne.CanvasObject) *fyne.Container {
	return unplaced(layout.NewVBoxLayout(), objs...)
}

// unplaced is a container for a view being built, laid out only once it
// has a size. A container made by Fyne's constructors lays all its parts
// out again on each Add, at its minimum size or, empty, at width 0, where
// every wrapped text is measured a word to a line: building the views
// after a sign-in, or again for presenter mode, spent a third of its time
// there (profiled; the views are rebuilt whole, never grown on screen).
func unplaced(l fyne.Layout, objs ...fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: placedLayout{l}, Objects: objs}
}

// placedLayout lays out only a container that has been given a size.
type placedLayout struct{ inner fyne.Layout }

func (l placedLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width > 0 || size.Height > 0 {
		l.inner.Layout(objs, size)
	}
}

func (l placedLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return l.inner.MinSize(objs) }

// stacked is a value with an optional subtle line under it, in one rich
// text so the two lines sit close together (two labels would be spaced
// apart by their own padding).
// Each sub is one line, shown through safetext.Line.
func stacked(main *widget.TextSegment, sub ...string) *widget.RichText {
	main.Text = safetext.Line(main.Text)
	segs := []widget.RichTextSegment{main}
	for i := range sub {
		sub[i] = safetext.Line(sub[i])
	}
	if text := strings.Join(sub, "\n"); text != "" {
		segs = append(segs, &widget.TextSegment{Text: text, Style: widget.RichTextStyle{
			ColorName: theme.ColorNamePlaceHolder,
			SizeName:  theme.SizeNameCaptionText,
		}})
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

func nameLabel(name string) *widget.Label {
	return widget.NewLabelWithStyle(safetext.Line(clip(name, maxNameRunes)), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
}

// displayJSON writes a raw JSON value on one line, as sent but without its
// whitespace, cut to a readable length.
func displayJSON(raw json.RawMessage) string {
	var b bytes.Buffer
	s := string(raw)
	if json.Compact(&b, raw) == nil {
		s = b.String()
	}
	return safetext.Line(clip(s, maxValueRunes))
}

// clip cuts s to max runes and says how much was left out.
func clip(s string, max int) string {
	n := utf8.RuneCountInString(s)
	if n <= max {
		return s
	}
	r := []rune(s)
	if max < 40 {
		return string(r[:max-1]) + "…"
	}
	return string(r[:max]) + fmt.Sprintf("… (%d more characters)", n-max)
}

// readableDate is an RFC 3339 UTC time as people read it:
// 2025-03-14T10:26:53Z → 2025-03-14 10:26:53 UTC.
func readableDate(rfc3339 string) string {
	if t, err := time.Parse(time.RFC3339, rfc3339); err == nil {
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	return rfc3339
}
