package conf

import (
	"fmt"
	"strings"

	"github.com/ssolens/ssolens/internal/lazyre"
)

// helmConfig finds the config: block of a Neo4j Helm chart's values.yaml
// (neo4j/helm-charts): the lines [start, end) under a top-level config:
// whose keys are settings. ok is false when there is none.
func helmConfig(lines []string) (start, end int, ok bool) {
	for i, l := range lines {
		if !strings.HasPrefix(l, "config") {
			continue // the usual line: no regexp for it
		}
		m := yamlKey().FindStringSubmatch(l)
		if m == nil || m[1] != "" || m[2] != "config" || stripYAMLComment(m[3]) != "" {
			continue
		}
		end = i + 1
		settings := false
		for end < len(lines) {
			n := lines[end]
			t := strings.TrimSpace(n)
			if t != "" && !strings.HasPrefix(t, "#") && indentOf(n) == 0 {
				break
			}
			if k, _, found := cutYAMLKey(t); found && strings.Contains(k, ".") {
				settings = true
			}
			end++
		}
		if settings {
			return i + 1, end, true
		}
	}
	return 0, 0, false
}

// readHelmConfig reads the config: block's settings as the chart hands
// them to Neo4j: each key a setting, its YAML value the setting's value.
func readHelmConfig(c *Conf, lines []string, start, end int) {
	c.Form = "Helm values (config:)"
	c.ExpandsCommands = true // the chart's EXTENDED_CONF=yes
	indent := -1             // the keys' indent: deeper lines belong to a key's value
	for i := start; i < end; i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		in := indentOf(l)
		if indent < 0 {
			indent = in
		}
		if in > indent {
			continue // inside a value that spans lines: said at its key
		}
		evidence := fmt.Sprintf("%s line %d: %s", c.Name, i+1, ClipText(t, 160))
		k, v, ok := cutYAMLKey(t)
		if !ok || k == "" {
			c.add(FindEnvMalformed.Newf("Write setting: value.", evidence,
				"Line %d of the config: block is not setting: value, so it sets nothing.", i+1))
			continue
		}
		v = stripYAMLComment(v) // a quoted value keeps what follows it: yamlScalar reads it
		if e, ok := readBlockScalar(v, lines, i, end, in); ok {
			// A block scalar is a string, handed to Neo4j as the setting's
			// content like any other value.
			e.Key, e.Line = k, i+1
			c.Entries = append(c.Entries, e)
			i = e.EndLine - 1
			continue
		}
		if strings.HasPrefix(v, "|") || strings.HasPrefix(v, ">") || (v == "" && deeper(lines, i+1, end, in)) {
			c.add(FindEnvMalformed.Newf("Write the value on the key's line: setting: \"value\".", evidence,
				"%s has its value on the lines below it, which SSO Lens does not read; the setting is read as not set.", ClipText(k, MaxQuotedRunes)))
			continue
		}
		if kind := yamlNonString(v); kind != "" {
			// The chart's template: "config values must be strings".
			c.add(FindHelmValueNotString.Newf(fmt.Sprintf("Put the value in double quotes: %s: \"%s\".", ClipText(k, MaxQuotedRunes), ClipText(v, MaxQuotedRunes)), evidence,
				"helm install fails: YAML reads %s's value %s as a %s, and the Neo4j chart takes strings only (\"config values must be strings\").", ClipText(k, MaxQuotedRunes), quotedValue(k, v), kind))
		}
		// The chart hands each key to Neo4j as a file of its own in the
		// configuration directory (/config/neo4j.conf/<setting>), the value
		// its content: no neo4j.conf line, so no Properties escapes.
		c.Entries = append(c.Entries, Entry{Key: k, Value: yamlScalar(v), Line: i + 1, EndLine: i + 1, Raw: t})
	}
}

// readBlockScalar reads the YAML block scalar whose header (| or >, then
// an optional chomping indicator - or + and indentation digit, in either
// order) ends line i, a key at indent keyIndent, as YAML 1.1 reads it:
// the content is the lines below indented deeper than the key (the first
// such line sets the indentation, unless a digit does); | keeps their
// line breaks, > folds a break between two lines of text into a space
// (empty lines stay line breaks, lines indented further are not folded);
// clip keeps one final line break, - none, + all. ok is false for a
// header that is not a block scalar's. The entry has no key and no
// line: the caller's.
func readBlockScalar(header string, lines []string, i, end, keyIndent int) (Entry, bool) {
	if header == "" || (header[0] != '|' && header[0] != '>') {
		return Entry{}, false
	}
	literal, chomp, digit := header[0] == '|', byte(0), 0
	for _, ch := range []byte(header[1:]) {
		switch {
		case (ch == '-' || ch == '+') && chomp == 0:
			chomp = ch
		case ch >= '1' && ch <= '9' && digit == 0:
			digit = int(ch - '0')
		default:
			return Entry{}, false
		}
	}
	indent := keyIndent + digit
	if digit == 0 {
		indent = -1 // the first line with text sets it
	}
	var body []string // the content lines, indentation removed; "" for an empty line
	raw := []string{lines[i]}
	j := i + 1
	for ; j < end; j++ {
		l := strings.TrimRight(lines[j], "\r")
		in := len(l) - len(strings.TrimLeft(l, " "))
		if strings.TrimSpace(l) == "" {
			body = append(body, "")
			raw = append(raw, l)
			continue
		}
		if indent < 0 {
			if in <= keyIndent {
				break
			}
			indent = in
		}
		if in < indent {
			break
		}
		body = append(body, l[indent:])
		raw = append(raw, l)
	}
	// Trailing empty lines are the chomping's, and not the entry's lines.
	trailing := 0
	for len(body) > 0 && body[len(body)-1] == "" {
		body, raw, trailing = body[:len(body)-1], raw[:len(raw)-1], trailing+1
	}
	e := Entry{EndLine: i + len(raw), Raw: strings.Join(raw, "\n")}
	var b strings.Builder
	started, empties, prevMore := false, 0, false
	for k, l := range body {
		if l == "" {
			empties++
			continue
		}
		more := l[0] == ' ' || l[0] == '\t'
		switch {
		case !started || literal || prevMore || more:
			if started {
				b.WriteByte('\n')
			}
			b.WriteString(strings.Repeat("\n", empties))
		case empties == 0:
			b.WriteByte(' ')
		default:
			b.WriteString(strings.Repeat("\n", empties))
		}
		e.breaks = append(e.breaks, lineBreak{offset: b.Len(), line: i + 2 + k})
		b.WriteString(l)
		started, empties, prevMore = true, 0, more
	}
	switch {
	case chomp == '-':
	case chomp == '+':
		if started {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat("\n", trailing))
	case started:
		b.WriteByte('\n')
	}
	e.Value = b.String()
	return e, true
}

// deeper reports whether the next line in [i, end) with text is indented
// deeper than in: the value of the key before it.
func deeper(lines []string, i, end, in int) bool {
	for ; i < end; i++ {
		if t := strings.TrimSpace(lines[i]); t != "" && !strings.HasPrefix(t, "#") {
			return indentOf(lines[i]) > in
		}
	}
	return false
}

// yamlNonString is what YAML 1.1 (Helm's reader) makes of a plain scalar
// that is not a string: "null", "boolean" or "number"; "" for a string.
func yamlNonString(v string) string {
	switch {
	case v == "" || v == "~" || v == "null" || v == "Null" || v == "NULL":
		return "null"
	case v[0] == '"' || v[0] == '\'':
		return ""
	}
	switch strings.ToLower(v) {
	case "y", "yes", "n", "no", "true", "false", "on", "off":
		if v == strings.ToLower(v) || v == strings.ToUpper(v) || v == strings.ToUpper(v[:1])+strings.ToLower(v[1:]) {
			return "boolean"
		}
	case ".inf", "+.inf", "-.inf", ".nan":
		return "number"
	}
	if yamlNumber().MatchString(v) {
		return "number"
	}
	return ""
}

var yamlNumber = lazyre.New(`^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9_]+([eE][-+]?[0-9]+)?)$`)

// indentOf is how many spaces and tabs a YAML line starts with.
func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " \t")) }

// cutYAMLKey cuts "key: value" at the colon that ends the key; a quoted
// key ("dbms.security.oidc.x.params": …) may hold colons of its own.
func cutYAMLKey(t string) (key, value string, ok bool) {
	if t != "" && (t[0] == '"' || t[0] == '\'') {
		if j := strings.IndexByte(t[1:], t[0]); j >= 0 {
			rest := strings.TrimLeft(t[j+2:], " \t")
			if v, found := strings.CutPrefix(rest, ":"); found {
				return unquoteYAML(t[:j+2]), v, true
			}
		}
		return "", "", false
	}
	key, value, ok = strings.Cut(t, ":")
	return strings.TrimSpace(key), value, ok
}
