package inspector

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is what a token is, told apart before anything is decoded.
type Kind string

const (
	KindJWS       Kind = "jws"       // a signed JWT: header.payload.signature
	KindJWE       Kind = "jwe"       // an encrypted JWT: five parts, only the header is readable
	KindOpaque    Kind = "opaque"    // a reference token: meaningful only to its issuer
	KindMalformed Kind = "malformed" // looks like a token but is broken
	// KindClaims is a JSON claim set found in a log without its token, as
	// Neo4j's security.log holds them at DEBUG: readable, not verifiable.
	KindClaims Kind = "claims"
)

// Role is what a token is for, where it is known.
type Role string

const (
	RoleIDToken      Role = "id_token"
	RoleAccessToken  Role = "access_token"
	RoleRefreshToken Role = "refresh_token"
	RoleUnknown      Role = ""
)

// Token is one token found in the input, decoded as far as its kind allows.
// Raw is the credential itself and is never marshalled: callers that were
// asked to show tokens copy it out explicitly.
type Token struct {
	// Source says where the token came from: the token-response field or
	// URL parameter ("access_token", "id_token"), "authorization_header",
	// "input" for a bare token, "scan" for one found in text.
	Source     string `json:"source"`
	Kind       Kind   `json:"kind"`
	Role       Role   `json:"role,omitempty"`
	RoleReason string `json:"role_reason,omitempty"`
	// Fingerprint identifies the token without revealing it (SHA-256 prefix).
	Fingerprint string `json:"fingerprint"`
	Length      int    `json:"length"`
	// Redacted is a form safe to show on screen: the start and the end.
	Redacted string `json:"redacted"`

	Header *Object          `json:"header"`
	Claims *Object          `json:"claims"`
	Times  map[string]*Time `json:"times"`
	// Lifetime is exp − iat, where both are valid.
	Lifetime        string `json:"lifetime,omitempty"`
	LifetimeSeconds *int64 `json:"lifetime_seconds,omitempty"`

	Findings []Finding `json:"findings"`

	// Signature and Checks are set by verification; absent when the token
	// was only decoded.
	Signature *Signature `json:"signature,omitempty"`
	Checks    []Check    `json:"checks,omitempty"`

	// Locations is set by Scan: where in the text this token stood.
	Locations   []Location `json:"locations,omitempty"`
	Occurrences int        `json:"occurrences,omitempty"`

	// RawShown carries the token text into JSON only when the user asked to
	// see tokens (--show-tokens); otherwise it stays empty and is left out.
	RawShown string `json:"raw,omitempty"`

	// Raw is the token text, cleaned of quotes and line breaks.
	Raw string `json:"-"`
	// Segments are the decoded JOSE segments of a JWS (header, payload,
	// signature) or of a JWE (header only); nil where not decodable.
	Segments [][]byte `json:"-"`

	// decodedFindings are the findings the token had before its first
	// verification (Verify adds its own to Findings): what Unverified
	// starts from.
	decodedFindings []Finding
	verified        bool
}

// Unverified is a copy of the token as decoded, without any verification
// (no Signature, no Checks, none of the findings Verify added), to be
// verified on its own terms: one decoding verified with several
// expectations (Neo4j's providers, each with its issuer, audiences and
// keys) gives each its own verdict, and the token itself is left as it is.
// The decoded parts (header, claims, segments) are shared, read-only.
func (t *Token) Unverified() *Token {
	cp := *t
	cp.Signature, cp.Checks = nil, nil
	cp.Findings = slices.Clone(t.Findings)
	if t.verified {
		cp.Findings = slices.Clone(t.decodedFindings)
	}
	cp.decodedFindings, cp.verified = nil, false
	cp.Locations = slices.Clone(t.Locations)
	return &cp
}

// Signature is the outcome of checking a token's signature.
type Signature struct {
	Verified bool   `json:"verified"`
	Alg      string `json:"alg"`
	Kid      string `json:"kid"`
	// KeySource says where the key came from: a JWKS URL, a file, a PEM,
	// a shared secret.
	KeySource string `json:"key_source"`
	// Key names the key whose signature matched (its position in the set,
	// type and RFC 7638 thumbprint for a JWK), when one did.
	Key   string `json:"key,omitempty"`
	Error string `json:"error"`
	// KeySet describes the remote key set used, when there was one.
	KeySet *KeySetInfo `json:"key_set,omitempty"`
}

// KeySetInfo describes a fetched JWKS: where from, when, and what was in it.
type KeySetInfo struct {
	URL string `json:"url"`
	// DiscoveryURL is the discovery document that named URL, if any.
	DiscoveryURL string   `json:"discovery_url,omitempty"`
	Kids         []string `json:"kids"`
	// FetchedAt is the local time of the latest fetch (RFC 3339); Fetches
	// counts fetches, the first included.
	FetchedAt string `json:"fetched_at"`
	Fetches   int    `json:"fetches"`
	// ClockOffset is local − provider time from the Date header, if sent.
	ClockOffset string `json:"clock_offset,omitempty"`
}

// Check is one claim check, with the expected and actual values.
type Check struct {
	Name     string `json:"name"`
	OK       bool   `json:"ok"`
	Expected string `json:"expected"`
	Actual   string `json:"actual"`
}

// Time is a NumericDate claim shown the ways a person reads it.
type Time struct {
	Unix     int64  `json:"unix"`
	UTC      string `json:"utc"`
	Local    string `json:"local"`
	Relative string `json:"relative"`
}

// At returns the instant as a time.Time.
func (t *Time) At() time.Time { return time.Unix(t.Unix, 0) }

// Member is one name/value pair of a JSON object, the value exactly as sent.
type Member struct {
	Name  string
	Value json.RawMessage
}

// Object is a JSON object that keeps its members in their original order and
// its numbers exactly as sent. It marshals back to a JSON object.
type Object struct {
	Members []Member
}

// Get returns the raw value of the last member with this name (the value most
// JSON parsers keep when a name repeats).
func (o *Object) Get(name string) (json.RawMessage, bool) {
	if o == nil {
		return nil, false
	}
	for i := len(o.Members) - 1; i >= 0; i-- {
		if o.Members[i].Name == name {
			return o.Members[i].Value, true
		}
	}
	return nil, false
}

// String returns the member as a Go string when it is a JSON string.
func (o *Object) String(name string) (string, bool) {
	raw, ok := o.Get(name)
	if !ok || len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	return unquote(raw), true
}

// Strings returns a string member, or an array member's string elements, as
// a list: the shape of aud, groups, roles and scp. ok is false when the
// member is absent or of another type.
func (o *Object) Strings(name string) (values []string, ok bool) {
	raw, found := o.Get(name)
	if !found {
		return nil, false
	}
	return rawStrings(raw)
}

func rawStrings(raw json.RawMessage) ([]string, bool) {
	if list, ok := plainStrings(raw); ok {
		return list, true
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}, true
	}
	var list []any
	if json.Unmarshal(raw, &list) != nil {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		s, isString := v.(string)
		if !isString {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// PlainStrings reads the common shapes of a list claim without
// reflection: a string, or an array of strings, with no escapes and valid
// UTF-8 (so the text is exactly what json.Unmarshal would give). ok is
// false for anything else, to be decoded the general way.
func PlainStrings(raw []byte) ([]string, bool) { return plainStrings(raw) }

// PlainString reads a claim value that is a JSON string with no escapes
// and valid UTF-8 (a value of a parsed Object: valid JSON) without
// reflection: the text json.Unmarshal would give. ok is false for anything
// else, to be decoded the general way.
func PlainString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	if bytes.IndexByte(body, '\\') >= 0 || bytes.IndexByte(body, '"') >= 0 || !utf8.Valid(body) {
		return "", false
	}
	return string(body), true
}

func plainStrings(raw []byte) ([]string, bool) {
	if len(raw) > 0 && raw[0] == '"' {
		if s, ok := PlainString(raw); ok {
			return []string{s}, true
		}
		return nil, false
	}
	if len(raw) < 2 || bytes.IndexByte(raw, '\\') >= 0 || !utf8.Valid(raw) {
		return nil, false
	}
	if raw[0] != '[' {
		return nil, false
	}
	out := []string{}
	i := skipSpace(raw, 1)
	if i < len(raw) && raw[i] == ']' {
		return out, skipSpace(raw, i+1) == len(raw)
	}
	for i < len(raw) {
		if raw[i] != '"' {
			return nil, false // not a string: the general way
		}
		end := bytes.IndexByte(raw[i+1:], '"')
		if end < 0 {
			return nil, false
		}
		out = append(out, string(raw[i+1:i+1+end]))
		i = skipSpace(raw, i+2+end)
		if i >= len(raw) {
			return nil, false
		}
		switch raw[i] {
		case ']':
			return out, skipSpace(raw, i+1) == len(raw)
		case ',':
			i = skipSpace(raw, i+1)
		default:
			return nil, false
		}
	}
	return nil, false
}

// Names lists the member names in order, without repeats.
func (o *Object) Names() []string {
	if o == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, m := range o.Members {
		if !seen[m.Name] {
			seen[m.Name] = true
			out = append(out, m.Name)
		}
	}
	return out
}

// Map decodes the object into a map, numbers as json.Number. A repeated name
// keeps its last value.
func (o *Object) Map() map[string]any {
	out := map[string]any{}
	if o == nil {
		return out
	}
	for _, m := range o.Members {
		var v any
		dec := json.NewDecoder(bytes.NewReader(m.Value))
		dec.UseNumber()
		if dec.Decode(&v) == nil {
			out[m.Name] = v
		}
	}
	return out
}

// MarshalJSON writes the members in their original order. A repeated name is
// written once, with its last value.
func (o *Object) MarshalJSON() ([]byte, error) {
	if o == nil {
		return []byte("null"), nil
	}
	size := 2
	for _, m := range o.Members {
		size += len(m.Name) + len(m.Value) + 4 // quotes, colon, comma
	}
	b := make([]byte, 0, size)
	b = append(b, '{')
	first := true
	// Names lists each name once, at its first place; Get takes its last
	// value. Without repeats that is simply every member in order.
	unique := o.uniqueNames()
	var names []string
	if !unique {
		names = o.Names()
	}
	for i := 0; ; i++ {
		var (
			name string
			v    json.RawMessage
		)
		if unique {
			if i == len(o.Members) {
				break
			}
			name, v = o.Members[i].Name, o.Members[i].Value
		} else {
			if i == len(names) {
				break
			}
			name = names[i]
			v, _ = o.Get(name)
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		if plainJSONName(name) {
			b = append(b, '"')
			b = append(b, name...)
			b = append(b, '"')
		} else {
			k, err := json.Marshal(name)
			if err != nil {
				return nil, err
			}
			b = append(b, k...)
		}
		b = append(b, ':')
		if bytes.ContainsAny(v, " \t\r\n") {
			var c bytes.Buffer
			if err := json.Compact(&c, v); err != nil {
				return nil, err
			}
			b = append(b, c.Bytes()...)
		} else {
			// parseObject validated it, and it has no space to elide.
			b = append(b, v...)
		}
	}
	b = append(b, '}')
	return b, nil
}

// uniqueNames reports whether no member name repeats (small objects only;
// larger ones are left to Names).
func (o *Object) uniqueNames() bool {
	if len(o.Members) > 64 {
		return false
	}
	for i := range o.Members {
		for j := i + 1; j < len(o.Members); j++ {
			if o.Members[i].Name == o.Members[j].Name {
				return false
			}
		}
	}
	return true
}

// plainJSONName reports whether json.Marshal(name) is name in quotes: no
// character it escapes (controls, quote, backslash, HTML's < > &, and
// anything beyond ASCII, where it checks UTF-8).
func plainJSONName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// Fingerprint is the first 12 hex digits of the token's SHA-256: enough to
// tell tokens apart in a report, useless to replay.
func Fingerprint(raw string) string {
	// Most tokens fit a buffer on the stack: no copy on the heap to hash.
	var buf [2048]byte
	var b []byte
	if len(raw) <= len(buf) {
		b = append(buf[:0], raw...)
	} else {
		b = []byte(raw)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// Redact shows the start and end of a token and hides the middle. For a JWS
// the header (not secret) stays readable, the signature does not.
func Redact(raw string) string {
	head, tail := 4, 0
	if strings.HasPrefix(raw, "eyJ") {
		head = 6 // base64url of `{"alg`: the header, not the secret
	}
	if len(raw) >= 40 {
		tail = 4
	}
	if len(raw) < 16 {
		return "‹redacted›"
	}
	return raw[:head] + "…‹" + itoa(len(raw)) + " chars›…" + raw[len(raw)-tail:]
}

func itoa(n int) string { return strconv.Itoa(n) }
