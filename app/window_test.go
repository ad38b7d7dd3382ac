package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func TestEmptyWindowExplainsWhatToPaste(t *testing.T) {
	h := newHarness(t)
	if got := h.resultText(); !strings.Contains(got, EmptyStateTitle) || !strings.Contains(got, "token endpoint response") || !strings.Contains(got, "Could not parse JWT") {
		t.Fatalf("empty state not shown; result pane shows:\n%s", got)
	}
	if h.view.Input.PlaceHolder != InputPlaceholder {
		t.Errorf("placeholder = %q", h.view.Input.PlaceHolder)
	}
}

func TestPastedTokenShowsClaimsAndLiveExpiry(t *testing.T) {
	h := newHarness(t)
	token := signSample(t, fixedNow.Add(-30*time.Second), fixedNow.Add(59*time.Minute+30*time.Second))
	h.app.Clipboard().SetContent(token)

	test.Tap(h.button("Paste from clipboard"))
	h.waitFor("expires in 59m 30s")

	got := h.resultText()
	for _, want := range []string{
		"Pasted token",
		`"alice@example.com"`,
		`"https://idp.example.com/"`,
		`["admins","readers"]`,
		"Subject: the user's", // the claim's meaning, shown beside it
		"RS256",
		"test-key-1",
		"issued 30s ago",
		"2025-03-14T10:26:23Z", // exp in UTC
		"1h (exp − iat)",
		"Read as a bare token · 1 token · 0 errors",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("result does not show %q; it shows:\n%s", want, got)
		}
	}
	if strings.Contains(got, token) || strings.Contains(got, token[len(token)-40:]) {
		t.Errorf("the raw token is on screen; only its redacted form may be")
	}
	// Claims keep the order the issuer signed them in.
	if i, j := strings.Index(got, "scope"), strings.Index(got, "groups"); i < 0 || j < i {
		t.Errorf("claims out of order: scope at %d, groups at %d", i, j)
	}

	// The countdown is live: the ticker rewrites it as the clock moves on.
	h.clock.Advance(5 * time.Second)
	h.waitFor("expires in 59m 25s")
	h.clock.Advance(time.Hour)
	h.waitFor("expired 35s ago")
}

func TestGarbageShowsWhyNothingWasDecoded(t *testing.T) {
	for _, tc := range []struct {
		name, input string
	}{
		{"prose", "hello, this is not a token at all"},
		{"dotted junk", "abc.def!ghi.jkl"},
		{"symbols", "%%% ??? ### !!!"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.view.Input.SetText(tc.input)
			h.view.InspectNow()
			got := h.resultText()
			if !strings.Contains(got, "not-a-token") && !strings.Contains(got, "no-token-found") {
				t.Fatalf("no not-a-token / no-token-found finding shown; result pane shows:\n%s", got)
			}
			if !strings.Contains(got, "Fix: ") {
				t.Errorf("finding shown without its fix:\n%s", got)
			}
		})
	}
}

func TestTypingIsDebouncedAndClearingRestoresTheEmptyState(t *testing.T) {
	h := newHarness(t)
	test.Type(h.view.Input, "not a token")
	h.waitFor("no-token-found")

	test.Tap(h.button("Clear"))
	h.waitFor(EmptyStateTitle)
	if h.view.Summary.Visible() {
		t.Error("summary still shown for an empty input")
	}
}

func TestErrorsAreListedFirst(t *testing.T) {
	h := newHarness(t)
	// Expired and with a standard-base64 header character: an error and a warning.
	expired := signSample(t, fixedNow.Add(-2*time.Hour), fixedNow.Add(-time.Hour))
	h.view.Input.SetText(expired)
	h.view.InspectNow()
	got := h.resultText()
	i := strings.Index(got, "token-expired")
	if i < 0 {
		t.Fatalf("token-expired not shown:\n%s", got)
	}
	if j := strings.Index(got, "Times"); j < i {
		t.Errorf("findings should come before the times; got:\n%s", got)
	}
}

func TestStopEndsTheCountdown(t *testing.T) {
	h := newHarness(t)
	h.view.Input.SetText(signSample(t, fixedNow, fixedNow.Add(time.Hour)))
	h.view.InspectNow()
	live := h.view.live
	if live == nil {
		t.Fatal("no countdown started for a token with times")
	}
	h.view.Stop()
	select {
	case <-live.done:
	default:
		t.Fatal("Stop left the countdown running")
	}
	if h.view.live != nil {
		t.Error("view still holds a countdown after Stop")
	}
}
