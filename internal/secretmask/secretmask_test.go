package secretmask

import (
	"strings"
	"testing"
)

// TestText: each secret is masked where its name or place gives it away,
// in the forms people paste (JSON logs, headers, cURL, URLs, conf
// values), and placeholders and prose stay as written.
func TestText(t *testing.T) {
	for _, tc := range []struct{ in, secret string }{
		{`{"level":"info","password":"Hunter2Passw0rd","msg":"x"}`, "Hunter2Passw0rd"},
		{`{"client_secret":"S3cretXYZ","access_token":"‹token›"}`, "S3cretXYZ"},
		{`curl -H "X-API-Key: ApiKeyS3cret123" https://x`, "ApiKeyS3cret123"},
		{`-H "Cookie: session=CookieS3cretABC; theme=dark"`, "CookieS3cretABC"},
		{`Set-Cookie: id=a3fWa; Expires=Thu, 21 Oct 2021 07:28:00 GMT`, "a3fWa"},
		{`token_params=client_secret=GOCSPX-RealSecret; x=y`, "GOCSPX-RealSecret"},
		{`--jwks http://admin:JwksPassw0rd@127.0.0.1:1/keys`, "JwksPassw0rd"},
		{`Authorization: Basic dXNlcjpwYXNzd29yZA==`, "dXNlcjpwYXNzd29yZA=="},
		{`Authorization: Bearer SlAV32hkKG`, "SlAV32hkKG"},
		{`pwd=abc123`, "abc123"},
	} {
		got := Text(tc.in)
		if strings.Contains(got, tc.secret) || !strings.Contains(got, Redacted) {
			t.Errorf("Text(%q) = %q: %q is not masked", tc.in, got, tc.secret)
		}
	}
	for _, keep := range []string{
		`client_secret=$CLIENT_SECRET`,
		`: "${CLIENT_SECRET:?set CLIENT_SECRET, the secret of the client}"`,
		`the Query API with a bearer token.`,
		`client_secret=<secret>`,
		`https://login.example.com/realms/acme/protocol/openid-connect/certs`,
		`no secrets here: groups engineers, roles PUBLIC`,
	} {
		if got := Text(keep); got != keep {
			t.Errorf("Text(%q) = %q, want it unchanged", keep, got)
		}
	}
}

// TestTextForms: camel-case names, quoted values with spaces and commas,
// a credential on the next line, and a real password that starts like a
// placeholder are masked whole; prose about Basic authentication is not.
func TestTextForms(t *testing.T) {
	for _, tc := range []struct{ in, secret string }{
		{`{"clientSecret":"S3cretXYZ"}`, "S3cretXYZ"},
		{`{"refreshToken":"RT-abc123"}`, "RT-abc123"},
		{`{"codeVerifier":"cv-123456"}`, "cv-123456"},
		{`{"privateKey":"pk-123456"}`, "pk-123456"},
		{`{"password":"my pass word"}`, "pass word"},
		{`password="abc,def"`, ",def"},
		{"Authorization: Bearer\nSlAV32hkKG", "SlAV32hkKG"},
		{`password=$ecretValue1`, "ecretValue1"},
	} {
		if got := Text(tc.in); strings.Contains(got, tc.secret) {
			t.Errorf("Text(%q) = %q: %q is not masked", tc.in, got, tc.secret)
		}
	}
	for _, keep := range []string{
		`Neo4j sends the JWT over HTTP Basic Authentication.`,
		`client_secret=${CLIENT_SECRET}`,
		`{"client_secret":"<your secret>"}`,
	} {
		if got := Text(keep); got != keep {
			t.Errorf("Text(%q) = %q, want it unchanged", keep, got)
		}
	}
}
