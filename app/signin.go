package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/session"
)

// DemoButtonText is the first-run button's label; tests and the screenshot
// script find it by this text.
const DemoButtonText = "Sign in with the demo provider"

// demoPanel is the first-run sign-in: one click starts the embedded demo
// provider and signs in at it through the system browser, exactly as Neo4j
// Browser would with the sample neo4j.conf; the tokens, their checks and
// Neo4j's prediction then replace the result.
type demoPanel struct {
	view     *InspectView
	Button   *widget.Button
	cancel   *widget.Button
	Status   *widget.Label
	redirect *widget.Entry // the redirect URI or the URL to open: selectable, copyable
	copy     *widget.Button
	box      fyne.CanvasObject

	// browser opens the authorization URL; nil is the system browser.
	browser pkce.Browser
	client  *http.Client
	// Touched on the UI goroutine only.
	demo     *session.Demo
	stopFlow context.CancelFunc
}

func newDemoPanel(v *InspectView, clipboard fyne.Clipboard) *demoPanel {
	d := &demoPanel{view: v}
	d.Button = widget.NewButtonWithIcon(DemoButtonText, theme.LoginIcon(), d.start)
	d.Button.Importance = widget.HighImportance
	d.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), d.stop)
	d.cancel.Hide()
	d.Status = widget.NewLabel("No provider configured yet: try the built-in demo provider (not for production).")
	d.Status.Wrapping = fyne.TextWrapWord
	d.redirect = widget.NewEntry()
	d.redirect.Hide()
	d.copy = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), func() {
		if clipboard != nil {
			clipboard.SetContent(d.redirect.Text)
		}
	})
	d.copy.Hide()
	d.box = vbox(
		container.NewHBox(d.Button, d.cancel),
		d.Status,
		container.NewBorder(nil, nil, nil, d.copy, d.redirect),
	)
	return d
}

// start runs on the UI goroutine.
func (d *demoPanel) start() {
	ctx, cancel := context.WithTimeout(context.Background(), pkce.DefaultTimeout+30*time.Second)
	d.stopFlow = cancel
	d.Button.Disable()
	d.cancel.Show()
	d.Status.SetText("Starting the demo provider…")
	demo := d.demo
	do := d.view.do
	go func() {
		defer cancel()
		if demo == nil {
			var err error
			if demo, err = session.StartDemo(context.Background()); err != nil {
				do(func() { d.finish(nil, err) })
				return
			}
			do(func() { d.demo = demo })
		}
		opts := session.SignInOptions{
			Browser:    d.browser,
			HTTPClient: d.client,
			Inspect:    inspector.Options{Now: d.view.now},
			OnRedirectURI: func(uri string) {
				do(func() {
					d.Status.SetText("Demo provider at " + demo.IdP.Issuer() + ". Redirect URI (already registered for the demo; for a real provider register it exactly):")
					d.showCopyable(uri)
				})
			},
			OnAuthorizeURL: func(u string) {
				do(func() {
					d.Status.SetText("Waiting for the browser to come back… If no browser opened, open this URL and sign in as alice:")
					d.showCopyable(u)
				})
			},
		}
		res, err := demo.SignIn(ctx, opts)
		do(func() { d.finish(res, err) })
	}()
}

func (d *demoPanel) showCopyable(text string) {
	d.redirect.SetText(text)
	d.redirect.Show()
	d.copy.Show()
}

// finish shows the outcome; on the UI goroutine.
func (d *demoPanel) finish(res *session.SignInResult, err error) {
	d.stopFlow = nil
	d.Button.Enable()
	d.cancel.Hide()
	d.redirect.Hide()
	d.copy.Hide()
	switch {
	case err != nil && res == nil:
		d.Status.SetText("The demo sign-in failed: " + safetext.Line(err.Error()))
		return
	case err != nil:
		d.Status.SetText("The demo sign-in failed: " + safetext.Line(err.Error()) + " The findings below say why.")
	default:
		d.Status.SetText("Signed in at the demo provider as Neo4j Browser would. Sign in again to try another user.")
	}
	if res.Result != nil && res.Report != nil {
		d.view.showSignIn(res)
	}
}

// stop cancels a sign-in in progress; on the UI goroutine.
func (d *demoPanel) stop() {
	if d.stopFlow != nil {
		d.stopFlow()
	}
}

// close stops the demo provider with the window.
func (d *demoPanel) close() {
	d.stop()
	if d.demo != nil {
		d.demo.Close()
		d.demo = nil
	}
}

// neo4jCard draws the prediction: the outcome, the username, the roles and
// which mapping line grants them, unmapped groups, the steps and the
// findings that are Neo4j's own; withSteps adds the steps.
func neo4jCard(p *predict.Prediction, tokenFindings map[string]bool, withSteps bool) fyne.CanvasObject {
	headline := p.Summary()
	colour := theme.ColorNameSuccess
	if p.Outcome != predict.OutcomeLogIn {
		colour = theme.ColorNameError
	}
	head := widget.NewRichText(&widget.TextSegment{Text: safetext.Line(headline), Style: widget.RichTextStyle{
		ColorName: colour, SizeName: theme.SizeNameSubHeadingText, TextStyle: fyne.TextStyle{Bold: true}}})
	head.Wrapping = fyne.TextWrapWord
	body := vbox(head)
	form := form(nil)
	add := func(name, value string) {
		form.Add(nameLabel(name))
		form.Add(wrapped(value))
	}
	add("tokens", p.TokensLine())
	if p.Outcome == predict.OutcomeLogIn {
		add("roles", predict.RoleList(p.Roles))
	}
	for _, n := range p.RoleNotes() {
		add(n.Label, n.Text())
	}
	if len(p.Groups) > 0 {
		add("groups", strings.Join(p.Groups, ", "))
	}
	for _, g := range p.Grants {
		switch g.Via {
		case "mapping":
			add("grant", fmt.Sprintf("%s → %s (group_to_role_mapping, line %d)", g.Group, predict.RoleList(g.Roles), g.Line))
		case "group-name":
			add("grant", fmt.Sprintf("%s → %s (the group name is the role)", g.Group, predict.RoleList(g.Roles)))
		default:
			add("grant", fmt.Sprintf("%s (%s)", predict.RoleList(g.Roles), g.Via))
		}
	}
	if len(p.UnmappedGroups) > 0 {
		add("unmapped", strings.Join(p.UnmappedGroups, ", "))
	}
	if p.ShowCurrentUser != nil {
		add("SHOW CURRENT USER", p.CurrentUserLine())
	}
	body.Add(form)
	var own []inspector.Finding
	for _, f := range p.Findings {
		if !tokenFindings[f.Code] {
			own = append(own, f)
		}
	}
	if len(own) > 0 {
		body.Add(section(fmt.Sprintf("Findings (%d)", len(own))))
		body.Add(findingsList(own))
	}
	if withSteps {
		body.Add(section("Steps"))
		body.Add(neo4jSteps(p))
	}
	return widget.NewCard("Neo4j · provider "+safetext.Line(p.Provider), "What Neo4j "+p.Neo4jVersion.String()+" will make of these tokens", body)
}

// neo4jSteps is the prediction's steps, each passed, failed, not checked
// or skipped, with its detail.
func neo4jSteps(p *predict.Prediction) fyne.CanvasObject {
	var steps []fyne.CanvasObject
	for _, s := range p.Steps {
		mark := map[string]string{predict.StepPassed: "✔", predict.StepFailed: "✖", predict.StepNotChecked: "?", predict.StepSkipped: "–"}[s.Status]
		detail := s.Detail
		if s.Likely {
			detail += " (likely)"
		}
		steps = append(steps, nameLabel(mark+" "+s.Name), wrapped(clip(detail, maxValueRunes)))
	}
	return form(steps)
}

// timelineCard lists the sign-in's steps with their timings.
func timelineCard(events []pkce.Event) fyne.CanvasObject {
	var rows []fyne.CanvasObject
	for _, ev := range events {
		rows = append(rows, nameLabel(ev.At.Format("15:04:05.000")), wrapped(fmt.Sprintf("%s · %d ms · %s", ev.Step, ev.DurationMS, clip(ev.Detail, 300))))
	}
	return widget.NewCard("Sign-in timeline", "app ↔ browser ↔ identity provider", form(rows))
}
