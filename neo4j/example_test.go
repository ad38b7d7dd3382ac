package neo4j_test

import (
	"fmt"
	"strings"

	"github.com/ssolens/ssolens/neo4j"
)

// Lint a neo4j.conf whose params has a space after each ';': Neo4j 5+ does
// not start, and says why in its own words.
func ExampleLint() {
	conf := `dbms.security.authentication_providers=oidc-okta
dbms.security.authorization_providers=oidc-okta
dbms.security.oidc.okta.display_name=Okta
dbms.security.oidc.okta.well_known_discovery_uri=https://dev-1.okta.com/oauth2/default/.well-known/openid-configuration
dbms.security.oidc.okta.audience=api://default
dbms.security.oidc.okta.params=client_id=0oa1; response_type=code; scope=openid
`
	c, err := neo4j.ParseConf(strings.NewReader(conf), "neo4j.conf")
	if err != nil {
		panic(err)
	}
	findings := neo4j.Lint(c, neo4j.Latest)
	for _, f := range findings {
		fmt.Println(f.Code, "—", f.Evidence)
	}
	fmt.Println("would start:", neo4j.WouldStart(findings))
	// Output:
	// conf-map-untrimmed-key — neo4j.conf line 6: dbms.security.oidc.okta.params=client_id=0oa1; response_type=code; scope=openid
	// would start: false
}

// Parse a group_to_role_mapping the way Neo4j does: roles are not trimmed.
func ExampleParseGroupToRoleMapping() {
	m, findings := neo4j.ParseGroupToRoleMapping(`"Neo4j Admins" = admin; editors = editor, publisher`)
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
