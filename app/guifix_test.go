package app

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/session"
)

var flagRE = regexp.MustCompile(`(^|[\s(,])--[a-z]`)

// TestWindowWaysNameDefinedCodes: each entry of the window's table is a
// defined finding code (a renamed code would silently drop the window's
// way), and what the window says names no flag and no ssolens command.
func TestWindowWaysNameDefinedCodes(t *testing.T) {
	defined := map[string]bool{}
	for _, d := range inspector.Definitions() {
		defined[d.Code] = true
	}
	if len(windowWays) == 0 {
		t.Fatal("the window's table is empty")
	}
	for code, way := range windowWays {
		if !defined[code] {
			t.Errorf("%s is not a finding code", code)
		}
		if flagRE.MatchString(way.text) || strings.Contains(way.text, "ssolens ") {
			t.Errorf("%s: the window's way names a flag or a command: %q", code, way.text)
		}
	}
}

// TestWindowNeverShowsCommand: a finding of every defined code, with a
// command line, shows its fix (and the window's way where there is one)
// in the findings list and the verdict bar, never the command.
func TestWindowNeverShowsCommand(t *testing.T) {
	test.NewTempApp(t)
	const cmd = "ssolens roles --native-roles FILE"
	for _, d := range inspector.Definitions() {
		f := d.New("Something is off.", "Do the thing.", "evidence").WithCommand(cmd)
		text := displayedText(findingRow(f))
		if strings.Contains(text, cmd) || strings.Contains(text, "--native-roles") {
			t.Errorf("%s: the window shows the command:\n%s", d.Code, text)
		}
		way, has := windowWays[d.Code]
		// The core's fix shows unless the window's way stands for it.
		if showsFix := strings.Contains(text, "Fix: Do the thing."); showsFix == (has && way.replaces) {
			t.Errorf("%s: the core's fix shown %v, the window's way (%+v) replacing it:\n%s", d.Code, showsFix, way, text)
		}
		if has && !strings.Contains(text, way.text) {
			t.Errorf("%s: the window does not say its own way:\n%s", d.Code, text)
		}
		line, _ := verdictLine(session.Verdict{Tone: session.ToneError, Headline: "Problems found", Fix: f.Fix, FixCode: f.Code, Command: f.Command}, "")
		if strings.Contains(line, cmd) || !strings.Contains(line, "fix: ") {
			t.Errorf("%s: verdict %q", d.Code, line)
		}
		// The verdict bar says the core's fix unless the window's way
		// stands for it (an added way, "Or give the Bolt URL…", is no fix
		// by itself).
		if wantWay := has && way.replaces; strings.Contains(line, "Do the thing") == wantWay {
			t.Errorf("%s: verdict %q (the window's way replaces the fix: %v)", d.Code, line, wantWay)
		}
	}
}

// TestPastedTokenFixNamesNoFlag: a token pasted with no way to check its
// signature (no network here) says, on the Inspect and Findings tabs,
// what to do in the window, not which flag to give.
func TestPastedTokenFixNamesNoFlag(t *testing.T) {
	b := newBench(t)
	b.wb.Paste(signSample(t, time.Now().Add(-time.Minute), time.Now().Add(time.Hour)))
	b.waitTab(TabInspect, "signature-not-checked")
	inspect := b.tabText(TabInspect)
	b.wb.SelectTab(TabFindings)
	for _, text := range []string{inspect, b.tabText(TabFindings)} {
		if !strings.Contains(text, "Sign in with the provider on the left") {
			t.Errorf("the window does not say what to do:\n%s", text)
		}
		if m := flagRE.FindString(text); m != "" {
			t.Errorf("the window names a flag (%q):\n%s", m, text)
		}
		if strings.Contains(text, "ssolens ") {
			t.Errorf("the window names a command:\n%s", text)
		}
	}
}
