package predict

import (
	"slices"
	"testing"
)

// TestLinesEveryFaceShows: the tokens line names the bearer channel, and
// the role notes hold the roles once fixed, the missing roles (a group
// grants them: with or without a mapping) and what is not known.
func TestLinesEveryFaceShows(t *testing.T) {
	bearer := &Prediction{Channel: ChannelBearer, AuthenticationToken: "access_token"}
	if got := bearer.TokensLine(); got != "a driver or the Query API sends the access_token as a bearer token; Neo4j validates it" {
		t.Errorf("bearer: %q", got)
	}
	client := &Prediction{Channel: ChannelSSOClient, PrincipalToken: "id_token", AuthenticationToken: "access_token"}
	if got := client.TokensLine(); got != "the SSO client decodes the id_token (token_type_principal); Neo4j validates the access_token (token_type_authentication)" {
		t.Errorf("client: %q", got)
	}
	p := &Prediction{RolesOnceFixed: []string{"PUBLIC", "reader"}, MissingRoles: []string{"Reader"}, RolesUnknown: []string{`the native roles of "alice"`}}
	var got []string
	for _, n := range p.RoleNotes() {
		got = append(got, n.Label+": "+n.Text())
	}
	want := []string{
		"roles once fixed: PUBLIC, reader",
		"not granted: Reader (a group grants them, but likely no such role exists)",
		`not known: more roles may come from the native roles of "alice"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("notes\n%q\nwant\n%q", got, want)
	}
	if n := (&Prediction{}).RoleNotes(); n != nil {
		t.Errorf("no notes wanted: %v", n)
	}
}

// TestCurrentUserLine: what SHOW CURRENT USER should return, said once
// for every face; roles that are a lower bound are said to be one.
func TestCurrentUserLine(t *testing.T) {
	p := &Prediction{ShowCurrentUser: &CurrentUser{User: "alice", Roles: []string{"PUBLIC", "admin"}}}
	if got := p.CurrentUserLine(); got != "user alice, roles [PUBLIC, admin]" {
		t.Errorf("known: %q", got)
	}
	p.RolesUnknown = []string{`the native roles of "alice"`}
	if got := p.CurrentUserLine(); got != "user alice, roles [PUBLIC, admin] at least" {
		t.Errorf("lower bound: %q", got)
	}
	if got := (&Prediction{}).CurrentUserLine(); got != "" {
		t.Errorf("none: %q", got)
	}
}
