package profiles

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/pkce"
)

func TestPresetsNewProfile(t *testing.T) {
	cases := []struct {
		preset       string
		values       map[string]string
		issuer       string
		clientID     string
		scopes       string
		audience     string
		expect       string
		redirectURIs string
		secret       bool
	}{
		{
			preset: PresetOkta, values: map[string]string{"okta-domain": "https://dev-123456.okta.com/", "client-id": "0oa1"},
			issuer: "https://dev-123456.okta.com/oauth2/default", clientID: "0oa1", scopes: "openid profile email",
			expect:       "api://default",
			redirectURIs: "http://127.0.0.1:8000/callback http://127.0.0.1:18000/callback",
		},
		{
			preset: PresetEntraID, values: map[string]string{"tenant-id": "72f988bf-86f1-41af-91ab-2d7cd011db47", "client-id": "6731de76", "scope": "access_as_user"},
			issuer: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", clientID: "6731de76",
			scopes: "openid profile email api://6731de76/access_as_user", expect: "6731de76 api://6731de76",
			redirectURIs: "http://localhost/callback",
		},
		{
			preset: PresetGoogle, values: map[string]string{"client-id": "123-abc.apps.googleusercontent.com"},
			issuer: "https://accounts.google.com", clientID: "123-abc.apps.googleusercontent.com", scopes: "openid profile email",
			redirectURIs: "http://127.0.0.1/callback", secret: true,
		},
		{
			preset: PresetAuth0, values: map[string]string{"auth0-domain": "dev-abc.us.auth0.com", "client-id": "xyz", "api-identifier": "https://neo4j.example.com"},
			issuer: "https://dev-abc.us.auth0.com/", clientID: "xyz", scopes: "openid profile email", audience: "https://neo4j.example.com",
			redirectURIs: "http://localhost:8000/callback http://localhost:18000/callback",
		},
		{
			preset: PresetKeycloak, values: map[string]string{"keycloak-host": "sso.example.com:8443", "realm": "main", "client-id": "neo4j"},
			issuer: "https://sso.example.com:8443/realms/main", clientID: "neo4j", scopes: "openid profile email",
			redirectURIs: "http://127.0.0.1:8000/callback http://127.0.0.1:18000/callback",
		},
		{
			preset: PresetDemo, issuer: "http://" + demoidp.DemoAddr, clientID: demoidp.DesktopClientID,
			scopes: "openid profile email", expect: demoidp.APIAudience, redirectURIs: "http://127.0.0.1/callback",
		},
	}
	for _, tc := range cases {
		t.Run(tc.preset, func(t *testing.T) {
			ps, ok := PresetByName(tc.preset)
			if !ok {
				t.Fatalf("no preset %s", tc.preset)
			}
			p, err := ps.NewProfile(tc.values)
			if err != nil {
				t.Fatal(err)
			}
			checks := [][3]string{
				{"kind", p.Kind, tc.preset},
				{"issuer", p.Issuer, tc.issuer},
				{"client id", p.ClientID, tc.clientID},
				{"scopes", strings.Join(p.Scopes, " "), tc.scopes},
				{"audience", p.Audience, tc.audience},
				{"expected audience", strings.Join(p.ExpectAudience, " "), tc.expect},
				{"redirect URIs", strings.Join(p.RedirectURIs(), " "), tc.redirectURIs},
				{"flow", p.Flow, pkce.FlowPKCE},
			}
			for _, c := range checks {
				if c[1] != c[2] {
					t.Errorf("%s %q, want %q", c[0], c[1], c[2])
				}
			}
			if ps.NeedsSecret != tc.secret {
				t.Errorf("NeedsSecret %v", ps.NeedsSecret)
			}
			if len(p.Notes) == 0 || len(p.Neo4jConf) == 0 {
				t.Error("a preset must say what to register and which neo4j.conf lines it needs")
			}
			for _, s := range append(append([]string{p.Issuer, p.ClientID, p.Audience}, p.Notes...), p.Neo4jConf...) {
				if m := placeholderRE().FindString(s); m != "" {
					t.Errorf("placeholder %s left in %q", m, s)
				}
			}
			// The notes name the redirect URIs to register (the demo registers nothing).
			if tc.preset != PresetDemo {
				notes := strings.Join(p.Notes, "\n")
				for _, u := range p.RedirectURIs() {
					if !strings.Contains(notes, u) {
						t.Errorf("the notes do not name the redirect URI %s", u)
					}
				}
			}
			cfg := p.Config()
			if cfg.Issuer != tc.issuer || cfg.ClientID != tc.clientID || cfg.ClientSecret != "" {
				t.Errorf("pkce config %+v", cfg)
			}
			if _, err := NewStore(newMemPrefs(), &pkce.MemoryStore{}).Save(p); err != nil {
				t.Errorf("the filled preset does not save: %v", err)
			}
		})
	}
}

func TestPresetsRefuseUnfilledPlaceholders(t *testing.T) {
	cases := []struct {
		name   string
		preset string
		values map[string]string
		want   []string // in the error
	}{
		{"nothing given", PresetOkta, nil, []string{"<okta-domain>", "<client-id>", "fill it in", "dev-123456.okta.com"}},
		{"one missing", PresetKeycloak, map[string]string{"keycloak-host": "sso.example.com", "client-id": "neo4j"}, []string{"<realm>"}},
		{"blank", PresetGoogle, map[string]string{"client-id": "   "}, []string{"<client-id>", "fill it in"}},
		{"placeholder pasted back", PresetAuth0, map[string]string{"auth0-domain": "<auth0-domain>", "client-id": "x", "api-identifier": "y"}, []string{"still looks like a placeholder"}},
		{"unknown key", PresetGoogle, map[string]string{"client-id": "x", "clientid": "y"}, []string{"<clientid>", "no such placeholder", "<client-id>"}},
		{"spaces", PresetEntraID, map[string]string{"tenant-id": "t", "client-id": "c", "scope": "a b"}, []string{"<scope>", "spaces"}},
		{"a URL where a name goes", PresetKeycloak, map[string]string{"keycloak-host": "sso.example.com", "realm": "realms/main", "client-id": "c"}, []string{"<realm>", "just that part"}},
		{"Entra multi-tenant", PresetEntraID, map[string]string{"tenant-id": "common", "client-id": "c", "scope": "s"}, []string{"<tenant-id>", "tenant's ID"}},
		{"demo has none", PresetDemo, map[string]string{"org": "x"}, []string{"<org>", "(it has none)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps, _ := PresetByName(tc.preset)
			_, err := ps.NewProfile(tc.values)
			if !errors.Is(err, ErrPlaceholder) {
				t.Fatalf("err %v, want ErrPlaceholder", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestPresetsPlaceholdersDeclared checks that every <placeholder> of a
// preset's templates is declared, and every declared one is used.
func TestPresetsPlaceholdersDeclared(t *testing.T) {
	want := []string{PresetOkta, PresetEntraID, PresetGoogle, PresetAuth0, PresetKeycloak, PresetDemo}
	var got []string
	for _, ps := range Presets() {
		got = append(got, ps.Name)
		templates := append(append(append([]string{ps.Issuer, ps.ClientID, ps.Audience}, ps.Scopes...), ps.ExpectAudience...), append(ps.Notes, ps.Neo4jConf...)...)
		used := map[string]bool{}
		for _, s := range templates {
			for _, m := range placeholderRE().FindAllString(s, -1) {
				used[strings.Trim(m, "<>")] = true
			}
		}
		for _, ph := range ps.Placeholders {
			if !used[ph.Key] {
				t.Errorf("%s: placeholder <%s> is declared but unused", ps.Name, ph.Key)
			}
			if ph.Label == "" || ph.Example == "" {
				t.Errorf("%s: placeholder <%s> needs a label and an example", ps.Name, ph.Key)
			}
			delete(used, ph.Key)
		}
		for k := range used {
			t.Errorf("%s: <%s> is used but not declared", ps.Name, k)
		}
		if !strings.Contains(ps.Issuer, "<") && len(ps.Placeholders) > 0 && ps.Name != PresetGoogle {
			t.Errorf("%s: the issuer template marks no placeholder", ps.Name)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("presets %v, want %v", got, want)
	}
	// Presets returns copies: changing one does not change the next call's.
	ps := Presets()
	ps[0].Scopes[0] = "changed"
	if Presets()[0].Scopes[0] == "changed" {
		t.Error("Presets shares its slices between calls")
	}
}
