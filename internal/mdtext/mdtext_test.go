package mdtext

import "testing"

// Text escapes markup and the cell-ending pipe; Code fences past any run
// of backticks and escapes the pipe too (GFM splits cells even in code).
func TestEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"a | b <t> *x* [l](u) _i_": `a \| b \<t\> \*x\* \[l\](u) \_i\_`,
		"line\nbreak":              "line break",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"a|b": "`a\\|b`", "x`y": "`` x`y ``", "": ""} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Fence("``````"); got != "```````" {
		t.Errorf("Fence = %q", got)
	}
}
