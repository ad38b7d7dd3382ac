package conf_test

import (
	"fmt"
	"strings"

	"github.com/ssolens/ssolens/neo4j/conf"
)

// conf.Lint a neo4j.conf whose params has a space after each ';': Neo4j 5+ does
// not start, and says why in its own words.
func ExampleLint() {
	text := `dbms.security.authentication_providers=oidc-okta
dbms.security.authorization_providers=oidc-okta
dbms.security.oidc.okta.display_name=Okta
dbms.security.oidc.okta.well_known_discovery_uri=https://dev-1.okta.com/oauth2/default/.well-known/openid-configuration
dbms.security.oidc.okta.audience=api://default
dbms.security.oidc.okta.params=client_id=0oa1; response_type=code; scope=openid
`
	c, err := conf.ParseConf(strings.NewReader(text), "neo4j.conf")
	if err != nil {
		panic(err)
	}
	findings := conf.Lint(c, conf.Latest)
	for _, f := range findings {
		fmt.Println(f.Code, "—", f.Evidence)
	}
	fmt.Println("would start:", conf.WouldStart(findings))
	// Output:
	// conf-map-untrimmed-key — neo4j.conf line 6: dbms.security.oidc.okta.params=client_id=0oa1; response_type=code; scope=openid
	// would start: false
}

// Parse a group_to_role_mapping the way Neo4j does: roles are not trimmed.
func ExampleParseGroupToRoleMapping() {
	m, findings := conf.ParseGroupToRoleMapping(`"Neo4j Admins" = admin; editors = editor, publisher`)
	for _, e := range m.Entries {
		fmt.Printf("%s → %q\n", e.Group, e.Roles)
	}
	for _, f := range findings {
		fmt.Println(f.Code)
	}
	// Output:
	// Neo4j Admins → ["admin"]
	// editors → ["editor" " publisher"]
	// mapping-role-space-after-comma
}
