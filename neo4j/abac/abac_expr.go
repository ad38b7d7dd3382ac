package abac

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// The boolean Cypher expressions of auth-rule conditions (spec §7): parsed
// in full Cypher precedence, evaluated only where Cypher's semantics are
// certain. Anything else evaluates to an *UnsupportedError, never a guess.

type exprKind int

const (
	eLit         exprKind = iota
	eList                 // args are the elements
	eMap                  // keys and args
	eCall                 // name, args
	eProp                 // args[0].name
	eIndex                // args[0][args[1]]
	eNot                  // NOT args[0]
	eLogic                // args[0] name args[1]: AND, OR, XOR
	eCompare              // chain: args[0] ops[0] args[1] ops[1] args[2] ...
	ePredicate            // args[0] name args[1]: STARTS WITH, ENDS WITH, CONTAINS, IN
	eIsNull               // args[0] IS NULL (name "IS NULL") or IS NOT NULL
	eUnsupported          // a construct that parses but is never evaluated; name describes it
)

type expr struct {
	kind exprKind
	name string
	val  any
	args []*expr
	keys []string
	ops  []string
	line int
}

// UnsupportedError is the evaluation of a construct SSO Lens does not
// evaluate. Its message starts with "can't evaluate: " and names the
// construct.
type UnsupportedError struct {
	Construct string
}

func (e *UnsupportedError) Error() string { return "can't evaluate: " + e.Construct }

func cantEvaluate(format string, args ...any) error {
	return &UnsupportedError{Construct: fmt.Sprintf(format, args...)}
}

// maxExprDepth bounds nesting so hostile input cannot exhaust the stack.
const maxExprDepth = 200

type parseError struct {
	line int
	msg  string
}

type exprParser struct {
	toks  []token
	i     int
	depth int
}

func (p *exprParser) peek() token {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	t := token{kind: tokEOF}
	if n := len(p.toks); n > 0 {
		t.line, t.pos, t.end = p.toks[n-1].line, p.toks[n-1].end, p.toks[n-1].end
	}
	return t
}

func (p *exprParser) peekAt(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return token{kind: tokEOF}
}

func (p *exprParser) next() token {
	t := p.peek()
	if p.i < len(p.toks) {
		p.i++
	}
	return t
}

func (p *exprParser) fail(t token, format string, args ...any) {
	panic(parseError{line: t.line, msg: fmt.Sprintf(format, args...)})
}

func (p *exprParser) expectOp(o string) token {
	t := p.next()
	if !t.op(o) {
		p.fail(t, "expected '%s', found %s", o, t)
	}
	return t
}

func (p *exprParser) enter() {
	p.depth++
	if p.depth > maxExprDepth {
		p.fail(p.peek(), "expression nested more than %d levels deep", maxExprDepth)
	}
}

func (p *exprParser) leave() { p.depth-- }

func (p *exprParser) parseExpr() *expr {
	p.enter()
	defer p.leave()
	return p.parseBinaryLogic(0)
}

var logicLevels = []string{"OR", "XOR", "AND"}

func (p *exprParser) parseBinaryLogic(level int) *expr {
	if level == len(logicLevels) {
		return p.parseNot()
	}
	l := p.parseBinaryLogic(level + 1)
	for p.peek().is(logicLevels[level]) {
		t := p.next()
		r := p.parseBinaryLogic(level + 1)
		l = &expr{kind: eLogic, name: logicLevels[level], args: []*expr{l, r}, line: t.line}
	}
	return l
}

func (p *exprParser) parseNot() *expr {
	if t := p.peek(); t.is("NOT") {
		p.next()
		p.enter()
		defer p.leave()
		return &expr{kind: eNot, args: []*expr{p.parseNot()}, line: t.line}
	}
	return p.parseComparison()
}

var comparisonOps = []string{"=", "<>", "!=", "<", ">", "<=", ">="}

func (p *exprParser) parseComparison() *expr {
	first := p.parsePredicate()
	e := &expr{kind: eCompare, args: []*expr{first}, line: p.peek().line}
	for {
		t := p.peek()
		if t.kind != tokOp || !slices.Contains(comparisonOps, t.text) {
			break
		}
		p.next()
		op := t.text
		if op == "!=" {
			op = "<>"
		}
		e.ops = append(e.ops, op)
		e.args = append(e.args, p.parsePredicate())
	}
	if len(e.ops) == 0 {
		return first
	}
	return e
}

func (p *exprParser) parsePredicate() *expr {
	l := p.parseAdditive()
	for {
		t := p.peek()
		switch {
		case t.is("STARTS") && p.peekAt(1).is("WITH"), t.is("ENDS") && p.peekAt(1).is("WITH"):
			p.next()
			p.next()
			l = &expr{kind: ePredicate, name: strings.ToUpper(t.text) + " WITH", args: []*expr{l, p.parseAdditive()}, line: t.line}
		case t.is("CONTAINS"), t.is("IN"):
			p.next()
			l = &expr{kind: ePredicate, name: strings.ToUpper(t.text), args: []*expr{l, p.parseAdditive()}, line: t.line}
		case t.op("=~"):
			p.next()
			r := p.parseAdditive()
			l = &expr{kind: eUnsupported, name: "regular expression match =~", args: []*expr{l, r}, line: t.line}
		case t.is("IS"):
			p.next()
			not := false
			if p.peek().is("NOT") {
				p.next()
				not = true
			}
			if !p.peek().is("NULL") {
				p.fail(p.peek(), "SSO Lens parses IS [NOT] NULL only, found IS %s", p.peek())
			}
			p.next()
			name := "IS NULL"
			if not {
				name = "IS NOT NULL"
			}
			l = &expr{kind: eIsNull, name: name, args: []*expr{l}, line: t.line}
		default:
			return l
		}
	}
}

func (p *exprParser) parseAdditive() *expr {
	l := p.parseMultiplicative()
	for t := p.peek(); t.op("+") || t.op("-"); t = p.peek() {
		p.next()
		l = &expr{kind: eUnsupported, name: "arithmetic operator " + t.text, args: []*expr{l, p.parseMultiplicative()}, line: t.line}
	}
	return l
}

func (p *exprParser) parseMultiplicative() *expr {
	l := p.parseUnary()
	for t := p.peek(); t.op("*") || t.op("/") || t.op("%") || t.op("^"); t = p.peek() {
		p.next()
		l = &expr{kind: eUnsupported, name: "arithmetic operator " + t.text, args: []*expr{l, p.parseUnary()}, line: t.line}
	}
	return l
}

func (p *exprParser) parseUnary() *expr {
	t := p.peek()
	if t.op("-") || t.op("+") {
		p.next()
		p.enter()
		defer p.leave()
		x := p.parseUnary()
		if x.kind == eLit {
			switch v := x.val.(type) {
			case int64:
				if t.text == "-" {
					v = -v
				}
				return &expr{kind: eLit, val: v, line: t.line}
			case float64:
				if t.text == "-" {
					v = -v
				}
				return &expr{kind: eLit, val: v, line: t.line}
			}
		}
		return &expr{kind: eUnsupported, name: "unary " + t.text, args: []*expr{x}, line: t.line}
	}
	return p.parsePostfix(p.parseAtom())
}

func (p *exprParser) parsePostfix(e *expr) *expr {
	for {
		t := p.peek()
		switch {
		case t.op(".") && (p.peekAt(1).kind == tokIdent || p.peekAt(1).kind == tokQuotedIdent):
			p.next()
			k := p.next()
			e = &expr{kind: eProp, name: k.text, args: []*expr{e}, line: k.line}
		case t.op("["):
			p.next()
			p.enter()
			if p.peek().op("..") {
				p.next()
				var hi *expr
				if !p.peek().op("]") {
					hi = p.parseExpr()
				}
				p.expectOp("]")
				e = &expr{kind: eUnsupported, name: "list slice [..]", args: nonNil(e, hi), line: t.line}
			} else {
				idx := p.parseExpr()
				if p.peek().op("..") {
					p.next()
					var hi *expr
					if !p.peek().op("]") {
						hi = p.parseExpr()
					}
					p.expectOp("]")
					e = &expr{kind: eUnsupported, name: "list slice [..]", args: nonNil(e, idx, hi), line: t.line}
				} else {
					p.expectOp("]")
					e = &expr{kind: eIndex, args: []*expr{e, idx}, line: t.line}
				}
			}
			p.leave()
		default:
			return e
		}
	}
}

func nonNil(es ...*expr) []*expr {
	var out []*expr
	for _, e := range es {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

func (p *exprParser) parseAtom() *expr {
	p.enter()
	defer p.leave()
	t := p.next()
	switch t.kind {
	case tokNumber:
		v, err := parseCypherNumber(t.text)
		if err != "" {
			p.fail(t, "%s", err)
		}
		return &expr{kind: eLit, val: v, line: t.line}
	case tokString:
		return &expr{kind: eLit, val: t.text, line: t.line}
	case tokParam:
		return &expr{kind: eUnsupported, name: "parameter $" + t.text, line: t.line}
	case tokErr:
		p.fail(t, "%s", t.text)
	case tokOp:
		switch t.text {
		case "(":
			e := p.parseExpr()
			p.expectOp(")")
			return e
		case "[":
			return p.parseListOrComprehension(t)
		case "{":
			return p.parseMap(t)
		}
	case tokIdent, tokQuotedIdent:
		if t.kind == tokIdent {
			switch strings.ToUpper(t.text) {
			case "TRUE":
				return &expr{kind: eLit, val: true, line: t.line}
			case "FALSE":
				return &expr{kind: eLit, val: false, line: t.line}
			case "NULL":
				return &expr{kind: eLit, val: nil, line: t.line}
			case "CASE":
				p.skipCase(t)
				return &expr{kind: eUnsupported, name: "CASE expression", line: t.line}
			case "EXISTS", "COUNT", "COLLECT":
				if p.peek().op("{") {
					p.skipBalanced("{", "}")
					return &expr{kind: eUnsupported, name: strings.ToUpper(t.text) + " subquery", line: t.line}
				}
			}
		}
		parts := []string{t.text}
		for p.peek().op(".") && (p.peekAt(1).kind == tokIdent || p.peekAt(1).kind == tokQuotedIdent) && p.callAhead() {
			p.next()
			parts = append(parts, p.next().text)
		}
		if p.peek().op("(") {
			return p.parseCall(t, strings.Join(parts, "."))
		}
		return &expr{kind: eUnsupported, name: "variable " + t.text + " (auth rule conditions have no variables)", line: t.line}
	}
	p.fail(t, "unexpected %s in the condition", t)
	return nil
}

// callAhead reports whether the dotted name starting at the current '.'
// continues into a function call (abac.oidc.user_attribute(...)) rather
// than property access on a variable.
func (p *exprParser) callAhead() bool {
	for k := 0; ; k += 2 {
		dot, name := p.peekAt(k), p.peekAt(k+1)
		if !dot.op(".") || (name.kind != tokIdent && name.kind != tokQuotedIdent) {
			return p.peekAt(k).op("(")
		}
	}
}

func (p *exprParser) parseCall(t token, name string) *expr {
	p.expectOp("(")
	e := &expr{kind: eCall, name: name, line: t.line}
	if p.peek().is("DISTINCT") {
		p.next()
	}
	if p.peek().op("*") && p.peekAt(1).op(")") {
		p.next()
		p.next()
		e.args = []*expr{{kind: eUnsupported, name: "*", line: t.line}}
		return e
	}
	e.args = p.parseList(")")
	return e
}

// parseList reads comma-separated expressions up to and including close.
func (p *exprParser) parseList(close string) []*expr {
	var out []*expr
	if p.peek().op(close) {
		p.next()
		return out
	}
	for {
		out = append(out, p.parseExpr())
		if p.peek().op(",") {
			p.next()
			continue
		}
		p.expectOp(close)
		return out
	}
}

func (p *exprParser) parseListOrComprehension(open token) *expr {
	// [x IN list WHERE … | …] and [(a)-->(b) | …] are comprehensions.
	if (p.peek().kind == tokIdent || p.peek().kind == tokQuotedIdent) && p.peekAt(1).is("IN") {
		p.i--
		p.skipBalanced("[", "]")
		return &expr{kind: eUnsupported, name: "list comprehension", line: open.line}
	}
	if p.peek().op("(") && p.patternAhead() {
		p.i--
		p.skipBalanced("[", "]")
		return &expr{kind: eUnsupported, name: "pattern comprehension", line: open.line}
	}
	return &expr{kind: eList, line: open.line, args: p.parseList("]")}
}

// patternAhead reports whether the parenthesised group at the current token
// is followed by a relationship arrow.
func (p *exprParser) patternAhead() bool {
	depth := 0
	for k := 0; p.i+k < len(p.toks); k++ {
		t := p.toks[p.i+k]
		switch {
		case t.op("("):
			depth++
		case t.op(")"):
			depth--
			if depth == 0 {
				n := p.peekAt(k + 1)
				return n.op("-") || n.op("<-") || n.op("->") || n.op("<")
			}
		}
	}
	return false
}

func (p *exprParser) parseMap(open token) *expr {
	e := &expr{kind: eMap, line: open.line}
	if p.peek().op("}") {
		p.next()
		return e
	}
	for {
		k := p.next()
		if k.kind != tokIdent && k.kind != tokQuotedIdent {
			p.fail(k, "expected a map key, found %s", k)
		}
		p.expectOp(":")
		e.keys = append(e.keys, k.text)
		e.args = append(e.args, p.parseExpr())
		if p.peek().op(",") {
			p.next()
			continue
		}
		p.expectOp("}")
		return e
	}
}

// skipBalanced consumes tokens from the current open bracket to its match.
func (p *exprParser) skipBalanced(open, close string) {
	start := p.peek()
	depth := 0
	for {
		t := p.next()
		switch {
		case t.kind == tokEOF:
			p.fail(start, "unbalanced '%s'", open)
		case t.kind == tokErr:
			p.fail(t, "%s", t.text)
		case t.op(open):
			depth++
		case t.op(close):
			depth--
			if depth == 0 {
				return
			}
		}
	}
}

// skipCase consumes a CASE expression up to its END.
func (p *exprParser) skipCase(start token) {
	depth := 1
	for {
		t := p.next()
		switch {
		case t.kind == tokEOF:
			p.fail(start, "CASE without END")
		case t.kind == tokErr:
			p.fail(t, "%s", t.text)
		case t.is("CASE"):
			depth++
		case t.is("END"):
			depth--
			if depth == 0 {
				return
			}
		}
	}
}

// parseCypherNumber reads an integer (decimal, 0x hex, 0o octal) or a float.
func parseCypherNumber(s string) (any, string) {
	t := strings.ReplaceAll(s, "_", "")
	lower := strings.ToLower(t)
	switch {
	case strings.HasPrefix(lower, "0x"):
		v, err := strconv.ParseInt(t[2:], 16, 64)
		if err != nil {
			return nil, fmt.Sprintf("invalid hexadecimal integer %s", s)
		}
		return v, ""
	case strings.HasPrefix(lower, "0o"):
		v, err := strconv.ParseInt(t[2:], 8, 64)
		if err != nil {
			return nil, fmt.Sprintf("invalid octal integer %s", s)
		}
		return v, ""
	case strings.ContainsAny(lower, ".e"):
		v, err := strconv.ParseFloat(t, 64)
		if err != nil || strings.ContainsAny(lower, "xabcdfghijklmnopqrstuvwyz") {
			return nil, fmt.Sprintf("invalid number %s", s)
		}
		return v, ""
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return nil, fmt.Sprintf("integer %s is too large", s)
		}
		return nil, fmt.Sprintf("invalid number %s", s)
	}
	return v, ""
}

// Function names of the rule language.
const userAttributeFunc = "abac.oidc.user_attribute"

var temporalFuncs = []string{"date", "datetime", "time", "localtime", "localdatetime"}

// describeCall names a function call the evaluator does not evaluate. A
// temporal function reads the clock in its .transaction() form (or with
// no argument, which Neo4j refuses); with an argument (date('2030-01-01'))
// it builds a value from it and reads no clock (readsClock).
func describeCall(e *expr) string {
	name := e.name
	lower := strings.ToLower(name)
	switch {
	case lower == "abac.native.user_tags":
		return "abac.native.user_tags() (native user tags, Neo4j 2026.06+, come from the DBMS, not from the token)"
	case isTemporal(lower) && (strings.HasSuffix(lower, ".transaction") || readsClock(e)):
		return "temporal function " + name + "() (its value depends on the clock at transaction start)"
	case isTemporal(lower):
		return "temporal function " + name + "() with an argument (it reads no clock, but SSO Lens does not compute temporal values)"
	}
	return "function " + name + "()"
}

// isTemporal reports whether a lower-case function name is a temporal
// constructor: date(), datetime.transaction() ...
func isTemporal(lower string) bool {
	base, _, _ := strings.Cut(lower, ".")
	return slices.Contains(temporalFuncs, base)
}

// eval evaluates e over the claims: nil, bool, string, int64, float64,
// []any or map[string]any.
func (e *expr) eval(claims map[string]any) (any, error) {
	switch e.kind {
	case eLit:
		return e.val, nil
	case eList:
		out := make([]any, len(e.args))
		for i, a := range e.args {
			v, err := a.eval(claims)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case eMap:
		out := make(map[string]any, len(e.args))
		for i, a := range e.args {
			v, err := a.eval(claims)
			if err != nil {
				return nil, err
			}
			out[e.keys[i]] = v
		}
		return out, nil
	case eCall:
		return e.evalCall(claims)
	case eProp:
		base, err := e.args[0].eval(claims)
		if err != nil {
			return nil, err
		}
		switch b := base.(type) {
		case nil:
			return nil, nil
		case map[string]any:
			return b[e.name], nil
		}
		return nil, cantEvaluate("property .%s of a %s (Neo4j raises a type error)", e.name, cypherType(base))
	case eIndex:
		return e.evalIndex(claims)
	case eNot:
		v, err := e.args[0].eval(claims)
		if err != nil {
			return nil, err
		}
		switch b := v.(type) {
		case nil:
			return nil, nil
		case bool:
			return !b, nil
		}
		return nil, cantEvaluate("NOT of a %s (Neo4j raises a type error)", cypherType(v))
	case eLogic:
		return e.evalLogic(claims)
	case eCompare:
		return e.evalCompare(claims)
	case ePredicate:
		return e.evalPredicate(claims)
	case eIsNull:
		v, err := e.args[0].eval(claims)
		if err != nil {
			return nil, err
		}
		return (v == nil) == (e.name == "IS NULL"), nil
	}
	return nil, cantEvaluate("%s", e.name)
}

func (e *expr) evalCall(claims map[string]any) (any, error) {
	if !strings.EqualFold(e.name, userAttributeFunc) {
		return nil, cantEvaluate("%s", describeCall(e))
	}
	if len(e.args) != 1 {
		return nil, cantEvaluate("%s() with %d arguments (it takes the claim name)", e.name, len(e.args))
	}
	arg, err := e.args[0].eval(claims)
	if err != nil {
		return nil, err
	}
	name, ok := arg.(string)
	if !ok {
		return nil, cantEvaluate("%s() of a %s (it takes the claim name as a string)", e.name, cypherType(arg))
	}
	v, ok := claims[name]
	if !ok {
		return nil, nil // an absent claim is null (OPS-ABAC)
	}
	return normalizeClaim(v)
}

func (e *expr) evalIndex(claims map[string]any) (any, error) {
	base, err := e.args[0].eval(claims)
	if err != nil {
		return nil, err
	}
	idx, err := e.args[1].eval(claims)
	if err != nil {
		return nil, err
	}
	if base == nil || idx == nil {
		return nil, nil
	}
	switch b := base.(type) {
	case []any:
		if i, ok := idx.(int64); ok {
			if i < 0 {
				i += int64(len(b))
			}
			if i < 0 || i >= int64(len(b)) {
				return nil, nil
			}
			return b[i], nil
		}
	case map[string]any:
		if k, ok := idx.(string); ok {
			return b[k], nil
		}
	}
	return nil, cantEvaluate("index [%s] into a %s (Neo4j raises a type error)", cypherType(idx), cypherType(base))
}

// evalLogic is Cypher's three-valued AND, OR and XOR. Both sides are
// evaluated: an operand that cannot be evaluated makes the result unknown
// even where the other operand would decide it, as Neo4j's evaluation order
// is not documented.
func (e *expr) evalLogic(claims map[string]any) (any, error) {
	var vals [2]any
	for i, a := range e.args {
		v, err := a.eval(claims)
		if err != nil {
			return nil, err
		}
		if _, ok := v.(bool); !ok && v != nil {
			return nil, cantEvaluate("%s of a %s (Neo4j raises a type error)", e.name, cypherType(v))
		}
		vals[i] = v
	}
	l, r := vals[0], vals[1]
	lb, lok := l.(bool)
	rb, rok := r.(bool)
	switch e.name {
	case "AND":
		if lok && !lb || rok && !rb {
			return false, nil
		}
		if !lok || !rok {
			return nil, nil
		}
		return true, nil
	case "OR":
		if lok && lb || rok && rb {
			return true, nil
		}
		if !lok || !rok {
			return nil, nil
		}
		return false, nil
	default: // XOR
		if !lok || !rok {
			return nil, nil
		}
		return lb != rb, nil
	}
}

// evalCompare evaluates a comparison chain a < b <= c as (a < b) AND (b <= c).
func (e *expr) evalCompare(claims map[string]any) (any, error) {
	vals := make([]any, len(e.args))
	for i, a := range e.args {
		v, err := a.eval(claims)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	var result any = true
	for i, op := range e.ops {
		var r any
		var err error
		switch op {
		case "=":
			r = cypherEqual(vals[i], vals[i+1])
		case "<>":
			r = cypherEqual(vals[i], vals[i+1])
			if b, ok := r.(bool); ok {
				r = !b
			}
		default:
			r, err = cypherOrder(op, vals[i], vals[i+1])
			if err != nil {
				return nil, err
			}
		}
		switch {
		case r == false:
			return false, nil
		case r == nil:
			result = nil
		}
	}
	return result, nil
}

func (e *expr) evalPredicate(claims map[string]any) (any, error) {
	l, err := e.args[0].eval(claims)
	if err != nil {
		return nil, err
	}
	r, err := e.args[1].eval(claims)
	if err != nil {
		return nil, err
	}
	if e.name == "IN" {
		if r == nil {
			return nil, nil
		}
		list, ok := r.([]any)
		if !ok {
			return nil, cantEvaluate("IN over a %s, not a list (Neo4j raises a type error; a claim holding one string is not a list)", cypherType(r))
		}
		sawNull := false
		for _, el := range list {
			switch cypherEqual(l, el) {
			case true:
				return true, nil
			case nil:
				sawNull = true
			}
		}
		if sawNull {
			return nil, nil
		}
		return false, nil
	}
	ls, lok := l.(string)
	rs, rok := r.(string)
	if !lok || !rok {
		return nil, nil // null, or not strings: Cypher gives null
	}
	switch e.name {
	case "STARTS WITH":
		return strings.HasPrefix(ls, rs), nil
	case "ENDS WITH":
		return strings.HasSuffix(ls, rs), nil
	default:
		return strings.Contains(ls, rs), nil
	}
}

// cypherEqual is Cypher's = : null when either side is null (or, for lists
// and maps, when the answer depends on a null inside), false across types.
func cypherEqual(a, b any) any {
	if a == nil || b == nil {
		return nil
	}
	switch x := a.(type) {
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case int64, float64:
		switch b.(type) {
		case int64, float64:
			return numCompare(a, b) == 0
		}
		return false
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		sawNull := false
		for i := range x {
			switch cypherEqual(x[i], y[i]) {
			case false:
				return false
			case nil:
				sawNull = true
			}
		}
		if sawNull {
			return nil
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		sawNull := false
		for k, xv := range x {
			yv, ok := y[k]
			if !ok {
				return false
			}
			switch cypherEqual(xv, yv) {
			case false:
				return false
			case nil:
				sawNull = true
			}
		}
		if sawNull {
			return nil
		}
		return true
	}
	return false
}

// numCompare compares two numbers: -1, 0, 1, or 2 when either is NaN.
func numCompare(a, b any) int {
	ai, aInt := a.(int64)
	bi, bInt := b.(int64)
	if aInt && bInt {
		switch {
		case ai < bi:
			return -1
		case ai > bi:
			return 1
		}
		return 0
	}
	af, bf := toFloat(a), toFloat(b)
	switch {
	case math.IsNaN(af) || math.IsNaN(bf):
		return 2
	case af < bf:
		return -1
	case af > bf:
		return 1
	}
	return 0
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return math.NaN()
}

// cypherOrder is <, >, <= and >= on numbers, strings (by UTF-16 code unit,
// as Java compares them) and booleans; null across types or with null.
func cypherOrder(op string, a, b any) (any, error) {
	if a == nil || b == nil {
		return nil, nil
	}
	var c int
	switch x := a.(type) {
	case int64, float64:
		switch b.(type) {
		case int64, float64:
			c = numCompare(a, b)
			if c == 2 {
				return false, nil
			}
		default:
			return nil, nil
		}
	case string:
		y, ok := b.(string)
		if !ok {
			return nil, nil
		}
		c = compareUTF16(x, y)
	case bool:
		y, ok := b.(bool)
		if !ok {
			return nil, nil
		}
		switch {
		case x == y:
			c = 0
		case !x:
			c = -1
		default:
			c = 1
		}
	default:
		return nil, cantEvaluate("ordering comparison %s of %ss", op, cypherType(a))
	}
	switch op {
	case "<":
		return c < 0, nil
	case ">":
		return c > 0, nil
	case "<=":
		return c <= 0, nil
	}
	return c >= 0, nil
}

func compareUTF16(a, b string) int {
	x, y := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] != y[i] {
			if x[i] < y[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(x) < len(y):
		return -1
	case len(x) > len(y):
		return 1
	}
	return 0
}

// normalizeClaim turns a decoded JSON claim into the evaluator's values:
// json.Number becomes int64 when it is an integer, float64 otherwise.
func normalizeClaim(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, string, int64:
		return x, nil
	case float64:
		return x, nil
	case int:
		return int64(x), nil
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i, nil
		}
		f, err := x.Float64()
		if err != nil {
			return nil, cantEvaluate("the number %s (out of range)", x)
		}
		return f, nil
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, el := range x {
			n, err := normalizeClaim(el)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, el := range x {
			n, err := normalizeClaim(el)
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	}
	return nil, cantEvaluate("a claim of Go type %T", v)
}

// cypherType names a value's type for messages.
func cypherType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case []any:
		return "list"
	case map[string]any:
		return "map"
	}
	return fmt.Sprintf("%T", v)
}

// walk visits e and its sub-expressions.
func (e *expr) walk(visit func(*expr)) {
	if e == nil {
		return
	}
	visit(e)
	for _, a := range e.args {
		a.walk(visit)
	}
}
