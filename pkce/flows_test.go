package pkce

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
)

func newClient(t *testing.T, p *provider, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{Issuer: p.issuer, ClientID: p.publicID, Scopes: []string{"openid", "profile", "email", "offline_access"}}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func tokenOf(r *Result, source string) *inspector.Token {
	for _, tk := range r.Report.Tokens {
		if tk.Source == source {
			return tk
		}
	}
	return nil
}

func codes(r *Result) []string {
	var out []string
	for _, f := range r.Findings() {
		out = append(out, f.Code)
	}
	return out
}

func steps(r *Result) []string {
	var out []string
	for _, e := range r.Events {
		out = append(out, e.Step)
	}
	return out
}

func TestLoginPKCESucceeds(t *testing.T) {
	for name, start := range providers(t) {
		t.Run(name, func(t *testing.T) {
			p := start(t)
			c := newClient(t, p, func(cfg *Config) { cfg.Resource = p.resource })
			b := p.browser("alice", nil)
			var shown string
			r, err := c.Login(t.Context(), LoginOptions{Browser: b, Timeout: 30 * time.Second,
				OnRedirectURI: func(u string) {
					shown = u
					if len(b.opened) != 0 {
						t.Error("the browser opened before the redirect URI was shown")
					}
				}})
			b.wait(t)
			if err != nil {
				t.Fatalf("login: %v; findings %v", err, codes(r))
			}
			if shown == "" || shown != r.RedirectURI || !strings.HasPrefix(shown, "http://127.0.0.1:") {
				t.Errorf("redirect URI shown %q, result %q", shown, r.RedirectURI)
			}
			q, _ := url.Parse(r.AuthorizeURL)
			for _, k := range []string{"code_challenge", "state", "nonce", "redirect_uri"} {
				if q.Query().Get(k) == "" {
					t.Errorf("authorize request lacks %s: %s", k, r.AuthorizeURL)
				}
			}
			if q.Query().Get("code_challenge_method") != "S256" {
				t.Errorf("code_challenge_method = %q", q.Query().Get("code_challenge_method"))
			}
			if status, body := b.lastPage(); status != http.StatusOK || !strings.Contains(body, "close this window") {
				t.Errorf("success page: %d %.200s", status, body)
			}
			id := tokenOf(r, "id_token")
			if id == nil || id.Signature == nil || !id.Signature.Verified {
				t.Fatalf("ID token not verified: %+v; findings %v", id, codes(r))
			}
			if inspector.HasError(id.Findings) {
				t.Errorf("ID token findings: %v", id.Findings)
			}
			if r.Token.RefreshToken == "" {
				t.Error("no refresh token")
			}
			at := tokenOf(r, "access_token")
			if p.resource != "" {
				if typ, _ := at.Header.String("typ"); typ != "at+jwt" {
					t.Errorf("access token typ %q, want at+jwt", typ)
				}
				if aud, _ := at.Claims.Strings("aud"); len(aud) == 0 || aud[0] != p.resource {
					t.Errorf("access token aud %v, want %s", aud, p.resource)
				}
			}
			if r.Report.HasError() {
				t.Errorf("error findings: %v", codes(r))
			}
			want := []string{StepDiscovery, StepListenerBound, StepRedirectURI, StepAuthorizeURL, StepBrowserOpened, StepCallbackReceived, StepCodeExchanged, StepTokensReceived, StepVerified}
			got := strings.Join(steps(r), " ")
			last := -1
			for _, s := range want {
				i := strings.Index(got, s)
				if i < last {
					t.Errorf("events out of order or missing %s: %s", s, got)
				}
				last = i
			}
			// One-shot: a later callback gets an error page.
			status, _, err := get(r.RedirectURI + "&code=again&state=x")
			if err == nil && status == http.StatusOK {
				t.Error("a second callback was accepted")
			}
		})
	}
}

// TestLoginIgnoresCallbacksOfAnotherState: a callback whose state is not
// the sign-in's (a forged error, a missing state, a forged post) gets a
// neutral page and does not end the sign-in; the real one still completes
// it, and the event trail says what was ignored (RFC 6749 §10.12).
func TestLoginIgnoresCallbacksOfAnotherState(t *testing.T) {
	for name, start := range providers(t) {
		t.Run(name, func(t *testing.T) {
			p := start(t)
			c := newClient(t, p, nil)
			real := p.browser("alice", nil)
			var forged []int
			b := BrowserFunc(func(ctx context.Context, authURL string) error {
				u, _ := url.Parse(authURL)
				cb := u.Query().Get("redirect_uri")
				for _, q := range []string{"?error=access_denied&state=wrong", "?error=access_denied&error_description=forged", "?code=stolen&state="} {
					status, body, err := get(cb + q)
					if err != nil || strings.Contains(body, "failed") {
						t.Errorf("forged %s: status %d, err %v, page %q", q, status, err, body)
					}
					forged = append(forged, status)
				}
				resp, err := http.Post(cb, "application/x-www-form-urlencoded", strings.NewReader("error=access_denied&state=forged"))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				forged = append(forged, resp.StatusCode)
				return real.Open(ctx, authURL)
			})
			r, err := c.Login(t.Context(), LoginOptions{Browser: b, Timeout: 30 * time.Second})
			real.wait(t)
			if err != nil {
				t.Fatalf("the real callback after forged ones: %v, findings %v", err, codes(r))
			}
			for i, status := range forged {
				if status != http.StatusOK {
					t.Errorf("forged callback %d answered %d, want a neutral 200 page", i, status)
				}
			}
			if n := strings.Count(eventDetails(r), StepCallbackIgnored+": forged callback ignored"); n != 4 {
				t.Errorf("%d forged callbacks in the event trail, want 4:\n%s", n, eventDetails(r))
			}
			if status, _ := real.lastPage(); status != http.StatusOK {
				t.Errorf("the real callback's page: status %d", status)
			}
		})
	}
}

// TestLoginWithOnlyAForgedStateTimesOut: when only a forged callback comes,
// the sign-in waits until its time runs out and says what it ignored; no
// code is exchanged.
func TestLoginWithOnlyAForgedStateTimesOut(t *testing.T) {
	p := startDemo(t)
	c := newClient(t, p, nil)
	b := p.browser("alice", func(u *url.URL) { setQuery(u, "state", "forged-state") })
	r, err := c.Login(t.Context(), LoginOptions{Browser: b, Timeout: 3 * time.Second})
	b.wait(t)
	if !errors.Is(err, ErrTimeout) || !r.HasFinding(FindStateMismatch.Code) || !r.HasFinding(FindCallbackTimeout.Code) {
		t.Fatalf("err %v, findings %v", err, codes(r))
	}
	if status, body := b.lastPage(); status != http.StatusOK || strings.Contains(body, "Signed in") {
		t.Errorf("browser page %d %q: want the neutral page", status, body)
	}
	if s := strings.Join(steps(r), " "); strings.Contains(s, StepCodeExchanged) || !strings.Contains(s, StepCallbackIgnored) {
		t.Errorf("steps %s: want %s and no code exchange", s, StepCallbackIgnored)
	}
}

func TestLoginRejectsNonceMismatch(t *testing.T) {
	for name, start := range providers(t) {
		t.Run(name, func(t *testing.T) {
			p := start(t)
			c := newClient(t, p, nil)
			b := p.browser("alice", func(u *url.URL) { setQuery(u, "nonce", "injected-nonce") })
			r, err := c.Login(t.Context(), LoginOptions{Browser: b, Timeout: 30 * time.Second})
			b.wait(t)
			if !errors.Is(err, ErrNonceMismatch) || !r.HasFinding(inspector.FindNonceMismatch.Code) {
				t.Fatalf("err %v, findings %v", err, codes(r))
			}
		})
	}
}

func TestLoginCallbackErrorBecomesFinding(t *testing.T) {
	for name, start := range providers(t) {
		t.Run(name, func(t *testing.T) {
			p := start(t)
			// prompt=none without a session: the provider redirects back with
			// error=login_required (OIDC Core §3.1.2.6).
			c := newClient(t, p, func(cfg *Config) { cfg.AuthParams = map[string]string{"prompt": "none"} })
			b := p.browser("alice", nil)
			r, err := c.Login(t.Context(), LoginOptions{Browser: b, Timeout: 30 * time.Second})
			b.wait(t)
			if !errors.Is(err, ErrCallbackError) || !r.HasFinding(inspector.FindRedirectError.Code) {
				t.Fatalf("err %v, findings %v", err, codes(r))
			}
			for _, f := range r.Findings() {
				if f.Code == inspector.FindRedirectError.Code && f.Fix == "" {
					t.Error("no fix for the callback error")
				}
			}
		})
	}
}

func setQuery(u *url.URL, k, v string) {
	q := u.Query()
	q.Set(k, v)
	u.RawQuery = q.Encode()
}

func TestLoginTimesOut(t *testing.T) {
	p := startDemo(t)
	c := newClient(t, p, nil)
	r, err := c.Login(t.Context(), LoginOptions{Browser: NoBrowser{}, Timeout: 300 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) || !r.HasFinding(FindCallbackTimeout.Code) {
		t.Fatalf("err %v, findings %v", err, codes(r))
	}
	// The listener is closed afterwards.
	if _, _, err := get(r.RedirectURI + "?code=x&state=y"); err == nil {
		t.Error("the listener still answers after the timeout")
	}
}

func TestLoginCancelledByContext(t *testing.T) {
	p := startDemo(t)
	c := newClient(t, p, nil)
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := c.Login(ctx, LoginOptions{Browser: NoBrowser{}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
}

func TestLoginFallsBackToNextPort(t *testing.T) {
	busy, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := busy.Addr().(*net.TCPAddr).Port
	free := freePort(t)
	for name, start := range providers(t) {
		t.Run(name, func(t *testing.T) {
			p := start(t)
			c := newClient(t, p, nil)
			b := p.browser("bob", nil)
			r, err := c.Login(t.Context(), LoginOptions{Browser: b, Timeout: 30 * time.Second,
				Loopback: LoopbackConfig{Ports: []int{busyPort, free}}})
			b.wait(t)
			if err != nil {
				t.Fatalf("login: %v %v", err, codes(r))
			}
			if !strings.Contains(r.RedirectURI, ":"+strconv.Itoa(free)+"/") || !r.HasFinding(FindPortInUse.Code) {
				t.Errorf("redirect %s, findings %v", r.RedirectURI, codes(r))
			}
		})
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func TestLoginImplicitPostsFragmentBack(t *testing.T) {
	p := startNode(t)
	c := newClient(t, p, func(cfg *Config) { cfg.Scopes = []string{"openid", "profile"} })
	b := p.browser("carol", nil)
	r, err := c.Login(t.Context(), LoginOptions{Browser: b, Implicit: true, Timeout: 30 * time.Second})
	b.wait(t)
	if err != nil {
		t.Fatalf("implicit: %v %v", err, codes(r))
	}
	if !strings.Contains(strings.Join(steps(r), " "), "fragment post") && !strings.Contains(eventDetails(r), "via fragment post") {
		t.Errorf("the response did not come through the fragment page: %v", r.Events)
	}
	if id := tokenOf(r, "id_token"); id == nil || !id.Signature.Verified {
		t.Errorf("implicit ID token not verified: %v", codes(r))
	}
	if !r.HasFinding(FindImplicitFlow.Code) {
		t.Error("no implicit-flow warning")
	}
}

func eventDetails(r *Result) string {
	var b strings.Builder
	for _, e := range r.Events {
		b.WriteString(e.Step + ": " + e.Detail + "\n")
	}
	return b.String()
}

func TestPasteRedirectURLCompletesLogin(t *testing.T) {
	p := startDemo(t)
	c := newClient(t, p, nil)
	pasted := make(chan string, 2)
	remote := BrowserFunc(func(ctx context.Context, authURL string) error {
		go func() {
			b := p.browser("alice", nil)
			u, err := b.login(ctx, http.DefaultClient, authURL)
			if err != nil {
				t.Error(err)
				return
			}
			pasted <- "not a redirect URL"
			pasted <- u.String() // the browser on another machine could not reach loopback
		}()
		return nil
	})
	r, err := c.Login(t.Context(), LoginOptions{Browser: remote, Pasted: pasted, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatalf("paste: %v %v", err, codes(r))
	}
	if !strings.Contains(eventDetails(r), "via paste") {
		t.Errorf("events: %s", eventDetails(r))
	}
}

func TestClientCredentials(t *testing.T) {
	for name, start := range providers(t) {
		t.Run(name, func(t *testing.T) {
			p := start(t)
			c := newClient(t, p, func(cfg *Config) {
				cfg.ClientID, cfg.ClientSecret, cfg.Scopes, cfg.Resource = p.m2mID, p.m2mSecret, []string{p.m2mScope}, p.resource
			})
			r, err := c.ClientCredentials(t.Context())
			if err != nil {
				t.Fatalf("client credentials: %v %v", err, codes(r))
			}
			at := tokenOf(r, "access_token")
			if at == nil || at.Signature == nil || !at.Signature.Verified {
				t.Fatalf("access token not verified: %v", codes(r))
			}
			if r.Report.HasError() {
				t.Errorf("findings: %v", codes(r))
			}
		})
	}
}

func TestRefreshShowsRotation(t *testing.T) {
	for name, start := range providers(t) {
		t.Run(name, func(t *testing.T) {
			p := start(t)
			c := newClient(t, p, nil)
			b := p.browser("alice", nil)
			r, err := c.Login(t.Context(), LoginOptions{Browser: b, Timeout: 30 * time.Second})
			b.wait(t)
			if err != nil {
				t.Fatal(err)
			}
			rr, err := c.Refresh(t.Context(), r.Token.RefreshToken)
			if err != nil {
				t.Fatalf("refresh: %v %v", err, codes(rr))
			}
			if rr.RefreshRotated == nil {
				t.Fatal("rotation not reported")
			}
			want := FindRefreshReused.Code
			if *rr.RefreshRotated {
				want = FindRefreshRotated.Code
			}
			if !rr.HasFinding(want) {
				t.Errorf("findings %v", codes(rr))
			}
			t.Logf("%s rotates refresh tokens: %v", name, *rr.RefreshRotated)
			if tokenOf(rr, "access_token") == nil {
				t.Error("no access token after refresh")
			}
		})
	}
}

func TestDeviceCode(t *testing.T) {
	for name, start := range providers(t) {
		t.Run(name, func(t *testing.T) {
			p := start(t)
			c := newClient(t, p, func(cfg *Config) { cfg.Scopes = []string{"openid", "profile"} })
			ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
			defer cancel()
			var shown DeviceCode
			r, err := c.Device(ctx, func(dc DeviceCode) {
				shown = dc
				go func() {
					if err := p.approve(ctx, dc, "bob"); err != nil {
						t.Errorf("approve: %v", err)
					}
				}()
			})
			if err != nil {
				t.Fatalf("device: %v %v", err, codes(r))
			}
			if shown.UserCode == "" || !strings.Contains(eventDetails(r), shown.UserCode) {
				t.Errorf("user code not shown: %+v", shown)
			}
			if id := tokenOf(r, "id_token"); id == nil || !id.Signature.Verified {
				t.Errorf("device ID token: %v", codes(r))
			}
		})
	}
}

func TestPasswordGrantUnsupported(t *testing.T) {
	for name, start := range providers(t) {
		t.Run(name, func(t *testing.T) {
			p := start(t)
			c := newClient(t, p, nil)
			r, err := c.Password(t.Context(), "alice", "secret-password")
			if err == nil {
				t.Fatal("the password grant succeeded")
			}
			var found bool
			for _, f := range r.Findings() {
				if f.Code == inspector.FindTokenResponse.Code && strings.Contains(f.Evidence, "unsupported_grant_type") {
					found = true
				}
			}
			if !found || !r.HasFinding(FindGrantNotListed.Code) {
				t.Errorf("findings %v", r.Findings())
			}
			if strings.Contains(eventDetails(r), "secret-password") {
				t.Error("the password is in the events")
			}
		})
	}
}

func TestUserInfoAndRevocation(t *testing.T) {
	for name, start := range providers(t) {
		t.Run(name, func(t *testing.T) {
			p := start(t)
			c := newClient(t, p, nil) // no resource: an access token for UserInfo
			b := p.browser("alice", nil)
			r, err := c.Login(t.Context(), LoginOptions{Browser: b, Timeout: 30 * time.Second})
			b.wait(t)
			if err != nil {
				t.Fatal(err)
			}
			raw, fs, err := c.UserInfo(t.Context(), r.Token.AccessToken)
			if err != nil {
				t.Fatalf("userinfo: %v %v", err, fs)
			}
			var claims map[string]any
			if err := json.Unmarshal(raw, &claims); err != nil || claims["sub"] != "alice" {
				t.Errorf("userinfo claims %s", raw)
			}
			if fs, err := c.Revoke(t.Context(), r.Token.RefreshToken, "refresh_token"); err != nil {
				t.Fatalf("revoke: %v %v", err, fs)
			}
			if rr, err := c.Refresh(t.Context(), r.Token.RefreshToken); err == nil {
				t.Errorf("a revoked refresh token still works: %v", codes(rr))
			}
			if _, fs, err := c.UserInfo(t.Context(), "not-a-valid-token"); err == nil || len(fs) == 0 || fs[0].Code != FindUserInfoFailed.Code {
				t.Errorf("bad token at userinfo: %v %v", err, fs)
			}
		})
	}
}

// TestLoginDefaultBrowserFails: when the system's default browser cannot be
// opened, the sign-in goes on (the URL can be opened by hand) and its
// browser-not-opened finding carries the command line's way to another
// browser; a Browser of the caller's own that fails carries none.
func TestLoginDefaultBrowserFails(t *testing.T) {
	p := startDemo(t)
	c := newClient(t, p, nil)
	t.Setenv("PATH", t.TempDir()) // no browser program: the default browser fails
	r, err := c.Login(t.Context(), LoginOptions{Browser: SystemBrowser{}, Timeout: 300 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err %v", err)
	}
	var f *inspector.Finding
	for _, x := range r.Findings() {
		if x.Code == FindBrowserNotOpened.Code {
			f = &x
		}
	}
	if f == nil || f.Command != "ssolens login --no-browser" || strings.Contains(f.Fix, "--") {
		t.Fatalf("browser-not-opened: %+v", f)
	}
}
