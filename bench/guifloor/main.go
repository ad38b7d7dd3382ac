// Command guifloor is make bench's floor for the GUI row: the least a Fyne
// window costs on this machine. It opens a window titled as SSO Lens's
// with one label and nothing else, so bench/gui.sh times it exactly as it
// times the app; what the app spends beyond it is SSO Lens's own.
package main

import (
	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("io.github.ssolens.floor")
	w := a.NewWindow("SSO Lens")
	w.SetContent(widget.NewLabel("SSO Lens"))
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
}
