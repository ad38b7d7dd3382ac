package predict

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/budget"
	"github.com/ssolens/ssolens/neo4j/conf"
)

// FuzzSimulateLogin: whatever claims a token carries, the prediction for
// a real configuration ends in one of its outcomes, with catalogued
// findings, within an allocation ceiling (and, while fuzzing, a time
// ceiling).
func FuzzSimulateLogin(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("..", "conf", "testdata", "okta-access-token.conf"))
	if err != nil {
		f.Fatal(err)
	}
	c, err := conf.ParseConf(strings.NewReader(string(data)), "neo4j.conf")
	if err != nil {
		f.Fatal(err)
	}
	model := conf.Analyze(c, conf.Latest, conf.LintOptions{})
	for _, s := range []string{
		`{"iss":"https://dev-123456.okta.com/oauth2/default","sub":"alice","aud":"api://default","exp":1795003600,"iat":1795000000,"groups":["Neo4j Readers"]}`,
		`{"sub":"","aud":[],"groups":"Neo4j Admins","exp":"soon"}`,
		`{"groups":[null,1,{"a":"b"}],"sub":{"x":1}}`,
		`{"aud":["api://default","x"],"azp":"y","groups":["` + strings.Repeat("g", 300) + `"]}`,
	} {
		f.Add(s, `{"alg":"RS256","kid":"k"}`)
	}
	defs := map[string]bool{}
	for _, d := range inspector.Definitions() {
		defs[d.Code] = true
	}
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	enc := base64.RawURLEncoding
	f.Fuzz(func(t *testing.T, claims, header string) {
		tok := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(claims)) + "." + enc.EncodeToString(make([]byte, 256))
		var p *Prediction
		budget.Call(t, "SimulateLogin", 4<<20+uint64(256*(len(claims)+len(header))), time.Second, func() {
			p = SimulateLogin(context.Background(), LoginInput{Model: model, Tokens: inspector.TokenSet{IDToken: tok, AccessToken: tok},
				Verify: inspector.VerifyConfig{Offline: true, Options: inspector.Options{Now: func() time.Time { return now }}}})
		})
		switch p.Outcome {
		case OutcomeLogIn, OutcomeRejected, OutcomeClientError:
		default:
			t.Fatalf("outcome %q", p.Outcome)
		}
		for _, fd := range p.Findings {
			if !defs[fd.Code] || fd.Message == "" {
				t.Fatalf("finding %+v is not catalogued or has no message", fd)
			}
		}
	})
}
