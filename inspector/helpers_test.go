package inspector

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// testNow is the fixed clock of these tests.
var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func testOpts() Options {
	return Options{Now: func() time.Time { return testNow }, Location: time.UTC}
}

var (
	rsaOnce sync.Once
	rsaKey  *rsa.PrivateKey
)

func testRSAKey(t testing.TB) *rsa.PrivateKey {
	rsaOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		rsaKey = k
	})
	return rsaKey
}

// mint signs claims with a key generated for the test run.
func mint(t testing.TB, claims jwt.MapClaims, header map[string]any) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = "test-key"
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(testRSAKey(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// craft builds a token from literal JSON, for shapes no library would
// produce (duplicate names, odd numbers); the signature is 256 fixed bytes.
func craft(header, payload string) string {
	sig := make([]byte, 256)
	for i := range sig {
		sig[i] = byte(i)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(sig)
}

func validClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss":    "https://idp.example.com/oauth2/default",
		"sub":    "alice",
		"aud":    "api://default",
		"iat":    testNow.Add(-5 * time.Minute).Unix(),
		"exp":    testNow.Add(55 * time.Minute).Unix(),
		"scp":    []string{"openid", "profile"},
		"groups": []string{"engineers"},
	}
}

func codes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func hasCode(fs []Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func findingOf(fs []Finding, code string) (Finding, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return Finding{}, false
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func allCodes(r *Report) string {
	var parts []string
	parts = append(parts, codes(r.Findings)...)
	for _, t := range r.Tokens {
		parts = append(parts, codes(t.Findings)...)
	}
	return strings.Join(parts, ",")
}
