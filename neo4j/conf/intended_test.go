package conf

import (
	"maps"
	"testing"
)

// TestIntendedConfig: a config line Neo4j refuses only for spaces around
// its keys is read as meant, its keys and values trimmed (the fix removes
// the spaces: the value's would reach the SSO client); one whose meaning is
// not clear is not read at all, and a line Neo4j reads is its own value.
func TestIntendedConfig(t *testing.T) {
	const base = "dbms.security.authentication_providers=oidc-okta\ndbms.security.oidc.okta.display_name=Okta\n"
	for _, tc := range []struct {
		name, line string
		want       map[string]string
		ok         bool
	}{
		{"spaces after ;", "config=token_type_principal=id_token; token_type_authentication=id_token",
			map[string]string{"token_type_principal": "id_token", "token_type_authentication": "id_token"}, true},
		{"spaces around values too", "config=token_type_principal=id_token ; token_type_authentication= access_token",
			map[string]string{"token_type_principal": "id_token", "token_type_authentication": "access_token"}, true},
		{"valid", "config=token_type_principal=id_token;token_type_authentication=access_token",
			map[string]string{"token_type_principal": "id_token", "token_type_authentication": "access_token"}, true},
		{"misspelt key", "config=token_type_principle=id_token;token_type_authentication=id_token", nil, false},
		{"element without =", "config=token_type_principal=id_token;id_token", nil, false},
		{"not set", "", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := base
			if tc.line != "" {
				text += "dbms.security.oidc.okta." + tc.line + "\n"
			}
			m := Analyze(mustParse(t, text), Latest, LintOptions{})
			got, ok := m.Provider("okta").IntendedConfig()
			if ok != tc.ok || !maps.Equal(got, tc.want) {
				t.Errorf("IntendedConfig() = %v, %v; want %v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}
