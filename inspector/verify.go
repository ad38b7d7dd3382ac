package inspector

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/discovery"
)

// VerifyConfig says what to verify a token against. The key source is the
// first of Secret, PEMFile, JWKSFile, JWKSURL, DiscoveryURL, Issuer that is
// set; with none, the token's own iss is discovered (unless Offline). Keys
// the token names itself (jku, x5u, jwk, x5c) are never used (RFC 8725
// §3.10).
type VerifyConfig struct {
	// Issuer is the expected iss, compared exactly, as Neo4j does. Without
	// it the issuer from DiscoveryURL's document is expected.
	Issuer       string
	DiscoveryURL string
	JWKSURL      string
	// JWKSFile is a JWKS (or one JWK) on disk: for offline checks.
	JWKSFile string
	// PEMFile is a public key (PKIX or PKCS #1) or an X.509 certificate.
	PEMFile string
	// Secret is an HMAC shared secret, as text; prefix it with "base64:" to
	// give its bytes in base64 or base64url instead.
	Secret string
	// Audiences are the accepted audiences; a token passes when any of its
	// aud values is one of them (Neo4j's audience setting).
	Audiences []string
	// Nonce, when set, must equal the ID token's nonce claim.
	Nonce string
	// AccessToken and Code, when set, are checked against at_hash and
	// c_hash (OIDC Core §3.1.3.6, §3.3.2.11) where the token has them.
	AccessToken string
	Code        string
	// ClientID, when set, is compared with azp.
	ClientID string
	// IssuerOverrides makes Issuer a setting that overrides the discovery
	// document's issuer, as Neo4j's settings override what discovery
	// returns: the document's keys are used even when it names another
	// issuer (a warning, not OIDC Discovery §4.3's refusal), and iss is
	// checked against Issuer.
	IssuerOverrides bool
	// Options holds the clock and the skew allowance.
	Options Options
	// HTTPClient makes every fetch; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Offline forbids the network: only Secret, PEMFile and JWKSFile work.
	Offline bool
	// Keys caches discovery documents and key sets; nil means
	// DefaultKeyCache.
	Keys *KeyCache

	// local is the local key source read once by PreloadKeys.
	local *preloaded
}

// preloaded is a local key source (Secret, PEMFile or JWKSFile) as read
// once: the keys, or why they could not be read.
type preloaded struct {
	src *staticKeys
	err error
}

// PreloadKeys reads the local key source (Secret, PEMFile or JWKSFile,
// whichever Verify would use) once and returns a configuration that uses
// what it read, so that verifying many tokens does not read and parse the
// file again for each. A source that cannot be read is reported on every
// token verified with the result, as Verify would. Remote sources are
// cached by Keys already and are left as they are. The result is safe for
// concurrent use.
func (cfg VerifyConfig) PreloadKeys(ctx context.Context) VerifyConfig {
	var (
		src *staticKeys
		err error
	)
	switch {
	case cfg.Secret != "":
		src, err = secretKeys(cfg.Secret)
	case cfg.PEMFile != "":
		src, err = pemKeys(cfg.PEMFile)
	case cfg.JWKSFile != "":
		src, err = jwksFileKeys(ctx, cfg.JWKSFile)
	default:
		return cfg
	}
	cfg.local = &preloaded{src: src, err: err}
	return cfg
}

// MaxClockOffset is the clock difference with the provider that is worth a
// finding: beyond it, fresh tokens look expired or not yet valid.
const MaxClockOffset = 30 * time.Second

// Verify checks a decoded token's signature and claims. It sets
// t.Signature, appends t.Checks and adds findings; it never fails, and it
// never reports a step as passed that it did not perform.
func Verify(ctx context.Context, t *Token, cfg VerifyConfig) {
	if !t.verified {
		t.decodedFindings, t.verified = slices.Clone(t.Findings), true
	}
	v := &verifier{t: t, cfg: cfg, cache: cfg.Keys, client: cfg.HTTPClient}
	if v.cache == nil {
		v.cache = DefaultKeyCache
	}
	if v.client == nil {
		v.client = http.DefaultClient
	}
	ctx = discovery.WithClock(ctx, cfg.Options.Now)
	defer func() { SortFindings(t.Findings) }()

	if t.Kind != KindJWS || t.Header == nil || t.Claims == nil {
		v.notVerifiable()
		return
	}
	alg, _ := t.Header.String("alg")
	kid, _ := t.Header.String("kid")
	t.Signature = &Signature{Alg: alg, Kid: kid}

	src := v.keySource(ctx)
	expectedIss := cfg.Issuer
	if expectedIss == "" && v.metadata != nil {
		expectedIss = v.metadata.Metadata.Issuer
	}
	v.checkKeyReferences(expectedIss)
	v.checkCrit()
	if src != nil {
		t.Signature.KeySource = src.describe()
		v.checkSignature(ctx, src, alg, kid)
		if rs, ok := src.(*RemoteKeySet); ok {
			t.Signature.KeySet = rs.Info(ctx)
			if v.metadata != nil {
				t.Signature.KeySet.DiscoveryURL = v.metadata.URL
				t.Signature.KeySource += " (from discovery " + v.metadata.URL + ")"
			}
			o := rs.lastObservation()
			v.noteClock(o.URL, o.Fetched, o.ProviderDate)
		}
	}
	v.checkClaims(expectedIss, alg)
	v.checkProvider()
}

type verifier struct {
	t        *Token
	cfg      VerifyConfig
	cache    *KeyCache
	client   *http.Client
	metadata *discovery.Result
	// clockNoted avoids a second clock-offset finding for one token.
	clockNoted bool
}

func (v *verifier) add(f Finding) { v.t.Findings = append(v.t.Findings, f) }

func (v *verifier) check(name string, ok bool, expected, actual string) {
	if v.t.Checks == nil {
		v.t.Checks = make([]Check, 0, 8) // iss, aud, exp, nbf, iat, sub, typ, and room
	}
	v.t.Checks = append(v.t.Checks, Check{Name: name, OK: ok, Expected: expected, Actual: actual})
}

// notVerifiable explains why a JWE, an opaque or a broken token has no
// signature to check.
func (v *verifier) notVerifiable() {
	t := v.t
	var why, fix string
	switch t.Kind {
	case KindClaims:
		// Claims as a log wrote them, or pasted decoded: there is no
		// token, and claims-without-token says so; not an error.
		t.Signature = &Signature{Verified: false, Error: "not verifiable: these are a token's claims, not the token"}
		return
	case KindJWE:
		why = "the token is encrypted (JWE): its signature, if any, is inside and only the holder of the decryption key can check it"
		fix = "Neo4j validates signed JWTs only: ask the provider for a signed (JWS) token. Auth0: request an audience (params audience=<API identifier>)."
	case KindOpaque:
		why = "the token is opaque, not a JWT: there is no signature to check, only the issuer can validate it (introspection)"
		fix = "Neo4j needs a JWT: configure the provider to issue JWT access tokens for your API (Auth0: request an audience; Google: use the ID token), or use the ID token."
		if strings.HasPrefix(t.Raw, "ya29.") {
			fix = "Google access tokens are always opaque: use the ID token for Neo4j (config=token_type_principal=id_token;token_type_authentication=id_token)."
		}
	default:
		why = "the token is malformed, so its signature cannot be checked"
		fix = "Fix the errors reported for the token's shape first (copy the whole token)."
	}
	t.Signature = &Signature{Verified: false, Error: "not verifiable: " + why}
	if t.Header != nil {
		t.Signature.Alg, _ = t.Header.String("alg")
		t.Signature.Kid, _ = t.Header.String("kid")
	}
	v.add(FindTokenNotVerifiable.Newf(fix, string(t.Kind), "The signature was not checked: %s.", why))
}

// keySource picks the key source; nil when there is none (a finding says
// why).
func (v *verifier) keySource(ctx context.Context) keySource {
	cfg := v.cfg
	var (
		src keySource
		err error
	)
	switch {
	case cfg.local != nil:
		if cfg.local.err == nil {
			src = cfg.local.src
		}
		err = cfg.local.err
	case cfg.Secret != "":
		src, err = secretKeys(cfg.Secret)
	case cfg.PEMFile != "":
		src, err = pemKeys(cfg.PEMFile)
	case cfg.JWKSFile != "":
		src, err = jwksFileKeys(ctx, cfg.JWKSFile)
	}
	if err != nil {
		v.t.Signature.Error = err.Error()
		v.add(FindKeyFileInvalid.New("The key could not be read: "+err.Error()+".",
			"Give a JWKS ({\"keys\":[…]}), a PEM public key or certificate, or a secret (text, or base64:<bytes>).", err.Error()))
		return nil
	}
	if src != nil {
		return src
	}
	remote := cfg.JWKSURL
	if remote == "" {
		remote = cfg.DiscoveryURL
	}
	if remote == "" {
		remote = cfg.Issuer
	}
	if cfg.Offline {
		msg := "The signature was not checked: no key was given, and fetching the issuer's keys was not asked for."
		if remote != "" {
			msg = fmt.Sprintf("The signature was not checked: fetching keys from %s needs the network, which is not to be used.", discovery.RedactURL(remote))
		}
		v.t.Signature.Error = "not checked: offline and no local key"
		v.add(FindSignatureNotChecked.New(msg,
			"Verify against the issuer's keys, fetched by OIDC discovery of iss, or give them as a JWKS file, a PEM file or a secret.", "offline").
			WithCommand("ssolens inspect TOKEN --jwks FILE"))
		return nil
	}
	if cfg.JWKSURL != "" {
		return v.remoteKeys(ctx, cfg.JWKSURL)
	}
	issuerOrURL := cfg.DiscoveryURL
	if issuerOrURL == "" {
		issuerOrURL = cfg.Issuer
	}
	if issuerOrURL == "" {
		iss, ok := v.t.Claims.String("iss")
		if !ok || !strings.HasPrefix(iss, "https://") && !strings.HasPrefix(iss, "http://") {
			v.t.Signature.Error = "not checked: no key source and the token's iss is not a URL"
			v.add(FindSignatureNotChecked.Newf(
				"Give the issuer (or its discovery URL, JWKS URL or keys) to verify against.", "iss: "+iss,
				"The signature was not checked: no issuer or key was given, and the token's iss %q is not a URL to discover keys from.", iss))
			return nil
		}
		issuerOrURL = iss
		v.add(FindIssuerNotPinned.Newf(
			"Give the issuer you expect (Neo4j's issuer setting): a token from any issuer verifies against that issuer's own keys.",
			"iss: "+iss,
			"No issuer was given, so the keys were fetched from the issuer the token names (%s); a valid signature proves only that %s made it.", iss, iss))
	}
	md, err := v.cache.Metadata(ctx, v.client, issuerOrURL)
	if err != nil {
		v.t.Signature.Error = err.Error()
		if discoveryUnusable(err) {
			v.add(FindDiscoveryUnusable.New("The discovery URL answers, but not with a discovery document, so no one gets the provider's keys from it: "+err.Error()+".",
				unusableDiscoveryFix, discovery.RedactURL(issuerOrURL)))
			return nil
		}
		v.add(FindDiscoveryFailed.New("The provider's discovery document could not be fetched: "+err.Error()+".",
			"Check the issuer (exactly as the provider publishes it) and the network; or give the JWKS URL or a key file instead.", discovery.RedactURL(issuerOrURL)))
		return nil
	}
	v.metadata = md
	if mm := v.noteDiscovery(md); mm != nil && !mm.TenantTemplate && !v.overrides() {
		// OIDC Discovery §4.3: metadata whose issuer is not the one asked
		// for must not be used, its jwks_uri included. (Entra's tenant
		// template is the exception its finding explains: the common
		// endpoint serves every tenant's keys, and iss is still checked.)
		v.t.Signature.Error = fmt.Sprintf("not verified: the discovery document at %s names the issuer %q, not %q, so its keys were not used (OIDC Discovery §4.3)", discovery.RedactURL(md.URL), mm.Published, discovery.RedactURL(mm.Requested))
		return nil
	}
	if md.Metadata.JWKSURI == "" {
		v.t.Signature.Error = "the discovery document has no jwks_uri"
		v.add(FindDiscoveryUnusable.Newf(unusableDiscoveryFix, discovery.RedactURL(md.URL),
			"The discovery document at %s has no jwks_uri, so no one gets the provider's keys from it.", discovery.RedactURL(md.URL)))
		return nil
	}
	return v.remoteKeys(ctx, md.Metadata.JWKSURI)
}

// unusableDiscoveryFix is the fix of a discovery URL that answers without
// a usable document.
const unusableDiscoveryFix = "Use the provider's own discovery URL: the issuer followed by /.well-known/openid-configuration, exactly as the provider publishes it (open it in a browser: it is a JSON document with issuer and jwks_uri)."

// discoveryUnusable reports whether a discovery fetch failed because the
// URL answered without a discovery document: a client error (HTTP 4xx)
// other than the access answers a proxy or firewall on this side may give
// (401, 403, 407), or a body that is not a discovery document. Such a URL
// gives no keys to anyone. A fetch that got no answer (DNS, refused,
// timeout, TLS) or a server error (5xx) may go better from elsewhere or
// later.
func discoveryUnusable(err error) bool {
	var se *discovery.StatusError
	if errors.As(err, &se) {
		switch se.StatusCode {
		case http.StatusUnauthorized, http.StatusForbidden, http.StatusProxyAuthRequired:
			return false
		}
		return se.StatusCode >= 400 && se.StatusCode < 500
	}
	return errors.Is(err, discovery.ErrNotJSON)
}

func (v *verifier) remoteKeys(ctx context.Context, jwksURL string) keySource {
	set, err := v.cache.KeySet(ctx, v.client, jwksURL)
	if err != nil {
		v.t.Signature.KeySource = "JWKS " + discovery.RedactURL(jwksURL)
		v.t.Signature.Error = err.Error()
		v.add(FindJWKSFailed.New("The provider's key set could not be fetched: "+err.Error()+".",
			"Check the JWKS URL (jwks_uri in the discovery document), the network and the proxy; or give the keys as a JWKS file.", discovery.RedactURL(jwksURL)))
		return nil
	}
	return set
}

// overrides reports whether the issuer given overrides the discovery
// document's (IssuerOverrides, with both given).
func (v *verifier) overrides() bool {
	return v.cfg.IssuerOverrides && v.cfg.Issuer != "" && v.cfg.DiscoveryURL != ""
}

// noteDiscovery reports an issuer mismatch of the discovery document and
// the provider's clock; it returns the mismatch, if any.
func (v *verifier) noteDiscovery(md *discovery.Result) *discovery.IssuerMismatch {
	mm := md.IssuerMismatch
	if mm == nil && v.cfg.Issuer != "" && md.Metadata.Issuer != v.cfg.Issuer {
		mm = &discovery.IssuerMismatch{
			Requested:      v.cfg.Issuer,
			Published:      md.Metadata.Issuer,
			TrailingSlash:  strings.TrimRight(v.cfg.Issuer, "/") == strings.TrimRight(md.Metadata.Issuer, "/"),
			TenantTemplate: discovery.IsTenantTemplate(md.Metadata.Issuer),
		}
	}
	if mm != nil {
		msg, fix := mm.Explain()
		def := FindDiscoveryIssuer
		switch {
		case mm.TenantTemplate:
			def = FindEntraTenantTemplate
		case v.overrides():
			def = FindDiscoveryIssuerOverridden
			msg = fmt.Sprintf("The discovery document at %s names the issuer %q; the issuer setting %q overrides it, so tokens must carry iss %q, and the keys still come from the document's jwks_uri.",
				discovery.RedactURL(md.URL), mm.Published, discovery.RedactURL(mm.Requested), discovery.RedactURL(mm.Requested))
			fix = "Nothing, if the tokens carry the issuer set (Entra v1 tokens against v2 discovery, for example); otherwise set issuer to " + mm.Published + " or remove it."
		default:
			msg += " Its keys were not used: the signature is not verified."
		}
		v.add(def.New(msg, fix, discovery.RedactURL(md.URL)+" → issuer "+mm.Published))
	}
	v.noteClock(discovery.RedactURL(md.URL), md.Fetched, md.ProviderDate)
	return mm
}

// noteClock reports a clock offset with the provider beyond MaxClockOffset.
func (v *verifier) noteClock(from string, local, provider time.Time) {
	if v.clockNoted || local.IsZero() || provider.IsZero() {
		return
	}
	offset := local.Sub(provider)
	if offset.Abs() <= MaxClockOffset {
		return
	}
	v.clockNoted = true
	dir := "ahead of"
	if offset < 0 {
		dir = "behind"
	}
	v.add(FindClockOffset.Newf(
		"Synchronise this machine's clock (NTP); if the provider's clock is the wrong one, tokens will look expired or not yet valid to every server.",
		fmt.Sprintf("local %s, provider Date %s (%s)", local.UTC().Format(time.RFC3339), provider.UTC().Format(time.RFC3339), from),
		"This machine's clock is %s %s the provider's (expected within %s): exp, nbf and iat judgements are off by as much.",
		HumanDuration(offset), dir, MaxClockOffset))
}

// checkKeyReferences flags jku and x5u that point away from the issuer's
// host (RFC 8725 §3.10); they are never fetched either way.
func (v *verifier) checkKeyReferences(expectedIss string) {
	_, jku := v.t.Header.Get("jku")
	_, x5u := v.t.Header.Get("x5u")
	if !jku && !x5u {
		return // the usual case: nothing to compare with the issuer's host
	}
	issuer := expectedIss
	if issuer == "" {
		issuer, _ = v.t.Claims.String("iss")
	}
	issHost := ""
	if u, err := url.Parse(issuer); err == nil {
		issHost = strings.ToLower(u.Hostname())
	}
	for _, name := range []string{"jku", "x5u"} {
		ref, ok := v.t.Header.String(name)
		if !ok {
			continue
		}
		host := ""
		if u, err := url.Parse(ref); err == nil {
			host = strings.ToLower(u.Hostname())
		}
		if host != "" && host == issHost {
			continue
		}
		v.add(FindKeyReferenceUntrusted.Newf(
			"Reject such tokens: keys come from the configured issuer's jwks_uri only. If the issuer really sets "+name+", it must point at its own host.",
			fmt.Sprintf("%s=%s, issuer %s", name, ref, orAbsent(issuer)),
			"The header's %s points at host %q, not at the issuer's host %q: whoever made the token chose that key. SSO Lens did not fetch it.",
			name, host, issHost))
	}
}

// checkCrit rejects any critical header extension: none is implemented
// here, and RFC 7515 §4.1.11 requires rejection of those not understood.
func (v *verifier) checkCrit() {
	raw, ok := v.t.Header.Get("crit")
	if !ok {
		return
	}
	names, _ := rawStrings(raw)
	v.check("crit", false, "no critical extensions (none is supported)", string(raw))
	v.add(FindCritUnsupported.Newf(
		"Have the issuer drop the crit header (or the extensions it lists): standard OIDC tokens never carry one.",
		string(raw),
		"The header marks %s as critical; no extension is understood here, so the token must be rejected (RFC 7515 §4.1.11), whatever its signature.",
		strings.Join(names, ", ")))
}

// checkSignature verifies the signature with golang-jwt, allowing exactly
// the algorithm the key permits (RFC 8725 §3.1, §3.2).
func (v *verifier) checkSignature(ctx context.Context, src keySource, alg, kid string) {
	sig := v.t.Signature
	if alg == "" || strings.EqualFold(alg, "none") {
		sig.Error = fmt.Sprintf("alg %q: the token is unsigned", alg)
		return // decode reported alg-none / alg-missing
	}
	candidates, err := src.keys(ctx, kid)
	var notFound *kidNotFoundError
	switch {
	case errors.As(err, &notFound):
		sig.Error = err.Error()
		refetch := "it was not refetched (a file is fixed)"
		if _, remote := src.(*RemoteKeySet); remote {
			refetch = "the key set was refetched and the kid is still absent"
			if notFound.rateLimited {
				refetch = fmt.Sprintf("a refetch was skipped (at most one per %s per key set)", unknownKIDRefetchEvery)
			}
		}
		v.add(FindKidNotFound.Newf(
			"Check that the token comes from this issuer and tenant (or custom authorization server), and that its key has not been retired; then get a fresh token.",
			fmt.Sprintf("kid %s; %s has %s", kid, src.describe(), listOrNone(notFound.kids)),
			"kid %q is not in the provider's key set (rotated? another tenant or authorization server?): %s has %s; %s.",
			kid, src.describe(), listOrNone(notFound.kids), refetch))
		return
	case err != nil:
		sig.Error = err.Error()
		v.add(FindJWKSFailed.New("The keys could not be read: "+err.Error()+".", "Check the key source.", src.describe()))
		return
	}
	v.noteDuplicateKids(ctx, src, kid)
	var usable []verificationKey
	for _, k := range candidates {
		if slices.Contains(k.algs, alg) {
			usable = append(usable, k)
		}
	}
	if len(usable) == 0 {
		v.noUsableKey(candidates, alg, kid, src)
		return
	}
	if k := usable[0]; isHMACAlg(alg) {
		if b, ok := k.key.([]byte); ok && len(b) < hashBytes(alg) {
			v.add(FindHMACKeyShort.Newf("Use a random secret of at least "+fmt.Sprint(hashBytes(alg))+" bytes.",
				fmt.Sprintf("%d bytes", len(b)),
				"The %s secret is %d bytes; RFC 7518 §3.2 requires at least %d (the hash size).", alg, len(b), hashBytes(alg)))
		}
	}
	// The algorithm comes from the key (usable keys allow alg), never from
	// the token alone (RFC 8725 §3.1). The token is already decoded, so the
	// signature is checked directly over the signing input rather than by
	// parsing it all again.
	method := jwt.GetSigningMethod(alg)
	if method == nil {
		sig.Error = fmt.Sprintf("alg %q is not supported", alg)
		v.add(FindAlgKeyMismatch.Newf("Use RS256/384/512, PS256/384/512, ES256/384/512, EdDSA or HS256/384/512.", alg,
			"The token's alg %q is not an algorithm SSO Lens can verify.", alg))
		return
	}
	dot := strings.LastIndexByte(v.t.Raw, '.')
	signingInput := v.t.Raw[:dot]
	// The signature must be the canonical base64url of its bytes: a decoder
	// that tolerates padding, the standard alphabet or stray low bits would
	// let one token have several spellings that all verify.
	var canon [1024]byte // RSA-8192 signatures fit; larger ones go to the heap
	if base64.RawURLEncoding.EncodedLen(len(v.t.Segments[2])) != len(v.t.Raw)-dot-1 ||
		string(base64.RawURLEncoding.AppendEncode(canon[:0], v.t.Segments[2])) != v.t.Raw[dot+1:] {
		sig.Error = "the signature segment is not canonical base64url (padding, + or /, or stray bits in its last character)"
		v.add(FindSignatureInvalid.Newf(
			"Copy the token exactly as issued: its signature segment was re-encoded or altered.",
			fmt.Sprintf("signature segment of %d characters", len(v.t.Raw)-dot-1),
			"The signature segment is not the canonical base64url of the signature (RFC 7515 §2: no padding, - and _ only), so the token is not the one that was signed; it was not verified."))
		return
	}
	// Every usable key is tried (several may share the kid); the one that
	// matched is named.
	matched := -1
	for i, k := range usable {
		if err = method.Verify(signingInput, v.t.Segments[2], k.key); err == nil {
			matched = i
			break
		}
	}
	for _, k := range usable {
		if bits, weak := weakRSA(k.key); weak {
			v.add(FindRSAKeyShort.Newf(
				fmt.Sprintf("Have the provider sign with an RSA key of at least %d bits (or an EC key); a shorter key is refused here whatever the signature.", MinRSABits),
				fmt.Sprintf("%s in %s", k.name(), src.describe()),
				"The RSA key (%s) is %d bits; RFC 7518 §3.3 requires at least %d, and keys this short can be factored: a signature made with it proves nothing.",
				k.name(), bits, MinRSABits))
		}
	}
	if matched < 0 {
		sig.Error = err.Error()
		if _, ok := v.t.Header.Get("nonce"); ok {
			// Entra signs its tokens for Microsoft Graph over a hashed
			// nonce: no one else can verify them, however fresh.
			sig.Error = "the header carries a nonce, as Entra ID tokens for Microsoft Graph do: only Graph can verify it (" + err.Error() + ")"
			v.add(FindEntraGraphToken.Newf(graphTokenFix,
				fmt.Sprintf("header nonce; alg %s, kid %s, key %s (%s)", alg, orAbsent(kid), keyNames(usable), src.describe()),
				"The %s signature does not verify with %s from %s, and the header carries a nonce: this is an Entra ID access token for Microsoft Graph, signed over a hash of the nonce, which nobody but Microsoft Graph can verify; Neo4j cannot validate it (%v).",
				alg, keyNames(usable), src.describe(), err))
			return
		}
		v.add(FindSignatureInvalid.Newf(
			"Get a fresh, unaltered token from the provider, and check that it comes from the issuer whose keys were used.",
			fmt.Sprintf("alg %s, kid %s, key %s (%s)", alg, orAbsent(kid), keyNames(usable), src.describe()),
			"The %s signature does not verify with %s from %s: the token was altered, truncated, or signed by another key (%v).",
			alg, keyNames(usable), src.describe(), err))
		return
	}
	k := usable[matched]
	sig.Key = k.name()
	if len(usable) > 1 {
		sig.KeySource += fmt.Sprintf("; %d keys tried, %s matched", len(usable), k.name())
	}
	if bits, weak := weakRSA(k.key); weak {
		sig.Error = fmt.Sprintf("the signature matches %s, a %d-bit RSA key: under %d bits, so not accepted", k.name(), bits, MinRSABits)
		return
	}
	sig.Verified = true
}

// keyNames names the keys tried, for a message.
func keyNames(keys []verificationKey) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.name()
	}
	if len(names) == 1 {
		return names[0]
	}
	return fmt.Sprintf("%d keys (%s)", len(names), strings.Join(names, "; "))
}

// noteDuplicateKids warns about kids held by several keys of the set: a
// verifier that takes the first would depend on the order of the set.
func (v *verifier) noteDuplicateKids(ctx context.Context, src keySource, kid string) {
	dups := src.duplicates(ctx)
	if len(dups) == 0 {
		return
	}
	kids := make([]string, 0, len(dups))
	for k := range dups {
		kids = append(kids, k)
	}
	slices.Sort(kids)
	for _, k := range kids {
		names := make([]string, len(dups[k]))
		for i, key := range dups[k] {
			names[i] = key.name()
		}
		tried := "The token names another kid."
		if k == kid {
			tried = "The token names this kid: every key under it was tried, and the signature line says which one matched."
		}
		v.add(FindDuplicateKid.Newf(
			"Have the provider publish each key under its own kid (rotate by adding a key with a new kid); a verifier that takes the first key under a kid fails or succeeds depending on the order of the set.",
			fmt.Sprintf("kid %q: %s (%s)", k, strings.Join(names, "; "), src.describe()),
			"The key set holds %d keys under kid %q: %s. %s", len(names), k, strings.Join(names, "; "), tried))
	}
}

// noUsableKey explains why no key fits the token's alg.
func (v *verifier) noUsableKey(candidates []verificationKey, alg, kid string, src keySource) {
	sig := v.t.Signature
	var descs []string
	public := false
	for _, k := range candidates {
		descs = append(descs, fmt.Sprintf("%s allowing %s", k.desc, listOrNone(k.algs)))
		public = public || isPublicKey(k.key)
	}
	switch {
	case isHMACAlg(alg) && public:
		sig.Error = fmt.Sprintf("algorithm confusion: %s token against a public key", alg)
		v.add(FindAlgConfusion.Newf(
			"Reject the token. A verifier must take the algorithm from the key, not from the token (RFC 8725 §3.1); the issuer's tokens are signed with its private key (RS256, ES256...).",
			fmt.Sprintf("token alg %s; key %s", alg, strings.Join(descs, "; ")),
			"The token claims %s (a shared-secret MAC) but the issuer's key is public (%s): anyone holding the public key could have made this MAC. This is the algorithm-confusion attack; the token was rejected.",
			alg, strings.Join(descs, "; ")))
	case len(candidates) == 0:
		sig.Error = "no key in " + src.describe()
		v.add(FindNoMatchingKey.Newf("Check the key source: it holds no key.", src.describe(),
			"%s holds no key to verify the %s token with.", src.describe(), alg))
	case kid != "" || len(candidates) == 1:
		sig.Error = fmt.Sprintf("alg %s is not allowed by the key (%s)", alg, strings.Join(descs, "; "))
		v.add(FindAlgKeyMismatch.Newf(
			"Verify with the key the issuer signs this alg with, or have the issuer sign with the algorithm its key is published for.",
			fmt.Sprintf("token alg %s; key %s", alg, strings.Join(descs, "; ")),
			"The token's alg is %s, but the key (%s) allows %s only.", alg, strings.Join(descs, "; "), allAlgs(candidates)))
	default:
		sig.Error = fmt.Sprintf("no key for alg %s", alg)
		v.add(FindNoMatchingKey.Newf(
			"Have the issuer include kid, or check that the token's alg is one the issuer publishes keys for.",
			fmt.Sprintf("token alg %s; keys: %s", alg, strings.Join(descs, "; ")),
			"The token has no kid and none of the %d keys in %s allows %s (they allow %s).", len(candidates), src.describe(), alg, allAlgs(candidates)))
	}
}

func allAlgs(keys []verificationKey) string {
	var out []string
	for _, k := range keys {
		for _, a := range k.algs {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return listOrNone(out)
}

func isHMACAlg(alg string) bool { return strings.HasPrefix(alg, "HS") }

// hashBytes is the output size of the hash an alg uses.
func hashBytes(alg string) int {
	switch {
	case strings.HasSuffix(alg, "384"):
		return 48
	case strings.HasSuffix(alg, "512"), alg == "EdDSA":
		return 64
	}
	return 32
}

func orAbsent(s string) string {
	if s == "" {
		return "(absent)"
	}
	return s
}
