package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/pkce"
)

type loginJSON struct {
	Input    struct{ Form string } `json:"input"`
	Flow     string                `json:"flow"`
	Redirect string                `json:"redirect_uri"`
	Tokens   []struct {
		Source    string
		Signature *struct{ Verified bool }
		Raw       string `json:"raw"`
	} `json:"tokens"`
	Findings []struct{ Code, Severity string } `json:"findings"`
	Events   []struct {
		Step       string    `json:"step"`
		At         time.Time `json:"at"`
		DurationMS *int64    `json:"duration_ms"`
		Detail     *string   `json:"detail"`
	} `json:"events"`
}

// runLoginPlayed runs `ssolens login --no-browser ... --json` and plays the
// browser (playLogin), and reads the JSON it prints.
func runLoginPlayed(t *testing.T, p *demoidp.Provider, paste bool, args ...string) (loginJSON, string, string, int) {
	t.Helper()
	stdout, stderr, code := playLogin(t, p, paste, append([]string{"login", "--no-browser", "--json", "--timeout", "30s"}, args...))
	var out loginJSON
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("JSON: %v\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	return out, stdout, stderr, code
}

// playLogin runs a browser sign-in command (with --no-browser) and plays
// the browser: it reads the authorization URL from stderr, signs in as
// alice at the demo provider, and either requests the redirect (the
// listener) or pastes it on stdin (a browser on another machine).
func playLogin(t *testing.T, p *demoidp.Provider, paste bool, args []string) (stdout, stderr string, code int) {
	t.Helper()
	inR, inW := io.Pipe()
	errR, errW := io.Pipe()
	var out bytes.Buffer
	var errb strings.Builder
	done := make(chan int, 1)
	go func() {
		code := mainWith(&env{stdin: inR, stdout: &out, stderr: errW}, args)
		errW.Close()
		done <- code
	}()
	sc := bufio.NewScanner(errR)
	for sc.Scan() {
		line := sc.Text()
		errb.WriteString(line + "\n")
		if strings.HasPrefix(line, "http://127.0.0.1:") && strings.Contains(line, "/authorize") {
			redirect, err := p.LoginAs(t.Context(), nil, line, "alice")
			if err != nil {
				t.Errorf("playing the browser: %v", err)
				continue
			}
			if paste {
				io.WriteString(inW, redirect.String()+"\n")
			} else if resp, err := http.Get(redirect.String()); err == nil {
				resp.Body.Close()
			}
		}
	}
	code = <-done
	inW.Close()
	return out.String(), errb.String(), code
}

func TestLoginCommandPKCEWithDemoProvider(t *testing.T) {
	p, err := demoidp.Start(t.Context(), demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, paste := range []bool{false, true} {
		out, stdout, stderr, code := runLoginPlayed(t, p, paste, "--issuer", p.Issuer(), "--client-id", demoidp.DesktopClientID, "--scope", "openid profile offline_access")
		if code != ExitOK {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
		if out.Flow != "pkce" || !strings.HasPrefix(out.Redirect, "http://127.0.0.1:") || !strings.Contains(stderr, "Redirect URI (register it at the provider exactly): "+out.Redirect) {
			t.Errorf("flow %q redirect %q\n%s", out.Flow, out.Redirect, stderr)
		}
		if strings.Index(stderr, "Redirect URI") > strings.Index(stderr, "Open this URL") {
			t.Error("the redirect URI was not shown before the URL")
		}
		verified := 0
		for _, tk := range out.Tokens {
			if tk.Raw != "" {
				t.Error("a token was printed without --show-tokens")
			}
			if tk.Signature != nil && tk.Signature.Verified {
				verified++
			}
		}
		if verified < 2 {
			t.Errorf("verified %d tokens: %s", verified, stdout)
		}
		if len(out.Events) == 0 || out.Events[0].Step != "discovery-fetched" || out.Events[0].DurationMS == nil || out.Events[0].Detail == nil {
			t.Errorf("events %+v", out.Events)
		}
		via := "via listener"
		if paste {
			via = "via paste"
		}
		if !strings.Contains(stdout, via) {
			t.Errorf("callback not %s", via)
		}
	}
}

func TestLoginCommandNeo4jConfAndClientCredentials(t *testing.T) {
	p, err := demoidp.Start(t.Context(), demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	data, err := os.ReadFile(filepath.Join("..", "assets", "samples", "demo-neo4j.conf"))
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(t.TempDir(), "neo4j.conf")
	os.WriteFile(conf, []byte(strings.ReplaceAll(string(data), "http://127.0.0.1:9876", p.Issuer())), 0o600)
	out, stdout, stderr, code := runLoginPlayed(t, p, false, "--conf", conf, "--provider", "demo")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	u, _ := url.Parse(out.Redirect)
	if u.Path != "/browser/" || u.RawQuery != "idp_id=demo&auth_flow_step=redirect_uri" {
		t.Errorf("redirect URI %s", out.Redirect)
	}
	// With a conf, the Neo4j prediction comes with the tokens.
	var pred struct {
		Neo4j struct {
			Outcome  string   `json:"outcome"`
			Username string   `json:"username"`
			Roles    []string `json:"roles"`
		} `json:"neo4j"`
	}
	json.Unmarshal([]byte(stdout), &pred)
	if pred.Neo4j.Outcome != "would-log-in" || pred.Neo4j.Username != "alice" || strings.Join(pred.Neo4j.Roles, ",") != "PUBLIC,admin" {
		t.Errorf("neo4j prediction = %+v", pred.Neo4j)
	}

	// Client credentials, the secret from the environment: never printed.
	t.Setenv("SSOLENS_TEST_M2M_SECRET", demoidp.M2MClientSecret)
	stdout2, stderr2, code := runLoginCmd(t, "--issuer", p.Issuer(), "--client-id", demoidp.M2MClientID,
		"--client-secret-env", "SSOLENS_TEST_M2M_SECRET", "--scope", demoidp.M2MScope, "--audience", demoidp.APIAudience,
		"--flow", "client-credentials", "--json")
	if code != ExitOK {
		t.Fatalf("client credentials: exit %d\n%s\n%s", code, stdout2, stderr2)
	}
	if strings.Contains(stdout2+stderr2, demoidp.M2MClientSecret) {
		t.Error("the client secret was printed")
	}
}

func TestLoginCommandUsage(t *testing.T) {
	if _, stderr, code := runLoginCmd(t, "--client-id", "x"); code != ExitUsage || !strings.Contains(stderr, "--issuer") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// runLoginCmd runs the login command in-process (it is registered in
// cli.go by the lead; the tests call it directly).
func runLoginCmd(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runLogin(&env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return out.String(), errb.String(), code
}

// --revoke revokes the refresh token at the provider: afterwards the
// provider refuses it.
func TestLoginCommandRevoke(t *testing.T) {
	p, err := demoidp.Start(t.Context(), demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	_, stdout, stderr, code := runLoginPlayed(t, p, false, "--issuer", p.Issuer(), "--client-id", demoidp.DesktopClientID,
		"--scope", "openid profile offline_access", "--revoke", "--show-tokens")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	var out struct {
		Revoked string `json:"revoked"`
		Tokens  []struct {
			Role string `json:"role"`
			Raw  string `json:"raw"`
		} `json:"tokens"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	if out.Revoked != "refresh_token" {
		t.Fatalf("revoked = %q\n%s", out.Revoked, stderr)
	}
	var refresh string
	for _, tk := range out.Tokens {
		if tk.Role == "refresh_token" {
			refresh = tk.Raw
		}
	}
	if refresh == "" {
		t.Fatalf("no refresh token in %s", stdout)
	}
	c, err := pkce.New(t.Context(), pkce.Config{Issuer: p.Issuer(), ClientID: demoidp.DesktopClientID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refresh(t.Context(), refresh); err == nil {
		t.Error("the provider still accepts the refresh token after --revoke")
	}
}
