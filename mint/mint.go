// Package mint signs test tokens, as `jwt encode` (jwt-cli) and `step
// crypto jwt sign` do: claims in, a signed JWT out. It is a test tool: the
// keys it takes are the demo provider's, or a PEM, a JWK or a secret the
// user gives. Never point it at production keys.
package mint

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/demoidp"
)

// Key is a signing key with its algorithm and key ID.
type Key struct {
	// Alg is the JWS algorithm: RS256, ES256, HS256, EdDSA (or RS384,
	// RS512, PS256, ES384, ES512, HS384, HS512).
	Alg string
	// Kid goes into the header when not empty.
	Kid string
	// Source says where the key came from, for the output.
	Source string
	// Issuer is the issuer that key belongs to, when known (the demo
	// provider's): the default iss.
	Issuer string
	key    any
}

// ErrNone is returned for alg "none": an unsigned token is not a test of
// anything a relying party should accept.
var ErrNone = errors.New(`alg "none" is refused: an unsigned token is accepted by no correct verifier (and by broken ones only); choose RS256, ES256, HS256 or EdDSA`)

// The errors of a JWKS whose private key the kid (ParseKey's) must
// choose: a face says how to give the kid.
var (
	// ErrKeyNotChosen: the JWKS holds several private keys and no kid
	// chose one.
	ErrKeyNotChosen = errors.New("choose one by its kid")
	// ErrNoKeyWithKid: no private key of the JWKS has the kid asked for.
	ErrNoKeyWithKid = errors.New("no private key of the JWKS has that kid")
)

// DemoKey is the demo provider's persisted signing key (demoidp.KeyFile),
// created when missing: tokens signed with it verify against the JWKS of
// a demo provider started by `ssolens demo` (which uses the same file),
// whose issuer is http://127.0.0.1:9876 by default.
func DemoKey(keyFile string) (Key, error) {
	k, kid, err := demoidp.LoadOrCreateKey(keyFile)
	if err != nil {
		return Key{}, err
	}
	return Key{Alg: "RS256", Kid: kid, Source: "the demo provider's key " + keyFile, Issuer: "http://" + demoidp.DemoAddr, key: k}, nil
}

// SecretKey is an HMAC key.
func SecretKey(secret []byte, alg string) (Key, error) {
	if alg == "" {
		alg = "HS256"
	}
	if len(secret) == 0 {
		return Key{}, errors.New("the secret is empty")
	}
	k := Key{Alg: alg, Source: fmt.Sprintf("a shared secret (%d bytes)", len(secret)), key: secret}
	return k, k.check()
}

// ParseKey reads a private key: PEM (PKCS #8, PKCS #1 RSA, SEC 1 EC) or a
// JWK (a JSON object, or a JWKS holding one private key or the one whose
// kid is given). alg "" picks the key type's usual one (RS256, ES256 for
// P-256, ES384, ES512, EdDSA); a JWK's own alg and kid are kept.
func ParseKey(data []byte, alg, kid string) (Key, error) {
	trimmed := strings.TrimSpace(string(data))
	var k Key
	var err error
	if strings.HasPrefix(trimmed, "{") {
		k, err = parseJWK([]byte(trimmed), kid)
	} else {
		k, err = parsePEM([]byte(trimmed))
	}
	if err != nil {
		return Key{}, err
	}
	if alg != "" {
		k.Alg = alg
	}
	if k.Alg == "" {
		k.Alg = defaultAlg(k.key)
	}
	if kid != "" {
		k.Kid = kid
	}
	return k, k.check()
}

func parsePEM(data []byte) (Key, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return Key{}, errors.New("no PEM block found: give a private key in PEM (-----BEGIN PRIVATE KEY-----) or a JWK")
	}
	var key any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE":
		return Key{}, fmt.Errorf("the PEM holds a %s: signing needs the private key (a public key only verifies)", strings.ToLower(block.Type))
	default:
		return Key{}, fmt.Errorf("PEM block %q is not a private key", block.Type)
	}
	if err != nil {
		return Key{}, fmt.Errorf("reading the PEM private key: %w", err)
	}
	return Key{Source: "a PEM private key", key: key}, nil
}

func parseJWK(data []byte, kid string) (Key, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if json.Unmarshal(data, &set) == nil && set.Keys != nil {
		var private []jose.JSONWebKey
		for _, raw := range set.Keys {
			var j jose.JSONWebKey
			if err := j.UnmarshalJSON(raw); err != nil {
				return Key{}, fmt.Errorf("a key of the JWKS: %w", err)
			}
			if !j.IsPublic() && (kid == "" || j.KeyID == kid) {
				private = append(private, j)
			}
		}
		switch len(private) {
		case 0:
			if kid != "" {
				return Key{}, fmt.Errorf("%w (%q): signing needs a private key (a public key only verifies)", ErrNoKeyWithKid, kid)
			}
			return Key{}, errors.New("the JWKS holds no private key: signing needs one (a public key only verifies)")
		case 1:
			return jwkKey(private[0])
		}
		return Key{}, fmt.Errorf("the JWKS holds %d private keys: %w", len(private), ErrKeyNotChosen)
	}
	var j jose.JSONWebKey
	if err := j.UnmarshalJSON(data); err != nil {
		return Key{}, fmt.Errorf("reading the JWK: %w", err)
	}
	return jwkKey(j)
}

func jwkKey(j jose.JSONWebKey) (Key, error) {
	if j.IsPublic() {
		return Key{}, errors.New("the JWK is a public key: signing needs the private key (with d)")
	}
	key := j.Key
	if b, ok := key.([]byte); ok { // kty oct
		return Key{Alg: orString(j.Algorithm, "HS256"), Kid: j.KeyID, Source: "a JWK (oct)", key: b}, nil
	}
	if ek, ok := key.(ed25519.PrivateKey); ok {
		key = ek
	}
	return Key{Alg: j.Algorithm, Kid: j.KeyID, Source: "a JWK", key: key}, nil
}

func orString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func defaultAlg(key any) string {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return "RS256"
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P384():
			return "ES384"
		case elliptic.P521():
			return "ES512"
		}
		return "ES256"
	case ed25519.PrivateKey:
		return "EdDSA"
	case []byte:
		return "HS256"
	}
	return ""
}

// check says whether the key can sign with its alg.
func (k Key) check() error {
	if strings.EqualFold(k.Alg, "none") {
		return ErrNone
	}
	m := jwt.GetSigningMethod(k.Alg)
	if m == nil {
		return fmt.Errorf("unknown alg %q: use one of %s", k.Alg, strings.Join(Algorithms(), ", "))
	}
	var ok bool
	switch key := k.key.(type) {
	case *rsa.PrivateKey:
		ok = strings.HasPrefix(k.Alg, "RS") || strings.HasPrefix(k.Alg, "PS")
	case *ecdsa.PrivateKey:
		ok = k.Alg == defaultAlg(key)
	case ed25519.PrivateKey:
		ok = k.Alg == "EdDSA"
	case []byte:
		ok = strings.HasPrefix(k.Alg, "HS")
	default:
		return fmt.Errorf("a %T cannot sign here", k.key)
	}
	if !ok {
		return fmt.Errorf("alg %s does not go with %s (it takes %s)", k.Alg, describe(k.key), defaultAlg(k.key))
	}
	return nil
}

func describe(key any) string {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return fmt.Sprintf("an RSA key (%d bits)", k.N.BitLen())
	case *ecdsa.PrivateKey:
		return "an EC key on " + k.Curve.Params().Name
	case ed25519.PrivateKey:
		return "an Ed25519 key"
	case []byte:
		return "a shared secret"
	}
	return fmt.Sprintf("%T", key)
}

// Algorithms are the algorithms mint signs with.
func Algorithms() []string {
	return []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512", "EdDSA"}
}

// Public is the key's public half (nil for a secret), to verify with.
func (k Key) Public() crypto.PublicKey {
	if s, ok := k.key.(crypto.Signer); ok {
		return s.Public()
	}
	return nil
}

// Options are the registered claims mint sets unless the claims have them.
type Options struct {
	// Now is the issue time; zero means time.Now.
	Now time.Time
	// Expires is the lifetime (exp = iat + Expires); zero means one hour.
	// A negative one makes an expired token, on purpose: exp is that long
	// before Now, and iat DefaultLifetime before exp, so the token was
	// issued before it expired.
	Expires time.Duration
}

// DefaultLifetime is a minted token's lifetime unless told.
const DefaultLifetime = time.Hour

// Sign signs claims with the key. iat and exp are set from o unless the
// claims have them; iss is the key's issuer (the demo provider's) unless
// given.
func Sign(k Key, claims map[string]any, o Options) (string, error) {
	if err := k.check(); err != nil {
		return "", err
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	life := o.Expires
	if life == 0 {
		life = DefaultLifetime
	}
	iat := now
	if life < 0 {
		iat = now.Add(life - DefaultLifetime)
	}
	c := jwt.MapClaims{}
	maps.Copy(c, claims)
	if _, ok := c["iat"]; !ok {
		c["iat"] = iat.Unix()
	}
	if _, ok := c["exp"]; !ok {
		c["exp"] = now.Add(life).Unix()
	}
	if _, ok := c["iss"]; !ok && k.Issuer != "" {
		c["iss"] = k.Issuer
	}
	t := jwt.NewWithClaims(jwt.GetSigningMethod(k.Alg), c)
	if k.Kid != "" {
		t.Header["kid"] = k.Kid
	}
	return t.SignedString(k.key)
}

// TokenResponse is an OAuth 2.0 token response (RFC 6749 §5.1) carrying the
// token in each of fields (access_token, id_token), as `ssolens roles
// --tokens` and `report` read it.
func TokenResponse(token string, fields []string, expiresIn time.Duration) ([]byte, error) {
	r := map[string]any{"token_type": "Bearer"}
	if expiresIn > 0 {
		r["expires_in"] = int64(expiresIn / time.Second)
	}
	if len(fields) == 0 {
		fields = []string{"access_token"}
	}
	for _, f := range fields {
		if !slices.Contains([]string{"access_token", "id_token"}, f) {
			return nil, fmt.Errorf("token response field %q: use access_token or id_token", f)
		}
		r[f] = token
	}
	return json.MarshalIndent(r, "", "  ")
}
