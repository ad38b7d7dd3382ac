package inspector

import (
	"strings"
	"testing"
)

func TestInputSizeReported(t *testing.T) {
	tok := mint(t, validClaims(), nil)
	for _, tc := range []struct {
		size      InputSize
		wantBytes int
		unread    bool
		finding   string
	}{
		{InputSize{}, len(tok), false, ""},
		{InputSize{Bytes: 209_715_287}, 209_715_287, false, "The input is 209715287 bytes; only the first "},
		{InputSize{Bytes: MaxInspectBytes, Unread: true}, MaxInspectBytes, true, "The input is more than 67108864 bytes; only the first "},
	} {
		r := Inspect([]byte(tok), Options{InputSize: tc.size, Now: testOpts().Now})
		if r.Input.Bytes != tc.wantBytes || r.Input.BytesUnread != tc.unread {
			t.Errorf("%+v: Input = %+v", tc.size, r.Input)
		}
		f, ok := findingOf(r.Findings, FindInputTruncated.Code)
		if ok != (tc.finding != "") || ok && !strings.HasPrefix(f.Message, tc.finding) {
			t.Errorf("%+v: truncation finding %v %q, want %q", tc.size, ok, f.Message, tc.finding)
		}
		if len(r.Tokens) != 1 {
			t.Errorf("%+v: %d tokens", tc.size, len(r.Tokens))
		}
	}
}
