// Package profiles keeps the provider profiles the desktop app lists: who to
// sign in with (issuer, client, scopes, flow, redirect) and, for profiles
// imported from Neo4j, which neo4j.conf or running server and provider they
// came from. Presets give the guidance of each well-known provider (which
// redirect URI to register, which scopes to ask for, the neo4j.conf lines).
//
// Profiles live in the app's preferences (any Prefs, fyne.Preferences in
// the app); client secrets live only in the OS keyring, or for one session
// in memory when there is none. The package draws nothing.
package profiles

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ssolens/ssolens/internal/lazyre"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/pkce"
)

// Kinds of profile besides the preset names.
const (
	KindCustom      = "custom"
	KindNeo4jConf   = "neo4j-conf"
	KindNeo4jServer = "neo4j-server"
)

// Profile is one saved provider profile. Its JSON field names are stable:
// they are what the preferences hold. The client secret is never part of
// it; HasSecret says whether the keyring holds one.
type Profile struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Kind is a preset name (okta, entra-id ...), KindCustom, KindNeo4jConf
	// or KindNeo4jServer.
	Kind string `json:"kind"`
	// Issuer is the issuer or its discovery document URL, as pkce.Config
	// takes it.
	Issuer   string   `json:"issuer"`
	ClientID string   `json:"client_id"`
	Scopes   []string `json:"scopes,omitempty"`
	// Audience is sent as the audience parameter (Auth0); Resource as the
	// RFC 8707 resource parameter. Both are then expected in the access
	// token's aud.
	Audience string `json:"audience,omitempty"`
	Resource string `json:"resource,omitempty"`
	// ExpectAudience is the access token aud that Neo4j's audience setting
	// should hold, checked without being sent (Okta's api://default).
	ExpectAudience []string `json:"expect_audience,omitempty"`
	// Flow is pkce (default), implicit, client-credentials, device or
	// password.
	Flow string `json:"flow"`
	// RedirectHost is 127.0.0.1 (default), localhost or [::1]; Ports are
	// tried in order, 0 or none meaning an ephemeral port; RedirectPath
	// defaults to /callback.
	RedirectHost string `json:"redirect_host,omitempty"`
	Ports        []int  `json:"ports,omitempty"`
	RedirectPath string `json:"redirect_path,omitempty"`
	// HasSecret is managed by the Store: Save ignores what the caller sets.
	HasSecret bool `json:"has_secret,omitempty"`
	// Neo4j is set for profiles imported from neo4j.conf or a running Neo4j.
	Neo4j *Neo4jSource `json:"neo4j,omitempty"`
	// Notes are the preset's or the importer's guidance; Neo4jConf the
	// neo4j.conf lines that go with the provider.
	Notes     []string `json:"notes,omitempty"`
	Neo4jConf []string `json:"neo4j_conf,omitempty"`
}

// Neo4jSource says where an imported profile's provider is defined, so the
// app can rebuild the conf.Model (LoadNeo4j) for Neo4j-Browser-mode
// sign-ins and predictions.
type Neo4jSource struct {
	// ConfPath is the neo4j.conf (or docker-compose / .env) file, for
	// KindNeo4jConf; ServerURL Neo4j's HTTP address, for KindNeo4jServer.
	ConfPath  string `json:"conf_path,omitempty"`
	ServerURL string `json:"server_url,omitempty"`
	// Provider is the provider name (dbms.security.oidc.<name>, the
	// discovery id).
	Provider string `json:"provider"`
	// Version is the Neo4j release line whose rules apply ("2026.08",
	// "5.26"); "" means the latest.
	Version string `json:"neo4j_version,omitempty"`
}

// IsNeo4j reports whether the profile was imported from Neo4j.
func (p Profile) IsNeo4j() bool { return p.Neo4j != nil }

// Config is the profile's pkce.Config, without the client secret (take it
// from Store.Secret) or an HTTP client. A Neo4j-imported profile signs in
// as Neo4j Browser does with Neo4jSetup.Config instead; this is its plain
// OIDC form.
func (p Profile) Config() pkce.Config {
	return pkce.Config{
		Issuer:    p.Issuer,
		ClientID:  p.ClientID,
		Scopes:    slices.Clone(p.Scopes),
		Audience:  p.Audience,
		Resource:  p.Resource,
		Audiences: p.audiences(),
	}
}

// audiences are the access token audiences to expect; nil lets pkce take
// Audience and Resource.
func (p Profile) audiences() []string {
	if len(p.ExpectAudience) == 0 {
		return nil
	}
	out := slices.Clone(p.ExpectAudience)
	for _, a := range []string{p.Audience, p.Resource} {
		if a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// LoopbackConfig is the redirect listener of the profile. For a Neo4j
// profile it carries Neo4j Browser's path and query
// (/browser/?idp_id=<provider>&auth_flow_step=redirect_uri).
func (p Profile) LoopbackConfig() pkce.LoopbackConfig {
	lc := pkce.LoopbackConfig{Host: p.host(), Ports: slices.Clone(p.Ports), Path: p.path()}
	if p.Neo4j != nil {
		lc.Query = ssoclient.RedirectQuery(p.Neo4j.Provider)
	}
	return lc
}

func (p Profile) host() string {
	if p.RedirectHost == "" {
		return pkce.HostIPv4
	}
	return p.RedirectHost
}

func (p Profile) path() string {
	switch {
	case p.RedirectPath != "":
		return p.RedirectPath
	case p.Neo4j != nil:
		return neo4jBrowserPath
	}
	return pkce.DefaultCallbackPath
}

// neo4jBrowserPath is the path of Neo4j Browser's redirect URI.
const neo4jBrowserPath = "/browser/"

// RedirectURIs are the redirect URIs to register at the provider: one per
// fixed port, and one without a port when the listener may take an
// ephemeral one (providers that follow RFC 8252 §7.3 accept any port on a
// loopback URI registered without one).
func (p Profile) RedirectURIs() []string {
	lc := p.LoopbackConfig()
	uri := func(port int) string {
		u := "http://" + lc.Host
		if port > 0 {
			u += ":" + strconv.Itoa(port)
		}
		u += lc.Path
		if lc.Query != "" {
			u += "?" + lc.Query
		}
		return u
	}
	var out []string
	ephemeral := len(p.Ports) == 0
	for _, port := range p.Ports {
		if port == 0 {
			ephemeral = true
			continue
		}
		out = append(out, uri(port))
	}
	if ephemeral {
		out = append(out, uri(0))
	}
	return out
}

// ErrInvalid is wrapped by every FieldError.
var ErrInvalid = errors.New("invalid profile")

// FieldError is a profile field that cannot be saved, with what to do.
// Save returns every one of them, joined.
type FieldError struct {
	Field   string // the JSON field name: name, issuer, client_id ...
	Problem string // what is wrong and what to do
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// Unwrap lets errors.Is(err, ErrInvalid) hold.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// flows are the flows a profile may use, as pkce names them.
var flows = []string{pkce.FlowPKCE, pkce.FlowImplicit, pkce.FlowClientCredentials, pkce.FlowDevice, pkce.FlowPassword}

// placeholderRE finds an unfilled preset placeholder such as <tenant-id>.
var placeholderRE = lazyre.New(`<[A-Za-z][A-Za-z0-9 _-]*>`)

// normalize applies the defaults Save stores.
func (p *Profile) normalize() {
	p.Name = strings.TrimSpace(p.Name)
	p.Issuer = strings.TrimSpace(p.Issuer)
	p.ClientID = strings.TrimSpace(p.ClientID)
	p.Audience = strings.TrimSpace(p.Audience)
	p.Resource = strings.TrimSpace(p.Resource)
	p.RedirectPath = strings.TrimSpace(p.RedirectPath)
	if p.Kind == "" {
		p.Kind = KindCustom
	}
	p.Flow = strings.ToLower(strings.TrimSpace(p.Flow))
	if p.Flow == "" {
		p.Flow = pkce.FlowPKCE
	}
	if p.RedirectHost == "::1" {
		p.RedirectHost = pkce.HostIPv6
	}
	var scopes []string
	for _, s := range p.Scopes {
		scopes = append(scopes, strings.Fields(s)...) // "openid profile" typed in one box
	}
	p.Scopes = scopes
}

// Validate checks what Save checks, returning every problem joined as
// FieldErrors.
func (p Profile) Validate() error {
	p.normalize()
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if p.Name == "" {
		bad("name", "give the profile a name")
	}
	for _, f := range [][2]string{{"issuer", p.Issuer}, {"client_id", p.ClientID}, {"audience", p.Audience}, {"resource", p.Resource}} {
		if m := placeholderRE().FindString(f[1]); m != "" {
			bad(f[0], "%s is a placeholder: replace it with your own value", m)
		}
	}
	switch {
	case p.Issuer == "" && p.Neo4j == nil:
		bad("issuer", "give the issuer URL (e.g. https://login.example.com/realms/main) or its discovery document (…/.well-known/openid-configuration)")
	case p.Issuer != "":
		if err := checkHTTPURL(p.Issuer); err != nil {
			bad("issuer", "%q %v: give the issuer URL (e.g. https://login.example.com/realms/main) or its discovery document (…/.well-known/openid-configuration)", p.Issuer, err)
		}
	}
	if p.ClientID == "" {
		bad("client_id", "give the client id the provider assigned to the application (Okta: Client ID; Entra ID: Application (client) ID)")
	}
	if !slices.Contains(flows, p.Flow) {
		bad("flow", "%q is not a flow: use %s", p.Flow, strings.Join(flows, ", "))
	}
	switch p.RedirectHost {
	case "", pkce.HostIPv4, pkce.HostLocalhost, pkce.HostIPv6:
	default:
		bad("redirect_host", "%q: use 127.0.0.1 (recommended by RFC 8252), localhost (required by Entra ID) or [::1]", p.RedirectHost)
	}
	for _, port := range p.Ports {
		if port < 0 || port > 65535 {
			bad("ports", "%d is not a port: use 1-65535, or 0 for an ephemeral port", port)
		}
	}
	if p.RedirectPath != "" && (!strings.HasPrefix(p.RedirectPath, "/") || strings.ContainsAny(p.RedirectPath, "?# ")) {
		bad("redirect_path", "%q: give a path starting with / and without query or spaces, such as /callback", p.RedirectPath)
	}
	if p.Neo4j != nil {
		n := p.Neo4j
		if strings.TrimSpace(n.Provider) == "" {
			bad("neo4j.provider", "name the provider (dbms.security.oidc.<provider>.*): import the profile again")
		}
		switch p.Kind {
		case KindNeo4jConf:
			if n.ConfPath == "" {
				bad("neo4j.conf_path", "give the neo4j.conf file the profile was imported from: import it again")
			}
		case KindNeo4jServer:
			if err := checkHTTPURL(n.ServerURL); err != nil {
				bad("neo4j.server_url", "%q %v: give Neo4j's HTTP address, such as http://localhost:7474", n.ServerURL, err)
			}
		default:
			bad("kind", "%q with Neo4j provider data: use %s or %s", p.Kind, KindNeo4jConf, KindNeo4jServer)
		}
	} else if p.Kind == KindNeo4jConf || p.Kind == KindNeo4jServer {
		bad("neo4j", "a %s profile needs its Neo4j source: import it again", p.Kind)
	}
	return errors.Join(errs...)
}

// checkHTTPURL accepts an absolute http or https URL with a host.
func checkHTTPURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return errors.New("is not a URL")
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return errors.New("does not start with https://")
	}
	if u.Host == "" {
		return errors.New("has no host")
	}
	return nil
}
