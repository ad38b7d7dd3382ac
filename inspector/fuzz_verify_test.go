package inspector

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/internal/budget"
)

// fuzzVerifyCase is a token and the key source it verifies against.
type fuzzVerifyCase struct {
	token string
	cfg   VerifyConfig
}

// fuzzVerifyCases are tokens that verify: RS256 and PS256 under a kid
// shared by two keys, ES256, EdDSA without kid, HS256 with a secret.
var fuzzVerifyCases = sync.OnceValue(func() []fuzzVerifyCase {
	t := &testing.T{}
	k := sharedKeys()
	set := rawJWKS(t, kidKey{"k1", k.rsa.Public()}, kidKey{"k1", k.rsa2.Public()}, kidKey{"ec1", k.ec256.Public()}, kidKey{"ed1", k.ed.Public()})
	jwks, err := parseJWKSKeys(context.Background(), set, "fuzz.json")
	if err != nil {
		panic(err)
	}
	secret, _ := secretKeys("0123456789abcdef0123456789abcdef")
	iss := "https://idp.example.com"
	base := VerifyConfig{Issuer: iss, Offline: true, Options: fixedOptions()}
	withKeys := func(src *staticKeys) VerifyConfig {
		c := base
		c.local = &preloaded{src: src}
		return c
	}
	return []fuzzVerifyCase{
		{sign(t, jwt.SigningMethodRS256, k.rsa2, map[string]any{"kid": "k1"}, baseClaims(iss)), withKeys(jwks)},
		{sign(t, jwt.SigningMethodPS256, k.rsa, map[string]any{"kid": "k1"}, baseClaims(iss)), withKeys(jwks)},
		{sign(t, jwt.SigningMethodES256, k.ec256, map[string]any{"kid": "ec1"}, baseClaims(iss)), withKeys(jwks)},
		{sign(t, jwt.SigningMethodEdDSA, k.ed, nil, baseClaims(iss)), withKeys(jwks)},
		{sign(t, jwt.SigningMethodHS256, []byte("0123456789abcdef0123456789abcdef"), nil, baseClaims(iss)), withKeys(secret)},
	}
})

// FuzzVerifyKeySet: a token that verifies against a key set never verifies
// once any one of its bytes is changed. Each verification stays within an
// allocation ceiling (and, while fuzzing, a time ceiling).
func FuzzVerifyKeySet(f *testing.F) {
	cases := fuzzVerifyCases()
	for i, c := range cases {
		last := len(c.token) - 1
		for _, pos := range []int{0, 10, strings.IndexByte(c.token, '.'), strings.LastIndexByte(c.token, '.') + 1, last} {
			f.Add(uint8(i), uint16(pos), byte(1))
		}
		f.Add(uint8(i), uint16(last), byte(3)) // stray low bits of the last base64url character
	}
	f.Fuzz(func(t *testing.T, which uint8, pos uint16, flip byte) {
		c := cases[int(which)%len(cases)]
		if flip == 0 {
			flip = 1
		}
		p := int(pos) % len(c.token)
		mutated := c.token[:p] + string(c.token[p]^flip) + c.token[p+1:]
		var tok *Token
		budget.Call(t, "verify", 256<<10, time.Second, func() {
			tok = Decode(mutated, "input", c.cfg.Options)
			Verify(context.Background(), tok, c.cfg)
		})
		if tok.Signature != nil && tok.Signature.Verified {
			t.Fatalf("byte %d changed (%q → %q) and the token still verifies with %s", p, c.token[p], c.token[p]^flip, tok.Signature.Key)
		}
	})
}

func TestFuzzVerifyCasesVerify(t *testing.T) {
	for i, c := range fuzzVerifyCases() {
		tok := Decode(c.token, "input", c.cfg.Options)
		Verify(context.Background(), tok, c.cfg)
		if !tok.Signature.Verified {
			t.Errorf("case %d does not verify unaltered: %s", i, tok.Signature.Error)
		}
	}
}

// FuzzLoadKeys: any JWKS, PEM or secret is read without panic within an
// allocation ceiling proportional to its size, and every key read says
// what it is and allows only the algorithms of its type.
func FuzzLoadKeys(f *testing.F) {
	k := sharedKeys()
	t := &testing.T{}
	f.Add(uint8(0), rawJWKS(t, kidKey{"k1", k.rsa.Public()}, kidKey{"k1", k.rsa2.Public()}, kidKey{"ec1", k.ec256.Public()}, kidKey{"ed1", k.ed.Public()}))
	f.Add(uint8(0), []byte(`{"kty":"oct","kid":"s","k":"c2VjcmV0","alg":"HS256"}`))
	f.Add(uint8(0), []byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"tiny"}]}`))
	der, _ := x509.MarshalPKIXPublicKey(k.ec256.Public())
	f.Add(uint8(1), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	f.Add(uint8(1), pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&k.rsa.PublicKey)}))
	f.Add(uint8(1), []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
	f.Add(uint8(2), []byte("base64:c2VjcmV0"))
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		var (
			src *staticKeys
			err error
		)
		budget.Call(t, "loading keys", 1<<20+uint64(64*len(data)), time.Second, func() {
			switch kind % 3 {
			case 0:
				src, err = parseJWKSKeys(context.Background(), data, "fuzz.json")
			case 1:
				src, err = parsePEMKeys(data, "fuzz.pem")
			default:
				src, err = secretKeys(string(data))
			}
		})
		if err != nil {
			if src != nil {
				t.Fatal("a key source and an error")
			}
			return
		}
		if len(src.list) == 0 {
			t.Fatal("a key source with no key and no error")
		}
		for _, key := range src.list {
			if key.desc == "" {
				t.Fatalf("key %+v has no description", key)
			}
			for _, alg := range key.algs {
				if !slices.Contains(allowedAlgs(key.key, "", ""), alg) {
					t.Fatalf("%s allows %s", key.desc, alg)
				}
			}
		}
	})
}
