package conf

import "strings"

// IntendedConfig is the provider's config map as its author meant it: the
// parsed value when Neo4j reads the line (or the line is not there), else,
// for a line Neo4j refuses to start with only because of spaces around
// keys (config=principal=sub; token_type_principal=id_token, spec §3.1),
// the map with its keys and values trimmed: removing the spaces is the
// fix (a value's spaces would stay part of the token type the SSO client
// looks up),
// and the setup it gives is the one to predict. ok is false when the line does
// not parse and its meaning is not that clear (an element without '=', a
// key Neo4j does not accept even trimmed): which token types it sets is
// then unknown.
func (p *Provider) IntendedConfig() (config map[string]string, ok bool) {
	s, declared := p.Settings["config"]
	if !declared || s.Valid {
		return p.Config, true
	}
	out := map[string]string{}
	for _, entry := range javaSplit(s.Raw, ";") {
		k, v, hasEq := strings.Cut(entry, "=")
		k = javaTrim(k)
		if !hasEq || !contains(ConfigAcceptedKeys, k) {
			return nil, false
		}
		out[k] = javaTrim(v)
	}
	return out, true
}
