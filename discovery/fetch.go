package discovery

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// MaxBodyBytes bounds a discovery document or a JWKS. Real ones are a few
// KiB; a larger answer is a wrong URL (an HTML portal) or hostile.
const MaxBodyBytes = 1 << 20

// ErrTooLarge is wrapped by errors from a response larger than its limit.
var ErrTooLarge = errors.New("response too large")

// StatusError is an HTTP answer other than 200 OK.
type StatusError struct {
	URL        string
	StatusCode int
	Status     string
	// Body is the start of the response body, for the message.
	Body string
}

func (e *StatusError) Error() string {
	hint := "check the URL"
	switch {
	case e.StatusCode == http.StatusNotFound:
		hint = "check the URL: the issuer must be exactly as the provider publishes it (path and trailing slash included), or pass the full discovery / JWKS URL"
	case e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden:
		hint = "the endpoint refused an anonymous request; a proxy or firewall may require authentication"
	case e.StatusCode == http.StatusProxyAuthRequired:
		hint = "the proxy wants credentials: put them in the proxy URL (http://user:pass@proxy:3128)"
	case e.StatusCode >= 500:
		hint = "the provider (or a proxy) failed; try again later"
	}
	msg := fmt.Sprintf("GET %s: HTTP %s: %s", RedactURL(e.URL), e.Status, hint)
	if e.Body != "" {
		msg += fmt.Sprintf(" (body starts %q)", e.Body)
	}
	return msg
}

// Response is one fetched document, with the timing needed to judge clocks.
type Response struct {
	URL        string
	StatusCode int
	Header     http.Header
	Body       []byte
	// Fetched is the local time (the context's clock, see WithClock) when
	// the response arrived.
	Fetched time.Time
	// ProviderDate is the response's Date header; zero when absent.
	ProviderDate time.Time
}

// ClockOffset is local − provider time, from the Date header (one-second
// resolution). ok is false without a Date header.
func (r *Response) ClockOffset() (offset time.Duration, ok bool) {
	if r.ProviderDate.IsZero() {
		return 0, false
	}
	return r.Fetched.Sub(r.ProviderDate), true
}

type clockKey struct{}

// WithClock makes fetches under ctx read the local time from now: tests
// inject a fixed clock so clock offsets are deterministic.
func WithClock(ctx context.Context, now func() time.Time) context.Context {
	if now == nil {
		return ctx
	}
	return context.WithValue(ctx, clockKey{}, now)
}

func clock(ctx context.Context) time.Time {
	if now, ok := ctx.Value(clockKey{}).(func() time.Time); ok {
		return now()
	}
	return time.Now()
}

// ProviderDate reads an HTTP Date header; zero when absent or unreadable.
func ProviderDate(h http.Header) time.Time {
	d, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return time.Time{}
	}
	return d
}

// Get fetches url with client, reading at most limit bytes of body (zero
// means MaxBodyBytes). Anything but 200 OK is a *StatusError.
func Get(ctx context.Context, client *http.Client, url string, limit int64) (*Response, error) {
	if client == nil {
		return nil, fmt.Errorf("GET %s: no HTTP client given", RedactURL(url))
	}
	if limit <= 0 {
		limit = MaxBodyBytes
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", RedactURL(url), WithoutURL(err))
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, explainTransportError(url, err)
	}
	defer resp.Body.Close()
	r := &Response{
		URL:          url,
		StatusCode:   resp.StatusCode,
		Header:       resp.Header,
		Fetched:      clock(ctx),
		ProviderDate: ProviderDate(resp.Header),
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("GET %s: reading the body: %w", RedactURL(url), err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{URL: url, StatusCode: resp.StatusCode, Status: resp.Status, Body: bodyStart(body)}
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("GET %s: %w: more than %d bytes; a discovery document or key set is a few KiB, so this is likely the wrong URL (a login page?)", RedactURL(url), ErrTooLarge, limit)
	}
	r.Body = body
	return r, nil
}

// explainTransportError adds what to do to the common failures: an unknown
// CA, a proxy, a timeout.
func explainTransportError(url string, err error) error {
	url = RedactURL(url)
	// The client's error names the method and the URL again ("Get
	// \"https://…\": dial tcp …"): said once, before it.
	err = WithoutURL(err)
	var unknownCA x509.UnknownAuthorityError
	var verify *tls.CertificateVerificationError
	var hostname x509.HostnameError
	switch {
	case errors.As(err, &unknownCA) || (errors.As(err, &verify) && strings.Contains(verify.Error(), "unknown authority")):
		return fmt.Errorf("GET %s: %w: the server's certificate is signed by a CA this machine does not trust; pass that CA as a PEM file (the CA file option)", url, err)
	case errors.As(err, &hostname):
		return fmt.Errorf("GET %s: %w: the certificate is for another host name; use the host name the certificate names", url, err)
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout"):
		return fmt.Errorf("GET %s: %w: no answer in time; check the network, or set a proxy", url, err)
	}
	return fmt.Errorf("GET %s: %w: check the URL, the network and the proxy setting", url, err)
}

func bodyStart(b []byte) string {
	const max = 80
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

// Observation is what ObserveClient saw of one response.
type Observation struct {
	URL          string
	StatusCode   int
	Fetched      time.Time
	ProviderDate time.Time
}

// ObserveClient returns a copy of client whose responses are limited to
// limit bytes (a longer body fails with ErrTooLarge) and reported to observe.
// It lets a library that does its own GETs (the JWKS storage of
// github.com/MicahParks/jwkset) keep the size limit and the clock check.
func ObserveClient(client *http.Client, limit int64, observe func(Observation)) *http.Client {
	if client == nil {
		client = http.DefaultClient
	}
	if limit <= 0 {
		limit = MaxBodyBytes
	}
	next := client.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c := *client
	c.Transport = observingTransport{next: next, limit: limit, observe: observe}
	return &c
}

type observingTransport struct {
	next    http.RoundTripper
	limit   int64
	observe func(Observation)
}

func (t observingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, explainTransportError(req.URL.String(), err)
	}
	if t.observe != nil {
		t.observe(Observation{
			URL:          RedactURL(req.URL.String()),
			StatusCode:   resp.StatusCode,
			Fetched:      clock(req.Context()),
			ProviderDate: ProviderDate(resp.Header),
		})
	}
	resp.Body = &limitedBody{rc: resp.Body, left: t.limit, url: RedactURL(req.URL.String())}
	return resp, nil
}

// limitedBody fails, rather than truncates, past its limit: a cut-off JSON
// document would give a misleading parse error.
type limitedBody struct {
	rc   io.ReadCloser
	left int64
	url  string
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("GET %s: %w: over the limit; check the URL", b.url, ErrTooLarge)
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }
