package demoidp

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"
)

// discoveryDoc is the part of the discovery document the tests use.
type discoveryDoc struct {
	Issuer                 string   `json:"issuer"`
	AuthorizationEndpoint  string   `json:"authorization_endpoint"`
	TokenEndpoint          string   `json:"token_endpoint"`
	UserinfoEndpoint       string   `json:"userinfo_endpoint"`
	RevocationEndpoint     string   `json:"revocation_endpoint"`
	JWKSURI                string   `json:"jwks_uri"`
	DeviceEndpoint         string   `json:"device_authorization_endpoint"`
	GrantTypes             []string `json:"grant_types_supported"`
	CodeChallengeMethods   []string `json:"code_challenge_methods_supported"`
	TokenEndpointAuthMeths []string `json:"token_endpoint_auth_methods_supported"`
}

func startProvider(t *testing.T, cfg Config) *Provider {
	t.Helper()
	p, err := Start(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func getJSON(t *testing.T, url string, v any) http.Header {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %s: %s", url, resp.Status, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.Header
}

func discover(t *testing.T, p *Provider) discoveryDoc {
	t.Helper()
	var d discoveryDoc
	getJSON(t, p.DiscoveryURL(), &d)
	return d
}

// oauthConfig is a golang.org/x/oauth2 client of the provider.
func oauthConfig(t *testing.T, p *Provider, clientID, redirect string, scopes ...string) *oauth2.Config {
	t.Helper()
	d := discover(t, p)
	if len(scopes) == 0 {
		scopes = []string{"openid", "profile", "email"}
	}
	return &oauth2.Config{
		ClientID:    clientID,
		RedirectURL: redirect,
		Scopes:      scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL: d.AuthorizationEndpoint, TokenURL: d.TokenEndpoint,
			DeviceAuthURL: d.DeviceEndpoint, AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// signIn runs the authorization code flow with PKCE S256 as user through
// LoginAs and returns the token response.
func signIn(t *testing.T, p *Provider, conf *oauth2.Config, user string) *oauth2.Token {
	t.Helper()
	ctx := t.Context()
	verifier := oauth2.GenerateVerifier()
	u, err := p.LoginAs(ctx, nil, conf.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier)), user)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("error") != "" || q.Get("state") != "state-1" || q.Get("code") == "" {
		t.Fatalf("redirect after login = %s, want code and state", u)
	}
	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func idTokenOf(t *testing.T, tok *oauth2.Token) string {
	t.Helper()
	s, _ := tok.Extra("id_token").(string)
	if s == "" {
		t.Fatal("no id_token in the token response")
	}
	return s
}

// claimsOf decodes a JWT without verifying it.
func claimsOf(t *testing.T, raw string) (jwt.MapClaims, map[string]any) {
	t.Helper()
	claims := jwt.MapClaims{}
	tok, _, err := jwt.NewParser().ParseUnverified(raw, claims)
	if err != nil {
		t.Fatalf("not a JWT: %v (%.40s…)", err, raw)
	}
	return claims, tok.Header
}

// keysNow fetches the JWKS as it is now.
func keysNow(t *testing.T, p *Provider) keyfunc.Keyfunc {
	t.Helper()
	d := discover(t, p)
	resp, err := http.Get(d.JWKSURI)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	kf, err := keyfunc.NewJWKSetJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	return kf
}

func kids(t *testing.T, p *Provider) []string {
	t.Helper()
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
			Kty string `json:"kty"`
		} `json:"keys"`
	}
	getJSON(t, discover(t, p).JWKSURI, &set)
	var out []string
	for _, k := range set.Keys {
		out = append(out, k.Kid)
	}
	slices.Sort(out)
	return out
}

// verify checks a JWT's signature against the provider's JWKS and its
// issuer, audience and lifetime.
func verify(t *testing.T, p *Provider, raw, aud string) (jwt.MapClaims, error) {
	t.Helper()
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, keysNow(t, p).Keyfunc,
		jwt.WithIssuer(p.Issuer()), jwt.WithAudience(aud), jwt.WithIssuedAt(),
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithLeeway(5*time.Second))
	return claims, err
}

func stringsOf(v any) []string {
	var out []string
	if a, ok := v.([]any); ok {
		for _, x := range a {
			s, _ := x.(string)
			out = append(out, s)
		}
	}
	return out
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
