package report

import (
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/budget"
	"github.com/ssolens/ssolens/internal/safetext"
)

// FuzzRenderReport: whatever the input, the Markdown and HTML reports hold
// no raw control, bidi or invisible character, and each stays within an
// allocation ceiling.
func FuzzRenderReport(f *testing.F) {
	f.Add([]byte(craft(`{"alg":"RS256","kid":"k1\r\u001b[2K verified\u001b[8m"}`, `{"sub":"\u0007\u202e\u200b","iss":"x\ny","email":"a@b.c"}`)))
	f.Add([]byte(`{"error":"invalid_grant","error_description":"\u001b[2K\u202e"}`))
	f.Add([]byte("http://localhost/cb?error=access_denied&error_description=a%1B%5B2K%E2%80%AE"))
	opts := inspector.Options{Now: func() time.Time { return testNow }, Location: time.UTC}
	f.Fuzz(func(t *testing.T, data []byte) {
		inv := &Investigation{Title: string(data), Report: inspector.Inspect(data, opts), Generated: testNow}
		for _, redact := range []bool{false, true} {
			var md, html []byte
			ceiling := 1<<20 + uint64(64*len(data))
			budget.Call(t, "Markdown", ceiling, time.Second, func() { md = Markdown(inv, testOptions(redact)) })
			budget.Call(t, "HTML", ceiling, time.Second, func() { html = HTML(inv, testOptions(redact)) })
			for name, out := range map[string][]byte{"Markdown": md, "HTML": html} {
				if i := safetext.FirstUnsafe(string(out), true); i >= 0 {
					t.Fatalf("%s (redact %v): raw %q at byte %d", name, redact, out[i:min(len(out), i+4)], i)
				}
			}
		}
	})
}
