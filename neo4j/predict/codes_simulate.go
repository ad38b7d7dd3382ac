package predict

import "github.com/ssolens/ssolens/inspector"

// Finding codes of the login simulation.
var (
	FindPrincipalNotJWT     = inspector.Define("neo4j-principal-not-jwt", inspector.SeverityError, "Neo4j's SSO client cannot decode the token named by token_type_principal: \"Could not parse JWT of type …\".")
	FindAuthTokenMissing    = inspector.Define("neo4j-authentication-token-missing", inspector.SeverityError, "The token response has no field named by token_type_authentication, so the client sends Neo4j no token.")
	FindAuthTokenNotJWS     = inspector.Define("neo4j-token-not-jws", inspector.SeverityError, "The token Neo4j validates is not a signed JWT (opaque, JWE or malformed): Neo4j rejects it.")
	FindLoginRejected       = inspector.Define("neo4j-login-rejected", inspector.SeverityError, "Neo4j would reject the login; the message names the check that fails and the setting to change.")
	FindSignatureUnchecked  = inspector.Define("neo4j-signature-unchecked", inspector.SeverityWarning, "The prediction could not check the signature (offline, or keys unreachable): it holds only if the signature is valid.")
	FindAudienceNotSet      = inspector.Define("neo4j-audience-not-set", inspector.SeverityWarning, "The provider has no audience setting, so no token's aud can match; Neo4j likely rejects every token.")
	FindUsernameMissing     = inspector.Define("neo4j-username-claim-missing", inspector.SeverityError, "The claim named by claims.username is not in the token (or UserInfo).")
	FindUsernameNotString   = inspector.Define("neo4j-username-not-string", inspector.SeverityError, "The claim named by claims.username is not a string, as Neo4j requires.")
	FindUserInfoNeeded      = inspector.Define("neo4j-userinfo-needed", inspector.SeverityWarning, "The provider reads claims from UserInfo (get_*_from_user_info) but no UserInfo response was given.")
	FindGroupsNotConfigured = inspector.Define("neo4j-groups-claim-not-configured", inspector.SeverityInfo, "claims.groups is not set: this provider grants no roles from the identity provider.")
	FindGroupsMissing       = inspector.Define("neo4j-groups-claim-missing", inspector.SeverityWarning, "The claim named by claims.groups is not in the token Neo4j validates: the user gets PUBLIC only from this provider.")
	FindGroupsInOtherToken  = inspector.Define("neo4j-groups-in-other-token", inspector.SeverityWarning, "The groups claim is in the other token, not in the one Neo4j validates.")
	FindGroupsOverage       = inspector.Define("neo4j-groups-overage", inspector.SeverityWarning, "Entra group overage (_claim_names): the user has too many groups for the token; Neo4j sees none.")
	FindGroupsNested        = inspector.Define("neo4j-groups-nested", inspector.SeverityWarning, "The groups are nested (realm_access.roles, a.b); Neo4j reads claims.groups as a top-level claim only (likely).")
	FindGroupsBadType       = inspector.Define("neo4j-groups-bad-type", inspector.SeverityWarning, "The groups claim is neither a list of strings nor (from 5.4) a single string.")
	FindGroupUnmapped       = inspector.Define("neo4j-group-unmapped", inspector.SeverityInfo, "A group of the user has no group_to_role_mapping entry, so it grants nothing.")
	FindGroupNearMiss       = inspector.Define("neo4j-group-near-miss", inspector.SeverityWarning, "An unmapped group nearly matches a mapping key (case, whitespace, quotes, GUID vs name).")
	FindRoleNotBuiltin      = inspector.Define("neo4j-role-not-builtin", inspector.SeverityInfo, "A granted role is not built in: it grants something only if it was created (CREATE ROLE).")
	FindOnlyPublic          = inspector.Define("neo4j-only-public", inspector.SeverityWarning, "The user would log in with PUBLIC only: \"Database access is not allowed for user … with roles [PUBLIC]\".")
	FindNotAuthorization    = inspector.Define("neo4j-provider-not-authorization", inspector.SeverityInfo, "The provider is not an authorization provider, so IdP groups grant no roles.")
	FindNotAuthentication   = inspector.Define("neo4j-provider-not-authentication", inspector.SeverityError, "The provider is not in dbms.security.authentication_providers, so Neo4j will not log anyone in with it.")
	FindNativeRolesUnknown  = inspector.Define("neo4j-native-roles-unknown", inspector.SeverityInfo, "native is an authorization provider: the native roles of a user of the same name are added, but none were given.")
	FindLocalUserUnchecked  = inspector.Define("neo4j-local-user-unchecked", inspector.SeverityWarning, "require_local_user is on: the login needs a local user linked to this provider, which the prediction cannot see.")
	FindLocalUserMissing    = inspector.Define("neo4j-local-user-missing", inspector.SeverityError, "require_local_user is on and no local user is linked to this provider with this ID.")
	FindBrowserPrincipal    = inspector.Define("neo4j-browser-principal-differs", inspector.SeverityInfo, "Neo4j Browser displays another name (config principal, email or sub) than the username Neo4j uses (claims.username).")
	FindProviderNotFound    = inspector.Define("neo4j-provider-not-found", inspector.SeverityError, "The named provider is not configured.")
	FindUserInfoWithIDToken = inspector.Define("neo4j-userinfo-with-id-token", inspector.SeverityWarning, "Neo4j calls UserInfo with the token it validates; with the ID token (token_type_authentication=id_token) the call likely fails: UserInfo takes access tokens.")
	FindConfStopsStart      = inspector.Define("neo4j-conf-stops-start", inspector.SeverityError, "The configuration has an error Neo4j refuses to start with, so no one logs in.")
	FindAuthDisabledNoLogin = inspector.Define("neo4j-auth-disabled-no-login", inspector.SeverityError, "dbms.security.auth_enabled=false: Neo4j asks for no credentials, so the SSO login never happens.")
)

// Finding codes of the token set and the providers a login uses.
var (
	FindBearerBrowserWouldFail = inspector.Define("neo4j-bearer-browser-would-fail", inspector.SeverityInfo, "An access token alone (no ID token, no refresh token, not from a user's sign-in) is predicted as a driver's or the Query API's bearer token; a Neo4j Browser or Bloom sign-in with it would fail in the SSO client.")
	FindConfigReadAsMeant      = inspector.Define("neo4j-config-read-as-meant", inspector.SeverityInfo, "The config line does not parse only for spaces around its keys: the login once Neo4j starts is predicted with the token types the line means.")
	FindTokenTypesUnknown      = inspector.Define("neo4j-token-types-unknown", inspector.SeverityWarning, "The config line does not parse and its meaning is not clear: which tokens the SSO client uses, and so the login, is not predicted.")
	FindProvidersInOrder       = inspector.Define("neo4j-providers-in-order", inspector.SeverityInfo, "Several OIDC providers authenticate and none was named: Neo4j tries them in their declared order, and the first that accepts the token logs the user in.")
)
