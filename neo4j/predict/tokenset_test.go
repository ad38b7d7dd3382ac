package predict

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
)

func stepNamed(p *Prediction, name string) (Step, bool) {
	i := slices.IndexFunc(p.Steps, func(s Step) bool { return s.Name == name })
	if i < 0 {
		return Step{}, false
	}
	return p.Steps[i], true
}

// TestTokenSetWithoutIDTokenIsABearerLogin: a token set with no ID token
// (client credentials, an access token alone) is what drivers and the
// Query API send as a bearer token (spec §4.1): Neo4j validates that
// access token, and the Browser's decode of token_type_principal (§5.4)
// is not part of it. That a Browser sign-in would fail is said, not made
// the outcome; a Browser sign-in's token response without the ID token
// it needs still fails in the SSO client.
func TestTokenSetWithoutIDTokenIsABearerLogin(t *testing.T) {
	p := newIDP(t)
	demo := p.conf(t, "../../assets/samples/demo-neo4j.conf", "http://127.0.0.1:9876", p.srv.URL)
	access := p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "ssolens-m2m", "aud": "neo4j-demo", "groups": []string{"engineers"}})
	tokens := inspector.TokenSet{AccessToken: access}

	pred := simulate(t, LoginInput{Model: demo, Tokens: tokens, NativeRoles: map[string][]string{}})
	check(t, pred, want{outcome: OutcomeLogIn, username: "ssolens-m2m", roles: []string{"PUBLIC", "admin"}, codes: []string{"neo4j-bearer-browser-would-fail"}})
	if pred.Channel != ChannelBearer || pred.AuthenticationToken != "access_token" || pred.PrincipalToken != "" {
		t.Errorf("channel %q, principal %q, authentication %q; want bearer, none, access_token", pred.Channel, pred.PrincipalToken, pred.AuthenticationToken)
	}
	f, _ := findingByCode(pred, "neo4j-bearer-browser-would-fail")
	if f.Severity != inspector.SeverityInfo || !strings.Contains(f.Message, `Could not parse JWT of type "id_token" for idp_id "demo"`) {
		t.Errorf("Browser note: %+v", f)
	}
	if st, ok := stepNamed(pred, "principal-token"); !ok || st.Status != StepSkipped || !strings.HasPrefix(st.Detail, "not applicable") {
		t.Errorf("principal-token step %+v", st)
	}
	if h := pred.Headline(); h != "Neo4j WOULD LOG IN as ssolens-m2m" {
		t.Errorf("headline %q", h)
	}

	// A Browser sign-in (authorization code) that brought no ID token
	// fails in the SSO client, as before.
	browser := simulate(t, LoginInput{Model: demo, Tokens: tokens, BrowserSignIn: true})
	check(t, browser, want{outcome: OutcomeClientError, codes: []string{"neo4j-principal-not-jwt"}})
	if browser.Channel != ChannelSSOClient {
		t.Errorf("Browser sign-in channel %q", browser.Channel)
	}

	// A refresh token marks a user's sign-in (a client-credentials grant
	// gives none): its token response without the ID token fails in the
	// SSO client, as a Browser sign-in's does.
	user := simulate(t, LoginInput{Model: demo, Tokens: inspector.TokenSet{AccessToken: access, RefreshToken: "r-opaque"}})
	check(t, user, want{outcome: OutcomeClientError, codes: []string{"neo4j-principal-not-jwt"}})
	if user.Channel != ChannelSSOClient || slices.Contains(predictionCodes(user), "neo4j-bearer-browser-would-fail") {
		t.Errorf("a user's sign-in without an ID token: channel %q, %v", user.Channel, predictionCodes(user))
	}

	// With Neo4j's default token types the Browser would decode the
	// access token: nothing would fail there, and nothing is said.
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	def := p.confText(t, strings.Replace(strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}"),
		"dbms.security.oidc.demo.config=token_type_principal=id_token;token_type_authentication=access_token\n", "", 1))
	plain := simulate(t, LoginInput{Model: def, Tokens: tokens, NativeRoles: map[string][]string{}})
	check(t, plain, want{outcome: OutcomeLogIn, username: "ssolens-m2m"})
	if slices.Contains(predictionCodes(plain), "neo4j-bearer-browser-would-fail") || slices.Contains(predictionCodes(plain), "neo4j-browser-principal-differs") {
		t.Errorf("default token types: %v", predictionCodes(plain))
	}
}

// TestConfigLineNeo4jCannotParse: a config= line Neo4j refuses to start
// with (spec §3.1) leads the prediction; the login once it is fixed is
// predicted with the token types the line means (its keys without the
// spaces), so no fix undoes the intended setup. A line whose meaning is
// not clear predicts no token handling at all.
func TestConfigLineNeo4jCannotParse(t *testing.T) {
	p := newIDP(t)
	conf := func(config string) string {
		return `dbms.security.authentication_providers=oidc-okta,native
dbms.security.authorization_providers=oidc-okta,native
dbms.security.oidc.okta.display_name=Okta
dbms.security.oidc.okta.well_known_discovery_uri={{IDP}}/.well-known/openid-configuration
dbms.security.oidc.okta.audience=0oa123
dbms.security.oidc.okta.claims.groups=groups
dbms.security.oidc.okta.params=client_id=0oa123;response_type=code;scope=openid profile email
dbms.security.oidc.okta.authorization.group_to_role_mapping="Neo4j Admins"=admin
dbms.security.oidc.okta.config=` + config + "\n"
	}
	tokens := inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "00u1", "aud": "0oa123", "groups": []string{"Neo4j Admins"}}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "00u1", "aud": "api://default"}),
	}
	fixed := simulate(t, LoginInput{Model: p.confText(t, conf("token_type_principal=id_token;token_type_authentication=id_token")), Tokens: tokens, NativeRoles: map[string][]string{}})
	check(t, fixed, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC", "admin"}})

	spaced := simulate(t, LoginInput{Model: p.confText(t, conf("token_type_principal=id_token; token_type_authentication=id_token")), Tokens: tokens, NativeRoles: map[string][]string{}})
	check(t, spaced, want{outcome: OutcomeNotStarted, codes: []string{"neo4j-conf-stops-start", "neo4j-config-read-as-meant"}})
	if spaced.PrincipalToken != "id_token" || spaced.AuthenticationToken != "id_token" {
		t.Errorf("token types %s/%s, want the line's id_token/id_token", spaced.PrincipalToken, spaced.AuthenticationToken)
	}
	for _, c := range []string{"aud-mismatch", "neo4j-login-rejected", "neo4j-groups-in-other-token", "neo4j-only-public"} {
		if slices.Contains(predictionCodes(spaced), c) {
			t.Errorf("%s: a finding of the default token types, whose fix breaks the intended setup: %v", c, predictionCodes(spaced))
		}
	}
	for _, st := range spaced.Steps[1:] {
		if st.Status == StepFailed {
			t.Errorf("once fixed, step %+v fails", st)
		}
	}
	if h := spaced.Headline(); !strings.HasPrefix(h, "Neo4j would NOT START: configuration") {
		t.Errorf("headline %q", h)
	}

	// Spaces around a value are removed too: the value with them would be
	// a token type the client does not know (Could not parse JWT of type
	// "id_token "), and the finding says what was read.
	valued := simulate(t, LoginInput{Model: p.confText(t, conf("token_type_principal=id_token ; token_type_authentication= id_token")), Tokens: tokens, NativeRoles: map[string][]string{}})
	check(t, valued, want{outcome: OutcomeNotStarted, codes: []string{"neo4j-conf-stops-start", "neo4j-config-read-as-meant"}})
	if valued.PrincipalToken != "id_token" || valued.AuthenticationToken != "id_token" || slices.ContainsFunc(valued.Steps[1:], func(s Step) bool { return s.Status == StepFailed }) {
		t.Errorf("values with spaces: token types %q/%q, steps %+v", valued.PrincipalToken, valued.AuthenticationToken, valued.Steps)
	}
	f, _ := findingByCode(valued, "neo4j-config-read-as-meant")
	if !strings.Contains(f.Message, "decodes the id_token and sends the id_token.") || !strings.Contains(f.Fix, "keys and the values") {
		t.Errorf("read-as-meant finding: %q, fix %q", f.Message, f.Fix)
	}

	unclear := simulate(t, LoginInput{Model: p.confText(t, conf("token_type_principle=id_token;token_type_authentication=id_token")), Tokens: tokens})
	check(t, unclear, want{outcome: OutcomeNotStarted, codes: []string{"neo4j-conf-stops-start", "neo4j-token-types-unknown"}})
	if slices.ContainsFunc(unclear.Steps, func(s Step) bool { return s.Name == "aud" || s.Name == "principal-token" }) || unclear.Token != nil {
		t.Errorf("token types unknown, yet the tokens were judged: %+v", unclear.Steps)
	}
}

// TestProvidersTriedInDeclaredOrder: with several OIDC authentication
// providers and none named, Neo4j queries them in the declared order
// (spec §1): the first that accepts the token logs the user in, and the
// prediction says which; when none does, the last one's failure stands.
func TestProvidersTriedInDeclaredOrder(t *testing.T) {
	p := newIDP(t)
	m := p.confText(t, `dbms.security.authentication_providers=oidc-okta,oidc-demo,native
dbms.security.authorization_providers=oidc-okta,oidc-demo,native
dbms.security.oidc.okta.display_name=Okta
dbms.security.oidc.okta.well_known_discovery_uri={{IDP}}/oauth2/default/.well-known/openid-configuration
dbms.security.oidc.okta.audience=api://default
dbms.security.oidc.okta.claims.groups=groups
dbms.security.oidc.okta.params=client_id=0oa123;response_type=code;scope=openid profile email
dbms.security.oidc.okta.config=token_type_principal=id_token;token_type_authentication=access_token
dbms.security.oidc.demo.display_name=Demo
dbms.security.oidc.demo.well_known_discovery_uri={{IDP}}/.well-known/openid-configuration
dbms.security.oidc.demo.audience=neo4j-demo
dbms.security.oidc.demo.claims.groups=groups
dbms.security.oidc.demo.params=client_id=neo4j-browser;response_type=code;scope=openid profile email
dbms.security.oidc.demo.config=token_type_principal=id_token;token_type_authentication=access_token
dbms.security.oidc.demo.authorization.group_to_role_mapping=engineers=admin
`)
	set := func(iss, aud string) inspector.TokenSet {
		return inspector.TokenSet{
			IDToken:     p.mint(t, jwt.MapClaims{"iss": iss, "sub": "alice", "aud": "neo4j-browser"}),
			AccessToken: p.mint(t, jwt.MapClaims{"iss": iss, "sub": "alice", "aud": aud, "groups": []string{"engineers"}}),
		}
	}
	// The tokens as a session passes them (Decoded: its report's
	// decodings): each provider verifies a copy of its own, so the second
	// is not judged with the first's audience, and the caller's decodings
	// are left unverified.
	for _, decoded := range []bool{false, true} {
		in := LoginInput{Model: m, Tokens: set(p.srv.URL, "neo4j-demo"), NativeRoles: map[string][]string{}}
		if decoded {
			opts := inspector.Options{Now: func() time.Time { return simNow }}
			in.Decoded = []*inspector.Token{inspector.Decode(in.Tokens.IDToken, "id_token", opts), inspector.Decode(in.Tokens.AccessToken, "access_token", opts)}
		}
		second := simulate(t, in)
		check(t, second, want{outcome: OutcomeLogIn, username: "alice", roles: []string{"PUBLIC", "admin"}, codes: []string{"neo4j-providers-in-order"}})
		if second.Provider != "demo" {
			t.Errorf("decoded by the caller %v: provider %q, want demo (okta, first, rejects the token)", decoded, second.Provider)
		}
		for _, tok := range in.Decoded {
			if tok.Signature != nil || tok.Checks != nil || tok == second.Token {
				t.Errorf("the caller's %s was verified in place (checks %+v)", tok.Role, tok.Checks)
			}
		}
		if second.Token == nil || !slices.ContainsFunc(second.Token.Checks, func(c inspector.Check) bool { return c.Name == "aud" && c.OK && c.Expected == "neo4j-demo" }) {
			t.Errorf("decoded by the caller %v: the token demo validates has not demo's aud check: %+v", decoded, second.Token)
		}
	}
	second := simulate(t, LoginInput{Model: m, Tokens: set(p.srv.URL, "neo4j-demo"), NativeRoles: map[string][]string{}})
	if slices.Contains(predictionCodes(second), "neo4j-provider-not-found") || inspector.HasError(second.Findings) {
		t.Errorf("findings %v", predictionCodes(second))
	}
	f, _ := findingByCode(second, "neo4j-providers-in-order")
	if !strings.Contains(f.Message, "oidc-okta, oidc-demo") || !strings.Contains(f.Message, "okta") || !strings.Contains(f.Message, "demo accepts") {
		t.Errorf("order finding %q", f.Message)
	}

	first := simulate(t, LoginInput{Model: m, Tokens: set(p.srv.URL+"/oauth2/default", "api://default"), NativeRoles: map[string][]string{}})
	check(t, first, want{outcome: OutcomeLogIn, username: "alice"})
	if first.Provider != "okta" {
		t.Errorf("provider %q, want okta, the first", first.Provider)
	}

	none := simulate(t, LoginInput{Model: m, Tokens: set(p.srv.URL, "account"), NativeRoles: map[string][]string{}})
	check(t, none, want{outcome: OutcomeRejected, codes: []string{"neo4j-providers-in-order", "aud-mismatch"}})
	if none.Provider != "demo" {
		t.Errorf("provider %q, want demo, the last tried", none.Provider)
	}
	if h := none.Headline(); !strings.HasPrefix(h, "REJECTED by Neo4j: aud") {
		t.Errorf("headline %q", h)
	}

	named := simulate(t, LoginInput{Model: m, Provider: "okta", Tokens: set(p.srv.URL, "neo4j-demo")})
	if named.Provider != "okta" || named.Outcome != OutcomeRejected || slices.Contains(predictionCodes(named), "neo4j-providers-in-order") {
		t.Errorf("a named provider is the one predicted: %s %s %v", named.Provider, named.Outcome, predictionCodes(named))
	}
}

// TestRequireLocalUserWithoutTheUsersNamesNoUser: with require_local_user
// Neo4j's user is the local user linked to the claim's value (spec §4.2
// step 10); without the local users its name is not known, so SHOW
// CURRENT USER and the headline name the link, not the claim, and the
// native roles are that user's, not those of a user named as the claim.
func TestRequireLocalUserWithoutTheUsersNamesNoUser(t *testing.T) {
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	m := p.confText(t, strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}")+"\ndbms.security.require_local_user=true\n")
	tokens := inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-browser"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo", "groups": []string{"engineers"}}),
	}
	pred := simulate(t, LoginInput{Model: m, Tokens: tokens, NativeRoles: map[string][]string{"alice": {"architect"}}})
	if pred.Outcome != OutcomeLogIn {
		t.Fatalf("outcome %s", pred.Outcome)
	}
	cu := pred.ShowCurrentUser
	if cu == nil || cu.User != "" || cu.AuthID != "alice" || cu.AuthProvider != "oidc-demo" {
		t.Fatalf("SHOW CURRENT USER %+v: the user's name is not known", cu)
	}
	if who := cu.Who(); !strings.Contains(who, `local user linked to oidc-demo ID "alice"`) {
		t.Errorf("Who() = %q", who)
	}
	if h := pred.Headline(); !strings.HasPrefix(h, `Neo4j WOULD LOG IN as the local user linked to oidc-demo ID "alice"`) {
		t.Errorf("headline %q", h)
	}
	if slices.Contains(pred.Roles, "architect") {
		t.Errorf("roles %v: the native roles of a user named as the claim, not of the linked local user", pred.Roles)
	}
	f, _ := findingByCode(pred, "neo4j-native-roles-unknown")
	if !strings.Contains(f.Message, "linked local user") {
		t.Errorf("native roles finding %q", f.Message)
	}
}

// TestUserInfoCallWithTheIDTokenIsALikelyFailure: Neo4j calls UserInfo
// with the token it validates, and UserInfo takes access tokens (spec §4.2
// step 9): with the ID token validated the call, and the login, likely
// fail, so no roles are granted, only said for once that is fixed. With
// the access token validated and no UserInfo response, the groups are not
// known: no "PUBLIC only" warning is given for them.
func TestUserInfoCallWithTheIDTokenIsALikelyFailure(t *testing.T) {
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	base := strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}") + "\ndbms.security.oidc.demo.get_groups_from_user_info=true\n"
	idConf := strings.Replace(base, "token_type_authentication=access_token", "token_type_authentication=id_token", 1)
	idConf = strings.Replace(idConf, "audience=neo4j-demo", "audience=neo4j-browser", 1)
	tokens := inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-browser"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo"}),
	}
	ui := map[string]any{"sub": "alice", "groups": []string{"engineers"}}
	id := simulate(t, LoginInput{Model: p.confText(t, idConf), Tokens: tokens, UserInfo: ui, NativeRoles: map[string][]string{}})
	check(t, id, want{outcome: OutcomeRejected, onceFixed: []string{"PUBLIC", "admin"}, codes: []string{"neo4j-userinfo-with-id-token"}})
	if st, ok := stepNamed(id, "userinfo"); !ok || st.Status != StepFailed || !st.Likely {
		t.Errorf("userinfo step %+v", st)
	}
	if h := id.Headline(); !strings.HasPrefix(h, "REJECTED by Neo4j (likely): userinfo") {
		t.Errorf("headline %q", h)
	}

	unknown := simulate(t, LoginInput{Model: p.confText(t, base), Tokens: tokens, NativeRoles: map[string][]string{}})
	check(t, unknown, want{outcome: OutcomeLogIn, codes: []string{"neo4j-userinfo-needed"}})
	if slices.Contains(predictionCodes(unknown), "neo4j-only-public") {
		t.Errorf("groups unknown, yet PUBLIC only: %v", predictionCodes(unknown))
	}
	if st, _ := stepNamed(unknown, "roles"); !strings.Contains(st.Detail, "at least") {
		t.Errorf("roles step %+v: the groups are not known", st)
	}
}

// TestUnknownProviderIsNoPrediction: a provider the configuration does not
// have is a question Neo4j has no answer to, not a rejection: the
// prediction says so, and names the providers it has.
func TestUnknownProviderIsNoPrediction(t *testing.T) {
	p := newIDP(t)
	m := p.conf(t, "../../assets/samples/demo-neo4j.conf", "http://127.0.0.1:9876", p.srv.URL)
	pred := simulate(t, LoginInput{Model: m, Provider: "nope"})
	check(t, pred, want{outcome: OutcomeNoPrediction, codes: []string{"neo4j-provider-not-found"}})
	if h := pred.Headline(); h != `NO PREDICTION: provider (no provider "nope" is configured; configured: demo)` {
		t.Errorf("headline %q", h)
	}
	if pred.Provider != "" || pred.Channel != "" {
		t.Errorf("provider %q, channel %q: none was predicted with", pred.Provider, pred.Channel)
	}
}

// TestBearerAudienceFixKeepsTheBrowsersAudience: a driver's access token
// whose aud the provider's audience does not list is rejected; the fix
// adds its aud to the list (audience is a list, spec §2.1), so that the
// Browser's token, validated under the same setting, keeps working.
func TestBearerAudienceFixKeepsTheBrowsersAudience(t *testing.T) {
	p := newIDP(t)
	m := p.confText(t, `dbms.security.authentication_providers=oidc-okta
dbms.security.authorization_providers=oidc-okta
dbms.security.oidc.okta.display_name=Okta
dbms.security.oidc.okta.well_known_discovery_uri={{IDP}}/.well-known/openid-configuration
dbms.security.oidc.okta.audience=0oa123
dbms.security.oidc.okta.params=client_id=0oa123;response_type=code;scope=openid profile email
dbms.security.oidc.okta.config=token_type_principal=id_token;token_type_authentication=id_token
`)
	pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "svc", "aud": "api://default"})}})
	check(t, pred, want{outcome: OutcomeRejected, codes: []string{"neo4j-login-rejected", "aud-mismatch"}})
	f, _ := findingByCode(pred, "neo4j-login-rejected")
	if !strings.Contains(f.Fix, "audience=0oa123,api://default") || !strings.Contains(f.Fix, "(line 5)") {
		t.Errorf("fix %q: it should add the access token's aud to the list, not replace the Browser's", f.Fix)
	}
}

// TestTokenTypeWithAFinalLineBreakIsLikely: a Helm values.yaml block
// scalar (| with clip chomping) leaves a line break at the end of the
// config value, which the chart hands to Neo4j as it is (the value is a
// file's content, read untrimmed): the token type is then "access_token\n",
// no field of the token response. The failure rests on reading the chart
// and Neo4j, so it is likely, and the fix is the YAML's, not another token
// type.
func TestTokenTypeWithAFinalLineBreakIsLikely(t *testing.T) {
	p := newIDP(t)
	values := func(config string) *conf.Model {
		text := strings.ReplaceAll(`config:
  dbms.security.authentication_providers: "oidc-okta,native"
  dbms.security.authorization_providers: "oidc-okta,native"
  dbms.security.oidc.okta.display_name: "Okta"
  dbms.security.oidc.okta.well_known_discovery_uri: "{{IDP}}/.well-known/openid-configuration"
  dbms.security.oidc.okta.audience: "api://default"
  dbms.security.oidc.okta.params: "client_id=0oa1;response_type=code;scope=openid profile email"
  dbms.security.oidc.okta.config: `+config+"\n", "{{IDP}}", p.srv.URL)
		c, err := conf.ReadConf(strings.NewReader(text), "values.yaml", conf.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return conf.Analyze(c, conf.Latest, conf.LintOptions{})
	}
	tokens := inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "0oa1"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "api://default"}),
	}
	clip := simulate(t, LoginInput{Model: values("|\n    token_type_principal=id_token;token_type_authentication=access_token"), Tokens: tokens})
	check(t, clip, want{outcome: OutcomeRejected, codes: []string{"neo4j-authentication-token-missing"}})
	if h := clip.Headline(); !strings.HasPrefix(h, `REJECTED by Neo4j (likely): authentication-token (no "access_token\n"`) {
		t.Errorf("headline %q", h)
	}
	f, _ := findingByCode(clip, "neo4j-authentication-token-missing")
	if !strings.Contains(f.Message, "line break") || !strings.Contains(f.Message, "likely") || !strings.Contains(f.Fix, "|-") {
		t.Errorf("finding %q, fix %q", f.Message, f.Fix)
	}

	principal := simulate(t, LoginInput{Model: values("|\n    token_type_authentication=access_token;token_type_principal=id_token"), Tokens: tokens})
	check(t, principal, want{outcome: OutcomeClientError, codes: []string{"neo4j-principal-not-jwt"}})
	if h := principal.Headline(); !strings.Contains(h, "(likely)") {
		t.Errorf("headline %q", h)
	}
	if f, _ := findingByCode(principal, "neo4j-principal-not-jwt"); !strings.Contains(f.Fix, "|-") {
		t.Errorf("fix %q", f.Fix)
	}

	strip := simulate(t, LoginInput{Model: values("|-\n    token_type_principal=id_token;token_type_authentication=access_token"), Tokens: tokens, NativeRoles: map[string][]string{}})
	check(t, strip, want{outcome: OutcomeLogIn, username: "alice"})
}
