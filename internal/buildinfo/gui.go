//go:build !nogui

package buildinfo

// gui: this build holds the desktop app (main's gui.go has the same tag).
const gui = true
