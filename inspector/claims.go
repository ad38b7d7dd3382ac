package inspector

import (
	"encoding/json"
	"fmt"
	"strings"
)

// claimMeanings explains the well-known claims in one line each (RFC 7519,
// OpenID Connect Core §2 and §5.1, RFC 9068, and the providers' own).
var claimMeanings = map[string]string{
	"iss":                "Issuer: who made the token. Must equal the configured issuer exactly (trailing slash included).",
	"sub":                "Subject: the user's (or client's) stable id at the issuer. Neo4j requires it even when another claim is the username.",
	"aud":                "Audience: who the token is for. A server accepts it only if its own identifier is here.",
	"azp":                "Authorized party: the client the token was issued to. Checked by Neo4j before 5.19 when aud has several values.",
	"exp":                "Expiry: the token is not accepted at or after this time.",
	"nbf":                "Not before: the token is not accepted before this time.",
	"iat":                "Issued at: when the token was made.",
	"jti":                "Token id: unique per token, for replay detection.",
	"auth_time":          "When the user last actually authenticated (entered credentials).",
	"scp":                "Scopes granted to the client (Okta, Entra): an access-token claim.",
	"scope":              "Scopes granted, space-separated (RFC 8693 / RFC 9068): an access-token claim.",
	"groups":             "Groups the user belongs to; Neo4j maps them to roles when claims.groups=groups.",
	"roles":              "Roles (Entra App Roles, Keycloak mappers); usable as Neo4j groups with claims.groups=roles.",
	"oid":                "Entra object id of the user: stable across applications in the tenant.",
	"tid":                "Entra tenant id.",
	"ver":                "Token version (Entra 1.0 or 2.0; it decides the issuer and audience forms).",
	"amr":                "Authentication methods used (pwd, mfa, otp...).",
	"acr":                "Authentication context class: the assurance level of the sign-in.",
	"at_hash":            "Hash of the access token issued with this ID token (OIDC Core §3.1.3.6).",
	"c_hash":             "Hash of the authorization code issued with this ID token (hybrid flow).",
	"nonce":              "Value the client sent in the authorize request; the client must check it (replay protection).",
	"cid":                "Okta client id the access token was issued to.",
	"uid":                "Okta user id.",
	"email":              "The user's e-mail address (may be unverified; see email_verified).",
	"email_verified":     "Whether the issuer verified the e-mail address.",
	"preferred_username": "Shorthand name the user goes by; not guaranteed unique or stable.",
	"name":               "The user's full name.",
	"given_name":         "The user's given name.",
	"family_name":        "The user's family name.",
	"upn":                "Entra user principal name (user@domain).",
	"unique_name":        "Entra v1 human-readable user name.",
	"appid":              "Entra v1: the client application id.",
	"idp":                "The identity provider that authenticated the user (federation).",
	"sid":                "Session id at the issuer.",
	"client_id":          "The client the access token was issued to (RFC 9068).",
	"typ":                "Token type claim (Keycloak: ID, Bearer, Refresh).",
	"realm_access":       "Keycloak realm roles, nested as realm_access.roles: Neo4j's claims.groups cannot read nested paths.",
	"resource_access":    "Keycloak client roles, nested per client: Neo4j's claims.groups cannot read nested paths.",
	"_claim_names":       "Entra group overage: the user has too many groups (over 200), so groups were left out and must be fetched from Graph.",
	"_claim_sources":     "Where the overage claims can be fetched from (Microsoft Graph).",
	"hasgroups":          "Entra implicit-flow overage marker: groups were left out of the token.",
	"token_use":          "Cognito token type: id or access.",
	"updated_at":         "When the user's profile was last updated.",
	"locale":             "The user's locale.",
	"cnf":                "Confirmation: the key the token is bound to (DPoP, mTLS).",
	"act":                "Actor: who acts on behalf of the subject (token exchange).",
	"idtyp":              "Entra: app for an app-only token, user for a delegated one.",
	"aio":                "Entra internal data; ignore.",
	"uti":                "Entra token id.",
	"rh":                 "Entra internal data; ignore.",
	"wids":               "Entra directory role template ids of the user.",
	"xms_cc":             "Entra client capabilities.",
}

// ClaimMeaning explains a well-known claim in one line, or returns "".
func ClaimMeaning(name string) string { return claimMeanings[name] }

// ResolveClaimPath follows a claim path in the style of the Neo4j GraphQL
// library's @jwtClaim: dots separate keys into nested objects, and an
// escaped "\." stays part of a key, so "http://www\.myapplication\.com.roles"
// is key "http://www.myapplication.com", then "roles".
func ResolveClaimPath(claims *Object, path string) (json.RawMessage, error) {
	keys := SplitClaimPath(path)
	if len(keys) == 0 || claims == nil {
		return nil, fmt.Errorf("empty claim path")
	}
	raw, ok := claims.Get(keys[0])
	if !ok {
		return nil, fmt.Errorf("claim %q is not in the token", keys[0])
	}
	for i, k := range keys[1:] {
		obj, _, err := parseObject(raw)
		if err != nil {
			return nil, fmt.Errorf("%q is a JSON %s, not an object, so it has no %q", strings.Join(keys[:i+1], "."), jsonKind(raw), k)
		}
		raw, ok = obj.Get(k)
		if !ok {
			return nil, fmt.Errorf("%q has no key %q", strings.Join(keys[:i+1], "."), k)
		}
	}
	return raw, nil
}

// SplitClaimPath splits a path on unescaped dots.
func SplitClaimPath(path string) []string {
	var keys []string
	var cur strings.Builder
	for i := 0; i < len(path); i++ {
		switch {
		case path[i] == '\\' && i+1 < len(path) && path[i+1] == '.':
			cur.WriteByte('.')
			i++
		case path[i] == '.':
			keys = append(keys, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(path[i])
		}
	}
	if path != "" {
		keys = append(keys, cur.String())
	}
	return keys
}
