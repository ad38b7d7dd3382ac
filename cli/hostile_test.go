package cli

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
)

// hostile holds every character a value may use to spoof a terminal: ESC
// sequences that erase a line and hide the rest, BEL, CR, a bidi override,
// a zero-width space, and a newline followed by a forged verdict line.
const hostile = "x\x1b[2K\x07\r\u202e\u200b\n  signature   verified (forged)\x1b[8m"

// hostileToken has the hostile text in every header value and claim.
func hostileToken(t *testing.T) string {
	t.Helper()
	header, _ := json.Marshal(map[string]any{"alg": "RS256", "kid": hostile, "typ": hostile, "x-custom": hostile, "jku": "https://evil.example/" + hostile})
	claims, _ := json.Marshal(map[string]any{
		"iss": "https://idp.example.com/" + hostile, "sub": hostile, "aud": []string{hostile}, "azp": hostile,
		"groups": []string{hostile}, "custom": hostile, "email": hostile + "@example.com", "nonce": hostile,
		"iat": testNow.Add(-time.Minute).Unix(), "exp": testNow.Add(time.Hour).Unix(),
	})
	return craft(string(header), string(claims))
}

// assertClean fails on any raw control, bidi or invisible character, and on
// a forged verdict line, in what a command wrote.
func assertClean(t *testing.T, what, out string) {
	t.Helper()
	if i := safetext.FirstUnsafe(out, true); i >= 0 {
		t.Errorf("%s: raw %q at byte %d:\n%s", what, out[i:min(len(out), i+4)], i, out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "  signature   verified (forged)") {
			t.Errorf("%s: a value started a line of its own: %q", what, line)
		}
	}
}

func TestEveryTextRendererEscapesHostileText(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tok := hostileToken(t)
	tokens := write("tokens.json", fmt.Sprintf(`{"access_token":%q,"id_token":%q,"token_type":"Bearer","expires_in":3600}`, tok, tok))
	jwks := write("jwks.json", `{"keys":[{"kty":"oct","kid":"k1\u001b\u202e","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"}]}`)
	conf := write("neo4j.conf", strings.Join([]string{
		"dbms.security.authentication_providers=oidc-evil,native",
		"dbms.security.authorization_providers=oidc-evil,native",
		"dbms.security.oidc.evil.display_name=" + hostile,
		"dbms.security.oidc.evil.auth_flow=pkce",
		"dbms.security.oidc.evil.well_known_discovery_uri=https://idp.example.com/" + hostile,
		"dbms.security.oidc.evil.audience=" + hostile,
		"dbms.security.oidc.evil.claims.username=sub",
		"dbms.security.oidc.evil.claims.groups=groups",
		"dbms.security.oidc.evil.params=client_id=" + hostile + ";response_type=code;scope=openid",
		"dbms.security.oidc.evil.config=token_type_principal=id_token;token_type_authentication=access_token",
		"dbms.security.oidc.evil.authorization.group_to_role_mapping=\"" + hostile + "\" = reader\\u12zz",
		"dbms.security.oidc.evil." + hostile + "=1",
		"unknown.setting." + hostile + "=" + hostile,
	}, "\n"))
	redirect := "http://127.0.0.1:8080/callback?error=access_denied&state=s&error_description=" + url.QueryEscape(hostile)
	errResponse := fmt.Sprintf(`{"error":%q,"error_description":%q}`, hostile, hostile)
	log := write("app.log", "GET /api "+hostile+" Authorization: Bearer "+tok+" "+hostile+"\n")
	srv, _ := neo4jStandIn(t, "nothing", nil, fmt.Sprintf(`{"errors":[{"code":%q,"message":%q}]}`, "Neo.ClientError.Security.Unauthorized"+hostile, hostile))

	for _, args := range [][]string{
		{"inspect", tok},
		{"inspect", "--jwks", jwks, tok},
		{"inspect", "--secret", "s" + hostile, tok},
		{"inspect", redirect},
		{"inspect", errResponse},
		{"inspect", "--each-line", "@" + tokens},
		{"inspect", tokens}, // both tokens: the comparison too
		{"report", tokens},
		{"scan", log},
		{"lint", conf},
		{"roles", "--conf", conf, "--tokens", tokens, "--offline"},
		{"check", "--neo4j", srv.URL, "--conf", conf, "--tokens", tokens, "--offline"},
		{"check", "--neo4j", srv.URL + "/" + hostile, "--token", tok},
		{"report", "--conf", conf, tok},
		{"report", "--html", "--conf", conf, tok},
		{"lint", filepath.Join(dir, hostile)},
	} {
		out, stderr, _ := run(t, "", args...)
		name := args[0] + " " + args[1]
		if len(name) > 40 {
			name = name[:40]
		}
		if out == "" && stderr == "" {
			t.Errorf("%s wrote nothing", name)
		}
		assertClean(t, name+" (stdout)", out)
		assertClean(t, name+" (stderr)", stderr)
		if args[0] == "inspect" && args[1] == tokens && !strings.Contains(out, "── ID token ↔ access token") {
			t.Errorf("inspect of both tokens shows no comparison, so its hostile claims were not rendered:\n%s", out)
		}
	}
}

// A finding's command goes through the one sanitising rule like its fix,
// shown as "run: …" under the fix. (The JSON is data, escaped as
// encoding/json escapes it, like the fix: eachline_json_test compares.)
func TestFindingCommandIsShownSafely(t *testing.T) {
	f := inspector.Finding{Code: "signature-not-checked", Severity: inspector.SeverityInfo, Message: "m", Fix: "f",
		Evidence: "e", Command: "ssolens inspect --verify " + hostile}
	var out strings.Builder
	renderReport(&out, &inspector.Report{Findings: []inspector.Finding{f}}, false)
	assertClean(t, "text", out.String())
	if fix, run, _ := strings.Cut(out.String(), "fix: f\n"); fix == "" || !strings.HasPrefix(strings.TrimLeft(run, " "), "run: ssolens inspect --verify x") {
		t.Errorf("the command is not shown under the fix:\n%s", out.String())
	}
}
