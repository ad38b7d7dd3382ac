package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/neo4j/conf"
)

func TestConfigGolden(t *testing.T) {
	file := tokensFile(t)
	out, stderr, code := run(t, "", "config", "--tokens", file, "--issuer", "https://idp.example.com/oauth2/default", "--client-id", "0oa-desktop", "--name", "okta", "--display-name", "Okta")
	if code != ExitOK {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	golden(t, "config-okta.conf", out)
	out, _, _ = run(t, "", "config", "--tokens", file, "--issuer", "https://idp.example.com/oauth2/default", "--client-id", "0oa-desktop", "--name", "okta", "--display-name", "Okta", "--docker")
	golden(t, "config-okta.env", out)
	out, _, _ = run(t, "", "config", "--tokens", file, "--issuer", "https://idp.example.com/oauth2/default", "--client-id", "0oa-desktop", "--name", "okta", "--display-name", "Okta", "--helm")
	golden(t, "config-okta.yaml", out)
	if strings.Contains(out, goldenAccess) {
		t.Error("config printed a token")
	}
}

// lintsClean runs the project's own lint command on a generated block.
func lintsClean(t *testing.T, name, text string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	os.WriteFile(file, []byte(text), 0o600)
	out, stderr, code := run(t, "", "lint", file, "--json")
	var rep struct {
		WouldStart bool `json:"would_start"`
		Providers  []struct {
			Name       string   `json:"name"`
			EnabledFor []string `json:"enabled_for"`
		} `json:"providers"`
		Findings []struct{ Code, Severity string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitOK || !rep.WouldStart || len(rep.Providers) != 1 ||
		len(rep.Providers[0].EnabledFor) != 2 {
		t.Errorf("ssolens lint %s: exit %d, %v %s\n%s\n%s", name, code, err, stderr, out, text)
	}
	for _, f := range rep.Findings {
		if f.Severity == "error" {
			t.Errorf("ssolens lint %s: error %s", name, f.Code)
		}
	}
}

func TestConfigFromTheDemoProvider(t *testing.T) {
	for _, tc := range []struct {
		scenario, wantType, wantAud string
	}{
		{demoidp.ScenarioNone, "access_token", demoidp.APIAudience},
		{demoidp.ScenarioOpaqueAccessToken, "id_token", demoidp.BrowserClientID},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			p, err := demoidp.Start(t.Context(), demoidp.Config{Addr: "127.0.0.1:0", Scenario: tc.scenario})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			tokens := demoSignIn(t, p)
			base := []string{"config", "--tokens", tokens, "--issuer", p.Issuer(), "--client-id", demoidp.BrowserClientID, "--name", "demo"}
			out, stderr, code := run(t, "", append(base, "--json")...)
			if code != ExitOK {
				t.Fatalf("exit %d, stderr %q\n%s", code, stderr, out)
			}
			var g conf.GeneratedConfig
			if err := json.Unmarshal([]byte(out), &g); err != nil {
				t.Fatal(err)
			}
			if g.TokenType != tc.wantType || strings.Join(g.Audience, ",") != tc.wantAud {
				t.Errorf("token type %s, audience %v; want %s, %s", g.TokenType, g.Audience, tc.wantType, tc.wantAud)
			}
			conf, _, _ := run(t, "", base...)
			env, _, _ := run(t, "", append(base, "--docker")...)
			helm, _, _ := run(t, "", append(base, "--helm")...)
			if conf != g.Conf || env != g.Env || helm != g.Helm {
				t.Error("the text forms differ from the JSON contract's")
			}
			lintsClean(t, "neo4j.conf", conf)
			lintsClean(t, "neo4j.env", env)
			lintsClean(t, "values.yaml", helm)
		})
	}
}

// TestConfigFromLoginClientCredentials signs in now (--from-login) with
// the demo provider's machine-to-machine client: an access token only.
func TestConfigFromLoginClientCredentials(t *testing.T) {
	p, err := demoidp.Start(t.Context(), demoidp.Config{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	t.Setenv("SSOLENS_TEST_M2M_SECRET", demoidp.M2MClientSecret)
	out, stderr, code := run(t, "", "config", "--from-login", "--issuer", p.Issuer(), "--client-id", demoidp.M2MClientID,
		"--client-secret-env", "SSOLENS_TEST_M2M_SECRET", "--flow", "client-credentials", "--scope", demoidp.M2MScope, "--json")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q\n%s", code, stderr, out)
	}
	var g conf.GeneratedConfig
	json.Unmarshal([]byte(out), &g)
	if g.TokenType != "access_token" || !strings.Contains(g.Conf, "audience="+demoidp.APIAudience) ||
		!strings.Contains(g.Conf, "token_type_principal=access_token;token_type_authentication=access_token") {
		t.Errorf("generated:\n%s", g.Conf)
	}
	if strings.Contains(out, demoidp.M2MClientSecret) || !strings.Contains(stderr, "Signed in (client-credentials flow)") {
		t.Errorf("stderr %q", stderr)
	}
	lintsClean(t, "neo4j.conf", g.Conf)
}

func TestConfigUsageErrors(t *testing.T) {
	file := tokensFile(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"config"}, "no sign-in"},
		{[]string{"config", "--tokens", file}, "the issuer and the client id are required"},
		{[]string{"config", "--tokens", file, "--issuer", "https://i", "--client-id", "c", "--name", "my.sso"}, "'.', '=', ':'"},
		{[]string{"config", "--tokens", file, "--from-login"}, "not both"},
		{[]string{"config", "--tokens", file, "--issuer", "https://i", "--client-id", "c", "--docker", "--helm"}, "give --docker or --helm, not both"},
		{[]string{"config", "--from-login"}, "--from-login needs"},
		{[]string{"config", "--conf", "/no/such.conf", "--tokens", file}, "/no/such.conf"},
	} {
		if _, stderr, code := run(t, "", tc.args...); code != ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want a usage error naming %q", tc.args, code, stderr, tc.want)
		}
	}
	if stdout, _, code := run(t, "", "config", "--help"); code != ExitOK || !strings.Contains(stdout, "group_to_role_mapping") {
		t.Errorf("config --help: exit %d\n%s", code, stdout)
	}
}
