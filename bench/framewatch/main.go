// Command framewatch is make bench's clock for the GUI row (bench/gui.sh).
// Started on a fresh X server ($DISPLAY) before the app, it reads two rows
// of the empty screen and prints "ready". It then prints
//
//	mapped MS   when a window titled TITLE is mapped (an X event, no polling)
//	frame MS    when the screen first differs from the empty one
//
// (MS: Unix time in milliseconds), and exits after both. The software GL
// driver puts each finished frame on the screen at once, so the first
// change of a fresh screen is the new window's first frame. It reads the
// two rows every 5 ms; the mean time of one look is printed as "poll_us".
//
//	framewatch TITLE [TIMEOUT_SECONDS]
//
// It replaced two loops in the script: ImageMagick's import, which took
// about 200 ms and 140 ms of CPU per look at a 1280×800 screen (the frame
// was seen up to 200 ms late, and looking took most of a core from the app
// it timed, on two cores), and xdotool started every 10 ms to look for the
// window. Reading the whole screen with XGetImage was no better (15-70 ms
// a look). Two rows every 5 ms cost the watcher and the X server together
// about a tenth of one core.
package main

/*
#cgo LDFLAGS: -lX11
#include <stdlib.h>
#include <string.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

static Display *dpy;
static Window root;
static int width, height;

// fw_errors counts X errors. Xlib's default handler ends the process on
// any: a window that is mapped and gone before its name is read (another
// client's, a splash) would end the clock. A failed request here just
// returns nothing, which the callers handle.
static int fw_errors;
static int fw_on_error(Display *d, XErrorEvent *e) {
	fw_errors++;
	return 0;
}

#define ROWS 2

static int fw_open(void) {
	dpy = XOpenDisplay(NULL);
	if (dpy == NULL) return 0;
	XSetErrorHandler(fw_on_error);
	root = DefaultRootWindow(dpy);
	XWindowAttributes a;
	if (!XGetWindowAttributes(dpy, root, &a)) return 0;
	width = a.width;
	height = a.height;
	XSelectInput(dpy, root, SubstructureNotifyMask);
	XSync(dpy, False);
	return 1;
}

// fw_grab copies ROWS rows of the screen, at a third and two thirds of its
// height, into buf (at most n bytes) and returns the bytes copied, or -1.
// A window crosses one of them if it is taller than a third of the screen
// (without a window manager it opens at the top left): the app's and the
// floor's windows fill the screen; a smaller one would not be seen, and
// the clock would say so when its time is up.
static long fw_grab(char *buf, long n) {
	long off = 0;
	for (int k = 0; k < ROWS; k++) {
		XImage *im = XGetImage(dpy, root, 0, height * (k + 1) / (ROWS + 1), width, 1, AllPlanes, ZPixmap);
		if (im == NULL) return -1;
		long size = (long)im->bytes_per_line * im->height;
		if (off + size > n) size = n - off;
		memcpy(buf + off, im->data, size);
		off += size;
		XDestroyImage(im);
	}
	return off;
}

// fw_mapped reports whether a window titled title was mapped since the
// last call (the events queued so far).
static int fw_mapped(const char *title) {
	int found = 0;
	while (XPending(dpy) > 0) {
		XEvent ev;
		XNextEvent(dpy, &ev);
		if (ev.type != MapNotify) continue;
		char *name = NULL;
		if (XFetchName(dpy, ev.xmap.window, &name) != 0 && name != NULL) {
			if (strcmp(name, title) == 0) found = 1;
			XFree(name);
		}
	}
	return found;
}
*/
import "C"

import (
	"fmt"
	"os"
	"strconv"
	"time"
	"unsafe"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fail("usage: framewatch TITLE [TIMEOUT_SECONDS]")
	}
	title := C.CString(os.Args[1])
	defer C.free(unsafe.Pointer(title))
	timeout := 60 * time.Second
	if len(os.Args) > 2 {
		s, err := strconv.ParseFloat(os.Args[2], 64)
		if err != nil || s <= 0 {
			fail("the timeout %q is not a number of seconds above 0", os.Args[2])
		}
		timeout = time.Duration(s * float64(time.Second))
	}
	if C.fw_open() == 0 {
		fail("cannot open the X display %q: set DISPLAY to a running X server", os.Getenv("DISPLAY"))
	}
	const max = 1 << 20 // two rows of a screen 131,072 pixels wide
	blank := (*C.char)(C.malloc(max))
	now := (*C.char)(C.malloc(max))
	defer C.free(unsafe.Pointer(blank))
	defer C.free(unsafe.Pointer(now))
	n := C.fw_grab(blank, max)
	if n < 0 {
		fail("cannot read the X screen (XGetImage failed)")
	}
	fmt.Println("ready")
	deadline := time.Now().Add(timeout)
	var (
		polls         int
		spent         time.Duration
		mapped, frame bool
	)
	for !mapped || !frame {
		if time.Now().After(deadline) {
			fail("in %s: window %q mapped: %t; the screen changed: %t", timeout, os.Args[1], mapped, frame)
		}
		if !mapped && C.fw_mapped(title) != 0 {
			mapped = true
			fmt.Println("mapped", time.Now().UnixMilli())
		}
		if !frame {
			start := time.Now()
			got := C.fw_grab(now, max)
			spent += time.Since(start)
			polls++
			if got < 0 {
				fail("cannot read the X screen (XGetImage failed)")
			}
			if got != n || C.memcmp(unsafe.Pointer(blank), unsafe.Pointer(now), C.size_t(n)) != 0 {
				frame = true
				fmt.Println("frame", time.Now().UnixMilli())
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	fmt.Println("poll_us", spent.Microseconds()/int64(polls))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "framewatch: "+format+"\n", args...)
	os.Exit(1)
}
