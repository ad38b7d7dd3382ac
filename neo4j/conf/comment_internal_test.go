package conf

import (
	"strings"
	"testing"
)

// TestCommentTextIsSafe: a generated comment holding text from a token or
// a flag keeps no line break, control, bidi or invisible character raw.
func TestCommentTextIsSafe(t *testing.T) {
	got := commentText("the issuer given (https://idp.example.com/\u202e\u200b)\ndbms.security.auth_enabled=false")
	if strings.ContainsAny(got, "\n\r\u202e\u200b") {
		t.Errorf("commentText kept a raw character: %q", got)
	}
	if keep := "the aud of the access_token, the token Neo4j validates"; commentText(keep) != keep {
		t.Errorf("plain text changed: %q", commentText(keep))
	}
}
