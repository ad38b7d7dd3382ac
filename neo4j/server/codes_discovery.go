package server

import "github.com/ssolens/ssolens/inspector"

// Finding codes of the import from a running Neo4j's discovery endpoint
// (GET http://host:7474/, spec §5.1).
var (
	FindDiscoveryCommunity       = inspector.Define("discovery-community-edition", inspector.SeverityError, "The server is Neo4j Community Edition: SSO (OIDC) needs Enterprise Edition, and discovery publishes no auth_config.")
	FindDiscoveryNoAuthConfig    = inspector.Define("discovery-no-auth-config", inspector.SeverityWarning, "The discovery response has no auth_config: the server publishes no SSO providers (older than 4.4, or not Enterprise).")
	FindDiscoveryNoProviders     = inspector.Define("discovery-no-providers", inspector.SeverityWarning, "auth_config lists no OIDC provider: the Browser shows no SSO button.")
	FindDiscoveryNotList         = inspector.Define("discovery-providers-not-list", inspector.SeverityError, "oidc_providers is not a JSON list: the Browser's SSO client finds no provider in it.")
	FindDiscoveryDropped         = inspector.Define("discovery-provider-dropped", inspector.SeverityError, "The Browser's SSO client drops a published provider (a key of id, name, auth_flow, params, auth_endpoint, or params client_id, response_type, scope is missing).")
	FindDiscoveryLegacyKey       = inspector.Define("discovery-legacy-providers-key", inspector.SeverityInfo, "Providers are listed under a legacy top-level key (sso_providers, ssoproviders, ssoProviders), as a ?discoveryURL= document may.")
	FindDiscoveryHidden          = inspector.Define("discovery-provider-hidden", inspector.SeverityInfo, "A provider is published with visible=false: the Browser shows no button for it.")
	FindDiscoveryAuthFlow        = inspector.Define("discovery-auth-flow-unsupported", inspector.SeverityError, "A published auth_flow the SSO client does not support (pkce or implicit): \"Auth flow … is not supported.\"")
	FindDiscoveryConfigString    = inspector.Define("discovery-config-string-boolean", inspector.SeverityWarning, "A config flag published as a string: the JavaScript client tests it for truthiness, so \"false\" counts as true.")
	FindDiscoveryRedirectURI     = inspector.Define("discovery-redirect-uri-ignored", inspector.SeverityInfo, "A published redirect_uri (4.4 format) is ignored: the client builds its own redirect URI.")
	FindDiscoverySecretPublished = inspector.Define("discovery-client-secret-published", inspector.SeverityInfo, "token_params or auth_params hold a client_secret, published to anyone who asks the server.")
	FindDiscoveryServerUnknown   = inspector.Define("discovery-server-settings-unknown", inspector.SeverityInfo, "Discovery does not publish audience, issuer, claims.* or group_to_role_mapping: a prediction from an import alone cannot check them.")
)
