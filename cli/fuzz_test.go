package cli

import (
	"bytes"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/budget"
	"github.com/ssolens/ssolens/internal/safetext"
)

// FuzzRenderText: whatever the input, the text report holds no raw
// control, bidi or invisible character, and rendering stays within an
// allocation ceiling.
func FuzzRenderText(f *testing.F) {
	f.Add([]byte(goldenResponse))
	f.Add([]byte(goldenAccess))
	f.Add([]byte("http://localhost/cb?error=access_denied&error_description=a%1B%5B2K%E2%80%AE"))
	f.Add([]byte(craft(`{"alg":"RS256","kid":"k1\r\u001b[2K verified\u001b[8m"}`, `{"sub":"\u0007\u202e\u200b","iss":"x\ny"}`)))
	f.Add([]byte("log line Bearer " + goldenID + " \x1b[31m"))
	opts := inspector.Options{Now: func() time.Time { return testNow }, Location: time.UTC}
	f.Fuzz(func(t *testing.T, data []byte) {
		rep := inspector.Inspect(data, opts)
		var out bytes.Buffer
		budget.Call(t, "renderReport", 1<<20+uint64(64*len(data)), time.Second, func() {
			renderReport(&out, rep, true)
		})
		if i := safetext.FirstUnsafe(out.String(), true); i >= 0 {
			t.Fatalf("raw %q at byte %d of:\n%s", out.String()[i:min(out.Len(), i+4)], i, out.String())
		}
	})
}
