package inspector

import (
	"crypto"
	_ "crypto/sha256" // at_hash / c_hash hashes
	_ "crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/internal/lazyre"
)

// checkClaims checks iss, aud, azp, nonce, at_hash, c_hash, sub, typ and the
// times, each recorded as a Check with what was expected and what was found.
// A check with nothing to compare against is not recorded.
func (v *verifier) checkClaims(expectedIss, alg string) {
	v.checkIssuer(expectedIss)
	v.checkAudience()
	v.checkAzp()
	v.checkNonce()
	v.checkHash("at_hash", v.cfg.AccessToken, alg, FindAtHashMismatch, "access token")
	v.checkHash("c_hash", v.cfg.Code, alg, FindCHashMismatch, "authorization code")
	v.checkTimeClaims()
	v.checkSub()
	v.checkTyp()
}

// checkIssuer compares iss exactly (RFC 8725 §3.8; Neo4j compares strings).
func (v *verifier) checkIssuer(expected string) {
	if expected == "" {
		return
	}
	// The expected issuer is the user's flag or setting: a password in
	// its URL is never shown (compared as given, shown redacted).
	shown := discovery.RedactURL(expected)
	iss, ok := v.t.Claims.String("iss")
	if ok && iss == expected {
		v.check("iss", true, shown, iss)
		return
	}
	v.check("iss", false, shown, orAbsent(iss))
	if ok && strings.TrimRight(iss, "/") == strings.TrimRight(expected, "/") {
		v.add(FindIssTrailingSlash.Newf(
			fmt.Sprintf("Set the issuer to exactly %s (Neo4j's issuer setting too): issuers are compared as exact strings.", iss),
			fmt.Sprintf("iss %q, expected %q", iss, shown),
			"The token's iss is %q but the expected issuer is %q: they differ only by a trailing slash, and the comparison is exact, so the token is rejected.", iss, shown))
		return
	}
	if v.entraVersionMismatch(iss, expected) {
		return
	}
	v.add(FindIssMismatch.Newf(
		"Check that the token comes from the provider (tenant, realm, authorization server) you configured, and set the issuer exactly as the token's iss if it does.",
		fmt.Sprintf("iss %q, expected %q", orAbsent(iss), shown),
		"The token's iss is %q; the expected issuer is %q.", orAbsent(iss), shown))
}

var (
	entraV1Issuer = lazyre.New(`^https://sts\.windows\.net/([^/]+)/$`)
	entraV2Issuer = lazyre.New(`^https://login\.microsoftonline\.com/([^/]+)/v2\.0$`)
)

// entraVersionMismatch explains an Entra v1 token checked against a v2
// issuer or the reverse. It reports whether it added a finding.
func (v *verifier) entraVersionMismatch(iss, expected string) bool {
	var tokenVer, wantVer string
	switch {
	case entraV1Issuer().MatchString(iss) && entraV2Issuer().MatchString(expected):
		tokenVer, wantVer = "v1", "v2"
	case entraV2Issuer().MatchString(iss) && entraV1Issuer().MatchString(expected):
		tokenVer, wantVer = "v2", "v1"
	default:
		return false
	}
	v.add(FindEntraTokenVersion.Newf(
		"Either set the issuer to the token's form ("+iss+", with the matching audience: api://<client-id> for v1, <client-id> for v2), or make Entra issue "+wantVer+" tokens (app manifest: accessTokenAcceptedVersion = 2 for v2).",
		fmt.Sprintf("iss %q, expected %q", iss, expected),
		"The token is an Entra %s token (iss %q) but the expected issuer is the %s form (%q). Entra issues v1 access tokens to APIs unless the app manifest says accessTokenAcceptedVersion 2.",
		tokenVer, iss, wantVer, expected))
	return true
}

// checkAudience passes when any aud value is an expected audience
// (RFC 8725 §3.9; Neo4j's audience list).
func (v *verifier) checkAudience() {
	want := v.cfg.Audiences
	if len(want) == 0 {
		return
	}
	aud, ok := v.t.Claims.Strings("aud")
	actual := "(absent)"
	if ok {
		actual = strings.Join(aud, ", ")
	}
	expected := strings.Join(want, " or ")
	for _, a := range aud {
		if slices.Contains(want, a) {
			v.check("aud", true, expected, actual)
			return
		}
	}
	v.check("aud", false, expected, actual)
	if isGraphAudience(aud) {
		return // checkProvider explains it
	}
	fix := "Configure the audience to the token's aud if this token is meant for you; otherwise request a token for your API (Okta custom server: api://default; Auth0: the API identifier; Entra: api://<client-id>/<scope>)."
	msg := fmt.Sprintf("The token's aud is %s; none of it is an expected audience (%s).", actual, expected)
	for _, a := range aud {
		for _, w := range want {
			if a == "api://"+w || w == "api://"+a {
				msg += fmt.Sprintf(" %q and %q are the Entra v1 and v2 forms of the same client id: v1 access tokens carry api://<client-id>, v2 ones the bare client id.", a, w)
				fix = "Set the audience to the form the token carries (" + a + "), or change accessTokenAcceptedVersion in the Entra app manifest so tokens carry " + w + "."
			}
		}
	}
	v.add(FindAudMismatch.New(msg, fix, fmt.Sprintf("aud %s, expected %s", actual, expected)))
}

// checkAzp compares azp with the client id; Neo4j 4.4-5.18 require it when
// aud has several values (OIDC Core §3.1.3.7 point 4-5).
func (v *verifier) checkAzp() {
	if v.cfg.ClientID == "" {
		return
	}
	azp, ok := v.t.Claims.String("azp")
	aud, _ := v.t.Claims.Strings("aud")
	if !ok {
		if len(aud) > 1 {
			v.check("azp", false, v.cfg.ClientID, "(absent)")
			v.add(FindAzpMismatch.Newf(
				"Neo4j 5.19+ no longer checks azp; on older servers have the provider add azp, or issue a token with a single audience.",
				fmt.Sprintf("aud %s, no azp", strings.Join(aud, ", ")),
				"The token has %d audiences but no azp; Neo4j 4.4-5.18 require azp = client id (%s) then.", len(aud), v.cfg.ClientID))
		}
		return
	}
	if azp == v.cfg.ClientID {
		v.check("azp", true, v.cfg.ClientID, azp)
		return
	}
	v.check("azp", false, v.cfg.ClientID, azp)
	v.add(FindAzpMismatch.Newf(
		"Use a token issued to this client, or set the client id to the token's azp.",
		fmt.Sprintf("azp %q, client id %q", azp, v.cfg.ClientID),
		"The token's azp is %q, not the client id %q: it was issued to another client.", azp, v.cfg.ClientID))
}

func (v *verifier) checkNonce() {
	if v.cfg.Nonce == "" {
		return
	}
	nonce, ok := v.t.Claims.String("nonce")
	if ok && subtle.ConstantTimeCompare([]byte(nonce), []byte(v.cfg.Nonce)) == 1 {
		v.check("nonce", true, v.cfg.Nonce, nonce)
		return
	}
	v.check("nonce", false, v.cfg.Nonce, orAbsent(nonce))
	v.add(FindNonceMismatch.Newf(
		"Use the ID token from the same sign-in as the nonce; a different nonce means a replayed or mixed-up token.",
		fmt.Sprintf("nonce %q, expected %q", orAbsent(nonce), v.cfg.Nonce),
		"The ID token's nonce is %q, not the %q sent in the authorization request.", orAbsent(nonce), v.cfg.Nonce))
}

// HalfHash is the at_hash / c_hash of value for a JWS alg: the base64url of
// the left half of its hash (OIDC Core §3.1.3.6). ok is false for an alg
// without a defined hash.
func HalfHash(alg, value string) (string, bool) {
	var h crypto.Hash
	switch {
	case alg == "EdDSA", strings.HasSuffix(alg, "512"):
		h = crypto.SHA512
	case strings.HasSuffix(alg, "384"):
		h = crypto.SHA384
	case strings.HasSuffix(alg, "256"):
		h = crypto.SHA256
	default:
		return "", false
	}
	w := h.New()
	w.Write([]byte(value))
	sum := w.Sum(nil)
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2]), true
}

func (v *verifier) checkHash(claim, value, alg string, def *Def, what string) {
	if value == "" {
		return
	}
	got, ok := v.t.Claims.String(claim)
	if !ok {
		return // optional in the code flow; nothing to compare
	}
	want, known := HalfHash(alg, value)
	if !known {
		return
	}
	if got == want {
		v.check(claim, true, want, got)
		return
	}
	v.check(claim, false, want, got)
	v.add(def.Newf(
		"Use the "+what+" issued together with this ID token (same token response).",
		fmt.Sprintf("%s %q, computed %q (%s)", claim, got, want, alg),
		"The ID token's %s is %q, but the %s given hashes to %q (left half of its %s hash): they were not issued together.", claim, got, what, want, alg))
}

// checkTimeClaims records exp, nbf and iat as checks. Decode already made
// the findings; these say what was compared.
func (v *verifier) checkTimeClaims() {
	now := v.cfg.Options.now()
	skew := v.cfg.Options.skew()
	stamp := func(at time.Time) string { return at.UTC().Format(time.RFC3339) }
	// tm.UTC is stamp(tm.At()), made when the token was decoded.
	if tm, ok := v.t.Times["exp"]; ok {
		v.check("exp", now.Before(tm.At()), "after now ("+stamp(now)+")", tm.UTC+", "+tm.Relative)
	}
	notAfter := ""
	for _, name := range []string{"nbf", "iat"} {
		if tm, ok := v.t.Times[name]; ok {
			if notAfter == "" {
				notAfter = "not after now + " + skew.String() + " skew (" + stamp(now.Add(skew)) + ")"
			}
			v.check(name, tm.At().Sub(now) <= skew, notAfter, tm.UTC+", "+tm.Relative)
		}
	}
}

func (v *verifier) checkSub() {
	sub, ok := v.t.Claims.String("sub")
	if ok && sub != "" {
		v.check("sub", true, "a non-empty string", sub)
		return
	}
	actual := "(absent)"
	if raw, present := v.t.Claims.Get("sub"); present {
		actual = excerpt(raw)
	}
	v.check("sub", false, "a non-empty string", actual)
	v.add(FindSubMissing.Newf(
		"Configure the provider to include sub (a string): Neo4j requires it even when claims.username names another claim.",
		"sub: "+actual,
		"The token's sub is %s; Neo4j rejects JWTs without a string sub.", actual))
}

// checkTyp applies explicit typing (RFC 8725 §3.11): other kinds of JWT
// (logout tokens, DPoP proofs, security events) must not pass as tokens.
func (v *verifier) checkTyp() {
	typ, ok := v.t.Header.String("typ")
	if !ok {
		return
	}
	lower := strings.ToLower(strings.TrimPrefix(strings.ToLower(typ), "application/"))
	switch lower {
	case "jwt":
		v.check("typ", true, "JWT or at+jwt", typ)
	case "at+jwt":
		v.check("typ", true, "JWT or at+jwt", typ)
		v.add(FindTypAccessToken.Newf(
			"Use it where an access token is expected (Neo4j token_type_authentication=access_token); verifiers of ID tokens should reject it.",
			"typ="+typ,
			"The header typ is %q: an RFC 9068 JWT access token, not an ID token.", typ))
	default:
		v.check("typ", false, "JWT or at+jwt", typ)
		v.add(FindTypNotToken.Newf(
			"Send an access or ID token, not this "+typ+" JWT.",
			"typ="+typ,
			"The header typ is %q: another kind of JWT (a logout token, DPoP proof or security event?), which must not be accepted as an access or ID token (RFC 8725 §3.11).", typ))
	}
}

// graphTokenFix is the fix of an Entra access token for Microsoft Graph:
// a token for your own API, or the ID token.
const graphTokenFix = "In Entra, expose an API on your app registration and request its scope (api://<client-id>/<scope>, e.g. in Neo4j's params scope=openid profile api://<client-id>/access) so the access token is for your API; or use the ID token."

// Graph's audience values: its tokens are signed for Graph alone.
var graphAudiences = []string{"00000003-0000-0000-c000-000000000000", "https://graph.microsoft.com", "https://graph.microsoft.com/"}

func isGraphAudience(aud []string) bool {
	for _, a := range aud {
		if slices.Contains(graphAudiences, a) {
			return true
		}
	}
	return false
}

var oktaHost = lazyre.New(`(?i)\.(okta|oktapreview|okta-emea|okta-gov)\.com$`)

// checkProvider adds the provider gotchas that explain a failure better
// than the generic findings (neo4j-sso-behaviour §8).
func (v *verifier) checkProvider() {
	c := v.t.Claims
	v.checkAdvertisedAlg()
	aud, _ := c.Strings("aud")
	if isGraphAudience(aud) && !slices.ContainsFunc(v.t.Findings, func(f Finding) bool { return f.Code == FindEntraGraphToken.Code }) {
		msg := fmt.Sprintf("This is an Entra access token for Microsoft Graph (aud %s): Graph tokens are signed for Graph alone", strings.Join(aud, ", "))
		if _, ok := v.t.Header.Get("nonce"); ok {
			msg += " (the header nonce is hashed before verification, so the signature fails for everyone else)"
		}
		msg += ", and Neo4j cannot validate it."
		v.add(FindEntraGraphToken.New(msg, graphTokenFix, "aud "+strings.Join(aud, ", ")))
	}
	iss, _ := c.String("iss")
	if v.t.Role != RoleAccessToken || !strings.Contains(strings.ToLower(iss), "okta") {
		return // (every Okta host has "okta" in it: no URL to parse)
	}
	if u, err := url.Parse(iss); err == nil && oktaHost().MatchString(u.Hostname()) && strings.Trim(u.Path, "/") == "" {
		v.add(FindOktaOrgASToken.Newf(
			"Use a custom authorization server (e.g. https://<org>.okta.com/oauth2/default) as Neo4j's issuer, so access tokens carry aud api://default and can be verified.",
			"iss "+iss,
			"The access token's iss is %q: Okta's org authorization server, whose access tokens are for Okta's own APIs only and cannot be validated by you or Neo4j.", iss))
	}
}

// checkAdvertisedAlg compares an ID token's alg with the discovery
// document's id_token_signing_alg_values_supported (OIDC Discovery §3): a
// client that honours the list refuses an ID token signed otherwise, and a
// mismatch usually means a key of the wrong type was added at the
// provider. Access tokens are not covered by the list, so they are not
// checked.
func (v *verifier) checkAdvertisedAlg() {
	if v.metadata == nil || v.t.Role != RoleIDToken || v.t.Signature == nil {
		return
	}
	algs := v.metadata.Metadata.IDTokenSigningAlgValuesSupported
	if len(algs) == 0 || slices.Contains(algs, v.t.Signature.Alg) {
		return
	}
	v.add(FindAlgNotAdvertised.Newf(
		"Sign ID tokens with one of the advertised algorithms (the provider's signing key settings), or fix the provider's discovery document.",
		fmt.Sprintf("alg %s; id_token_signing_alg_values_supported %s at %s", v.t.Signature.Alg, strings.Join(algs, ", "), v.metadata.URL),
		"The ID token is signed with %s, which the provider's discovery document does not list (it lists %s).", v.t.Signature.Alg, strings.Join(algs, ", ")))
}
