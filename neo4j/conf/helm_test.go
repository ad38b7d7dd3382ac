package conf

import (
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
)

// TestReadHelmValues: the config: block of a Neo4j Helm chart's
// values.yaml is read as the settings it holds, each at its line; the
// chart's other keys are not settings.
func TestReadHelmValues(t *testing.T) {
	values := "neo4j:\n  name: my-neo4j\n  password: \"secret\"\n" +
		"config:\n" +
		"  # SSO\n" +
		"  dbms.security.authentication_providers: \"oidc-okta,native\"\n" +
		"  \"dbms.security.oidc.okta.params\": 'client_id=0oa1;response_type=code;scope=openid profile'\n" +
		"  dbms.security.oidc.okta.audience: api://default # the API\n" +
		"  dbms.security.oidc.okta.authorization.group_to_role_mapping: |\n" +
		"    admins=admin;\n" +
		"    readers=reader\n" +
		"volumes:\n  data:\n    mode: defaultStorageClass\n"
	c, err := ReadConf(strings.NewReader(values), "values.yaml", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Form != "Helm values (config:)" {
		t.Fatalf("form %q", c.Form)
	}
	want := []kv{
		{"dbms.security.authentication_providers", "oidc-okta,native", 6},
		{"dbms.security.oidc.okta.params", "client_id=0oa1;response_type=code;scope=openid profile", 7},
		{"dbms.security.oidc.okta.audience", "api://default", 8},
		{"dbms.security.oidc.okta.authorization.group_to_role_mapping", "admins=admin;\nreaders=reader\n", 9},
	}
	checkEntries(t, c, want)
	if f, ok := findCode(c.Findings, "env-malformed-line"); ok {
		t.Errorf("the block scalar is read, yet: %+v", f)
	}
	// The mapping's entries keep their own lines.
	m := Analyze(c, Latest, LintOptions{}).Provider("okta").GroupToRoleMapping
	if m == nil || len(m.Entries) != 2 || m.Entries[0].Line != 10 || m.Entries[1].Line != 11 || m.Entries[1].Roles[0] != "reader" {
		t.Errorf("mapping %+v", m)
	}
}

// TestHelmBlockScalars: a config: value written as a YAML block scalar is
// the string YAML makes of it (| keeps the line breaks, > folds them, - and
// + chomp the final ones, a digit sets the indentation), which the chart
// hands Neo4j as the setting's content; a value on the lines below its key
// that is no block scalar is still said not read.
func TestHelmBlockScalars(t *testing.T) {
	for _, tc := range []struct{ header, body, want string }{
		{"|", "    a=admin;\n    b=reader\n", "a=admin;\nb=reader\n"},
		{"|-", "    a=admin;\n    b=reader\n\n", "a=admin;\nb=reader"},
		{"|+", "    a=admin;\n    b=reader\n\n", "a=admin;\nb=reader\n\n"},
		{">", "    a=admin;\n    b=reader\n", "a=admin; b=reader\n"},
		{">-", "    a=admin;\n\n    b=reader\n", "a=admin;\nb=reader"},
		{">", "    a=admin;\n      indented\n    b=reader\n", "a=admin;\n  indented\nb=reader\n"},
		{"|2", "      a=admin\n", "  a=admin\n"},
		{"| # the mapping", "    a=admin\n    # not a comment\n", "a=admin\n# not a comment\n"},
	} {
		text := "config:\n  dbms.security.oidc.okta.authorization.group_to_role_mapping: " + tc.header + "\n" + tc.body +
			"  dbms.security.oidc.okta.audience: aud\n"
		c, err := ParseEnv(strings.NewReader(text), "values.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if e, ok := c.Get("dbms.security.oidc.okta.authorization.group_to_role_mapping"); !ok || e.Value != tc.want {
			t.Errorf("%q over %q: value %q (found %v), want %q", tc.header, tc.body, e.Value, ok, tc.want)
		}
		if e, ok := c.Get("dbms.security.oidc.okta.audience"); !ok || e.Value != "aud" {
			t.Errorf("%q: the next key %+v (found %v)", tc.header, e, ok)
		}
	}
	c, err := ParseEnv(strings.NewReader("config:\n  dbms.security.oidc.okta.audience:\n    aud\n"), "values.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := findCode(c.Findings, "env-malformed-line"); !ok || !strings.Contains(f.Message, "audience has its value on the lines below it") {
		t.Errorf("a plain value below its key: %+v (found %v)", f, ok)
	}
}

// TestHelmConfigNeedsSettings: a YAML file whose config: holds no
// settings (another chart's) is not read as Neo4j's.
func TestHelmConfigNeedsSettings(t *testing.T) {
	if _, _, ok := helmConfig(strings.Split("config:\n  replicas: 2\n  name: x\n", "\n")); ok {
		t.Error("a config: without settings read as Neo4j's")
	}
	if _, _, ok := helmConfig(strings.Split("app:\n  config:\n    dbms.x: 1\n", "\n")); ok {
		t.Error("a nested config: read as the chart's")
	}
}

// TestReadConfTellsFormsByText: standard input has no name to tell its
// form by; a compose file and a Helm values.yaml are told by their text,
// and a neo4j.conf stays one.
func TestReadConfTellsFormsByText(t *testing.T) {
	for text, form := range map[string]string{
		"services:\n  neo4j:\n    image: neo4j:5\n    environment:\n      - NEO4J_dbms_security_auth__enabled=true\n": "compose environment",
		"config:\n  dbms.security.auth_enabled: \"true\"\n":                                                           "Helm values (config:)",
		"dbms.security.auth_enabled=true\n# config: see the wiki\n":                                                   "neo4j.conf",
	} {
		c, err := ReadConf(strings.NewReader(text), "standard input", ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if c.Form != form {
			t.Errorf("%q: form %q, want %q", text, c.Form, form)
		}
		if e, ok := c.Get("dbms.security.auth_enabled"); !ok || e.Value != "true" {
			t.Errorf("%q: auth_enabled %+v (%v)", text, e, ok)
		}
	}
}

// TestHelmValueNotString: the Neo4j chart fails helm install on a config:
// value YAML does not read as a string ("config values must be strings");
// a quoted one, or text, is fine.
func TestHelmValueNotString(t *testing.T) {
	for v, kind := range map[string]string{
		"true": "boolean", "Yes": "boolean", "off": "boolean", "1024": "number", "-1.5e3": "number", "0x1F": "number", "~": "null",
		`"true"`: "", "'1024'": "", "pkce": "", "30s": "", "1G": "", "yes please": "", "tRUE": "",
	} {
		c, err := ParseEnv(strings.NewReader("config:\n  dbms.security.oidc.okta.auth_flow: "+v+"\n"), "values.yaml")
		if err != nil {
			t.Fatal(err)
		}
		f, ok := findCode(c.Findings, "helm-value-not-string")
		switch {
		case kind == "" && ok:
			t.Errorf("%s: %s", v, f.Message)
		case kind != "" && (!ok || !strings.Contains(f.Message, "as a "+kind) || !strings.Contains(f.Fix, `: "`+v+`"`)):
			t.Errorf("%s: want a %s finding, got %+v (found %v)", v, kind, f, ok)
		}
	}
	// A key with nothing after it, and no value below: null.
	c, err := ParseEnv(strings.NewReader("config:\n  dbms.security.oidc.okta.audience:\n  dbms.security.oidc.okta.display_name: \"Okta\"\n"), "values.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := findCode(c.Findings, "helm-value-not-string"); !ok || !strings.Contains(f.Message, "as a null") {
		t.Errorf("empty value: %+v (found %v)", f, ok)
	}
}

// TestHelmCommandValues: the chart runs Neo4j with --expand-commands
// (EXTENDED_CONF=yes), so a $(…) value is Neo4j's to run: said as info,
// not as a start failure; and a value reads as YAML writes it (no
// neo4j.conf escapes: the chart gives Neo4j each value as a file).
func TestHelmCommandValues(t *testing.T) {
	c, err := ParseEnv(strings.NewReader("config:\n  dbms.security.oidc.x.audience: \"$(bash -c 'cat /secrets/aud')\"\n  dbms.security.oidc.x.display_name: \"A\\\\tB \\u00e9\"\n"), "values.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := c.Get("dbms.security.oidc.x.display_name"); e.Value != `A\tB é` {
		t.Errorf("display_name %q", e.Value)
	}
	f, ok := findCode(Lint(c, Latest), "conf-command-expansion")
	if !ok || f.Severity != inspector.SeverityInfo || !strings.Contains(f.Message, "runs Neo4j with --expand-commands") {
		t.Errorf("conf-command-expansion: %+v (found %v)", f, ok)
	}
}

// A block scalar's final line break (clip) is part of a map value, as the
// chart passes it: the finding names the line break and the YAML's fix,
// not spaces.
func TestHelmBlockScalarLineBreakInAMapValue(t *testing.T) {
	values := "config:\n  dbms.security.authentication_providers: \"oidc-okta,native\"\n" +
		"  dbms.security.oidc.okta.config: |\n    token_type_principal=id_token;token_type_authentication=access_token\n"
	c, err := ReadConf(strings.NewReader(values), "values.yaml", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f, ok := findCode(Analyze(c, Latest, LintOptions{}).Findings, "conf-map-untrimmed-value")
	if !ok || !strings.Contains(f.Message, "line break") || strings.Contains(f.Message, "spaces are part") || !strings.Contains(f.Fix, "|-") {
		t.Errorf("finding %+v", f)
	}
}
