package report

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
)

// hostile holds ESC sequences, BEL, CR, a bidi override, a zero-width
// space and a newline starting a forged line.
const hostile = "x\x1b[2K\x07\r\u202e\u200b\n- FORGED: verified\x1b[8m"

// poison appends hostile to every string reachable from v: every field of
// the prediction, the live result, the config, the findings and the
// timeline then carries it.
func poison(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			poison(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				poison(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // raw JSON: the hostile token carries its own
		}
		for i := 0; i < v.Len(); i++ {
			poison(v.Index(i))
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(v.String() + hostile)
		}
	}
}

func TestReportsEscapeHostileText(t *testing.T) {
	f := newFixture(t)
	header, _ := json.Marshal(map[string]any{"alg": "RS256", "kid": hostile, "typ": hostile, "x-custom": hostile})
	claims, _ := json.Marshal(map[string]any{"iss": hostile, "sub": hostile, "aud": []string{hostile}, "groups": []string{hostile},
		"custom": hostile, "email": hostile + "@example.com", "iat": testNow.Add(-time.Minute).Unix(), "exp": testNow.Add(time.Hour).Unix()})
	tok := craft(string(header), string(claims))
	rep := inspector.Inspect([]byte(tok), inspector.Options{Now: func() time.Time { return testNow }, Location: time.UTC})
	inv := f.inv
	inv.Report.Tokens = append(inv.Report.Tokens, rep.Tokens...)
	poison(reflect.ValueOf(inv.Prediction))
	poison(reflect.ValueOf(inv.Live))
	poison(reflect.ValueOf(inv.Config))
	// The conf is a multi-line block: its newlines are kept, the rest not.
	inv.Config.Conf = newConfig().Conf + "# x\x1b[2K\x07\r\u202e\u200b\n"
	poison(reflect.ValueOf(&inv.Lint))
	poison(reflect.ValueOf(&inv.Events))
	poison(reflect.ValueOf(&inv.Title))
	for _, tk := range inv.Report.Tokens {
		poison(reflect.ValueOf(tk.Signature))
		poison(reflect.ValueOf(&tk.Checks))
		poison(reflect.ValueOf(&tk.Findings))
		poison(reflect.ValueOf(&tk.RoleReason))
	}
	for _, redact := range []bool{false, true} {
		for name, out := range map[string][]byte{"Markdown": Markdown(inv, testOptions(redact)), "HTML": HTML(inv, testOptions(redact))} {
			s := string(out)
			if !strings.Contains(s, `\x1b[2K`) || !strings.Contains(s, `\u202e`) {
				t.Errorf("%s (redact %v): the hostile text is not shown escaped", name, redact)
			}
			if i := safetext.FirstUnsafe(s, true); i >= 0 {
				t.Errorf("%s (redact %v): raw %q at byte %d", name, redact, s[i:min(len(s), i+4)], i)
			}
			for _, line := range strings.Split(s, "\n") {
				if strings.Contains(line, "- FORGED") && !strings.Contains(line, `\n- FORGED`) {
					t.Errorf("%s (redact %v): a value started a line: %q", name, redact, line)
				}
			}
		}
	}
}
