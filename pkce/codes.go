package pkce

import "github.com/ssolens/ssolens/inspector"

// The finding codes of signing in. OAuth errors from the callback or the
// token endpoint reuse inspector's authorization-error and
// token-endpoint-error (inspector.ExplainOAuthError), and the nonce check is
// inspector's nonce-mismatch.
var (
	// The loopback redirect (RFC 8252).
	FindStateMismatch    = inspector.Define("state-mismatch", inspector.SeverityError, "The callback's state is not the one sent: a forged, replayed or mixed-up sign-in; the code was not exchanged.")
	FindCallbackTimeout  = inspector.Define("callback-timeout", inspector.SeverityError, "No callback reached the loopback listener in time.")
	FindPortInUse        = inspector.Define("loopback-port-in-use", inspector.SeverityWarning, "A port of the list was taken; the listener fell back to the next one, so the redirect URI changed.")
	FindIPv6Unavailable  = inspector.Define("loopback-ipv6-unavailable", inspector.SeverityInfo, "[::1] could not be bound; a browser resolving localhost to ::1 only will not reach the listener.")
	FindBrowserNotOpened = inspector.Define("browser-not-opened", inspector.SeverityWarning, "The browser could not be started; open the authorization URL yourself.")
	FindCallbackIssuer   = inspector.Define("callback-iss-mismatch", inspector.SeverityError, "The callback's iss (RFC 9207) is not the provider's issuer: a mix-up between providers.")
	FindCallbackEmpty    = inspector.Define("callback-without-code", inspector.SeverityError, "The callback carries neither a code, tokens nor an error.")
	FindModeRefused      = inspector.Define("request-mode-refused", inspector.SeverityError, "The client SSO Lens imitates (a request mode: Neo4j Browser) refuses this configuration before sending anything; SSO Lens refuses it too.")

	// Grants.
	FindImplicitFlow      = inspector.Define("implicit-flow", inspector.SeverityWarning, "The implicit flow returns tokens in the URL; deprecated by OAuth 2.0 Security BCP and by Neo4j 2026.06.")
	FindGrantNotListed    = inspector.Define("grant-not-advertised", inspector.SeverityWarning, "The provider's discovery document does not list this grant type in grant_types_supported.")
	FindEndpointMissing   = inspector.Define("endpoint-missing", inspector.SeverityError, "The provider publishes no endpoint for this step (device authorization, userinfo, revocation).")
	FindIDTokenMissing    = inspector.Define("id-token-missing", inspector.SeverityWarning, "The openid scope was requested but the token response has no id_token.")
	FindRefreshMissing    = inspector.Define("refresh-token-missing", inspector.SeverityInfo, "The token response has no refresh_token (ask for offline_access, or enable refresh for the client).")
	FindRefreshRotated    = inspector.Define("refresh-token-rotated", inspector.SeverityInfo, "The refresh returned a new refresh token: the old one is spent (rotation).")
	FindRefreshReused     = inspector.Define("refresh-token-not-rotated", inspector.SeverityInfo, "The refresh kept the same refresh token: it can be used again.")
	FindUserInfoFailed    = inspector.Define("userinfo-failed", inspector.SeverityError, "The UserInfo endpoint refused the access token or answered something unreadable.")
	FindRevocationFailed  = inspector.Define("revocation-failed", inspector.SeverityError, "The revocation endpoint (RFC 7009) refused the request.")
	FindTokenRequestError = inspector.Define("token-request-failed", inspector.SeverityError, "The token endpoint could not be reached or answered something that is not a token response.")

	// Secrets.
	FindKeyringUnavailable = inspector.Define("keyring-unavailable", inspector.SeverityInfo, "No OS keyring (on Linux: no D-Bus Secret Service); the client secret is asked for each session and not stored.")
)
