package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Fyne sends the mouse wheel to the innermost scroller under the pointer,
// and every entry holds one (a one-line entry scrolls its text sideways, a
// multi-line one up and down), even when it has nothing to scroll: over an
// entry, the page it is on stops scrolling (fyne-io/fyne#1939). onPage
// lays a wheelCatcher over such an entry, and pageScroll, which makes the
// page's scroller, tells each catcher on the page where to send the wheel.
// The catcher takes the wheel only: taps, drags (selecting text), the
// pointer's shape and the keyboard still reach the entry.

// wheelCatcher passes the mouse wheel on to its page's scroller.
type wheelCatcher struct {
	widget.BaseWidget
	page *container.Scroll
}

func newWheelCatcher() *wheelCatcher {
	c := &wheelCatcher{}
	c.ExtendBaseWidget(c)
	c.Hide() // until it has a page: an entry on no page keeps its wheel
	return c
}

// Scrolled scrolls the page.
func (c *wheelCatcher) Scrolled(ev *fyne.ScrollEvent) {
	if c.page != nil {
		c.page.Scrolled(ev)
	}
}

func (c *wheelCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}

// entryOnPage is an entry as a scrolled page holds it, under a
// wheelCatcher; it is shown and hidden with its entry.
type entryOnPage struct {
	widget.BaseWidget
	entry   *widget.Entry
	catcher *wheelCatcher
}

// onPage is an entry as a scrolled page holds it: the wheel over it
// scrolls the page (once pageScroll makes the page). A multi-line entry
// should be tall enough for its text (growRows), so that it has nothing of
// its own to scroll.
func onPage(e *widget.Entry) fyne.CanvasObject {
	h := &entryOnPage{entry: e, catcher: newWheelCatcher()}
	h.ExtendBaseWidget(h)
	return h
}

// Visible is the entry's: a hidden entry takes no room on the page.
func (h *entryOnPage) Visible() bool { return h.entry.Visible() }

func (h *entryOnPage) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(h.entry, h.catcher))
}

// pageScroll is a vertically scrolled page of content: the scroller that
// the entries on it (onPage) pass the wheel to.
func pageScroll(content fyne.CanvasObject) *container.Scroll {
	s := container.NewVScroll(content)
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *entryOnPage:
			w.catcher.page = s
			w.catcher.Show()
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case *widget.Card:
			walk(w.Content)
		}
		// A scroller within the page keeps the wheel over it: its
		// entries are not the page's.
	}
	walk(content)
	return s
}

// growRows makes a multi-line entry tall enough for its text, from min
// rows up to max (then it scrolls its text itself, by the keyboard or its
// scroll bar): on a page, the wheel scrolls the page rather than the entry.
func growRows(e *widget.Entry, min, max int) {
	rows := 1
	for _, r := range e.Text {
		if r == '\n' {
			rows++
		}
	}
	e.SetMinRowsVisible(clamp(rows+1, min, max))
}

func clamp(n, lo, hi int) int { return max(lo, min(n, hi)) }
