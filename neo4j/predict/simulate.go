package predict

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/lazyre"
	"github.com/ssolens/ssolens/neo4j/abac"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
)

// The outcomes of a predicted login.
const (
	OutcomeLogIn       = "would-log-in" // Neo4j accepts the token
	OutcomeRejected    = "rejected"     // Neo4j refuses it (Unauthorized)
	OutcomeClientError = "client-error" // Neo4j's SSO client fails before Neo4j sees a token
	// OutcomeNotStarted: the configuration has an error Neo4j refuses to
	// start with (what `ssolens lint` says), so no one logs in.
	OutcomeNotStarted = "not-started"
	// OutcomeAuthDisabled: dbms.security.auth_enabled=false, so Neo4j asks
	// for no credentials and never reads a token.
	OutcomeAuthDisabled = "auth-disabled"
	// OutcomeNoPrediction: the question names a provider the configuration
	// does not have (or gives no configuration): nothing to predict.
	OutcomeNoPrediction = "no-prediction"
)

// LoginInput is everything a prediction depends on.
type LoginInput struct {
	Model *conf.Model
	// Provider is the provider's name (without oidc-); empty picks the only
	// provider enabled for authentication, or, when several are, each in
	// their declared order until one accepts the token (spec §1).
	Provider string
	Tokens   inspector.TokenSet
	// BrowserSignIn says the tokens come from a user's sign-in through an
	// SSO client (Browser, Bloom: the authorization code or implicit flow;
	// a token response whose scope is a user's). Otherwise an access token
	// alone (no ID token, no refresh token) is what a driver or the Query
	// API sends: the access token as a bearer token (spec §4.1).
	BrowserSignIn bool
	// UserInfo is the provider's UserInfo response, for providers with
	// get_username_from_user_info or get_groups_from_user_info.
	UserInfo map[string]any
	// NativeRoles are native users' roles by user name, for setups with
	// native as an authorization provider; nil when unknown.
	NativeRoles map[string][]string
	// LocalUsers maps an auth provider ID (SET AUTH 'oidc-<p>' {SET ID …})
	// to the local user's name, for require_local_user; nil when unknown.
	LocalUsers map[string]string
	// Rules are ABAC auth rules (2026.03+), read with ParseAuthRules; nil
	// when there are none.
	Rules *abac.RuleSet
	// Verify carries the HTTP client, the clock, the skew, Offline and the
	// key cache; the issuer, keys and audiences come from the provider's
	// settings (VerifyConfigFor).
	Verify inspector.VerifyConfig
	// Decoded are the tokens as the caller already decoded them (an
	// investigation's report): a token of the set is taken from here
	// rather than decoded again. Their verification, if any, is not
	// Neo4j's: each provider tried verifies its own copy of the token it
	// validates (Token.Unverified) with its settings, and the caller's
	// tokens are left as they are.
	Decoded []*inspector.Token
	// StandIn is a what-if's simulated token, signed with a throwaway
	// secret that stands in for the providers' keys: that token is
	// verified with the secret, offline, and still against each
	// provider's issuer and audiences. Zero: none.
	StandIn StandIn
}

// StandIn is a simulated token and the secret it is signed with.
type StandIn struct {
	Token, Secret string
}

// decoded returns the caller's decoding of the token in the set's field
// of that name, found by its place in the set (one text given for two
// places has a decoding for each, with the findings of its place), or
// decodes it (once per simulation for the authentication token).
func (in LoginInput) decoded(field string) *inspector.Token {
	if t := in.Tokens.Decoding(field, in.Decoded); t != nil {
		return t
	}
	return inspector.Decode(in.Tokens.Field(field), field, in.Verify.Options)
}

// VerifyConfigFor is the verification Neo4j applies to the token it
// validates for provider p (spec §4.2): the provider's issuer, discovery
// and JWKS, its audiences, azp against client_id before 5.19, and no key
// file or secret. base carries the clock, the HTTP client, Offline and the
// key cache.
func VerifyConfigFor(p *conf.Provider, v conf.Version, base inspector.VerifyConfig) inspector.VerifyConfig {
	cfg := base
	cfg.Issuer, cfg.DiscoveryURL, cfg.JWKSURL = p.Issuer, p.WellKnownDiscoveryURI, p.JWKSURI
	// Settings win over what discovery returns (spec §2.1): an issuer
	// setting overrides the discovery document's, whose keys are used.
	cfg.IssuerOverrides = true
	cfg.Audiences = p.Audience
	cfg.ClientID = ""
	if !v.AtLeast(5, 19) {
		cfg.ClientID = p.ClientID // azp is checked before 5.19
	}
	cfg.PEMFile, cfg.JWKSFile, cfg.Secret = "", "", ""
	cfg.Nonce, cfg.AccessToken, cfg.Code = "", "", ""
	if cfg.JWKSURL == "" && cfg.DiscoveryURL == "" && cfg.Issuer == "" {
		cfg.Offline = true // nothing to fetch keys from: never fall back to the token's own iss
	}
	return cfg
}

// Channels: how the token reaches Neo4j (spec §4.1).
const (
	// ChannelSSOClient: Neo4j's SSO client (Browser, Bloom) decodes the
	// token_type_principal token and sends the token_type_authentication
	// one.
	ChannelSSOClient = "sso-client"
	// ChannelBearer: a driver or the Query API sends the access token as a
	// bearer token; no client decodes anything first.
	ChannelBearer = "bearer"
)

// Prediction is what Neo4j will do with the tokens: the JSON contract of
// `ssolens roles --json`. Channel is how the token reaches Neo4j
// (Channel*); PrincipalToken is empty on the bearer channel, where no
// client decodes a token. Roles are the roles the login grants: none when
// the user does not log in; RolesOnceFixed are then those it would grant
// once the failure is fixed (absent on a login).
type Prediction struct {
	Provider            string              `json:"provider"`
	Neo4jVersion        conf.Version        `json:"neo4j_version"`
	Outcome             string              `json:"outcome"`
	Channel             string              `json:"channel"`
	PrincipalToken      string              `json:"principal_token"`
	AuthenticationToken string              `json:"authentication_token"`
	Username            string              `json:"username"`
	Groups              []string            `json:"groups"`
	Roles               []string            `json:"roles"`
	RolesOnceFixed      []string            `json:"roles_once_fixed,omitempty"`
	Grants              []Grant             `json:"grants"`
	UnmappedGroups      []string            `json:"unmapped_groups"`
	NearMisses          []NearMiss          `json:"near_misses"`
	ShowCurrentUser     *CurrentUser        `json:"show_current_user"`
	Steps               []Step              `json:"steps"`
	Findings            []inspector.Finding `json:"findings"`
	// Token is the token Neo4j validates, decoded and verified.
	Token *inspector.Token `json:"token,omitempty"`

	// MissingRoles are roles a group is mapped to that likely do not
	// exist (a built-in role's name in another case, or not among the
	// custom roles given): role names are case-sensitive and a missing
	// role grants nothing (spec §3.3, §4.3), so they are not in Roles.
	MissingRoles []string `json:"missing_roles"`
	// RolesUnknown say what the roles may also hold that the prediction
	// cannot see (native roles not given, auth rules not evaluated, groups
	// from a UserInfo response not given): Roles are then a floor.
	RolesUnknown []string `json:"roles_unknown,omitempty"`
}

// Grant says which mapping line gives a group its roles.
type Grant struct {
	Group string   `json:"group"`
	Roles []string `json:"roles"`
	// Line is the neo4j.conf line of the mapping entry; 0 when the group
	// name is used as the role name (no mapping configured).
	Line int `json:"line"`
	// Via says where the roles come from: "mapping", "group-name",
	// "native" or "abac:<rule>".
	Via string `json:"via"`
}

// NearMiss is an unmapped group that nearly matches a mapping key.
type NearMiss struct {
	Group string `json:"group"`
	Key   string `json:"key"`
	Line  int    `json:"line"`
	Why   string `json:"why"`
}

// CurrentUser is what SHOW CURRENT USER should return after the login.
type CurrentUser struct {
	// User is empty when its name is not known: with require_local_user,
	// it is the local user linked to AuthProvider with AuthID (spec §4.2
	// step 10), and the local users were not given.
	User         string   `json:"user"`
	Roles        []string `json:"roles"`
	AuthProvider string   `json:"auth_provider,omitempty"`
	AuthID       string   `json:"auth_id,omitempty"`
}

// Who is the user as every face names it: its name, or the link that
// names it.
func (c *CurrentUser) Who() string {
	if c.User != "" || c.AuthID == "" {
		return c.User
	}
	return fmt.Sprintf("the local user linked to %s ID %q (its name is not known here)", c.AuthProvider, c.AuthID)
}

// Step is one stage of Neo4j's handling, with what the prediction knows
// of it. Likely marks a stage that rests on inference, not documentation.
type Step struct {
	Name   string `json:"name"`
	Status string `json:"status"` // passed, failed, not-checked, skipped
	Detail string `json:"detail"`
	Likely bool   `json:"likely,omitempty"`
}

// Step statuses.
const (
	StepPassed     = "passed"
	StepFailed     = "failed"
	StepNotChecked = "not-checked"
	StepSkipped    = "skipped"
)

// verifyCannotTell are the verification findings that mean "could not
// check", not "Neo4j would reject".
var verifyCannotTell = []string{"signature-not-checked", "discovery-failed", "jwks-fetch-failed", "key-file-invalid", "issuer-not-pinned"}

// clientOnlyChecks are what an OpenID client checks of a token and Neo4j
// does not (the nonce, at_hash and c_hash of a sign-in, an alg the
// discovery document does not list): a token verified by a sign-in
// carries them, and they never decide Neo4j's answer.
var clientOnlyChecks = []string{"nonce-mismatch", "at-hash-mismatch", "c-hash-mismatch", "alg-not-advertised"}

// SimulateLogin predicts what Neo4j does with a token set for one provider
// (spec §10): the client-side decode of the principal token, validation of
// the token the server receives, the username, the groups and the roles.
// It never fails; everything it cannot tell is said as a finding and a
// not-checked step, never reported as passed.
func SimulateLogin(ctx context.Context, in LoginInput) *Prediction {
	var s *simulation
	if order := declaredOrder(in); len(order) > 1 {
		s = inOrder(ctx, in, order)
	} else {
		s = newSimulation(in)
		s.run(ctx)
	}
	s.gate()
	inspector.SortFindings(s.p.Findings)
	return s.p
}

func newSimulation(in LoginInput) *simulation {
	s := &simulation{in: in, p: &Prediction{
		Groups: []string{}, Roles: []string{}, MissingRoles: []string{}, Grants: []Grant{}, UnmappedGroups: []string{},
		NearMisses: []NearMiss{}, Steps: make([]Step, 0, 16), Findings: []inspector.Finding{},
	}}
	if in.Model != nil {
		s.p.Neo4jVersion = in.Model.Version
	}
	return s
}

type simulation struct {
	in   LoginInput
	p    *Prediction
	prov *conf.Provider
	// likelyReject is set when the rejection rests on inference.
	likelyReject bool
	// decodedAuth is the authentication token, decoded (authToken).
	decodedAuth *inspector.Token
	// creds are what Neo4j's SSO client hands the Browser (principal).
	creds ssoclient.Credentials
	// localUnknown is set when require_local_user links the user to a
	// local user the prediction cannot see.
	localUnknown bool
	// groupsUnknown is set when the groups come from a UserInfo response
	// that was not given: the roles are then a floor.
	groupsUnknown bool
	// userInfoNoted is set once the UserInfo-with-an-ID-token warning is
	// given (username and groups may both read UserInfo).
	userInfoNoted bool
	// config is the provider's config as meant (conf.IntendedConfig).
	config map[string]string
}

func (s *simulation) add(f inspector.Finding) { s.p.Findings = append(s.p.Findings, f) }

func (s *simulation) step(name, status, detail string, likely bool) {
	s.p.Steps = append(s.p.Steps, Step{Name: name, Status: status, Detail: detail, Likely: likely})
}

func (s *simulation) run(ctx context.Context) {
	p := s.p
	if !s.pickProvider() {
		p.Outcome = OutcomeRejected
		if s.in.Model == nil || s.in.Provider != "" {
			p.Outcome = OutcomeNoPrediction
		}
		return
	}
	prov := s.prov
	p.Provider = prov.Name
	if !s.tokenTypes() {
		p.Outcome = OutcomeRejected
		return
	}

	if !slices.Contains(prov.EnabledFor, "authentication") {
		s.add(FindNotAuthentication.Newf(
			fmt.Sprintf("Add oidc-%s to dbms.security.authentication_providers (e.g. oidc-%s,native).", prov.Name, prov.Name),
			"dbms.security.authentication_providers="+strings.Join(s.in.Model.AuthenticationProviders, ","),
			"Provider %q is not an authentication provider (dbms.security.authentication_providers=%s): Neo4j logs no one in with it.",
			prov.Name, strings.Join(s.in.Model.AuthenticationProviders, ",")))
		s.step("provider", StepFailed, "not in dbms.security.authentication_providers", false)
		p.Outcome = OutcomeRejected
		return
	}
	if p.Channel == ChannelBearer {
		s.noClientStep()
	} else if !s.principal() {
		p.Outcome = OutcomeClientError
		return
	}
	tok := s.authenticationToken(ctx)
	if tok == nil {
		p.Outcome = OutcomeRejected
		return
	}
	claims := tok.Claims
	s.username(claims)
	s.groups(claims)
	s.roles()
	s.browserPrincipal()

	switch {
	case s.failed():
		p.Outcome = OutcomeRejected
		s.withholdRoles("the login fails first")
	default:
		p.Outcome = OutcomeLogIn
		p.ShowCurrentUser = &CurrentUser{User: p.Username, Roles: p.Roles}
		if s.localUnknown {
			p.ShowCurrentUser.User, p.ShowCurrentUser.AuthProvider, p.ShowCurrentUser.AuthID = "", "oidc-"+s.prov.Name, p.Username
		}
	}
}

// inferredStartErrors are the lint errors whose failed start rests on
// inference, not on Neo4j's documented behaviour.
var inferredStartErrors = []string{"mapping-invalid-entry"}

// withholdRoles marks the roles as not granted, for why: roles are
// granted only after a successful login, so the step says what they would
// be once the failure is fixed, without claiming them.
func (s *simulation) withholdRoles(why string) {
	if len(s.p.Roles) > 0 {
		s.p.RolesOnceFixed, s.p.Roles = s.p.Roles, []string{}
	}
	for i := range s.p.Steps {
		if s.p.Steps[i].Name == "roles" && s.p.Steps[i].Status != StepSkipped {
			s.p.Steps[i].Status = StepSkipped
			s.p.Steps[i].Detail = "not granted: " + why + " (once fixed: " + s.p.Steps[i].Detail + ")"
		}
	}
}

// gate applies what comes before any login, once the login itself has
// been simulated (so that the steps still say what happens once it is
// fixed): a configuration Neo4j refuses to start with, and authentication
// switched off. A model imported from a running server has started, and
// its auth_enabled is not known.
func (s *simulation) gate() {
	m, p := s.in.Model, s.p
	if m == nil || m.FromServer {
		return
	}
	var errs []inspector.Finding
	for _, f := range m.Findings {
		if f.Severity == inspector.SeverityError {
			errs = append(errs, f)
		}
	}
	switch {
	case len(errs) > 0:
		first := errs[0]
		fix := "Fix the errors the configuration check lists"
		if first.Fix != "" {
			fix += "; the first: " + first.Fix
		}
		s.add(FindConfStopsStart.Newf(fix, first.Evidence,
			"Neo4j would not start with this configuration (%d error(s), the first %s: %s), so no one logs in.",
			len(errs), first.Code, first.Message).WithCommand("ssolens lint neo4j.conf"))
		// Some errors rest on inference (a mapping entry that does not
		// parse: Neo4j "likely rejects the whole mapping").
		likely := slices.Contains(inferredStartErrors, first.Code)
		p.Steps = append([]Step{{Name: "configuration", Status: StepFailed, Detail: first.Message, Likely: likely}}, p.Steps...)
		s.withholdRoles("Neo4j does not start")
		p.Outcome, p.ShowCurrentUser = OutcomeNotStarted, nil
	case !m.AuthEnabled:
		evidence := ""
		if st := m.Globals[conf.AuthEnabled]; st != nil {
			evidence = fmt.Sprintf("line %d: %s=%s", st.Line, conf.AuthEnabled, st.Raw)
		}
		s.add(FindAuthDisabledNoLogin.Newf("Set dbms.security.auth_enabled=true (the default) to have Neo4j ask for a login.", evidence,
			"dbms.security.auth_enabled=false: Neo4j asks for no credentials and never reads the token; SHOW CURRENT USER returns no row."))
		p.Steps = append([]Step{{Name: "auth_enabled", Status: StepFailed, Detail: "dbms.security.auth_enabled=false: Neo4j asks for no credentials and never reads the token"}}, p.Steps...)
		s.withholdRoles("Neo4j asks for no login")
		p.Outcome, p.ShowCurrentUser = OutcomeAuthDisabled, nil
	}
}

func (s *simulation) failed() bool {
	for _, st := range s.p.Steps {
		if st.Status == StepFailed {
			return true
		}
	}
	return false
}

// pickProvider finds the provider to simulate.
func (s *simulation) pickProvider() bool {
	m := s.in.Model
	if m == nil {
		s.add(FindProviderNotFound.New("No configuration was given.", "Give a neo4j.conf (or a running Neo4j's URL).", ""))
		return false
	}
	if s.in.Provider != "" {
		s.prov = m.Provider(strings.TrimPrefix(s.in.Provider, "oidc-"))
		if s.prov == nil {
			s.add(FindProviderNotFound.Newf("Name one of the configured providers: "+providerNames(m)+".", s.in.Provider,
				"No provider %q is configured (dbms.security.oidc.%s.*).", s.in.Provider, s.in.Provider))
			s.step("provider", StepFailed, fmt.Sprintf("no provider %q is configured; configured: %s", s.in.Provider, providerNames(m)), false)
			return false
		}
		return true
	}
	var enabled []*conf.Provider
	for _, p := range m.Providers {
		if slices.Contains(p.EnabledFor, "authentication") {
			enabled = append(enabled, p)
		}
	}
	switch {
	case len(enabled) == 1:
		s.prov = enabled[0]
	case len(m.Providers) == 1:
		s.prov = m.Providers[0]
	default:
		s.add(FindProviderNotFound.Newf("Name the provider to simulate: "+providerNames(m)+".", providerNames(m),
			"The configuration has %d OIDC providers; which one signs this user in?", len(m.Providers)))
		return false
	}
	return true
}

func providerNames(m *conf.Model) string {
	var names []string
	for _, p := range m.Providers {
		names = append(names, p.Name)
	}
	if len(names) == 0 {
		return "(none configured)"
	}
	return strings.Join(names, ", ")
}

// principal replays what Neo4j's SSO client does first (spec §5.4): decode
// the token_type_principal field with jwt-decode, which takes the second
// dot-separated part and JSON-parses its base64url. No verification.
func (s *simulation) principal() bool {
	name := s.p.PrincipalToken
	raw := s.in.Tokens.Field(name)
	// What neo4j-client-sso's getCredentialsFromAuthResult does, with its
	// own jwt-decode (SSO Lens's decoder is more lenient than the client).
	creds, err := ssoclient.Predict(s.in.Tokens, s.prov.Name, s.config, s.known)
	decodable := err == nil
	s.creds = creds
	if decodable {
		s.step("principal-token", StepPassed, fmt.Sprintf("the client decodes the %s (token_type_principal)", name), false)
		return true
	}
	why := "the token response has no " + name
	if raw != "" {
		tok := s.in.decoded(name)
		why = fmt.Sprintf("the %s is %s, not a JWT whose payload decodes", name, ssoclient.DescribeKind(tok))
	}
	fix := fmt.Sprintf("Make token_type_principal name a JWT the provider returns: usually config=token_type_principal=id_token;token_type_authentication=id_token%s%s. ", s.lineNote("config"), s.idTokenAudience())
	switch {
	case name == "access_token" && raw != "" && !strings.Contains(raw, "."):
		fix += "The access token is opaque (Google always; Auth0 without an API audience: add audience=<API identifier> to params instead, to get a JWT access token)."
	case name == "access_token" && strings.Count(raw, ".") == 4:
		fix += "The access token is encrypted (JWE): Auth0 issues these when no audience is requested; add audience=<API identifier> to params."
	case name == "id_token" && raw == "":
		fix = "The provider returned no ID token: add openid to the scope in params, and use response_type=code (not token)."
	}
	if pad := s.paddedTokenType("token_type_principal", name); pad != nil {
		why = fmt.Sprintf("no %q in the token response", name)
		s.add(FindPrincipalNotJWT.Newf(pad.fix, why,
			`%s. token_type_principal is %q: %s, so Neo4j's SSO client (Browser, Bloom) likely finds no such field to decode before it contacts Neo4j.`,
			err.Error(), name, pad.why))
		s.step("principal-token", StepFailed, why, true)
		return false
	}
	s.add(FindPrincipalNotJWT.Newf(fix, why,
		`%s. Neo4j's SSO client (Browser, Bloom) decodes the token named by token_type_principal (%s) before it contacts Neo4j, and %s.`,
		err.Error(), name, why))
	s.step("principal-token", StepFailed, why, false)
	return false
}

// authenticationToken takes the token the client hands Neo4j
// (token_type_authentication) and validates it as the server does
// (spec §4.2): a JWS, signed under the provider's keys, iss, aud, azp
// before 5.19, exp/nbf, sub.
func (s *simulation) authenticationToken(ctx context.Context) *inspector.Token {
	name := s.p.AuthenticationToken
	raw := s.in.Tokens.Field(name)
	if raw == "" {
		if pad := s.paddedTokenType("token_type_authentication", name); pad != nil {
			s.add(FindAuthTokenMissing.Newf(pad.fix, "token_type_authentication="+name,
				"token_type_authentication is %q: %s, so the SSO client likely finds no such field in the token response, sends Neo4j no token, and the login fails.", name, pad.why))
			s.step("authentication-token", StepFailed, fmt.Sprintf("no %q in the token response", name), true)
			return nil
		}
		s.add(FindAuthTokenMissing.Newf(
			fmt.Sprintf("Set token_type_authentication (config, line %d) to a token the provider returns, usually access_token or id_token.", s.settingLine("config")),
			"token_type_authentication="+name,
			"The token response has no %s, which token_type_authentication names: the client sends Neo4j no token, and the login fails.", name))
		s.step("authentication-token", StepFailed, "no "+name+" in the token response", false)
		return nil
	}
	tok := s.authToken()
	s.p.Token = tok
	if tok.Kind != inspector.KindJWS {
		s.add(FindAuthTokenNotJWS.Newf(
			fmt.Sprintf("Neo4j validates only signed JWTs. Either get a JWT %s (request an API audience or scope at the provider) or let Neo4j validate the ID token: config=token_type_principal=id_token;token_type_authentication=id_token%s%s.", name, s.lineNote("config"), s.idTokenAudience()),
			string(tok.Kind),
			"The %s (token_type_authentication) is %s: Neo4j cannot validate it and rejects the login.", name, ssoclient.DescribeKind(tok)))
		s.step("jws", StepFailed, "the "+name+" is "+ssoclient.DescribeKind(tok), false)
		return nil
	}
	s.step("jws", StepPassed, "the "+name+" is a signed JWT", false)

	inspector.Verify(ctx, tok, s.verifyConfig(tok))
	s.judgeVerification(tok)
	return tok
}

// padding is why a token type carries white space and how to remove it.
type padding struct{ why, fix string }

// paddedTokenType says why the token type (the config key's value) is a
// known name with white space around it, or nil. A final line break is
// what a Helm values.yaml block scalar (| or >, clip chomping) leaves: the
// Neo4j chart hands each config: value to Neo4j as the content of a file
// of its own (/config/neo4j.conf/<setting>), which Neo4j reads as it is,
// and map values are not trimmed (spec §3.1). That chain is read from the
// chart's and Neo4j's source, not observed, so what follows is likely.
func (s *simulation) paddedTokenType(key, name string) *padding {
	t := strings.TrimSpace(name)
	if t == name || (t != ssoclient.IDToken && t != ssoclient.AccessToken) {
		return nil
	}
	line := s.settingLine("config")
	if strings.HasSuffix(name, "\n") && strings.TrimRight(name, "\n") == t {
		return &padding{
			why: "its value ends with a line break, as a YAML block scalar (| or >) keeps one; the Neo4j Helm chart hands the value to Neo4j with it, and Neo4j does not trim map values",
			fix: fmt.Sprintf("Remove the final line break of the config value (line %d), so that it ends %s=%s: in a Helm values.yaml, write the block scalar with |- (strip chomping), or the value in quotes on the key's line.", line, key, t),
		}
	}
	return &padding{
		why: "Neo4j does not trim map values, so the spaces are part of the name",
		fix: fmt.Sprintf("Remove the spaces around %s's value in the config line (line %d): %s=%s.", key, line, key, t),
	}
}

// known gives the SSO client's emulation, which decodes the principal
// token's payload, the decodings this prediction has anyway: the
// authentication token's (decoded here, before its validation, when the
// client decodes it too), else the caller's of the principal token.
func (s *simulation) known(raw string) *inspector.Token {
	switch raw {
	case s.in.Tokens.Field(s.p.AuthenticationToken):
		return s.authToken()
	case s.in.Tokens.Field(s.p.PrincipalToken):
		return s.in.Tokens.Decoding(s.p.PrincipalToken, s.in.Decoded)
	}
	return nil
}

// authToken is the simulation's own decoding of the
// token_type_authentication token, which its provider verifies: the
// caller's decoding without its verification, else decoded here, once.
func (s *simulation) authToken() *inspector.Token {
	if s.decodedAuth == nil {
		s.decodedAuth = s.in.decoded(s.p.AuthenticationToken).Unverified()
	}
	return s.decodedAuth
}

// verifyConfig is how the provider verifies tok (VerifyConfigFor); a
// what-if's simulated token is checked with its stand-in secret, offline,
// against the provider's issuer (the token's own when the issuer comes
// from discovery, which is not fetched) and audiences.
func (s *simulation) verifyConfig(tok *inspector.Token) inspector.VerifyConfig {
	cfg := VerifyConfigFor(s.prov, s.p.Neo4jVersion, s.in.Verify)
	if si := s.in.StandIn; si.Secret != "" && tok.Raw == si.Token {
		cfg.Secret, cfg.JWKSURL, cfg.DiscoveryURL, cfg.Offline = si.Secret, "", "", true
		if cfg.Issuer == "" {
			cfg.Issuer, _ = tok.Claims.String("iss")
		}
	}
	return cfg
}

// settingForCode names the provider setting a verification failure points
// at, for the fix.
var settingForCode = map[string]string{
	"iss-mismatch": "issuer", "iss-trailing-slash": "issuer", "entra-token-version": "issuer",
	"discovery-issuer-mismatch": "well_known_discovery_uri", "discovery-unusable": "well_known_discovery_uri",
	"aud-mismatch": "audience", "azp-mismatch": "client_id",
	"kid-not-found": "jwks_uri", "signature-invalid": "jwks_uri", "no-matching-key": "jwks_uri",
}

func (s *simulation) judgeVerification(tok *inspector.Token) {
	var rejecting []inspector.Finding
	cannotTell := false
	for _, f := range tok.Findings {
		if s.clientOnly(f.Code) {
			continue
		}
		if slices.Contains(verifyCannotTell, f.Code) {
			cannotTell = cannotTell || f.Code != "issuer-not-pinned"
			continue
		}
		if f.Code == inspector.FindExpired.Code && s.expiredWithinSkew(tok) {
			continue // not a certain rejection: the exp step says why
		}
		if f.Severity == inspector.SeverityError {
			rejecting = append(rejecting, f)
		}
	}
	// The token's own findings are part of the story; an expiry within the
	// clock allowance is a warning here, as the exp step says.
	for _, f := range tok.Findings {
		if f.Code == inspector.FindExpired.Code && s.expiredWithinSkew(tok) {
			f.Severity = inspector.SeverityWarning
			f.Message += " It is within the clock allowance: Neo4j's own allowance is not documented, so it may still be accepted."
		}
		s.p.Findings = append(s.p.Findings, f)
	}

	sig := tok.Signature
	switch {
	case sig != nil && sig.Verified:
		s.step("signature", StepPassed, "verified with "+sig.KeySource, false)
	case cannotTell || sig == nil:
		detail := "not checked"
		if sig != nil && sig.Error != "" {
			detail = sig.Error
			if !strings.HasPrefix(detail, "not checked") {
				detail = "not checked: " + detail
			}
		}
		s.step("signature", StepNotChecked, detail, false)
		// Online is the command line's way; a fetch that failed online has
		// its cause in detail, and no command to run.
		cmd := ""
		if s.in.Verify.Offline {
			cmd = "ssolens roles --conf neo4j.conf --tokens FILE"
		}
		s.add(FindSignatureUnchecked.New(
			"The signature could not be checked here ("+detail+"), so this prediction holds only if the token is signed by the provider's current keys.",
			"Let SSO Lens fetch the keys from the provider (online), the way Neo4j does, or give the JWKS as a file.",
			detail).WithCommand(cmd))
	default:
		s.step("signature", StepFailed, sig.Error, false)
	}
	issChecked := false
	for _, c := range tok.Checks {
		if s.clientOnly(c.Name) {
			continue
		}
		status := StepPassed
		if !c.OK {
			status = StepFailed
		}
		issChecked = issChecked || c.Name == "iss"
		if c.Name == "exp" && !c.OK && s.expiredWithinSkew(tok) {
			// Neo4j's clock allowance is not documented (spec §4.2 step 5):
			// a token expired by less than the skew may still pass.
			s.step("exp", StepNotChecked, fmt.Sprintf("expired %s ago, within the %s clock allowance given here; Neo4j's own allowance is not documented",
				inspector.HumanDuration(s.in.Verify.Options.Clock().Sub(tok.Times["exp"].At())), s.in.Verify.Options.Allowance()), true)
			continue
		}
		s.step(c.Name, status, "expected "+c.Expected+", got "+c.Actual, c.Name == "nbf" || c.Name == "iat")
	}
	if !issChecked {
		iss, _ := tok.Claims.String("iss")
		s.step("iss", StepNotChecked, fmt.Sprintf("the token says %q; the expected issuer is in the discovery document, which was not fetched", iss), false)
	}
	if len(s.prov.Audience) == 0 && s.in.Model.FromServer {
		s.step("aud", StepNotChecked, "audience is a server-side setting that discovery does not publish", false)
	} else if len(s.prov.Audience) == 0 {
		s.likelyReject = true
		s.step("aud", StepFailed, "no audience setting: no aud can match", true)
		s.add(FindAudienceNotSet.Newf(
			fmt.Sprintf("Set dbms.security.oidc.%s.audience to the token's aud (%s).", s.prov.Name, strings.Join(tokAud(tok), ", ")),
			"audience not set",
			"Provider %q has no audience setting, so Neo4j likely rejects every token: the aud check has nothing to match (the setting has no default).", s.prov.Name))
	}
	if len(rejecting) == 0 {
		return
	}
	first := rejecting[0]
	fix := first.Fix
	if setting, ok := settingForCode[first.Code]; ok {
		if line := s.settingLine(setting); line > 0 {
			fix = fmt.Sprintf("Change dbms.security.oidc.%s.%s (line %d): %s", s.prov.Name, setting, line, first.Fix)
		}
	}
	if f := s.bearerAudienceFix(first.Code, tok); f != "" {
		fix = f
	}
	s.add(FindLoginRejected.Newf(fix, first.Code,
		"Neo4j would reject the %s: %s", s.p.AuthenticationToken, first.Message).WithCommand(first.Command))
	// Make sure a failing check shows as a failed step even when it is a
	// decode finding (expiry) rather than a claim check.
	if !s.failed() {
		s.step(first.Code, StepFailed, first.Message, false)
	}
}

// clientOnly reports whether a finding code or a check name is one Neo4j
// does not make (a token verified by a sign-in carries them): the client's
// nonce, at_hash and c_hash, and azp from 5.19 on.
func (s *simulation) clientOnly(codeOrCheck string) bool {
	switch codeOrCheck {
	case "nonce":
		return true
	case "azp", "azp-mismatch":
		return s.p.Neo4jVersion.AtLeast(5, 19)
	}
	return slices.Contains(clientOnlyChecks, codeOrCheck)
}

// idTokenAudience is what a fix that has Neo4j validate the ID token must
// add: the audience setting becomes the ID token's aud, which is the
// client id at most providers, not the API's (spec §5.4).
func (s *simulation) idTokenAudience() string { return s.audienceFor("id_token") }

// audienceFor is ", and audience=<the token's aud> (line N)" for a fix
// that has Neo4j validate the named token instead.
func (s *simulation) audienceFor(field string) string {
	aud := "the client id"
	if t := s.in.decoded(field); t != nil && t.Kind == inspector.KindJWS {
		if a := tokAud(t); len(a) > 0 {
			aud = strings.Join(a, ",")
		}
	}
	return fmt.Sprintf(", and audience=%s%s, that token's aud", aud, s.lineNote("audience"))
}

// expiredWithinSkew reports whether the token's exp has passed by no more
// than the clock allowance.
func (s *simulation) expiredWithinSkew(tok *inspector.Token) bool {
	tm, ok := tok.Times["exp"]
	if !ok {
		return false
	}
	late := s.in.Verify.Options.Clock().Sub(tm.At())
	return late >= 0 && late <= s.in.Verify.Options.Allowance()
}

func tokAud(t *inspector.Token) []string {
	aud, _ := t.Claims.Strings("aud")
	return aud
}

// settingLine is the conf line of a provider setting, 0 when undeclared.
// lineNote is " (line N)" for a setting the configuration sets, and ""
// for one it leaves at its default (there is no line to name).
func (s *simulation) lineNote(suffix string) string {
	if line := s.settingLine(suffix); line > 0 {
		return fmt.Sprintf(" (line %d)", line)
	}
	return ""
}

func (s *simulation) settingLine(suffix string) int {
	if st, ok := s.prov.Settings[suffix]; ok {
		return st.Line
	}
	return 0
}

// claimSource returns the claims to read a setting from: the validated
// token, or UserInfo when get_*_from_user_info is set.
func (s *simulation) claimSource(fromUserInfo bool, what string) (map[string]json.RawMessage, *inspector.Object, bool) {
	if !fromUserInfo {
		return nil, s.p.Token.Claims, true
	}
	if s.p.AuthenticationToken == "id_token" && !s.userInfoNoted {
		// Neo4j calls UserInfo with the token it validates; UserInfo takes
		// access tokens (OIDC Core §5.3.1), not ID tokens (spec §4.2 step 9).
		s.userInfoNoted = true
		s.add(FindUserInfoWithIDToken.Newf(
			"Validate the access token (token_type_authentication=access_token, with audience set to its aud), or read the claims from the token (get_*_from_user_info=false).",
			"get_"+what+"_from_user_info=true, token_type_authentication=id_token",
			"Provider %q reads claims from UserInfo with the token Neo4j validates, here the ID token; UserInfo takes access tokens, so the call likely fails and the login with it.", s.prov.Name))
		s.step("userinfo", StepFailed, "Neo4j calls UserInfo with the id_token, the token it validates; UserInfo takes access tokens, so the call fails", true)
	}
	if s.in.UserInfo == nil {
		s.add(FindUserInfoNeeded.Newf("Give the UserInfo response, or sign in with SSO Lens, which calls UserInfo.",
			"get_"+what+"_from_user_info=true",
			"Provider %q reads the %s from UserInfo, which Neo4j calls with the token; without the response the %s cannot be predicted.", s.prov.Name, what, what).
			WithCommand("ssolens roles --conf neo4j.conf --tokens token-response.json --userinfo userinfo.json"))
		return nil, nil, false
	}
	out := map[string]json.RawMessage{}
	for k, v := range s.in.UserInfo {
		b, _ := json.Marshal(v)
		out[k] = b
	}
	return out, nil, true
}

func lookup(m map[string]json.RawMessage, o *inspector.Object, name string) (json.RawMessage, bool) {
	if o != nil {
		return o.Get(name)
	}
	v, ok := m[name]
	return v, ok
}

// username reads claims.username (default sub): it must be a string
// (spec §4.2 step 7).
func (s *simulation) username(claims *inspector.Object) {
	name := s.prov.UsernameClaim
	assumed := ""
	if name == "" {
		name = "sub"
		if s.in.Model.FromServer {
			assumed = " (claims.username is not published by discovery; assuming the default, sub)"
		}
	}
	m, o, ok := s.claimSource(s.prov.UsernameFromUserInfo, "username")
	if !ok {
		s.step("username", StepNotChecked, "needs the UserInfo response", false)
		return
	}
	raw, found := lookup(m, o, name)
	str, plain := inspector.PlainString(raw)
	switch {
	case !found:
		s.add(FindUsernameMissing.Newf(
			fmt.Sprintf("Set claims.username%s to a claim the token carries, or add the %s claim at the provider. sub is the documented choice.", s.lineNote("claims.username"), name),
			"claims.username="+name,
			"The token has no %s claim, which claims.username names: Neo4j likely rejects the login.", name))
		s.step("username", StepFailed, "no "+name+" claim", true)
	case !plain && json.Unmarshal(raw, &str) != nil:
		s.add(FindUsernameNotString.Newf(
			"Point claims.username at a string claim (sub, email, preferred_username).",
			name+": "+string(raw),
			"The %s claim is %s, not a string: Neo4j expects a string claim and likely rejects the login.", name, string(raw)))
		s.step("username", StepFailed, name+" is not a string", true)
	default:
		s.p.Username = str
		s.step("username", StepPassed, fmt.Sprintf("%s = %q%s", name, str, assumed), assumed != "")
	}
}

var guidPattern = lazyre.New(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// groups reads claims.groups: an array of strings, or (from 5.4) one
// string (spec §4.2 step 8). A missing claim means no IdP groups, and so
// does (likely) a claim of another type: the login itself goes on.
func (s *simulation) groups(claims *inspector.Object) {
	prov := s.prov
	if s.in.Model.FromServer {
		s.step("groups", StepNotChecked, "claims.groups is a server-side setting that discovery does not publish", false)
		return
	}
	if prov.GroupsClaim == "" {
		if slices.Contains(prov.EnabledFor, "authorization") {
			s.add(FindGroupsNotConfigured.Newf(
				fmt.Sprintf("Set dbms.security.oidc.%s.claims.groups to the claim carrying the groups (groups, roles...).", prov.Name),
				"claims.groups not set",
				"claims.groups is not set for provider %q: Neo4j reads no groups from the identity provider.", prov.Name))
		}
		s.step("groups", StepSkipped, "claims.groups not set", false)
		return
	}
	name := prov.GroupsClaim
	m, o, ok := s.claimSource(prov.GroupsFromUserInfo, "groups")
	if !ok {
		s.step("groups", StepNotChecked, "needs the UserInfo response", false)
		s.groupsUnknown = true
		return
	}
	raw, found := lookup(m, o, name)
	if !found || strings.TrimSpace(string(raw)) == "null" {
		s.missingGroups(name)
		return
	}
	var one string
	var list []string
	// A string or a list: the first byte says which (the other decode
	// would fail, at the price of an error); a plain list of strings is
	// read without reflection.
	trimmed := bytes.TrimLeft(raw, " \t\r\n")
	str := len(trimmed) > 0 && trimmed[0] == '"'
	plain, isPlain := []string(nil), false
	if !str {
		plain, isPlain = inspector.PlainStrings(raw)
	}
	switch {
	case isPlain:
		list = plain
	case str && json.Unmarshal(raw, &one) == nil:
		if !s.p.Neo4jVersion.AtLeast(5, 4) {
			s.add(FindGroupsBadType.Newf("Upgrade to Neo4j 5.4 or later, or have the provider send the claim as a list.", name+": "+string(raw),
				"The %s claim is a single string; Neo4j %s accepts only a list of strings (a single string from 5.4), so the user likely gets no groups.", name, s.p.Neo4jVersion))
			s.step("groups", StepPassed, "no groups (likely): a single string before 5.4", true)
			return
		}
		list = []string{one}
	case !str && json.Unmarshal(raw, &list) == nil:
	default:
		s.add(FindGroupsBadType.Newf("Have the provider send the groups as a list of strings.", name+": "+conf.ClipText(string(raw), 120),
			"The %s claim is %s, not a list of strings: Neo4j likely reads no groups from it.", name, conf.ClipText(string(raw), 120)))
		s.step("groups", StepPassed, "no groups (likely): "+name+" is not a list of strings", true)
		return
	}
	s.p.Groups = list
	s.step("groups", StepPassed, fmt.Sprintf("%s has %d group(s)", name, len(list)), false)
}

// missingGroups explains why the groups claim is absent, with the
// provider-specific causes the spec lists (§8).
func (s *simulation) missingGroups(name string) {
	tok := s.p.Token
	other := "id_token"
	if s.p.AuthenticationToken == "id_token" {
		other = "access_token"
	}
	otherTok := s.in.decoded(other)
	prov := s.prov
	switch {
	case has(tok.Claims, "_claim_names") || has(tok.Claims, "hasgroups"):
		s.add(FindGroupsOverage.Newf(
			"Entra ID: assign App Roles to the users and set claims.groups=roles, or limit the groups sent (Token configuration → groups assigned to the application).",
			"_claim_names present",
			"The token has _claim_names instead of %s: Entra left the groups out because the user has too many (over 200, the overage limit), so Neo4j sees none.", name))
	case otherTok.Claims != nil && has(otherTok.Claims, name):
		s.add(FindGroupsInOtherToken.Newf(
			fmt.Sprintf("Add the %s claim to the %s at the provider (Okta: Security → API → Claims, for the access token too), or have Neo4j validate the %s (config token_type_authentication=%s%s).", name, s.p.AuthenticationToken, other, other, s.audienceFor(other)),
			fmt.Sprintf("%s has %s; %s has not", other, name, s.p.AuthenticationToken),
			"The %s claim is in the %s but not in the %s, the token Neo4j validates (token_type_authentication): the user gets PUBLIC only from this provider.", name, other, s.p.AuthenticationToken))
	case strings.Contains(name, ".") || has(tok.Claims, "realm_access") || has(tok.Claims, "resource_access"):
		msg := fmt.Sprintf("The token has no top-level %s claim. ", name)
		if _, err := inspector.ResolveClaimPath(tok.Claims, name); err == nil {
			msg += fmt.Sprintf("It has the nested path %s, but Neo4j likely reads claims.groups as one top-level claim name, not a path.", name)
		} else if _, err := inspector.ResolveClaimPath(tok.Claims, "realm_access.roles"); err == nil {
			msg += "Its roles are nested in realm_access.roles (Keycloak's default), which Neo4j likely cannot read."
		}
		s.add(FindGroupsNested.New(msg,
			"Keycloak: add a protocol mapper (User Realm Role or Group Membership, 'Add to access token') that emits a top-level claim such as roles, and set claims.groups to it.",
			"claims.groups="+name+s.lineNote("claims.groups")))
	default:
		s.add(FindGroupsMissing.Newf(
			fmt.Sprintf("Add a %s claim to the %s at the provider, or set claims.groups%s to the claim that carries the groups. Google sends no groups at all: use native authorization.", name, s.p.AuthenticationToken, s.lineNote("claims.groups")),
			fmt.Sprintf("claims.groups=%s", name),
			"The %s has no %s claim (claims.groups for provider %q): the user gets no roles from the identity provider.", s.p.AuthenticationToken, name, prov.Name))
	}
	s.step("groups", StepFailed, "no "+name+" claim", false)
	// A missing groups claim is not a failed login: mark it skipped.
	s.p.Steps[len(s.p.Steps)-1].Status = StepSkipped
}

func has(o *inspector.Object, name string) bool {
	_, ok := o.Get(name)
	return ok
}

// roles maps the groups to roles (spec §4.3): the mapping when configured
// (only mapped groups grant roles), else group names as role names; PUBLIC
// always; native roles when native authorizes too; require_local_user.
func (s *simulation) roles() {
	prov, p := s.prov, s.p
	roles := map[string]bool{"PUBLIC": true}
	if s.in.Model.FromServer {
		p.Roles = []string{"PUBLIC"}
		s.step("roles", StepNotChecked, "PUBLIC at least; the authorization providers and group_to_role_mapping are server-side settings that discovery does not publish", false)
		return
	}
	authz := slices.Contains(prov.EnabledFor, "authorization")
	switch {
	case !authz && prov.IsGoogle():
		fix := "Nothing to change for Google: grant the users their roles natively (GRANT ROLE <role> TO <user>)."
		if !slices.Contains(s.in.Model.AuthorizationProviders, "native") {
			fix = "Add native to dbms.security.authorization_providers and grant the users their roles natively (GRANT ROLE <role> TO <user>)."
		}
		s.add(FindNotAuthorization.Newf(fix,
			"dbms.security.authorization_providers="+strings.Join(s.in.Model.AuthorizationProviders, ","),
			"Provider %q is Google, which sends no groups and cannot be configured to: its users get their roles from native (or another) authorization, as meant.", prov.Name))
	case !authz:
		s.add(FindNotAuthorization.Newf(
			fmt.Sprintf("To grant roles from the identity provider's groups, add oidc-%s to dbms.security.authorization_providers.", prov.Name),
			"dbms.security.authorization_providers="+strings.Join(s.in.Model.AuthorizationProviders, ","),
			"Provider %q is not an authorization provider, so its groups grant no roles.", prov.Name))
	case prov.GroupToRoleMapping != nil:
		for _, g := range p.Groups {
			rs, entry := prov.GroupToRoleMapping.RolesFor(g)
			if entry == nil {
				p.UnmappedGroups = append(p.UnmappedGroups, g)
				continue
			}
			p.Grants = append(p.Grants, Grant{Group: g, Roles: rs, Line: entry.Line, Via: "mapping"})
			s.overridden(g, entry)
			for _, r := range rs {
				roles[r] = true
				if t := strings.TrimSpace(r); t != r {
					s.add(conf.FindMappingRoleSpace.Newf(
						fmt.Sprintf("Delete the spaces around the commas on line %d: %s.", entry.Line, entry.Trimmed()),
						fmt.Sprintf("line %d: %s", entry.Line, entry.Text),
						"The group %q grants the role %q, spaces included (roles are split on ',' and not trimmed): Neo4j looks for a role of that name, which does not exist, not for %q.", g, r, t))
				}
			}
		}
		s.nearMisses()
	default:
		for _, g := range p.Groups {
			p.Grants = append(p.Grants, Grant{Group: g, Roles: []string{g}, Via: "group-name"})
			roles[g] = true
		}
	}
	// With require_local_user the user is the linked local user (§4.2 step
	// 10): its name, not the claim, is whose native roles native adds.
	if s.in.Model.RequireLocalUser && p.Username != "" {
		s.localUser()
	}
	var unknown []string // what the roles may also hold, not known here
	if slices.Contains(s.in.Model.AuthorizationProviders, "native") && p.Username != "" {
		if s.localUnknown {
			unknown = append(unknown, "the native roles of the linked local user")
			s.add(FindNativeRolesUnknown.Newf(
				"Give the local users, and the native roles, to see them in the prediction.",
				"native in dbms.security.authorization_providers; dbms.security.require_local_user=true",
				"native is an authorization provider: the linked local user (auth provider oidc-%s, ID %q) adds its native roles, which this prediction cannot see.", s.prov.Name, p.Username).
				WithCommand("ssolens roles --local-users FILE --native-roles FILE"))
		} else if s.in.NativeRoles == nil {
			unknown = append(unknown, fmt.Sprintf("the native roles of %q", p.Username))
			s.add(FindNativeRolesUnknown.Newf(
				"Give the native roles to see them in the prediction.",
				"native in dbms.security.authorization_providers",
				"native is an authorization provider: a native user named %q, if one exists, adds its roles (GRANT ROLE … TO %s).", p.Username, p.Username).
				WithCommand("ssolens roles --native-roles FILE"))
		} else if rs := s.in.NativeRoles[p.Username]; len(rs) > 0 {
			p.Grants = append(p.Grants, Grant{Group: "", Roles: rs, Via: "native"})
			for _, r := range rs {
				roles[r] = true
			}
		}
	}
	if rules := s.authRules(roles); len(rules) > 0 {
		unknown = append(unknown, "the roles of auth rules not evaluated: "+strings.Join(rules, ", "))
	}
	for r := range roles {
		switch {
		// A role with spaces around it has its own finding (above); one
		// granted natively or by an auth rule exists, as does a custom
		// role given.
		case slices.Contains(conf.BuiltinRoles, r) || strings.TrimSpace(r) != r || !p.grantedByGroups(r) || p.grantedOtherwise(r) ||
			slices.Contains(s.in.Model.CustomRoles, r):
		case !s.roleExists(r):
			continue // likely no such role: not granted
		default:
			name := conf.CypherName(r)
			s.add(FindRoleNotBuiltin.Newf("Create it (CREATE ROLE "+name+") and grant it privileges, or map to a built-in role.", r,
				"Role %q is not built in: it grants something only if it exists (CREATE ROLE %s); role names are case-sensitive.", r, name))
		}
		p.Roles = append(p.Roles, r)
	}
	sort.Strings(p.Roles)
	sort.Strings(p.MissingRoles)
	detail := RoleList(p.Roles)
	if len(p.MissingRoles) > 0 {
		detail += "; not granted, likely no such role: " + RoleList(p.MissingRoles)
	}
	if s.groupsUnknown {
		unknown = append([]string{"the groups, from UserInfo"}, unknown...)
	}
	p.RolesUnknown = unknown
	if len(unknown) > 0 {
		// The roles are a floor (spec §1: the authorization providers'
		// roles are united): PUBLIC only is not asserted.
		detail = RoleList(p.Roles) + " at least"
		if len(p.Roles) == 1 && !s.groupsUnknown {
			why, _ := s.publicOnly()
			detail += " (from the token, PUBLIC only: " + why + ")"
		}
		if len(p.MissingRoles) > 0 {
			detail += "; not granted, likely no such role: " + RoleList(p.MissingRoles)
		}
		s.step("roles", StepPassed, detail+"; not known here: "+strings.Join(unknown, "; "), prov.GroupToRoleMapping != nil)
		return
	}
	s.step("roles", StepPassed, detail, prov.GroupToRoleMapping != nil)
	if len(p.Roles) == 1 {
		why, fix := s.publicOnly()
		if slices.Contains(s.in.Model.AuthorizationProviders, "native") && !prov.IsGoogle() {
			fix += ". Or grant the user a role natively (GRANT ROLE)" // a sentence of its own: fix may hold a ';' list
		}
		// With require_local_user the user is the linked local user (spec
		// §4.2 step 10), whose name may not be known here.
		user, who := p.Username, ""
		if s.localUnknown {
			user = "<local user>"
			who = ", where <local user> is " + (&CurrentUser{AuthProvider: "oidc-" + prov.Name, AuthID: p.Username}).Who()
		}
		s.add(FindOnlyPublic.Newf(fix+".", "roles [PUBLIC]",
			"The user would log in with PUBLIC only, because %s: queries then fail with \"Database access is not allowed for user '%s' with roles [PUBLIC].\"%s", why, user, who))
	}
}

// groupsCauses are the findings that say why the token gave no groups.
var groupsCauses = []*inspector.Def{FindGroupsMissing, FindGroupsInOtherToken, FindGroupsOverage, FindGroupsNested, FindGroupsBadType}

// publicOnly says why the user gets PUBLIC only, and the fix of that
// cause (without the final stop): the provider grants no roles (not an
// authorization provider, spec §1), reads no groups (claims.groups has no
// default, §2.1), the token gave none, or no group of the user is mapped.
func (s *simulation) publicOnly() (why, fix string) {
	prov, p := s.prov, s.p
	switch {
	case !slices.Contains(prov.EnabledFor, "authorization") && prov.IsGoogle():
		fix = "Grant the user a role natively: GRANT ROLE <role> TO " + conf.CypherName(p.Username)
		if !slices.Contains(s.in.Model.AuthorizationProviders, "native") {
			fix = "Add native to dbms.security.authorization_providers and grant the user a role natively: GRANT ROLE <role> TO " + conf.CypherName(p.Username)
		}
		why = fmt.Sprintf("provider %q is Google, which sends no groups: its users get their roles natively (dbms.security.authorization_providers=%s)",
			prov.Name, strings.Join(s.in.Model.AuthorizationProviders, ","))
		if s.in.NativeRoles != nil && !s.localUnknown {
			why += ", and this user has none"
		}
		return why, fix
	case !slices.Contains(prov.EnabledFor, "authorization"):
		return fmt.Sprintf("provider %q is not an authorization provider (dbms.security.authorization_providers=%s), so its groups grant no roles",
				prov.Name, strings.Join(s.in.Model.AuthorizationProviders, ",")),
			fmt.Sprintf("To grant roles from the identity provider's groups, add oidc-%s to dbms.security.authorization_providers", prov.Name)
	case prov.GroupsClaim == "":
		return fmt.Sprintf("claims.groups is not set for provider %q, so Neo4j reads no groups and no group grants a role", prov.Name),
			fmt.Sprintf("Set dbms.security.oidc.%s.claims.groups to the claim carrying the groups (groups, roles...)", prov.Name)
	case len(p.MissingRoles) > 0:
		for _, f := range p.Findings {
			if (f.Code == conf.FindMappingRoleCase.Code || f.Code == conf.FindMappingUnknownRole.Code) && f.Evidence == p.MissingRoles[0] {
				granted := "the mapping grants"
				if prov.GroupToRoleMapping == nil {
					granted = "(the group's name, used as the role)"
				}
				return fmt.Sprintf("the role %q %s likely does not exist (see %s)", p.MissingRoles[0], granted, f.Code), strings.TrimSuffix(f.Fix, ".")
			}
		}
	case len(p.Groups) == 0:
		for _, f := range p.Findings {
			if slices.ContainsFunc(groupsCauses, func(d *inspector.Def) bool { return d.Code == f.Code }) {
				return fmt.Sprintf("the %s carries no groups Neo4j reads (claims.groups=%s; see %s)", p.AuthenticationToken, prov.GroupsClaim, f.Code),
					strings.TrimSuffix(f.Fix, ".")
			}
		}
	case prov.GroupToRoleMapping != nil && len(p.UnmappedGroups) == len(p.Groups):
		why = "no group of the user has a group_to_role_mapping entry"
		if len(p.Groups) == 1 {
			why = fmt.Sprintf("the user's group %q has no group_to_role_mapping entry", p.Groups[0])
		}
		// A key that nearly matches (or is misread) has the better fix.
		for _, f := range p.Findings {
			if f.Code == FindGroupNearMiss.Code || f.Code == conf.FindConfCharset.Code {
				return strings.Replace(why, "has no group_to_role_mapping entry", "matches no group_to_role_mapping key as Neo4j reads it", 1) +
					" (see " + f.Code + ")", strings.TrimSuffix(f.Fix, ".")
			}
		}
		return why, "Map one of the user's groups to a role (group_to_role_mapping)"
	}
	return "no role is granted", "Map one of the user's groups to a role (group_to_role_mapping)"
}

// roleExists reports whether a role the groups grant, neither built in
// nor a custom role given, may exist; if not, it is a missing role, with
// its warning: a built-in
// role's name in another case (role names are case-sensitive, spec §3.3),
// or a role not among the custom roles given. A missing role grants
// nothing (§4.3); whether SHOW CURRENT USER lists it is not documented.
func (s *simulation) roleExists(r string) bool {
	p := s.p
	where := s.grantLine(r)
	// With no group_to_role_mapping, the group's name is the role (spec
	// §4.3): there is no mapping line to correct.
	source := fmt.Sprintf("mapped from group %s%s", s.grantGroup(r), where)
	if s.prov.GroupToRoleMapping == nil {
		source = fmt.Sprintf("the name of group %s, used as the role: no group_to_role_mapping is set", s.grantGroup(r))
	}
	i := slices.IndexFunc(conf.BuiltinRoles, func(b string) bool { return strings.EqualFold(b, r) })
	switch {
	case i >= 0:
		b := conf.BuiltinRoles[i]
		fix := fmt.Sprintf("Write the role as %s%s", b, where)
		if s.prov.GroupToRoleMapping == nil {
			fix = fmt.Sprintf("Name the provider's group %s, or map it: dbms.security.oidc.%s.authorization.group_to_role_mapping=%s=%s", b, s.prov.Name, conf.QuoteGroup(r), b)
		}
		s.add(conf.FindMappingRoleCase.Newf(
			fmt.Sprintf("%s; if a role %s was created on purpose, give it as a custom role.", fix, conf.CypherName(r)),
			r,
			"Role %q (%s) is not the built-in role %q: role names are case-sensitive, so it grants nothing unless a role %q was created (CREATE ROLE %s); it is not counted as granted.",
			r, source, b, r, conf.CypherName(r)).WithCommand("ssolens roles --conf neo4j.conf --tokens FILE --custom-roles " + shellWord(r)))
	case len(s.in.Model.CustomRoles) > 0:
		fix := fmt.Sprintf("map the group%s to an existing role", where)
		if s.prov.GroupToRoleMapping == nil {
			fix = fmt.Sprintf("name the provider's group after an existing role, or map it: dbms.security.oidc.%s.authorization.group_to_role_mapping=%s=<role>", s.prov.Name, conf.QuoteGroup(r))
		}
		s.add(conf.FindMappingUnknownRole.Newf(
			fmt.Sprintf("Create it (CREATE ROLE %s) and grant it privileges, or %s.", conf.CypherName(r), fix),
			r,
			"Role %q (%s) is neither built in nor among the custom roles given (%s): a role that does not exist grants nothing, so it is not counted as granted.",
			r, source, strings.Join(s.in.Model.CustomRoles, ", ")))
	default:
		return true
	}
	p.MissingRoles = append(p.MissingRoles, r)
	return false
}

// shellWord is s as one word of a POSIX shell command line: as is when
// it holds no character the shell treats specially, else single-quoted.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.,:@%+=/-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// grantGroup and grantLine name the group that grants role r and the
// mapping line (" on line N", or "" for a group name used as the role).
func (s *simulation) grantGroup(r string) string {
	for _, g := range s.p.Grants {
		if slices.Contains(g.Roles, r) && g.Group != "" {
			return strconv.Quote(g.Group)
		}
	}
	return "?"
}

func (s *simulation) grantLine(r string) string {
	for _, g := range s.p.Grants {
		if slices.Contains(g.Roles, r) && g.Line > 0 && g.Via == "mapping" {
			return fmt.Sprintf(" on line %d", g.Line)
		}
	}
	return ""
}

// grantedOtherwise reports whether role r is granted natively or by an
// auth rule, which only an existing role can be.
func (p *Prediction) grantedOtherwise(r string) bool {
	for _, g := range p.Grants {
		if g.Via != "mapping" && g.Via != "group-name" && slices.Contains(g.Roles, r) {
			return true
		}
	}
	return false
}

// grantedByGroups reports whether one of the provider's groups grants
// role r (through the mapping, or as the role's name).
func (p *Prediction) grantedByGroups(r string) bool {
	for _, g := range p.Grants {
		if (g.Via == "mapping" || g.Via == "group-name") && slices.Contains(g.Roles, r) {
			return true
		}
	}
	return false
}

// RoleList is roles as Neo4j lists them, comma-separated. A role with
// spaces around it (a mapping's "editor, publisher" grants " publisher")
// or without a name is quoted, so that it is not read as another role.
func RoleList(roles []string) string {
	if !slices.ContainsFunc(roles, func(r string) bool { return r == "" || strings.TrimSpace(r) != r }) {
		return strings.Join(roles, ", ")
	}
	var b strings.Builder
	for i, r := range roles {
		if i > 0 {
			b.WriteString(", ")
		}
		if r == "" || strings.TrimSpace(r) != r {
			b.WriteString(strconv.Quote(r))
		} else {
			b.WriteString(r)
		}
	}
	return b.String()
}

// overridden says when the user's group is mapped more than once: only
// the last entry counts (the mapping is stored like a map, spec §3.3).
func (s *simulation) overridden(group string, last *conf.MappingEntry) {
	for _, e := range s.prov.GroupToRoleMapping.Entries {
		if e.Group != group || !e.Overridden {
			continue
		}
		s.add(conf.FindMappingDuplicate.Newf(
			fmt.Sprintf("Map the group once, listing every role it should grant, on line %d.", last.Line),
			fmt.Sprintf("line %d: %s; line %d: %s", e.Line, e.Text, last.Line, last.Text),
			"The user's group %q is mapped more than once: only the last entry (line %d) counts, so it grants [%s] and not [%s] (likely).",
			group, last.Line, RoleList(last.Roles), RoleList(e.Roles)))
	}
}

// nearMisses explains unmapped groups that nearly match a mapping key.
func (s *simulation) nearMisses() {
	p, m := s.p, s.prov.GroupToRoleMapping
	for _, g := range p.UnmappedGroups {
		found := false
		for _, e := range m.Entries {
			if misread := conf.ReadAsLatin1(g); misread != g && misread == e.Group {
				// A UTF-8 file read as ISO-8859-1 (spec §3.0): the key is
				// right as written, and Neo4j reads it otherwise.
				found = true
				p.NearMisses = append(p.NearMisses, NearMiss{Group: g, Key: e.Group, Line: e.Line,
					Why: "the file is UTF-8, and Neo4j reads neo4j.conf as ISO-8859-1"})
				s.add(conf.FindConfCharset.Newf(
					fmt.Sprintf("Write the group as %s on line %d (a Java \\u escape), or start Neo4j 5+ with NEO4J_CONFIG_FILE_CHARSET=UTF-8.", conf.QuoteGroup(conf.EscapeProperties(g)), e.Line),
					fmt.Sprintf("group %q, mapping key read as %q (line %d)", g, e.Group, e.Line),
					"Group %q is mapped on line %d, but the file is UTF-8 and Neo4j reads neo4j.conf as ISO-8859-1: it reads the key as %q, so the group does not match and grants nothing.", g, e.Line, e.Group))
				continue
			}
			why := nearMissReason(g, e.Group)
			if why == "" {
				continue
			}
			found = true
			p.NearMisses = append(p.NearMisses, NearMiss{Group: g, Key: e.Group, Line: e.Line, Why: why})
			s.add(FindGroupNearMiss.Newf(
				fmt.Sprintf("Write the mapping key exactly as the token carries the group: %q (line %d).", g, e.Line),
				fmt.Sprintf("group %q, mapping key %q (line %d)", g, e.Group, e.Line),
				"Group %q is not mapped, but mapping key %q (line %d) nearly matches it: %s.", g, e.Group, e.Line, why))
		}
		if !found {
			s.add(FindGroupUnmapped.Newf(
				"Add "+conf.QuoteGroup(g)+"=<role> to group_to_role_mapping if this group should grant a role.",
				g, "Group %q has no group_to_role_mapping entry, so it grants nothing.", g))
		}
	}
}

// nearMissReason says why a group and a mapping key nearly match, or "".
func nearMissReason(group, key string) string {
	switch {
	case group == key:
		return ""
	case strings.EqualFold(group, key):
		return "they differ only in case, and group names are likely compared exactly"
	case strings.TrimSpace(group) == strings.TrimSpace(key):
		return "they differ only in surrounding whitespace"
	case strings.Trim(key, `"'`) == group:
		return "the key keeps quote characters the group does not have"
	case strings.TrimPrefix(group, "/") == key || strings.TrimPrefix(key, "/") == group:
		return "one has a leading / (Keycloak's full group path) and the other not"
	case guidPattern().MatchString(group) != guidPattern().MatchString(key) && (guidPattern().MatchString(group)):
		return "the token carries group object IDs (GUIDs, as Entra does) but the mapping uses names"
	}
	return ""
}

// localUser applies require_local_user (5.24+): a local user linked with
// SET AUTH 'oidc-<p>' {SET ID '<username>'} must exist.
func (s *simulation) localUser() {
	p := s.p
	if s.in.LocalUsers == nil {
		s.add(FindLocalUserUnchecked.Newf(
			fmt.Sprintf("Make sure a user exists: CREATE USER <name> SET AUTH 'oidc-%s' {SET ID '%s'}; or give the local users to check them.", s.prov.Name, p.Username),
			"dbms.security.require_local_user=true",
			"require_local_user is on: Neo4j logs the user in only if a local user has auth provider oidc-%s with ID %q, which this prediction cannot see.", s.prov.Name, p.Username).
			WithCommand("ssolens roles --local-users FILE"))
		s.step("local-user", StepNotChecked, "needs the local users", false)
		s.localUnknown = true
		return
	}
	name, ok := s.in.LocalUsers[p.Username]
	if !ok {
		s.add(FindLocalUserMissing.Newf(
			fmt.Sprintf("CREATE USER <name> SET AUTH 'oidc-%s' {SET ID '%s'}", s.prov.Name, p.Username),
			"ID "+p.Username,
			"require_local_user is on and no local user is linked to oidc-%s with ID %q: Neo4j rejects the login.", s.prov.Name, p.Username))
		s.step("local-user", StepFailed, "no local user with ID "+p.Username, false)
		return
	}
	s.step("local-user", StepPassed, fmt.Sprintf("ID %q is local user %q", p.Username, name), false)
	p.Username = name
}

// browserPrincipal notes when Neo4j Browser shows another name than the
// one Neo4j uses (spec §5.4 step 3).
func (s *simulation) browserPrincipal() {
	if s.p.Username == "" || s.p.Channel == ChannelBearer {
		return
	}
	shown := s.creds.Shown() // config principal, else email, else sub: any truthy JSON value
	if shown != "" && shown != s.p.Username {
		s.add(FindBrowserPrincipal.Newf(
			"Nothing to fix: compare with SHOW CURRENT USER. Set config principal=<claim> to change what the Browser shows.",
			fmt.Sprintf("Browser shows %q; Neo4j user %q", shown, s.p.Username),
			"Neo4j Browser will display %q (config principal, else email, else sub of the %s), but Neo4j's username is %q (claims.username).", shown, s.p.PrincipalToken, s.p.Username))
	}
}

// authRules adds the roles of the ABAC auth rules whose condition holds
// for the claims of the token Neo4j validates (spec §7: rules only add
// roles). A condition SSO Lens cannot evaluate is said so, never guessed.
func (s *simulation) authRules(roles map[string]bool) (unknown []string) {
	rs := s.in.Rules
	if rs == nil || len(rs.Rules) == 0 {
		return
	}
	s.p.Findings = append(s.p.Findings, abac.ABACFindings(s.in.Model, s.prov.Name, rs)...)
	if ok, why := abac.ABACApplies(s.in.Model, s.prov.Name); !ok {
		s.step("auth-rules", StepSkipped, why, false)
		return
	}
	claims := s.p.Token.Claims.Map()
	var matched []string
	for _, r := range rs.Evaluate(claims) {
		rule := rs.Rule(r.Rule)
		switch {
		case r.Err != nil && r.Enabled && len(rule.Roles) > 0:
			unknown = append(unknown, fmt.Sprintf("%s (%s)", r.Rule, strings.Join(rule.Roles, ", ")))
			if len(rule.Unsupported()) > 0 {
				continue // the rules file's finding says it, for any claims
			}
			s.add(abac.FindABACNotEvaluable.Newf(
				"Check this rule against SHOW CURRENT USER after a real login.",
				fmt.Sprintf("rule %s (line %d)", r.Rule, r.Line),
				"Rule %q (line %d): %v. Whether it grants %s is not predicted.", r.Rule, r.Line, r.Err, strings.Join(rule.Roles, ", ")))
		case r.Matched && r.Enabled:
			matched = append(matched, r.Rule)
			s.p.Grants = append(s.p.Grants, Grant{Roles: r.Roles, Line: r.Line, Via: "abac:" + r.Rule})
			for _, role := range r.Roles {
				roles[role] = true
			}
		}
	}
	detail := "no rule holds"
	if len(matched) > 0 {
		detail = fmt.Sprintf("%d rule(s) hold: %s", len(matched), strings.Join(matched, ", "))
	}
	if len(unknown) > 0 {
		s.step("auth-rules", StepNotChecked, detail+"; not evaluated: "+strings.Join(unknown, ", "), false)
		return unknown
	}
	s.step("auth-rules", StepPassed, detail, false)
	return nil
}

// outcomeWords are the outcomes as every face says them.
var outcomeWords = map[string]string{
	OutcomeLogIn:        "Neo4j WOULD LOG IN",
	OutcomeRejected:     "REJECTED by Neo4j",
	OutcomeClientError:  "FAILS in the SSO client, before Neo4j",
	OutcomeNotStarted:   "Neo4j would NOT START",
	OutcomeAuthDisabled: "NO LOGIN by Neo4j",
	OutcomeNoPrediction: "NO PREDICTION",
}

// summaries are the outcomes in a short sentence, for a card's title.
var summaries = map[string]string{
	OutcomeRejected:     "Neo4j would reject the login",
	OutcomeClientError:  "Neo4j's SSO client fails before Neo4j is contacted",
	OutcomeNotStarted:   "Neo4j would not start with this configuration",
	OutcomeAuthDisabled: "Neo4j asks for no login: its authentication is off",
	OutcomeNoPrediction: "No prediction: the provider is not configured",
}

// Summary is the outcome in a short sentence ("Neo4j would log in alice"),
// where Headline is the whole line.
func (p *Prediction) Summary() string {
	switch {
	case p.Outcome == OutcomeLogIn:
		return "Neo4j would log in " + p.user()
	case p.Outcome == OutcomeRejected && p.likely():
		return "Neo4j would likely reject the login"
	}
	return summaries[p.Outcome]
}

// user is who logs in: SHOW CURRENT USER's user, else the username.
func (p *Prediction) user() string {
	if p.ShowCurrentUser != nil && p.ShowCurrentUser.Who() != "" {
		return p.ShowCurrentUser.Who()
	}
	return p.Username
}

// likely reports whether the first failed step rests on inference.
func (p *Prediction) likely() bool {
	for _, s := range p.Steps {
		if s.Status == StepFailed {
			return s.Likely
		}
	}
	return false
}

// Headline is the prediction in one line, as every face says it: the
// outcome, the user or the first failed step, and the checks that could
// not be made here.
func (p *Prediction) Headline() string {
	h := outcomeWords[p.Outcome]
	if p.Outcome == OutcomeLogIn {
		h += " as " + p.user()
	}
	var unchecked []string
	failed := false
	for _, s := range p.Steps {
		switch {
		case s.Status == StepFailed && !failed:
			if s.Likely && (p.Outcome == OutcomeRejected || p.Outcome == OutcomeClientError) {
				// The failing step rests on inference, not documentation.
				h += " (likely)"
			}
			h += ": " + s.Name + " (" + s.Detail + ")"
			failed = true
		case s.Status == StepNotChecked:
			unchecked = append(unchecked, s.Name)
		}
	}
	switch {
	case len(unchecked) == 0:
	case p.Outcome == OutcomeLogIn:
		h += " — if the checks not made here pass: " + strings.Join(unchecked, ", ")
	case p.Outcome == OutcomeRejected:
		// The rejection stands whatever they would say.
		h += "; not checked here: " + strings.Join(unchecked, ", ")
	}
	return h
}
