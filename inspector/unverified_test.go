package inspector

import (
	"context"
	"slices"
	"testing"
)

// TestUnverifiedIsTheDecodingAlone: a token verified with one audience
// gives, through Unverified, a copy without that verification (signature,
// checks, the findings it added), which a second verification with
// another audience judges on its own; the verified token is left as it is.
func TestUnverifiedIsTheDecodingAlone(t *testing.T) {
	tok := Decode(mint(t, validClaims(), nil), "access_token", testOpts())
	before := slices.Clone(tok.Findings)
	Verify(context.Background(), tok, VerifyConfig{Options: testOpts(), Offline: true, Audiences: []string{"api://other"}})
	if !hasCode(tok.Findings, "aud-mismatch") || tok.Signature == nil {
		t.Fatalf("the first verification: %v", codes(tok.Findings))
	}
	cp := tok.Unverified()
	if cp.Signature != nil || cp.Checks != nil || !slices.Equal(codes(cp.Findings), codes(before)) {
		t.Errorf("the copy keeps a verification: signature %+v, checks %+v, findings %v (decoded: %v)", cp.Signature, cp.Checks, codes(cp.Findings), codes(before))
	}
	Verify(context.Background(), cp, VerifyConfig{Options: testOpts(), Offline: true, Audiences: []string{"api://default"}})
	if hasCode(cp.Findings, "aud-mismatch") || !hasCode(tok.Findings, "aud-mismatch") {
		t.Errorf("copy %v, original %v", codes(cp.Findings), codes(tok.Findings))
	}
	if again := cp.Unverified(); !slices.Equal(codes(again.Findings), codes(before)) {
		t.Errorf("a copy of the copy: %v", codes(again.Findings))
	}
}
