// Package assets holds the files SSO Lens ships inside its binary.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:generate go run ./icongen icon.png
//go:generate go run ./icongen icon-192.png 192

//go:embed icon-192.png
var iconPNG []byte

// Icon is the application icon: a lens over a key, 192 pixels square.
// The window draws it at most 96 units wide (192 pixels on a HiDPI
// screen); decoding and scaling the 512-pixel original (assets/icon.png,
// which the packages take through FyneApp.toml) cost the first frame
// about 40 ms of CPU under software GL.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)
