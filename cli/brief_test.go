package cli

import (
	"strings"
	"testing"
)

func TestBrief(t *testing.T) {
	out, _, code := run(t, "", "inspect", goldenResponse, "--brief")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != ExitFindings || !strings.Contains(out, "\ntoken 2  jws  access_token  RS256  sub=alice@example.com  expires in 55m  – signature not checked\n") ||
		!strings.HasPrefix(lines[0], "● info expires-in-string: ") {
		t.Errorf("exit %d\n%s", code, out)
	}
	var tokens, findings int
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "token "):
			tokens++
		case strings.HasPrefix(l, "  ✖ error token-expired: "):
			findings++
		}
	}
	if tokens != 3 || findings != 1 {
		t.Errorf("%d token lines, %d token-expired lines:\n%s", tokens, findings, out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour in a pipe")
	}
	out, _, _ = run(t, "", "inspect", goldenResponse, "--brief", "--color=always")
	if !strings.Contains(out, "\x1b[1;31m✖ fails\x1b[0m") || strings.Contains(out, "\x1b[1;31m\x1b[1;31m") {
		t.Errorf("--brief --color=always:\n%q", out)
	}
	// A claim's control and bidi characters never reach the terminal.
	tok := craft(`{"alg":"RS256"}`, `{"sub":"ali\u202ece\u001b[31m"}`)
	out, _, _ = run(t, "", "inspect", tok, "--brief")
	if strings.ContainsAny(out, "\u202e\x1b") {
		t.Errorf("raw control characters: %q", out)
	}
}
