package pkce

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/internal/budget"
)

// FuzzCallbackHandler: no request without the sign-in's state (any method,
// path, query, fragment post or body) completes the sign-in, whatever else
// it carries; each is answered within an allocation ceiling (and, while
// fuzzing, a time ceiling), and no page echoes what was sent raw.
func FuzzCallbackHandler(f *testing.F) {
	const state = "s3cret-state-of-this-sign-in-0123456789"
	l := &LoopbackListener{cfg: LoopbackConfig{Host: HostIPv4, Path: DefaultCallbackPath}, scheme: "http", port: 8000, result: make(chan result, 1)}
	l.Expect(func(url.Values) error { return nil })
	var ignored int
	l.ExpectState(state, func(string) { ignored++ })
	for _, s := range [][3]string{
		{"GET", "/callback?error=access_denied&state=wrong", ""},
		{"GET", "/callback?error=access_denied&error_description=%3Cscript%3E", ""},
		{"GET", "/callback?code=abc", ""},
		{"GET", "/callback?code=abc&state=" + state[:10], ""},
		{"GET", "/callback", ""},
		{"POST", "/callback", "error=access_denied&state=forged"},
		{"POST", "/callback", "access_token=x&id_token=y"},
		{"PUT", "/callback?code=a&state=b", ""},
		{"GET", "/other?code=a", ""},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, method, target, body string) {
		req, err := http.NewRequest(method, "http://127.0.0.1:8000"+target, strings.NewReader(body))
		if err != nil || req.URL.Query().Get("state") == state {
			return
		}
		if vs, err := url.ParseQuery(body); err == nil && vs.Get("state") == state {
			return
		}
		rec := httptest.NewRecorder()
		budget.Call(t, "the callback handler", 256<<10+uint64(8*(len(target)+len(body))), time.Second, func() {
			l.serve(rec, req)
		})
		l.mu.Lock()
		done := l.done
		l.mu.Unlock()
		if done {
			t.Fatalf("%s %s (body %q) completed the sign-in without its state", method, target, body)
		}
		page := rec.Body.String()
		if strings.Contains(page, "Signed in") {
			t.Fatalf("%s %s: page says signed in: %q", method, target, page)
		}
		if strings.Contains(page, "<script>") && !strings.Contains(page, FragmentPageMarker) {
			t.Fatalf("%s %s: the page holds a script: %q", method, target, page)
		}
	})
}
