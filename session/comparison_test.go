package session

import (
	"reflect"
	"testing"

	"github.com/ssolens/ssolens/demoidp"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/pkce"
)

// TestComparisonIsTheModels: a sign-in's ID and access tokens are lined
// up once, by the model, with the token types Neo4j's client reads; the
// report gets that comparison; a lone token has none; an opaque access
// token is named as such rather than compared.
func TestComparisonIsTheModels(t *testing.T) {
	d, err := StartDemoOn(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	signIn := func(scenario string) *Investigation {
		t.Helper()
		if err := d.IdP.SetScenario(scenario); err != nil {
			t.Fatal(err)
		}
		res, err := SignInWith(t.Context(), d.Target(), FlowOptions{SignInOptions: SignInOptions{Browser: pkce.BrowserFunc(d.IdP.PlayBrowser("alice"))}})
		if err != nil {
			t.Fatalf("sign-in: %v", err)
		}
		return New(t.Context(), Inputs{SignIn: res})
	}

	inv := signIn(demoidp.ScenarioNone)
	c := inv.Comparison()
	if c == nil {
		t.Fatal("a sign-in with an ID and an access token has no comparison")
	}
	if c.IDStatus != "" || c.AccessStatus != "" || c.PrincipalRole != inspector.RoleAccessToken || c.AuthenticationRole != inspector.RoleAccessToken {
		t.Errorf("comparison statuses %q/%q, roles %s/%s", c.IDStatus, c.AccessStatus, c.PrincipalRole, c.AuthenticationRole)
	}
	names := map[string]bool{}
	for _, r := range c.Rows {
		names[r.Name] = true
	}
	if !names["sub"] || !names["aud"] || !names["iss"] {
		t.Errorf("rows %v lack sub, aud or iss", names)
	}
	if got := inv.Export().Comparison; !reflect.DeepEqual(got, c) {
		t.Errorf("the report's comparison differs from the model's:\n%+v\n%+v", got, c)
	}

	lone := New(t.Context(), Inputs{Text: []byte(inv.Tokens.AccessToken), Options: inv.In.Options})
	if lone.Comparison() != nil || lone.Export().Comparison != nil {
		t.Error("a lone access token was given a comparison")
	}

	if c := signIn(demoidp.ScenarioOpaqueAccessToken).Comparison(); c == nil || c.AccessStatus == "" {
		t.Errorf("opaque access token: comparison %+v, want its status named", c)
	}
}
