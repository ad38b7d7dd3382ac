package cli

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/demoidp"
)

// withPassword puts user:password in a URL's authority.
func withPassword(u, password string) string {
	scheme, rest, _ := strings.Cut(u, "://")
	return scheme + "://bob:" + password + "@" + rest
}

// A password in an --issuer, --discovery, --jwks, --neo4j or --bolt URL
// is never printed: not in an error, a heading, a finding, the JSON or the
// report, whether the server answers or not. (net/http hides it in its own
// errors; SSO Lens's messages around them showed it.)
func TestURLPasswordsAreNeverShown(t *testing.T) {
	const pw = "s3cretPW-in-url"
	idp, err := demoidp.Start(t.Context(), demoidp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer idp.Close()
	neo4j, _ := neo4jStandIn(t, goldenAccess, []string{"admin"}, "")
	closed := httptest.NewServer(nil)
	closed.Close() // nothing listens there any more
	tok := demoSignIn(t, idp)
	tokens := tokensFile(t)

	for _, args := range [][]string{
		{"inspect", "--issuer", withPassword(closed.URL, pw), goldenAccess},
		{"inspect", "--issuer", withPassword(idp.Issuer(), pw), "--json", "@" + tok},
		{"inspect", "--issuer", withPassword(idp.Issuer(), pw), "@" + tok},
		{"inspect", "--discovery", withPassword(idp.DiscoveryURL(), pw), "--issuer", withPassword(idp.Issuer(), pw), "@" + tok},
		{"inspect", "--jwks", withPassword(closed.URL, pw) + "/keys", goldenAccess},
		{"report", "--issuer", withPassword(closed.URL, pw), "--no-redact", goldenAccess},
		{"report", "--issuer", withPassword(idp.Issuer(), pw), "--no-redact", "@" + tok},
		{"roles", "--neo4j", withPassword(closed.URL, pw), "--tokens", tokens, "--offline"},
		{"roles", "--neo4j", withPassword(neo4j.URL, pw), "--tokens", tokens, "--offline"},
		{"roles", "--neo4j", withPassword(neo4j.URL, pw), "--tokens", tokens, "--offline", "--json"},
		{"check", "--neo4j", withPassword(closed.URL, pw), "--token", goldenAccess},
		{"check", "--neo4j", withPassword(neo4j.URL, pw), "--token", goldenAccess},
		{"check", "--neo4j", withPassword(neo4j.URL, pw), "--tokens", tokens, "--offline", "--json"},
		{"check", "--bolt", withPassword(strings.Replace(closed.URL, "http://", "bolt://", 1), pw), "--token", goldenAccess, "--json"},
		{"login", "--issuer", withPassword(closed.URL, pw), "--client-id", "x", "--no-browser"},
		// Addresses net/url cannot read (its parse error quotes them
		// whole), and one without a scheme.
		{"check", "--neo4j", withPassword(closed.URL, pw) + "x74", "--token", goldenAccess},
		{"roles", "--neo4j", withPassword(closed.URL, pw) + "x74", "--tokens", tokens, "--offline"},
		{"check", "--neo4j", strings.TrimPrefix(withPassword(closed.URL, pw), "http://"), "--token", goldenAccess},
		{"inspect", "--issuer", withPassword(closed.URL, pw) + "x74", goldenAccess},
	} {
		out, stderr, _ := run(t, "", args...)
		name := strings.Join(args[:3], " ")
		if out == "" && stderr == "" {
			t.Errorf("%s printed nothing", name)
		}
		if strings.Contains(out+stderr, pw) {
			t.Errorf("%s shows the URL's password:\n%s%s", name, out, stderr)
		}
	}
	// A sign-in at an issuer given with a password: its events and findings.
	stdout, stderr, _ := playLogin(t, idp, false, []string{"login", "--no-browser", "--json", "--timeout", "30s",
		"--issuer", withPassword(idp.Issuer(), pw), "--client-id", demoidp.DesktopClientID})
	if stdout == "" || strings.Contains(stdout+stderr, pw) {
		t.Errorf("login --issuer shows the URL's password (or printed nothing):\n%s%s", stdout, stderr)
	}
}
