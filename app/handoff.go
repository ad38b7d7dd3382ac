package app

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/report"
	"github.com/ssolens/ssolens/session"
	"github.com/ssolens/ssolens/snippets"
)

// The forms of the generated provider block.
const (
	FormConf   = "neo4j.conf"
	FormDocker = "Docker env"
	FormHelm   = "Helm values"
)

// codeBlock is code or configuration: monospace, selectable, wrapped so no
// line runs off a 1280-pixel window (Copy and Save take the text as is).
// It wraps at spaces (a comment or a quoted scope reads whole), and breaks
// only a run longer than a line (a URL, a token).
func codeBlock(text string) *widget.Label {
	l := widget.NewLabel(safetext.Block(strings.TrimRight(text, "\n")))
	l.TextStyle = fyne.TextStyle{Monospace: true}
	l.Selectable = true
	l.Wrapping = fyne.TextWrapWord
	return l
}

// handoffView is the Config & code tab: the neo4j.conf provider block that
// makes the last sign-in work, with its lint and findings, and client code
// filled in with the same facts. Neither holds a token or a secret.
func (wb *Workbench) handoffView(red *report.Redactor) fyne.CanvasObject {
	h, err := wb.handoff()
	if errors.Is(err, session.ErrNoTokens) {
		return emptyView("No configuration yet", "After a sign-in this tab writes the neo4j.conf provider block that makes it work (or its Docker form), with its lint, and client code for it: curl, Python, the Python and Go drivers, FastAPI and the Neo4j GraphQL library.")
	}
	if err != nil {
		return emptyView("No provider block for this input", shown(red, err.Error()))
	}
	name := "the pasted tokens"
	if wb.signIn() != nil {
		name = cmpOr(wb.targetName, "the last sign-in")
	}
	box := vbox(heading("Neo4j config and client code for " + name))
	box.Add(wb.configCard(h, red))
	box.Add(wb.snippetsCard(h, red))
	return pageScroll(container.NewPadded(box))
}

// shown is text as presenter mode shows it.
func shown(red *report.Redactor, text string) string {
	if red == nil {
		return text
	}
	return red.Text(text)
}

func (wb *Workbench) configCard(h *session.Handoff, red *report.Redactor) fyne.CanvasObject {
	g := h.Config
	text := g.Conf
	switch wb.confForm {
	case FormDocker:
		text = g.Env
	case FormHelm:
		text = g.Helm
	}
	form := widget.NewRadioGroup([]string{FormConf, FormDocker, FormHelm}, nil)
	form.Horizontal = true
	form.SetSelected(cmpOr(wb.confForm, FormConf))
	form.OnChanged = func(v string) { wb.confForm = v; wb.render() }
	copyBtn := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		wb.app.Clipboard().SetContent(text)
		wb.side.setStatus("The provider block (" + cmpOr(wb.confForm, FormConf) + ") is on the clipboard.")
	})
	body := vbox(container.NewHBox(form, copyBtn))
	if h.LintErrors == 0 {
		line := fmt.Sprintf("✔ Passes lint: read back as Neo4j %d.%02d reads it, no error would stop it from starting", h.LintVersion.Major, h.LintVersion.Minor)
		if n := len(h.Lint); n > 0 {
			line += " (" + plural(n, "note", "notes") + " below)"
		}
		body.Add(colored(line+".", theme.ColorNameSuccess, true))
	} else {
		body.Add(colored(fmt.Sprintf("✖ Fails lint: %s would stop Neo4j from starting (below).", plural(h.LintErrors, "error", "errors")), theme.ColorNameError, true))
	}
	groups := "no groups claim"
	if g.GroupsClaim != "" {
		groups = "groups from " + g.GroupsClaim
		if len(g.Groups) > 0 {
			groups += " (" + strings.Join(g.Groups, ", ") + ")"
		}
	}
	body.Add(subtle(fmt.Sprintf("Neo4j validates the %s · audience %s · %s", g.TokenType, orDash(strings.Join(g.Audience, ", ")), groups), fyne.TextStyle{}, ""))
	body.Add(codeBlock(shown(red, text)))
	fs := g.Findings
	if red != nil {
		fs = red.Findings(fs)
	}
	if len(fs) > 0 {
		body.Add(section("Findings"))
		body.Add(findingsList(inspector.SortedFindings(fs)))
	}
	if len(h.Lint) > 0 {
		lint := h.Lint
		if red != nil {
			lint = red.Findings(lint)
		}
		body.Add(section("Lint of the block"))
		body.Add(findingsList(lint))
	}
	// What the block is (a placeholder mapping is said so) wraps in the
	// body: a card's subtitle does not.
	describe := wrapped(h.Describe())
	if !h.Complete() {
		describe.Importance = widget.WarningImportance
	}
	body.Objects = append([]fyne.CanvasObject{describe}, body.Objects...)
	return widget.NewCard("Neo4j config · provider "+safetext.Line(g.Provider), "", body)
}

// snippet renders the chosen kind for the Neo4j of the live check's
// addresses.
func (wb *Workbench) snippet() (snippets.Snippet, error) {
	kind := wb.snippetKind
	if kind == "" {
		kind = snippets.KindCurl
	}
	h, err := wb.handoff()
	if err != nil {
		return snippets.Snippet{}, err
	}
	return h.Snippet(kind, wb.checker.HTTPURL.Text, wb.checker.BoltURL.Text)
}

func (wb *Workbench) snippetsCard(h *session.Handoff, red *report.Redactor) fyne.CanvasObject {
	var kinds []string
	for _, k := range snippets.Kinds() {
		kinds = append(kinds, string(k))
	}
	// A drop-down, not radio buttons: six kinds in a row would not fit
	// 1280 pixels in presenter mode's type.
	choice := widget.NewSelect(kinds, nil)
	choice.SetSelected(string(cmp.Or(wb.snippetKind, snippets.KindCurl)))
	choice.OnChanged = func(v string) {
		wb.snippetKind = snippets.Kind(v)
		wb.render()
	}
	s, err := wb.snippet()
	if err != nil {
		return widget.NewCard("Client code", "", vbox(container.NewHBox(nameLabel("Kind"), choice),
			colored(shown(red, err.Error()), theme.ColorNameError, false)))
	}
	copyBtn := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		wb.app.Clipboard().SetContent(s.Text)
		wb.side.setStatus("The " + string(s.Kind) + " snippet is on the clipboard.")
	})
	save := widget.NewButtonWithIcon("Save…", theme.DocumentSaveIcon(), func() {
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				wb.ShowError(err)
				return
			}
			if w == nil {
				return
			}
			w.Close()
			wb.SaveSnippet(w.URI().Path())
		}, wb.win)
		d.SetFileName(s.Filename)
		d.Show()
	})
	body := vbox(container.NewHBox(nameLabel("Kind"), choice, copyBtn, save))
	body.Add(wrapped(fmt.Sprintf("%s · save as %s · needs %s", s.Title, s.Filename, s.Requires)))
	neo4jURL := cmpOr(strings.TrimSpace(wb.checker.HTTPURL.Text), "http://localhost:7474")
	body.Add(subtle(fmt.Sprintf("For the Neo4j at %s (the address of the live check on the Neo4j tab). The token comes from %s and the client secret from %s: neither is written here.",
		neo4jURL, snippets.EnvToken, snippets.EnvClientSecret), fyne.TextStyle{Italic: true}, theme.SizeNameCaptionText))
	body.Add(codeBlock(shown(red, s.Text)))
	return widget.NewCard("Client code", "filled in with this provider's facts", body)
}

// SaveSnippet writes the chosen snippet to path, off the UI goroutine.
func (wb *Workbench) SaveSnippet(path string) {
	s, err := wb.snippet()
	if err != nil {
		wb.ShowError(err)
		return
	}
	wb.runAsync(func() func() {
		err := os.WriteFile(path, []byte(s.Text), 0o644)
		return func() {
			if err != nil {
				wb.ShowError(fmt.Errorf("saving the snippet: %w", err))
				return
			}
			wb.side.setStatus("Saved the " + string(s.Kind) + " snippet to " + path + ".")
		}
	})
}
