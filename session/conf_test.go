package session

import (
	"strings"
	"testing"
)

// TestConfReadAsEnvSaysItReadNothing: a neo4j.conf read in the env form
// sets nothing; the conf's own findings carry env-conf-form-lines, so a
// prediction from it says why it has no provider, and the investigation
// says it once.
func TestConfReadAsEnvSaysItReadNothing(t *testing.T) {
	c, err := LoadConf(strings.NewReader("dbms.security.authentication_providers=oidc-demo,native\ndbms.security.oidc.demo.audience=neo4j\n"), "neo4j.conf", ConfOptions{Env: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Findings) != 1 || c.Findings[0].Code != "env-conf-form-lines" {
		t.Fatalf("conf findings %+v", c.Findings)
	}
	inv := New(t.Context(), Inputs{Text: []byte("{}"), Conf: c, Offline: true})
	n := 0
	for _, f := range inv.Findings() {
		if f.Code == "env-conf-form-lines" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("env-conf-form-lines said %d times", n)
	}
}
