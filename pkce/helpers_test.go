package pkce

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssolens/ssolens/demoidp"
)

// provider is a real OpenID provider on loopback with its test clients.
type provider struct {
	name       string
	issuer     string
	publicID   string // PKCE, implicit, device
	m2mID      string
	m2mSecret  string
	m2mScope   string
	resource   string // access tokens for it are at+jwt JWTs ("" = none)
	implicit   bool
	device     bool
	browser    func(user string, tamper func(*url.URL)) *playBrowser
	approve    func(ctx context.Context, dc DeviceCode, user string) error
	authParams map[string]string
}

func startDemo(t *testing.T) *provider {
	t.Helper()
	p, err := demoidp.Start(t.Context(), demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return &provider{
		name: "demo", issuer: p.Issuer(), publicID: demoidp.DesktopClientID,
		m2mID: demoidp.M2MClientID, m2mSecret: demoidp.M2MClientSecret, m2mScope: demoidp.M2MScope,
		device: true,
		browser: func(user string, tamper func(*url.URL)) *playBrowser {
			return newPlayBrowser(t, func(ctx context.Context, hc *http.Client, authURL string) (*url.URL, error) {
				return p.LoginAs(ctx, hc, authURL, user)
			}, tamper)
		},
		approve: func(ctx context.Context, dc DeviceCode, user string) error {
			resp, err := http.PostForm(p.Issuer()+"/device", url.Values{"user_code": {dc.UserCode}, "user": {user}})
			if err != nil {
				return err
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("approving the device: %s", resp.Status)
			}
			return nil
		},
	}
}

// startNode runs node-oidc-provider from e2e/ (npm ci --prefix e2e).
func startNode(t *testing.T) *provider {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join("..", "e2e"))
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the oidc-provider end-to-end tests need Node 20+ (and `npm ci --prefix e2e`)")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "oidc-provider")); err != nil {
		t.Skip("e2e/node_modules is missing: run `npm ci --prefix e2e` to run the oidc-provider end-to-end tests")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, node, "provider.mjs")
	cmd.Dir = dir
	stdin, _ := cmd.StdinPipe() // the provider exits when it closes
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cancel(); cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stdout)
		if s.Scan() {
			line <- strings.TrimSpace(s.Text())
		}
		io.Copy(io.Discard, stdout)
	}()
	var issuer string
	select {
	case issuer = <-line:
	case <-time.After(20 * time.Second):
		t.Fatalf("oidc-provider did not start: %s", stderr.String())
	}
	pr := &provider{
		name: "oidc-provider", issuer: issuer, publicID: "ssolens-native",
		m2mID: "ssolens-m2m", m2mSecret: "e2e-secret-not-for-production", m2mScope: "api:read",
		resource: "urn:ssolens:e2e-api", implicit: true, device: true,
	}
	pr.browser = func(user string, tamper func(*url.URL)) *playBrowser {
		return newPlayBrowser(t, func(ctx context.Context, hc *http.Client, authURL string) (*url.URL, error) {
			return followForms(ctx, hc, authURL, issuer, map[string]string{"login": user, "password": "any"})
		}, tamper)
	}
	pr.approve = func(ctx context.Context, dc DeviceCode, user string) error {
		jar, _ := cookiejar.New(nil)
		hc := &http.Client{Jar: jar}
		_, err := followForms(ctx, hc, dc.VerificationURIComplete, issuer, map[string]string{"login": user, "password": "any", "user_code": dc.UserCode})
		return err
	}
	return pr
}

// providers returns both real providers; the oidc-provider one may skip.
func providers(t *testing.T) map[string]func(*testing.T) *provider {
	return map[string]func(*testing.T) *provider{"demo": startDemo, "oidc-provider": startNode}
}

// playBrowser plays the system browser with an HTTP client: it signs in at
// the provider, then delivers the redirect to the loopback listener, running
// the fragment page's post as the inline script would.
type playBrowser struct {
	t      *testing.T
	login  func(ctx context.Context, hc *http.Client, authURL string) (*url.URL, error)
	tamper func(*url.URL)

	mu       sync.Mutex
	opened   []string
	statuses []int
	bodies   []string
	done     chan struct{}
}

func newPlayBrowser(t *testing.T, login func(context.Context, *http.Client, string) (*url.URL, error), tamper func(*url.URL)) *playBrowser {
	return &playBrowser{t: t, login: login, tamper: tamper, done: make(chan struct{})}
}

func (b *playBrowser) Open(ctx context.Context, authURL string) error {
	b.mu.Lock()
	b.opened = append(b.opened, authURL)
	b.mu.Unlock()
	go func() {
		defer close(b.done)
		u, _ := url.Parse(authURL)
		if b.tamper != nil {
			b.tamper(u)
		}
		jar, _ := cookiejar.New(nil)
		hc := &http.Client{Jar: jar, Timeout: 30 * time.Second}
		redirect, err := b.login(context.WithoutCancel(ctx), hc, u.String())
		if err != nil {
			b.t.Logf("browser: %v", err)
			return
		}
		b.deliver(redirect.String())
	}()
	return nil
}

// deliver requests the redirect URL at the listener.
func (b *playBrowser) deliver(redirect string) {
	status, body, err := get(redirect)
	if err != nil {
		b.t.Logf("browser: delivering the callback: %v", err)
		return
	}
	if strings.Contains(body, FragmentPageMarker) { // run the page's script
		u, _ := url.Parse(redirect)
		frag := u.Fragment
		u.Fragment = ""
		resp, err := http.Post(u.String(), "application/x-www-form-urlencoded", strings.NewReader(frag))
		if err != nil {
			b.t.Logf("browser: posting the fragment: %v", err)
			return
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		status, body = resp.StatusCode, string(data)
	}
	b.mu.Lock()
	b.statuses = append(b.statuses, status)
	b.bodies = append(b.bodies, body)
	b.mu.Unlock()
}

func (b *playBrowser) wait(t *testing.T) {
	select {
	case <-b.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the browser did not finish")
	}
}

func (b *playBrowser) lastPage() (int, string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.statuses) == 0 {
		return 0, ""
	}
	return b.statuses[len(b.statuses)-1], b.bodies[len(b.bodies)-1]
}

func get(u string) (int, string, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data), nil
}

var (
	formRe  = regexp.MustCompile(`(?s)<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>`)
	inputRe = regexp.MustCompile(`<input([^>]*)>`)
	attrRe  = regexp.MustCompile(`(\w+)="([^"]*)"`)
)

// followForms plays a person at node-oidc-provider's devInteractions: it
// follows redirects and submits each form (login, consent, device code,
// device confirmation) with fill's values, until a redirect leaves the
// provider; it returns that redirect, or nil when a page has no form left.
func followForms(ctx context.Context, hc *http.Client, start, issuer string, fill map[string]string) (*url.URL, error) {
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	base, _ := url.Parse(issuer)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, start, nil)
	for range 20 {
		if req.URL.Host != base.Host {
			return req.URL, nil
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if loc, err := resp.Location(); err == nil {
			req, _ = http.NewRequestWithContext(ctx, http.MethodGet, loc.String(), nil)
			continue
		}
		m := formRe.FindStringSubmatch(string(body))
		if m == nil {
			if resp.StatusCode != http.StatusOK {
				return nil, fmt.Errorf("%s %s: %s: %.300s", req.Method, req.URL, resp.Status, body)
			}
			return nil, nil // a final page (device flow success)
		}
		form := url.Values{}
		for _, in := range inputRe.FindAllStringSubmatch(m[2], -1) {
			attrs := map[string]string{}
			for _, a := range attrRe.FindAllStringSubmatch(in[1], -1) {
				attrs[a[1]] = a[2]
			}
			name := attrs["name"]
			if name == "" {
				continue
			}
			v := attrs["value"]
			if v == "" {
				v = fill[name]
			}
			form.Set(name, v)
		}
		action, _ := req.URL.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
		req, _ = http.NewRequestWithContext(ctx, http.MethodPost, action.String(), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return nil, errors.New("too many steps at the provider")
}
