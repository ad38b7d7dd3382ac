package cli

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
)

// TestAppendLineReportMatchesEncodingJSON: the hand-written --each-line
// record is byte for byte what encoding/json writes, for reports of every
// kind: verified and failing tokens, token responses, JWE, opaque, broken
// and empty input, scanned text with locations, strings that need escaping.
func TestAppendLineReportMatchesEncodingJSON(t *testing.T) {
	p := newTestProvider(t)
	good := p.mint(t, "api://default")
	jwks := writeFile(t, "keys.jwks", string(p.jwks()))
	inputs := []string{
		good,
		"Authorization: Bearer " + good,
		`{"access_token":"` + good + `","id_token":"` + good + `","refresh_token":"8xLOxBtZp8-refresh-opaque-4711","expires_in":3600}`,
		craft(`{"alg":"RS256","kid":"k1","typ":"JWT"}`, `{"iss":"https://x\u2028y","sub":"<a>&b","aud":["a","b"],"exp":1,"name":"tab\there \"q\" \\ é \u0001","groups":[]}`),
		craft(`{"alg":"none"}`, `{"sub":"x","sub":"dup","exp":"soon","nbf":99999999999}`),
		craft(`{"alg":"HS256","jku":"https://evil.example/keys","crit":["b64"]}`, `{"iss":"https://idp.example.com","exp":1e12}`),
		"eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..iv.cipher.tag",
		"ya29.a0AfH6SMBopaque-google-token-value",
		"not a token at all <script>",
		"http://localhost:7474/browser/?idp_id=okta&auth_flow_step=redirect_uri#access_token=" + good + "&state=x",
		"GET / HTTP/1.1\nHost: x\nAuthorization: Bearer " + good + "\n",
		"log line one Bearer " + good + "\nand again " + good + " \x7f end",
		"\xff\xfe binary",
		"",
	}
	for _, withKeys := range []bool{false, true} {
		var vf verifyFlags
		if withKeys {
			vf.jwks = jwks
		}
		for i, in := range inputs {
			opts := inspector.Options{Now: func() time.Time { return testNow }}
			rep := inspector.Inspect([]byte(in), opts)
			cfg, transport, err := vf.config(opts)
			if err != nil {
				t.Fatal(err)
			}
			rep.Transport = transport
			if i%3 == 0 {
				rep.Transport = "proxy <none>, CAs \u2029 system"
			}
			inspector.VerifyReport(context.Background(), rep, cfg)
			if i == 0 {
				for _, tk := range rep.Tokens {
					tk.RawShown = tk.Raw
					tk.Signature.KeySet = &inspector.KeySetInfo{URL: "https://idp/keys", Kids: []string{"k1", "k\"2"}, FetchedAt: "now", Fetches: 2, ClockOffset: "3s"}
					tk.Locations = []inspector.Location{{Offset: 12, Line: 3, Context: "Bearer ‹token› \t<x>"}}
					tk.Occurrences = 4
				}
			}
			checkSameJSON(t, i+1, rep)
		}
	}
	// Scanned text: locations and occurrences.
	rep, err := inspector.Scan(strings.NewReader("a Bearer "+good+"\nb "+good+"\n"), inspector.ScanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkSameJSON(t, 99, rep)
	checkSameJSON(t, 100, &inspector.Report{})
	if compared < 25 {
		t.Errorf("only %d reports were written the fast way and compared", compared)
	}
}

// compared counts the reports checkSameJSON compared byte for byte.
var compared int

func checkSameJSON(t *testing.T, line int, rep *inspector.Report) {
	t.Helper()
	var want bytes.Buffer
	if err := encodeLineReport(&want, line, rep); err != nil {
		t.Fatal(err)
	}
	got, ok := appendLineReport(nil, line, rep)
	if !ok {
		if !bytes.Contains(want.Bytes(), []byte("\u2028")) && !bytes.Contains(want.Bytes(), []byte(`\u2028`)) {
			t.Errorf("line %d: fell back to encoding/json for a plain report", line)
		}
		return
	}
	compared++
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("line %d differs:\n got %s\nwant %s", line, got, want.Bytes())
	}
}

// TestAppendLineReportKnowsEveryField: a field added to the JSON contract
// must be added to appendLineReport too (or this count updated after
// checking it is written).
func TestAppendLineReportKnowsEveryField(t *testing.T) {
	for _, c := range []struct {
		v    any
		want int
	}{
		{inspector.Report{}, 4}, {inspector.InputInfo{}, 4}, {inspector.Token{}, 20}, {inspector.Finding{}, 6},
		{inspector.Signature{}, 7}, {inspector.KeySetInfo{}, 6}, {inspector.Check{}, 4}, {inspector.Location{}, 3},
		{inspector.Time{}, 4},
	} {
		// Unexported fields are not in the JSON.
		n := 0
		for _, f := range reflect.VisibleFields(reflect.TypeOf(c.v)) {
			if f.IsExported() {
				n++
			}
		}
		if n != c.want {
			t.Errorf("%T has %d fields, appendLineReport writes %d: update it", c.v, n, c.want)
		}
	}
}
