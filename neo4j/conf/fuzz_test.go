package conf

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"

	"github.com/ssolens/ssolens/internal/budget"
)

func confSeeds(f *testing.F) {
	for _, name := range []string{"okta-access-token.conf", "entra-groups.conf", "google-id-token.conf", "broken.conf"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "a", "=", ":", "\\", "\\\\", "a=b\\", "a=b\\\n", "a=b\\ \n c", "#\\\na=b", "a=\\u", "a=\\u12", "a=\\uZZZZ",
		"a=b\r\\\r\n\rc", "\xff\xfe=\xc3", "dbms.security.oidc..x=1", "dbms.security.oidc.p=1",
		"dbms.security.oidc.p.params=;", "dbms.security.oidc.p.params=", "dbms.security.oidc.p.config==",
		"dbms.security.oidc.p.authorization.group_to_role_mapping=\\\n 'a'=b;\"c\"=d;;e,f= g",
		"dbms.security.oidc.p.jwks_uri=http://[::1]:8/x#a#b", "dbms.security.authentication_providers=oidc-,oidc-p,,",
	} {
		f.Add([]byte(s))
	}
}

// checkConf asserts what every parsed configuration keeps: line numbers in
// the file, offsets in the value, findings catalogued, JSON that marshals.
func checkConf(t *testing.T, c *Conf) {
	t.Helper()
	for _, e := range c.Entries {
		if e.Line < 1 || e.EndLine < e.Line || e.EndLine > c.Lines {
			t.Fatalf("entry %q lines %d-%d outside the file's %d lines", e.Key, e.Line, e.EndLine, c.Lines)
		}
		for _, off := range []int{0, len(e.Value) / 2, len(e.Value)} {
			if l := e.LineAt(off); l < e.Line || l > e.EndLine {
				t.Fatalf("entry %q: LineAt(%d) = %d outside %d-%d", e.Key, off, l, e.Line, e.EndLine)
			}
		}
	}
	defs := map[string]bool{}
	for _, d := range inspector.Definitions() {
		defs[d.Code] = true
	}
	for _, v := range []Version{V4_4, {5, 19}, V5, Latest} {
		m := Analyze(c, v, LintOptions{})
		for _, f := range m.Findings {
			if !defs[f.Code] || f.Message == "" || f.Severity == "" {
				t.Fatalf("finding %+v is not catalogued or has no message", f)
			}
		}
		for _, p := range m.Providers {
			if p.Name == "" || strings.Contains(p.Name, ".") {
				t.Fatalf("bad provider name %q", p.Name)
			}
			if p.GroupToRoleMapping != nil {
				for _, me := range p.GroupToRoleMapping.Entries {
					if me.Line < 1 || me.Line > c.Lines {
						t.Fatalf("mapping entry %q on line %d outside the file", me.Group, me.Line)
					}
				}
			}
		}
		if _, err := json.Marshal(m); err != nil {
			t.Fatalf("model does not marshal: %v", err)
		}
	}
}

func FuzzParseConf(f *testing.F) {
	confSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, cs := range []Charset{Latin1, UTF8} {
			var (
				c   *Conf
				err error
			)
			budget.Call(t, "ParseConf and Analyze", 1<<20+uint64(128*len(data)), time.Second, func() {
				if c, err = ParseConf(strings.NewReader(string(data)), "fuzz.conf", WithCharset(cs)); err == nil {
					Analyze(c, Latest, LintOptions{})
				}
			})
			if err != nil {
				if !strings.Contains(string(data), "\x00") {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			checkConf(t, c)
		}
	})
}

func FuzzParseEnv(f *testing.F) {
	for _, name := range []string{"keycloak-compose.yml", "keycloak.env"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{"", "=", "NEO4J_=x", "NEO4J_a__b=", "export", "environment:\n- x", "services:\n environment:\n  - NEO4J_x=\"y\n  NEO4J_z: 'q''", "NEO4J_a=${X:-", "NEO4J_a=\\u12", "docker run -e NEO4J_a=b;c \\\n --env-file x -e NEO4J_b \"q", "config:\n  \"dbms.a\": |\n    x\n  dbms.b: 'c'\n  'dbms.c'x: y", "config:\n  dbms.a: >2-\n\n     x\n\t\n      y\n\n z\n  dbms.b: |+9\n",
		"NEO4J_dbms_security_authentication__providers=oidc-a_b_c\nNEO4J_dbms_security_oidc_a_b_c_claims_groups=g\nNEO4J_dbms_security_oidc_a_b_audience=x\nNEO4J_dbms_security_oidc__x=y", "dbms.a.b=c\nx.y: z\n  dbms.security.oidc.a.audience = b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseEnv(strings.NewReader(string(data)), "fuzz.env")
		if err != nil {
			return
		}
		checkConf(t, c)
	})
}

func FuzzParseGroupToRoleMapping(f *testing.F) {
	for _, s := range []string{
		"g=admin", `"a=b" = reader`, "'x'=y", "a=b=c", "g1,g2=editor, publisher", ";;", "; ;", "=", "'=", `"=`, "'", `"a"="b"=c`,
		`"Neo4j Read Only"      = reader;    "Neo4j Read-Write"     = publisher`, "g=\u2028x", "\x0bg=\x0b", "é=é",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		m, fs := ParseGroupToRoleMapping(value, "custom")
		for _, e := range m.Entries {
			if e.Group == "" {
				t.Fatalf("empty group from %q", value)
			}
			if e.Offset < 0 || e.Offset > len(value) {
				t.Fatalf("offset %d outside %q", e.Offset, value)
			}
			for _, r := range e.Roles {
				if r == "" || strings.Contains(r, ",") {
					t.Fatalf("bad role %q from %q", r, value)
				}
			}
			if roles, last := m.RolesFor(e.Group); last == nil || (!e.Overridden && len(roles) != len(e.Roles)) {
				t.Fatalf("RolesFor(%q) inconsistent", e.Group)
			}
		}
		for _, f := range fs {
			if f.Message == "" || f.Code == "" {
				t.Fatalf("empty finding %+v", f)
			}
		}
	})
}
