package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ssolens/ssolens/neo4j/conf"
)

// specExample is the documented 2026.03 response (spec §5.1) with one
// provider in the 5.x shape.
const specExample = `{
  "bolt_routing": "neo4j://localhost:7687",
  "query": "http://localhost:7474/db/{databaseName}/query/v2",
  "transaction": "http://localhost:7474/db/{databaseName}/tx",
  "bolt_direct": "bolt://localhost:7687",
  "neo4j_version": "2026.03.0",
  "neo4j_edition": "enterprise",
  "auth_config": {"oidc_providers": [{
    "id": "okta", "name": "Okta", "auth_flow": "pkce",
    "auth_endpoint": "https://dev.okta.com/oauth2/default/v1/authorize",
    "token_endpoint": "https://dev.okta.com/oauth2/default/v1/token",
    "well_known_discovery_uri": "https://dev.okta.com/oauth2/default/.well-known/openid-configuration",
    "params": {"client_id": "0oa1", "response_type": "code", "scope": "openid profile email", "max_age": 3600},
    "token_params": {"client_secret": "s3cret"},
    "config": {"implicit_flow_requires_nonce": false, "token_type_principal": "id_token",
               "token_type_authentication": "access_token", "principal": "sub", "code_challenge_method": "S256"},
    "visible": true
  }]}
}`

// browser44 is neo4j-browser's discoveryMocks fakeDiscoveryResponse: the
// 4.4 format with redirect_uri at the top level.
const browser44 = `{"bolt_routing":"neo4j://localhost:7687","bolt_direct":"neo4j://localhost:7687","neo4j_version":"4.4.0","neo4j_edition":"enterprise",
 "auth_config":{"oidc_providers":[{"id":"okta-oidc","name":"Okta","auth_flow":"pkce",
  "auth_endpoint":"https://dev.okta.com/oauth2/default/v1/authorize",
  "well_known_discovery_uri":"https://dev.okta.com/oauth2/default/.well-known/openid-configuration",
  "redirect_uri":"http://localhost:8085?idp_id=okta-oidc",
  "params":{"client_id":"cxkvjcvkxlcjbvl","response_type":"code","scope":"openid profile email groups"}}]}}`

func TestParseServerDiscovery(t *testing.T) {
	d, err := ParseServerDiscovery([]byte(specExample), "http://localhost:7474/")
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != "2026.03.0" || d.Edition != "enterprise" || d.Neo4jVersion != (conf.Version{Major: 2026, Minor: 3}) {
		t.Fatalf("version %q %q %v", d.Version, d.Edition, d.Neo4jVersion)
	}
	if len(d.Providers) != 1 || len(d.Dropped) != 0 {
		t.Fatalf("providers %d dropped %v", len(d.Providers), d.Dropped)
	}
	p := d.Providers[0]
	if p.Name != "okta" || p.DisplayName != "Okta" || p.AuthFlow != "PKCE" || !p.Visible ||
		p.TokenEndpoint != "https://dev.okta.com/oauth2/default/v1/token" ||
		p.Params["scope"] != "openid profile email" || p.Params["max_age"] != "3600" ||
		p.Config["implicit_flow_requires_nonce"] != "false" || p.Config["token_type_principal"] != "id_token" ||
		p.TokenParams["client_secret"] != "s3cret" {
		t.Fatalf("provider %+v", p.Provider)
	}
	if p.Issuer != "" || p.Audience != nil || p.GroupToRoleMapping != nil || !slices.Contains(p.Unpublished, "audience") {
		t.Fatalf("server-side settings must stay unknown: %+v", p)
	}
	for _, code := range []string{"discovery-server-settings-unknown", "discovery-client-secret-published"} {
		if _, ok := findCode(d.Findings, code); !ok {
			t.Errorf("no %s in %v", code, codes(d.Findings))
		}
	}
	m := d.Model()
	if m.Version != (conf.Version{Major: 2026, Minor: 3}) || m.Provider("okta") == nil || !slices.Contains(m.AuthenticationProviders, "oidc-okta") {
		t.Fatalf("model %+v", m)
	}
}

func TestParseServerDiscoveryShapes(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		providers string // accepted ids
		dropped   string // dropped ids
		code      string
		message   string
	}{
		{"4.4 format, redirect_uri top-level", browser44, "okta-oidc", "", "discovery-redirect-uri-ignored", "http://localhost:8085?idp_id=okta-oidc"},
		{"5.x hidden provider", `{"neo4j_version":"5.26.0","neo4j_edition":"enterprise","auth_config":{"oidc_providers":[
			{"id":"a","name":"A","auth_flow":"pkce","auth_endpoint":"https://a/auth","params":{"client_id":"c","response_type":"code","scope":"openid"},"visible":false}]}}`,
			"a", "", "discovery-provider-hidden", "visible=false"},
		{"community without auth_config", `{"bolt_direct":"bolt://localhost:7687","bolt_routing":"neo4j://localhost:7687","neo4j_version":"5.26.0","neo4j_edition":"community"}`,
			"", "", "discovery-community-edition", "Enterprise"},
		{"enterprise without auth_config", `{"neo4j_version":"4.3.0","neo4j_edition":"enterprise"}`, "", "", "discovery-no-auth-config", "4.4"},
		{"no providers", `{"neo4j_version":"5.26.0","neo4j_edition":"enterprise","auth_config":{"oidc_providers":[]}}`, "", "", "discovery-no-providers", "empty"},
		{"missing params.scope", `{"neo4j_version":"5.26.0","auth_config":{"oidc_providers":[
			{"id":"noscope","name":"N","auth_flow":"pkce","auth_endpoint":"https://n/auth","params":{"client_id":"c","response_type":"code"}}]}}`,
			"", "noscope", "discovery-provider-dropped", `Dropping invalid discovered SSO provider with id: "noscope", missing params key(s) scope`},
		{"missing name and params", `{"neo4j_version":"5.26.0","auth_config":{"oidc_providers":[
			{"id":"bare","auth_flow":"pkce","auth_endpoint":"https://n/auth"}]}}`,
			"", "bare", "discovery-provider-dropped", `Dropping invalid discovered sso provider with id: "bare", missing key(s) name, params`},
		{"empty params deleted by transform", `{"auth_config":{"oidc_providers":[{"id":"e","name":"E","auth_flow":"pkce","auth_endpoint":"x","params":{}}]}}`,
			"", "e", "discovery-provider-dropped", "missing key(s) params"},
		{"legacy key", `{"sso_providers":[{"id":"l","name":"L","auth_flow":"implicit","auth_endpoint":"https://l/auth","params":{"client_id":"c","response_type":"token","scope":"openid"}}]}`,
			"l", "", "discovery-legacy-providers-key", "sso_providers"},
		{"legacy camel key", `{"ssoProviders":[{"id":"l","name":"L","auth_flow":"pkce","auth_endpoint":"a","params":{"client_id":"c","response_type":"code","scope":"s"}}]}`,
			"l", "", "discovery-legacy-providers-key", "ssoProviders"},
		{"auth_config wins over legacy", `{"auth_config":{"oidc_providers":[]},"sso_providers":[{"id":"l"}]}`, "", "", "discovery-no-providers", ""},
		{"string false nonce", `{"auth_config":{"oidc_providers":[{"id":"s","name":"S","auth_flow":"pkce","auth_endpoint":"a",
			"params":{"client_id":"c","response_type":"code","scope":"s"},"config":{"implicit_flow_requires_nonce":"false"}}]}}`,
			"s", "", "discovery-config-string-boolean", "so it sends a nonce"},
		{"upper-case auth flow", `{"auth_config":{"oidc_providers":[{"id":"u","name":"U","auth_flow":"PKCE","auth_endpoint":"a",
			"params":{"client_id":"c","response_type":"code","scope":"s"}}]}}`,
			"u", "", "discovery-auth-flow-unsupported", `Auth flow \"PKCE\" is not supported.`},
		{"providers not a list", `{"auth_config":{"oidc_providers":{"id":"x"}}}`, "", "", "discovery-providers-not-list", "not a list"},
		{"null element", `{"auth_config":{"oidc_providers":[null]}}`, "", "undefined", "discovery-provider-dropped", `id: "undefined", missing key(s) id, name, auth_flow, params, auth_endpoint`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseServerDiscovery([]byte(tt.body), "http://neo4j:7474/")
			if err != nil {
				t.Fatal(err)
			}
			var ids, dropped []string
			for _, p := range d.Providers {
				ids = append(ids, p.Name)
			}
			for _, dp := range d.Dropped {
				dropped = append(dropped, dp.ID)
			}
			if strings.Join(ids, ",") != tt.providers || strings.Join(dropped, ",") != tt.dropped {
				t.Fatalf("providers %v dropped %v; want %q %q", ids, dropped, tt.providers, tt.dropped)
			}
			f, ok := findCode(d.Findings, tt.code)
			if !ok {
				t.Fatalf("no %s in %v", tt.code, codes(d.Findings))
			}
			if !strings.Contains(f.Message, tt.message) {
				t.Errorf("message %q does not contain %q", f.Message, tt.message)
			}
		})
	}
}

func TestParseServerDiscovery44RedirectMovesIntoParams(t *testing.T) {
	d, err := ParseServerDiscovery([]byte(browser44), "x")
	if err != nil {
		t.Fatal(err)
	}
	p := d.Providers[0]
	if p.RedirectURI != "http://localhost:8085?idp_id=okta-oidc" || p.Params["redirect_uri"] != "" || p.AuthFlow != "PKCE" || d.Neo4jVersion != conf.V4_4 {
		t.Fatalf("%+v %+v", p, p.Params)
	}
	if _, ok := p.Published["redirect_uri"]; !ok {
		t.Fatal("Published must keep the provider as sent")
	}
}

func TestParseServerDiscoveryRejects(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       error
	}{
		{"html", "<!DOCTYPE html><html></html>", ErrDiscoveryHTML},
		{"not json", "hello", ErrNotNeo4j},
		{"json list", "[1]", ErrNotNeo4j},
		{"other json", `{"status":"ok"}`, ErrNotNeo4j},
		{"trailing text", `{"neo4j_version":"5.26.0"} x`, ErrNotNeo4j},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseServerDiscovery([]byte(tt.body), "http://h:7474/")
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), "http://h:7474/") {
				t.Fatalf("err = %v, want %v naming the source", err, tt.want)
			}
		})
	}
}

func TestFetchServerDiscovery(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "application/json" {
			http.Redirect(w, r, "/browser/", http.StatusSeeOther)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(specExample))
	})
	mux.HandleFunc("/html/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<html><body>Sign in</body></html>"))
	})
	mux.HandleFunc("/missing/", http.NotFound)
	mux.HandleFunc("/huge/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(strings.Repeat(" ", 64<<10))
		for i := 0; i < MaxDiscoveryBody/len(chunk)+2; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/slow/", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx := context.Background()
	d, err := FetchServerDiscovery(ctx, srv.Client(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Providers) != 1 || d.URL != srv.URL+"/" {
		t.Fatalf("discovery %+v", d)
	}
	hostOnly := strings.TrimPrefix(srv.URL, "http://")
	if _, err := FetchServerDiscovery(ctx, nil, hostOnly); err != nil {
		t.Fatalf("host:port without scheme: %v", err)
	}

	for _, tt := range []struct {
		name, path string
		want       error
		hint       string
	}{
		{"html", "/html/", ErrDiscoveryHTML, "not the /browser/ page"},
		{"404", "/missing/", ErrDiscoveryStatus, "404"},
		{"too large", "/huge/", ErrDiscoveryTooLarge, "more than"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FetchServerDiscovery(ctx, srv.Client(), srv.URL+tt.path)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), srv.URL+tt.path) || !strings.Contains(err.Error(), tt.hint) {
				t.Fatalf("err = %v, want %v with %q", err, tt.want, tt.hint)
			}
		})
	}

	t.Run("timeout", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		_, err := FetchServerDiscovery(ctx, srv.Client(), srv.URL+"/slow/")
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "no answer in time") {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("connection refused", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		_, err = FetchServerDiscovery(ctx, nil, "http://"+addr)
		if !errors.Is(err, syscall.ECONNREFUSED) || !strings.Contains(err.Error(), "is Neo4j running") || !strings.Contains(err.Error(), addr) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("bolt URL", func(t *testing.T) {
		_, err := FetchServerDiscovery(ctx, nil, "neo4j://db.example:7687")
		if err == nil || !strings.Contains(err.Error(), "http://db.example:7474") {
			t.Fatalf("err = %v", err)
		}
	})
}
