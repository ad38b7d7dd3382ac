// Package conftest holds what the tests of the neo4j sub-packages share: a
// minimal provider block and finding look-ups. Tests only.
package conftest

import "github.com/ssolens/ssolens/inspector"

// Okta is a minimal valid provider block, to which tests add one mistake.
const Okta = `dbms.security.authentication_providers=oidc-okta,native
dbms.security.authorization_providers=oidc-okta,native
dbms.security.oidc.okta.display_name=Okta
dbms.security.oidc.okta.auth_flow=pkce
dbms.security.oidc.okta.well_known_discovery_uri=https://dev-1.okta.com/oauth2/default/.well-known/openid-configuration
dbms.security.oidc.okta.audience=api://default
dbms.security.oidc.okta.params=client_id=0oa1;response_type=code;scope=openid profile email
`

// Codes are the findings' codes, in order.
func Codes(fs []inspector.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

// FindCode returns the first finding with that code.
func FindCode(fs []inspector.Finding, code string) (inspector.Finding, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return inspector.Finding{}, false
}
