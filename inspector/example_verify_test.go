package inspector_test

import (
	"context"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/inspector"
)

// Verify a token offline against a shared secret. With an issuer instead,
// Verify fetches its discovery document and JWKS through cfg.HTTPClient.
func ExampleVerify() {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	secret := "0123456789abcdef0123456789abcdef"
	raw, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": "https://idp.example.com", "sub": "alice", "aud": "neo4j",
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}).SignedString([]byte(secret))

	opts := inspector.Options{Now: func() time.Time { return now }}
	tok := inspector.Decode(raw, "input", opts)
	inspector.Verify(context.Background(), tok, inspector.VerifyConfig{
		Issuer:    "https://idp.example.com/", // one slash too many
		Audiences: []string{"neo4j"},
		Secret:    secret,
		Options:   opts,
		Offline:   true,
	})

	fmt.Println("signature verified:", tok.Signature.Verified, "with", tok.Signature.KeySource)
	for _, c := range tok.Checks {
		fmt.Printf("%-4s ok=%v\n", c.Name, c.OK)
	}
	for _, f := range tok.Findings {
		fmt.Println(f.Severity, f.Code)
	}
	// Output:
	// signature verified: true with HMAC shared secret (32 bytes)
	// iss  ok=false
	// aud  ok=true
	// exp  ok=true
	// iat  ok=true
	// sub  ok=true
	// typ  ok=true
	// error iss-trailing-slash
	// info kid-missing
}
