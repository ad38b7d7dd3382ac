package app

import (
	"image/color"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/profiles"
	"github.com/ssolens/ssolens/session"
)

const sampleConf = "../assets/samples/demo-neo4j.conf"

// bench is a Workbench on Fyne's test driver whose UI work is queued, so
// the test goroutine plays the UI goroutine (see harness).
type bench struct {
	t     *testing.T
	wb    *Workbench
	win   fyne.Window
	app   fyne.App
	store *profiles.Store
	ui    chan func()
}

func newBench(t *testing.T) *bench {
	t.Helper()
	a := test.NewTempApp(t)
	b := &bench{t: t, app: a, ui: make(chan func(), 256)}
	done := make(chan struct{})
	b.win = test.NewWindow(nil)
	b.store = profiles.NewStore(a.Preferences(), &pkce.MemoryStore{})
	queue := func(f func()) {
		select {
		case b.ui <- f:
		case <-done:
		}
	}
	b.wb = NewWorkbench(a, b.win, b.store)
	b.wb.do = queue
	b.wb.Inspect.do = queue
	b.wb.client = nil
	b.win.SetContent(b.wb.Content())
	b.win.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() {
		b.wb.Stop()
		close(done)
		b.win.Close()
	})
	return b
}

// tabText is every text drawn in a tab, after selecting it.
func (b *bench) tabText(name string) string {
	b.wb.SelectTab(name)
	return drawnText(b.win.Canvas())
}

// drawnText is every text on the canvas, dialogs included, as the test
// driver lays it out: the canvas.Text objects are what is painted.
func drawnText(c fyne.Canvas) string {
	return drawnTextOf(append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)...)
}

// drawnTextOf is every text drawn under these objects.
func drawnTextOf(objs ...fyne.CanvasObject) string {
	var sb strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return // nothing under a hidden object is drawn
		}
		switch w := o.(type) {
		case *canvas.Text:
			sb.WriteString(w.Text + "\n")
		case *widget.Entry:
			if !w.Password {
				sb.WriteString(w.Text + "\n")
			}
		}
		switch w := o.(type) {
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	for _, root := range objs {
		walk(root)
	}
	return sb.String()
}

// waitTab runs queued UI work until the tab shows want.
func (b *bench) waitTab(tab, want string) {
	b.t.Helper()
	deadline := time.After(20 * time.Second)
	for !strings.Contains(b.tabText(tab), want) {
		select {
		case f := <-b.ui:
			f()
		case <-deadline:
			b.t.Fatalf("%s tab never showed %q; it shows:\n%s\nerror: %s", tab, want, b.tabText(tab), b.wb.Errors.Text)
		}
	}
}

// wait runs the UI's work until cond holds.
func (b *bench) wait(cond func() bool) {
	b.t.Helper()
	deadline := time.After(20 * time.Second)
	for !cond() {
		select {
		case f := <-b.ui:
			f()
		case <-deadline:
			b.t.Fatalf("the window never got there; error: %s", b.wb.Errors.Text)
		}
	}
}

// settle runs the UI work queued so far.
func (b *bench) settle() {
	for {
		select {
		case f := <-b.ui:
			f()
		default:
			return
		}
	}
}

func (b *bench) assertShows(tab string, wants ...string) {
	b.t.Helper()
	got := b.tabText(tab)
	for _, want := range wants {
		if !strings.Contains(got, want) {
			b.t.Errorf("%s tab does not show %q; it shows:\n%s", tab, want, got)
		}
	}
}

// startDemo starts the demo provider for the test and plays alice in the
// browser.
func (b *bench) startDemo() *session.Demo {
	demo, err := session.StartDemoOn(b.t.Context(), "127.0.0.1:0")
	if err != nil {
		b.t.Fatal(err)
	}
	b.wb.demo = demo
	b.wb.browser = pkce.BrowserFunc(demo.IdP.PlayBrowser("alice"))
	return demo
}

func TestFirstRunSelectsTheDemo(t *testing.T) {
	b := newBench(t)
	if b.wb.side.SignIn.Text != DemoButtonText {
		t.Errorf("sign-in button = %q, want the demo's", b.wb.side.SignIn.Text)
	}
	b.assertShows(TabInspect, DemoProfileName, EmptyStateTitle)
}

func TestPastedTokenShowsItsClaims(t *testing.T) {
	b := newBench(t)
	token := signSample(t, time.Now().Add(-time.Minute), time.Now().Add(time.Hour))
	b.wb.Paste(token)
	b.waitTab(TabInspect, `"alice@example.com"`)
	b.assertShows(TabInspect, `["admins","readers"]`, "Pasted token", "RS256")
	b.assertShows(TabFindings) // the list renders
}

func TestImportSampleConfShowsProvidersAndLint(t *testing.T) {
	b := newBench(t)
	path, _ := filepath.Abs(sampleConf)
	b.wb.ImportConfFile(path)
	if b.wb.importChoice == nil {
		t.Fatalf("no provider chooser; error: %s", b.wb.Errors.Text)
	}
	got := drawnText(b.win.Canvas())
	for _, want := range []string{"Import providers from demo-neo4j.conf", "demo"} {
		if !strings.Contains(got, want) {
			t.Errorf("chooser does not show %q:\n%s", want, got)
		}
	}
	b.assertShows(TabNeo4j, "Lint · demo-neo4j.conf", path, "finding")
	b.wb.importConfirm()
	ps, _ := b.store.List()
	if len(ps) != 1 || ps[0].Neo4j == nil || ps[0].Neo4j.Provider != "demo" {
		t.Fatalf("profiles after import: %+v", ps)
	}
	b.assertShows(TabInspect, ps[0].Name)
	if !strings.HasPrefix(b.wb.side.SignIn.Text, "Sign in with ") {
		t.Errorf("imported profile not selected: button %q", b.wb.side.SignIn.Text)
	}
}

func TestPastedConfGoesToTheLint(t *testing.T) {
	b := newBench(t)
	data, _ := os.ReadFile(sampleConf)
	b.wb.Paste(string(data))
	if b.wb.Tabs.Selected().Text != TabNeo4j {
		t.Errorf("tab = %s, want Neo4j", b.wb.Tabs.Selected().Text)
	}
	b.assertShows(TabNeo4j, "Lint · pasted neo4j.conf")
}

// demoSignIn signs in with the built-in demo through the sidebar.
func (b *bench) demoSignIn() {
	b.t.Helper()
	b.startDemo()
	test.Tap(b.wb.side.SignIn)
	b.waitTab(TabNeo4j, "Neo4j would log in alice")
}

func TestWorkbenchDemoSignInShowsTokensChecksAndRoles(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	b.assertShows(TabNeo4j, "engineers", "admin", "line 22", "user alice, roles [PUBLIC, admin]", "Lint · demo-neo4j.conf")
	b.assertShows(TabTokens, "ID token and access token, claim by claim", "NEO4J DECODES (principal)", "NEO4J VALIDATES (authentication)", "expires in", "neo4j-demo")
	b.assertShows(TabVerification, "verified", "✔ alice", "key id", "clock offset")
	b.assertShows(TabTimeline, "code-exchanged", "Identity provider", "Neo4j login (simulated)")
	b.assertShows(TabFindings, "finding")
	// The comparison shows each time claim as a date, the number sent beneath.
	for _, tk := range b.wb.signIn().Report.Tokens {
		if raw, ok := tk.Claims.Get("iat"); ok && tk.Role == inspector.RoleIDToken {
			when, _ := inspector.NumericDateText("iat", raw)
			b.tabText(TabTokens)
			cell := find(b.win.Canvas().Content(), func(rt *widget.RichText) bool {
				return len(rt.Segments) == 2 && rt.Segments[0].Textual() == readableDate(when) && rt.Segments[1].Textual() == "sent as "+string(raw)
			})
			if cell == nil {
				t.Errorf("the comparison does not show iat as its date %s with %s beneath", when, raw)
			}
		}
	}
	if got := b.tabText(TabVerification); strings.Contains(got, "not verified") {
		t.Errorf("a token is shown as not verified:\n%s", got)
	}

	// The report export writes both formats.
	dir := t.TempDir()
	for _, name := range []string{"r.md", "r.html"} {
		if err := b.wb.WriteReport(filepath.Join(dir, name), true); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(dir, name))
		if !strings.Contains(string(data), "engineers") || strings.Contains(string(data), b.wb.signIn().Token.AccessToken) {
			t.Errorf("%s: missing the roles or holding the access token", name)
		}
	}
}

var emailRE = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

func TestPresenterModeShowsNoSecretOrPersonalData(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	tok := b.wb.signIn().Token
	id, _ := tok.Extra("id_token").(string)
	// Something pasted too: its input must be hidden.
	b.wb.Inspect.Input.SetText(`{"access_token":"` + tok.AccessToken + `","id_token":"` + id + `","refresh_token":"` + tok.RefreshToken + `"}`)
	b.wb.Inspect.InspectNow()
	// Then a new sign-in: it is the current investigation, the paste an
	// older one (still on the Inspect tab, and named on Findings).
	test.Tap(b.wb.side.SignIn)
	b.wait(func() bool { return b.wb.signIn() != nil && b.wb.signIn().Token.AccessToken != tok.AccessToken })
	tok2 := b.wb.signIn().Token
	id2, _ := tok2.Extra("id_token").(string)
	secret := "s3cr3t-client-secret-value-123"
	ps, _ := profiles.PresetByName(profiles.PresetDemo)
	p, _ := ps.NewProfile(nil)
	p, _ = b.store.Save(p)
	b.store.SetSecret(p.ID, secret)
	// A live check whose answer names the user, and one refused: the
	// Neo4j tab shows both kinds of answer's text.
	standIn := &neo4jStandIn{token: b.validatedToken(), user: "alice@example.com", roles: []string{"PUBLIC", "admin"}}
	b.wb.checker.HTTPURL.SetText(newNeo4jStandIn(t, standIn))
	b.wb.checkLive()
	b.waitTab(TabNeo4j, "Prediction beside Neo4j")
	// The exported report carries the live check and the provider block,
	// with the user Neo4j named masked.
	inv := b.wb.Investigation()
	if inv.Live == nil || inv.Config == nil {
		t.Errorf("the investigation lacks the live check (%v) or the provider block (%v)", inv.Live != nil, inv.Config != nil)
	}
	for _, name := range []string{"r.md", "r.html"} {
		path := filepath.Join(t.TempDir(), name)
		if err := b.wb.WriteReport(path, true); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(path)
		for _, want := range []string{"Live check against Neo4j", "Neo4j config that makes this sign-in work"} {
			if !strings.Contains(string(data), want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
		if strings.Contains(string(data), "alice@example.com") {
			t.Errorf("%s: the redacted report names the live user", name)
		}
	}

	b.wb.Presenter.SetChecked(true)
	var secrets []string
	for _, s := range []string{tok.AccessToken, id, tok.RefreshToken, tok2.AccessToken, id2, tok2.RefreshToken, secret} {
		if s != "" {
			secrets = append(secrets, s)
			if parts := strings.Split(s, "."); len(parts) == 3 {
				secrets = append(secrets, parts[2]) // the signature
			}
		}
	}
	// Personal data and token fragments: every demo user's id, name and
	// e-mail (the sidebar lists them), and of every token on screen (the
	// sign-in's and the older paste's) its user claims, hashes and
	// shortened form (eyJhbG…‹735 chars›…lYUg ends with the signature's
	// last characters). A fingerprint (a hash prefix) names a token
	// without holding any of it, and is shown.
	var names []string
	for _, u := range demoidp.Users() {
		names = append(names, u.ID, u.Name, u.Email)
	}
	for _, inv := range []*session.Investigation{b.wb.inv, b.wb.older} {
		for _, t := range inv.Report.Tokens {
			names = append(names, t.Redacted)
			if t.Claims == nil {
				continue
			}
			for _, m := range t.Claims.Members {
				switch m.Name {
				case "name", "email", "preferred_username", "sub", "at_hash", "c_hash", "sid", "nonce":
					names = append(names, strings.Trim(string(m.Value), `"`))
				}
			}
		}
	}
	if len(names) == 0 {
		t.Fatal("the demo tokens carry no name or email: the test checks nothing")
	}
	if b.wb.sideShown {
		t.Error("presenter mode keeps the sidebar beside the views")
	}
	for _, sel := range []int{0, 1, 2} {
		// The sidebar collapsed, then shown on demand with each entry.
		if sel > 0 {
			b.wb.showSidebar(true)
			b.wb.side.List.Select(sel - 1)
		}
		for _, tab := range []string{TabInspect, TabTokens, TabVerification, TabNeo4j, TabFindings, TabTimeline, TabHandoff} {
			got := b.tabText(tab) + b.codeText(tab)
			if e := emailRE.FindString(got); e != "" {
				t.Errorf("%s tab shows an e-mail address %q", tab, e)
			}
			// No 12-character piece of a token or secret anywhere, whether a
			// line is a piece of it or holds it among other text.
			for _, s := range secrets {
				for i := 0; i+12 <= len(s); i += 6 {
					if strings.Contains(got, s[i:i+12]) {
						t.Errorf("%s tab shows part of a token or secret: %q", tab, s[i:i+12])
						break
					}
				}
			}
			for _, line := range strings.Split(got, "\n") {
				for _, s := range secrets {
					if len(line) >= 12 && strings.Contains(s, line) {
						t.Errorf("%s tab shows part of a token or secret: %q", tab, line)
					}
				}
				for _, n := range names {
					if strings.Contains(line, n) {
						t.Errorf("%s tab shows the personal value %q: %q", tab, n, line)
					}
				}
			}
		}
	}
	// Raw mode shows the redacted form, and reveal is off in presenter mode.
	b.wb.showRaw, b.wb.revealRaw = true, true
	b.wb.render()
	if got := b.tabText(TabTokens); strings.Contains(got, tok.AccessToken[:20]) {
		t.Error("raw mode reveals the token in presenter mode")
	}
}

// TestOpaqueAccessTokenWithDefaultPrincipal: the provider sends an opaque
// access token and the conf leaves token_type_principal at its default
// (access_token): the window says Neo4j's client cannot parse it, and how
// to fix it.
func TestOpaqueAccessTokenWithDefaultPrincipal(t *testing.T) {
	b := newBench(t)
	demo := b.startDemo()
	if err := demo.IdP.SetScenario(demoidp.ScenarioOpaqueAccessToken); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(sampleConf)
	var kept []string
	for _, line := range strings.Split(strings.ReplaceAll(string(data), "http://"+demoidp.DemoAddr, demo.IdP.Issuer()), "\n") {
		if !strings.HasPrefix(line, "dbms.security.oidc.demo.config=") {
			kept = append(kept, line)
		}
	}
	conf := filepath.Join(t.TempDir(), "neo4j.conf")
	if err := os.WriteFile(conf, []byte(strings.Join(kept, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	b.wb.ImportConfFile(conf)
	b.wb.importConfirm()
	ps, _ := b.store.List()
	ps[0].Ports = nil // 7474 may be taken here; the demo client takes any port
	if _, err := b.store.Save(ps[0]); err != nil {
		t.Fatal(err)
	}
	b.wb.side.reload(ps[0].ID)
	test.Tap(b.wb.side.SignIn)
	b.waitTab(TabNeo4j, "Could not parse JWT")
	b.assertShows(TabNeo4j, "neo4j-principal-not-jwt", "Fix: ")
	b.assertShows(TabFindings, "neo4j-principal-not-jwt")
}

func TestTabShortcuts(t *testing.T) {
	b := newBench(t)
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7}
	for i, name := range []string{TabInspect, TabTokens, TabVerification, TabNeo4j, TabFindings, TabTimeline, TabHandoff} {
		b.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: keys[i], Modifier: fyne.KeyModifierShortcutDefault})
		if b.wb.Tabs.Selected().Text != name {
			t.Errorf("tab %d = %s", i, b.wb.Tabs.Selected().Text)
		}
	}
}

// demoProfile saves a profile from the demo preset pointed at the test's
// demo provider, and selects it.
func (b *bench) demoProfile(issuer string) profiles.Profile {
	b.t.Helper()
	preset, _ := profiles.PresetByName(profiles.PresetDemo)
	p, err := preset.NewProfile(nil)
	if err != nil {
		b.t.Fatal(err)
	}
	p.Issuer = issuer
	if p, err = b.store.Save(p); err != nil {
		b.t.Fatal(err)
	}
	b.wb.side.reload(p.ID)
	return p
}

// TestDeviceCodeIsShownLargeAndTheSignInCompletes: the device flow shows
// the user code in heading type; once someone approves it at the
// provider, the tokens are shown.
func TestDeviceCodeIsShownLargeAndTheSignInCompletes(t *testing.T) {
	b := newBench(t)
	demo := b.startDemo()
	b.demoProfile(demo.IdP.Issuer())
	b.wb.side.Flow.SetSelected(flowNames[pkce.FlowDevice])
	test.Tap(b.wb.side.SignIn)
	deadline := time.After(20 * time.Second)
	for !b.wb.side.DeviceCode.Visible() {
		select {
		case f := <-b.ui:
			f()
		case <-deadline:
			t.Fatalf("no device code shown; error: %s", b.wb.Errors.Text)
		}
	}
	seg := b.wb.side.DeviceCode.Segments[0].(*widget.TextSegment)
	if seg.Style.SizeName != theme.SizeNameHeadingText || len(seg.Text) < 4 {
		t.Fatalf("device code %q in size %q", seg.Text, seg.Style.SizeName)
	}
	if !strings.Contains(drawnText(b.win.Canvas()), seg.Text) {
		t.Fatalf("the user code %q is not drawn", seg.Text)
	}
	// Someone approves the code at the provider, as bob.
	resp, err := http.PostForm(demo.IdP.Issuer()+"/device", url.Values{"user_code": {seg.Text}, "user": {"bob"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("approving the device: %s", resp.Status)
	}
	b.waitTab(TabTokens, `"bob"`)
	if b.wb.side.DeviceCode.Visible() {
		t.Error("the device code is still shown after the sign-in")
	}
}

// TestUnreachableProviderErrorIsInTheWindow: a profile whose issuer does
// not answer ends in an error shown in the window, and the sign-in button
// works again.
func TestUnreachableProviderErrorIsInTheWindow(t *testing.T) {
	b := newBench(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now
	p := b.demoProfile(issuer)
	test.Tap(b.wb.side.SignIn)
	deadline := time.After(20 * time.Second)
	for !b.wb.Errors.Visible() {
		select {
		case f := <-b.ui:
			f()
		case <-deadline:
			t.Fatal("no error shown")
		}
	}
	got := drawnText(b.win.Canvas())
	if !strings.Contains(got, "signing in with "+p.Name) || !strings.Contains(got, ln.Addr().String()) {
		t.Errorf("the error does not say what failed:\n%s", b.wb.Errors.Text)
	}
	if b.wb.side.SignIn.Disabled() {
		t.Error("the sign-in button stays disabled after the failure")
	}
}

// TestMenuHasEveryShortcut: the main menu (whose shortcuts work even while
// an entry has the focus) holds the tab and sign-in shortcuts, and its
// items act.
func TestMenuHasEveryShortcut(t *testing.T) {
	b := newBench(t)
	items := map[string]*fyne.MenuItem{}
	for _, m := range b.wb.MainMenu().Items {
		for _, it := range m.Items {
			if sc, ok := it.Shortcut.(*desktop.CustomShortcut); ok {
				items[sc.ShortcutName()] = it
			}
		}
	}
	ctrl := fyne.KeyModifierShortcutDefault
	for key, tab := range map[fyne.KeyName]string{fyne.Key4: TabNeo4j, fyne.Key6: TabTimeline} {
		it := items[(&desktop.CustomShortcut{KeyName: key, Modifier: ctrl}).ShortcutName()]
		if it == nil {
			t.Fatalf("no menu item for Ctrl+%s", key)
		}
		it.Action()
		if b.wb.Tabs.Selected().Text != tab {
			t.Errorf("Ctrl+%s selects %s, want %s", key, b.wb.Tabs.Selected().Text, tab)
		}
	}
	presenter := items[(&desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: ctrl | fyne.KeyModifierShift}).ShortcutName()]
	if presenter == nil {
		t.Fatal("no menu item for presenter mode")
	}
	presenter.Action()
	if !b.wb.Presenter.Checked {
		t.Error("the presenter mode item does not turn presenter mode on")
	}
	if items[(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: ctrl}).ShortcutName()] == nil {
		t.Error("no menu item for a new sign-in (Ctrl+L)")
	}
}

// TestRefreshButtonRedeemsTheRefreshToken: with offline_access the demo
// sends a refresh token; the Tokens tab's refresh button redeems it and
// the new tokens are shown.
func TestRefreshButtonRedeemsTheRefreshToken(t *testing.T) {
	b := newBench(t)
	demo := b.startDemo()
	p := b.demoProfile(demo.IdP.Issuer())
	p.Scopes = append(p.Scopes, "offline_access")
	if _, err := b.store.Save(p); err != nil {
		t.Fatal(err)
	}
	b.wb.side.reload(p.ID)
	test.Tap(b.wb.side.SignIn)
	b.waitTab(TabTokens, "Refresh tokens")
	first := b.wb.signIn().Token.AccessToken
	if b.wb.signIn().Token.RefreshToken == "" {
		t.Fatal("no refresh token with offline_access")
	}
	var refresh *widget.Button
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == "Refresh tokens" {
				refresh = w
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				find(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				find(c)
			}
		}
	}
	find(b.wb.tokensTab)
	if refresh == nil || refresh.Disabled() {
		t.Fatalf("no enabled refresh button (%v)", refresh)
	}
	test.Tap(refresh)
	b.waitTab(TabTokens, "flow refresh")
	if b.wb.signIn().Token.AccessToken == first {
		t.Error("the access token did not change")
	}
	b.assertShows(TabTimeline, "refreshed")
}

// TestDroppedConfIsImported: a neo4j.conf dropped on the window offers its
// providers and shows its lint.
func TestDroppedConfIsImported(t *testing.T) {
	b := newBench(t)
	path, _ := filepath.Abs(sampleConf)
	b.wb.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(path)})
	if b.wb.importChoice == nil || len(b.wb.importChoice.Options) != 1 {
		t.Fatalf("no chooser with the conf's provider; error: %s", b.wb.Errors.Text)
	}
	b.assertShows(TabNeo4j, "Lint · demo-neo4j.conf")
}

// TestThemeChangeRedrawsTheTimeline: the timeline's lines take the
// theme's colours when drawn; a change of theme (the system going light or
// dark) draws them again in the new colours.
func TestThemeChangeRedrawsTheTimeline(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	laneColour := func() color.Color {
		var found color.Color
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch w := o.(type) {
			case *canvas.Line:
				if found == nil {
					found = w.StrokeColor
				}
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
		walk(b.wb.timelineTab)
		return found
	}
	light := theme.LightTheme() //nolint:staticcheck // a fixed variant is what this test needs
	b.app.Settings().SetTheme(light)
	want := light.Color(theme.ColorNameDisabled, theme.VariantLight)
	deadline := time.After(10 * time.Second)
	for !sameColour(laneColour(), want) {
		select {
		case f := <-b.ui:
			f()
		case <-deadline:
			t.Fatalf("lane colour %v after the change to the light theme, want %v", laneColour(), want)
		}
	}
	dark := theme.DarkTheme() //nolint:staticcheck
	b.app.Settings().SetTheme(dark)
	want = dark.Color(theme.ColorNameDisabled, theme.VariantDark)
	deadline = time.After(10 * time.Second)
	for !sameColour(laneColour(), want) {
		select {
		case f := <-b.ui:
			f()
		case <-deadline:
			t.Fatalf("lane colour %v after the change to the dark theme, want %v", laneColour(), want)
		}
	}
}

func sameColour(a, b color.Color) bool {
	if a == nil || b == nil {
		return false
	}
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// TestOffScreenViewsWaitForTheFirstFrame: the real window builds only what
// its first frame shows (the Inspect tab, the sidebar, the verdict line);
// the other tabs are built when the app starts its event loop, after that
// frame is drawn and before any input is handled.
func TestOffScreenViewsWaitForTheFirstFrame(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	wb := newWorkbench(a, w, profiles.NewStore(a.Preferences(), &pkce.MemoryStore{}), true)
	t.Cleanup(func() { wb.Stop(); w.Close() })
	w.SetContent(wb.Content())
	w.Resize(fyne.NewSize(1280, 800))

	if got := displayedText(wb.verdict.text); !strings.Contains(got, "Nothing to investigate yet") {
		t.Errorf("the verdict line is %q before the first frame", got)
	}
	if got := drawnText(w.Canvas()); !strings.Contains(got, EmptyStateTitle) {
		t.Errorf("the Inspect tab is not drawn in the first frame:\n%s", got)
	}
	tabs := map[string]*fyne.Container{TabTokens: wb.tokensTab, TabVerification: wb.verifyTab, TabNeo4j: wb.neo4jTab,
		TabFindings: wb.findingsTab, TabTimeline: wb.timelineTab, TabHandoff: wb.handoffTab}
	for name, c := range tabs {
		if len(c.Objects) != 0 {
			t.Errorf("the %s tab was built before the first frame", name)
		}
	}
	lc, ok := a.Lifecycle().(interface{ OnStarted() func() })
	if !ok || lc.OnStarted() == nil {
		t.Fatal("nothing is left for when the app starts")
	}
	lc.OnStarted()()
	for name, c := range tabs {
		if len(c.Objects) != 1 {
			t.Errorf("the %s tab was not built when the app started", name)
		}
	}
	if got := (&bench{t: t, wb: wb, win: w}).tabText(TabFindings); !strings.Contains(got, "No findings") {
		t.Errorf("the Findings tab shows:\n%s", got)
	}
}
