package inspector

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ssolens/ssolens/internal/lazyre"
	"github.com/ssolens/ssolens/internal/shellwords"
)

// MaxInspectBytes bounds what Inspect reads at once; larger inputs are for
// Scan, which streams.
const MaxInspectBytes = 64 << 20

// triage recognises the form of the input and pulls the tokens out of it.
func triage(input []byte, opts Options) *Report {
	size := opts.InputSize
	if !size.Unread && size.Bytes < int64(len(input)) {
		size = InputSize{Bytes: int64(len(input))}
	}
	r := &Report{Input: InputInfo{Bytes: int(size.Bytes), BytesUnread: size.Unread}}
	if len(input) > MaxInspectBytes || size.Unread || size.Bytes > int64(len(input)) {
		r.Findings = append(r.Findings, FindInputTruncated.Newf(
			"Scan large logs and HAR files, which streams, or give only the part that holds the tokens.",
			size.String(),
			"The input is %s; only the first %d were read.", size, min(len(input), MaxInspectBytes)).WithCommand("ssolens scan FILE"))
		input = input[:min(len(input), MaxInspectBytes)]
	}
	if bad := invalidUTF8At(input); bad >= 0 {
		r.Findings = append(r.Findings, FindInputNotUTF8.Newf(
			"Paste text, or point SSO Lens at a text file (a log, a HAR, a token response).",
			fmt.Sprintf("byte %d", bad),
			"The input is not text (invalid UTF-8 or binary at byte %d); SSO Lens looked for tokens in it anyway.", bad))
		r.Input.Form = FormText
		r.Tokens = scanTokens(input, opts)
		noTokenFinding(r)
		return r
	}
	text := strings.TrimSpace(strings.TrimPrefix(string(input), "\uFEFF"))
	if text == "" {
		r.Input.Form = FormEmpty
		r.Findings = append(r.Findings, FindEmptyInput.New(
			"The input is empty.",
			"Paste a token, a token response, an Authorization header, a redirect URL, a cURL command, a HAR or a log.", "0 bytes of text"))
		return r
	}
	switch {
	case isAuthorizationLine(text):
		// An Authorization header or its value, quoted or not: before the
		// JSON string a quoted line would be taken for.
		if raw, fs, ok := readBearerHeader(text); ok {
			r.Input.Form = FormBearer
			if raw == "" {
				r.Findings = append(r.Findings, fs...) // the header's defect is the answer
				noTokenFinding(r)                      // or a password: no token
				return r
			}
			r.Tokens = append(r.Tokens, headerToken(raw, fs, opts))
			return r
		}
	case text[0] == '{':
		if triageJSON(r, text, opts) {
			return r
		}
	case text[0] == '"':
		if inner, levels := unwrapJSONString(text); levels > 0 && triageJSON(r, inner, opts) {
			r.Findings = append(r.Findings, jsonEscapedFinding(levels, ""))
			return r
		}
	case isURL(text):
		if triageURL(r, text, opts) {
			return r
		}
	case hasPrefixFold(text, "curl "):
		r.Input.Form = FormCurl
		triageCurl(r, text, opts)
		noTokenFinding(r)
		return r
	case isRequestLine(firstLine(text)):
		r.Input.Form = FormHTTPRequest
		triageHTTPRequest(r, text, opts)
		noTokenFinding(r)
		return r
	}
	if raw, fs, ok := cleanToken(text); ok {
		r.Input.Form = FormToken
		t := Decode(raw, "input", opts)
		t.Findings = append(t.Findings, fs...)
		r.Tokens = append(r.Tokens, t)
		return r
	}
	r.Input.Form = FormText
	r.Tokens = scanTokens(input, opts)
	if len(r.Tokens) == 0 && !strings.ContainsAny(text, " \t\n") {
		// One word that is no token: say exactly why.
		r.Tokens = append(r.Tokens, Decode(text, "input", opts))
		return r
	}
	noTokenFinding(r)
	return r
}

func noTokenFinding(r *Report) {
	if len(r.Tokens) > 0 {
		return
	}
	for _, f := range r.Findings {
		if f.Code == FindRedirectError.Code || f.Code == FindRedirectCode.Code || f.Code == FindTokenResponse.Code || f.Code == FindBearerMissing.Code {
			return // the input was understood; it just holds no token
		}
	}
	r.Findings = append(r.Findings, FindNoTokenFound.Newf(
		"Paste a token (eyJ…), a token response, an Authorization header, a redirect URL, a cURL command, a HAR or a log.",
		fmt.Sprintf("%s read as %s", r.Input.Size(), r.Input.Form),
		"No token was found in the input."))
}

func invalidUTF8At(b []byte) int {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		if j := firstInvalidUTF8(b); j >= 0 && j < i {
			return j
		}
		return i
	}
	return firstInvalidUTF8(b)
}

func firstInvalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// bareToken accepts one token wrapped in quotes, whitespace or line breaks
// (a token copied out of a terminal or an e-mail).
func bareToken(text string) (string, bool) {
	s := strings.Trim(text, "\"'`")
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, ","), ";")
	s = strings.Trim(s, "\"'`")
	if s == "" {
		return "", false
	}
	if firstNonTokenChar(s) < 0 {
		// Token characters only, as a pasted token is: one word (no
		// space, no backslash, ASCII), so no lines to join.
		return s, true
	}
	if !strings.ContainsAny(s, " \t\n\r\v\f") && isASCII(s) {
		joined := strings.TrimSuffix(s, "\\")
		if firstNonTokenChar(joined) >= 0 {
			return "", false
		}
		return joined, true
	}
	fields := strings.Fields(s)
	var sb strings.Builder
	for _, line := range fields {
		sb.WriteString(strings.TrimSuffix(line, "\\"))
	}
	joined := sb.String()
	if firstNonTokenChar(joined) >= 0 {
		return "", false
	}
	// Several words are one token only if they were broken lines of it.
	if len(fields) > 1 && !strings.HasPrefix(joined, "eyJ") {
		return "", false
	}
	return joined, true
}

// tokenFields are the token-response members and URL parameters that carry
// tokens, in the order they are shown.
var tokenFields = []string{"id_token", "access_token", "refresh_token"}

type tokenResponse struct {
	TokenType        string          `json:"token_type"`
	ExpiresIn        json.RawMessage `json:"expires_in"`
	Scope            string          `json:"scope"`
	Error            string          `json:"error"`
	ErrorDescription string          `json:"error_description"`
}

// triageJSON reads a token endpoint response or a HAR file.
func triageJSON(r *Report, text string, opts Options) bool {
	obj, _, err := parseObject([]byte(text))
	if err != nil {
		return false
	}
	if _, ok := obj.Get("log"); ok {
		r.Input.Form = FormHAR
		r.Tokens = scanTokens([]byte(text), opts)
		noTokenFinding(r)
		return true
	}
	var resp tokenResponse
	_ = json.Unmarshal([]byte(text), &resp)
	found := false
	for _, field := range tokenFields {
		if v, ok := obj.String(field); ok && v != "" {
			found = true
			addTokenValue(r, v, field, opts)
		}
	}
	if resp.Error != "" {
		r.Input.Form = FormTokenResponse
		r.Findings = append(r.Findings, ExplainOAuthError(FindTokenResponse, resp.Error, resp.ErrorDescription))
		return true
	}
	if !found && nestedTokenResponse(r, obj, opts) {
		return true
	}
	if !found {
		// Tokens under other names (MSAL's accessToken and idToken, a
		// "jwt" member, a nested data.access_token, a JSON log line's
		// "Authorization: Bearer …") are found as in any text.
		if toks := scanTokens([]byte(text), opts); len(toks) > 0 {
			r.Input.Form = FormText
			r.Tokens = toks
			return true
		}
	}
	if !found {
		r.Input.Form = FormText
		what := ""
		switch {
		case has(obj, "keys"):
			what = "a JWKS (the issuer's public keys)"
		case has(obj, "issuer") && has(obj, "jwks_uri"):
			what = "OpenID provider metadata (a discovery document)"
		case has(obj, "iss") || has(obj, "sub") || has(obj, "exp"):
			what = "a set of decoded claims"
		}
		msg := "This JSON holds no token: no access_token, id_token or refresh_token member, and no token anywhere in it."
		if what != "" {
			msg = fmt.Sprintf("This JSON looks like %s, not a token or a token response.", what)
		}
		r.Findings = append(r.Findings, FindNotTokenJSON.New(msg,
			"Paste the encoded token itself (eyJ…), or a token endpoint response holding access_token / id_token.",
			"JSON object without access_token, id_token or refresh_token"))
		return true
	}
	r.Input.Form, r.Input.Scope = FormTokenResponse, resp.Scope
	checkExpiresIn(r, resp.ExpiresIn)
	if _, ok := obj.Get("client_secret"); ok {
		r.Findings = append(r.Findings, secretFinding("client_secret"))
	}
	return true
}

// nestedTokenResponse reads a token response held as a JSON string in a
// member of another JSON document (a log record's "body").
func nestedTokenResponse(r *Report, obj *Object, opts Options) bool {
	for _, name := range obj.Names() {
		v, ok := obj.String(name)
		if !ok {
			continue
		}
		inner, levels := unwrapJSONString(strconv.Quote(strings.TrimSpace(v)))
		if inner == "" {
			continue
		}
		sub := &Report{}
		if triageJSON(sub, inner, opts) && sub.Input.Form == FormTokenResponse {
			r.Input.Form, r.Input.Scope = FormTokenResponse, sub.Input.Scope
			r.Tokens = append(r.Tokens, sub.Tokens...)
			r.Findings = append(r.Findings, sub.Findings...)
			r.Findings = append(r.Findings, jsonEscapedFinding(levels, fmt.Sprintf(" in member %q", name)))
			return true
		}
	}
	return false
}

// addTokenValue decodes the token of a member that holds one (a token
// response's, or the token flags' made into one): a value sent as an
// Authorization header ("Bearer Bearer …") is read as one, its defects
// findings of the token, or of the input when it holds no token.
func addTokenValue(r *Report, v, field string, opts Options) {
	raw, fs := ReadTokenValue(v)
	if raw == "" {
		r.Findings = append(r.Findings, fs...)
		return
	}
	t := Decode(raw, field, opts)
	t.Findings = append(t.Findings, fs...)
	r.Tokens = append(r.Tokens, t)
}

func has(o *Object, name string) bool {
	_, ok := o.Get(name)
	return ok
}

// checkExpiresIn tolerates expires_in as a string, as x/oauth2 does (Entra
// and PayPal send it so), and reports it.
func checkExpiresIn(r *Report, raw json.RawMessage) {
	if len(raw) == 0 {
		return
	}
	if !bytes.HasPrefix(raw, []byte(`"`)) {
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			if _, err := n.Int64(); err == nil {
				return
			}
		}
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if _, err := json.Number(strings.TrimSpace(s)).Int64(); err == nil {
			r.Findings = append(r.Findings, FindExpiresInString.Newf(
				"Nothing to do: SSO Lens and golang.org/x/oauth2 accept it. Strict clients may not.",
				"expires_in: "+string(raw),
				"expires_in is the string %q rather than a number (RFC 6749 §5.1).", s))
			return
		}
	}
	r.Findings = append(r.Findings, FindExpiresIn.Newf(
		"expires_in should be the token lifetime in seconds (RFC 6749 §5.1); the token's own exp claim is what servers check.",
		"expires_in: "+excerpt(raw),
		"expires_in is %s, not a number of seconds.", excerpt(raw)))
}

func secretFinding(name string) Finding {
	return FindSecretInInput.Newf(
		"Treat the secret as leaked if this text was shared; rotate it at the provider.",
		name,
		"The input contains %s. SSO Lens never prints it, but whoever has this text has the secret.", name)
}

func isURL(s string) bool {
	// Without a colon there is no scheme: not a URL (and a bare token,
	// the common input, never has one).
	if !strings.Contains(s, ":") || strings.ContainsAny(s, " \t\n") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return false
	}
	return u.RawQuery != "" || u.Fragment != "" || u.Host != ""
}

// triageURL reads a redirect URL: tokens in the fragment (implicit flow) or
// query, or a code and state, or an error (RFC 6749 §4.1.2, §4.2.2).
func triageURL(r *Report, text string, opts Options) bool {
	u, err := url.Parse(text)
	if err != nil {
		return false
	}
	params := url.Values{}
	for _, part := range []string{u.RawQuery, u.Fragment} {
		vs, _ := url.ParseQuery(part)
		for k, v := range vs {
			params[k] = append(params[k], v...)
		}
	}
	r.Input.Form = FormRedirectURL
	for _, field := range tokenFields {
		if v := params.Get(field); v != "" {
			r.Tokens = append(r.Tokens, Decode(strings.TrimSpace(v), field, opts))
		}
	}
	if e := params.Get("error"); e != "" {
		r.Findings = append(r.Findings, ExplainOAuthError(FindRedirectError, e, params.Get("error_description")))
	}
	if code := params.Get("code"); code != "" {
		evidence := "code (" + itoa(len(code)) + " chars)"
		if st := params.Get("state"); st != "" {
			evidence += ", state " + st
		}
		r.Findings = append(r.Findings, FindRedirectCode.New(
			"The URL carries an authorization code, not a token. The code is single-use and short-lived; the app exchanges it, with its PKCE code_verifier, at the token endpoint.",
			"Let SSO Lens sign in, which performs the exchange, or paste the token endpoint's response instead.",
			evidence).WithCommand("ssolens login --issuer URL --client-id ID"))
	}
	if len(r.Tokens) == 0 && len(r.Findings) == 0 {
		r.Findings = append(r.Findings, FindNoTokenFound.New(
			"The URL carries no token, code or error.",
			"Paste the full redirect URL the browser landed on, including the part after # (the fragment) for the implicit flow.",
			u.Redacted()))
	}
	return true
}

// oauthErrorHelp explains the OAuth error codes people meet most.
var oauthErrorHelp = map[string]string{
	"invalid_request":           "The request is missing or repeats a parameter. If the description mentions redirect_uri, register the exact redirect URI at the provider.",
	"unauthorized_client":       "This client may not use this grant: enable the grant type (authorization code, client credentials...) on the application at the provider.",
	"access_denied":             "The user or the provider refused: check the user is assigned to the application, and any consent or conditional-access policy.",
	"unsupported_response_type": "The provider does not allow this response_type for the client: use response_type=code (PKCE), or enable the implicit grant for the client.",
	"invalid_scope":             "A requested scope is unknown or not allowed for the client: request openid plus scopes the application is granted.",
	"server_error":              "The provider failed; retry, and check its status page and logs.",
	"temporarily_unavailable":   "The provider is overloaded or down; retry later.",
	"invalid_client":            "Client authentication failed: wrong client_id or client_secret, or a public client sent a secret (or a confidential one did not).",
	"invalid_grant":             "The code, refresh token or credentials are invalid, expired or already used, or the PKCE code_verifier or redirect_uri does not match the authorize request.",
	"unsupported_grant_type":    "The provider does not support this grant type for the client.",
	"consent_required":          "The user has not consented to the requested scopes: sign in interactively (without prompt=none) or have an admin grant consent.",
	"login_required":            "prompt=none was sent but the user has no session: sign in interactively.",
	"interaction_required":      "The provider needs the user to interact (MFA, consent): sign in interactively.",
	"invalid_redirect_uri":      "The redirect URI is not registered for the client: register it exactly, including scheme, host form (localhost vs 127.0.0.1), port and path.",
}

// ExplainOAuthError turns error / error_description into a finding with the
// fix for the common cases, including provider-specific codes in the text.
func ExplainOAuthError(def *Def, code, desc string) Finding {
	fix := oauthErrorHelp[code]
	d := strings.ToLower(desc)
	switch {
	case strings.Contains(desc, "AADSTS50011") || strings.Contains(d, "redirect_uri") || strings.Contains(d, "redirect uri"):
		fix = "The redirect URI does not match one registered for the client. Register the exact URI SSO Lens shows (scheme, host, port, path). Entra ID accepts only http://localhost for loopback, not 127.0.0.1."
	case strings.Contains(desc, "AADSTS65001"):
		fix = oauthErrorHelp["consent_required"]
	case strings.Contains(desc, "AADSTS700025") || strings.Contains(d, "public client") && strings.Contains(d, "secret"):
		fix = "A public client (SPA or desktop) must not send a client secret: remove client_secret, or register the app as confidential."
	case strings.Contains(desc, "AADSTS9002327"):
		fix = "Entra ID redeems this code only from a browser (SPA redirect). Register the redirect URI under 'Mobile and desktop applications' for SSO Lens, and as SPA only for Neo4j Browser."
	case strings.Contains(d, "pkce") || strings.Contains(d, "code_challenge") || strings.Contains(d, "code_verifier") || strings.Contains(desc, "AADSTS50148"):
		fix = "PKCE mismatch or policy: send code_challenge_method=S256 with a code_challenge, and the matching code_verifier at the token endpoint; some clients are set to require PKCE, others to forbid plain."
	}
	if fix == "" {
		fix = "See the provider's documentation for this error code; the description says more."
	}
	msg := fmt.Sprintf("The authorization server returned error %q", code)
	if desc != "" {
		msg += ": " + desc
	}
	return def.New(msg+".", fix, "error="+code)
}

var httpRequestLine = lazyre.New(`^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+( HTTP/[0-9.]+)?$`)

// isRequestLine is httpRequestLine's match, without compiling it for a
// line that cannot be one (a token, JSON): a method is 3 to 7 capitals.
func isRequestLine(l string) bool {
	sp := strings.IndexByte(l, ' ')
	return sp >= 3 && sp <= 7 && l[0] >= 'A' && l[0] <= 'Z' && httpRequestLine().MatchString(l)
}

// triageHTTPRequest reads an HTTP request dump: the request line, headers
// and body.
func triageHTTPRequest(r *Report, text string, opts Options) {
	head, body, _ := strings.Cut(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n")
	lines := strings.Split(head, "\n")
	target := strings.Fields(lines[0])
	if len(target) > 1 {
		if u, err := url.Parse(target[1]); err == nil {
			addFormTokens(r, u.Query(), opts)
		}
	}
	for _, line := range lines[1:] {
		addHeaderToken(r, line, opts)
	}
	addBodyTokens(r, body, opts)
}

// addHeaderToken reads one header line of a request (a dump's, a cURL
// -H): the token of an Authorization: Bearer header with the header's
// defects, or the defect alone when it has no token.
func addHeaderToken(r *Report, line string, opts Options) {
	raw, fs, ok := readBearerHeader(firstLine(strings.TrimSpace(line)))
	switch {
	case !ok:
	case raw == "":
		r.Findings = append(r.Findings, fs...)
	default:
		r.Tokens = append(r.Tokens, headerToken(raw, fs, opts))
	}
}

func addBodyTokens(r *Report, body string, opts Options) {
	body = strings.TrimSpace(body)
	if body == "" {
		return
	}
	if strings.HasPrefix(body, "{") {
		sub := &Report{}
		if triageJSON(sub, body, opts) && sub.Input.Form == FormTokenResponse {
			r.Tokens = append(r.Tokens, sub.Tokens...)
			r.Findings = append(r.Findings, sub.Findings...)
		}
		return
	}
	if vs, err := url.ParseQuery(body); err == nil {
		addFormTokens(r, vs, opts)
	}
}

// addFormTokens takes tokens from form or query parameters and flags
// secrets sent alongside.
func addFormTokens(r *Report, vs url.Values, opts Options) {
	for _, field := range append(tokenFields, "assertion", "subject_token") {
		if v := vs.Get(field); v != "" {
			r.Tokens = append(r.Tokens, Decode(strings.TrimSpace(v), field, opts))
		}
	}
	for _, secret := range []string{"client_secret", "password"} {
		if vs.Get(secret) != "" {
			r.Findings = append(r.Findings, secretFinding(secret))
		}
	}
}

// triageCurl reads a cURL command line: -H/--header, --oauth2-bearer,
// -u, the URL and -d/--data bodies.
func triageCurl(r *Report, text string, opts Options) {
	args := shellwords.Args(text)
	for i := 1; i < len(args); i++ {
		a := args[i]
		next := func() string {
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		switch {
		case a == "-H" || a == "--header":
			addHeaderToken(r, next(), opts)
		case strings.HasPrefix(a, "-H") && len(a) > 2:
			addHeaderToken(r, a[2:], opts)
		case a == "--oauth2-bearer":
			if raw, ok := bareToken(next()); ok {
				r.Tokens = append(r.Tokens, Decode(raw, "authorization_header", opts))
			}
		case a == "-u" || a == "--user":
			if user, pass, ok := strings.Cut(next(), ":"); ok && pass != "" {
				if raw, fs, _ := basicPassword(user, pass, "curl -u"); raw != "" {
					r.Tokens = append(r.Tokens, headerToken(raw, fs, opts))
				} else {
					r.Findings = append(r.Findings, secretFinding("a client secret or password (-u)"))
				}
			}
		case a == "-d" || a == "--data" || a == "--data-raw" || a == "--data-urlencode" || a == "--data-binary":
			addBodyTokens(r, next(), opts)
		case strings.HasPrefix(a, "http://") || strings.HasPrefix(a, "https://"):
			if u, err := url.Parse(a); err == nil {
				addFormTokens(r, u.Query(), opts)
			}
		}
	}
}

// isASCII reports whether s is all ASCII (so strings.Fields would split it
// on ASCII space only).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
