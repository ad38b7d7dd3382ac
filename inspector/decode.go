package inspector

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// MaxTokenBytes bounds one token. Real tokens, even Entra ones with hundreds
// of groups, stay far below it.
const MaxTokenBytes = 1 << 20

var segmentNames = []string{"header", "payload", "signature", "initialization vector", "authentication tag"}

func segmentName(kind Kind, i int) string {
	if kind == KindJWE {
		return []string{"header", "encrypted key", "initialization vector", "ciphertext", "authentication tag"}[i]
	}
	if i < len(segmentNames) {
		return segmentNames[i]
	}
	return "segment"
}

// Decode classifies one token and decodes it as far as its kind allows. The
// raw text must already be cleaned of quotes, whitespace and "Bearer ".
func Decode(raw, source string, opts Options) *Token {
	t := &Token{
		Source:      source,
		Raw:         raw,
		Length:      len(raw),
		Fingerprint: Fingerprint(raw),
		Redacted:    Redact(raw),
		Times:       map[string]*Time{},
		Findings:    []Finding{},
	}
	if len(raw) > MaxTokenBytes {
		t.Kind = KindMalformed
		t.Findings = append(t.Findings, FindTooLarge.Newf(
			"Paste the token alone, or scan the large file for its tokens.",
			fmt.Sprintf("%d bytes", len(raw)),
			"This token is %d bytes; the limit is %d.", len(raw), MaxTokenBytes).WithCommand("ssolens scan FILE"))
		return t
	}
	segs := strings.Split(raw, ".")
	probe, headerOK := probeHeader(segs[0])
	header := probe.obj
	switch {
	case headerOK && len(segs) == 3:
		t.Kind = KindJWS
		decodeJWS(t, segs, opts, &probe)
	case headerOK && len(segs) == 5:
		t.Kind = KindJWE
		decodeJWE(t, segs)
	case headerOK || (strings.HasPrefix(raw, "eyJ") && (len(segs) == 3 || len(segs) == 5)):
		t.Kind = KindMalformed
		if !headerOK {
			// Three or five parts that start like a JWT: explain the header.
			decodeJWS(t, segs, opts, nil)
			break
		}
		t.Header = header
		t.Findings = append(t.Findings, FindSegmentCount.Newf(
			"Copy the whole token: a JWS is header.payload.signature, a JWE has five parts. Two tokens pasted together, or a cut-off copy, cause this.",
			fmt.Sprintf("%d segments", len(segs)),
			"This token has a JOSE header but %d dot-separated segments; a JWS has 3 and a JWE 5.", len(segs)))
	default:
		classifyOpaque(t)
	}
	inferRole(t)
	return t
}

// probeJOSEHeader reports whether s is a base64url-encoded JSON object with
// an alg member: the mark of a JOSE header.
func probeJOSEHeader(s string) (*Object, bool) {
	p, ok := probeHeader(s)
	return p.obj, ok
}

// headerProbe is what probeHeader read: the header's bytes, the object and
// its repeated names, for decodeJWS to use rather than read them again.
type headerProbe struct {
	data []byte
	obj  *Object
	dups []string
}

func probeHeader(s string) (headerProbe, bool) {
	data, err := lenientBase64(s)
	if err != nil {
		return headerProbe{}, false
	}
	obj, dups, err := parseObject(data)
	if err != nil {
		return headerProbe{}, false
	}
	if _, ok := obj.Get("alg"); !ok {
		return headerProbe{}, false
	}
	return headerProbe{data: data, obj: obj, dups: dups}, true
}

// decodeJWS decodes a JWS's segments and checks them. probe, when not nil,
// is the header as probeHeader already read it.
func decodeJWS(t *Token, segs []string, opts Options, probe *headerProbe) {
	t.Segments = make([][]byte, len(segs))
	// A header already read, in plain base64url (nothing for decodeSegment
	// to report), is not decoded and parsed again.
	reuse := probe != nil && probe.obj != nil && IsBase64URL(segs[0])
	for i, s := range segs {
		if i == 0 && reuse {
			t.Segments[0] = probe.data
			continue
		}
		data, fs, ok := decodeSegment(s, i, t.Kind)
		t.Findings = append(t.Findings, fs...)
		if ok {
			t.Segments[i] = data
		}
	}
	if t.Segments[0] != nil {
		var (
			obj  *Object
			dups []string
			err  error
		)
		if reuse {
			obj, dups = probe.obj, probe.dups
		} else {
			obj, dups, err = parseObject(t.Segments[0])
		}
		if err != nil {
			t.Kind = KindMalformed
			t.Findings = append(t.Findings, FindHeaderNotJSON.Newf(
				"Check that the whole token was copied; the first segment must be base64url of a JSON object such as {\"alg\":\"RS256\",\"kid\":\"…\"}.",
				excerpt(t.Segments[0]),
				"The header (segment 1) does not decode to a JSON object: %s.", describeJSONError(err, t.Segments[0])))
		} else {
			t.Header = obj
			t.Findings = append(t.Findings, duplicateFindings("header", dups)...)
			checkHeader(t)
		}
	}
	if len(t.Segments) > 1 && t.Segments[1] != nil {
		obj, dups, err := parseObject(t.Segments[1])
		if err != nil {
			t.Kind = KindMalformed
			t.Findings = append(t.Findings, FindPayloadNotJSON.Newf(
				"A JWT's payload is base64url of a JSON object of claims. If this is a nested or encrypted token, inspect the inner token instead.",
				excerpt(t.Segments[1]),
				"The payload (segment 2) does not decode to a JSON object: %s.", describeJSONError(err, t.Segments[1])))
		} else {
			t.Claims = obj
			t.Findings = append(t.Findings, duplicateFindings("claim", dups)...)
			checkTimes(t, opts)
		}
	}
	if len(t.Segments) > 2 && t.Header != nil {
		checkSignatureShape(t, segs[2])
	}
	if t.Kind == KindJWS && (t.Header == nil || t.Claims == nil) {
		t.Kind = KindMalformed
	}
}

func decodeJWE(t *Token, segs []string) {
	t.Segments = make([][]byte, len(segs))
	data, fs, ok := decodeSegment(segs[0], 0, KindJWE)
	t.Findings = append(t.Findings, fs...)
	if !ok {
		t.Kind = KindMalformed
		return
	}
	t.Segments[0] = data
	obj, dups, err := parseObject(data)
	if err != nil {
		t.Kind = KindMalformed
		return
	}
	t.Header = obj
	t.Findings = append(t.Findings, duplicateFindings("header", dups)...)
	alg, _ := obj.String("alg")
	enc, _ := obj.String("enc")
	msg := fmt.Sprintf("This token is encrypted (JWE, alg %q, enc %q): only its header can be read, and only the holder of the decryption key can see the claims.", alg, enc)
	fix := "A JWE cannot be validated with the issuer's public keys, so Neo4j cannot use it. Ask the provider for a signed JWT instead."
	if alg == "dir" {
		msg += " Auth0 issues alg \"dir\" JWE access tokens when no audience is requested."
		fix = "Auth0: add audience=<your API identifier> to the authorize request (Neo4j: add it to params), so Auth0 issues a signed JWT access token. Or let Neo4j use the ID token (config=token_type_principal=id_token;token_type_authentication=id_token)."
	}
	t.Findings = append(t.Findings, FindJWE.New(msg, fix, fmt.Sprintf("header: alg=%s enc=%s", alg, enc)))
}

// classifyOpaque decides between an opaque token and text that is no token.
func classifyOpaque(t *Token) {
	raw := t.Raw
	if i := firstNonTokenChar(raw); i >= 0 || len(raw) < 8 {
		t.Kind = KindMalformed
		evidence := fmt.Sprintf("%d characters", len(raw))
		msg := fmt.Sprintf("This is too short to be a token (%d characters).", len(raw))
		if i >= 0 {
			r := []rune(raw[i:])[0]
			evidence = fmt.Sprintf("byte %d: %q", i, r)
			msg = fmt.Sprintf("This is not a token: byte %d is %q, which no JWT or OAuth token contains (base64url letters, digits, - _ . ~ + / = only).", i, r)
		}
		t.Findings = append(t.Findings, FindNotAToken.New(msg,
			"Paste a token, a token response, an Authorization header, a redirect URL, a cURL command, a HAR or a log.", evidence))
		return
	}
	t.Kind = KindOpaque
	if t.Source == "refresh_token" {
		t.Findings = append(t.Findings, FindOpaque.New(
			"This refresh token is opaque, as most are: only the issuer's token endpoint reads it.",
			"Nothing to fix. Never send a refresh token to Neo4j or an API; SSO Lens uses it only to get new tokens.",
			fmt.Sprintf("%d characters", len(raw))))
		return
	}
	hint, fix := opaqueHint(raw)
	msg := "This token is opaque, not a JWT: it has no readable claims, and only its issuer can validate it (by introspection or UserInfo)."
	if hint != "" {
		msg += " " + hint
	}
	t.Findings = append(t.Findings, FindOpaque.New(msg, fix, fmt.Sprintf("%d characters, %d dot(s), no JOSE header", len(raw), strings.Count(raw, "."))))
}

func opaqueHint(raw string) (hint, fix string) {
	fix = "Neo4j needs a JWT. If this is the access token, either configure the provider to issue JWT access tokens for an API audience, or let Neo4j use the ID token: config=token_type_principal=id_token;token_type_authentication=id_token."
	switch {
	case strings.HasPrefix(raw, "ya29."):
		return "The ya29. prefix marks a Google OAuth access token; Google access tokens are always opaque.",
			"Google: use the ID token for Neo4j (config=token_type_principal=id_token;token_type_authentication=id_token, audience=<client id>)."
	case strings.HasPrefix(raw, "1//"):
		return "The 1// prefix marks a Google refresh token.", "A refresh token is for the token endpoint only; never send it to Neo4j."
	case strings.HasPrefix(raw, "0.A") || strings.HasPrefix(raw, "1.A"):
		return "This is likely an Entra ID refresh token (they start with 0.A or 1.A).", "A refresh token is for the token endpoint only; never send it to Neo4j."
	case strings.HasPrefix(raw, "v1.") || strings.HasPrefix(raw, "v2.") || strings.HasPrefix(raw, "v3.") || strings.HasPrefix(raw, "v4."):
		if strings.HasPrefix(raw[3:], "local.") || strings.HasPrefix(raw[3:], "public.") {
			return "This is a PASETO token, not a JWT; Neo4j cannot use it.", fix
		}
	}
	return "", fix
}

// Character classes, as tables: these loops run over every byte of every
// token.
const (
	classB64URL = 1 << iota // base64url: A-Z a-z 0-9 - _
	classToken              // JWT or RFC 6750 b64token: base64url and . ~ + / =
)

var charClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		if b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_' {
			t[c] |= classB64URL | classToken
		}
		switch b {
		case '.', '~', '+', '/', '=':
			t[c] |= classToken
		}
	}
	return t
}()

// isTokenChar reports whether c may appear in a JWT or an RFC 6750 b64token.
func isTokenChar(c byte) bool { return charClass[c]&classToken != 0 }

func firstNonTokenChar(s string) int {
	for i := 0; i < len(s); i++ {
		if !isTokenChar(s[i]) {
			return i
		}
	}
	return -1
}

func isB64URL(c byte) bool { return charClass[c]&classB64URL != 0 }

// IsBase64URL reports whether s is all base64url characters (no padding,
// no standard-alphabet ones).
func IsBase64URL(s string) bool {
	for i := 0; i < len(s); i++ {
		if charClass[s[i]]&classB64URL == 0 {
			return false
		}
	}
	return true
}

// lenientBase64 decodes base64url, also accepting padding and the standard
// alphabet, without reporting anything: for probing.
func lenientBase64(s string) ([]byte, error) {
	if strings.ContainsAny(s, "+/=") {
		s = strings.TrimRight(s, "=")
		s = strings.NewReplacer("+", "-", "/", "_").Replace(s)
	}
	return base64.RawURLEncoding.DecodeString(s)
}

// segmentLabel names a segment in findings: "segment 2 (payload)".
func segmentLabel(index int, kind Kind) string {
	return fmt.Sprintf("segment %d (%s)", index+1, segmentName(kind, index))
}

// decodeSegment decodes one segment and says precisely what is wrong with
// its encoding: which segment, which byte, what was expected (RFC 7515 §2:
// base64url without padding).
func decodeSegment(s string, index int, kind Kind) ([]byte, []Finding, bool) {
	var fs []Finding
	firstStd, firstPad := -1, -1
	for i := 0; i < len(s); i++ {
		if isB64URL(s[i]) && firstPad < 0 {
			continue // the common case, kept tight
		}
		name := segmentLabel(index, kind)
		c := s[i]
		switch {
		case isB64URL(c):
			if firstPad >= 0 {
				return nil, append(fs, FindBase64Invalid.Newf(
					"Remove the = characters: padding may only end a segment, and JWS compact form has none.",
					fmt.Sprintf("%s, byte %d", name, firstPad),
					"%s has = padding at byte %d followed by more data; the segment is corrupt.", name, firstPad)), false
			}
		case c == '+' || c == '/':
			if firstStd < 0 {
				firstStd = i
			}
		case c == '=':
			if firstPad < 0 {
				firstPad = i
			}
		default:
			return nil, append(fs, FindBase64Invalid.Newf(
				"The token was damaged when copied: re-copy it, or check for an editor or chat tool that changed characters.",
				fmt.Sprintf("%s, byte %d", name, i),
				"%s, byte %d: %q is not in the base64url alphabet (A-Z a-z 0-9 - _).", name, i, rune(c))), false
		}
	}
	if firstStd < 0 && firstPad < 0 {
		// Plain base64url, as nearly every token is: nothing to report.
		data, err := base64.RawURLEncoding.DecodeString(s)
		if err == nil {
			return data, nil, true
		}
	}
	name := segmentLabel(index, kind)
	if firstStd >= 0 {
		fs = append(fs, FindBase64Standard.Newf(
			"Encode with base64url (RFC 4648 §5: - and _ instead of + and /). SSO Lens decoded it anyway; Neo4j and most libraries will not.",
			fmt.Sprintf("%s, byte %d: %q", name, firstStd, rune(s[firstStd])),
			"%s uses the standard base64 alphabet: byte %d is %q, where base64url has %q.", name, firstStd, rune(s[firstStd]), map[byte]rune{'+': '-', '/': '_'}[s[firstStd]]))
	}
	if firstPad >= 0 {
		fs = append(fs, FindBase64Padded.Newf(
			"Strip the trailing = characters: RFC 7515 §2 base64url in JWS compact form has no padding.",
			fmt.Sprintf("%s, byte %d", name, firstPad),
			"%s ends in = padding from byte %d.", name, firstPad))
	}
	data, err := lenientBase64(s)
	if err != nil {
		unpadded := len(strings.TrimRight(s, "="))
		return nil, append(fs, FindBase64Invalid.Newf(
			"The segment is cut short: copy the whole token again.",
			fmt.Sprintf("%s, %d characters", name, unpadded),
			"%s has %d base64url characters; a length of 4n+1 cannot be decoded (truncated?).", name, unpadded)), false
	}
	return data, fs, true
}

// ParseObject reads a JSON object as Token.Claims holds it: its members in
// order, with their raw values; Get keeps the last of a repeated name, as
// JavaScript's JSON.parse does. Data that is not valid JSON, or not an
// object, is an error.
func ParseObject(data []byte) (*Object, error) {
	obj, _, err := parseObject(data)
	return obj, err
}

// parseObject parses a JSON object keeping member order and raw values, and
// lists names that appear more than once. It validates first (json.Valid
// also bounds nesting depth), then walks the members without decoding
// their values: claims stay exactly as sent, and decoding stays cheap.
func parseObject(data []byte) (*Object, []string, error) {
	if !json.Valid(data) {
		var raw json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, nil, err
		}
		return nil, nil, errors.New("invalid JSON")
	}
	i := skipSpace(data, 0)
	if data[i] != '{' {
		return nil, nil, fmt.Errorf("it is a JSON %s, not an object", jsonKind(data[i:]))
	}
	// Every member has a colon (strings may hold more): room for all.
	obj := &Object{Members: make([]Member, 0, min(bytes.Count(data, []byte{':'}), 64))}
	var dups []string
	for i++; ; {
		i = skipSpace(data, i)
		switch data[i] {
		case '}':
			return obj, dups, nil
		case ',':
			i++
			continue
		}
		end := stringEnd(data, i)
		name := unquote(data[i:end])
		i = skipSpace(data, end) + 1 // the colon
		i = skipSpace(data, i)
		vend := valueEnd(data, i)
		if _, dup := obj.Get(name); dup && !containsString(dups, name) {
			dups = append(dups, name)
		}
		obj.Members = append(obj.Members, Member{Name: name, Value: json.RawMessage(data[i:vend])})
		i = vend
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just past the JSON string starting at i.
func stringEnd(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(data)
}

// valueEnd returns the index just past the (valid) JSON value at i.
func valueEnd(data []byte, i int) int {
	depth := 0
	for j := i; j < len(data); j++ {
		switch data[j] {
		case '"':
			j = stringEnd(data, j) - 1
			if depth == 0 {
				return j + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return j
			}
			depth--
			if depth == 0 {
				return j + 1
			}
		case ',':
			if depth == 0 {
				return j
			}
		case ' ', '\t', '\n', '\r':
			if depth == 0 {
				return j
			}
		}
	}
	return len(data)
}

// unquote decodes a JSON string literal, cheaply when it has no escapes.
func unquote(lit []byte) string {
	if bytes.IndexByte(lit, '\\') < 0 && len(lit) >= 2 {
		return commonName(lit[1 : len(lit)-1])
	}
	var s string
	_ = json.Unmarshal(lit, &s)
	return s
}

// commonName is string(b), without a copy for the header parameters and
// claims nearly every token carries (a switch on string(b) allocates
// nothing): a token's member names were a twentieth of its allocations.
func commonName(b []byte) string {
	switch string(b) {
	case "alg":
		return "alg"
	case "kid":
		return "kid"
	case "typ":
		return "typ"
	case "iss":
		return "iss"
	case "sub":
		return "sub"
	case "aud":
		return "aud"
	case "exp":
		return "exp"
	case "nbf":
		return "nbf"
	case "iat":
		return "iat"
	case "jti":
		return "jti"
	case "azp":
		return "azp"
	case "scp":
		return "scp"
	case "scope":
		return "scope"
	case "email":
		return "email"
	case "groups":
		return "groups"
	case "roles":
		return "roles"
	case "name":
		return "name"
	case "nonce":
		return "nonce"
	case "auth_time":
		return "auth_time"
	case "at_hash":
		return "at_hash"
	case "sid":
		return "sid"
	case "preferred_username":
		return "preferred_username"
	case "email_verified":
		return "email_verified"
	case "client_id":
		return "client_id"
	case "ver":
		return "ver"
	case "oid":
		return "oid"
	case "tid":
		return "tid"
	case "uid":
		return "uid"
	case "cid":
		return "cid"
	case "upn":
		return "upn"
	case "amr":
		return "amr"
	case "acr":
		return "acr"
	}
	return string(b)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func describeJSONError(err error, data []byte) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d of the decoded segment (%v)", se.Offset, se)
	}
	if !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) && !bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) {
		return "the decoded bytes are not JSON"
	}
	return err.Error()
}

// excerpt shows the start of decoded bytes safely: printable ASCII only.
func excerpt(b []byte) string {
	const max = 60
	var sb strings.Builder
	for i, c := range b {
		if i == max {
			sb.WriteString("…")
			break
		}
		if c >= 0x20 && c < 0x7f {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, "\\x%02x", c)
		}
	}
	return sb.String()
}

func duplicateFindings(what string, dups []string) []Finding {
	var fs []Finding
	for _, name := range dups {
		fs = append(fs, FindDuplicateClaim.Newf(
			"Fix the issuer's claim mapping so each name appears once. SSO Lens shows the last value, as most JSON parsers keep; others keep the first or reject the token.",
			name,
			"The %s name %q appears more than once; RFC 7519 §4 says the token must then be rejected or the last value used, so different servers may read different values.", what, name))
	}
	return fs
}
