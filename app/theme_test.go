package app

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is WCAG 2's relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := color.NRGBAModel.Convert(c).RGBA()
	lin := func(v uint32) float64 {
		s := float64(v>>8) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestStatusColoursRead: the verdict's green, and the warning and error
// colours, read as text on the window's background in both variants, and
// a badge's text reads on them (WCAG 2 AA: 4.5:1). Fyne's own green has
// 1.5:1 on the light background.
func TestStatusColoursRead(t *testing.T) {
	th := newTheme(false)
	on := map[fyne.ThemeColorName]fyne.ThemeColorName{
		theme.ColorNameSuccess: theme.ColorNameForegroundOnSuccess,
		theme.ColorNameWarning: theme.ColorNameForegroundOnWarning,
		theme.ColorNameError:   theme.ColorNameForegroundOnError,
	}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		bg := th.Color(theme.ColorNameBackground, v)
		for status, fg := range on {
			c := th.Color(status, v)
			if r := contrast(c, bg); r < 4.5 {
				t.Errorf("variant %d: %s on the background has contrast %.2f, want 4.5 or more", v, status, r)
			}
			if r := contrast(th.Color(fg, v), c); r < 4.5 {
				t.Errorf("variant %d: %s on %s has contrast %.2f, want 4.5 or more", v, fg, status, r)
			}
		}
	}
	if r := contrast(theme.DefaultTheme().Color(theme.ColorNameSuccess, theme.VariantLight), color.White); r >= 4.5 {
		t.Logf("Fyne's own light success colour now has %.2f: lensTheme may no longer be needed", r)
	}
}
