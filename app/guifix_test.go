package app

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
)

var flagRE = regexp.MustCompile(`(^|[\s(,])--[a-z]`)

// TestWindowFixesKeepInStep: each rewrite names a defined finding, its
// command-line part is still in the core's source (a reworded fix would
// silently show its flags in the window again), and what the window says
// names no flag.
func TestWindowFixesKeepInStep(t *testing.T) {
	defined := map[string]bool{}
	for _, d := range inspector.Definitions() {
		defined[d.Code] = true
	}
	var core strings.Builder
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "app" || d.Name() == "cli" || strings.HasPrefix(d.Name(), ".") && d.Name() != "..") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			core.Write(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range windowFixes {
		if !defined[w.code] {
			t.Errorf("%s is not a finding code", w.code)
		}
		if !strings.Contains(core.String(), w.cli) {
			t.Errorf("%s: the fix part %q is in no core source file", w.code, w.cli)
		}
		if flagRE.MatchString(w.gui) {
			t.Errorf("%s: the window's wording names a flag: %q", w.code, w.gui)
		}
		if got := windowFix("Before. " + w.cli + " After."); strings.Contains(got, w.cli) || !strings.Contains(got, w.gui) {
			t.Errorf("%s: rewritten as %q", w.code, got)
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
	}
}
