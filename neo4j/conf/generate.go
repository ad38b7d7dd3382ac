package conf

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
)

// GenerateInput is what a successful sign-in tells about a provider.
type GenerateInput struct {
	// Provider is the provider's name in dbms.security.oidc.<name>; ""
	// means "sso". It cannot contain '.'.
	Provider    string
	DisplayName string // "" means "SSO"
	Issuer      string
	// DiscoveryURL defaults to Issuer + /.well-known/openid-configuration.
	DiscoveryURL string
	ClientID     string
	Scopes       []string // "" means openid profile email
	Tokens       inspector.TokenSet
	// Decoded are the tokens as the caller already decoded them; a token of
	// Tokens found here is not decoded again.
	Decoded []*inspector.Token
	// Conf is the provider of a loaded neo4j.conf, when there is one: its
	// group_to_role_mapping is written as it is (with its line), not a
	// placeholder.
	Conf *Provider
}

// GeneratedSetting is one line of the provider block.
type GeneratedSetting struct {
	Key     string `json:"key"`
	Value   string `json:"value"`
	Comment string `json:"comment,omitempty"`
}

// GeneratedConfig is the minimal provider block for a sign-in: the JSON
// contract of `ssolens config --json`.
type GeneratedConfig struct {
	Provider string `json:"provider"`
	// TokenType is the token Neo4j will validate (token_type_authentication).
	TokenType   string             `json:"token_type"`
	Audience    []string           `json:"audience"`
	GroupsClaim string             `json:"groups_claim"`
	Groups      []string           `json:"groups"`
	Settings    []GeneratedSetting `json:"settings"`
	// MappingPlaceholder marks a group_to_role_mapping that is only a
	// skeleton (every group seen → reader): the block does not grant the
	// roles a real setup would until someone edits it. MappingFrom says
	// where a real mapping came from ("neo4j.conf line 22").
	MappingPlaceholder bool   `json:"mapping_placeholder"`
	MappingFrom        string `json:"mapping_from,omitempty"`
	// Conf is the neo4j.conf form; Env the Docker environment form; Helm
	// the config: block of the Neo4j Helm chart's values.yaml.
	Conf     string              `json:"conf"`
	Env      string              `json:"env"`
	Helm     string              `json:"helm"`
	Findings []inspector.Finding `json:"findings"`
}

// graphAudiences are Microsoft Graph's audiences: a third party cannot
// validate a token meant for Graph (spec §8, Entra ID).
var graphAudiences = []string{"00000003-0000-0000-c000-000000000000", "https://graph.microsoft.com", "https://graph.microsoft.com/"}

// GenerateConfig writes the minimal correct provider block for what a
// sign-in returned: the token Neo4j should validate (the access token when
// it is a JWT meant for this API, else the ID token), its audience, the
// claim that carries the groups and a group_to_role_mapping skeleton.
func GenerateConfig(in GenerateInput) (*GeneratedConfig, error) {
	name := in.Provider
	if name == "" {
		name = "sso"
	}
	if strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r == 0x7f || strings.ContainsRune(".=:#!\\", r) }) {
		return nil, fmt.Errorf("provider name %q: use letters, digits, '_' or '-' (it is a segment of dbms.security.oidc.<name>.*; '.', '=', ':', '#', '!', '\\', spaces and control characters cannot be in it)", name)
	}
	if in.Issuer == "" || in.ClientID == "" {
		return nil, fmt.Errorf("generate config: the issuer and the client id are required")
	}
	if in.Tokens.IDToken == "" && in.Tokens.AccessToken == "" {
		return nil, fmt.Errorf("generate config: no token: give the token response of a successful sign-in")
	}
	g := &GeneratedConfig{Provider: name, Audience: []string{}, Groups: []string{}, Settings: []GeneratedSetting{}, Findings: []inspector.Finding{}}
	id := decodeIfAny(in.Tokens.IDToken, "id_token", in.Decoded)
	at := decodeIfAny(in.Tokens.AccessToken, "access_token", in.Decoded)

	var validated *inspector.Token
	why := ""
	if ok, reason := accessTokenUsable(at, in.Issuer); ok {
		g.TokenType, validated = "access_token", at
	} else {
		if id == nil || id.Kind != inspector.KindJWS {
			return nil, fmt.Errorf("generate config: the access token cannot be validated by Neo4j (%s) and there is no signed ID token: add the openid scope", reason)
		}
		g.TokenType, validated, why = "id_token", id, reason
	}
	g.Audience = tokenAudience(validated)
	principal := "id_token"
	if id == nil || id.Kind != inspector.KindJWS {
		principal = g.TokenType
	}
	g.GroupsClaim, g.Groups = findGroups(validated)
	scopesAsGroups := false
	if g.GroupsClaim == "" && id == nil && validated == at {
		// A machine-to-machine (client credentials) token has no user and
		// so no groups: its granted scopes are what roles can hang on
		// (the documented Okta m2m setup: claims.groups=scp).
		var scp []string
		if raw, ok := at.Claims.Get("scp"); ok && json.Unmarshal(raw, &scp) == nil && len(scp) > 0 {
			g.GroupsClaim, g.Groups, scopesAsGroups = "scp", scp, true
		}
	}

	scopes := in.Scopes
	if len(scopes) == 0 {
		scopes = []string{"openid", "profile", "email"}
	}
	discoveryURL := in.DiscoveryURL
	if discoveryURL == "" {
		discoveryURL = strings.TrimSuffix(in.Issuer, "/") + "/.well-known/openid-configuration"
	}
	display := in.DisplayName
	if display == "" {
		display = "SSO"
	}
	p := "dbms.security.oidc." + name + "."
	add := func(k, v, c string) { g.Settings = append(g.Settings, GeneratedSetting{Key: k, Value: v, Comment: c}) }
	add("dbms.security.authentication_providers", "oidc-"+name+",native", "native stays so that admins with passwords keep access while SSO is set up")
	add("dbms.security.authorization_providers", "oidc-"+name+",native", "")
	add(p+"display_name", display, "")
	add(p+"auth_flow", "pkce", "")
	add(p+"well_known_discovery_uri", discoveryURL, "")
	if iss, ok := validated.Claims.String("iss"); ok && iss != "" && iss != in.Issuer {
		add(p+"issuer", iss, fmt.Sprintf("the token's iss differs from the issuer given (%s); Neo4j compares iss exactly, and this setting overrides discovery", in.Issuer))
	}
	add(p+"audience", strings.Join(g.Audience, ","), fmt.Sprintf("the aud of the %s, the token Neo4j validates", g.TokenType))
	add(p+"claims.username", "sub", "the Neo4j docs advise sub; JWTs must always carry it")
	if g.GroupsClaim != "" {
		comment := ""
		if scopesAsGroups {
			comment = "a machine-to-machine token has no groups: its scopes (scp) are mapped to roles instead"
		}
		add(p+"claims.groups", g.GroupsClaim, comment)
	}
	add(p+"params", "client_id="+in.ClientID+";response_type=code;scope="+strings.Join(scopes, " "), "map settings are split on ';' and not trimmed: no spaces after ';'")
	cfgComment := ""
	if why != "" {
		cfgComment = "id_token for both: " + why
	}
	add(p+"config", "token_type_principal="+principal+";token_type_authentication="+g.TokenType, cfgComment)
	google := isGoogleIssuer(in.Issuer)
	if google {
		add(p+"token_params", "client_secret="+clientSecretPlaceholder,
			"PLACEHOLDER: Google's token endpoint wants the client secret even with PKCE (a web application client); Neo4j publishes it to the Browser, where it adds no security")
	}
	if m := confMapping(in.Conf); m != nil {
		g.MappingFrom = fmt.Sprintf("%s line %d", m.file, m.line)
		add(p+"authorization.group_to_role_mapping", m.raw, "as in "+g.MappingFrom)
	} else if len(g.Groups) > 0 {
		var pairs []string
		for _, grp := range g.Groups {
			if why := unmappableGroup(grp); why != "" {
				g.Findings = append(g.Findings, FindConfigGroupUnmappable.Newf(
					"Map the user by a value that can be written: rename the group at the identity provider, or have it send group IDs or app roles instead of names (and point claims.groups at that claim); or grant the role natively (GRANT ROLE <role> TO <user>).",
					fmt.Sprintf("%s %q", g.GroupsClaim, grp),
					"Group %q cannot be mapped in group_to_role_mapping: %s. The generated mapping leaves it out, so it grants no role.", grp, why))
				continue
			}
			pairs = append(pairs, quoteMappingGroup(grp)+"=reader")
		}
		if len(pairs) > 0 {
			g.MappingPlaceholder = true
			add(p+"authorization.group_to_role_mapping", strings.Join(pairs, ";"),
				"PLACEHOLDER: every group seen maps to reader; give each the role it should grant (admin, architect, publisher, editor, reader or a role made with CREATE ROLE) and delete the rest")
		}
	}
	g.Conf = renderConf(g)
	g.Env = renderEnv(g)
	g.Helm = renderHelm(g)
	if why != "" {
		g.Findings = append(g.Findings, FindConfigIDToken.New(
			"Neo4j will validate the ID token: "+why+".",
			"Nothing to do for the Browser; API clients must then send the ID token too. To validate access tokens, request an access token for an API of your own (Entra: scope api://<client-id>/<scope>; Auth0: an audience parameter; Okta: a custom authorization server).",
			fmt.Sprintf("config=token_type_principal=%s;token_type_authentication=id_token", principal)))
	}
	if google {
		g.Findings = append(g.Findings, FindConfigClientSecret.Newf(
			"Replace "+clientSecretPlaceholder+" in token_params with the secret of the OAuth client (Google Cloud console, Credentials). Neo4j publishes it to every Browser, so use a client for Neo4j alone.",
			"token_params=client_secret="+clientSecretPlaceholder,
			"Google's token endpoint refuses the Browser's token request without the client secret, even with PKCE (\"client_secret is missing\"), so the block sets token_params=client_secret=%s: a placeholder, not the secret, which SSO Lens never writes.", clientSecretPlaceholder))
	}
	if g.GroupsClaim == "" {
		other := ""
		for _, o := range []struct {
			name string
			tok  *inspector.Token
		}{{"id_token", id}, {"access_token", at}} {
			if c, _ := findGroups(o.tok); o.tok != validated && c != "" {
				other = fmt.Sprintf(" The %s carries %s, but Neo4j reads the %s.", o.name, c, g.TokenType)
			}
		}
		g.Findings = append(g.Findings, FindConfigNoGroups.New(
			fmt.Sprintf("The %s has no top-level groups claim, so no claims.groups or mapping was written; users get PUBLIC only from this provider.%s", g.TokenType, other),
			"Add a groups claim to the token Neo4j validates at the identity provider (Okta: a Groups claim; Keycloak: a mapper emitting a top-level claim; Entra: groups or App Roles), or grant roles natively.",
			"claims of the "+g.TokenType+": "+strings.Join(validated.Claims.Names(), ", ")))
	}
	return g, nil
}

// clientSecretPlaceholder stands where a client secret goes in a
// generated block: SSO Lens never writes the secret itself.
const clientSecretPlaceholder = "<client secret>"

// isGoogleIssuer reports whether the issuer is Google's (accounts.google.com,
// with or without https://, §8).
func isGoogleIssuer(issuer string) bool {
	host := strings.TrimPrefix(strings.TrimPrefix(issuer, "https://"), "http://")
	host, _, _ = strings.Cut(host, "/")
	return strings.EqualFold(host, "accounts.google.com")
}

func decodeIfAny(raw, source string, decoded []*inspector.Token) *inspector.Token {
	if raw == "" {
		return nil
	}
	for _, t := range decoded {
		if t != nil && t.Raw == raw {
			return t
		}
	}
	return inspector.Decode(raw, source, inspector.Options{})
}

// mappingSource is a provider's group_to_role_mapping as its conf wrote it.
type mappingSource struct {
	raw, file string
	line      int
}

// confMapping is the group_to_role_mapping of a loaded conf's provider,
// when it declares one.
func confMapping(p *Provider) *mappingSource {
	if p == nil {
		return nil
	}
	st, ok := p.Settings["authorization.group_to_role_mapping"]
	if !ok || strings.TrimSpace(st.Raw) == "" {
		return nil
	}
	return &mappingSource{raw: st.Raw, file: "neo4j.conf", line: st.Line}
}

// accessTokenUsable says whether Neo4j can validate the access token, and
// if not, why (spec §8: opaque tokens, Entra Graph tokens, Okta org
// authorization server tokens, Keycloak's account audience).
func accessTokenUsable(at *inspector.Token, issuer string) (bool, string) {
	if at == nil {
		return false, "the sign-in returned no access token"
	}
	if at.Kind != inspector.KindJWS {
		return false, fmt.Sprintf("the access token is %s, not a signed JWT, so Neo4j cannot validate it", at.Kind)
	}
	aud := tokenAudience(at)
	for _, a := range aud {
		if slices.Contains(graphAudiences, a) {
			return false, "the access token is meant for Microsoft Graph (aud " + a + "), whose signature only Graph can verify"
		}
	}
	if _, ok := at.Header.Get("nonce"); ok {
		return false, "the access token has a nonce in its header (Entra Graph style): its signature does not verify for third parties"
	}
	if len(aud) == 0 {
		return false, "the access token has no aud, so no audience setting can match it"
	}
	if slices.Equal(aud, []string{"account"}) {
		return false, "the access token's aud is account (Keycloak's default), not meant for Neo4j"
	}
	if iss, ok := at.Claims.String("iss"); ok && strings.TrimSuffix(iss, "/") != strings.TrimSuffix(issuer, "/") {
		return false, fmt.Sprintf("the access token's iss %s is not the issuer %s (an Okta org authorization server token is for Okta only)", iss, issuer)
	}
	return true, ""
}

// findGroups finds the top-level claim carrying groups in the token:
// groups, roles, then any claim named like them whose value is a list of
// strings (Auth0's namespaced https://example.com/roles).
func findGroups(t *inspector.Token) (string, []string) {
	if t == nil || t.Claims == nil {
		return "", nil
	}
	candidates := []string{"groups", "roles", "cognito:groups"}
	for _, m := range t.Claims.Members {
		low := strings.ToLower(m.Name)
		if !slices.Contains(candidates, m.Name) && (strings.HasSuffix(low, "groups") || strings.HasSuffix(low, "roles")) {
			candidates = append(candidates, m.Name)
		}
	}
	for _, c := range candidates {
		raw, ok := t.Claims.Get(c)
		if !ok {
			continue
		}
		var list []string
		if json.Unmarshal(raw, &list) == nil {
			return c, list
		}
		var one string
		if json.Unmarshal(raw, &one) == nil {
			return c, []string{one}
		}
	}
	return "", nil
}

// unmappableGroup says why a group name cannot be written in
// group_to_role_mapping, or "" when it can (spec §3.3, the LDAP realm's
// parser): the value is split on ';' before anything else, so no quoting
// or escape keeps a ';' in a name; an empty name is refused ("empty group
// name", and Neo4j does not start); and the entry pattern does not read
// across a line break (Java's '.'), so the name would be read wrong.
func unmappableGroup(g string) string {
	switch {
	case g == "":
		return "it is empty, and an entry with no group name (=reader) is refused, most likely with the whole mapping"
	case strings.Contains(g, ";"):
		return "';' separates the mapping's entries, and no quoting or escape keeps it in a group name"
	case strings.ContainsAny(g, "\n\r\u0085\u2028\u2029"):
		return "it holds a line break, which the mapping's entry pattern does not read across"
	}
	return ""
}

// quoteMappingGroup quotes a group name for group_to_role_mapping when it
// has spaces or '=' (spec §3.3: quoted keys may hold both).
func quoteMappingGroup(g string) string {
	if !strings.ContainsAny(g, " \t=") && !strings.ContainsAny(g, `"'`) {
		return g
	}
	if strings.Contains(g, `"`) {
		return "'" + g + "'"
	}
	return `"` + g + `"`
}

// EscapeProperties is a value written so that java.util.Properties reads
// it back as it is (escapeProperties): a group name for a neo4j.conf
// read as ISO-8859-1, non-ASCII as \uXXXX.
func EscapeProperties(v string) string { return escapeProperties(v) }

// escapeProperties writes a value the way java.util.Properties reads it
// back: non-ASCII as \uXXXX (neo4j.conf is ISO-8859-1), backslashes
// doubled, and every control character escaped, so that a value (a group
// name from a token, a display name) stays one value on one line: a raw
// line break would start a setting of its own. A leading space, which
// Properties.load drops, is kept as "\ ".
func escapeProperties(v string) string {
	var b strings.Builder
	for i, r := range v {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ' ' && i == 0:
			b.WriteString(`\ `)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < ' ' || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		case r > 0x7e:
			for _, u := range utf16Units(r) {
				fmt.Fprintf(&b, `\u%04x`, u)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// commentText keeps a comment on its line and harmless: a control, bidi
// or invisible character (in a name taken from a token) is written as its
// escape, by the one sanitising rule (safetext).
func commentText(c string) string { return safetext.Line(c) }

func utf16Units(r rune) []uint16 {
	if r < 0x10000 {
		return []uint16{uint16(r)}
	}
	r -= 0x10000
	return []uint16{uint16(0xd800 + (r >> 10)), uint16(0xdc00 + (r & 0x3ff))}
}

func renderConf(g *GeneratedConfig) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# OIDC provider %q generated by SSO Lens from a successful sign-in.\n", g.Provider)
	fmt.Fprintf(&b, "# Neo4j validates the %s.\n", g.TokenType)
	for _, s := range g.Settings {
		if s.Comment != "" {
			fmt.Fprintf(&b, "# %s\n", commentText(s.Comment))
		}
		fmt.Fprintf(&b, "%s=%s\n", s.Key, escapeProperties(s.Value))
	}
	return b.String()
}

func renderEnv(g *GeneratedConfig) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# OIDC provider %q for the Neo4j Docker image (docker run --env-file, or compose env_file).\n", g.Provider)
	for _, s := range g.Settings {
		if s.Comment != "" {
			fmt.Fprintf(&b, "# %s\n", commentText(s.Comment))
		}
		fmt.Fprintf(&b, "%s=%s\n", SettingToEnv(s.Key), envValue(escapeProperties(s.Value)))
	}
	return b.String()
}

// envValue is a neo4j.conf value written so that docker run --env-file and
// Compose's env_file pass it alike: a quote first would be Compose's
// quoting ("Neo4j Read Only"=reader;… cut to Neo4j Read Only), and " #" its
// comment. A backslash before either keeps both readers off it, and
// Properties reads \" as " and \# as #.
func envValue(v string) string {
	if v != "" && (v[0] == '"' || v[0] == '\'') {
		v = `\` + v
	}
	return strings.ReplaceAll(v, " #", ` \#`)
}

// renderHelm is the config: block of a values.yaml for the Neo4j Helm
// chart: every value a double-quoted YAML string, as the chart requires.
func renderHelm(g *GeneratedConfig) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# OIDC provider %q for the Neo4j Helm chart (values.yaml).\n", g.Provider)
	b.WriteString("config:\n")
	for _, s := range g.Settings {
		if s.Comment != "" {
			fmt.Fprintf(&b, "  # %s\n", commentText(s.Comment))
		}
		fmt.Fprintf(&b, "  %s: %s\n", s.Key, strconv.Quote(s.Value)) // a value as it is: no neo4j.conf line
	}
	return b.String()
}

// tokenAudience is the token's aud, a string or a list.
func tokenAudience(t *inspector.Token) []string {
	aud, _ := t.Claims.Strings("aud")
	return aud
}

// IsGoogle reports whether the provider is Google's, by its issuer or
// discovery URI: Google sends no groups and cannot be configured to, so
// its users are authorized natively by design (spec §8).
func (p *Provider) IsGoogle() bool {
	return isGoogleIssuer(p.Issuer) || isGoogleIssuer(p.WellKnownDiscoveryURI)
}
