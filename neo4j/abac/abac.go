package abac

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/textdist"
	"github.com/ssolens/ssolens/neo4j/conf"
)

// Attribute-based access control (Neo4j 2026.03+, spec §7, OPS-ABAC): auth
// rules grant roles when a boolean condition over the token's claims holds.
//
//	CREATE [OR REPLACE] AUTH RULE name [IF NOT EXISTS] SET CONDITION <expr> [SET ENABLED true|false]
//	ALTER AUTH RULE name [IF EXISTS] SET CONDITION <expr> | SET ENABLED true|false
//	RENAME AUTH RULE name [IF EXISTS] TO new
//	DROP AUTH RULE name [IF EXISTS]
//	GRANT ROLE[S] r[, r2] TO AUTH RULE name
//	REVOKE ROLE[S] r[, r2] FROM AUTH RULE name
//
// Roles of fulfilled rules are added to the RBAC roles, never removed
// (spec §4.3).

// MaxRulesBytes caps an auth-rules file.
const MaxRulesBytes = 4 << 20

// RuleSet is the auth rules a file of Cypher statements leaves behind, in
// creation order.
type RuleSet struct {
	Source string     `json:"source"`
	Rules  []AuthRule `json:"rules"`
	// DenyRoles are roles the file gives DENY privileges; Neo4j refuses to
	// grant them to rules.
	DenyRoles []string `json:"deny_roles,omitempty"`
}

// AuthRule is one auth rule.
type AuthRule struct {
	Name      string   `json:"name"`
	Condition string   `json:"condition"` // as written
	Enabled   bool     `json:"enabled"`
	Roles     []string `json:"roles"`
	Line      int      `json:"line"` // of the CREATE statement
	cond      *expr
	// unsupported are the constructs of the condition SSO Lens does not
	// evaluate, whatever the claims (said once, when the file is read).
	unsupported []string
}

// Unsupported names the constructs of the rule's condition SSO Lens
// never evaluates (a temporal function, native user tags…); the file's
// abac-condition-not-evaluable finding says them. Empty when evaluating
// it depends on the claims only.
func (r *AuthRule) Unsupported() []string { return r.unsupported }

// RuleResult is one rule evaluated over a set of claims.
type RuleResult struct {
	Rule    string `json:"rule"`
	Line    int    `json:"line"`
	Enabled bool   `json:"enabled"`
	// Matched is set only when the rule is enabled and its condition is
	// exactly true.
	Matched bool `json:"matched"`
	// Value is the condition's value: true, false or nil (null); nil too
	// when Err is set or the rule is disabled.
	Value any `json:"value"`
	// Roles are the roles the rule adds: its roles when Matched, else none.
	Roles []string `json:"roles"`
	// Err is set when the condition cannot be evaluated; its message starts
	// with "can't evaluate: " for unsupported constructs.
	Err   error  `json:"-"`
	Error string `json:"error,omitempty"`
}

// Rule returns the rule of that name, or nil.
func (rs *RuleSet) Rule(name string) *AuthRule {
	for i := range rs.Rules {
		if rs.Rules[i].Name == name {
			return &rs.Rules[i]
		}
	}
	return nil
}

// Evaluate evaluates every rule over claims (a decoded JSON object; numbers
// as json.Number or float64). An absent claim is null; a rule grants only
// when its condition is exactly true (Cypher's three-valued logic).
func (rs *RuleSet) Evaluate(claims map[string]any) []RuleResult {
	out := make([]RuleResult, 0, len(rs.Rules))
	for _, r := range rs.Rules {
		res := RuleResult{Rule: r.Name, Line: r.Line, Enabled: r.Enabled, Roles: []string{}}
		if r.cond == nil {
			res.Err = errors.New("the rule has no condition")
		} else if v, err := r.cond.eval(claims); err != nil {
			res.Err = err
		} else {
			switch v.(type) {
			case nil, bool:
				res.Value = v
			default:
				res.Err = cantEvaluate("the condition is a %s, not a boolean", cypherType(v))
			}
		}
		if res.Err != nil {
			res.Error = res.Err.Error()
		}
		if r.Enabled && res.Err == nil && res.Value == true {
			res.Matched = true
			res.Roles = append(res.Roles, r.Roles...)
		}
		out = append(out, res)
	}
	return out
}

// ABACApplies reports whether Neo4j evaluates auth rules for logins through
// an OIDC provider (name with or without "oidc-"), and if not, why: ABAC
// needs Neo4j 2026.03+, and dbms.security.abac.authorization_providers must
// list the provider, which must also be an authorization provider.
func ABACApplies(m *conf.Model, providerName string) (bool, string) {
	if m == nil {
		return false, "no configuration"
	}
	if !m.Version.AtLeast(2026, 3) {
		return false, fmt.Sprintf("auth rules (ABAC) need Neo4j 2026.03 or later; the selected version is %s", m.Version)
	}
	id := "oidc-" + strings.TrimPrefix(providerName, "oidc-")
	if !slices.Contains(m.ABACProviders, id) {
		listed := "is empty"
		if len(m.ABACProviders) > 0 {
			listed = "lists " + strings.Join(m.ABACProviders, ",")
		}
		return false, fmt.Sprintf("%s does not list %s (it %s), so no claim of this provider reaches auth rules", conf.ABACProviders, id, listed)
	}
	if !slices.Contains(m.AuthorizationProviders, id) {
		return false, fmt.Sprintf("%s lists %s, but %s does not; the docs require both, so Neo4j likely rejects the configuration", conf.ABACProviders, id, conf.AuthorizationProvs)
	}
	return true, ""
}

// ABACFindings says why rules that exist do not apply to a provider's
// logins; nil when they apply or there are no rules.
func ABACFindings(m *conf.Model, providerName string, rs *RuleSet) []inspector.Finding {
	if rs == nil || len(rs.Rules) == 0 {
		return nil
	}
	ok, why := ABACApplies(m, providerName)
	if ok {
		return nil
	}
	fix := fmt.Sprintf("Add oidc-%s to %s and to %s.", strings.TrimPrefix(providerName, "oidc-"), conf.ABACProviders, conf.AuthorizationProvs)
	if m != nil && !m.Version.AtLeast(2026, 3) {
		fix = "Upgrade to Neo4j 2026.03 or later, or grant the roles through group_to_role_mapping."
	}
	return []inspector.Finding{FindABACNotApplicable.Newf(fix, rs.Source,
		"%d auth rule(s) in %s grant no role to this login: %s.", len(rs.Rules), rs.Source, why)}
}

// ParseAuthRules reads a file of Cypher statements separated by ';' and
// keeps the auth rules they leave behind. Statements that are not about
// auth rules are skipped (DENY statements are noted for their roles).
// Cypher-shell commands (:use system) are skipped too. Syntax errors are
// findings with the line; the error is for a file that cannot be read.
func ParseAuthRules(r io.Reader, name string) (*RuleSet, []inspector.Finding, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxRulesBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > MaxRulesBytes {
		return nil, nil, fmt.Errorf("%s is larger than %d MiB: not an auth-rules file; check the path", name, MaxRulesBytes>>20)
	}
	src := string(data)
	b := &ruleBuilder{rs: &RuleSet{Source: name, Rules: []AuthRule{}}, src: src, name: name, byName: map[string]int{}}
	for _, stmt := range splitStatements(lexCypher(src)) {
		b.statement(stmt)
	}
	b.finish()
	return b.rs, b.caps.Summarise(b.fs), nil
}

// splitStatements splits tokens at ';' and drops cypher-shell commands: a
// ':' opening a statement runs to the end of its line.
func splitStatements(toks []token) [][]token {
	var out [][]token
	var cur []token
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if len(cur) == 0 && t.op(":") {
			for i+1 < len(toks) && toks[i+1].line == t.line {
				i++
			}
			continue
		}
		if t.op(";") {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

type ruleBuilder struct {
	rs     *RuleSet
	fs     []inspector.Finding
	caps   conf.FindingCap
	src    string
	name   string
	byName map[string]int // rule name → index in rs.Rules
	// dropped marks rule indexes removed by DROP; they are compacted at the end.
	dropped map[int]bool
	// created are the names of rules created anywhere in the file, to tell a
	// GRANT before its CREATE from a GRANT to a rule that never exists.
	created map[string]int
	grants  []grantNote
	// refused are the rules whose CREATE Neo4j refuses (a condition that
	// reads the clock, 42NAM), by name: the line of that CREATE.
	refused map[string]int
}

type grantNote struct {
	role, rule string
	line       int
	ev         string
}

func (b *ruleBuilder) add(f inspector.Finding) { b.fs = b.caps.Add(b.fs, f) }

func (b *ruleBuilder) evidence(stmt []token) string {
	if len(stmt) == 0 {
		return b.name
	}
	text := b.src[stmt[0].pos:stmt[len(stmt)-1].end]
	return fmt.Sprintf("%s line %d: %s", b.name, stmt[0].line, conf.ClipText(strings.Join(strings.Fields(text), " "), 200))
}

func (b *ruleBuilder) statement(stmt []token) {
	ev := b.evidence(stmt)
	for _, t := range stmt {
		if t.kind == tokErr {
			b.add(FindABACSyntax.Newf("Fix the statement; Neo4j rejects it as written.", ev, "%s line %d: %s.", b.name, t.line, t.text))
			return
		}
	}
	p := &exprParser{toks: stmt}
	// CYPHER 25 and USE system prefixes.
	if p.peek().is("CYPHER") {
		p.next()
		if p.peek().kind == tokNumber {
			p.next()
		}
	}
	if p.peek().is("USE") {
		p.next()
		p.next()
	}
	first := p.peek()
	if first.is("DENY") {
		b.denyRoles(stmt)
		return
	}
	if !mentionsAuthRule(stmt[p.i:]) || first.is("SHOW") {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(parseError)
			if !ok {
				panic(r)
			}
			b.add(FindABACSyntax.Newf("Fix the statement; SSO Lens reads it as Neo4j's Cypher 25 parser documents it.", ev,
				"%s line %d: %s.", b.name, pe.line, pe.msg))
		}
	}()
	switch {
	case first.is("CREATE"):
		b.create(p, ev)
	case first.is("ALTER"):
		b.alter(p, ev)
	case first.is("RENAME"):
		b.rename(p, ev)
	case first.is("DROP"):
		b.drop(p, ev)
	case first.is("GRANT"), first.is("REVOKE"):
		b.grant(p, ev)
	default:
		p.fail(first, "SSO Lens does not know the statement %s … AUTH RULE", first)
	}
}

// mentionsAuthRule reports whether the statement holds the keywords AUTH
// RULE(S) next to each other.
func mentionsAuthRule(stmt []token) bool {
	for i := 0; i+1 < len(stmt); i++ {
		if stmt[i].is("AUTH") && (stmt[i+1].is("RULE") || stmt[i+1].is("RULES")) {
			return true
		}
	}
	return false
}

func (p *exprParser) keyword(kw ...string) {
	for _, k := range kw {
		t := p.next()
		if !t.is(k) {
			p.fail(t, "expected %s, found %s", strings.Join(kw, " "), t)
		}
	}
}

// optional consumes the keywords if they come next.
func (p *exprParser) optional(kw ...string) bool {
	for i, k := range kw {
		if !p.peekAt(i).is(k) {
			return false
		}
	}
	p.i += len(kw)
	return true
}

// symbolicName reads a rule or role name: plain or `backtick-quoted`.
func (p *exprParser) symbolicName(what string) string {
	t := p.next()
	switch t.kind {
	case tokIdent, tokQuotedIdent:
		return t.text
	case tokParam:
		p.fail(t, "the %s is a parameter ($%s); SSO Lens reads literal names only", what, t.text)
	}
	p.fail(t, "expected a %s, found %s", what, t)
	return ""
}

func (p *exprParser) end() {
	if t := p.peek(); t.kind != tokEOF {
		p.fail(t, "unexpected %s", t)
	}
}

// setClauses reads SET CONDITION <expr> and SET ENABLED <bool> clauses.
func (p *exprParser) setClauses(src string) (cond *expr, condText string, enabled *bool) {
	for p.peek().is("SET") {
		p.next()
		t := p.next()
		switch {
		case t.is("CONDITION"):
			if cond != nil {
				p.fail(t, "SET CONDITION given twice")
			}
			start := p.peek()
			cond = p.parseExpr()
			last := p.toks[p.i-1]
			condText = src[start.pos:last.end]
		case t.is("ENABLED"):
			if enabled != nil {
				p.fail(t, "SET ENABLED given twice")
			}
			v := p.next()
			var b bool
			switch {
			case v.is("TRUE"):
				b = true
			case v.is("FALSE"):
			default:
				p.fail(v, "SET ENABLED takes true or false, found %s", v)
			}
			enabled = &b
		default:
			p.fail(t, "expected CONDITION or ENABLED after SET, found %s", t)
		}
	}
	return cond, condText, enabled
}

func (b *ruleBuilder) create(p *exprParser, ev string) {
	start := p.next() // CREATE
	replace := p.optional("OR", "REPLACE")
	p.keyword("AUTH", "RULE")
	name := p.symbolicName("rule name")
	ifNotExists := p.optional("IF", "NOT", "EXISTS")
	if replace && ifNotExists {
		p.fail(start, "OR REPLACE and IF NOT EXISTS cannot be combined")
	}
	cond, text, enabled := p.setClauses(b.src)
	p.end()
	if cond == nil {
		p.fail(start, "CREATE AUTH RULE %s has no SET CONDITION", name)
	}
	rule := AuthRule{Name: name, Condition: text, Enabled: true, Roles: []string{}, Line: start.line, cond: cond}
	if enabled != nil {
		rule.Enabled = *enabled
	}
	if i, exists := b.byName[name]; exists {
		switch {
		case ifNotExists:
			return
		case replace:
			// Replacing drops the old rule and its role grants.
			b.dropRule(i)
		default:
			b.add(FindABACDuplicateRule.Newf(fmt.Sprintf("Use CREATE OR REPLACE AUTH RULE %s, or ALTER AUTH RULE %s.", name, name), ev,
				"%s line %d: auth rule %s already exists (line %d), so Neo4j refuses this CREATE and keeps the earlier rule.", b.name, start.line, name, b.rs.Rules[i].Line))
			return
		}
	}
	unsupported, ok := b.checkCondition(name, cond, ev, start.line, "the rule is not created")
	if !ok {
		if b.refused == nil {
			b.refused = map[string]int{}
		}
		b.refused[name] = start.line
		return
	}
	rule.unsupported = unsupported
	b.rs.Rules = append(b.rs.Rules, rule)
	b.byName[name] = len(b.rs.Rules) - 1
	if b.created == nil {
		b.created = map[string]int{}
	}
	if _, ok := b.created[name]; !ok {
		b.created[name] = start.line
	}
}

func (b *ruleBuilder) lookup(start token, name string, ifExists bool, verb, ev string) (int, bool) {
	i, ok := b.byName[name]
	if !ok && !ifExists {
		b.add(FindABACUnknownRule.Newf(fmt.Sprintf("Create the rule first, or write %s AUTH RULE %s IF EXISTS.", verb, name), ev,
			"%s line %d: %s AUTH RULE %s names no existing rule, so Neo4j refuses the statement.", b.name, start.line, verb, name))
	}
	return i, ok
}

func (b *ruleBuilder) alter(p *exprParser, ev string) {
	start := p.next()
	p.keyword("AUTH", "RULE")
	name := p.symbolicName("rule name")
	ifExists := p.optional("IF", "EXISTS")
	cond, text, enabled := p.setClauses(b.src)
	p.end()
	if cond == nil && enabled == nil {
		p.fail(start, "ALTER AUTH RULE %s sets nothing (SET CONDITION or SET ENABLED)", name)
	}
	i, ok := b.lookup(start, name, ifExists, "ALTER", ev)
	if !ok {
		return
	}
	r := &b.rs.Rules[i]
	if cond != nil {
		unsupported, ok := b.checkCondition(name, cond, ev, start.line, "the rule keeps its condition")
		if !ok {
			return // the whole ALTER is refused
		}
		r.cond, r.Condition, r.unsupported = cond, text, unsupported
	}
	if enabled != nil {
		r.Enabled = *enabled
	}
}

func (b *ruleBuilder) rename(p *exprParser, ev string) {
	start := p.next()
	p.keyword("AUTH", "RULE")
	name := p.symbolicName("rule name")
	ifExists := p.optional("IF", "EXISTS")
	p.keyword("TO")
	to := p.symbolicName("rule name")
	p.end()
	i, ok := b.lookup(start, name, ifExists, "RENAME", ev)
	if !ok {
		return
	}
	if _, taken := b.byName[to]; taken {
		b.add(FindABACDuplicateRule.Newf("Pick a name no rule has.", ev,
			"%s line %d: RENAME AUTH RULE %s TO %s: a rule named %s exists, so Neo4j refuses the statement.", b.name, start.line, name, to, to))
		return
	}
	delete(b.byName, name)
	b.rs.Rules[i].Name = to
	b.byName[to] = i
}

func (b *ruleBuilder) drop(p *exprParser, ev string) {
	start := p.next()
	p.keyword("AUTH", "RULE")
	name := p.symbolicName("rule name")
	ifExists := p.optional("IF", "EXISTS")
	p.end()
	if i, ok := b.lookup(start, name, ifExists, "DROP", ev); ok {
		b.dropRule(i)
	}
}

func (b *ruleBuilder) dropRule(i int) {
	if b.dropped == nil {
		b.dropped = map[int]bool{}
	}
	b.dropped[i] = true
	delete(b.byName, b.rs.Rules[i].Name)
	b.rs.Rules[i].Name = "\x00dropped"
}

func (b *ruleBuilder) grant(p *exprParser, ev string) {
	start := p.next()
	revoke := start.is("REVOKE")
	if !p.optional("ROLE") && !p.optional("ROLES") {
		p.fail(p.peek(), "expected ROLE after %s, found %s", strings.ToUpper(start.text), p.peek())
	}
	var roles []string
	for {
		roles = append(roles, p.symbolicName("role name"))
		if !p.peek().op(",") {
			break
		}
		p.next()
	}
	if revoke {
		p.keyword("FROM")
	} else {
		p.keyword("TO")
	}
	p.keyword("AUTH", "RULE")
	var rules []string
	for {
		rules = append(rules, p.symbolicName("rule name"))
		if !p.peek().op(",") {
			break
		}
		p.next()
	}
	p.end()
	for _, rule := range rules {
		i, ok := b.byName[rule]
		if !ok {
			if revoke {
				b.add(FindABACUnknownRule.Newf(fmt.Sprintf("Create auth rule %s first, or remove the REVOKE.", rule), ev,
					"%s line %d: REVOKE … FROM AUTH RULE %s names no existing rule, so Neo4j refuses the statement.", b.name, start.line, rule))
				continue
			}
			b.grants = append(b.grants, grantNote{rule: rule, line: start.line, ev: ev, role: strings.Join(roles, ", ")})
			continue
		}
		r := &b.rs.Rules[i]
		for _, role := range roles {
			if revoke {
				r.Roles = removeString(r.Roles, role)
				continue
			}
			if !slices.Contains(r.Roles, role) {
				r.Roles = append(r.Roles, role)
			}
		}
	}
}

// denyRoles notes the roles after the last TO of a DENY statement.
func (b *ruleBuilder) denyRoles(stmt []token) {
	last := -1
	for i, t := range stmt {
		if t.is("TO") {
			last = i
		}
	}
	if last < 0 {
		return
	}
	for _, t := range stmt[last+1:] {
		if (t.kind == tokIdent || t.kind == tokQuotedIdent) && !slices.Contains(b.rs.DenyRoles, t.text) {
			b.rs.DenyRoles = append(b.rs.DenyRoles, t.text)
		}
	}
}

// checkCondition reports what is certain about a condition without claims:
// temporal functions Neo4j refuses (then ok is false: Neo4j refuses the
// statement, with the consequence said, and nothing else is said of it),
// constructs SSO Lens does not evaluate (returned), and conditions that
// never read the token.
func (b *ruleBuilder) checkCondition(name string, cond *expr, ev string, line int, refused string) (unsupported []string, ok bool) {
	var clock []string // the functions that read the clock, once each
	readsToken := false
	cond.walk(func(e *expr) {
		switch e.kind {
		case eCall:
			lower := strings.ToLower(e.name)
			if lower == userAttributeFunc {
				readsToken = true
				return
			}
			if readsClock(e) && !slices.Contains(clock, e.name) {
				clock = append(clock, e.name)
			}
			if s := describeCall(e); !slices.Contains(unsupported, s) {
				unsupported = append(unsupported, s)
			}
		case eUnsupported:
			if !slices.Contains(unsupported, e.name) {
				unsupported = append(unsupported, e.name)
			}
		}
	})
	for _, fn := range clock {
		b.add(FindABACTemporal.Newf(fmt.Sprintf("Use %s.transaction() instead.", strings.SplitN(fn, ".", 2)[0]), ev,
			"%s line %d: the condition of auth rule %s calls %s() for the current time; rule conditions may use only the *.transaction() form of temporal functions (GQLSTATUS 42NAM), so Neo4j refuses the statement: %s.", b.name, line, name, fn, refused))
	}
	if len(clock) > 0 {
		return nil, false
	}
	if len(unsupported) > 0 {
		b.add(FindABACNotEvaluable.Newf("Check this rule on the server (SHOW CURRENT USER after a login); the prediction says unknown for it.", ev,
			"%s line %d: SSO Lens does not evaluate %s in the condition of auth rule %s, so it cannot predict whether the rule matches.", b.name, line, strings.Join(unsupported, ", "), name))
	}
	if !readsToken {
		b.add(FindABACNoUserAttribute.Newf("Read claims with abac.oidc.user_attribute('<claim>').", ev,
			"%s line %d: the condition of auth rule %s never calls abac.oidc.user_attribute, so it does not depend on the token.", b.name, line, name))
	}
	return unsupported, true
}

// readsClock reports whether a call is a temporal function reading the
// current time, which a rule condition may not (42NAM): date(),
// datetime() … with no argument or a map whose only key is timezone, and
// the .statement() and .realtime() forms; date('2030-01-01') builds a
// value and reads no clock, .transaction() is the start of the
// transaction the rule is evaluated at.
func readsClock(e *expr) bool {
	lower := strings.ToLower(e.name)
	if !isTemporal(lower) {
		return false
	}
	_, form, _ := strings.Cut(lower, ".")
	switch form {
	case "statement", "realtime":
		return true
	case "":
		return len(e.args) == 0 || len(e.args) == 1 && e.args[0].kind == eMap && len(e.args[0].keys) == 1 && strings.EqualFold(e.args[0].keys[0], "timezone")
	}
	return false
}

// finish compacts dropped rules and reports what the whole file shows.
func (b *ruleBuilder) finish() {
	kept := b.rs.Rules[:0]
	for i, r := range b.rs.Rules {
		if !b.dropped[i] {
			kept = append(kept, r)
		}
	}
	b.rs.Rules = kept
	for _, g := range b.grants {
		why := "no CREATE AUTH RULE in the file creates it"
		fix := fmt.Sprintf("Create it first: CREATE AUTH RULE %s SET CONDITION …, or correct the name.", g.rule)
		if line, ok := b.refused[g.rule]; ok && b.created[g.rule] == 0 {
			why = fmt.Sprintf("its CREATE on line %d is refused, as its condition reads the clock", line)
			fix = fmt.Sprintf("Fix the condition of auth rule %s (line %d) first.", g.rule, line)
		} else if line, ok := b.created[g.rule]; ok && line > g.line {
			why = fmt.Sprintf("it is created later, on line %d", line)
			fix = fmt.Sprintf("Move the GRANT after line %d.", line)
		} else if ok {
			why = "it was dropped or renamed before"
		}
		if near := b.similarRule(g.rule); near != "" {
			why += fmt.Sprintf("; did you mean %s? rule names are case-sensitive", near)
		}
		b.add(FindABACGrantUnknown.Newf(fix, g.ev,
			"%s line %d: GRANT ROLE %s TO AUTH RULE %s: the rule does not exist at that point (%s), so Neo4j refuses the statement and the role is not granted.", b.name, g.line, g.role, g.rule, why))
	}
	for _, r := range b.rs.Rules {
		ev := fmt.Sprintf("%s line %d: auth rule %s", b.name, r.Line, r.Name)
		if !r.Enabled {
			b.add(FindABACRuleDisabled.Newf(fmt.Sprintf("ALTER AUTH RULE %s SET ENABLED true, if it should apply.", quoteName(r.Name)), ev,
				"Auth rule %s is disabled: it grants nothing, whatever the token says.", r.Name))
		}
		if len(r.Roles) == 0 {
			b.add(FindABACRuleNoRoles.Newf(fmt.Sprintf("GRANT ROLE <role> TO AUTH RULE %s.", quoteName(r.Name)), ev,
				"No role is granted to auth rule %s: even when its condition holds, it adds no role.", r.Name))
		}
		for _, role := range r.Roles {
			if slices.Contains(b.rs.DenyRoles, role) {
				b.add(FindABACRoleHasDeny.Newf(fmt.Sprintf("Grant auth rule %s a role without DENY privileges.", quoteName(r.Name)), ev,
					"Role %s has DENY privileges in this file; Neo4j does not allow granting such a role to auth rule %s.", role, r.Name))
			}
		}
	}
}

func (b *ruleBuilder) similarRule(name string) string {
	if len(b.byName) > 100 {
		return ""
	}
	names := make([]string, 0, len(b.byName))
	for n := range b.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if n != name && (strings.EqualFold(n, name) || textdist.Levenshtein(n, name) <= 2) {
			return n
		}
	}
	return ""
}

// quoteName backtick-quotes a name that is not a plain identifier.
func quoteName(s string) string {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return "`" + strings.ReplaceAll(s, "`", "``") + "`"
		}
	}
	if s == "" {
		return "``"
	}
	return s
}

func removeString(list []string, s string) []string {
	out := list[:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}
