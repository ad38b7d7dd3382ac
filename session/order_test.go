package session

import (
	"encoding/base64"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/predict"
)

// oktaResponse is a token response from Okta's default authorization
// server (access token aud api://default, ID token aud the client), its
// signatures not checkable offline, and the okta-access-token.conf text.
func oktaResponse(t *testing.T, now time.Time) (text, conf string) {
	t.Helper()
	enc := base64.RawURLEncoding
	jwt := func(header, claims string) string {
		return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(claims)) + "." + enc.EncodeToString(make([]byte, 256))
	}
	times := fmt.Sprintf(`"iat":%d,"exp":%d`, now.Add(-time.Minute).Unix(), now.Add(time.Hour).Unix())
	at := jwt(`{"alg":"RS256","kid":"k1","typ":"at+jwt"}`, `{"iss":"https://idp.example.com/oauth2/default","sub":"alice@example.com","aud":"api://default","cid":"0oa-desktop","groups":["engineers"],`+times+`}`)
	id := jwt(`{"alg":"RS256","kid":"k1"}`, `{"iss":"https://idp.example.com/oauth2/default","sub":"alice@example.com","aud":"0oa-desktop","email":"alice@example.com",`+times+`}`)
	b, err := os.ReadFile("../neo4j/conf/testdata/okta-access-token.conf")
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`{"token_type":"Bearer","access_token":%q,"id_token":%q}`, at, id), string(b)
}

// Each provider verifies the token it validates with its own settings:
// with oidc-azure (audience api://neo4j) declared before oidc-okta
// (api://default), Okta's access token is rejected by azure and accepted
// by okta (spec §1, §4.2), not judged by okta with azure's audience. The
// report shows the verification of the provider that logs the user in.
func TestEachProviderTriedVerifiesTheTokenItself(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	text, okta := oktaResponse(t, now)
	azure := `dbms.security.oidc.azure.display_name=Azure
dbms.security.oidc.azure.well_known_discovery_uri=https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration
dbms.security.oidc.azure.audience=api://neo4j
dbms.security.oidc.azure.params=client_id=abc;response_type=code;scope=openid profile email
dbms.security.oidc.azure.config=token_type_principal=id_token;token_type_authentication=access_token
`
	two := strings.ReplaceAll(okta, "oidc-okta,native", "oidc-azure,oidc-okta,native") + azure
	c, err := LoadConf(strings.NewReader(two), "two.conf", ConfOptions{})
	if err != nil {
		t.Fatal(err)
	}
	inv := New(t.Context(), Inputs{Text: []byte(text), Conf: c, Offline: true, Options: inspector.Options{Now: func() time.Time { return now }}})
	p := inv.Prediction
	if p == nil || p.Provider != "okta" || p.Outcome != predict.OutcomeLogIn {
		t.Fatalf("prediction %+v", p)
	}
	if st := stepOf(p, "aud"); st.Status != predict.StepPassed || !strings.Contains(st.Detail, "expected api://default") {
		t.Errorf("okta's aud step %+v", st)
	}
	if at := inv.Token("access_token"); at != p.Token || !slices.ContainsFunc(at.Checks, func(c inspector.Check) bool { return c.Name == "aud" && c.OK }) {
		t.Errorf("the report's access token is not the one okta verified: %+v", at)
	}
	if slices.ContainsFunc(inv.Findings(), func(f Finding) bool { return f.Code == "aud-mismatch" }) {
		t.Errorf("azure's aud-mismatch reached the investigation: %+v", inv.Findings())
	}
}

// A what-if that makes Neo4j validate the ID token verifies the ID token
// as the provider does (its aud is the client, not api://default), as a
// fresh prediction does, whatever the report's verification of it was.
func TestWhatIfVerifiesTheTokenItValidates(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	text, okta := oktaResponse(t, now)
	c, err := LoadConf(strings.NewReader(okta), "okta-access-token.conf", ConfOptions{})
	if err != nil {
		t.Fatal(err)
	}
	inv := New(t.Context(), Inputs{Text: []byte(text), Conf: c, Offline: true, Options: inspector.Options{Now: func() time.Time { return now }}})
	if p := inv.Prediction; p == nil || p.Outcome != predict.OutcomeLogIn {
		t.Fatalf("prediction %+v", p)
	}
	w, err := inv.WhatIf(t.Context(), Edits{Principal: "id_token", Authentication: "id_token"})
	if err != nil {
		t.Fatal(err)
	}
	p := w.Prediction
	if st := stepOf(p, "aud"); p.Outcome != predict.OutcomeRejected || st.Status != predict.StepFailed || !strings.Contains(st.Detail, "0oa-desktop") {
		t.Errorf("what-if on the ID token: %s, aud step %+v", p.Outcome, st)
	}
	if id := inv.Token("id_token"); slices.ContainsFunc(id.Checks, func(c inspector.Check) bool { return c.Name == "aud" && c.Expected == "api://default" }) {
		t.Errorf("the what-if verified the report's ID token in place: %+v", id.Checks)
	}
}

func stepOf(p *predict.Prediction, name string) predict.Step {
	if i := slices.IndexFunc(p.Steps, func(s predict.Step) bool { return s.Name == name }); i >= 0 {
		return p.Steps[i]
	}
	return predict.Step{}
}
