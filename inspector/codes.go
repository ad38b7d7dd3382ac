package inspector

// The finding codes of token triage and decoding. docs/findings.md lists
// every code; a test keeps the two in step.
var (
	// Input.
	FindEmptyInput      = Define("empty-input", SeverityError, "Nothing was pasted or the file is empty.")
	FindNoTokenFound    = Define("no-token-found", SeverityError, "The input holds no JWT, JWE or recognisable opaque token.")
	FindInputNotUTF8    = Define("input-not-utf8", SeverityWarning, "The input is binary or not valid UTF-8; only token-shaped text in it was read.")
	FindInputTruncated  = Define("input-truncated", SeverityWarning, "The input was larger than the inspect limit; only its start was read.")
	FindTokenResponse   = Define("token-endpoint-error", SeverityError, "A token endpoint response carries an OAuth error instead of tokens.")
	FindExpiresIn       = Define("expires-in-invalid", SeverityWarning, "A token response's expires_in is neither a number nor a numeric string.")
	FindExpiresInString = Define("expires-in-string", SeverityInfo, "A token response sends expires_in as a string (Entra, PayPal); tolerated by most clients.")
	FindRedirectError   = Define("authorization-error", SeverityError, "A redirect URL carries error / error_description from the authorization server.")
	FindRedirectCode    = Define("authorization-code", SeverityInfo, "A redirect URL carries an authorization code, not a token: it must be exchanged at the token endpoint.")
	FindSecretInInput   = Define("secret-in-input", SeverityWarning, "The input contains a client secret or password; don't share it.")
	FindNotTokenJSON    = Define("json-not-token", SeverityWarning, "JSON input that is neither a token response nor a HAR file (a JWKS, decoded claims...).")

	// Token shape and encoding.
	FindTooLarge          = Define("token-too-large", SeverityError, "A token is larger than any real token (1 MiB); it was not decoded.")
	FindSegmentCount      = Define("segment-count", SeverityError, "A JOSE token must have 3 (JWS) or 5 (JWE) dot-separated segments.")
	FindBase64Invalid     = Define("base64url-invalid", SeverityError, "A segment holds a character outside the base64url alphabet, or has an impossible length.")
	FindBase64Standard    = Define("base64-standard-alphabet", SeverityWarning, "A segment uses standard base64 (+ /) instead of base64url (- _); strict parsers reject it.")
	FindBase64Padded      = Define("base64url-padded", SeverityWarning, "A segment carries = padding, which JWS compact form forbids; strict parsers reject it.")
	FindHeaderNotJSON     = Define("header-not-json", SeverityError, "The JOSE header does not decode to a JSON object.")
	FindPayloadNotJSON    = Define("payload-not-json", SeverityError, "The JWT payload does not decode to a JSON object of claims.")
	FindAlgMissing        = Define("alg-missing", SeverityError, "The JOSE header has no alg.")
	FindAlgNone           = Define("alg-none", SeverityError, "The token is unsigned (alg none); no server may accept it.")
	FindSignatureMissing  = Define("signature-missing", SeverityError, "The token names a signing algorithm but has no signature (truncated?).")
	FindSignatureLength   = Define("signature-length", SeverityError, "The signature has the wrong length for its algorithm (truncated or DER-encoded?).")
	FindDuplicateClaim    = Define("duplicate-claim", SeverityWarning, "A claim or header name appears twice; RFC 7519 §4 leaves the result to the parser.")
	FindHeaderKeyRef      = Define("header-key-reference", SeverityWarning, "The header names its own key (jku, x5u, jwk, x5c); SSO Lens never trusts it.")
	FindHeaderCrit        = Define("header-crit", SeverityWarning, "The header lists critical extensions a verifier must understand or reject.")
	FindHeaderNonce       = Define("header-nonce", SeverityWarning, "A nonce in the JOSE header (Entra Graph style): only the token's audience can verify it.")
	FindKidMissing        = Define("kid-missing", SeverityInfo, "The header has no kid; a verifier must try every key of the issuer.")
	FindNestedJWT         = Define("nested-jwt", SeverityInfo, "The header says the payload is itself a JWT (cty JWT).")
	FindJWE               = Define("token-encrypted", SeverityWarning, "The token is a JWE: encrypted, so only its header is readable.")
	FindLoggedClaims      = Define("claims-without-token", SeverityInfo, "A log holds a token's claims (Neo4j's security.log at DEBUG) but not the token: readable, never verifiable.")
	FindOpaque            = Define("opaque-token", SeverityInfo, "The token is opaque: not a JWT, so only its issuer can read or validate it.")
	FindNotAToken         = Define("not-a-token", SeverityError, "The text is not token-shaped: it has characters no token uses.")
	FindClaimsNotAnObject = Define("claims-not-object", SeverityError, "A claim has a type other than the one its RFC requires.")

	// Times.
	FindExpired         = Define("token-expired", SeverityError, "The token's exp is in the past.")
	FindExpiringSoon    = Define("token-expiring-soon", SeverityWarning, "The token expires within the clock skew allowance.")
	FindNotYetValid     = Define("token-not-yet-valid", SeverityError, "The token's nbf is in the future, beyond the clock skew allowance.")
	FindIatFuture       = Define("iat-in-future", SeverityWarning, "The token was issued in the future: the issuer's clock or this one is off.")
	FindExpMissing      = Define("exp-missing", SeverityInfo, "The token has no exp; it never expires, and many servers reject that.")
	FindExpBeforeIat    = Define("exp-before-iat", SeverityError, "The token expires before it was issued.")
	FindNumericDateType = Define("numeric-date-not-number", SeverityError, "A time claim (exp, nbf, iat...) is not a JSON number, as RFC 7519 §2 requires.")
	FindNumericDateBad  = Define("numeric-date-invalid", SeverityError, "A time claim is negative or out of range.")
)
