package app

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/session"
	"github.com/ssolens/ssolens/snippets"
)

// find returns the first object under o (widgets' renderers included) that
// match accepts.
func find[T fyne.CanvasObject](o fyne.CanvasObject, match func(T) bool) T {
	var found T
	var done bool
	walkTree(o, func(o fyne.CanvasObject) bool {
		if w, ok := o.(T); ok && !done && match(w) {
			found, done = w, true
		}
		return !done
	})
	return found
}

// walkTree calls visit on o and every object under it (widgets' renderers
// included), depth first; it goes under an object when visit returns true.
func walkTree(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if o == nil || !visit(o) {
		return
	}
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			walkTree(c, visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			walkTree(c, visit)
		}
	}
}

// codeText is the text of the code blocks (monospace, selectable labels)
// of a tab, whole: drawn, a long line is broken in two.
func (b *bench) codeText(tab string) string {
	b.wb.SelectTab(tab)
	var sb strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if l, ok := o.(*widget.Label); ok && l.Selectable && l.TextStyle.Monospace {
			sb.WriteString(l.Text + "\n")
			return
		}
		switch w := o.(type) {
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(b.win.Canvas().Content())
	return sb.String()
}

func (b *bench) radio(tab, option string) *widget.RadioGroup {
	b.t.Helper()
	b.wb.SelectTab(tab)
	r := find(b.win.Canvas().Content(), func(r *widget.RadioGroup) bool {
		for _, o := range r.Options {
			if o == option {
				return true
			}
		}
		return false
	})
	if r == nil {
		b.t.Fatalf("%s tab has no choice %q", tab, option)
	}
	return r
}

// snippetKind is the snippet kind drop-down of the Config & code tab.
func (b *bench) snippetKind() *widget.Select {
	b.t.Helper()
	b.wb.SelectTab(TabHandoff)
	sel := find(b.wb.handoffTab, func(*widget.Select) bool { return true })
	if sel == nil {
		b.t.Fatal("no snippet kind drop-down")
	}
	return sel
}

func (b *bench) tabButton(tab, text string) *widget.Button {
	b.t.Helper()
	b.wb.SelectTab(tab)
	btn := find(b.win.Canvas().Content(), func(w *widget.Button) bool { return w.Text == text && w.Visible() })
	if btn == nil {
		b.t.Fatalf("%s tab has no button %q", tab, text)
	}
	return btn
}

// tokensOf are the raw tokens of the last sign-in.
func (b *bench) tokensOf() []string {
	var out []string
	for _, t := range b.wb.signIn().Report.Tokens {
		out = append(out, t.Raw)
	}
	return out
}

func TestConfigTabWritesTheBlockForTheDemoSignIn(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	issuer := b.wb.demo.IdP.Issuer()
	code := b.codeText(TabHandoff)
	for _, want := range []string{
		"dbms.security.oidc.demo.well_known_discovery_uri=" + issuer + "/.well-known/openid-configuration",
		"token_type_authentication=access_token",
		"dbms.security.oidc.demo.claims.groups=groups",
	} {
		if !strings.Contains(code, want) {
			t.Errorf("the block lacks %q:\n%s", want, code)
		}
	}
	b.assertShows(TabHandoff, "Neo4j config · provider demo", "Passes lint", "Neo4j validates the access_token", "engineers")

	// The Docker form, and Copy takes what is shown.
	b.radio(TabHandoff, FormDocker).SetSelected(FormDocker)
	if code := b.codeText(TabHandoff); !strings.Contains(code, "NEO4J_dbms_security_oidc_demo_well__known__discovery__uri="+issuer) {
		t.Errorf("the Docker form is not shown:\n%s", code)
	}
	test.Tap(b.tabButton(TabHandoff, "Copy"))
	if got := b.app.Clipboard().Content(); got != b.wb.mustHandoff(t).Config.Env {
		t.Errorf("clipboard holds %q, want the Docker form", got)
	}
	// The Helm form.
	b.radio(TabHandoff, FormDocker).SetSelected(FormHelm)
	if code := b.codeText(TabHandoff); !strings.Contains(code, "  dbms.security.oidc.demo.well_known_discovery_uri: \""+issuer) {
		t.Errorf("the Helm form is not shown:\n%s", code)
	}
	test.Tap(b.tabButton(TabHandoff, "Copy"))
	if got := b.app.Clipboard().Content(); got != b.wb.mustHandoff(t).Config.Helm {
		t.Errorf("clipboard holds %q, want the Helm form", got)
	}
	b.assertShows(TabFindings, "finding")
}

// TestConfigTabChoosesTheIDTokenForAnOpaqueAccessToken: with the
// opaque-access-token scenario the block makes Neo4j validate the ID
// token, and says why.
func TestConfigTabChoosesTheIDTokenForAnOpaqueAccessToken(t *testing.T) {
	b := newBench(t)
	demo := b.startDemo()
	if err := demo.IdP.SetScenario(demoidp.ScenarioOpaqueAccessToken); err != nil {
		t.Fatal(err)
	}
	test.Tap(b.wb.side.SignIn)
	b.waitTab(TabHandoff, "Neo4j validates the id_token")
	if code := b.codeText(TabHandoff); !strings.Contains(code, "token_type_principal=id_token;token_type_authentication=id_token") {
		t.Errorf("the block does not validate the ID token:\n%s", code)
	}
	b.assertShows(TabHandoff, "config-validates-id-token", "Fix: ", "Passes lint")
	b.assertShows(TabFindings, "config-validates-id-token")
}

func TestSnippetsShowTheChosenKindWithoutTokens(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	issuer := b.wb.demo.IdP.Issuer()
	for _, k := range snippets.Kinds() {
		b.snippetKind().SetSelected(string(k))
		want, err := b.wb.mustHandoff(t).Snippet(k, "", "")
		if err != nil {
			t.Fatal(err)
		}
		code := b.codeText(TabHandoff)
		if !strings.Contains(code, strings.TrimRight(want.Text, "\n")) || !strings.Contains(code, issuer) {
			t.Errorf("%s: the snippet shown is not the %s one with the demo issuer:\n%s", k, k, code)
		}
		b.assertShows(TabHandoff, want.Title, want.Filename)
		for _, tok := range b.tokensOf() {
			if strings.Contains(code, tok[len(tok)-16:]) {
				t.Errorf("%s: the snippet holds a token", k)
			}
		}
	}
	// Choosing a kind below the fold keeps the view where it was.
	b.wb.SelectTab(TabHandoff)
	b.wb.handoffTab.Objects[0].(*container.Scroll).ScrollToOffset(fyne.NewPos(0, 300))
	b.snippetKind().SetSelected("go")
	b.wb.SelectTab(TabHandoff)
	if y := b.wb.handoffTab.Objects[0].(*container.Scroll).Offset.Y; y != 300 {
		t.Errorf("choosing a kind scrolled the view to %v", y)
	}
	// The snippets follow the live check's address; Save writes the file.
	b.snippetKind().SetSelected("python-driver")
	b.wb.checker.HTTPURL.SetText("http://neo4j.example.com:7474")
	b.wb.checker.BoltURL.SetText("neo4j+s://neo4j.example.com:7687")
	b.wb.render()
	if code := b.codeText(TabHandoff); !strings.Contains(code, "neo4j+s://neo4j.example.com:7687") {
		t.Errorf("the driver snippet does not use the Bolt URL given:\n%s", code)
	}
	path := filepath.Join(t.TempDir(), "driver_bearer.py")
	b.wb.SaveSnippet(path)
	deadline := time.After(5 * time.Second)
	for !strings.Contains(b.wb.side.Status.Text, "Saved") {
		select {
		case f := <-b.ui:
			f()
		case <-deadline:
			t.Fatalf("no save reported; error: %s", b.wb.Errors.Text)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "AuthManagers.bearer") || !strings.Contains(string(data), issuer) {
		t.Errorf("saved file:\n%s", data)
	}
}

// neo4jStandIn is NOT Neo4j: no Neo4j server runs where these tests run,
// so this loopback server answers with the response shapes Neo4j
// documents (the discovery document at /, and the Query API at
// /db/system/query/v2: data.fields/values for SHOW CURRENT USER, errors[]
// with Neo4j's codes for a refusal) to test the window against them.
type neo4jStandIn struct {
	token string   // the bearer token it accepts
	user  string   // SHOW CURRENT USER's answer
	roles []string //
	hang  chan struct{}

	mu   sync.Mutex
	auth []string // Authorization headers received
}

func newNeo4jStandIn(t *testing.T, s *neo4jStandIn) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"bolt_direct": "bolt://localhost:7687", "bolt_routing": "neo4j://localhost:7687",
			"query": "http://" + r.Host + "/db/{databaseName}/query/v2", "neo4j_version": "2026.03.0", "neo4j_edition": "enterprise",
			"auth_config": map[string]any{"oidc_providers": []any{map[string]any{"id": "demo", "name": "Demo", "auth_flow": "pkce",
				"params": map[string]any{"client_id": "neo4j-browser", "response_type": "code", "scope": "openid profile email"}}}},
		})
	})
	mux.HandleFunc("POST /db/system/query/v2", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		s.mu.Lock()
		s.auth = append(s.auth, r.Header.Get("Authorization"))
		s.mu.Unlock()
		if s.hang != nil {
			select {
			case <-s.hang:
			case <-r.Context().Done():
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != "Bearer "+s.token {
			w.Header().Set("WWW-Authenticate", `Basic realm="Neo4j", Bearer realm="Neo4j"`)
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"errors":[{"code":"Neo.ClientError.Security.Unauthorized","message":"Invalid credential."}]}`)
			return
		}
		user, _ := json.Marshal(s.user)
		roles, _ := json.Marshal(s.roles)
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, `{"data":{"fields":["user","roles","passwordChangeRequired","suspended","home"],"values":[[`+
			string(user)+`,`+string(roles)+`,false,false,null]]},"bookmarks":["FB:kcwQ"]}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// validatedToken is the token of the last sign-in that Neo4j validates.
func (b *bench) validatedToken() string {
	if session.LiveTokenType(b.wb.signIn()) == "id_token" {
		id, _ := b.wb.signIn().Token.Extra("id_token").(string)
		return id
	}
	return b.wb.signIn().Token.AccessToken
}

func TestCheckLiveShowsNeo4jsAnswerBesideThePrediction(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	s := &neo4jStandIn{token: b.validatedToken(), user: "alice", roles: []string{"PUBLIC", "admin"}}
	b.wb.checker.HTTPURL.SetText(newNeo4jStandIn(t, s))
	test.Tap(b.tabButton(TabNeo4j, "Check live"))
	b.waitTab(TabNeo4j, "Neo4j logged in alice with roles [PUBLIC, admin]")
	b.assertShows(TabNeo4j, "Prediction beside Neo4j", "Neo4j (actual)", "✔ roles", "✔ user", "live-matches-prediction", "Neo4j 2026.03.0 enterprise")
	s.mu.Lock()
	if len(s.auth) != 1 || s.auth[0] != "Bearer "+s.token {
		t.Errorf("the stand-in received %d requests, not the raw token as Bearer", len(s.auth))
	}
	s.mu.Unlock()
	b.assertShows(TabFindings, "live-matches-prediction")
	if b.wb.checker.Run.Disabled() || b.wb.checker.progress.Visible() {
		t.Error("the button stays disabled or the progress shown after the check")
	}
}

func TestCheckLiveDifferentRolesAreExplained(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	s := &neo4jStandIn{token: b.validatedToken(), user: "alice", roles: []string{"PUBLIC"}}
	b.wb.checker.HTTPURL.SetText(newNeo4jStandIn(t, s))
	b.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyK, Modifier: fyne.KeyModifierShortcutDefault})
	b.waitTab(TabNeo4j, "Neo4j logged in alice with roles [PUBLIC]")
	b.assertShows(TabNeo4j, "✖ roles", "Why: ", "live-differs-from-prediction")
}

func TestCheckLiveInvalidCredentialShowsTheFinding(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	s := &neo4jStandIn{token: "some-other-token"}
	b.wb.checker.HTTPURL.SetText(newNeo4jStandIn(t, s))
	b.wb.checkLive()
	b.waitTab(TabNeo4j, "live-invalid-credential")
	b.assertShows(TabNeo4j, "Neo4j rejected the token", "Invalid credential", "Fix: ", "✖ outcome")
	b.assertShows(TabFindings, "live-invalid-credential")
	b.wb.SelectTab(TabFindings)
}

// TestCheckLiveCancel: a Neo4j that never answers shows the progress and
// the cancel button; cancel ends the check and says so.
func TestCheckLiveCancel(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	s := &neo4jStandIn{hang: make(chan struct{})}
	defer close(s.hang)
	b.wb.checker.HTTPURL.SetText(newNeo4jStandIn(t, s))
	b.wb.checkLive()
	lc := b.wb.checker
	if !lc.progress.Visible() || !lc.Cancel.Visible() || !lc.Run.Disabled() {
		t.Fatal("no progress and cancel while the check runs")
	}
	test.Tap(b.tabButton(TabNeo4j, "Cancel"))
	b.waitTab(TabNeo4j, "The live check was cancelled.")
	if lc.running() || lc.Run.Disabled() || b.wb.inv.Live != nil {
		t.Error("the check is still running, the button disabled, or a result kept after cancel")
	}
}

// TestNoLiveCheckWithoutAnAddress: the button with no address says what to
// give and asks nothing.
func TestNoLiveCheckWithoutAnAddress(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	b.wb.checkLive()
	if b.wb.checker.running() {
		t.Fatal("a check started with no address")
	}
	b.assertShows(TabNeo4j, "Give Neo4j's HTTP URL")
}

// TestWindowFits1280x800: with every view filled in (a sign-in, a live
// check), in normal and presenter mode, the window's content needs no more
// than 1280×800.
func TestWindowFits1280x800(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	s := &neo4jStandIn{token: b.validatedToken(), user: "alice", roles: []string{"PUBLIC"}}
	b.wb.checker.HTTPURL.SetText(newNeo4jStandIn(t, s))
	b.wb.checker.BoltURL.SetText("bolt://127.0.0.1:1")
	b.wb.checkLive()
	b.waitTab(TabNeo4j, "Prediction beside Neo4j")
	for _, presenter := range []bool{false, true, false} {
		b.wb.Presenter.SetChecked(presenter)
		if m := b.wb.Content().MinSize(); m != WindowMinSize {
			t.Errorf("presenter %v: the window's minimum size is %v, not %v", presenter, m, WindowMinSize)
		}
		for _, it := range b.wb.Tabs.Items {
			b.wb.SelectTab(it.Text)
			if m := b.wb.Content().(*fixedMin).content.MinSize(); m.Width > 1280 || m.Height > 800 {
				t.Errorf("presenter %v, tab %s: the window needs %v", presenter, it.Text, m)
			}
		}
	}
}

// TestPresenterModeFitsProjectors: at 1024×768 and 1280×720 presenter
// mode's larger type fits every view (the sidebar collapses), and the
// window keeps its size and minimum size; turned off, the sidebar is back.
func TestPresenterModeFitsProjectors(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	for _, size := range []fyne.Size{fyne.NewSize(1024, 768), fyne.NewSize(1280, 720)} {
		b.win.Resize(size)
		b.wb.Presenter.SetChecked(true)
		for _, it := range b.wb.Tabs.Items {
			b.wb.SelectTab(it.Text)
			if m := b.wb.Content().(*fixedMin).content.MinSize(); m.Width > size.Width || m.Height > size.Height {
				t.Errorf("%v, tab %s: presenter mode needs %v", size, it.Text, m)
			}
		}
		if got := b.win.Canvas().Size(); got != size {
			t.Errorf("presenter mode resized the window from %v to %v", size, got)
		}
		b.wb.Presenter.SetChecked(false)
		if !b.wb.sideShown || b.wb.Content().MinSize() != WindowMinSize {
			t.Errorf("after presenter mode: sidebar shown %v, minimum %v", b.wb.sideShown, b.wb.Content().MinSize())
		}
	}
}
