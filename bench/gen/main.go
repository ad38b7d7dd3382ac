// Command gen makes the data `make bench` measures on, with keys it
// generates itself (never a checked-in key):
//
//	rs256.jwks, rs256.tokens   N RS256 tokens, one per line, and their key
//	es256.jwks, es256.tokens   the same for ES256
//	rs256-K.tokens, es256-K.tokens
//	                           the first K of a larger set, for each K of
//	                           -scale (the rows of cost as work grows)
//	one.token                  a single RS256 token (start-up rows)
//	scan.log                   a log of about -log-mb MB with JWTs scattered
//	                           through it, and scan.count, how many it holds
//
// Tokens expire in 30 days; scripts/bench.sh regenerates them when older
// than a week, or when this generator's format changes (stamp).
package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Stamp changes whenever the generated data changes shape.
const Stamp = "ssolens-bench-data v2"

// Issuer is the iss of every generated token.
const Issuer = "https://idp.bench.example/oauth2/default"

func main() {
	out := flag.String("out", "build/bench", "output directory")
	n := flag.Int("n", 10000, "tokens per algorithm")
	logMB := flag.Int("log-mb", 200, "size of scan.log in MB (0: none)")
	scale := flag.String("scale", "", "comma-separated token counts for ALG-K.tokens files (the first K of one set)")
	flag.Parse()
	var ks []int
	for _, f := range strings.FieldsFunc(*scale, func(r rune) bool { return r == ',' }) {
		k, err := strconv.Atoi(f)
		if err != nil || k <= 0 {
			fmt.Fprintf(os.Stderr, "gen: -scale %q: %q is not a count\n", *scale, f)
			os.Exit(2)
		}
		ks = append(ks, k)
	}
	if err := run(*out, *n, *logMB, ks); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string, n, logMB int, scale []int) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	enc := base64.RawURLEncoding
	rsaJWK := map[string]any{"kty": "RSA", "kid": "bench-rsa", "alg": "RS256", "use": "sig",
		"n": enc.EncodeToString(rsaKey.N.Bytes()), "e": enc.EncodeToString(big.NewInt(int64(rsaKey.E)).Bytes())}
	ecJWK := map[string]any{"kty": "EC", "kid": "bench-ec", "alg": "ES256", "use": "sig", "crv": "P-256",
		"x": enc.EncodeToString(ecKey.X.FillBytes(make([]byte, 32))), "y": enc.EncodeToString(ecKey.Y.FillBytes(make([]byte, 32)))}
	for name, jwk := range map[string]any{"rs256.jwks": rsaJWK, "es256.jwks": ecJWK} {
		b, _ := json.Marshal(map[string]any{"keys": []any{jwk}})
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return err
		}
	}
	now := time.Now()
	total := n
	for _, k := range scale {
		total = max(total, k)
	}
	var rsaTokens []string
	for _, a := range []struct {
		name   string
		method jwt.SigningMethod
		key    any
		kid    string
	}{{"rs256", jwt.SigningMethodRS256, rsaKey, "bench-rsa"}, {"es256", jwt.SigningMethodES256, ecKey, "bench-ec"}} {
		toks, err := signTokens(total, a.method, a.key, a.kid, now)
		if err != nil {
			return err
		}
		if a.name == "rs256" {
			rsaTokens = toks
		}
		if err := writeLines(filepath.Join(out, a.name+".tokens"), toks[:n]); err != nil {
			return err
		}
		for _, k := range scale {
			if err := writeLines(filepath.Join(out, fmt.Sprintf("%s-%d.tokens", a.name, k)), toks[:k]); err != nil {
				return err
			}
		}
	}
	if err := os.WriteFile(filepath.Join(out, "one.token"), []byte(rsaTokens[0]+"\n"), 0o644); err != nil {
		return err
	}
	if logMB > 0 {
		count, err := writeLog(filepath.Join(out, "scan.log"), logMB<<20, rsaTokens[:min(len(rsaTokens), 2000)])
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, "scan.count"), []byte(fmt.Sprintln(count)), 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(out, "stamp"), []byte(fmt.Sprintf("%s n=%d log-mb=%d scale=%s\n", Stamp, n, logMB, joinInts(scale))), 0o644)
}

// signTokens signs n tokens shaped like a provider's access tokens, each
// with its own jti and subject, on every core (RSA signing is slow).
func signTokens(n int, method jwt.SigningMethod, key any, kid string, now time.Time) ([]string, error) {
	groups := []string{"engineers", "neo4j-admins", "analysts", "collaborators"}
	toks := make([]string, n)
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += len(errs) {
				t := jwt.NewWithClaims(method, jwt.MapClaims{
					"iss":    Issuer,
					"sub":    fmt.Sprintf("user-%05d", i),
					"aud":    "neo4j",
					"azp":    "neo4j-browser",
					"iat":    now.Add(-time.Minute).Unix(),
					"nbf":    now.Add(-time.Minute).Unix(),
					"exp":    now.Add(30 * 24 * time.Hour).Unix(),
					"jti":    fmt.Sprintf("bench-%d", i),
					"scp":    []string{"openid", "profile", "email"},
					"email":  fmt.Sprintf("user%05d@example.com", i),
					"name":   fmt.Sprintf("Bench User %d", i),
					"groups": groups[:1+i%len(groups)],
				})
				t.Header["kid"] = kid
				s, err := t.SignedString(key)
				if err != nil {
					errs[w] = err
					return
				}
				toks[i] = s
			}
		}()
	}
	wg.Wait()
	return toks, errors.Join(errs...)
}

// writeLines writes one line per string.
func writeLines(path string, lines []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, l := range lines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func joinInts(ks []int) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = strconv.Itoa(k)
	}
	return strings.Join(s, ",")
}

// writeLog writes about size bytes of API-server log lines; about one line
// in 100 carries a token, in one of the forms logs have them in. It returns
// how many tokens it wrote.
func writeLog(path string, size int, tokens []string) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	rng := mrand.New(mrand.NewPCG(9, 11))
	words := strings.Fields("INFO DEBUG WARN request response GET POST PUT /db/neo4j/query/v2 /api/v1/users status=200 status=404 took=12ms took=3ms user=alice user=bob tx committed rollback cache hit miss bolt session opened closed")
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	written, count := 0, 0
	var line []byte
	for i := 0; written < size; i++ {
		line = line[:0]
		line = start.Add(time.Duration(i)*time.Millisecond).AppendFormat(line, "2006-01-02T15:04:05.000Z07:00")
		line = append(line, ' ')
		for range 8 + rng.IntN(10) {
			line = append(line, words[rng.IntN(len(words))]...)
			line = append(line, ' ')
		}
		if rng.IntN(100) == 0 {
			tok := tokens[rng.IntN(len(tokens))]
			switch rng.IntN(3) {
			case 0:
				line = append(line, "Authorization: Bearer "...)
				line = append(line, tok...)
			case 1:
				line = append(line, `body={"access_token":"`...)
				line = append(line, tok...)
				line = append(line, `","token_type":"Bearer","expires_in":3600}`...)
			default:
				line = append(line, "redirect http://localhost:7474/browser/#id_token="...)
				line = append(line, tok...)
				line = append(line, "&state=af0ifjsldkj"...)
			}
			count++
		}
		line = append(line, '\n')
		n, err := w.Write(line)
		if err != nil {
			return 0, err
		}
		written += n
	}
	return count, w.Flush()
}
