package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRolesOfflineGolden(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tokens.json")
	if err := os.WriteFile(file, []byte(goldenResponse), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, "", "roles", "--conf", "../neo4j/conf/testdata/okta-access-token.conf", "--tokens", file, "--offline")
	if code != ExitOK {
		t.Errorf("exit code = %d, want 0 (would log in, signature unchecked)", code)
	}
	golden(t, "roles-okta-offline.txt", out)

	out, _, _ = run(t, "", "roles", "--conf", "../neo4j/conf/testdata/okta-access-token.conf", "--id-token", goldenID, "--access-token", goldenAccess, "--offline", "--json")
	var pred map[string]any
	if err := json.Unmarshal([]byte(out), &pred); err != nil {
		t.Fatal(err)
	}
	requireKeys(t, "prediction", pred, "provider", "outcome", "principal_token", "authentication_token", "username",
		"groups", "roles", "grants", "unmapped_groups", "show_current_user", "findings")
	if pred["outcome"] != "would-log-in" || pred["username"] != "alice@example.com" {
		t.Errorf("prediction = %v / %v", pred["outcome"], pred["username"])
	}
}

// TestRolesBearerGolden: an access token alone is a driver's or the Query
// API's bearer token: the login is predicted, with the Browser's step a
// note (the Okta conf has token_type_principal=id_token).
func TestRolesBearerGolden(t *testing.T) {
	out, _, code := run(t, "", "roles", "--conf", "../neo4j/conf/testdata/okta-access-token.conf", "--access-token", goldenAccess, "--offline")
	if code != ExitOK {
		t.Errorf("exit code = %d, want 0 (would log in, signature unchecked)", code)
	}
	golden(t, "roles-bearer-offline.txt", out)
}

func TestRolesUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"roles", "--tokens", "x.json"},
		{"roles", "--conf", "../assets/samples/demo-neo4j.conf"},
		{"roles", "--conf", "/no/such.conf", "--access-token", "x"},
		{"roles", "--conf", "../assets/samples/demo-neo4j.conf", "--tokens", "/no/such/tokens.json"},
		{"roles", "--conf", "../assets/samples/demo-neo4j.conf", "--access-token", "x", "--userinfo", "/no/such.json"},
	} {
		if _, stderr, code := run(t, "", args...); code != ExitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, code, stderr)
		}
	}
}

// TestRolesFromARunningNeo4j imports the providers from a Neo4j discovery
// endpoint. The server here is a stand-in on loopback that answers with
// the documented discovery shape; no Neo4j runs on these machines.
func TestRolesFromARunningNeo4j(t *testing.T) {
	standIn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"bolt_routing":"neo4j://localhost:7687","neo4j_version":"2026.03.0","neo4j_edition":"enterprise",
		  "auth_config":{"oidc_providers":[{"id":"okta","name":"Okta","auth_flow":"pkce",
		  "auth_endpoint":"https://idp.example.com/oauth2/default/v1/authorize","token_endpoint":"https://idp.example.com/oauth2/default/v1/token",
		  "well_known_discovery_uri":"https://idp.example.com/oauth2/default/.well-known/openid-configuration",
		  "params":{"client_id":"0oa-desktop","response_type":"code","scope":"openid profile email"},
		  "config":{"token_type_principal":"id_token","token_type_authentication":"access_token"}},
		  {"id":"broken","name":"Broken","auth_flow":"pkce","auth_endpoint":"https://x/authorize","params":{"client_id":"c","response_type":"code"}}]}}`)
	}))
	defer standIn.Close()
	out, stderr, code := run(t, "", "roles", "--neo4j", standIn.URL, "--provider", "okta", "--id-token", goldenID, "--access-token", goldenAccess, "--offline", "--json")
	// Exit 1: the login is predicted, but the server publishes a provider
	// the Browser drops, an error finding.
	if code != ExitFindings {
		t.Fatalf("exit %d, stderr %q\n%s", code, stderr, out)
	}
	got := codesIn(t, out)
	for _, c := range []string{"discovery-provider-dropped", "neo4j-signature-unchecked"} {
		if !slices.Contains(got, c) {
			t.Errorf("findings %v lack %q", got, c)
		}
	}
	if _, stderr, code := run(t, "", "roles", "--neo4j", "http://127.0.0.1:1", "--access-token", goldenAccess); code != ExitUsage || !strings.Contains(stderr, "127.0.0.1:1") {
		t.Errorf("unreachable server: exit %d, stderr %q", code, stderr)
	}
}

func TestRolesWithAuthRules(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "neo4j.conf")
	text, _ := os.ReadFile("../neo4j/conf/testdata/okta-access-token.conf")
	os.WriteFile(conf, append(text, "\ndbms.security.abac.authorization_providers=oidc-okta\n"...), 0o600)
	rules := filepath.Join(dir, "rules.cypher")
	os.WriteFile(rules, []byte("CREATE AUTH RULE eng SET CONDITION 'engineers' IN abac.oidc.user_attribute('groups');\nGRANT ROLE architect TO AUTH RULE eng;\n"), 0o600)
	out, stderr, code := run(t, "", "roles", "--conf", conf, "--id-token", goldenID, "--access-token", goldenAccess, "--rules", rules, "--offline")
	if code != ExitOK || !strings.Contains(out, "architect (abac:eng)") {
		t.Errorf("exit %d, stderr %q\n%s", code, stderr, out)
	}
}

// An --access-token given as an Authorization header value with the
// scheme doubled (copied from a client that adds "Bearer " to a value
// that has it) is read by the investigation as Neo4j reads the header:
// the defect is named, and the login is refused for it, not for a
// malformed token.
func TestRolesTokenFlagWithDoubledScheme(t *testing.T) {
	out, _, code := run(t, "", "roles", "--conf", "../neo4j/conf/testdata/okta-access-token.conf", "--id-token", goldenID,
		"--access-token", "Bearer Bearer "+goldenAccess, "--offline")
	if code != ExitFindings || !strings.Contains(out, "bearer-scheme-doubled") || strings.Contains(out, "malformed") {
		t.Errorf("exit %d; want 1 naming bearer-scheme-doubled, not a malformed token:\n%s", code, out)
	}
	// One Bearer, any case, is the header's value as it should be.
	out, _, code = run(t, "", "roles", "--conf", "../neo4j/conf/testdata/okta-access-token.conf", "--id-token", goldenID,
		"--access-token", "bearer "+goldenAccess, "--offline")
	if code != ExitOK || strings.Contains(out, "bearer-") {
		t.Errorf("exit %d; want 0 and no header finding:\n%s", code, out)
	}
	// One token given for both flags (people paste it twice): the access
	// token's place keeps its header defect, in the text, the JSON and the
	// report, and Neo4j refuses the login for it.
	conf := "../neo4j/conf/testdata/okta-access-token.conf"
	twice := []string{"roles", "--conf", conf, "--id-token", goldenAccess, "--access-token", "Bearer Bearer " + goldenAccess, "--offline"}
	out, _, code = run(t, "", twice...)
	if code != ExitFindings || !strings.Contains(out, "error   bearer-scheme-doubled") || strings.Contains(out, "WOULD LOG IN") {
		t.Errorf("the same token for both flags: exit %d; want 1 naming bearer-scheme-doubled:\n%s", code, out)
	}
	out, _, _ = run(t, "", append(twice, "--json")...)
	if !slices.Contains(codesIn(t, out), "bearer-scheme-doubled") {
		t.Errorf("the same token for both flags: JSON findings %v lack bearer-scheme-doubled", codesIn(t, out))
	}
	file := filepath.Join(t.TempDir(), "tokens.json")
	if err := os.WriteFile(file, fmt.Appendf(nil, `{"id_token":%q,"access_token":"Bearer Bearer %s"}`, goldenAccess, goldenAccess), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code = run(t, "", "report", "@"+file, "--conf", conf, "--offline")
	if code != ExitFindings || !strings.Contains(out, "**REJECTED by Neo4j: bearer-scheme-doubled") {
		t.Errorf("the same token in both members: report exit %d; want 1, rejected for bearer-scheme-doubled:\n%s", code, out)
	}
	// A header with no token: the defect is named beside the missing
	// token (it was dropped with the input's own findings).
	out, _, code = run(t, "", "roles", "--conf", "../neo4j/conf/testdata/okta-access-token.conf", "--id-token", goldenID,
		"--access-token", "Bearer Bearer", "--offline")
	if code != ExitFindings || !strings.Contains(out, "bearer-token-missing") {
		t.Errorf("exit %d; want 1 naming bearer-token-missing:\n%s", code, out)
	}
}

// TestRolesSaysAMissingRole: a group mapped to "Admin" (not the built-in
// admin: role names are case-sensitive) is not listed among the roles but
// on a line of its own, said not granted.
func TestRolesSaysAMissingRole(t *testing.T) {
	b, err := os.ReadFile("../neo4j/conf/testdata/okta-access-token.conf")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "neo4j.conf")
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), `"Neo4j Admins"   = admin`, `engineers = Admin`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, _ := run(t, "", "roles", "--conf", file, "--id-token", goldenID, "--access-token", goldenAccess, "--offline")
	for _, want := range []string{"  roles     PUBLIC\n", "  not granted Admin (a group grants them, but likely no such role exists)\n", "roles [PUBLIC]", "mapping-role-case"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
