package inspector

import (
	"fmt"
	"time"
)

// Options tune decoding. The zero value is usable: real clock, 60 s skew,
// local time zone.
type Options struct {
	// Now is the clock; nil means time.Now. Tests inject a fixed clock.
	Now func() time.Time
	// Skew is the allowance for clock differences when judging exp, nbf and
	// iat. A token expiring within Skew gets a warning. Zero means 60 s; use
	// a negative value for no allowance.
	Skew time.Duration
	// Location is the zone for "local" times; nil means time.Local.
	Location *time.Location
	// InputSize describes the whole input when Inspect is given only its
	// start (a large file or stream); zero means the input given is all of
	// it.
	InputSize InputSize
}

// InputSize is the size of a whole input, of which the bytes inspected may
// be only the start.
type InputSize struct {
	// Bytes is the whole input's size (a file's size from stat), or, with
	// Unread, the bytes read before stopping.
	Bytes int64
	// Unread says the input was not read to its end (a stream beyond the
	// limit): it is more than Bytes bytes.
	Unread bool
}

// String says the size in words: "209715287 bytes" or "more than 67108864
// bytes".
func (s InputSize) String() string {
	if s.Unread {
		return fmt.Sprintf("more than %d bytes", s.Bytes)
	}
	return fmt.Sprintf("%d bytes", s.Bytes)
}

// DefaultSkew is the clock allowance when Options.Skew is zero.
const DefaultSkew = 60 * time.Second

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o Options) skew() time.Duration {
	switch {
	case o.Skew == 0:
		return DefaultSkew
	case o.Skew < 0:
		return 0
	}
	return o.Skew
}

// Clock is the time these options judge by: Now, or the system clock.
func (o Options) Clock() time.Time { return o.now() }

// Allowance is the clock skew these options allow: Skew, or DefaultSkew
// when it is zero.
func (o Options) Allowance() time.Duration { return o.skew() }

func (o Options) location() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	return time.Local
}

// Report is what Inspect makes of one input: every token in it, decoded, and
// the findings about the input as a whole. It is the JSON contract of
// `ssolens inspect --json`: fields are added, never renamed or removed.
type Report struct {
	// Input describes what the input was recognised as.
	Input    InputInfo `json:"input"`
	Tokens   []*Token  `json:"tokens"`
	Findings []Finding `json:"findings"`
	// Transport says which proxy and CAs the fetches for verification used;
	// empty when nothing was fetched.
	Transport string `json:"transport,omitempty"`
}

// InputInfo says how the input was read.
type InputInfo struct {
	// Form is one of the Form* constants.
	Form string `json:"form"`
	// Bytes is the input's size: exact, or with BytesUnread a lower bound
	// (more than Bytes; a stream not read to its end).
	Bytes       int  `json:"bytes"`
	BytesUnread bool `json:"bytes_unread,omitempty"`
	// Scope is a token response's scope member (RFC 6749 §5.1), as sent;
	// empty for other inputs or when the response has none.
	Scope string `json:"scope,omitempty"`
}

// Size is the input's size as an InputSize.
func (i InputInfo) Size() InputSize { return InputSize{Bytes: int64(i.Bytes), Unread: i.BytesUnread} }

// The forms of input Inspect recognises.
const (
	FormEmpty         = "empty"
	FormToken         = "token"          // one bare token
	FormBearer        = "bearer"         // "Bearer <t>" or an Authorization header line
	FormTokenResponse = "token-response" // a token endpoint's JSON response
	FormRedirectURL   = "redirect-url"   // a redirect URL with tokens, a code or an error
	FormCurl          = "curl"           // a cURL command line
	FormHTTPRequest   = "http-request"   // an HTTP request dump
	FormHAR           = "har"            // an HTTP archive
	FormText          = "text"           // anything else: scanned for tokens
)

// HasError reports whether the input or any token has an error finding.
func (r *Report) HasError() bool {
	if HasError(r.Findings) {
		return true
	}
	for _, t := range r.Tokens {
		if HasError(t.Findings) {
			return true
		}
	}
	return false
}

// Inspect reads whatever a person pasted, finds every token in it and
// decodes each one. It never fails: every problem becomes a finding.
func Inspect(input []byte, opts Options) *Report {
	r := triage(input, opts)
	r.Tokens = repairTokens(r.Tokens, opts)
	for _, t := range r.Tokens {
		SortFindings(t.Findings)
	}
	SortFindings(r.Findings)
	if r.Tokens == nil {
		r.Tokens = []*Token{}
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	return r
}
