package pkce

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Redirect URI host forms. RFC 8252 §8.3 recommends the IP literal; Entra
// ID accepts only localhost for http loopback redirect URIs.
const (
	HostIPv4      = "127.0.0.1"
	HostLocalhost = "localhost"
	HostIPv6      = "[::1]"
)

// DefaultCallbackPath is the redirect URI path when none is configured.
const DefaultCallbackPath = "/callback"

// LoopbackConfig configures the redirect listener of a native app (RFC 8252
// §7.3). It always binds IP literals: 127.0.0.1, and [::1] on the same port
// when IPv6 is available, never all interfaces.
type LoopbackConfig struct {
	// Host is the host in the redirect URI: HostIPv4 (default),
	// HostLocalhost or HostIPv6. It does not change what is bound.
	Host string
	// Ports are tried in order (kubelogin uses 8000 then 18000); a port in
	// use moves to the next. Empty means an ephemeral port; 0 in the list
	// means an ephemeral port at that point. Faces that tell the user to
	// register the redirect URI pass DefaultPorts, so it is the same on
	// every run.
	Ports []int
	// Path is the redirect URI path; "" means DefaultCallbackPath.
	Path string
	// Query is a fixed raw query of the redirect URI, kept verbatim (Neo4j
	// Browser's "idp_id=<id>&auth_flow_step=redirect_uri").
	Query string
	// CertFile and KeyFile serve the callback over https with the user's
	// certificate (a corporate policy that rewrites redirect URIs to https).
	CertFile, KeyFile string
}

// DefaultPorts are the fixed redirect ports the command line tries, in
// order, as kubelogin does: the redirect URI stays the same from one run to
// the next, so it can be registered once.
var DefaultPorts = []int{8000, 18000, 28000}

// ErrPortsInUse is wrapped when no port of the list could be bound.
var ErrPortsInUse = errors.New("every port of the list is in use")

// callback is what reached the listener (or was pasted).
type callback struct {
	params url.Values
	via    string // "listener", "fragment post", "paste"
}

// CallbackCheck judges a callback before the browser gets its page: a nil
// error is success. It runs once, for the first callback.
type CallbackCheck func(params url.Values) error

// LoopbackListener receives the authorization response on loopback. The
// first callback completes it; later ones get an error page.
type LoopbackListener struct {
	cfg      LoopbackConfig
	scheme   string
	port     int
	lns      []net.Listener
	srv      *http.Server
	findings []Finding
	why      string

	mu     sync.Mutex
	check  CallbackCheck
	done   bool
	result chan result
	// state, when set, is the only state a callback may carry; others are
	// ignored (ExpectState).
	state     string
	onIgnored func(detail string)
	ignored   int
}

type result struct {
	cb  callback
	err error
}

// ListenLoopback binds the listener and starts serving.
func ListenLoopback(cfg LoopbackConfig) (*LoopbackListener, error) {
	if cfg.Host == "" {
		cfg.Host = HostIPv4
	}
	switch cfg.Host {
	case HostIPv4, HostLocalhost, HostIPv6:
	case "::1":
		cfg.Host = HostIPv6
	default:
		return nil, fmt.Errorf("redirect host %q: use 127.0.0.1 (recommended by RFC 8252), localhost (required by Entra ID) or [::1]", cfg.Host)
	}
	if cfg.Path == "" {
		cfg.Path = DefaultCallbackPath
	}
	if !strings.HasPrefix(cfg.Path, "/") {
		cfg.Path = "/" + cfg.Path
	}
	ports := cfg.Ports
	if len(ports) == 0 {
		ports = []int{0}
	}
	l := &LoopbackListener{cfg: cfg, scheme: "http", result: make(chan result, 1)}
	var tried, busy []string
	for _, p := range ports {
		lns, v6err, err := bindBoth(p, cfg.Host == HostIPv6)
		if err != nil {
			tried = append(tried, fmt.Sprintf("%d (%v)", p, err))
			if p != 0 && isAddrInUse(err) {
				busy = append(busy, busyPort(p))
				continue
			}
			if p == 0 {
				continue
			}
			return nil, fmt.Errorf("loopback listener on port %d: %w", p, err)
		}
		l.lns = lns
		l.port = lns[0].Addr().(*net.TCPAddr).Port
		l.why = portReason(ports, p, busy)
		if len(busy) > 0 {
			l.findings = append(l.findings, FindPortInUse.Newf(
				"Register "+l.RedirectURI()+" at the provider as well (or a loopback URI without a port, where the provider allows any port), or free the port, or choose another.",
				"tried "+strings.Join(tried, ", "),
				"%s; the listener took port %d instead, so the provider must allow the redirect URI %s.", strings.Join(busy, "; "), l.port, l.RedirectURI()).
				WithCommand("ssolens login --listen PORTS"))
		}
		if v6err != nil {
			l.findings = append(l.findings, FindIPv6Unavailable.Newf(
				"Use the redirect host 127.0.0.1 (the default), which every browser reaches over IPv4.",
				v6err.Error(), "[::1] could not be bound on port %d (%v): only 127.0.0.1 is listening.", l.port, v6err))
		}
		break
	}
	if l.lns == nil {
		detail := strings.Join(tried, ", ")
		if len(busy) > 0 {
			detail = strings.Join(busy, "; ")
		}
		return nil, fmt.Errorf("loopback listener: %w: %s; free one of them, or choose other ports", ErrPortsInUse, detail)
	}
	if cfg.CertFile != "" || cfg.KeyFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.CertFile, cfg.KeyFile)
		if err != nil {
			l.closeListeners()
			return nil, fmt.Errorf("https callback: reading the certificate %s and key %s: %w", cfg.CertFile, cfg.KeyFile, err)
		}
		tc := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		for i, ln := range l.lns {
			l.lns[i] = tls.NewListener(ln, tc)
		}
		l.scheme = "https"
	}
	l.srv = &http.Server{Handler: http.HandlerFunc(l.serve), ReadHeaderTimeout: 10 * time.Second}
	for _, ln := range l.lns {
		go l.srv.Serve(ln)
	}
	return l, nil
}

// bindBoth binds 127.0.0.1:port and [::1] on the same port. A port taken
// on ::1 counts as taken: a browser resolving localhost to ::1 would reach
// the other program (kubelogin#1151). An IPv6 stack that is missing is not
// an error: v6err says why.
func bindBoth(port int, v6Required bool) (lns []net.Listener, v6err, err error) {
	for attempt := 0; attempt < 5; attempt++ {
		l4, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			return nil, nil, err
		}
		actual := l4.Addr().(*net.TCPAddr).Port
		l6, err6 := net.Listen("tcp6", net.JoinHostPort("::1", strconv.Itoa(actual)))
		switch {
		case err6 == nil:
			return []net.Listener{l4, l6}, nil, nil
		case isAddrInUse(err6):
			l4.Close()
			if port == 0 {
				continue // another ephemeral port
			}
			return nil, nil, fmt.Errorf("[::1]:%d: %w", actual, err6)
		case v6Required:
			l4.Close()
			return nil, nil, fmt.Errorf("redirect host [::1] needs IPv6 loopback: %w", err6)
		default:
			return []net.Listener{l4}, err6, nil
		}
	}
	return nil, nil, fmt.Errorf("no ephemeral port free on both 127.0.0.1 and [::1]: %w", syscall.EADDRINUSE)
}

func isAddrInUse(err error) bool { return errors.Is(err, syscall.EADDRINUSE) }

// RedirectURI is the exact URI to register at the provider and send.
func (l *LoopbackListener) RedirectURI() string {
	u := l.scheme + "://" + l.cfg.Host + ":" + strconv.Itoa(l.port) + l.cfg.Path
	if l.cfg.Query != "" {
		u += "?" + l.cfg.Query
	}
	return u
}

// Why says which port was taken and why: the first of the list, an
// ephemeral one, or the next after busy ports (naming who holds them when
// the system tells).
func (l *LoopbackListener) Why() string { return l.why }

// portReason explains the port bound from the list ports, after busy.
func portReason(ports []int, bound int, busy []string) string {
	list := make([]string, len(ports))
	for i, p := range ports {
		list[i] = strconv.Itoa(p)
	}
	var why string
	switch {
	case bound == 0:
		why = "an ephemeral port, as asked"
	case len(ports) == 1:
		why = "the only port asked for"
	case len(busy) == 0:
		why = "the first free port of " + strings.Join(list, ", ")
	default:
		why = "the next free port of " + strings.Join(list, ", ")
	}
	if len(busy) > 0 {
		why += " (" + strings.Join(busy, "; ") + ")"
	}
	return why
}

// busyPort says that port is in use and, when the system tells, by whom.
func busyPort(port int) string {
	if who := PortOwner(port); who != "" {
		return fmt.Sprintf("port %d is in use by %s", port, who)
	}
	return fmt.Sprintf("port %d is in use", port)
}

// Port is the bound port.
func (l *LoopbackListener) Port() int { return l.port }

// Addrs lists the bound addresses (127.0.0.1:port, [::1]:port).
func (l *LoopbackListener) Addrs() []string {
	out := make([]string, len(l.lns))
	for i, ln := range l.lns {
		out[i] = ln.Addr().String()
	}
	return out
}

// Findings are what binding found (a port fallback, no IPv6).
func (l *LoopbackListener) Findings() []Finding { return append([]Finding(nil), l.findings...) }

// Expect sets the check the first callback must pass.
func (l *LoopbackListener) Expect(check CallbackCheck) {
	l.mu.Lock()
	l.check = check
	l.mu.Unlock()
}

// ExpectState makes the listener ignore every callback whose state is not
// state: error responses, a missing state and forged posts included (RFC
// 6749 §10.12, RFC 9700 §4.7). Any page or local process can send one, so
// none may end the sign-in: the browser gets a neutral page and the
// listener keeps waiting for the real callback until its time runs out.
// ignored (may be nil) hears of each, with what arrived (no code or token).
func (l *LoopbackListener) ExpectState(state string, ignored func(detail string)) {
	l.mu.Lock()
	l.state, l.onIgnored = state, ignored
	l.mu.Unlock()
}

// Ignored counts the callbacks ignored for their state.
func (l *LoopbackListener) Ignored() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ignored
}

// ErrCallbackIgnored is returned for a callback whose state is not the
// sign-in's: it was ignored, and the listener still waits.
var ErrCallbackIgnored = errors.New("a callback whose state is not this sign-in's was ignored; still waiting for the real one")

// Paste completes the flow with a redirect URL the user copied from a
// browser running elsewhere (SSH, WSL, a VM): the URL the provider sent the
// browser to, query and fragment included.
func (l *LoopbackListener) Paste(redirectURL string) error {
	params, err := ParseRedirectURL(redirectURL)
	if err != nil {
		return err
	}
	return l.deliver(callback{params: params, via: "paste"})
}

// ParseRedirectURL reads the response parameters of a redirect URL, from
// its query and its fragment (implicit flow).
func ParseRedirectURL(s string) (url.Values, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("pasted redirect URL: %w", err)
	}
	params := url.Values{}
	for _, part := range []string{u.RawQuery, u.Fragment} {
		vs, err := url.ParseQuery(part)
		if err != nil {
			return nil, fmt.Errorf("pasted redirect URL: %w", err)
		}
		for k, v := range vs {
			params[k] = append(params[k], v...)
		}
	}
	if !isCallback(params) {
		return nil, errors.New("the pasted URL carries no code, token, state or error: paste the whole URL the browser was sent to (its address bar), including anything after # ")
	}
	return params, nil
}

// ErrAlreadyCompleted is returned to callbacks after the first.
var ErrAlreadyCompleted = errors.New("this sign-in is already complete")

// deliver runs the check on the first callback and hands it to Wait.
func (l *LoopbackListener) deliver(cb callback) error {
	l.mu.Lock()
	if l.done {
		l.mu.Unlock()
		return ErrAlreadyCompleted
	}
	if l.state != "" && subtle.ConstantTimeCompare([]byte(cb.params.Get("state")), []byte(l.state)) != 1 {
		l.ignored++
		onIgnored := l.onIgnored
		l.mu.Unlock()
		if onIgnored != nil {
			why := "its state does not match"
			if !cb.params.Has("state") {
				why = "it has no state"
			}
			onIgnored("forged callback ignored (" + why + "): " + describeCallback(cb))
		}
		return ErrCallbackIgnored
	}
	l.done = true
	check := l.check
	l.mu.Unlock()
	var err error
	if check != nil {
		err = check(cb.params)
	}
	l.result <- result{cb: cb, err: err}
	return err
}

// wait returns the first callback, or ctx's error.
func (l *LoopbackListener) wait(ctx context.Context) (callback, error) {
	select {
	case r := <-l.result:
		return r.cb, r.err
	case <-ctx.Done():
		l.mu.Lock()
		delivering := l.done
		l.done = true // late callbacks now get an error page
		l.mu.Unlock()
		if delivering { // a callback arrived just now: its check is running
			r := <-l.result
			return r.cb, r.err
		}
		return callback{}, ctx.Err()
	}
}

// Close stops the listener.
func (l *LoopbackListener) Close() error {
	if l.srv != nil {
		return l.srv.Close()
	}
	return l.closeListeners()
}

func (l *LoopbackListener) closeListeners() error {
	var errs []error
	for _, ln := range l.lns {
		errs = append(errs, ln.Close())
	}
	return errors.Join(errs...)
}

// callbackKeys are the parameters that make a request an authorization
// response (RFC 6749 §4.1.2, §4.2.2).
var callbackKeys = []string{"code", "error", "state", "access_token", "id_token"}

func isCallback(params url.Values) bool {
	for _, k := range callbackKeys {
		if params.Has(k) {
			return true
		}
	}
	return false
}

func (l *LoopbackListener) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Path != l.cfg.Path {
		http.NotFound(w, r)
		return
	}
	switch r.Method {
	case http.MethodGet:
		params := r.URL.Query()
		if !isCallback(params) {
			// The implicit flow's response is in the fragment, which the
			// browser does not send: a page posts it back.
			l.fragmentPage(w)
			return
		}
		l.respond(w, l.deliver(callback{params: params, via: "listener"}))
	case http.MethodPost:
		if o := r.Header.Get("Origin"); o != "" && !l.sameOrigin(o) {
			http.Error(w, "cross-origin post refused", http.StatusForbidden)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		params, err := url.ParseQuery(string(body))
		if err != nil || !isCallback(params) {
			http.Error(w, "the posted fragment carries no authorization response", http.StatusBadRequest)
			return
		}
		if err := l.deliver(callback{params: params, via: "fragment post"}); err != nil {
			if errors.Is(err, ErrCallbackIgnored) {
				io.WriteString(w, neutralText)
				return
			}
			status := http.StatusBadRequest
			if errors.Is(err, ErrAlreadyCompleted) {
				status = http.StatusConflict
			}
			http.Error(w, "Sign-in failed: "+err.Error()+". See SSO Lens for the details.", status)
			return
		}
		io.WriteString(w, "Signed in. You can close this window and return to SSO Lens.")
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (l *LoopbackListener) sameOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != l.scheme || u.Port() != strconv.Itoa(l.port) {
		return false
	}
	switch u.Hostname() {
	case "127.0.0.1", "localhost", "::1":
		return true
	}
	return false
}

const pageStyle = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}`

// neutralText answers an ignored callback: it says nothing of the
// sign-in, which goes on.
const neutralText = "SSO Lens is waiting for a sign-in; this page can be closed."

func (l *LoopbackListener) respond(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	switch {
	case errors.Is(err, ErrCallbackIgnored):
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SSO Lens</title><style>%s</style></head><body><p>%s</p></body></html>`, pageStyle, neutralText)
	case err == nil:
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed in · SSO Lens</title><style>%s</style></head><body><h1>Signed in</h1><p>SSO Lens received the response. You can close this window.</p></body></html>`, pageStyle)
	default:
		status := http.StatusBadRequest
		if errors.Is(err, ErrAlreadyCompleted) {
			status = http.StatusConflict
		}
		w.WriteHeader(status)
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in failed · SSO Lens</title><style>%s</style></head><body><h1>Sign-in failed</h1><p>%s</p><p>SSO Lens shows what went wrong and how to fix it.</p></body></html>`, pageStyle, html.EscapeString(err.Error()))
	}
}

// FragmentPageMarker is on the page that posts the fragment back; a test
// browser that runs no JavaScript recognises the page by it.
const FragmentPageMarker = `data-ssolens-fragment-post`

// fragmentPage posts location.hash back to the same URL, with an inline
// script and no external resources; its CSP allows only that script.
func (l *LoopbackListener) fragmentPage(w http.ResponseWriter) {
	var b [16]byte
	rand.Read(b[:])
	nonce := base64.RawURLEncoding.EncodeToString(b[:])
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; connect-src 'self'; script-src 'nonce-"+nonce+"'")
	fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Completing sign-in · SSO Lens</title><style>%s</style></head>
<body %s><h1>Completing sign-in…</h1><p id="m">Handing the response to SSO Lens.</p>
<script nonce="%s">
(function(){var m=document.getElementById("m"),f=location.hash.slice(1),u=location.pathname+location.search;
history.replaceState(null,"",u);
if(!f){m.textContent="This URL carries no sign-in response.";return;}
fetch(u,{method:"POST",headers:{"Content-Type":"application/x-www-form-urlencoded"},body:f})
.then(function(r){return r.text()}).then(function(t){m.textContent=t;})
.catch(function(e){m.textContent="Could not reach SSO Lens: "+e;});})();
</script></body></html>`, pageStyle, FragmentPageMarker, nonce)
}
