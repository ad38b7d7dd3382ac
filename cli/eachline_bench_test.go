package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// BenchmarkInspectEachLineRS256 is `inspect --each-line --jwks --json` over
// 1,000 RS256 tokens; make bench times the whole process on 10,000.
func BenchmarkInspectEachLineRS256(b *testing.B) {
	dir := b.TempDir()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	enc := base64.RawURLEncoding
	jwks := fmt.Sprintf(`{"keys":[{"kty":"RSA","kid":"k1","alg":"RS256","use":"sig","n":%q,"e":%q}]}`,
		enc.EncodeToString(key.N.Bytes()), enc.EncodeToString(big.NewInt(int64(key.E)).Bytes()))
	var lines strings.Builder
	now := time.Now()
	const n = 1000
	for i := range n {
		t := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{
			"iss": "https://idp.example.com", "sub": fmt.Sprint("user-", i), "aud": "neo4j",
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "scp": []string{"openid", "email"},
		})
		t.Header["kid"] = "k1"
		s, err := t.SignedString(key)
		if err != nil {
			b.Fatal(err)
		}
		lines.WriteString(s + "\n")
	}
	jwksFile, tokFile := filepath.Join(dir, "k.jwks"), filepath.Join(dir, "t.txt")
	os.WriteFile(jwksFile, []byte(jwks), 0o644)
	os.WriteFile(tokFile, []byte(lines.String()), 0o644)
	args := []string{"inspect", "--each-line", tokFile, "--jwks", jwksFile, "--issuer", "https://idp.example.com", "--audience", "neo4j", "--json"}
	if d := os.Getenv("SSOLENS_BENCH_DIR"); d != "" {
		// make bench's data (go run ./bench/gen), for profiling that run.
		args = []string{"inspect", "--each-line", filepath.Join(d, "rs256.tokens"), "--jwks", filepath.Join(d, "rs256.jwks"),
			"--issuer", "https://idp.bench.example/oauth2/default", "--audience", "neo4j", "--json"}
	}
	b.ReportAllocs()
	for b.Loop() {
		if code := Main(args, strings.NewReader(""), io.Discard, io.Discard); code != ExitOK {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/token")
}

// BenchmarkScanFile is `ssolens scan FILE` over make bench's
// generated log (SSOLENS_BENCH_DIR), for profiling that row.
func BenchmarkScanFile(b *testing.B) {
	d := os.Getenv("SSOLENS_BENCH_DIR")
	if d == "" {
		b.Skip("SSOLENS_BENCH_DIR is not set (make bench sets it up)")
	}
	path := filepath.Join(d, "scan.log")
	st, err := os.Stat(path)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(st.Size())
	for b.Loop() {
		if code := Main([]string{"scan", path}, strings.NewReader(""), io.Discard, io.Discard); code == ExitUsage {
			b.Fatalf("exit %d", code)
		}
	}
}
