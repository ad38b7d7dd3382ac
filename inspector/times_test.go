package inspector

import (
	"encoding/json"
	"testing"
)

func TestNumericDateText(t *testing.T) {
	for _, c := range []struct {
		claim, raw, want string
		ok               bool
	}{
		{"exp", "1795437595", "2026-11-23T12:39:55Z", true},
		{"iat", `"1795437595"`, "2026-11-23T12:39:55Z", true},
		{"exp", `"soon"`, "", false},
		{"exp", "-5", "", false},
		{"sub", "1795437595", "", false},
		{"exp", "", "", false},
	} {
		got, ok := NumericDateText(c.claim, json.RawMessage(c.raw))
		if got != c.want || ok != c.ok {
			t.Errorf("NumericDateText(%s, %s) = %q, %v; want %q, %v", c.claim, c.raw, got, ok, c.want, c.ok)
		}
	}
}
