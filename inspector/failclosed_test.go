package inspector

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

// TestDiscoveryIssuerMismatchFailsClosed: a discovery document whose issuer
// is not the one asked for yields no keys (OIDC Discovery §4.3), even when
// the token is signed by a key its jwks_uri serves.
func TestDiscoveryIssuerMismatchFailsClosed(t *testing.T) {
	k := sharedKeys()
	var jwksHits atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			json.NewEncoder(w).Encode(map[string]any{"issuer": "https://attacker.example", "jwks_uri": srv.URL + "/jwks"})
		case "/jwks":
			jwksHits.Add(1)
			w.Write(jwksJSON(t, providerKeys(k)))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name string
		cfg  VerifyConfig
	}{
		{"issuer given", VerifyConfig{Issuer: srv.URL}},
		{"discovery URL and issuer given", VerifyConfig{Issuer: srv.URL, DiscoveryURL: srv.URL + "/.well-known/openid-configuration"}},
		{"the token's own iss", VerifyConfig{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Options, cfg.HTTPClient, cfg.Keys = fixedOptions(), srv.Client(), NewKeyCache()
			tok := Decode(sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "rsa1"}, baseClaims(srv.URL)), "input", cfg.Options)
			Verify(context.Background(), tok, cfg)
			if tok.Signature.Verified {
				t.Fatal("verified with keys of a discovery document naming another issuer")
			}
			if !strings.Contains(tok.Signature.Error, "not verified") || !strings.Contains(tok.Signature.Error, "https://attacker.example") {
				t.Errorf("Signature.Error = %q", tok.Signature.Error)
			}
			f, ok := findingOf(tok.Findings, FindDiscoveryIssuer.Code)
			if !ok || !strings.Contains(f.Message, "not used") {
				t.Errorf("findings %v: want discovery-issuer-mismatch saying the keys were not used", findingCodes(tok.Findings))
			}
			if n := jwksHits.Load(); n != 0 {
				t.Errorf("the document's jwks_uri was fetched %d times", n)
			}
		})
	}
}

func rawJWKS(t *testing.T, keys ...struct {
	kid string
	pub crypto.PublicKey
}) []byte {
	t.Helper()
	var out struct {
		Keys []jwkset.JWKMarshal `json:"keys"`
	}
	for _, k := range keys {
		j, err := jwkset.NewJWKFromKey(k.pub, jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: k.kid, USE: jwkset.UseSig}})
		if err != nil {
			t.Fatal(err)
		}
		out.Keys = append(out.Keys, j.Marshal())
	}
	return []byte(mustJSON(t, out))
}

type kidKey = struct {
	kid string
	pub crypto.PublicKey
}

// TestDuplicateKids: two keys under one kid are both tried, the one that
// matched is named, and a warning names both, from a file and from a URL.
func TestDuplicateKids(t *testing.T) {
	k := sharedKeys()
	set := rawJWKS(t, kidKey{"k1", k.rsa.Public()}, kidKey{"k1", k.rsa2.Public()}, kidKey{"ec1", k.ec256.Public()})
	file := writeFile(t, "dup.json", set)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(set) }))
	defer srv.Close()
	sources := map[string]VerifyConfig{
		"file": {JWKSFile: file, Offline: true},
		"URL":  {JWKSURL: srv.URL + "/jwks", HTTPClient: srv.Client(), Keys: NewKeyCache()},
	}
	for name, base := range sources {
		t.Run(name, func(t *testing.T) {
			for _, tc := range []struct {
				signer    *rsa.PrivateKey
				kid       string
				verified  bool
				wantMatch string
			}{
				{k.rsa2, "k1", true, "key #2"},
				{k.rsa, "k1", true, "key #1"},
				{k.attacker, "k1", false, ""},
				{k.rsa2, "", true, "key #2"},
			} {
				cfg := base
				cfg.Options, cfg.Issuer = fixedOptions(), "https://idp.example.com"
				header := map[string]any{}
				if tc.kid != "" {
					header["kid"] = tc.kid
				}
				tok := Decode(sign(t, jwt.SigningMethodRS256, tc.signer, header, baseClaims(cfg.Issuer)), "input", cfg.Options)
				Verify(context.Background(), tok, cfg)
				if tok.Signature.Verified != tc.verified {
					t.Errorf("kid %q: Verified = %v, want %v (%s)", tc.kid, tok.Signature.Verified, tc.verified, tok.Signature.Error)
				}
				if tc.verified && !strings.HasPrefix(tok.Signature.Key, tc.wantMatch) {
					t.Errorf("Signature.Key = %q, want %s", tok.Signature.Key, tc.wantMatch)
				}
				if tc.verified && !strings.Contains(tok.Signature.KeySource, tc.wantMatch+" (kid") {
					t.Errorf("KeySource = %q does not say which key matched", tok.Signature.KeySource)
				}
				f, ok := findingOf(tok.Findings, FindDuplicateKid.Code)
				if !ok {
					t.Fatalf("no %s finding: %v", FindDuplicateKid.Code, findingCodes(tok.Findings))
				}
				if f.Severity != SeverityWarning || !strings.Contains(f.Message, "key #1") || !strings.Contains(f.Message, "key #2") || !strings.Contains(f.Message, "thumbprint") {
					t.Errorf("finding %s %q does not name both keys", f.Severity, f.Message)
				}
			}
		})
	}
}

// TestRSAKeyShort: a 1024-bit RSA key is refused with an error, even when
// the signature matches it.
func TestRSAKeyShort(t *testing.T) {
	weak, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, "weak.json", rawJWKS(t, kidKey{"weak", weak.Public()}))
	cfg := VerifyConfig{JWKSFile: file, Offline: true, Options: fixedOptions(), Issuer: "https://idp.example.com"}
	tok := Decode(sign(t, jwt.SigningMethodRS256, weak, map[string]any{"kid": "weak"}, baseClaims(cfg.Issuer)), "input", cfg.Options)
	Verify(context.Background(), tok, cfg)
	if tok.Signature.Verified {
		t.Fatal("a token signed by a 1024-bit RSA key was verified")
	}
	if !strings.Contains(tok.Signature.Error, "1024-bit") {
		t.Errorf("Signature.Error = %q", tok.Signature.Error)
	}
	f, ok := findingOf(tok.Findings, FindRSAKeyShort.Code)
	if !ok || f.Severity != SeverityError || !strings.Contains(f.Message, "1024 bits") {
		t.Errorf("findings %v: want rsa-key-short (error) naming 1024 bits", findingCodes(tok.Findings))
	}
	// The usual 2048-bit key raises nothing of the kind.
	file = writeFile(t, "ok.json", rawJWKS(t, kidKey{"ok", sharedKeys().rsa.Public()}))
	cfg.JWKSFile = file
	tok = Decode(sign(t, jwt.SigningMethodRS256, sharedKeys().rsa, map[string]any{"kid": "ok"}, baseClaims(cfg.Issuer)), "input", cfg.Options)
	Verify(context.Background(), tok, cfg)
	if !tok.Signature.Verified || slices.Contains(findingCodes(tok.Findings), FindRSAKeyShort.Code) {
		t.Errorf("2048-bit key: verified %v, findings %v", tok.Signature.Verified, findingCodes(tok.Findings))
	}
}

// TestSignatureMustBeCanonical: a signature spelled another way (stray low
// bits in its last character, the standard alphabet, padding) decodes to
// the same bytes but is not the token that was signed: not verified.
func TestSignatureMustBeCanonical(t *testing.T) {
	k := sharedKeys()
	file := writeFile(t, "jwks.json", rawJWKS(t, kidKey{"k1", k.rsa.Public()}))
	cfg := VerifyConfig{JWKSFile: file, Offline: true, Options: fixedOptions(), Issuer: "https://idp.example.com"}
	good := sign(t, jwt.SigningMethodRS256, k.rsa, map[string]any{"kid": "k1"}, baseClaims(cfg.Issuer))
	last := len(good) - 1
	for name, tc := range map[string]struct {
		token    string
		verified bool
	}{
		"as signed":              {good, true},
		"stray bits":             {good[:last] + string(good[last]^1), false},
		"padding":                {good + "==", false},
		"standard alphabet":      {strings.NewReplacer("-", "+", "_", "/").Replace(good[:strings.LastIndexByte(good, '.')]) + good[strings.LastIndexByte(good, '.'):], false},
		"standard alphabet sig.": {good[:strings.LastIndexByte(good, '.')] + strings.NewReplacer("-", "+", "_", "/").Replace(good[strings.LastIndexByte(good, '.'):]), false},
	} {
		if name != "as signed" && tc.token == good {
			continue // this signature happens to have no - or _
		}
		tok := Decode(tc.token, "input", cfg.Options)
		Verify(context.Background(), tok, cfg)
		if tok.Signature.Verified != tc.verified {
			t.Errorf("%s: Verified = %v, want %v (%s)", name, tok.Signature.Verified, tc.verified, tok.Signature.Error)
		}
	}
}
