package inspector

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

// pasteOf inspects text and returns the one token and every finding.
func pasteOf(t *testing.T, text string) (*Report, *Token) {
	t.Helper()
	r := Inspect([]byte(text), testOpts())
	if len(r.Tokens) == 0 {
		t.Fatalf("no token in %q; findings %s", text, allCodes(r))
	}
	return r, r.Tokens[0]
}

func mustFinding(t *testing.T, fs []Finding, code string) Finding {
	t.Helper()
	f, ok := findingOf(fs, code)
	if !ok {
		t.Fatalf("no %s among %v", code, codes(fs))
	}
	return f
}

func TestPasteBase64WrappedBearer(t *testing.T) {
	tok := mint(t, validClaims(), nil)
	wrapped := base64.StdEncoding.EncodeToString([]byte(tok))
	r, got := pasteOf(t, "Authorization: Bearer "+wrapped)
	if got.Raw != tok || got.Kind != KindJWS {
		t.Fatalf("token %s kind %s: want the JWT inside", got.Redacted, got.Kind)
	}
	f := mustFinding(t, got.Findings, "paste-base64-wrapped")
	if !strings.Contains(f.Fix, "Send the JWT itself") || !strings.Contains(f.Evidence, "repaired: "+Redact(tok)) {
		t.Errorf("finding %+v", f)
	}
	// The wrong advice for an opaque token must not appear.
	if strings.Contains(allCodes(r), "opaque") {
		t.Errorf("still diagnosed as opaque: %s", allCodes(r))
	}
	if strings.Contains(f.Evidence, tok) || strings.Contains(f.Message, tok) {
		t.Error("the repaired token must be shown redacted")
	}
}

func TestPasteBase64WrappedBare(t *testing.T) {
	tok := mint(t, validClaims(), nil)
	_, got := pasteOf(t, base64.RawURLEncoding.EncodeToString([]byte(tok)))
	if got.Raw != tok {
		t.Fatalf("not unwrapped: %s", got.Redacted)
	}
	mustFinding(t, got.Findings, "paste-base64-wrapped")
}

func TestPasteWhitespaceInside(t *testing.T) {
	tok := mint(t, validClaims(), nil)
	broken := tok[:50] + "\n   " + tok[50:120] + " " + tok[120:]
	_, got := pasteOf(t, broken)
	if got.Raw != tok {
		t.Fatalf("not joined")
	}
	f := mustFinding(t, got.Findings, "paste-whitespace-in-token")
	if !strings.Contains(f.Evidence, "after byte 50") || !strings.Contains(f.Message, "2 line break(s)") {
		t.Errorf("finding %+v", f)
	}
	// A token on one line has no such finding.
	_, clean := pasteOf(t, tok)
	if hasCode(clean.Findings, "paste-whitespace-in-token") {
		t.Error("a clean token got a whitespace finding")
	}
	// Nor do quotes around it: that is how JSON holds tokens.
	_, quoted := pasteOf(t, `"`+tok+`"`)
	if hasCode(quoted.Findings, "paste-whitespace-in-token") || hasCode(quoted.Findings, "paste-escaped-token") {
		t.Errorf("a quoted token got %v", codes(quoted.Findings))
	}
}

func TestPasteWhitespaceInBearer(t *testing.T) {
	tok := mint(t, validClaims(), nil)
	_, got := pasteOf(t, "Authorization: Bearer "+tok[:80]+"\n"+tok[80:])
	if got.Raw != tok {
		t.Fatal("not joined")
	}
	mustFinding(t, got.Findings, "paste-whitespace-in-token")
}

func TestPasteEscapes(t *testing.T) {
	tok := mint(t, validClaims(), nil)
	dot := strings.Index(tok, ".")
	for name, text := range map[string]string{
		"backslash-n": tok[:40] + `\n` + tok[40:],
		"url-encoded": strings.ReplaceAll(tok, ".", "%2E"),
		"html-entity": strings.ReplaceAll(tok, ".", "&#46;"),
		"html-quot":   "&quot;" + tok + "&quot;",
		"json-quote":  `\"` + tok + `\"`,
		"quote-in":    tok[:dot] + `"."` + tok[dot+1:],
	} {
		t.Run(name, func(t *testing.T) {
			_, got := pasteOf(t, text)
			if got.Raw != tok || got.Kind != KindJWS {
				t.Fatalf("token %s (%s), want the JWT", got.Redacted, got.Kind)
			}
			f := mustFinding(t, got.Findings, "paste-escaped-token")
			if !strings.Contains(f.Evidence, "repaired: ") {
				t.Errorf("evidence %q", f.Evidence)
			}
		})
	}
}

func TestPasteTruncated(t *testing.T) {
	tok := mint(t, validClaims(), nil) // RS256, 2048-bit key
	for name, c := range map[string]struct {
		text, says string
	}{
		"signature": {tok[:len(tok)-40], "RS256 signature is"},
		"no-sig":    {tok[:strings.LastIndex(tok, ".")], "signature is missing"},
		"payload":   {tok[:strings.Index(tok, ".")+30], "payload's JSON ends early"},
	} {
		t.Run(name, func(t *testing.T) {
			_, got := pasteOf(t, c.text)
			f := mustFinding(t, got.Findings, "paste-truncated")
			if !strings.Contains(f.Message, c.says) || !strings.Contains(f.Message, "probably cut at byte "+itoa(len(c.text))) {
				t.Errorf("message %q", f.Message)
			}
		})
	}
	// A whole token is not called truncated.
	_, whole := pasteOf(t, tok)
	if hasCode(whole.Findings, "paste-truncated") {
		t.Error("a whole token was called truncated")
	}
}

func TestPasteGlued(t *testing.T) {
	a := mint(t, validClaims(), nil)
	c := validClaims()
	c["sub"] = "someone-else"
	b := mint(t, c, nil)
	r := Inspect([]byte(a+b), testOpts())
	if len(r.Tokens) != 2 || r.Tokens[0].Raw != a || r.Tokens[1].Raw != b {
		t.Fatalf("%d tokens: %s", len(r.Tokens), allCodes(r))
	}
	f := mustFinding(t, r.Tokens[0].Findings, "paste-tokens-glued")
	if !strings.Contains(f.Message, "byte "+itoa(len(a))) {
		t.Errorf("message %q", f.Message)
	}
	if hasCode(r.Tokens[0].Findings, "jwe") {
		t.Error("glued JWS still read as a JWE")
	}
}

func TestPasteJSONInJSONString(t *testing.T) {
	tok := mint(t, validClaims(), nil)
	resp := `{"access_token":"` + tok + `","token_type":"Bearer","expires_in":3600}`
	once, _ := json.Marshal(resp)
	twice, _ := json.Marshal(string(once))
	for name, c := range map[string]struct {
		text   string
		levels string
	}{
		"string":         {string(once), "1 level(s)"},
		"string-string":  {string(twice), "2 level(s)"},
		"member":         {`{"level":"debug","body":` + string(once) + `}`, `in member "body"`},
		"member-escaped": {`{"body":` + string(twice) + `}`, "2 level(s)"},
	} {
		t.Run(name, func(t *testing.T) {
			r, got := pasteOf(t, c.text)
			if got.Raw != tok || got.Source != "access_token" || r.Input.Form != FormTokenResponse {
				t.Fatalf("token %s from %s, form %s", got.Redacted, got.Source, r.Input.Form)
			}
			f := mustFinding(t, r.Findings, "paste-json-escaped")
			if !strings.Contains(f.Evidence, c.levels) {
				t.Errorf("evidence %q lacks %q", f.Evidence, c.levels)
			}
		})
	}
}

// Tokens listed one per line are several tokens, not one broken or glued.
func TestPasteTokensOnePerLine(t *testing.T) {
	a := mint(t, validClaims(), nil)
	c := validClaims()
	c["sub"] = "someone-else"
	b := mint(t, c, nil)
	r := Inspect([]byte(a+"\n"+b+"\n"), testOpts())
	if len(r.Tokens) != 2 || r.Tokens[0].Raw != a || r.Tokens[1].Raw != b {
		t.Fatalf("%d tokens: %s", len(r.Tokens), allCodes(r))
	}
	if strings.Contains(allCodes(r), "paste-") {
		t.Errorf("two clean tokens got %s", allCodes(r))
	}
}

// A glued pair broken across lines keeps the break finding too.
func TestPasteGluedAndBroken(t *testing.T) {
	a := mint(t, validClaims(), nil)
	b := mint(t, validClaims(), nil)
	r := Inspect([]byte(a[:60]+"\n"+a[60:]+b), testOpts())
	if len(r.Tokens) != 2 {
		t.Fatalf("%d tokens: %s", len(r.Tokens), allCodes(r))
	}
	mustFinding(t, r.Tokens[0].Findings, "paste-whitespace-in-token")
	mustFinding(t, r.Tokens[0].Findings, "paste-tokens-glued")
}
