package session

import (
	"encoding/json"
	"testing"
)

// A claim value is JSON when it is JSON, numbers kept exactly; anything
// else, or JSON followed by more, is the text.
func TestMintClaimValue(t *testing.T) {
	for in, want := range map[string]string{
		"12345678901234567890": "12345678901234567890",
		`["a", 2.50]`:          `["a",2.50]`,
		"1 2":                  `"1 2"`,
		"alice@example.com":    `"alice@example.com"`,
		`{"a":1} x`:            `"{\"a\":1} x"`,
	} {
		got, _ := json.Marshal(MintClaimValue(in))
		if string(got) != want {
			t.Errorf("MintClaimValue(%q) = %s, want %s", in, got, want)
		}
	}
	if _, err := MintClaims([]byte("null")); err == nil {
		t.Error("null taken for claims")
	}
}
