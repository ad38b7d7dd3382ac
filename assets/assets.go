// Package assets holds the files SSO Lens ships inside its binary.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:generate go run ./icongen icon.png

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon: a lens over a key.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)
