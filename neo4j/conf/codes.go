package conf

import "github.com/ssolens/ssolens/inspector"

// The finding codes of neo4j.conf reading and linting. Errors are what stops
// Neo4j from starting; their messages quote the text Neo4j prints.
var (
	// File syntax (java.util.Properties, spec §3.0).
	FindConfContinuationSpace   = inspector.Define("conf-continuation-trailing-space", inspector.SeverityWarning, "A line ends with a backslash followed by spaces: Java reads an escaped space, not a line continuation.")
	FindConfCallout             = inspector.Define("conf-doc-callout", inspector.SeverityWarning, "An AsciiDoc callout (#<1>) copied after a continuation backslash breaks the continuation.")
	FindConfBadUnicodeEscape    = inspector.Define("conf-malformed-unicode-escape", inspector.SeverityError, "A \\u escape without four hex digits: Properties.load throws and Neo4j does not start.")
	FindConfCharset             = inspector.Define("conf-charset-mismatch", inspector.SeverityWarning, "UTF-8 text in a file Neo4j reads as ISO-8859-1: non-ASCII names change.")
	FindConfInvalidUTF8         = inspector.Define("conf-invalid-utf8", inspector.SeverityWarning, "The file is read as UTF-8 but holds invalid UTF-8; Java replaces those bytes.")
	FindEnvNotASetting          = inspector.Define("env-not-a-setting", inspector.SeverityInfo, "A NEO4J_ environment variable the Docker image uses itself; it is not written to neo4j.conf.")
	FindEnvEmpty                = inspector.Define("env-empty", inspector.SeverityInfo, "An empty NEO4J_ variable: the Docker image writes no setting for it, so the setting keeps its value from neo4j.conf or its default.")
	FindEnvMalformed            = inspector.Define("env-malformed-line", inspector.SeverityWarning, "An environment line without NAME=value (or NAME: value) was skipped.")
	FindEnvBOM                  = inspector.Define("env-bom", inspector.SeverityInfo, "The env file starts with a byte order mark: Docker skips it, Compose v2 before September 2022 read it as part of the first name.")
	FindEnvConfLines            = inspector.Define("env-conf-form-lines", inspector.SeverityWarning, "An env file holds neo4j.conf lines (dbms.…=…) that no NEO4J_ variable carries: the Docker image writes no setting for them.")
	FindEnvUnderscoreNotDoubled = inspector.Define("env-underscore-not-doubled", inspector.SeverityWarning, "A NEO4J_ variable names a provider with an underscore written once: in the env form '_' stands for '.', so it sets another provider's setting, likely ignored.")
	FindEnvReadersDiffer        = inspector.Define("env-readers-differ", inspector.SeverityWarning, "docker run --env-file reads an env file line otherwise than Docker Compose's env_file (quotes, spaces or a comment after the value, export).")
	FindDockerRunValueElsewhere = inspector.Define("docker-run-value-elsewhere", inspector.SeverityInfo, "A docker run command takes a variable from the shell's environment (-e NAME) or an --env-file this text does not hold.")
	FindDockerRunRefused        = inspector.Define("docker-run-refused", inspector.SeverityError, "The shell ends a docker run command before its image: docker refuses it ('docker run' requires at least 1 argument) and no container starts.")
	FindDockerRunCutByShell     = inspector.Define("docker-run-cut-by-shell", inspector.SeverityWarning, "The shell ends a docker run command early: an unquoted ; & or | in an --env value, or a line break without a bare backslash before it.")
	FindHelmValueNotString      = inspector.Define("helm-value-not-string", inspector.SeverityError, "A Helm values.yaml config: value YAML reads as a boolean, number or null: the Neo4j chart takes strings only, so helm install fails.")

	// Settings and values (spec §2, §3.1, §3.2).
	FindDuplicateSetting   = inspector.Define("conf-duplicate-setting", inspector.SeverityError, "A setting is declared more than once: fatal in 5.x+ with strict validation, an override warning otherwise.")
	FindUnrecognized       = inspector.Define("conf-unrecognized-setting", inspector.SeverityError, "A setting Neo4j does not declare: fatal under strict validation (default in 5.x+), ignored otherwise.")
	FindNamespaceTypo      = inspector.Define("conf-namespace-typo", inspector.SeverityWarning, "A key that looks like a misspelt SSO setting (did you mean …?); fatal under strict validation.")
	FindMalformedGroup     = inspector.Define("conf-malformed-group-setting", inspector.SeverityError, "dbms.security.oidc. with an empty provider name: fatal under strict validation.")
	FindNotASetting        = inspector.Define("conf-not-a-setting", inspector.SeverityWarning, "claims.audience / claims.client_id (documentation typos) are not settings and are likely ignored silently.")
	FindUnknownProviderKey = inspector.Define("conf-unknown-provider-setting", inspector.SeverityWarning, "A dbms.security.oidc.<provider>.* key Neo4j does not declare; likely ignored silently.")
	FindSettingTooNew      = inspector.Define("conf-setting-not-in-version", inspector.SeverityError, "A setting introduced after the selected Neo4j version: unrecognised there.")
	FindDeprecatedSetting  = inspector.Define("conf-deprecated-setting", inspector.SeverityInfo, "A deprecated or unused SSO setting (auth_params, client_id from 5.19, redirect_uri).")
	FindUndocumented       = inspector.Define("conf-undocumented-setting", inspector.SeverityInfo, "A setting whose name is not documented (visible): whether Neo4j reads it is unknown.")
	FindInvalidBoolean     = inspector.Define("conf-invalid-boolean", inspector.SeverityError, "A boolean setting that is not true or false: Neo4j does not start.")
	FindInvalidEnum        = inspector.Define("conf-invalid-enum", inspector.SeverityError, "auth_flow is not PKCE or IMPLICIT: Neo4j does not start.")
	FindInvalidURI         = inspector.Define("conf-invalid-uri", inspector.SeverityError, "A URI setting java.net.URI rejects (often a trailing space): Neo4j does not start.")
	FindCommand            = inspector.Define("conf-command-expansion", inspector.SeverityWarning, "A $(command) value: Neo4j refuses to start unless run with --expand-commands.")
	FindMapElement         = inspector.Define("conf-map-invalid-element", inspector.SeverityError, "A map setting entry without '=' (or an empty entry from ';;'): Neo4j does not start.")
	FindMapUntrimmedKey    = inspector.Define("conf-map-untrimmed-key", inspector.SeverityError, "A map key with surrounding spaces (k=v; k2=v2): map settings are not trimmed.")
	FindMapMissingRequired = inspector.Define("conf-map-missing-required-key", inspector.SeverityError, "params lacks scope, client_id or response_type: Neo4j does not start.")
	FindMapUnknownKey      = inspector.Define("conf-map-unknown-key", inspector.SeverityError, "config holds a key Neo4j 5+ does not accept: Neo4j does not start.")
	FindMapUntrimmedValue  = inspector.Define("conf-map-untrimmed-value", inspector.SeverityWarning, "A map value with leading or trailing spaces or a final line break keeps them: map settings are never trimmed, so the identity provider or the SSO client reads it as written.")
	FindMapDuplicateKey    = inspector.Define("conf-map-duplicate-key", inspector.SeverityWarning, "A map setting names a key twice; the later value wins.")
	FindConfigValue        = inspector.Define("conf-config-value-unknown", inspector.SeverityWarning, "A config value the Browser's SSO client does not understand (token type, challenge method, boolean).")
	FindResponseType       = inspector.Define("conf-response-type-mismatch", inspector.SeverityWarning, "params response_type does not fit auth_flow (code for PKCE, token / id_token for implicit).")
	FindAuthDisabled       = inspector.Define("conf-auth-disabled", inspector.SeverityWarning, "dbms.security.auth_enabled=false: no login, so OIDC is never used.")

	// Providers (spec §1, §2.2).
	FindProviderNotConfigured = inspector.Define("provider-not-configured", inspector.SeverityWarning, "oidc-<p> is listed in the providers but no dbms.security.oidc.<p>.* setting exists.")
	FindProviderNotEnabled    = inspector.Define("provider-not-enabled", inspector.SeverityWarning, "A provider is configured but not listed in authentication or authorization providers.")
	FindProviderAuthzOnly     = inspector.Define("provider-authorization-only", inspector.SeverityInfo, "A provider is listed in authorization_providers only: no one logs in with it.")
	FindProviderMetadata      = inspector.Define("provider-metadata-incomplete", inspector.SeverityWarning, "No well_known_discovery_uri and not every endpoint set by hand (issuer, jwks_uri, auth_endpoint, token_endpoint).")
	FindProviderNoParams      = inspector.Define("provider-params-missing", inspector.SeverityWarning, "No params: the Browser drops the provider (no client_id, response_type, scope).")
	FindProviderNoAudience    = inspector.Define("provider-audience-missing", inspector.SeverityWarning, "No audience: the aud claim of tokens cannot match.")
	FindProviderNoDisplayName = inspector.Define("provider-display-name-missing", inspector.SeverityWarning, "No display_name: the Browser drops the provider (discovery needs a name).")
	FindUsernameNotSub        = inspector.Define("username-claim-not-sub", inspector.SeverityWarning, "claims.username is not sub: the docs advise sub, unique and stable per user.")
	FindImplicitDeprecated    = inspector.Define("implicit-flow-deprecated", inspector.SeverityWarning, "auth_flow=implicit: deprecated from Neo4j 2026.06; use PKCE.")
	FindHTTPNotLocalhost      = inspector.Define("uri-http-not-localhost", inspector.SeverityWarning, "An http:// OIDC URI outside localhost: tokens and keys travel unprotected.")
	FindRequireLocalUser      = inspector.Define("require-local-user", inspector.SeverityInfo, "require_local_user=true: every SSO user needs a local user with SET AUTH 'oidc-<p>'.")
	FindABACProvider          = inspector.Define("abac-provider-invalid", inspector.SeverityWarning, "An ABAC provider that is not native (2026.06+) or an OIDC provider also in authorization_providers.")

	// group_to_role_mapping (spec §3.3).
	FindMappingInvalid      = inspector.Define("mapping-invalid-entry", inspector.SeverityError, "A group_to_role_mapping entry that does not parse (no '=', empty group name).")
	FindMappingCommaGroup   = inspector.Define("mapping-comma-group-key", inspector.SeverityWarning, "A group key with commas (g1,g2=role): removed from the docs; write one group per entry.")
	FindMappingRoleSpace    = inspector.Define("mapping-role-space-after-comma", inspector.SeverityWarning, "A space after a comma between roles: roles are not trimmed, so ' publisher' is no role.")
	FindMappingDuplicate    = inspector.Define("mapping-duplicate-group", inspector.SeverityWarning, "A group is mapped twice; the later entry replaces the earlier one.")
	FindMappingUnknownRole  = inspector.Define("mapping-unknown-role", inspector.SeverityWarning, "A role that is neither built-in nor declared as custom: it grants nothing until CREATE ROLE.")
	FindMappingNoRoles      = inspector.Define("mapping-no-roles", inspector.SeverityWarning, "A group mapped to no role at all.")
	FindMappingRoleCase     = inspector.Define("mapping-role-case", inspector.SeverityWarning, "A role that differs from a built-in role only by case: role names are case-sensitive.")
	FindMappingQuotedSpaces = inspector.Define("mapping-group-whitespace", inspector.SeverityWarning, "A quoted group name with leading or trailing spaces inside the quotes.")
	FindMappingNeverApplies = inspector.Define("mapping-never-applies", inspector.SeverityWarning, "A group_to_role_mapping that grants nothing: the provider is not an authorization provider, or claims.groups is not set.")
)

// Finding codes of the configuration generated from a sign-in.
var (
	FindConfigIDToken         = inspector.Define("config-validates-id-token", inspector.SeverityInfo, "The generated block makes Neo4j validate the ID token: the access token is opaque or not meant for this API.")
	FindConfigClientSecret    = inspector.Define("config-client-secret-placeholder", inspector.SeverityWarning, "The provider (Google) needs the client secret on the token request even with PKCE: the generated token_params holds a placeholder to replace.")
	FindConfigNoGroups        = inspector.Define("config-no-groups-claim", inspector.SeverityWarning, "The token Neo4j will validate carries no groups claim: the generated block maps no roles.")
	FindConfigGroupUnmappable = inspector.Define("config-group-unmappable", inspector.SeverityWarning, "A group the token carries cannot be written in group_to_role_mapping (a ';' in its name, an empty name, a line break): the generated mapping leaves it out, so it grants no role.")
)
