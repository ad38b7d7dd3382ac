package inspector

import (
	"context"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The Verify benchmarks decode and verify with keys already cached; the
// bare ones are golang-jwt's jwt.Parse with the same key, for the ratio.

func benchToken(b *testing.B, method jwt.SigningMethod, key any, kid, iss string) string {
	now := time.Now()
	return sign(b, method, key, map[string]any{"kid": kid}, jwt.MapClaims{
		"iss": iss, "sub": "user-1", "aud": "neo4j", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	})
}

func benchVerify(b *testing.B, method jwt.SigningMethod, key any, kid string) {
	p := newProvider(b)
	p.dateOffset = time.Since(fixedNow) // a Date header from the real clock
	raw := benchToken(b, method, key, kid, p.srv.URL)
	cfg := VerifyConfig{Issuer: p.srv.URL, Audiences: []string{"neo4j"}, HTTPClient: p.srv.Client(), Keys: NewKeyCache()}
	ctx := context.Background()
	warm := Decode(raw, "input", cfg.Options)
	Verify(ctx, warm, cfg)
	if !warm.Signature.Verified {
		b.Fatalf("not verified: %+v", warm.Signature)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		t := Decode(raw, "input", cfg.Options)
		Verify(ctx, t, cfg)
		if !t.Signature.Verified {
			b.Fatal("not verified")
		}
	}
	if n := p.jwksHits.Load(); n != 1 {
		b.Fatalf("JWKS fetched %d times, want 1", n)
	}
}

func benchBare(b *testing.B, method jwt.SigningMethod, key, pub any) {
	raw := benchToken(b, method, key, "k", "https://idp.example.com")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := jwt.Parse(raw, func(*jwt.Token) (any, error) { return pub, nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyRS256(b *testing.B) {
	benchVerify(b, jwt.SigningMethodRS256, sharedKeys().rsa, "rsa1")
}

func BenchmarkVerifyES256(b *testing.B) {
	benchVerify(b, jwt.SigningMethodES256, sharedKeys().ec256, "ec1")
}

func BenchmarkBareJWTParseRS256(b *testing.B) {
	benchBare(b, jwt.SigningMethodRS256, sharedKeys().rsa, sharedKeys().rsa.Public())
}

func BenchmarkBareJWTParseES256(b *testing.B) {
	benchBare(b, jwt.SigningMethodES256, sharedKeys().ec256, sharedKeys().ec256.Public())
}
