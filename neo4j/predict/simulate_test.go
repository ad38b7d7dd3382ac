package predict

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/abac"
	"github.com/ssolens/ssolens/neo4j/conf"
)

var simNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// idp is an identity provider on loopback: discovery at any path ending in
// /.well-known/openid-configuration (the issuer is the path before it) and
// one JWKS, with a key generated for the test.
type idp struct {
	srv *httptest.Server
	key *rsa.PrivateKey
}

func newIDP(t *testing.T) *idp {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &idp{key: key}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", simNow.Format(http.TimeFormat)) // the provider's clock agrees with the test's
		switch {
		case r.URL.Path == "/keys":
			enc := base64.RawURLEncoding
			fmt.Fprintf(w, `{"keys":[{"kty":"RSA","kid":"k1","alg":"RS256","use":"sig","n":%q,"e":%q}]}`,
				enc.EncodeToString(key.N.Bytes()), enc.EncodeToString(big.NewInt(int64(key.E)).Bytes()))
		case strings.HasSuffix(r.URL.Path, "/.well-known/openid-configuration"):
			iss := p.srv.URL + strings.TrimSuffix(r.URL.Path, "/.well-known/openid-configuration")
			fmt.Fprintf(w, `{"issuer":%q,"jwks_uri":%q}`, iss, p.srv.URL+"/keys")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// mint signs claims; iat and exp default to a fresh token.
func (p *idp) mint(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	if _, ok := claims["iat"]; !ok {
		claims["iat"] = simNow.Add(-time.Minute).Unix()
	}
	if _, ok := claims["exp"]; !ok {
		claims["exp"] = simNow.Add(time.Hour).Unix()
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = "k1"
	s, err := tok.SignedString(p.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// conf reads a sample conf with its provider URLs pointed at the loopback
// provider: every https://host of the file becomes the provider's URL.
func (p *idp) conf(t *testing.T, file string, replace ...string) *conf.Model {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for i := 0; i+1 < len(replace); i += 2 {
		text = strings.ReplaceAll(text, replace[i], replace[i+1])
	}
	return p.confText(t, text)
}

func (p *idp) confText(t *testing.T, text string) *conf.Model {
	t.Helper()
	c, err := conf.ParseConf(strings.NewReader(strings.ReplaceAll(text, "{{IDP}}", p.srv.URL)), "neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	return conf.Analyze(c, conf.Latest, conf.LintOptions{})
}

func simulate(t *testing.T, in LoginInput) *Prediction {
	t.Helper()
	in.Verify.Options = inspector.Options{Now: func() time.Time { return simNow }}
	in.Verify.Keys = inspector.NewKeyCache()
	return SimulateLogin(context.Background(), in)
}

func predictionCodes(p *Prediction) []string {
	var out []string
	for _, f := range p.Findings {
		out = append(out, f.Code)
	}
	return out
}

type want struct {
	outcome  string
	username string
	groups   []string
	roles    []string
	// onceFixed are the roles a login that does not happen would grant
	// once its failure is fixed.
	onceFixed []string
	unmapped  []string
	codes     []string // findings that must be present
	grant     string   // "group→role@line" that must be among the grants
}

func check(t *testing.T, p *Prediction, w want) {
	t.Helper()
	if p.Outcome != w.outcome {
		t.Errorf("outcome = %q, want %q; findings %v\nsteps %+v", p.Outcome, w.outcome, predictionCodes(p), p.Steps)
	}
	if w.username != "" && p.Username != w.username {
		t.Errorf("username = %q, want %q", p.Username, w.username)
	}
	if w.groups != nil && !slices.Equal(p.Groups, w.groups) {
		t.Errorf("groups = %q, want %q", p.Groups, w.groups)
	}
	if w.roles != nil && !slices.Equal(p.Roles, w.roles) {
		t.Errorf("roles = %q, want %q", p.Roles, w.roles)
	}
	if w.onceFixed != nil && !slices.Equal(p.RolesOnceFixed, w.onceFixed) {
		t.Errorf("roles once fixed = %q, want %q", p.RolesOnceFixed, w.onceFixed)
	}
	// Roles are granted by a login only: a prediction without one grants
	// none, and one with one has nothing left to fix.
	if p.Outcome != OutcomeLogIn && len(p.Roles) > 0 {
		t.Errorf("outcome %q grants roles %q", p.Outcome, p.Roles)
	}
	if p.Outcome == OutcomeLogIn && len(p.RolesOnceFixed) > 0 {
		t.Errorf("a login has roles once fixed %q", p.RolesOnceFixed)
	}
	if w.unmapped != nil && !slices.Equal(p.UnmappedGroups, w.unmapped) {
		t.Errorf("unmapped = %q, want %q", p.UnmappedGroups, w.unmapped)
	}
	for _, c := range w.codes {
		if !slices.Contains(predictionCodes(p), c) {
			t.Errorf("findings %v lack %q", predictionCodes(p), c)
		}
	}
	if w.grant != "" {
		var grants []string
		for _, g := range p.Grants {
			grants = append(grants, fmt.Sprintf("%s→%s@%d", g.Group, strings.Join(g.Roles, ","), g.Line))
		}
		if !slices.Contains(grants, w.grant) {
			t.Errorf("grants %v lack %q", grants, w.grant)
		}
	}
	if w.outcome == OutcomeLogIn {
		// With require_local_user and no local users given, the user is
		// the local user linked to the username, whose name is not known.
		linked := p.ShowCurrentUser != nil && p.ShowCurrentUser.User == "" && p.ShowCurrentUser.AuthID == p.Username
		if p.ShowCurrentUser == nil || (p.ShowCurrentUser.User != p.Username && !linked) || !slices.Equal(p.ShowCurrentUser.Roles, p.Roles) {
			t.Errorf("show_current_user = %+v", p.ShowCurrentUser)
		}
	} else if p.ShowCurrentUser != nil {
		t.Errorf("show_current_user set for outcome %q", p.Outcome)
	}
}

// TestDocumentedSetups: the example setups of Neo4j's SSO tutorial, each
// with tokens minted for it.
func TestDocumentedSetups(t *testing.T) {
	p := newIDP(t)
	const tenant = "9d3c2b1a-0f1e-4d2c-8b7a-6a5b4c3d2e1f"
	const entraClient = "4f1e2d3c-b5a6-4798-8a9b-0c1d2e3f4a5b"

	t.Run("Okta access tokens with a groups claim", func(t *testing.T) {
		m := p.conf(t, "../conf/testdata/okta-access-token.conf", "https://dev-123456.okta.com", p.srv.URL)
		iss := p.srv.URL + "/oauth2/default"
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{
			IDToken:     p.mint(t, jwt.MapClaims{"iss": iss, "sub": "alice@example.com", "aud": "0oa1b2c3d4e5F6g7H8i9", "email": "alice@example.com"}),
			AccessToken: p.mint(t, jwt.MapClaims{"iss": iss, "sub": "alice@example.com", "aud": "api://default", "cid": "0oa1b2c3d4e5F6g7H8i9", "scp": []string{"openid"}, "groups": []string{"Neo4j Editors", "Everyone"}}),
		}, NativeRoles: map[string][]string{}})
		check(t, pred, want{outcome: OutcomeLogIn, username: "alice@example.com",
			groups: []string{"Neo4j Editors", "Everyone"}, roles: []string{"PUBLIC", "editor", "publisher"},
			unmapped: []string{"Everyone"}, grant: "Neo4j Editors→editor,publisher@16", codes: []string{"neo4j-group-unmapped"}})
	})

	t.Run("Entra ID with group GUIDs", func(t *testing.T) {
		m := p.conf(t, "../conf/testdata/entra-groups.conf", "https://login.microsoftonline.com", p.srv.URL)
		iss := p.srv.URL + "/" + tenant + "/v2.0"
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{
			IDToken:     p.mint(t, jwt.MapClaims{"iss": iss, "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "aud": entraClient, "tid": tenant, "ver": "2.0"}),
			AccessToken: p.mint(t, jwt.MapClaims{"iss": iss, "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "aud": entraClient, "tid": tenant, "ver": "2.0", "scp": "access-token", "groups": []string{"e8b6ddfa-688d-4ace-987d-6cc5516af188", "11111111-2222-3333-4444-555555555555"}}),
		}})
		check(t, pred, want{outcome: OutcomeLogIn, username: "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
			roles: []string{"PUBLIC", "admin"}, unmapped: []string{"11111111-2222-3333-4444-555555555555"}})
	})

	t.Run("Entra ID App Roles as groups", func(t *testing.T) {
		m := p.confText(t, `dbms.security.authentication_providers=oidc-azure
dbms.security.authorization_providers=oidc-azure
dbms.security.oidc.azure.display_name=Entra
dbms.security.oidc.azure.well_known_discovery_uri={{IDP}}/`+tenant+`/v2.0/.well-known/openid-configuration
dbms.security.oidc.azure.audience=`+entraClient+`
dbms.security.oidc.azure.params=client_id=`+entraClient+`;response_type=code;scope=openid profile email api://`+entraClient+`/access-token
dbms.security.oidc.azure.config=token_type_principal=id_token;token_type_authentication=access_token
dbms.security.oidc.azure.claims.username=sub
dbms.security.oidc.azure.claims.groups=roles
dbms.security.oidc.azure.authorization.group_to_role_mapping=Neo4j.Admin=admin;Neo4j.Reader=reader
`)
		iss := p.srv.URL + "/" + tenant + "/v2.0"
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{
			IDToken:     p.mint(t, jwt.MapClaims{"iss": iss, "sub": "s-1", "aud": entraClient}),
			AccessToken: p.mint(t, jwt.MapClaims{"iss": iss, "sub": "s-1", "aud": entraClient, "roles": []string{"Neo4j.Reader"}}),
		}})
		check(t, pred, want{outcome: OutcomeLogIn, username: "s-1", groups: []string{"Neo4j.Reader"}, roles: []string{"PUBLIC", "reader"}, grant: "Neo4j.Reader→reader@10"})
	})

	t.Run("Google with native authorization and ID tokens", func(t *testing.T) {
		m := p.conf(t, "../conf/testdata/google-id-token.conf", "https://accounts.google.com", p.srv.URL)
		id := p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "110169484474386276334", "aud": "123456789012-abcdefghijklmnop.apps.googleusercontent.com", "email": "alice@gmail.com", "email_verified": true})
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{IDToken: id, AccessToken: "ya29.a0AfB_byC-opaque-google-access-token"},
			NativeRoles: map[string][]string{"alice@gmail.com": {"reader"}}})
		check(t, pred, want{outcome: OutcomeLogIn, username: "alice@gmail.com", roles: []string{"PUBLIC", "reader"}, codes: []string{"neo4j-provider-not-authorization"}})

		// Without the config line the Browser decodes the opaque access token.
		m = p.conf(t, "../conf/testdata/google-id-token.conf", "https://accounts.google.com", p.srv.URL,
			"dbms.security.oidc.google.config=token_type_principal=id_token;token_type_authentication=id_token", "")
		pred = simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{IDToken: id, AccessToken: "ya29.a0AfB_byC-opaque-google-access-token"}})
		check(t, pred, want{outcome: OutcomeClientError, codes: []string{"neo4j-principal-not-jwt"}})
		f := pred.Findings[slices.IndexFunc(pred.Findings, func(f inspector.Finding) bool { return f.Code == "neo4j-principal-not-jwt" })]
		if !strings.Contains(f.Message, `Failed to get credentials: Could not parse JWT of type "access_token" for idp_id "google", aborting`) {
			t.Errorf("message %q lacks Neo4j's own words", f.Message)
		}
		if !strings.Contains(f.Fix, "token_type_principal=id_token;token_type_authentication=id_token") {
			t.Errorf("fix %q", f.Fix)
		}
	})

	t.Run("Okta machine-to-machine with claims.groups=scp", func(t *testing.T) {
		m := p.confText(t, `dbms.security.authentication_providers=oidc-m2m,native
dbms.security.authorization_providers=oidc-m2m,native
dbms.security.oidc.m2m.display_name=Query API clients
dbms.security.oidc.m2m.visible=false
dbms.security.oidc.m2m.well_known_discovery_uri={{IDP}}/oauth2/aus-m2m/.well-known/openid-configuration
dbms.security.oidc.m2m.audience=api://neo4j-m2m
dbms.security.oidc.m2m.claims.username=sub
dbms.security.oidc.m2m.claims.groups=scp
dbms.security.oidc.m2m.params=client_id=0oa-m2m;response_type=code;scope=neo4j.admin
dbms.security.oidc.m2m.authorization.group_to_role_mapping=neo4j.admin=admin;neo4j.read=reader
`)
		iss := p.srv.URL + "/oauth2/aus-m2m"
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{
			AccessToken: p.mint(t, jwt.MapClaims{"iss": iss, "sub": "0oa-m2m", "aud": "api://neo4j-m2m", "cid": "0oa-m2m", "scp": []string{"neo4j.admin"}}),
		}, NativeRoles: map[string][]string{}})
		check(t, pred, want{outcome: OutcomeLogIn, username: "0oa-m2m", groups: []string{"neo4j.admin"}, roles: []string{"PUBLIC", "admin"}, grant: "neo4j.admin→admin@10"})
	})

	t.Run("Keycloak with a flattened roles claim", func(t *testing.T) {
		m := p.confText(t, `dbms.security.authentication_providers=oidc-keycloak,native
dbms.security.authorization_providers=oidc-keycloak,native
dbms.security.oidc.keycloak.display_name=Keycloak
dbms.security.oidc.keycloak.well_known_discovery_uri={{IDP}}/realms/neo4j/.well-known/openid-configuration
dbms.security.oidc.keycloak.audience=neo4j-sso
dbms.security.oidc.keycloak.claims.username=sub
dbms.security.oidc.keycloak.claims.groups=roles
dbms.security.oidc.keycloak.params=client_id=neo4j-sso;response_type=code;scope=openid roles
dbms.security.oidc.keycloak.config=token_type_principal=id_token;token_type_authentication=id_token
dbms.security.oidc.keycloak.authorization.group_to_role_mapping=neo4j-admin=admin;"/neo4j-readers"=reader
`)
		iss := p.srv.URL + "/realms/neo4j"
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{
			IDToken:     p.mint(t, jwt.MapClaims{"iss": iss, "sub": "f:1234", "aud": "neo4j-sso", "azp": "neo4j-sso", "typ": "ID", "roles": []string{"neo4j-admin", "/neo4j-readers", "offline_access"}}),
			AccessToken: p.mint(t, jwt.MapClaims{"iss": iss, "sub": "f:1234", "aud": "account", "typ": "Bearer", "realm_access": map[string]any{"roles": []string{"neo4j-admin"}}}),
		}, NativeRoles: map[string][]string{}})
		check(t, pred, want{outcome: OutcomeLogIn, username: "f:1234", roles: []string{"PUBLIC", "admin", "reader"}, unmapped: []string{"offline_access"}})
	})
}

// TestRejections: each way Neo4j refuses a token names the check and the
// conf line to change.
func TestRejections(t *testing.T) {
	p := newIDP(t)
	demo := func(t *testing.T) *conf.Model {
		return p.conf(t, "../../assets/samples/demo-neo4j.conf", "http://127.0.0.1:9876", p.srv.URL)
	}
	id := func(extra jwt.MapClaims) string {
		c := jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-browser", "nonce": "n"}
		for k, v := range extra {
			c[k] = v
		}
		return p.mint(t, c)
	}
	access := func(extra jwt.MapClaims) string {
		c := jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo", "scp": []string{"openid"}, "groups": []string{"engineers"}}
		for k, v := range extra {
			c[k] = v
			if v == nil {
				delete(c, k) // nil removes the claim
			}
		}
		return p.mint(t, c)
	}
	tests := []struct {
		name   string
		tokens inspector.TokenSet
		want   want
		fixHas string
	}{
		{"works", inspector.TokenSet{IDToken: id(nil), AccessToken: access(nil)}, want{outcome: OutcomeLogIn, username: "alice", roles: []string{"PUBLIC", "admin"}, grant: "engineers→admin@22"}, ""},
		{"wrong audience", inspector.TokenSet{IDToken: id(nil), AccessToken: access(jwt.MapClaims{"aud": "account"})}, want{outcome: OutcomeRejected, codes: []string{"neo4j-login-rejected", "aud-mismatch"}}, "audience (line 17)"},
		{"issuer with a trailing slash", inspector.TokenSet{IDToken: id(nil), AccessToken: access(jwt.MapClaims{"iss": p.srv.URL + "/"})}, want{outcome: OutcomeRejected, codes: []string{"neo4j-login-rejected", "iss-trailing-slash"}}, ""},
		{"expired", inspector.TokenSet{IDToken: id(nil), AccessToken: access(jwt.MapClaims{"iat": simNow.Add(-2 * time.Hour).Unix(), "exp": simNow.Add(-time.Hour).Unix()})}, want{outcome: OutcomeRejected, codes: []string{"neo4j-login-rejected", "token-expired"}}, ""},
		// Expired by less than the clock allowance (60 s by default): Neo4j's
		// own allowance is not documented, so this is not a rejection.
		{"expired within the skew", inspector.TokenSet{IDToken: id(nil), AccessToken: access(jwt.MapClaims{"iat": simNow.Add(-time.Hour).Unix(), "exp": simNow.Add(-30 * time.Second).Unix()})}, want{outcome: OutcomeLogIn, codes: []string{"token-expired"}}, ""},
		{"opaque access token", inspector.TokenSet{IDToken: id(nil), AccessToken: "SlAV32hkKG-opaque-0123456789"}, want{outcome: OutcomeRejected, codes: []string{"neo4j-token-not-jws"}}, "token_type_authentication=id_token"},
		// Validating the ID token also needs the audience of the ID token.
		{"opaque access token: the fix names the audience", inspector.TokenSet{IDToken: id(nil), AccessToken: "SlAV32hkKG-opaque-0123456789"}, want{outcome: OutcomeRejected, codes: []string{"neo4j-token-not-jws"}}, "audience=neo4j-browser (line 17)"},
		// A Browser sign-in's tokens (a set without an ID token is else a
		// driver's bearer token: TestTokenSetWithoutIDTokenIsABearerLogin).
		{"no ID token for the principal", inspector.TokenSet{AccessToken: access(nil)}, want{outcome: OutcomeClientError, codes: []string{"neo4j-principal-not-jwt"}}, "openid"},
		{"groups only in the ID token", inspector.TokenSet{IDToken: id(jwt.MapClaims{"groups": []string{"engineers"}}), AccessToken: access(jwt.MapClaims{"groups": nil})}, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC"}, codes: []string{"neo4j-groups-in-other-token", "neo4j-only-public"}}, ""},
		{"group overage", inspector.TokenSet{IDToken: id(nil), AccessToken: access(jwt.MapClaims{"groups": nil, "_claim_names": map[string]string{"groups": "src1"}})}, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC"}, codes: []string{"neo4j-groups-overage"}}, ""},
		{"Keycloak nested roles", inspector.TokenSet{IDToken: id(nil), AccessToken: access(jwt.MapClaims{"groups": nil, "realm_access": map[string]any{"roles": []string{"engineers"}}})}, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC"}, codes: []string{"neo4j-groups-nested"}}, ""},
		{"group differing in case", inspector.TokenSet{IDToken: id(nil), AccessToken: access(jwt.MapClaims{"groups": []string{"Engineers"}})}, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC"}, unmapped: []string{"Engineers"}, codes: []string{"neo4j-group-near-miss"}}, ""},
		{"username not a string", inspector.TokenSet{IDToken: id(nil), AccessToken: access(jwt.MapClaims{"sub": 42})}, want{outcome: OutcomeRejected, codes: []string{"neo4j-username-not-string"}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pred := simulate(t, LoginInput{Model: demo(t), Tokens: tc.tokens, NativeRoles: map[string][]string{}, BrowserSignIn: true})
			check(t, pred, tc.want)
			if tc.fixHas != "" {
				found := false
				for _, f := range pred.Findings {
					found = found || (f.Severity == inspector.SeverityError && strings.Contains(f.Fix, tc.fixHas))
				}
				if !found {
					t.Errorf("no error finding's fix mentions %q: %+v", tc.fixHas, pred.Findings)
				}
			}
		})
	}
}

func TestOfflinePredictionSaysTheSignatureWasNotChecked(t *testing.T) {
	p := newIDP(t)
	m := p.conf(t, "../../assets/samples/demo-neo4j.conf", "http://127.0.0.1:9876", p.srv.URL)
	pred := SimulateLogin(context.Background(), LoginInput{Model: m, Tokens: inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "bob", "aud": "neo4j-browser"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "bob", "aud": "neo4j-demo", "groups": []string{"collaborators"}}),
	}, Verify: inspector.VerifyConfig{Offline: true, Options: inspector.Options{Now: func() time.Time { return simNow }}}})
	check(t, pred, want{outcome: OutcomeLogIn, username: "bob", roles: []string{"PUBLIC", "reader"}, codes: []string{"neo4j-signature-unchecked"}})
	for _, st := range pred.Steps {
		if st.Name == "signature" && st.Status != StepNotChecked {
			t.Errorf("signature step = %+v, want not-checked", st)
		}
	}
}

func TestRequireLocalUser(t *testing.T) {
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	m := p.confText(t, strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}")+"\ndbms.security.require_local_user=true\n")
	tokens := inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-browser"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo", "groups": []string{"engineers"}}),
	}
	check(t, simulate(t, LoginInput{Model: m, Tokens: tokens}), want{outcome: OutcomeLogIn, codes: []string{"neo4j-local-user-unchecked"}})
	check(t, simulate(t, LoginInput{Model: m, Tokens: tokens, LocalUsers: map[string]string{"alice": "jake"}, NativeRoles: map[string][]string{}}),
		want{outcome: OutcomeLogIn, username: "jake"})
	check(t, simulate(t, LoginInput{Model: m, Tokens: tokens, LocalUsers: map[string]string{}}), want{outcome: OutcomeRejected, codes: []string{"neo4j-local-user-missing"}})
	// native authorizes too (the sample's authorization_providers): the
	// native roles are the linked local user's, not those of a native user
	// named as the claim.
	check(t, simulate(t, LoginInput{Model: m, Tokens: tokens, LocalUsers: map[string]string{"alice": "jake"},
		NativeRoles: map[string][]string{"jake": {"architect"}, "alice": {"reader"}}}),
		want{outcome: OutcomeLogIn, username: "jake", roles: []string{"PUBLIC", "admin", "architect"}})
}

func TestProviderChoice(t *testing.T) {
	p := newIDP(t)
	m := p.conf(t, "../../assets/samples/demo-neo4j.conf", "http://127.0.0.1:9876", p.srv.URL)
	pred := simulate(t, LoginInput{Model: m, Provider: "okta"})
	if pred.Outcome != OutcomeNoPrediction || !slices.Contains(predictionCodes(pred), "neo4j-provider-not-found") {
		t.Errorf("unknown provider: %+v", pred)
	}
}

// TestAuthRulesAddRoles: ABAC auth rules (2026.03+) add the roles of the
// rules whose condition holds, named by rule; a condition SSO Lens cannot
// evaluate is said so.
func TestAuthRulesAddRoles(t *testing.T) {
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	confText := strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}") + "\ndbms.security.abac.authorization_providers=oidc-demo\n"
	m := p.confText(t, confText)
	rules, fs, err := abac.ParseAuthRules(strings.NewReader(`
CREATE AUTH RULE eng SET CONDITION 'engineers' IN abac.oidc.user_attribute('groups');
CREATE AUTH RULE dept SET CONDITION abac.oidc.user_attribute('department') = 'Sales';
CREATE AUTH RULE hours SET CONDITION datetime.transaction().hour >= 8;
GRANT ROLE architect TO AUTH RULE eng;
GRANT ROLE publisher TO AUTH RULE dept;
GRANT ROLE editor TO AUTH RULE hours;
`), "rules.cypher")
	if err != nil {
		t.Fatal(err, fs)
	}
	tokens := inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-browser"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo", "groups": []string{"engineers"}, "department": "Engineering"}),
	}
	pred := simulate(t, LoginInput{Model: m, Tokens: tokens, Rules: rules, NativeRoles: map[string][]string{}})
	check(t, pred, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC", "admin", "architect"}, grant: "→architect@2"})
	// The file's finding says hours is not evaluated; the prediction does
	// not say it again, and its step names the role left unknown.
	if _, ok := findingByCode(pred, "abac-condition-not-evaluable"); ok {
		t.Errorf("not-evaluable said again by the prediction: %v", predictionCodes(pred))
	}
	if st, _ := stepNamed(pred, "auth-rules"); st.Status != StepNotChecked || !strings.Contains(st.Detail, "not evaluated: hours (editor)") || !strings.Contains(st.Detail, "1 rule(s) hold: eng") {
		t.Errorf("step %+v", st)
	}
	for _, g := range pred.Grants {
		if slices.Contains(g.Roles, "architect") && g.Via != "abac:eng" {
			t.Errorf("architect granted via %q, want abac:eng", g.Via)
		}
	}

	// Before 2026.03 the rules do not apply at all, and the ABAC setting is
	// one Neo4j does not know: it does not start (strict validation). The
	// roles say what the login gives once that is fixed.
	c, _ := conf.ParseConf(strings.NewReader(strings.ReplaceAll(confText, "{{IDP}}", p.srv.URL)), "neo4j.conf")
	old := conf.Analyze(c, conf.Version{Major: 2025, Minor: 12}, conf.LintOptions{})
	pred = simulate(t, LoginInput{Model: old, Tokens: tokens, Rules: rules, NativeRoles: map[string][]string{}})
	check(t, pred, want{outcome: OutcomeNotStarted, onceFixed: []string{"PUBLIC", "admin"}, codes: []string{"abac-not-applicable", "neo4j-conf-stops-start"}})
}

// TestConfThatStopsNeo4jIsNoLogin: a configuration lint says Neo4j does
// not start with (a setting declared twice, a boolean that is not one) is
// no login, whatever the tokens; the steps still say what happens once it
// is fixed, and no SHOW CURRENT USER is claimed. auth_enabled=false is no
// login either: Neo4j never reads the token.
func TestConfThatStopsNeo4jIsNoLogin(t *testing.T) {
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	base := strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}")
	tokens := inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-browser"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo", "groups": []string{"engineers"}}),
	}
	ok := simulate(t, LoginInput{Model: p.confText(t, base), Tokens: tokens})
	check(t, ok, want{outcome: OutcomeLogIn, username: "alice"})

	for name, extra := range map[string]string{
		"declared twice":  "dbms.security.oidc.demo.audience=neo4j-demo\n",
		"invalid boolean": "dbms.security.oidc.demo.get_groups_from_user_info=maybe\n",
	} {
		pred := simulate(t, LoginInput{Model: p.confText(t, base+"\n"+extra), Tokens: tokens})
		check(t, pred, want{outcome: OutcomeNotStarted, username: "alice", onceFixed: ok.Roles, codes: []string{"neo4j-conf-stops-start"}})
		if pred.ShowCurrentUser != nil || pred.Steps[0].Name != "configuration" || pred.Steps[0].Status != StepFailed {
			t.Errorf("%s: SHOW CURRENT USER %+v, first step %+v; want none, and a failed configuration", name, pred.ShowCurrentUser, pred.Steps[0])
		}
		if h := pred.Headline(); !strings.HasPrefix(h, "Neo4j would NOT START") {
			t.Errorf("%s: headline %q", name, h)
		}
	}

	off := simulate(t, LoginInput{Model: p.confText(t, base+"\ndbms.security.auth_enabled=false\n"), Tokens: tokens})
	check(t, off, want{outcome: OutcomeAuthDisabled, codes: []string{"neo4j-auth-disabled-no-login"}})
	if off.ShowCurrentUser != nil {
		t.Errorf("auth disabled: SHOW CURRENT USER %+v, want none", off.ShowCurrentUser)
	}
}

// TestGroupsOfAnotherTypeGrantNothing: a groups claim that is not a list
// of strings (or a single string before 5.4) likely gives no groups, and
// the login goes on with PUBLIC (spec §4.2 step 8): not a rejection.
func TestGroupsOfAnotherTypeGrantNothing(t *testing.T) {
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	confText := strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}")
	idTok := p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-browser"})
	access := func(groups any) string {
		return p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo", "groups": groups})
	}
	pred := simulate(t, LoginInput{Model: p.confText(t, confText), Tokens: inspector.TokenSet{IDToken: idTok, AccessToken: access([]any{"engineers", 3, map[string]any{"a": 1}})}})
	check(t, pred, want{outcome: OutcomeLogIn, username: "alice", groups: []string{}, roles: []string{"PUBLIC"}, codes: []string{"neo4j-groups-bad-type"}})

	c, err := conf.ParseConf(strings.NewReader(strings.ReplaceAll(confText, "{{IDP}}", p.srv.URL)), "neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	m44 := conf.Analyze(c, conf.Version{Major: 4, Minor: 4}, conf.LintOptions{})
	pred = simulate(t, LoginInput{Model: m44, Tokens: inspector.TokenSet{IDToken: idTok, AccessToken: access("engineers")}})
	check(t, pred, want{outcome: OutcomeLogIn, username: "alice", groups: []string{}, roles: []string{"PUBLIC"}, codes: []string{"neo4j-groups-bad-type"}})
}

// TestIssuerSettingOverridesDiscovery: an issuer setting that differs from
// the discovery document's is the issuer tokens must carry (settings win
// over discovery, spec §2.1), and the document's keys still verify them:
// a login, with a warning. A token carrying the discovered issuer is then
// rejected on iss, and the fix points at the issuer line.
func TestIssuerSettingOverridesDiscovery(t *testing.T) {
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	confText := strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}") + "\ndbms.security.oidc.demo.issuer=https://sts.example.com/tenant/\n"
	m := p.confText(t, confText)
	id := p.mint(t, jwt.MapClaims{"iss": "https://sts.example.com/tenant/", "sub": "alice", "aud": "neo4j-browser"})
	pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{IDToken: id,
		AccessToken: p.mint(t, jwt.MapClaims{"iss": "https://sts.example.com/tenant/", "sub": "alice", "aud": "neo4j-demo", "groups": []string{"engineers"}})}})
	check(t, pred, want{outcome: OutcomeLogIn, username: "alice", codes: []string{"discovery-issuer-overridden"}})
	if pred.Token == nil || pred.Token.Signature == nil || !pred.Token.Signature.Verified {
		t.Errorf("signature not verified with the discovery document's keys: %+v", pred.Token.Signature)
	}

	pred = simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{IDToken: id,
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo"})}})
	check(t, pred, want{outcome: OutcomeRejected, codes: []string{"iss-mismatch"}})
	line := strings.Count(confText[:strings.Index(confText, "oidc.demo.issuer=")], "\n") + 1
	found := false
	for _, f := range pred.Findings {
		found = found || (f.Code == "neo4j-login-rejected" && strings.Contains(f.Fix, fmt.Sprintf("issuer (line %d)", line)))
	}
	if !found {
		t.Errorf("no fix points at the issuer line %d: %+v", line, pred.Findings)
	}
}

// TestHeadlineSaysLikely: a rejection that rests on inference (the claim
// claims.username names is not a string, spec §4.2 step 7 [INF]) says "likely" in the
// one line every face shows; a documented one (aud) does not.
func TestHeadlineSaysLikely(t *testing.T) {
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	confText := strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}")
	m := p.confText(t, confText)
	id := p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-browser"})
	byEmail := p.confText(t, strings.Replace(confText, "claims.username=sub", "claims.username=email", 1))
	inferred := simulate(t, LoginInput{Model: byEmail, Tokens: inspector.TokenSet{IDToken: id, AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "email": 42, "aud": "neo4j-demo"})}})
	if h := inferred.Headline(); !strings.HasPrefix(h, "REJECTED by Neo4j (likely): ") {
		t.Errorf("inferred rejection: %q", h)
	}
	if got := inferred.Summary(); got != "Neo4j would likely reject the login" {
		t.Errorf("inferred rejection's summary: %q", got)
	}
	// Expired within the clock allowance: a login, and no error either.
	late := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{IDToken: id, AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo",
		"iat": simNow.Add(-time.Hour).Unix(), "exp": simNow.Add(-30 * time.Second).Unix()})}})
	if late.Outcome != OutcomeLogIn || inspector.HasError(late.Findings) {
		t.Errorf("expired 30 s ago: outcome %s, findings %v", late.Outcome, predictionCodes(late))
	}
	documented := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{IDToken: id, AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "account"})}})
	if h := documented.Headline(); !strings.HasPrefix(h, "REJECTED by Neo4j: aud") {
		t.Errorf("documented rejection: %q", h)
	}
}

// TestUserInfoWithTheIDToken: reading groups from UserInfo while Neo4j
// validates the ID token gets a warning (UserInfo takes access tokens,
// spec §4.2 step 9); with the access token validated, none.
func TestUserInfoWithTheIDToken(t *testing.T) {
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	base := strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}") + "\ndbms.security.oidc.demo.get_groups_from_user_info=true\n"
	tokens := inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo"}),
	}
	ui := map[string]any{"sub": "alice", "groups": []string{"engineers"}}
	access := simulate(t, LoginInput{Model: p.confText(t, base), Tokens: tokens, UserInfo: ui})
	if slices.Contains(predictionCodes(access), "neo4j-userinfo-with-id-token") {
		t.Errorf("access token validated, yet warned: %v", predictionCodes(access))
	}
	idConf := strings.Replace(base, "token_type_authentication=access_token", "token_type_authentication=id_token", 1)
	if idConf == base {
		t.Fatal("the demo conf has no token_type_authentication=access_token to change")
	}
	id := simulate(t, LoginInput{Model: p.confText(t, idConf), Tokens: tokens, UserInfo: ui})
	if !slices.Contains(predictionCodes(id), "neo4j-userinfo-with-id-token") {
		t.Errorf("ID token validated with UserInfo: no warning in %v", predictionCodes(id))
	}
}

// TestRoleWithSpacesIsNamedAsIs: "engineers=admin, reader" grants " reader"
// (roles are split on ',' and not trimmed, spec §3.3): the prediction keeps
// the role as Neo4j names it, says so with the mapping's line and the
// entry written right, and does not advise CREATE ROLE for it.
func TestRoleWithSpacesIsNamedAsIs(t *testing.T) {
	pred := withMapping(t, "engineers=admin;", "engineers=admin, reader;", "engineers")
	check(t, pred, want{outcome: OutcomeLogIn, username: "alice", roles: []string{" reader", "PUBLIC", "admin"}, codes: []string{"mapping-role-space-after-comma"}})
	for _, f := range pred.Findings {
		switch f.Code {
		case "neo4j-role-not-builtin":
			t.Errorf("a role with spaces gets CREATE ROLE advice: %+v", f)
		case "mapping-role-space-after-comma":
			if !strings.Contains(f.Fix, "engineers=admin,reader") || !strings.Contains(f.Evidence, "line 22") {
				t.Errorf("fix %q, evidence %q: want the entry written right and its line", f.Fix, f.Evidence)
			}
		}
	}
	if got := RoleList(pred.ShowCurrentUser.Roles); got != `" reader", PUBLIC, admin` {
		t.Errorf("RoleList = %s", got)
	}
}

// TestGroupMappedTwice: the later entry wins (spec §3.3), and the
// prediction says which roles the earlier one would have granted.
func TestGroupMappedTwice(t *testing.T) {
	pred := withMapping(t, "collaborators=reader", "collaborators=reader;engineers=editor", "engineers", "collaborators")
	check(t, pred, want{outcome: OutcomeLogIn, username: "alice", roles: []string{"PUBLIC", "editor", "reader"}, codes: []string{"mapping-duplicate-group"}})
	n := 0
	for _, f := range pred.Findings {
		if f.Code == "mapping-duplicate-group" {
			n++
			if !strings.Contains(f.Message, `"engineers"`) || !strings.Contains(f.Message, "not [admin]") {
				t.Errorf("message %q: want the group and the lost roles", f.Message)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d duplicate findings, want 1 (collaborators is mapped once)", n)
	}
}

// withMapping predicts alice's login with the demo sample, its mapping
// edited (old replaced by new), alice in groups.
func withMapping(t *testing.T, old, new string, groups ...string) *Prediction {
	t.Helper()
	return withMappingModel(t, old, new, conf.LintOptions{}, groups...)
}

// withMappingModel is withMapping with the configuration analysed with o.
func withMappingModel(t *testing.T, old, new string, o conf.LintOptions, groups ...string) *Prediction {
	t.Helper()
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	confText := strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}")
	if !strings.Contains(confText, old) {
		t.Fatalf("the sample has no %q", old)
	}
	confText = strings.Replace(confText, old, new, 1)
	c, err := conf.ParseConf(strings.NewReader(strings.ReplaceAll(confText, "{{IDP}}", p.srv.URL)), "neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	return simulate(t, LoginInput{Model: conf.Analyze(c, conf.Latest, o), NativeRoles: map[string][]string{}, Tokens: inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-browser"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo", "groups": groups}),
	}})
}

// TestRoleInAnotherCase: role names are case-sensitive (spec §3.3) and a
// mapped role that does not exist grants nothing (§4.3): "Admin" is not
// the built-in admin, so it is not listed as granted; the warning says
// to write admin, and PUBLIC-only names that cause. A declared custom
// role of that name exists and is granted.
func TestRoleInAnotherCase(t *testing.T) {
	pred := withMapping(t, "engineers=admin;", "engineers=Admin;", "engineers")
	check(t, pred, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC"}, codes: []string{"mapping-role-case", "neo4j-only-public"}})
	if !slices.Equal(pred.MissingRoles, []string{"Admin"}) {
		t.Errorf("missing roles %q, want [Admin]", pred.MissingRoles)
	}
	f, _ := findingByCode(pred, "mapping-role-case")
	if f.Severity != inspector.SeverityWarning || !strings.Contains(f.Fix, "Write the role as admin") || !strings.Contains(f.Message, "case-sensitive") || !strings.Contains(f.Message, "line 22") {
		t.Errorf("finding %+v: want a warning naming the built-in role and the line", f)
	}
	if f, _ := findingByCode(pred, "neo4j-only-public"); !strings.Contains(f.Message, `"Admin"`) || !strings.Contains(f.Fix, "Write the role as admin") {
		t.Errorf("PUBLIC only: %+v, want the missing role as the cause", f)
	}
	if _, ok := findingByCode(pred, "neo4j-role-not-builtin"); ok {
		t.Errorf("also neo4j-role-not-builtin: %v", predictionCodes(pred))
	}

	custom := withMappingModel(t, "engineers=admin;", "engineers=Admin;", conf.LintOptions{CustomRoles: []string{"Admin"}}, "engineers")
	check(t, custom, want{outcome: OutcomeLogIn, roles: []string{"Admin", "PUBLIC"}})
	if len(custom.MissingRoles) != 0 || slices.Contains(predictionCodes(custom), "mapping-role-case") {
		t.Errorf("a created role Admin: missing %q, findings %v", custom.MissingRoles, predictionCodes(custom))
	}
}

// TestRoleNotAmongTheCustomRoles: with the custom roles given, a mapped
// role that is neither built in nor among them likely does not exist; with
// none given, whether it exists is unknown and it is listed, said so.
func TestRoleNotAmongTheCustomRoles(t *testing.T) {
	pred := withMappingModel(t, "engineers=admin;", "engineers=analyst;", conf.LintOptions{CustomRoles: []string{"auditor"}}, "engineers")
	check(t, pred, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC"}, codes: []string{"mapping-unknown-role"}})
	if !slices.Equal(pred.MissingRoles, []string{"analyst"}) {
		t.Errorf("missing roles %q, want [analyst]", pred.MissingRoles)
	}
	unknown := withMapping(t, "engineers=admin;", "engineers=analyst;", "engineers")
	check(t, unknown, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC", "analyst"}, codes: []string{"neo4j-role-not-builtin"}})
}

func TestRoleList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"PUBLIC", "admin"}, "PUBLIC, admin"},
		{[]string{" publisher", "editor "}, `" publisher", "editor "`},
		{[]string{"", "reader"}, `"", reader`},
	} {
		if got := RoleList(tc.in); got != tc.want {
			t.Errorf("RoleList(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestNativeRolesNeedNoCreateRole: a role granted natively exists, so it
// gets no CREATE ROLE advice; a role a group names with a backtick in it
// is quoted as Cypher takes it.
func TestNativeRolesNeedNoCreateRole(t *testing.T) {
	p := newIDP(t)
	text, _ := os.ReadFile("../../assets/samples/demo-neo4j.conf")
	confText := strings.ReplaceAll(string(text), "http://127.0.0.1:9876", "{{IDP}}")
	confText = strings.Replace(confText, "engineers=admin;", "engineers=ops`team;", 1)
	pred := simulate(t, LoginInput{Model: p.confText(t, confText), NativeRoles: map[string][]string{"alice": {"Auditor"}}, Tokens: inspector.TokenSet{
		IDToken:     p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-browser"}),
		AccessToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j-demo", "groups": []string{"engineers"}}),
	}})
	check(t, pred, want{outcome: OutcomeLogIn, roles: []string{"Auditor", "PUBLIC", "ops`team"}})
	n := 0
	for _, f := range pred.Findings {
		if f.Code != "neo4j-role-not-builtin" {
			continue
		}
		n++
		if f.Evidence != "ops`team" || !strings.Contains(f.Fix, "CREATE ROLE `ops``team`") {
			t.Errorf("finding %+v: want the group's role only, quoted as Cypher takes it", f)
		}
	}
	if n != 1 {
		t.Errorf("%d role-not-builtin findings, want 1 (the native role exists)", n)
	}
}

// TestDiscoveryURIThatAnswersWithoutADocument: a well_known_discovery_uri
// that answers 404 (a typo in its path) gives Neo4j no provider metadata,
// so every login with the provider fails (spec §4.2 step 0): the login is
// rejected, and the fix names the setting and its line. A discovery URI
// where nothing answers (offline here, maybe not from Neo4j's host) stays
// a check not made.
func TestDiscoveryURIThatAnswersWithoutADocument(t *testing.T) {
	p := newIDP(t)
	const block = `dbms.security.authentication_providers=oidc-demo
dbms.security.authorization_providers=oidc-demo
dbms.security.oidc.demo.display_name=Demo
dbms.security.oidc.demo.auth_flow=pkce
dbms.security.oidc.demo.well_known_discovery_uri=%s
dbms.security.oidc.demo.audience=neo4j
dbms.security.oidc.demo.params=client_id=neo4j;response_type=code;scope=openid
dbms.security.oidc.demo.config=token_type_principal=id_token;token_type_authentication=id_token
`
	tokens := inspector.TokenSet{IDToken: p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "sub": "alice", "aud": "neo4j"})}

	typo := simulate(t, LoginInput{Model: p.confText(t, fmt.Sprintf(block, "{{IDP}}/.well-known/openid-configuraton")), Tokens: tokens})
	check(t, typo, want{outcome: OutcomeRejected, codes: []string{"discovery-unusable", FindLoginRejected.Code}})
	for _, f := range typo.Findings {
		if f.Code == FindLoginRejected.Code && !strings.Contains(f.Fix, "dbms.security.oidc.demo.well_known_discovery_uri (line 5)") {
			t.Errorf("the fix does not name the setting and its line: %q", f.Fix)
		}
	}
	if h := typo.Headline(); !strings.HasPrefix(h, "REJECTED") || !strings.Contains(h, "HTTP 404") {
		t.Errorf("headline %q", h)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	offline := simulate(t, LoginInput{Model: p.confText(t, fmt.Sprintf(block, "http://"+closed+"/.well-known/openid-configuration")), Tokens: tokens})
	check(t, offline, want{outcome: OutcomeLogIn, codes: []string{"discovery-failed"}})
	if h := offline.Headline(); !strings.Contains(h, "if the checks not made here pass: signature") {
		t.Errorf("headline %q", h)
	}
}

// TestHeadlineOfARejectionNamesTheChecksNotMade: a rejection stands
// whatever the checks not made here would say, so they are named as not
// checked, not as a condition of the outcome; a login rests on them.
func TestHeadlineOfARejectionNamesTheChecksNotMade(t *testing.T) {
	steps := []Step{{Name: "iss", Status: StepNotChecked}, {Name: "aud", Status: StepFailed, Detail: "account is not neo4j"}}
	rejected := &Prediction{Outcome: OutcomeRejected, Steps: steps}
	if h := rejected.Headline(); h != "REJECTED by Neo4j: aud (account is not neo4j); not checked here: iss" {
		t.Errorf("rejection: %q", h)
	}
	login := &Prediction{Outcome: OutcomeLogIn, Username: "alice", Steps: steps[:1]}
	if h := login.Headline(); h != "Neo4j WOULD LOG IN as alice — if the checks not made here pass: iss" {
		t.Errorf("login: %q", h)
	}
}
