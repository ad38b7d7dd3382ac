package session

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ssolens/ssolens/neo4j/predict"
)

// liveNeo4j is NOT Neo4j: a loopback stand-in that logs in whatever
// bearer token it gets as alice with roles [PUBLIC, admin] (the shapes of
// spec §5.1 and §6.3), so that the prediction the live check compares is
// the only thing under test.
func liveNeo4j(t *testing.T) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"query":"http://%s/db/{databaseName}/query/v2","neo4j_version":"2026.08.0","neo4j_edition":"enterprise","auth_config":{"oidc_providers":[{"id":"demo","name":"Demo","auth_flow":"pkce","auth_endpoint":"http://idp.invalid/authorize","token_endpoint":"http://idp.invalid/token","params":{"client_id":"neo4j-browser","response_type":"code","scope":"openid"}}]}}`, r.Host)
	})
	mux.HandleFunc("POST /db/system/query/v2", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprint(w, `{"data":{"fields":["user","roles","passwordChangeRequired","suspended","home"],"values":[["alice",["PUBLIC","admin"],false,false,null]]}}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestCheckLivePredictsTheTokenItSends: the live check compares Neo4j's
// answer with the prediction for the token it sends. The demo's conf
// validates the access token (aud neo4j-demo); sending the ID token
// instead (aud the client id) is predicted for the ID token, which Neo4j
// would reject on its audience, so the server's login differs from the
// prediction; the token the conf names is compared with the
// investigation's own prediction.
func TestCheckLivePredictsTheTokenItSends(t *testing.T) {
	inv, _, _ := demoInvestigation(t)
	u := liveNeo4j(t)
	r, err := inv.CheckLive(t.Context(), LiveOptions{HTTPURL: u})
	if err != nil {
		t.Fatal(err)
	}
	if r.Prediction != inv.Prediction || r.Prediction.AuthenticationToken != "access_token" || r.Comparison[0].Predicted != predict.OutcomeLogIn || !r.Comparison[0].Match {
		t.Errorf("the access token is not compared with the investigation's prediction: %+v", r.Comparison)
	}
	r, err = inv.CheckLive(t.Context(), LiveOptions{HTTPURL: u, TokenType: "id_token"})
	if err != nil {
		t.Fatal(err)
	}
	p := r.Prediction
	if p == nil || p.AuthenticationToken != "id_token" || p.Token == nil || p.Token.Raw != inv.Tokens.IDToken {
		t.Fatalf("the ID token sent is compared with the prediction for %+v", p)
	}
	if p.Outcome != predict.OutcomeRejected || r.Comparison[0].Predicted != predict.OutcomeRejected || r.Comparison[0].Match {
		t.Errorf("an ID token whose aud is the client id is predicted %s; comparison %+v", p.Outcome, r.Comparison)
	}
	if inv.Prediction.AuthenticationToken != "access_token" || inv.Prediction.Outcome != predict.OutcomeLogIn {
		t.Errorf("the investigation's own prediction changed: %s %s", inv.Prediction.AuthenticationToken, inv.Prediction.Outcome)
	}
}

// TestCheckLivePredictsAGivenToken: a token given alone to the live check
// with a neo4j.conf is predicted as the token Neo4j validates under that
// conf (token_type_authentication), or as the type the caller names.
func TestCheckLivePredictsAGivenToken(t *testing.T) {
	signed, d, _ := demoInvestigation(t)
	u := liveNeo4j(t)
	for _, tc := range []struct {
		name, token, tokenType, predictedType, outcome string
	}{
		{"the access token", signed.Tokens.AccessToken, "", "access_token", predict.OutcomeLogIn},
		{"the ID token as the conf's access token", signed.Tokens.IDToken, "", "access_token", predict.OutcomeRejected},
		{"the ID token said to be one", signed.Tokens.IDToken, "id_token", "id_token", predict.OutcomeRejected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := New(t.Context(), Inputs{Conf: &Conf{Model: d.Model}, Provider: DemoProvider})
			r, err := inv.CheckLive(t.Context(), LiveOptions{HTTPURL: u, Token: tc.token, TokenName: "--token", TokenType: tc.tokenType})
			if err != nil {
				t.Fatal(err)
			}
			p := r.Prediction
			if p == nil || len(r.Comparison) == 0 {
				t.Fatalf("a token given with a conf is not predicted: %+v", r)
			}
			if p.AuthenticationToken != tc.predictedType || p.Outcome != tc.outcome || p.Token == nil || p.Token.Raw != tc.token {
				t.Errorf("predicted %s for the %s (token given: %v); want %s", p.Outcome, p.AuthenticationToken, p.Token != nil && p.Token.Raw == tc.token, tc.outcome)
			}
		})
	}
}
