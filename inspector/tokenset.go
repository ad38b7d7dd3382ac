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
