package profiles

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/pkce"
)

const sampleConf = "../assets/samples/demo-neo4j.conf"

func readModel(t *testing.T, path string) *conf.Model {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := conf.ParseConf(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return conf.Analyze(c, conf.Latest, conf.LintOptions{})
}

func TestFromConf(t *testing.T) {
	list := FromConf(sampleConf, readModel(t, sampleConf))
	if len(list) != 1 {
		t.Fatalf("%d profiles, want one per provider (demo)", len(list))
	}
	p := list[0]
	checks := [][3]string{
		{"name", p.Name, "SSO Lens demo (not for production) (demo-neo4j.conf)"},
		{"kind", p.Kind, KindNeo4jConf},
		{"issuer", p.Issuer, "http://" + demoidp.DemoAddr + "/.well-known/openid-configuration"},
		{"client id", p.ClientID, demoidp.BrowserClientID},
		{"scopes", strings.Join(p.Scopes, " "), "openid profile email"},
		{"expected audience", strings.Join(p.ExpectAudience, " "), demoidp.APIAudience},
		{"flow", p.Flow, pkce.FlowPKCE},
		{"provider", p.Neo4j.Provider, "demo"},
		{"conf path", p.Neo4j.ConfPath, sampleConf},
		{"version", p.Neo4j.Version, conf.Latest.String()},
		{"redirect URIs", strings.Join(p.RedirectURIs(), " "),
			"http://localhost:7474/browser/?idp_id=demo&auth_flow_step=redirect_uri http://localhost/browser/?idp_id=demo&auth_flow_step=redirect_uri"},
	}
	for _, c := range checks {
		if c[1] != c[2] {
			t.Errorf("%s %q, want %q", c[0], c[1], c[2])
		}
	}
	lc := p.LoopbackConfig()
	if lc.Path != "/browser/" || lc.Query != "idp_id=demo&auth_flow_step=redirect_uri" || lc.Host != pkce.HostLocalhost {
		t.Errorf("loopback %+v: want Neo4j Browser's path and query", lc)
	}
	if !strings.Contains(strings.Join(p.Notes, "\n"), "id_token") {
		t.Errorf("notes %q: want the token types", p.Notes)
	}

	// Saved and read back, it rebuilds the model from the file.
	s := NewStore(newMemPrefs(), &pkce.MemoryStore{})
	saved, err := s.Save(p)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(saved.ID)
	setup, err := got.LoadNeo4j(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if setup.Provider != "demo" || setup.Model.Provider("demo") == nil || setup.Server != nil {
		t.Errorf("setup %+v", setup)
	}
	cfg := setup.Config()
	bp, ok := cfg.Mode.(*ssoclient.Provider)
	if !ok || bp.Params["client_id"] != demoidp.BrowserClientID || bp.ID != "demo" {
		t.Errorf("Neo4j-mode config %+v", cfg.Mode)
	}
}

func TestLoadNeo4jErrors(t *testing.T) {
	dir := t.TempDir()
	confPath := filepath.Join(dir, "neo4j.conf")
	os.WriteFile(confPath, []byte("dbms.security.oidc.other.display_name=Other\n"), 0o600)
	cases := []struct {
		name string
		p    Profile
		want string
	}{
		{"not imported", customProfile("x"), "not imported from Neo4j"},
		{"file gone", Profile{Name: "x", Neo4j: &Neo4jSource{ConfPath: filepath.Join(dir, "gone.conf"), Provider: "demo"}}, "import the configuration again"},
		{"provider gone", Profile{Name: "x", Neo4j: &Neo4jSource{ConfPath: confPath, Provider: "demo"}}, `no longer defines provider "demo"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.p.LoadNeo4j(t.Context(), nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := customProfile("x").LoadNeo4j(t.Context(), nil); !errors.Is(err, ErrNotNeo4j) {
		t.Errorf("err %v, want ErrNotNeo4j", err)
	}
}

// discoveryBody is what a 2026.03 server publishes: one provider the
// Browser accepts (with a token_params secret, which a profile must not
// keep) and one it drops.
const discoveryBody = `{
  "bolt_routing": "neo4j://localhost:7687",
  "neo4j_version": "2026.03.0",
  "neo4j_edition": "enterprise",
  "auth_config": {"oidc_providers": [{
    "id": "okta", "name": "Okta", "auth_flow": "pkce",
    "auth_endpoint": "https://dev.okta.com/oauth2/default/v1/authorize",
    "token_endpoint": "https://dev.okta.com/oauth2/default/v1/token",
    "well_known_discovery_uri": "https://dev.okta.com/oauth2/default/.well-known/openid-configuration",
    "params": {"client_id": "0oa1", "response_type": "code", "scope": "openid profile email groups"},
    "token_params": {"client_secret": "s3cret-from-token-params"},
    "config": {"token_type_principal": "id_token", "token_type_authentication": "access_token", "implicit_flow_requires_nonce": "false"},
    "visible": true
  }, {
    "id": "broken", "name": "Broken", "auth_flow": "pkce",
    "auth_endpoint": "https://idp.example.com/authorize",
    "params": {"client_id": "x", "response_type": "code"}
  }]}
}`

func TestFromServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(discoveryBody))
	}))
	defer srv.Close()
	sd, err := server.ParseServerDiscovery([]byte(discoveryBody), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	list := FromServer(srv.URL, sd)
	if len(list) != 1 {
		t.Fatalf("%d profiles, want the one provider the Browser accepts", len(list))
	}
	p := list[0]
	host := strings.TrimPrefix(srv.URL, "http://")
	checks := [][3]string{
		{"name", p.Name, "Okta (" + host + ")"},
		{"kind", p.Kind, KindNeo4jServer},
		{"issuer", p.Issuer, "https://dev.okta.com/oauth2/default/.well-known/openid-configuration"},
		{"client id", p.ClientID, "0oa1"},
		{"scopes", strings.Join(p.Scopes, " "), "openid profile email groups"},
		{"server", p.Neo4j.ServerURL, srv.URL},
		{"provider", p.Neo4j.Provider, "okta"},
		{"version", p.Neo4j.Version, "2026.03.0"},
		// The server is on loopback: its own origin first, when free.
		{"redirect host", p.RedirectHost, "127.0.0.1"},
		{"first redirect URI", p.RedirectURIs()[0], srv.URL + "/browser/?idp_id=okta&auth_flow_step=redirect_uri"},
	}
	for _, c := range checks {
		if c[1] != c[2] {
			t.Errorf("%s %q, want %q", c[0], c[1], c[2])
		}
	}
	b, _ := json.Marshal(p)
	if strings.Contains(string(b), "s3cret-from-token-params") {
		t.Error("a published token_params secret got into the profile")
	}

	s := NewStore(newMemPrefs(), &pkce.MemoryStore{})
	saved, err := s.Save(p)
	if err != nil {
		t.Fatal(err)
	}
	setup, err := saved.LoadNeo4j(t.Context(), srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	if setup.Server == nil || !setup.Model.FromServer || setup.Provider != "okta" {
		t.Fatalf("setup %+v", setup)
	}
	// Published config keeps its JSON types: a string "false" is truthy, as in the Browser.
	if np := setup.Neo4jProvider(); !np.RequiresNonce() || np.TokenEndpoint != "https://dev.okta.com/oauth2/default/v1/token" {
		t.Errorf("Neo4j provider %+v", np)
	}

	dropped := Profile{Name: "b", Kind: KindNeo4jServer, Neo4j: &Neo4jSource{ServerURL: srv.URL, Provider: "broken"}}
	if _, err := dropped.LoadNeo4j(t.Context(), srv.Client()); err == nil || !strings.Contains(err.Error(), "drops it") {
		t.Errorf("a dropped provider: %v", err)
	}
}

func TestFromServerRemote(t *testing.T) {
	sd, err := server.ParseServerDiscovery([]byte(discoveryBody), "https://neo4j.example.com:7473")
	if err != nil {
		t.Fatal(err)
	}
	p := FromServer("https://neo4j.example.com:7473", sd)[0]
	if p.RedirectHost != pkce.HostLocalhost || len(p.Ports) != 0 || p.Name != "Okta (neo4j.example.com:7473)" {
		t.Errorf("remote server profile %+v: want localhost on any port", p)
	}
}
