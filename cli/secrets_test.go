package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoSecretBesideAToken: the context scan and inspect show around a
// token, and lint's evidence and JSON, mask the secrets people's logs and
// files hold beside it (a JSON password, a client secret, an API key
// header, a cookie, a URL's password), in text and JSON alike.
func TestNoSecretBesideAToken(t *testing.T) {
	tok := craft(`{"alg":"RS256","kid":"k"}`, `{"iss":"https://idp.example.com","sub":"alice","aud":"neo4j","exp":1900000000}`)
	secrets := []string{"Hunter2Passw0rd", "S3cretXYZ", "ApiKeyS3cret123", "CookieS3cretABC", "UrlPassw0rd"}
	input := fmt.Sprintf(`{"level":"info","password":"Hunter2Passw0rd","msg":"Authorization: Bearer %[1]s"}
{"client_secret":"S3cretXYZ","access_token":"%[1]s"}
curl -H "X-API-Key: ApiKeyS3cret123" -H "Cookie: session=CookieS3cretABC" -H "Authorization: Bearer %[1]s" https://u:UrlPassw0rd@example.com/x
`, tok)
	for _, args := range [][]string{{"scan", "-"}, {"scan", "-", "--json"}, {"inspect", "-"}, {"inspect", "-", "--json"}} {
		out, errOut, _ := run(t, input, args...)
		for _, s := range secrets {
			if strings.Contains(out+errOut, s) {
				t.Errorf("%v shows %q:\n%s", args, s, out)
			}
		}
	}

	conf := filepath.Join(t.TempDir(), "neo4j.conf")
	if err := os.WriteFile(conf, []byte("dbms.security.oidc.google.token_params=client_secret=GOCSPX-RealSecret; x=y\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"lint", conf}, {"lint", conf, "--json"}} {
		out, errOut, _ := run(t, "", args...)
		if strings.Contains(out+errOut, "GOCSPX-RealSecret") {
			t.Errorf("%v shows the client secret:\n%s", args, out)
		}
	}
}

// TestAnArgumentMeantAsAFile: an argument that reads as a path (./x, a
// .json name) but names no file, or names a directory, is a usage error
// that says so, for inspect and report alike: it was decoded as an opaque
// token before. Tokens, token-shaped text with a '/', and URLs are still
// decoded.
func TestAnArgumentMeantAsAFile(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"inspect", "./tokens/token-response.json"},
		{"inspect", "token-response.json"},
		{"inspect", dir},
		{"report", "./no/such.har"},
	} {
		_, stderr, code := run(t, "", args...)
		if code != ExitUsage || !(strings.Contains(stderr, "no file") || strings.Contains(stderr, "is a directory")) {
			t.Errorf("%v: exit %d, stderr %q; want a usage error naming the missing file", args, code, stderr)
		}
	}
	for _, arg := range []string{"SlAV32hkKG-opaque/01234+56789", "/AbC+dEf/ghIJklMNopQR==", "https://app.example.com/cb#access_token=abc&token_type=Bearer"} {
		if _, stderr, code := run(t, "", "inspect", arg); code == ExitUsage {
			t.Errorf("inspect %q: a usage error (%q); want it decoded", arg, stderr)
		}
	}
}

// TestLintQuotesNoSecret: lint's messages, not only its evidence, quote
// map values; a client_secret among them is masked in every finding, and
// in the prediction that copies the first error.
func TestLintQuotesNoSecret(t *testing.T) {
	dir := t.TempDir()
	for i, line := range []string{
		"dbms.security.oidc.google.token_params=client_secret= GOCSPX-RealSecret",
		"dbms.security.oidc.google.token_params=a;client_secret=GOCSPX-RealSecret",
		"dbms.security.oidc.google.token_params=client_secret:GOCSPX-RealSecret",
		"dbms.security.oidc.google.token_params=client_secret=GOCSPX-RealSecret;client_secret=GOCSPX-RealSecret",
	} {
		conf := filepath.Join(dir, fmt.Sprintf("%d.conf", i))
		if err := os.WriteFile(conf, []byte(line+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"lint", conf}, {"lint", conf, "--json"}} {
			out, errOut, _ := run(t, "", args...)
			if strings.Contains(out+errOut, "GOCSPX-RealSecret") {
				t.Errorf("%q, %v shows the client secret:\n%s", line, args, out)
			}
		}
	}
}
