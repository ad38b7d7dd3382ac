package snippets

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/demoidp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// oktaParams are the facts of a verified Okta sign-in.
var oktaParams = Params{
	Issuer:      "https://idp.example.com/oauth2/default",
	Audience:    "api://default",
	Neo4jURL:    "https://neo4j.example.com:7473",
	BoltURL:     "neo4j+s://neo4j.example.com:7687",
	GroupsClaim: "groups",
	Group:       "engineers",
	Scope:       "neo4j.read",
	ClientID:    "0oa-m2m",
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./snippets -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test ./snippets -update rewrites it)\n--- got ---\n%s", path, got)
	}
}

func render(t *testing.T, k Kind, p Params) Snippet {
	t.Helper()
	s, err := Render(k, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// idTokenParams are a Google-like sign-in: the access token is opaque, so
// Neo4j validates the ID token and its aud is the client id.
func idTokenParams() Params {
	p := oktaParams
	p.Issuer, p.Audience, p.TokenType, p.ClientID, p.Scope = "https://accounts.google.com", "1234.apps.googleusercontent.com", "id_token", "1234.apps.googleusercontent.com", "openid email"
	return p
}

func TestGoldenEveryKind(t *testing.T) {
	for _, k := range Kinds() {
		s := render(t, k, oktaParams)
		golden(t, string(k)+".golden", s.Text)
		if s.Title == "" || s.Filename == "" || s.Language == "" || s.Requires == "" {
			t.Errorf("%s: snippet lacks title, file name, language or requirements: %+v", k, s)
		}
	}
	// Where Neo4j validates the ID token, client credentials cannot work:
	// the snippets that fetch tokens refresh a sign-in instead.
	for _, k := range []Kind{KindCurl, KindPython, KindPythonDriver, KindGo} {
		golden(t, string(k)+"-id-token.golden", render(t, k, idTokenParams()).Text)
	}
}

func TestSnippetsReadSecretsFromTheEnvironment(t *testing.T) {
	for _, k := range []Kind{KindCurl, KindPython, KindGo} {
		s := render(t, k, oktaParams)
		for _, v := range []string{EnvToken, EnvClientID, EnvClientSecret} {
			if !strings.Contains(s.Text, v) {
				t.Errorf("%s does not read %s from the environment", k, v)
			}
		}
	}
	if s := render(t, KindPythonDriver, idTokenParams()); !strings.Contains(s.Text, `os.environ["REFRESH_TOKEN"]`) ||
		strings.Contains(s.Text, "client_credentials") {
		t.Errorf("python-driver for id_token must refresh a sign-in, not use client credentials:\n%s", s.Text)
	}
	// No parameter can carry a token or a secret into a snippet.
	for _, f := range []string{"Token", "Secret", "Password", "AccessToken", "IDToken", "ClientSecret"} {
		if strings.Contains(fmt.Sprintf("%+v", Params{}), f+":") {
			t.Errorf("Params has a field %s: snippets must not embed credentials", f)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	for _, tc := range []struct {
		kind Kind
		p    Params
		want string
	}{
		{"perl", oktaParams, "unknown snippet kind \"perl\"; choose one of curl, python"},
		{KindCurl, Params{Audience: "a"}, "the issuer and the audience are required"},
		{KindCurl, Params{Issuer: "https://i", Audience: "a", Neo4jURL: "localhost:7474"}, "is not an absolute URL"},
		{KindCurl, Params{Issuer: "https://i", Audience: "a", TokenType: "refresh_token"}, "use access_token or id_token"},
	} {
		if _, err := Render(tc.kind, tc.p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Render(%s, %+v) = %v, want %q", tc.kind, tc.p, err, tc.want)
		}
	}
}

func TestGraphQLClaimPathEscapesDotsForDotPropAndGraphQL(t *testing.T) {
	for claim, want := range map[string]string{
		"groups":                    "groups",
		"https://example.com/roles": `https://example\\.com/roles`,
		`a"b`:                       `a\"b`,
		"x`${y}":                    `x\u0060\u0024{y}`,
	} {
		if got := GraphQLClaimPath(claim); got != want {
			t.Errorf("GraphQLClaimPath(%q) = %s, want %s", claim, got, want)
		}
	}
}

// hostileParams have quotes, backslashes, a dollar sign and a namespaced
// claim in every value a snippet writes into code.
var hostileParams = Params{
	Issuer:      `https://idp.example.com/t/it's"$x\`,
	Audience:    `api://x'"$(id)\n`,
	GroupsClaim: "https://example.com/roles",
	Group:       `Neo4j "Admins"`,
	Scope:       `a'b "c"`,
	ClientID:    `c'1`,
}

func TestPythonSnippetsCompile(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the Python snippets are not compiled here")
	}
	dir := t.TempDir()
	for _, p := range []Params{oktaParams, idTokenParams(), hostileParams} {
		for _, k := range []Kind{KindPython, KindPythonDriver, KindFastAPI} {
			s := render(t, k, p)
			file := filepath.Join(dir, strings.ReplaceAll(string(k), "-", "_")+".py")
			os.WriteFile(file, []byte(s.Text), 0o600)
			if out, err := exec.Command(py, "-m", "py_compile", file).CombinedOutput(); err != nil {
				t.Errorf("%s (%s) does not compile: %v\n%s\n%s", k, p.Issuer, err, out, s.Text)
			}
		}
	}
	// The values come back exactly: the literals are quoted for Python.
	s := render(t, KindFastAPI, hostileParams)
	head := s.Text[:strings.Index(s.Text, "DISCOVERY_URL")]
	head = head[strings.Index(head, "ISSUER"):]
	out, err := exec.Command(py, "-c", head+"import json; print(json.dumps([ISSUER, AUDIENCE, GROUPS_CLAIM]))").CombinedOutput()
	var got []string
	if err != nil || json.Unmarshal(out, &got) != nil || !slices.Equal(got, []string{hostileParams.Issuer, hostileParams.Audience, hostileParams.GroupsClaim}) {
		t.Errorf("values read back by Python = %s (%v)", out, err)
	}
}

func TestShellAndJavaScriptSnippetsParse(t *testing.T) {
	for _, p := range []Params{oktaParams, idTokenParams(), hostileParams} {
		s := render(t, KindCurl, p)
		if out, err := exec.Command("sh", "-n", "-c", s.Text).CombinedOutput(); err != nil {
			t.Errorf("curl snippet (%s) is not valid sh: %v\n%s", p.Issuer, err, out)
		}
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Log("node is not installed: the GraphQL snippet's syntax is not checked here")
		return
	}
	dir := t.TempDir()
	for _, p := range []Params{oktaParams, hostileParams} {
		file := filepath.Join(dir, "server.mjs")
		os.WriteFile(file, []byte(render(t, KindGraphQL, p).Text), 0o600)
		if out, err := exec.Command(node, "--check", file).CombinedOutput(); err != nil {
			t.Errorf("graphql snippet (%s) is not valid JavaScript: %v\n%s", p.Issuer, err, out)
		}
	}
	// The SDL inside String.raw holds the path dot-prop needs.
	s := render(t, KindGraphQL, hostileParams)
	if !strings.Contains(s.Text, `@jwtClaim(path: "https://example\\.com/roles")`) || !strings.Contains(s.Text, `includes: "Neo4j \"Admins\""`) {
		t.Errorf("SDL:\n%s", s.Text)
	}
}

// TestGoSnippetBuilds compiles the Go snippet in a module of its own with
// the real go command and the neo4j-go-driver version this project uses.
func TestGoSnippetBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the Go snippet is not built")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		if goCmd, err = exec.LookPath(filepath.Join(os.Getenv("GOROOT"), "bin", "go")); err != nil {
			t.Skip("no go command on PATH")
		}
	}
	version, sums := driverRequirement(t)
	for _, p := range []Params{oktaParams, idTokenParams(), hostileParams} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module snippet\n\ngo 1.22\n\nrequire "+GoDriverModule+" "+version+"\n"), 0o600)
		os.WriteFile(filepath.Join(dir, "go.sum"), []byte(sums), 0o600)
		os.WriteFile(filepath.Join(dir, "main.go"), []byte(render(t, KindGo, p).Text), 0o600)
		cmd := exec.Command(goCmd, "build", "-o", filepath.Join(dir, "snippet"), ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "CGO_ENABLED=0", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			if offline(string(out)) {
				t.Skipf("the neo4j-go-driver module is neither in the module cache nor reachable (offline): %s", out)
			}
			t.Fatalf("the Go snippet (%s) does not build: %v\n%s\n%s", p.Issuer, err, out, render(t, KindGo, p).Text)
		}
	}
}

func offline(out string) bool {
	for _, s := range []string{"dial tcp", "no such host", "GOPROXY=off", "i/o timeout", "connection refused"} {
		if strings.Contains(out, s) {
			return true
		}
	}
	return false
}

// driverRequirement reads the driver's version and go.sum lines from the
// project's own go.mod and go.sum.
func driverRequirement(t *testing.T) (string, string) {
	t.Helper()
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	version := ""
	sc := bufio.NewScanner(strings.NewReader(string(mod)))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) >= 2 && f[0] == GoDriverModule {
			version = f[1]
		}
	}
	if version == "" {
		t.Fatalf("go.mod does not require %s", GoDriverModule)
	}
	sum, _ := os.ReadFile("../go.sum")
	var lines []string
	for _, l := range strings.Split(string(sum), "\n") {
		if strings.HasPrefix(l, GoDriverModule+" ") {
			lines = append(lines, l)
		}
	}
	return version, strings.Join(lines, "\n") + "\n"
}

// queryAPIStandIn is NOT Neo4j: no Neo4j runs where these tests run. It
// answers the Query API's documented shapes (spec §6.2, §6.3) and, as
// Neo4j does, validates the bearer token: signature against the demo
// provider's JWKS, iss and aud exactly. It records what it received.
func queryAPIStandIn(t *testing.T, p *demoidp.Provider) (*httptest.Server, *[]string) {
	t.Helper()
	var d struct {
		JWKSURI string `json:"jwks_uri"`
	}
	resp, err := http.Get(p.DiscoveryURL())
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&d)
	resp.Body.Close()
	kf, err := keyfunc.NewDefaultCtx(t.Context(), []string{d.JWKSURI})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		var req struct{ Statement string }
		json.NewDecoder(r.Body).Decode(&req)
		h := r.Header.Get("Authorization")
		got = append(got, h)
		if r.URL.Path != "/db/system/query/v2" || r.Method != http.MethodPost || req.Statement != "SHOW CURRENT USER" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"errors":[{"code":"Neo.ClientError.Request.Invalid","message":"unexpected %s %s %q"}]}`, r.Method, r.URL.Path, req.Statement)
			return
		}
		raw, ok := strings.CutPrefix(h, "Bearer ")
		tok, err := jwt.Parse(raw, kf.Keyfunc, jwt.WithIssuer(p.Issuer()), jwt.WithAudience(demoidp.APIAudience), jwt.WithExpirationRequired())
		if !ok || err != nil {
			w.Header().Set("WWW-Authenticate", `Basic realm="Neo4j", Bearer realm="Neo4j"`)
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"errors":[{"code":"Neo.ClientError.Security.Unauthorized","message":"Invalid credential."}]}`)
			return
		}
		sub, _ := tok.Claims.GetSubject()
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, `{"data":{"fields":["user","roles","passwordChangeRequired","suspended","home"],"values":[[%q,["PUBLIC"],false,false,null]]}}`, sub)
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

// TestCurlAndPythonSnippetsRunClientCredentials runs the curl and Python
// snippets as a user would: client credentials at the demo provider, then
// the Query API (a stand-in that validates the token like Neo4j).
func TestCurlAndPythonSnippetsRunClientCredentials(t *testing.T) {
	p, err := demoidp.Start(t.Context(), demoidp.Config{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	neo, received := queryAPIStandIn(t, p)
	params := Params{Issuer: p.Issuer(), Audience: demoidp.APIAudience, Neo4jURL: neo.URL, Scope: demoidp.M2MScope, ClientID: demoidp.M2MClientID}
	env := append(os.Environ(), "CLIENT_SECRET="+demoidp.M2MClientSecret, "NEO4J_TOKEN=")
	type runner struct {
		kind Kind
		tool string
		args func(file string) []string
	}
	ran := 0
	for _, r := range []runner{
		{KindCurl, "jq", func(f string) []string { return []string{"sh", f} }},
		{KindPython, "python3", func(f string) []string { return []string{"python3", f} }},
	} {
		if _, err := exec.LookPath(r.tool); err != nil {
			t.Logf("%s is not installed: the %s snippet is not run", r.tool, r.kind)
			continue
		}
		if r.kind == KindPython && exec.Command("python3", "-c", "import requests").Run() != nil {
			t.Log("python3 has no requests module: the python snippet is not run")
			continue
		}
		file := filepath.Join(t.TempDir(), render(t, r.kind, params).Filename)
		os.WriteFile(file, []byte(render(t, r.kind, params).Text), 0o600)
		args := r.args(file)
		cmd := exec.CommandContext(t.Context(), args[0], args[1:]...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "PUBLIC") {
			t.Errorf("%s snippet: %v\n%s", r.kind, err, out)
		}
		ran++
	}
	if ran == 0 {
		t.Skip("neither jq nor python3 with requests is installed")
	}
	for _, h := range *received {
		if !strings.HasPrefix(h, "Bearer eyJ") || strings.Count(h, ".") != 2 {
			t.Errorf("the Query API received %.30q…, want Bearer <raw JWT>", h)
		}
	}
	// A bad token gets Neo4j's 401 through, and the snippets say so.
	bad := append(os.Environ(), "NEO4J_TOKEN=eyJhbGciOiJub25lIn0.e30.")
	file := filepath.Join(t.TempDir(), "s.sh")
	os.WriteFile(file, []byte(render(t, KindCurl, params).Text), 0o600)
	cmd := exec.Command("sh", file)
	cmd.Env = bad
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "Invalid credential.") || !strings.Contains(string(out), "HTTP 401") {
		t.Errorf("curl snippet with a bad token:\n%s", out)
	}
	if len(*received) != ran+1 {
		t.Errorf("the stand-in received %d requests, want %d", len(*received), ran+1)
	}
}

// TestSnippetsEscapeHiddenCharacters: a value from a token (a group, an
// issuer) holding a bidi override or a control character is shown escaped
// in every snippet, never raw in code people copy.
func TestSnippetsEscapeHiddenCharacters(t *testing.T) {
	p := Params{Issuer: "https://idp.example.com/\u202e", ClientID: "c\x1bid", Audience: "api://x", GroupsClaim: "groups",
		Group: "admins\u202e\u200b", TokenType: "access_token"}
	for _, k := range Kinds() {
		s, err := Render(k, p)
		if err != nil {
			t.Fatal(err)
		}
		if i := strings.IndexFunc(s.Text, func(r rune) bool { return r == '\u202e' || r == '\u200b' || r == 0x1b }); i >= 0 {
			t.Errorf("%s: a hidden character at byte %d", k, i)
		}
	}
}

func TestParseKinds(t *testing.T) {
	if ks, err := ParseKinds("all"); err != nil || !slices.Equal(ks, Kinds()) {
		t.Errorf("all: %v %v", ks, err)
	}
	if ks, err := ParseKinds("go, curl"); err != nil || !slices.Equal(ks, []Kind{KindGo, KindCurl}) {
		t.Errorf("go, curl: %v %v", ks, err)
	}
	if _, err := ParseKinds("go,pyhton"); err == nil || !strings.Contains(err.Error(), `unknown snippet kind "pyhton"; choose one of curl, python`) {
		t.Errorf("a typo: %v", err)
	}
}
