package session

import (
	"slices"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/predict"
)

// A pasted Neo4j error text is an answer, not "no token found": every face
// inspecting text through New gets the catalogue's finding.
func TestPastedNeo4jErrorIsRecognised(t *testing.T) {
	inv := New(t.Context(), Inputs{Text: []byte(`Failed to get credentials: Could not parse JWT of type "access_token" for idp_id "okta", aborting`)})
	var got []string
	for _, f := range inv.Report.Findings {
		got = append(got, f.Code)
	}
	if !slices.Contains(got, "browser-could-not-parse-jwt") || slices.Contains(got, "no-token-found") {
		t.Fatalf("findings %v", got)
	}
}

// Without a conf, a token response with an opaque access token names the
// Browser's exact error and the fix; with a conf, the prediction says it.
func TestOpaqueAccessTokenWithoutConf(t *testing.T) {
	text := `{"access_token":"ya29.a0AfB_byC-opaque-0123456789","id_token":"eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FjY291bnRzLmdvb2dsZS5jb20iLCJhdWQiOiIxMjMuYXBwcy5nb29nbGV1c2VyY29udGVudC5jb20iLCJzdWIiOiIxIn0.c2ln","token_type":"Bearer"}`
	inv := New(t.Context(), Inputs{Text: []byte(text)})
	var found bool
	for _, f := range inv.Report.Findings {
		if f.Code == "client-default-token-types-fail" {
			found = strings.Contains(f.Message, `Could not parse JWT of type "access_token"`) &&
				strings.Contains(f.Fix, "token_type_principal=id_token;token_type_authentication=id_token") &&
				strings.Contains(f.Fix, `"123.apps.googleusercontent.com"`)
		}
	}
	if !found {
		t.Fatalf("findings %+v", inv.Report.Findings)
	}
}

// The verdict of a pasted error text says what it is, not "nothing to
// investigate", with the entry's fix and, as its command, the next
// command (never in the fix or the facts, which the window shows).
func TestVerdictOfPastedErrorText(t *testing.T) {
	v := New(t.Context(), Inputs{Text: []byte(`Failed to get credentials: Could not parse JWT of type "access_token" for idp_id "okta", aborting`)}).Verdict()
	if !strings.HasPrefix(v.Headline, "Recognised: Neo4j Browser/Bloom") || v.Tone != ToneError ||
		!strings.Contains(v.Fix, "token_type_principal=id_token") || v.Command != "ssolens roles --conf neo4j.conf --tokens token-response.json" ||
		strings.Contains(v.Fix, "ssolens") || slices.ContainsFunc(v.Facts, func(f string) bool { return strings.Contains(f, "ssolens") }) {
		t.Fatalf("%+v", v)
	}
	// The report shows the verdict's fix and its command.
	if rv := New(t.Context(), Inputs{Text: []byte(`Failed to get credentials: Could not parse JWT of type "access_token" for idp_id "okta", aborting`)}).Export().Verdict; rv.Fix != v.Fix || rv.Command != v.Command {
		t.Errorf("the report's verdict %+v lacks the fix or the command of %+v", rv, v)
	}
	if v := New(t.Context(), Inputs{Text: []byte("just some words")}).Verdict(); strings.HasPrefix(v.Headline, "Recognised") {
		t.Errorf("plain words recognised: %+v", v)
	}
}

// A signature that was not checked (no key source, offline) is not a
// failed one: the verdict says "not checked", not "0/1 verified".
func TestVerdictSaysSignaturesNotChecked(t *testing.T) {
	tok := "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FjY291bnRzLmdvb2dsZS5jb20iLCJhdWQiOiIxMjMuYXBwcy5nb29nbGV1c2VyY29udGVudC5jb20iLCJzdWIiOiIxIn0.c2ln"
	v := New(t.Context(), Inputs{Text: []byte(tok), Offline: true}).Verdict()
	if !slices.Contains(v.Facts, "signatures not checked (no keys)") || slices.ContainsFunc(v.Facts, func(f string) bool { return strings.Contains(f, "0/1") }) {
		t.Errorf("facts %q", v.Facts)
	}
}

// Failed is the CLI's exit status 1: with a prediction, an error finding
// of the prediction or the conf fails the investigation (a token's own
// error that the prediction weighed does not), as roles exits.
func TestFailedOnAnyErrorFinding(t *testing.T) {
	inv, _, _ := demoInvestigation(t)
	if inv.Prediction == nil || inv.Failed() {
		t.Fatalf("the demo sign-in logs in without an error finding, yet Failed is %v (prediction %v)", inv.Failed(), inv.Prediction)
	}
	inv.In.Conf.Findings = append(inv.In.Conf.Findings, inspector.Finding{Code: "conf-test-error", Severity: inspector.SeverityError, Message: "an error in the conf"})
	if !inv.Failed() {
		t.Errorf("a predicted login beside an error finding is not a failure")
	}
	if New(t.Context(), Inputs{Text: []byte("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."), Offline: true}).Failed() != true {
		t.Errorf("an unsigned token (an error finding, no prediction) is not a failure")
	}
}

// A mapped role that likely does not exist (Admin for admin) is said
// beside the roles, not among them: every face shows the verdict's facts.
func TestVerdictSaysMissingRoles(t *testing.T) {
	inv := &Investigation{Report: &inspector.Report{}, Prediction: &predict.Prediction{
		Outcome: predict.OutcomeLogIn, Username: "alice", Roles: []string{"PUBLIC"}, MissingRoles: []string{"Admin"}}}
	v := inv.Verdict()
	if !slices.Contains(v.Facts, "roles PUBLIC") || !slices.Contains(v.Facts, "not granted, likely no such role: Admin") {
		t.Errorf("facts %q", v.Facts)
	}
}

// A rejection the prediction headlines has the prediction's fix, which
// names the setting and its line, not the token's own finding of the
// same check, which comes first among all findings.
func TestVerdictFixIsThePredictionsForItsHeadline(t *testing.T) {
	tokenFinding := inspector.Finding{Code: "aud-mismatch", Severity: inspector.SeverityError, Message: "aud is api://other", Fix: "Configure the audience."}
	inv := &Investigation{
		Report: &inspector.Report{Tokens: []*inspector.Token{{Raw: "t", Findings: []inspector.Finding{tokenFinding}}}},
		Prediction: &predict.Prediction{Outcome: predict.OutcomeRejected, Findings: []inspector.Finding{{
			Code: "neo4j-login-rejected", Severity: inspector.SeverityError, Message: "Neo4j would reject the access_token",
			Fix: "Change dbms.security.oidc.okta.audience (line 9): Configure the audience."}}},
	}
	if v := inv.Verdict(); v.FixCode != "neo4j-login-rejected" || !strings.Contains(v.Fix, "(line 9)") {
		t.Errorf("verdict fix %q (%s)", v.Fix, v.FixCode)
	}
}
