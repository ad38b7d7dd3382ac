package inspector

// The finding codes of verification: the checks that need keys, an expected
// issuer or audience, or the provider's metadata. Decoding already reports
// what the token alone shows (alg-none, header-key-reference, token-expired...).
var (
	// Signature and keys.
	FindSignatureInvalid          = Define("signature-invalid", SeverityError, "The signature does not verify with the issuer's key: the token was altered, or signed by another key.")
	FindSignatureNotChecked       = Define("signature-not-checked", SeverityInfo, "The signature was not checked: no key source was given and the network was not to be used.")
	FindTokenNotVerifiable        = Define("token-not-verifiable", SeverityError, "The token is not a signed JWT (JWE, opaque or malformed), so no signature can be checked.")
	FindKidNotFound               = Define("kid-not-found", SeverityError, "The token's kid is not in the issuer's key set, even after a refetch.")
	FindNoMatchingKey             = Define("no-matching-key", SeverityError, "The key set has no key usable for the token's alg (no kid to pick one).")
	FindAlgConfusion              = Define("alg-confusion", SeverityError, "An HMAC (HS*) token was presented where the key is public (RSA/EC/OKP): the algorithm-confusion attack.")
	FindAlgKeyMismatch            = Define("alg-key-mismatch", SeverityError, "The token's alg is not one the key allows (key type, curve or the JWK's alg).")
	FindKeyReferenceUntrusted     = Define("key-reference-untrusted", SeverityError, "The header's jku or x5u points away from the issuer's host: a key an attacker could choose.")
	FindCritUnsupported           = Define("crit-unsupported", SeverityError, "The header lists critical extensions no verifier here understands; RFC 7515 §4.1.11 requires rejection.")
	FindRSAKeyShort               = Define("rsa-key-short", SeverityError, "An RSA key under 2048 bits (RFC 7518 §3.3): refused, so a signature made with it is not verified.")
	FindDuplicateKid              = Define("jwks-duplicate-kid", SeverityWarning, "The key set holds several keys under one kid; each is tried and the one that matched is named.")
	FindHMACKeyShort              = Define("hmac-secret-short", SeverityWarning, "The HMAC secret is shorter than the hash output RFC 7518 §3.2 requires.")
	FindDiscoveryFailed           = Define("discovery-failed", SeverityError, "The provider's discovery document could not be fetched: no answer (DNS, connection, timeout, TLS), or an access or server error (401, 403, 407, 5xx) that may go otherwise from elsewhere or later.")
	FindDiscoveryUnusable         = Define("discovery-unusable", SeverityError, "The discovery URL answers, but not with a usable discovery document (HTTP 404 or another client error, not JSON, no issuer or no jwks_uri): no one gets keys from it.")
	FindJWKSFailed                = Define("jwks-fetch-failed", SeverityError, "The provider's key set (JWKS) could not be fetched or read.")
	FindKeyFileInvalid            = Define("key-file-invalid", SeverityError, "The given JWKS file, PEM file or secret could not be read as a key.")
	FindIssuerNotPinned           = Define("issuer-not-pinned", SeverityInfo, "No issuer was configured: the keys came from the issuer the token names, which proves only that it is that issuer's token.")
	FindDiscoveryIssuer           = Define("discovery-issuer-mismatch", SeverityError, "The discovery document's issuer differs from the issuer it was fetched for.")
	FindDiscoveryIssuerOverridden = Define("discovery-issuer-overridden", SeverityWarning, "An issuer setting differs from the discovery document's issuer: the setting wins (Neo4j), so tokens must carry it, and the document's keys are used.")
	FindEntraTenantTemplate       = Define("entra-tenant-template", SeverityWarning, "Entra multi-tenant discovery publishes the issuer template {tenantid}; no token matches it literally.")
	FindAlgNotAdvertised          = Define("alg-not-advertised", SeverityWarning, "The ID token is signed with an algorithm the provider's discovery document does not list in id_token_signing_alg_values_supported.")
	FindClockOffset               = Define("clock-offset", SeverityWarning, "This machine's clock differs from the provider's (HTTP Date header) by more than 30 s.")

	// Claims.
	FindIssMismatch      = Define("iss-mismatch", SeverityError, "The token's iss is not the expected issuer (exact string comparison).")
	FindIssTrailingSlash = Define("iss-trailing-slash", SeverityError, "The token's iss and the expected issuer differ only by a trailing slash; exact comparison still fails.")
	FindAudMismatch      = Define("aud-mismatch", SeverityError, "None of the token's audiences is an expected audience.")
	FindAzpMismatch      = Define("azp-mismatch", SeverityError, "The token's azp is not the client id (Neo4j 4.4-5.18 check it when aud has several values).")
	FindNonceMismatch    = Define("nonce-mismatch", SeverityError, "The ID token's nonce is not the one sent in the authorization request.")
	FindAtHashMismatch   = Define("at-hash-mismatch", SeverityError, "The ID token's at_hash does not match the access token (OIDC Core §3.1.3.6).")
	FindCHashMismatch    = Define("c-hash-mismatch", SeverityError, "The ID token's c_hash does not match the authorization code (OIDC Core §3.3.2.11).")
	FindSubMissing       = Define("sub-missing", SeverityError, "The token has no sub; Neo4j requires one even when another claim is the username.")
	FindTypNotToken      = Define("typ-not-token", SeverityError, "The header typ marks another kind of JWT (logout token, DPoP proof, SET), not an access or ID token.")
	FindTypAccessToken   = Define("typ-at-jwt", SeverityInfo, "The header typ is at+jwt: an RFC 9068 access token, not an ID token.")

	// Provider gotchas.
	FindEntraGraphToken   = Define("entra-graph-token", SeverityError, "An Entra access token for Microsoft Graph: only Graph can verify it; request a scope of your own API.")
	FindEntraTokenVersion = Define("entra-token-version", SeverityError, "Entra v1 and v2 issuer/audience forms are mixed (sts.windows.net vs login.microsoftonline.com/…/v2.0, api://id vs id).")
	FindOktaOrgASToken    = Define("okta-org-as-token", SeverityError, "An access token of Okta's org authorization server: meant for Okta's own APIs, not verifiable by you.")
)
