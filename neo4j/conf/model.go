package conf

import (
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/secretmask"
)

// Model is what Neo4j makes of a configuration: the SSO settings parsed by
// their own value parsers, and every finding about them.
type Model struct {
	Version Version `json:"neo4j_version"`
	Conf    *Conf   `json:"-"`
	// FromServer marks a model imported from a running Neo4j's discovery
	// endpoint: server-side settings (audience, claims.*, the mapping, the
	// authorization providers) are unknown, not absent.
	FromServer bool `json:"from_server,omitempty"`
	// Strict is strict validation: server.config.strict_validation.enabled
	// (5.x+, default true) or dbms.config.strict_validation (4.4, default
	// false).
	Strict                  bool     `json:"strict_validation"`
	AuthEnabled             bool     `json:"auth_enabled"`
	AuthenticationProviders []string `json:"authentication_providers"`
	AuthorizationProviders  []string `json:"authorization_providers"`
	RequireLocalUser        bool     `json:"require_local_user"`
	ABACProviders           []string `json:"abac_authorization_providers"`
	// CustomRoles are the roles said to be created with CREATE ROLE
	// (LintOptions); nil when none were given, and then unknown.
	CustomRoles []string `json:"custom_roles,omitempty"`
	// Globals are the global SSO settings that were declared, by name.
	Globals   map[string]*Setting `json:"globals"`
	Providers []*Provider         `json:"providers"`
	// Findings is the lint result: reading problems, duplicates, then each
	// setting in file order, then cross-setting checks.
	Findings []inspector.Finding `json:"findings"`
}

// Setting is the effective (last) declaration of one setting.
type Setting struct {
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Value is the parsed value: string, bool, []string, map[string]string or
	// Mapping. It is nil when the value does not parse.
	Value any    `json:"value"`
	Raw   string `json:"raw"`
	Line  int    `json:"line"`
	Valid bool   `json:"valid"`
	Entry *Entry `json:"-"`
}

// Provider is one dbms.security.oidc.<name>.* provider with its parsed
// settings. Typed fields hold the effective values (defaults applied).
type Provider struct {
	Name string `json:"name"`
	// EnabledFor lists "authentication", "authorization" and "abac" for the
	// provider lists that name oidc-<name>.
	EnabledFor []string `json:"enabled_for"`
	Line       int      `json:"line"` // the first line mentioning the provider
	// Settings are the declared settings by suffix (display_name, params...).
	Settings map[string]*Setting `json:"settings"`

	DisplayName           string            `json:"-"`
	AuthFlow              string            `json:"-"` // PKCE (default) or IMPLICIT
	WellKnownDiscoveryURI string            `json:"-"`
	AuthEndpoint          string            `json:"-"`
	TokenEndpoint         string            `json:"-"`
	JWKSURI               string            `json:"-"`
	UserInfoURI           string            `json:"-"`
	Issuer                string            `json:"-"`
	Audience              []string          `json:"-"`
	ClientID              string            `json:"-"`
	Params                map[string]string `json:"-"`
	AuthParams            map[string]string `json:"-"`
	TokenParams           map[string]string `json:"-"`
	Config                map[string]string `json:"-"`
	UsernameClaim         string            `json:"-"` // default sub
	GroupsClaim           string            `json:"-"`
	GroupToRoleMapping    *Mapping          `json:"-"` // nil when not set
	GroupsFromUserInfo    bool              `json:"-"`
	UsernameFromUserInfo  bool              `json:"-"`
	Visible               bool              `json:"-"` // default true
}

// Enabled reports whether the provider is named in the authentication or
// authorization providers.
func (p *Provider) Enabled() bool {
	return contains(p.EnabledFor, "authentication") || contains(p.EnabledFor, "authorization")
}

// SettingValues returns the parsed value of each declared setting by
// suffix, for display and JSON.
func (p *Provider) SettingValues() map[string]any {
	out := make(map[string]any, len(p.Settings))
	for k, s := range p.Settings {
		switch v := s.Value.(type) {
		case map[string]string:
			// params, token_params, config: a client_secret among them
			// is masked (secretmask), as in every output.
			masked := make(map[string]string, len(v))
			for mk, mv := range v {
				masked[mk] = mv
				if m := secretmask.Assignments(mk + "=" + mv); m != mk+"="+mv {
					masked[mk] = secretmask.Redacted
				}
			}
			out[k] = masked
		case string:
			out[k] = secretmask.Assignments(v)
		default:
			if s.Valid {
				out[k] = s.Value
			} else {
				out[k] = secretmask.Assignments(s.Raw)
			}
		}
	}
	return out
}

// Provider returns the provider of that name (without "oidc-"), or nil.
func (m *Model) Provider(name string) *Provider {
	for _, p := range m.Providers {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Providers returns the OIDC providers of the configuration under the latest
// Neo4j rules.
func (c *Conf) Providers() []*Provider {
	return Analyze(c, Latest, LintOptions{}).Providers
}

func (p *Provider) apply(suffix string, s *Setting) {
	if !s.Valid {
		return
	}
	str, _ := s.Value.(string)
	list, _ := s.Value.([]string)
	mp, _ := s.Value.(map[string]string)
	b, _ := s.Value.(bool)
	switch suffix {
	case "display_name":
		p.DisplayName = str
	case "auth_flow":
		p.AuthFlow = str
	case "well_known_discovery_uri":
		p.WellKnownDiscoveryURI = str
	case "auth_endpoint":
		p.AuthEndpoint = str
	case "token_endpoint":
		p.TokenEndpoint = str
	case "jwks_uri":
		p.JWKSURI = str
	case "user_info_uri":
		p.UserInfoURI = str
	case "issuer":
		p.Issuer = str
	case "audience":
		p.Audience = list
	case "client_id":
		p.ClientID = str
	case "params":
		p.Params = mp
	case "auth_params":
		p.AuthParams = mp
	case "token_params":
		p.TokenParams = mp
	case "config":
		p.Config = mp
	case "claims.username":
		p.UsernameClaim = str
	case "claims.groups":
		p.GroupsClaim = str
	case "authorization.group_to_role_mapping":
		if m, ok := s.Value.(Mapping); ok {
			p.GroupToRoleMapping = &m
		}
	case "get_groups_from_user_info":
		p.GroupsFromUserInfo = b
	case "get_username_from_user_info":
		p.UsernameFromUserInfo = b
	case "visible":
		p.Visible = b
	}
}

func newProvider(name string, line int) *Provider {
	return &Provider{Name: name, Line: line, EnabledFor: []string{}, Settings: map[string]*Setting{},
		AuthFlow: "PKCE", UsernameClaim: "sub", Visible: true}
}

// isLocalhost is HTTPS_URI's notion of localhost.
func isLocalhost(host string) bool {
	switch strings.ToLower(host) {
	case "localhost", "127.0.0.1", "[::1]", "[0:0:0:0:0:0:0:1]", "::1":
		return true
	}
	return false
}
