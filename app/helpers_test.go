package app

import (
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/golang-jwt/jwt/v5"
	"github.com/ssolens/ssolens/session"
)

// fixedNow is the fake clock's starting instant in every test.
var fixedNow = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

// fakeClock is a clock tests move by hand; safe across goroutines.
type fakeClock struct{ unix atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.unix.Store(fixedNow.Unix())
	return c
}

func (c *fakeClock) Now() time.Time          { return time.Unix(c.unix.Load(), 0) }
func (c *fakeClock) Advance(d time.Duration) { c.unix.Add(int64(d / time.Second)) }

// harness is an InspectView on Fyne's test driver whose UI work is queued,
// so the test goroutine plays the UI goroutine and the race detector sees
// every widget touched from one goroutine only.
type harness struct {
	t      *testing.T
	view   *InspectView
	window fyne.Window
	app    fyne.App
	clock  *fakeClock
	ui     chan func()
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &harness{t: t, app: a, clock: newFakeClock(), ui: make(chan func(), 64)}
	done := make(chan struct{})
	h.view = NewInspectView(a.Clipboard())
	h.view.now = h.clock.Now
	h.view.do = func(f func()) {
		select {
		case h.ui <- f:
		case <-done:
		}
	}
	h.window = test.NewWindow(h.view.Content())
	h.window.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() {
		h.view.Stop()
		close(done)
		h.window.Close()
	})
	return h
}

// waitFor runs queued UI work until the result pane shows want, or fails
// after a few seconds.
func (h *harness) waitFor(want string) {
	h.t.Helper()
	deadline := time.After(5 * time.Second)
	for !strings.Contains(h.resultText(), want) {
		select {
		case f := <-h.ui:
			f()
		case <-deadline:
			h.t.Fatalf("result never showed %q; it shows:\n%s", want, h.resultText())
		}
	}
}

// resultText is every text drawn in the result pane (the summary line and
// what is under it), one object per line.
func (h *harness) resultText() string {
	return displayedText(h.view.Summary) + displayedText(h.view.result)
}

// displayedText collects the visible text under o (labels draw through
// rich text, so rich text and card headings are enough), as laid out by the test driver.
func displayedText(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, obj := range test.LaidOutObjects(o) {
		if !obj.Visible() {
			continue
		}
		switch w := obj.(type) {
		case *widget.RichText:
			writeSegments(&b, w.Segments)
		case *widget.Card:
			b.WriteString(w.Title + "\n" + w.Subtitle + "\n")
		}
	}
	return b.String()
}

// writeSegments writes rich text, lists and paragraphs included (String
// leaves those out).
func writeSegments(b *strings.Builder, segs []widget.RichTextSegment) {
	for _, s := range segs {
		switch s := s.(type) {
		case *widget.ListSegment:
			writeSegments(b, s.Items)
		case *widget.ParagraphSegment:
			writeSegments(b, s.Texts)
		default:
			b.WriteString(s.Textual())
		}
	}
	b.WriteString("\n")
}

// button finds a button by its text anywhere in the view.
func (h *harness) button(text string) *widget.Button {
	h.t.Helper()
	for _, obj := range test.LaidOutObjects(h.view.Content()) {
		if b, ok := obj.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	h.t.Fatalf("no button %q", text)
	return nil
}

// sampleClaims is an access token's claims, in the order they are signed.
type sampleClaims struct {
	Scope string `json:"scope"`
	jwt.RegisteredClaims
	Groups []string `json:"groups"`
}

// signSample makes an RS256 JWT with a key generated for this test only.
func signSample(t *testing.T, iat, exp time.Time) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	claims := sampleClaims{
		Scope: "openid profile",
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    "https://idp.example.com/",
			Subject:   "alice@example.com",
			Audience:  jwt.ClaimStrings{"neo4j"},
			ExpiresAt: jwt.NewNumericDate(exp),
			IssuedAt:  jwt.NewNumericDate(iat),
		},
		Groups: []string{"admins", "readers"},
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = "test-key-1"
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mustHandoff is the current investigation's provider block.
func (wb *Workbench) mustHandoff(t testing.TB) *session.Handoff {
	t.Helper()
	h, err := wb.handoff()
	if err != nil {
		t.Fatalf("no provider block: %v", err)
	}
	return h
}
