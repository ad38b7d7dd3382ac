package inspector

import "strings"

// inferRole names what a bare token is for, from its own contents, when the
// input did not say (a token-response field or URL parameter does).
func inferRole(t *Token) {
	if t.Role != RoleUnknown {
		return
	}
	switch t.Source {
	case "id_token":
		t.Role, t.RoleReason = RoleIDToken, "from the id_token field"
		return
	case "access_token":
		t.Role, t.RoleReason = RoleAccessToken, "from the access_token field"
		return
	case "refresh_token":
		t.Role, t.RoleReason = RoleRefreshToken, "from the refresh_token field"
		return
	case "authorization_header":
		t.Role, t.RoleReason = RoleAccessToken, "sent as a Bearer token, the place of an access token"
		return
	}
	if t.Header != nil {
		if typ, ok := t.Header.String("typ"); ok && (strings.EqualFold(typ, "at+jwt") || strings.EqualFold(typ, "application/at+jwt")) {
			t.Role, t.RoleReason = RoleAccessToken, "header typ "+typ+" (RFC 9068 access token)"
			return
		}
	}
	c := t.Claims
	if c == nil {
		return
	}
	// Keycloak and Cognito say it outright.
	if typ, ok := c.String("typ"); ok {
		switch strings.ToLower(typ) {
		case "id":
			t.Role, t.RoleReason = RoleIDToken, `claim typ "ID" (Keycloak)`
			return
		case "bearer":
			t.Role, t.RoleReason = RoleAccessToken, `claim typ "Bearer" (Keycloak)`
			return
		case "refresh", "offline":
			t.Role, t.RoleReason = RoleRefreshToken, `claim typ "`+typ+`" (Keycloak)`
			return
		}
	}
	if use, ok := c.String("token_use"); ok {
		switch use {
		case "id":
			t.Role, t.RoleReason = RoleIDToken, `claim token_use "id" (Cognito)`
			return
		case "access":
			t.Role, t.RoleReason = RoleAccessToken, `claim token_use "access" (Cognito)`
			return
		}
	}
	for _, name := range []string{"nonce", "at_hash", "c_hash"} {
		if _, ok := c.Get(name); ok {
			t.Role, t.RoleReason = RoleIDToken, "has "+name+", which only ID tokens carry"
			return
		}
	}
	for _, name := range []string{"scp", "scope", "client_id", "cid"} {
		if _, ok := c.Get(name); ok {
			t.Role, t.RoleReason = RoleAccessToken, "has "+name+", an access-token claim"
			return
		}
	}
	aud, _ := c.String("aud")
	azp, _ := c.String("azp")
	if aud != "" && aud == azp {
		t.Role, t.RoleReason = RoleIDToken, "aud equals azp (the client), as in ID tokens"
	}
}
