package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/session"
)

// LiveCheckTimeout bounds a whole live check (discovery, Query API, Bolt).
const LiveCheckTimeout = 30 * time.Second

// liveCheck is the "Check live" card of the Neo4j tab. Its widgets live as
// long as the window, so a check in progress and the addresses typed
// survive the views being drawn again (presenter mode, theme, refresh).
type liveCheck struct {
	HTTPURL, BoltURL *widget.Entry
	Run, Cancel      *widget.Button
	progress         *widget.ProgressBarInfinite
	status           *widget.Label

	stop context.CancelFunc
}

func newLiveCheck(wb *Workbench) *liveCheck {
	lc := &liveCheck{HTTPURL: widget.NewEntry(), BoltURL: widget.NewEntry(), progress: widget.NewProgressBarInfinite(), status: wrapped("")}
	lc.HTTPURL.SetPlaceHolder("http://localhost:7474")
	lc.BoltURL.SetPlaceHolder("optional: bolt://localhost:7687")
	lc.HTTPURL.OnSubmitted = func(string) { wb.checkLive() }
	lc.BoltURL.OnSubmitted = func(string) { wb.checkLive() }
	lc.Run = widget.NewButtonWithIcon("Check live", theme.MediaPlayIcon(), wb.checkLive)
	lc.Run.Importance = widget.HighImportance
	lc.Cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() {
		if lc.stop != nil {
			lc.stop()
		}
	})
	lc.Cancel.Hide()
	lc.progress.Stop()
	lc.progress.Hide()
	lc.status.Hide()
	return lc
}

// running reports whether a check is under way.
func (lc *liveCheck) running() bool { return lc.stop != nil }

func (lc *liveCheck) setStatus(text string) {
	lc.status.SetText(safetext.Line(text))
	lc.status.Show()
}

// checkLive sends the token Neo4j validates to the Neo4j named in the
// entries, off the UI goroutine and within LiveCheckTimeout.
func (wb *Workbench) checkLive() {
	lc := wb.checker
	if lc.running() || wb.stopped {
		return
	}
	inv := wb.inv
	if inv == nil || inv.ValidatedTokenType() == "" {
		wb.ShowError(errors.New("sign in or paste a token first: the live check sends the token Neo4j validates"))
		return
	}
	opts := session.LiveOptions{HTTPURL: lc.HTTPURL.Text, BoltURL: lc.BoltURL.Text, HTTPClient: wb.client}
	if strings.TrimSpace(opts.HTTPURL) == "" && strings.TrimSpace(opts.BoltURL) == "" {
		lc.setStatus("Give Neo4j's HTTP URL (http://host:7474), a Bolt URL, or both.")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), LiveCheckTimeout)
	lc.stop = cancel
	lc.Run.Disable()
	lc.Cancel.Show()
	lc.progress.Show()
	lc.progress.Start()
	wb.ShowError(nil)
	where := strings.TrimSpace(cmpOr(strings.TrimSpace(opts.HTTPURL), opts.BoltURL))
	lc.setStatus(fmt.Sprintf("Sending the %s to Neo4j at %s and asking SHOW CURRENT USER…", inv.ValidatedTokenType(), where))
	// The check runs on a copy: the investigation on screen takes its
	// answer on the UI goroutine.
	probe := *inv
	go func() {
		defer cancel()
		r, err := probe.CheckLive(ctx, opts)
		cause := ctx.Err()
		wb.do(func() {
			lc.stop = nil
			lc.Run.Enable()
			lc.Cancel.Hide()
			lc.progress.Stop()
			lc.progress.Hide()
			if wb.stopped {
				return
			}
			switch {
			case errors.Is(cause, context.Canceled):
				lc.setStatus("The live check was cancelled.")
				return
			case err != nil:
				lc.status.Hide()
				wb.ShowError(fmt.Errorf("checking live: %w", err))
				return
			case wb.inv != inv:
				lc.setStatus("A new input came in while Neo4j was asked; check again to send its token.")
				return
			case errors.Is(cause, context.DeadlineExceeded):
				lc.setStatus(fmt.Sprintf("Neo4j did not answer within %s; the findings below say where it stopped.", LiveCheckTimeout))
			default:
				lc.setStatus("Checked at " + wb.now().Format("15:04:05") + ".")
			}
			inv.Live = r
			wb.render()
		})
	}()
}

// liveCard is the Neo4j tab's live check: the addresses, the button with
// progress and cancel, then who Neo4j says the user is beside the
// prediction, each difference explained, and the findings with their fixes.
func (wb *Workbench) liveCard(v *shownInv) fyne.CanvasObject {
	lc := wb.checker
	if v.inv == nil || v.inv.ValidatedTokenType() == "" {
		return nil
	}
	tt := v.inv.ValidatedTokenType()
	// The two addresses side by side and the button beside its status:
	// the answer should be in sight without scrolling far.
	form := container.NewGridWithColumns(2,
		container.New(layout.NewFormLayout(), nameLabel("Neo4j HTTP URL"), onPage(lc.HTTPURL)),
		container.New(layout.NewFormLayout(), nameLabel("Bolt URL"), onPage(lc.BoltURL)))
	buttons := container.NewBorder(nil, nil, container.NewHBox(lc.Run, lc.Cancel), nil, vbox(lc.status, lc.progress))
	box := vbox(
		wrapped(fmt.Sprintf("Sends the %s (the token Neo4j validates) as Authorization: Bearer with SHOW CURRENT USER to the Query API (and over Bolt, given a Bolt URL), to that server only.", tt)),
		form, buttons)
	if v.live != nil {
		box.Add(liveResultView(v.live, v.pred != nil))
	}
	return widget.NewCard("Check live against a running Neo4j", "the real answer beside the prediction", box)
}

// liveResultView is a live check's answer: the server, the outcome, the
// comparison with the prediction and the findings.
func liveResultView(r *server.LiveResult, predicted bool) fyne.CanvasObject {
	box := vbox(widget.NewSeparator())
	if r.Server != nil {
		box.Add(subtle(r.Server.Summary(), fyne.TextStyle{}, theme.SizeNameCaptionText))
	}
	tone := theme.ColorNameError
	if r.LoggedIn {
		tone = theme.ColorNameSuccess
	}
	box.Add(colored(r.Outcome(), tone, true))
	for _, a := range r.Attempts {
		box.Add(subtle(a.Channel+" · "+a.URL+" · "+a.Status(), fyne.TextStyle{}, ""))
	}
	if len(r.Comparison) > 0 {
		table := vbox(container.NewGridWithColumns(3,
			widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			widget.NewLabelWithStyle("Prediction", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			widget.NewLabelWithStyle("Neo4j (actual)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})))
		for _, c := range r.Comparison {
			mark, colour := "✔ ", theme.ColorNameSuccess
			if !c.Match {
				mark, colour = "✖ ", theme.ColorNameError
			}
			table.Add(container.NewGridWithColumns(3, colored(mark+c.Field, colour, true), wrapped(orDash(c.Predicted)), wrapped(orDash(c.Actual))))
			if c.Explanation != "" {
				table.Add(subtle("Why: "+c.Explanation, fyne.TextStyle{Italic: true}, ""))
			}
		}
		box.Add(section("Prediction beside Neo4j"))
		box.Add(table)
	} else if !predicted {
		box.Add(note("No prediction to compare with: sign in with the demo or a profile imported from neo4j.conf or a running Neo4j."))
	}
	if len(r.Findings) > 0 {
		box.Add(section(plural(len(r.Findings), "finding", "findings") + " of the live check"))
		box.Add(findingsList(r.Findings))
	}
	return box
}
