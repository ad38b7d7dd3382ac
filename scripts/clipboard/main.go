// Command clipboard puts its standard input on the X clipboard and keeps
// serving it until it is killed: the screenshot script pastes the sample
// token with it, since typing thousands of characters through xdotool is
// slow and flaky. It uses GLFW, which Fyne already depends on.
package main

import (
	"io"
	"log"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/go-gl/glfw/v3.3/glfw"
)

func init() { runtime.LockOSThread() } // GLFW calls must stay on the main thread

func main() {
	text, err := io.ReadAll(os.Stdin)
	if err != nil {
		log.Fatalf("clipboard: read stdin: %v", err)
	}
	if err := glfw.Init(); err != nil {
		log.Fatalf("clipboard: %v (is DISPLAY set?)", err)
	}
	defer glfw.Terminate()
	glfw.SetClipboardString(string(text))

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	for {
		select {
		case <-stop:
			return
		default:
			// X11 hands the clipboard over on request: answer requests
			// until killed.
			glfw.WaitEventsTimeout(0.1)
		}
	}
}
