package inspector

import "context"

// VerifyReport verifies every token of a report with one configuration,
// adapted per token the way OpenID Connect intends: an ID token's audience
// is the client id (OIDC Core §3.1.3.7), so when cfg.ClientID is set ID
// tokens are checked against it rather than against cfg.Audiences; and an
// ID token's at_hash is checked against the access token issued with it in
// the same response.
func VerifyReport(ctx context.Context, r *Report, cfg VerifyConfig) {
	var access string
	for _, t := range r.Tokens {
		if t.Role == RoleAccessToken && t.Source == "access_token" {
			access = t.Raw
		}
	}
	for _, t := range r.Tokens {
		if t.Role == RoleRefreshToken {
			continue // for the token endpoint only: nothing to verify
		}
		c := cfg
		if t.Role == RoleIDToken {
			if cfg.ClientID != "" {
				c.Audiences = []string{cfg.ClientID}
			}
			if c.AccessToken == "" {
				c.AccessToken = access
			}
		} else {
			c.Nonce = "" // a nonce is an ID-token claim
		}
		Verify(ctx, t, c)
	}
}
