package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/ssolens/ssolens/pkce"
)

// timelineEvents are a loopback sign-in's steps: arrows between lanes and
// notes on the app's lifeline, one after the other.
func timelineEvents() []pkce.Event {
	steps := []string{pkce.StepDiscovery, pkce.StepListenerBound, pkce.StepRedirectURI, pkce.StepAuthorizeURL,
		pkce.StepBrowserOpened, pkce.StepCallbackReceived, pkce.StepCodeExchanged, pkce.StepTokensReceived, pkce.StepVerified}
	var evs []pkce.Event
	for i, s := range steps {
		evs = append(evs, pkce.Event{Step: s, At: fixedNow.Add(time.Duration(i) * 100 * time.Millisecond), DurationMS: 3,
			Detail: "http://127.0.0.1:9876/authorize?client_id=neo4j-browser&code_challenge_method=S256 and more detail"})
	}
	return evs
}

// diagramOf is the sequence diagram inside a timeline view.
func diagramOf(t *testing.T, view fyne.CanvasObject) *sequenceLayout {
	t.Helper()
	var found *sequenceLayout
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *fyne.Container:
			if l, ok := w.Layout.(*sequenceLayout); ok {
				found = l
			}
			for _, c := range w.Objects {
				walk(c)
			}
		case *container.Scroll:
			walk(w.Content)
		}
	}
	walk(view)
	if found == nil {
		t.Fatal("no sequence diagram in the timeline view")
	}
	return found
}

// TestTimelineRowsGrowWithTheText: at the normal and at presenter mode's
// larger type, each row of the timeline is below the one before (its
// label, detail and note box do not reach into the next row), and the
// diagram is as tall as its rows.
func TestTimelineRowsGrowWithTheText(t *testing.T) {
	a := test.NewTempApp(t)
	for _, presenting := range []bool{false, true} {
		a.Settings().SetTheme(newTheme(presenting))
		view := timelineView(&shownInv{events: timelineEvents(), flow: "pkce"})
		w := test.NewWindow(view)
		w.Resize(fyne.NewSize(1280, 800))
		l := diagramOf(t, view)
		if len(l.arrows) < 9 {
			t.Fatalf("presenting %v: %d arrows for 9 steps", presenting, len(l.arrows))
		}
		bottom := func(o fyne.CanvasObject) float32 { return o.Position().Y + o.Size().Height }
		prevBottom := float32(0)
		for _, h := range l.heads {
			prevBottom = max(prevBottom, bottom(h))
		}
		for i, a := range l.arrows {
			top := min(a.label.Position().Y, a.line.Position1.Y-5)
			rowBottom := max(bottom(a.detail), a.line.Position1.Y+5)
			if a.selfLoop {
				top, rowBottom = a.loopRect.Position().Y, bottom(a.loopRect)
			}
			if top < prevBottom {
				t.Errorf("presenting %v: row %d (%s) starts at %v, above the end of the row before (%v)", presenting, i, a.label.Text, top, prevBottom)
			}
			if a.label.Size().Height < a.label.MinSize().Height || a.detail.Size().Height < a.detail.MinSize().Height {
				t.Errorf("presenting %v: row %d's text is cut: label %v of %v, detail %v of %v", presenting, i,
					a.label.Size(), a.label.MinSize(), a.detail.Size(), a.detail.MinSize())
			}
			if !a.selfLoop && (bottom(a.label) > a.line.Position1.Y-5 || a.detail.Position().Y < a.line.Position1.Y+2) {
				t.Errorf("presenting %v: row %d's arrow at %v crosses its label (%v–%v) or detail (from %v)", presenting, i,
					a.line.Position1.Y, a.label.Position().Y, bottom(a.label), a.detail.Position().Y)
			}
			prevBottom = rowBottom
		}
		if h := l.MinSize(nil).Height; h < prevBottom {
			t.Errorf("presenting %v: the diagram is %v high, its last row ends at %v", presenting, h, prevBottom)
		}
		w.Close()
	}
}
