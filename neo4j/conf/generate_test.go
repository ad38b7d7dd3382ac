package conf_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
)

// signInAtDemo signs alice in to the demo provider with its Browser-shaped
// client (authorization code + PKCE), as cli's demoSignIn does.
func signInAtDemo(t *testing.T, scenario string) (*demoidp.Provider, inspector.TokenSet) {
	t.Helper()
	p, err := demoidp.Start(t.Context(), demoidp.Config{Addr: "127.0.0.1:0", Scenario: scenario})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	conf := &oauth2.Config{
		ClientID:    demoidp.BrowserClientID,
		RedirectURL: "http://127.0.0.1:7474/browser/?idp_id=demo&auth_flow_step=redirect_uri",
		Scopes:      []string{"openid", "profile", "email"},
		Endpoint:    oauth2.Endpoint{AuthURL: p.Issuer() + "/authorize", TokenURL: p.Issuer() + "/oauth/token", AuthStyle: oauth2.AuthStyleInParams},
	}
	verifier := oauth2.GenerateVerifier()
	u, err := p.LoginAs(t.Context(), nil, conf.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier)), "alice")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := conf.Exchange(t.Context(), u.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	idt, _ := tok.Extra("id_token").(string)
	return p, inspector.TokenSet{IDToken: idt, AccessToken: tok.AccessToken}
}

// lintGenerated reads both forms back with the project's own parsers and
// lints them: neither may hold an error.
func lintGenerated(t *testing.T, g *conf.GeneratedConfig) *conf.Model {
	t.Helper()
	c, err := conf.ParseConf(strings.NewReader(g.Conf), "generated.conf")
	if err != nil {
		t.Fatal(err)
	}
	fs := conf.Lint(c, conf.Latest)
	if !conf.WouldStart(fs) {
		t.Errorf("generated neo4j.conf would not start: %+v\n%s", fs, g.Conf)
	}
	env, err := conf.ParseEnv(strings.NewReader(g.Env), "generated.env")
	if err != nil {
		t.Fatal(err)
	}
	efs := conf.Lint(env, conf.Latest)
	if !conf.WouldStart(efs) {
		t.Errorf("generated environment would not start: %+v\n%s", efs, g.Env)
	}
	for _, f := range efs {
		if f.Code == "env-readers-differ" {
			t.Errorf("docker run and Compose read the generated environment otherwise: %s\n%s", f.Message, g.Env)
		}
	}
	// Every setting reads back alike from the three forms.
	helm, err := conf.ParseEnv(strings.NewReader(g.Helm), "values.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Entries {
		for _, form := range []*conf.Conf{env, helm} {
			if got, ok := form.Get(e.Key); !ok || got.Value != e.Value {
				t.Errorf("%s: %s reads back as %q (%v), neo4j.conf as %q", form.Form, e.Key, got.Value, ok, e.Value)
			}
		}
	}
	return conf.Analyze(c, conf.Latest, conf.LintOptions{})
}

func TestGenerateConfigDemoJWTAccessToken(t *testing.T) {
	p, ts := signInAtDemo(t, demoidp.ScenarioNone)
	g, err := conf.GenerateConfig(conf.GenerateInput{Provider: "demo", Issuer: p.Issuer(), ClientID: demoidp.BrowserClientID, Tokens: ts})
	if err != nil {
		t.Fatal(err)
	}
	if g.TokenType != "access_token" || strings.Join(g.Audience, ",") != demoidp.APIAudience || g.GroupsClaim != "groups" {
		t.Errorf("token type %s, audience %v, groups claim %q", g.TokenType, g.Audience, g.GroupsClaim)
	}
	m := lintGenerated(t, g)
	prov := m.Provider("demo")
	if prov == nil || prov.Params["scope"] != "openid profile email" || prov.Params["client_id"] != demoidp.BrowserClientID ||
		prov.Config["token_type_authentication"] != "access_token" || prov.GroupToRoleMapping == nil {
		t.Fatalf("parsed provider = %+v", prov)
	}
	if !strings.Contains(g.Conf, "authorization.group_to_role_mapping=engineers=reader") || !strings.Contains(g.Conf, "# PLACEHOLDER") {
		t.Errorf("mapping skeleton missing:\n%s", g.Conf)
	}
	if !strings.Contains(g.Env, "NEO4J_dbms_security_oidc_demo_display__name=SSO") {
		t.Errorf("env form:\n%s", g.Env)
	}
	// The block it wrote predicts alice's login.
	pred := predict.SimulateLogin(t.Context(), predict.LoginInput{Model: m, Provider: "demo", Tokens: ts, Verify: inspector.VerifyConfig{}})
	if pred.Outcome != predict.OutcomeLogIn {
		t.Errorf("prediction with the generated block: %s %+v", pred.Outcome, pred.Steps)
	}
}

func TestGenerateConfigOpaqueAccessTokenChoosesIDToken(t *testing.T) {
	p, ts := signInAtDemo(t, demoidp.ScenarioOpaqueAccessToken)
	g, err := conf.GenerateConfig(conf.GenerateInput{Provider: "demo", Issuer: p.Issuer(), ClientID: demoidp.BrowserClientID, Tokens: ts})
	if err != nil {
		t.Fatal(err)
	}
	if g.TokenType != "id_token" || !strings.Contains(g.Conf, "config=token_type_principal=id_token;token_type_authentication=id_token") {
		t.Errorf("token type %s:\n%s", g.TokenType, g.Conf)
	}
	if strings.Join(g.Audience, ",") != demoidp.BrowserClientID {
		t.Errorf("audience = %v, want the ID token's aud (the client id)", g.Audience)
	}
	if len(g.Findings) == 0 || g.Findings[0].Code != "config-validates-id-token" {
		t.Errorf("findings = %+v", g.Findings)
	}
	lintGenerated(t, g)
}

func TestGenerateConfigQuotesGroupsAndEscapesNonASCII(t *testing.T) {
	tok := craftJWS(t, `{"alg":"RS256","kid":"k"}`, `{"iss":"https://idp.example.com","sub":"a","aud":"api://neo4j","groups":["Neo4j Read Only","Équipe","plain"]}`)
	g, err := conf.GenerateConfig(conf.GenerateInput{Issuer: "https://idp.example.com", ClientID: "c1", Tokens: inspector.TokenSet{AccessToken: tok}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(g.Conf, `group_to_role_mapping="Neo4j Read Only"=reader;\u00c9quipe=reader;plain=reader`) {
		t.Errorf("mapping line:\n%s", g.Conf)
	}
	m := lintGenerated(t, g)
	roles, _ := m.Provider("sso").GroupToRoleMapping.RolesFor("Équipe")
	if len(roles) != 1 || roles[0] != "reader" {
		t.Errorf("Équipe reads back as %v", roles)
	}
}

func TestGenerateConfigRejectsGraphTokens(t *testing.T) {
	at := craftJWS(t, `{"alg":"RS256","nonce":"abc"}`, `{"iss":"https://sts.windows.net/t/","sub":"a","aud":"00000003-0000-0000-c000-000000000000"}`)
	id := craftJWS(t, `{"alg":"RS256"}`, `{"iss":"https://login.microsoftonline.com/t/v2.0","sub":"a","aud":"app-1","groups":["g1"]}`)
	g, err := conf.GenerateConfig(conf.GenerateInput{Issuer: "https://login.microsoftonline.com/t/v2.0", ClientID: "app-1", Tokens: inspector.TokenSet{IDToken: id, AccessToken: at}})
	if err != nil {
		t.Fatal(err)
	}
	if g.TokenType != "id_token" || !strings.Contains(g.Findings[0].Message, "Microsoft Graph") {
		t.Errorf("token type %s, findings %+v", g.TokenType, g.Findings)
	}
}

// craftJWS builds an unsigned-looking JWS from literal JSON (the signature
// is filler: generation never verifies).
func craftJWS(t *testing.T, header, payload string) string {
	t.Helper()
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(make([]byte, 256))
}

// A client-credentials token has no user and no groups: the block maps its
// scopes (scp), as the documented Okta machine-to-machine setup does, and
// the prediction then grants the mapped role.
func TestGenerateConfigMachineToMachineMapsScopes(t *testing.T) {
	p, err := demoidp.Start(t.Context(), demoidp.Config{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	cc := clientcredentials.Config{ClientID: demoidp.M2MClientID, ClientSecret: demoidp.M2MClientSecret,
		TokenURL: p.Issuer() + "/oauth/token", Scopes: []string{demoidp.M2MScope}}
	tok, err := cc.Token(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ts := inspector.TokenSet{AccessToken: tok.AccessToken}
	g, err := conf.GenerateConfig(conf.GenerateInput{Provider: "m2m", Issuer: p.Issuer(), ClientID: demoidp.M2MClientID, Tokens: ts})
	if err != nil {
		t.Fatal(err)
	}
	if g.TokenType != "access_token" || g.GroupsClaim != "scp" || strings.Join(g.Groups, ",") != demoidp.M2MScope {
		t.Fatalf("token type %s, groups claim %q, groups %v\n%s", g.TokenType, g.GroupsClaim, g.Groups, g.Conf)
	}
	m := lintGenerated(t, g)
	pred := predict.SimulateLogin(t.Context(), predict.LoginInput{Model: m, Provider: "m2m", Tokens: ts, Verify: inspector.VerifyConfig{}})
	if pred.Outcome != predict.OutcomeLogIn || !strings.Contains(strings.Join(pred.Roles, ","), "reader") {
		t.Errorf("prediction with the generated block: %s roles %v", pred.Outcome, pred.Roles)
	}
}

// TestGenerateConfigKeepsEveryValueOnItsLine: a group name, display name
// or issuer with a line break (from a token, or a flag) cannot add a
// setting of its own to the generated block: the break is escaped, the
// block reads back with exactly the settings generated, and the value
// reads back as it was. A provider name that cannot be a name is refused.
func TestGenerateConfigKeepsEveryValueOnItsLine(t *testing.T) {
	evil := "\ndbms.security.auth_enabled=false\n#"
	tok := craftJWS(t, `{"alg":"RS256","kid":"k"}`, `{"iss":"https://idp.example.com","sub":"a","aud":"api://neo4j","groups":["admins","`+strings.ReplaceAll(evil, "\n", `\n`)+`"]}`)
	g, err := conf.GenerateConfig(conf.GenerateInput{Issuer: "https://idp.example.com", ClientID: "c1", DisplayName: "Okta" + evil,
		Tokens: inspector.TokenSet{AccessToken: tok}})
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range []string{g.Conf, g.Env, g.Helm} {
		if strings.Contains(form, "\ndbms.security.auth_enabled") || strings.Contains(form, "\n  dbms.security.auth_enabled") || strings.Contains(strings.ToLower(form), "\nneo4j_dbms_security_auth__enabled") {
			t.Fatalf("a value broke out of its line:\n%s", form)
		}
	}
	m := lintGenerated(t, g)
	if !m.AuthEnabled {
		t.Errorf("auth_enabled read back as false:\n%s", g.Conf)
	}
	p := m.Provider("sso")
	if got := p.Settings["display_name"].Value; got != "Okta"+evil {
		t.Errorf("display_name reads back as %q", got)
	}
	if roles, _ := p.GroupToRoleMapping.RolesFor("admins"); len(roles) != 1 {
		t.Errorf("admins reads back as %v:\n%s", roles, g.Conf)
	}
	for _, name := range []string{"a\nb", "my.sso", "x=y", "a b", "a#b"} {
		if _, err := conf.GenerateConfig(conf.GenerateInput{Provider: name, Issuer: "https://idp.example.com", ClientID: "c1", Tokens: inspector.TokenSet{AccessToken: tok}}); err == nil {
			t.Errorf("provider name %q accepted", name)
		}
	}
}

// TestGenerateConfigRoundTripsEveryCharacter: a display name of any
// characters (an emoji, a space first, quotes, control characters) reads
// back through the project's Properties parser as it was written.
func TestGenerateConfigRoundTripsEveryCharacter(t *testing.T) {
	tok := craftJWS(t, `{"alg":"RS256","kid":"k"}`, `{"iss":"https://idp.example.com","sub":"a","aud":"api://neo4j"}`)
	for _, display := range []string{"Okta 😀", " leading space", "tab\there", "équipe \"A\"", "back\\slash", "\u2028sep"} {
		g, err := conf.GenerateConfig(conf.GenerateInput{Issuer: "https://idp.example.com", ClientID: "c1", DisplayName: display, Tokens: inspector.TokenSet{AccessToken: tok}})
		if err != nil {
			t.Fatal(err)
		}
		for form, text := range map[string]string{"neo4j.conf": g.Conf, "env file": g.Env, "Helm values": g.Helm} {
			c, err := conf.ReadConf(strings.NewReader(text), "generated", conf.ReadOptions{Env: form != "neo4j.conf"})
			if err != nil {
				t.Fatal(err)
			}
			// The Properties value as written (Neo4j then trims a string
			// setting, spec §3.2).
			got := ""
			for _, e := range c.Entries {
				if strings.HasSuffix(e.Key, ".display_name") {
					got = e.Value
				}
			}
			if got != display {
				t.Errorf("%s: display_name %q reads back as %q", form, display, got)
			}
		}
	}
}

// TestGenerateConfigNeverDropsAGroupSilently: every group the token
// carries is either in the generated mapping, reading back with its role,
// or named by a config-group-unmappable warning that says why and what to
// do (a ';' in the name cannot be written: Neo4j splits the value on ';'
// first, and has no escape for it).
func TestGenerateConfigNeverDropsAGroupSilently(t *testing.T) {
	groups := []string{"eng;ops", "admins", "", "a\nb", "x=y", `it's "quoted"`, "  ", "trailing;", "Équipe", "a,b", `a'b"c=d`}
	claim, _ := json.Marshal(groups)
	tok := craftJWS(t, `{"alg":"RS256","kid":"k"}`, `{"iss":"https://idp.example.com","sub":"a","aud":"api://neo4j","groups":`+string(claim)+`}`)
	g, err := conf.GenerateConfig(conf.GenerateInput{Issuer: "https://idp.example.com", ClientID: "c1", Tokens: inspector.TokenSet{AccessToken: tok}})
	if err != nil {
		t.Fatal(err)
	}
	m := lintGenerated(t, g).Provider("sso").GroupToRoleMapping
	for _, grp := range groups {
		roles, _ := m.RolesFor(grp)
		var named *inspector.Finding
		for i, f := range g.Findings {
			if f.Code == "config-group-unmappable" && strings.Contains(f.Message, fmt.Sprintf("%q", grp)) {
				named = &g.Findings[i]
			}
		}
		mapped := len(roles) == 1 && roles[0] == "reader"
		if mapped == (named != nil) {
			t.Errorf("group %q: mapped %v (roles %v), unmappable finding %v; want exactly one of them", grp, mapped, roles, named)
		}
		if named != nil && (named.Severity != inspector.SeverityWarning || named.Fix == "" || !strings.Contains(named.Message, "grants no role")) {
			t.Errorf("group %q: finding %+v", grp, *named)
		}
	}
	for _, want := range []string{"eng;ops", "trailing;", ""} {
		if !slices.ContainsFunc(g.Findings, func(f inspector.Finding) bool {
			return f.Code == "config-group-unmappable" && strings.Contains(f.Message, fmt.Sprintf("%q", want))
		}) {
			t.Errorf("group %q is not said to be unmappable: %v", want, g.Findings)
		}
	}
}

// TestGenerateConfigGoogleNeedsTheClientSecret: Google's token endpoint
// wants the client secret even with PKCE (§8 Google): a block for Google
// sets token_params=client_secret=<client secret>, a placeholder (never a
// secret), and a finding says to replace it; other providers get none.
func TestGenerateConfigGoogleNeedsTheClientSecret(t *testing.T) {
	id := craftJWS(t, `{"alg":"RS256","kid":"k"}`, `{"iss":"https://accounts.google.com","sub":"1234","aud":"1234-abc.apps.googleusercontent.com","email":"a@example.com"}`)
	ts := inspector.TokenSet{IDToken: id, AccessToken: "ya29.a0AfH6SMBx-very-opaque-token-value_1234567890"}
	g, err := conf.GenerateConfig(conf.GenerateInput{Provider: "google", Issuer: "https://accounts.google.com", ClientID: "1234-abc.apps.googleusercontent.com", Tokens: ts})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(g.Conf, "dbms.security.oidc.google.token_params=client_secret=<client secret>\n") || !strings.Contains(g.Env, "NEO4J_dbms_security_oidc_google_token__params=") {
		t.Errorf("no token_params placeholder:\n%s\n%s", g.Conf, g.Env)
	}
	if !slices.ContainsFunc(g.Findings, func(f inspector.Finding) bool { return f.Code == conf.FindConfigClientSecret.Code }) {
		t.Errorf("findings %+v", g.Findings)
	}
	lintGenerated(t, g)

	at := craftJWS(t, `{"alg":"RS256","kid":"k"}`, `{"iss":"https://idp.example.com","sub":"a","aud":"api://neo4j"}`)
	g, err = conf.GenerateConfig(conf.GenerateInput{Issuer: "https://idp.example.com", ClientID: "c1", Tokens: inspector.TokenSet{AccessToken: at}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(g.Conf, "token_params") {
		t.Errorf("token_params for a provider other than Google:\n%s", g.Conf)
	}
}
