package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/predict"
)

// liveJWT is a compact JWT as an IdP sends it; the stand-in compares the
// Authorization header with it byte for byte.
const liveJWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLmNvbSIsInN1YiI6ImFsaWNlIn0.c2lnbmF0dXJl"

// neo4jStandIn is NOT Neo4j: no Neo4j server can run where these tests
// run, so this loopback server answers with the response shapes the spec
// documents (§5.1 discovery, §6.2 Query API errors, §6.3 SHOW CURRENT USER)
// to test the client against them.
type neo4jStandIn struct {
	edition string // "enterprise" (auth_config with one provider) or "community" (none)
	// status and body, when set, are the Query API's answer whatever the
	// request; otherwise the stand-in checks the header like Neo4j does.
	status int
	body   string
	user   string
	roles  []string

	mu            sync.Mutex
	authorization []string // Authorization headers received
	statements    []string
}

// newNeo4jStandIn starts a stand-in for a Neo4j HTTP connector on loopback.
func newNeo4jStandIn(t *testing.T, s *neo4jStandIn) string {
	t.Helper()
	if s.edition == "" {
		s.edition = "enterprise"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		doc := map[string]any{"bolt_direct": "bolt://localhost:7687", "bolt_routing": "neo4j://localhost:7687",
			"query": "http://" + r.Host + "/db/{databaseName}/query/v2", "neo4j_version": "2026.03.0", "neo4j_edition": s.edition}
		if s.edition != "community" {
			doc["auth_config"] = map[string]any{"oidc_providers": []any{map[string]any{
				"id": "demo", "name": "Demo", "auth_flow": "pkce", "auth_endpoint": "https://idp.example.com/authorize",
				"token_endpoint": "https://idp.example.com/token", "well_known_discovery_uri": "https://idp.example.com/.well-known/openid-configuration",
				"params": map[string]any{"client_id": "neo4j-browser", "response_type": "code", "scope": "openid profile email"},
			}}}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(doc)
	})
	mux.HandleFunc("POST /db/system/query/v2", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Statement string `json:"statement"`
		}
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &req)
		s.mu.Lock()
		s.authorization = append(s.authorization, r.Header.Get("Authorization"))
		s.statements = append(s.statements, req.Statement)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if s.status != 0 {
			if s.status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Basic realm="Neo4j", Bearer realm="Neo4j"`)
			}
			w.WriteHeader(s.status)
			io.WriteString(w, s.body)
			return
		}
		h := r.Header.Get("Authorization")
		parts := strings.Split(h, " ")
		switch {
		case h == "":
			w.WriteHeader(401)
			io.WriteString(w, `{"errors":[{"code":"Neo.ClientError.Security.Unauthorized","message":"No authentication header supplied."}]}`)
		case len(parts) != 2 || !strings.EqualFold(parts[0], "bearer"):
			w.WriteHeader(400)
			io.WriteString(w, `{"errors":[{"code":"Neo.ClientError.Request.InvalidFormat","message":"Invalid authentication header."}]}`)
		case parts[1] != liveJWT:
			w.WriteHeader(401)
			io.WriteString(w, `{"errors":[{"code":"Neo.ClientError.Security.Unauthorized","message":"Invalid credential."}]}`)
		default:
			roles, _ := json.Marshal(s.roles)
			w.WriteHeader(202) // the docs snapshot answers 202
			io.WriteString(w, `{"data":{"fields":["user","roles","passwordChangeRequired","suspended","home"],"values":[[`+
				mustJSON(s.user)+`,`+string(roles)+`,false,false,null]]},"bookmarks":["FB:kcwQ"]}`)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func liveCodes(r *LiveResult) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Code)
	}
	return out
}

func TestLiveStandInReceivesTheRawJWTNotBase64(t *testing.T) {
	s := &neo4jStandIn{user: "alice", roles: []string{"PUBLIC", "admin"}}
	u := newNeo4jStandIn(t, s)
	r := CheckLive(t.Context(), LiveInput{HTTPURL: u, Token: "Bearer " + liveJWT})
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.authorization) != 1 || s.authorization[0] != "Bearer "+liveJWT {
		t.Fatalf("Authorization headers = %q, want exactly Bearer <raw JWT>", s.authorization)
	}
	if s.statements[0] != "SHOW CURRENT USER" {
		t.Errorf("statement = %q", s.statements[0])
	}
	if !r.LoggedIn || r.User != "alice" || !slices.Equal(r.Roles, []string{"PUBLIC", "admin"}) {
		t.Errorf("result = logged in %v, user %q, roles %v", r.LoggedIn, r.User, r.Roles)
	}
	if r.Server == nil || r.Server.Version != "2026.03.0" || r.Server.Edition != "enterprise" || !slices.Equal(r.Server.Providers, []string{"demo"}) {
		t.Errorf("server = %+v", r.Server)
	}
	if !slices.Contains(liveCodes(r), "live-logged-in") {
		t.Errorf("codes = %v", liveCodes(r))
	}
}

// TestLiveStandInErrorTable: every row of the spec's error table (§6.1,
// §6.2) gets its own finding code.
func TestLiveStandInErrorTable(t *testing.T) {
	errBody := func(code, msg string) string {
		return `{"errors":[{"code":"` + code + `","message":"` + msg + `"}]}`
	}
	tests := []struct {
		name      string
		standIn   *neo4jStandIn
		token     string
		want      string
		wantUser  string
		wantRoles []string
	}{
		{"401 Invalid credential", &neo4jStandIn{}, "eyJ.wrong.token", "live-invalid-credential", "", nil},
		{"401 older Invalid username or password", &neo4jStandIn{status: 401, body: errBody("Neo.ClientError.Security.Unauthorized", "Invalid username or password.")}, liveJWT, "live-invalid-credential", "", nil},
		{"401 No authentication header supplied", &neo4jStandIn{status: 401, body: errBody("Neo.ClientError.Security.Unauthorized", "No authentication header supplied.")}, liveJWT, "live-no-auth-header", "", nil},
		{"400 InvalidFormat from a token with a space", &neo4jStandIn{}, "eyJ.a b", "live-invalid-auth-header", "", nil},
		{"429 AuthenticationRateLimit", &neo4jStandIn{status: 429, body: errBody("Neo.ClientError.Security.AuthenticationRateLimit", "Too many failed authentication requests. Please wait 5 seconds and try again.")}, liveJWT, "live-rate-limited", "", nil},
		{"502 AuthProviderFailed", &neo4jStandIn{status: 502, body: errBody("Neo.TransientError.Security.AuthProviderFailed", "An auth provider request failed.")}, liveJWT, "live-auth-provider-failed", "", nil},
		{"504 AuthProviderTimeout", &neo4jStandIn{status: 504, body: errBody("Neo.TransientError.Security.AuthProviderTimeout", "An auth provider request timed out.")}, liveJWT, "live-auth-provider-timeout", "", nil},
		{"TokenExpired", &neo4jStandIn{status: 401, body: errBody("Neo.ClientError.Security.TokenExpired", "The auth provider token has expired.")}, liveJWT, "live-token-expired", "", nil},
		{"Forbidden with roles [PUBLIC]", &neo4jStandIn{status: 403, body: errBody("Neo.ClientError.Security.Forbidden", "Database access is not allowed for user 'carol' with roles [PUBLIC].")}, liveJWT, "live-database-forbidden", "carol", []string{"PUBLIC"}},
		{"Community edition", &neo4jStandIn{edition: "community", status: 401, body: errBody("Neo.ClientError.Security.Unauthorized", "Invalid credential.")}, liveJWT, "live-community-edition", "", nil},
		{"404 no Query API", &neo4jStandIn{status: 404, body: ""}, liveJWT, "live-query-api-unavailable", "", nil},
		{"500 from a proxy", &neo4jStandIn{status: 500, body: "<html>oops</html>"}, liveJWT, "live-unexpected-response", "", nil},
		{"no row: auth disabled", &neo4jStandIn{status: 200, body: `{"data":{"fields":["user","roles"],"values":[]}}`}, liveJWT, "live-auth-disabled", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.standIn
			u := newNeo4jStandIn(t, s)
			r := CheckLive(t.Context(), LiveInput{HTTPURL: u, Token: tc.token})
			got := liveCodes(r)
			if !slices.Contains(got, tc.want) {
				t.Fatalf("codes = %v, want %s", got, tc.want)
			}
			for _, c := range []string{"live-invalid-credential", "live-community-edition"} {
				if c != tc.want && slices.Contains(got, c) {
					t.Errorf("codes = %v: %s is not this row", got, c)
				}
			}
			f := r.Findings[slices.Index(got, tc.want)]
			if f.Message == "" || (f.Fix == "" && tc.want != "live-logged-in") || f.Evidence == "" {
				t.Errorf("finding lacks cause, fix or evidence: %+v", f)
			}
			if r.User != tc.wantUser || !slices.Equal(r.Roles, append([]string{}, tc.wantRoles...)) {
				t.Errorf("actual user %q roles %v, want %q %v", r.User, r.Roles, tc.wantUser, tc.wantRoles)
			}
		})
	}
}

func TestLiveStandInComparesWithThePrediction(t *testing.T) {
	pred := func(roles ...string) *predict.Prediction {
		return &predict.Prediction{Provider: "demo", Outcome: predict.OutcomeLogIn, Username: "alice", Roles: roles,
			ShowCurrentUser: &predict.CurrentUser{User: "alice", Roles: roles}}
	}
	t.Run("roles match", func(t *testing.T) {
		u := newNeo4jStandIn(t, &neo4jStandIn{user: "alice", roles: []string{"PUBLIC", "admin"}})
		r := CheckLive(t.Context(), LiveInput{HTTPURL: u, Token: liveJWT, Prediction: pred("PUBLIC", "admin")})
		if !slices.Contains(liveCodes(r), "live-matches-prediction") || slices.Contains(liveCodes(r), "live-differs-from-prediction") {
			t.Errorf("codes = %v", liveCodes(r))
		}
		for _, c := range r.Comparison {
			if !c.Match {
				t.Errorf("row %+v does not match", c)
			}
		}
		if len(r.Comparison) != 3 {
			t.Errorf("comparison rows = %+v, want outcome, user, roles", r.Comparison)
		}
	})
	t.Run("roles differ", func(t *testing.T) {
		u := newNeo4jStandIn(t, &neo4jStandIn{user: "alice", roles: []string{"PUBLIC", "reader"}})
		r := CheckLive(t.Context(), LiveInput{HTTPURL: u, Token: liveJWT, Prediction: pred("PUBLIC", "admin")})
		if !slices.Contains(liveCodes(r), "live-differs-from-prediction") {
			t.Fatalf("codes = %v", liveCodes(r))
		}
		row := r.Comparison[2]
		if row.Field != "roles" || row.Match || !strings.Contains(row.Explanation, "predicted but absent: admin") ||
			!strings.Contains(row.Explanation, "present but not predicted: reader") {
			t.Errorf("roles row = %+v", row)
		}
	})
	t.Run("linked local user", func(t *testing.T) {
		// require_local_user, no local users given: the prediction names
		// the link; Neo4j's name for the linked user agrees with it.
		u := newNeo4jStandIn(t, &neo4jStandIn{user: "jake", roles: []string{"PUBLIC"}})
		p := &predict.Prediction{Provider: "demo", Outcome: predict.OutcomeLogIn, Username: "alice", Roles: []string{"PUBLIC"},
			ShowCurrentUser: &predict.CurrentUser{Roles: []string{"PUBLIC"}, AuthProvider: "oidc-demo", AuthID: "alice"}}
		r := CheckLive(t.Context(), LiveInput{HTTPURL: u, Token: liveJWT, Prediction: p})
		if !slices.Contains(liveCodes(r), "live-matches-prediction") || slices.Contains(liveCodes(r), "live-differs-from-prediction") {
			t.Errorf("codes = %v, comparison %+v", liveCodes(r), r.Comparison)
		}
		if len(r.Comparison) < 2 || !r.Comparison[1].Match || !strings.Contains(r.Comparison[1].Predicted, `linked to oidc-demo ID "alice"`) {
			t.Errorf("user row %+v", r.Comparison)
		}
		for _, f := range r.Findings {
			if strings.Contains(f.Evidence, "predicted user ,") {
				t.Errorf("evidence names an empty user: %q", f.Evidence)
			}
		}
	})
	t.Run("no prediction", func(t *testing.T) {
		// A provider the configuration lacks: nothing was predicted, so
		// Neo4j's answer is not said to differ from a prediction.
		u := newNeo4jStandIn(t, &neo4jStandIn{user: "alice", roles: []string{"PUBLIC", "admin"}})
		p := &predict.Prediction{Provider: "nope", Outcome: predict.OutcomeNoPrediction, Roles: []string{},
			Steps: []predict.Step{{Name: "provider", Status: predict.StepFailed, Detail: "no provider \"nope\" is configured"}}}
		r := CheckLive(t.Context(), LiveInput{HTTPURL: u, Token: liveJWT, Prediction: p})
		if !r.LoggedIn || len(r.Comparison) != 0 || slices.Contains(liveCodes(r), "live-differs-from-prediction") {
			t.Errorf("codes = %v, comparison %+v", liveCodes(r), r.Comparison)
		}
	})
	t.Run("predicted login, rejected", func(t *testing.T) {
		u := newNeo4jStandIn(t, &neo4jStandIn{})
		p := pred("PUBLIC", "admin")
		p.Steps = []predict.Step{{Name: "signature", Status: predict.StepNotChecked}}
		r := CheckLive(t.Context(), LiveInput{HTTPURL: u, Token: "eyJ.other.token", Prediction: p})
		if r.Comparison[0].Match || !strings.Contains(r.Comparison[0].Explanation, "could not check signature") {
			t.Errorf("outcome row = %+v", r.Comparison[0])
		}
	})
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestLiveUnreachableHTTP(t *testing.T) {
	r := CheckLive(t.Context(), LiveInput{HTTPURL: "http://" + closedPort(t), Token: liveJWT})
	if !slices.Equal(liveCodes(r), []string{"live-unreachable"}) || r.LoggedIn {
		t.Errorf("codes = %v", liveCodes(r))
	}
	// Nothing answered: not a rejection of the token.
	if r.Reached() || r.Outcome() != "Neo4j gave no answer about the token" {
		t.Errorf("reached %v, outcome %q", r.Reached(), r.Outcome())
	}
}

func TestLiveBoltConnectionRefusedIsAClearFinding(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	r := CheckLive(ctx, LiveInput{BoltURL: "bolt://" + closedPort(t), Token: liveJWT})
	if !slices.Equal(liveCodes(r), []string{"live-unreachable"}) {
		t.Fatalf("codes = %v", liveCodes(r))
	}
	f := r.Findings[0]
	if !strings.Contains(f.Message, "bolt") || !strings.Contains(f.Message, "nothing listens there") || !strings.Contains(f.Fix, "7687") {
		t.Errorf("finding = %+v", f)
	}
}

func TestLiveBoltRejectsAnHTTPAddress(t *testing.T) {
	_, err := BoltCurrentUser(t.Context(), "http://localhost:7474", liveJWT)
	if err == nil || !strings.Contains(err.Error(), "bolt://localhost:7687") {
		t.Errorf("err = %v", err)
	}
}

func TestBoltBearerAuthCarriesTheRawJWT(t *testing.T) {
	tok := BoltBearerAuth(liveJWT)
	if tok.Tokens["scheme"] != "bearer" || tok.Tokens["credentials"] != liveJWT {
		t.Errorf("auth token = %v, want scheme bearer with the raw JWT", tok.Tokens)
	}
	if _, ok := tok.Tokens["principal"]; ok {
		t.Errorf("a bearer token carries no principal: %v", tok.Tokens)
	}
}

func TestClassifyBoltErrorsLikeHTTP(t *testing.T) {
	for code, want := range map[string]string{
		"Neo.ClientError.Security.TokenExpired":          "live-token-expired",
		"Neo.ClientError.Security.Unauthorized":          "live-invalid-credential",
		"Neo.TransientError.Security.AuthProviderFailed": "live-auth-provider-failed",
	} {
		f, _, _, _ := ClassifyServerError(&ServerError{Channel: ChannelBolt, Code: code, Message: "m"}, "bolt://x", false)
		if f.Code != want {
			t.Errorf("%s → %s, want %s", code, f.Code, want)
		}
	}
}

// TestLiveAuthDisabledMatchesItsPrediction: a server with authentication
// off lets the request in with no user, which is what a prediction of
// auth-disabled says: the outcomes match, and no difference is reported.
func TestLiveAuthDisabledMatchesItsPrediction(t *testing.T) {
	s := &neo4jStandIn{status: http.StatusAccepted, body: `{"data":{"fields":["user","roles","passwordChangeRequired","suspended","home"],"values":[]}}`}
	u := newNeo4jStandIn(t, s)
	r := CheckLive(t.Context(), LiveInput{HTTPURL: u, Token: liveJWT, Prediction: &predict.Prediction{Outcome: predict.OutcomeAuthDisabled}})
	if !r.LoggedIn || r.User != "" {
		t.Fatalf("stand-in with auth off: logged in %v, user %q", r.LoggedIn, r.User)
	}
	for _, c := range r.Comparison {
		if c.Field == "outcome" && !c.Match {
			t.Errorf("outcome row %+v: auth-disabled predicted, and Neo4j asked for no login", c)
		}
	}
	if slices.Contains(liveCodes(r), "live-differs-from-prediction") {
		t.Errorf("findings %v report a difference", liveCodes(r))
	}
}

// An http:// address given as the Bolt one: the error says what it is in
// words any face shows (no flag); the finding's command names the flags.
func TestHTTPAddressAsBoltNamesNoFlag(t *testing.T) {
	_, err := BoltCurrentUser(t.Context(), "http://localhost:7474", liveJWT)
	if !errors.Is(err, ErrHTTPAsBolt) || !strings.Contains(err.Error(), "Neo4j's HTTP URL") || strings.Contains(err.Error(), "--") {
		t.Fatalf("error %v", err)
	}
	r := CheckLive(t.Context(), LiveInput{BoltURL: "http://localhost:7474", Token: liveJWT})
	var f *inspector.Finding
	for i := range r.Findings {
		if r.Findings[i].Code == FindLiveUnreachable.Code {
			f = &r.Findings[i]
		}
	}
	if f == nil || strings.Contains(f.Message+f.Fix, "--") || f.Command != "ssolens check --neo4j http://host:7474 --bolt bolt://host:7687" {
		t.Errorf("findings %+v", r.Findings)
	}
}

// TestLiveAnswerNotAboutTheToken: a Query API that is not there (404) or
// a proxy's page without a Neo4j status code never evaluated the token:
// the check reached no verdict on it (as for a server that does not
// answer), compares nothing with the prediction, and the 404's fix names
// the ways to a verdict (Bolt, or the HTTP connector's own address).
func TestLiveAnswerNotAboutTheToken(t *testing.T) {
	pred := &predict.Prediction{Provider: "demo", Outcome: predict.OutcomeLogIn, Username: "alice", Roles: []string{"PUBLIC"}}
	for _, tc := range []struct {
		name    string
		standIn *neo4jStandIn
		code    string
	}{
		{"404 no Query API", &neo4jStandIn{status: 404}, "live-query-api-unavailable"},
		{"404 with a body", &neo4jStandIn{status: 404, body: "<html>Not Found</html>"}, "live-query-api-unavailable"},
		{"500 from a proxy", &neo4jStandIn{status: 500, body: "<html>oops</html>"}, "live-unexpected-response"},
		{"502 from a proxy", &neo4jStandIn{status: 502, body: "Bad Gateway"}, "live-unexpected-response"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := CheckLive(t.Context(), LiveInput{HTTPURL: newNeo4jStandIn(t, tc.standIn), Token: liveJWT, Prediction: pred})
			if r.Reached() || r.LoggedIn || r.Outcome() != "Neo4j gave no answer about the token" {
				t.Errorf("reached %v, outcome %q: Neo4j said nothing about the token", r.Reached(), r.Outcome())
			}
			if len(r.Comparison) != 0 || slices.Contains(liveCodes(r), FindLiveDiffers.Code) {
				t.Errorf("compared with the prediction: %+v, codes %v", r.Comparison, liveCodes(r))
			}
			if s := r.Attempts[0].Status(); !strings.HasPrefix(s, "no answer about the token: ") {
				t.Errorf("attempt status %q", s)
			}
			f := r.Findings[slices.Index(liveCodes(r), tc.code)]
			if tc.code == FindLiveQueryAPIMissing.Code {
				if !strings.Contains(f.Message, "never evaluated the token") || !strings.Contains(f.Fix, "bolt://") || !strings.Contains(f.Fix, "http://host:7474") {
					t.Errorf("the 404 finding does not say the token was not evaluated and how to get a verdict: %+v", f)
				}
			}
		})
	}
	// Neo4j's own refusals stay answers about the token.
	r := CheckLive(t.Context(), LiveInput{HTTPURL: newNeo4jStandIn(t, &neo4jStandIn{}), Token: "eyJ.wrong.token", Prediction: pred})
	if !r.Reached() || len(r.Comparison) == 0 {
		t.Errorf("a 401 Invalid credential is not an answer: reached %v", r.Reached())
	}
}
