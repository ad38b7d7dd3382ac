package cli

import (
	"bytes"
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
// 1,000 RS256 tokens; make bench times the whole process on 10,000. With
// SSOLENS_BENCH_DIR set it runs on make bench's data instead (go run
// ./bench/gen), with no key made here, so a profile holds only the run.
func BenchmarkInspectEachLineRS256(b *testing.B) { benchEachLine(b, "rs256") }

// BenchmarkInspectEachLineES256 is the same over ES256 tokens, on make
// bench's data only (SSOLENS_BENCH_DIR).
func BenchmarkInspectEachLineES256(b *testing.B) { benchEachLine(b, "es256") }

func benchEachLine(b *testing.B, alg string) {
	n := 1000
	var args []string
	if d := os.Getenv("SSOLENS_BENCH_DIR"); d != "" {
		toks, err := os.ReadFile(filepath.Join(d, alg+".tokens"))
		if err != nil {
			b.Skip(err)
		}
		n = bytes.Count(toks, []byte("\n"))
		args = []string{"inspect", "--each-line", filepath.Join(d, alg+".tokens"), "--jwks", filepath.Join(d, alg+".jwks"),
			"--issuer", "https://idp.bench.example/oauth2/default", "--audience", "neo4j", "--json"}
	} else if alg != "rs256" {
		b.Skip("SSOLENS_BENCH_DIR is not set (make bench sets it up)")
	} else {
		args = eachLineData(b, n)
	}
	b.ReportAllocs()
	for b.Loop() {
		if code := Main(args, strings.NewReader(""), io.Discard, io.Discard); code != ExitOK {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/token")
}

// eachLineData writes n RS256 tokens and their JWKS to a temporary
// directory and returns the inspect arguments for them.
func eachLineData(b *testing.B, n int) []string {
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
	return []string{"inspect", "--each-line", tokFile, "--jwks", jwksFile, "--issuer", "https://idp.example.com", "--audience", "neo4j", "--json"}
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
