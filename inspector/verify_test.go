package inspector

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func fixedOptions() Options { return Options{Now: func() time.Time { return fixedNow }} }

type testKeySet struct {
	rsa, rsa2, attacker *rsa.PrivateKey
	ec256, ec384        *ecdsa.PrivateKey
	ed                  ed25519.PrivateKey
}

var sharedKeys = sync.OnceValue(func() *testKeySet {
	must := func(k any, err error) any {
		if err != nil {
			panic(err)
		}
		return k
	}
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	return &testKeySet{
		rsa:      must(rsa.GenerateKey(rand.Reader, 2048)).(*rsa.PrivateKey),
		rsa2:     must(rsa.GenerateKey(rand.Reader, 2048)).(*rsa.PrivateKey),
		attacker: must(rsa.GenerateKey(rand.Reader, 2048)).(*rsa.PrivateKey),
		ec256:    must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader)).(*ecdsa.PrivateKey),
		ec384:    must(ecdsa.GenerateKey(elliptic.P384(), rand.Reader)).(*ecdsa.PrivateKey),
		ed:       ed,
	}
})

// provider is a fake OpenID provider on loopback: discovery, a JWKS that can
// rotate, and a Date header from the test clock.
type provider struct {
	srv        *httptest.Server
	mu         sync.Mutex
	jwks       []byte
	dateOffset time.Duration
	jwksHits   atomic.Int32
	// jwksDelay slows every JWKS answer (a slow provider).
	jwksDelay time.Duration
	// idAlgs, when set, is published as id_token_signing_alg_values_supported.
	idAlgs []string
}

func jwksJSON(t testing.TB, keys map[string]crypto.PublicKey) []byte {
	t.Helper()
	store := jwkset.NewMemoryStorage()
	for kid, pub := range keys {
		j, err := jwkset.NewJWKFromKey(pub, jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: kid, USE: jwkset.UseSig}})
		if err != nil {
			t.Fatal(err)
		}
		if err := store.KeyWrite(context.Background(), j); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := store.JSONPublic(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func providerKeys(k *testKeySet) map[string]crypto.PublicKey {
	return map[string]crypto.PublicKey{
		"rsa1": k.rsa.Public(), "ec1": k.ec256.Public(), "ec384": k.ec384.Public(), "ed1": k.ed.Public(),
	}
}

func newProvider(t testing.TB) *provider {
	t.Helper()
	p := &provider{jwks: jwksJSON(t, providerKeys(sharedKeys()))}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		w.Header().Set("Date", fixedNow.Add(p.dateOffset).Format(http.TimeFormat))
		jwks, idAlgs, delay := p.jwks, p.idAlgs, p.jwksDelay
		p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			md := map[string]any{"issuer": p.srv.URL, "jwks_uri": p.srv.URL + "/jwks"}
			if idAlgs != nil {
				md["id_token_signing_alg_values_supported"] = idAlgs
			}
			json.NewEncoder(w).Encode(md)
		case "/jwks":
			p.jwksHits.Add(1)
			time.Sleep(delay)
			w.Write(jwks)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *provider) rotate(t testing.TB) {
	keys := providerKeys(sharedKeys())
	keys["rsa2"] = sharedKeys().rsa2.Public()
	raw := jwksJSON(t, keys)
	p.mu.Lock()
	p.jwks = raw
	p.mu.Unlock()
}

func sign(t testing.TB, method jwt.SigningMethod, key any, header map[string]any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func baseClaims(iss string) jwt.MapClaims {
	return jwt.MapClaims{
		"iss": iss, "sub": "user-1", "aud": "neo4j",
		"iat": fixedNow.Add(-time.Minute).Unix(), "exp": fixedNow.Add(time.Hour).Unix(),
	}
}

func with(c jwt.MapClaims, kv ...any) jwt.MapClaims {
	out := jwt.MapClaims{}
	for k, v := range c {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func findingCodes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func failedChecks(cs []Check) []string {
	var out []string
	for _, c := range cs {
		if !c.OK {
			out = append(out, c.Name)
		}
	}
	return out
}

func TestVerify(t *testing.T) {
	k := sharedKeys()
	pubPEM, _ := x509.MarshalPKIXPublicKey(k.rsa.Public())
	rsaPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubPEM})
	attackerJWK, _ := jwkset.NewJWKFromKey(k.attacker.Public(), jwkset.JWKOptions{})
	accessToken := "an-access-token"
	atHash, _ := HalfHash("RS256", accessToken)

	tests := []struct {
		name  string
		token func(p *provider) string
		cfg   func(p *provider, c *VerifyConfig)
		// before runs first, with the cache the row verifies with.
		before       func(t *testing.T, p *provider, cfg VerifyConfig)
		wantVerified bool
		// wantClean: no error or warning finding at all.
		wantClean  bool
		wantCodes  []string
		wantFailed []string // names of checks that must fail
		after      func(t *testing.T, p *provider, tok *Token)
	}{
		{
			name: "valid RS256 via discovery",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL))
			},
			wantVerified: true, wantClean: true,
			after: func(t *testing.T, p *provider, tok *Token) {
				if !strings.Contains(tok.Signature.KeySource, p.srv.URL+"/jwks") || !strings.Contains(tok.Signature.KeySource, "/.well-known/openid-configuration") {
					t.Errorf("KeySource %q does not name the JWKS and discovery URLs", tok.Signature.KeySource)
				}
				if ks := tok.Signature.KeySet; ks == nil || !slices.Contains(ks.Kids, "rsa1") || ks.FetchedAt == "" {
					t.Errorf("KeySet = %+v, want kids and fetch time", ks)
				}
				for _, want := range []string{"iss", "aud", "exp", "iat", "sub"} {
					if !slices.ContainsFunc(tok.Checks, func(c Check) bool { return c.Name == want && c.OK }) {
						t.Errorf("no passing %s check in %+v", want, tok.Checks)
					}
				}
			},
		},
		{
			name: "valid ES256",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodES256, k.ec256, map[string]any{"kid": "ec1"}, baseClaims(p.srv.URL))
			},
			wantVerified: true, wantClean: true,
		},
		{
			name: "valid ES384",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodES384, k.ec384, map[string]any{"kid": "ec384"}, baseClaims(p.srv.URL))
			},
			wantVerified: true, wantClean: true,
		},
		{
			name: "valid EdDSA",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodEdDSA, k.ed, map[string]any{"kid": "ed1"}, baseClaims(p.srv.URL))
			},
			wantVerified: true, wantClean: true,
		},
		{
			name: "valid PS256",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodPS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL))
			},
			wantVerified: true, wantClean: true,
		},
		{
			name: "wrong key",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.attacker, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL))
			},
			wantCodes: []string{"signature-invalid"},
		},
		{
			name: "ES256 token against the RSA key's kid",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodES256, k.ec256, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL))
			},
			wantCodes: []string{"alg-key-mismatch"},
		},
		{
			name: "unknown kid found after rotation",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa2, map[string]any{"kid": "rsa2"}, baseClaims(p.srv.URL))
			},
			before: func(t *testing.T, p *provider, cfg VerifyConfig) {
				first := Decode(sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL)), "input", cfg.Options)
				Verify(context.Background(), first, cfg)
				if !first.Signature.Verified {
					t.Fatalf("first token not verified: %+v", first.Signature)
				}
				p.rotate(t)
			},
			wantVerified: true, wantClean: true,
			after: func(t *testing.T, p *provider, tok *Token) {
				if n := p.jwksHits.Load(); n != 2 {
					t.Errorf("JWKS fetched %d times, want 2 (cached, then one refetch)", n)
				}
			},
		},
		{
			// jwkset bounds the refetch by its limiter wait: a short bound
			// once made a refetch slower than 100 ms fail.
			name: "unknown kid found after rotation at a slow provider",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa2, map[string]any{"kid": "rsa2"}, baseClaims(p.srv.URL))
			},
			before: func(t *testing.T, p *provider, cfg VerifyConfig) {
				first := Decode(sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL)), "input", cfg.Options)
				Verify(context.Background(), first, cfg)
				p.rotate(t)
				p.mu.Lock()
				p.jwksDelay = 300 * time.Millisecond
				p.mu.Unlock()
			},
			wantVerified: true, wantClean: true,
		},
		{
			name: "unknown kid absent after refetch",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa2, map[string]any{"kid": "other-tenant"}, baseClaims(p.srv.URL))
			},
			wantCodes: []string{"kid-not-found"},
			after: func(t *testing.T, p *provider, tok *Token) {
				f := tok.Findings[slices.IndexFunc(tok.Findings, func(f Finding) bool { return f.Code == "kid-not-found" })]
				if !strings.Contains(f.Message, "rsa1") || !strings.Contains(f.Message, "other-tenant") {
					t.Errorf("message does not list the kids: %s", f.Message)
				}
			},
		},
		{
			name: "expired",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, with(baseClaims(p.srv.URL), "exp", fixedNow.Add(-time.Hour).Unix(), "iat", fixedNow.Add(-2*time.Hour).Unix()))
			},
			wantVerified: true, wantCodes: []string{"token-expired"}, wantFailed: []string{"exp"},
		},
		{
			name: "not yet valid",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, with(baseClaims(p.srv.URL), "nbf", fixedNow.Add(10*time.Minute).Unix()))
			},
			wantVerified: true, wantCodes: []string{"token-not-yet-valid"}, wantFailed: []string{"nbf"},
		},
		{
			name: "iat in the future",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, with(baseClaims(p.srv.URL), "iat", fixedNow.Add(10*time.Minute).Unix()))
			},
			wantVerified: true, wantCodes: []string{"iat-in-future"}, wantFailed: []string{"iat"},
		},
		{
			name: "wrong iss",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, with(baseClaims("https://other.example.com")))
			},
			cfg:          func(p *provider, c *VerifyConfig) { c.Issuer, c.JWKSURL = p.srv.URL, p.srv.URL+"/jwks" },
			wantVerified: true, wantCodes: []string{"iss-mismatch"}, wantFailed: []string{"iss"},
		},
		{
			name: "iss differs by a trailing slash",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL+"/"))
			},
			wantVerified: true, wantCodes: []string{"iss-trailing-slash"}, wantFailed: []string{"iss"},
		},
		{
			name: "Entra v1 token against a v2 issuer",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims("https://sts.windows.net/tid/"))
			},
			cfg: func(p *provider, c *VerifyConfig) {
				c.Issuer, c.JWKSURL = "https://login.microsoftonline.com/tid/v2.0", p.srv.URL+"/jwks"
			},
			wantVerified: true, wantCodes: []string{"entra-token-version"}, wantFailed: []string{"iss"},
		},
		{
			name: "wrong aud",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, with(baseClaims(p.srv.URL), "aud", "account"))
			},
			wantVerified: true, wantCodes: []string{"aud-mismatch"}, wantFailed: []string{"aud"},
		},
		{
			name: "aud array containing the expected value",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, with(baseClaims(p.srv.URL), "aud", []string{"account", "neo4j"}, "azp", "neo4j"))
			},
			cfg:          func(p *provider, c *VerifyConfig) { c.ClientID = "neo4j" },
			wantVerified: true, wantClean: true,
		},
		{
			name: "azp of another client",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, with(baseClaims(p.srv.URL), "azp", "other"))
			},
			cfg:          func(p *provider, c *VerifyConfig) { c.ClientID = "neo4j" },
			wantVerified: true, wantCodes: []string{"azp-mismatch"}, wantFailed: []string{"azp"},
		},
		{
			name: "alg none",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, nil, baseClaims(p.srv.URL))
			},
			wantCodes: []string{"alg-none"},
		},
		{
			name: "HS256 signed with the RSA public key bytes",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodHS256, rsaPEM, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL))
			},
			wantCodes: []string{"alg-confusion"},
		},
		{
			name: "jku pointing at the attacker",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.attacker, map[string]any{"kid": "attacker", "jku": "https://evil.example.net/jwks.json"}, baseClaims(p.srv.URL))
			},
			wantCodes: []string{"header-key-reference", "key-reference-untrusted", "kid-not-found"},
		},
		{
			name: "x5u pointing at the attacker",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.attacker, map[string]any{"kid": "rsa1", "x5u": "https://evil.example.net/cert.pem"}, baseClaims(p.srv.URL))
			},
			wantCodes: []string{"header-key-reference", "key-reference-untrusted", "signature-invalid"},
		},
		{
			name: "embedded jwk of the attacker",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.attacker, map[string]any{"kid": "rsa1", "jwk": attackerJWK.Marshal()}, baseClaims(p.srv.URL))
			},
			wantCodes: []string{"header-key-reference", "signature-invalid"},
		},
		{
			name: "crit header",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1", "crit": []string{"exp-ext"}, "exp-ext": 1}, baseClaims(p.srv.URL))
			},
			wantVerified: true, wantCodes: []string{"header-crit", "crit-unsupported"}, wantFailed: []string{"crit"},
		},
		{
			name: "Entra Graph token with a nonce header",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1", "nonce": "abc"}, with(baseClaims(p.srv.URL), "aud", "00000003-0000-0000-c000-000000000000"))
			},
			wantVerified: true, wantCodes: []string{"header-nonce", "entra-graph-token"}, wantFailed: []string{"aud"},
		},
		{
			name: "Okta org authorization server access token",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, with(baseClaims("https://acme.okta.com"), "scp", []string{"openid"}, "aud", "neo4j"))
			},
			cfg:          func(p *provider, c *VerifyConfig) { c.Issuer, c.JWKSURL = "https://acme.okta.com", p.srv.URL+"/jwks" },
			wantVerified: true, wantCodes: []string{"okta-org-as-token"},
		},
		{
			name: "truncated signature",
			token: func(p *provider) string {
				s := sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL))
				return s[:len(s)-10]
			},
			wantCodes: []string{"signature-length", "signature-invalid"},
		},
		{
			name: "JWE",
			token: func(p *provider) string {
				h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"dir","enc":"A256GCM"}`))
				return h + "..aXZpdml2aXZpdg.Y2lwaGVydGV4dA.dGFndGFndGFndGFn"
			},
			wantCodes: []string{"token-encrypted", "token-not-verifiable"},
		},
		{
			name:      "opaque",
			token:     func(p *provider) string { return "ya29.a0AfH6SMBxxxxxxxxxxxxxxxxxxxxxxxx" },
			wantCodes: []string{"opaque-token", "token-not-verifiable"},
		},
		{
			name: "at_hash and nonce match",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, with(baseClaims(p.srv.URL), "at_hash", atHash, "nonce", "n-123"))
			},
			cfg:          func(p *provider, c *VerifyConfig) { c.AccessToken, c.Nonce = accessToken, "n-123" },
			wantVerified: true, wantClean: true,
			after: func(t *testing.T, p *provider, tok *Token) {
				for _, name := range []string{"at_hash", "nonce"} {
					if !slices.ContainsFunc(tok.Checks, func(c Check) bool { return c.Name == name && c.OK }) {
						t.Errorf("no passing %s check", name)
					}
				}
			},
		},
		{
			name: "at_hash and nonce mismatch",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, with(baseClaims(p.srv.URL), "at_hash", atHash, "nonce", "n-123"))
			},
			cfg:          func(p *provider, c *VerifyConfig) { c.AccessToken, c.Nonce = "another-token", "n-999" },
			wantVerified: true, wantCodes: []string{"at-hash-mismatch", "nonce-mismatch"}, wantFailed: []string{"at_hash", "nonce"},
		},
		{
			name: "ID token signed with an advertised alg",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodES256, k.ec256, map[string]any{"kid": "ec1"}, with(baseClaims(p.srv.URL), "nonce", "n-1"))
			},
			before:       func(t *testing.T, p *provider, cfg VerifyConfig) { p.idAlgs = []string{"RS256", "ES256"} },
			wantVerified: true, wantClean: true,
		},
		{
			name: "ID token signed with an alg discovery does not advertise",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodES256, k.ec256, map[string]any{"kid": "ec1"}, with(baseClaims(p.srv.URL), "nonce", "n-1"))
			},
			before:       func(t *testing.T, p *provider, cfg VerifyConfig) { p.idAlgs = []string{"RS256"} },
			wantVerified: true, wantCodes: []string{"alg-not-advertised"},
			after: func(t *testing.T, p *provider, tok *Token) {
				if tok.Role != RoleIDToken {
					t.Fatalf("role %q, want id_token", tok.Role)
				}
				f := tok.Findings[slices.IndexFunc(tok.Findings, func(f Finding) bool { return f.Code == "alg-not-advertised" })]
				if !strings.Contains(f.Message, "ES256") || !strings.Contains(f.Message, "RS256") {
					t.Errorf("message %q does not name the alg and the list", f.Message)
				}
			},
		},
		{
			name: "sub missing",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, with(baseClaims(p.srv.URL), "sub", ""))
			},
			wantVerified: true, wantCodes: []string{"sub-missing"}, wantFailed: []string{"sub"},
		},
		{
			name: "clock offset from the Date header",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL))
			},
			before:       func(t *testing.T, p *provider, cfg VerifyConfig) { p.dateOffset = 2 * time.Minute },
			wantVerified: true, wantCodes: []string{"clock-offset"},
			after: func(t *testing.T, p *provider, tok *Token) {
				f := tok.Findings[slices.IndexFunc(tok.Findings, func(f Finding) bool { return f.Code == "clock-offset" })]
				if !strings.Contains(f.Message, "2m") || !strings.Contains(f.Message, "behind") {
					t.Errorf("clock-offset message = %q, want 2m behind", f.Message)
				}
			},
		},
		{
			name: "offline without a key",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL))
			},
			cfg:       func(p *provider, c *VerifyConfig) { c.Offline = true },
			wantCodes: []string{"signature-not-checked"},
			after: func(t *testing.T, p *provider, tok *Token) {
				if p.jwksHits.Load() != 0 {
					t.Error("offline verification fetched the JWKS")
				}
			},
		},
		{
			name: "no issuer configured: keys of the token's iss",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL))
			},
			cfg:          func(p *provider, c *VerifyConfig) { c.Issuer = "" },
			wantVerified: true, wantCodes: []string{"issuer-not-pinned"},
		},
		{
			name: "discovery 404",
			token: func(p *provider) string {
				return sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims(p.srv.URL))
			},
			cfg:       func(p *provider, c *VerifyConfig) { c.Issuer = p.srv.URL + "/realms/missing" },
			wantCodes: []string{"discovery-unusable", "iss-mismatch"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newProvider(t)
			attacker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				t.Errorf("the attacker's server was contacted: %s", r.URL)
			}))
			defer attacker.Close()
			cfg := VerifyConfig{
				Issuer: p.srv.URL, Audiences: []string{"neo4j"}, Options: fixedOptions(),
				HTTPClient: p.srv.Client(), Keys: NewKeyCache(),
			}
			if tc.cfg != nil {
				tc.cfg(p, &cfg)
			}
			if tc.before != nil {
				tc.before(t, p, cfg)
			}
			raw := strings.ReplaceAll(tc.token(p), "https://evil.example.net", attacker.URL)
			tok := Decode(raw, "input", cfg.Options)
			Verify(context.Background(), tok, cfg)
			if tok.Signature == nil {
				t.Fatal("Signature not set")
			}
			if tok.Signature.Verified != tc.wantVerified {
				t.Errorf("Verified = %v, want %v (error %q)", tok.Signature.Verified, tc.wantVerified, tok.Signature.Error)
			}
			if !tok.Signature.Verified && tok.Signature.Error == "" {
				t.Error("not verified but no Signature.Error")
			}
			got := findingCodes(tok.Findings)
			for _, want := range tc.wantCodes {
				if !slices.Contains(got, want) {
					t.Errorf("finding %s missing; got %v", want, got)
				}
			}
			if tc.wantClean {
				for _, f := range tok.Findings {
					if f.Severity != SeverityInfo {
						t.Errorf("unexpected finding %s: %s", f.Code, f.Message)
					}
				}
			}
			failed := failedChecks(tok.Checks)
			for _, want := range tc.wantFailed {
				if !slices.Contains(failed, want) {
					t.Errorf("check %s should fail; failed %v, checks %+v", want, failed, tok.Checks)
				}
			}
			if len(tc.wantFailed) == 0 && tc.wantClean && len(failed) > 0 {
				t.Errorf("checks failed: %v", failed)
			}
			for _, f := range tok.Findings {
				if f.Message == "" || f.Fix == "" {
					t.Errorf("finding %s lacks message or fix", f.Code)
				}
			}
			if tc.after != nil {
				tc.after(t, p, tok)
			}
		})
	}
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestVerifyLocalKeys(t *testing.T) {
	k := sharedKeys()
	der, _ := x509.MarshalPKIXPublicKey(k.ec256.Public())
	ecPEM := writeFile(t, "ec.pem", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	tmpl := &x509.Certificate{SerialNumber: bigOne(), NotBefore: fixedNow.Add(-time.Hour), NotAfter: fixedNow.Add(time.Hour)}
	certDER, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.rsa.Public(), k.rsa)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := writeFile(t, "cert.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: certDER}))
	jwksFile := writeFile(t, "jwks.json", jwksJSON(t, providerKeys(k)))
	secret := "0123456789abcdef0123456789abcdef"
	iss := "https://idp.example.com"

	tests := []struct {
		name         string
		token        string
		cfg          VerifyConfig
		wantVerified bool
		wantCodes    []string
		wantSource   string
	}{
		{"PEM public key", sign(t, jwt.SigningMethodES256, k.ec256, nil, baseClaims(iss)), VerifyConfig{PEMFile: ecPEM}, true, nil, "PEM file"},
		{"PEM certificate", sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "x"}, baseClaims(iss)), VerifyConfig{PEMFile: certPEM}, true, nil, "RSA 2048-bit"},
		{"PEM key of another type", sign(t, jwt.SigningMethodRS256, k.rsa, nil, baseClaims(iss)), VerifyConfig{PEMFile: ecPEM}, false, []string{"alg-key-mismatch"}, "PEM file"},
		{"JWKS file, ES256", sign(t, jwt.SigningMethodES256, k.ec256, map[string]any{"kid": "ec1"}, baseClaims(iss)), VerifyConfig{JWKSFile: jwksFile}, true, nil, "JWKS file"},
		{"JWKS file, no kid", sign(t, jwt.SigningMethodEdDSA, k.ed, nil, baseClaims(iss)), VerifyConfig{JWKSFile: jwksFile}, true, nil, "JWKS file"},
		{"JWKS file, unknown kid", sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "gone"}, baseClaims(iss)), VerifyConfig{JWKSFile: jwksFile}, false, []string{"kid-not-found"}, "JWKS file"},
		{"HMAC secret as text", sign(t, jwt.SigningMethodHS256, []byte(secret), nil, baseClaims(iss)), VerifyConfig{Secret: secret}, true, nil, "32 bytes"},
		{"HMAC secret as base64", sign(t, jwt.SigningMethodHS256, []byte(secret), nil, baseClaims(iss)), VerifyConfig{Secret: "base64:" + base64.StdEncoding.EncodeToString([]byte(secret))}, true, nil, "32 bytes"},
		{"HMAC wrong secret", sign(t, jwt.SigningMethodHS256, []byte(secret), nil, baseClaims(iss)), VerifyConfig{Secret: secret + "x"}, false, []string{"signature-invalid"}, "HMAC"},
		{"HMAC short secret", sign(t, jwt.SigningMethodHS256, []byte("short"), nil, baseClaims(iss)), VerifyConfig{Secret: "short"}, true, []string{"hmac-secret-short"}, "HMAC"},
		{"bad base64 secret", sign(t, jwt.SigningMethodHS256, []byte(secret), nil, baseClaims(iss)), VerifyConfig{Secret: "base64:***"}, false, []string{"key-file-invalid"}, ""},
		{"missing PEM file", sign(t, jwt.SigningMethodRS256, k.rsa, nil, baseClaims(iss)), VerifyConfig{PEMFile: filepath.Join(t.TempDir(), "none.pem")}, false, []string{"key-file-invalid"}, ""},
	}
	for _, tc := range tests {
		for _, preload := range []bool{false, true} {
			name := tc.name
			if preload {
				name += ", keys preloaded"
			}
			t.Run(name, func(t *testing.T) {
				tc.cfg.Options, tc.cfg.Offline, tc.cfg.Issuer = fixedOptions(), true, iss
				if preload {
					// Read once (as inspect --each-line does): the result
					// must be the same as reading the key for the token.
					tc.cfg = tc.cfg.PreloadKeys(context.Background())
				}
				verifyLocal(t, tc.token, tc.cfg, tc.wantVerified, tc.wantCodes, tc.wantSource)
			})
		}
	}
}

func verifyLocal(t *testing.T, token string, cfg VerifyConfig, wantVerified bool, wantCodes []string, wantSource string) {
	t.Helper()
	tok := Decode(token, "input", cfg.Options)
	Verify(context.Background(), tok, cfg)
	if tok.Signature.Verified != wantVerified {
		t.Errorf("Verified = %v, want %v (%s)", tok.Signature.Verified, wantVerified, tok.Signature.Error)
	}
	if !strings.Contains(tok.Signature.KeySource, wantSource) {
		t.Errorf("KeySource = %q, want it to contain %q", tok.Signature.KeySource, wantSource)
	}
	got := findingCodes(tok.Findings)
	for _, want := range wantCodes {
		if !slices.Contains(got, want) {
			t.Errorf("finding %s missing; got %v", want, got)
		}
	}
	if slices.Contains(got, "signature-not-checked") {
		t.Error("local key not used")
	}
}

func TestVerifyJWKSTooLarge(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"keys":[` + strings.Repeat(" ", 2<<20) + `]}`))
	}))
	defer srv.Close()
	tok := Decode(sign(t, jwt.SigningMethodRS256, sharedKeys().rsa, map[string]any{"kid": "rsa1"}, baseClaims(srv.URL)), "input", fixedOptions())
	Verify(context.Background(), tok, VerifyConfig{JWKSURL: srv.URL + "/jwks", Options: fixedOptions(), HTTPClient: srv.Client(), Keys: NewKeyCache()})
	if !slices.Contains(findingCodes(tok.Findings), "jwks-fetch-failed") || !strings.Contains(tok.Signature.Error, "too large") {
		t.Errorf("findings %v, error %q: want jwks-fetch-failed, too large", findingCodes(tok.Findings), tok.Signature.Error)
	}
}

func TestHalfHash(t *testing.T) {
	// OIDC Core §A.3 example: access token jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y, at_hash 77QmUPtjPfzWtF2AnpK9RQ (RS256).
	got, ok := HalfHash("RS256", "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y")
	if !ok || got != "77QmUPtjPfzWtF2AnpK9RQ" {
		t.Errorf("HalfHash = %q, want 77QmUPtjPfzWtF2AnpK9RQ", got)
	}
}

// TestDiscoveryThatAnswersWithoutADocument: a discovery URL that answers,
// but not with a discovery document (HTTP 404, an HTML page, a document
// without jwks_uri), can never give keys: discovery-unusable, which says
// so; one that does not answer at all (nothing listens there) may answer
// elsewhere: discovery-failed, as before.
func TestDiscoveryThatAnswersWithoutADocument(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/html/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>Sign in</body></html>")
	})
	mux.HandleFunc("/nokeys/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"issuer":"http://%s/nokeys"}`, r.Host)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, tc := range []struct {
		name, discovery, want, notWant string
	}{
		{"404", srv.URL + "/.well-known/openid-configuraton", "discovery-unusable", "discovery-failed"},
		{"an HTML page", srv.URL + "/html/.well-known/openid-configuration", "discovery-unusable", "discovery-failed"},
		{"no jwks_uri", srv.URL + "/nokeys/.well-known/openid-configuration", "discovery-unusable", "discovery-failed"},
		{"nothing listens", "http://" + closedAddr(t) + "/.well-known/openid-configuration", "discovery-failed", "discovery-unusable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := Decode(sign(t, jwt.SigningMethodRS256, sharedKeys().rsa, map[string]any{"kid": "rsa1"}, jwt.MapClaims{"iss": "https://idp.example.com", "sub": "alice"}), "input", fixedOptions())
			Verify(t.Context(), tok, VerifyConfig{DiscoveryURL: tc.discovery, Options: fixedOptions(), Keys: NewKeyCache()})
			got := findingCodes(tok.Findings)
			if !slices.Contains(got, tc.want) || slices.Contains(got, tc.notWant) {
				t.Errorf("codes %v; want %s, not %s", got, tc.want, tc.notWant)
			}
			if tok.Signature == nil || tok.Signature.Verified || tok.Signature.Error == "" {
				t.Errorf("signature %+v", tok.Signature)
			}
		})
	}
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestGraphStyleSignatureSaysWhy: a token signed as Entra signs tokens for
// Microsoft Graph (the header's nonce is hashed before signing) never
// verifies for anyone but Graph: the failure is entra-graph-token, whose
// fix is the real one (a scope of your own API), not signature-invalid's
// "get a fresh, unaltered token"; with Graph's aud too it is said once.
func TestGraphStyleSignatureSaysWhy(t *testing.T) {
	p := newProvider(t)
	graphStyle := func(claims jwt.MapClaims) string {
		const nonce = "ZK5hJ2pAlvPcCRUZS1iFgGyKbXbn7N8BE4_bUeclNz8"
		signed := sign(t, jwt.SigningMethodRS256, sharedKeys().rsa, map[string]any{"kid": "rsa1", "nonce": "hashed-" + nonce}, claims)
		header, _ := json.Marshal(map[string]any{"alg": "RS256", "typ": "JWT", "kid": "rsa1", "nonce": nonce})
		_, rest, _ := strings.Cut(signed, ".")
		return base64.RawURLEncoding.EncodeToString(header) + "." + rest
	}
	for _, tc := range []struct {
		name   string
		claims jwt.MapClaims
	}{
		{"for the expected audience", baseClaims(p.srv.URL)},
		{"for Graph's audience", with(baseClaims(p.srv.URL), "aud", "00000003-0000-0000-c000-000000000000")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := Decode(graphStyle(tc.claims), "access_token", fixedOptions())
			Verify(t.Context(), tok, VerifyConfig{Issuer: p.srv.URL, Audiences: []string{"neo4j"}, Options: fixedOptions(), HTTPClient: p.srv.Client(), Keys: NewKeyCache()})
			if tok.Signature == nil || tok.Signature.Verified || !strings.Contains(tok.Signature.Error, "nonce") {
				t.Errorf("signature %+v: not verified, and the error names the nonce", tok.Signature)
			}
			got := findingCodes(tok.Findings)
			if slices.Contains(got, "signature-invalid") {
				t.Errorf("codes %v: signature-invalid's fix (a fresh, unaltered token) is not the fix", got)
			}
			n := 0
			for _, f := range tok.Findings {
				if f.Code == "entra-graph-token" {
					n++
					if !strings.Contains(f.Fix, "api://<client-id>/<scope>") || f.Severity != SeverityError {
						t.Errorf("entra-graph-token %+v", f)
					}
				}
			}
			if n != 1 {
				t.Errorf("codes %v: want entra-graph-token once", got)
			}
		})
	}
}
