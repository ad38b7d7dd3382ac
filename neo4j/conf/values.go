package conf

import (
	"fmt"
	"strings"
	"unicode"
)

// The value parsers of org.neo4j.configuration.SettingValueParsers (spec
// §3.1, §3.2). Each returns the parsed value or Neo4j's own error message,
// which Neo4j wraps in "Error evaluating value for setting '<name>'. ".

// javaTrim is String.trim: it strips every character ≤ U+0020.
func javaTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

// javaSplit is String.split(sep) with limit 0: no match gives the whole
// string (even ""), otherwise trailing empty strings are dropped.
func javaSplit(s, sep string) []string {
	if !strings.Contains(s, sep) {
		return []string{s}
	}
	parts := strings.Split(s, sep)
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}

func parseString(v string) string { return javaTrim(v) }

func parseBool(v string) (bool, string) {
	switch strings.ToLower(javaTrim(v)) {
	case "true":
		return true, ""
	case "false":
		return false, ""
	}
	return false, fmt.Sprintf("'%s' is not a valid boolean value, must be 'true' or 'false'", v)
}

// authFlows is the enum of dbms.security.oidc.<p>.auth_flow, in Java's
// declaration order (it is printed in the error).
var authFlows = []string{"PKCE", "IMPLICIT"}

func parseEnum(v string, values []string) (string, string) {
	t := javaTrim(v)
	for _, e := range values {
		if strings.EqualFold(e, t) {
			return e, ""
		}
	}
	return "", fmt.Sprintf("'%s' not one of [%s]", v, strings.Join(values, ", "))
}

// parseList is listOf(STRING): split on commas, trim, drop empty elements.
func parseList(v string) []string {
	out := []string{}
	for _, p := range javaSplit(v, ",") {
		if t := javaTrim(p); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// parseURI is the URI parser: new java.net.URI(value), untrimmed, so a
// trailing space (kept by Properties.load) is fatal.
func parseURI(v string) (string, string) {
	if reason := uriSyntaxError(v); reason != "" {
		return "", fmt.Sprintf("'%s' is not a valid URI", v)
	}
	return v, ""
}

// uriSyntaxError approximates java.net.URI's RFC 2396 parser: it rejects
// what Java rejects in practice (spaces, control characters, "<>\"{}|\^`",
// bad % escapes, a second '#', a bad or empty scheme) and returns why.
func uriSyntaxError(s string) string {
	if s == "" {
		return ""
	}
	hashes := 0
	for i, r := range s {
		switch {
		case r == '#':
			hashes++
			if hashes > 1 {
				return "more than one '#'"
			}
		case r == '%':
			if i+2 >= len(s) || hexVal(rune(s[i+1])) < 0 || hexVal(rune(s[i+2])) < 0 {
				return "'%' not followed by two hex digits"
			}
		case r < 0x80 && (r <= ' ' || r == 0x7f || strings.ContainsRune("\"<>\\^`{|}", r)):
			return fmt.Sprintf("illegal character %q", r)
		case r >= 0x80 && (unicode.IsSpace(r) || unicode.IsControl(r)):
			return fmt.Sprintf("illegal character %q", r)
		}
	}
	// A scheme is the text before the first ':' if no '/', '?' or '#' comes first.
	end := strings.IndexAny(s, ":/?#")
	if end == 0 && s[0] == ':' {
		return "expected scheme name"
	}
	if end > 0 && s[end] == ':' {
		scheme := s[:end]
		for i, r := range scheme {
			alpha := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
			if !alpha && (i == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
				return "illegal character in scheme name"
			}
		}
		if end+1 == len(s) || s[end+1] == '#' {
			return "expected scheme-specific part"
		}
	}
	if strings.ContainsAny(s, "[]") {
		open, close := strings.IndexByte(s, '['), strings.IndexByte(s, ']')
		if open < 0 || close < open || !strings.Contains(s, "//[") {
			return "brackets outside an IPv6 host"
		}
	}
	return ""
}

// isCommand is Config.isCommand: "$(…)" values are commands.
func isCommand(v string) bool {
	t := javaTrim(v)
	return len(t) > 3 && t[0] == '$' && t[1] == '(' && t[len(t)-1] == ')'
}

// mapElem is one k=v of a map setting, as MapPattern.parse splits it.
type mapElem struct {
	Entry string // the text between ';'
	Key   string
	Value string
	HasEq bool
}

// mapResult is MapPattern.parse's outcome: the map, the elements in order and
// the first error Neo4j would throw (empty when it parses).
type mapResult struct {
	Map   map[string]string
	Elems []mapElem
	Err   string
	// ErrKind is "element", "accepted" or "required".
	ErrKind string
	ErrElem int // index of the element that failed, -1 for required keys
	Missing []string
}

// parseMap is MapPattern.parse: split(";") with Java's trailing-empty drop,
// split("=", 2) per element, no trimming, then the accepted and required key
// checks, in that order (spec §3.1).
func parseMap(v string, required, accepted []string) mapResult {
	res := mapResult{Map: map[string]string{}, ErrElem: -1}
	for i, entry := range javaSplit(v, ";") {
		k, val, ok := strings.Cut(entry, "=")
		res.Elems = append(res.Elems, mapElem{Entry: entry, Key: k, Value: val, HasEq: ok})
		if res.Err != "" {
			continue
		}
		if !ok {
			res.Err, res.ErrKind, res.ErrElem = fmt.Sprintf("'%s' map element does not follow k1=v1 format.", entry), "element", i
			continue
		}
		if accepted != nil && !contains(accepted, k) {
			res.Err, res.ErrKind, res.ErrElem = fmt.Sprintf("map element with key %s is not one of the accepted elements [%s]", k, strings.Join(accepted, ", ")), "accepted", i
			continue
		}
		res.Map[k] = val
	}
	if res.Err == "" && required != nil {
		for _, k := range required {
			if _, ok := res.Map[k]; !ok {
				res.Missing = append(res.Missing, k)
			}
		}
		if len(res.Missing) > 0 {
			res.Err, res.ErrKind = fmt.Sprintf("'%s' map does not contain all of the required keys: [%s].", v, strings.Join(required, ", ")), "required"
		}
	}
	return res
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
