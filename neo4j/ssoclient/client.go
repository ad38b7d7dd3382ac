package ssoclient

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
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
	principalField := jsOr(config["token_type_principal"], AccessToken)
	payload, err := JWTDecode(result[principalField])
	if err != nil {
		return Credentials{}, errors.New(failedToGetCredentials + fmt.Sprintf(couldNotParseJWT, principalField, idpID))
	}
	// parsedJWT[principal] || parsedJWT.email || parsedJWT.sub, where an
	// unset principal is looked up as the property "undefined".
	principal, set := config["principal"]
	key := "undefined"
	if set {
		key = jsString(principal)
	}
	var username any
	if obj, ok := payload.(map[string]any); ok {
		for _, k := range []string{key, "email", "sub"} {
			if v := obj[k]; JSTruthy(v) {
				username = v
				break
			}
		}
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
	s, ok := token.(string)
	if !ok {
		return nil, errors.New("Invalid token specified")
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return nil, errors.New("Invalid token specified: missing part #2")
	}
	str := strings.NewReplacer("-", "+", "_", "/").Replace(parts[1])
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
	if !utf8.Valid(data) {
		runes := make([]rune, len(data))
		for i, b := range data {
			runes[i] = rune(b) // Latin-1
		}
		data = []byte(string(runes))
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("Invalid token specified: %w", err)
	}
	if !JSTruthy(v) {
		return nil, errors.New("the payload is " + string(data))
	}
	return v, nil
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
func Predict(ts inspector.TokenSet, idpID string, config map[string]string) (Credentials, error) {
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
	return GetCredentials(result, idpID, cfg)
}
