package session

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/mint"
)

// TestSeveralTokenSetsTakeTheNewest: a HAR of two sign-ins gives the
// investigation the second (newest) set, and a finding that says which
// tokens were taken and that the others were left out; one set gives no
// finding.
func TestSeveralTokenSetsTakeTheNewest(t *testing.T) {
	key, err := mint.SecretKey([]byte("test-secret-test-secret-test-secret!"), "HS256")
	if err != nil {
		t.Fatal(err)
	}
	sign := func(aud, sub string) string {
		tok, err := mint.Sign(key, map[string]any{"iss": "https://idp.example.com", "aud": aud, "sub": sub, "exp": 4102444800, "iat": 1700000000}, mint.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	entry := func(id, at string) string {
		body, _ := json.Marshal(map[string]string{"id_token": id, "access_token": at})
		text, _ := json.Marshal(string(body))
		return fmt.Sprintf(`{"response":{"content":{"mimeType":"application/json","text":%s}}}`, text)
	}
	id1, at1, id2, at2 := sign("client", "old"), sign("api", "old"), sign("client", "new"), sign("api", "new")
	har := `{"log":{"entries":[` + entry(id1, at1) + "," + entry(id2, at2) + `]}}`

	inv := New(t.Context(), Inputs{Text: []byte(har), Offline: true})
	if inv.Tokens.IDToken != id2 || inv.Tokens.AccessToken != at2 {
		t.Errorf("took id %v, access %v; want the second set", inv.Tokens.IDToken == id2, inv.Tokens.AccessToken == at2)
	}
	var found bool
	for _, f := range inv.Findings() {
		if f.Code == FindSeveralTokenSets.Code {
			found = true
			if !strings.Contains(f.Message, "2 id_tokens and 2 access_tokens") || !strings.Contains(f.Evidence, "token 3 (access_token), token 4 (id_token)") {
				t.Errorf("finding %+v", f)
			}
		}
	}
	if !found {
		t.Errorf("no %s finding", FindSeveralTokenSets.Code)
	}

	one := New(t.Context(), Inputs{Text: []byte(`{"log":{"entries":[` + entry(id1, at1) + `]}}`), Offline: true})
	for _, f := range one.Findings() {
		if f.Code == FindSeveralTokenSets.Code {
			t.Errorf("one token set gave %+v", f)
		}
	}
}
