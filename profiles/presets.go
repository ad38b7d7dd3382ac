package profiles

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/pkce"
)

// Preset is a well-known provider's starting point: templates with
// <placeholders> the user fills, the scopes and redirect it needs, and what
// to register and configure (docs/neo4j-sso-behaviour.md §8, and the
// redirect URI rules of what-users-expect.md §2.8).
type Preset struct {
	Name  string // the profile Kind: okta, entra-id, google, auth0, keycloak, demo
	Title string // the profile's default name
	// Placeholders appear as <key> in the templates below.
	Placeholders []Placeholder
	Issuer       string // template
	ClientID     string // template
	Scopes       []string
	Audience     string // template: sent as the audience parameter
	// ExpectAudience is the access token aud Neo4j should be given as its
	// audience setting (templates).
	ExpectAudience []string
	Flow           string
	RedirectHost   string
	// Ports are fixed for providers that match redirect URIs exactly, port
	// included; none means any port (RFC 8252 §7.3).
	Ports        []int
	RedirectPath string
	// NeedsSecret says the provider wants the client secret even with PKCE.
	NeedsSecret bool
	Notes       []string // templates
	Neo4jConf   []string // templates: the neo4j.conf lines
}

// Placeholder is a value the user fills in a preset.
type Placeholder struct {
	Key     string // as in <key>
	Label   string // the form label
	Example string
	// Host values lose a scheme and trailing slashes the user pasted along.
	Host bool
	// AllowSlash accepts a value with / (an API identifier that is a URL).
	AllowSlash bool
}

// Preset names.
const (
	PresetOkta     = "okta"
	PresetEntraID  = "entra-id"
	PresetGoogle   = "google"
	PresetAuth0    = "auth0"
	PresetKeycloak = "keycloak"
	PresetDemo     = "demo"
)

// defaultScopes are those of the OIDC sign-in: who the user is.
var defaultScopes = []string{"openid", "profile", "email"}

var clientIDPlaceholder = Placeholder{Key: "client-id", Label: "Client ID", Example: "0oa1b2c3d4e5f6g7h8i9"}

// fixedPorts are kubelogin's: a fixed first choice and a fallback, both to
// be registered where the provider matches the port.
var fixedPorts = []int{8000, 18000}

// Presets returns the presets in display order; each call returns fresh
// copies.
func Presets() []Preset {
	demoIssuer := "http://" + demoidp.DemoAddr
	return []Preset{
		{
			Name: PresetOkta, Title: "Okta",
			Placeholders: []Placeholder{
				{Key: "okta-domain", Label: "Okta domain", Example: "dev-123456.okta.com", Host: true},
				clientIDPlaceholder,
			},
			// A custom authorization server: the org one's access tokens are for Okta only.
			Issuer: "https://<okta-domain>/oauth2/default", ClientID: "<client-id>",
			Scopes: slices.Clone(defaultScopes), ExpectAudience: []string{"api://default"},
			Flow: pkce.FlowPKCE, RedirectHost: pkce.HostIPv4, Ports: slices.Clone(fixedPorts), RedirectPath: pkce.DefaultCallbackPath,
			Notes: []string{
				"Create an OIDC Native application with Authorization Code and PKCE, and register both sign-in redirect URIs http://127.0.0.1:8000/callback and http://127.0.0.1:18000/callback: Okta matches them exactly, port included.",
				"Use a custom authorization server (default): its issuer is https://<okta-domain>/oauth2/default and its access tokens carry aud api://default. Access tokens of the org authorization server (issuer https://<okta-domain>) are for Okta only; Neo4j cannot validate them.",
				"Groups are not in Okta's tokens until you add a groups claim (Security → API → Authorization Servers → default → Claims: name groups, value type Groups, filter Matches regex .*), once for the ID token and once for the access token. If you tie it to a groups scope, add groups to the scopes.",
				"Neo4j: audience=api://default, claims.groups=groups; register Neo4j Browser's redirect http://localhost:7474/browser/?idp_id=okta&auth_flow_step=redirect_uri as well (a SPA application, or a second redirect URI).",
			},
			Neo4jConf: []string{
				"dbms.security.oidc.okta.display_name=Okta",
				"dbms.security.oidc.okta.auth_flow=pkce",
				"dbms.security.oidc.okta.well_known_discovery_uri=https://<okta-domain>/oauth2/default/.well-known/openid-configuration",
				"dbms.security.oidc.okta.audience=api://default",
				"dbms.security.oidc.okta.claims.username=sub",
				"dbms.security.oidc.okta.claims.groups=groups",
				"dbms.security.oidc.okta.params=client_id=<client-id>;response_type=code;scope=openid profile email",
				"dbms.security.oidc.okta.config=token_type_principal=id_token;token_type_authentication=access_token",
			},
		},
		{
			Name: PresetEntraID, Title: "Microsoft Entra ID",
			Placeholders: []Placeholder{
				{Key: "tenant-id", Label: "Directory (tenant) ID", Example: "72f988bf-86f1-41af-91ab-2d7cd011db47"},
				{Key: "client-id", Label: "Application (client) ID", Example: "6731de76-14a6-49ae-97bc-6eba6914391e"},
				{Key: "scope", Label: "Scope exposed by the API (Expose an API)", Example: "access_as_user"},
			},
			Issuer: "https://login.microsoftonline.com/<tenant-id>/v2.0", ClientID: "<client-id>",
			// Without a scope of its own API, the access token is a Microsoft Graph token nobody else can validate.
			Scopes:         append(slices.Clone(defaultScopes), "api://<client-id>/<scope>"),
			ExpectAudience: []string{"<client-id>", "api://<client-id>"},
			Flow:           pkce.FlowPKCE, RedirectHost: pkce.HostLocalhost, RedirectPath: pkce.DefaultCallbackPath,
			Notes: []string{
				"Register http://localhost/callback under the platform Mobile and desktop applications: Entra ID accepts http only for localhost (not 127.0.0.1) and ignores the port of http://localhost, so any port works.",
				"Expose an API (Application ID URI api://<client-id>) with the scope <scope>, and ask for api://<client-id>/<scope>: otherwise the access token is for Microsoft Graph (aud 00000003-0000-0000-c000-000000000000, a nonce in its header) and no one else can validate its signature.",
				"Token version: API apps issue v1 access tokens by default (iss https://sts.windows.net/<tenant-id>/, aud api://<client-id>). Set accessTokenAcceptedVersion to 2 in the manifest for v2 tokens (iss https://login.microsoftonline.com/<tenant-id>/v2.0, aud <client-id>), which is what the Neo4j lines below expect.",
				"Groups arrive as object IDs (GUIDs): map the GUIDs, or use App roles with claims.groups=roles. A user in more than 200 groups gets no groups claim at all (overage: _claim_names instead).",
				"Neo4j Browser's own redirect http://localhost:7474/browser/?idp_id=entra&auth_flow_step=redirect_uri must be registered under Single-page application.",
			},
			Neo4jConf: []string{
				"dbms.security.oidc.entra.display_name=Microsoft Entra ID",
				"dbms.security.oidc.entra.auth_flow=pkce",
				"dbms.security.oidc.entra.well_known_discovery_uri=https://login.microsoftonline.com/<tenant-id>/v2.0/.well-known/openid-configuration",
				"dbms.security.oidc.entra.audience=<client-id>",
				"dbms.security.oidc.entra.claims.username=preferred_username",
				"dbms.security.oidc.entra.claims.groups=groups",
				"dbms.security.oidc.entra.params=client_id=<client-id>;response_type=code;scope=openid profile email api://<client-id>/<scope>",
				"dbms.security.oidc.entra.config=token_type_principal=id_token;token_type_authentication=access_token",
			},
		},
		{
			Name: PresetGoogle, Title: "Google",
			Placeholders: []Placeholder{
				{Key: "client-id", Label: "Client ID", Example: "123456789012-abc123.apps.googleusercontent.com"},
			},
			Issuer: "https://accounts.google.com", ClientID: "<client-id>",
			Scopes: slices.Clone(defaultScopes),
			Flow:   pkce.FlowPKCE, RedirectHost: pkce.HostIPv4, RedirectPath: pkce.DefaultCallbackPath,
			NeedsSecret: true,
			Notes: []string{
				"Create an OAuth client of type Desktop app: it accepts http://127.0.0.1/callback on any port without registering it. Google still wants its client secret in the token request, PKCE or not: set it (kept in the OS keyring).",
				"Google's access tokens are opaque, not JWTs: Neo4j must use the ID token for both, config=token_type_principal=id_token;token_type_authentication=id_token, with audience=<client-id>.",
				"Google puts no groups claim in its tokens and cannot be made to: authorize with native roles (dbms.security.authorization_providers=native) or another provider.",
				"ID tokens may carry iss accounts.google.com without https://; Neo4j compares the issuer exactly.",
				"Neo4j's audience is the client id of the client that signs in: Neo4j Browser uses a Web application client (redirect http://localhost:7474/browser/?idp_id=google&auth_flow_step=redirect_uri, its secret in token_params). To predict Neo4j exactly, import that neo4j.conf instead.",
			},
			Neo4jConf: []string{
				"dbms.security.oidc.google.display_name=Google",
				"dbms.security.oidc.google.auth_flow=pkce",
				"dbms.security.oidc.google.well_known_discovery_uri=https://accounts.google.com/.well-known/openid-configuration",
				"dbms.security.oidc.google.audience=<client-id>",
				"dbms.security.oidc.google.claims.username=email",
				"dbms.security.oidc.google.params=client_id=<client-id>;response_type=code;scope=openid profile email",
				"dbms.security.oidc.google.token_params=client_secret=YOUR-WEB-CLIENT-SECRET",
				"dbms.security.oidc.google.config=token_type_principal=id_token;token_type_authentication=id_token",
			},
		},
		{
			Name: PresetAuth0, Title: "Auth0",
			Placeholders: []Placeholder{
				{Key: "auth0-domain", Label: "Auth0 domain", Example: "dev-abc123.us.auth0.com", Host: true},
				clientIDPlaceholder,
				{Key: "api-identifier", Label: "API identifier (APIs → Identifier)", Example: "https://neo4j.example.com", AllowSlash: true},
			},
			// The issuer ends with a slash, and Neo4j compares it exactly.
			Issuer: "https://<auth0-domain>/", ClientID: "<client-id>",
			Scopes: slices.Clone(defaultScopes), Audience: "<api-identifier>",
			Flow: pkce.FlowPKCE, RedirectHost: pkce.HostLocalhost, Ports: slices.Clone(fixedPorts), RedirectPath: pkce.DefaultCallbackPath,
			Notes: []string{
				"Create a Native application and list http://localhost:8000/callback and http://localhost:18000/callback in Allowed Callback URLs: Auth0 matches them exactly, port included.",
				"Create an API and ask for its identifier as audience=<api-identifier>: without it Auth0 returns an opaque (encrypted, alg dir) access token that Neo4j cannot validate. Neo4j needs audience=<api-identifier> in params too.",
				"Auth0 refuses custom claims named roles or groups: add them in an Action under a namespace, such as https://example.com/roles, and set claims.groups to that name.",
			},
			Neo4jConf: []string{
				"dbms.security.oidc.auth0.display_name=Auth0",
				"dbms.security.oidc.auth0.auth_flow=pkce",
				"dbms.security.oidc.auth0.well_known_discovery_uri=https://<auth0-domain>/.well-known/openid-configuration",
				"dbms.security.oidc.auth0.audience=<api-identifier>",
				"dbms.security.oidc.auth0.claims.username=sub",
				"dbms.security.oidc.auth0.claims.groups=https://example.com/roles",
				"dbms.security.oidc.auth0.params=client_id=<client-id>;response_type=code;scope=openid profile email;audience=<api-identifier>",
				"dbms.security.oidc.auth0.config=token_type_principal=id_token;token_type_authentication=access_token",
			},
		},
		{
			Name: PresetKeycloak, Title: "Keycloak",
			Placeholders: []Placeholder{
				{Key: "keycloak-host", Label: "Keycloak host (and port)", Example: "sso.example.com", Host: true},
				{Key: "realm", Label: "Realm", Example: "main"},
				{Key: "client-id", Label: "Client ID", Example: "neo4j"},
			},
			Issuer: "https://<keycloak-host>/realms/<realm>", ClientID: "<client-id>",
			Scopes: slices.Clone(defaultScopes),
			Flow:   pkce.FlowPKCE, RedirectHost: pkce.HostIPv4, Ports: slices.Clone(fixedPorts), RedirectPath: pkce.DefaultCallbackPath,
			Notes: []string{
				"Use a public client (Client authentication off) with Standard flow and PKCE method S256; add http://127.0.0.1:8000/callback and http://127.0.0.1:18000/callback to Valid redirect URIs.",
				"Roles are nested (realm_access.roles, resource_access.<client-id>.roles), which claims.groups cannot reach: add a User Realm Role mapper with Token Claim Name roles (multivalued, in ID and access token) and set claims.groups=roles. A Group Membership mapper with Full group path emits /admins: map \"/admins\"=admin, or turn the full path off.",
				"Access tokens carry aud account unless an Audience mapper adds the Neo4j client: add one, or have Neo4j use the ID token (token_type_authentication=id_token, audience=<client-id>).",
				"The issuer follows Keycloak's hostname setting: Neo4j and the browser must reach Keycloak under the same URL, https://<keycloak-host>/realms/<realm>.",
			},
			Neo4jConf: []string{
				"dbms.security.oidc.keycloak.display_name=Keycloak",
				"dbms.security.oidc.keycloak.auth_flow=pkce",
				"dbms.security.oidc.keycloak.well_known_discovery_uri=https://<keycloak-host>/realms/<realm>/.well-known/openid-configuration",
				"dbms.security.oidc.keycloak.audience=<client-id>",
				"dbms.security.oidc.keycloak.claims.username=preferred_username",
				"dbms.security.oidc.keycloak.claims.groups=roles",
				"dbms.security.oidc.keycloak.params=client_id=<client-id>;response_type=code;scope=openid profile email",
				"dbms.security.oidc.keycloak.config=token_type_principal=id_token;token_type_authentication=id_token",
			},
		},
		{
			Name: PresetDemo, Title: "SSO Lens demo provider",
			Issuer: demoIssuer, ClientID: demoidp.DesktopClientID,
			Scopes: slices.Clone(defaultScopes), ExpectAudience: []string{demoidp.APIAudience},
			Flow: pkce.FlowPKCE, RedirectHost: pkce.HostIPv4, RedirectPath: pkce.DefaultCallbackPath,
			Notes: []string{
				"The provider built into SSO Lens (ssolens demo, on " + demoidp.DemoAddr + "): anyone signs in as alice, bob, carol or dave with one click. Not for production.",
				"Its client " + demoidp.DesktopClientID + " accepts any loopback port on /callback; nothing to register.",
				"Access tokens carry aud " + demoidp.APIAudience + "; assets/samples/demo-neo4j.conf is the neo4j.conf that goes with it.",
			},
			Neo4jConf: []string{
				"dbms.security.oidc.demo.display_name=SSO Lens demo (not for production)",
				"dbms.security.oidc.demo.auth_flow=pkce",
				"dbms.security.oidc.demo.well_known_discovery_uri=" + demoIssuer + "/.well-known/openid-configuration",
				"dbms.security.oidc.demo.audience=" + demoidp.APIAudience,
				"dbms.security.oidc.demo.claims.username=sub",
				"dbms.security.oidc.demo.claims.groups=groups",
				"dbms.security.oidc.demo.params=client_id=" + demoidp.BrowserClientID + ";response_type=code;scope=openid profile email",
				"dbms.security.oidc.demo.config=token_type_principal=id_token;token_type_authentication=access_token",
				"dbms.security.oidc.demo.authorization.group_to_role_mapping=engineers=admin;collaborators=reader",
			},
		},
	}
}

// PresetByName returns the preset of that name.
func PresetByName(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}

// ErrPlaceholder is wrapped when a preset's placeholder is missing or
// unusable.
var ErrPlaceholder = errors.New("preset placeholder")

// entraMultiTenant are the tenant names whose discovery publishes an issuer
// template ({tenantid}) that never equals a token's iss.
var entraMultiTenant = []string{"common", "organizations", "consumers"}

// NewProfile fills the preset's placeholders with values (by key) and
// returns an unsaved profile. Every placeholder must be given; unknown keys
// are refused, to catch a mistyped one.
func (ps Preset) NewProfile(values map[string]string) (Profile, error) {
	filled := map[string]string{}
	var errs []error
	for _, ph := range ps.Placeholders {
		v, err := ph.clean(values[ph.Key])
		if err != nil {
			errs = append(errs, fmt.Errorf("%w <%s> (%s): %v", ErrPlaceholder, ph.Key, ph.Label, err))
			continue
		}
		if ps.Name == PresetEntraID && ph.Key == "tenant-id" && slices.Contains(entraMultiTenant, strings.ToLower(v)) {
			errs = append(errs, fmt.Errorf("%w <%s>: %q publishes an issuer template, not an issuer Neo4j can compare: give your tenant's ID (Entra admin center → Overview → Tenant ID)", ErrPlaceholder, ph.Key, v))
			continue
		}
		filled[ph.Key] = v
	}
	for k := range values {
		if !slices.ContainsFunc(ps.Placeholders, func(ph Placeholder) bool { return ph.Key == k }) {
			errs = append(errs, fmt.Errorf("%w <%s>: the %s preset has no such placeholder (it has %s)", ErrPlaceholder, k, ps.Title, ps.keys()))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Profile{}, fmt.Errorf("%s preset: %w", ps.Title, err)
	}
	fill := func(s string) string {
		for k, v := range filled {
			s = strings.ReplaceAll(s, "<"+k+">", v)
		}
		return s
	}
	fillAll := func(list []string) []string {
		var out []string
		for _, s := range list {
			out = append(out, fill(s))
		}
		return out
	}
	p := Profile{
		Name: ps.Title, Kind: ps.Name,
		Issuer: fill(ps.Issuer), ClientID: fill(ps.ClientID), Scopes: fillAll(ps.Scopes),
		Audience: fill(ps.Audience), ExpectAudience: fillAll(ps.ExpectAudience),
		Flow: ps.Flow, RedirectHost: ps.RedirectHost, Ports: slices.Clone(ps.Ports), RedirectPath: ps.RedirectPath,
		Notes: fillAll(ps.Notes), Neo4jConf: fillAll(ps.Neo4jConf),
	}
	if err := p.Validate(); err != nil {
		return Profile{}, fmt.Errorf("%s preset: %w", ps.Title, err)
	}
	return p, nil
}

func (ps Preset) keys() string {
	var ks []string
	for _, ph := range ps.Placeholders {
		ks = append(ks, "<"+ph.Key+">")
	}
	if len(ks) == 0 {
		return "none"
	}
	return strings.Join(ks, ", ")
}

// clean trims a value and refuses what cannot go into a URL or a scope.
func (ph Placeholder) clean(v string) (string, error) {
	v = strings.TrimSpace(v)
	if ph.Host {
		v = strings.TrimPrefix(strings.TrimPrefix(v, "https://"), "http://")
		v = strings.TrimRight(v, "/")
	}
	switch {
	case v == "":
		return "", fmt.Errorf("fill it in, e.g. %s", ph.Example)
	case strings.ContainsAny(v, "<>"):
		return "", fmt.Errorf("%q still looks like a placeholder: give your own value, e.g. %s", v, ph.Example)
	case strings.ContainsAny(v, " \t\r\n;"):
		return "", fmt.Errorf("%q has spaces or ';': give one value, e.g. %s", v, ph.Example)
	case !ph.AllowSlash && strings.ContainsAny(v, "/?#"):
		return "", fmt.Errorf("%q is more than a %s: give just that part, e.g. %s", v, strings.ToLower(ph.Label), ph.Example)
	}
	return v, nil
}
