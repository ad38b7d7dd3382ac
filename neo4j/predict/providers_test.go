package predict

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/inspector"
)

// Tokens shaped as each provider issues them (claims, issuers, header
// quirks), signed with the test's key, and the diagnosis a user of that
// provider needs from the prediction.
func TestProviderShapedTokens(t *testing.T) {
	p := newIDP(t)
	const tenant = "9d3c2b1a-0f1e-4d2c-8b7a-6a5b4c3d2e1f"
	const client = "4f1e2d3c-b5a6-4798-8a9b-0c1d2e3f4a5b"
	v2 := p.srv.URL + "/" + tenant + "/v2.0"
	entraConf := func(extra string) string {
		return `dbms.security.authentication_providers=oidc-azure
dbms.security.authorization_providers=oidc-azure
dbms.security.oidc.azure.display_name=Entra
dbms.security.oidc.azure.well_known_discovery_uri={{IDP}}/` + tenant + `/v2.0/.well-known/openid-configuration
dbms.security.oidc.azure.audience=` + client + `
dbms.security.oidc.azure.params=client_id=` + client + `;response_type=code;scope=openid profile email
dbms.security.oidc.azure.claims.username=preferred_username
dbms.security.oidc.azure.claims.groups=groups
dbms.security.oidc.azure.authorization.group_to_role_mapping="e8b6ddfa-688d-4ace-987d-6cc5516af188"=admin
` + extra
	}
	entraID := func(extra jwt.MapClaims) string {
		c := jwt.MapClaims{"iss": v2, "aud": client, "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "tid": tenant, "ver": "2.0",
			"oid": "00000000-0000-0000-66f3-3332eca7ea81", "preferred_username": "jane@contoso.com", "name": "Jane", "nonce": "n-0S6_WzA2Mj"}
		for k, v := range extra {
			c[k] = v
		}
		return p.mint(t, c)
	}

	t.Run("Entra v2 ID token, groups as GUIDs", func(t *testing.T) {
		m := p.confText(t, entraConf("dbms.security.oidc.azure.config=token_type_principal=id_token;token_type_authentication=id_token"))
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{IDToken: entraID(jwt.MapClaims{"groups": []string{"e8b6ddfa-688d-4ace-987d-6cc5516af188"}}), AccessToken: "eyJ0eXAiOiJKV1QiLCJub25jZSI6Im9wYXF1ZSJ9.e30.c2ln"}})
		check(t, pred, want{outcome: OutcomeLogIn, username: "jane@contoso.com", roles: []string{"PUBLIC", "admin"}})
	})

	t.Run("Entra v1 access token against the v2 issuer", func(t *testing.T) {
		m := p.confText(t, entraConf(""))
		access := p.mint(t, jwt.MapClaims{"iss": "https://sts.windows.net/" + tenant + "/", "aud": "api://" + client, "sub": "s", "ver": "1.0",
			"upn": "jane@contoso.com", "appid": client, "scp": "access"})
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{IDToken: entraID(nil), AccessToken: access}})
		check(t, pred, want{outcome: OutcomeRejected, codes: []string{"aud-mismatch"}})
		if !strings.Contains(strings.Join(predictionCodes(pred), " "), "iss") {
			t.Errorf("the v1 issuer is not named: %v", predictionCodes(pred))
		}
	})

	t.Run("Entra Microsoft Graph access token (nonce in the header)", func(t *testing.T) {
		m := p.confText(t, entraConf(""))
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": "https://sts.windows.net/" + tenant + "/", "aud": "00000003-0000-0000-c000-000000000000",
			"sub": "s", "ver": "1.0", "scp": "openid profile User.Read email", "exp": simNow.Unix() + 3600, "iat": simNow.Unix() - 60})
		tok.Header["kid"], tok.Header["nonce"] = "k1", "ZK5hJ2pAlvPcCRUZS1iFgGyKbXbn7N8BE4_bUeclNz8"
		graph, err := tok.SignedString(p.key)
		if err != nil {
			t.Fatal(err)
		}
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{IDToken: entraID(nil), AccessToken: graph}})
		check(t, pred, want{outcome: OutcomeRejected, codes: []string{"entra-graph-token"}})
	})

	t.Run("Entra group overage", func(t *testing.T) {
		m := p.confText(t, entraConf("dbms.security.oidc.azure.config=token_type_principal=id_token;token_type_authentication=id_token"))
		id := entraID(jwt.MapClaims{"_claim_names": map[string]string{"groups": "src1"},
			"_claim_sources": map[string]any{"src1": map[string]string{"endpoint": "https://graph.windows.net/" + tenant + "/users/x/getMemberObjects"}}})
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{IDToken: id}})
		check(t, pred, want{outcome: OutcomeLogIn, roles: []string{"PUBLIC"}, codes: []string{"neo4j-groups-overage"}})
	})

	oktaConf := func(issPath string) string {
		return `dbms.security.authentication_providers=oidc-okta
dbms.security.authorization_providers=oidc-okta
dbms.security.oidc.okta.display_name=Okta
dbms.security.oidc.okta.well_known_discovery_uri={{IDP}}` + issPath + `/.well-known/openid-configuration
dbms.security.oidc.okta.audience=api://default
dbms.security.oidc.okta.params=client_id=0oa1;response_type=code;scope=openid profile email groups
dbms.security.oidc.okta.claims.username=sub
dbms.security.oidc.okta.claims.groups=groups
dbms.security.oidc.okta.authorization.group_to_role_mapping=Neo4j Admins=admin
`
	}
	t.Run("Okta org authorization server access token", func(t *testing.T) {
		m := p.confText(t, oktaConf(""))
		access := p.mint(t, jwt.MapClaims{"iss": "https://dev-123456.okta.com", "aud": "https://dev-123456.okta.com", "sub": "00u1", "cid": "0oa1", "scp": []string{"openid"}, "ver": 1})
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{AccessToken: access}})
		check(t, pred, want{outcome: OutcomeRejected, codes: []string{"okta-org-as-token"}})
	})

	t.Run("Okta custom authorization server access token", func(t *testing.T) {
		m := p.confText(t, oktaConf("/oauth2/default"))
		iss := p.srv.URL + "/oauth2/default"
		access := p.mint(t, jwt.MapClaims{"iss": iss, "aud": "api://default", "sub": "jane@example.com", "cid": "0oa1", "uid": "00u1", "scp": []string{"openid", "groups"}, "ver": 1, "groups": []string{"Neo4j Admins", "Everyone"}})
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{AccessToken: access}})
		check(t, pred, want{outcome: OutcomeLogIn, username: "jane@example.com", roles: []string{"PUBLIC", "admin"}})
	})

	googleConf := func(config string) string {
		return `dbms.security.authentication_providers=oidc-google,native
dbms.security.authorization_providers=native
dbms.security.oidc.google.display_name=Google
dbms.security.oidc.google.well_known_discovery_uri={{IDP}}/.well-known/openid-configuration
dbms.security.oidc.google.audience=1234-abc.apps.googleusercontent.com
dbms.security.oidc.google.params=client_id=1234-abc.apps.googleusercontent.com;response_type=code;scope=openid profile email
dbms.security.oidc.google.token_params=client_secret=GOCSPX-notreal
dbms.security.oidc.google.claims.username=email
` + config
	}
	googleID := p.mint(t, jwt.MapClaims{"iss": p.srv.URL, "azp": "1234-abc.apps.googleusercontent.com", "aud": "1234-abc.apps.googleusercontent.com",
		"sub": "110169484474386276334", "hd": "example.com", "email": "jane@example.com", "email_verified": true, "at_hash": "HK6E_P6Dh8Y93mRNtsDB1Q"})
	googleAccess := "ya29.a0AfB_byC-opaque-access-token-from-google-0123456789"
	t.Run("Google opaque access token with the default token types", func(t *testing.T) {
		pred := simulate(t, LoginInput{Model: p.confText(t, googleConf("")), Tokens: inspector.TokenSet{IDToken: googleID, AccessToken: googleAccess}})
		check(t, pred, want{outcome: OutcomeClientError, codes: []string{"neo4j-principal-not-jwt"}})
		f, _ := findingByCode(pred, "neo4j-principal-not-jwt")
		if !strings.Contains(f.Message, `Could not parse JWT of type "access_token" for idp_id "google"`) || !strings.Contains(f.Fix, "token_type_principal=id_token;token_type_authentication=id_token") {
			t.Errorf("%+v", f)
		}
		// config is not set: no line to name (it said "line 0").
		if strings.Contains(f.Fix, "line 0") || !strings.Contains(f.Fix, "token_type_authentication=id_token, and audience=") {
			t.Errorf("fix %q", f.Fix)
		}
	})
	t.Run("Google ID token (hd, email_verified) with id_token types", func(t *testing.T) {
		pred := simulate(t, LoginInput{Model: p.confText(t, googleConf("dbms.security.oidc.google.config=token_type_principal=id_token;token_type_authentication=id_token")),
			Tokens: inspector.TokenSet{IDToken: googleID, AccessToken: googleAccess}, NativeRoles: map[string][]string{"jane@example.com": {"reader"}}})
		check(t, pred, want{outcome: OutcomeLogIn, username: "jane@example.com"})
	})

	auth0Conf := func(config string) string {
		return `dbms.security.authentication_providers=oidc-auth0
dbms.security.authorization_providers=oidc-auth0
dbms.security.oidc.auth0.display_name=Auth0
dbms.security.oidc.auth0.well_known_discovery_uri={{IDP}}/.well-known/openid-configuration
dbms.security.oidc.auth0.audience=https://neo4j-api
dbms.security.oidc.auth0.params=client_id=abc;response_type=code;scope=openid profile email;audience=https://neo4j-api
dbms.security.oidc.auth0.claims.username=sub
dbms.security.oidc.auth0.claims.groups=https://neo4j.example.com/roles
dbms.security.oidc.auth0.authorization.group_to_role_mapping=neo4j-admin=admin
` + config
	}
	t.Run("Auth0 namespaced roles claim", func(t *testing.T) {
		access := p.mint(t, jwt.MapClaims{"iss": p.srv.URL + "/", "aud": []string{"https://neo4j-api", "https://tenant.auth0.com/userinfo"}, "sub": "auth0|64f1", "azp": "abc",
			"scope": "openid profile email", "https://neo4j.example.com/roles": []string{"neo4j-admin"}})
		pred := simulate(t, LoginInput{Model: p.confText(t, strings.ReplaceAll(auth0Conf(""), "{{IDP}}/.well", "{{IDP}}//.well")), Tokens: inspector.TokenSet{AccessToken: access}})
		check(t, pred, want{outcome: OutcomeLogIn, username: "auth0|64f1", roles: []string{"PUBLIC", "admin"}})
	})
	t.Run("Auth0 JWE access token (no audience requested)", func(t *testing.T) {
		b := base64.RawURLEncoding.EncodeToString
		jwe := b([]byte(`{"alg":"dir","enc":"A256GCM","iss":"https://tenant.auth0.com/"}`)) + "..UEbD5d0Zr4tSi_0X.n4HkKxd6mD0fg2pUeyN2AA.0yR1iVlPf9bVOqTWFc8Jzg"
		id := p.mint(t, jwt.MapClaims{"iss": p.srv.URL + "/", "aud": "abc", "sub": "auth0|64f1"})
		pred := simulate(t, LoginInput{Model: p.confText(t, auth0Conf("")), Tokens: inspector.TokenSet{IDToken: id, AccessToken: jwe}})
		check(t, pred, want{outcome: OutcomeClientError, codes: []string{"neo4j-principal-not-jwt"}})
		f, _ := findingByCode(pred, "neo4j-principal-not-jwt")
		if !strings.Contains(f.Fix, "audience") || !strings.Contains(f.Fix, "JWE") {
			t.Errorf("the fix should send an API audience: %q", f.Fix)
		}
	})

	t.Run("Keycloak realm_access and resource_access", func(t *testing.T) {
		m := p.confText(t, `dbms.security.authentication_providers=oidc-keycloak
dbms.security.authorization_providers=oidc-keycloak
dbms.security.oidc.keycloak.display_name=Keycloak
dbms.security.oidc.keycloak.well_known_discovery_uri={{IDP}}/realms/neo4j/.well-known/openid-configuration
dbms.security.oidc.keycloak.audience=account
dbms.security.oidc.keycloak.params=client_id=neo4j;response_type=code;scope=openid profile email
dbms.security.oidc.keycloak.claims.username=preferred_username
dbms.security.oidc.keycloak.claims.groups=groups
dbms.security.oidc.keycloak.authorization.group_to_role_mapping=neo4j-admin=admin
`)
		iss := p.srv.URL + "/realms/neo4j"
		access := p.mint(t, jwt.MapClaims{"iss": iss, "aud": "account", "sub": "f:3a2b:jane", "typ": "Bearer", "azp": "neo4j", "preferred_username": "jane",
			"realm_access": map[string]any{"roles": []string{"neo4j-admin", "offline_access"}}, "resource_access": map[string]any{"neo4j": map[string]any{"roles": []string{"reader"}}}})
		pred := simulate(t, LoginInput{Model: m, Tokens: inspector.TokenSet{AccessToken: access}})
		check(t, pred, want{outcome: OutcomeLogIn, username: "jane", roles: []string{"PUBLIC"}, codes: []string{"neo4j-groups-nested"}})
	})
}

func findingByCode(p *Prediction, code string) (inspector.Finding, bool) {
	for _, f := range p.Findings {
		if f.Code == code {
			return f, true
		}
	}
	return inspector.Finding{}, false
}
