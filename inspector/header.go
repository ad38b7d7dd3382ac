package inspector

import (
	"fmt"
	"strings"
)

// checkHeader reports the header members that change how a token must be
// treated: alg none, self-named keys (RFC 8725 §3.10 / §2.6), crit (RFC 7515
// §4.1.11), a nonce (Entra Graph), a nested JWT.
func checkHeader(t *Token) {
	h := t.Header
	alg, hasAlg := h.String("alg")
	switch {
	case !hasAlg:
		t.Findings = append(t.Findings, FindAlgMissing.New(
			"The JOSE header has no alg member, so no verifier can check the signature.",
			"Check how the token was produced; every JWS header names its algorithm (RS256, ES256...).", "header"))
	case strings.EqualFold(alg, "none"):
		t.Findings = append(t.Findings, FindAlgNone.New(
			"This token is unsigned (alg \"none\"): anyone could have written it, and no server (Neo4j included) may accept it (RFC 8725 §3.1).",
			"Configure the issuer to sign tokens (RS256 or ES256).", fmt.Sprintf("alg=%q", alg)))
	}
	for _, name := range []string{"jku", "x5u", "jwk", "x5c"} {
		if _, ok := h.Get(name); ok {
			t.Findings = append(t.Findings, FindHeaderKeyRef.Newf(
				"Verify against the issuer's published JWKS (OIDC discovery → jwks_uri), never against a key the token names itself.",
				name,
				"The header names its own key (%s). Whoever made the token chose that key, so it proves nothing; SSO Lens never uses it (RFC 8725 §3.10).", name))
		}
	}
	if raw, ok := h.Get("crit"); ok {
		names, _ := rawStrings(raw)
		t.Findings = append(t.Findings, FindHeaderCrit.Newf(
			"A verifier that does not implement every listed extension must reject the token (RFC 7515 §4.1.11); expect most servers, Neo4j likely included, to reject it.",
			string(raw),
			"The header marks extensions as critical: %s.", strings.Join(names, ", ")))
	}
	if _, ok := h.Get("nonce"); ok {
		t.Findings = append(t.Findings, FindHeaderNonce.New(
			"The header carries a nonce, as Entra ID access tokens for Microsoft Graph do: the signature covers a hash of the nonce, so nobody but Microsoft Graph can verify it.",
			"Entra ID: expose an API on your app registration and request its scope (api://<client-id>/<scope>) so the access token is issued for your API, or use the ID token.",
			"header nonce"))
	}
	if _, ok := h.Get("kid"); !ok && hasAlg && !strings.EqualFold(alg, "none") {
		t.Findings = append(t.Findings, FindKidMissing.New(
			"The header has no kid, so a verifier cannot pick the key by id and must try each key of the issuer.",
			"Usually harmless with a single signing key; with several keys, configure the issuer to include kid.", "header"))
	}
	if cty, ok := h.String("cty"); ok && strings.EqualFold(cty, "JWT") {
		t.Findings = append(t.Findings, FindNestedJWT.New(
			"The header says the payload is itself a JWT (cty JWT): a nested token.",
			"Inspect the inner token too.", "cty=JWT"))
	}
}

// signatureBytes is the exact length of fixed-size signatures (RFC 7518
// §3.4: ECDSA is R||S, not DER; RFC 8037: Ed25519 is 64 bytes).
var signatureBytes = map[string]int{
	"ES256": 64, "ES384": 96, "ES512": 132, "EdDSA": 64, "Ed25519": 64,
	"HS256": 32, "HS384": 48, "HS512": 64,
}

// checkSignatureShape catches a missing or cut-off signature before any key
// is fetched.
func checkSignatureShape(t *Token, sigSeg string) {
	alg, _ := t.Header.String("alg")
	if strings.EqualFold(alg, "none") || alg == "" {
		return
	}
	if sigSeg == "" {
		t.Findings = append(t.Findings, FindSignatureMissing.Newf(
			"Copy the whole token: the part after the second dot is the signature.",
			"segment 3 (signature) is empty",
			"The header says %s, but the signature segment is empty: the token was cut off after the payload, or stripped.", alg))
		return
	}
	if len(t.Segments) < 3 || t.Segments[2] == nil {
		return // decodeSegment already reported it
	}
	sig := t.Segments[2]
	if want, ok := signatureBytes[alg]; ok && len(sig) != want {
		t.Findings = append(t.Findings, FindSignatureLength.Newf(
			"Copy the whole token again; if the issuer is your own code, encode ECDSA signatures as R||S (RFC 7518 §3.4), not DER.",
			fmt.Sprintf("%d bytes", len(sig)),
			"A %s signature is exactly %d bytes; this one is %d.", alg, want, len(sig)))
	}
	if strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS") {
		if len(sig) < 256 {
			t.Findings = append(t.Findings, FindSignatureLength.Newf(
				"Copy the whole token again: RSA signatures are as long as the key (256 bytes for 2048-bit keys), and keys under 2048 bits are not accepted by current verifiers.",
				fmt.Sprintf("%d bytes", len(sig)),
				"A %s signature of %d bytes means a key under 2048 bits or a truncated token.", alg, len(sig)))
		}
	}
}
