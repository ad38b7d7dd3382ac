package server

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	neo4jdriver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	driverconfig "github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/lazyre"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
)

// The channels a live check sends the token through.
const (
	ChannelQueryAPI = "query-api" // POST /db/system/query/v2, Authorization: Bearer
	ChannelBolt     = "bolt"      // the Go driver's bearer auth token
)

// ShowCurrentUser is the statement the live check runs on the system
// database (spec §6.3): an admin command, so over HTTP it goes to
// /db/system/query/v2.
const ShowCurrentUser = "SHOW CURRENT USER"

// maxQueryBody caps a Query API response; SHOW CURRENT USER is one row.
const maxQueryBody = 1 << 20

// defaultLiveTimeout applies to each channel when the context has no
// deadline.
const defaultLiveTimeout = 20 * time.Second

// ErrNoCurrentUser is returned when SHOW CURRENT USER gives no row: the
// server runs with authentication disabled (spec §6.3).
var ErrNoCurrentUser = errors.New("SHOW CURRENT USER returned no row")

// ServerError is Neo4j refusing a request: the HTTP status (0 over Bolt)
// and the first entry of the errors list (or the Bolt failure).
type ServerError struct {
	Channel string `json:"channel"`
	Status  int    `json:"http_status,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Body is the response as sent, clipped, when it was not Neo4j's
	// errors shape.
	Body string `json:"body,omitempty"`
}

// AboutToken reports whether the answer is Neo4j's about the token: a
// Neo4j status code, or the statuses its authentication answers with (401,
// 429) or a success. Anything else (a 404 where the Query API should be, a
// proxy's 5xx page) came from something that never evaluated the token.
func (e *ServerError) AboutToken() bool {
	return e.Code != "" || e.Status == http.StatusUnauthorized || e.Status == http.StatusTooManyRequests ||
		(e.Status >= 200 && e.Status < 300)
}

func (e *ServerError) Error() string {
	s := e.Channel + ":"
	if e.Status != 0 {
		s += fmt.Sprintf(" HTTP %d", e.Status)
	}
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += fmt.Sprintf(" %q", e.Message)
	}
	if e.Body != "" {
		s += " (body: " + e.Body + ")"
	}
	return s
}

// LiveInput is what CheckLive sends where.
type LiveInput struct {
	// HTTPURL is Neo4j's HTTP connector (http://host:7474): discovery and
	// the Query API. Empty skips both.
	HTTPURL string
	// BoltURL (bolt://, neo4j://, +s, +ssc) runs the check through the Go
	// driver too. Empty skips Bolt.
	BoltURL string
	// Token is the token Neo4j validates (token_type_authentication): the
	// raw compact JWT. A leading "Bearer " is removed.
	Token string
	// Prediction, when given, is compared with what the server says.
	Prediction *predict.Prediction
	// HTTPClient carries proxies and extra CAs; nil is a plain client.
	HTTPClient *http.Client
}

// LiveServer is what discovery says of the server.
type LiveServer struct {
	URL       string   `json:"url"`
	Version   string   `json:"version"`
	Edition   string   `json:"edition"`
	Providers []string `json:"sso_providers"`
}

// LiveAttempt is one channel's answer.
type LiveAttempt struct {
	Channel string `json:"channel"`
	URL     string `json:"url"`
	// LoggedIn is true when Neo4j authenticated the token, even if the
	// user then lacked the roles to run the statement (Forbidden).
	LoggedIn bool         `json:"logged_in"`
	User     string       `json:"user,omitempty"`
	Roles    []string     `json:"roles,omitempty"`
	Error    *ServerError `json:"error,omitempty"`
	// Failure is a transport failure (nothing answered), as text.
	Failure string `json:"failure,omitempty"`
}

// LiveComparison is one row of prediction against reality.
type LiveComparison struct {
	Field       string `json:"field"` // outcome, user, roles
	Predicted   string `json:"predicted"`
	Actual      string `json:"actual"`
	Match       bool   `json:"match"`
	Explanation string `json:"explanation,omitempty"`
}

// LiveResult is the JSON contract of `ssolens check --json`.
type LiveResult struct {
	Server     *LiveServer         `json:"server"`
	Attempts   []LiveAttempt       `json:"attempts"`
	LoggedIn   bool                `json:"logged_in"`
	User       string              `json:"user"`
	Roles      []string            `json:"roles"`
	Prediction *predict.Prediction `json:"prediction,omitempty"`
	Comparison []LiveComparison    `json:"comparison"`
	// Findings explain each failure (one code per row of the spec's error
	// table) and each difference from the prediction.
	Findings []inspector.Finding `json:"findings"`
}

// CheckLive sends the token Neo4j would validate to a running server and
// reads back who Neo4j thinks the user is (SHOW CURRENT USER): over the
// Query API with Authorization: Bearer <raw JWT> (the server does not
// base64-decode it, whatever the Query API docs say: spec §4.1), and over
// Bolt with the driver's bearer auth token. It never fails: every problem
// is a finding.
func CheckLive(ctx context.Context, in LiveInput) *LiveResult {
	r := &LiveResult{Attempts: []LiveAttempt{}, Roles: []string{}, Comparison: []LiveComparison{}, Findings: []inspector.Finding{}, Prediction: in.Prediction}
	token := strings.TrimSpace(in.Token)
	if t, ok := cutBearer(token); ok {
		token = t
	}
	community := false
	if in.HTTPURL != "" {
		// Every URL shown is redacted: a password in it is the user's.
		shown := discovery.RedactURL(in.HTTPURL)
		sd, err := FetchServerDiscovery(ctx, in.HTTPClient, in.HTTPURL)
		switch {
		case err != nil && isTransportError(err):
			r.Findings = append(r.Findings, FindLiveUnreachable.New(
				fmt.Sprintf("Neo4j at %s did not answer: %v", shown, err),
				"Check the address and port (HTTP 7474, HTTPS 7473), that Neo4j runs, and that no firewall drops the port.", shown))
			r.Attempts = append(r.Attempts, LiveAttempt{Channel: ChannelQueryAPI, URL: shown, Failure: err.Error()})
		case err != nil:
			// Not a discovery document; the Query API may still answer.
			r.Findings = append(r.Findings, FindLiveUnexpected.New(
				fmt.Sprintf("The discovery request to %s failed: %v", shown, err),
				"Give the root of Neo4j's HTTP connector (http://host:7474), not the Browser page or a proxy's login page.", shown))
			r.queryAPI(ctx, in, token, false)
		default:
			r.Server = &LiveServer{URL: sd.URL, Version: sd.Version, Edition: sd.Edition, Providers: []string{}}
			for _, p := range sd.Providers {
				r.Server.Providers = append(r.Server.Providers, p.Name)
			}
			for _, f := range sd.Findings {
				switch f.Code {
				case FindDiscoveryCommunity.Code:
					community = true
				case FindDiscoveryServerUnknown.Code:
				default:
					r.Findings = append(r.Findings, f)
				}
			}
			if community {
				r.Findings = append(r.Findings, FindLiveCommunity.New(
					fmt.Sprintf("%s is Neo4j %s Community Edition: its discovery response has no auth_config, so it has no SSO and rejects every bearer token; nothing in the token can fix that.", sd.URL, sd.Version),
					"Use Neo4j Enterprise Edition (or Aura) for SSO; Community Edition has native users only.",
					fmt.Sprintf("%s: neo4j_edition %q, no auth_config", sd.URL, sd.Edition)))
			}
			r.queryAPI(ctx, in, token, community)
		}
	}
	if in.BoltURL != "" {
		r.bolt(ctx, in, token, community)
	}
	for _, a := range r.Attempts {
		if a.LoggedIn {
			r.LoggedIn, r.User, r.Roles = true, a.User, a.Roles
			break
		}
	}
	if r.Roles == nil {
		r.Roles = []string{}
	}
	// A question about a provider the configuration lacks predicted
	// nothing: there is nothing to compare Neo4j's answer with.
	if in.Prediction != nil && in.Prediction.Outcome != predict.OutcomeNoPrediction && len(r.Attempts) > 0 && r.Reached() {
		r.compare(in.Prediction)
	}
	inspector.SortFindings(r.Findings)
	return r
}

// Reached reports whether some channel got Neo4j's answer about the token
// (a login, or a refusal): a check that got none (no answer, or one that
// never evaluated the token) says nothing of it.
func (r *LiveResult) Reached() bool {
	for _, a := range r.Attempts {
		if a.LoggedIn || (a.Error != nil && a.Error.AboutToken()) {
			return true
		}
	}
	return false
}

func cutBearer(s string) (string, bool) {
	if len(s) > 7 && strings.EqualFold(s[:7], "bearer ") {
		return strings.TrimSpace(s[7:]), true
	}
	return s, false
}

func (r *LiveResult) queryAPI(ctx context.Context, in LiveInput, token string, community bool) {
	u, _ := QueryAPIURL(in.HTTPURL, "system")
	a := LiveAttempt{Channel: ChannelQueryAPI, URL: discovery.RedactURL(u)}
	cu, err := QueryCurrentUser(ctx, in.HTTPClient, in.HTTPURL, token)
	r.finishAttempt(&a, cu, err, community)
}

func (r *LiveResult) bolt(ctx context.Context, in LiveInput, token string, community bool) {
	a := LiveAttempt{Channel: ChannelBolt, URL: discovery.RedactURL(in.BoltURL)}
	cu, err := BoltCurrentUser(ctx, in.BoltURL, token)
	r.finishAttempt(&a, cu, err, community)
}

func (r *LiveResult) finishAttempt(a *LiveAttempt, cu *predict.CurrentUser, err error, community bool) {
	var se *ServerError
	switch {
	case err == nil:
		a.LoggedIn, a.User, a.Roles = true, cu.User, cu.Roles
		r.Findings = append(r.Findings, FindLiveLoggedIn.New(
			fmt.Sprintf("Neo4j accepted the token over %s: SHOW CURRENT USER returns user %s, roles [%s].", a.Channel, cu.User, predict.RoleList(cu.Roles)),
			"", a.URL))
	case errors.Is(err, ErrNoCurrentUser):
		a.LoggedIn = true
		r.Findings = append(r.Findings, FindLiveAuthDisabled.New(
			fmt.Sprintf("SHOW CURRENT USER over %s returned no row: the server runs with dbms.security.auth_enabled=false, so it never checked the token and no SSO login happens.", a.Channel),
			"Set dbms.security.auth_enabled=true (the default) for OIDC to be used.", a.URL))
	case errors.As(err, &se):
		a.Error = se
		f, user, roles, loggedIn := ClassifyServerError(se, a.URL, community)
		a.LoggedIn, a.User, a.Roles = loggedIn, user, roles
		r.Findings = append(r.Findings, f)
	default:
		a.Failure = err.Error()
		fix := "Check the address and port, that Neo4j runs, and that no firewall drops the port."
		if a.Channel == ChannelBolt {
			fix = "Check the Bolt address (bolt://host:7687 or neo4j://host:7687; +s for TLS), that Neo4j runs and that server.bolt.enabled is true; a proxy in front of HTTP does not forward Bolt."
		}
		f := FindLiveUnreachable.New(fmt.Sprintf("Neo4j did not answer over %s: %v", a.Channel, err), fix, a.URL)
		if errors.Is(err, ErrHTTPAsBolt) {
			f = f.WithCommand("ssolens check --neo4j http://host:7474 --bolt bolt://host:7687")
		}
		r.Findings = append(r.Findings, f)
	}
	r.Attempts = append(r.Attempts, *a)
}

var forbiddenPattern = lazyre.New(`(?s)Database access is not allowed for user '(.*)' with roles \[(.*?)\]`)

// ClassifyServerError turns Neo4j's refusal into its finding (spec §6.1,
// §6.2), one code per row. For Forbidden it also returns the user and roles
// the message names: Neo4j did log the user in.
func ClassifyServerError(se *ServerError, where string, community bool) (f inspector.Finding, user string, roles []string, loggedIn bool) {
	ev := where + ": " + se.Error()
	code, msg := se.Code, se.Message
	switch {
	case code == "Neo.ClientError.Security.TokenExpired":
		return FindLiveTokenExpired.New(
			fmt.Sprintf("Neo4j says the token has expired (%q): its exp is in the past by Neo4j's clock.", msg),
			"Get a fresh token (sign in again, or refresh) and retry; long-running clients should use a bearer auth manager that re-fetches the token before exp (the Python driver snippet does).", ev).
			WithCommand("ssolens snippets --kind python-driver --conf neo4j.conf"), "", nil, false
	case code == "Neo.ClientError.Security.Forbidden":
		if m := forbiddenPattern().FindStringSubmatch(msg); m != nil {
			roles = splitRoles(m[2])
			return FindLiveForbidden.New(
				fmt.Sprintf("Neo4j logged %s in, but with roles [%s] only, which give no access to the database: %q", m[1], strings.Join(roles, ", "), msg),
				"Map one of the user's groups to a role with access in group_to_role_mapping (check claims.groups names the claim that carries them), or GRANT ACCESS ON DATABASE … TO a role the user has.", ev), m[1], roles, true
		}
		return FindLiveForbidden.New(fmt.Sprintf("Neo4j logged the user in but refuses the statement: %q", msg),
			"Grant the user's roles the privilege named in the message.", ev), "", nil, true
	case code == "Neo.ClientError.Security.AuthenticationRateLimit" || se.Status == http.StatusTooManyRequests:
		return FindLiveRateLimited.New(
			fmt.Sprintf("Neo4j refuses logins for now after too many failed attempts: %q", msg),
			"Wait (Neo4j says 5 seconds by default: dbms.security.auth_lock_time) and retry; find the client that keeps failing (often one retrying an expired token), which also locks others out.", ev), "", nil, false
	case code == "Neo.TransientError.Security.AuthProviderFailed" || (se.Status == http.StatusBadGateway && code != ""):
		return FindLiveProviderFailed.New(
			fmt.Sprintf("Neo4j could not complete its request to the identity provider (discovery, JWKS or UserInfo): %q", msg),
			"From the Neo4j host, fetch well_known_discovery_uri and jwks_uri; Neo4j needs outbound HTTPS to them (a proxy goes in server.jvm.additional; proxies needing credentials are not supported; a self-signed IdP certificate needs a JVM truststore). debug.log has the cause.", ev), "", nil, false
	case code == "Neo.TransientError.Security.AuthProviderTimeout" || (se.Status == http.StatusGatewayTimeout && code != ""):
		return FindLiveProviderTimeout.New(
			fmt.Sprintf("Neo4j's request to the identity provider timed out: %q", msg),
			"Check the network path from the Neo4j host to the identity provider (firewall, proxy, DNS); retry when the provider is healthy.", ev), "", nil, false
	case code == "Neo.ClientError.Request.InvalidFormat" || (se.Status == http.StatusBadRequest && strings.Contains(msg, "authentication header")):
		return FindLiveInvalidAuthHeader.New(
			fmt.Sprintf("Neo4j cannot read the Authorization header: %q (HTTP %d; the docs say 401, the server code answers 400).", msg, se.Status),
			"Send exactly Authorization: Bearer <token>: one space, the raw compact JWT (three dot-separated parts), not base64-encoded (the Query API docs are wrong there), no quotes, no line break.", ev), "", nil, false
	case code == "Neo.ClientError.Security.Unauthorized" && strings.Contains(msg, "No authentication header supplied"):
		return FindLiveNoAuthHeader.New(
			"Neo4j received no Authorization header, although the request carried one: something between here and Neo4j removed it.",
			"Make the reverse proxy or load balancer forward the Authorization header (nginx forwards it by default unless proxy_set_header Authorization \"\" is set; some API gateways consume it).", ev), "", nil, false
	case code == "Neo.ClientError.Security.Unauthorized" || (se.Status == http.StatusUnauthorized && code == ""):
		if community {
			return FindLiveCommunity.New(
				fmt.Sprintf("Neo4j rejected the token (%q) because Community Edition has no SSO.", msg),
				"Use Neo4j Enterprise Edition (or Aura) for SSO.", ev), "", nil, false
		}
		return FindLiveInvalidCredential.New(
			fmt.Sprintf("Neo4j rejected the token: %q. Neo4j does not say which check failed.", msg),
			"Run the prediction with the server's neo4j.conf: it names the failing check (signature and JWKS, issuer exact match, audience, exp, claims.username). Check that oidc-<provider> is in dbms.security.authentication_providers; security.log has the failure, and dbms.security.logs.oidc.jwt_claims_at_debug_level_enabled=true logs the claims.", ev).
			WithCommand("ssolens roles --conf neo4j.conf --provider NAME --tokens FILE"), "", nil, false
	case se.Status == http.StatusNotFound:
		return FindLiveQueryAPIMissing.New(
			fmt.Sprintf("%s answers 404: there is no Query API there, so Neo4j never evaluated the token; whether it logs in is not known.", where),
			"Check over Bolt (bolt://host:7687), or give the address of Neo4j's HTTP connector itself (http://host:7474), not a path behind a proxy. Neo4j has the Query API from 5.19, on by default from 5.25 (before, add QUERY_API_ENDPOINTS to server.http_enabled_modules).", ev).
			WithCommand("ssolens check --bolt bolt://host:7687"), "", nil, false
	}
	fix := "Read the status and body in the evidence; a proxy in front of Neo4j may answer instead of Neo4j."
	if se.Status == http.StatusBadGateway || se.Status == http.StatusGatewayTimeout {
		fix = "A 502/504 without a Neo4j error code comes from a proxy or load balancer, not from Neo4j: check that Neo4j runs behind it."
	}
	return FindLiveUnexpected.New(fmt.Sprintf("Neo4j (or something in front of it) answered %s.", se.Error()), fix, ev), "", nil, false
}

func splitRoles(s string) []string {
	out := []string{}
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// QueryAPIURL is the Query API endpoint of a database on the HTTP
// connector at base.
func QueryAPIURL(base, database string) (string, error) {
	u, err := discoveryURL(base)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(u, "/") + "/db/" + url.PathEscape(database) + "/query/v2", nil
}

// queryAPIResponse is the Query API's documented JSON (QAPI query.adoc):
// data.fields and data.values on success, errors[] on failure.
type queryAPIResponse struct {
	Data *struct {
		Fields []string            `json:"fields"`
		Values [][]json.RawMessage `json:"values"`
	} `json:"data"`
	Errors []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// QueryCurrentUser runs SHOW CURRENT USER through the Query API of the
// Neo4j at base (http://host:7474), authenticated with Authorization:
// Bearer <token> where token is sent as is: Neo4j's AuthorizationHeaders
// takes the second part of the header unchanged (spec §4.1). Neo4j's
// refusals are *ServerError; ErrNoCurrentUser means authentication is off.
func QueryCurrentUser(ctx context.Context, client *http.Client, base, token string) (*predict.CurrentUser, error) {
	u, err := QueryAPIURL(base, "system")
	if err != nil {
		return nil, err
	}
	ctx, client, cancel := requestDefaults(ctx, client, defaultLiveTimeout)
	defer cancel()
	body, _ := json.Marshal(map[string]string{"statement": ShowCurrentUser})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("query api %s: %w", discovery.RedactURL(u), discovery.WithoutURL(err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("query api %s: %w%s", discovery.RedactURL(u), discovery.WithoutURL(err), fetchHint(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxQueryBody))
	if err != nil {
		return nil, fmt.Errorf("query api %s: reading the response: %w", discovery.RedactURL(u), err)
	}
	var doc queryAPIResponse
	jsonErr := json.Unmarshal(raw, &doc)
	if jsonErr == nil && len(doc.Errors) > 0 {
		return nil, &ServerError{Channel: ChannelQueryAPI, Status: resp.StatusCode, Code: doc.Errors[0].Code, Message: doc.Errors[0].Message}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 || jsonErr != nil || doc.Data == nil {
		return nil, &ServerError{Channel: ChannelQueryAPI, Status: resp.StatusCode, Body: conf.ClipText(strings.TrimSpace(string(raw)), 300)}
	}
	if len(doc.Data.Values) == 0 {
		return nil, ErrNoCurrentUser
	}
	row := map[string]json.RawMessage{}
	for i, f := range doc.Data.Fields {
		if i < len(doc.Data.Values[0]) {
			row[f] = doc.Data.Values[0][i]
		}
	}
	cu := &predict.CurrentUser{Roles: []string{}}
	if err := json.Unmarshal(row["user"], &cu.User); err != nil {
		return nil, &ServerError{Channel: ChannelQueryAPI, Status: resp.StatusCode, Body: "no string user column: " + conf.ClipText(string(raw), 300)}
	}
	if r, ok := row["roles"]; ok && string(r) != "null" {
		if err := json.Unmarshal(r, &cu.Roles); err != nil {
			return nil, &ServerError{Channel: ChannelQueryAPI, Status: resp.StatusCode, Body: "roles is not a list of strings: " + conf.ClipText(string(raw), 300)}
		}
	}
	return cu, nil
}

// BoltBearerAuth is the auth token the live check sends over Bolt: the
// driver's bearer scheme with the raw compact JWT as credentials (the
// drivers call it "base64 encoded"; a JWT already is, spec §4.1).
func BoltBearerAuth(token string) neo4jdriver.AuthToken {
	return neo4jdriver.BearerAuth(token)
}

// ErrHTTPAsBolt is wrapped when the Bolt address is an http(s):// one: the
// HTTP connector's address given where Bolt's was meant.
var ErrHTTPAsBolt = errors.New("not a Bolt address")

// BoltCurrentUser runs SHOW CURRENT USER on the system database over Bolt
// with bearer auth. Neo4j's refusals are *ServerError (Channel bolt);
// anything else is a connection failure.
func BoltCurrentUser(ctx context.Context, boltURL, token string) (*predict.CurrentUser, error) {
	u, err := url.Parse(strings.TrimSpace(boltURL))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("bolt %q: not a URL; give bolt://host:7687 or neo4j://host:7687", discovery.RedactURL(boltURL))
	}
	switch u.Scheme {
	case "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc":
	case "http", "https":
		return nil, fmt.Errorf("bolt %q: %w: an %s:// address is the HTTP connector; Bolt is bolt://%s:7687 (give the HTTP address as Neo4j's HTTP URL)", discovery.RedactURL(boltURL), ErrHTTPAsBolt, u.Scheme, u.Hostname())
	default:
		return nil, fmt.Errorf("bolt %q: unsupported scheme %q; give bolt://host:7687 or neo4j://host:7687", discovery.RedactURL(boltURL), u.Scheme)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultLiveTimeout)
		defer cancel()
	}
	drv, err := neo4jdriver.NewDriverWithContext(boltURL, BoltBearerAuth(token), func(c *driverconfig.Config) {
		c.SocketConnectTimeout = 10 * time.Second
		c.ConnectionAcquisitionTimeout = 15 * time.Second
		c.MaxConnectionPoolSize = 1
	})
	if err != nil {
		return nil, fmt.Errorf("bolt %s: %w", discovery.RedactURL(boltURL), discovery.WithoutURL(err))
	}
	defer drv.Close(context.WithoutCancel(ctx))
	// A plain session, not ExecuteQuery: a managed transaction would retry
	// a refused connection for 30 seconds.
	s := drv.NewSession(ctx, neo4jdriver.SessionConfig{DatabaseName: "system", AccessMode: neo4jdriver.AccessModeRead})
	defer s.Close(context.WithoutCancel(ctx))
	res, err := s.Run(ctx, ShowCurrentUser, nil)
	var recs []*neo4jdriver.Record
	if err == nil {
		recs, err = res.Collect(ctx)
	}
	if err != nil {
		var expired *neo4jdriver.TokenExpiredError
		var n4e *neo4jdriver.Neo4jError
		switch {
		case errors.As(err, &expired):
			return nil, &ServerError{Channel: ChannelBolt, Code: expired.Code, Message: expired.Message}
		case errors.As(err, &n4e):
			return nil, &ServerError{Channel: ChannelBolt, Code: n4e.Code, Message: n4e.Msg}
		}
		return nil, fmt.Errorf("bolt %s: %w%s", discovery.RedactURL(boltURL), err, boltHint(err))
	}
	if len(recs) == 0 {
		return nil, ErrNoCurrentUser
	}
	cu := &predict.CurrentUser{Roles: []string{}}
	if v, ok := recs[0].Get("user"); ok {
		cu.User, _ = v.(string)
	}
	if v, ok := recs[0].Get("roles"); ok {
		list, _ := v.([]any)
		for _, r := range list {
			if s, ok := r.(string); ok {
				cu.Roles = append(cu.Roles, s)
			}
		}
	}
	return cu, nil
}

func boltHint(err error) string {
	s := err.Error()
	switch {
	case strings.Contains(s, "connection refused"):
		return ": nothing listens there; is Neo4j running with Bolt enabled (server.bolt.enabled) on that port (7687 by default)?"
	case strings.Contains(s, "no such host"):
		return ": the host name does not resolve; check the address"
	case strings.Contains(s, "certificate"):
		return ": the server's TLS certificate is not trusted; use bolt+ssc:// for a self-signed certificate, or bolt:// without TLS"
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(s, "timeout"):
		return ": no answer in time; is a firewall dropping the port?"
	}
	return ""
}

// isTransportError tells "nothing answered" from "something answered
// badly" in FetchServerDiscovery's errors.
func isTransportError(err error) bool {
	return !errors.Is(err, ErrNotNeo4j) && !errors.Is(err, ErrDiscoveryHTML) &&
		!errors.Is(err, ErrDiscoveryTooLarge) && !errors.Is(err, ErrDiscoveryStatus) &&
		!strings.Contains(err.Error(), "no server address") && !strings.Contains(err.Error(), "scheme")
}

// compare puts the prediction beside what Neo4j said and explains each
// difference.
func (r *LiveResult) compare(p *predict.Prediction) {
	actualOutcome := "rejected"
	var refusal *LiveAttempt
	for i := range r.Attempts {
		if e := r.Attempts[i].Error; e != nil && e.AboutToken() && refusal == nil {
			refusal = &r.Attempts[i]
		}
	}
	if r.LoggedIn {
		actualOutcome = "logged in"
	} else if refusal != nil {
		actualOutcome = "rejected: " + refusal.Error.Code
		if refusal.Error.Message != "" {
			actualOutcome += " " + refusal.Error.Message
		}
	}
	predLogsIn := p.Outcome == predict.OutcomeLogIn
	match := predLogsIn == r.LoggedIn
	if p.Outcome == predict.OutcomeAuthDisabled {
		// Predicted: no login asked for. Neo4j agrees when it lets the
		// request in with no user.
		match = r.LoggedIn && r.User == ""
	}
	row := LiveComparison{Field: "outcome", Predicted: p.Outcome, Actual: actualOutcome, Match: match}
	var diffs []string
	if !row.Match {
		row.Explanation = outcomeExplanation(p, r.LoggedIn)
		diffs = append(diffs, "outcome: "+row.Explanation)
	}
	r.Comparison = append(r.Comparison, row)
	if !r.LoggedIn || r.User == "" {
		if len(diffs) > 0 {
			r.differs(p, diffs)
		}
		return
	}
	predUser, predRoles := p.Username, p.Roles
	predWho := predUser
	if c := p.ShowCurrentUser; c != nil {
		predUser, predRoles, predWho = c.User, c.Roles, c.Who()
	}
	// With require_local_user and no local users given, the prediction
	// names the link, not the user: any name Neo4j gives agrees with it.
	linked := predUser == "" && predWho != ""
	urow := LiveComparison{Field: "user", Predicted: predWho, Actual: r.User, Match: predUser == r.User || linked}
	if !urow.Match && predUser != "" {
		urow.Explanation = userExplanation(p, r.User)
		diffs = append(diffs, "user: "+urow.Explanation)
	}
	r.Comparison = append(r.Comparison, urow)
	missing, extra := setDiff(predRoles, r.Roles), setDiff(r.Roles, predRoles)
	rrow := LiveComparison{Field: "roles", Predicted: strings.Join(sortedCopy(predRoles), ", "), Actual: strings.Join(sortedCopy(r.Roles), ", "),
		Match: len(missing) == 0 && len(extra) == 0}
	if !rrow.Match && predLogsIn {
		rrow.Explanation = rolesExplanation(missing, extra)
		diffs = append(diffs, "roles: "+rrow.Explanation)
	}
	r.Comparison = append(r.Comparison, rrow)
	if len(diffs) > 0 {
		r.differs(p, diffs)
		return
	}
	r.Findings = append(r.Findings, FindLiveMatches.New(
		fmt.Sprintf("Neo4j logged %s in with roles [%s], as predicted.", r.User, predict.RoleList(r.Roles)), "",
		fmt.Sprintf("provider %s: predicted user %s, roles [%s]", p.Provider, predWho, strings.Join(predRoles, ", "))))
}

func (r *LiveResult) differs(p *predict.Prediction, diffs []string) {
	r.Findings = append(r.Findings, FindLiveDiffers.New(
		"The server does not do what the prediction said. "+strings.Join(diffs, " "),
		"Compare the server's neo4j.conf with the one given (audience, issuer, claims.*, group_to_role_mapping, the provider lists); settings changed at runtime apply after re-authentication, and roles are cached for dbms.security.auth_cache_ttl (10m).",
		fmt.Sprintf("provider %s, predicted %s", p.Provider, p.Outcome)))
}

func outcomeExplanation(p *predict.Prediction, loggedIn bool) string {
	var unchecked, failed []string
	for _, s := range p.Steps {
		switch s.Status {
		case predict.StepNotChecked:
			unchecked = append(unchecked, s.Name)
		case predict.StepFailed:
			failed = append(failed, s.Name+" ("+s.Detail+")")
		}
	}
	if loggedIn {
		if p.Outcome == predict.OutcomeClientError {
			return "the prediction's failure is in Neo4j Browser's SSO client (token_type_principal), before any server; the server itself accepts this token, so drivers and the Query API work while the Browser button fails."
		}
		return fmt.Sprintf("Neo4j accepted a token the prediction rejected at %s: the server's configuration differs from the one given (another audience, issuer or claims.username), or the check rests on inference.", strings.Join(failed, ", "))
	}
	msg := "Neo4j rejected a token the prediction accepted"
	if len(unchecked) > 0 {
		msg += "; the prediction could not check " + strings.Join(unchecked, ", ") + ", the likely cause"
	}
	return msg + ". Otherwise the server's configuration differs from the one given: the provider not in dbms.security.authentication_providers, another audience or issuer, require_local_user, or Neo4j cannot reach the provider's JWKS."
}

func userExplanation(p *predict.Prediction, actual string) string {
	var same []string
	if p.Token != nil && p.Token.Claims != nil {
		for _, m := range p.Token.Claims.Members {
			var s string
			if json.Unmarshal(m.Value, &s) == nil && s == actual {
				same = append(same, m.Name)
			}
		}
	}
	if len(same) > 0 {
		return fmt.Sprintf("Neo4j names the user %q, the value of the token's %s claim: the server's claims.username is %s, not what the conf given says.", actual, strings.Join(same, "/"), same[0])
	}
	return fmt.Sprintf("Neo4j names the user %q, which is no claim of the token: with dbms.security.require_local_user=true the name is the local user linked to the provider (SET AUTH 'oidc-%s' {SET ID …}), or get_username_from_user_info reads it from UserInfo.", actual, p.Provider)
}

func rolesExplanation(missing, extra []string) string {
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, fmt.Sprintf("predicted but absent: %s — the role may not exist in the DBMS (CREATE ROLE), the server's group_to_role_mapping or claims.groups differs, the provider is not in dbms.security.authorization_providers, or older roles are still cached (dbms.security.auth_cache_ttl)", strings.Join(missing, ", ")))
	}
	if len(extra) > 0 {
		parts = append(parts, fmt.Sprintf("present but not predicted: %s — native roles of a user of the same name (native in dbms.security.authorization_providers), ABAC auth rules (2026.03+), or a mapping on the server that the conf given lacks", strings.Join(extra, ", ")))
	}
	return strings.Join(parts, "; ") + "."
}

func setDiff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}

// Summary is the server in one line: version, edition, address and its
// SSO providers.
func (s *LiveServer) Summary() string {
	sso := "no SSO providers"
	if len(s.Providers) > 0 {
		sso = "SSO providers " + strings.Join(s.Providers, ", ")
	}
	return fmt.Sprintf("Neo4j %s %s at %s · %s", cmp.Or(s.Version, "-"), cmp.Or(s.Edition, "-"), cmp.Or(s.URL, "-"), sso)
}

// Status is what one channel answered, in a few words.
func (a LiveAttempt) Status() string {
	switch {
	case a.LoggedIn && a.User != "":
		return fmt.Sprintf("logged in as %s, roles [%s]", a.User, predict.RoleList(a.Roles))
	case a.LoggedIn:
		return "no user (authentication disabled)"
	case a.Error != nil && !a.Error.AboutToken():
		return "no answer about the token: " + a.Error.Error()
	case a.Error != nil:
		return "refused: " + a.Error.Error()
	case a.Failure != "":
		return "no answer: " + a.Failure
	}
	return "rejected"
}

// Outcome is what Neo4j did with the token, in one sentence.
func (r *LiveResult) Outcome() string {
	switch {
	case !r.LoggedIn && !r.Reached():
		return "Neo4j gave no answer about the token"
	case !r.LoggedIn:
		return "Neo4j rejected the token"
	case r.User == "":
		return "Neo4j let the request in with no user: authentication is disabled"
	}
	return "Neo4j logged in " + r.User + " with roles [" + predict.RoleList(r.Roles) + "]"
}
