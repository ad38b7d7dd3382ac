package session

import (
	"encoding/base64"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
)

// One token given for both places of the set (pasted as the ID token and,
// as an Authorization header value, as the access token) is looked up by
// its place, not by its text: the access token's own header finding is
// the access token's, and the prediction of the token Neo4j validates
// (the access token) weighs it; the ID token has no such finding.
func TestSameTokenInTwoPlacesKeepsEachPlacesFindings(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	enc := base64.RawURLEncoding
	tok := enc.EncodeToString([]byte(`{"alg":"RS256","kid":"k1"}`)) + "." +
		enc.EncodeToString(fmt.Appendf(nil, `{"iss":"https://idp.example.com/oauth2/default","sub":"alice","aud":["api://default","0oa-desktop"],"iat":%d,"exp":%d,"groups":["engineers"]}`,
			now.Add(-time.Minute).Unix(), now.Add(time.Hour).Unix())) + "." + enc.EncodeToString(make([]byte, 256))
	f, err := os.Open("../neo4j/conf/testdata/okta-access-token.conf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := LoadConf(f, "okta-access-token.conf", ConfOptions{})
	if err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprintf(`{"id_token":%q,"access_token":"Bearer Bearer %s"}`, tok, tok)
	inv := New(t.Context(), Inputs{Text: []byte(text), Conf: c, Offline: true, Options: inspector.Options{Now: func() time.Time { return now }}})
	has := func(fs []inspector.Finding) bool {
		return slices.ContainsFunc(fs, func(f inspector.Finding) bool { return f.Code == inspector.FindBearerDoubled.Code })
	}
	at, id := inv.Token("access_token"), inv.Token("id_token")
	if at == nil || id == nil || at == id {
		t.Fatalf("access token %p, ID token %p: want two places", at, id)
	}
	if at.Role != inspector.RoleAccessToken || !has(at.Findings) {
		t.Errorf("the access token (role %q) lacks its header finding: %+v", at.Role, at.Findings)
	}
	if id.Role != inspector.RoleIDToken || has(id.Findings) {
		t.Errorf("the ID token (role %q) has the access token's header finding", id.Role)
	}
	p := inv.Prediction
	if p == nil || p.Token != at || !has(p.Findings) || p.Outcome == "would-log-in" {
		t.Errorf("the prediction did not validate the access token's place: token %p (want %p), outcome %v, findings %v", p.Token, at, p.Outcome, p.Findings)
	}
	if !slices.ContainsFunc(inv.Findings(), func(f Finding) bool {
		return f.Code == inspector.FindBearerDoubled.Code && f.Source == "token 2 (access_token)"
	}) {
		t.Errorf("the investigation's findings do not give the header finding to the access token: %+v", inv.Findings())
	}
}
