package app

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/session"
)

// TestTextWrapsAtWords: code, a finding's evidence and a claim's value
// wrap at spaces in a narrow window: every drawn line is whole words of
// the text, and every word is drawn.
func TestTextWrapsAtWords(t *testing.T) {
	test.NewTempApp(t)
	sentence := "the token goes in the Authorization header exactly as issued and Neo4j does not decode it whatever the documentation says"
	value := `"Alice Pleasance Liddell of Christ Church Oxford"`
	cmp := &inspector.Comparison{PrincipalRole: inspector.RoleIDToken, AuthenticationRole: inspector.RoleAccessToken,
		Rows: []inspector.ComparisonRow{{Name: "name", ID: json.RawMessage(value), Access: json.RawMessage(`"x"`)}}}
	finding := session.Finding{Origin: session.OriginLive, Source: "live check", Finding: inspector.Finding{
		Code: "live-logged-in", Severity: inspector.SeverityInfo, Message: "m", Evidence: sentence}}
	for _, c := range []struct {
		name, text string
		obj        fyne.CanvasObject
	}{
		{"code block", "# " + sentence, codeBlock("# " + sentence)},
		{"comparison value", value, comparisonCard(cmp, func(inspector.ComparisonRow) (string, string) { return "", "" })},
		{"evidence", sentence, findingsView(&shownInv{findings: []session.Finding{finding}}, "")},
	} {
		w := test.NewWindow(c.obj)
		w.Resize(fyne.NewSize(420, 600))
		words := strings.Fields(c.text)
		var drawn []string
		for _, line := range strings.Split(drawnTextOf(c.obj), "\n") {
			lw := strings.Fields(line)
			// Only the lines of this text: another label's words are
			// not in it.
			if len(lw) == 0 || !slices.Contains(words, lw[0]) && !slices.Contains(words, lw[len(lw)-1]) {
				continue
			}
			for _, word := range lw {
				if !slices.Contains(words, word) {
					t.Errorf("%s: %q is not a word of the text: a word was broken (line %q)", c.name, word, line)
				}
			}
			drawn = append(drawn, lw...)
		}
		if len(drawn) < len(words) {
			t.Errorf("%s: %d of %d words drawn: %q", c.name, len(drawn), len(words), drawn)
		}
		w.Close()
	}
}
