package demoidp

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	jose "github.com/go-jose/go-jose/v4"
)

// KeyFileName is the demo signing key's file in the user's cache
// directory (DefaultKeyFile).
const KeyFileName = "demo-signing-key.pem"

// DefaultKeyFile is where `ssolens demo` keeps its signing key, so that
// tokens `ssolens mint` signs with the demo key verify against a demo
// provider started at any time: <user cache dir>/ssolens/demo-signing-key.pem.
// The key signs demo tokens only; it protects nothing.
func DefaultKeyFile() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for the demo signing key (%v): set XDG_CACHE_HOME or HOME", err)
	}
	return filepath.Join(dir, "ssolens", KeyFileName), nil
}

// LoadOrCreateKey reads the demo RSA signing key from path (PKCS #8 PEM),
// creating it, readable by the user only, when it does not exist yet. The
// key ID is the key's RFC 7638 thumbprint, so it is the same wherever the
// key is read.
func LoadOrCreateKey(path string) (*rsa.PrivateKey, string, error) {
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return createKeyFile(path)
	case err != nil:
		return nil, "", fmt.Errorf("reading the demo signing key %s: %w", path, err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, "", fmt.Errorf("the demo signing key %s is not a PKCS #8 PEM private key: delete it and a new one is made", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, "", fmt.Errorf("the demo signing key %s: %v; delete it and a new one is made", path, err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, "", fmt.Errorf("the demo signing key %s is not an RSA key: delete it and a new one is made", path)
	}
	return rk, KeyID(&rk.PublicKey), nil
}

func createKeyFile(path string) (*rsa.PrivateKey, string, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, "", fmt.Errorf("generating the demo signing key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, "", fmt.Errorf("creating %s for the demo signing key: %w", filepath.Dir(path), err)
	}
	// O_EXCL: two processes starting at once keep the first one's key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadOrCreateKey(path)
	}
	if err != nil {
		return nil, "", fmt.Errorf("writing the demo signing key %s: %w", path, err)
	}
	if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
		f.Close()
		os.Remove(path)
		return nil, "", fmt.Errorf("writing the demo signing key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, "", err
	}
	return k, KeyID(&k.PublicKey), nil
}

// KeyID is a public key's RFC 7638 thumbprint (SHA-256, base64url): the kid
// of a persisted demo key.
func KeyID(pub crypto.PublicKey) string {
	tp, err := (&jose.JSONWebKey{Key: pub}).Thumbprint(crypto.SHA256)
	if err != nil {
		return "demo"
	}
	return "demo-" + base64.RawURLEncoding.EncodeToString(tp)[:16]
}
