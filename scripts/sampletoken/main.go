// Command sampletoken prints a token endpoint response holding an access
// token and an (expired) ID token, both RS256 JWTs signed with a key
// generated on the spot and thrown away: demo material for screenshots,
// never a credential.
//
//	go run ./scripts/sampletoken            # token response (JSON, one line)
//	go run ./scripts/sampletoken -form jwt  # the access token alone
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func main() {
	form := flag.String("form", "response", "what to print: response or jwt")
	flag.Parse()

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		log.Fatal(err)
	}
	now := time.Now()
	sign := func(claims jwt.MapClaims) string {
		t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
		t.Header["kid"] = "demo-2025"
		s, err := t.SignedString(key)
		if err != nil {
			log.Fatal(err)
		}
		return s
	}
	const issuer = "https://login.example.com/realms/acme"
	access := sign(jwt.MapClaims{
		"iss": issuer, "sub": "4f1c2a9e-7b3d-4e55-9a61-0c2d8e7f1b34", "aud": "neo4j",
		"exp": now.Add(59*time.Minute + 30*time.Second).Unix(), "iat": now.Add(-30 * time.Second).Unix(),
		"scope": "openid profile email", "azp": "neo4j-browser",
		"preferred_username": "alice", "groups": []string{"neo4j-admins", "analysts"},
	})
	if *form == "jwt" {
		fmt.Println(access)
		return
	}
	id := sign(jwt.MapClaims{
		"iss": issuer, "sub": "4f1c2a9e-7b3d-4e55-9a61-0c2d8e7f1b34", "aud": "neo4j-browser",
		// Expired three minutes ago: the sample shows what a finding looks like.
		"exp": now.Add(-3 * time.Minute).Unix(), "iat": now.Add(-63 * time.Minute).Unix(),
		"auth_time": now.Add(-64 * time.Minute).Unix(), "nonce": "n-0S6_WzA2Mj",
		"email": "alice@example.com", "email_verified": true, "name": "Alice Example",
	})
	out, err := json.Marshal(map[string]any{
		"access_token": access, "token_type": "Bearer", "expires_in": 3570, "id_token": id,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintln(os.Stdout, string(out))
}
