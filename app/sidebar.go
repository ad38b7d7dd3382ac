package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/profiles"
	"github.com/ssolens/ssolens/session"
)

// flowNames label the flows in the selector.
var flowNames = map[string]string{
	pkce.FlowPKCE:              "Authorization code + PKCE (browser)",
	pkce.FlowClientCredentials: "Client credentials (no user)",
	pkce.FlowDevice:            "Device code",
	pkce.FlowPassword:          "Password (legacy)",
	pkce.FlowImplicit:          "Implicit (legacy, browser)",
	session.FlowPaste:          "Paste a response or redirect URL",
}

// sidebar is the providers list, the selected profile and the sign-in
// controls.
type sidebar struct {
	wb       *Workbench
	List     *widget.List
	profiles []profiles.Profile // after the demo entry
	selected int                // 0 is the demo

	detail   *widget.RichText
	register *widget.Entry // the redirect URI to register
	copyReg  *widget.Button
	Flow     *widget.Select
	username *widget.Entry
	password *widget.Entry
	pasteIn  *widget.Entry // the paste flow's text

	// SignIn is DemoButtonText for the demo entry.
	SignIn   *widget.Button
	cancel   *widget.Button
	progress *widget.ProgressBarInfinite
	Status   *widget.Label
	url      *widget.Entry // the authorization URL as the fallback
	copyURL  *widget.Button
	// DeviceCode shows the device flow's user code, large.
	DeviceCode *widget.RichText
	pasteBack  *widget.Entry // the paste-the-redirect-URL fallback
	pasteGo    *widget.Button
	keyring    *widget.RichText
	content    fyne.CanvasObject

	// On the UI goroutine only.
	stopFlow context.CancelFunc
	// demoRedirect is the redirect URI of the last demo sign-in (its port
	// is chosen when the sign-in starts).
	demoRedirect string
	pasted       chan string
	status       string
}

func newSidebar(wb *Workbench) *sidebar {
	s := &sidebar{wb: wb}
	s.List = widget.NewList(func() int { return 1 + len(s.profiles) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("provider")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), nil, l)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*fyne.Container).Objects[0].(*widget.Label)
			l.SetText(s.entryName(id))
		})
	s.List.OnSelected = func(id widget.ListItemID) { s.selected = id; s.refresh() }

	newBtn := widget.NewButtonWithIcon("New…", theme.ContentAddIcon(), s.showPresets)
	confBtn := widget.NewButtonWithIcon("neo4j.conf…", theme.FolderOpenIcon(), s.openConf)
	serverBtn := widget.NewButtonWithIcon("Neo4j URL…", theme.ComputerIcon(), s.importServer)
	editBtn := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), s.edit)
	dupBtn := widget.NewButtonWithIcon("", theme.ContentCopyIcon(), s.duplicate)
	delBtn := widget.NewButtonWithIcon("", theme.DeleteIcon(), s.delete)
	// Two buttons a row: three labelled ones in a row would make the
	// sidebar too wide for 1280 pixels with presenter mode's type.
	actions := container.NewVBox(container.NewGridWithColumns(2, newBtn, confBtn),
		container.NewGridWithColumns(2, serverBtn, container.NewGridWithColumns(3, editBtn, dupBtn, delBtn)))

	s.detail = widget.NewRichText()
	s.detail.Wrapping = fyne.TextWrapWord
	s.register = widget.NewEntry()
	s.copyReg = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() { wb.app.Clipboard().SetContent(s.register.Text) })
	s.Flow = widget.NewSelect(nil, func(string) { s.flowChanged() })
	for _, f := range session.Flows {
		s.Flow.Options = append(s.Flow.Options, flowNames[f])
	}
	s.username = widget.NewEntry()
	s.username.SetPlaceHolder("Username")
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder("Password")
	s.pasteIn = widget.NewMultiLineEntry()
	s.pasteIn.SetPlaceHolder("Paste the token response, redirect URL or header here")
	s.pasteIn.SetMinRowsVisible(3)

	s.SignIn = widget.NewButtonWithIcon(DemoButtonText, theme.LoginIcon(), s.start)
	s.SignIn.Importance = widget.HighImportance
	s.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), s.cancelFlow)
	s.cancel.Hide()
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	s.Status = widget.NewLabel("")
	s.Status.Wrapping = fyne.TextWrapWord
	s.url = widget.NewEntry()
	s.copyURL = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() { wb.app.Clipboard().SetContent(s.url.Text) })
	s.DeviceCode = widget.NewRichText()
	s.DeviceCode.Hide()
	s.pasteBack = widget.NewEntry()
	s.pasteBack.SetPlaceHolder("…or paste the redirect URL from the browser")
	s.pasteGo = widget.NewButton("Use", func() {
		if s.pasted != nil && s.pasteBack.Text != "" {
			s.pasted <- s.pasteBack.Text
			s.pasteBack.SetText("")
		}
	})
	// A note, not a warning: nothing is wrong until a secret is needed.
	s.keyring = subtle("", fyne.TextStyle{Italic: true}, theme.SizeNameCaptionText)
	if err := wb.store.KeyringError(); err != nil {
		s.keyring.Segments[0].(*widget.TextSegment).Text = "Client secrets stay in memory for this session (" + safetext.Line(err.Error()) + ")."
		s.keyring.Refresh()
	} else {
		s.keyring.Hide()
	}

	bold := func(t string) *widget.Label {
		return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	signIn := container.NewVBox(
		bold("Sign in"),
		s.Flow, onPage(s.username), onPage(s.password), onPage(s.pasteIn),
		// Cancel under the button, not beside it: the sidebar keeps its
		// width while a sign-in runs.
		s.SignIn, s.cancel,
		s.progress, s.Status, s.DeviceCode,
		container.NewBorder(nil, nil, nil, s.copyURL, onPage(s.url)),
		container.NewBorder(nil, nil, nil, s.pasteGo, onPage(s.pasteBack)),
	)
	profile := container.NewVBox(bold("Profile"), s.detail, widget.NewLabel("Redirect URI to register:"),
		container.NewBorder(nil, nil, nil, s.copyReg, onPage(s.register)), s.keyring)
	// The list is as tall as its entries (up to four, then it scrolls):
	// no empty space under a one-entry list, and no split handle.
	rows := container.New(&sized{height: func() float32 {
		n := min(1+len(s.profiles), 4)
		return float32(n)*(s.List.MinSize().Height+theme.Padding()) + theme.Padding()
	}}, s.List)
	list := container.NewVBox(bold("Providers"), rows, actions)
	scroll := pageScroll(container.NewVBox(profile, widget.NewSeparator(), signIn))
	s.content = container.NewBorder(list, nil, nil, nil, container.NewBorder(widget.NewSeparator(), nil, nil, nil, scroll))
	s.reload("")
	s.setStatus("")
	return s
}

func (s *sidebar) entryName(id int) string {
	if id == 0 {
		return DemoProfileName
	}
	if id-1 < len(s.profiles) {
		return s.profiles[id-1].Name
	}
	return ""
}

// current is the selected profile; ok is false for the demo.
func (s *sidebar) current() (profiles.Profile, bool) {
	if s.selected <= 0 || s.selected-1 >= len(s.profiles) {
		return profiles.Profile{}, false
	}
	return s.profiles[s.selected-1], true
}

// reload reads the profiles again and selects id ("" keeps the
// selection, or the demo when nothing is configured).
func (s *sidebar) reload(id string) {
	ps, err := s.wb.store.List()
	if err != nil {
		s.wb.ShowError(err)
	}
	s.profiles = ps
	sel := s.selected
	if id != "" {
		for i, p := range ps {
			if p.ID == id {
				sel = i + 1
			}
		}
	}
	if sel > len(ps) {
		sel = 0
	}
	s.List.Refresh()
	s.List.Select(sel)
	s.selected = sel
	s.refresh()
}

// refresh redraws the selected profile and the controls for its flow.
func (s *sidebar) refresh() {
	red := s.wb.redactor()
	p, ok := s.current()
	var segs []widget.RichTextSegment
	line := func(name, value string) {
		if value == "" {
			return
		}
		segs = append(segs, &widget.TextSegment{Text: name + ": ", Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: true}}},
			&widget.TextSegment{Text: safetext.Line(red.Text(value)), Style: widget.RichTextStyleParagraph})
	}
	flow := pkce.FlowPKCE
	if !ok {
		users := "four demo users: alice, bob, carol, dave"
		if red != nil {
			users = "four demo users" // their names are personal data on a projector
		}
		line("Provider", "the built-in demo (not for production): its own neo4j.conf, "+users)
		line("Scopes", "openid profile email")
		if s.demoRedirect != "" {
			s.register.SetText(s.demoRedirect)
		} else {
			s.register.SetText("http://localhost:<port>/browser/?idp_id=demo&auth_flow_step=redirect_uri (the port is chosen when the sign-in starts)")
		}
		s.SignIn.SetText(DemoButtonText)
	} else {
		line("Name", p.Name)
		line("Kind", p.Kind)
		line("Issuer", p.Issuer)
		line("Client ID", p.ClientID)
		line("Scopes", strings.Join(p.Scopes, " "))
		if p.HasSecret {
			line("Client secret", "in the keyring")
		}
		if p.Neo4j != nil {
			line("Neo4j", strings.TrimSpace(p.Neo4j.ConfPath+p.Neo4j.ServerURL+" · provider "+p.Neo4j.Provider))
		}
		for _, n := range p.Notes {
			segs = append(segs, &widget.TextSegment{Text: safetext.Line(red.Text(n)), Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText}})
		}
		s.register.SetText(strings.Join(p.RedirectURIs(), "  "))
		s.SignIn.SetText("Sign in with " + p.Name)
		if p.Flow != "" {
			flow = p.Flow
		}
	}
	s.detail.Segments = segs
	s.detail.Refresh()
	if s.stopFlow == nil {
		s.Flow.SetSelected(flowNames[flow])
	}
	s.flowChanged()
	s.setStatus(s.status)
}

func (s *sidebar) flow() string {
	for f, n := range flowNames {
		if n == s.Flow.Selected {
			return f
		}
	}
	return pkce.FlowPKCE
}

func (s *sidebar) flowChanged() {
	f := s.flow()
	show := func(o fyne.CanvasObject, on bool) {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	show(s.username, f == pkce.FlowPassword)
	show(s.password, f == pkce.FlowPassword)
	show(s.pasteIn, f == session.FlowPaste)
	browser := f == pkce.FlowPKCE || f == pkce.FlowImplicit
	running := s.stopFlow != nil
	show(s.url, running && browser && s.url.Text != "")
	show(s.copyURL, running && browser && s.url.Text != "")
	show(s.pasteBack, running && browser)
	show(s.pasteGo, running && browser)
}

func (s *sidebar) setStatus(text string) {
	s.status = text
	if text == "" {
		if _, ok := s.current(); !ok {
			text = "No provider configured yet? The built-in demo signs in with one click: tokens, checks and Neo4j's roles, no cloud account needed."
		} else {
			text = "Choose a flow and sign in. The redirect URI above must be registered at the provider exactly."
		}
	}
	s.Status.SetText(safetext.Line(s.wb.redactor().Text(text)))
}

// start signs in with the selected profile and flow; on the UI goroutine.
func (s *sidebar) start() {
	if s.stopFlow != nil || s.wb.stopped {
		return
	}
	wb := s.wb
	p, isProfile := s.current()
	flow := s.flow()
	ctx, cancel := context.WithTimeout(context.Background(), pkce.DefaultTimeout+30*time.Second)
	s.stopFlow = cancel
	s.pasted = make(chan string, 1)
	s.SignIn.Disable()
	s.cancel.Show()
	s.progress.Show()
	s.progress.Start()
	s.url.SetText("")
	s.DeviceCode.Hide()
	s.flowChanged()
	wb.ShowError(nil)
	name := DemoProfileName
	if isProfile {
		name = p.Name
	}
	s.setStatus("Signing in with " + name + "…")
	do := wb.do
	opts := session.FlowOptions{
		Flow: flow, Pasted: s.pasted, Username: s.username.Text, Password: s.password.Text, Text: s.pasteIn.Text,
		SignInOptions: session.SignInOptions{
			Browser: wb.browser, HTTPClient: wb.client, Inspect: inspector.Options{Now: wb.now},
			OnRedirectURI: func(uri string) {
				do(func() {
					if !isProfile {
						s.demoRedirect = uri
					}
					s.register.SetText(uri)
				})
			},
			OnAuthorizeURL: func(u string) {
				do(func() {
					s.setStatus("Waiting for the browser to come back… If no browser opened, open this URL (copy it) and sign in:")
					s.url.SetText(u)
					s.flowChanged()
				})
			},
		},
		OnDeviceCode: func(dc pkce.DeviceCode) {
			do(func() {
				s.DeviceCode.Segments = []widget.RichTextSegment{
					&widget.TextSegment{Text: safetext.Line(dc.UserCode), Style: widget.RichTextStyle{SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Monospace: true}, Alignment: fyne.TextAlignCenter}},
					&widget.TextSegment{Text: "Enter this code at " + safetext.Line(dc.VerificationURI), Style: widget.RichTextStyleParagraph},
				}
				s.DeviceCode.Refresh()
				s.DeviceCode.Show()
				s.url.SetText(cmpOr(dc.VerificationURIComplete, dc.VerificationURI))
				s.setStatus("Waiting for the device sign-in to be approved…")
			})
		},
	}
	demo := wb.demo
	store := wb.store
	go func() {
		defer cancel()
		var target session.Target
		var err error
		if !isProfile {
			if demo == nil {
				if demo, err = session.StartDemo(context.Background()); err != nil {
					do(func() { s.finish(nil, target, name, err) })
					return
				}
				do(func() {
					if wb.stopped {
						demo.Close()
						return
					}
					wb.demo = demo
				})
			}
			target = demo.Target()
		} else {
			target, err = profileTarget(ctx, p, wb.client)
			if err != nil {
				do(func() { s.finish(nil, target, name, err) })
				return
			}
			if p.HasSecret {
				opts.ClientSecret, err = store.Secret(p.ID)
				if err != nil && !errors.Is(err, pkce.ErrSecretNotFound) {
					do(func() { s.finish(nil, target, name, err) })
					return
				}
			}
		}
		res, err := session.SignInWith(ctx, target, opts)
		do(func() { s.finish(res, target, name, err) })
	}()
}

// profileTarget builds the sign-in target of a profile: Neo4j Browser's
// mode for a profile imported from Neo4j (the conf read again, or the
// server asked), its plain OIDC form otherwise.
func profileTarget(ctx context.Context, p profiles.Profile, hc *http.Client) (session.Target, error) {
	t := session.Target{Config: p.Config(), Loopback: p.LoopbackConfig()}
	if !p.IsNeo4j() {
		return t, nil
	}
	setup, err := p.LoadNeo4j(ctx, hc)
	if err != nil {
		return t, err
	}
	t.Config, t.Model, t.Provider = setup.Config(), setup.Model, setup.Provider
	return t, nil
}

// finish shows the outcome; on the UI goroutine.
func (s *sidebar) finish(res *session.SignInResult, t session.Target, name string, err error) {
	s.stopFlow = nil
	s.pasted = nil
	s.SignIn.Enable()
	s.cancel.Hide()
	s.progress.Stop()
	s.progress.Hide()
	s.DeviceCode.Hide()
	s.flowChanged()
	if s.wb.stopped {
		return
	}
	switch {
	case err != nil && (res == nil || res.Result == nil):
		s.setStatus("The sign-in failed.")
		s.wb.ShowError(fmt.Errorf("signing in with %s: %w", name, err))
		return
	case err != nil:
		s.setStatus("The sign-in failed: the Findings tab says why.")
		s.wb.ShowError(fmt.Errorf("signing in with %s: %w", name, err))
	case res.Prediction != nil && res.Prediction.Outcome == predict.OutcomeLogIn:
		s.setStatus("Signed in with " + name + ". Neo4j would log in " + res.Prediction.Username + ".")
	default:
		s.setStatus("Signed in with " + name + ".")
	}
	s.wb.setResult(res, t, name)
}

// cancelFlow stops a sign-in in progress.
func (s *sidebar) cancelFlow() {
	if s.stopFlow != nil {
		s.stopFlow()
	}
}

// showPresets offers the presets: each says which redirect URI to
// register and which scopes to ask for, and asks for its placeholders.
func (s *sidebar) showPresets() {
	presets := profiles.Presets()
	var titles []string
	for _, p := range presets {
		titles = append(titles, p.Title)
	}
	guide := widget.NewRichText()
	guide.Wrapping = fyne.TextWrapWord
	fields := container.NewVBox()
	entries := map[string]*widget.Entry{}
	var chosen profiles.Preset
	pick := widget.NewSelect(titles, func(title string) {
		for _, p := range presets {
			if p.Title == title {
				chosen = p
			}
		}
		example := profiles.Profile{RedirectHost: chosen.RedirectHost, Ports: chosen.Ports, RedirectPath: chosen.RedirectPath}
		md := "**Register this redirect URI:** `" + strings.Join(example.RedirectURIs(), "` and `") + "`\n\n" +
			"**Scopes:** `" + strings.Join(chosen.Scopes, " ") + "`"
		if chosen.Flow != "" {
			md += " · **flow:** " + chosen.Flow
		}
		if chosen.NeedsSecret {
			md += " · needs the client secret (kept in the OS keyring)"
		}
		for _, n := range chosen.Notes {
			md += "\n\n" + n
		}
		guide.ParseMarkdown(md)
		fields.Objects = nil
		clear(entries)
		for _, ph := range chosen.Placeholders {
			e := widget.NewEntry()
			e.SetPlaceHolder(ph.Example)
			entries[ph.Key] = e
			fields.Add(container.NewBorder(nil, nil, widget.NewLabel(ph.Label), nil, e))
		}
		fields.Refresh()
	})
	pick.SetSelected(titles[0])
	body := container.NewBorder(container.NewVBox(pick, fields), nil, nil, nil, container.NewVScroll(guide))
	d := newConfirm("New provider profile", "Create", body, func(ok bool) {
		if !ok {
			return
		}
		values := map[string]string{}
		for k, e := range entries {
			values[k] = e.Text
		}
		p, err := chosen.NewProfile(values)
		if err == nil {
			p, err = s.wb.store.Save(p)
		}
		if err != nil {
			s.wb.ShowError(err)
			return
		}
		s.reload(p.ID)
	}, s.wb.win)
	d.Resize(fyne.NewSize(720, 560))
	d.Show()
}

// openConf picks a neo4j.conf to import.
func (s *sidebar) openConf() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.wb.ShowError(err)
			return
		}
		if r == nil {
			return
		}
		r.Close()
		s.wb.ImportConfFile(r.URI().Path())
	}, s.wb.win)
	// A neo4j.conf, or a deployment's form: an env file, a compose file or
	// a Helm values.yaml, or a script with a docker run command.
	d.SetFilter(storage.NewExtensionFileFilter([]string{".conf", ".env", ".yml", ".yaml", ".sh", ".ps1", ".bat", ".cmd"}))
	d.Show()
}

// importServer asks a running Neo4j which providers it publishes.
func (s *sidebar) importServer() {
	u := widget.NewEntry()
	u.SetPlaceHolder("http://localhost:7474")
	dialog.ShowForm("Import from a running Neo4j", "Import", "Cancel", []*widget.FormItem{widget.NewFormItem("Neo4j URL", u)}, func(ok bool) {
		if !ok || u.Text == "" {
			return
		}
		url := u.Text
		s.setStatus("Asking " + url + " for its SSO providers…")
		hc := s.wb.client
		s.wb.runAsync(func() func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			sd, err := server.FetchServerDiscovery(ctx, hc, url)
			return func() {
				if err != nil {
					s.wb.ShowError(err)
					return
				}
				s.setStatus("")
				s.wb.offerImport("Import providers from "+url, profiles.FromServer(url, sd))
			}
		})
	}, s.wb.win)
}

// edit changes the selected profile; the client secret goes to the
// keyring only.
func (s *sidebar) edit() {
	p, ok := s.current()
	if !ok {
		s.wb.ShowError(errors.New("the built-in demo cannot be edited: create a profile from the demo preset (New…) to change it"))
		return
	}
	name, issuer, client, scopes := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	name.SetText(p.Name)
	issuer.SetText(p.Issuer)
	client.SetText(p.ClientID)
	scopes.SetText(strings.Join(p.Scopes, " "))
	flow := widget.NewSelect(nil, nil)
	for _, f := range session.Flows[:5] {
		flow.Options = append(flow.Options, f)
	}
	flow.SetSelected(cmpOr(p.Flow, pkce.FlowPKCE))
	secret := widget.NewPasswordEntry()
	secret.SetPlaceHolder("unchanged")
	items := []*widget.FormItem{
		widget.NewFormItem("Name", name), widget.NewFormItem("Issuer", issuer), widget.NewFormItem("Client ID", client),
		widget.NewFormItem("Scopes", scopes), widget.NewFormItem("Flow", flow), widget.NewFormItem("Client secret", secret),
	}
	d := dialog.NewForm("Edit "+p.Name, "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		p.Name, p.Issuer, p.ClientID, p.Flow = name.Text, issuer.Text, client.Text, flow.Selected
		p.Scopes = strings.Fields(scopes.Text)
		saved, err := s.wb.store.Save(p)
		if err != nil {
			s.wb.ShowError(err)
			return
		}
		if secret.Text != "" {
			if _, err := s.wb.store.SetSecret(saved.ID, secret.Text); err != nil {
				s.wb.ShowError(err)
			}
		}
		s.reload(saved.ID)
	}, s.wb.win)
	d.Resize(fyne.NewSize(600, 420))
	d.Show()
}

func (s *sidebar) duplicate() {
	p, ok := s.current()
	if !ok {
		return
	}
	c, err := s.wb.store.Duplicate(p.ID)
	if err != nil {
		s.wb.ShowError(err)
		return
	}
	s.reload(c.ID)
}

func (s *sidebar) delete() {
	p, ok := s.current()
	if !ok {
		return
	}
	dialog.ShowConfirm("Delete "+p.Name, "Delete this profile and its client secret?", func(yes bool) {
		if !yes {
			return
		}
		if err := s.wb.store.Delete(p.ID); err != nil {
			s.wb.ShowError(err)
		}
		s.selected = 0
		s.reload("")
	}, s.wb.win)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
