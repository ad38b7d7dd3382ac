package app

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/session"
)

// whatIf is the Neo4j tab's what-if editor: a copy of the inputs to edit
// (the groups, the claims, the mapping, the token types) and the
// prediction for them, live. The app only edits inputs; the prediction is
// session's (Investigation.WhatIf). Its widgets live as long as the
// window, so typing survives the views being drawn again.
type whatIf struct {
	wb                        *Workbench
	Groups, Claims, Mapping   *widget.Entry
	Principal, Authentication *widget.Select
	Result                    *widget.RichText
	claimsHidden              *widget.Label

	of    *session.Investigation // the investigation it was filled from
	start session.Edits
	// groups is the groups claim as sent, to tell an edit of the Groups
	// entry.
	groups string
	// filling is set while the entries are filled: no evaluation then.
	filling bool
}

func newWhatIf(wb *Workbench) *whatIf {
	w := &whatIf{wb: wb, Groups: widget.NewEntry(), Claims: widget.NewMultiLineEntry(), Mapping: widget.NewEntry(),
		Result: widget.NewRichText()}
	w.Groups.SetPlaceHolder("groups, comma-separated")
	w.Mapping.SetPlaceHolder(`group=role;"another group"=role`)
	w.Claims.TextStyle = fyne.TextStyle{Monospace: true}
	w.Claims.SetMinRowsVisible(claimsRows)
	w.Claims.Wrapping = fyne.TextWrapWord
	types := []string{"id_token", "access_token"}
	w.Principal = widget.NewSelect(types, func(string) { w.evaluate() })
	w.Authentication = widget.NewSelect(types, func(string) { w.evaluate() })
	for _, e := range []*widget.Entry{w.Groups, w.Claims, w.Mapping} {
		e.OnChanged = func(string) { w.evaluate() }
	}
	w.Claims.OnChanged = func(string) { growRows(w.Claims, claimsRows, maxClaimsRows); w.evaluate() }
	w.Result.Wrapping = fyne.TextWrapWord
	w.claimsHidden = wrapped("Presenter mode: the claims are hidden (they name the user). Edit the groups, the mapping and the token types above.")
	return w
}

// fill starts the editor from the investigation's own inputs.
func (w *whatIf) fill(inv *session.Investigation) {
	w.of = inv
	w.start = inv.Editable()
	w.filling = true
	defer func() { w.filling = false }()
	w.Claims.SetText(string(w.start.Claims))
	growRows(w.Claims, claimsRows, maxClaimsRows)
	w.groups = strings.Join(groupsIn(w.start.Claims, w.start.GroupsClaim), ", ")
	w.Groups.SetText(w.groups)
	if w.start.Mapping != nil {
		w.Mapping.SetText(*w.start.Mapping)
	}
	w.Principal.SetSelected(w.start.Principal)
	w.Authentication.SetSelected(w.start.Authentication)
}

// groupsIn reads the groups claim of a claim set.
func groupsIn(claims json.RawMessage, name string) []string {
	var m map[string]json.RawMessage
	if json.Unmarshal(claims, &m) != nil || name == "" {
		return nil
	}
	var list []string
	if json.Unmarshal(m[name], &list) == nil {
		return list
	}
	var one string
	if json.Unmarshal(m[name], &one) == nil && one != "" {
		return []string{one}
	}
	return nil
}

// edits are the editor's inputs: the claims as typed, with the Groups
// entry's list put in the groups claim when it was changed.
func (w *whatIf) edits() (session.Edits, error) {
	e := w.start
	mapping := w.Mapping.Text
	e.Mapping = &mapping
	e.Principal, e.Authentication = w.Principal.Selected, w.Authentication.Selected
	e.Claims = json.RawMessage(w.Claims.Text)
	if strings.TrimSpace(w.Groups.Text) != w.groups && e.GroupsClaim != "" {
		var m map[string]any
		if err := json.Unmarshal(e.Claims, &m); err != nil || m == nil {
			return e, fmt.Errorf("the claims are not a JSON object: %v", err)
		}
		var groups []string
		for _, g := range strings.Split(w.Groups.Text, ",") {
			if g = strings.TrimSpace(g); g != "" {
				groups = append(groups, g)
			}
		}
		m[e.GroupsClaim] = groups
		b, err := json.Marshal(m)
		if err != nil {
			return e, err
		}
		e.Claims = b
	}
	return e, nil
}

// evaluate predicts for the edited inputs and shows the outcome beside
// the real one.
func (w *whatIf) evaluate() {
	if w.filling || w.of == nil {
		return
	}
	red := w.wb.redactor()
	say := func(text string, colour fyne.ThemeColorName) {
		w.Result.Segments = []widget.RichTextSegment{
			&widget.TextSegment{Text: strings.ToUpper(session.Simulated), Style: widget.RichTextStyle{ColorName: theme.ColorNameWarning, TextStyle: fyne.TextStyle{Bold: true}}},
			&widget.TextSegment{Text: safetext.Line(shown(red, text)), Style: widget.RichTextStyle{ColorName: colour, TextStyle: fyne.TextStyle{Bold: true}}},
		}
		w.Result.Refresh()
	}
	e, err := w.edits()
	if err != nil {
		say(err.Error(), theme.ColorNameError)
		return
	}
	res, err := w.of.WhatIf(contextBackground(), e)
	if err != nil {
		say(err.Error(), theme.ColorNameError)
		return
	}
	p := res.Prediction
	line := p.Headline()
	colour := theme.ColorNameError
	if p.Outcome == predict.OutcomeLogIn {
		colour = theme.ColorNameSuccess
		line += " · roles " + predict.RoleList(p.Roles)
		if real := w.of.Prediction; real != nil {
			var added, removed []string
			for _, r := range p.Roles {
				if !slices.Contains(real.Roles, r) {
					added = append(added, "+"+r)
				}
			}
			for _, r := range real.Roles {
				if !slices.Contains(p.Roles, r) {
					removed = append(removed, "−"+r)
				}
			}
			if d := append(added, removed...); len(d) > 0 {
				line += " (" + strings.Join(d, " ") + " against the real prediction)"
			}
		}
	} else {
		for _, f := range p.Findings {
			if f.Severity == inspector.SeverityError {
				line += " · " + f.Message
				break
			}
		}
	}
	say(line, colour)
}

// card is the editor on the Neo4j tab; nil when there is nothing to
// simulate.
func (w *whatIf) card(v *shownInv) fyne.CanvasObject {
	if v.inv == nil || v.inv.Prediction == nil {
		return nil
	}
	if w.of != v.inv {
		w.fill(v.inv)
	}
	w.evaluate()
	form := container.New(layout.NewFormLayout(),
		nameLabel("Groups ("+cmpOr(w.start.GroupsClaim, "groups")+")"), onPage(w.Groups),
		nameLabel("group_to_role_mapping"), onPage(w.Mapping),
		nameLabel("token types"), container.NewGridWithColumns(2,
			container.NewBorder(nil, nil, widget.NewLabel("principal"), nil, w.Principal),
			container.NewBorder(nil, nil, widget.NewLabel("authentication"), nil, w.Authentication)))
	claims := onPage(w.Claims)
	if v.red != nil {
		claims = w.claimsHidden
	}
	reset := widget.NewButtonWithIcon("Reset to the real inputs", theme.ContentUndoIcon(), func() { w.fill(w.of); w.evaluate() })
	body := vbox(
		wrapped("Edit a copy of the inputs and see Neo4j's answer change. Nothing is sent anywhere, and the token, the sign-in and the conf stay as they are."),
		w.Result, form, section("Claims of the "+w.of.ValidatedTokenType()+" (a copy; the claims Neo4j reads first)"), claims,
		container.NewHBox(reset))
	return widget.NewCard("What if…", session.Simulated, body)
}

// The claims box shows claimsRows rows at least, and grows with its text
// up to maxClaimsRows (it is on the Neo4j tab's page, which the wheel
// scrolls).
const (
	claimsRows    = 8
	maxClaimsRows = 40
)
