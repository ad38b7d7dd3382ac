package demoidp

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Scenario names. Each one reproduces, on purpose, a way real providers send
// tokens that Neo4j (or its Browser) cannot use; see Scenarios for the list.
const (
	ScenarioNone                = "none" // tokens as a well-configured provider sends them
	ScenarioOpaqueAccessToken   = "opaque-access-token"
	ScenarioGraphStyleToken     = "graph-style-access-token"
	ScenarioRotatedKey          = "rotated-key"
	ScenarioExpired             = "expired"
	ScenarioClockSkew           = "clock-skew"
	ScenarioGroupsOnlyInAccess  = "groups-only-in-access-token"
	ScenarioGroupsOverage       = "groups-overage"
	ScenarioWrongAudience       = "wrong-audience"
	ScenarioIssuerTrailingSlash = "issuer-trailing-slash"
	ScenarioKeycloakNestedRoles = "keycloak-nested-roles"
)

// Scenario is a failure the provider can reproduce on request.
type Scenario struct {
	Name        string
	Description string // one line: what the tokens look like and which provider does it
}

var scenarios = []Scenario{
	{ScenarioOpaqueAccessToken, "the access token is an opaque string, not a JWT (Google, Auth0 without an API audience): the Neo4j Browser fails with \"Could not parse JWT of type access_token\""},
	{ScenarioGraphStyleToken, "the access token has a nonce in its JOSE header and is signed over the hashed nonce (Entra tokens for Microsoft Graph): its signature never verifies against the JWKS"},
	{ScenarioRotatedKey, "tokens are signed by a key that is no longer in the JWKS (a provider that rotated its keys, or a stale cache): unknown kid"},
	{ScenarioExpired, "tokens were issued two hours ago and expired one hour ago"},
	{ScenarioClockSkew, "the provider's clock is 5 minutes ahead: iat and nbf lie in the future, and so does the HTTP Date header"},
	{ScenarioGroupsOnlyInAccess, "the groups claim is in the access token only, not in the ID token (Okta with the claim added to one token type)"},
	{ScenarioGroupsOverage, "both tokens carry _claim_names/_claim_sources instead of groups (Entra group overage, more than 200 groups)"},
	{ScenarioWrongAudience, "the access token's aud is \"account\" (Keycloak's default) instead of " + APIAudience},
	{ScenarioIssuerTrailingSlash, "tokens carry the issuer with an extra trailing slash, while discovery announces it without (Entra v1 sts.windows.net style)"},
	{ScenarioKeycloakNestedRoles, "the access token carries roles only in realm_access.roles and has no top-level groups claim; the ID token has neither (Keycloak default mappers)"},
}

// Scenarios lists the failure scenarios, in a stable order. ScenarioNone
// (normal tokens) is not in the list.
func Scenarios() []Scenario { return slices.Clone(scenarios) }

// normalizeScenario accepts a scenario name, "" or "none" (normal tokens).
func normalizeScenario(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == ScenarioNone {
		return ScenarioNone, nil
	}
	for _, s := range scenarios {
		if s.Name == name {
			return name, nil
		}
	}
	names := make([]string, 0, len(scenarios)+1)
	names = append(names, ScenarioNone)
	for _, s := range scenarios {
		names = append(names, s.Name)
	}
	return "", fmt.Errorf("unknown demo scenario %q; choose one of %s", name, strings.Join(names, ", "))
}

// scenarioKey carries the scenario a request was started under, so that one
// request issues all its tokens under one scenario even if SetScenario runs
// meanwhile.
type scenarioKey struct{}

func withScenario(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, scenarioKey{}, name)
}

func scenarioFrom(ctx context.Context) string {
	if s, ok := ctx.Value(scenarioKey{}).(string); ok {
		return s
	}
	return ScenarioNone
}
