package pkce

import (
	"context"
	"errors"
	"fmt"
	"os/exec"

	"github.com/pkg/browser"
)

// Browser opens the authorization URL. SSO Lens uses the system browser
// only, never an embedded view (RFC 8252 §8.12): enterprise SSO breaks in
// embedded views. Tests play the browser with an HTTP client.
type Browser interface {
	Open(ctx context.Context, url string) error
}

// BrowserFunc adapts a function to Browser.
type BrowserFunc func(ctx context.Context, url string) error

// Open calls f.
func (f BrowserFunc) Open(ctx context.Context, url string) error { return f(ctx, url) }

// ErrDefaultBrowser is wrapped when the default browser could not be
// started; a face may add its own way to open the URL.
var ErrDefaultBrowser = errors.New("open the default browser")

// SystemBrowser opens the default browser (xdg-open, open, rundll32...).
type SystemBrowser struct{}

// Open starts the default browser with url.
func (SystemBrowser) Open(_ context.Context, url string) error {
	if err := browser.OpenURL(url); err != nil {
		return fmt.Errorf("%w: %w; copy the URL into a browser, or open it with another program", ErrDefaultBrowser, err)
	}
	return nil
}

// CommandBrowser runs a user-chosen program with the URL as its last
// argument (--browser-command): for WSL (wslview), a browser profile, or a
// locked-down desktop. It is not run through a shell.
type CommandBrowser struct {
	Command string
	Args    []string
}

// Open starts the command and does not wait for it to exit.
func (b CommandBrowser) Open(ctx context.Context, url string) error {
	cmd := exec.CommandContext(context.WithoutCancel(ctx), b.Command, append(append([]string{}, b.Args...), url)...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("run the browser command %q: %w", b.Command, err)
	}
	go cmd.Wait() // reap it; a browser may outlive the sign-in
	return nil
}

// NoBrowser opens nothing: the URL is shown for the user to open, and the
// callback or a pasted redirect URL completes the flow.
type NoBrowser struct{}

// Open does nothing.
func (NoBrowser) Open(context.Context, string) error { return nil }
