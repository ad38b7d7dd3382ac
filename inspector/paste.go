package inspector

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"strings"
)

// Broken pastes: a token damaged on its way from where it was copied. Each
// repair is said as a finding, with where it happened and the repaired
// token beside it (redacted, as tokens are); nothing is repaired silently.
var (
	FindPasteWhitespace = Define("paste-whitespace-in-token", SeverityWarning,
		"The token was broken by spaces or line breaks (a copy from a terminal or an e-mail); SSO Lens joined the pieces, a server will not.")
	FindPasteEscaped = Define("paste-escaped-token", SeverityWarning,
		"The token carries escapes from where it was copied (\\n, \\/, URL-encoding, HTML entities, stray quotes); SSO Lens undid them.")
	FindPasteBase64Wrapped = Define("paste-base64-wrapped", SeverityError,
		"The token is base64 of a JWT, not the JWT: send the JWT itself (Authorization: Bearer eyJ…).")
	FindPasteTruncated = Define("paste-truncated", SeverityError,
		"The token is cut short (its signature or payload ends early): the copy probably stops before the token's end.")
	FindPasteGlued = Define("paste-tokens-glued", SeverityError,
		"Two tokens were pasted together with nothing between them; SSO Lens split them.")
	FindPasteJSONEscaped = Define("paste-json-escaped", SeverityInfo,
		"The JSON is a string inside a JSON string (escaped twice or more); SSO Lens unwrapped it.")
)

// cleanToken is bareToken that says what it repaired: breaks inside the
// token, and escapes (\n, \/, %2E, &#46;, stray quotes) undone.
func cleanToken(text string) (string, []Finding, bool) {
	if severalTokens(text) {
		return "", nil, false // one per line or word: the scan finds each
	}
	if raw, ok := bareToken(text); ok {
		return raw, whitespaceFinding(text, raw), true
	}
	if !strings.ContainsAny(text, "\\%&\"'") {
		return "", nil, false
	}
	fixed, what := unescapeToken(text)
	raw, ok := bareToken(fixed)
	if !ok || !looksLikeJWT(raw) {
		return "", nil, false
	}
	return raw, []Finding{FindPasteEscaped.Newf(
		"Copy the token from its source as plain text (the raw response, not a JSON, URL or HTML rendering of it); send it without the escapes.",
		"repaired: "+Redact(raw),
		"The token was pasted with %s; SSO Lens undid them. A server sent the token as pasted would reject it.", strings.Join(what, ", "))}, true
}

// severalTokens reports whether the words of text are each a whole JWT:
// tokens listed one per line, not one token broken across lines.
func severalTokens(text string) bool {
	fields := strings.Fields(text)
	if len(fields) < 2 {
		return false
	}
	for _, f := range fields {
		f = strings.Trim(f, "\"'`,;")
		if strings.Count(f, ".") != 2 || !looksLikeJWT(f) || strings.HasSuffix(f, ".") {
			return false
		}
	}
	return true
}

// looksLikeJWT reports whether raw decodes as a JWS or JWE.
func looksLikeJWT(raw string) bool {
	n := strings.Count(raw, ".")
	if n != 2 && n != 4 {
		return false
	}
	_, ok := probeJOSEHeader(raw[:strings.IndexByte(raw, '.')])
	return ok
}

// whitespaceFinding reports the breaks bareToken joined: where the first
// was, as a byte offset into the repaired token.
func whitespaceFinding(text, raw string) []Finding {
	s := strings.TrimSpace(strings.Trim(strings.TrimSpace(text), "\"'`"))
	i := strings.IndexAny(s, " \t\r\n\v\f\\")
	if i < 0 || !strings.HasPrefix(raw, s[:i]) {
		return nil
	}
	breaks := len(strings.Fields(strings.ReplaceAll(s, "\\\n", " "))) - 1
	if breaks < 1 {
		breaks = 1
	}
	return []Finding{FindPasteWhitespace.Newf(
		"Copy the token again as one line (from the raw response, or with a tool that does not wrap); remove the breaks before sending it.",
		fmt.Sprintf("first break after byte %d of the token; repaired: %s", i, Redact(raw)),
		"The token is broken by %d line break(s) or space(s), the first after byte %d; SSO Lens joined the pieces. A server receiving it so would reject it.", breaks, i)}
}

// unescapeToken undoes the escapes a token picks up when copied out of
// JSON, a URL or a web page, and says which it found.
func unescapeToken(s string) (string, []string) {
	var what []string
	if strings.Contains(s, `\`) {
		r := strings.NewReplacer(`\n`, "", `\r`, "", `\t`, "", `\/`, "/", `\"`, "", `\u002e`, ".", `\u002E`, ".", `\u003d`, "=", `\u003D`, "=", `\\`, "")
		if t := r.Replace(s); t != s {
			s, what = t, append(what, `backslash escapes (\n, \/, \")`)
		}
	}
	if strings.Contains(s, "%") {
		if t := unescapePercent(s); t != s {
			s, what = t, append(what, "URL-encoding (%2E, %3D …)")
		}
	}
	if strings.Contains(s, "&") {
		if t := html.UnescapeString(s); t != s {
			s, what = t, append(what, "HTML entities (&#46;, &quot; …)")
		}
	}
	if t := strings.NewReplacer(`"`, "", `'`, "").Replace(s); t != s {
		s, what = t, append(what, "quotes inside it")
	}
	return s, what
}

// unescapePercent decodes valid %XX escapes and leaves the rest.
func unescapePercent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			var v byte
			if _, err := fmt.Sscanf(s[i+1:i+3], "%02x", &v); err == nil {
				b.WriteByte(v)
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// repairTokens looks at each decoded token for damage a copy causes: base64
// around a JWT, two tokens glued, a cut-off end. A repaired token replaces
// the damaged one, carrying the finding.
func repairTokens(ts []*Token, opts Options) []*Token {
	out := ts[:0:0]
	for _, t := range ts {
		for _, nt := range repairToken(t, opts) {
			if nt != t { // where the damaged token stood, it stands repaired
				nt.Locations, nt.Occurrences = t.Locations, t.Occurrences
			}
			out = append(out, nt)
		}
	}
	return out
}

func repairToken(t *Token, opts Options) []*Token {
	raw := t.Raw
	if len(raw) > MaxTokenBytes {
		return []*Token{t}
	}
	if t.Kind != KindJWS {
		if a, b, ok := splitGlued(raw); ok {
			first, second := Decode(a, t.Source, opts), Decode(b, t.Source, opts)
			f := FindPasteGlued.Newf(
				"Paste one token at a time, or put a line break between them.",
				fmt.Sprintf("split after byte %d: %s and %s", len(a), Redact(a), Redact(b)),
				"Two tokens are pasted together without a separator: the second starts at byte %d. SSO Lens split them and shows both.", len(a))
			first.Findings = append(first.Findings, pasteFindings(t.Findings)...) // breaks or escapes found on the way in
			first.Findings = append(first.Findings, f)
			second.Findings = append(second.Findings, f)
			return append(repairToken(first, opts), repairToken(second, opts)...)
		}
	}
	if t.Kind == KindOpaque || t.Kind == KindMalformed {
		if inner, ok := unwrapBase64(raw); ok {
			nt := Decode(inner, t.Source, opts)
			nt.Findings = append(nt.Findings, pasteFindings(t.Findings)...)
			nt.Findings = append(nt.Findings, FindPasteBase64Wrapped.Newf(
				"Send the JWT itself: Authorization: Bearer eyJ… (the base64 of it is not a token any server accepts). Nothing to change at the provider.",
				"repaired: "+Redact(inner),
				"The %s is the base64 encoding of a JWT (it starts %q, base64 of \"eyJ\"), not the JWT: a server reads it as an opaque token and rejects it. Some examples base64-encode the token as for Basic auth; Bearer takes it as it is.", sourceName(t.Source), raw[:4]))
			return []*Token{nt}
		}
	}
	if f, ok := truncation(t); ok {
		t.Findings = append(t.Findings, f)
	}
	return []*Token{t}
}

// pasteFindings are the paste-* findings among fs.
func pasteFindings(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if strings.HasPrefix(f.Code, "paste-") {
			out = append(out, f)
		}
	}
	return out
}

func sourceName(s string) string {
	switch s {
	case "authorization_header":
		return "bearer token"
	case SourceBasicPassword:
		return "Basic password"
	case "input", "scan", "":
		return "token"
	}
	return s
}

// unwrapBase64 takes a JWT out of its base64 encoding.
func unwrapBase64(raw string) (string, bool) {
	if !strings.HasPrefix(raw, "ZXlK") { // base64 of "eyJ"
		return "", false
	}
	var data []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if data, err = enc.DecodeString(raw); err == nil {
			break
		}
	}
	if err != nil {
		return "", false
	}
	inner := strings.TrimSpace(string(data))
	if !looksLikeJWT(inner) || firstNonTokenChar(inner) >= 0 {
		return "", false
	}
	return inner, true
}

// splitGlued splits "h.p.s" + "h.p.s" pasted together: five segments whose
// third holds the start of another JOSE header.
func splitGlued(raw string) (string, string, bool) {
	segs := strings.Split(raw, ".")
	if len(segs) != 5 {
		return "", "", false
	}
	for from := 1; from < len(segs[2]); {
		i := strings.Index(segs[2][from:], "eyJ")
		if i < 0 {
			return "", "", false
		}
		cut := from + i
		a := segs[0] + "." + segs[1] + "." + segs[2][:cut]
		b := segs[2][cut:] + "." + segs[3] + "." + segs[4]
		if looksLikeJWT(a) && looksLikeJWT(b) {
			if _, isJWE := probeHeaderEnc(segs[0]); !isJWE {
				return a, b, true
			}
		}
		from = cut + 1
	}
	return "", "", false
}

// probeHeaderEnc reports whether a header segment names an enc (a JWE).
func probeHeaderEnc(seg string) (string, bool) {
	h, ok := probeJOSEHeader(seg)
	if !ok {
		return "", false
	}
	enc, ok := h.String("enc")
	return enc, ok
}

// minSignatureBytes is the shortest signature an algorithm makes: the
// fixed sizes of signatureBytes, and for RSA that of the smallest key in
// use (2048 bits).
func minSignatureBytes(alg string) (int, bool) {
	if n, ok := signatureBytes[alg]; ok {
		return n, true
	}
	switch alg {
	case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512":
		return 256, true
	}
	return 0, false
}

// truncation tells a token cut short by the copy: a signature shorter than
// its algorithm makes, a missing signature, or a payload whose JSON ends
// early.
func truncation(t *Token) (Finding, bool) {
	raw := t.Raw
	segs := strings.Split(raw, ".")
	cut := func(what string) (Finding, bool) {
		return FindPasteTruncated.Newf(
			"Copy the whole token again: from the raw response or the browser's network tab, not from a wrapped or shortened display.",
			fmt.Sprintf("%d bytes pasted; %s", len(raw), Redact(raw)),
			"The token looks cut short: %s. The copy is probably cut at byte %d.", what, len(raw)), true
	}
	// A JWS's header and claims were read by Decode: not again (this runs
	// for every token, and most are whole).
	h, headerOK := t.Header, t.Kind == KindJWS && t.Header != nil
	if !headerOK {
		h, headerOK = probeJOSEHeader(segs[0])
	}
	if !headerOK {
		return Finding{}, false
	}
	alg, _ := h.String("alg")
	if _, enc := h.String("enc"); enc {
		return Finding{}, false
	}
	switch {
	case len(segs) == 1:
		return cut("only its header is there")
	case len(segs) == 2:
		if payloadCut(segs[1]) {
			return cut("the payload's JSON ends early and there is no signature")
		}
		return cut("the signature is missing (a JWS has three parts)")
	case len(segs) == 3 && segs[2] == "" && alg != "none":
		return cut("the signature is empty though alg is " + alg)
	case len(segs) == 3:
		if t.Claims == nil && payloadCut(segs[1]) { // claims that parsed did not end early
			return cut("the payload's JSON ends early")
		}
		if want, ok := minSignatureBytes(alg); ok && segs[2] != "" {
			got := len(segs[2]) * 6 / 8
			if got < want {
				return cut(fmt.Sprintf("its %s signature is %d bytes, and %s makes at least %d", alg, got, alg, want))
			}
		}
	}
	return Finding{}, false
}

// payloadCut reports whether a payload segment decodes to JSON that ends
// before it is complete.
func payloadCut(seg string) bool {
	if len(seg)%4 == 1 {
		seg = seg[:len(seg)-1] // a cut can leave an impossible last character
	}
	data, err := lenientBase64(seg)
	if err != nil || len(data) == 0 {
		return false
	}
	var v any
	err = json.Unmarshal(data, &v)
	return err != nil && strings.Contains(err.Error(), "unexpected end of JSON input")
}

// unwrapJSONString takes JSON out of JSON string literals, as a token
// response logged inside another JSON document is: "{\"access_token\":…}".
// It returns the innermost JSON object text and how many levels it undid.
func unwrapJSONString(text string) (string, int) {
	levels := 0
	for levels < 4 && strings.HasPrefix(text, `"`) {
		var s string
		if json.Unmarshal([]byte(text), &s) != nil {
			break
		}
		text = strings.TrimSpace(s)
		levels++
	}
	if !strings.HasPrefix(text, "{") {
		return "", 0
	}
	return text, levels
}

func jsonEscapedFinding(levels int, where string) Finding {
	return FindPasteJSONEscaped.Newf(
		"Nothing to fix in the tokens. To paste it plainly, copy the token response from the network tab rather than from a log that quoted it.",
		fmt.Sprintf("%d level(s) of escaping%s", levels, where),
		"The token response is JSON inside a JSON string (escaped %d time(s)%s); SSO Lens unwrapped it.", levels, where)
}
