package app

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/golang-jwt/jwt/v5"
)

// TestPastedTokenIsVerifiedAgainstItsIssuer: the window checks the
// signature online by default, against keys its issuer publishes (here a
// provider on loopback), and shows the result with the checks.
func TestPastedTokenIsVerifiedAgainstItsIssuer(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, srv.URL, srv.URL+"/keys")
	})
	mux.HandleFunc("/keys", func(w http.ResponseWriter, r *http.Request) {
		enc := base64.RawURLEncoding
		fmt.Fprintf(w, `{"keys":[{"kty":"RSA","kid":"k-2025","alg":"RS256","n":%q,"e":%q}]}`,
			enc.EncodeToString(key.N.Bytes()), enc.EncodeToString(big.NewInt(int64(key.E)).Bytes()))
	})
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{
		"iss": srv.URL, "sub": "alice", "aud": "neo4j",
		"iat": fixedNow.Add(-time.Minute).Unix(), "exp": fixedNow.Add(time.Hour).Unix(),
	})
	tok.Header["kid"] = "k-2025"
	signed, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}

	h := newHarness(t)
	h.view.SetVerifier(srv.Client())
	h.app.Clipboard().SetContent(signed)
	test.Tap(h.button("Paste from clipboard"))
	h.waitFor("not checked: offline and no local key") // at once, before any fetch
	h.waitFor("verified")
	got := h.resultText()
	for _, want := range []string{"Verification", "k-2025", srv.URL + "/keys", "✔ alice"} {
		if !strings.Contains(got, want) {
			t.Errorf("verified result does not show %q; it shows:\n%s", want, got)
		}
	}
	if strings.Contains(got, "not verified") {
		t.Errorf("signature shown as not verified:\n%s", got)
	}
}
