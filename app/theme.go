package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// lensTheme is Fyne's theme with status colours that read on the light
// background too. Fyne uses one success green (#43F436), warning orange
// (#FF9800) and error red (#F44336) in both variants; on white they have
// a contrast of 1.5:1, 2.2:1 and 3.7:1, where WCAG asks 4.5:1 for text,
// and the verdict "WOULD LOG IN" is drawn in that green. The light variant
// takes Material's darker shades (5.1:1, 5.2:1 and 5.6:1 on white, and as
// much under the white text of a badge); the dark variant is Fyne's.
type lensTheme struct{ fyne.Theme }

// lightStatus are the light variant's status colours.
var lightStatus = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameSuccess: color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff},
	theme.ColorNameWarning: color.NRGBA{R: 0xa1, G: 0x5c, B: 0x00, A: 0xff},
	theme.ColorNameError:   color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff},
}

func (t lensTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := lightStatus[n]; ok && v == theme.VariantLight {
		return c
	}
	return t.Theme.Color(n, v)
}

// newTheme is the window's theme: larger type for a projector when
// presenting.
func newTheme(presenting bool) fyne.Theme {
	t := fyne.Theme(lensTheme{theme.DefaultTheme()})
	if presenting {
		t = presenterTheme{t}
	}
	return t
}

// onColour is the text colour for a badge on background bg: the theme's
// contrast colour for a status or the primary colour, white otherwise.
func onColour(bg fyne.ThemeColorName) color.Color {
	switch bg {
	case theme.ColorNameSuccess:
		return theme.Color(theme.ColorNameForegroundOnSuccess)
	case theme.ColorNameWarning:
		return theme.Color(theme.ColorNameForegroundOnWarning)
	case theme.ColorNameError:
		return theme.Color(theme.ColorNameForegroundOnError)
	case theme.ColorNamePrimary:
		return theme.Color(theme.ColorNameForegroundOnPrimary)
	}
	return color.White
}
