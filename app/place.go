package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
