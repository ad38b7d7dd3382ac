// Command guifloor is make bench's floor for the GUI row: the least a Fyne
// window costs on this machine. It opens a window titled as SSO Lens's
// with one label and nothing else, so bench/gui.sh times it exactly as it
// times the app; what the app spends beyond it is SSO Lens's own.
//
// With GUIFLOOR_STYLES=1 the window holds one label in each of the four
// text styles SSO Lens sets (regular, bold, italic, monospace) and, as the
// app does, gives the memory of its start back once idle
// (memtrim.ForWindow): Fyne parses two fonts for each style it draws (its own
// and the system's fallback), so this is the floor of any window that
// shows them.
package main

import (
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/internal/memtrim"
)

func main() {
	a := fyneapp.NewWithID("io.github.ssolens.floor")
	w := a.NewWindow("SSO Lens")
	var content fyne.CanvasObject = widget.NewLabel("SSO Lens")
	if os.Getenv("GUIFLOOR_STYLES") == "1" {
		memtrim.ForWindow()
		styled := func(s fyne.TextStyle) fyne.CanvasObject {
			return widget.NewLabelWithStyle("SSO Lens", fyne.TextAlignLeading, s)
		}
		content = container.NewVBox(styled(fyne.TextStyle{}), styled(fyne.TextStyle{Bold: true}),
			styled(fyne.TextStyle{Italic: true}), styled(fyne.TextStyle{Monospace: true}))
	}
	w.SetContent(content)
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
}
