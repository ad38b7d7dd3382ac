package conf

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
)

// TestLintStartupErrorsInNeo4jsWords gives every start-up error of the spec
// a test input and checks the finding's code, severity, line and Neo4j's
// exact text.
func TestLintStartupErrorsInNeo4jsWords(t *testing.T) {
	tests := []struct {
		name    string
		add     string // appended to the valid okta block (line 8 onwards)
		version Version
		code    string
		line    int
		text    string
	}{
		{"untrimmed params keys", "dbms.security.oidc.okta.params=client_id=x; response_type=code; scope=openid", Latest,
			"conf-map-untrimmed-key", 8,
			"Error evaluating value for setting 'dbms.security.oidc.okta.params'. 'client_id=x; response_type=code; scope=openid' map does not contain all of the required keys: [scope, client_id, response_type]."},
		{"missing required params key", "dbms.security.oidc.okta.params=client_id=x;scope=openid", Latest,
			"conf-map-missing-required-key", 8,
			"Error evaluating value for setting 'dbms.security.oidc.okta.params'. 'client_id=x;scope=openid' map does not contain all of the required keys: [scope, client_id, response_type]."},
		{"params trailing semicolon is fine but ;; is not", "dbms.security.oidc.okta.params=client_id=x;;response_type=code;scope=openid;", Latest,
			"conf-map-invalid-element", 8,
			"Error evaluating value for setting 'dbms.security.oidc.okta.params'. '' map element does not follow k1=v1 format."},
		{"map element without =", "dbms.security.oidc.okta.token_params=client_secret", Latest,
			"conf-map-invalid-element", 8,
			"Error evaluating value for setting 'dbms.security.oidc.okta.token_params'. 'client_secret' map element does not follow k1=v1 format."},
		{"unknown config key", "dbms.security.oidc.okta.config=token_type_principal=id_token;prinicpal=email", Latest,
			"conf-map-unknown-key", 8,
			"Error evaluating value for setting 'dbms.security.oidc.okta.config'. map element with key prinicpal is not one of the accepted elements [implicit_flow_requires_nonce, token_type_authentication, token_type_principal, principal, code_challenge_method]"},
		{"untrimmed config key", "dbms.security.oidc.okta.config=principal=sub; token_type_principal=id_token", Latest,
			"conf-map-untrimmed-key", 8,
			"map element with key  token_type_principal is not one of the accepted elements [implicit_flow_requires_nonce, token_type_authentication, token_type_principal, principal, code_challenge_method]"},
		{"duplicate setting in 5.x", "dbms.security.oidc.okta.audience=api://other", V5,
			"conf-duplicate-setting", 8, "dbms.security.oidc.okta.audience declared multiple times."},
		{"duplicate setting in 2026", "dbms.security.oidc.okta.audience=api://other", Latest,
			"conf-duplicate-setting", 8, "dbms.security.oidc.okta.audience declared multiple times."},
		{"bad boolean", "dbms.security.oidc.okta.get_groups_from_user_info=yes", Latest,
			"conf-invalid-boolean", 8,
			"Error evaluating value for setting 'dbms.security.oidc.okta.get_groups_from_user_info'. 'yes' is not a valid boolean value, must be 'true' or 'false'"},
		{"bad boolean keeps spaces in the quote", "dbms.security.require_local_user=  tru ", Latest,
			"conf-invalid-boolean", 8,
			"Error evaluating value for setting 'dbms.security.require_local_user'. 'tru ' is not a valid boolean value, must be 'true' or 'false'"},
		{"bad enum", "dbms.security.oidc.sso.auth_flow=authorization_code", Latest,
			"conf-invalid-enum", 8,
			"Error evaluating value for setting 'dbms.security.oidc.sso.auth_flow'. 'authorization_code' not one of [PKCE, IMPLICIT]"},
		{"URI with a trailing space", "dbms.security.oidc.okta.jwks_uri=https://dev-1.okta.com/oauth2/default/v1/keys ", Latest,
			"conf-invalid-uri", 8,
			"Error evaluating value for setting 'dbms.security.oidc.okta.jwks_uri'. 'https://dev-1.okta.com/oauth2/default/v1/keys ' is not a valid URI"},
		{"URI with braces", "dbms.security.oidc.okta.token_endpoint=https://{yourOktaDomain}/oauth2/v1/token", Latest,
			"conf-invalid-uri", 8,
			"'https://{yourOktaDomain}/oauth2/v1/token' is not a valid URI"},
		{"unrecognised setting under strict validation", "sso.enabled=true", Latest,
			"conf-unrecognized-setting", 8,
			"Unrecognized setting. No declared setting with name: sso.enabled. Cleanup the config or disable 'server.config.strict_validation.enabled' to continue."},
		{"namespace typo under strict validation", "dbms.ecurity.oidc.m2m.visible=false", Latest,
			"conf-namespace-typo", 8,
			"Unrecognized setting. No declared setting with name: dbms.ecurity.oidc.m2m.visible. Cleanup the config or disable 'server.config.strict_validation.enabled' to continue."},
		{"APOC setting in neo4j.conf", "apoc.export.file.enabled=true", V5,
			"conf-unrecognized-setting", 8,
			"Setting 'apoc.export.file.enabled' for APOC was found in the configuration file. In Neo4j v5, APOC settings must be in their own configuration file called apoc.conf. Cleanup the config or disable 'server.config.strict_validation.enabled' to continue."},
		{"empty provider name", "dbms.security.oidc..display_name=x", Latest,
			"conf-malformed-group-setting", 8,
			"Malformed group setting name: 'dbms.security.oidc..display_name', does not match any setting in its group. Cleanup the config or disable 'server.config.strict_validation.enabled' to continue."},
		{"setting newer than the version", "dbms.security.require_local_user=true", Version{5, 20},
			"conf-setting-not-in-version", 8,
			"Unrecognized setting. No declared setting with name: dbms.security.require_local_user. Cleanup the config or disable 'server.config.strict_validation.enabled' to continue."},
		{"ABAC providers before 2026.03", "dbms.security.abac.authorization_providers=oidc-okta", V2025,
			"conf-setting-not-in-version", 8, "No declared setting with name: dbms.security.abac.authorization_providers."},
		{"bad strict validation value", "server.config.strict_validation.enabled=off", Latest,
			"conf-invalid-boolean", 8, "'off' is not a valid boolean value, must be 'true' or 'false'"},
		{"bad unicode escape", `dbms.security.oidc.okta.display_name=Caf\u00e`, Latest,
			"conf-malformed-unicode-escape", 8, `Malformed \uxxxx encoding.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := lintText(t, okta+tt.add+"\n", tt.version)
			f, ok := findCode(fs, tt.code)
			if !ok {
				t.Fatalf("no %s among %v", tt.code, codes(fs))
			}
			if f.Severity != inspector.SeverityError {
				t.Errorf("severity %s, want error", f.Severity)
			}
			if !strings.Contains(f.Message, tt.text) {
				t.Errorf("message lacks Neo4j's text\n got: %s\nwant: %s", f.Message, tt.text)
			}
			if !strings.Contains(f.Evidence, "line "+itoa(tt.line)) && !strings.Contains(f.Evidence, ", "+itoa(tt.line)) {
				t.Errorf("evidence %q does not name line %d", f.Evidence, tt.line)
			}
			if f.Fix == "" {
				t.Error("no fix")
			}
			if WouldStart(fs) {
				t.Error("WouldStart = true with a start-up error")
			}
		})
	}
}

// TestLintWarnsAboutSetupsThatStartButMisbehave covers the warning
// cases: each input starts, and the finding says why it misbehaves.
func TestLintWarnsAboutSetupsThatStartButMisbehave(t *testing.T) {
	tests := []struct {
		name    string
		add     string
		version Version
		code    string
		inMsg   string
	}{
		{"claims.audience is not a setting", "dbms.security.oidc.okta.claims.audience=api://default", Latest, "conf-not-a-setting", "dbms.security.oidc.okta.audience"},
		{"claims.client_id is not a setting", "dbms.security.oidc.okta.claims.client_id=0oa1", Latest, "conf-not-a-setting", "likely ignored silently"},
		{"namespace typo without strict validation", "server.config.strict_validation.enabled=false\ndbms.ecurity.oidc.m2m.visible=false", Latest, "conf-namespace-typo", "Did you mean 'dbms.security.oidc.m2m.visible'?"},
		{"global setting typo", "server.config.strict_validation.enabled=false\ndbms.security.authentication_provider=oidc-okta", Latest, "conf-namespace-typo", "Did you mean 'dbms.security.authentication_providers'?"},
		{"provider setting typo", "dbms.security.oidc.okta.claims.usename=email", Latest, "conf-unknown-provider-setting", "Did you mean 'dbms.security.oidc.okta.claims.username'?"},
		{"provider listed but not configured", "dbms.security.authorization_providers=oidc-okta,oidc-entra", Latest, "provider-not-configured", "oidc-entra"},
		{"provider configured but not listed", "dbms.security.oidc.azure.display_name=Entra", Latest, "provider-not-enabled", "oidc-azure"},
		{"space after trailing backslash", "dbms.security.oidc.okta.authorization.group_to_role_mapping=a=admin;b=reader \\ \n  c=editor", V4_4, "conf-continuation-trailing-space", "escaped space"},
		{"comma-list group key", "dbms.security.oidc.okta.authorization.group_to_role_mapping=g1,g2=reader", Latest, "mapping-comma-group-key", "g1,g2"},
		{"space after comma between roles", "dbms.security.oidc.okta.authorization.group_to_role_mapping=g1=editor, publisher", Latest, "mapping-role-space-after-comma", `" publisher"`},
		{"repeated group key", "dbms.security.oidc.okta.authorization.group_to_role_mapping=\\\n  rw=editor,publisher;\\\n  rw=publisher", Latest, "mapping-duplicate-group", "first on line 9"},
		{"role neither built-in nor declared", "dbms.security.oidc.okta.authorization.group_to_role_mapping=g=analyst", Latest, "mapping-unknown-role", `"analyst"`},
		{"claims.username other than sub", "dbms.security.oidc.okta.claims.username=email", Latest, "username-claim-not-sub", "email"},
		{"implicit flow", "dbms.security.oidc.okta.auth_flow=implicit\ndbms.security.oidc.okta.params=client_id=0oa1;response_type=token;scope=openid", V4_4, "implicit-flow-deprecated", "2026.06"},
		{"http URI outside localhost", "dbms.security.oidc.okta.user_info_uri=http://idp.example.com/userinfo", Latest, "uri-http-not-localhost", "'http://idp.example.com/userinfo' does not have required scheme 'https'"},
		{"duplicate in 4.4 is an override", "dbms.security.oidc.okta.audience=api://default\ndbms.security.oidc.okta.audience=api://other", V4_4, "conf-duplicate-setting", "The 'dbms.security.oidc.okta.audience' setting is overridden. Setting value changed from 'api://default' to 'api://other'."},
		{"duplicate without strict validation", "server.config.strict_validation.enabled=false\ndbms.security.oidc.okta.audience=api://default\ndbms.security.oidc.okta.audience=api://other", V5, "conf-duplicate-setting", "The 'dbms.security.oidc.okta.audience' setting is overridden."},
		{"unrecognised setting in 4.4", "sso.enabled=true", V4_4, "conf-unrecognized-setting", "Unrecognized setting. No declared setting with name: sso.enabled"},
		{"config key unknown in 4.4", "dbms.security.oidc.okta.config=prinicpal=email", V4_4, "conf-map-unknown-key", "Neo4j 4.4 starts"},
		{"untrimmed token_params key", "dbms.security.oidc.okta.token_params=client_secret=s; audience=x", Latest, "conf-map-untrimmed-key", `" audience"`},
		{"untrimmed map value", "dbms.security.oidc.okta.token_params=audience= s", Latest, "conf-map-untrimmed-value", `" s"`},
		{"untrimmed secret map value: the spaces, not the secret", "dbms.security.oidc.okta.token_params=client_secret= s", Latest, "conf-map-untrimmed-value", `" ‹redacted›"`},
		{"command value", "dbms.security.oidc.okta.token_params=$(cat /run/secret)", Latest, "conf-command-expansion", "is a command, but config is not explicitly told to expand it. (Missing --expand-commands argument?)"},
		{"response type does not fit PKCE", "dbms.security.oidc.okta.params=client_id=0oa1;response_type=token;scope=openid", Latest, "conf-response-type-mismatch", "PKCE"},
		{"unknown token type", "dbms.security.oidc.okta.config=token_type_principal=idtoken", Latest, "conf-config-value-unknown", "idtoken"},
		{"unknown dbms.security setting", "dbms.security.oidc_providers=okta", Latest, "conf-unrecognized-setting", "likely not a Neo4j setting"},
		{"auth disabled", "dbms.security.auth_enabled=false", Latest, "conf-auth-disabled", "never used"},
		{"ABAC provider not an authorization provider", "dbms.security.abac.authorization_providers=oidc-okta\ndbms.security.authorization_providers=native", Latest, "abac-provider-invalid", "not in dbms.security.authorization_providers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := withSettings(okta, tt.add)
			fs := lintText(t, text, tt.version)
			f, ok := findCode(fs, tt.code)
			if !ok {
				t.Fatalf("no %s among %v", tt.code, codes(fs))
			}
			if f.Severity == inspector.SeverityError {
				t.Errorf("severity error, want a warning: %s", f.Message)
			}
			if !strings.Contains(f.Message, tt.inMsg) {
				t.Errorf("message %q lacks %q", f.Message, tt.inMsg)
			}
			if !WouldStart(fs) {
				t.Errorf("WouldStart = false; errors: %v", errorsOf(fs))
			}
		})
	}
}

func errorsOf(fs []inspector.Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Severity == inspector.SeverityError {
			out = append(out, f.Code+": "+f.Message)
		}
	}
	return out
}

func TestLintVersionDifferences(t *testing.T) {
	dup := okta + "dbms.security.oidc.okta.audience=api://other\n"
	tests := []struct {
		name    string
		text    string
		version Version
		start   bool
	}{
		{"duplicate fatal in 5.x", dup, V5, false},
		{"duplicate fatal in 2025", dup, V2025, false},
		{"duplicate only warned in 4.4", dup, V4_4, true},
		{"duplicate allowed when strict validation is off", dup + "server.config.strict_validation.enabled=false\n", V5, true},
		{"duplicate allowed with allow_duplicates", dup + "server.config.strict_validation.allow_duplicates=true\n", V5, true},
		{"4.4 strict validation name in 5.x likely migrated", okta + "dbms.config.strict_validation=false\nsso.x=1\n", V5, true},
		{"4.4 strict validation makes unknown settings fatal", okta + "dbms.config.strict_validation=true\nsso.x=1\n", V4_4, false},
		{"4.4 ignores unknown settings by default", okta + "sso.x=1\n", V4_4, true},
		{"config keys free in 4.4", okta + "dbms.security.oidc.okta.config=foo=bar\n", V4_4, true},
		{"config keys restricted in 5.x", okta + "dbms.security.oidc.okta.config=foo=bar\n", V5, false},
		{"require_local_user unknown before 5.24", okta + "dbms.security.require_local_user=true\n", Version{5, 23}, false},
		{"require_local_user from 5.24", okta + "dbms.security.require_local_user=true\n", Version{5, 24}, true},
		{"redirect_uri is a 4.4 setting", okta + "dbms.security.oidc.okta.redirect_uri=http://localhost:7474/browser/\n", V4_4, true},
		{"ABAC from 2026.03", okta + "dbms.security.abac.authorization_providers=oidc-okta\n", Version{2026, 3}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := lintText(t, tt.text, tt.version)
			if got := WouldStart(fs); got != tt.start {
				t.Errorf("WouldStart = %v, want %v; findings %v", got, tt.start, codes(fs))
			}
		})
	}
	// Version-dependent notes.
	if f, ok := findCode(lintText(t, okta+"dbms.security.oidc.okta.client_id=0oa1\n", Version{5, 19}), "conf-deprecated-setting"); !ok || !strings.Contains(f.Message, "Not used") {
		t.Errorf("client_id in 5.19: %+v", f)
	}
	if _, ok := findCode(lintText(t, okta+"dbms.security.oidc.okta.client_id=0oa1\n", Version{5, 18}), "conf-deprecated-setting"); ok {
		t.Error("client_id is not deprecated before 5.19")
	}
	if f, _ := findCode(lintText(t, okta+"dbms.security.oidc.okta.redirect_uri=http://x/\n", V5), "conf-unknown-provider-setting"); !strings.Contains(f.Message, "does not exist in Neo4j 5.26") {
		t.Errorf("redirect_uri in 5.x: %q", f.Message)
	}
	implicit := okta + "dbms.security.oidc.okta.auth_flow=IMPLICIT\n"
	if f, _ := findCode(lintText(t, implicit, Version{2026, 6}), "implicit-flow-deprecated"); f.Severity != inspector.SeverityWarning {
		t.Errorf("implicit in 2026.06: severity %s", f.Severity)
	}
	if f, _ := findCode(lintText(t, implicit, Version{2026, 3}), "implicit-flow-deprecated"); f.Severity != inspector.SeverityInfo {
		t.Errorf("implicit in 2026.03: severity %s", f.Severity)
	}
	if f, _ := findCode(lintText(t, okta+"sso.x=1\n", V4_4), "conf-unrecognized-setting"); strings.Contains(f.Message, "server.config.strict_validation") {
		t.Errorf("4.4 message names the 5.x setting: %q", f.Message)
	}
}

func TestLintSampleConfs(t *testing.T) {
	tests := []struct {
		file  string
		env   bool
		start bool
		want  []string // codes that must be present
		none  []string // codes that must be absent
	}{
		{"okta-access-token.conf", false, true, nil, []string{"mapping-role-space-after-comma", "provider-not-enabled", "conf-unrecognized-setting"}},
		{"entra-groups.conf", false, true, nil, []string{"mapping-unknown-role", "conf-duplicate-setting"}},
		{"google-id-token.conf", false, true, []string{"username-claim-not-sub"}, []string{"provider-not-enabled"}},
		{"keycloak-compose.yml", true, true, []string{"conf-not-a-setting", "username-claim-not-sub", "env-not-a-setting"}, []string{"conf-unrecognized-setting"}},
		{"keycloak.env", true, true, nil, []string{"mapping-invalid-entry"}},
		{"broken.conf", false, false, []string{
			"conf-doc-callout", "conf-duplicate-setting", "implicit-flow-deprecated", "uri-http-not-localhost",
			"conf-not-a-setting", "conf-map-untrimmed-key", "conf-invalid-boolean", "username-claim-not-sub",
			"conf-invalid-uri", "conf-unrecognized-setting", "conf-namespace-typo", "conf-invalid-enum",
			"mapping-comma-group-key", "mapping-role-space-after-comma", "mapping-duplicate-group",
			"mapping-unknown-role", "mapping-role-case", "provider-not-configured", "provider-not-enabled",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var c *Conf
			if tt.env {
				c, err = ParseEnv(f, tt.file)
			} else {
				c, err = ParseConf(f, tt.file)
			}
			if err != nil {
				t.Fatal(err)
			}
			fs := Lint(c, Latest)
			if WouldStart(fs) != tt.start {
				t.Errorf("WouldStart = %v, want %v; errors %v", !tt.start, tt.start, errorsOf(fs))
			}
			got := map[string]bool{}
			for _, f := range fs {
				got[f.Code] = true
				if f.Message == "" || f.Evidence == "" {
					t.Errorf("finding %s lacks message or evidence", f.Code)
				}
			}
			for _, c := range tt.want {
				if !got[c] {
					t.Errorf("missing %s; got %v", c, codes(fs))
				}
			}
			for _, c := range tt.none {
				if got[c] {
					t.Errorf("unexpected %s", c)
				}
			}
		})
	}
}

func TestModelParsesEverySetting(t *testing.T) {
	c := mustParse(t, okta+`dbms.security.oidc.okta.audience=api://default , 0oa1,,
dbms.security.oidc.okta.issuer=  https://dev-1.okta.com/oauth2/default  
dbms.security.oidc.okta.token_params=client_secret=s=x
dbms.security.oidc.okta.config=token_type_principal=id_token;token_type_authentication=id_token
dbms.security.oidc.okta.claims.groups=groups
dbms.security.oidc.okta.get_username_from_user_info=TRUE
dbms.security.oidc.okta.authorization.group_to_role_mapping=admins=admin;"Read Only"=reader
dbms.security.require_local_user=true
server.config.strict_validation.enabled=false
`)
	m := Analyze(c, Latest, LintOptions{})
	p := m.Provider("okta")
	if p == nil {
		t.Fatal("no provider okta")
	}
	if strings.Join(p.Audience, "|") != "api://default|0oa1" {
		t.Errorf("audience = %q", p.Audience)
	}
	if p.Issuer != "https://dev-1.okta.com/oauth2/default" {
		t.Errorf("issuer not trimmed: %q", p.Issuer)
	}
	if p.TokenParams["client_secret"] != "s=x" || p.Params["scope"] != "openid profile email" {
		t.Errorf("maps: %v %v", p.TokenParams, p.Params)
	}
	if p.Config["token_type_authentication"] != "id_token" || p.AuthFlow != "PKCE" || !p.UsernameFromUserInfo || p.UsernameClaim != "sub" || p.GroupsClaim != "groups" {
		t.Errorf("typed fields: %+v", p)
	}
	if p.GroupToRoleMapping == nil || len(p.GroupToRoleMapping.Entries) != 2 {
		t.Fatalf("mapping: %+v", p.GroupToRoleMapping)
	}
	if roles, e := p.GroupToRoleMapping.RolesFor("Read Only"); len(roles) != 1 || roles[0] != "reader" || e.Line != 14 {
		t.Errorf("Read Only → %v (entry %+v)", roles, e)
	}
	if strings.Join(p.EnabledFor, ",") != "authentication,authorization" || !p.Enabled() {
		t.Errorf("enabled for %v", p.EnabledFor)
	}
	if !m.RequireLocalUser || m.Strict || strings.Join(m.AuthenticationProviders, ",") != "oidc-okta,native" {
		t.Errorf("globals: %+v", m)
	}
	if v := p.SettingValues()["audience"]; v == nil {
		t.Error("SettingValues lacks audience")
	}
	if d := mustParse(t, "").Providers(); len(d) != 0 {
		t.Errorf("empty conf providers: %v", d)
	}
	def := Analyze(mustParse(t, "a.b=c"), Latest, LintOptions{})
	if strings.Join(def.AuthenticationProviders, ",") != "native" || !def.Strict || !def.AuthEnabled {
		t.Errorf("defaults: %+v", def)
	}
}

func TestLintAcceptsHTTPOnLocalhost(t *testing.T) {
	for _, uri := range []string{"http://localhost:8080/realms/r", "http://127.0.0.1/x", "http://[::1]:8080/x"} {
		if _, ok := findCode(lintText(t, okta+"dbms.security.oidc.okta.jwks_uri="+uri+"\n", Latest), "uri-http-not-localhost"); ok {
			t.Errorf("%s is localhost", uri)
		}
	}
}

func TestLintCustomRoles(t *testing.T) {
	text := okta + "dbms.security.oidc.okta.authorization.group_to_role_mapping=g=analyst\n"
	if _, ok := findCode(LintWith(mustParse(t, text), Latest, LintOptions{CustomRoles: []string{"analyst"}}), "mapping-unknown-role"); ok {
		t.Error("a declared custom role is warned")
	}
}

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want Version
		err  bool
	}{
		{"", Latest, false}, {"latest", Latest, false}, {"4.4", V4_4, false}, {"4", V4_4, false},
		{"5", V5, false}, {"5.x", V5, false}, {"5.19", Version{5, 19}, false}, {"5.19.0", Version{5, 19}, false},
		{"2025.x", V2025, false}, {"2025.10", Version{2025, 10}, false}, {"2026.06.1", Version{2026, 6}, false},
		{"2026", Latest, false}, {"v5.24", Version{5, 24}, false},
		{"3.5", Version{}, true}, {"banana", Version{}, true}, {"2026.13", Version{}, true}, {"5.x.y.z", V5, false},
	}
	for _, tt := range tests {
		got, err := ParseVersion(tt.in)
		if (err != nil) != tt.err || (!tt.err && got != tt.want) {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v (err %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
	if b, _ := json.Marshal(Version{5, 19}); string(b) != `"5.19"` {
		t.Errorf("JSON %s", b)
	}
	var back Version
	if err := json.Unmarshal([]byte(`"2026.x"`), &back); err != nil || back != V2026 {
		t.Errorf("unmarshal: %v %v", back, err)
	}
	if (Version{2026, 6}).String() != "2026.06" || V4_4.String() != "4.4" || (Version{5, 19}).String() != "5.19" {
		t.Error("String()")
	}
}

func TestEveryFindingIsCatalogued(t *testing.T) {
	defs := map[string]bool{}
	for _, d := range inspector.Definitions() {
		defs[d.Code] = true
	}
	for _, name := range []string{"broken.conf", "okta-access-token.conf"} {
		b, _ := os.ReadFile(filepath.Join("testdata", name))
		for _, f := range lintText(t, string(b), Latest) {
			if !defs[f.Code] {
				t.Errorf("finding code %q is not defined", f.Code)
			}
		}
	}
}

// withSettings appends settings to a conf, dropping the lines of the conf
// that declare the same keys, so a test changes a setting without declaring
// it twice.
func withSettings(conf, add string) string {
	var keep []string
	for _, l := range strings.Split(strings.TrimSuffix(conf, "\n"), "\n") {
		k, _, _ := strings.Cut(l, "=")
		if !strings.Contains("\n"+add, "\n"+k+"=") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n") + "\n" + add + "\n"
}

// TestInvalidDiscoveryURIIsOneFinding: a well_known_discovery_uri that
// does not parse (a trailing space, §3.0 and §3.2) is one error, the
// invalid URI; the provider is not also said to have no discovery URI. A
// provider with none at all still is.
func TestInvalidDiscoveryURIIsOneFinding(t *testing.T) {
	base := "dbms.security.authentication_providers=oidc-okta\ndbms.security.oidc.okta.display_name=Okta\ndbms.security.oidc.okta.audience=api://default\n"
	fs := lintText(t, base+"dbms.security.oidc.okta.well_known_discovery_uri=https://dev-1.okta.com/oauth2/default/.well-known/openid-configuration \n", Latest)
	if _, ok := findCode(fs, "conf-invalid-uri"); !ok {
		t.Errorf("no conf-invalid-uri among %v", codes(fs))
	}
	if f, ok := findCode(fs, FindProviderMetadata.Code); ok {
		t.Errorf("the invalid URI is also said to be missing: %s", f.Message)
	}
	if _, ok := findCode(lintText(t, base, Latest), FindProviderMetadata.Code); !ok {
		t.Errorf("a provider without a discovery URI lost %s", FindProviderMetadata.Code)
	}
}

// TestStartHeadlineSaysLikely: when every error rests on an inference (an
// entry of group_to_role_mapping without '=', whose parser is closed
// source, §3.3), the headline says Neo4j likely would not start; one
// certain error makes it certain; no error, it starts.
func TestStartHeadlineSaysLikely(t *testing.T) {
	base := "dbms.security.authentication_providers=oidc-okta\ndbms.security.oidc.okta.display_name=Okta\n"
	for _, tt := range []struct{ add, want string }{
		{"dbms.security.oidc.okta.authorization.group_to_role_mapping=admins=admin;readers\n", "Neo4j likely would NOT start"},
		{"dbms.security.oidc.okta.authorization.group_to_role_mapping=admins=admin;readers\ndbms.security.oidc.okta.get_groups_from_user_info=yes\n", "Neo4j would NOT start"},
		{"dbms.security.oidc.okta.authorization.group_to_role_mapping=admins=admin\n", "Neo4j would start"},
	} {
		if got := StartHeadline(lintText(t, base+tt.add, Latest)); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.add, got, tt.want)
		}
	}
}

// TestParamsRequiredKeysIn44: the required-keys check of params is
// documented for 5.x only (§2.1): in 4.4 a params without response_type
// is a warning (the Browser drops the provider; 5.x will not start), not
// a startup failure; in 5.x it still is.
func TestParamsRequiredKeysIn44(t *testing.T) {
	text := "dbms.security.authentication_providers=oidc-okta\ndbms.security.oidc.okta.display_name=Okta\ndbms.security.oidc.okta.params=client_id=x;scope=openid\n"
	f, ok := findCode(lintText(t, text, V4_4), FindMapMissingRequired.Code)
	if !ok || f.Severity != inspector.SeverityWarning || !strings.Contains(f.Message, "likely starts") {
		t.Errorf("4.4: %+v", f)
	}
	if f, _ := findCode(lintText(t, text, V5), FindMapMissingRequired.Code); f.Severity != inspector.SeverityError {
		t.Errorf("5.x: %+v", f)
	}
}

// TestMappingThatNeverApplies: a group_to_role_mapping grants nothing when
// the provider is not an authorization provider (spec §1: only those grant
// roles) or claims.groups is not set (§2.1: it has no default, so no group
// is read); lint says so at the mapping's line, with the fix of the cause.
func TestMappingThatNeverApplies(t *testing.T) {
	const mapping = "dbms.security.oidc.okta.authorization.group_to_role_mapping=admins=admin\n"
	for _, tc := range []struct {
		name, text, msg, fix string
	}{
		{"not an authorization provider", strings.Replace(okta, "authorization_providers=oidc-okta,native", "authorization_providers=native", 1) +
			"dbms.security.oidc.okta.claims.groups=groups\n" + mapping,
			"not an authorization provider", "Add oidc-okta to dbms.security.authorization_providers"},
		{"claims.groups not set", okta + "dbms.security.oidc.okta.claims.username=sub\n" + mapping, "claims.groups is not set", "Set dbms.security.oidc.okta.claims.groups"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := lintText(t, tc.text, Latest)
			f, ok := findCode(fs, "mapping-never-applies")
			if !ok {
				t.Fatalf("no mapping-never-applies among %v", codes(fs))
			}
			if !strings.Contains(f.Message, tc.msg) || !strings.Contains(f.Fix, tc.fix) || !strings.Contains(f.Evidence, "line 9") {
				t.Errorf("finding %+v: want %q, the fix %q and the mapping's line", f, tc.msg, tc.fix)
			}
		})
	}
	if fs := lintText(t, okta+"dbms.security.oidc.okta.claims.groups=groups\n"+mapping, Latest); len(fs) > 0 {
		if _, ok := findCode(fs, "mapping-never-applies"); ok {
			t.Errorf("a mapping that applies is said not to: %v", codes(fs))
		}
	}
}
