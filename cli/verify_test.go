package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// testProvider serves discovery and a JWKS on loopback, with a key made
// for the test.
type testProvider struct {
	srv *httptest.Server
	key *rsa.PrivateKey
}

func newTestProvider(t *testing.T) *testProvider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &testProvider{key: key}
	mux := http.NewServeMux()
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, p.srv.URL, p.srv.URL+"/jwks")
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, r *http.Request) {
		w.Write(p.jwks())
	})
	return p
}

func (p *testProvider) jwks() []byte {
	enc := base64.RawURLEncoding
	return []byte(fmt.Sprintf(`{"keys":[{"kty":"RSA","kid":"k1","alg":"RS256","use":"sig","n":%q,"e":%q}]}`,
		enc.EncodeToString(p.key.N.Bytes()), enc.EncodeToString(big.NewInt(int64(p.key.E)).Bytes())))
}

func (p *testProvider) mint(t *testing.T, aud string) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{
		"iss": p.srv.URL, "sub": "alice", "aud": aud,
		"iat": testNow.Add(-time.Minute).Unix(), "exp": testNow.Add(time.Hour).Unix(),
	})
	tok.Header["kid"] = "k1"
	s, err := tok.SignedString(p.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type verifyOutput struct {
	Transport string `json:"transport"`
	Tokens    []struct {
		Signature struct {
			Verified  bool   `json:"verified"`
			KeySource string `json:"key_source"`
			Kid       string `json:"kid"`
		} `json:"signature"`
		Checks []struct {
			Name string `json:"name"`
			OK   bool   `json:"ok"`
		} `json:"checks"`
		Findings []struct {
			Code string `json:"code"`
		} `json:"findings"`
	} `json:"tokens"`
}

func decodeVerify(t *testing.T, out string) verifyOutput {
	t.Helper()
	var v verifyOutput
	if err := json.Unmarshal([]byte(out), &v); err != nil || len(v.Tokens) != 1 {
		t.Fatalf("output: %v\n%s", err, out)
	}
	return v
}

func TestInspectVerifiesAgainstTheIssuersKeys(t *testing.T) {
	p := newTestProvider(t)
	tok := p.mint(t, "api://default")

	out, stderr, code := run(t, "", "inspect", tok, "--issuer", p.srv.URL, "--audience", "api://default", "--json")
	v := decodeVerify(t, out)
	if code != ExitOK || !v.Tokens[0].Signature.Verified {
		t.Fatalf("exit %d, signature %+v, stderr %q\n%s", code, v.Tokens[0].Signature, stderr, out)
	}
	if !strings.Contains(v.Tokens[0].Signature.KeySource, p.srv.URL+"/jwks") || v.Transport == "" {
		t.Errorf("key source %q / transport %q should name the JWKS and the proxy/CA used", v.Tokens[0].Signature.KeySource, v.Transport)
	}
	names := map[string]bool{}
	for _, c := range v.Tokens[0].Checks {
		names[c.Name] = c.OK
	}
	if !names["iss"] || !names["aud"] {
		t.Errorf("checks = %+v; want passing iss and aud checks", v.Tokens[0].Checks)
	}

	out, _, code = run(t, "", "inspect", tok, "--issuer", p.srv.URL, "--audience", "neo4j", "--json")
	if code != ExitFindings || !hasFinding(decodeVerify(t, out), "aud-mismatch") {
		t.Errorf("wrong audience: exit %d, want 1 with aud-mismatch\n%s", code, out)
	}
	out, _, code = run(t, "", "inspect", tok, "--issuer", p.srv.URL+"/", "--json")
	if code != ExitFindings || !hasFinding(decodeVerify(t, out), "iss-trailing-slash") {
		t.Errorf("issuer with a trailing slash: exit %d\n%s", code, out)
	}
	// --verify alone discovers the token's own iss, and says so.
	out, _, _ = run(t, "", "inspect", tok, "--verify", "--json")
	v = decodeVerify(t, out)
	if !v.Tokens[0].Signature.Verified || !hasFinding(v, "issuer-not-pinned") {
		t.Errorf("--verify: %+v", v.Tokens[0])
	}
}

func TestInspectVerifiesOfflineWithAJWKSFileOrASecret(t *testing.T) {
	p := newTestProvider(t)
	tok := p.mint(t, "api://default")
	file := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(file, p.jwks(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, "", "inspect", tok, "--jwks", file, "--offline", "--json")
	if v := decodeVerify(t, out); code != ExitOK || !v.Tokens[0].Signature.Verified {
		t.Errorf("--jwks FILE: exit %d\n%s", code, out)
	}

	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "a", "iat": testNow.Unix(), "exp": testNow.Add(time.Hour).Unix()})
	signed, err := hs.SignedString([]byte("a-shared-secret-of-32-bytes-long!"))
	if err != nil {
		t.Fatal(err)
	}
	secretFile := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secretFile, []byte("a-shared-secret-of-32-bytes-long!\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code = run(t, "", "inspect", signed, "--secret", "@"+secretFile, "--json")
	if v := decodeVerify(t, out); code != ExitOK || !v.Tokens[0].Signature.Verified {
		t.Errorf("--secret @FILE: exit %d\n%s", code, out)
	}
	out, _, code = run(t, "", "inspect", signed, "--secret", "wrong", "--json")
	if code != ExitFindings || !hasFinding(decodeVerify(t, out), "signature-invalid") {
		t.Errorf("wrong secret: exit %d\n%s", code, out)
	}
}

func TestPlainInspectSaysTheSignatureWasNotChecked(t *testing.T) {
	p := newTestProvider(t)
	out, _, code := run(t, "", "inspect", p.mint(t, "x"), "--json")
	v := decodeVerify(t, out)
	if code != ExitOK || v.Tokens[0].Signature.Verified || !hasFinding(v, "signature-not-checked") || v.Transport != "" {
		t.Errorf("plain inspect must stay offline and say so: exit %d\n%s", code, out)
	}
}

func TestInspectUnreadableSecretFileIsAUsageError(t *testing.T) {
	_, stderr, code := run(t, "", "inspect", "eyJhbGciOiJIUzI1NiJ9.e30.abc", "--secret", "@/no/such/secret")
	if code != ExitUsage || !strings.Contains(stderr, "/no/such/secret") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func hasFinding(v verifyOutput, code string) bool {
	for _, t := range v.Tokens {
		for _, f := range t.Findings {
			if f.Code == code {
				return true
			}
		}
	}
	return false
}
