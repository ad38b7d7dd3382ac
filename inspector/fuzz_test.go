package inspector

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/internal/budget"
)

func fuzzSeeds(f *testing.F) {
	tok := craft(`{"alg":"RS256","kid":"k","typ":"JWT"}`, `{"iss":"https://i","sub":"a","aud":["x","y"],"exp":1795003600,"iat":1795000000,"groups":["g"]}`)
	basic := base64.StdEncoding.EncodeToString([]byte("alice:" + tok))
	for _, s := range []string{
		tok,
		"Bearer " + tok,
		"Authorization: Bearer " + tok,
		"x Authorization: Bearer Bearer " + tok + "\ny Authorization: Bearer: " + tok,
		`{"access_token":"` + tok + `","id_token":"` + tok + `","refresh_token":"abcdefghijklmnopqrstuvwxyz","expires_in":"3600"}`,
		"http://localhost/cb#id_token=" + tok + "&access_token=x",
		"http://localhost/cb?code=abc&state=s",
		"http://localhost/cb?error=access_denied&error_description=no",
		"curl -H 'Authorization: Bearer " + tok + "' https://x",
		"GET / HTTP/1.1\nAuthorization: Bearer " + tok + "\n\n",
		`{"log":{"entries":[{"request":{"headers":[{"name":"Authorization","value":"Bearer ` + tok + `"}]}}]}}`,
		"eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aaaa.bbbb.cccc",
		"ya29.a0AfB_byC1x2y3z4",
		"\"" + tok[:20] + "\n" + tok[20:] + "\"",
		strings.ReplaceAll(tok, "-", "+") + "==",
		"", "\x00\xff", "eyJ", "....", "{", `{"exp":"1"}`,
		`2026-11-23 DEBUG [oidc] claims: {"iss":"https://i","sub":"a","groups":["g"],"exp":1795003600}`,
		"Authorization: Basic " + basic,
		"Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("alice:hunter2")),
		"curl -u alice:" + tok + " http://x",
		`{"log":{"entries":[{"request":{"headers":[{"name":"Authorization","value":"Basic ` + basic + `"}]}}]}}`,
		"x Basic " + basic + " Bearer " + tok + "\ny Basic cmVhbG0= Basic " + basic[:20],
	} {
		f.Add([]byte(s))
	}
}

// checkReport asserts the invariants every report keeps, whatever the
// input: it marshals, every finding is catalogued, kinds are consistent.
func checkReport(t *testing.T, r *Report) {
	if _, err := json.Marshal(r); err != nil {
		t.Fatalf("report does not marshal: %v", err)
	}
	defs := map[string]bool{}
	for _, d := range Definitions() {
		defs[d.Code] = true
	}
	check := func(fs []Finding) {
		for _, f := range fs {
			if !defs[f.Code] || f.Message == "" {
				t.Fatalf("finding %+v is not catalogued or has no message", f)
			}
		}
	}
	check(r.Findings)
	for _, tok := range r.Tokens {
		check(tok.Findings)
		switch tok.Kind {
		case KindJWS:
			if tok.Header == nil || tok.Claims == nil {
				t.Fatalf("jws without header or claims")
			}
		case KindJWE, KindOpaque, KindMalformed, KindClaims:
		default:
			t.Fatalf("unknown kind %q", tok.Kind)
		}
		if tok.Kind != KindJWS && tok.Kind != KindJWE && tok.Kind != KindClaims && len(tok.Findings) == 0 {
			t.Fatalf("%s token with no finding explaining it", tok.Kind)
		}
	}
	if len(r.Tokens) == 0 && len(r.Findings) == 0 {
		t.Fatalf("no token and no finding")
	}
}

func FuzzInspect(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var r *Report
		budget.Call(t, "Inspect", 1<<20+uint64(64*len(data)), time.Second, func() { r = Inspect(data, testOpts()) })
		checkReport(t, r)
	})
}

func FuzzDecode(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var tok *Token
		budget.Call(t, "Decode", 1<<20+uint64(64*len(data)), time.Second, func() { tok = Decode(string(data), "input", testOpts()) })
		checkReport(t, &Report{Tokens: []*Token{tok}})
		if tok.Raw != string(data) {
			t.Fatalf("Raw changed")
		}
	})
}

func FuzzScan(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var (
			rep *Report
			err error
		)
		budget.Call(t, "Scan", 4<<20+uint64(64*len(data)), time.Second, func() {
			rep, err = Scan(bytes.NewReader(data), ScanOptions{Options: testOpts()})
		})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Input.Bytes != len(data) {
			t.Fatalf("bytes = %d, want %d", rep.Input.Bytes, len(data))
		}
		for _, tok := range rep.Tokens {
			for _, loc := range tok.Locations {
				if !foundAt(data, loc.Offset, tok) {
					t.Fatalf("location %d does not point at the token", loc.Offset)
				}
				if want := bytes.Count(data[:loc.Offset], []byte{'\n'}) + 1; loc.Line != want {
					t.Fatalf("line %d, want %d", loc.Line, want)
				}
				if strings.Contains(loc.Context, tok.Raw) && len(tok.Raw) >= 24 {
					t.Fatalf("context shows the token")
				}
			}
		}
		// In small windows, every boundary falls somewhere: read at its
		// places, on two cores, the input gives the report it gives
		// streamed.
		saved := scanWindow
		defer func() { scanWindow = saved }()
		scanWindow = 61
		streamed, at := scanBothWays(t, data)
		if !reflect.DeepEqual(streamed, at) {
			t.Fatalf("read at its places in windows of %d bytes, the input gives another report than streamed", scanWindow)
		}
	})
}

func FuzzResolveClaimPath(f *testing.F) {
	f.Add(`{"a":{"b.c":{"d":[1]}}}`, `a.b\.c.d`)
	f.Add(`{"x":1}`, `x.y`)
	f.Fuzz(func(t *testing.T, claims, path string) {
		obj, _, err := parseObject([]byte(claims))
		if err != nil {
			return
		}
		_, _ = ResolveClaimPath(obj, path)
	})
}

// foundAt reports whether the input holds the token at offset: the token
// itself, or the base64 Basic credentials holding it as their password.
func foundAt(data []byte, offset int64, tok *Token) bool {
	if offset < 0 || offset > int64(len(data)) {
		return false
	}
	at := data[offset:]
	if bytes.HasPrefix(at, []byte(tok.Raw)) {
		return true
	}
	end := 0
	for end < len(at) && isTokenChar(at[end]) {
		end++
	}
	_, pass, ok := basicCredentials(string(at[:end]))
	return ok && pass == tok.Raw
}
