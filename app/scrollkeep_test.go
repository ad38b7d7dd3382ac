package app

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// prose is text presenter mode does not mask: ASCII, so no shortened
// token (‹…›) or masked name (a•••), and no e-mail address.
var prose = regexp.MustCompile(`^[ -?A-~\n]+$`)

// textsIn are the texts of the labels and rich texts under o (a wrapped
// text is one, however presenter mode's type wraps it) with their
// positions relative to o.
func textsIn(o fyne.CanvasObject) map[string][]float32 {
	d := fyne.CurrentApp().Driver()
	base := d.AbsolutePositionForObject(o).Y
	out := map[string][]float32{}
	add := func(o fyne.CanvasObject, text string) {
		t := strings.TrimSpace(text)
		if len(t) > 12 && prose.MatchString(t) && !strings.Contains(strings.ToLower(t), "alice") && !strings.Contains(t, "expires") {
			out[t] = append(out[t], d.AbsolutePositionForObject(o).Y-base)
		}
	}
	walkTree(o, func(o fyne.CanvasObject) bool {
		if !o.Visible() {
			return false
		}
		switch w := o.(type) {
		case *widget.Label:
			add(w, w.Text)
			return false
		case *widget.RichText:
			add(w, w.String())
			return false
		case *canvas.Text: // the timeline's
			add(w, w.Text)
		}
		return true
	})
	return out
}

// TestPresenterModeKeepsThePlace: a tab scrolled half-way down shows the
// same part of the view after presenter mode is turned on, and again
// after it is turned off: the text at the top of the view stays near the
// top.
func TestPresenterModeKeepsThePlace(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	tabs := map[string]*fyne.Container{TabTokens: b.wb.tokensTab, TabVerification: b.wb.verifyTab, TabNeo4j: b.wb.neo4jTab, TabHandoff: b.wb.handoffTab, TabTimeline: b.wb.timelineTab}
	for name, tab := range tabs {
		for _, presenter := range []bool{true, false} {
			b.wb.SelectTab(name)
			b.settle()
			keptAcrossPresenter(t, b, name, presenter, func() *container.Scroll { return viewScroll(tab.Objects[0]) })
		}
	}
}

// keptAcrossPresenter scrolls a view half-way down, turns presenter mode
// on or off, and checks that the text at the top of the view is still
// near the top. page is the view's scroller (it may be drawn again).
func keptAcrossPresenter(t *testing.T, b *bench, name string, presenter bool, page func() *container.Scroll) {
	t.Helper()
	s := page()
	s.ScrollToOffset(fyne.NewPos(0, (s.Content.Size().Height-s.Size().Height)/2))
	// The text at the top of the view: the k-th drawing of a text (a
	// value may be in both tokens), the first in view.
	var top string
	k, topY := 0, s.Size().Height
	for text, ys := range textsIn(s) {
		for i, y := range ys {
			if y >= 0 && y < topY {
				top, k, topY = text, i, y
			}
		}
	}
	if top == "" {
		t.Fatalf("%s: no text in view (offset %v, size %v): %v", name, s.Offset, s.Size(), textsIn(s))
	}
	b.wb.Presenter.SetChecked(presenter)
	b.settle()
	s = page()
	ys := textsIn(s)[top]
	// Near where it was: the type is a quarter larger or smaller, and the
	// sidebar's width changes the wrapping.
	if len(ys) <= k || ys[k] < 0 || ys[k] < topY*0.65-60 || ys[k] > topY*1.35+60 {
		t.Errorf("%s, presenter %v: %q (drawing %d) was at %v in the view; now at %v in a view %v high (offset %v of %v)",
			name, presenter, top, k, topY, ys, s.Size().Height, s.Offset.Y, s.Content.Size().Height)
	}
}

// TestPresenterModeKeepsTheInspectPlace: the Inspect tab's result,
// scrolled half-way down, shows the same part after presenter mode is
// turned on, and again after it is turned off.
func TestPresenterModeKeepsTheInspectPlace(t *testing.T) {
	b := newBench(t)
	b.wb.Paste(signSample(t, time.Now().Add(-time.Minute), time.Now().Add(time.Hour)))
	b.waitTab(TabInspect, "signature-not-checked")
	b.settle()
	// The window lays the scroller out when it draws the result; the
	// test driver draws nothing.
	b.wb.Inspect.resultScroll.Refresh()
	if s := b.wb.Inspect.resultScroll; s.Content.Size().Height < 2*s.Size().Height {
		t.Fatalf("the result is %v high in a view %v high: too short to scroll", s.Content.Size().Height, s.Size().Height)
	}
	for _, presenter := range []bool{true, false} {
		b.wb.SelectTab(TabInspect)
		b.settle()
		keptAcrossPresenter(t, b, TabInspect, presenter, func() *container.Scroll { return b.wb.Inspect.resultScroll })
	}
}

// TestSidebarWidthAfterPresenterMode: presenter mode hides the sidebar;
// turned off, the sidebar is back at its width, not at the width presenter
// mode's larger type needed.
func TestSidebarWidthAfterPresenterMode(t *testing.T) {
	b := newBench(t)
	b.settle()
	before := b.wb.sidePane.Size().Width
	for i := 0; i < 2; i++ {
		b.wb.Presenter.SetChecked(true)
		b.settle()
		b.wb.Presenter.SetChecked(false)
		b.settle()
		if got := b.wb.sidePane.Size().Width; got != before {
			t.Errorf("after presenter mode (%d): the sidebar is %v wide, %v before", i+1, got, before)
		}
	}
}

// TestPresenterModeKeepsTheFindingsPlace: the Findings list scrolled a
// third of the way down, a finding below selected: after presenter mode
// is turned on, and again after it is turned off, the same finding is
// selected and shown, and the same rows are at the top of the list.
func TestPresenterModeKeepsTheFindingsPlace(t *testing.T) {
	b := newBench(t)
	now := time.Now()
	var lines []string
	for i := range 30 {
		// Expired an hour apart: each token's expiry is a finding of its own.
		claims := fmt.Sprintf(`{"iss":"https://idp.example.com","sub":"user-%d","aud":"neo4j","iat":%d,"exp":%d}`,
			i, now.Add(-time.Duration(i+3)*time.Hour).Unix(), now.Add(-time.Duration(i+2)*time.Hour).Unix())
		enc := base64.RawURLEncoding.EncodeToString
		lines = append(lines, fmt.Sprintf("request %d Authorization: Bearer %s.%s.%s", i, enc([]byte(`{"alg":"RS256","typ":"JWT"}`)), enc([]byte(claims)), enc([]byte("signature"))))
	}
	b.wb.Paste(strings.Join(lines, "\n"))
	b.waitTab(TabFindings, "expired")
	b.settle()
	list := findingsListIn(firstObject(b.wb.findingsTab))
	if list == nil {
		t.Fatal("the Findings tab has no list")
	}
	n := list.Length()
	if n < 25 {
		t.Fatalf("%d findings; want enough to scroll", n)
	}
	pick := n * 2 / 3
	list.Select(pick)
	list.ScrollToOffset(list.rowStep() * (float32(n)/3 + 0.5))
	rows := list.GetScrollOffset() / list.rowStep()
	if rows < 5 {
		t.Fatalf("the list scrolled %v rows; want a third of %d", rows, n)
	}
	// The detail says which token the finding is of ("From: … token 21").
	from := regexp.MustCompile(`token \d+ `)
	code := func(l *findingsTabList) string {
		var texts []string
		walkTree(l.detail, func(o fyne.CanvasObject) bool {
			switch w := o.(type) {
			case *widget.Label:
				texts = append(texts, w.Text)
			case *widget.RichText:
				texts = append(texts, w.String())
			}
			return true
		})
		return from.FindString(strings.Join(texts, "\n"))
	}
	want := code(list)
	if want == "" {
		t.Fatal("the detail does not say which token the finding is of")
	}
	for _, presenter := range []bool{true, false} {
		b.wb.Presenter.SetChecked(presenter)
		b.settle()
		l := findingsListIn(firstObject(b.wb.findingsTab))
		if l == nil || l == list {
			t.Fatalf("presenter %v: the Findings list was not drawn again", presenter)
		}
		got := l.GetScrollOffset() / l.rowStep()
		if l.selected != pick || got < rows-0.1 || got > rows+0.1 {
			t.Errorf("presenter %v: finding %d selected, %v rows scrolled; want %d and %v", presenter, l.selected, got, pick, rows)
		}
		if c := code(l); c != want {
			t.Errorf("presenter %v: the detail shows %q; want %q", presenter, c, want)
		}
	}
}
