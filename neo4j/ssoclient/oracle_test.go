package ssoclient_test

// The differential test against Neo4j's own SSO client: npm
// neo4j-client-sso (what Neo4j Browser and Bloom run), driven under Node by
// e2e/ssoclient.mjs. For each case SSO Lens must predict what the library
// does: the authorization request it sends (compared with the one SSO
// Lens's Browser mode really sends), the token request, and for a token
// response the credentials it hands Neo4j or the exact error it shows.

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/explain"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/internal/conftest"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/pkce"
)

type oracleCase struct {
	Name          string            `json:"name"`
	Mode          string            `json:"mode"` // auth_request or redirect
	Provider      map[string]any    `json:"provider"`
	Origin        string            `json:"origin,omitempty"`
	Path          string            `json:"path,omitempty"`
	Callback      map[string]string `json:"callback,omitempty"`
	Fragment      map[string]string `json:"fragment,omitempty"`
	StoredState   string            `json:"stored_state,omitempty"`
	RefreshToken  string            `json:"refresh_token,omitempty"`
	TokenResponse map[string]any    `json:"token_response,omitempty"`
}

type oracleResult struct {
	Name  string  `json:"name"`
	OK    bool    `json:"ok"`
	Error *string `json:"error"`
	Form  *struct {
		Action string      `json:"action"`
		Method string      `json:"method"`
		Params [][2]string `json:"params"`
	} `json:"form"`
	CodeVerifier *string `json:"code_verifier"`
	TokenRequest *struct {
		URL  *string     `json:"url"`
		Body [][2]string `json:"body"`
	} `json:"token_request"`
	Credentials *struct {
		Username any `json:"username"`
		Password any `json:"password"`
	} `json:"credentials"`
}

// runOracle runs the cases through neo4j-client-sso; it skips, saying
// why, where node or the module is missing.
func runOracle(t *testing.T, cases []oracleCase) []oracleResult {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join("..", "..", "e2e"))
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the neo4j-client-sso differential needs Node 20+ (and `npm ci --prefix e2e`)")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "neo4j-client-sso")); err != nil {
		t.Skip("e2e/node_modules/neo4j-client-sso is missing: run `npm ci --prefix e2e` to run the neo4j-client-sso differential")
	}
	in, _ := json.Marshal(cases)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "ssoclient.mjs")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(string(in))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("e2e/ssoclient.mjs: %v\n%s", err, stderr.String())
	}
	var res []oracleResult
	if err := json.Unmarshal(out, &res); err != nil || len(res) != len(cases) {
		t.Fatalf("e2e/ssoclient.mjs answered %d results for %d cases (%v): %.500s", len(res), len(cases), err, out)
	}
	return res
}

// Tokens for the matrix, signed with a key of the test's own.
type minter struct{ key *rsa.PrivateKey }

func newMinter(t *testing.T) *minter {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return &minter{key: k}
}

func (m *minter) jwt(t *testing.T, claims map[string]any) string {
	s, err := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims(claims)).SignedString(m.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// raw builds a token from a header and a payload segment as given.
func raw(payloadSegment string) string {
	return "eyJhbGciOiJSUzI1NiJ9." + payloadSegment + ".c2lnbmF0dXJl"
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

const opaque = "a3f1c9e07b2d4c6e8f0a1b2c3d4e5f60"

// jweDir is the shape Auth0 issues without an audience: alg dir, an empty
// encrypted key.
var jweDir = b64(`{"alg":"dir","enc":"A256GCM","iss":"https://tenant.auth0.com/"}`) + "..UEbD5d0Zr4tSi_0X.n4HkKxd6mD0fg2pUeyN2AA.0yR1iVlPf9bVOqTWFc8Jzg"

// jweRSA has an RSA-OAEP encrypted key: random bytes where jwt-decode looks.
var jweRSA = b64(`{"alg":"RSA-OAEP-256","enc":"A256GCM"}`) + "." + base64.RawURLEncoding.EncodeToString([]byte("\x8f\x01\xfe\x99 random key bytes \x00\xff")) + ".aXY.Y2lwaGVy.dGFn"

func provider(id, flow string, params, authParams, tokenParams map[string]any, config map[string]any) map[string]any {
	p := map[string]any{"id": id, "name": strings.ToUpper(id[:1]) + id[1:], "auth_flow": flow,
		"auth_endpoint": "https://idp.example/authorize", "token_endpoint": "https://idp.example/token",
		"params": map[string]any{"client_id": "neo4j-browser", "response_type": "code", "scope": "openid profile email"}}
	if flow == "implicit" {
		p["params"].(map[string]any)["response_type"] = "id_token token"
	}
	maps.Copy(p["params"].(map[string]any), params)
	if authParams != nil {
		p["auth_params"] = authParams
	}
	if tokenParams != nil {
		p["token_params"] = tokenParams
	}
	if config != nil {
		p["config"] = config
	}
	return p
}

func goProvider(t *testing.T, p map[string]any) *ssoclient.Provider {
	b, _ := json.Marshal(p)
	var np ssoclient.Provider
	if err := json.Unmarshal(b, &np); err != nil {
		t.Fatal(err)
	}
	return &np
}

// The token-response matrix: what the client makes of each answer.
func TestOracleCredentials(t *testing.T) {
	m := newMinter(t)
	full := map[string]any{"iss": "https://idp.example", "sub": "00u1", "email": "jane@example.com", "preferred_username": "jane", "aud": "api://neo4j", "exp": 4102444800}
	with := func(extra map[string]any, drop ...string) map[string]any {
		c := maps.Clone(full)
		maps.Copy(c, extra)
		for _, d := range drop {
			delete(c, d)
		}
		return c
	}
	access := m.jwt(t, full)
	id := m.jwt(t, with(map[string]any{"aud": "neo4j-browser", "email": "jane.id@example.com"}))
	refreshJWT := m.jwt(t, map[string]any{"typ": "Refresh", "sub": "00u1", "email": "refresh@example.com"})
	idTypes := map[string]any{"token_type_principal": "id_token", "token_type_authentication": "id_token"}

	type tc struct {
		name     string
		config   map[string]any
		flow     string
		response map[string]any
	}
	cases := []tc{
		{name: "default types, JWT access and ID tokens", response: map[string]any{"access_token": access, "id_token": id, "token_type": "Bearer"}},
		{name: "default types, opaque access token", response: map[string]any{"access_token": opaque, "id_token": id}},
		{name: "default types, JWE access token (alg dir)", response: map[string]any{"access_token": jweDir, "id_token": id}},
		{name: "default types, JWE access token (RSA-OAEP)", response: map[string]any{"access_token": jweRSA, "id_token": id}},
		{name: "id_token both, opaque access token", config: idTypes, response: map[string]any{"access_token": opaque, "id_token": id}},
		{name: "id_token principal only, opaque access sent", config: map[string]any{"token_type_principal": "id_token"}, response: map[string]any{"access_token": opaque, "id_token": id}},
		{name: "id_token principal, no id_token", config: map[string]any{"token_type_principal": "id_token"}, response: map[string]any{"access_token": access}},
		{name: "id_token both, no id_token", config: idTypes, response: map[string]any{"access_token": access}},
		{name: "id_token authentication, no id_token: nothing sent", config: map[string]any{"token_type_authentication": "id_token"}, response: map[string]any{"access_token": access}},
		{name: "refresh_token principal, JWT refresh (Keycloak)", config: map[string]any{"token_type_principal": "refresh_token"}, response: map[string]any{"access_token": access, "refresh_token": refreshJWT}},
		{name: "refresh_token principal, opaque refresh", config: map[string]any{"token_type_principal": "refresh_token"}, response: map[string]any{"access_token": access, "refresh_token": opaque}},
		{name: "misspelt token type idtoken", config: map[string]any{"token_type_principal": "idtoken"}, response: map[string]any{"access_token": access, "id_token": id}},
		{name: "empty token type means the default", config: map[string]any{"token_type_principal": "", "token_type_authentication": ""}, response: map[string]any{"access_token": access, "id_token": id}},
		{name: "refresh_token sent as the credential", config: map[string]any{"token_type_authentication": "refresh_token"}, response: map[string]any{"access_token": access, "refresh_token": refreshJWT}},
		{name: "principal claim preferred_username", config: map[string]any{"principal": "preferred_username"}, response: map[string]any{"access_token": access}},
		{name: "principal claim missing: email", config: map[string]any{"principal": "upn"}, response: map[string]any{"access_token": access}},
		{name: "no email: sub", response: map[string]any{"access_token": m.jwt(t, with(nil, "email"))}},
		{name: "no email, no sub: no username", response: map[string]any{"access_token": m.jwt(t, with(nil, "email", "sub"))}},
		{name: "principal claim a number", config: map[string]any{"principal": "oid"}, response: map[string]any{"access_token": m.jwt(t, with(map[string]any{"oid": 12345}))}},
		{name: "principal claim empty: falls to email", config: map[string]any{"principal": "name"}, response: map[string]any{"access_token": m.jwt(t, with(map[string]any{"name": ""}))}},
		{name: "principal claim false: falls to email", config: map[string]any{"principal": "name"}, response: map[string]any{"access_token": m.jwt(t, with(map[string]any{"name": false}))}},
		{name: "no principal configured reads the claim undefined", response: map[string]any{"access_token": m.jwt(t, with(map[string]any{"undefined": "quirk"}))}},
		{name: "aud a list", response: map[string]any{"access_token": m.jwt(t, with(map[string]any{"aud": []any{"api://neo4j", "neo4j-browser"}}))}},
		{name: "aud missing", response: map[string]any{"access_token": m.jwt(t, with(nil, "aud"))}},
		{name: "expired token: the client does not check", response: map[string]any{"access_token": m.jwt(t, with(map[string]any{"exp": 946684800}))}},
		{name: "payload null", response: map[string]any{"access_token": raw(b64("null"))}},
		{name: "payload 0", response: map[string]any{"access_token": raw(b64("0"))}},
		{name: "payload an array", response: map[string]any{"access_token": raw(b64(`["a"]`))}},
		{name: "payload with a number beyond float64", response: map[string]any{"access_token": raw(b64(`{"iat":1e400,"sub":"big-iat"}`))}},
		{name: "payload a number beyond float64", response: map[string]any{"access_token": raw(b64(`-1e400`))}},
		{name: "payload not JSON", response: map[string]any{"access_token": raw(b64("hello"))}},
		{name: "payload standard base64 alphabet", response: map[string]any{"access_token": raw(base64.RawStdEncoding.EncodeToString([]byte(`{"sub":"s?>?","email":"std@example.com"}`)))}},
		{name: "payload padded", response: map[string]any{"access_token": raw(base64.URLEncoding.EncodeToString([]byte(`{"sub":"pad"}`)))}},
		{name: "payload over-padded", response: map[string]any{"access_token": raw(base64.URLEncoding.EncodeToString([]byte(`{"sub":"pad"}`)) + "=")}},
		{name: "payload Latin-1, not UTF-8", response: map[string]any{"access_token": raw(b64("{\"sub\":\"caf\xe9\"}"))}},
		{name: "payload UTF-8", response: map[string]any{"access_token": raw(b64(`{"sub":"café ☃"}`))}},
		{name: "two parts, no signature", response: map[string]any{"access_token": "eyJhbGciOiJub25lIn0." + b64(`{"sub":"two"}`)}},
		{name: "empty payload part", response: map[string]any{"access_token": "eyJhbGciOiJub25lIn0..c2ln"}},
		{name: "token endpoint error", response: map[string]any{"error": "invalid_grant", "error_description": "Code not valid"}},
		{name: "token endpoint error without description", response: map[string]any{"error": "invalid_client"}},
		{name: "no tokens at all", response: map[string]any{"token_type": "Bearer"}},
		{name: "implicit: bearer with both tokens", flow: "implicit", config: idTypes, response: map[string]any{"token_type": "Bearer", "access_token": opaque, "id_token": id}},
		{name: "implicit: default types", flow: "implicit", response: map[string]any{"token_type": "bearer", "access_token": access, "id_token": id}},
		{name: "implicit: refresh_token principal is not passed on", flow: "implicit", config: map[string]any{"token_type_principal": "refresh_token"}, response: map[string]any{"token_type": "bearer", "access_token": access, "refresh_token": refreshJWT}},
		{name: "implicit: no id_token", flow: "implicit", config: idTypes, response: map[string]any{"token_type": "bearer", "access_token": access}},
		{name: "principal type given as a JSON boolean", config: map[string]any{"token_type_principal": true}, response: map[string]any{"access_token": access}},
	}
	var oc []oracleCase
	for _, c := range cases {
		flow := c.flow
		if flow == "" {
			flow = "pkce"
		}
		p := provider("okta", flow, nil, nil, nil, c.config)
		o := oracleCase{Name: c.name, Mode: "redirect", Provider: p, StoredState: "state-1-2-3-4"}
		if flow == "implicit" {
			o.Callback = map[string]string{"idp_id": "okta", "auth_flow_step": "redirect_uri"}
			o.Fragment = map[string]string{"state": "state-1-2-3-4"}
			for k, v := range c.response {
				o.Fragment[k] = v.(string)
			}
		} else {
			o.Callback = map[string]string{"idp_id": "okta", "auth_flow_step": "redirect_uri", "code": "the-code", "state": "state-1-2-3-4"}
			o.TokenResponse = c.response
		}
		oc = append(oc, o)
	}
	res := runOracle(t, oc)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := res[i]
			var creds ssoclient.Credentials
			var err error
			if c.flow == "implicit" {
				params := map[string]string{}
				for k, v := range oc[i].Fragment {
					params[k] = v
				}
				var ok bool
				creds, err, ok = ssoclient.ImplicitResponse(params, "okta", c.config)
				if !ok {
					t.Fatalf("the prediction does not take this redirect for the implicit flow")
				}
			} else {
				creds, err = ssoclient.TokenResponse(c.response, "okta", c.config)
			}
			if (err == nil) != r.OK {
				t.Fatalf("neo4j-client-sso: ok=%v error=%v; SSO Lens predicts error %v", r.OK, deref(r.Error), err)
			}
			if err != nil && err.Error() != *r.Error {
				t.Fatalf("error text\n  neo4j-client-sso: %s\n  SSO Lens:         %s", *r.Error, err)
			}
			predictionAgrees(t, c.flow, c.config, c.response, r)
			if err != nil {
				return
			}
			if !sameJSON(creds.Username, r.Credentials.Username) {
				t.Errorf("username: neo4j-client-sso %#v, SSO Lens %#v", r.Credentials.Username, creds.Username)
			}
			if !sameJSON(creds.Password, r.Credentials.Password) {
				t.Errorf("credential sent: neo4j-client-sso %.40v, SSO Lens %.40v", r.Credentials.Password, creds.Password)
			}
			// Which token became the credential, by name.
			if r.Credentials.Password != nil && c.response[creds.PasswordField] != r.Credentials.Password {
				t.Errorf("SSO Lens names %s as the credential; the library sent another value", creds.PasswordField)
			}
		})
	}
}

// predictionAgrees holds Neo4j's login prediction (neo4j/predict, what
// `ssolens roles` says) to the library too, where a neo4j.conf can say the
// case: a code flow, string config values, a token response without error.
func predictionAgrees(t *testing.T, flow string, config, response map[string]any, r oracleResult) {
	t.Helper()
	if flow == "implicit" || response["error"] != nil {
		return
	}
	var kv []string
	for _, k := range slices.Sorted(maps.Keys(config)) {
		v, ok := config[k].(string)
		if !ok {
			return // a JSON boolean has no neo4j.conf form
		}
		if v != "" {
			kv = append(kv, k+"="+v)
		}
	}
	text := `dbms.security.authentication_providers=oidc-okta
dbms.security.authorization_providers=oidc-okta
dbms.security.oidc.okta.display_name=Okta
dbms.security.oidc.okta.auth_flow=pkce
dbms.security.oidc.okta.well_known_discovery_uri=https://idp.example/.well-known/openid-configuration
dbms.security.oidc.okta.audience=api://neo4j
dbms.security.oidc.okta.params=client_id=neo4j-browser;response_type=code;scope=openid profile email
dbms.security.oidc.okta.claims.username=sub
dbms.security.oidc.okta.claims.groups=groups
`
	if len(kv) > 0 {
		text += "dbms.security.oidc.okta.config=" + strings.Join(kv, ";") + "\n"
	}
	c, err := conf.ParseConf(strings.NewReader(text), "neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	str := func(k string) string { s, _ := response[k].(string); return s }
	// The library's token response is a Browser sign-in's: a set without
	// an ID token is not predicted as a driver's bearer token here.
	pred := predict.SimulateLogin(t.Context(), predict.LoginInput{Model: conf.Analyze(c, conf.Latest, conf.LintOptions{}), Provider: "okta",
		Tokens:        inspector.TokenSet{AccessToken: str("access_token"), IDToken: str("id_token"), RefreshToken: str("refresh_token")},
		BrowserSignIn: true, Verify: inspector.VerifyConfig{Offline: true}})
	if !r.OK {
		f, ok := conftest.FindCode(pred.Findings, "neo4j-principal-not-jwt")
		if pred.Outcome != predict.OutcomeClientError || !ok || !strings.HasPrefix(f.Message, *r.Error+". ") {
			t.Errorf("ssolens roles: outcome %s, finding %q; neo4j-client-sso: %s", pred.Outcome, f.Message, *r.Error)
		}
		return
	}
	if pred.Outcome == predict.OutcomeClientError {
		t.Errorf("ssolens roles predicts a client error; neo4j-client-sso signs in")
	}
}

func deref(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}

func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// fakeIdP answers the code exchange and records it; its browser sends the
// code back at once.
type fakeIdP struct {
	srv      *httptest.Server
	mu       sync.Mutex
	authURL  string
	tokenReq url.Values
	loopback string // where the callback goes, whatever redirect_uri says
}

func newFakeIdP(t *testing.T) *fakeIdP {
	f := &fakeIdP{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		vs, _ := url.ParseQuery(string(body))
		f.mu.Lock()
		f.tokenReq = vs
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"error":"invalid_grant","error_description":"the oracle stops here"}`)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeIdP) Open(ctx context.Context, authURL string) error {
	f.mu.Lock()
	f.authURL = authURL
	f.mu.Unlock()
	u, err := url.Parse(authURL)
	if err != nil {
		return err
	}
	q := u.Query()
	f.mu.Lock()
	back, err := url.Parse(f.loopback)
	f.mu.Unlock()
	if err != nil {
		return err
	}
	bq := back.Query()
	bq.Set("state", q.Get("state"))
	if strings.Contains(q.Get("response_type"), "token") {
		back.RawQuery = bq.Encode()
		back.Fragment = "" // the implicit answer is not part of this test
		bq.Set("error", "access_denied")
	} else {
		bq.Set("code", "the-code")
	}
	back.RawQuery = bq.Encode()
	go func() {
		if resp, err := http.Get(back.String()); err == nil {
			resp.Body.Close()
		}
	}()
	return nil
}

var (
	clientState = regexp.MustCompile(`^state-[0-9a-f]{1,8}(-[0-9a-f]{1,8}){3}$`)
	b64url43    = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
)

func s256(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// The authorization and token requests: SSO Lens's Browser mode sends what
// the library sends, or refuses what it refuses, with its text.
func TestOracleRequests(t *testing.T) {
	type tc struct {
		name                        string
		flow                        string
		params, auth, token, config map[string]any
	}
	cases := []tc{
		{name: "pkce, defaults"},
		{name: "pkce, auth_params audience and prompt", auth: map[string]any{"audience": "https://neo4j-api", "prompt": "login"}},
		{name: "pkce, auth_params override scope", auth: map[string]any{"scope": "openid offline_access"}},
		{name: "pkce, auth_params override redirect_uri", auth: map[string]any{"redirect_uri": "https://elsewhere.example/cb"}},
		{name: "pkce, auth_params set state", auth: map[string]any{"state": "fixed-state"}},
		{name: "pkce, published params carry redirect_uri", params: map[string]any{"redirect_uri": "https://server.example/browser/"}},
		{name: "pkce, nonce true", config: map[string]any{"implicit_flow_requires_nonce": true}},
		{name: "pkce, nonce the string false (truthy)", config: map[string]any{"implicit_flow_requires_nonce": "false"}},
		{name: "pkce, nonce false", config: map[string]any{"implicit_flow_requires_nonce": false}},
		{name: "pkce, code_challenge_method plain", config: map[string]any{"code_challenge_method": "plain"}},
		{name: "pkce, code_challenge_method empty", config: map[string]any{"code_challenge_method": ""}},
		{name: "pkce, code_challenge_method s256 (lower case)", config: map[string]any{"code_challenge_method": "s256"}},
		{name: "pkce, token_params client_secret and audience", token: map[string]any{"client_secret": "not-so-secret", "audience": "https://neo4j-api"}},
		{name: "pkce, token_params override client_id", token: map[string]any{"client_id": "other-client"}},
		{name: "implicit, nonce", flow: "implicit", config: map[string]any{"implicit_flow_requires_nonce": true}},
		{name: "implicit, no nonce", flow: "implicit"},
		{name: "auth_flow PKCE in upper case", flow: "PKCE"},
		{name: "auth_flow code", flow: "code"},
	}
	type goSide struct {
		checkErr error
		authURL  string
		redirect string
		tokenReq url.Values
	}
	sides := make([]goSide, len(cases))
	var oc []oracleCase
	for i, c := range cases {
		flow := c.flow
		if flow == "" {
			flow = "pkce"
		}
		p := provider("okta", flow, c.params, c.auth, c.token, c.config)
		gp := goProvider(t, p)
		side := &sides[i]
		origin := "http://127.0.0.1:7474"
		if side.checkErr = gp.CheckRequest(); side.checkErr != nil {
			// SSO Lens's sign-in refuses it too, in the library's words.
			idp := newFakeIdP(t)
			gp.AuthEndpoint, gp.TokenEndpoint = idp.srv.URL+"/authorize", idp.srv.URL+"/token"
			cl, err := pkce.New(t.Context(), pkce.Config{Mode: gp, HTTPClient: idp.srv.Client()})
			if err != nil {
				t.Fatal(err)
			}
			r, err := cl.Login(t.Context(), pkce.LoginOptions{Browser: idp, Timeout: 10 * time.Second})
			f, ok := conftest.FindCode(r.Report.Findings, "request-mode-refused")
			if err == nil || err.Error() != side.checkErr.Error() || !ok || f.Evidence != side.checkErr.Error() || idp.authURL != "" {
				t.Errorf("%s: SSO Lens's sign-in: %v (%v), sent %q; want the refusal %q", c.name, err, f, idp.authURL, side.checkErr)
			}
		} else {
			idp := newFakeIdP(t)
			gp.AuthEndpoint, gp.TokenEndpoint = idp.srv.URL+"/authorize", idp.srv.URL+"/token"
			p["auth_endpoint"], p["token_endpoint"] = gp.AuthEndpoint, gp.TokenEndpoint
			cl, err := pkce.New(t.Context(), pkce.Config{Mode: gp, HTTPClient: idp.srv.Client()})
			if err != nil {
				t.Fatal(err)
			}
			r, _ := cl.Login(t.Context(), pkce.LoginOptions{Browser: idp, Timeout: 10 * time.Second,
				OnRedirectURI: func(u string) { idp.mu.Lock(); idp.loopback = u; idp.mu.Unlock() }})
			idp.mu.Lock()
			side.authURL, side.tokenReq = idp.authURL, idp.tokenReq
			idp.mu.Unlock()
			if r == nil || side.authURL == "" {
				t.Fatalf("%s: SSO Lens sent no authorization request", c.name)
			}
			side.redirect = r.RedirectURI
			u, _ := url.Parse(r.RedirectURI)
			origin = u.Scheme + "://" + u.Host
		}
		oc = append(oc, oracleCase{Name: c.name, Mode: "auth_request", Provider: p, Origin: origin, Path: "/browser/"})
		if flow == "pkce" && side.checkErr == nil {
			oc = append(oc, oracleCase{Name: c.name + " (token request)", Mode: "redirect", Provider: p, Origin: origin, Path: "/browser/",
				Callback:    map[string]string{"idp_id": "okta", "auth_flow_step": "redirect_uri", "code": "the-code", "state": "s"},
				StoredState: "s", TokenResponse: map[string]any{"error": "invalid_grant", "error_description": "the oracle stops here"}})
		}
	}
	res := runOracle(t, oc)
	byName := map[string]oracleResult{}
	for _, r := range res {
		byName[r.Name] = r
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, side := byName[c.name], sides[i]
			if side.checkErr != nil || !r.OK {
				if side.checkErr == nil || r.OK || side.checkErr.Error() != deref(r.Error) {
					t.Fatalf("neo4j-client-sso: ok=%v error=%s; SSO Lens refuses with %v", r.OK, deref(r.Error), side.checkErr)
				}
				return
			}
			lib := map[string]string{}
			for _, kv := range r.Form.Params {
				lib[kv[0]] = kv[1]
			}
			au, _ := url.Parse(side.authURL)
			ours := map[string]string{}
			for k, v := range au.Query() {
				ours[k] = v[0]
				if len(v) > 1 {
					t.Errorf("SSO Lens sends %s %d times", k, len(v))
				}
			}
			if got := au.Scheme + "://" + au.Host + au.Path; got != r.Form.Action || r.Form.Method != "GET" {
				t.Errorf("endpoint: library %s %s, SSO Lens GET %s", r.Form.Method, r.Form.Action, got)
			}
			// Random values: the same form, then compared by name.
			normalise := func(who string, q map[string]string, verifier string) {
				if _, set := c.auth["state"]; !set {
					if !clientState.MatchString(q["state"]) {
						t.Errorf("%s: state %q is not neo4j-client-sso's form", who, q["state"])
					}
					q["state"] = "<state>"
				}
				if _, ok := q["nonce"]; ok {
					q["nonce"] = "<nonce>"
				}
				if ch, ok := q["code_challenge"]; ok {
					if !b64url43.MatchString(ch) {
						t.Errorf("%s: code_challenge %q", who, ch)
					}
					if verifier != "" && ch != s256(verifier) && ch != verifier {
						t.Errorf("%s: code_challenge is neither the verifier nor its S256", who)
					}
					q["code_challenge"] = "<challenge>"
				}
			}
			normalise("neo4j-client-sso", lib, deref(r.CodeVerifier))
			normalise("SSO Lens", ours, "")
			if !reflect.DeepEqual(lib, ours) {
				t.Errorf("authorization request differs\n  neo4j-client-sso: %v\n  SSO Lens:         %v", lib, ours)
			}
			if lib["redirect_uri"] != "" && c.auth["redirect_uri"] == nil && lib["redirect_uri"] != side.redirect {
				t.Errorf("redirect URI: library %s, SSO Lens %s", lib["redirect_uri"], side.redirect)
			}
			tr, ok := byName[c.name+" (token request)"]
			if !ok {
				return
			}
			if tr.TokenRequest == nil || side.tokenReq == nil {
				t.Fatalf("token request: library %v, SSO Lens %v", tr.TokenRequest, side.tokenReq)
			}
			libBody := map[string]string{}
			for _, kv := range tr.TokenRequest.Body {
				libBody[kv[0]] = kv[1]
			}
			ourBody := map[string]string{}
			for k, v := range side.tokenReq {
				ourBody[k] = v[0]
			}
			for _, b := range []map[string]string{libBody, ourBody} {
				if b["code_verifier"] != "" {
					b["code_verifier"] = "<verifier>"
				}
			}
			if !reflect.DeepEqual(libBody, ourBody) {
				t.Errorf("token request differs\n  neo4j-client-sso: %v\n  SSO Lens:         %v", libBody, ourBody)
			}
		})
	}
	if n := len(cases); n < 15 {
		t.Errorf("only %d request cases", n)
	}
}

// Every error the library gave in the matrix is recognised when pasted:
// the catalogue of error texts (explain) is held to the real client.
func TestOracleErrorsAreInTheCatalogue(t *testing.T) {
	p := provider("okta", "pkce", nil, nil, nil, nil)
	var oc []oracleCase
	for i, resp := range []map[string]any{
		{"access_token": opaque},
		{"error": "invalid_grant", "error_description": "Code not valid"},
	} {
		oc = append(oc, oracleCase{Name: fmt.Sprint("token ", i), Mode: "redirect", Provider: p, StoredState: "s",
			Callback: map[string]string{"idp_id": "okta", "auth_flow_step": "redirect_uri", "code": "c", "state": "s"}, TokenResponse: resp})
	}
	oc = append(oc,
		oracleCase{Name: "state", Mode: "redirect", Provider: p, StoredState: "s", Callback: map[string]string{"idp_id": "okta", "code": "c", "state": "other"}},
		oracleCase{Name: "idp_id", Mode: "redirect", Provider: p, StoredState: "s", Callback: map[string]string{"code": "c", "state": "s"}},
		oracleCase{Name: "unknown provider", Mode: "redirect", Provider: p, StoredState: "s", Callback: map[string]string{"idp_id": "oidc-okta", "code": "c", "state": "s"}},
		oracleCase{Name: "redirect error", Mode: "redirect", Provider: p, Callback: map[string]string{"idp_id": "okta", "error": "access_denied", "error_description": "User is not assigned to the client application."}},
		oracleCase{Name: "flow", Mode: "auth_request", Provider: provider("okta", "PKCE", nil, nil, nil, nil)},
		oracleCase{Name: "method", Mode: "auth_request", Provider: provider("okta", "pkce", nil, nil, nil, map[string]any{"code_challenge_method": "s256"})},
	)
	noEndpoint := provider("okta", "pkce", nil, nil, nil, nil)
	delete(noEndpoint, "auth_endpoint")
	oc = append(oc, oracleCase{Name: "endpoint", Mode: "auth_request", Provider: noEndpoint})
	for i, r := range runOracle(t, oc) {
		if r.OK || r.Error == nil {
			t.Errorf("%s: the library did not fail", oc[i].Name)
			continue
		}
		var ids []string
		for _, m := range explain.Find([]byte(*r.Error)) {
			ids = append(ids, m.Entry.ID)
		}
		if !slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(id, "browser-") }) {
			t.Errorf("%s: %q is not recognised as the Browser's (entries %v)", oc[i].Name, *r.Error, ids)
		}
	}
}

// Refresh: SSO Lens's Browser mode posts what handleRefreshingToken posts,
// and the refreshed response is judged as the first one.
func TestOracleRefresh(t *testing.T) {
	m := newMinter(t)
	access := m.jwt(t, map[string]any{"sub": "00u1", "email": "jane@example.com"})
	cases := []struct {
		name          string
		token, config map[string]any
		response      map[string]any
	}{
		{name: "plain", response: map[string]any{"access_token": access, "refresh_token": "r2"}},
		{name: "token_params", token: map[string]any{"client_secret": "s", "audience": "https://neo4j-api"}, response: map[string]any{"access_token": access}},
		{name: "opaque access token after refresh", response: map[string]any{"access_token": opaque, "refresh_token": "r2"}},
		{name: "id_token types, refreshed without id_token", config: map[string]any{"token_type_principal": "id_token", "token_type_authentication": "id_token"}, response: map[string]any{"access_token": access}},
	}
	var oc []oracleCase
	bodies := make([]url.Values, len(cases))
	for i, c := range cases {
		p := provider("okta", "pkce", nil, nil, c.token, c.config)
		var mu sync.Mutex
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			vs, _ := url.ParseQuery(string(body))
			mu.Lock()
			bodies[i] = vs
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(c.response)
		}))
		t.Cleanup(srv.Close)
		p["token_endpoint"] = srv.URL + "/token"
		gp := goProvider(t, p)
		cl, err := pkce.New(t.Context(), pkce.Config{Mode: gp, HTTPClient: srv.Client()})
		if err != nil {
			t.Fatal(err)
		}
		cl.Refresh(t.Context(), "r1")
		oc = append(oc, oracleCase{Name: c.name, Mode: "refresh", Provider: p, RefreshToken: "r1", TokenResponse: c.response})
	}
	res := runOracle(t, oc)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := res[i]
			if r.TokenRequest == nil || bodies[i] == nil {
				t.Fatalf("refresh request: library %v, SSO Lens %v", r.TokenRequest, bodies[i])
			}
			lib := map[string]string{}
			for _, kv := range r.TokenRequest.Body {
				lib[kv[0]] = kv[1]
			}
			ours := map[string]string{}
			for k, v := range bodies[i] {
				ours[k] = v[0]
			}
			if !reflect.DeepEqual(lib, ours) {
				t.Errorf("refresh request differs\n  neo4j-client-sso: %v\n  SSO Lens:         %v", lib, ours)
			}
			// The refreshed response: the same judgement as a first one;
			// the library words a failure of it as a failed refresh.
			_, err := ssoclient.TokenResponse(c.response, "okta", c.config)
			if (err == nil) != r.OK {
				t.Fatalf("library ok=%v (%s); SSO Lens predicts %v", r.OK, deref(r.Error), err)
			}
			if err != nil && !strings.HasSuffix(*r.Error, strings.TrimPrefix(err.Error(), "Failed to get credentials: ")) {
				t.Errorf("library %q; SSO Lens %q", *r.Error, err)
			}
		})
	}
}

// An implicit redirect without token_type=bearer and an access_token is
// not taken for the implicit flow: the library posts to the token
// endpoint as for a code, which ImplicitResponse says (ok false).
func TestOracleImplicitFallsBackToCode(t *testing.T) {
	m := newMinter(t)
	id := m.jwt(t, map[string]any{"sub": "00u1"})
	frags := []map[string]string{
		{"id_token": id, "state": "s"},                         // response_type=id_token
		{"access_token": opaque, "id_token": id, "state": "s"}, // no token_type
		{"token_type": "mac", "access_token": opaque, "state": "s"},
		{"token_type": "Bearer", "access_token": opaque, "id_token": id, "state": "s"}, // implicit
	}
	var oc []oracleCase
	for i, f := range frags {
		oc = append(oc, oracleCase{Name: fmt.Sprint("fragment ", i), Mode: "redirect", Provider: provider("okta", "implicit", nil, nil, nil, nil),
			Callback: map[string]string{"idp_id": "okta", "auth_flow_step": "redirect_uri"}, Fragment: f, StoredState: "s",
			TokenResponse: map[string]any{"error": "invalid_request", "error_description": "code missing"}})
	}
	for i, r := range runOracle(t, oc) {
		_, _, implicit := ssoclient.ImplicitResponse(frags[i], "okta", nil)
		if implicit == (r.TokenRequest != nil) {
			t.Errorf("%s: SSO Lens says implicit=%v; the library posted to the token endpoint: %v", oc[i].Name, implicit, r.TokenRequest != nil)
		}
	}
}
