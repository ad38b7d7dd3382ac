package ssoclient

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/pkce"
)

// The texts neo4j-client-sso 1.2.3 rejects a redirect or a token response
// with (lib/esm/main.js handleAuthFromRedirect, common.js
// getCredentialsFromAuthResult); the Browser shows them as they are.
const (
	failedToGetCredentials = "Failed to get credentials: "
	couldNotParseJWT       = `Could not parse JWT of type "%s" for idp_id "%s", aborting`
	tokenRequestError      = "Error detected after auth token request, aborting. Error: %s, Error description: %s"
)

// CouldNotParseJWT is the exact error Neo4j Browser and Bloom show when
// the token named by token_type_principal is not a JWT jwt-decode reads.
func CouldNotParseJWT(tokenType, idpID string) string {
	return failedToGetCredentials + fmt.Sprintf(couldNotParseJWT, tokenType, idpID)
}

// Credentials are what the SSO client hands the Browser's connection:
// Username is the JSON value it shows (nil for JavaScript's undefined),
// Password the token-response value it sends as the bearer token, from
// the field PasswordField.
type Credentials struct {
	Username      any
	Password      any
	PasswordField string
	// PrincipalField is the field decoded for the username.
	PrincipalField string
}

// GetCredentials mirrors getCredentialsFromAuthResult: decode
// result[token_type_principal || "access_token"] with jwt-decode, take
// the username from config.principal, else email, else sub, and send
// result[token_type_authentication || "access_token"]. result is the
// token response (for the implicit flow: access_token and id_token only);
// config the provider's published config, JSON-typed. The error is the
// text the Browser shows.
func GetCredentials(result map[string]any, idpID string, config map[string]any) (Credentials, error) {
	return getCredentials(result, idpID, config, nil)
}

// Known returns SSO Lens's own decoding of a token (inspector.Decode), or
// nil when it has none.
type Known func(raw string) *inspector.Token

func getCredentials(result map[string]any, idpID string, config map[string]any, known Known) (Credentials, error) {
	principalField := jsOr(config["token_type_principal"], AccessToken)
	// parsedJWT[principal] || parsedJWT.email || parsedJWT.sub, where an
	// unset principal is looked up as the property "undefined".
	principal, set := config["principal"]
	key := "undefined"
	if set {
		key = jsString(principal)
	}
	username, err := decodeUsername(result[principalField], key, known)
	if err != nil {
		return Credentials{}, errors.New(failedToGetCredentials + fmt.Sprintf(couldNotParseJWT, principalField, idpID))
	}
	authField := jsOr(config["token_type_authentication"], AccessToken)
	return Credentials{Username: username, Password: result[authField], PasswordField: authField, PrincipalField: principalField}, nil
}

// TokenResponse mirrors what handleAuthFromRedirect does with the token
// endpoint's JSON answer in the PKCE flow: an error member aborts, with
// its description; anything else goes to GetCredentials.
func TokenResponse(body map[string]any, idpID string, config map[string]any) (Credentials, error) {
	if JSTruthy(body["error"]) {
		desc := "unknown"
		if d := body["error_description"]; JSTruthy(d) {
			desc = jsString(d)
		}
		return Credentials{}, fmt.Errorf(tokenRequestError, jsString(body["error"]), desc)
	}
	return GetCredentials(body, idpID, config)
}

// ImplicitResponse mirrors the implicit branch of handleAuthFromRedirect:
// token_type bearer (any case) with an access_token in the redirect; only
// access_token and id_token are passed on. ok is false when the client
// would instead take the redirect for a code flow.
func ImplicitResponse(params map[string]string, idpID string, config map[string]any) (creds Credentials, err error, ok bool) {
	if !strings.EqualFold(params["token_type"], "bearer") || params["access_token"] == "" {
		return Credentials{}, nil, false
	}
	result := map[string]any{"access_token": params["access_token"]}
	if v, has := params["id_token"]; has {
		result["id_token"] = v
	}
	creds, err = GetCredentials(result, idpID, config)
	return creds, err, true
}

var _ pkce.RequestRefuser = (*Provider)(nil)

// CheckRequest says why authRequestForSSO would refuse to send the
// authorization request, with its text; nil when it sends it.
func (p *Provider) CheckRequest() error {
	if p.AuthEndpoint == "" {
		return errors.New(`Invalid OAuth2 endpoint: "undefined"`)
	}
	return p.RefuseRequest()
}

// RefuseRequest is CheckRequest without the endpoint, which a sign-in may
// take from discovery (pkce.RequestRefuser): an auth_flow other than
// exactly pkce or implicit, a code_challenge_method other than exactly
// S256 or plain.
func (p *Provider) RefuseRequest() error {
	switch p.AuthFlow {
	case "pkce":
		if m := p.ChallengeMethod(); m != "S256" && m != "plain" {
			return fmt.Errorf("Unsupported or missing code verification method: %s", m)
		}
	case "implicit":
	default:
		return fmt.Errorf("Auth flow %q is not supported.", p.AuthFlow)
	}
	return nil
}

// JWTDecode is jwt-decode 3.1.2 as the Browser runs it: the second
// dot-separated part, base64url turned to base64 and padded by its length
// (a length of 4n+1 fails), decoded by the browser's atob (which drops
// ASCII whitespace and one or two trailing =), read as UTF-8 or, failing
// that, Latin-1, and parsed as JSON. The SSO client then refuses a
// falsy result (null, false, 0, ""), as it refuses an error.
func JWTDecode(token any) (any, error) {
	data, err := jwtPayload(token)
	if err != nil {
		return nil, err
	}
	return parsePayload(data)
}

// parsePayload is JSON.parse of jwt-decode's payload, and the SSO client's
// refusal of a falsy result.
func parsePayload(data []byte) (any, error) {
	v, err := jsonParse(data)
	if err != nil {
		return nil, fmt.Errorf("Invalid token specified: %w", err)
	}
	if !JSTruthy(v) {
		return nil, errors.New("the payload is " + string(data))
	}
	return v, nil
}

// decodeUsername is JWTDecode(token)[key] || .email || .sub, with
// JWTDecode's errors, reading only those three members of an object
// payload (decoding every claim into Go values was a third of the
// prediction's own work). An object is always truthy; like JSON.parse,
// inspector.ParseObject keeps the last of duplicate members.
func decodeUsername(token any, key string, known Known) (any, error) {
	if raw, ok := token.(string); ok && known != nil {
		if t := known(raw); t != nil && t.Raw == raw && readsAsJWTDecode(t) {
			return usernameOf(t.Claims, key), nil
		}
	}
	data, err := jwtPayload(token)
	if err != nil {
		return nil, err
	}
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		_, err := parsePayload(data) // not an object: no username
		return nil, err
	}
	obj, err := inspector.ParseObject(data)
	if err != nil {
		return nil, fmt.Errorf("Invalid token specified: %w", err)
	}
	return usernameOf(obj, key), nil
}

// usernameOf is payload[key] || payload.email || payload.sub.
func usernameOf(payload *inspector.Object, key string) any {
	for _, k := range [...]string{key, "email", "sub"} {
		raw, ok := payload.Get(k)
		if !ok {
			continue
		}
		if v, err := parseMember(raw); err == nil && JSTruthy(v) {
			return v
		}
	}
	return nil
}

// parseMember is JSON.parse of a member's value: a plain string without
// reflection, anything else as jsonParse reads it.
func parseMember(raw []byte) (any, error) {
	if s, ok := inspector.PlainString(raw); ok {
		return s, nil
	}
	return jsonParse(raw)
}

// readsAsJWTDecode reports whether SSO Lens's decoding of a token read the
// very payload jwt-decode reads, so that its claims are jwt-decode's
// object: a payload part of the base64url alphabet alone (both decoders
// then decode the same bytes), whose bytes are UTF-8 (no Latin-1 reading)
// and parsed as a JSON object by inspector.ParseObject, as decodeUsername
// parses them.
func readsAsJWTDecode(t *inspector.Token) bool {
	if t.Claims == nil || len(t.Segments) < 2 {
		return false
	}
	_, rest, _ := strings.Cut(t.Raw, ".")
	part, _, _ := strings.Cut(rest, ".")
	return len(part)%4 != 1 && inspector.IsBase64URL(part) && utf8.Valid(t.Segments[1])
}

// jsonParse is JSON.parse of one value. Go's decoder refuses a number
// beyond float64 (1e400), which JavaScript reads as ±Infinity: such a
// value is ±Inf here, and one inside an array or object is left out, as
// Go's decoder leaves it (nil), with the rest of the value read.
func jsonParse(data []byte) (any, error) {
	var v any
	err := json.Unmarshal(data, &v)
	if _, beyond := errors.AsType[*json.UnmarshalTypeError](err); beyond {
		err = nil
		if v == nil { // the value is that number
			v = math.Inf(1)
			if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '-' {
				v = math.Inf(-1)
			}
		}
	}
	return v, err
}

// jwtPayload is jwt-decode's payload bytes, before JSON.parse: the second
// dot-separated part, base64url turned to base64 and padded by its length
// (a length of 4n+1 fails), decoded by atob, read as UTF-8 or, failing
// that, Latin-1.
func jwtPayload(token any) ([]byte, error) {
	s, ok := token.(string)
	if !ok {
		return nil, errors.New("Invalid token specified")
	}
	_, part, found := strings.Cut(s, ".")
	if !found {
		return nil, errors.New("Invalid token specified: missing part #2")
	}
	part, _, _ = strings.Cut(part, ".")
	var data []byte
	var err error
	if len(part)%4 != 1 && inspector.IsBase64URL(part) {
		// What the replace, padding and atob below come to for a part
		// of the base64url alphabet alone (nearly every token).
		data, err = base64.RawURLEncoding.DecodeString(part)
	} else {
		data, err = atobURL(part)
	}
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(data) {
		runes := make([]rune, len(data))
		for i, b := range data {
			runes[i] = rune(b) // Latin-1
		}
		data = []byte(string(runes))
	}
	return data, nil
}

// base64URLToStd is jwt-decode's replace(/-/g, "+").replace(/_/g, "/").
var base64URLToStd = strings.NewReplacer("-", "+", "_", "/")

// atobURL is jwt-decode's base64url part to bytes: replaced, padded by
// its length, and decoded by atob.
func atobURL(part string) ([]byte, error) {
	str := base64URLToStd.Replace(part)
	switch len(str) % 4 {
	case 0:
	case 2:
		str += "=="
	case 3:
		str += "="
	default:
		return nil, errors.New("Invalid token specified: Illegal base64url string!")
	}
	data, err := atob(str)
	if err != nil {
		return nil, fmt.Errorf("Invalid token specified: %w", err)
	}
	return data, nil
}

// atob is the browser's forgiving-base64 decode (WHATWG HTML).
func atob(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' {
			return -1
		}
		return r
	}, s)
	if len(s)%4 == 0 {
		s = strings.TrimSuffix(s, "=")
		s = strings.TrimSuffix(s, "=")
	}
	if len(s)%4 == 1 {
		return nil, errors.New("the string to be decoded is not correctly encoded")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return nil, errors.New("the string to be decoded is not correctly encoded")
		}
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// jsOr is `v || def` for a string default: a falsy v gives def, any other
// value its JavaScript string form.
func jsOr(v any, def string) string {
	if !JSTruthy(v) {
		return def
	}
	return jsString(v)
}

// jsString is String(v) for JSON values.
func jsString(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		switch {
		case math.IsInf(x, 1):
			return "Infinity"
		case math.IsInf(x, -1):
			return "-Infinity"
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil {
				parts[i] = jsString(e)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

// Shown is the username as the Browser shows it ("" when it has none).
func (c Credentials) Shown() string {
	if c.Username == nil {
		return ""
	}
	return jsString(c.Username)
}

// Predict is GetCredentials for a token set and a neo4j.conf provider's
// config (string values): what the client does after a code exchange.
// known, when not nil, gives the tokens SSO Lens has already decoded:
// where its decoding read the very payload jwt-decode reads
// (readsAsJWTDecode), that payload is not decoded a second time.
func Predict(ts inspector.TokenSet, idpID string, config map[string]string, known Known) (Credentials, error) {
	result := map[string]any{}
	for _, f := range []string{AccessToken, IDToken, "refresh_token"} {
		if v := ts.Field(f); v != "" {
			result[f] = v
		}
	}
	cfg := make(map[string]any, len(config))
	for k, v := range config {
		cfg[k] = v
	}
	return getCredentials(result, idpID, cfg, known)
}
