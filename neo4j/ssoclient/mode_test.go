package ssoclient

import (
	"net/url"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/pkce"
)

func TestAuthorizeFollowsAuthRequestForSSO(t *testing.T) {
	p := &Provider{ID: "okta", AuthFlow: "pkce",
		Params:      map[string]string{"scope": "openid", "client_id": "c", "response_type": "code"},
		AuthParams:  map[string]string{"state": "fixed", "scope": "openid email"},
		TokenParams: map[string]string{"client_id": "token-c", "client_secret": "s"},
		Config:      map[string]any{"implicit_flow_requires_nonce": "false", "code_challenge_method": "plain"}}
	mr := p.Authorize("http://127.0.0.1:1/browser/?idp_id=okta&auth_flow_step=redirect_uri", false)
	var got []string
	for _, kv := range mr.Params {
		got = append(got, kv.Key+"="+kv.Value)
	}
	want := "client_id=c response_type=code scope=openid redirect_uri=http://127.0.0.1:1/browser/?idp_id=okta&auth_flow_step=redirect_uri state=" + strings.SplitN(got[4], "=", 2)[1] + " scope=openid email state=fixed"
	if strings.Join(got, " ") != want {
		t.Errorf("params\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	if !strings.HasPrefix(got[4], "state=state-") {
		t.Errorf("generated state %q is not neo4j-client-sso's form", got[4])
	}
	if mr.State != "fixed" || !mr.Nonce || mr.ChallengeMethod != "plain" || mr.TokenClientID != "token-c" ||
		strings.Join(mr.Scopes, " ") != "openid email" || len(mr.TokenParams) != 2 || mr.TokenParams[0] != (pkce.Param{Key: "client_id", Value: "token-c"}) {
		t.Errorf("request %+v", mr)
	}
	if p.Authorize("http://x/", true).ChallengeMethod != "" {
		t.Error("the implicit flow sends no code challenge")
	}
	if (&Provider{}).Authorize("http://x/", false).Nonce {
		t.Error("no nonce unless implicit_flow_requires_nonce is truthy")
	}
}

func TestCheckCallbackRefusesAnotherIdpID(t *testing.T) {
	p := &Provider{ID: "okta"}
	if f, err := p.CheckCallback(url.Values{"idp_id": {"okta"}, "code": {"x"}}); f != nil || err != nil {
		t.Errorf("own idp_id refused: %v %v", f, err)
	}
	for _, q := range []url.Values{{"idp_id": {"entra"}}, {}} {
		f, err := p.CheckCallback(q)
		if err == nil || f == nil || f.Code != "callback-idp-id-mismatch" || !strings.Contains(f.Fix, "?idp_id=okta&auth_flow_step=redirect_uri") {
			t.Errorf("callback %v: finding %+v, error %v", q, f, err)
		}
	}
}

func TestRefreshParamsAndConfigure(t *testing.T) {
	p := &Provider{Params: map[string]string{"scope": "openid profile", "client_id": "c"}, TokenParams: map[string]string{"audience": "api"},
		AuthEndpoint: "https://idp/auth", WellKnownDiscoveryURI: "https://idp/.well-known/openid-configuration", Issuer: "https://idp", Audience: []string{"api"}}
	if got := p.RefreshParams().Encode(); got != "audience=api&scope=openid+profile" {
		t.Errorf("refresh params %s", got)
	}
	cfg := p.Configure(pkce.Config{AuthURL: "https://manual/auth"})
	if cfg.AuthURL != "https://manual/auth" || cfg.Issuer != p.WellKnownDiscoveryURI || cfg.ClientID != "c" || cfg.ExpectedIssuer != "https://idp" || len(cfg.Audiences) != 1 {
		t.Errorf("configured %+v", cfg)
	}
	if path, q := p.Redirect(); path != "/browser/" || q != "idp_id=&auth_flow_step=redirect_uri" {
		t.Errorf("redirect %s?%s", path, q)
	}
}
