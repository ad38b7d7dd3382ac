package pkce

import (
	"maps"
	"strings"

	"github.com/ssolens/ssolens/neo4j"
)

// Neo4jProvider is an SSO provider as Neo4j Browser receives it: an
// auth_config.oidc_providers entry of Neo4j's discovery endpoint (spec §5.1),
// or the same built from neo4j.conf. In Neo4j-Browser mode the client sends
// the very requests neo4j-client-sso sends (spec §5.2, §5.3).
type Neo4jProvider struct {
	ID                    string            `json:"id"`
	Name                  string            `json:"name"`
	AuthFlow              string            `json:"auth_flow"`
	AuthEndpoint          string            `json:"auth_endpoint"`
	TokenEndpoint         string            `json:"token_endpoint"`
	WellKnownDiscoveryURI string            `json:"well_known_discovery_uri"`
	Params                map[string]string `json:"params"`
	AuthParams            map[string]string `json:"auth_params"`
	TokenParams           map[string]string `json:"token_params"`
	// Config values are JSON booleans or strings; the Browser tests them
	// for JavaScript truthiness (a string "false" is true).
	Config map[string]any `json:"config"`

	// From neo4j.conf only: what the server checks, for verification.
	Issuer   string   `json:"-"`
	Audience []string `json:"-"`
}

// Neo4jProviderFromConf takes a provider from a parsed neo4j.conf.
func Neo4jProviderFromConf(p *neo4j.Provider) *Neo4jProvider {
	np := &Neo4jProvider{
		ID: p.Name, Name: p.DisplayName, AuthFlow: strings.ToLower(p.AuthFlow),
		AuthEndpoint: p.AuthEndpoint, TokenEndpoint: p.TokenEndpoint,
		WellKnownDiscoveryURI: p.WellKnownDiscoveryURI,
		Params:                maps.Clone(p.Params), AuthParams: maps.Clone(p.AuthParams), TokenParams: maps.Clone(p.TokenParams),
		Config: map[string]any{}, Issuer: p.Issuer, Audience: p.Audience,
	}
	for k, v := range p.Config {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true":
			np.Config[k] = true
		case "false":
			np.Config[k] = false
		default:
			np.Config[k] = v
		}
	}
	return np
}

// Neo4jProviderFromServer takes a provider as a running Neo4j publishes it
// (neo4j.FetchServerDiscovery). Config values keep their published JSON
// types, so a string "false" stays truthy, as it is for the Browser.
func Neo4jProviderFromServer(sp *neo4j.ServerProvider) *Neo4jProvider {
	np := Neo4jProviderFromConf(sp.Provider)
	if cfg, ok := sp.Published["config"].(map[string]any); ok {
		np.Config = maps.Clone(cfg)
	}
	return np
}

// Implicit reports whether the provider uses the implicit flow.
func (p *Neo4jProvider) Implicit() bool { return strings.EqualFold(p.AuthFlow, "implicit") }

// RedirectQuery is the query Neo4j Browser puts on its redirect URI.
func (p *Neo4jProvider) RedirectQuery() string {
	return "idp_id=" + p.ID + "&auth_flow_step=redirect_uri"
}

// RequiresNonce is config.implicit_flow_requires_nonce, truthy as in
// JavaScript (the Browser sends a nonce for pkce too when it is set).
func (p *Neo4jProvider) RequiresNonce() bool {
	return neo4j.JSTruthy(p.Config["implicit_flow_requires_nonce"])
}

// ChallengeMethod is config.code_challenge_method, default S256.
func (p *Neo4jProvider) ChallengeMethod() string {
	if s, ok := p.Config["code_challenge_method"].(string); ok && s != "" {
		return s
	}
	return "S256"
}

// apply makes the client's configuration from the provider: the discovery
// URI, manual endpoints (which win), client_id from params.
func (p *Neo4jProvider) apply(cfg Config) Config {
	if cfg.Issuer == "" {
		cfg.Issuer = p.WellKnownDiscoveryURI
	}
	cfg.AuthURL = pick(cfg.AuthURL, p.AuthEndpoint)
	cfg.TokenURL = pick(cfg.TokenURL, p.TokenEndpoint)
	if cfg.ClientID == "" {
		cfg.ClientID = p.Params["client_id"]
	}
	if cfg.ExpectedIssuer == "" {
		cfg.ExpectedIssuer = p.Issuer
	}
	if cfg.Audiences == nil && len(p.Audience) > 0 {
		cfg.Audiences = p.Audience
	}
	return cfg
}
