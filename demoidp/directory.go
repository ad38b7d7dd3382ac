package demoidp

import (
	"fmt"
	"slices"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Fixed names of the demo provider. The sample assets/samples/demo-neo4j.conf uses
// them; change both together.
const (
	// DemoAddr is where `ssolens demo` listens by default.
	DemoAddr = "127.0.0.1:9876"
	// APIAudience is the aud of every access token: the API (Neo4j) the tokens
	// are for, as Okta's custom authorization servers or an Entra API app do.
	// ID tokens carry the client id instead.
	APIAudience = "neo4j-demo"

	// DesktopClientID is a public native client (PKCE S256 required) whose
	// loopback redirect URIs accept any port (RFC 8252 §7.3).
	DesktopClientID = "ssolens-desktop"
	// BrowserClientID is a public client shaped like the Neo4j Browser's.
	BrowserClientID = "neo4j-browser"
	// BrowserRedirectURI is the redirect URI the Neo4j Browser builds for
	// the provider id "demo" (neo4j-client-sso: origin + path + idp_id).
	BrowserRedirectURI = "http://localhost:7474/browser/?idp_id=demo&auth_flow_step=redirect_uri"
	// M2MClientID is a confidential client for the client credentials grant.
	M2MClientID = "ssolens-m2m"
	// M2MClientSecret is public on purpose: it is a demo secret, printed by
	// `ssolens demo` and written in this source, so it protects nothing.
	M2MClientSecret = "demo-secret-not-for-production"
	// M2MScope is the one scope the m2m client may request.
	M2MScope = "neo4j.read"
)

// Client kinds.
const (
	KindPublicNative  = "public, native (PKCE)"
	KindPublicBrowser = "public, browser app (PKCE)"
	KindConfidential  = "confidential (client secret)"
)

// Token lifetimes.
const (
	accessTokenLifetime  = time.Hour
	idTokenLifetime      = time.Hour
	refreshTokenLifetime = 8 * time.Hour
	authRequestLifetime  = 10 * time.Minute
)

// User is a demo user. Anyone may sign in as any of them: the login page has
// no password.
type User struct {
	ID     string // the sub claim; also preferred_username
	Name   string
	Email  string
	Groups []string
}

// Client is a registered demo client, as printed for users.
type Client struct {
	ID           string
	Secret       string // only for the confidential client; a public demo secret
	Kind         string
	RedirectURIs []string // loopback URIs match on any port
	GrantTypes   []string
	Scopes       []string // scopes beyond openid, profile, email, offline_access
}

var users = []User{
	{ID: "alice", Name: "Alice Anderson", Email: "alice@example.com", Groups: []string{"engineers"}},
	{ID: "bob", Name: "Bob Brown", Email: "bob@example.com", Groups: []string{"collaborators"}},
	{ID: "carol", Name: "Carol Clark", Email: "carol@example.com", Groups: []string{}},
	{ID: "dave", Name: "Dave Davis", Email: "dave@example.com", Groups: daveGroups()},
}

// daveGroups gives dave 250 groups, more than Entra puts in a token (200)
// and enough to make tokens large.
func daveGroups() []string {
	g := []string{"collaborators"}
	for i := 2; i <= 250; i++ {
		g = append(g, fmt.Sprintf("team-%03d", i))
	}
	return g
}

// Users lists the demo users.
func Users() []User {
	out := make([]User, len(users))
	for i, u := range users {
		u.Groups = slices.Clone(u.Groups)
		out[i] = u
	}
	return out
}

func userByID(id string) (User, bool) {
	for _, u := range users {
		if u.ID == id {
			return u, true
		}
	}
	return User{}, false
}

// loopbackRedirects are registered for both public clients. The library
// matches a loopback redirect URI on path and query whatever its port, for
// native clients (RFC 8252 §7.3).
var loopbackRedirects = []string{
	"http://127.0.0.1/callback",
	"http://localhost/callback",
	"http://[::1]/callback",
}

// client is an op.Client. Public clients are registered as native so that
// the library applies the any-port loopback rule, to the Neo4j Browser's
// redirect URI too (a Neo4j on another port than 7474 still works).
type client struct {
	id           string
	secret       string
	kind         string
	appType      op.ApplicationType
	authMethod   oidc.AuthMethod
	redirectURIs []string
	grantTypes   []oidc.GrantType
	scopes       []string // extra scopes allowed

	// shift moves the library-made ID token in time (see idTokenShift).
	shift time.Duration
}

var clients = []*client{
	{
		id: DesktopClientID, kind: KindPublicNative,
		appType: op.ApplicationTypeNative, authMethod: oidc.AuthMethodNone,
		redirectURIs: loopbackRedirects,
		grantTypes:   []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken, oidc.GrantTypeDeviceCode},
	},
	{
		id: BrowserClientID, kind: KindPublicBrowser,
		appType: op.ApplicationTypeNative, authMethod: oidc.AuthMethodNone,
		redirectURIs: append([]string{BrowserRedirectURI}, loopbackRedirects...),
		grantTypes:   []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken},
	},
	{
		id: M2MClientID, secret: M2MClientSecret, kind: KindConfidential,
		appType: op.ApplicationTypeWeb, authMethod: oidc.AuthMethodBasic,
		grantTypes: []oidc.GrantType{oidc.GrantTypeClientCredentials},
		scopes:     []string{M2MScope},
	},
}

// Clients lists the demo clients.
func Clients() []Client {
	out := make([]Client, 0, len(clients))
	for _, c := range clients {
		gt := make([]string, len(c.grantTypes))
		for i, g := range c.grantTypes {
			gt[i] = string(g)
		}
		out = append(out, Client{
			ID: c.id, Secret: c.secret, Kind: c.kind,
			RedirectURIs: slices.Clone(c.redirectURIs),
			GrantTypes:   gt, Scopes: slices.Clone(c.scopes),
		})
	}
	return out
}

func clientByID(id string) (*client, bool) {
	for _, c := range clients {
		if c.id == id {
			return c, true
		}
	}
	return nil, false
}

func (c *client) public() bool { return c.authMethod == oidc.AuthMethodNone }

func (c *client) GetID() string                       { return c.id }
func (c *client) RedirectURIs() []string              { return c.redirectURIs }
func (c *client) PostLogoutRedirectURIs() []string    { return c.redirectURIs }
func (c *client) ApplicationType() op.ApplicationType { return c.appType }
func (c *client) AuthMethod() oidc.AuthMethod         { return c.authMethod }
func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *client) GrantTypes() []oidc.GrantType { return c.grantTypes }
func (c *client) LoginURL(id string) string    { return loginPath + "?" + loginParamRequest + "=" + id }

// AccessTokenType is always bearer: the library then hands the format of
// the access token to op.Crypto, which is where this provider mints its JWT
// access tokens (see mint.go).
func (c *client) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeBearer }
func (c *client) DevMode() bool                       { return false }
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) IsScopeAllowed(scope string) bool { return slices.Contains(c.scopes, scope) }

// IDTokenUserinfoClaimsAssertion puts profile and email claims in the ID
// token even when an access token is issued (as Entra, Okta and Keycloak do).
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return true }

// The library stamps ID tokens with time.Now() and offers no clock. Its
// per-client ClockSkew moves iat back and exp forward (exp = now + skew +
// lifetime, iat = now - skew), so a skew of -shift with a lifetime longer by
// 2*shift moves the whole ID token by shift: that is how Config.Now, the
// clock-skew and the expired scenarios reach ID tokens.
func (c *client) ClockSkew() time.Duration       { return -c.shift }
func (c *client) IDTokenLifetime() time.Duration { return idTokenLifetime + 2*c.shift }
