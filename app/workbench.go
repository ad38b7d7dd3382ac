package app

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/assets"
	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/profiles"
	"github.com/ssolens/ssolens/report"
	"github.com/ssolens/ssolens/session"
	"github.com/ssolens/ssolens/snippets"
)

// Tab names, in order; Ctrl+1 … Ctrl+7 select them.
const (
	TabInspect      = "Inspect"
	TabTokens       = "Tokens"
	TabVerification = "Verification"
	TabNeo4j        = "Neo4j"
	TabFindings     = "Findings"
	TabTimeline     = "Timeline"
	// TabHandoff is the provider block for neo4j.conf and client code.
	TabHandoff = "Config & code"
)

// DemoProfileName is the built-in demo entry at the top of the providers
// list; it needs no configuration.
const DemoProfileName = "Demo provider (built in)"

// NewMainWindow builds the SSO Lens window: providers and sign-in on the
// left, the investigation's views in tabs on the right. Profiles live in
// the app's preferences, client secrets in the OS keyring.
func NewMainWindow(a fyne.App) fyne.Window {
	a.Settings().SetTheme(newTheme(false))
	a.SetIcon(assets.Icon)
	w := a.NewWindow(Title)
	w.SetIcon(assets.Icon)
	var keyring pkce.SecretStore = pkce.OSKeyring{}
	if os.Getenv("SSOLENS_OFFLINE") != "" {
		keyring = nil // screenshots and air-gapped machines: no D-Bus probing
	}
	wb := newWorkbench(a, w, profiles.NewStore(a.Preferences(), keyring), true)
	// Verification is on by default; SSOLENS_OFFLINE=1 keeps the paste box
	// off the network (air-gapped machines, screenshots). Sign-ins always
	// talk to their provider.
	if os.Getenv("SSOLENS_OFFLINE") == "" {
		if client, err := discovery.NewHTTPClient(discovery.Config{}); err == nil {
			wb.Inspect.SetVerifier(client)
			wb.client = client
		}
	}
	// NEO4J_URL (as the snippets read it) is the live check's default.
	wb.checker.HTTPURL.SetText(os.Getenv("NEO4J_URL"))
	w.SetContent(wb.Content())
	w.SetMainMenu(wb.MainMenu())
	w.Resize(fyne.NewSize(1280, 800))
	w.SetMaster()
	w.SetOnClosed(wb.Stop)
	return w
}

// Workbench is the whole investigation in one window.
type Workbench struct {
	app   fyne.App
	win   fyne.Window
	store *profiles.Store

	// Inspect is the paste view (the first tab).
	Inspect *InspectView
	Tabs    *container.AppTabs
	// Presenter turns presenter mode on: larger type, and secrets and
	// personal data redacted everywhere.
	Presenter *widget.Check
	Export    *widget.Button
	// SideToggle shows or collapses the providers sidebar (collapsed in
	// presenter mode, so the views keep the width of a projector).
	SideToggle *widget.Button

	side *sidebar
	// body holds the sidebar split (or the views alone when the sidebar
	// is collapsed); main is the verdict bar, the error and the tabs.
	body, main, sidePane *fyne.Container
	sideShown            bool
	sideWidth            float32

	tokensTab, verifyTab, neo4jTab, findingsTab, timelineTab, handoffTab *fyne.Container
	content                                                              fyne.CanvasObject

	// State, on the UI goroutine only. inv is the current investigation:
	// every tab renders it and nothing else. older is the one before it,
	// shown as older and never mixed in. target and targetName are the
	// sign-in's provider (to refresh its tokens, to name it); conf is the
	// last neo4j.conf brought in, an input of the next paste.
	inv, older *session.Investigation
	target     session.Target
	targetName string
	conf       *session.Conf
	// lastPaste is the paste box's investigation last seen.
	lastPaste *session.Investigation
	revealRaw bool
	showRaw   bool
	live      *liveTimes
	// confForm and snippetKind are the Config & code tab's choices;
	// checker the live check's widgets.
	confForm    string
	snippetKind snippets.Kind
	checker     *liveCheck
	whatIf      *whatIf
	// scrollTop makes the next render start every view at the top.
	scrollTop bool
	// places, while presenter mode is being turned on or off, are the
	// places the tabs' views were at before the type changed: render
	// scrolls the views drawn in the new type there.
	places map[*fyne.Container]place
	// findingsPlace is the Findings list's place then (the finding
	// selected, the rows scrolled past), nil when it had none.
	findingsPlace *listPlace
	// ownTheme is set while presenter mode changes the theme: the settings
	// listener's redraw (for the system's light or dark) is not needed,
	// presenter mode draws the views itself (it drew them twice).
	ownTheme atomic.Bool
	// importing holds the providers offered by the open import dialog.
	importing     []profiles.Profile
	importChoice  *widget.CheckGroup
	importConfirm func()
	// Errors is the last error shown in the window (never stderr).
	Errors *widget.Label
	// verdict is the current investigation's answer, above the tabs.
	verdict *verdictBar

	client  *http.Client
	browser pkce.Browser
	demo    *session.Demo
	now     func() time.Time
	do      func(func())
	stopped bool
}

// NewWorkbench builds the window's content on w (any window: the test
// driver's in tests) and installs its shortcuts and drop handler.
func NewWorkbench(a fyne.App, w fyne.Window, store *profiles.Store) *Workbench {
	return newWorkbench(a, w, store, false)
}

// newWorkbench is NewWorkbench. With later, only what the first frame
// shows is built now (the Inspect tab, the sidebar, the verdict line);
// the other tabs' views are built once the window has drawn it, when the
// app starts its event loop, before any input is handled.
func newWorkbench(a fyne.App, w fyne.Window, store *profiles.Store, later bool) *Workbench {
	wb := &Workbench{app: a, win: w, store: store, now: time.Now, do: fyne.Do}
	wb.Inspect = NewInspectView(a.Clipboard())
	wb.Inspect.embedded = true
	wb.Inspect.content = wb.Inspect.layout()
	wb.Errors = widget.NewLabel("")
	wb.Errors.Wrapping = fyne.TextWrapWord
	wb.Errors.Importance = widget.DangerImportance
	wb.Errors.Hide()
	wb.verdict = newVerdictBar(wb.reasons)
	wb.Inspect.onShow = wb.pasted
	wb.Inspect.inputs = wb.pasteInputs
	wb.tokensTab = container.NewStack()
	wb.verifyTab = container.NewStack()
	wb.neo4jTab = container.NewStack()
	wb.findingsTab = container.NewStack()
	wb.timelineTab = container.NewStack()
	wb.handoffTab = container.NewStack()
	wb.checker = newLiveCheck(wb)
	wb.whatIf = newWhatIf(wb)
	// Text-only tabs: all seven fit beside the sidebar at 1024 pixels.
	wb.Tabs = container.NewAppTabs(
		container.NewTabItem(TabInspect, wb.Inspect.Content()),
		container.NewTabItem(TabTokens, wb.tokensTab),
		container.NewTabItem(TabVerification, wb.verifyTab),
		container.NewTabItem(TabNeo4j, wb.neo4jTab),
		container.NewTabItem(TabFindings, wb.findingsTab),
		container.NewTabItem(TabTimeline, wb.timelineTab),
		container.NewTabItem(TabHandoff, wb.handoffTab),
	)
	wb.Presenter = widget.NewCheck("Presenter mode", func(on bool) { wb.setPresenter(on) })
	wb.Export = widget.NewButtonWithIcon("Export report", theme.DocumentSaveIcon(), wb.showExport)
	wb.side = newSidebar(wb)
	if later {
		wb.live = newLiveTimes()
		wb.setVerdict(wb.shown())
		a.Lifecycle().SetOnStarted(func() {
			if !wb.stopped {
				wb.render()
			}
		})
	} else {
		wb.render()
	}

	wb.SideToggle = widget.NewButtonWithIcon("Providers", theme.MenuIcon(), func() { wb.showSidebar(!wb.sideShown) })
	top := container.NewBorder(nil, nil, wb.SideToggle, container.NewHBox(wb.Presenter, wb.Export), appBar())
	wb.main = container.NewBorder(container.NewVBox(wb.verdict, wb.Errors), nil, nil, nil, wb.Tabs)
	wb.sidePane = container.NewPadded(wb.side.content)
	wb.body = container.NewStack()
	wb.showSidebar(true)
	root := &fixedMin{min: WindowMinSize, content: container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, wb.body)}
	root.ExtendBaseWidget(root)
	wb.content = root
	wb.installShortcuts()
	w.SetOnDropped(wb.dropped)
	// Light or dark follows the system; the drawn parts (the timeline's
	// lines and labels) take their colours when built, so build them again.
	a.Settings().AddListener(func(fyne.Settings) {
		if wb.ownTheme.Swap(false) {
			return // presenter mode's own change: it draws the views itself
		}
		wb.do(func() {
			if !wb.stopped {
				wb.render()
			}
		})
	})
	return wb
}

// WindowMinSize is the window's minimum size in every mode: presenter
// mode's larger type reflows (the sidebar collapses) instead of widening
// the window, so a 1024×768 projector shows all of it.
var WindowMinSize = fyne.NewSize(920, 560)

// fixedMin is the window's root: its minimum size is WindowMinSize
// whatever the content's, so no mode and no view resizes the window.
type fixedMin struct {
	widget.BaseWidget
	min     fyne.Size
	content fyne.CanvasObject
}

func (f *fixedMin) CreateRenderer() fyne.WidgetRenderer {
	return &fixedMinRenderer{f: f}
}

type fixedMinRenderer struct{ f *fixedMin }

func (r *fixedMinRenderer) Layout(size fyne.Size) {
	r.f.content.Resize(size)
	r.f.content.Move(fyne.NewPos(0, 0))
}
func (r *fixedMinRenderer) MinSize() fyne.Size           { return r.f.min }
func (r *fixedMinRenderer) Refresh()                     { r.f.content.Refresh() }
func (r *fixedMinRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.f.content} }
func (r *fixedMinRenderer) Destroy()                     {}

// MinSize is the fixed minimum.
func (f *fixedMin) MinSize() fyne.Size { return f.min }

// showSidebar shows the providers sidebar beside the views, or collapses
// it.
func (wb *Workbench) showSidebar(on bool) {
	wb.sideShown = on
	if on {
		// A fixed width, not a split: the sidebar keeps its width on every
		// tab, and no split handle is drawn.
		wb.body.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil,
			container.New(&sized{width: func() float32 {
				// As wide as the idle sidebar needs, and never narrower
				// later: a sign-in in progress does not move the views.
				wb.sideWidth = max(wb.sideWidth, sidebarWidth*theme.TextSize()/14, wb.sidePane.MinSize().Width)
				return wb.sideWidth
			}}, wb.sidePane), nil, wb.main)}
		wb.SideToggle.SetText("Hide providers")
	} else {
		wb.body.Objects = []fyne.CanvasObject{wb.main}
		wb.SideToggle.SetText("Providers")
	}
	wb.body.Refresh()
}

// sidebarWidth is the providers sidebar's width at the default text size
// (it grows with the type).
const sidebarWidth = 270

// sized is a layout that gives its objects a fixed width or height (a
// nil func keeps the objects' own minimum) and fills the space it gets.
type sized struct{ width, height func() float32 }

func (l *sized) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l *sized) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	if l.width != nil {
		m.Width = l.width()
	}
	if l.height != nil {
		m.Height = l.height()
	}
	return m
}

// Content is the window's root object.
func (wb *Workbench) Content() fyne.CanvasObject { return wb.content }

// Stop ends timers, a sign-in in progress and the demo provider.
func (wb *Workbench) Stop() {
	wb.stopped = true
	wb.Inspect.Stop()
	wb.side.cancelFlow()
	if wb.checker.stop != nil {
		wb.checker.stop()
	}
	if wb.live != nil {
		wb.live.stop()
		wb.live = nil
	}
	if wb.demo != nil {
		wb.demo.Close()
		wb.demo = nil
	}
}

// SelectTab shows a tab by name.
func (wb *Workbench) SelectTab(name string) {
	for _, it := range wb.Tabs.Items {
		if it.Text == name {
			wb.Tabs.Select(it)
		}
	}
}

// command is one action with its keyboard shortcut, in the main menu and
// on the canvas.
type command struct {
	menu, label string
	key         fyne.KeyName
	mod         fyne.KeyModifier
	run         func()
}

func (wb *Workbench) commands() []command {
	ctrl := fyne.KeyModifierShortcutDefault
	cs := []command{
		{"File", "New provider profile…", fyne.KeyN, ctrl, func() { wb.side.showPresets() }},
		{"File", "Import neo4j.conf…", fyne.KeyO, ctrl, func() { wb.side.openConf() }},
		{"File", "Import from a running Neo4j…", "", 0, func() { wb.side.importServer() }},
		{"File", "Export report…", fyne.KeyE, ctrl, func() { wb.showExport() }},
		// Copies the investigation as (redacted) Markdown.
		{"File", "Copy investigation as Markdown (redacted)", fyne.KeyC, ctrl | fyne.KeyModifierShift, func() {
			wb.app.Clipboard().SetContent(string(report.Markdown(wb.Investigation(), report.Options{Redact: true})))
			wb.side.setStatus("The investigation is on the clipboard as Markdown (redacted).")
		}},
		// Ctrl+L: a new sign-in, as in a browser's address bar.
		{"Sign in", "Sign in with the selected provider", fyne.KeyL, ctrl, func() { wb.side.start() }},
		{"Sign in", "Cancel the sign-in", "", 0, func() { wb.side.cancelFlow() }},
		// Ctrl+K: check the sign-in's token against the running Neo4j.
		{"Sign in", "Check live against Neo4j", fyne.KeyK, ctrl, func() { wb.SelectTab(TabNeo4j); wb.checkLive() }},
	}
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7}
	for i, it := range wb.Tabs.Items {
		cs = append(cs, command{"View", it.Text, keys[i], ctrl, func() { wb.Tabs.SelectIndex(i) }})
	}
	cs = append(cs, command{"View", "Presenter mode", fyne.KeyP, ctrl | fyne.KeyModifierShift,
		func() { wb.Presenter.SetChecked(!wb.Presenter.Checked) }})
	return cs
}

// installShortcuts puts the commands' shortcuts on the canvas (for when
// nothing has the focus) and paste-anywhere on Ctrl+V.
func (wb *Workbench) installShortcuts() {
	c := wb.win.Canvas()
	for _, cmd := range wb.commands() {
		if cmd.key != "" {
			c.AddShortcut(&desktop.CustomShortcut{KeyName: cmd.key, Modifier: cmd.mod}, func(fyne.Shortcut) { cmd.run() })
		}
	}
	// Ctrl+V with nothing focused: paste anywhere, routed by what it is.
	c.AddShortcut(&fyne.ShortcutPaste{}, func(fyne.Shortcut) { wb.Paste(wb.app.Clipboard().Content()) })
}

// MainMenu is the window's menu: every command with its shortcut. The
// desktop driver runs a menu's shortcuts even while an entry has the
// focus, so Ctrl+1 … Ctrl+7 and Ctrl+L work while typing in the paste box.
func (wb *Workbench) MainMenu() *fyne.MainMenu {
	var menus []*fyne.Menu
	byName := map[string]*fyne.Menu{}
	for _, cmd := range wb.commands() {
		m := byName[cmd.menu]
		if m == nil {
			m = fyne.NewMenu(cmd.menu)
			byName[cmd.menu] = m
			menus = append(menus, m)
		}
		item := fyne.NewMenuItem(cmd.label, cmd.run)
		if cmd.key != "" {
			item.Shortcut = &desktop.CustomShortcut{KeyName: cmd.key, Modifier: cmd.mod}
		}
		m.Items = append(m.Items, item)
	}
	return fyne.NewMainMenu(menus...)
}

// Paste routes pasted or dropped text: a neo4j.conf to the Neo4j lint,
// anything else to the Inspect tab.
func (wb *Workbench) Paste(text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	if session.Route(text) == session.InputNeo4jConf {
		wb.lintConf("pasted neo4j.conf", []byte(text))
		wb.side.setStatus("Pasted a neo4j.conf: its lint is on the Neo4j tab. Open it from a file (Ctrl+O) to import its providers.")
		wb.SelectTab(TabNeo4j)
		return
	}
	wb.Inspect.Input.SetText(text)
	wb.SelectTab(TabInspect)
}

func (wb *Workbench) dropped(_ fyne.Position, uris []fyne.URI) {
	for _, u := range uris {
		if u.Scheme() != "file" {
			continue
		}
		data, err := os.ReadFile(u.Path())
		if err != nil {
			wb.ShowError(fmt.Errorf("reading the dropped file: %w", err))
			continue
		}
		if session.Route(string(data)) == session.InputNeo4jConf {
			wb.ImportConfFile(u.Path())
		} else {
			wb.Paste(string(data))
		}
		return
	}
}

// ShowError puts an error in the window, above the tabs.
func (wb *Workbench) ShowError(err error) {
	if err == nil {
		wb.Errors.Hide()
		return
	}
	wb.Errors.SetText(safetext.Line(wb.redactor().Text(err.Error())))
	wb.Errors.Show()
}

// lintConf reads a configuration and makes it an input of the
// investigation (its lint on the Neo4j tab).
func (wb *Workbench) lintConf(name string, data []byte) (*session.Conf, error) {
	c, err := session.LoadConf(bytes.NewReader(data), name, session.ConfOptions{})
	if err != nil {
		wb.ShowError(err)
		return nil, err
	}
	wb.setConf(c)
	return c, nil
}

// ImportConfFile reads a neo4j.conf, shows its lint and offers its
// providers for import.
func (wb *Workbench) ImportConfFile(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		wb.ShowError(fmt.Errorf("reading %s: %w", path, err))
		return
	}
	c, err := wb.lintConf(path, data)
	if err != nil {
		return
	}
	wb.ShowError(nil)
	wb.offerImport("Import providers from "+filepath.Base(path), profiles.FromConf(path, c.Model))
}

// offerImport asks which of the providers to save as profiles.
func (wb *Workbench) offerImport(title string, ps []profiles.Profile) {
	if len(ps) == 0 {
		wb.ShowError(errors.New("no OpenID Connect provider found to import (dbms.security.oidc.<name>.* settings)"))
		return
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	wb.importing = ps
	wb.importChoice = widget.NewCheckGroup(names, nil)
	wb.importChoice.SetSelected(names)
	wb.importConfirm = func() {
		chosen := map[string]bool{}
		for _, n := range wb.importChoice.Selected {
			chosen[n] = true
		}
		var firstID string
		for _, p := range wb.importing {
			if !chosen[p.Name] {
				continue
			}
			saved, err := wb.store.Save(p)
			if err != nil {
				wb.ShowError(err)
				continue
			}
			if firstID == "" {
				firstID = saved.ID
			}
		}
		wb.importing, wb.importChoice, wb.importConfirm = nil, nil, nil
		wb.side.reload(firstID)
	}
	confirm := wb.importConfirm
	body := container.NewVBox(wrapped("Choose the providers to keep as profiles. The lint of the configuration is on the Neo4j tab."), wb.importChoice)
	d := newConfirm(title, "Import", body, func(ok bool) {
		if ok {
			confirm()
		}
	}, wb.win)
	d.Show()
	wb.SelectTab(TabNeo4j)
}

// setResult makes a sign-in's (or a paste flow's) result the current
// investigation and opens on Neo4j's verdict (the claims when there is
// none).
func (wb *Workbench) setResult(res *session.SignInResult, t session.Target, name string) {
	wb.target, wb.targetName = t, name
	inv := session.OfSignIn(res, t)
	if inv.In.Conf != nil {
		wb.conf = inv.In.Conf
	}
	inv.Handoff() // its findings are the investigation's
	wb.setInvestigation(inv)
	if inv.Prediction != nil {
		wb.SelectTab(TabNeo4j)
	} else {
		wb.SelectTab(TabTokens)
	}
}

// setConf brings in a neo4j.conf. The current sign-in or paste is
// investigated again with it (what this Neo4j makes of those tokens);
// with neither, the configuration is the new investigation, and the one
// before it is kept as older.
func (wb *Workbench) setConf(c *session.Conf) {
	wb.conf = c
	if wb.inv != nil && wb.inv == wb.Inspect.inv && wb.Inspect.Input.Text != "" {
		wb.Inspect.changed(wb.Inspect.Input.Text)
		return
	}
	if wb.signIn() != nil {
		// The sign-in's tokens are verified already: no fetch here.
		in := wb.inv.In
		in.Conf, in.Options = c, inspector.Options{Now: wb.now}
		if c.Model != nil && in.Provider != "" && c.Model.Provider(in.Provider) == nil {
			in.Provider = ""
		}
		inv := session.New(contextBackground(), in)
		inv.Handoff()
		wb.setInvestigation(inv)
		return
	}
	wb.setInvestigation(session.New(contextBackground(), session.Inputs{Conf: c, Options: inspector.Options{Now: wb.now}, Offline: true}))
}

// setInvestigation makes inv the current investigation; the one before
// it, when it held anything, is kept as older.
func (wb *Workbench) setInvestigation(inv *session.Investigation) {
	if wb.inv != nil && wb.inv != inv && !sameInput(wb.inv, inv) {
		wb.older = wb.inv
	}
	wb.inv = inv
	wb.scrollTop = true
	wb.render()
}

// sameInput reports whether b is a again, derived anew (a paste verified
// after it was decoded, a conf read again): then a is not kept as older.
func sameInput(a, b *session.Investigation) bool {
	if a.In.SignIn != nil || b.In.SignIn != nil {
		return a.In.SignIn == b.In.SignIn
	}
	return string(a.In.Text) == string(b.In.Text)
}

// pasted is told when the Inspect tab's input changes: its investigation
// becomes the current one (clearing the box brings the older one back).
func (wb *Workbench) pasted() {
	if wb.Inspect.inv == wb.lastPaste {
		return // shown again (presenter mode), not a new input
	}
	wb.lastPaste = wb.Inspect.inv
	switch v := wb.Inspect.inv; {
	case v != nil && len(v.In.Text) > 0:
		wb.setInvestigation(v)
	case wb.inv != nil && wb.inv.In.SignIn == nil && wb.inv.In.Conf == nil:
		wb.inv, wb.older = wb.older, nil
		wb.render()
	}
}

// pasteInputs are the inputs of a paste: the text, with the last
// neo4j.conf brought in (its prediction).
func (wb *Workbench) pasteInputs(text string) session.Inputs {
	in := session.Inputs{Text: []byte(text), TextName: "pasted input", Options: inspector.Options{Now: wb.Inspect.now}}
	if wb.conf != nil {
		in.Conf = wb.conf
	}
	return in
}

// signIn is the current investigation's sign-in, or nil.
func (wb *Workbench) signIn() *session.SignInResult {
	if wb.inv == nil {
		return nil
	}
	return wb.inv.In.SignIn
}

// handoff is the provider block and snippet facts of the current
// investigation.
func (wb *Workbench) handoff() (*session.Handoff, error) {
	if wb.inv == nil || len(wb.inv.Report.Tokens) == 0 {
		return nil, session.ErrNoTokens
	}
	return wb.inv.Handoff()
}

// tokens are every token the window may show (the current and the older
// investigation's, the paste box's): what presenter mode masks.
func (wb *Workbench) tokens() []*inspector.Token {
	var ts []*inspector.Token
	for _, inv := range []*session.Investigation{wb.inv, wb.older, wb.Inspect.inv} {
		if inv != nil {
			ts = append(ts, inv.Report.Tokens...)
		}
	}
	return ts
}

// redactor masks the screen in presenter mode; nil (show everything but
// whole tokens) otherwise.
func (wb *Workbench) redactor() *report.Redactor {
	if !wb.Presenter.Checked {
		return nil
	}
	return report.NewRedactor(wb.tokens()...)
}

func (wb *Workbench) setPresenter(on bool) {
	// Each view keeps its place: the part at the top of the view stays
	// there (the same offset in pixels would not do: the larger or smaller
	// type, and the sidebar's width, move everything). The places are
	// taken before the type changes, and hold for the redraw the theme's
	// change asks for too.
	wb.places = map[*fyne.Container]place{}
	for _, c := range []*fyne.Container{wb.tokensTab, wb.verifyTab, wb.neo4jTab, wb.timelineTab, wb.handoffTab} {
		if s := viewScroll(firstObject(c)); s != nil {
			wb.places[c] = placeOf(s)
		}
	}
	wb.findingsPlace = nil
	if p, ok := listPlaceOf(firstObject(wb.findingsTab)); ok {
		wb.findingsPlace = &p
	}
	inspectPlace := placeOf(wb.Inspect.resultScroll)
	defer wb.do(func() {
		// Again once the window has drawn the new type: the list's rows
		// are measured then.
		if p := wb.findingsPlace; p != nil {
			p.scroll(firstObject(wb.findingsTab))
		}
		wb.places, wb.findingsPlace = nil, nil
		inspectPlace.scroll(wb.Inspect.resultScroll)
	})
	// The views are drawn again below (masked or not), so they are let go
	// before the type changes: Fyne's change of theme lays out and
	// refreshes every object of the window, hidden tabs too, and each view
	// measured in the new type only to be replaced doubled the wait (3.4–5.5 s
	// of a two-core machine for a toggle on the Neo4j tab after a sign-in).
	views := []*fyne.Container{wb.tokensTab, wb.verifyTab, wb.neo4jTab, wb.findingsTab, wb.timelineTab, wb.handoffTab}
	if wb.Inspect.inv != nil {
		views = append(views, wb.Inspect.result)
	}
	for _, c := range views {
		c.Objects = nil
	}
	// The type changes first: the sidebar that comes back after presenter
	// mode is measured afresh in the normal type (measured in presenter
	// mode's, it stayed a quarter wider, the views narrower).
	wb.ownTheme.Store(true)
	wb.app.Settings().SetTheme(newTheme(on))
	wb.sidePane.Refresh()
	wb.sideWidth = 0
	// The sidebar collapses on a projector (Providers brings it back) and
	// comes back after.
	wb.showSidebar(!on)
	wb.Inspect.setRedactor(wb.redactor())
	inspectPlace.scroll(wb.Inspect.resultScroll)
	wb.side.refresh()
	if wb.Errors.Visible() {
		wb.Errors.SetText(wb.redactor().Text(wb.Errors.Text))
	}
	wb.render()
}

// Investigation is what the report exports: the current investigation,
// with its live check and provider block, and the conf lint.
func (wb *Workbench) Investigation() *report.Investigation {
	inv := wb.inv
	if inv == nil {
		inv = session.New(contextBackground(), session.Inputs{Offline: true, Options: inspector.Options{Now: wb.now}})
	}
	out := inv.Export()
	out.Generated = wb.now()
	if inv.In.SignIn != nil && wb.targetName != "" {
		out.Title = "SSO Lens investigation: " + wb.targetName
	}
	return out
}

// WriteReport writes the investigation to path, as HTML when the name ends
// in .html or .htm and as Markdown otherwise.
func (wb *Workbench) WriteReport(path string, redact bool) error {
	opts := report.Options{Redact: redact, Now: wb.now, Location: time.Local}
	var data []byte
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		data = report.HTML(wb.Investigation(), opts)
	default:
		data = report.Markdown(wb.Investigation(), opts)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// presenterTheme is the current theme with larger type, for a projector.
type presenterTheme struct{ fyne.Theme }

func (t presenterTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.Theme.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameCaptionText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText, theme.SizeNameInlineIcon:
		return s * 1.25
	}
	return s
}

// render rebuilds every view but Inspect from the current
// investigation, redacted in presenter mode.
func (wb *Workbench) render() {
	if wb.live != nil {
		wb.live.stop()
	}
	wb.live = newLiveTimes()
	v := wb.shown()
	// A view drawn again keeps its place (a kind chosen or a live check
	// finished below the fold stays in sight); a new sign-in starts at the
	// top.
	keep := !wb.scrollTop
	wb.scrollTop = false
	set := func(c *fyne.Container, o fyne.CanvasObject) {
		old, nw := viewScroll(firstObject(c)), viewScroll(o)
		c.Objects = []fyne.CanvasObject{o}
		c.Refresh()
		switch p, ok := wb.places[c]; {
		case nw == nil || !keep:
		case ok:
			p.scroll(nw)
		case old != nil:
			nw.ScrollToOffset(old.Offset)
		}
	}
	set(wb.tokensTab, wb.tokensView(v))
	set(wb.verifyTab, verificationView(v))
	set(wb.neo4jTab, neo4jView(v, wb.liveCard(v), wb.whatIf.card(v)))
	wb.Inspect.setNotCurrent(wb.pasteNotCurrent())
	set(wb.findingsTab, findingsView(v, wb.olderShown(v.red)))
	if p := wb.findingsPlace; p != nil && keep {
		p.scroll(firstObject(wb.findingsTab))
	}
	set(wb.timelineTab, timelineView(v))
	set(wb.handoffTab, wb.handoffView(v.red))
	wb.setVerdict(v)
	if len(wb.live.times) > 0 {
		wb.live.start(wb.now, wb.do)
	}
}

// viewScroll is the scroller of a tab's view: the view, or the part of it
// under a heading that stays (the timeline's diagram); nil for a view
// without one.
func viewScroll(o fyne.CanvasObject) *container.Scroll {
	switch w := o.(type) {
	case *container.Scroll:
		return w
	case *fyne.Container:
		for _, c := range w.Objects {
			if s, ok := c.(*container.Scroll); ok {
				return s
			}
		}
	}
	return nil
}

func firstObject(c *fyne.Container) fyne.CanvasObject {
	if len(c.Objects) == 0 {
		return nil
	}
	return c.Objects[0]
}

func redactReport(rep *inspector.Report, red *report.Redactor) *inspector.Report {
	if rep == nil || red == nil {
		return rep
	}
	c := *rep
	c.Findings = red.Findings(rep.Findings)
	c.Tokens = make([]*inspector.Token, len(rep.Tokens))
	for i, t := range rep.Tokens {
		c.Tokens[i] = red.Token(t)
	}
	return &c
}

func emptyView(title, text string) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(safetext.Line(title), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	t.SizeName = theme.SizeNameSubHeadingText
	body := wrapped(text)
	body.Alignment = fyne.TextAlignCenter
	return container.NewPadded(container.NewVBox(layout.NewSpacer(), t, body, layout.NewSpacer()))
}

// heading is a view's title line.
func heading(text string) *widget.RichText {
	rt := widget.NewRichText(&widget.TextSegment{Text: safetext.Line(text), Style: widget.RichTextStyle{
		SizeName: theme.SizeNameSubHeadingText, TextStyle: fyne.TextStyle{Bold: true}}})
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

func colored(text string, c fyne.ThemeColorName, bold bool) *widget.RichText {
	rt := widget.NewRichText(&widget.TextSegment{Text: safetext.Line(text), Style: widget.RichTextStyle{ColorName: c, TextStyle: fyne.TextStyle{Bold: bold}}})
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// dividerLine is a thin rule.
func dividerLine() fyne.CanvasObject {
	r := canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
	r.SetMinSize(fyne.NewSize(1, 1))
	return r
}

// runAsync runs work off the UI goroutine and then done on it.
func (wb *Workbench) runAsync(work func() func()) {
	go func() {
		done := work()
		wb.do(func() {
			if !wb.stopped && done != nil {
				done()
			}
		})
	}()
}
