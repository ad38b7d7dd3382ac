package demoidp

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"fmt"
	"sync"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// signingKey is an RSA key generated at start-up; never written anywhere.
type signingKey struct {
	id      string
	private *rsa.PrivateKey
}

func newSigningKey() (*signingKey, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generating the demo provider's RSA key: %w", err)
	}
	id := make([]byte, 8)
	rand.Read(id)
	return &signingKey{id: "demo-" + hex.EncodeToString(id), private: k}, nil
}

// op.SigningKey
func (k *signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k *signingKey) Key() any                                    { return k.private }
func (k *signingKey) ID() string                                  { return k.id }

// publicKey is a signing key as published in the JWKS (op.Key).
type publicKey struct{ k *signingKey }

func (p publicKey) ID() string                         { return p.k.id }
func (p publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (p publicKey) Use() string                        { return "sig" }
func (p publicKey) Key() any                           { return &p.k.private.PublicKey }

// keyRing holds the keys. The JWKS publishes the current key and the one
// before it, so tokens signed before a RotateKey keep verifying until the
// next rotation (the overlap real providers keep). retired is a key that is
// not in the JWKS: the one dropped by the latest rotation, or at first a
// key never published; the rotated-key scenario signs with it.
type keyRing struct {
	mu                         sync.Mutex
	current, previous, retired *signingKey
}

// newKeyRing starts a key ring; with a keyFile its current key is the one
// in the file (LoadOrCreateKey).
func newKeyRing(keyFile string) (*keyRing, error) {
	var cur *signingKey
	var err error
	if keyFile != "" {
		var k *rsa.PrivateKey
		var id string
		k, id, err = LoadOrCreateKey(keyFile)
		cur = &signingKey{id: id, private: k}
	} else {
		cur, err = newSigningKey()
	}
	if err != nil {
		return nil, err
	}
	ret, err := newSigningKey()
	if err != nil {
		return nil, err
	}
	return &keyRing{current: cur, retired: ret}, nil
}

func (r *keyRing) rotate() error {
	k, err := newSigningKey()
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.previous != nil {
		r.retired = r.previous
	}
	r.previous, r.current = r.current, k
	return nil
}

// signer returns the key tokens are signed with under a scenario.
func (r *keyRing) signer(scenario string) *signingKey {
	r.mu.Lock()
	defer r.mu.Unlock()
	if scenario == ScenarioRotatedKey {
		return r.retired
	}
	return r.current
}

func (r *keyRing) published() []op.Key {
	r.mu.Lock()
	defer r.mu.Unlock()
	keys := []op.Key{publicKey{r.current}}
	if r.previous != nil {
		keys = append(keys, publicKey{r.previous})
	}
	return keys
}
