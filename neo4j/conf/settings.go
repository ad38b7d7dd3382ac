package conf

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ssolens/ssolens/internal/textdist"
)

// Kind is the value parser a setting uses (spec §2, §3.2).
type Kind string

const (
	KindString  Kind = "string"
	KindURI     Kind = "uri"
	KindBool    Kind = "boolean"
	KindEnum    Kind = "enum"
	KindList    Kind = "list"
	KindMap     Kind = "map"
	KindMapping Kind = "group_to_role_mapping"
	KindOther   Kind = "other" // declared, but its value is not checked here
)

// settingSpec describes one declared setting.
type settingSpec struct {
	Kind     Kind
	Enum     []string
	Required []string // required map keys
	Accepted []string // accepted map keys (nil: any)
	Since    Version  // zero: in every supported version
	Until    Version  // zero: still declared; otherwise removed in this version
	// Deprecated is when the docs deprecate it, with the reason.
	Deprecated     Version
	DeprecatedNote string
	DeprecatedFix  string
	Undocumented   bool
}

func (s settingSpec) declaredIn(v Version) bool {
	if s.Since.Major != 0 && !v.AtLeast(s.Since.Major, s.Since.Minor) {
		return false
	}
	if s.Until.Major != 0 && v.AtLeast(s.Until.Major, s.Until.Minor) {
		return false
	}
	return true
}

// OIDCPrefix is the group prefix of every per-provider setting.
const OIDCPrefix = "dbms.security.oidc."

// Keys of params and config (spec §2.1, §3.1). The order is the one the spec
// quotes from Neo4j's error text.
var (
	ParamsRequiredKeys = []string{"scope", "client_id", "response_type"}
	ConfigAcceptedKeys = []string{"implicit_flow_requires_nonce", "token_type_authentication", "token_type_principal", "principal", "code_challenge_method"}
)

// providerSpecs are the dbms.security.oidc.<provider>.<suffix> settings.
var providerSpecs = map[string]settingSpec{
	"display_name":                        {Kind: KindString},
	"auth_flow":                           {Kind: KindEnum, Enum: authFlows},
	"well_known_discovery_uri":            {Kind: KindURI},
	"auth_endpoint":                       {Kind: KindURI},
	"token_endpoint":                      {Kind: KindURI},
	"jwks_uri":                            {Kind: KindURI},
	"user_info_uri":                       {Kind: KindURI},
	"issuer":                              {Kind: KindString},
	"audience":                            {Kind: KindList},
	"client_id":                           {Kind: KindString, Deprecated: Version{5, 19}, DeprecatedNote: "Neo4j 5.19 documents it as \"Not used\" because azp is no longer validated", DeprecatedFix: "Remove it: only audience is checked from 5.19."},
	"params":                              {Kind: KindMap, Required: ParamsRequiredKeys},
	"auth_params":                         {Kind: KindMap, Deprecated: Version{5, 0}, DeprecatedNote: "Neo4j 5.0 says \"use params instead\"; the Browser still sends it and it overrides params", DeprecatedFix: "Move its keys into params."},
	"token_params":                        {Kind: KindMap},
	"config":                              {Kind: KindMap, Accepted: ConfigAcceptedKeys},
	"claims.username":                     {Kind: KindString},
	"claims.groups":                       {Kind: KindString},
	"authorization.group_to_role_mapping": {Kind: KindMapping},
	"get_groups_from_user_info":           {Kind: KindBool},
	"get_username_from_user_info":         {Kind: KindBool},
	"redirect_uri":                        {Kind: KindURI, Until: Version{5, 0}, Deprecated: V4_4, DeprecatedNote: "4.4 only, removed in 5.0; the Browser builds its own redirect URI anyway", DeprecatedFix: "Remove it; register the Browser's redirect URI at the identity provider instead."},
	"visible":                             {Kind: KindBool, Undocumented: true},
}

// Strict validation settings: the 5.x name and the 4.4 one.
const (
	StrictValidation5   = "server.config.strict_validation.enabled"
	StrictValidation44  = "dbms.config.strict_validation"
	AllowDuplicates     = "server.config.strict_validation.allow_duplicates"
	AuthenticationProvs = "dbms.security.authentication_providers"
	AuthorizationProvs  = "dbms.security.authorization_providers"
	RequireLocalUser    = "dbms.security.require_local_user"
	ABACProviders       = "dbms.security.abac.authorization_providers"
	AuthEnabled         = "dbms.security.auth_enabled"
)

// globalSpecs are the global settings SSO depends on (spec §2.2).
var globalSpecs = map[string]settingSpec{
	AuthenticationProvs: {Kind: KindList},
	AuthorizationProvs:  {Kind: KindList},
	RequireLocalUser:    {Kind: KindBool, Since: Version{5, 24}},
	ABACProviders:       {Kind: KindList, Since: Version{2026, 3}},
	"dbms.security.allow_oidc_credential_forwarding_enabled": {Kind: KindBool, Since: Version{2025, 10}},
	AuthEnabled: {Kind: KindBool},
	"dbms.security.logs.oidc.jwt_claims_at_debug_level_enabled": {Kind: KindBool},
	"dbms.security.auth_cache_use_ttl":                          {Kind: KindBool},
	"dbms.security.auth_cache_ttl":                              {Kind: KindOther},
	StrictValidation5:                                           {Kind: KindBool, Since: Version{5, 0}},
	AllowDuplicates:                                             {Kind: KindBool, Since: Version{5, 0}},
	StrictValidation44:                                          {Kind: KindBool, Until: Version{5, 0}},
}

// otherSecuritySettings are dbms.security.* settings outside SSO, known so
// that they are never taken for typos.
var otherSecuritySettings = []string{
	"auth_cache_max_capacity", "auth_lock_time", "auth_max_failed_attempts", "auth_minimum_password_length",
	"allow_csv_import_from_file_urls", "cluster_status_auth_enabled", "http_access_control_allow_origin",
	"http_auth_allowlist", "http_strict_transport_security", "log_successful_authentication",
	"logs.ldap.groups_at_debug_level_enabled", "procedures.allowlist", "procedures.unrestricted",
	"procedures.default_allowed", "procedures.roles", "property_level.enabled", "property_level.blacklist",
	"key.name", "keystore.password", "keystore.path", "auth_provider", "allow_publisher_create_token",
	"http_auth_whitelist", "procedures.whitelist", "causal_clustering_status_auth_enabled",
}

// Namespaces where Neo4j 5+ may declare settings (Config.SUPPORTED_NAMESPACES).
// A key outside them is never a declared setting.
var namespaces5 = []string{"dbms.", "db.", "browser.", "server.", "internal.", "client.", "initial.", "fabric.", "gds.", "apoc."}

// namespaces44 are the prefixes of 4.4 settings, including plugins'.
var namespaces44 = []string{"dbms.", "db.", "browser.", "metrics.", "causal_clustering.", "fabric.", "unsupported.", "apoc.", "gds.", "internal.", "bloom.", "cypher.", "ha.", "tools.", "clients."}

func inNamespaces(key string, v Version) bool {
	list := namespaces5
	if v.Is44() {
		list = namespaces44
	}
	for _, ns := range list {
		if strings.HasPrefix(key, ns) {
			return true
		}
	}
	return false
}

// multiDeclarable are the settings Neo4j lets a file declare several times.
func multiDeclarable(key string) bool {
	return key == "server.jvm.additional" || key == "dbms.jvm.additional"
}

// providerSuffixes lists the per-provider suffixes, sorted (computed once:
// suggestions ask for it for every unknown provider setting). Callers must
// not modify it.
var providerSuffixes = sync.OnceValue(func() []string {
	out := make([]string, 0, len(providerSpecs))
	for k := range providerSpecs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
})

// suggestSuffix finds the declared per-provider suffix an unknown one most
// likely meant: an edit distance of at most 2, or the same last segment
// (groups → claims.groups).
func suggestSuffix(suffix string) string {
	best, bestD := "", 3
	n := utf8.RuneCountInString(suffix)
	for _, s := range providerSuffixes() {
		if abs(n-len(s)) >= bestD {
			continue // the lengths alone differ by bestD
		}
		d := textdist.Levenshtein(suffix, s)
		if d < bestD {
			best, bestD = s, d
		}
	}
	if best != "" {
		return best
	}
	last := suffix[strings.LastIndexByte(suffix, '.')+1:]
	nl := utf8.RuneCountInString(last)
	for _, s := range providerSuffixes() {
		sl := s[strings.LastIndexByte(s, '.')+1:]
		if s != suffix && (strings.HasSuffix(s, "."+last) || abs(nl-len(sl)) <= 1 && textdist.Levenshtein(last, sl) <= 1) {
			return s
		}
	}
	return ""
}

// suggestKey finds the SSO setting a key that Neo4j does not declare most
// likely meant: a misspelt dbms.security.oidc prefix, or a global SSO setting
// within two edits.
func suggestKey(key string) string {
	parts := strings.Split(key, ".")
	if len(parts) >= 5 {
		prefix := strings.Join(parts[:3], ".")
		if prefix != "dbms.security.oidc" && textdist.Levenshtein(prefix, "dbms.security.oidc") <= 2 {
			return OIDCPrefix + strings.Join(parts[3:], ".")
		}
	}
	if len(parts) >= 4 && parts[0] != "dbms" && strings.Join(parts[1:3], ".") == "security.oidc" {
		return OIDCPrefix + strings.Join(parts[3:], ".")
	}
	best, bestD := "", 3
	n := utf8.RuneCountInString(key)
	for k := range globalSpecs {
		if abs(n-len(k)) >= bestD {
			continue // the lengths alone differ by bestD: no closer match
		}
		if d := textdist.Levenshtein(key, k); d > 0 && d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func knownSecuritySetting(key string) bool {
	rest, ok := strings.CutPrefix(key, "dbms.security.")
	if !ok {
		return false
	}
	if strings.HasPrefix(rest, "ldap.") || strings.HasPrefix(rest, "oidc.") {
		return true
	}
	return contains(otherSecuritySettings, rest)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
