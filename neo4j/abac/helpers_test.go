package abac

import (
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
)

func mustParse(t testing.TB, text string) *conf.Conf {
	t.Helper()
	c, err := conf.ParseConf(strings.NewReader(text), "neo4j.conf")
	if err != nil {
		t.Fatalf("ParseConf: %v", err)
	}
	return c
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

// okta is a minimal valid provider block (as in neo4j/conf's tests).
const okta = `dbms.security.authentication_providers=oidc-okta,native
dbms.security.authorization_providers=oidc-okta,native
dbms.security.oidc.okta.display_name=Okta
dbms.security.oidc.okta.auth_flow=pkce
dbms.security.oidc.okta.well_known_discovery_uri=https://dev-1.okta.com/oauth2/default/.well-known/openid-configuration
dbms.security.oidc.okta.audience=api://default
dbms.security.oidc.okta.params=client_id=0oa1;response_type=code;scope=openid profile email
`
