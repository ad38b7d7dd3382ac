package conf

import (
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
)

func TestEnvToSetting(t *testing.T) {
	tests := []struct {
		env, setting string
		ok           bool
	}{
		{"NEO4J_dbms_security_oidc_okta_display__name", "dbms.security.oidc.okta.display_name", true},
		{"NEO4J_dbms_security_authentication__providers", "dbms.security.authentication_providers", true},
		{"NEO4J_dbms_security_oidc_keycloak_authorization_group__to__role__mapping", "dbms.security.oidc.keycloak.authorization.group_to_role_mapping", true},
		{"NEO4J_server_config_strict__validation_enabled", "server.config.strict_validation.enabled", true},
		{"NEO4J_a___b", "a_.b", true}, // sed: a...b → a_.b
		{"NEO4J_AUTH", "", false},
		{"NEO4J_PLUGINS", "", false},
		{"KC_DB", "", false},
		{"NEO4J_", "", false},
	}
	for _, tt := range tests {
		got, ok := EnvToSetting(tt.env)
		if got != tt.setting || ok != tt.ok {
			t.Errorf("EnvToSetting(%q) = %q, %v; want %q, %v", tt.env, got, ok, tt.setting, tt.ok)
		}
		if tt.ok && !strings.Contains(tt.env, "___") {
			if back := SettingToEnv(tt.setting); back != tt.env {
				t.Errorf("SettingToEnv(%q) = %q, want %q", tt.setting, back, tt.env)
			}
		}
	}
}

func TestParseEnvForms(t *testing.T) {
	tests := []struct {
		name string
		in   string
		form string
		want []kv
	}{
		{"env file", "# comment\nNEO4J_dbms_security_oidc_okta_display__name=Okta\n\nexport NEO4J_dbms_security_oidc_okta_audience=\"api://default\"\nOTHER=1\n",
			"env file", []kv{{"dbms.security.oidc.okta.display_name", "Okta", 2}, {"dbms.security.oidc.okta.audience", "api://default", 4}}},
		{"env value keeps = and Properties escapes apply", "NEO4J_dbms_security_oidc_okta_params=client_id=x;scope=a\\tb\n",
			"env file", []kv{{"dbms.security.oidc.okta.params", "client_id=x;scope=a\tb", 1}}},
		{"compose list", "services:\n  neo4j:\n    image: neo4j:5-enterprise\n    environment:\n      - NEO4J_dbms_security_oidc_okta_display__name=Okta # button\n      - \"NEO4J_dbms_security_oidc_okta_audience=api://default\"\n    ports:\n      - 7474:7474\n",
			"compose environment", []kv{{"dbms.security.oidc.okta.display_name", "Okta", 5}, {"dbms.security.oidc.okta.audience", "api://default", 6}}},
		{"compose map", "services:\n  db:\n    image: docker.io/library/neo4j:2026.06\n    environment:\n      NEO4J_dbms_security_oidc_okta_display__name: 'Okta SSO'\n      NEO4J_dbms_security_oidc_okta_audience: \"api://default\"\n      NEO4J_dbms_security_oidc_okta_claims_username: sub # default\n",
			"compose environment", []kv{{"dbms.security.oidc.okta.display_name", "Okta SSO", 5}, {"dbms.security.oidc.okta.audience", "api://default", 6}, {"dbms.security.oidc.okta.claims.username", "sub", 7}}},
		{"compose interpolation", "services:\n  neo4j:\n    image: neo4j\n    environment:\n      - NEO4J_dbms_security_oidc_kc_issuer=https://${HOST:-kc.local}:8443/realms/r\n",
			"compose environment", []kv{{"dbms.security.oidc.kc.issuer", "https://kc.local:8443/realms/r", 5}}},
		{"other services ignored", "services:\n  tool:\n    image: graphaware/neo4j-config-cli\n    environment:\n      - NEO4J_URI=bolt://neo4j:7687\n  neo4j:\n    image: neo4j:5\n    environment:\n      - NEO4J_dbms_security_auth__enabled=true\n",
			"compose environment", []kv{{"dbms.security.auth_enabled", "true", 9}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseEnv(strings.NewReader(tt.in), "env")
			if err != nil {
				t.Fatal(err)
			}
			if c.Form != tt.form {
				t.Errorf("form %q, want %q", c.Form, tt.form)
			}
			var got []kv
			for _, e := range c.Entries {
				got = append(got, kv{e.Key, e.Value, e.Line})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("entry %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseEnvLintsLikeAConf(t *testing.T) {
	env := "NEO4J_dbms_security_authentication__providers=oidc-okta\n" +
		"NEO4J_dbms_security_oidc_okta_display__name=Okta\n" +
		"NEO4J_dbms_security_oidc_okta_params=client_id=x; response_type=code; scope=openid\n" +
		"NEO4J_dbms_security_oidc_okta_get__groups__from__user__info=yes\n" +
		"NEO4J_dbms_security_oidc_okta_display__name=Okta again\n" +
		"broken line\n"
	c, err := ParseEnv(strings.NewReader(env), ".env")
	if err != nil {
		t.Fatal(err)
	}
	fs := Lint(c, Latest)
	for _, code := range []string{"conf-map-untrimmed-key", "conf-invalid-boolean", "env-malformed-line"} {
		if _, ok := findCode(fs, code); !ok {
			t.Errorf("missing %s in %v", code, codes(fs))
		}
	}
	if f, _ := findCode(fs, "conf-invalid-boolean"); !strings.Contains(f.Evidence, ".env line 4") {
		t.Errorf("evidence %q", f.Evidence)
	}
	if f, _ := findCode(fs, "conf-duplicate-setting"); f.Severity != "warning" {
		t.Errorf("a repeated variable is an override, not fatal: %+v", f)
	}
}

// TestEnvProviderUnderscoreNotDoubled: provider my_sso written once-
// underscored in its variables sets provider 'my' (§1: '_' is '.', '__'
// is '_'); the finding says to double the underscore, with the variable to
// write, not to rename the key to provider 'my'; no provider 'my' is made
// of it; the same key in neo4j.conf is a plain unknown setting.
func TestEnvProviderUnderscoreNotDoubled(t *testing.T) {
	env := "NEO4J_dbms_security_authentication__providers=oidc-my_sso,native\n" +
		"NEO4J_dbms_security_oidc_my_sso_audience=neo4j\n" +
		"NEO4J_dbms_security_oidc_my_sso_display__name=SSO\n"
	c, err := ParseEnv(strings.NewReader(env), ".env")
	if err != nil {
		t.Fatal(err)
	}
	m := Analyze(c, Latest, LintOptions{})
	f, ok := findCode(m.Findings, FindEnvUnderscoreNotDoubled.Code)
	if !ok || !strings.Contains(f.Fix, "NEO4J_dbms_security_oidc_my__sso_audience") || !strings.Contains(f.Evidence, ".env line 2") {
		t.Errorf("finding %+v in %v", f, codes(m.Findings))
	}
	for _, code := range []string{FindUnknownProviderKey.Code, FindProviderNotEnabled.Code} {
		if f, ok := findCode(m.Findings, code); ok {
			t.Errorf("%s: %+v", code, f)
		}
	}
	if f, _ := findCode(m.Findings, FindProviderNotConfigured.Code); !strings.Contains(f.Fix, "NEO4J_dbms_security_oidc_my__sso_") {
		t.Errorf("provider-not-configured does not say why: %+v", f)
	}
	for _, p := range m.Providers {
		if p.Name == "my" {
			t.Errorf("a provider 'my' was made of the variables")
		}
	}
	fs := lintText(t, "dbms.security.authentication_providers=oidc-my_sso\ndbms.security.oidc.my.sso.audience=neo4j\n", Latest)
	if _, ok := findCode(fs, FindEnvUnderscoreNotDoubled.Code); ok {
		t.Errorf("a neo4j.conf key was read as a variable: %v", codes(fs))
	}
}

// TestEnvFileOfConfLines: a neo4j.conf read as an env file (--env, or a
// .env holding dbms.… lines) sets nothing in the Docker form, and a
// finding says so and why, rather than "0 settings" alone; lines of both
// forms get the finding without "no NEO4J_ variable"; an env file of
// NEO4J_ variables and other variables gets none.
func TestEnvFileOfConfLines(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // "" for no finding
	}{
		{"neo4j.conf", "# SSO\ndbms.security.authentication_providers=oidc-demo,native\ndbms.security.oidc.demo.audience=neo4j\n", "holds no NEO4J_ variable"},
		{"both forms", "NEO4J_dbms_security_oidc_demo_audience=neo4j\ndbms.security.oidc.demo.issuer: https://idp\n", "a line in neo4j.conf form (first dbms.security.oidc.demo.issuer, line 2)"},
		{"env file", "NEO4J_dbms_security_oidc_demo_audience=neo4j\nKC_DB=postgres\nJAVA_OPTS=-Dx.y=z\n", ""},
	}
	for _, tt := range tests {
		c, err := ParseEnv(strings.NewReader(tt.text), "demo.env")
		if err != nil {
			t.Fatal(err)
		}
		f, ok := findCode(c.Findings, FindEnvConfLines.Code)
		if ok != (tt.want != "") || !strings.Contains(f.Message, tt.want) {
			t.Errorf("%s: finding %+v, want one saying %q", tt.name, f, tt.want)
		}
		if ok && !strings.Contains(f.Fix, "NEO4J_dbms_security_") {
			t.Errorf("%s: the fix names no variable: %s", tt.name, f.Fix)
		}
	}
}

// TestEnvFileWithABOM: docker run --env-file and today's Compose skip a
// byte order mark, so the first variable is set; an info finding says
// that older Compose releases lost it.
func TestEnvFileWithABOM(t *testing.T) {
	c, err := ParseEnv(strings.NewReader("\ufeffNEO4J_dbms_security_authentication__providers=oidc-okta,native\nNEO4J_dbms_security_oidc_okta_audience=neo4j\n"), "neo4j.env")
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := c.Get("dbms.security.authentication_providers"); !ok || e.Value != "oidc-okta,native" {
		t.Errorf("the first variable is not read past the BOM: %+v %v", e, ok)
	}
	f, ok := findCode(Lint(c, Latest), "env-bom")
	if !ok || f.Severity != inspector.SeverityInfo || !strings.Contains(f.Message, "before September 2022") {
		t.Errorf("env-bom: %+v (found %v)", f, ok)
	}
	// A comment first (the BOM spoils nothing), and a compose file (its
	// YAML reader takes a BOM): nothing to say.
	for _, text := range []string{
		"\ufeff# Neo4j SSO\nNEO4J_dbms_security_oidc_okta_audience=neo4j\n",
		"\ufeffservices:\n  neo4j:\n    environment:\n      NEO4J_dbms_security_oidc_okta_audience: neo4j\n",
	} {
		c, err := ParseEnv(strings.NewReader(text), "neo4j.env")
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := c.Get("dbms.security.oidc.okta.audience"); !ok {
			t.Errorf("%q: the audience is not read", text)
		}
		for _, f := range Lint(c, Latest) {
			if f.Code == "env-bom" {
				t.Errorf("%q: %s", text, f.Message)
			}
		}
	}
}

// TestEnvFileReadersDiffer: docker run --env-file passes a value as it
// stands (quotes, trailing spaces, a comment), and refuses "export"; the
// lines where it and Compose's env_file differ are named, a secret masked.
func TestEnvFileReadersDiffer(t *testing.T) {
	for _, tt := range []struct {
		line, want, value string // want: "" for no finding
	}{
		{`NEO4J_dbms_security_oidc_okta_audience="api://default"`, `docker run keeps the quotes. For dbms.security.oidc.okta.audience, Neo4j gets "\"api://default\"" with docker run --env-file and "api://default" with Docker Compose's env_file; SSO Lens reads "api://default"`, "api://default"},
		{"NEO4J_dbms_security_oidc_okta_audience=neo4j  ", `docker run keeps the spaces after it. For dbms.security.oidc.okta.audience, Neo4j gets "neo4j  " with docker run --env-file`, "neo4j"},
		{"NEO4J_dbms_security_oidc_okta_audience=neo4j # the API", `docker run keeps the comment after it. For dbms.security.oidc.okta.audience, Neo4j gets "neo4j # the API"`, "neo4j"},
		{"export NEO4J_dbms_security_oidc_okta_audience=neo4j", `refuses the whole file ("variable 'export NEO4J_dbms_security_oidc_okta_audience' contains whitespaces")`, "neo4j"},
		{"NEO4J_dbms_security_oidc_okta_client__secret='s3cr3t-value'", `docker run keeps the quotes, so Neo4j gets another dbms.security.oidc.okta.client_secret from each (its value is a secret`, "s3cr3t-value"},
		{"NEO4J_dbms_security_oidc_okta_audience=   neo4j", "", "neo4j"},
		{"  NEO4J_dbms_security_oidc_okta_audience=neo4j", "", "neo4j"},
		{"NEO4J_dbms_security_oidc_okta_audience=a#b", "", "a#b"},
		{`NEO4J_dbms_security_oidc_okta_authorization_group__to__role__mapping="/admins"=admin;"/readers"=reader`, `Compose reads the quoted part only and drops what follows the closing quote.`, `"/admins"=admin;"/readers"=reader`},
		{`NEO4J_dbms_security_oidc_okta_audience="aud1" # note`, `docker run keeps the quotes`, "aud1"},
		{`NEO4J_dbms_security_oidc_okta_display__name=My SSO # the button`, `docker run keeps the comment after it`, "My SSO"},
		{`NEO4J_dbms_security_oidc_okta_issuer=https://${IDP_HOST}/realms/r`, `Compose replaces $VAR and ${VAR}`, "https://${IDP_HOST}/realms/r"},
		{`NEO4J_dbms_security_oidc_okta_issuer='https://$HOST/'`, `docker run keeps the quotes`, "https://$HOST/"},
		{"FOO BAR=1", `refuses the whole file ("variable 'FOO BAR' contains whitespaces")`, ""},
	} {
		c, err := ParseEnv(strings.NewReader(tt.line+"\n"), "neo4j.env")
		if err != nil {
			t.Fatal(err)
		}
		var key string
		for _, e := range c.Entries {
			key = e.Key
			if e.Value != tt.value {
				t.Errorf("%q: read as %q, want %q", tt.line, e.Value, tt.value)
			}
		}
		if key == "" && tt.value != "" {
			t.Errorf("%q: no entry", tt.line)
		}
		f, ok := findCode(c.Findings, "env-readers-differ")
		switch {
		case tt.want == "" && ok:
			t.Errorf("%q: a finding where both read alike: %s", tt.line, f.Message)
		case tt.want != "" && !ok:
			t.Errorf("%q: no env-readers-differ finding: %+v", tt.line, c.Findings)
		case tt.want != "" && !strings.Contains(f.Message, tt.want):
			t.Errorf("%q: message %q\nwant it to hold %q", tt.line, f.Message, tt.want)
		}
		if strings.Contains(f.Message+f.Evidence+f.Fix, "s3cr3t") {
			t.Errorf("%q: the secret is shown: %+v", tt.line, f)
		}
	}
}

// TestEnvEmptyValueIsNotASetting: the image writes no setting for an empty
// variable ("Don't allow settings with no value"), in every Docker form.
func TestEnvEmptyValueIsNotASetting(t *testing.T) {
	for _, text := range []string{
		"NEO4J_dbms_security_oidc_okta_audience=\n",
		"docker run -e NEO4J_dbms_security_oidc_okta_audience= neo4j:5\n",
		"services:\n  neo4j:\n    image: neo4j:5\n    environment:\n      - NEO4J_dbms_security_oidc_okta_audience=\n",
	} {
		c, err := ParseEnv(strings.NewReader(text), "neo4j.env")
		if err != nil {
			t.Fatal(err)
		}
		if e, ok := c.Get("dbms.security.oidc.okta.audience"); ok {
			t.Errorf("%q: an empty variable read as a setting: %+v", text, e)
		}
		if f, ok := findCode(c.Findings, "env-empty"); !ok || !strings.Contains(f.Message, "keeps its value from neo4j.conf, or its default") {
			t.Errorf("%q: env-empty %+v (found %v)", text, f, ok)
		}
	}
}
