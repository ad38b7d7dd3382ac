package session

import (
	"slices"
	"testing"
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
