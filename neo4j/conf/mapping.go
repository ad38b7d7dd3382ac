package conf

import (
	"fmt"
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/lazyre"
)

// BuiltinRoles are the roles every Neo4j DBMS has (role names are
// case-sensitive).
var BuiltinRoles = []string{"admin", "architect", "publisher", "editor", "reader", "PUBLIC"}

// Mapping is a parsed authorization.group_to_role_mapping: every entry in
// order, including those a later entry for the same group overrides.
type Mapping struct {
	Entries []MappingEntry `json:"entries"`
}

// MappingEntry is one group=roles pair.
type MappingEntry struct {
	Group string   `json:"group"`
	Roles []string `json:"roles"` // as Neo4j keeps them: not trimmed
	// Line is the neo4j.conf line the entry is written on (0 when the value
	// was parsed on its own); Offset is its byte offset in the value.
	Line   int    `json:"line,omitempty"`
	Offset int    `json:"offset"`
	Text   string `json:"text"`
	// Overridden is set when a later entry maps the same group.
	Overridden bool `json:"overridden,omitempty"`
}

// RolesFor returns the roles a group gets and the entry that grants them
// (the last one for that group), or nil when the group is not mapped.
func (m *Mapping) RolesFor(group string) ([]string, *MappingEntry) {
	for i := len(m.Entries) - 1; i >= 0; i-- {
		if m.Entries[i].Group == group {
			return m.Entries[i].Roles, &m.Entries[i]
		}
	}
	return nil, nil
}

// Java's \s, \S and '.' (which excludes every line terminator), so that the
// LDAP realm's pattern matches exactly as in Java.
const (
	jWS  = `[ \t\n\x0B\f\r]`
	jNWS = `[^ \t\n\x0B\f\r]`
	jDot = `[^\n\r\x{85}\x{2028}\x{2029}]`
)

// mappingPattern is LdapRealm's keyValuePattern
// \s*('(.+)'|"(.+)"|(\S)|(\S.*\S))\s*=\s*(.*), used with find(). Go's
// leftmost-first matching picks the same match as Java's backtracking, so
// quoted keys may hold '=', and for unquoted keys of two or more characters
// the last '=' separates (a one-character key is matched by (\S) first and
// ends at the first '=').
var mappingPattern = lazyre.New(jWS + `*('(` + jDot + `+)'|"(` + jDot + `+)"|(` + jNWS + `)|(` + jNWS + jDot + `*` + jNWS + `))` + jWS + `*=` + jWS + `*(` + jDot + `*)`)

// ParseGroupToRoleMapping parses a group_to_role_mapping value the way the
// open-source LDAP realm parses the identically documented LDAP setting
// (spec §3.3; that OIDC does the same is inferred). customRoles are roles
// created with CREATE ROLE; other roles that are not built-in are warned.
func ParseGroupToRoleMapping(value string, customRoles ...string) (Mapping, []inspector.Finding) {
	return parseMapping(value, nil, "", "group_to_role_mapping", customRoles)
}

// parseMapping parses a mapping value; lineAt maps value offsets to conf
// lines and file names the conf in evidence.
func parseMapping(value string, lineAt func(int) int, file, setting string, custom []string) (Mapping, []inspector.Finding) {
	var m Mapping
	var fs []inspector.Finding
	where := func(off int, text string) string {
		if lineAt != nil {
			return fmt.Sprintf("%s line %d: %s", file, lineAt(off), ClipText(text, 160))
		}
		return ClipText(text, 160)
	}
	lineOf := func(off int) int {
		if lineAt == nil {
			return 0
		}
		return lineAt(off)
	}
	// At most MaxFindingsPerCode findings of one code are made; the rest
	// are counted (a 10 MB mapping of broken entries costs a count each).
	var caps FindingCap
	add := func(def *inspector.Def, mk func() inspector.Finding) {
		if caps.Full(def.Code) {
			caps.Skip(def.Code)
			return
		}
		fs = caps.Add(fs, mk())
	}
	byGroup := map[string]int{} // the index of each group's latest entry
	off := 0
	for _, seg := range javaSplit(value, ";") {
		segOff := off
		off += len(seg) + 1
		if seg == "" {
			continue
		}
		lead := len(seg) - len(strings.TrimLeft(seg, " \t\n\v\f\r"))
		sm := mappingPattern().FindStringSubmatchIndex(seg)
		if sm == nil {
			add(FindMappingInvalid, func() inspector.Finding {
				return FindMappingInvalid.Newf(
					"Write each entry as group=role1,role2 and separate entries with ';'; delete stray text between semicolons.",
					where(segOff+lead, seg),
					"The %s entry %q has no group=roles form. The LDAP realm, the open-source model of this parser, fails on it with \"wrong number of fields\", so Neo4j likely rejects the whole mapping.", setting, javaTrim(seg))
			})
			continue
		}
		group, quoted := "", false
		for g := 2; g <= 5; g++ {
			if sm[2*g] >= 0 {
				group, quoted = seg[sm[2*g]:sm[2*g+1]], g <= 3
				break
			}
		}
		e := MappingEntry{Group: group, Offset: segOff + sm[0], Text: javaTrim(seg)}
		e.Offset = segOff + lead
		e.Line = lineOf(e.Offset)
		for _, r := range javaSplit(javaTrim(seg[sm[12]:sm[13]]), ",") {
			if r != "" {
				e.Roles = append(e.Roles, r)
			}
		}
		ev := where(e.Offset, e.Text)
		if !quoted && strings.Contains(group, ",") {
			var split []string
			for _, g := range strings.Split(group, ",") {
				if g = strings.TrimSpace(g); g != "" {
					split = append(split, g+"="+strings.Join(trimAll(e.Roles), ","))
				}
			}
			add(FindMappingCommaGroup, func() inspector.Finding {
				return FindMappingCommaGroup.Newf(
					fmt.Sprintf("Write one group per entry: %s.", strings.Join(split, ";")),
					ev,
					"The group key %q lists several groups. The g1,g2=role syntax was removed from the Neo4j docs (2024); the parser likely takes the whole text, commas included, as one group name that no token carries.", group)
			})
		}
		if quoted && group != strings.TrimSpace(group) {
			add(FindMappingQuotedSpaces, func() inspector.Finding {
				return FindMappingQuotedSpaces.Newf(
					"Remove the spaces inside the quotes.",
					ev,
					"The quoted group %q has spaces inside its quotes; they are part of the name, so a token group without them will not match.", group)
			})
		}
		if len(e.Roles) == 0 {
			add(FindMappingNoRoles, func() inspector.Finding {
				return FindMappingNoRoles.Newf("Name at least one role after '=' or delete the entry.", ev,
					"The group %q is mapped to no role, so it grants nothing.", group)
			})
		}
		for _, r := range e.Roles {
			checkRole(r, group, ev, custom, add)
		}
		if i, dup := byGroup[group]; dup {
			prev := &m.Entries[i]
			prev.Overridden = true
			add(FindMappingDuplicate, func() inspector.Finding {
				return FindMappingDuplicate.Newf(
					fmt.Sprintf("Map the group once, listing every role: %s=%s.", QuoteGroup(group), strings.Join(union(prev.Roles, e.Roles), ",")),
					ev,
					"The group %q is mapped again (first %s); the mapping is stored like a map, so only the later roles [%s] count and [%s] are likely lost.",
					group, describeEntry(prev), strings.Join(e.Roles, ", "), strings.Join(prev.Roles, ", "))
			})
		}
		byGroup[group] = len(m.Entries)
		m.Entries = append(m.Entries, e)
	}
	return m, caps.Summarise(fs)
}

// CypherName is a role name as Cypher takes it in CREATE ROLE or GRANT:
// in backticks, a backtick in it doubled.
func CypherName(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

func checkRole(r, group, ev string, custom []string, add func(*inspector.Def, func() inspector.Finding)) {
	t := strings.TrimSpace(r)
	if t != r {
		add(FindMappingRoleSpace, func() inspector.Finding {
			return FindMappingRoleSpace.Newf(
				"Delete the spaces around the commas between roles: role1,role2.",
				ev,
				"The role %q of group %q keeps its spaces: roles are split on ',' and not trimmed, so Neo4j looks for a role named %q, which does not exist.", r, group, r)
		})
	}
	if contains(BuiltinRoles, t) || contains(custom, t) {
		return
	}
	for _, b := range BuiltinRoles {
		if strings.EqualFold(b, t) {
			add(FindMappingRoleCase, func() inspector.Finding {
				return FindMappingRoleCase.Newf(
					fmt.Sprintf("Write the role as %s.", b),
					ev,
					"The role %q differs from the built-in role %q only by case; role names are case-sensitive, so it grants nothing.", t, b)
			})
			return
		}
	}
	add(FindMappingUnknownRole, func() inspector.Finding {
		return FindMappingUnknownRole.Newf(
			fmt.Sprintf("Create it (CREATE ROLE %s) or declare it as a custom role, or map the group to a built-in role (%s).", CypherName(t), strings.Join(BuiltinRoles[:5], ", ")),
			ev,
			"The role %q (group %q) is not a built-in role and not declared as a custom role; a mapped role that does not exist grants nothing.", t, group)
	})
}

func describeEntry(e *MappingEntry) string {
	if e.Line > 0 {
		return fmt.Sprintf("on line %d", e.Line)
	}
	return fmt.Sprintf("at offset %d", e.Offset)
}

func QuoteGroup(g string) string {
	if strings.ContainsAny(g, " =;,'") {
		return `"` + g + `"`
	}
	return g
}

func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, x := range b {
		if !contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Trimmed is the entry written without spaces around its roles, as it
// would grant what it appears to: group=role1,role2.
func (e MappingEntry) Trimmed() string {
	return QuoteGroup(e.Group) + "=" + strings.Join(trimAll(e.Roles), ",")
}

func trimAll(list []string) []string {
	out := make([]string, 0, len(list))
	for _, x := range list {
		out = append(out, strings.TrimSpace(x))
	}
	return out
}
