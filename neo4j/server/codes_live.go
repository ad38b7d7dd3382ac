package server

import "github.com/ssolens/ssolens/inspector"

// Finding codes of the live check: the token sent to a running Neo4j
// (Query API and Bolt) and SHOW CURRENT USER compared with the prediction.
// One code per row of the spec's error table (§6.1, §6.2).
var (
	FindLiveLoggedIn          = inspector.Define("live-logged-in", inspector.SeverityInfo, "Neo4j accepted the token; SHOW CURRENT USER names the user and roles it gave.")
	FindLiveInvalidCredential = inspector.Define("live-invalid-credential", inspector.SeverityError, "401 Neo.ClientError.Security.Unauthorized \"Invalid credential.\" (older: \"Invalid username or password.\"): Neo4j rejected the token.")
	FindLiveNoAuthHeader      = inspector.Define("live-no-auth-header", inspector.SeverityError, "401 \"No authentication header supplied.\": the Authorization header did not reach Neo4j (a proxy stripped it?).")
	FindLiveInvalidAuthHeader = inspector.Define("live-invalid-auth-header", inspector.SeverityError, "400 Neo.ClientError.Request.InvalidFormat \"Invalid authentication header.\": the header is not exactly Bearer <token>.")
	FindLiveRateLimited       = inspector.Define("live-rate-limited", inspector.SeverityError, "429 Neo.ClientError.Security.AuthenticationRateLimit: too many failed logins; Neo4j refuses logins for a while.")
	FindLiveProviderFailed    = inspector.Define("live-auth-provider-failed", inspector.SeverityError, "502 Neo.TransientError.Security.AuthProviderFailed: Neo4j could not reach the identity provider (discovery, JWKS, UserInfo).")
	FindLiveProviderTimeout   = inspector.Define("live-auth-provider-timeout", inspector.SeverityError, "504 Neo.TransientError.Security.AuthProviderTimeout: Neo4j's request to the identity provider timed out.")
	FindLiveTokenExpired      = inspector.Define("live-token-expired", inspector.SeverityError, "Neo.ClientError.Security.TokenExpired: the token's exp has passed; a client must fetch a new one and reconnect.")
	FindLiveForbidden         = inspector.Define("live-database-forbidden", inspector.SeverityError, "Neo.ClientError.Security.Forbidden \"Database access is not allowed for user … with roles [PUBLIC]\": logged in, but with too few roles.")
	FindLiveCommunity         = inspector.Define("live-community-edition", inspector.SeverityError, "The server is Community Edition (no auth_config): it has no SSO, so it rejects every bearer token.")
	FindLiveUnreachable       = inspector.Define("live-unreachable", inspector.SeverityError, "The Neo4j server did not answer (connection refused, unknown host, timeout, TLS).")
	FindLiveQueryAPIMissing   = inspector.Define("live-query-api-unavailable", inspector.SeverityError, "No Query API at /db/system/query/v2 (Neo4j before 5.19, or QUERY_API_ENDPOINTS not in server.http_enabled_modules before 5.25).")
	FindLiveUnexpected        = inspector.Define("live-unexpected-response", inspector.SeverityError, "Neo4j answered with a status or body the live check does not recognise; the evidence quotes it.")
	FindLiveAuthDisabled      = inspector.Define("live-auth-disabled", inspector.SeverityWarning, "SHOW CURRENT USER returned no row: authentication is disabled on this server, so the token was never checked.")
	FindLiveMatches           = inspector.Define("live-matches-prediction", inspector.SeverityInfo, "The user and roles Neo4j reports are those the prediction gave.")
	FindLiveDiffers           = inspector.Define("live-differs-from-prediction", inspector.SeverityWarning, "Neo4j's actual outcome, user or roles differ from the prediction; each difference is explained.")
)
