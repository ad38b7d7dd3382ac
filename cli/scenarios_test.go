package cli

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/ssolens/ssolens/demoidp"
)

// demoSignIn signs alice in to the demo provider with the Neo4j-Browser
// client (authorization code + PKCE S256, the login page played by
// LoginAs) and writes the token response to a file.
func demoSignIn(t *testing.T, p *demoidp.Provider) string {
	t.Helper()
	ctx := t.Context()
	conf := &oauth2.Config{
		ClientID:    demoidp.BrowserClientID,
		RedirectURL: "http://127.0.0.1:7474/browser/?idp_id=demo&auth_flow_step=redirect_uri",
		Scopes:      []string{"openid", "profile", "email"},
		Endpoint: oauth2.Endpoint{AuthURL: p.Issuer() + "/authorize", TokenURL: p.Issuer() + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams},
	}
	var d struct {
		Auth  string `json:"authorization_endpoint"`
		Token string `json:"token_endpoint"`
	}
	getJSON(t, p.DiscoveryURL(), &d)
	conf.Endpoint.AuthURL, conf.Endpoint.TokenURL = d.Auth, d.Token
	verifier := oauth2.GenerateVerifier()
	u, err := p.LoginAs(ctx, nil, conf.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier)), "alice")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := conf.Exchange(ctx, u.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange after %s: %v", u, err)
	}
	resp := map[string]any{"access_token": tok.AccessToken, "token_type": tok.TokenType, "id_token": tok.Extra("id_token")}
	b, _ := json.Marshal(resp)
	file := filepath.Join(t.TempDir(), "tokens.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func getJSON(t *testing.T, u string, into any) {
	t.Helper()
	resp, err := (&httpClientForTests).Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatal(err)
	}
}

// demoConf is the sample assets/samples/demo-neo4j.conf pointed at the running
// demo provider, with extra lines appended (a later line does not override
// in 5.x, so replacements are done by text).
func demoConf(t *testing.T, p *demoidp.Provider, replace ...string) string {
	t.Helper()
	b, err := os.ReadFile("../assets/samples/demo-neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(p.Issuer())
	text := strings.ReplaceAll(string(b), "127.0.0.1:9876", u.Host)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(text, replace[i]) {
			t.Fatalf("demo conf has no %q", replace[i])
		}
		text = strings.ReplaceAll(text, replace[i], replace[i+1])
	}
	file := filepath.Join(t.TempDir(), "neo4j.conf")
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestEveryDemoScenarioGetsItsFinding: each failure scenario of the demo
// provider produces the finding that names it, in inspect and in roles.
func TestEveryDemoScenarioGetsItsFinding(t *testing.T) {
	p, err := demoidp.Start(t.Context(), demoidp.Config{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	const (
		principalDefault = "config=token_type_principal=id_token;token_type_authentication=access_token"
		audience         = "audience=neo4j-demo"
	)
	idTokenConf := []string{principalDefault, "config=token_type_principal=id_token;token_type_authentication=id_token", audience, "audience=neo4j-browser"}
	tests := []struct {
		scenario     string
		inspectCodes []string
		conf         []string // replacements in the sample conf
		outcome      string
		rolesCodes   []string
	}{
		{demoidp.ScenarioNone, nil, nil, "would-log-in", nil},
		{demoidp.ScenarioOpaqueAccessToken, []string{"opaque-token"}, []string{principalDefault + "\n", "\n"}, "client-error", []string{"neo4j-principal-not-jwt"}},
		{demoidp.ScenarioGraphStyleToken, []string{"header-nonce", "entra-graph-token"}, nil, "rejected", []string{"neo4j-login-rejected", "entra-graph-token"}},
		{demoidp.ScenarioRotatedKey, []string{"kid-not-found"}, nil, "rejected", []string{"neo4j-login-rejected", "kid-not-found"}},
		{demoidp.ScenarioExpired, []string{"token-expired"}, nil, "rejected", []string{"neo4j-login-rejected", "token-expired"}},
		{demoidp.ScenarioClockSkew, []string{"clock-offset", "iat-in-future"}, nil, "rejected", []string{"neo4j-login-rejected"}},
		{demoidp.ScenarioGroupsOnlyInAccess, nil, idTokenConf, "would-log-in", []string{"neo4j-groups-in-other-token"}}, // native roles not given: PUBLIC at least, not PUBLIC only
		{demoidp.ScenarioGroupsOverage, nil, nil, "would-log-in", []string{"neo4j-groups-overage"}},
		{demoidp.ScenarioWrongAudience, []string{"aud-mismatch"}, nil, "rejected", []string{"neo4j-login-rejected", "aud-mismatch"}},
		{demoidp.ScenarioIssuerTrailingSlash, []string{"iss-trailing-slash"}, nil, "rejected", []string{"neo4j-login-rejected", "iss-trailing-slash"}},
		{demoidp.ScenarioKeycloakNestedRoles, nil, nil, "would-log-in", []string{"neo4j-groups-nested"}},
	}
	if len(tests) != len(demoidp.Scenarios())+1 {
		t.Fatalf("%d scenarios tested, the provider has %d (plus none)", len(tests)-1, len(demoidp.Scenarios()))
	}
	for _, tc := range tests {
		t.Run(tc.scenario, func(t *testing.T) {
			if err := p.SetScenario(tc.scenario); err != nil {
				t.Fatal(err)
			}
			tokens := demoSignIn(t, p)
			out, _, code := runReal(t, "inspect", "@"+tokens, "--issuer", p.Issuer(), "--audience", demoidp.APIAudience, "--client-id", demoidp.BrowserClientID, "--json")
			got := codesIn(t, out)
			for _, c := range tc.inspectCodes {
				if !slices.Contains(got, c) {
					t.Errorf("inspect findings %v lack %q", got, c)
				}
			}
			if tc.scenario == demoidp.ScenarioNone && code != ExitOK {
				t.Errorf("inspect of a healthy sign-in exits %d: %v", code, got)
			}

			out, _, _ = runReal(t, "roles", "--conf", demoConf(t, p, tc.conf...), "--tokens", tokens, "--json")
			var pred struct {
				Outcome  string   `json:"outcome"`
				Username string   `json:"username"`
				Roles    []string `json:"roles"`
			}
			json.Unmarshal([]byte(out), &pred)
			got = codesIn(t, out)
			if pred.Outcome != tc.outcome {
				t.Errorf("roles outcome = %q, want %q; findings %v", pred.Outcome, tc.outcome, got)
			}
			for _, c := range tc.rolesCodes {
				if !slices.Contains(got, c) {
					t.Errorf("roles findings %v lack %q", got, c)
				}
			}
			if tc.scenario == demoidp.ScenarioNone && (pred.Username != "alice" || !slices.Equal(pred.Roles, []string{"PUBLIC", "admin"})) {
				t.Errorf("healthy sign-in: %s with %v, want alice with [PUBLIC admin]", pred.Username, pred.Roles)
			}
		})
	}
}

// runReal is run with the real clock: the demo provider's tokens are
// issued now.
func runReal(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb strings.Builder
	code := mainWith(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return out.String(), errb.String(), code
}

// codesIn collects every finding code anywhere in a JSON document.
func codesIn(t *testing.T, doc string) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if c, ok := x["code"].(string); ok {
				if _, sev := x["severity"]; sev {
					out = append(out, c)
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// TestDemoBinaryIssuesTokensInspectVerifies builds the real binary (the
// command-line-only build, no cgo), runs `ssolens demo`, takes a client
// credentials token from it and has `ssolens inspect --issuer` verify it.
func TestDemoBinaryIssuesTokensInspectVerifies(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "ssolens")
	build := exec.Command("go", "build", "-tags", "nogui", "-o", bin, "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	demo := exec.Command(bin, "demo", "--port", "0")
	stdout, err := demo.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, _ := demo.StdinPipe()
	if err := demo.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); demo.Process.Kill(); demo.Wait() }()
	issuer := ""
	buf := make([]byte, 0, 8192)
	deadline := time.Now().Add(20 * time.Second)
	for issuer == "" && time.Now().Before(deadline) {
		chunk := make([]byte, 1024)
		n, err := stdout.Read(chunk)
		buf = append(buf, chunk[:n]...)
		for _, line := range strings.Split(string(buf), "\n") {
			if v, ok := strings.CutPrefix(line, "Issuer:"); ok && strings.Contains(string(buf), "Discovery:") {
				issuer = strings.TrimSpace(v)
			}
		}
		if err != nil {
			break
		}
	}
	if issuer == "" {
		t.Fatalf("ssolens demo printed no issuer:\n%s", buf)
	}
	resp, err := httpClientForTests.PostForm(issuer+"/oauth/token", url.Values{
		"grant_type": {"client_credentials"}, "scope": {demoidp.M2MScope},
		"client_id": {demoidp.M2MClientID}, "client_secret": {demoidp.M2MClientSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if tok.AccessToken == "" {
		t.Fatalf("no access token from %s/oauth/token", issuer)
	}
	out, err := exec.Command(bin, "inspect", tok.AccessToken, "--issuer", issuer, "--audience", demoidp.APIAudience, "--json").CombinedOutput()
	if err != nil {
		t.Fatalf("ssolens inspect: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), `"verified": true`) {
		t.Errorf("the demo's token was not verified:\n%s", out)
	}
}

var httpClientForTests = http.Client{Timeout: 10 * time.Second}
