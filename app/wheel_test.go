package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestWheelOverAnEntryScrollsThePage: on the Neo4j tab (the live check's
// addresses, the what-if editor) and in the sidebar, the mouse wheel over
// an entry scrolls the page, as it does over the page's text; the what-if
// claims box is tall enough for its claims.
func TestWheelOverAnEntryScrollsThePage(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	b.win.Resize(fyne.NewSize(1280, 800))
	b.wb.SelectTab(TabNeo4j)
	page := b.wb.neo4jTab.Objects[0].(*container.Scroll)
	entries := []*widget.Entry{b.wb.checker.HTTPURL, b.wb.checker.BoltURL, b.wb.whatIf.Groups, b.wb.whatIf.Mapping, b.wb.whatIf.Claims}
	wheelScrolls(t, b.win.Canvas(), page, entries)

	claims := b.wb.whatIf.Claims
	rows := strings.Count(claims.Text, "\n") + 1
	lineHeight := fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{Monospace: true}).Height
	if h := claims.Size().Height; h < float32(rows)*lineHeight {
		t.Errorf("the claims box is %v high for %d lines of %v: it scrolls its text itself", h, rows, lineHeight)
	}

	// The sidebar, in a window short enough for it to scroll.
	b.win.Resize(fyne.NewSize(1280, 480))
	side := find(b.wb.side.content, func(*container.Scroll) bool { return true })
	if side == nil {
		t.Fatal("the sidebar has no scroller")
	}
	wheelScrolls(t, b.win.Canvas(), side, []*widget.Entry{b.wb.side.register})
}

// wheelScrolls brings each entry into the page's view and turns the wheel
// over it: the page must scroll.
func wheelScrolls(t *testing.T, c fyne.Canvas, page *container.Scroll, entries []*widget.Entry) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	for _, e := range entries {
		// The entry at the top of the page's view, with room to scroll
		// down under it.
		pos := d.AbsolutePositionForObject(e).Subtract(d.AbsolutePositionForObject(page)).Add(page.Offset)
		page.ScrollToOffset(fyne.NewPos(0, max(pos.Y-20, 0)))
		before := page.Offset
		if page.Content.MinSize().Height-before.Y <= page.Size().Height {
			t.Fatalf("the page cannot scroll down from %v: the test shows nothing", before)
		}
		at := d.AbsolutePositionForObject(e).Add(fyne.NewPos(e.Size().Width/2, min(e.Size().Height/2, 10)))
		test.Scroll(c, at, 0, -40)
		if page.Offset.Y <= before.Y {
			t.Errorf("the wheel over the entry %q at %v did not scroll the page (offset %v)", clip(e.Text, 30), at, page.Offset)
		}
	}
}
