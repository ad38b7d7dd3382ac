package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// place is where a scrolled view is, in terms of what it shows rather
// than in pixels: the innermost block (a card, a row, a label) at the top
// of the view, as the path of child indices from the content down to it,
// and how far down that block the top of the view is. A view drawn again
// in another type size (presenter mode) is built the same way, so the same
// path finds the same block, wherever the new type puts it.
type place struct {
	path []int
	frac float32
}

// blocks are the children a place's path goes through.
func blocks(o fyne.CanvasObject) []fyne.CanvasObject {
	switch w := o.(type) {
	case *fyne.Container:
		return w.Objects
	case *widget.Card:
		return []fyne.CanvasObject{w.Content}
	}
	return nil
}

// placeOf is the place s's view is at.
func placeOf(s *container.Scroll) place {
	var p place
	y := s.Offset.Y
	o := s.Content
	for o != nil {
		var in fyne.CanvasObject
		for i, b := range blocks(o) {
			if top := b.Position().Y; b.Visible() && y >= top && y < top+b.Size().Height {
				p.path = append(p.path, i)
				y -= top
				in = b
				break
			}
		}
		if in == nil {
			break
		}
		o = in
	}
	if o != nil && o.Size().Height > 0 {
		p.frac = y / o.Size().Height
	}
	return p
}

// scroll scrolls s's view to the place: the block at the top of the view
// when the place was taken is there again. A path that leads nowhere in
// s's content (the view shows something else now) stops where it can.
func (p place) scroll(s *container.Scroll) {
	y := float32(0)
	o := s.Content
	for _, i := range p.path {
		bs := blocks(o)
		if i >= len(bs) {
			s.ScrollToOffset(fyne.NewPos(0, y))
			return
		}
		o = bs[i]
		y += o.Position().Y
	}
	s.ScrollToOffset(fyne.NewPos(0, y+p.frac*o.Size().Height))
}

// findingsTabList is the Findings tab's list: a list that knows which
// finding is selected (a List does not say), and the pane that shows it.
type findingsTabList struct {
	widget.List
	selected widget.ListItemID
	detail   *fyne.Container
}

// listPlace is where the Findings tab is: the finding selected, how far
// the list is scrolled in rows (rows, not pixels: the same rows are at the
// top in presenter mode's type) and the place of the finding's detail.
type listPlace struct {
	selected widget.ListItemID
	rows     float32
	detail   place
}

// rowStep is the height of a row of l with the gap after it, as the
// List lays them out: every row is the template's height.
func (l *findingsTabList) rowStep() float32 {
	return l.CreateItem().MinSize().Height + l.Theme().Size(theme.SizeNamePadding)
}

// findingsListIn is the Findings list in a view, or nil.
func findingsListIn(o fyne.CanvasObject) *findingsTabList {
	if l, ok := o.(*findingsTabList); ok {
		return l
	}
	for _, c := range blocks(o) {
		if l := findingsListIn(c); l != nil {
			return l
		}
	}
	return nil
}

// listPlaceOf is the place of the Findings list in a view; ok is false
// when the view has none (no findings).
func listPlaceOf(o fyne.CanvasObject) (p listPlace, ok bool) {
	l := findingsListIn(o)
	if l == nil {
		return p, false
	}
	p.selected, p.rows = l.selected, l.GetScrollOffset()/l.rowStep()
	if s := viewScroll(firstObject(l.detail)); s != nil {
		p.detail = placeOf(s)
	}
	return p, true
}

// scroll selects the finding again and scrolls the list and the detail to
// the place, in o's type.
func (p listPlace) scroll(o fyne.CanvasObject) {
	l := findingsListIn(o)
	if l == nil {
		return
	}
	l.Select(p.selected)
	l.ScrollToOffset(p.rows * l.rowStep())
	if s := viewScroll(firstObject(l.detail)); s != nil {
		p.detail.scroll(s)
	}
}
