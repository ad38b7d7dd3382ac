package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/session"
	"github.com/ssolens/ssolens/snippets"
)

// The core's errors name no flag; the command line names the one that
// answers each, and errors.Is still sees the core's error.
func TestFlagHintsNameTheFlag(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, portsErr := pkce.ListenLoopback(pkce.LoopbackConfig{Ports: []int{busy.Addr().(*net.TCPAddr).Port}})
	_, _, _, secretErr := pkce.ResolveSecret(pkce.SecretRequest{Key: "k"}, nil)
	_, bothErr := session.Mint(session.MintRequest{KeyFile: "key.pem", Secret: []byte("s")})
	_, demoAlgErr := session.Mint(session.MintRequest{DemoKeyFile: filepath.Join(t.TempDir(), "demo.key"), Alg: "ES256"})
	jwk := func(kid string) map[string]any {
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		b := func(n *big.Int) string { return base64.RawURLEncoding.EncodeToString(n.FillBytes(make([]byte, 32))) }
		return map[string]any{"kty": "EC", "crv": "P-256", "kid": kid, "x": b(k.X), "y": b(k.Y), "d": b(k.D)}
	}
	set, _ := json.Marshal(map[string]any{"keys": []any{jwk("a"), jwk("b")}})
	jwks := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(jwks, set, 0o600); err != nil {
		t.Fatal(err)
	}
	_, twoErr := session.Mint(session.MintRequest{KeyFile: jwks})
	_, kidErr := session.Mint(session.MintRequest{KeyFile: jwks, Kid: "c"})
	_, snippetErr := snippets.Render(snippets.Kinds()[0], snippets.Params{})
	for _, c := range []struct {
		err        error
		sentinel   error
		flag, core string
	}{
		{portsErr, pkce.ErrPortsInUse, "(--listen PORTS)", "choose other ports"},
		{secretErr, pkce.ErrNoClientSecret, "(--client-secret-env VAR)", "environment variable"},
		{bothErr, session.ErrKeyAndSecret, "(--key or --secret, not both)", "sign with one"},
		{demoAlgErr, session.ErrDemoKeyAlg, "(--key or --secret)", "signs RS256 only, not ES256"},
		{twoErr, session.ErrKeyNotChosen, "(--kid)", "holds 2 private keys"},
		{kidErr, session.ErrNoKeyWithKid, "(--kid)", `"c"`},
		{snippetErr, snippets.ErrNoIssuerAudience, "(--issuer and --audience, or --conf with a provider, or --tokens)", "the issuer and the audience are required"},
	} {
		if c.err == nil || strings.Contains(c.err.Error(), "--") {
			t.Errorf("the core's error %v names a flag", c.err)
			continue
		}
		got := withFlagHint(c.err)
		if !errors.Is(got, c.sentinel) || !strings.HasSuffix(got.Error(), c.flag) || !strings.Contains(got.Error(), c.core) {
			t.Errorf("%v: hinted as %q", c.sentinel, got)
		}
	}
	// The commands that meet them say the flag.
	for _, c := range []struct{ args []string }{
		{[]string{"mint", "--secret", "abc", "--key", "key.pem"}},
		{[]string{"mint", "--demo-key-file", filepath.Join(t.TempDir(), "demo.key"), "--alg", "ES256"}},
		{[]string{"snippets", "--kind", "curl"}},
	} {
		_, stderr, code := run(t, "", c.args...)
		if code != ExitUsage || !strings.Contains(stderr, " (--") {
			t.Errorf("%v: exit %d, %q: want the flag that answers it", c.args, code, stderr)
		}
	}
	plain := errors.New("the sign-in returned nothing")
	if got := withFlagHint(plain); got != plain {
		t.Errorf("an error no flag answers became %q", got)
	}
	if withFlagHint(nil) != nil {
		t.Error("nil became an error")
	}
}
