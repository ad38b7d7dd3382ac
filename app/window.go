// Package app is SSO Lens's desktop UI: windows, views and their wiring.
// It draws pixels only; everything it shows comes from the core packages
// (inspector). It must not import fyne.io/fyne/v2/app, so its tests run on
// Fyne's test driver without cgo.
package app

import (
	"context"
	"net/http"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/assets"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/report"
	"github.com/ssolens/ssolens/session"
)

// Title is the main window's title; the screenshot script waits for it.
const Title = "SSO Lens"

// InputPlaceholder is the paste box's hint.
const InputPlaceholder = "Paste a token, token response, Authorization header, redirect URL, cURL command, HAR, log or Neo4j error message"

// debounce is how long typing must pause before the input is inspected
// again, so a paste or fast typing decodes once, not per keystroke.
const debounce = 150 * time.Millisecond

// verifyTimeout bounds the online verification of one input.
const verifyTimeout = 15 * time.Second

// InspectView is the paste box and the result of inspecting what is in it.
type InspectView struct {
	// Input is the paste box.
	Input *widget.Entry
	// Summary says what the input was read as, above the result.
	Summary *widget.Label
	// notCurrent says, above the result, that the paste is not the
	// investigation the verdict bar and the other tabs are about (a sign-in
	// came after it); hidden otherwise.
	notCurrent *widget.Label
	// Demo is the first-run sign-in at the embedded demo provider (the
	// standalone view; the workbench has its own sign-in sidebar).
	Demo *demoPanel
	// hidden stands in for the input in presenter mode: the paste box holds
	// whole tokens.
	hidden *widget.Label

	clipboard    fyne.Clipboard
	result       *fyne.Container // holds the empty state or the current result
	resultScroll *container.Scroll
	content      fyne.CanvasObject

	// now is the clock, do runs a function on the UI goroutine and delay is
	// the debounce; tests replace them to drive the view deterministically.
	now   func() time.Time
	do    func(func())
	delay time.Duration

	// client, when set, checks signatures online after the decoded result
	// is shown (OIDC discovery of each token's iss → JWKS).
	client *http.Client
	// inputs makes the investigation's inputs of a text; nil is the text
	// alone.
	inputs func(text string) session.Inputs

	// The fields below are touched only on the UI goroutine.
	gen     uint64 // bumped on every change; a stale inspection is dropped
	pending *time.Timer
	live    *liveTimes
	stopped bool
	// embedded leaves out the sign-in and the app bar (the workbench has
	// them); inv is the investigation of the input on screen, unredacted;
	// red masks it in presenter mode.
	embedded bool
	inv      *session.Investigation
	red      *report.Redactor
	// onShow, when set, is told each time the result changes.
	onShow func()
}

// NewInspectView makes the view. clipboard may be nil (no paste button
// action then).
func NewInspectView(clipboard fyne.Clipboard) *InspectView {
	v := &InspectView{
		clipboard: clipboard,
		now:       time.Now,
		do:        fyne.Do,
		delay:     debounce,
	}
	v.Input = widget.NewMultiLineEntry()
	v.Input.SetPlaceHolder(InputPlaceholder)
	v.Input.Wrapping = fyne.TextWrapWord
	v.Input.TextStyle = fyne.TextStyle{Monospace: true}
	v.Input.OnChanged = v.changed

	v.Summary = widget.NewLabel("")
	v.Summary.Truncation = fyne.TextTruncateEllipsis
	v.Summary.Hide()
	v.result = container.NewStack(newEmptyState())
	v.Demo = newDemoPanel(v, clipboard)

	v.content = v.layout()
	return v
}

// Content is the view's root object, for a window or a test canvas.
func (v *InspectView) Content() fyne.CanvasObject { return v.content }

func (v *InspectView) layout() fyne.CanvasObject {
	paste := widget.NewButtonWithIcon("Paste from clipboard", theme.ContentPasteIcon(), v.pasteClipboard)
	paste.Importance = widget.HighImportance
	clear := widget.NewButtonWithIcon("Clear", theme.ContentClearIcon(), func() { v.Input.SetText("") })
	buttons := container.NewHBox(paste, clear)
	privacy := subtle("Decoded on this machine. Tokens are never sent anywhere; verification fetches only the issuer's public keys.", fyne.TextStyle{}, theme.SizeNameCaptionText)
	privacy.Wrapping = fyne.TextWrapWord

	inputHeading := widget.NewLabelWithStyle("Input", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	signIn := widget.NewLabelWithStyle("Sign in", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.hidden = wrapped("Presenter mode: the input is hidden (it holds whole tokens). The result on the right is redacted.")
	v.hidden.Hide()
	top := container.NewVBox(signIn, v.Demo.box, widget.NewSeparator(), inputHeading)
	if v.embedded {
		top = container.NewVBox(inputHeading)
	}
	left := container.NewBorder(top, container.NewVBox(buttons, privacy), nil, nil, container.NewStack(v.Input, v.hidden))

	resultHeading := widget.NewLabelWithStyle("Result", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.notCurrent = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.notCurrent.Importance = widget.WarningImportance
	v.notCurrent.Wrapping = fyne.TextWrapWord
	v.notCurrent.Hide()
	v.resultScroll = container.NewVScroll(v.result)
	right := container.NewBorder(container.NewVBox(resultHeading, v.notCurrent, v.Summary), nil, nil, nil, v.resultScroll)

	split := container.NewHSplit(container.NewPadded(left), container.NewPadded(right))
	split.Offset = 0.36
	if v.embedded {
		return split
	}
	return container.NewBorder(container.NewVBox(appBar(), widget.NewSeparator()), nil, nil, nil, split)
}

// setNotCurrent shows why the paste is not what the verdict bar is about
// (what is, in a few words), or hides the line when why is "".
func (v *InspectView) setNotCurrent(why string) {
	if v.notCurrent == nil {
		return
	}
	if why == "" {
		v.notCurrent.Hide()
		return
	}
	v.notCurrent.SetText(why)
	v.notCurrent.Show()
}

// appBar is the strip along the top: the mark, the name and what it is for.
func appBar() fyne.CanvasObject {
	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(36))
	name := widget.NewRichText(&widget.TextSegment{
		Text:  Title,
		Style: widget.RichTextStyle{SizeName: theme.SizeNameSubHeadingText, TextStyle: fyne.TextStyle{Bold: true}, Inline: true},
	})
	tagline := subtle("What does my identity provider send, and what will Neo4j make of it?", fyne.TextStyle{}, "")
	tagline.Wrapping = fyne.TextWrapOff
	tagline.Truncation = fyne.TextTruncateEllipsis
	return container.New(layout.NewCustomPaddedLayout(4, 0, 8, 8),
		container.NewBorder(nil, nil, container.NewHBox(icon, name), nil, tagline))
}

func (v *InspectView) pasteClipboard() {
	if v.clipboard == nil {
		return
	}
	if text := v.clipboard.Content(); text != "" {
		v.Input.SetText(text)
	}
}

// changed runs on the UI goroutine for every edit. It (re)starts the
// debounce; the investigation itself runs off the UI goroutine, and its
// result is shown only if no newer edit came in meanwhile.
func (v *InspectView) changed(text string) {
	if v.stopped {
		return
	}
	v.gen++
	gen := v.gen
	if v.pending != nil {
		v.pending.Stop()
	}
	in := v.inputsOf(text)
	client := v.client
	v.pending = time.AfterFunc(v.delay, func() {
		decoded := investigate(context.Background(), in, nil)
		v.do(func() {
			if v.stopped || gen != v.gen {
				return
			}
			v.show(text, decoded)
		})
		if client == nil || decoded == nil || len(decoded.Report.Tokens) == 0 {
			return
		}
		// Verification fetches keys: show the decoded result first, then
		// the verified one, a new investigation of the same input (the
		// one on screen is never written to from this goroutine).
		ctx, cancel := context.WithTimeout(context.Background(), verifyTimeout)
		defer cancel()
		verified := investigate(ctx, in, client)
		v.do(func() {
			if v.stopped || gen != v.gen {
				return
			}
			v.show(text, verified)
		})
	})
}

// SetVerifier turns on online verification: each token's signature is
// checked against its issuer's keys, fetched with client (OIDC discovery
// of iss, then the JWKS). Call it before the view is used.
func (v *InspectView) SetVerifier(client *http.Client) { v.client = client }

// InspectNow inspects the current input at once, skipping the debounce
// (and verification). Call it on the UI goroutine.
func (v *InspectView) InspectNow() {
	if v.pending != nil {
		v.pending.Stop()
	}
	v.gen++
	text := v.Input.Text
	v.show(text, investigate(context.Background(), v.inputsOf(text), nil))
}

func (v *InspectView) inputsOf(text string) session.Inputs {
	if v.inputs != nil {
		return v.inputs(text)
	}
	return session.Inputs{Text: []byte(text), TextName: "pasted input", Options: inspector.Options{Now: v.now}}
}

// investigate is the investigation of a pasted text: decoded only without
// a client, verified online with one. An empty text is none.
func investigate(ctx context.Context, in session.Inputs, client *http.Client) *session.Investigation {
	if len(in.Text) == 0 {
		return nil
	}
	in.HTTPClient, in.Offline, in.VerifyRequested = client, client == nil, client != nil
	return session.New(ctx, in)
}

// show replaces the result. A nil investigation means an empty input.
func (v *InspectView) show(text string, inv *session.Investigation) {
	if v.live != nil {
		v.live.stop()
		v.live = nil
	}
	v.inv = inv
	if v.onShow != nil {
		defer v.onShow()
	}
	var r *inspector.Report
	if inv != nil {
		r = inv.Report
	}
	if r == nil || text == "" {
		v.inv = nil
		v.Summary.Hide()
		v.result.Objects = []fyne.CanvasObject{newEmptyState()}
		v.result.Refresh()
		return
	}
	r = redactReport(r, v.red)
	v.Summary.SetText(summarize(r))
	v.Summary.Show()
	obj, live := newResult(r, v.now())
	v.result.Objects = []fyne.CanvasObject{obj}
	v.result.Refresh()
	if len(live.times) > 0 {
		v.live = live
		live.start(v.now, v.do)
	}
}

// Stop cancels the pending inspection and the live countdown. The window
// calls it when it closes.
func (v *InspectView) Stop() {
	v.stopped = true
	v.Demo.close()
	if v.pending != nil {
		v.pending.Stop()
	}
	if v.live != nil {
		v.live.stop()
		v.live = nil
	}
}

// showSignIn replaces the result with a sign-in's: Neo4j's prediction
// first, then the tokens with their checks, then the timeline. The paste
// box is left alone: tokens are never put where they show in full.
func (v *InspectView) showSignIn(res *session.SignInResult) {
	v.gen++ // a pending paste inspection must not overwrite this
	if v.live != nil {
		v.live.stop()
		v.live = nil
	}
	v.Summary.SetText("Signed in · " + summarize(res.Report))
	v.Summary.Show()
	box := container.NewVBox()
	tokenFindings := map[string]bool{}
	for _, t := range res.Report.Tokens {
		for _, f := range t.Findings {
			tokenFindings[f.Code] = true
		}
	}
	if res.Prediction != nil {
		box.Add(neo4jCard(res.Prediction, tokenFindings, true))
	}
	obj, live := newResult(res.Report, v.now())
	box.Add(obj)
	if len(res.Events) > 0 {
		box.Add(timelineCard(res.Events))
	}
	v.result.Objects = []fyne.CanvasObject{box}
	v.result.Refresh()
	if len(live.times) > 0 {
		v.live = live
		live.start(v.now, v.do)
	}
}

// setRedactor turns presenter mode on (a redactor) or off (nil) for the
// view: the input is hidden and the result redacted.
func (v *InspectView) setRedactor(red *report.Redactor) {
	v.red = red
	if red != nil {
		v.Input.Hide()
		v.hidden.Show()
	} else {
		v.hidden.Hide()
		v.Input.Show()
	}
	if v.inv != nil {
		v.show(v.Input.Text, v.inv)
	}
}
