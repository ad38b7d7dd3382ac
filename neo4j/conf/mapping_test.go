package conf

import (
	"reflect"
	"strings"
	"testing"
)

type groupRoles struct {
	group string
	roles []string
}

func TestParseGroupToRoleMappingFollowsTheLDAPParser(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  []groupRoles
		codes []string
	}{
		{"one pair", "g1=admin", []groupRoles{{"g1", []string{"admin"}}}, nil},
		{"several roles", "g=editor,publisher", []groupRoles{{"g", []string{"editor", "publisher"}}}, nil},
		{"single-character key", "a=admin", []groupRoles{{"a", []string{"admin"}}}, nil},
		{"spaces around = and the roles", "  g  =  admin  ", []groupRoles{{"g", []string{"admin"}}}, nil},
		{"double-quoted key with spaces", `"Neo4j Read Only" = reader`, []groupRoles{{"Neo4j Read Only", []string{"reader"}}}, nil},
		{"single-quoted key", `'Neo4j Admins'=admin`, []groupRoles{{"Neo4j Admins", []string{"admin"}}}, nil},
		{"= inside double quotes", `"a=b" = reader`, []groupRoles{{"a=b", []string{"reader"}}}, nil},
		{"= inside single quotes", `'cn=admins,ou=groups'=admin`, []groupRoles{{"cn=admins,ou=groups", []string{"admin"}}}, nil},
		{"unquoted key: the last = separates", "cn=admins=reader", []groupRoles{{"cn=admins", []string{"reader"}}}, nil},
		// Java tries (\S) before (\S.*\S): a one-character key ends at the first '='.
		{"one-character unquoted key: the first = separates", "a=b=reader", []groupRoles{{"a", []string{"b=reader"}}}, []string{"mapping-unknown-role"}},
		{"quoted key: greedy quotes", `"a"="b"=c`, []groupRoles{{`a"="b`, []string{"c"}}}, []string{"mapping-unknown-role"}},
		{"Keycloak full path", `"/admins"=admin;/readers=reader`, []groupRoles{{"/admins", []string{"admin"}}, {"/readers", []string{"reader"}}}, nil},
		{"empty segments skipped", ";;g=admin;;h=reader;", []groupRoles{{"g", []string{"admin"}}, {"h", []string{"reader"}}}, nil},
		{"empty role entries skipped", "g=,admin,,reader,", []groupRoles{{"g", []string{"admin", "reader"}}}, nil},
		{"roles not trimmed", "g=editor, publisher", []groupRoles{{"g", []string{"editor", " publisher"}}}, []string{"mapping-role-space-after-comma"}},
		{"comma-list group key", "g1,g2=reader", []groupRoles{{"g1,g2", []string{"reader"}}}, []string{"mapping-comma-group-key"}},
		{"quoted commas are one group", `"Sales, EMEA"=reader`, []groupRoles{{"Sales, EMEA", []string{"reader"}}}, nil},
		{"repeated group: the later wins", "rw=editor,publisher;rw=publisher", []groupRoles{{"rw", []string{"editor", "publisher"}}, {"rw", []string{"publisher"}}}, []string{"mapping-duplicate-group"}},
		{"no roles", "g=", []groupRoles{{"g", nil}}, []string{"mapping-no-roles"}},
		{"unknown role", "g=analyst", []groupRoles{{"g", []string{"analyst"}}}, []string{"mapping-unknown-role"}},
		{"role case", "g=Admin", []groupRoles{{"g", []string{"Admin"}}}, []string{"mapping-role-case"}},
		{"PUBLIC is built in", "g=PUBLIC", []groupRoles{{"g", []string{"PUBLIC"}}}, nil},
		{"spaces inside quotes", `" admins"=admin`, []groupRoles{{" admins", []string{"admin"}}}, []string{"mapping-group-whitespace"}},
		{"no = at all", "admins", nil, []string{"mapping-invalid-entry"}},
		{"whitespace-only segment", "g=admin;   ", []groupRoles{{"g", []string{"admin"}}}, []string{"mapping-invalid-entry"}},
		{"empty value", "", nil, nil},
		{"unicode group", "équipe=reader", []groupRoles{{"équipe", []string{"reader"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, fs := ParseGroupToRoleMapping(tt.in)
			var got []groupRoles
			for _, e := range m.Entries {
				got = append(got, groupRoles{e.Group, e.Roles})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("entries = %q, want %q", got, tt.want)
			}
			if !reflect.DeepEqual(codes(fs), tt.codes) {
				t.Errorf("findings = %v, want %v", codes(fs), tt.codes)
			}
		})
	}
}

func TestMappingDuplicateOverrides(t *testing.T) {
	m, fs := ParseGroupToRoleMapping("neo4j_rw=editor,publisher;neo4j_rw=publisher")
	roles, e := m.RolesFor("neo4j_rw")
	if !reflect.DeepEqual(roles, []string{"publisher"}) || e != &m.Entries[1] {
		t.Errorf("RolesFor = %v from %+v", roles, e)
	}
	if !m.Entries[0].Overridden || m.Entries[1].Overridden {
		t.Errorf("overridden flags: %+v", m.Entries)
	}
	if len(fs) != 1 || !strings.Contains(fs[0].Fix, "neo4j_rw=editor,publisher") {
		t.Errorf("finding %+v", fs)
	}
	if r, e := m.RolesFor("absent"); r != nil || e != nil {
		t.Error("unmapped group has roles")
	}
}

func TestMappingCustomRoles(t *testing.T) {
	if _, fs := ParseGroupToRoleMapping("g=analyst", "analyst"); len(fs) != 0 {
		t.Errorf("declared custom role warned: %v", codes(fs))
	}
}

// TestMappingEntriesKeepTheirConfLines: a later simulation can say "line 5
// grants admin", even inside a value continued over several lines.
func TestMappingEntriesKeepTheirConfLines(t *testing.T) {
	conf := okta + `dbms.security.oidc.okta.authorization.group_to_role_mapping=\
         "Neo4j Read Only"      = reader;    \
         "Neo4j Read-Write"     = publisher; \
         "Neo4j Schema Manager" = architect; \
         "Neo4j Administrator"  = admin
dbms.security.oidc.okta.claims.groups=groups
`
	m := Analyze(mustParse(t, conf), Latest, LintOptions{})
	mp := m.Provider("okta").GroupToRoleMapping
	want := map[string]int{"Neo4j Read Only": 9, "Neo4j Read-Write": 10, "Neo4j Schema Manager": 11, "Neo4j Administrator": 12}
	if len(mp.Entries) != 4 {
		t.Fatalf("entries %+v", mp.Entries)
	}
	for _, e := range mp.Entries {
		if want[e.Group] != e.Line {
			t.Errorf("%q on line %d, want %d", e.Group, e.Line, want[e.Group])
		}
	}
	if len(m.Findings) != 0 {
		t.Errorf("the documented example is clean, got %v", codes(m.Findings))
	}
}
