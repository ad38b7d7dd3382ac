package predict_test

import (
	"slices"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/server"
)

// TestPredictionFromAServerImport: with only a running Neo4j's discovery,
// the prediction says which server-side settings it could not know.
func TestPredictionFromAServerImport(t *testing.T) {
	p := predict.NewTestIDP(t)
	sd, err := server.ParseServerDiscovery([]byte(`{"neo4j_version":"2026.03.0","neo4j_edition":"enterprise","auth_config":{"oidc_providers":[
	  {"id":"demo","name":"Demo","auth_flow":"pkce","auth_endpoint":"`+p.URL()+`/authorize","token_endpoint":"`+p.URL()+`/token",
	   "well_known_discovery_uri":"`+p.URL()+`/.well-known/openid-configuration",
	   "params":{"client_id":"neo4j-browser","response_type":"code","scope":"openid profile"},
	   "config":{"token_type_principal":"id_token","token_type_authentication":"id_token"}}]}}`), "test")
	if err != nil {
		t.Fatal(err)
	}
	pred := predict.SimulateForTest(t, predict.LoginInput{Model: sd.Model(), Tokens: inspector.TokenSet{
		IDToken: p.Mint(t, jwt.MapClaims{"iss": p.URL(), "sub": "alice", "aud": "neo4j-browser"}),
	}})
	if pred.PrincipalToken != "id_token" || pred.AuthenticationToken != "id_token" {
		t.Errorf("token types = %s / %s", pred.PrincipalToken, pred.AuthenticationToken)
	}
	// Server-side settings are unknown, not absent: those steps are not
	// checked, and nothing is claimed about them.
	if pred.Outcome != predict.OutcomeLogIn || slices.Contains(predict.PredictionCodes(pred), "neo4j-audience-not-set") {
		t.Errorf("outcome %q, findings %v", pred.Outcome, predict.PredictionCodes(pred))
	}
	notChecked := map[string]bool{}
	for _, st := range pred.Steps {
		if st.Status == predict.StepNotChecked {
			notChecked[st.Name] = true
		}
	}
	for _, name := range []string{"aud", "groups", "roles"} {
		if !notChecked[name] {
			t.Errorf("step %s is not marked not-checked: %+v", name, pred.Steps)
		}
	}
}
