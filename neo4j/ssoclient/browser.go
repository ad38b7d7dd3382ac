package ssoclient

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/pkce"
)

// Provider is an SSO provider as Neo4j Browser receives it: an
// auth_config.oidc_providers entry of Neo4j's discovery endpoint (spec §5.1),
// or the same built from neo4j.conf. As a pkce.RequestMode it makes the
// OpenID client send the very requests neo4j-client-sso sends (spec §5.2,
// §5.3).
type Provider struct {
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

var _ pkce.RequestMode = (*Provider)(nil)

// FromConf takes a provider from a parsed neo4j.conf.
func FromConf(p *conf.Provider) *Provider {
	np := &Provider{
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

// FromServer takes a provider as a running Neo4j publishes it: p and
// published are a server.ServerProvider's Provider and Published. Config
// values keep their published JSON types, so a string "false" stays
// truthy, as it is for the Browser.
func FromServer(p *conf.Provider, published map[string]any) *Provider {
	np := FromConf(p)
	if cfg, ok := published["config"].(map[string]any); ok {
		np.Config = maps.Clone(cfg)
	}
	return np
}

// Implicit reports whether the provider uses the implicit flow.
func (p *Provider) Implicit() bool { return strings.EqualFold(p.AuthFlow, "implicit") }

// RedirectPath is the path of Neo4j Browser's redirect URI.
const RedirectPath = "/browser/"

// RedirectQuery is the query Neo4j Browser puts on its redirect URI for a
// provider.
func RedirectQuery(id string) string {
	return "idp_id=" + id + "&auth_flow_step=redirect_uri"
}

// RedirectQuery is the query Neo4j Browser puts on its redirect URI.
func (p *Provider) RedirectQuery() string { return RedirectQuery(p.ID) }

// Redirect is Neo4j Browser's redirect URI: /browser/?idp_id=…&auth_flow_step=redirect_uri.
func (p *Provider) Redirect() (path, query string) { return RedirectPath, p.RedirectQuery() }

// RequiresNonce is config.implicit_flow_requires_nonce, truthy as in
// JavaScript (the Browser sends a nonce for pkce too when it is set).
func (p *Provider) RequiresNonce() bool {
	return JSTruthy(p.Config["implicit_flow_requires_nonce"])
}

// ChallengeMethod is config.code_challenge_method, default S256.
func (p *Provider) ChallengeMethod() string {
	if s, ok := p.Config["code_challenge_method"].(string); ok && s != "" {
		return s
	}
	return "S256"
}

// Configure makes the client's configuration from the provider: the
// discovery URI, manual endpoints (which win), client_id from params.
func (p *Provider) Configure(cfg pkce.Config) pkce.Config {
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

func pick(manual, other string) string {
	if manual != "" {
		return manual
	}
	return other
}

// Authorize follows neo4j-client-sso's authRequestForSSO (spec §5.2):
// params, then redirect_uri, state, auth_params overriding, a nonce only
// when implicit_flow_requires_nonce is truthy, and the code challenge;
// token_params go to the code exchange, their client_id overriding.
func (p *Provider) Authorize(redirectURI string, implicit bool) pkce.ModeRequest {
	mr := pkce.ModeRequest{State: state(), Nonce: p.RequiresNonce(), TokenClientID: p.TokenParams["client_id"]}
	for _, k := range slices.Sorted(maps.Keys(p.Params)) {
		mr.Params = append(mr.Params, pkce.Param{Key: k, Value: p.Params[k]})
	}
	mr.Params = append(mr.Params, pkce.Param{Key: "redirect_uri", Value: redirectURI}, pkce.Param{Key: "state", Value: mr.State})
	for _, k := range slices.Sorted(maps.Keys(p.AuthParams)) {
		mr.Params = append(mr.Params, pkce.Param{Key: k, Value: p.AuthParams[k]})
		if k == "state" {
			mr.State = p.AuthParams[k]
		}
	}
	if !implicit {
		mr.ChallengeMethod = p.ChallengeMethod()
	}
	mr.Scopes = strings.Fields(pick(p.AuthParams["scope"], p.Params["scope"]))
	for _, k := range slices.Sorted(maps.Keys(p.TokenParams)) {
		mr.TokenParams = append(mr.TokenParams, pkce.Param{Key: k, Value: p.TokenParams[k]})
	}
	return mr
}

// state is neo4j-client-sso's state: "state-" and four random uint32 in
// hex, joined by "-".
func state() string {
	var b [16]byte
	rand.Read(b[:])
	parts := make([]string, 4)
	for i := range parts {
		parts[i] = strconv.FormatUint(uint64(binary.BigEndian.Uint32(b[4*i:])), 16)
	}
	return "state-" + strings.Join(parts, "-")
}

// CheckCallback refuses a callback for another provider, as the Browser
// does ("Invalid idp_id parameter, aborting").
func (p *Provider) CheckCallback(params url.Values) (*pkce.Finding, error) {
	if params.Get("idp_id") == p.ID {
		return nil, nil
	}
	f := FindIdpIDMismatch.Newf(
		"Register the redirect URI exactly as shown, with ?"+p.RedirectQuery()+".",
		fmt.Sprintf("idp_id %q, expected %q", params.Get("idp_id"), p.ID),
		"The callback's idp_id is %q, not %q: Neo4j Browser would abort with \"Invalid idp_id parameter\".", params.Get("idp_id"), p.ID)
	return &f, errors.New("invalid idp_id parameter")
}

// RefreshParams are what neo4j-client-sso adds to a refresh request
// (spec §5.3): scope from params, and token_params.
func (p *Provider) RefreshParams() url.Values {
	extra := url.Values{}
	if s := p.Params["scope"]; s != "" {
		extra.Set("scope", s)
	}
	for k, v := range p.TokenParams {
		extra.Set(k, v)
	}
	return extra
}
