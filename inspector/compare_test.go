package inspector

import (
	"fmt"
	"strings"
	"testing"
)

const compareHeader = `{"alg":"RS256","kid":"test-key"}`

func compareIDToken(extra string) *Token {
	iat := testNow.Unix() - 300
	return Decode(craft(compareHeader, fmt.Sprintf(
		`{"iss":"https://idp.example.com/oauth2/default","sub":"00u1","aud":"0oa-client","iat":%d,"exp":%d,"nonce":"n-1"%s}`,
		iat, iat+3600, extra)), "id_token", testOpts())
}

func compareAccessToken(extra string) *Token {
	iat := testNow.Unix() - 300
	return Decode(craft(compareHeader, fmt.Sprintf(
		`{"ver":1,"iss":"https://idp.example.com/oauth2/default","aud":"api://default","iat":%d,"exp":%d,"sub":"00u1","scp":["openid","profile"]%s}`,
		iat, iat+300, extra)), "access_token", testOpts())
}

func rowOf(c *Comparison, name string) (ComparisonRow, bool) {
	for _, r := range c.Rows {
		if r.Name == name {
			return r, true
		}
	}
	return ComparisonRow{}, false
}

func TestCompareLinesUpClaimsAndExplainsDifferences(t *testing.T) {
	opaque := Decode("ya29.a0AfB_byC1x2y3z4-EXAMPLE_opaque_token_value", "access_token", testOpts())
	jwe := Decode("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..n5zYVTe4dx3BP_Jl.5gBXoNNyK2BM-Ue2ZN3ITXhw2yk0hhXhaN6cfzq3cGZ.EYp7ERJ2TQtZfa8EfWHVew", "access_token", testOpts())

	type rowWant struct {
		name      string
		differs   bool
		important bool
		note      string // substring; "" means the note must be empty
	}
	tests := []struct {
		name                   string
		id, access             *Token
		principal, auth        string
		order                  string // the row names, comma-separated; "" skips the check
		rows                   []rowWant
		idStatus, accessStatus string // substrings
		principalRole, auth2   Role
		explanation            []string // substrings
	}{
		{
			name: "Okta: aud and exp differ, groups only in the ID token, Neo4j defaults",
			id:   compareIDToken(`,"groups":["engineers"],"email":"alice@example.com"`), access: compareAccessToken(""),
			order: "iss,sub,aud,exp,iat,nonce,groups,email,ver,scp",
			rows: []rowWant{
				{"iss", false, true, ""},
				{"sub", false, true, ""},
				{"aud", true, true, "aud differs: the ID token is for the client 0oa-client, the access token for the API api://default"},
				{"exp", true, true, "exp: the access token expires 55m earlier"},
				{"iat", false, false, ""},
				{"groups", true, true, "groups only in the ID token, but Neo4j validates the access token and reads its claims"},
				{"nonce", true, false, "nonce only in the ID token"},
				{"scp", true, true, "scp only in the access token"},
			},
			principalRole: RoleAccessToken, auth2: RoleAccessToken,
			explanation: []string{"decodes the access token and sends that same token to Neo4j"},
		},
		{
			name: "ID token for both: groups only in the ID token is fine",
			id:   compareIDToken(`,"groups":["engineers"]`), access: compareAccessToken(""),
			principal: "id_token", auth: "id_token",
			rows:          []rowWant{{"groups", true, true, "groups only in the ID token"}},
			principalRole: RoleIDToken, auth2: RoleIDToken,
			explanation: []string{"decodes the ID token and sends that same token"},
		},
		{
			name: "split roles: the explanation names both",
			id:   compareIDToken(""), access: compareAccessToken(""),
			principal: "id_token", auth: "access_token",
			principalRole: RoleIDToken, auth2: RoleAccessToken,
			explanation: []string{"decodes the ID token (token_type_principal) only to start the login", "sends the access token (token_type_authentication)"},
		},
		{
			name: "lists compare as sets; differing groups are named",
			id:   compareIDToken(`,"groups":["a","b"],"roles":["x","y"]`), access: compareAccessToken(`,"groups":["b","c"],"roles":["y","x"]`),
			rows: []rowWant{
				{"groups", true, true, "groups differ: only in the ID token: a; only in the access token: c; Neo4j reads the access token's"},
				{"roles", false, true, ""},
			},
		},
		{
			name:   "a single audience as a string equals a one-element list",
			id:     Decode(craft(compareHeader, `{"aud":"api://default","scope":"openid profile"}`), "id_token", testOpts()),
			access: Decode(craft(compareHeader, `{"aud":["api://default"],"scope":"profile openid"}`), "access_token", testOpts()),
			order:  "aud,scope",
			rows:   []rowWant{{"aud", false, true, ""}, {"scope", false, true, ""}},
		},
		{
			name:   "sub and iss differ",
			id:     compareIDToken(""),
			access: Decode(craft(compareHeader, `{"iss":"https://idp.example.com","sub":"alice@example.com"}`), "access_token", testOpts()),
			rows: []rowWant{
				{"iss", true, true, "the ID token was issued by https://idp.example.com/oauth2/default, the access token by https://idp.example.com; Neo4j checks the access token's"},
				{"sub", true, true, "sub differs: 00u1 in the ID token, alice@example.com in the access token"},
			},
		},
		{
			name: "no access token: the ID token's claims alone, nothing differs",
			id:   compareIDToken(""), access: nil,
			order:        "iss,sub,aud,exp,iat,nonce",
			rows:         []rowWant{{"aud", false, true, ""}},
			accessStatus: "absent: there is no access token",
			explanation:  []string{"There is no access token here, so Neo4j would get nothing to validate."},
		},
		{
			name: "no ID token",
			id:   nil, access: compareAccessToken(""),
			idStatus: "absent: there is no ID token",
			rows:     []rowWant{{"scp", false, true, ""}},
		},
		{
			name: "opaque access token (Google): no claims, and Neo4j cannot validate it",
			id:   compareIDToken(""), access: opaque,
			accessStatus: "opaque: the access token is not a JWT",
			rows:         []rowWant{{"aud", false, true, ""}},
			explanation:  []string{"The access token here is opaque, so Neo4j cannot validate it."},
		},
		{
			name: "encrypted access token (Auth0 without audience)",
			id:   compareIDToken(""), access: jwe,
			accessStatus: "encrypted (JWE)",
			explanation:  []string{"is encrypted, so Neo4j cannot validate it"},
		},
		{
			name:     "both absent: no rows",
			order:    "",
			idStatus: "absent", accessStatus: "absent",
		},
		{
			name: "a misspelt token type is named",
			id:   compareIDToken(""), access: compareAccessToken(""),
			auth: "idtoken", auth2: Role("idtoken"),
			explanation: []string{`"idtoken" is neither id_token nor access_token`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Compare(tt.id, tt.access, tt.principal, tt.auth)
			if tt.order != "" {
				var names []string
				for _, r := range c.Rows {
					names = append(names, r.Name)
				}
				if got := strings.Join(names, ","); got != tt.order {
					t.Errorf("order = %s, want %s", got, tt.order)
				}
			}
			if tt.id == nil && tt.access == nil && len(c.Rows) != 0 {
				t.Errorf("rows = %v, want none", c.Rows)
			}
			for _, w := range tt.rows {
				r, ok := rowOf(c, w.name)
				if !ok {
					t.Errorf("no row %q", w.name)
					continue
				}
				if r.Differs != w.differs || r.Important != w.important {
					t.Errorf("%s: differs=%v important=%v, want %v %v (note %q)", w.name, r.Differs, r.Important, w.differs, w.important, r.Note)
				}
				if (w.note == "" && r.Note != "") || !strings.Contains(r.Note, w.note) {
					t.Errorf("%s: note %q, want %q", w.name, r.Note, w.note)
				}
			}
			if !strings.Contains(c.IDStatus, tt.idStatus) || (tt.idStatus == "" && c.IDStatus != "") {
				t.Errorf("IDStatus = %q, want %q", c.IDStatus, tt.idStatus)
			}
			if !strings.Contains(c.AccessStatus, tt.accessStatus) || (tt.accessStatus == "" && c.AccessStatus != "") {
				t.Errorf("AccessStatus = %q, want %q", c.AccessStatus, tt.accessStatus)
			}
			if tt.principalRole != "" && c.PrincipalRole != tt.principalRole {
				t.Errorf("PrincipalRole = %q, want %q", c.PrincipalRole, tt.principalRole)
			}
			if tt.auth2 != "" && c.AuthenticationRole != tt.auth2 {
				t.Errorf("AuthenticationRole = %q, want %q", c.AuthenticationRole, tt.auth2)
			}
			for _, want := range tt.explanation {
				if !strings.Contains(c.Explanation, want) {
					t.Errorf("Explanation = %q, want it to contain %q", c.Explanation, want)
				}
			}
		})
	}
}

func TestCompareKeepsRawValuesAsSent(t *testing.T) {
	id := Decode(craft(compareHeader, `{"exp":1.7e9,"aud":"c"}`), "id_token", testOpts())
	access := Decode(craft(compareHeader, `{"exp":1700000000}`), "access_token", testOpts())
	c := Compare(id, access, "", "")
	r, _ := rowOf(c, "exp")
	if string(r.ID) != "1.7e9" || string(r.Access) != "1700000000" {
		t.Errorf("raw values %s / %s, want them as sent", r.ID, r.Access)
	}
	if !r.Differs || r.Note != "exp: the same instant, written differently" {
		t.Errorf("exp row = %+v", r)
	}
	a, _ := rowOf(c, "aud")
	if a.Access != nil || string(a.ID) != `"c"` {
		t.Errorf("aud row = %+v, want the access side absent (nil)", a)
	}
}
