package pkce

import "net/url"

// RequestMode makes the client send, byte for byte, the requests another
// OpenID client sends for its provider: neo4j/ssoclient implements Neo4j's
// SSO client (Neo4j Browser, Bloom). pkce itself knows no such client. A
// client in a request mode is a browser client: it posts client_id in the
// form of token requests, never HTTP Basic.
type RequestMode interface {
	// Configure completes the configuration before discovery (discovery
	// URL, endpoints, client id, expected issuer and audiences); values
	// already set win.
	Configure(Config) Config
	// Implicit reports whether Login uses the implicit flow.
	Implicit() bool
	// Redirect is the path and the fixed raw query of the loopback
	// redirect URI, used where LoginOptions leave them empty.
	Redirect() (path, query string)
	// Authorize builds the authorization request for the redirect URI.
	Authorize(redirectURI string, implicit bool) ModeRequest
	// CheckCallback judges a callback after its error parameter and before
	// its state: a non-nil error refuses it, with the finding that says why.
	CheckCallback(params url.Values) (*Finding, error)
	// RefreshParams are set in the form of refresh requests.
	RefreshParams() url.Values
}

// RequestRefuser is a RequestMode whose client refuses some
// configurations before it sends anything. Login then refuses too, with
// the client's words, instead of sending what the client never would.
type RequestRefuser interface {
	RefuseRequest() error
}

// Param is one request parameter.
type Param struct{ Key, Value string }

// ModeRequest is an authorization request as a RequestMode builds it. The
// client sets Params in order (a later one overrides an earlier one of the
// same key) over x/oauth2's client_id, redirect_uri, response_type and
// state, then the nonce, then the PKCE challenge.
type ModeRequest struct {
	Params []Param
	// State is the state the callback must echo.
	State string
	// Nonce adds a random nonce (checked in the ID token).
	Nonce bool
	// ChallengeMethod is the PKCE method, "plain" or S256 (any other
	// value); "" sends no challenge.
	ChallengeMethod string
	// Scopes are the scopes requested, for the ID-token check.
	Scopes []string
	// TokenClientID, when set, is the client_id of the code exchange.
	TokenClientID string
	// TokenParams are added, in order, to the code exchange.
	TokenParams []Param
}
