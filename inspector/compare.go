package inspector

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Comparison lays the ID token and the access token side by side, claim by
// claim, and says which one Neo4j decodes and which one it validates. Most
// "it works in the browser but Neo4j says Unauthorized" cases are a claim
// that is in one token and not the other (groups, aud).
type Comparison struct {
	Rows []ComparisonRow `json:"rows"`
	// IDStatus and AccessStatus are empty when that token's claims were
	// compared; otherwise they say why not (absent, opaque, encrypted).
	IDStatus     string `json:"id_status,omitempty"`
	AccessStatus string `json:"access_status,omitempty"`
	// PrincipalRole is the token Neo4j's SSO client decodes, unverified,
	// to start the login (token_type_principal); AuthenticationRole is the
	// one it sends to Neo4j, which validates it and reads its claims
	// (token_type_authentication). Both default to access_token.
	PrincipalRole      Role `json:"principal_role"`
	AuthenticationRole Role `json:"authentication_role"`
	// Explanation says in one line what the two roles mean for this login.
	Explanation string `json:"explanation"`
}

// ComparisonRow is one claim name with its value in each token.
type ComparisonRow struct {
	Name string `json:"name"`
	// ID and Access are the raw values as sent; nil when the claim is
	// absent from that token.
	ID     json.RawMessage `json:"id,omitempty"`
	Access json.RawMessage `json:"access,omitempty"`
	// Differs is set when both tokens' claims could be read and the claim
	// is in one only, or has different values. Lists (aud, groups, scope)
	// compare as sets: ["a"] and "a" are the same audience.
	Differs bool `json:"differs"`
	// Important marks the claims Neo4j's validation and role mapping read.
	Important bool   `json:"important"`
	Note      string `json:"note,omitempty"`
}

// compareFirst are shown first, in this order; the rest follow in the ID
// token's order, then the access token's.
var compareFirst = []string{"iss", "sub", "aud", "azp", "exp", "iat", "nbf"}

var compareImportant = map[string]bool{
	"aud": true, "iss": true, "exp": true, "groups": true, "scp": true, "scope": true, "roles": true, "sub": true,
}

// compareSets are claims whose values are sets of strings; scope is one
// space-separated string (RFC 8693 §4.2).
var compareSets = map[string]bool{"aud": true, "groups": true, "roles": true, "scp": true, "scope": true, "amr": true, "wids": true}

// compareTimeVerbs phrase a NumericDate difference: "the access token
// expires 55m later".
var compareTimeVerbs = map[string]string{
	"exp": "expires", "iat": "was issued", "nbf": "becomes valid", "auth_time": "records the sign-in", "updated_at": "records the profile update",
}

// Compare lines up an ID token and an access token claim by claim. Either
// token may be nil. principal and authentication are the token-response
// fields named by the provider's token_type_principal and
// token_type_authentication; "" means Neo4j's default, access_token
// (Neo4j SSO client, getCredentialsFromAuthResult).
func Compare(id, access *Token, principal, authentication string) *Comparison {
	c := &Comparison{
		Rows:               []ComparisonRow{},
		PrincipalRole:      tokenTypeRole(principal),
		AuthenticationRole: tokenTypeRole(authentication),
		IDStatus:           compareStatus(id, "ID token"),
		AccessStatus:       compareStatus(access, "access token"),
	}
	var idClaims, accessClaims *Object
	if c.IDStatus == "" {
		idClaims = id.Claims
	}
	if c.AccessStatus == "" {
		accessClaims = access.Claims
	}
	both := idClaims != nil && accessClaims != nil
	for _, name := range compareNames(idClaims, accessClaims) {
		row := ComparisonRow{Name: name, Important: compareImportant[name]}
		row.ID, _ = idClaims.Get(name)
		row.Access, _ = accessClaims.Get(name)
		if both {
			row.Differs, row.Note = c.diff(name, row.ID, row.Access)
		}
		c.Rows = append(c.Rows, row)
	}
	c.Explanation = c.explain(id, access)
	return c
}

// tokenTypeRole reads a token_type_* value the way Neo4j's SSO client does:
// the name of a token-response field, access_token when unset.
func tokenTypeRole(field string) Role {
	if field = strings.TrimSpace(field); field == "" {
		return RoleAccessToken
	}
	return Role(field)
}

func compareStatus(t *Token, label string) string {
	switch {
	case t == nil:
		return "absent: there is no " + label + " to compare"
	case t.Kind == KindOpaque:
		return "opaque: the " + label + " is not a JWT, so it has no claims to compare (only its issuer can read it)"
	case t.Kind == KindJWE:
		return "encrypted (JWE): the " + label + "'s claims cannot be read without the provider's decryption key"
	case t.Claims == nil:
		return "malformed: the " + label + "'s claims could not be decoded"
	}
	return ""
}

func compareNames(id, access *Object) []string {
	seen := map[string]bool{}
	var out []string
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	for _, name := range compareFirst {
		if _, ok := id.Get(name); ok {
			add(name)
		} else if _, ok := access.Get(name); ok {
			add(name)
		}
	}
	for _, name := range id.Names() {
		add(name)
	}
	for _, name := range access.Names() {
		add(name)
	}
	return out
}

func roleLabel(r Role) string {
	switch r {
	case RoleIDToken:
		return "ID token"
	case RoleAccessToken:
		return "access token"
	case RoleRefreshToken:
		return "refresh token"
	}
	return string(r)
}

// diff compares one claim present in either token; both tokens' claims are
// readable.
func (c *Comparison) diff(name string, id, access json.RawMessage) (bool, string) {
	validated := roleLabel(c.AuthenticationRole)
	switch {
	case id == nil && access == nil:
		return false, ""
	case id == nil || access == nil:
		in, missing := "ID token", RoleAccessToken
		if id == nil {
			in, missing = "access token", RoleIDToken
		}
		note := fmt.Sprintf("%s only in the %s", name, in)
		if compareImportant[name] && c.AuthenticationRole == missing {
			note += fmt.Sprintf(", but Neo4j validates the %s and reads its claims", validated)
		}
		return true, note
	}
	if sameValue(name, id, access) {
		return false, ""
	}
	if verb, ok := compareTimeVerbs[name]; ok {
		if note, ok := timeDiffNote(name, verb, id, access); ok {
			return true, note
		}
	}
	switch name {
	case "aud":
		return true, fmt.Sprintf("aud differs: the ID token is for the client %s, the access token for the API %s",
			displayList(id), displayList(access))
	case "iss":
		return true, fmt.Sprintf("iss differs: the ID token was issued by %s, the access token by %s; Neo4j checks the %s's",
			displayList(id), displayList(access), validated)
	case "sub":
		return true, fmt.Sprintf("sub differs: %s in the ID token, %s in the access token; Neo4j reads the %s's",
			displayList(id), displayList(access), validated)
	}
	if compareSets[name] {
		idSet, _ := claimSet(name, id)
		accessSet, _ := claimSet(name, access)
		var parts []string
		if only := setMinus(idSet, accessSet); len(only) > 0 {
			parts = append(parts, "only in the ID token: "+strings.Join(only, ", "))
		}
		if only := setMinus(accessSet, idSet); len(only) > 0 {
			parts = append(parts, "only in the access token: "+strings.Join(only, ", "))
		}
		if len(parts) > 0 {
			note := fmt.Sprintf("%s differ: %s", name, strings.Join(parts, "; "))
			if compareImportant[name] {
				note += fmt.Sprintf("; Neo4j reads the %s's", validated)
			}
			return true, note
		}
	}
	return true, ""
}

// sameValue compares two raw values: sets as sets, anything else as
// compact JSON.
func sameValue(name string, a, b json.RawMessage) bool {
	if compareSets[name] {
		as, okA := claimSet(name, a)
		bs, okB := claimSet(name, b)
		if okA && okB {
			return slices.Equal(as, bs)
		}
	}
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}

// claimSet reads a string or list of strings as a sorted set; scope is
// split on spaces.
func claimSet(name string, raw json.RawMessage) ([]string, bool) {
	list, ok := rawStrings(raw)
	if !ok {
		return nil, false
	}
	if name == "scope" {
		var split []string
		for _, s := range list {
			split = append(split, strings.Fields(s)...)
		}
		list = split
	}
	list = slices.Clone(list)
	slices.Sort(list)
	return slices.Compact(list), true
}

func setMinus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// displayList shows a string or list of strings plainly, anything else as
// JSON.
func displayList(raw json.RawMessage) string {
	if list, ok := rawStrings(raw); ok && len(list) > 0 {
		return strings.Join(list, ", ")
	}
	return string(raw)
}

func timeDiffNote(name, verb string, id, access json.RawMessage) (string, bool) {
	a, _, errA := parseNumericDate(id)
	b, _, errB := parseNumericDate(access)
	if errA != nil || errB != nil {
		return "", false
	}
	d := time.Duration(b-a) * time.Second
	if d == 0 {
		return fmt.Sprintf("%s: the same instant, written differently", name), true
	}
	when := "later"
	if d < 0 {
		when = "earlier"
	}
	return fmt.Sprintf("%s: the access token %s %s %s", name, verb, HumanDuration(d), when), true
}

func (c *Comparison) explain(id, access *Token) string {
	principal, validated := roleLabel(c.PrincipalRole), roleLabel(c.AuthenticationRole)
	var line string
	if c.PrincipalRole == c.AuthenticationRole {
		line = fmt.Sprintf("Neo4j's SSO client decodes the %s and sends that same token to Neo4j, which validates it (signature, iss, aud, exp) and takes the username and groups from its claims.",
			principal)
	} else {
		line = fmt.Sprintf("Neo4j's SSO client decodes the %s (token_type_principal) only to start the login, unverified; it sends the %s (token_type_authentication) to Neo4j, which validates it (signature, iss, aud, exp) and takes the username and groups from its claims.",
			principal, validated)
	}
	var sent *Token
	switch c.AuthenticationRole {
	case RoleIDToken:
		sent = id
	case RoleAccessToken:
		sent = access
	default:
		return line + fmt.Sprintf(" %q is neither id_token nor access_token: the SSO client finds no such token in the response.", string(c.AuthenticationRole))
	}
	switch {
	case sent == nil:
		line += fmt.Sprintf(" There is no %s here, so Neo4j would get nothing to validate.", validated)
	case sent.Kind == KindOpaque || sent.Kind == KindJWE:
		line += fmt.Sprintf(" The %s here is %s, so Neo4j cannot validate it.", validated, map[Kind]string{KindOpaque: "opaque", KindJWE: "encrypted"}[sent.Kind])
	}
	return line
}
