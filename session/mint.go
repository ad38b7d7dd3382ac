package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/mint"
)

// MintRequest is a test token to sign (ssolens mint): the claims, and the
// key — the demo provider's unless KeyFile or Secret is given.
type MintRequest struct {
	Claims map[string]any
	// KeyFile is a private key: PEM or a JWK / JWKS.
	KeyFile string
	// Secret is an HMAC key.
	Secret []byte
	// DemoKeyFile is where the demo provider keeps its key; "" means
	// demoidp.DefaultKeyFile, as `ssolens demo` uses.
	DemoKeyFile string
	// Alg and Kid override the key's own ("" keeps them).
	Alg, Kid string
	// Expires is the lifetime; Now the issue time (zero: time.Now).
	Expires time.Duration
	Now     time.Time
	// ResponseFields, when set, asks for a token response carrying the
	// token in each field (access_token, id_token).
	ResponseFields []string
}

// MintClaimValue reads a claim's value as given on a command line or in a
// form: JSON when it is JSON (a number kept exactly as written, however
// large: 12345678901234567890 is not rounded to a float), else the text.
func MintClaimValue(value string) any {
	d := json.NewDecoder(strings.NewReader(value))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil || d.InputOffset() != int64(len(value)) && strings.TrimSpace(value[d.InputOffset():]) != "" {
		return value // not JSON, or JSON followed by more: a string
	}
	return v
}

// MintClaims reads a JSON object of claims, numbers kept exactly as
// MintClaimValue keeps them.
func MintClaims(data []byte) (map[string]any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var claims map[string]any
	if err := d.Decode(&claims); err != nil {
		return nil, err
	}
	if claims == nil {
		return nil, errors.New("null is not a JSON object")
	}
	return claims, nil
}

// Minted is a signed test token.
type Minted struct {
	Token string
	// Response is the token response JSON, when asked.
	Response []byte
	// Key says which key signed: its alg, kid and where it came from.
	Key mint.Key
	// DemoJWKS is the demo provider's JWKS URL when the demo key signed:
	// where the token verifies while `ssolens demo` runs.
	DemoJWKS string
}

// The errors of a mint request that a face answers its own way (a flag,
// a field): errors.Is finds them in what Mint returns.
var (
	// ErrKeyAndSecret: the request names both a key file and a secret.
	ErrKeyAndSecret = errors.New("a key and a secret were both given: sign with one of them")
	// ErrDemoKeyAlg: the demo key signs with its own algorithm only.
	ErrDemoKeyAlg = errors.New("another algorithm needs a key or a secret of your own")
	// ErrKeyNotChosen and ErrNoKeyWithKid are mint's: the key file is a
	// JWKS whose private key the request's Kid must choose.
	ErrKeyNotChosen = mint.ErrKeyNotChosen
	ErrNoKeyWithKid = mint.ErrNoKeyWithKid
)

// MintAlgorithms are the algorithms Mint signs with (alg none is refused).
func MintAlgorithms() []string { return mint.Algorithms() }

// Mint signs a test token (mint.Sign) with the key the request names.
func Mint(r MintRequest) (*Minted, error) {
	key, demo, err := mintKey(r)
	if err != nil {
		return nil, err
	}
	tok, err := mint.Sign(key, r.Claims, mint.Options{Now: r.Now, Expires: r.Expires})
	if err != nil {
		return nil, err
	}
	m := &Minted{Token: tok, Key: key}
	if demo {
		m.DemoJWKS = "http://" + demoidp.DemoAddr + "/keys"
	}
	if len(r.ResponseFields) > 0 {
		life := r.Expires
		if life == 0 {
			life = mint.DefaultLifetime
		}
		if m.Response, err = mint.TokenResponse(tok, r.ResponseFields, life); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// mintKey picks the signing key: the key file, the secret, or the demo
// provider's (demo is then true).
func mintKey(r MintRequest) (key mint.Key, demo bool, err error) {
	switch {
	case r.KeyFile != "" && r.Secret != nil:
		return key, false, ErrKeyAndSecret
	case r.KeyFile != "":
		b, err := os.ReadFile(r.KeyFile)
		if err != nil {
			return key, false, fmt.Errorf("cannot read the key %q: %w; check the path", r.KeyFile, errors.Unwrap(err))
		}
		k, err := mint.ParseKey(b, r.Alg, r.Kid)
		if err != nil {
			return k, false, fmt.Errorf("%s: %w", r.KeyFile, err)
		}
		return k, false, nil
	case r.Secret != nil:
		k, err := mint.SecretKey(r.Secret, r.Alg)
		k.Kid = r.Kid
		return k, false, err
	}
	path := r.DemoKeyFile
	if path == "" {
		if path, err = demoidp.DefaultKeyFile(); err != nil {
			return key, true, err
		}
	}
	k, err := mint.DemoKey(path)
	if err != nil {
		return k, true, err
	}
	if r.Alg != "" && r.Alg != k.Alg {
		return k, true, fmt.Errorf("the demo key signs %s only, not %s: %w", k.Alg, r.Alg, ErrDemoKeyAlg)
	}
	if r.Kid != "" {
		k.Kid = r.Kid
	}
	return k, true, nil
}
