package abac

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/neo4j/conf"
)

func parseRules(t testing.TB, src string) *RuleSet {
	t.Helper()
	rs, fs, err := ParseAuthRules(strings.NewReader(src), "rules.cypher")
	if err != nil {
		t.Fatalf("ParseAuthRules: %v", err)
	}
	if f, ok := findCode(fs, "abac-syntax-error"); ok {
		t.Fatalf("unexpected syntax error: %s", f.Message)
	}
	return rs
}

func jsonClaims(t testing.TB, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("claims: %v", err)
	}
	return m
}

// evalCondition evaluates one condition over claims: "true", "false",
// "null" or the error text.
func evalCondition(t *testing.T, cond string, claims map[string]any) string {
	t.Helper()
	rs := parseRules(t, "CREATE AUTH RULE r SET CONDITION "+cond+";\nGRANT ROLE reader TO AUTH RULE r;")
	if len(rs.Rules) != 1 {
		t.Fatalf("want one rule, got %d", len(rs.Rules))
	}
	res := rs.Evaluate(claims)[0]
	if res.Err != nil {
		return res.Err.Error()
	}
	if res.Matched != (res.Value == true) {
		t.Fatalf("Matched %v with value %v", res.Matched, res.Value)
	}
	if res.Value == nil {
		return "null"
	}
	return strings.ToLower(strings.TrimSpace(jsonText(res.Value)))
}

func jsonText(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestEvaluateConditions(t *testing.T) {
	claims := jsonClaims(t, `{
		"sub": "u1", "department": "Engineering", "email": "ann@corp.example", "level": 5, "score": 4.5,
		"groups": ["Neo4j Admins", "dev"], "mixed": ["a", null], "verified": true, "nothing": null,
		"realm_access": {"roles": ["neo4j-admin", "offline_access"], "meta": {"tier": "gold"}},
		"single": "admins", "big": 12345678901234567890, "unicode": "\ud83d\ude00"}`)
	tests := []struct {
		name, cond, want string
	}{
		{"equal string", "abac.oidc.user_attribute('department') = 'Engineering'", "true"},
		{"equal is case-sensitive", "abac.oidc.user_attribute('department') = 'engineering'", "false"},
		{"not equal", "abac.oidc.user_attribute('department') <> 'Sales'", "true"},
		{"bang equal", "abac.oidc.user_attribute('department') != 'Sales'", "true"},
		{"double quotes with escapes", `abac.oidc.user_attribute("email") = "ann@corp.example" AND 'it\'s' = "it's"`, "true"},
		{"number equal int", "abac.oidc.user_attribute('level') = 5", "true"},
		{"int equals float", "abac.oidc.user_attribute('level') = 5.0", "true"},
		{"float claim", "abac.oidc.user_attribute('score') > 4", "true"},
		{"string vs number is false", "abac.oidc.user_attribute('level') = '5'", "false"},
		{"boolean claim", "abac.oidc.user_attribute('verified') = true", "true"},
		{"missing claim is null", "abac.oidc.user_attribute('absent') = 'x'", "null"},
		{"null claim is null", "abac.oidc.user_attribute('nothing') = 'x'", "null"},
		{"null = null is null", "null = null", "null"},
		{"not null is null", "NOT abac.oidc.user_attribute('absent') = 'x'", "null"},
		{"null AND false is false", "abac.oidc.user_attribute('absent') = 'x' AND false", "false"},
		{"null AND true is null", "abac.oidc.user_attribute('absent') = 'x' AND true", "null"},
		{"null OR true is true", "abac.oidc.user_attribute('absent') = 'x' OR true", "true"},
		{"null OR false is null", "abac.oidc.user_attribute('absent') = 'x' OR false", "null"},
		{"xor", "true XOR false", "true"},
		{"xor null", "true XOR null", "null"},
		{"precedence AND over OR", "true OR false AND false", "true"},
		{"parentheses", "(true OR false) AND false", "false"},
		{"NOT binds looser than =", "NOT 1 = 2", "true"},
		{"is null", "abac.oidc.user_attribute('absent') IS NULL", "true"},
		{"is not null", "abac.oidc.user_attribute('sub') IS NOT NULL", "true"},
		{"in literal list", "abac.oidc.user_attribute('department') IN ['Sales', 'Engineering']", "true"},
		{"not in literal list", "abac.oidc.user_attribute('department') IN ['Sales']", "false"},
		{"in claim list", "'Neo4j Admins' IN abac.oidc.user_attribute('groups')", "true"},
		{"in claim list miss", "'admins' IN abac.oidc.user_attribute('groups')", "false"},
		{"in list with null, miss", "'b' IN abac.oidc.user_attribute('mixed')", "null"},
		{"in list with null, hit", "'a' IN abac.oidc.user_attribute('mixed')", "true"},
		{"null in empty list", "null IN []", "false"},
		{"null in list", "null IN [1]", "null"},
		{"in null", "'a' IN abac.oidc.user_attribute('absent')", "null"},
		{"nested map", "'neo4j-admin' IN abac.oidc.user_attribute('realm_access').roles", "true"},
		{"deep nested map", "abac.oidc.user_attribute('realm_access').meta.tier = 'gold'", "true"},
		{"property of missing claim", "abac.oidc.user_attribute('absent').roles IS NULL", "true"},
		{"missing property", "abac.oidc.user_attribute('realm_access').nope IS NULL", "true"},
		{"index", "abac.oidc.user_attribute('groups')[0] = 'Neo4j Admins'", "true"},
		{"negative index", "abac.oidc.user_attribute('groups')[-1] = 'dev'", "true"},
		{"map index", "abac.oidc.user_attribute('realm_access')['meta'].tier = 'gold'", "true"},
		{"starts with", "abac.oidc.user_attribute('email') STARTS WITH 'ann@'", "true"},
		{"ends with", "abac.oidc.user_attribute('email') ENDS WITH '@corp.example'", "true"},
		{"contains", "abac.oidc.user_attribute('email') CONTAINS 'corp'", "true"},
		{"starts with null", "abac.oidc.user_attribute('absent') STARTS WITH 'a'", "null"},
		{"starts with number", "abac.oidc.user_attribute('level') STARTS WITH '5'", "null"},
		{"string less", "abac.oidc.user_attribute('department') < 'F'", "true"},
		{"string greater or equal", "'b' >= 'a'", "true"},
		{"number less or equal", "abac.oidc.user_attribute('level') <= 5", "true"},
		{"number greater", "abac.oidc.user_attribute('level') > 5", "false"},
		{"negative literal", "-1 < 0", "true"},
		{"mixed types order is null", "abac.oidc.user_attribute('level') < 'a'", "null"},
		{"chained comparison", "1 < abac.oidc.user_attribute('level') <= 5", "true"},
		{"chained comparison false", "1 < abac.oidc.user_attribute('level') < 5", "false"},
		{"utf16 order", "abac.oidc.user_attribute('unicode') < '\uffff'", "true"},
		{"list equality", "[1, 'a'] = [1, 'a']", "true"},
		{"list equality with null", "[1, null] = [1, null]", "null"},
		{"list equality decided", "[1, null] = [2, null]", "false"},
		{"map equality", "{a: 1} = {a: 1}", "true"},
		{"hex and keywords case-insensitive", "0x10 = 16 and TRUE", "true"},
		{"big integer claim", "abac.oidc.user_attribute('big') > 1", "true"},
		{"backtick name in property", "abac.oidc.user_attribute('realm_access').`roles`[1] = 'offline_access'", "true"},

		{"function", "toLower(abac.oidc.user_attribute('department')) = 'engineering'", "can't evaluate: function toLower()"},
		{"native tags", "'x' IN abac.native.user_tags()", "can't evaluate: abac.native.user_tags()"},
		{"temporal", "datetime.transaction().hour > 8", "can't evaluate: temporal function datetime.transaction()"},
		{"list comprehension", "size([g IN abac.oidc.user_attribute('groups') WHERE g STARTS WITH 'a']) > 0", "can't evaluate: "},
		{"comprehension alone", "[g IN abac.oidc.user_attribute('groups') WHERE g = 'dev'] = ['dev']", "can't evaluate: list comprehension"},
		{"arithmetic", "abac.oidc.user_attribute('level') + 1 = 6", "can't evaluate: arithmetic operator +"},
		{"regex", "abac.oidc.user_attribute('email') =~ '.*corp.*'", "can't evaluate: regular expression match =~"},
		{"case", "CASE WHEN true THEN true ELSE false END", "can't evaluate: CASE expression"},
		{"exists subquery", "EXISTS { MATCH (n) RETURN n }", "can't evaluate: EXISTS subquery"},
		{"parameter", "abac.oidc.user_attribute('department') = $dept", "can't evaluate: parameter $dept"},
		{"variable", "department = 'x'", "can't evaluate: variable department"},
		{"IN over a string", "'admins' IN abac.oidc.user_attribute('single')", "can't evaluate: IN over a string"},
		{"property of a string", "abac.oidc.user_attribute('department').x = 1", "can't evaluate: property .x of a string"},
		{"NOT of a string", "NOT abac.oidc.user_attribute('department')", "can't evaluate: NOT of a string"},
		{"non-boolean condition", "abac.oidc.user_attribute('department')", "can't evaluate: the condition is a string"},
		{"list ordering", "[1] < [2]", "can't evaluate: ordering comparison"},
		{"slice", "abac.oidc.user_attribute('groups')[0..1] = ['Neo4j Admins']", "can't evaluate: list slice"},
		{"unsupported beats false", "false AND toUpper('a') = 'A'", "can't evaluate: function toUpper()"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := evalCondition(t, tt.cond, claims)
			if strings.HasPrefix(tt.want, "can't evaluate: ") {
				if !strings.HasPrefix(got, tt.want) {
					t.Errorf("%s\n got %q\nwant prefix %q", tt.cond, got, tt.want)
				}
				return
			}
			if got != tt.want {
				t.Errorf("%s\n got %s, want %s", tt.cond, got, tt.want)
			}
		})
	}
}

func TestEvaluateFloat64Claims(t *testing.T) {
	var claims map[string]any
	if err := json.Unmarshal([]byte(`{"level": 5, "ratio": 0.5}`), &claims); err != nil {
		t.Fatal(err)
	}
	for cond, want := range map[string]string{
		"abac.oidc.user_attribute('level') = 5":      "true",
		"abac.oidc.user_attribute('ratio') < 1":      "true",
		"abac.oidc.user_attribute('level') IN [4,5]": "true",
	} {
		if got := evalCondition(t, cond, claims); got != want {
			t.Errorf("%s = %s, want %s", cond, got, want)
		}
	}
}

func TestUnsupportedErrorType(t *testing.T) {
	rs := parseRules(t, "CREATE AUTH RULE r SET CONDITION coalesce(abac.oidc.user_attribute('a'), 'x') = 'x'")
	res := rs.Evaluate(map[string]any{})[0]
	var ue *UnsupportedError
	if !errors.As(res.Err, &ue) || ue.Construct != "function coalesce()" {
		t.Fatalf("err = %v, want *UnsupportedError for coalesce()", res.Err)
	}
	if res.Matched || len(res.Roles) != 0 || res.Error == "" {
		t.Fatalf("an unevaluable rule must not match: %+v", res)
	}
}

func TestParseAuthRulesStatements(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		rules   string // name:enabled:roles;...
		code    string // a finding code expected ("" for none of the error codes)
		message string
	}{
		{"create and grant", "CREATE AUTH RULE r SET CONDITION true; GRANT ROLE reader TO AUTH RULE r", "r:true:reader", "", ""},
		{"keywords any case", "create auth rule r set condition TRUE set enabled FALSE;grant roles a,b to auth rule r", "r:false:a,b", "abac-rule-disabled", "disabled"},
		{"backtick names", "CREATE AUTH RULE `my rule` SET CONDITION true; GRANT ROLE `the role` TO AUTH RULE `my rule`", "my rule:true:the role", "", ""},
		{"enabled before condition", "CREATE AUTH RULE r SET ENABLED false SET CONDITION true; GRANT ROLE x TO AUTH RULE r", "r:false:x", "", ""},
		{"alter disables", "CREATE AUTH RULE r SET CONDITION true; GRANT ROLE x TO AUTH RULE r; ALTER AUTH RULE r SET ENABLED false", "r:false:x", "abac-rule-disabled", ""},
		{"alter condition", "CREATE AUTH RULE r SET CONDITION false; ALTER AUTH RULE r SET CONDITION 1 = 1; GRANT ROLE x TO AUTH RULE r", "r:true:x", "", ""},
		{"drop", "CREATE AUTH RULE r SET CONDITION true; DROP AUTH RULE r", "", "", ""},
		{"drop unknown", "DROP AUTH RULE nope", "", "abac-unknown-rule", "DROP AUTH RULE nope names no existing rule"},
		{"drop if exists", "DROP AUTH RULE nope IF EXISTS", "", "", ""},
		{"rename", "CREATE AUTH RULE a SET CONDITION true; RENAME AUTH RULE a TO b; GRANT ROLE x TO AUTH RULE b", "b:true:x", "", ""},
		{"revoke", "CREATE AUTH RULE r SET CONDITION true; GRANT ROLES x, y TO AUTH RULE r; REVOKE ROLE x FROM AUTH RULE r", "r:true:y", "", ""},
		{"grant to unknown rule", "CREATE AUTH RULE admins SET CONDITION true; GRANT ROLE x TO AUTH RULE admins; GRANT ROLE admin TO AUTH RULE Admins", "admins:true:x", "abac-grant-unknown-rule", "did you mean admins?"},
		{"grant before create", "GRANT ROLE x TO AUTH RULE r;\nCREATE AUTH RULE r SET CONDITION true", "r:true:", "abac-grant-unknown-rule", "created later, on line 2"},
		{"rule without roles", "CREATE AUTH RULE r SET CONDITION true", "r:true:", "abac-rule-no-roles", "No role is granted to auth rule r"},
		{"duplicate create", "CREATE AUTH RULE r SET CONDITION true;\nCREATE AUTH RULE r SET CONDITION false", "r:true:", "abac-duplicate-rule", "already exists (line 1)"},
		{"create or replace", "CREATE AUTH RULE r SET CONDITION true; GRANT ROLE x TO AUTH RULE r; CREATE OR REPLACE AUTH RULE r SET CONDITION false", "r:true:", "", ""},
		{"if not exists keeps the first", "CREATE AUTH RULE r SET CONDITION true; CREATE AUTH RULE r IF NOT EXISTS SET CONDITION false SET ENABLED false", "r:true:", "", ""},
		{"deny role", "DENY READ {*} ON GRAPH * TO blocked; CREATE AUTH RULE r SET CONDITION true; GRANT ROLE blocked TO AUTH RULE r", "r:true:blocked", "abac-role-has-deny", "DENY"},
		{"temporal not transaction", "CREATE AUTH RULE r SET CONDITION datetime().hour > 8", "", "abac-temporal-function", "42NAM"},
		{"temporal with a timezone only", "CREATE AUTH RULE r SET CONDITION date({timezone: 'UTC'}) > date('2026-01-01')", "", "abac-temporal-function", "date()"},
		{"temporal from a string reads no clock", "CREATE AUTH RULE r SET CONDITION abac.oidc.user_attribute('start') < date('2030-01-01')", "r:true:", "abac-condition-not-evaluable", "temporal function date() with an argument (it reads no clock"},
		{"transaction clock and a literal temporal", "CREATE AUTH RULE r SET CONDITION abac.oidc.user_attribute('a') = 1 AND datetime.transaction() > datetime('2026-01-01T00:00:00Z')", "r:true:", "abac-condition-not-evaluable",
			"temporal function datetime.transaction() (its value depends on the clock at transaction start), temporal function datetime() with an argument (it reads no clock"},
		{"refused alter keeps the condition", "CREATE AUTH RULE r SET CONDITION true; ALTER AUTH RULE r SET CONDITION time() > time('08:00')", "r:true:", "abac-temporal-function", "keeps its condition"},
		{"not evaluable", "CREATE AUTH RULE r SET CONDITION abac.native.user_tags() IS NOT NULL", "r:true:", "abac-condition-not-evaluable", "abac.native.user_tags()"},
		{"other statements ignored", "CREATE ROLE x; GRANT ROLE x TO alice; GRANT ROLE MANAGEMENT ON DBMS TO x; SHOW AUTH RULES", "", "", ""},
		{"comments and semicolons in strings", "// c;\n/* ; */ CREATE AUTH RULE r SET CONDITION abac.oidc.user_attribute('a;b') = \"x;y\" // t\n; GRANT ROLE x TO AUTH RULE r", "r:true:x", "", ""},
		{"syntax error with line", "CREATE AUTH RULE ok SET CONDITION true;\n\nCREATE AUTH RULE bad SET CONDITION abac.oidc.user_attribute('a') = ", "ok:true:", "abac-syntax-error", "line 3"},
		{"missing condition", "CREATE AUTH RULE r SET ENABLED true", "", "abac-syntax-error", "has no SET CONDITION"},
		{"unterminated string", "CREATE AUTH RULE r SET CONDITION 'abc;\nCREATE AUTH RULE s SET CONDITION true", "s:true:", "abac-syntax-error", "unterminated string"},
		{"bad escape", `CREATE AUTH RULE r SET CONDITION 'a\qb' = 'x'`, "", "abac-syntax-error", "invalid escape"},
		{"trailing garbage", "CREATE AUTH RULE r SET CONDITION true false", "", "abac-syntax-error", "unexpected 'false'"},
		{"parameter name", "CREATE AUTH RULE $name SET CONDITION true", "", "abac-syntax-error", "parameter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, fs, err := ParseAuthRules(strings.NewReader(tt.src), "rules.cypher")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs.Rules {
				got = append(got, r.Name+":"+map[bool]string{true: "true", false: "false"}[r.Enabled]+":"+strings.Join(r.Roles, ","))
			}
			if g := strings.Join(got, ";"); g != tt.rules {
				t.Errorf("rules = %q, want %q", g, tt.rules)
			}
			if tt.code == "" {
				for _, code := range []string{"abac-syntax-error", "abac-grant-unknown-rule", "abac-unknown-rule", "abac-duplicate-rule"} {
					if f, ok := findCode(fs, code); ok {
						t.Errorf("unexpected %s: %s", code, f.Message)
					}
				}
				return
			}
			f, ok := findCode(fs, tt.code)
			if !ok {
				t.Fatalf("no %s finding in %v", tt.code, codes(fs))
			}
			if !strings.Contains(f.Message, tt.message) {
				t.Errorf("message %q does not contain %q", f.Message, tt.message)
			}
		})
	}
}

func TestConditionTextKept(t *testing.T) {
	rs := parseRules(t, "CREATE AUTH RULE r\n  SET CONDITION abac.oidc.user_attribute('a') = 'b'  // why\n  SET ENABLED true;")
	if got := rs.Rules[0].Condition; got != "abac.oidc.user_attribute('a') = 'b'" {
		t.Fatalf("Condition = %q", got)
	}
	if rs.Rules[0].Line != 1 {
		t.Fatalf("Line = %d", rs.Rules[0].Line)
	}
}

func TestRulesFile(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "abac-rules.cypher"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rs, fs, err := ParseAuthRules(f, "abac-rules.cypher")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rs.Rules {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, ","); got != "engineering_readers,realm-admins,contractors,senior,business_hours" {
		t.Fatalf("rules = %s", got)
	}
	for _, want := range []string{"abac-rule-disabled", "abac-grant-unknown-rule", "abac-condition-not-evaluable"} {
		if _, ok := findCode(fs, want); !ok {
			t.Errorf("no %s in %v", want, codes(fs))
		}
	}
	if _, ok := findCode(fs, "abac-syntax-error"); ok {
		t.Errorf("syntax error in the sample file: %v", fs)
	}
	if g, _ := findCode(fs, "abac-grant-unknown-rule"); !strings.Contains(g.Message, "did you mean engineering_readers?") || !strings.Contains(g.Evidence, "line 31") {
		t.Errorf("grant finding = %+v", g)
	}

	claims := jsonClaims(t, `{"sub":"u1","department":"Engineering","email_verified":true,
		"realm_access":{"roles":["neo4j-admin"]},"groups":["dev"],"employee_type":"contractor",
		"email":"bob@partner.example","level":3}`)
	byRule := map[string]RuleResult{}
	for _, r := range rs.Evaluate(claims) {
		byRule[r.Rule] = r
	}
	check := func(rule string, matched bool, roles string, errPrefix string) {
		t.Helper()
		r := byRule[rule]
		if r.Matched != matched || strings.Join(r.Roles, ",") != roles {
			t.Errorf("%s: matched %v roles %v, want %v %q (value %v, err %v)", rule, r.Matched, r.Roles, matched, roles, r.Value, r.Err)
		}
		if errPrefix != "" && (r.Err == nil || !strings.HasPrefix(r.Err.Error(), errPrefix)) {
			t.Errorf("%s: err %v, want prefix %q", rule, r.Err, errPrefix)
		}
	}
	check("engineering_readers", true, "reader", "")
	check("realm-admins", true, "admin,architect", "")
	check("contractors", false, "", "") // condition true, but disabled
	if byRule["contractors"].Value != true {
		t.Errorf("contractors: value %v, want true (disabled rules still report their condition)", byRule["contractors"].Value)
	}
	check("senior", false, "", "")
	check("business_hours", false, "", "can't evaluate: temporal function datetime.transaction()")
}

func TestABACApplies(t *testing.T) {
	base := okta + "dbms.security.abac.authorization_providers=oidc-okta\n"
	tests := []struct {
		name string
		conf string
		v    conf.Version
		ok   bool
		why  string
	}{
		{"applies", base, conf.Version{Major: 2026, Minor: 3}, true, ""},
		{"too old", base, conf.V2025, false, "need Neo4j 2026.03"},
		{"not listed", okta, conf.Latest, false, "does not list oidc-okta (it is empty)"},
		{"not an authorization provider", strings.Replace(base, "authorization_providers=oidc-okta,native", "authorization_providers=native", 1), conf.Latest, false, "dbms.security.authorization_providers does not"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := conf.Analyze(mustParse(t, tt.conf), tt.v, conf.LintOptions{})
			ok, why := ABACApplies(m, "okta")
			if ok != tt.ok || !strings.Contains(why, tt.why) {
				t.Fatalf("ABACApplies = %v, %q; want %v, %q", ok, why, tt.ok, tt.why)
			}
			rs := parseRules(t, "CREATE AUTH RULE r SET CONDITION true")
			fs := ABACFindings(m, "oidc-okta", rs)
			if tt.ok != (len(fs) == 0) {
				t.Fatalf("ABACFindings = %v", fs)
			}
			if !tt.ok && fs[0].Code != "abac-not-applicable" {
				t.Fatalf("code %s", fs[0].Code)
			}
		})
	}
}

func FuzzParseAuthRules(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "abac-rules.cypher"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	for _, s := range []string{"", ";", "CREATE AUTH RULE", "CREATE AUTH RULE r SET CONDITION", "CREATE AUTH RULE r SET CONDITION ((((",
		"CREATE AUTH RULE r SET CONDITION [x IN [1] | x]", "CREATE AUTH RULE r SET CONDITION CASE CASE END", "'\\u00", "`a``", "/*",
		"CREATE AUTH RULE r SET CONDITION abac.oidc.user_attribute('a')[0..]. `b`", "GRANT ROLE a, TO AUTH RULE", ":use system\nDROP AUTH RULE x",
		"CREATE AUTH RULE r SET CONDITION 1 < 2 < 3 <> 4 IN [null] IS NOT NULL XOR NOT NOT -0x1F"} {
		f.Add(s)
	}
	claims := map[string]any{"a": "x", "groups": []any{"g", nil}, "n": json.Number("1.5"), "m": map[string]any{"b": []any{1.0}}}
	f.Fuzz(func(t *testing.T, src string) {
		rs, fs, err := ParseAuthRules(strings.NewReader(src), "fuzz.cypher")
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range fs {
			if fd.Code == "" || fd.Message == "" {
				t.Fatalf("empty finding %+v", fd)
			}
		}
		for _, r := range rs.Evaluate(claims) {
			if r.Matched && r.Err != nil {
				t.Fatalf("matched with an error: %+v", r)
			}
			if r.Err != nil && !strings.HasPrefix(r.Err.Error(), "can't evaluate: ") && r.Err.Error() != "the rule has no condition" {
				t.Fatalf("error without the prefix: %v", r.Err)
			}
		}
	})
}

// TestRefusedRuleIsNotCreated: Neo4j refuses a CREATE AUTH RULE whose
// condition reads the clock (42NAM, the cause of 42001), so the rule does
// not exist: the temporal finding is given once per function, the GRANT
// to it is refused too and says why, and nothing says the rule's match is
// unknown. datetime('2030-01-01') reads no clock and is allowed.
func TestRefusedRuleIsNotCreated(t *testing.T) {
	rs, fs, err := ParseAuthRules(strings.NewReader("CREATE AUTH RULE timed SET CONDITION datetime() < datetime('2030-01-01') AND datetime() > datetime('2020-01-01');\nGRANT ROLE reader TO AUTH RULE timed;\n"), "r3.cypher")
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.Rules) != 0 {
		t.Errorf("rules %+v: the refused rule was kept", rs.Rules)
	}
	n := 0
	for _, f := range fs {
		switch f.Code {
		case "abac-temporal-function":
			n++
		case "abac-grant-unknown-rule":
			if !strings.Contains(f.Message, "its CREATE on line 1 is refused") {
				t.Errorf("grant: %q, want the refused CREATE named", f.Message)
			}
		case "abac-condition-not-evaluable", "abac-condition-no-user-attribute", "abac-rule-no-roles":
			t.Errorf("a finding about a rule that does not exist: %+v", f)
		}
	}
	if n != 1 {
		t.Errorf("%d abac-temporal-function findings, want 1: %v", n, codes(fs))
	}
	if _, ok := findCode(fs, "abac-grant-unknown-rule"); !ok {
		t.Errorf("no abac-grant-unknown-rule in %v", codes(fs))
	}
}
