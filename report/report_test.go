package report

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/pkce"

	"github.com/ssolens/ssolens/internal/mdtext"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testNow is the fixed clock of these tests.
var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// craft builds a JWS from literal JSON with a fixed 256-byte signature, so
// fingerprints and golden files are stable.
func craft(header, payload string) string {
	sig := make([]byte, 256)
	for i := range sig {
		sig[i] = byte(255 - i)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(sig)
}

// The secrets and personal data of the fixed investigation: none of them
// may appear in a redacted report.
const (
	email        = "alice.smith@example.com"
	refreshToken = "rt8xLOxBtZp8QwErTy4711abcdefGHIJ"
	clientSecret = "s3cr3t-Value-9"
	claimSecret  = "hunter2-secret-value"
	sessionRef   = "Zx9Q2mL7pR4tV8wK1nB5cY3hJ6"
	authCode     = "c0de_Qm9WbXpLxR2tN8vB4kS7yH1dF5g"
)

var personal = []string{email, "Alice Smith", "Alice", "Smith", "asmith"}

type fixture struct {
	id, access string
	inv        *Investigation
}

func newFixture(t testing.TB) fixture {
	t.Helper()
	iat := testNow.Add(-5 * time.Minute).Unix()
	header := `{"alg":"RS256","kid":"key-2026","typ":"JWT"}`
	id := craft(header, fmt.Sprintf(`{"iss":"https://idp.example.com/oauth2/default","sub":"00u1a2b3c4","aud":"0oa9client",`+
		`"iat":%d,"exp":%d,"nonce":"n-42","name":"Alice Smith","given_name":"Alice","family_name":"Smith",`+
		`"email":%q,"preferred_username":"asmith","groups":["engineers","analysts"]}`, iat, iat+3600, email))
	access := craft(header, fmt.Sprintf(`{"ver":1,"iss":"https://idp.example.com/oauth2/default","sub":%q,"aud":"api://default",`+
		`"iat":%d,"exp":%d,"cid":"0oa9client","scp":["openid","profile"],"groups":["engineers"],`+
		`"custom_secret":%q,"session_ref":%q,"tenant":"11111111-2222-3333-4444-555555555555"}`, email, iat, iat+3300, claimSecret, sessionRef))
	resp := fmt.Sprintf(`{"token_type":"Bearer","expires_in":3300,"access_token":%q,"id_token":%q,"refresh_token":%q,"scope":"openid profile"}`,
		access, id, refreshToken)
	rep := inspector.Inspect([]byte(resp), inspector.Options{Now: func() time.Time { return testNow }, Location: time.UTC})
	for _, tok := range rep.Tokens {
		if tok.Kind != inspector.KindJWS {
			continue
		}
		tok.Signature = &inspector.Signature{Verified: true, Alg: "RS256", Kid: "key-2026",
			KeySource: "JWKS https://idp.example.com/oauth2/default/v1/keys"}
		tok.Checks = []inspector.Check{
			{Name: "iss", OK: true, Expected: "https://idp.example.com/oauth2/default", Actual: "https://idp.example.com/oauth2/default"},
			{Name: "aud", OK: tok.Role == inspector.RoleAccessToken, Expected: "api://default", Actual: map[bool]string{true: "api://default", false: "0oa9client"}[tok.Role == inspector.RoleAccessToken]},
		}
	}
	start := testNow.Add(-2 * time.Minute)
	pred := &predict.Prediction{
		Provider: "okta", Neo4jVersion: conf.Version{Major: 2026, Minor: 8}, Outcome: predict.OutcomeLogIn,
		PrincipalToken: "access_token", AuthenticationToken: "access_token",
		Username: email, Groups: []string{"engineers"}, Roles: []string{"PUBLIC", "admin"},
		Grants:          []predict.Grant{{Group: "engineers", Roles: []string{"admin"}, Line: 22, Via: "mapping"}},
		UnmappedGroups:  []string{},
		NearMisses:      []predict.NearMiss{},
		ShowCurrentUser: &predict.CurrentUser{User: email, Roles: []string{"PUBLIC", "admin"}},
		Steps: []predict.Step{
			{Name: "principal-token", Status: predict.StepPassed, Detail: "the client decodes the access_token (token_type_principal)"},
			{Name: "signature", Status: predict.StepPassed, Detail: "RS256, kid key-2026"},
			{Name: "username", Status: predict.StepPassed, Detail: "claims.username=sub: " + email},
			{Name: "roles", Status: predict.StepPassed, Detail: "engineers → admin"},
		},
		Findings: []inspector.Finding{predict.FindGroupsInOtherToken.
			New("The ID token of Alice Smith has groups engineers, analysts; the access token has engineers only.",
				"Add the analysts group to the access token's groups claim at the provider.", "access token "+access), predict.FindRoleNotBuiltin.
			New("Role admin is built in.", "", ""),
			predict.FindNativeRolesUnknown.New("native is an authorization provider: a native user named asmith, if one exists, adds its roles.",
				"Give the native roles to see them in the prediction.", "native in dbms.security.authorization_providers").
				WithCommand("ssolens roles --native-roles FILE"),
		},
	}
	return fixture{id: id, access: access, inv: withFindings(&Investigation{
		Title:      "Okta sign-in for asmith | <script>alert(1)</script>",
		Report:     rep,
		Prediction: pred,
		ConfFile:   "neo4j.conf",
		Lint: []inspector.Finding{
			{Code: "conf-example-info", Severity: inspector.SeverityInfo, Message: "Provider okta is configured.", Evidence: "line 12"},
			{Code: "conf-example-secret", Severity: inspector.SeverityWarning, Message: "A client secret is in neo4j.conf in clear text.",
				Fix: "Keep it in an environment variable.", Evidence: "line 18: dbms.security.oidc.okta.token_params=client_secret=" + clientSecret + ";audience=api://default"},
		},
		Events: []pkce.Event{
			{Step: pkce.StepDiscovery, At: start, DurationMS: 84, Detail: "https://idp.example.com/oauth2/default/.well-known/openid-configuration"},
			{Step: pkce.StepListenerBound, At: start.Add(90 * time.Millisecond), Detail: "127.0.0.1:51234"},
			{Step: pkce.StepBrowserOpened, At: start.Add(100 * time.Millisecond), Detail: "system browser"},
			{Step: pkce.StepCallbackReceived, At: start.Add(9 * time.Second), Detail: "code=" + authCode + "&state=state-1"},
			{Step: pkce.StepTokensReceived, At: start.Add(9300 * time.Millisecond), DurationMS: 210, Detail: "for " + email + "; refresh token " + refreshToken},
		},
		Live:      newLive(),
		Config:    newConfig(),
		Generated: testNow,
		Verdict:   Verdict{Headline: "Neo4j WOULD LOG IN as " + email, Tone: "ok"},
	})}
}

// withFindings gives a fixture's investigation the findings the
// investigation model would (input, tokens, prediction, live check,
// generated block; errors first) and its comparison of the ID and access
// tokens, so that the report lays them out.
func withFindings(inv *Investigation) *Investigation {
	var id, access *inspector.Token
	for _, t := range inv.Report.Tokens {
		switch t.Role {
		case inspector.RoleIDToken:
			id = t
		case inspector.RoleAccessToken:
			access = t
		}
	}
	if id != nil && access != nil {
		inv.Comparison = inspector.Compare(id, access, inv.Prediction.PrincipalToken, inv.Prediction.AuthenticationToken)
	}
	add := func(fs []inspector.Finding, source string) {
		for _, f := range fs {
			inv.Findings = append(inv.Findings, SourcedFinding{Finding: f, Source: source})
		}
	}
	add(inv.Report.Findings, "input")
	for i, t := range inv.Report.Tokens {
		add(t.Findings, fmt.Sprintf("token %d (%s)", i+1, t.Role))
	}
	add(inv.Prediction.Findings, "Neo4j prediction")
	if inv.Live != nil {
		add(inv.Live.Findings, "Neo4j live check")
	}
	if inv.Config != nil {
		add(inv.Config.Findings, "generated neo4j.conf")
	}
	rank := map[inspector.Severity]int{inspector.SeverityError: 0, inspector.SeverityWarning: 1, inspector.SeverityInfo: 2}
	sort.SliceStable(inv.Findings, func(i, j int) bool { return rank[inv.Findings[i].Severity] < rank[inv.Findings[j].Severity] })
	return inv
}

// liveUser is who the running Neo4j logged in: it must not appear in a
// redacted report.
const liveUser = "alice@example.com"

func newLive() *server.LiveResult {
	return &server.LiveResult{
		Server:   &server.LiveServer{URL: "http://localhost:7474", Version: "2026.08.0", Edition: "enterprise", Providers: []string{"okta"}},
		Attempts: []server.LiveAttempt{{Channel: server.ChannelQueryAPI, URL: "http://localhost:7474", LoggedIn: true, User: liveUser, Roles: []string{"PUBLIC", "reader"}}},
		LoggedIn: true, User: liveUser, Roles: []string{"PUBLIC", "reader"},
		Comparison: []server.LiveComparison{
			{Field: "outcome", Predicted: "log in", Actual: "log in", Match: true},
			{Field: "user", Predicted: email, Actual: liveUser, Match: false,
				Explanation: "Neo4j reads claims.username from the " + liveUser + " claim, not sub | *check*"},
			{Field: "roles", Predicted: "PUBLIC, admin", Actual: "PUBLIC, reader", Match: false},
		},
		Findings: []inspector.Finding{{Code: "live-user-differs", Severity: inspector.SeverityWarning,
			Message: "Neo4j logged in " + liveUser + ", the prediction said " + email + ".", Fix: "Set claims.username to the claim you mean."}},
	}
}

func newConfig() *conf.GeneratedConfig {
	return &conf.GeneratedConfig{
		Provider: "okta", TokenType: "access_token", Audience: []string{"api://default"}, GroupsClaim: "groups",
		Conf: "# written for Alice Smith <" + liveUser + ">\n" +
			"dbms.security.oidc.okta.well_known_discovery_uri=https://idp.example.com/oauth2/default/.well-known/openid-configuration\n" +
			"dbms.security.oidc.okta.config=token_type_principal=access_token;token_type_authentication=access_token\n" +
			"dbms.security.oidc.okta.claims.groups=groups\n" +
			"dbms.security.oidc.okta.authorization.group_to_role_mapping=\"engineers\"=admin\n",
		Env: "NEO4J_dbms_security_oidc_okta_claims_groups=groups\n",
		Findings: []inspector.Finding{{Code: "config-mapping-skeleton", Severity: inspector.SeverityInfo,
			Message: "Map the other groups to roles as you need."}},
	}
}

func testOptions(redact bool) Options {
	return Options{Redact: redact, Now: func() time.Time { return testNow }}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./report -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test ./report -update rewrites it)\n--- got ---\n%s", path, got)
	}
}

func TestReportMatchesGoldenFiles(t *testing.T) {
	inv := newFixture(t).inv
	for _, tt := range []struct {
		file   string
		render func(*Investigation, Options) []byte
		redact bool
	}{
		{"investigation.md", Markdown, true},
		{"investigation.html", HTML, true},
		{"investigation-unredacted.md", Markdown, false},
	} {
		t.Run(tt.file, func(t *testing.T) { golden(t, tt.file, tt.render(inv, testOptions(tt.redact))) })
	}
}

func TestRedactedReportHoldsNoSecretOrPersonalData(t *testing.T) {
	f := newFixture(t)
	forbidden := append([]string{f.id, f.access, refreshToken, clientSecret, claimSecret, sessionRef, authCode,
		strings.Split(f.id, ".")[2], strings.Split(f.access, ".")[1]}, personal...)
	for name, render := range map[string]func(*Investigation, Options) []byte{"markdown": Markdown, "html": HTML} {
		out := string(render(f.inv, testOptions(true)))
		for _, s := range forbidden {
			if strings.Contains(out, s) {
				t.Errorf("%s: redacted report contains %q", name, clip(s))
			}
		}
		// What a support engineer debugs with stays.
		for _, keep := range []string{"https://idp.example.com/oauth2/default", "api://default", "engineers", "analysts", "admin",
			"0oa9client", "11111111-2222-3333-4444-555555555555", "token_type_principal", "a•••@e•••", "A••• S•••"} {
			if !strings.Contains(out, keep) {
				t.Errorf("%s: redacted report lost %q", name, keep)
			}
		}
	}
}

func TestUnredactedReportShowsDataButNoWholeToken(t *testing.T) {
	f := newFixture(t)
	for name, render := range map[string]func(*Investigation, Options) []byte{"markdown": Markdown, "html": HTML} {
		out := string(render(f.inv, testOptions(false)))
		for _, s := range []string{f.id, f.access, refreshToken, strings.Split(f.id, ".")[2]} {
			if strings.Contains(out, s) {
				t.Errorf("%s: report without redaction contains a whole token or signature %q", name, clip(s))
			}
		}
		for _, s := range []string{"Alice Smith", "asmith", clientSecret, claimSecret} {
			if !strings.Contains(out, s) {
				t.Errorf("%s: report without redaction hides %q", name, s)
			}
		}
		if name == "markdown" && !strings.Contains(out, mdtext.Code(email)) {
			t.Errorf("markdown: report without redaction hides the e-mail address")
		}
		shown := string(render(f.inv, Options{ShowTokens: true, Now: testOptions(false).Now}))
		if !strings.Contains(shown, f.access) {
			t.Errorf("%s: ShowTokens without Redact does not show the token", name)
		}
		if strings.Contains(string(render(f.inv, Options{Redact: true, ShowTokens: true})), f.access) {
			t.Errorf("%s: ShowTokens overrides Redact", name)
		}
	}
}

// TestHTMLIsWellFormedAndSelfContained parses the page as strict XML (the
// template self-closes void elements) and rejects anything fetched.
func TestHTMLIsWellFormedAndSelfContained(t *testing.T) {
	for _, tt := range []struct {
		name string
		inv  *Investigation
	}{
		{"full", newFixture(t).inv},
		{"empty", &Investigation{}},
		{"nil", nil},
		{"lint only", &Investigation{Lint: []inspector.Finding{{Code: "x", Severity: inspector.SeverityError, Message: `<b>"&'`}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, redact := range []bool{true, false} {
				page := HTML(tt.inv, testOptions(redact))
				d := xml.NewDecoder(bytes.NewReader(page))
				d.Strict = true
				var stack []string
				for {
					tok, err := d.Token()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatalf("not well-formed: %v\n%s", err, page)
					}
					switch e := tok.(type) {
					case xml.StartElement:
						if e.Name.Local == "script" || e.Name.Local == "img" || e.Name.Local == "link" || e.Name.Local == "iframe" {
							t.Errorf("page has a <%s> element", e.Name.Local)
						}
						for _, a := range e.Attr {
							if a.Name.Local == "src" || a.Name.Local == "href" || strings.HasPrefix(a.Name.Local, "on") {
								t.Errorf("page has an attribute %s=%q", a.Name.Local, a.Value)
							}
						}
						stack = append(stack, e.Name.Local)
					case xml.EndElement:
						stack = stack[:len(stack)-1]
					}
				}
				if len(stack) != 0 {
					t.Errorf("unclosed elements %v", stack)
				}
				for _, bad := range []string{"url(", "@import", "http-equiv"} {
					if bytes.Contains(page, []byte(bad)) {
						t.Errorf("page fetches something: %q", bad)
					}
				}
			}
		})
	}
}

func TestMarkdownEscapesMarkup(t *testing.T) {
	out := string(Markdown(&Investigation{Title: "a | b *c* <x>", Lint: []inspector.Finding{
		{Code: "x", Severity: inspector.SeverityWarning, Message: "[link](http://x) `tick`", Evidence: "a|b`c"},
	}}, testOptions(false)))
	for _, want := range []string{`# a \| b \*c\* \<x\>`, "\\[link\\](http://x) \\`tick\\`", "`` a\\|b`c ``"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
}

func TestLiveAndConfigSections(t *testing.T) {
	f := newFixture(t)
	renders := map[string]func(*Investigation, Options) []byte{"markdown": Markdown, "html": HTML}
	for name, render := range renders {
		for _, redact := range []bool{true, false} {
			out := string(render(f.inv, testOptions(redact)))
			for _, want := range []string{"Live check against Neo4j", "Neo4j 2026.08.0 enterprise at http://localhost:7474", "PUBLIC, reader",
				"Neo4j config that makes this sign-in work", "dbms.security.oidc.okta.claims.groups=groups", "✖", "reader",
				"live-user-differs", "Neo4j live check", "config-mapping-skeleton", "generated neo4j.conf"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s (redact %v) lacks %q", name, redact, want)
				}
			}
			if redact {
				for _, s := range append([]string{liveUser, "alice@"}, personal...) {
					if strings.Contains(out, s) {
						t.Errorf("%s: redacted report contains %q", name, s)
					}
				}
			} else if !strings.Contains(out, liveUser) {
				t.Errorf("%s: report without redaction hides the live user", name)
			}
		}
	}
	md := string(Markdown(f.inv, testOptions(false)))
	for _, want := range []string{"**Neo4j logged in alice@example.com with roles \\[PUBLIC, reader\\]**",
		"| ✖ | user | `alice.smith@example.com` | `alice@example.com` | Neo4j reads claims.username from the alice@example.com claim, not sub \\| \\*check\\* |",
		"```properties\n# written for Alice Smith <alice@example.com>\n", "=\"engineers\"=admin\n```\n"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	page := string(HTML(f.inv, testOptions(false)))
	for _, want := range []string{`<pre class="conf"># written for Alice Smith &lt;alice@example.com&gt;`, `<td class="bad">✖</td><td>user</td>`} {
		if !strings.Contains(page, want) {
			t.Errorf("html lacks %q", want)
		}
	}

	f.inv.Live, f.inv.Config, f.inv.Findings = nil, nil, nil
	withFindings(f.inv)
	for name, render := range renders {
		out := string(render(f.inv, testOptions(false)))
		for _, absent := range []string{"Live check", "Neo4j config that makes", liveUser, "live-user-differs", "config-mapping-skeleton"} {
			if strings.Contains(out, absent) {
				t.Errorf("%s without Live and Config contains %q", name, absent)
			}
		}
	}
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// TestPlaceholderMappingIsNotSaidToWork: a block whose mapping is only a
// skeleton is never headed "makes this sign-in work".
func TestPlaceholderMappingIsNotSaidToWork(t *testing.T) {
	f := newFixture(t)
	f.inv.Config.MappingPlaceholder = true
	for name, render := range map[string]func(*Investigation, Options) []byte{"markdown": Markdown, "html": HTML} {
		out := string(render(f.inv, testOptions(false)))
		if strings.Contains(out, "makes this sign-in work") || !strings.Contains(out, "placeholder") {
			t.Errorf("%s heads a placeholder mapping as working", name)
		}
	}
}

// A failing verdict's fix and its command line stand under the headline,
// as a finding's do, in Markdown and HTML; the fix is redacted as the
// headline is.
func TestVerdictFixAndCommandUnderTheHeadline(t *testing.T) {
	inv := newFixture(t).inv
	inv.Verdict = Verdict{Headline: "REJECTED by Neo4j: aud", Tone: "error",
		Fix: "Set audience to the access token's aud (asked by " + email + ").", Command: "ssolens roles --conf neo4j.conf --tokens FILE --username " + email}
	md := string(Markdown(inv, testOptions(true)))
	want := "**REJECTED by Neo4j: aud**\n\n- fix: Set audience to the access token's aud (asked by a•••@e•••).\n- run: `ssolens roles --conf neo4j.conf --tokens FILE --username a•••@e•••`\n\n- "
	if !strings.Contains(md, want) {
		t.Errorf("Markdown summary lacks the verdict's fix and command:\n%s", clip(md[strings.Index(md, "## Summary"):]))
	}
	html := string(HTML(inv, testOptions(true)))
	want = "REJECTED by Neo4j: aud</p>\n<p>fix: Set audience to the access token&#39;s aud (asked by a•••@e•••).</p>\n<p>run: <code>ssolens roles --conf neo4j.conf --tokens FILE --username a•••@e•••</code></p>"
	if !strings.Contains(html, want) || strings.Contains(html, email) {
		t.Errorf("HTML summary lacks the verdict's fix and command, or shows the e-mail:\n%s", clip(html[strings.Index(html, "<h2>Summary"):]))
	}
}

// TestPredictionSaysTheBearerChannelAndRolesOnceFixed: a driver's bearer
// token is said as such (no client decodes one), roles a failed login
// would grant once fixed are told from granted ones, and so are the roles
// a group grants that likely do not exist.
func TestPredictionSaysTheBearerChannelAndRolesOnceFixed(t *testing.T) {
	pred := &predict.Prediction{Provider: "m2m", Outcome: predict.OutcomeRejected, Channel: predict.ChannelBearer,
		AuthenticationToken: "access_token", Roles: []string{}, RolesOnceFixed: []string{"PUBLIC", "reader"}, MissingRoles: []string{"Reader"}}
	out := string(Markdown(&Investigation{Prediction: pred}, testOptions(false)))
	for _, want := range []string{"a driver or the Query API sends the access\\_token as a bearer token", "- roles: none", "- roles once fixed: `PUBLIC`, `reader`",
		"- not granted: `Reader` (a group grants them, but likely no such role exists)"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "SSO client decodes") {
		t.Errorf("markdown says a client decodes a bearer token:\n%s", out)
	}
	html := string(HTML(&Investigation{Prediction: pred}, testOptions(false)))
	if !strings.Contains(html, "roles once fixed") || !strings.Contains(html, "as a bearer token") || !strings.Contains(html, "not granted <code>Reader</code> (a group grants them") {
		t.Errorf("HTML lacks the bearer channel, the roles once fixed or the missing role")
	}
}
