package pkce

import (
	"sync"
	"time"
)

// Event is one timed step of a sign-in. Its JSON shape is stable: it feeds
// the desktop app's flow timeline and the report. Detail never holds a
// secret or a whole token (tokens appear as inspector.Redact forms or
// fingerprints).
type Event struct {
	Step       string    `json:"step"`
	At         time.Time `json:"at"` // RFC 3339 with nanoseconds in JSON
	DurationMS int64     `json:"duration_ms"`
	Detail     string    `json:"detail"`
}

// The steps, in the order a loopback sign-in meets them.
const (
	StepDiscovery         = "discovery-fetched"
	StepListenerBound     = "listener-bound"
	StepRedirectURI       = "redirect-uri"
	StepAuthorizeURL      = "authorize-url-built"
	StepBrowserOpened     = "browser-opened"
	StepBrowserFailed     = "browser-failed"
	StepCallbackReceived  = "callback-received"
	StepCallbackRejected  = "callback-rejected"
	StepCallbackIgnored   = "callback-ignored"
	StepCodeExchanged     = "code-exchanged"
	StepTokensReceived    = "tokens-received"
	StepVerified          = "verified"
	StepDeviceCode        = "device-code-issued"
	StepDeviceApproved    = "device-approved"
	StepRefreshed         = "refreshed"
	StepUserInfo          = "userinfo-fetched"
	StepRevoked           = "token-revoked"
	StepSecret            = "secret-resolved"
	StepFailed            = "failed"
	StepTimeout           = "timed-out"
	StepListenerClosed    = "listener-closed"
	StepClientCredentials = "client-credentials-requested"
	StepPasswordGrant     = "password-grant-requested"
)

// Recorder keeps the event trail of one client and passes each event on as
// it happens. It is safe for concurrent use.
type Recorder struct {
	mu     sync.Mutex
	events []Event
	now    func() time.Time
	on     func(Event)
}

// NewRecorder makes a recorder; on (may be nil) sees every event when it is
// recorded, now (may be nil) is the clock.
func NewRecorder(now func() time.Time, on func(Event)) *Recorder {
	if now == nil {
		now = time.Now
	}
	return &Recorder{now: now, on: on}
}

// Start begins a timed step; the returned function records it with its
// duration and a detail.
func (r *Recorder) Start(step string) func(detail string) {
	start := r.now()
	return func(detail string) {
		r.add(Event{Step: step, At: start, DurationMS: r.now().Sub(start).Milliseconds(), Detail: detail})
	}
}

// Note records an instant step.
func (r *Recorder) Note(step, detail string) {
	r.add(Event{Step: step, At: r.now(), Detail: detail})
}

func (r *Recorder) add(e Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	on := r.on
	r.mu.Unlock()
	if on != nil {
		on(e)
	}
}

// Events returns a copy of the trail so far.
func (r *Recorder) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Event, len(r.events))
	copy(out, r.events)
	return out
}
