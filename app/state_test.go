package app

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ssolens/ssolens/session"
)

// TestVerdictBarAndCurrentFindings: an expired token pasted first is an
// older input after a sign-in: the verdict bar, on every tab, says Neo4j
// would log in alice; Findings counts only the sign-in's findings, grouped
// by origin, and names the older paste apart, as Inspect does above it;
// the sign-in opens on the Neo4j tab, and the bar jumps there.
func TestVerdictBarAndCurrentFindings(t *testing.T) {
	b := newBench(t)
	b.wb.now = time.Now
	expired := signSample(t, time.Now().Add(-2*time.Hour), time.Now().Add(-time.Hour))
	b.wb.Inspect.Input.SetText(expired)
	b.wb.Inspect.InspectNow()
	if b.wb.inv == nil || len(b.wb.inv.In.Text) == 0 {
		t.Fatal("the paste is not the current investigation")
	}
	pasted := session.Count(b.wb.inv.Findings())
	if pasted.Errors == 0 {
		t.Fatal("the expired token has no error: the test checks nothing")
	}
	if !strings.HasPrefix(b.wb.verdict.Text(), "✖") {
		t.Errorf("the verdict of an expired token is %q", b.wb.verdict.Text())
	}
	if b.wb.Inspect.notCurrent.Visible() {
		t.Errorf("the current paste is said not to be current: %q", b.wb.Inspect.notCurrent.Text)
	}

	b.demoSignIn()
	// The Inspect tab still shows the paste, under a bar about the sign-in:
	// it says so.
	if n := b.wb.Inspect.notCurrent; !n.Visible() || !strings.Contains(n.Text, "about the sign-in") {
		t.Errorf("Inspect does not say its paste is not the sign-in the bar is about: visible %v, %q", n.Visible(), n.Text)
	}
	if sel := b.wb.Tabs.Selected().Text; sel != TabNeo4j {
		t.Errorf("a sign-in opens on %s, not on Neo4j's verdict", sel)
	}
	v := b.wb.verdict.Text()
	for _, want := range []string{"✓ Neo4j WOULD LOG IN as alice", "roles PUBLIC, admin", "signatures verified", "expires in"} {
		if !strings.Contains(v, want) {
			t.Errorf("the verdict bar %q lacks %q", v, want)
		}
	}
	for _, tab := range []string{TabInspect, TabTokens, TabVerification, TabNeo4j, TabFindings, TabTimeline, TabHandoff} {
		if got := b.tabText(tab); !strings.Contains(got, "✓ Neo4j WOULD LOG IN as alice") {
			t.Errorf("%s tab: no verdict bar", tab)
		}
	}
	cur := session.Count(b.wb.inv.Findings())
	if cur.Errors != 0 {
		t.Fatalf("the sign-in has errors of its own: %+v", b.wb.inv.Findings())
	}
	got := b.tabText(TabFindings)
	if !strings.Contains(got, ", 0 errors in this investigation") {
		t.Errorf("Findings counts more than the current investigation:\n%s", got)
	}
	if !strings.Contains(got, "Older: an earlier paste") {
		t.Errorf("Findings does not name the older paste apart:\n%s", got)
	}
	if !strings.Contains(got, "By origin: Neo4j prediction") {
		t.Errorf("Findings are not grouped by origin:\n%s", got)
	}
	b.wb.SelectTab(TabTimeline)
	test.Tap(b.wb.verdict)
	if sel := b.wb.Tabs.Selected().Text; sel != TabNeo4j {
		t.Errorf("the verdict bar jumps to %s, not to the reasons on Neo4j", sel)
	}
}

// TestWhatIfEditorChangesThePredictedRoles: on the Neo4j tab, adding the
// collaborators group to the copy of the claims predicts reader too,
// marked simulated; an edited mapping changes the roles; the real
// prediction and the verdict stay as they are.
func TestWhatIfEditorChangesThePredictedRoles(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	w := b.wb.whatIf
	b.assertShows(TabNeo4j, "What if…", "SIMULATED: NOT A SIGNED TOKEN")
	if got := w.Result.String(); !strings.Contains(got, "roles PUBLIC, admin") || strings.Contains(got, "against the real") {
		t.Errorf("the unedited what-if says %q", got)
	}
	w.Groups.SetText("engineers, collaborators")
	if got := w.Result.String(); !strings.Contains(got, "roles PUBLIC, admin, reader (+reader against the real prediction)") {
		t.Errorf("adding collaborators: %q", got)
	}
	w.Mapping.SetText("engineers=architect;collaborators=reader")
	if got := w.Result.String(); !strings.Contains(got, "roles PUBLIC, architect, reader") {
		t.Errorf("an edited mapping: %q", got)
	}
	w.Claims.SetText("[not json")
	if got := w.Result.String(); !strings.Contains(got, "not a JSON object") {
		t.Errorf("broken claims: %q", got)
	}
	if r := b.wb.inv.Prediction.Roles; strings.Join(r, ",") != "PUBLIC,admin" || !strings.Contains(b.wb.verdict.Text(), "roles PUBLIC, admin ·") {
		t.Errorf("the what-if changed the investigation: %v, %q", r, b.wb.verdict.Text())
	}
}

// TestSelectingATokenPartHighlightsItsPanel: the Tokens tab colours the
// encoded token by part, and choosing Payload highlights the payload's
// panel, whose claims start with the ones Neo4j reads.
func TestSelectingATokenPartHighlightsItsPanel(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	b.assertShows(TabTokens, "Payload · ", "Signature · checked on the Verification tab")
	test.Tap(b.tabButton(TabTokens, "Payload"))
	lit := find(b.win.Canvas().Content(), func(r *canvas.Rectangle) bool {
		return r.FillColor == theme.Color(theme.ColorNameSelection) && r.Visible()
	})
	if lit == nil {
		t.Fatal("no panel is highlighted after choosing Payload")
	}
	panel := find(b.win.Canvas().Content(), func(c *fyne.Container) bool { return len(c.Objects) == 2 && c.Objects[0] == lit })
	if panel == nil || !strings.Contains(drawnTextOf(panel.Objects[1]), "Payload · ") {
		t.Error("the highlighted panel is not the payload's")
	}
	enc := find(b.win.Canvas().Content(), func(rt *widget.RichText) bool {
		return len(rt.Segments) >= 3 && strings.HasPrefix(rt.Segments[0].Textual(), "eyJ")
	})
	if enc == nil {
		t.Fatal("no encoded token")
	}
	if c := enc.Segments[0].(*widget.TextSegment).Style.ColorName; c != segmentColors[0] {
		t.Errorf("the header is coloured %s", c)
	}
}

// TestConfAfterSignInKeepsTheTokens: a neo4j.conf pasted after a sign-in
// investigates the sign-in's tokens with it: the tokens stay current, the
// lint is the new conf's, and nothing is labelled older.
func TestConfAfterSignInKeepsTheTokens(t *testing.T) {
	b := newBench(t)
	b.demoSignIn()
	res := b.wb.signIn()
	data, err := os.ReadFile(sampleConf)
	if err != nil {
		t.Fatal(err)
	}
	b.wb.Paste(string(data))
	if b.wb.signIn() != res || b.wb.older != nil {
		t.Fatalf("the conf replaced the sign-in (older %v)", b.wb.older != nil)
	}
	if b.wb.inv.In.Conf == nil || b.wb.inv.In.Conf.File != "pasted neo4j.conf" || b.wb.inv.Prediction == nil {
		t.Errorf("the sign-in is not investigated with the pasted conf: %+v", b.wb.inv.In.Conf)
	}
	b.assertShows(TabNeo4j, "Lint · pasted neo4j.conf")
	b.assertShows(TabTokens, "ID token and access token, claim by claim")
}

// Neo4j's own error text, pasted as the empty state invites: the bar
// answers with what it means, and Inspect shows the finding and its fix.
func TestPastedNeo4jErrorIsRecognised(t *testing.T) {
	b := newBench(t)
	b.wb.Inspect.Input.SetText("2026-12-05 10:00:00.000+0000 ERROR Could not parse JWT: Invalid token")
	b.wb.Inspect.InspectNow()
	if v := b.wb.verdict.Text(); !strings.HasPrefix(v, "✖ Recognised: ") {
		t.Errorf("the verdict of a pasted Neo4j error is %q", v)
	}
	b.assertShows(TabInspect, "browser-could-not-parse-jwt", "Fix: ")
}
