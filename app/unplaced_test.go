package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestUnplacedContainersLayOutOncePlaced: a view's box and form are laid
// out when they are given a size, not on each Add before that (where
// Fyne's own containers measure every wrapped text at width 0), and what
// is added once they are on screen is laid out at once.
func TestUnplacedContainersLayOutOncePlaced(t *testing.T) {
	test.NewTempApp(t)
	box := vbox(wrapped("first line of a view"))
	second := wrapped("a second part, added while the view is built")
	box.Add(second)
	if s := second.Size(); s.Width != 0 {
		t.Fatalf("laid out before it was placed: %v", s)
	}
	box.Resize(fyne.NewSize(400, box.MinSize().Height))
	first := box.Objects[0]
	if first.Size().Width != 400 || second.Size().Width != 400 || second.Position().Y < first.Size().Height {
		t.Fatalf("not laid out once placed: first %v at %v, second %v at %v", first.Size(), first.Position(), second.Size(), second.Position())
	}
	third := wrapped("added on screen")
	box.Add(third)
	if third.Size().Width != 400 || third.Position().Y < second.Position().Y+second.Size().Height {
		t.Fatalf("a part added on screen is not laid out: %v at %v", third.Size(), third.Position())
	}

	f := form([]fyne.CanvasObject{nameLabel("name"), wrapped("value")})
	f.Resize(fyne.NewSize(400, f.MinSize().Height))
	if v := f.Objects[1]; v.Position().X <= 0 || v.Size().Width <= 0 {
		t.Fatalf("form value not beside its name: %v at %v", v.Size(), v.Position())
	}
}
