package ssoclient_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/pkce"
)

// recordingTransport keeps the form bodies posted to the token endpoint.
type recordingTransport struct {
	mu    sync.Mutex
	forms []url.Values
}

func (rt *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodPost && req.Body != nil {
		body, _ := io.ReadAll(req.Body)
		req.Body.Close()
		vs, _ := url.ParseQuery(string(body))
		rt.mu.Lock()
		rt.forms = append(rt.forms, vs)
		rt.mu.Unlock()
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
	}
	return http.DefaultTransport.RoundTrip(req)
}

func (rt *recordingTransport) grant(g string) url.Values {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	for _, f := range rt.forms {
		if f.Get("grant_type") == g {
			return f
		}
	}
	return nil
}

// demoBrowser signs in at the demo provider as alice and delivers the
// redirect to the loopback listener, as a browser would.
type demoBrowser struct {
	t    *testing.T
	idp  *demoidp.Provider
	done chan struct{}
}

func (b *demoBrowser) Open(ctx context.Context, authURL string) error {
	go func() {
		defer close(b.done)
		jar, _ := cookiejar.New(nil)
		hc := &http.Client{Jar: jar, Timeout: 30 * time.Second}
		redirect, err := b.idp.LoginAs(context.WithoutCancel(ctx), hc, authURL, "alice")
		if err != nil {
			b.t.Logf("browser: %v", err)
			return
		}
		resp, err := http.Get(redirect.String())
		if err != nil {
			b.t.Logf("browser: delivering the callback: %v", err)
			return
		}
		resp.Body.Close()
	}()
	return nil
}

func codes(r *pkce.Result) []string {
	if r == nil || r.Report == nil {
		return nil
	}
	var out []string
	for _, f := range r.Report.Findings {
		out = append(out, f.Code)
	}
	return out
}

// demoConfProvider reads assets/samples/demo-neo4j.conf pointed at p, with extra
// lines appended.
func demoConfProvider(t *testing.T, issuer string, extra ...string) *ssoclient.Provider {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "assets", "samples", "demo-neo4j.conf"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(data), "http://127.0.0.1:9876", issuer) + strings.Join(extra, "\n") + "\n"
	c, err := conf.ParseConf(strings.NewReader(text), "demo-neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	m := conf.Analyze(c, conf.Latest, conf.LintOptions{})
	p := m.Provider("demo")
	if p == nil {
		t.Fatalf("no provider demo in the sample conf")
	}
	return ssoclient.FromConf(p)
}

func TestBrowserModeFromSampleConf(t *testing.T) {
	cases := []struct {
		name      string
		extra     []string
		wantScope string
		wantNonce bool
	}{
		{name: "sample as shipped", wantScope: "openid profile email"},
		{name: "auth_params override params, nonce, token_params",
			extra: []string{
				"dbms.security.oidc.demo.auth_params=scope=openid profile email offline_access",
				"dbms.security.oidc.demo.token_params=x_ssolens_probe=1",
				"dbms.security.oidc.demo.config=token_type_principal=id_token;token_type_authentication=access_token;implicit_flow_requires_nonce=true;code_challenge_method=S256",
			},
			wantScope: "openid profile email offline_access", wantNonce: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			idp, err := demoidp.Start(t.Context(), demoidp.Config{})
			if err != nil {
				t.Fatal(err)
			}
			defer idp.Close()
			np := demoConfProvider(t, idp.Issuer(), tc.extra...)
			rt := &recordingTransport{}
			c, err := pkce.New(t.Context(), pkce.Config{Mode: np, HTTPClient: &http.Client{Transport: rt, Timeout: 10 * time.Second}})
			if err != nil {
				t.Fatal(err)
			}
			b := &demoBrowser{t: t, idp: idp, done: make(chan struct{})}
			r, err := c.Login(t.Context(), pkce.LoginOptions{Browser: b, Timeout: 30 * time.Second})
			<-b.done
			if err != nil {
				t.Fatalf("login: %v %v", err, codes(r))
			}
			ru, _ := url.Parse(r.RedirectURI)
			wantRedirect := "http://127.0.0.1:" + ru.Port() + "/browser/?idp_id=demo&auth_flow_step=redirect_uri"
			if r.RedirectURI != wantRedirect {
				t.Errorf("redirect URI %s, want %s", r.RedirectURI, wantRedirect)
			}
			au, _ := url.Parse(r.AuthorizeURL)
			q := au.Query()
			checks := map[string]string{
				"client_id": demoidp.BrowserClientID, "response_type": "code", "scope": tc.wantScope,
				"redirect_uri": r.RedirectURI, "code_challenge_method": "S256",
			}
			for k, want := range checks {
				if q.Get(k) != want {
					t.Errorf("authorize %s = %q, want %q", k, q.Get(k), want)
				}
			}
			if !strings.HasPrefix(q.Get("state"), "state-") || strings.Count(q.Get("state"), "-") != 4 {
				t.Errorf("state %q is not neo4j-client-sso's form", q.Get("state"))
			}
			if q.Has("nonce") != tc.wantNonce {
				t.Errorf("nonce sent: %v, want %v", q.Has("nonce"), tc.wantNonce)
			}
			tokenReq := rt.grant("authorization_code")
			if tokenReq == nil {
				t.Fatal("no token request recorded")
			}
			for _, k := range []string{"client_id", "redirect_uri", "code_verifier", "code"} {
				if tokenReq.Get(k) == "" {
					t.Errorf("token request lacks %s", k)
				}
			}
			if tokenReq.Get("redirect_uri") != r.RedirectURI {
				t.Errorf("token request redirect_uri %q", tokenReq.Get("redirect_uri"))
			}
			if tc.wantNonce && tokenReq.Get("x_ssolens_probe") != "1" {
				t.Errorf("token_params not sent: %v", tokenReq)
			}
			if r.Report.HasError() {
				t.Errorf("findings: %v", codes(r))
			}
			if tc.wantNonce {
				rr, err := c.Refresh(t.Context(), r.Token.RefreshToken)
				if err != nil {
					t.Fatalf("refresh: %v %v", err, codes(rr))
				}
				ref := rt.grant("refresh_token")
				if ref.Get("scope") != "openid profile email" || ref.Get("x_ssolens_probe") != "1" || ref.Get("client_id") != demoidp.BrowserClientID {
					t.Errorf("refresh request %v lacks Neo4j Browser's scope / token_params / client_id", ref)
				}
			}
		})
	}
}

func TestFromServer(t *testing.T) {
	body := `{"neo4j_version":"2026.03","auth_config":{"oidc_providers":[{"id":"okta","name":"Okta","auth_flow":"pkce",
	"auth_endpoint":"https://x/authorize","token_endpoint":"https://x/token","params":{"client_id":"c","response_type":"code","scope":"openid"},
	"config":{"implicit_flow_requires_nonce":"false","code_challenge_method":"plain"}}]}}`
	sd, err := server.ParseServerDiscovery([]byte(body), "test")
	if err != nil || len(sd.Providers) != 1 {
		t.Fatalf("%v %v", sd, err)
	}
	p := ssoclient.FromServer(sd.Providers[0].Provider, sd.Providers[0].Published)
	if !p.RequiresNonce() {
		t.Error(`the string "false" is truthy in the Browser's JavaScript`)
	}
	if p.ChallengeMethod() != "plain" || p.RedirectQuery() != "idp_id=okta&auth_flow_step=redirect_uri" {
		t.Errorf("%s %s", p.ChallengeMethod(), p.RedirectQuery())
	}
}
