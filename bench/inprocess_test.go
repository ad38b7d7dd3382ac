package bench

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
)

// provider is an OpenID provider on loopback with one key: discovery and a
// JWKS, as Neo4j fetches them.
type provider struct {
	srv  *httptest.Server
	jwks string
}

func newProvider(b *testing.B, jwk string) *provider {
	b.Helper()
	p := &provider{jwks: `{"keys":[` + jwk + `]}`}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, p.srv.URL, p.srv.URL+"/keys")
		case "/keys":
			w.Write([]byte(p.jwks))
		default:
			http.NotFound(w, r)
		}
	}))
	b.Cleanup(p.srv.Close)
	return p
}

// benchConf is a neo4j.conf for the provider: validate the access token,
// username from sub, roles from groups.
const benchConf = `dbms.security.authentication_providers=oidc-bench,native
dbms.security.authorization_providers=oidc-bench,native
dbms.security.oidc.bench.display_name=Bench
dbms.security.oidc.bench.auth_flow=pkce
dbms.security.oidc.bench.well_known_discovery_uri={{IDP}}/.well-known/openid-configuration
dbms.security.oidc.bench.audience=neo4j
dbms.security.oidc.bench.claims.username=sub
dbms.security.oidc.bench.claims.groups=groups
dbms.security.oidc.bench.params=client_id=neo4j-browser;response_type=code;scope=openid profile email
dbms.security.oidc.bench.config=token_type_principal=access_token;token_type_authentication=access_token
dbms.security.oidc.bench.authorization.group_to_role_mapping=engineers=admin;analysts=reader
`

type keyPair struct {
	method jwt.SigningMethod
	priv   crypto.Signer
	jwk    string
}

func rsaKey(b *testing.B) keyPair {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	enc := base64.RawURLEncoding
	return keyPair{jwt.SigningMethodRS256, k, fmt.Sprintf(`{"kty":"RSA","kid":"k1","alg":"RS256","use":"sig","n":%q,"e":%q}`,
		enc.EncodeToString(k.N.Bytes()), enc.EncodeToString(big.NewInt(int64(k.E)).Bytes()))}
}

func ecKey(b *testing.B) keyPair {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	enc := base64.RawURLEncoding
	return keyPair{jwt.SigningMethodES256, k, fmt.Sprintf(`{"kty":"EC","kid":"k1","alg":"ES256","use":"sig","crv":"P-256","x":%q,"y":%q}`,
		enc.EncodeToString(k.X.FillBytes(make([]byte, 32))), enc.EncodeToString(k.Y.FillBytes(make([]byte, 32))))}
}

// tokens signs n distinct access tokens for iss.
func tokens(b *testing.B, kp keyPair, iss string, n int) []string {
	now := time.Now()
	out := make([]string, n)
	for i := range out {
		t := jwt.NewWithClaims(kp.method, jwt.MapClaims{
			"iss": iss, "sub": fmt.Sprintf("user-%d", i), "aud": "neo4j", "azp": "neo4j-browser",
			"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix(), "jti": fmt.Sprint(i),
			"scp": []string{"openid", "profile", "email"}, "email": fmt.Sprintf("user%d@example.com", i),
			"groups": []string{"engineers", "analysts"},
		})
		t.Header["kid"] = "k1"
		s, err := t.SignedString(kp.priv)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = s
	}
	return out
}

// benchPredict is the whole per-token work of `ssolens roles`: decode the
// token, verify its signature and claims against the provider's keys (as
// fetched once and cached), and predict Neo4j's login (username, groups,
// roles).
func benchPredict(b *testing.B, kp keyPair) {
	p := newProvider(b, kp.jwk)
	c, err := conf.ParseConf(strings.NewReader(strings.ReplaceAll(benchConf, "{{IDP}}", p.srv.URL)), "neo4j.conf")
	if err != nil {
		b.Fatal(err)
	}
	model := conf.Analyze(c, conf.Latest, conf.LintOptions{})
	toks := tokens(b, kp, p.srv.URL, 256)
	in := predict.LoginInput{Model: model, Verify: inspector.VerifyConfig{HTTPClient: p.srv.Client(), Keys: inspector.NewKeyCache()}}
	ctx := context.Background()
	predict := func(tok string) {
		in.Tokens = inspector.TokenSet{AccessToken: tok, IDToken: tok}
		pr := predict.SimulateLogin(ctx, in)
		if pr.Outcome != predict.OutcomeLogIn || pr.Username == "" || len(pr.Roles) < 2 {
			b.Fatalf("outcome %s, user %q, roles %v: %+v", pr.Outcome, pr.Username, pr.Roles, pr.Findings)
		}
	}
	predict(toks[0]) // fetch discovery and keys once
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime(b)
	i := 0
	for b.Loop() {
		predict(toks[i%len(toks)])
		i++
	}
	reportCPU(b, cpu)
}

// cpuTime is the process's CPU time so far (user + system, every thread,
// the garbage collector's too).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per operation since start, beside go test's
// wall clock: on a machine shared with other work, time spent waiting for
// a CPU counts in the wall clock and not here, so it is the steadier
// figure of the two.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

// benchBare is golang-jwt's Parse with the same key and the same claim
// checks (method, iss, aud, exp required), and nothing else.
func benchBare(b *testing.B, kp keyPair) {
	const iss = "https://idp.example.com"
	toks := tokens(b, kp, iss, 256)
	pub := kp.priv.Public()
	opts := []jwt.ParserOption{jwt.WithValidMethods([]string{kp.method.Alg()}), jwt.WithIssuer(iss),
		jwt.WithAudience("neo4j"), jwt.WithExpirationRequired(), jwt.WithIssuedAt()}
	keyFunc := func(*jwt.Token) (any, error) { return pub, nil }
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime(b)
	i := 0
	for b.Loop() {
		if _, err := jwt.Parse(toks[i%len(toks)], keyFunc, opts...); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportCPU(b, cpu)
}

func BenchmarkPredictRS256(b *testing.B)   { benchPredict(b, rsaKey(b)) }
func BenchmarkBareParseRS256(b *testing.B) { benchBare(b, rsaKey(b)) }
func BenchmarkPredictES256(b *testing.B)   { benchPredict(b, ecKey(b)) }
func BenchmarkBareParseES256(b *testing.B) { benchBare(b, ecKey(b)) }
