//go:build nogui

package buildinfo

// gui: a command-line-only build (main's nogui.go has the same tag).
const gui = false
