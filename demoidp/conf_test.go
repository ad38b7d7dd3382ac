package demoidp

import (
	"os"
	"testing"

	"github.com/ssolens/ssolens/neo4j/conf"
)

// TestSampleNeo4jConfMatchesTheProvider keeps assets/samples/demo-neo4j.conf in step
// with the provider's defaults.
func TestSampleNeo4jConfMatchesTheProvider(t *testing.T) {
	t.Parallel()
	f, err := os.Open("../assets/samples/demo-neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := conf.ParseConf(f, "demo-neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	const p = "dbms.security.oidc.demo."
	for key, want := range map[string]string{
		p + "well_known_discovery_uri":            "http://" + DemoAddr + "/.well-known/openid-configuration",
		p + "audience":                            APIAudience,
		p + "auth_flow":                           "pkce",
		p + "claims.username":                     "sub",
		p + "claims.groups":                       "groups",
		p + "params":                              "client_id=" + BrowserClientID + ";response_type=code;scope=openid profile email",
		p + "config":                              "token_type_principal=id_token;token_type_authentication=access_token",
		p + "authorization.group_to_role_mapping": "engineers=admin;collaborators=reader",
		"dbms.security.authentication_providers":  "oidc-demo,native",
		"dbms.security.authorization_providers":   "oidc-demo,native",
	} {
		e, ok := c.Get(key)
		if !ok || e.Value != want {
			t.Errorf("%s = %q, want %q", key, e.Value, want)
		}
	}
	for _, f := range c.Findings {
		t.Errorf("reading the file: %v", f)
	}
}
