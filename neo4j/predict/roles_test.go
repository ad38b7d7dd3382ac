package predict

import (
	"cmp"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/abac"
	"github.com/ssolens/ssolens/neo4j/conf"
)

// The tests of how roles are granted and explained: PUBLIC-only's cause,
// a mapping key misread by the charset, auth rules left unknown.

// TestPublicOnlyNamesTheCause: when the user would get PUBLIC only, the
// warning says why and its fix is the fix of that cause, not "map a
// group" when the group is mapped (spec §1: only authorization providers
// grant roles; §2.1: claims.groups has no default).
func TestPublicOnlyNamesTheCause(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		groups         []string
		msg, fix       string
	}{
		{"not an authorization provider", "dbms.security.authorization_providers=oidc-demo,native", "dbms.security.authorization_providers=native",
			[]string{"engineers"}, "not an authorization provider", "add oidc-demo to dbms.security.authorization_providers"},
		{"claims.groups not set", "dbms.security.oidc.demo.claims.groups=groups\n", "",
			[]string{"engineers"}, "claims.groups is not set", "Set dbms.security.oidc.demo.claims.groups"},
		{"no groups claim in the token", "engineers=admin;", "engineers=admin;",
			nil, "carries no groups Neo4j reads", "Add a groups claim to the access_token"},
		{"no group mapped", "engineers=admin;", "engineers=admin;",
			[]string{"sales"}, `group "sales" has no group_to_role_mapping entry`, "Map one of the user's groups"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pred := withMapping(t, tc.old, tc.new, tc.groups...)
			f, ok := findingByCode(pred, "neo4j-only-public")
			if !ok {
				t.Fatalf("no neo4j-only-public among %v", predictionCodes(pred))
			}
			if !strings.Contains(f.Message, tc.msg) || !strings.Contains(f.Fix, tc.fix) {
				t.Errorf("message %q\nfix %q\nwant the cause %q and its fix %q", f.Message, f.Fix, tc.msg, tc.fix)
			}
		})
	}
}

// TestGroupMisreadByTheCharset: a UTF-8 neo4j.conf is read as ISO-8859-1
// (spec §3.0), so the mapping key "Équipe Neo4j" is "Ã\u0089quipe Neo4j"
// to Neo4j and the token's group does not match. The prediction says so
// with the charset finding and its fix (the \u escape), not "add the
// group to the mapping", which would repeat the mistake.
func TestGroupMisreadByTheCharset(t *testing.T) {
	pred := withMapping(t, "engineers=admin;", `"Équipe Neo4j"=admin;`, "Équipe Neo4j")
	check(t, pred, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC"}, unmapped: []string{"Équipe Neo4j"}, codes: []string{"conf-charset-mismatch"}})
	f, _ := findingByCode(pred, "conf-charset-mismatch")
	if !strings.Contains(f.Message, "ISO-8859-1") || !strings.Contains(f.Fix, `"\u00c9quipe Neo4j"`) || !strings.Contains(f.Fix, "NEO4J_CONFIG_FILE_CHARSET=UTF-8") {
		t.Errorf("finding %+v: want the charset named and the escaped key in the fix", f)
	}
	if _, ok := findingByCode(pred, "neo4j-group-unmapped"); ok {
		t.Errorf("also advised to map the group again: %v", predictionCodes(pred))
	}
	if f, _ := findingByCode(pred, "neo4j-only-public"); !strings.Contains(f.Fix, `\u00c9quipe`) {
		t.Errorf("PUBLIC only: fix %q, want the charset's", f.Fix)
	}
	if len(pred.NearMisses) != 1 || !strings.Contains(pred.NearMisses[0].Why, "ISO-8859-1") {
		t.Errorf("near misses %+v", pred.NearMisses)
	}
}

// TestAuthRuleNotEvaluableForTheseClaims: a condition that fails on these
// claims (a type error Neo4j raises) is said by the prediction, with the
// roles the rule would add; a rule with no role is not in question.
func TestAuthRuleNotEvaluableForTheseClaims(t *testing.T) {
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	m := p.confText(t, strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}")+"\ndbms.security.abac.authorization_providers=oidc-demo\n")
	rules, _, err := abac.ParseAuthRules(strings.NewReader(`
CREATE AUTH RULE dept SET CONDITION abac.oidc.user_attribute('department').name = 'Sales';
GRANT ROLE publisher TO AUTH RULE dept;
CREATE AUTH RULE bare SET CONDITION abac.oidc.user_attribute('department').name = 'Sales';
`), "rules.cypher")
	if err != nil {
		t.Fatal(err)
	}
	pred := simulate(t, LoginInput{Model: m, Rules: rules, NativeRoles: map[string][]string{}, Tokens: inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-browser"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo", "groups": []string{"engineers"}, "department": "Engineering"}),
	}})
	var msgs []string
	for _, f := range pred.Findings {
		if f.Code == "abac-condition-not-evaluable" {
			msgs = append(msgs, f.Message)
		}
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "Whether it grants publisher is not predicted") {
		t.Errorf("not-evaluable findings %q, want one for dept naming publisher", msgs)
	}
	if st, _ := stepNamed(pred, "auth-rules"); !strings.Contains(st.Detail, "no rule holds; not evaluated: dept (publisher)") {
		t.Errorf("step %+v", st)
	}
}

// TestGroupNameAsRoleInAnotherCase: with no group_to_role_mapping, the
// group's name is the role (spec §4.3 row 1), so a group "Reader" is
// described as that, with a fix that fits (name the group, or map it),
// not as a mapping line to correct; its command runs as written.
func TestGroupNameAsRoleInAnotherCase(t *testing.T) {
	pred := withMapping(t, "dbms.security.oidc.demo.authorization.group_to_role_mapping=engineers=admin;collaborators=reader\n", "", "Reader")
	check(t, pred, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC"}, codes: []string{"mapping-role-case", "neo4j-only-public"}})
	f, _ := findingByCode(pred, "mapping-role-case")
	for _, s := range []string{"mapped from", "Write the role as", "mapping grants"} {
		if strings.Contains(f.Message+f.Fix, s) {
			t.Errorf("finding %+v: says %q, though there is no mapping", f, s)
		}
	}
	if !strings.Contains(f.Message, `the name of group "Reader", used as the role`) || !strings.Contains(f.Fix, "Name the provider's group reader, or map it: dbms.security.oidc.demo.authorization.group_to_role_mapping=Reader=reader") {
		t.Errorf("finding %+v: want the group name as the role, and its fix", f)
	}
	if f.Command != "ssolens roles --conf neo4j.conf --tokens FILE --custom-roles Reader" {
		t.Errorf("command %q, want one that runs as written", f.Command)
	}
	if f, _ := findingByCode(pred, "neo4j-only-public"); strings.Contains(f.Message, "mapping grants") || !strings.Contains(f.Message, "used as the role") {
		t.Errorf("PUBLIC only: %q", f.Message)
	}
	custom := withMappingModel(t, "dbms.security.oidc.demo.authorization.group_to_role_mapping=engineers=admin;collaborators=reader\n", "",
		conf.LintOptions{CustomRoles: []string{"auditor"}}, "sales")
	if f, _ := findingByCode(custom, "mapping-unknown-role"); !strings.Contains(f.Message, "used as the role") || !strings.Contains(f.Fix, "name the provider's group after an existing role") {
		t.Errorf("unknown role: %+v", f)
	}
	if got := shellWord("it's a role"); got != `'it'\''s a role'` {
		t.Errorf("shellWord = %s", got)
	}
}

// demo simulates a login with the demo sample, its text edited, and
// the input then set by in (NativeRoles is {} unless in says otherwise).
func demo(t *testing.T, edit func(string) string, iss string, in func(*LoginInput), groups ...string) *Prediction {
	t.Helper()
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	confText := edit(strings.ReplaceAll(string(text), "http://127.0.0.1:9876", p.srv.URL))
	c, err := conf.ParseConf(strings.NewReader(confText), "neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	iss = cmp.Or(iss, p.srv.URL)
	input := LoginInput{Model: conf.Analyze(c, conf.Latest, conf.LintOptions{}), NativeRoles: map[string][]string{}, Tokens: inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": iss, "sub": "alice", "aud": "neo4j-browser"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": iss, "sub": "alice", "aud": "neo4j-demo", "groups": groups, "dept": "x"}),
	}}
	in(&input)
	return simulate(t, input)
}

// TestPublicOnlyOnlyWhenTheRolesAreKnown: the authorization providers'
// roles are united (spec §1), so when a part of them is not known here
// (native roles not given, auth rules not evaluated) the roles are a
// floor: PUBLIC only is not asserted; the roles step says "at least",
// why the token gives no more, and what is not known.
func TestPublicOnlyOnlyWhenTheRolesAreKnown(t *testing.T) {
	same := func(s string) string { return s }
	abacOn := func(s string) string { return s + "\ndbms.security.abac.authorization_providers=oidc-demo\n" }
	rules, _, err := abac.ParseAuthRules(strings.NewReader(`CREATE AUTH RULE eng SET CONDITION abac.oidc.user_attribute('dept') = 'x' AND datetime.transaction() > datetime('2026-01-01T00:00:00Z');
GRANT ROLE editor TO AUTH RULE eng;`), "rules.cypher")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		edit    func(string) string
		in      func(*LoginInput)
		unknown string
	}{
		{"native roles not given", same, func(in *LoginInput) { in.NativeRoles = nil }, `the native roles of "alice"`},
		{"auth rules not evaluated", abacOn, func(in *LoginInput) { in.Rules = rules }, "auth rules not evaluated: eng (editor)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pred := demo(t, tc.edit, "", tc.in, "sales")
			if _, ok := findingByCode(pred, "neo4j-only-public"); ok {
				t.Errorf("PUBLIC only asserted, though %s is not known", tc.unknown)
			}
			if !slices.ContainsFunc(pred.RolesUnknown, func(s string) bool { return strings.Contains(s, tc.unknown) }) {
				t.Errorf("roles unknown %q, want %q", pred.RolesUnknown, tc.unknown)
			}
			st, _ := stepNamed(pred, "roles")
			if !strings.Contains(st.Detail, "PUBLIC at least (from the token, PUBLIC only: the user's group \"sales\" has no group_to_role_mapping entry)") || !strings.Contains(st.Detail, tc.unknown) {
				t.Errorf("roles step %q", st.Detail)
			}
		})
	}
	known := demo(t, same, "", func(*LoginInput) {}, "sales")
	if _, ok := findingByCode(known, "neo4j-only-public"); !ok || known.RolesUnknown != nil {
		t.Errorf("all known: %v, unknown %q", predictionCodes(known), known.RolesUnknown)
	}
}

// TestPublicOnlyForGoogle: Google sends no groups and cannot be
// configured to (spec §8), so its users are authorized natively by
// design: the cause and fix say so, never "add oidc-google to
// authorization_providers".
func TestPublicOnlyForGoogle(t *testing.T) {
	google := func(s string) string {
		s = strings.Replace(s, "dbms.security.authorization_providers=oidc-demo,native", "dbms.security.authorization_providers=native", 1)
		return s + "\ndbms.security.oidc.demo.issuer=https://accounts.google.com\n"
	}
	pred := demo(t, google, "https://accounts.google.com", func(*LoginInput) {})
	f, ok := findingByCode(pred, "neo4j-only-public")
	if !ok {
		t.Fatalf("no neo4j-only-public among %v (%s)", predictionCodes(pred), pred.Outcome)
	}
	if !strings.Contains(f.Message, "Google, which sends no groups") || f.Fix != "Grant the user a role natively: GRANT ROLE <role> TO `alice`." {
		t.Errorf("PUBLIC only for Google: %q, fix %q", f.Message, f.Fix)
	}
	for _, g := range pred.Findings {
		if strings.Contains(g.Fix, "add oidc-demo to dbms.security.authorization_providers") {
			t.Errorf("%s: fix %q, useless for Google", g.Code, g.Fix)
		}
	}
	// Native roles not given: PUBLIC is a floor, and the user is not
	// said to have no native role.
	unknown := demo(t, google, "https://accounts.google.com", func(in *LoginInput) { in.NativeRoles = nil })
	if st, _ := stepNamed(unknown, "roles"); strings.Contains(st.Detail, "has none") || !strings.Contains(st.Detail, "PUBLIC at least") {
		t.Errorf("roles step %q", st.Detail)
	}
	// No authorization provider at all: native must be added.
	none := demo(t, func(s string) string {
		return strings.Replace(google(s), "dbms.security.authorization_providers=native", "dbms.security.authorization_providers=", 1)
	}, "https://accounts.google.com", func(*LoginInput) {})
	if f, _ := findingByCode(none, "neo4j-provider-not-authorization"); !strings.HasPrefix(f.Fix, "Add native to dbms.security.authorization_providers") {
		t.Errorf("no authorization provider: fix %q", f.Fix)
	}
}

// TestPublicOnlyNamesTheLocalUser: with require_local_user the user is
// the linked local user (spec §4.2 step 10): the quoted Neo4j message
// names it, not the claim, even when its name is not known here.
func TestPublicOnlyNamesTheLocalUser(t *testing.T) {
	rlu := func(s string) string {
		return strings.Replace(s, "dbms.security.authorization_providers=oidc-demo,native", "dbms.security.authorization_providers=oidc-demo", 1) +
			"\ndbms.security.require_local_user=true\n"
	}
	unknown := demo(t, rlu, "", func(*LoginInput) {}, "sales")
	f, _ := findingByCode(unknown, "neo4j-only-public")
	if strings.Contains(f.Message, "user 'alice'") || !strings.Contains(f.Message, `user '<local user>' with roles [PUBLIC].", where <local user> is the local user linked to oidc-demo ID "alice"`) {
		t.Errorf("local user not known: %q", f.Message)
	}
	known := demo(t, rlu, "", func(in *LoginInput) { in.LocalUsers = map[string]string{"alice": "al"} }, "sales")
	if f, _ := findingByCode(known, "neo4j-only-public"); !strings.Contains(f.Message, "user 'al' with roles [PUBLIC]") {
		t.Errorf("local user known: %q", f.Message)
	}
}
