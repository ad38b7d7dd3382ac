package demoidp

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/zitadel/oidc/v3/pkg/op"
)

// The login UI. The library redirects an authorization request to
// client.LoginURL; the page lists the demo users; choosing one completes
// the request and sends the browser back to the library's callback.
const (
	loginPath         = "/login"
	loginParamRequest = "authRequestID"
	loginParamUser    = "user"
	devicePath        = "/device"
	deviceParamCode   = "user_code"
)

// pages is parsed on first use, not when the package loads: every ssolens
// command links this package, few serve its pages.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Parse(pagesText))
})

const pagesText = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} · SSO Lens demo provider</title>
<style>
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
.banner{background:#fff3cd;border:1px solid #e0b000;padding:.6rem 1rem;border-radius:6px;font-weight:600}
button{display:block;width:100%;text-align:left;margin:.4rem 0;padding:.7rem 1rem;font-size:1rem;cursor:pointer;border:1px solid #888;border-radius:6px;background:#f7f7f7}
button:hover{background:#e8f0fe}
small,.muted{color:#666}
code{background:#f0f0f0;padding:0 .2rem}
td{padding:.15rem .6rem .15rem 0;vertical-align:top}
</style></head><body>
<p class="banner">{{.Label}}</p>
<h1>{{.Title}}</h1>
{{if .Error}}<p role="alert"><strong>{{.Error}}</strong></p>{{end}}
{{if .Scenario}}<p class="muted">Failure scenario: <code>{{.Scenario}}</code></p>{{end}}
{{if .Action}}
<p>{{if .ClientID}}<code>{{.ClientID}}</code> asks for {{range .Scopes}}<code>{{.}}</code> {{end}}<br>{{end}}
No password: choose who to sign in as.</p>
<form method="post" action="{{.Action}}">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">{{end}}
{{range .Users}}<button type="submit" name="user" value="{{.ID}}">{{.Name}} <small>({{.ID}}, {{.Email}}) — {{.GroupText}}</small></button>
{{end}}</form>
{{end}}
{{if .AskCode}}
<form method="get" action="{{.AskCode}}"><label>Code shown on the device: <input name="user_code" autofocus></label> <input type="submit" value="Continue"></form>
{{end}}
{{if .Message}}<p>{{.Message}}</p>{{end}}
{{if .Home}}{{with .Home}}
<p>Issuer: <code>{{.Issuer}}</code><br>Discovery: <a href="{{.Discovery}}">{{.Discovery}}</a></p>
<h2>Clients</h2><table>{{range .Clients}}<tr><td><code>{{.ID}}</code></td><td>{{.Kind}}{{if .Secret}}; secret <code>{{.Secret}}</code> (a public demo secret){{end}}</td></tr>{{end}}</table>
<h2>Users</h2><table>{{range .Users}}<tr><td><code>{{.ID}}</code></td><td>{{.Name}} — {{.GroupText}}</td></tr>{{end}}</table>
<h2>Failure scenarios</h2><table>{{range .Scenarios}}<tr><td><code>{{.Name}}</code></td><td>{{.Description}}</td></tr>{{end}}</table>
{{end}}{{end}}
</body></html>`

type pageUser struct {
	User
	GroupText string
}

type homeData struct {
	Issuer, Discovery string
	Clients           []Client
	Users             []pageUser
	Scenarios         []Scenario
}

type pageData struct {
	Label, Title, Error, Scenario, Message string
	Action, AskCode                        string
	ClientID                               string
	Scopes                                 []string
	Hidden                                 map[string]string
	Users                                  []pageUser
	Home                                   *homeData
}

// GroupText describes a user's groups in a line.
func (u User) GroupText() string {
	switch n := len(u.Groups); {
	case n == 0:
		return "no group"
	case n > 3:
		return fmt.Sprintf("%d groups (%s, …)", n, strings.Join(u.Groups[:3], ", "))
	default:
		return "groups: " + strings.Join(u.Groups, ", ")
	}
}

func pageUsers() []pageUser {
	var out []pageUser
	for _, u := range Users() {
		out = append(out, pageUser{u, u.GroupText()})
	}
	return out
}

func (p *Provider) render(w http.ResponseWriter, status int, d pageData) {
	d.Label = Label
	if sc := p.Scenario(); sc != ScenarioNone {
		d.Scenario = sc
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	pages().Execute(w, d)
}

func (p *Provider) loginPage(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get(loginParamRequest)
	clientID, scopes, ok := p.store.authRequestInfo(id)
	if !ok {
		p.render(w, http.StatusNotFound, pageData{Title: "Sign-in request not found", Error: "This sign-in request is unknown or expired: start again from the application."})
		return
	}
	p.render(w, http.StatusOK, pageData{
		Title: "Sign in", Action: loginPath, ClientID: clientID, Scopes: scopes,
		Hidden: map[string]string{loginParamRequest: id}, Users: pageUsers(),
	})
}

func (p *Provider) loginSubmit(w http.ResponseWriter, r *http.Request) {
	id, user := r.PostFormValue(loginParamRequest), r.PostFormValue(loginParamUser)
	if err := p.store.completeLogin(id, user); err != nil {
		p.render(w, http.StatusBadRequest, pageData{Title: "Sign-in failed", Error: err.Error()})
		return
	}
	http.Redirect(w, r, op.AuthCallbackURL(p.op)(r.Context(), id), http.StatusFound)
}

func (p *Provider) devicePage(w http.ResponseWriter, r *http.Request) {
	code := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get(deviceParamCode)))
	if code == "" {
		p.render(w, http.StatusOK, pageData{Title: "Sign in a device", AskCode: devicePath})
		return
	}
	clientID, scopes, ok := p.store.deviceRequest(code)
	if !ok {
		p.render(w, http.StatusNotFound, pageData{Title: "Sign in a device", AskCode: devicePath,
			Error: fmt.Sprintf("No device is waiting for code %q; check the code, or start again on the device.", code)})
		return
	}
	p.render(w, http.StatusOK, pageData{
		Title: "Sign in a device", Action: devicePath, ClientID: clientID, Scopes: scopes,
		Hidden: map[string]string{deviceParamCode: code}, Users: pageUsers(),
	})
}

func (p *Provider) deviceSubmit(w http.ResponseWriter, r *http.Request) {
	code, user := strings.ToUpper(r.PostFormValue(deviceParamCode)), r.PostFormValue(loginParamUser)
	if err := p.store.completeDevice(code, user); err != nil {
		p.render(w, http.StatusBadRequest, pageData{Title: "Device sign-in failed", Error: err.Error(), AskCode: devicePath})
		return
	}
	p.render(w, http.StatusOK, pageData{Title: "Device signed in", Message: fmt.Sprintf("The device is signed in as %s. You can close this page.", user)})
}

func (p *Provider) homePage(w http.ResponseWriter, _ *http.Request) {
	p.render(w, http.StatusOK, pageData{Title: "Demo OpenID provider", Home: &homeData{
		Issuer: p.issuer, Discovery: p.DiscoveryURL(),
		Clients: Clients(), Users: pageUsers(), Scenarios: Scenarios(),
	}})
}

// LoginAs plays the browser for a sign-in, for tests and scripts: it
// requests authURL (an authorization request to this provider), follows
// the provider's redirects to the login page, chooses user there, and
// returns the URL the provider then redirects to, without requesting it:
// the client's redirect URI with code and state, or with error and
// error_description if the provider refused the request. hc may be nil;
// its redirect policy is not used.
func (p *Provider) LoginAs(ctx context.Context, hc *http.Client, authURL, user string) (*url.URL, error) {
	c := http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if hc != nil {
		c.Transport, c.Jar, c.Timeout = hc.Transport, hc.Jar, hc.Timeout
	}
	base, err := url.Parse(p.issuer)
	if err != nil {
		return nil, err
	}
	next, err := url.Parse(authURL)
	if err != nil {
		return nil, fmt.Errorf("login as %s: authorization URL: %w", user, err)
	}
	for range 10 {
		if next.Scheme != base.Scheme || next.Host != base.Host {
			return next, nil // left the provider: the client's redirect URI
		}
		var req *http.Request
		if next.Path == loginPath {
			form := url.Values{loginParamRequest: {next.Query().Get(loginParamRequest)}, loginParamUser: {user}}
			req, err = http.NewRequestWithContext(ctx, http.MethodPost, next.ResolveReference(&url.URL{Path: loginPath}).String(), strings.NewReader(form.Encode()))
			if req != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
		} else {
			req, err = http.NewRequestWithContext(ctx, http.MethodGet, next.String(), nil)
		}
		if err != nil {
			return nil, fmt.Errorf("login as %s: %w", user, err)
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, fmt.Errorf("login as %s: %w", user, err)
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
		resp.Body.Close()
		loc, err := resp.Location()
		if err != nil {
			return nil, fmt.Errorf("login as %s: %s %s answered %s without a redirect: %s", user, req.Method, req.URL.Path, resp.Status, strings.TrimSpace(string(body)))
		}
		next = loc
	}
	return nil, errors.New("login as " + user + ": too many redirects")
}

// PlayBrowser returns a browser for tests, scripts and demos: given an
// authorization URL it signs in as user through the login page (LoginAs)
// and then requests the redirect, delivering the code to the client's
// loopback listener as a real browser would.
func (p *Provider) PlayBrowser(user string) func(ctx context.Context, authURL string) error {
	return func(ctx context.Context, authURL string) error {
		next, err := p.LoginAs(ctx, nil, authURL, user)
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, next.String(), nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("play browser: delivering the redirect to %s: %w", next.Host, err)
		}
		resp.Body.Close()
		return nil
	}
}
