package conf

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
)

func mustParse(t testing.TB, text string, opts ...Option) *Conf {
	t.Helper()
	c, err := ParseConf(strings.NewReader(text), "neo4j.conf", opts...)
	if err != nil {
		t.Fatalf("ParseConf: %v", err)
	}
	return c
}

func lintText(t testing.TB, text string, v Version) []inspector.Finding {
	t.Helper()
	return Lint(mustParse(t, text), v)
}

func codes(fs []inspector.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func findCode(fs []inspector.Finding, code string) (inspector.Finding, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return inspector.Finding{}, false
}

// okta is a minimal valid provider block, to which tests add one mistake.
const okta = `dbms.security.authentication_providers=oidc-okta,native
dbms.security.authorization_providers=oidc-okta,native
dbms.security.oidc.okta.display_name=Okta
dbms.security.oidc.okta.auth_flow=pkce
dbms.security.oidc.okta.well_known_discovery_uri=https://dev-1.okta.com/oauth2/default/.well-known/openid-configuration
dbms.security.oidc.okta.audience=api://default
dbms.security.oidc.okta.params=client_id=0oa1;response_type=code;scope=openid profile email
`

func itoa(n int) string { return strconv.Itoa(n) }
