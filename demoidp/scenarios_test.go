package demoidp

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// issued is what one sign-in under a scenario returned.
type issued struct {
	p                *Provider
	access, id       string
	accessC, idC     jwt.MapClaims
	accessH, idH     map[string]any
	date             time.Time // the provider's HTTP Date header
	discoveredIssuer string
}

func TestScenarios(t *testing.T) {
	t.Parallel()
	near := func(t *testing.T, what string, got any, want time.Time) {
		t.Helper()
		f, _ := got.(float64)
		if d := time.Unix(int64(f), 0).Sub(want); d < -10*time.Second || d > 10*time.Second {
			t.Errorf("%s = %v, want about %v (off by %v)", what, time.Unix(int64(f), 0).UTC(), want.UTC(), d)
		}
	}
	for _, tc := range []struct {
		scenario string
		check    func(t *testing.T, got issued)
	}{
		{ScenarioNone, func(t *testing.T, got issued) {
			if _, err := verify(t, got.p, got.access, APIAudience); err != nil {
				t.Errorf("access token: %v", err)
			}
			if _, err := verify(t, got.p, got.id, DesktopClientID); err != nil {
				t.Errorf("ID token: %v", err)
			}
		}},
		{ScenarioOpaqueAccessToken, func(t *testing.T, got issued) {
			if strings.Contains(got.access, ".") || got.access == "" {
				t.Errorf("access token %q is not opaque", got.access)
			}
			if status, c := userinfo(t, got.p, got.access); status != http.StatusOK || c["sub"] != "alice" {
				t.Errorf("userinfo with the opaque token: %d %v", status, c)
			}
		}},
		{ScenarioGraphStyleToken, func(t *testing.T, got issued) {
			if n, _ := got.accessH["nonce"].(string); n == "" {
				t.Errorf("access token header %v has no nonce", got.accessH)
			}
			if _, err := verify(t, got.p, got.access, APIAudience); !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
				t.Errorf("verifying the graph-style token: %v, want %v", err, jwt.ErrTokenSignatureInvalid)
			}
			if _, err := verify(t, got.p, got.id, DesktopClientID); err != nil {
				t.Errorf("the ID token should still verify: %v", err)
			}
		}},
		{ScenarioRotatedKey, func(t *testing.T, got issued) {
			published := kids(t, got.p)
			for name, h := range map[string]map[string]any{"access": got.accessH, "ID": got.idH} {
				if kid, _ := h["kid"].(string); kid == "" || slices.Contains(published, kid) {
					t.Errorf("%s token kid %v is in the JWKS %v", name, h["kid"], published)
				}
			}
			if _, err := verify(t, got.p, got.access, APIAudience); err == nil {
				t.Error("access token verifies against the JWKS")
			}
		}},
		{ScenarioExpired, func(t *testing.T, got issued) {
			for name, c := range map[string]jwt.MapClaims{"access": got.accessC, "ID": got.idC} {
				near(t, name+" exp", c["exp"], time.Now().Add(-time.Hour))
				near(t, name+" iat", c["iat"], time.Now().Add(-2*time.Hour))
			}
			if _, err := verify(t, got.p, got.access, APIAudience); !errors.Is(err, jwt.ErrTokenExpired) {
				t.Errorf("verifying: %v, want expired", err)
			}
		}},
		{ScenarioClockSkew, func(t *testing.T, got issued) {
			ahead := time.Now().Add(5 * time.Minute)
			near(t, "access iat", got.accessC["iat"], ahead)
			near(t, "access nbf", got.accessC["nbf"], ahead)
			near(t, "ID iat", got.idC["iat"], ahead)
			near(t, "access exp", got.accessC["exp"], ahead.Add(time.Hour))
			near(t, "ID exp", got.idC["exp"], ahead.Add(time.Hour))
			if d := time.Until(got.date); d < 4*time.Minute || d > 6*time.Minute {
				t.Errorf("Date header %v is %v ahead, want 5m", got.date, d)
			}
		}},
		{ScenarioGroupsOnlyInAccess, func(t *testing.T, got issued) {
			if _, ok := got.idC["groups"]; ok {
				t.Errorf("ID token has groups %v", got.idC["groups"])
			}
			if !slices.Equal(stringsOf(got.accessC["groups"]), []string{"engineers"}) {
				t.Errorf("access token groups = %v", got.accessC["groups"])
			}
		}},
		{ScenarioGroupsOverage, func(t *testing.T, got issued) {
			for name, c := range map[string]jwt.MapClaims{"access": got.accessC, "ID": got.idC} {
				if _, ok := c["groups"]; ok {
					t.Errorf("%s token has groups", name)
				}
				names, _ := c["_claim_names"].(map[string]any)
				sources, _ := c["_claim_sources"].(map[string]any)
				if names["groups"] != "src1" || sources["src1"] == nil {
					t.Errorf("%s token: _claim_names %v, _claim_sources %v", name, c["_claim_names"], c["_claim_sources"])
				}
			}
		}},
		{ScenarioWrongAudience, func(t *testing.T, got issued) {
			if got.accessC["aud"] == APIAudience || got.accessC["aud"] == nil {
				t.Errorf("access token aud = %v", got.accessC["aud"])
			}
			if _, err := verify(t, got.p, got.access, APIAudience); !errors.Is(err, jwt.ErrTokenInvalidAudience) {
				t.Errorf("verifying: %v, want an audience error", err)
			}
		}},
		{ScenarioIssuerTrailingSlash, func(t *testing.T, got issued) {
			if strings.HasSuffix(got.discoveredIssuer, "/") {
				t.Errorf("discovery issuer %q ends with /", got.discoveredIssuer)
			}
			for name, c := range map[string]jwt.MapClaims{"access": got.accessC, "ID": got.idC} {
				if c["iss"] != got.discoveredIssuer+"/" {
					t.Errorf("%s token iss = %v, want %s/", name, c["iss"], got.discoveredIssuer)
				}
			}
		}},
		{ScenarioKeycloakNestedRoles, func(t *testing.T, got issued) {
			ra, _ := got.accessC["realm_access"].(map[string]any)
			if roles := stringsOf(ra["roles"]); !slices.Contains(roles, "engineers") {
				t.Errorf("realm_access.roles = %v", ra["roles"])
			}
			for name, c := range map[string]jwt.MapClaims{"access": got.accessC, "ID": got.idC} {
				if _, ok := c["groups"]; ok {
					t.Errorf("%s token has a top-level groups claim", name)
				}
			}
		}},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			p := startProvider(t, Config{Scenario: tc.scenario})
			if p.Scenario() != tc.scenario {
				t.Fatalf("Scenario() = %q", p.Scenario())
			}
			conf := oauthConfig(t, p, DesktopClientID, "http://127.0.0.1:5000/callback")
			tok := signIn(t, p, conf, "alice")
			got := issued{p: p, access: tok.AccessToken, id: idTokenOf(t, tok)}
			got.idC, got.idH = claimsOf(t, got.id)
			if !strings.Contains(got.access, ".") {
				got.accessC, got.accessH = jwt.MapClaims{}, map[string]any{}
			} else {
				got.accessC, got.accessH = claimsOf(t, got.access)
			}
			var d discoveryDoc
			h := getJSON(t, p.DiscoveryURL(), &d)
			got.discoveredIssuer = d.Issuer
			got.date, _ = http.ParseTime(h.Get("Date"))
			if got.idC["sub"] != "alice" {
				t.Errorf("ID token sub = %v", got.idC["sub"])
			}
			tc.check(t, got)
		})
	}
}

func TestScenarioList(t *testing.T) {
	t.Parallel()
	want := []string{"opaque-access-token", "graph-style-access-token", "rotated-key", "expired", "clock-skew",
		"groups-only-in-access-token", "groups-overage", "wrong-audience", "issuer-trailing-slash", "keycloak-nested-roles"}
	var got []string
	for _, s := range Scenarios() {
		got = append(got, s.Name)
		if s.Description == "" || strings.Contains(s.Description, "\n") {
			t.Errorf("%s: description must be one line: %q", s.Name, s.Description)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("Scenarios() = %v, want %v", got, want)
	}
}

func TestSetScenarioAtRuntime(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	if err := p.SetScenario("no-such-thing"); err == nil || !strings.Contains(err.Error(), ScenarioExpired) {
		t.Errorf("SetScenario(unknown) = %v, want an error listing the scenarios", err)
	}
	if _, err := Start(t.Context(), Config{Scenario: "no-such-thing"}); err == nil {
		t.Error("Start with an unknown scenario succeeded")
	}
	conf := oauthConfig(t, p, DesktopClientID, "http://127.0.0.1:5000/callback")
	if err := p.SetScenario(ScenarioOpaqueAccessToken); err != nil {
		t.Fatal(err)
	}
	if tok := signIn(t, p, conf, "bob"); strings.Contains(tok.AccessToken, ".") {
		t.Error("the scenario switched at runtime did not apply")
	}
	if err := p.SetScenario(""); err != nil || p.Scenario() != ScenarioNone {
		t.Fatalf("SetScenario(\"\") = %v, Scenario() = %q", err, p.Scenario())
	}
	if tok := signIn(t, p, conf, "bob"); !strings.Contains(tok.AccessToken, ".") {
		t.Error("back to none: the access token is still opaque")
	}
}

func TestConfigNowDrivesTheClock(t *testing.T) {
	t.Parallel()
	at := time.Date(2031, 3, 4, 5, 6, 7, 0, time.UTC)
	p := startProvider(t, Config{Now: func() time.Time { return at }})
	conf := oauthConfig(t, p, DesktopClientID, "http://127.0.0.1:5000/callback")
	tok := signIn(t, p, conf, "carol")
	access, _ := claimsOf(t, tok.AccessToken)
	id, _ := claimsOf(t, idTokenOf(t, tok))
	for name, c := range map[string]jwt.MapClaims{"access": access, "ID": id} {
		iat, _ := c["iat"].(float64)
		if d := time.Unix(int64(iat), 0).Sub(at); d < -2*time.Second || d > 2*time.Second {
			t.Errorf("%s iat = %v, want %v", name, time.Unix(int64(iat), 0).UTC(), at)
		}
		if g, ok := c["groups"]; !ok || len(stringsOf(g)) != 0 {
			t.Errorf("carol's %s token groups = %v, want []", name, g)
		}
	}
	var d discoveryDoc
	h := getJSON(t, p.DiscoveryURL(), &d)
	if date, _ := http.ParseTime(h.Get("Date")); !date.Equal(at) {
		t.Errorf("Date header = %v, want %v", date, at)
	}
}

func TestDaveHas250Groups(t *testing.T) {
	t.Parallel()
	p := startProvider(t, Config{})
	tok := signIn(t, p, oauthConfig(t, p, BrowserClientID, BrowserRedirectURI), "dave")
	at, err := verify(t, p, tok.AccessToken, APIAudience)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(stringsOf(at["groups"])); n != 250 {
		t.Errorf("dave's access token has %d groups, want 250", n)
	}
}
