package inspector

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ssolens/ssolens/internal/safetext"
)

// An Authorization header pasted as input, and the client bugs in it that
// make Neo4j refuse the request. Neo4j takes exactly "Bearer <token>" (the
// scheme case-insensitive, the token as is) and answers an unknown scheme
// or a Bearer with other than one token with HTTP 400
// Neo.ClientError.Request.InvalidFormat, "Invalid authentication header."
// (neo4j-sso-behaviour.md §4 and §6.2, AuthorizationEnabledFilter).
var (
	FindBearerDoubled = Define("bearer-scheme-doubled", SeverityError,
		"The Authorization header says Bearer twice (Bearer Bearer <token>): the client adds the scheme to a value that already has it, and Neo4j refuses the header.")
	FindBearerColon = Define("bearer-scheme-colon", SeverityError,
		"The Authorization header reads Bearer: <token>: with the colon the scheme is unknown, and Neo4j refuses the header.")
	FindBearerMissing = Define("bearer-token-missing", SeverityError,
		"The Authorization header has no token after Bearer, or no value at all: Neo4j refuses it.")
	FindBearerPunctuation = Define("bearer-token-punctuation", SeverityWarning,
		"The token in the Authorization header is in quotes or ends with a comma or semicolon; SSO Lens removed them, a server takes them for part of the token.")
)

const neo4jInvalidHeader = `Neo4j answers HTTP 400 Neo.ClientError.Request.InvalidFormat, "Invalid authentication header."`

// isAuthorizationLine reports whether text starts as an Authorization
// header ("Authorization:", or "Authorization =" as in a config file) or
// a Bearer value ("Bearer" alone, or followed by a space, a tab, a colon
// or a quote), after an opening quote.
func isAuthorizationLine(text string) bool {
	s := strings.TrimLeft(text, "\"'`")
	if hasPrefixFold(s, "authorization") {
		rest := strings.TrimLeft(s[len("authorization"):], "\"'` \t")
		return rest != "" && (rest[0] == ':' || rest[0] == '=')
	}
	if hasPrefixFold(s, "bearer") {
		rest := s[len("bearer"):]
		return rest == "" || strings.ContainsRune(" \t:\"'`\r\n", rune(rest[0]))
	}
	return false
}

// readBearerHeader reads a pasted Authorization header, or its value,
// whose scheme is Bearer: the token, and a finding for each defect of the
// header that makes Neo4j refuse it (the scheme doubled, a colon after
// it, no token, punctuation stuck to the token). The quotes and the comma
// of the code or the JSON the line was copied from are not defects. A
// Basic header is read by readBasic: the token is its password when that
// is a JWT. ok is false when text is no Bearer or Basic header (another
// scheme, or no token to be found in it: the input is then read as text);
// a header with no token returns its finding and ok true.
func readBearerHeader(text string) (raw string, fs []Finding, ok bool) {
	s := strings.TrimSpace(text)
	if !isAuthorizationLine(s) {
		return "", nil, false
	}
	s = unquoteLine(s) // "Authorization: Bearer …" copied from code
	if hasPrefixFold(s, "authorization") {
		s = strings.TrimLeft(s[len("authorization"):], "\"'` \t")
		s = strings.TrimSpace(s[1:]) // after ':' or '='
		if u := unquoteLine(s); u != s {
			s = u // "Bearer …" of a header map
		} else {
			s = strings.TrimLeft(s, "\"'`") // its closing quote went with the line's
		}
		if s == "" {
			return "", []Finding{FindBearerMissing.Newf(
				"Check that the client has a token before it calls Neo4j (the variable holding it may be empty), and paste the whole header to inspect the token.",
				"Authorization: (empty)",
				"The Authorization header has no value: %s", neo4jInvalidHeader)}, true
		}
	}
	word, rest := cutWord(s)
	colon := false
	switch {
	case strings.EqualFold(word, "bearer"):
	case hasPrefixFold(word, "bearer:"):
		colon = true
		rest = s[len("bearer:"):]
	case strings.EqualFold(word, "basic"):
		return readBasic(rest, "Authorization: Basic")
	default:
		return "", nil, false // another scheme (Token, JWT): read as text
	}
	rest = strings.TrimSpace(rest)
	doubled := 0
	for {
		w, r := cutWord(rest)
		if !strings.EqualFold(w, "bearer") && !strings.EqualFold(w, "bearer:") {
			break
		}
		doubled++
		rest = strings.TrimSpace(r)
	}
	if rest == "" {
		return "", []Finding{FindBearerMissing.Newf(
			"Check that the client has a token before it calls Neo4j (the variable holding it may be empty, or the sign-in failed), and paste the whole header to inspect the token.",
			"Authorization: Bearer (no token)",
			"The Authorization header has the Bearer scheme and no token after it: %s", neo4jInvalidHeader)}, true
	}
	tok, repaired, ok := cleanToken(rest)
	if !ok || tok == "" {
		return "", nil, false
	}
	if doubled > 0 {
		fs = append(fs, FindBearerDoubled.Newf(
			"Add the scheme once: give the client the raw token where it adds \"Bearer \" itself, or store the token without the prefix.",
			strings.Repeat("Bearer ", doubled+1)+"‹token›",
			"The header says Bearer %s before the token: the client adds \"Bearer \" to a value that already starts with it. Neo4j takes exactly \"Bearer <token>\", so %s SSO Lens read the token after the last Bearer.",
			times(doubled+1), neo4jInvalidHeader))
	}
	if colon {
		fs = append(fs, FindBearerColon.Newf(
			"Send \"Authorization: Bearer <token>\": a space after Bearer, no colon (the colon belongs after the header name only).",
			"Bearer: ‹token›",
			"The header reads \"Bearer: <token>\": the colon makes the scheme \"Bearer:\", which no server knows, so %s SSO Lens read the token after it.",
			neo4jInvalidHeader))
	}
	if what := stuckPunctuation(rest); what != "" {
		fs = append(fs, FindBearerPunctuation.Newf(
			"Send the token alone after \"Bearer \": no quotes, no comma or semicolon after it. If they only came with the copy, ignore this.",
			"Bearer "+what,
			"The token in the header is %s; SSO Lens removed them. Sent so, Neo4j reads it as part of the token, cannot parse the token and refuses the login.", what))
	}
	return tok, append(fs, repaired...), true
}

// ReadTokenValue reads a value given where one token is expected (a
// command-line flag, a token response member) as Inspect reads a pasted
// header: when the value is an Authorization header or its value
// ("Bearer …", "Bearer Bearer …", "Bearer: …", "Basic …" whose password
// is a JWT), raw is the token in it
// and fs a finding for each defect of the header that makes Neo4j refuse
// it; else raw is the value, trimmed, and fs empty. raw is "" when the
// header holds no token (fs says so).
func ReadTokenValue(value string) (raw string, fs []Finding) {
	v := strings.TrimSpace(value)
	if hasPrefixFold(v, "basic ") {
		// The header's value with the Basic scheme, as the Browser sends a
		// token: basic(principal, token).
		if raw, fs, ok := readBasic(v[len("basic "):], "the Basic credentials given"); ok {
			return raw, fs
		}
	}
	if !isAuthorizationLine(v) {
		return v, nil
	}
	if raw, fs, ok := readBearerHeader(v); ok {
		return raw, fs
	}
	return v, nil
}

// defectiveSchemeBefore looks back from a token found in a log or a HAR
// for the Bearer scheme it was sent with, on its line and within the
// reach of roleWordBefore: it returns where the scheme starts when it is
// one readBearerHeader finds defective (Bearer twice or more, a colon
// after it), else start. Only the few bytes before a hit are read.
func defectiveSchemeBefore(buf []byte, start int) int {
	lo := max(start-48, 0)
	at, words, colon := start, 0, false
	for {
		j := at
		for j > lo && (buf[j-1] == ' ' || buf[j-1] == '\t') {
			j--
		}
		k := j
		if k > lo && buf[k-1] == ':' {
			k--
		}
		b := k - len("bearer")
		if b < lo || !bytes.EqualFold(buf[b:k], []byte("bearer")) || b > 0 && isB64URL(buf[b-1]) {
			break
		}
		colon = colon || k != j // "Bearer: <token>"
		if j == k && j == at && words > 0 {
			break // "BearerBearer": not two words
		}
		at, words = b, words+1
	}
	if words > 1 || colon {
		return at
	}
	return start
}

// SourceBasicPassword is the Source of a token read as the password of
// Basic authentication (Authorization: Basic base64(user:token), curl -u
// user:token): where Neo4j Browser puts the token it logs in with, and
// Neo4j reads a JWT there as it reads a Bearer token (§4.1).
const SourceBasicPassword = "basic_password"

// FindBasicToken says a token was read out of Basic credentials.
var FindBasicToken = Define("basic-auth-token", SeverityInfo,
	"The token is the password of Basic authentication (Authorization: Basic, curl -u), as Neo4j Browser sends it; SSO Lens read it from there.")

// maxBasicCredential bounds the base64 credentials readBasic decodes: a
// token and a user name, base64 being 4/3 of them.
const maxBasicCredential = (MaxTokenBytes + 1024) * 4 / 3

// readBasic reads the credentials of a Basic header (base64 of
// user:password); said names the place. When the password is a JWT, raw is
// it and fs says where it was found. Any other password is a secret: raw
// is "" and fs the finding that says the input holds one, without it. ok
// is false when cred is no Basic credentials at all.
func readBasic(cred, said string) (raw string, fs []Finding, ok bool) {
	user, pass, ok := basicCredentials(unquoteLine(strings.TrimSpace(cred)))
	if !ok {
		return "", nil, false
	}
	return basicPassword(user, pass, said)
}

// basicPassword is readBasic's answer for decoded credentials.
func basicPassword(user, pass, said string) (raw string, fs []Finding, ok bool) {
	if tok, isJWT := jwtPassword(pass); isJWT {
		return tok, []Finding{basicTokenFinding(user, said)}, true
	}
	return "", []Finding{secretFinding("a password (" + said + ")")}, true
}

// headerToken decodes the token readBearerHeader read, with the header's
// findings: a Bearer token, or the password of Basic credentials.
func headerToken(raw string, fs []Finding, opts Options) *Token {
	source := "authorization_header"
	for _, f := range fs {
		if f.Code == FindBasicToken.Code {
			source = SourceBasicPassword
		}
	}
	t := Decode(raw, source, opts)
	t.Findings = append(t.Findings, fs...)
	return t
}

// basicTokenFinding says the token was the password of user in said
// (Authorization: Basic, curl -u).
func basicTokenFinding(user, said string) Finding {
	u := safetext.Line(safetext.Clip(user, 80))
	if u == "" {
		u = "(empty)"
	}
	return FindBasicToken.Newf(
		"Nothing to fix in how it is sent: Neo4j accepts a JWT as the password of Basic authentication, as a Bearer token. To test it outside the Browser, send it as Authorization: Bearer <token>.",
		fmt.Sprintf("%s, user name %s, password: the token", said, u),
		"The token was sent as the password of Basic authentication, with the user name %s, as Neo4j Browser sends it (basic(principal, token)). Neo4j reads the JWT as the password; the user name is likely ignored: Neo4j takes the user from the token's claims.username.", u)
}

// basicCredentials decodes Basic credentials, base64 of user:password
// (padded or not), into their two parts.
func basicCredentials(cred string) (user, pass string, ok bool) {
	if cred == "" || len(cred) > maxBasicCredential {
		return "", "", false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
		if data, err := enc.DecodeString(cred); err == nil {
			if !utf8.Valid(data) {
				return "", "", false
			}
			return strings.Cut(string(data), ":")
		}
	}
	return "", "", false
}

// jwtPassword reports whether a password is a JWT (signed or encrypted),
// and returns it.
func jwtPassword(pass string) (string, bool) {
	raw, ok := bareToken(pass)
	return raw, ok && len(raw) <= MaxTokenBytes && looksLikeJWT(raw)
}

// cutWord splits s at its first space or tab.
func cutWord(s string) (word, rest string) {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// unquoteLine takes off the quotes around a line copied from code or
// JSON ("…", '…', `…`), and the comma or semicolon after them.
func unquoteLine(s string) string {
	t := strings.TrimSpace(strings.TrimRight(s, ",; \t"))
	if len(t) >= 2 && strings.ContainsRune("\"'`", rune(t[0])) && t[len(t)-1] == t[0] {
		return strings.TrimSpace(t[1 : len(t)-1])
	}
	return s
}

// stuckPunctuation says what stands around the token in a header value
// that a server would take for part of it: quotes, or a comma or
// semicolon after it. "" when nothing does.
func stuckPunctuation(v string) string {
	v = strings.TrimSpace(v)
	var what []string
	if len(v) >= 2 && strings.ContainsRune("\"'`", rune(v[0])) {
		what = append(what, "in quotes")
	}
	if c := v[len(v)-1]; c == ',' || c == ';' {
		what = append(what, fmt.Sprintf("followed by %q", string(c)))
	} else if t := strings.TrimRight(v, "\"'`"); t != "" && t != v && (t[len(t)-1] == ',' || t[len(t)-1] == ';') {
		what = append(what, fmt.Sprintf("followed by %q", string(t[len(t)-1])))
	}
	return strings.Join(what, " and ")
}

// times says n times in words: twice, 3 times.
func times(n int) string {
	if n == 2 {
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}
