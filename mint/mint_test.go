package mint

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/inspector"
)

func pkcs8(t *testing.T, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// Each algorithm signs a token that golang-jwt verifies with the public
// half, carrying the claims and the defaults.
func TestSignEachAlgorithm(t *testing.T) {
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, edk, _ := ed25519.GenerateKey(rand.Reader)
	secret := []byte("a-test-secret-of-32-bytes-or-more!!")
	now := time.Unix(1_800_000_000, 0)
	for _, c := range []struct {
		alg    string
		key    func() (Key, error)
		verify any
	}{
		{"RS256", func() (Key, error) { return ParseKey(pkcs8(t, rk), "", "k1") }, &rk.PublicKey},
		{"ES256", func() (Key, error) { return ParseKey(pkcs8(t, ek), "", "k1") }, &ek.PublicKey},
		{"EdDSA", func() (Key, error) { return ParseKey(pkcs8(t, edk), "", "k1") }, edk.Public()},
		{"HS256", func() (Key, error) { k, err := SecretKey(secret, ""); k.Kid = "k1"; return k, err }, secret},
	} {
		t.Run(c.alg, func(t *testing.T) {
			k, err := c.key()
			if err != nil {
				t.Fatal(err)
			}
			if k.Alg != c.alg {
				t.Fatalf("alg %s, want %s", k.Alg, c.alg)
			}
			raw, err := Sign(k, map[string]any{"sub": "alice", "groups": []any{"admin"}}, Options{Now: now, Expires: 2 * time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			tok, err := jwt.Parse(raw, func(*jwt.Token) (any, error) { return c.verify, nil },
				jwt.WithValidMethods([]string{c.alg}), jwt.WithTimeFunc(func() time.Time { return now }))
			if err != nil {
				t.Fatal(err)
			}
			cl := tok.Claims.(jwt.MapClaims)
			if cl["sub"] != "alice" || cl["exp"] != float64(now.Add(2*time.Hour).Unix()) || cl["iat"] != float64(now.Unix()) || tok.Header["kid"] != "k1" {
				t.Errorf("claims %v header %v", cl, tok.Header)
			}
		})
	}
}

func TestRefusesNoneMismatchesAndPublicKeys(t *testing.T) {
	if _, err := SecretKey([]byte("s"), "none"); !errors.Is(err, ErrNone) {
		t.Errorf("alg none: %v", err)
	}
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	if _, err := ParseKey(pkcs8(t, rk), "none", ""); !errors.Is(err, ErrNone) {
		t.Errorf("RSA key with alg none: %v", err)
	}
	if _, err := ParseKey(pkcs8(t, rk), "ES256", ""); err == nil || !strings.Contains(err.Error(), "does not go with an RSA key") {
		t.Errorf("RSA key with ES256: %v", err)
	}
	pub, _ := x509.MarshalPKIXPublicKey(&rk.PublicKey)
	if _, err := ParseKey(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), "", ""); err == nil || !strings.Contains(err.Error(), "private key") {
		t.Errorf("public key: %v", err)
	}
	if _, err := ParseKey([]byte("not a key"), "", ""); err == nil {
		t.Error("garbage read as a key")
	}
	if _, err := TokenResponse("t", []string{"refresh_token"}, 0); err == nil {
		t.Error("refresh_token field accepted")
	}
}

// A JWK (and a JWKS holding one private key) signs with its own kid and alg.
func TestParseJWK(t *testing.T) {
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	jwk := map[string]any{"kty": "EC", "crv": "P-256", "kid": "ec-1",
		"x": b64(ek.X.FillBytes(make([]byte, 32))), "y": b64(ek.Y.FillBytes(make([]byte, 32))), "d": b64(ek.D.FillBytes(make([]byte, 32)))}
	one, _ := json.Marshal(jwk)
	set, _ := json.Marshal(map[string]any{"keys": []any{jwk}})
	for _, data := range [][]byte{one, set} {
		k, err := ParseKey(data, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if k.Alg != "ES256" || k.Kid != "ec-1" {
			t.Errorf("alg %s kid %s", k.Alg, k.Kid)
		}
	}
	delete(jwk, "d")
	pub, _ := json.Marshal(jwk)
	if _, err := ParseKey(pub, "", ""); err == nil || !strings.Contains(err.Error(), "public key") {
		t.Errorf("public JWK: %v", err)
	}
}

// A token minted with the demo key verifies against the JWKS of a demo
// provider started with the same key file, with the iss it expects.
func TestDemoKeyVerifiesAgainstTheDemoProvider(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "ssolens", demoidp.KeyFileName)
	k, err := DemoKey(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(keyFile); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file %v %v", st, err)
	}
	p, err := demoidp.Start(t.Context(), demoidp.Config{KeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	raw, err := Sign(k, map[string]any{"sub": "alice", "iss": p.Issuer(), "aud": demoidp.APIAudience}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep := inspector.Inspect([]byte(raw), inspector.Options{})
	inspector.VerifyReport(t.Context(), rep, inspector.VerifyConfig{JWKSURL: p.JWKSURL(), Issuer: p.Issuer(), Audiences: []string{demoidp.APIAudience}})
	if len(rep.Tokens) != 1 || rep.Tokens[0].Signature == nil || !rep.Tokens[0].Signature.Verified {
		t.Fatalf("not verified: %+v", rep.Tokens[0].Signature)
	}
	if rep.HasError() {
		t.Errorf("findings %+v", rep.Tokens[0].Findings)
	}

	// The key file is read again, not replaced: the same kid.
	k2, err := DemoKey(keyFile)
	if err != nil || k2.Kid != k.Kid {
		t.Errorf("kid %s then %s (%v)", k.Kid, k2.Kid, err)
	}
	// Without a key file the provider makes a key of its own: the token
	// does not verify there.
	other, err := demoidp.Start(t.Context(), demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	rep = inspector.Inspect([]byte(raw), inspector.Options{})
	inspector.VerifyReport(t.Context(), rep, inspector.VerifyConfig{JWKSURL: other.JWKSURL()})
	if rep.Tokens[0].Signature != nil && rep.Tokens[0].Signature.Verified {
		t.Error("verified against another provider's key")
	}
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// An expired token on purpose (a negative lifetime) was issued before it
// expired: iat moves back with exp, a lifetime before it, so inspect finds
// it expired and nothing else wrong with its times (no exp-before-iat).
func TestNegativeLifetimeIssuesBeforeExpiry(t *testing.T) {
	k, err := SecretKey([]byte("a-test-secret-of-32-bytes-or-more!"), "HS256")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	tok, err := Sign(k, map[string]any{"sub": "alice"}, Options{Now: now, Expires: -10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	rep := inspector.Inspect([]byte(tok), inspector.Options{Now: func() time.Time { return now }})
	var got []string
	for _, f := range rep.Tokens[0].Findings {
		got = append(got, f.Code)
	}
	c := rep.Tokens[0].Claims
	iat, _ := c.Get("iat")
	exp, _ := c.Get("exp")
	if strings.Contains(strings.Join(got, " "), "exp-before-iat") || !strings.Contains(strings.Join(got, " "), "token-expired") {
		t.Errorf("findings %v (iat %s, exp %s): want token-expired and no exp-before-iat", got, iat, exp)
	}
	if string(exp) != "1796471400" || string(iat) != "1796467800" {
		t.Errorf("iat %s, exp %s; want exp 10m before now and iat an hour before exp", iat, exp)
	}
}
