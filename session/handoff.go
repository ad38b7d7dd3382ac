package session

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/snippets"
)

// Handoff is what a successful sign-in hands to the people who run Neo4j
// and write its clients: the minimal provider block that makes the sign-in
// work (read back through the project's lint, as Neo4j reads it) and the
// facts client snippets are filled in with. It holds no token.
type Handoff struct {
	Config *conf.GeneratedConfig
	// Lint is every finding the lint makes of Config.Conf read back as
	// Neo4j LintVersion reads it; LintErrors counts those that would stop
	// Neo4j from starting (none for a block that passes).
	Lint        []inspector.Finding
	LintErrors  int
	LintVersion conf.Version
	// Snippets are the snippet parameters; Neo4jURL and BoltURL are left
	// to the caller (they default to localhost).
	Snippets snippets.Params
}

// ErrNoTokens is returned when a sign-in brought no token to work from.
var ErrNoTokens = errors.New("the sign-in brought no token")

// providerFacts gathers the issuer, discovery URL, client id, scopes and
// provider name of a sign-in: from the sign-in itself (discovery), then the
// target's configuration, then its neo4j.conf provider, then the tokens.
func providerFacts(res *SignInResult, t Target, ts inspector.TokenSet) conf.GenerateInput {
	in := conf.GenerateInput{Issuer: res.Issuer, DiscoveryURL: res.DiscoveryURL, ClientID: res.ClientID, Tokens: ts}
	var p *conf.Provider
	if t.Model != nil {
		p = t.Model.Provider(t.Provider)
	}
	if p != nil {
		in.Provider, in.DisplayName = p.Name, p.DisplayName
		if in.Issuer == "" {
			in.Issuer = p.Issuer
		}
		if in.DiscoveryURL == "" {
			in.DiscoveryURL = p.WellKnownDiscoveryURI
		}
		if in.ClientID == "" {
			in.ClientID = p.Params["client_id"]
		}
		if sc := p.Params["scope"]; sc != "" {
			in.Scopes = strings.Fields(sc)
		}
	}
	cfg := t.Config
	if bp, ok := cfg.Mode.(*ssoclient.Provider); ok && bp != nil && in.ClientID == "" {
		in.ClientID = bp.Params["client_id"]
	}
	if in.Issuer == "" && cfg.Issuer != "" {
		if strings.Contains(cfg.Issuer, "/.well-known/") {
			in.DiscoveryURL = cfg.Issuer
		} else {
			in.Issuer = cfg.Issuer
		}
	}
	if in.ClientID == "" {
		in.ClientID = cfg.ClientID
	}
	if len(in.Scopes) == 0 && len(cfg.Scopes) > 0 {
		in.Scopes = cfg.Scopes
	}
	// The paste flow knows only the tokens: the ID token's iss and azp (or
	// its single aud) are the issuer and the client id (OIDC Core §2).
	if id := inspector.Decode(ts.IDToken, "id_token", inspector.Options{}); id.Claims != nil {
		if in.Issuer == "" {
			in.Issuer, _ = id.Claims.String("iss")
		}
		if in.ClientID == "" {
			in.ClientID, _ = id.Claims.String("azp")
		}
		if auds, _ := id.Claims.Strings("aud"); in.ClientID == "" && len(auds) == 1 {
			in.ClientID = auds[0]
		}
	}
	if in.Issuer == "" && in.DiscoveryURL != "" {
		in.Issuer = strings.TrimSuffix(strings.TrimSuffix(in.DiscoveryURL, "/.well-known/openid-configuration"), "/")
	}
	return in
}

// signInTokens is the token set of a sign-in, from its token response or,
// for the paste flow, from the tokens found by role.
func signInTokens(res *SignInResult) inspector.TokenSet {
	if res.Result != nil && res.Token != nil {
		return TokenSet(res.Token)
	}
	var ts inspector.TokenSet
	if res.Result == nil || res.Report == nil {
		return ts
	}
	for _, tk := range res.Report.Tokens {
		switch {
		case tk.Role == inspector.RoleIDToken && ts.IDToken == "":
			ts.IDToken = tk.Raw
		case tk.Role == inspector.RoleAccessToken && ts.AccessToken == "":
			ts.AccessToken = tk.Raw
		}
	}
	return ts
}

// NewHandoff writes the provider block for a sign-in at a target, lints
// it, and derives the snippet parameters: the same choices as `ssolens
// config` and `ssolens snippets` make from a sign-in.
func NewHandoff(res *SignInResult, t Target) (*Handoff, error) {
	if res == nil {
		return nil, ErrNoTokens
	}
	ts := signInTokens(res)
	if ts.AccessToken == "" && ts.IDToken == "" {
		return nil, ErrNoTokens
	}
	in := providerFacts(res, t, ts)
	if in.Issuer == "" || in.ClientID == "" {
		return nil, fmt.Errorf("the sign-in does not say its provider's issuer and client id (a token with iss and azp or aud would)")
	}
	g, err := conf.GenerateConfig(in)
	if err != nil {
		return nil, err
	}
	h := &Handoff{Config: g, LintVersion: conf.Latest}
	c, err := conf.ParseConf(strings.NewReader(g.Conf), "generated neo4j.conf")
	if err != nil {
		return nil, fmt.Errorf("reading the generated block back: %w", err)
	}
	h.Lint = conf.Lint(c, h.LintVersion)
	inspector.SortFindings(h.Lint)
	for _, f := range h.Lint {
		if f.Severity == inspector.SeverityError {
			h.LintErrors++
		}
	}

	// The snippets: what Neo4j checks (the conf's provider, when there is
	// one), then what the provider sent (the generated block's choices).
	p := snippets.Params{Issuer: in.Issuer, DiscoveryURL: in.DiscoveryURL, ClientID: in.ClientID, Scope: strings.Join(in.Scopes, " ")}
	if t.Model != nil {
		if pr := t.Model.Provider(t.Provider); pr != nil {
			if len(pr.Audience) > 0 {
				p.Audience = pr.Audience[0]
			}
			p.GroupsClaim, p.TokenType = pr.GroupsClaim, pr.Config["token_type_authentication"]
			p.TokenEndpoint, p.JWKSURI = pr.TokenEndpoint, pr.JWKSURI
		}
	}
	if p.Audience == "" && len(g.Audience) > 0 {
		p.Audience = g.Audience[0]
	}
	if p.GroupsClaim == "" {
		p.GroupsClaim = g.GroupsClaim
	}
	if p.TokenType == "" {
		p.TokenType = g.TokenType
	}
	if len(g.Groups) > 0 {
		p.Group = g.Groups[0]
	}
	raw := ts.AccessToken
	if g.TokenType == "id_token" {
		raw = ts.IDToken
	}
	if tk := inspector.Decode(raw, g.TokenType, inspector.Options{}); tk.Header != nil {
		if alg, ok := tk.Header.String("alg"); ok && alg != "" && alg != "none" {
			p.Algorithms = []string{alg}
		}
	}
	h.Snippets = p
	return h, nil
}

// Snippet renders one snippet kind for Neo4j at these addresses (empty:
// localhost). Snippets read tokens and secrets from the environment; none
// is written into them.
func (h *Handoff) Snippet(kind snippets.Kind, neo4jURL, boltURL string) (snippets.Snippet, error) {
	p := h.Snippets
	p.Neo4jURL, p.BoltURL = strings.TrimSpace(neo4jURL), strings.TrimSpace(boltURL)
	return snippets.Render(kind, p)
}

// LiveOptions say where the live check sends the token.
type LiveOptions struct {
	// HTTPURL is Neo4j's HTTP connector (http://host:7474); BoltURL, when
	// set, checks over Bolt too.
	HTTPURL, BoltURL string
	// HTTPClient carries proxies and extra CAs; nil is a plain client.
	HTTPClient *http.Client
}

// LiveTokenType is the token of a sign-in that Neo4j validates: with a
// Neo4j provider, the one Neo4j's SSO client sends (ssoclient.ChooseTokens
// of the provider's config, as the prediction recorded it); without one,
// the access token when it is a signed JWT, else the ID token.
func LiveTokenType(res *SignInResult) string {
	if res == nil {
		return ""
	}
	if res.Prediction != nil && res.Prediction.AuthenticationToken != "" {
		return res.Prediction.AuthenticationToken
	}
	ts := signInTokens(res)
	if at := inspector.Decode(ts.AccessToken, "access_token", inspector.Options{}); ts.AccessToken != "" && at.Kind == inspector.KindJWS {
		return "access_token"
	}
	if ts.IDToken != "" {
		return "id_token"
	}
	if ts.AccessToken != "" {
		return "access_token"
	}
	return ""
}

// CheckLive sends the token Neo4j validates of a sign-in to a running
// Neo4j (server.CheckLive) and compares the answer with the sign-in's
// prediction. It fails only when there is nothing to send or nowhere to
// send it; every answer of Neo4j is a finding of the result.
func CheckLive(ctx context.Context, res *SignInResult, o LiveOptions) (*server.LiveResult, error) {
	o.HTTPURL, o.BoltURL = strings.TrimSpace(o.HTTPURL), strings.TrimSpace(o.BoltURL)
	if o.HTTPURL == "" && o.BoltURL == "" {
		return nil, errors.New("give Neo4j's HTTP URL (http://host:7474) or a Bolt URL (bolt://host:7687)")
	}
	tt := LiveTokenType(res)
	if tt == "" {
		return nil, ErrNoTokens
	}
	ts := signInTokens(res)
	token := ts.AccessToken
	if tt == "id_token" {
		token = ts.IDToken
	}
	if token == "" {
		return nil, fmt.Errorf("the sign-in has no %s, the token Neo4j validates", tt)
	}
	return server.CheckLive(ctx, server.LiveInput{HTTPURL: o.HTTPURL, BoltURL: o.BoltURL, Token: token,
		Prediction: res.Prediction, HTTPClient: o.HTTPClient}), nil
}
