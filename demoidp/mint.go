package demoidp

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// tokenCrypto is the provider's op.Crypto, and the hook where access tokens
// get their shape. The library's own JWT access tokens share one audience
// with the ID token and cannot carry scenario changes (registered claims win
// over custom ones). For a bearer access token, though, the library only
// calls Encrypt("<token id>:<subject>") and reads the result back with
// Decrypt (userinfo, introspection, revocation): the format is ours. So
// Encrypt mints the access token for the record storage has just made, and
// Decrypt looks an issued token up. Anything else (authorization codes) goes
// to the library's AES-GCM crypto.
type tokenCrypto struct {
	p        *Provider
	fallback op.Crypto
}

func (c *tokenCrypto) Encrypt(s string) (string, error) {
	if id, sub, ok := strings.Cut(s, ":"); ok {
		if a, ok := c.p.store.accessByID(id); ok && a.subject == sub {
			raw, err := c.p.mintAccessToken(a)
			if err != nil {
				return "", err
			}
			c.p.store.recordIssued(raw, a.id)
			return raw, nil
		}
	}
	return c.fallback.Encrypt(s)
}

func (c *tokenCrypto) Decrypt(s string) (string, error) {
	if a, ok := c.p.store.issuedToken(s); ok {
		return a.id + ":" + a.subject, nil
	}
	return c.fallback.Decrypt(s)
}

// accessAudience is the aud of access tokens under a scenario.
func accessAudience(scenario string) string {
	if scenario == ScenarioWrongAudience {
		return "account" // Keycloak's default access-token audience
	}
	return APIAudience
}

// mintAccessToken makes the access token for a record: a JWT as Okta's
// custom authorization servers send it (aud = the API, scp, groups), or
// what the record's scenario makes of it.
func (p *Provider) mintAccessToken(a *accessRecord) (string, error) {
	if a.scenario == ScenarioOpaqueAccessToken {
		// Like Google's or Auth0's: a reference the client cannot decode.
		return "demo_opaque_" + rand.Text() + rand.Text(), nil
	}
	claims := jwt.MapClaims{
		"iss":       a.issuer,
		"sub":       a.subject,
		"aud":       accessAudience(a.scenario),
		"iat":       a.issuedAt.Unix(),
		"nbf":       a.issuedAt.Unix(),
		"exp":       a.expires.Unix(),
		"jti":       a.id,
		"client_id": a.clientID,
		"scp":       a.scopes,
	}
	if a.user {
		u, ok := userByID(a.subject)
		if !ok {
			return "", fmt.Errorf("unknown demo user %q", a.subject)
		}
		for k, v := range groupClaims(u, a.scenario, accessToken) {
			claims[k] = v
		}
	}
	key := p.keys.signer(a.scenario)
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = key.id
	if a.scenario == ScenarioGraphStyleToken {
		return signGraphStyle(tok, key)
	}
	return tok.SignedString(key.private)
}

// signGraphStyle signs as Entra signs tokens for Microsoft Graph: the JOSE
// header carries a nonce, but the signature covers the header with the
// nonce replaced by base64url(SHA-256(nonce)). Only Graph knows to undo
// that, so verifying the token as sent against the JWKS fails.
// (justinlettau/azure-ad-verify-token#5; Entra docs: Graph tokens "can't be
// validated" by third parties.)
func signGraphStyle(tok *jwt.Token, key *signingKey) (string, error) {
	nonce := rand.Text()
	sum := sha256.Sum256([]byte(nonce))
	tok.Header["nonce"] = base64.RawURLEncoding.EncodeToString(sum[:])
	signed, err := tok.SignedString(key.private)
	if err != nil {
		return "", err
	}
	tok.Header["nonce"] = nonce
	header, err := json.Marshal(tok.Header)
	if err != nil {
		return "", err
	}
	_, rest, _ := strings.Cut(signed, ".")
	return base64.RawURLEncoding.EncodeToString(header) + "." + rest, nil
}

type tokenKind int

const (
	idToken tokenKind = iota // also what userinfo answers
	accessToken
)

// groupClaims are a user's group claims in a token under a scenario.
func groupClaims(u User, scenario string, kind tokenKind) map[string]any {
	switch scenario {
	case ScenarioGroupsOnlyInAccess:
		if kind == idToken {
			return nil
		}
	case ScenarioGroupsOverage:
		// Entra's overage indicator: where to fetch the groups instead.
		return map[string]any{
			"_claim_names": map[string]any{"groups": "src1"},
			"_claim_sources": map[string]any{"src1": map[string]any{
				"endpoint": "https://graph.microsoft.com/v1.0/users/" + u.ID + "/getMemberObjects",
			}},
		}
	case ScenarioKeycloakNestedRoles:
		// Keycloak's "realm roles" mapper: access token only, nested.
		if kind == idToken {
			return nil
		}
		roles := append([]string{"default-roles-demo"}, u.Groups...)
		return map[string]any{"realm_access": map[string]any{"roles": roles}}
	}
	return map[string]any{"groups": append([]string{}, u.Groups...)}
}
