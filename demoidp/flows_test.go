package demoidp

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

func TestListensOnLoopbackOnly(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	addr := p.Addr().(*net.TCPAddr)
	if !addr.IP.Equal(net.IPv4(127, 0, 0, 1)) {
		t.Errorf("listening on %s, want 127.0.0.1", addr)
	}
	if want := fmt.Sprintf("http://127.0.0.1:%d", addr.Port); p.Issuer() != want {
		t.Errorf("Issuer() = %q, want %q", p.Issuer(), want)
	}
	for _, bad := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:0", "example.com:0"} {
		if p, err := Start(t.Context(), Config{Addr: bad}); err == nil {
			p.Close()
			t.Errorf("Start(%q) succeeded, want a loopback-only error", bad)
		}
	}
	p2 := startProvider(t, Config{Addr: "localhost:0"})
	if ip := p2.Addr().(*net.TCPAddr).IP; !ip.Equal(net.IPv4(127, 0, 0, 1)) {
		t.Errorf("localhost:0 listens on %s, want 127.0.0.1", ip)
	}
}

func TestDiscoveryAndJWKS(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	d := discover(t, p)
	if d.Issuer != p.Issuer() {
		t.Errorf("discovery issuer = %q, want %q", d.Issuer, p.Issuer())
	}
	for _, g := range []string{"authorization_code", "refresh_token", "client_credentials", "urn:ietf:params:oauth:grant-type:device_code"} {
		if !slices.Contains(d.GrantTypes, g) {
			t.Errorf("grant_types_supported = %v, missing %s", d.GrantTypes, g)
		}
	}
	if !slices.Contains(d.CodeChallengeMethods, "S256") {
		t.Errorf("code_challenge_methods_supported = %v, want S256", d.CodeChallengeMethods)
	}
	for name, u := range map[string]string{"userinfo": d.UserinfoEndpoint, "revocation": d.RevocationEndpoint, "device": d.DeviceEndpoint, "jwks": d.JWKSURI} {
		if !strings.HasPrefix(u, p.Issuer()+"/") {
			t.Errorf("%s endpoint = %q, want one under the issuer", name, u)
		}
	}
	if k := kids(t, p); len(k) != 1 || k[0] == "" {
		t.Errorf("JWKS kids = %v, want one key", k)
	}
}

// TestBrowserSignIn drives the sign-in as a browser would: a plain
// http.Client follows the redirects to the login page, the test reads the
// form and submits it for alice, and the client lands on a loopback
// listener the test runs (RFC 8252 §7.3: any port).
func TestBrowserSignIn(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan url.Values, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/callback" {
			got <- r.URL.Query()
		}
		io.WriteString(w, "signed in")
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	redirect := fmt.Sprintf("http://%s/callback", ln.Addr())

	conf := oauthConfig(t, p, DesktopClientID, redirect)
	verifier := oauth2.GenerateVerifier()
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: 10 * time.Second}

	resp, err := browser.Get(conf.AuthCodeURL("st4te", oauth2.S256ChallengeOption(verifier)))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{Label, "Alice Anderson", "Bob Brown", "Carol Clark", "250 groups"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("login page lacks %q", want)
		}
	}
	action := regexp.MustCompile(`<form method="post" action="([^"]+)"`).FindSubmatch(page)
	hidden := regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]+)"`).FindSubmatch(page)
	if action == nil || hidden == nil {
		t.Fatalf("no login form in the page:\n%s", page)
	}
	form := url.Values{string(hidden[1]): {string(hidden[2])}, "user": {"alice"}}
	resp, err = browser.PostForm(resp.Request.URL.ResolveReference(&url.URL{Path: string(action[1])}).String(), form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var q url.Values
	select {
	case q = <-got:
	default:
		t.Fatalf("the browser ended at %s (%s), not at the redirect URI", resp.Request.URL, resp.Status)
	}
	if q.Get("state") != "st4te" || q.Get("code") == "" {
		t.Fatalf("callback query = %v, want code and state", q)
	}
	tok, err := conf.Exchange(t.Context(), q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}

	id, err := verify(t, p, idTokenOf(t, tok), DesktopClientID)
	if err != nil {
		t.Fatalf("ID token does not verify: %v", err)
	}
	at, err := verify(t, p, tok.AccessToken, APIAudience)
	if err != nil {
		t.Fatalf("access token does not verify: %v", err)
	}
	if aud := stringsOf(id["aud"]); !slices.Equal(aud, []string{DesktopClientID}) {
		t.Errorf("ID token aud = %v, want [%s]", id["aud"], DesktopClientID)
	}
	if at["aud"] != APIAudience {
		t.Errorf("access token aud = %v, want %s", at["aud"], APIAudience)
	}
	for name, c := range map[string]map[string]any{"ID token": id, "access token": at} {
		if c["sub"] != "alice" {
			t.Errorf("%s sub = %v, want alice", name, c["sub"])
		}
		if g := stringsOf(c["groups"]); !slices.Equal(g, []string{"engineers"}) {
			t.Errorf("%s groups = %v, want [engineers]", name, c["groups"])
		}
	}
	if id["email"] != "alice@example.com" || id["preferred_username"] != "alice" || id["name"] != "Alice Anderson" {
		t.Errorf("ID token profile = %v %v %v", id["email"], id["preferred_username"], id["name"])
	}
	if scp := stringsOf(at["scp"]); !slices.Equal(scp, []string{"openid", "profile", "email"}) {
		t.Errorf("access token scp = %v", at["scp"])
	}
	if at["client_id"] != DesktopClientID {
		t.Errorf("access token client_id = %v", at["client_id"])
	}
}

func TestLoopbackRedirectsOnAnyPort(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	for _, tc := range []struct{ client, redirect string }{
		{DesktopClientID, "http://127.0.0.1:50123/callback"},
		{DesktopClientID, "http://localhost:4242/callback"},
		{DesktopClientID, "http://[::1]:8080/callback"},
		{BrowserClientID, BrowserRedirectURI},
		{BrowserClientID, "http://localhost:17474/browser/?idp_id=demo&auth_flow_step=redirect_uri"},
		{BrowserClientID, "http://127.0.0.1:9999/callback"},
	} {
		t.Run(tc.client+" "+tc.redirect, func(t *testing.T) {
			conf := oauthConfig(t, p, tc.client, tc.redirect)
			u, err := p.LoginAs(t.Context(), nil, conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), "bob")
			if err != nil {
				t.Fatal(err)
			}
			if u.Query().Get("code") == "" || !strings.HasPrefix(u.String(), strings.SplitN(tc.redirect, "?", 2)[0]) {
				t.Errorf("redirected to %s", u)
			}
		})
	}
	t.Run("unregistered path refused", func(t *testing.T) {
		conf := oauthConfig(t, p, DesktopClientID, "http://127.0.0.1:5000/elsewhere")
		if u, err := p.LoginAs(t.Context(), nil, conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), "bob"); err == nil {
			t.Errorf("an unregistered redirect URI was accepted: %s", u)
		}
	})
}

func TestPublicClientsMustUsePKCE(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	conf := oauthConfig(t, p, DesktopClientID, "http://127.0.0.1:5000/callback")
	for name, opts := range map[string][]oauth2.AuthCodeOption{
		"no code_challenge": nil,
		"plain":             {oauth2.SetAuthURLParam("code_challenge", oauth2.GenerateVerifier()), oauth2.SetAuthURLParam("code_challenge_method", "plain")},
	} {
		t.Run(name, func(t *testing.T) {
			u, err := p.LoginAs(t.Context(), nil, conf.AuthCodeURL("s", opts...), "alice")
			if err != nil {
				t.Fatal(err)
			}
			if q := u.Query(); q.Get("error") != "invalid_request" || q.Get("code") != "" {
				t.Errorf("redirected to %s, want error=invalid_request", u)
			}
		})
	}
}

func TestWrongVerifierRejected(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	conf := oauthConfig(t, p, DesktopClientID, "http://127.0.0.1:5000/callback")
	u, err := p.LoginAs(t.Context(), nil, conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), "alice")
	if err != nil {
		t.Fatal(err)
	}
	_, err = conf.Exchange(t.Context(), u.Query().Get("code"), oauth2.VerifierOption(oauth2.GenerateVerifier()))
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
		t.Errorf("exchange with a wrong verifier: %v, want invalid_grant", err)
	}
}

func TestRefreshRotatesTheRefreshToken(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	conf := oauthConfig(t, p, DesktopClientID, "http://127.0.0.1:5000/callback", "openid", "profile", "offline_access")
	tok := signIn(t, p, conf, "bob")
	if tok.RefreshToken == "" {
		t.Fatal("no refresh token with offline_access")
	}
	fresh, err := conf.TokenSource(t.Context(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	if err != nil {
		t.Fatal(err)
	}
	if fresh.AccessToken == tok.AccessToken || fresh.RefreshToken == "" || fresh.RefreshToken == tok.RefreshToken {
		t.Errorf("refresh did not issue new tokens")
	}
	at, err := verify(t, p, fresh.AccessToken, APIAudience)
	if err != nil {
		t.Fatal(err)
	}
	if g := stringsOf(at["groups"]); !slices.Equal(g, []string{"collaborators"}) {
		t.Errorf("refreshed access token groups = %v", g)
	}
	if _, err := conf.TokenSource(t.Context(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err == nil {
		t.Error("the used refresh token still works; want rotation")
	}
}

func TestClientCredentials(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	d := discover(t, p)
	cc := clientcredentials.Config{ClientID: M2MClientID, ClientSecret: M2MClientSecret, TokenURL: d.TokenEndpoint, Scopes: []string{M2MScope}}
	tok, err := cc.Token(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	at, err := verify(t, p, tok.AccessToken, APIAudience)
	if err != nil {
		t.Fatal(err)
	}
	if at["sub"] != M2MClientID || !slices.Equal(stringsOf(at["scp"]), []string{M2MScope}) || at["groups"] != nil {
		t.Errorf("m2m access token claims = %v", at)
	}
	for name, bad := range map[string]clientcredentials.Config{
		"wrong secret":  {ClientID: M2MClientID, ClientSecret: "guess", TokenURL: d.TokenEndpoint},
		"foreign scope": {ClientID: M2MClientID, ClientSecret: M2MClientSecret, TokenURL: d.TokenEndpoint, Scopes: []string{"admin"}},
		"public client": {ClientID: DesktopClientID, TokenURL: d.TokenEndpoint},
	} {
		if _, err := bad.Token(t.Context()); err == nil {
			t.Errorf("%s: got a token", name)
		}
	}
}

func TestDeviceCode(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	conf := oauthConfig(t, p, DesktopClientID, "")
	da, err := conf.DeviceAuth(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(da.VerificationURIComplete, p.Issuer()+devicePath) {
		t.Fatalf("verification_uri_complete = %q", da.VerificationURIComplete)
	}
	// The person opens the link, sees the user list and picks bob.
	resp, err := http.Get(da.VerificationURIComplete)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "Bob Brown") || !strings.Contains(string(page), Label) {
		t.Fatalf("device page: %s\n%s", resp.Status, page)
	}
	resp, err = http.PostForm(p.Issuer()+devicePath, url.Values{"user_code": {da.UserCode}, "user": {"bob"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("approving the device: %s", resp.Status)
	}
	tok, err := conf.DeviceAccessToken(ctxTimeout(t, 20*time.Second), da)
	if err != nil {
		t.Fatal(err)
	}
	at, err := verify(t, p, tok.AccessToken, APIAudience)
	if err != nil {
		t.Fatal(err)
	}
	if at["sub"] != "bob" || !slices.Equal(stringsOf(at["groups"]), []string{"collaborators"}) {
		t.Errorf("device access token claims = %v", at)
	}
	if _, err := verify(t, p, idTokenOf(t, tok), DesktopClientID); err != nil {
		t.Errorf("device ID token: %v", err)
	}
}

func userinfo(t *testing.T, p *Provider, accessToken string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, discover(t, p).UserinfoEndpoint, nil)
	req.Header.Set("Authorization", "Bearer "+accessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var claims map[string]any
	if resp.StatusCode == http.StatusOK {
		if err := jsonDecode(resp.Body, &claims); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, claims
}

func TestUserinfoAndRevocation(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	conf := oauthConfig(t, p, DesktopClientID, "http://127.0.0.1:5000/callback", "openid", "profile", "email", "offline_access")
	tok := signIn(t, p, conf, "alice")

	status, claims := userinfo(t, p, tok.AccessToken)
	if status != http.StatusOK || claims["sub"] != "alice" || claims["email"] != "alice@example.com" || !slices.Equal(stringsOf(claims["groups"]), []string{"engineers"}) {
		t.Fatalf("userinfo: %d %v", status, claims)
	}

	revoke := func(token, hint string) {
		t.Helper()
		resp, err := http.PostForm(discover(t, p).RevocationEndpoint, url.Values{"token": {token}, "token_type_hint": {hint}, "client_id": {DesktopClientID}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("revoking the %s: %s", hint, resp.Status)
		}
	}
	revoke(tok.AccessToken, "access_token")
	if status, _ := userinfo(t, p, tok.AccessToken); status == http.StatusOK {
		t.Error("userinfo accepts a revoked access token")
	}
	revoke(tok.RefreshToken, "refresh_token")
	if _, err := conf.TokenSource(t.Context(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err == nil {
		t.Error("a revoked refresh token still works")
	}
}

func TestRotateKey(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	conf := oauthConfig(t, p, DesktopClientID, "http://127.0.0.1:5000/callback")
	first := kids(t, p)
	old := signIn(t, p, conf, "alice")

	if err := p.RotateKey(); err != nil {
		t.Fatal(err)
	}
	second := kids(t, p)
	if len(second) != 2 || !slices.Contains(second, first[0]) {
		t.Fatalf("after one rotation the JWKS has %v, want the new key and %s", second, first[0])
	}
	fresh := signIn(t, p, conf, "alice")
	_, h := claimsOf(t, fresh.AccessToken)
	if h["kid"] == first[0] || !slices.Contains(second, h["kid"].(string)) {
		t.Errorf("new tokens are signed with kid %v", h["kid"])
	}
	if _, err := verify(t, p, old.AccessToken, APIAudience); err != nil {
		t.Errorf("a token from before the rotation no longer verifies: %v", err)
	}

	if err := p.RotateKey(); err != nil {
		t.Fatal(err)
	}
	if third := kids(t, p); slices.Contains(third, first[0]) || len(third) != 2 {
		t.Errorf("after two rotations the JWKS has %v, want %s gone", third, first[0])
	}
	if _, err := verify(t, p, old.AccessToken, APIAudience); err == nil {
		t.Error("a token signed with a key dropped from the JWKS still verifies")
	}
}

func TestHomePageLabelsTheDemo(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	resp, err := http.Get(p.Issuer() + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{Label, p.Issuer(), M2MClientSecret, "a public demo secret", ScenarioGroupsOverage} {
		if !strings.Contains(string(page), want) {
			t.Errorf("home page lacks %q", want)
		}
	}
}
