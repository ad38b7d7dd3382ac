package inspector

// TokenSet is what a sign-in returned: the token endpoint's fields (RFC
// 6749 §5.1, OpenID Connect Core §3.1.3.3).
type TokenSet struct {
	IDToken      string
	AccessToken  string
	RefreshToken string
}

// Field returns the token-response field of that name (id_token,
// access_token, refresh_token; "" for any other), the way Neo4j's SSO
// client reads token_type_principal and token_type_authentication.
func (ts TokenSet) Field(name string) string {
	switch name {
	case "id_token":
		return ts.IDToken
	case "access_token":
		return ts.AccessToken
	case "refresh_token":
		return ts.RefreshToken
	}
	return ""
}

// Decoding returns, among decoded, the decoding of the token in the set's
// field of that name: the one read from that place (its role is the
// field), else the first of the same text (a lone bearer token the set
// takes as its access token), or nil. One text given for two places (the
// ID token pasted as the access token too) has a decoding for each, with
// the findings of its own place (the access token's Authorization header
// defects): looked up by its text alone, both places would get the
// first's.
func (ts TokenSet) Decoding(field string, decoded []*Token) *Token {
	raw := ts.Field(field)
	if raw == "" {
		return nil
	}
	var same *Token
	for _, t := range decoded {
		switch {
		case t == nil || t.Raw != raw:
		case string(t.Role) == field:
			return t
		case same == nil:
			same = t
		}
	}
	return same
}
