package inspector

import (
	"encoding/json"
	"testing"
)

// PlainString gives what json.Unmarshal gives for the strings it takes,
// and leaves escapes, non-strings and invalid UTF-8 to it.
func TestPlainString(t *testing.T) {
	for _, c := range []struct {
		raw   string
		plain bool
	}{
		{`"alice"`, true}, {`""`, true}, {`"日本 é 👩‍💻"`, true}, {`"a b/c:d@e"`, true},
		{`"a\"b"`, false}, {`"a\\b"`, false}, {`"\u00e9"`, false}, {`"a\nb"`, false},
		{`5`, false}, {`null`, false}, {`["a"]`, false}, {`{"a":1}`, false}, {`"`, false}, {``, false},
		{"\"\xff\xfe\"", false},
	} {
		got, ok := PlainString([]byte(c.raw))
		if ok != c.plain {
			t.Errorf("PlainString(%q) ok = %v; want %v", c.raw, ok, c.plain)
			continue
		}
		if !ok {
			continue
		}
		var want string
		if err := json.Unmarshal([]byte(c.raw), &want); err != nil || got != want {
			t.Errorf("PlainString(%q) = %q; json.Unmarshal gives %q (%v)", c.raw, got, want, err)
		}
	}
}
