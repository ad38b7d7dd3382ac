package session

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/snippets"
)

// Handoff is what a successful sign-in hands to the people who run Neo4j
// and write its clients: the provider block that makes the sign-in work
// (read back through the project's lint, as Neo4j reads it) and the facts
// client snippets are filled in with. It holds no token.
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

// Complete reports whether the block makes the sign-in work as it stands:
// it passes lint and its group_to_role_mapping is not a placeholder.
func (h *Handoff) Complete() bool {
	return h.LintErrors == 0 && !h.Config.MappingPlaceholder
}

// Describe says in a line what the block is: the minimal block that makes
// the sign-in work, or a starting block whose mapping is a placeholder.
func (h *Handoff) Describe() string {
	switch {
	case h.LintErrors > 0:
		return "a block that does not pass lint yet (see its findings)"
	case h.Config.MappingPlaceholder:
		return "a starting block: its group_to_role_mapping is a PLACEHOLDER (every group → reader) until you give each group its role"
	case h.Config.MappingFrom != "":
		return "the minimal block that makes this sign-in work, with the mapping of " + h.Config.MappingFrom
	}
	return "the minimal block that makes this sign-in work"
}

// ErrNoTokens is returned when a sign-in brought no token to work from.
var ErrNoTokens = errors.New("the sign-in brought no token")

// providerFacts gathers the issuer, discovery URL, client id, scopes and
// provider name for the block: what the user gave, then the sign-in
// (discovery), then the conf's provider, then the tokens.
func (inv *Investigation) providerFacts() conf.GenerateInput {
	in := conf.GenerateInput{Scopes: inv.In.Scopes, Tokens: inv.Tokens, Decoded: inv.Report.Tokens}
	// What the sign-in found (discovery) first, then what the user gave.
	if s := inv.In.SignIn; s != nil {
		in.Issuer, in.DiscoveryURL, in.ClientID = s.Issuer, s.DiscoveryURL, s.ClientID
	}
	in.Issuer = cmp.Or(in.Issuer, inv.In.Issuer)
	in.DiscoveryURL = cmp.Or(in.DiscoveryURL, inv.In.DiscoveryURL)
	in.ClientID = cmp.Or(in.ClientID, inv.In.ClientID)
	if p := inv.provider(); p != nil {
		in.Provider, in.DisplayName, in.Conf = p.Name, p.DisplayName, p
		in.Issuer = cmp.Or(in.Issuer, p.Issuer)
		in.DiscoveryURL = cmp.Or(in.DiscoveryURL, p.WellKnownDiscoveryURI)
		in.ClientID = cmp.Or(in.ClientID, p.Params["client_id"])
		if sc := p.Params["scope"]; sc != "" && len(in.Scopes) == 0 {
			in.Scopes = strings.Fields(sc)
		}
	}
	// A paste knows only the tokens: the ID token's iss and azp (or its
	// single aud) are the issuer and the client id (OIDC Core §2).
	if id := inv.Token("id_token"); id != nil && id.Claims != nil {
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
	in.Provider = cmp.Or(inv.In.BlockName, in.Provider)
	in.DisplayName = cmp.Or(inv.In.BlockDisplayName, in.DisplayName)
	if in.Issuer == "" && in.DiscoveryURL != "" {
		in.Issuer = strings.TrimSuffix(strings.TrimSuffix(in.DiscoveryURL, "/.well-known/openid-configuration"), "/")
	}
	return in
}

// provider is the conf's provider the investigation is about: the one
// predicted with, else the one named, else the only one.
func (inv *Investigation) provider() *conf.Provider {
	c := inv.In.Conf
	if c == nil || c.Model == nil {
		return nil
	}
	name := inv.In.Provider
	if inv.Prediction != nil && inv.Prediction.Provider != "" {
		name = inv.Prediction.Provider
	}
	if name == "" && len(c.Model.Providers) == 1 {
		return c.Model.Providers[0]
	}
	return c.Model.Provider(strings.TrimPrefix(name, "oidc-"))
}

// Handoff writes the provider block for the investigation's tokens (with
// the conf's mapping when a conf is loaded), lints it, and derives the
// snippet parameters: what `ssolens config`, `ssolens snippets` and the
// window's Config & code tab show. It is made once.
func (inv *Investigation) Handoff() (*Handoff, error) {
	if !inv.handed {
		inv.handed = true
		inv.handoff, inv.handoffE = inv.newHandoff()
	}
	return inv.handoff, inv.handoffE
}

func (inv *Investigation) newHandoff() (*Handoff, error) {
	ts := inv.Tokens
	if ts.AccessToken == "" && ts.IDToken == "" {
		return nil, ErrNoTokens
	}
	in := inv.providerFacts()
	if in.Issuer == "" || in.ClientID == "" {
		return nil, fmt.Errorf("the sign-in does not say its provider's issuer and client id (give them, or a token with iss and azp or aud)")
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
			g.Findings = append(g.Findings, f)
		}
	}
	inspector.SortFindings(g.Findings)
	h.Snippets = inv.snippetParams(in, g)
	return h, nil
}

// snippetParams are what snippets are filled in with: what Neo4j checks
// (the conf's provider, when there is one, and the user's audience), then
// what the provider sent (the generated block's choices).
func (inv *Investigation) snippetParams(in conf.GenerateInput, g *conf.GeneratedConfig) snippets.Params {
	p := snippets.Params{Issuer: in.Issuer, DiscoveryURL: in.DiscoveryURL, ClientID: in.ClientID,
		Scope: strings.Join(in.Scopes, " "), Audience: inv.In.Audience}
	if pr := inv.provider(); pr != nil {
		if p.Audience == "" && len(pr.Audience) > 0 {
			p.Audience = pr.Audience[0]
		}
		p.GroupsClaim, p.TokenType = pr.GroupsClaim, ssoclient.ChooseTokens(pr.Config).Authentication
		p.TokenEndpoint, p.JWKSURI = pr.TokenEndpoint, pr.JWKSURI
	}
	if g == nil {
		return p
	}
	if p.Audience == "" && len(g.Audience) > 0 {
		p.Audience = g.Audience[0]
	}
	p.GroupsClaim = cmp.Or(p.GroupsClaim, g.GroupsClaim)
	p.TokenType = cmp.Or(p.TokenType, g.TokenType)
	if len(g.Groups) > 0 {
		p.Group = g.Groups[0]
	}
	if tk := inv.Token(g.TokenType); tk != nil && tk.Header != nil {
		if alg, ok := tk.Header.String("alg"); ok && alg != "" && alg != "none" {
			p.Algorithms = []string{alg}
		}
	}
	return p
}

// SnippetParams are the snippet parameters of the investigation: the
// handoff's when its tokens make one, else the conf's and the user's facts
// alone (snippets for a provider before any sign-in).
func (inv *Investigation) SnippetParams() (snippets.Params, error) {
	if inv.Tokens.AccessToken != "" || inv.Tokens.IDToken != "" {
		h, err := inv.Handoff()
		if err != nil {
			return snippets.Params{}, err
		}
		return h.Snippets, nil
	}
	return inv.snippetParams(inv.providerFacts(), nil), nil
}

// NewHandoff writes the provider block for a sign-in at a target: the
// investigation of the sign-in with the target's facts.
func NewHandoff(res *SignInResult, t Target) (*Handoff, error) {
	if res == nil {
		return nil, ErrNoTokens
	}
	return OfSignIn(res, t).Handoff()
}

// OfSignIn is the investigation of an earlier sign-in at a target (the
// tokens are not decoded or verified again).
func OfSignIn(res *SignInResult, t Target) *Investigation {
	in := Inputs{SignIn: res, Provider: t.Provider, ClientID: t.Config.ClientID, Scopes: t.Config.Scopes}
	if bp, ok := t.Config.Mode.(*ssoclient.Provider); ok && bp != nil && in.ClientID == "" {
		in.ClientID = bp.Params["client_id"]
	}
	if iss := t.Config.Issuer; iss != "" {
		if strings.Contains(iss, "/.well-known/") {
			in.DiscoveryURL = iss
		} else {
			in.Issuer = iss
		}
	}
	if t.Model != nil {
		in.Conf = &Conf{Model: t.Model}
		if t.Model.Conf != nil {
			in.Conf.File = t.Model.Conf.Name
		}
	}
	if res.Result == nil || res.Report == nil {
		in.SignIn = nil
	}
	inv := &Investigation{In: in, keys: inspector.NewKeyCache(), Prediction: res.Prediction}
	if in.SignIn != nil {
		inv.Report, inv.Tokens = res.Report, signInTokens(res)
	} else {
		inv.Report = &inspector.Report{}
	}
	return inv
}

// signInTokens is the token set of a sign-in, from its token response or,
// for the paste flow, from the tokens found by role.
func signInTokens(res *SignInResult) inspector.TokenSet {
	if res.Result != nil && res.Token != nil {
		return TokenSet(res.Token)
	}
	if res.Result == nil {
		return inspector.TokenSet{}
	}
	return TokensOf(res.Report)
}

// LiveOptions say where the live check sends the token.
type LiveOptions struct {
	// HTTPURL is Neo4j's HTTP connector (http://host:7474); BoltURL, when
	// set, checks over Bolt too.
	HTTPURL, BoltURL string
	// HTTPClient carries proxies and extra CAs; nil is the
	// investigation's.
	HTTPClient *http.Client
	// TokenType, when set, sends that token of the set (access_token or
	// id_token) instead of the one Neo4j validates.
	TokenType string
	// Token, when set, is sent instead of the set's: the token, or an
	// Authorization header or its value ("Bearer …"), read as Inspect
	// reads a pasted header (the token in it is sent, and each defect of
	// the header that makes Neo4j refuse it is a finding). TokenName says
	// where it came from ("--token"), the source of those findings.
	Token, TokenName string
}

// LiveTokenType is the token of a sign-in that Neo4j validates.
func LiveTokenType(res *SignInResult) string {
	if res == nil {
		return ""
	}
	return OfSignIn(res, Target{}).ValidatedTokenType()
}

// CheckLive sends the token Neo4j validates to a running Neo4j
// (server.CheckLive) and compares the answer with the prediction; the
// result is the investigation's Live. It fails only when there is nothing
// to send or nowhere to send it; every answer of Neo4j is a finding.
func (inv *Investigation) CheckLive(ctx context.Context, o LiveOptions) (*server.LiveResult, error) {
	o.HTTPURL, o.BoltURL = strings.TrimSpace(o.HTTPURL), strings.TrimSpace(o.BoltURL)
	if o.HTTPURL == "" && o.BoltURL == "" {
		return nil, errors.New("give Neo4j's HTTP URL (http://host:7474) or a Bolt URL (bolt://host:7687)")
	}
	token, given := inspector.ReadTokenValue(o.Token)
	name := cmp.Or(o.TokenName, "the token given")
	if token == "" && len(given) > 0 {
		return nil, fmt.Errorf("%s holds no token: %s; give the token itself, or the whole header", name, given[0].Message)
	}
	tt := cmp.Or(o.TokenType, inv.ValidatedTokenType())
	if token == "" {
		if tt == "" {
			return nil, ErrNoTokens
		}
		if token = inv.Tokens.Field(tt); token == "" {
			return nil, fmt.Errorf("the sign-in has no %s, the token Neo4j validates; choose the other token", tt)
		}
	}
	hc := o.HTTPClient
	if hc == nil {
		hc = inv.In.HTTPClient
	}
	inv.Live = server.CheckLive(ctx, server.LiveInput{HTTPURL: o.HTTPURL, BoltURL: o.BoltURL, Token: token,
		Prediction: inv.predictionOf(ctx, tt, token), HTTPClient: hc})
	// The header's defects come first: the token was sent without them,
	// the header as given would be refused.
	if len(given) > 0 {
		inv.Live.Findings = slices.Concat(given, inv.Live.Findings)
	}
	inv.liveGiven, inv.liveGivenName = given, name
	return inv.Live, nil
}

// predictionOf is the prediction for the token the live check sends as
// the given type of token (token_type_authentication): the
// investigation's own when that is the token it validated, else a
// prediction made for it under the same conf, so that Neo4j's answer is
// never compared with what it would do with another token. A token set
// without the principal token the conf names has the token sent as its
// principal: a bearer token sent to the server passes no SSO client. Nil
// without a conf.
func (inv *Investigation) predictionOf(ctx context.Context, field, token string) *predict.Prediction {
	if p := inv.Prediction; p != nil && p.AuthenticationToken == field && inv.Tokens.Field(field) == token {
		return p
	}
	c := inv.In.Conf
	if c == nil || c.Model == nil || field == "" {
		return nil
	}
	prov := inv.In.Provider
	if p := inv.provider(); p != nil {
		prov = p.Name
	}
	e := Edits{Authentication: field}
	tokens := inv.Tokens
	switch field {
	case "id_token":
		tokens.IDToken = token
	default:
		tokens.AccessToken = token
	}
	if p := inv.provider(); p != nil && tokens.Field(ssoclient.ChooseTokens(p.Config).Principal) == "" {
		e.Principal = field
	}
	model, err := editedModel(c.Model, prov, e)
	if err != nil {
		return nil
	}
	// Decoded afresh: the report's tokens were verified as the user
	// asked, not as Neo4j verifies the token it validates.
	return predict.SimulateLogin(ctx, predict.LoginInput{Model: model, Provider: prov, Tokens: tokens,
		UserInfo: inv.In.UserInfo, NativeRoles: inv.In.NativeRoles, LocalUsers: inv.In.LocalUsers, Rules: inv.In.Rules,
		Verify: inv.baseVerify()})
}

// CheckLive sends the token Neo4j validates of a sign-in to a running
// Neo4j: the live check of the sign-in's investigation.
func CheckLive(ctx context.Context, res *SignInResult, o LiveOptions) (*server.LiveResult, error) {
	if res == nil {
		return nil, ErrNoTokens
	}
	return OfSignIn(res, Target{}).CheckLive(ctx, o)
}

// Snippet renders one snippet kind for Neo4j at these addresses (empty:
// localhost). Snippets read tokens and secrets from the environment; none
// is written into them.
func (h *Handoff) Snippet(kind snippets.Kind, neo4jURL, boltURL string) (snippets.Snippet, error) {
	return RenderSnippet(h.Snippets, kind, neo4jURL, boltURL)
}

// RenderSnippet renders one snippet kind with these parameters for Neo4j
// at these addresses (empty: localhost).
func RenderSnippet(p snippets.Params, kind snippets.Kind, neo4jURL, boltURL string) (snippets.Snippet, error) {
	if u := strings.TrimSpace(neo4jURL); u != "" {
		p.Neo4jURL = u
	}
	if u := strings.TrimSpace(boltURL); u != "" {
		p.BoltURL = u
	}
	return snippets.Render(kind, p)
}
