package conf

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

type kv struct {
	key, value string
	line       int
}

func TestParseConfFollowsJavaProperties(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []kv
	}{
		{"equals separator", "a=b", []kv{{"a", "b", 1}}},
		{"colon separator", "a:b", []kv{{"a", "b", 1}}},
		{"whitespace separator", "a b", []kv{{"a", "b", 1}}},
		{"whitespace around separator dropped", "a  =   b", []kv{{"a", "b", 1}}},
		{"whitespace then separator then whitespace", "a \t: \f b", []kv{{"a", "b", 1}}},
		{"only the first separator counts", "a==b", []kv{{"a", "=b", 1}}},
		{"trailing whitespace kept", "a=b  ", []kv{{"a", "b  ", 1}}},
		{"leading whitespace of line skipped", "   a=b", []kv{{"a", "b", 1}}},
		{"hash comment", "# a=b\nc=d", []kv{{"c", "d", 2}}},
		{"bang comment", "! a=b\nc=d", []kv{{"c", "d", 2}}},
		{"indented comment", "   # a=b\nc=d", []kv{{"c", "d", 2}}},
		{"hash inside a value is data", "a=b # not a comment", []kv{{"a", "b # not a comment", 1}}},
		{"blank lines skipped", "\n\n  \na=b\n\n", []kv{{"a", "b", 4}}},
		{"key without value", "a", []kv{{"a", "", 1}}},
		{"key with empty value", "a=", []kv{{"a", "", 1}}},
		{"continuation joins lines and drops leading whitespace", "a=b\\\n    c", []kv{{"a", "bc", 1}}},
		{"even backslashes do not continue", "a=b\\\\\nc=d", []kv{{"a", `b\`, 1}, {"c", "d", 2}}},
		{"odd backslashes continue", "a=b\\\\\\\n c", []kv{{"a", `b\c`, 1}}},
		{"comment after continuation is data", "a=b\\\n# c", []kv{{"a", "b# c", 1}}},
		{"comment line ending in backslash does not continue", "# a\\\nb=c", []kv{{"b", "c", 2}}},
		{"continuation into blank line ends value", "a=b\\\n\nc=d", []kv{{"a", "b", 1}, {"c", "d", 3}}},
		{"continuation at end of file", "a=b\\", []kv{{"a", "b", 1}}},
		{"backslash space is an escaped space, not a continuation", "a=b\\ \nc=d", []kv{{"a", "b ", 1}, {"c", "d", 2}}},
		{"doc callout breaks the continuation", "m=\\\n  \"R\" = reader; \\ #<1>\n  \"W\" = publisher", []kv{{"m", `"R" = reader;  #<1>`, 1}, {`"W"`, "publisher", 3}}},
		{"escapes", `a=\t\n\r\f\\\=\:\#\!\x`, []kv{{"a", "\t\n\r\f\\=:#!x", 1}}},
		{"unicode escape", `a=caf\u00e9 \u00C9`, []kv{{"a", "café É", 1}}},
		{"escaped separator in key", `a\=b\ c=d`, []kv{{"a=b c", "d", 1}}},
		{"CRLF", "a=b\r\nc=d\r\n", []kv{{"a", "b", 1}, {"c", "d", 2}}},
		{"CR only", "a=b\rc=d", []kv{{"a", "b", 1}, {"c", "d", 2}}},
		{"CRLF continuation", "a=b\\\r\n  c\r\nd=e", []kv{{"a", "bc", 1}, {"d", "e", 3}}},
		{"duplicates kept in order", "a=1\nb=2\na=3", []kv{{"a", "1", 1}, {"b", "2", 2}, {"a", "3", 3}}},
		{"Latin-1 bytes are characters", "a=caf\xe9", []kv{{"a", "café", 1}}},
		{"UTF-8 read as Latin-1 is mojibake", "a=caf\xc3\xa9", []kv{{"a", "cafÃ©", 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.in)
			var got []kv
			for _, e := range c.Entries {
				got = append(got, kv{e.Key, e.Value, e.Line})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d entries %+v, want %+v", len(got), got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("entry %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseConfUTF8Option(t *testing.T) {
	c := mustParse(t, "a=caf\xc3\xa9", WithCharset(UTF8))
	if c.Entries[0].Value != "café" {
		t.Errorf("value = %q, want café", c.Entries[0].Value)
	}
	if len(c.Findings) != 0 {
		t.Errorf("unexpected findings %v", codes(c.Findings))
	}
	c = mustParse(t, "a=caf\xe9", WithCharset(UTF8))
	if _, ok := findCode(c.Findings, "conf-invalid-utf8"); !ok || c.Entries[0].Value != "caf\uFFFD" {
		t.Errorf("invalid UTF-8: value %q findings %v", c.Entries[0].Value, codes(c.Findings))
	}
}

func TestParseConfRecordsLinesAndRaw(t *testing.T) {
	c := mustParse(t, "# head\n\nm=\\\n    g1=admin;\\\n    g2=reader\nx=y\n")
	e := c.Entries[0]
	if e.Line != 3 || e.EndLine != 5 {
		t.Errorf("lines = %d-%d, want 3-5", e.Line, e.EndLine)
	}
	if e.Raw != "m=\\\n    g1=admin;\\\n    g2=reader" {
		t.Errorf("raw = %q", e.Raw)
	}
	if got := e.LineAt(strings.Index(e.Value, "g2")); got != 5 {
		t.Errorf("LineAt(g2) = %d, want 5", got)
	}
	if got := e.LineAt(0); got != 4 {
		t.Errorf("LineAt(0) = %d, want 4 (the value starts on the continuation line)", got)
	}
	if c.Entries[1].Line != 6 || c.Lines != 7 {
		t.Errorf("x line %d, file lines %d", c.Entries[1].Line, c.Lines)
	}
}

func TestParseConfFindsReadingTraps(t *testing.T) {
	tests := []struct {
		name, in, code string
		line           int
	}{
		{"space after trailing backslash", "a=b \\  \nc=d", "conf-continuation-trailing-space", 1},
		{"tab after trailing backslash", "x=1\na=b\\\t\nc=d", "conf-continuation-trailing-space", 2},
		{"doc callout", "m=\\\n  \"R\" = reader; \\ #<1>\n  \"W\" = publisher", "conf-doc-callout", 2},
		{"malformed unicode escape", `a=\u00g1`, "conf-malformed-unicode-escape", 1},
		{"truncated unicode escape", `a=\u12`, "conf-malformed-unicode-escape", 1},
		{"mojibake", "g=\xc3\xa9quipe", "conf-charset-mismatch", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.in)
			f, ok := findCode(c.Findings, tt.code)
			if !ok {
				t.Fatalf("no %s in %v", tt.code, codes(c.Findings))
			}
			if !strings.Contains(f.Evidence, "line "+strconv.Itoa(tt.line)) {
				t.Errorf("evidence %q does not name line %d", f.Evidence, tt.line)
			}
		})
	}
	if f, _ := findCode(mustParse(t, `a=\u00g1`).Findings, "conf-malformed-unicode-escape"); !strings.Contains(f.Message, `Malformed \uxxxx encoding.`) {
		t.Errorf("message %q lacks Java's text", f.Message)
	}
	if fs := mustParse(t, "a=b\\\\ \nc=d").Findings; len(fs) != 0 {
		t.Errorf("an escaped backslash before a space is no trap: %v", codes(fs))
	}
}

func TestParseConfRejectsWhatIsNoConfigFile(t *testing.T) {
	if _, err := ParseConf(strings.NewReader("a=b\x00c"), "x.bin"); err == nil || !strings.Contains(err.Error(), "binary") {
		t.Errorf("binary input: err = %v", err)
	}
	big := strings.Repeat("a", MaxConfBytes+1)
	if _, err := ParseConf(strings.NewReader(big), "big.conf"); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("oversized input: err = %v", err)
	}
}

func TestParseConfHandlesHugeInputQuickly(t *testing.T) {
	// 10 MB in one line and in many lines: linear, no panic.
	one := "k=" + strings.Repeat("v\\\n", 1) + strings.Repeat("x", 10<<20)
	c := mustParse(t, one)
	if len(c.Entries) != 1 || len(c.Entries[0].Value) != 10<<20+1 {
		t.Fatalf("huge line: %d entries", len(c.Entries))
	}
	many := strings.Repeat("dbms.security.oidc.p.display_name=x\n", 250000)
	c = mustParse(t, many)
	if len(c.Entries) != 250000 || c.Entries[249999].Line != 250000 {
		t.Fatalf("many lines: %d entries", len(c.Entries))
	}
	_ = Lint(c, Latest)
	_ = Lint(c, V4_4) // 250 000 overrides: one finding, not a quadratic list
	distinct := &strings.Builder{}
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(distinct, "dbms.security.oidc.p%d.display_name=x\n", i)
	}
	_ = Lint(mustParse(t, distinct.String()), Latest)
}

// TestReadAsLatin1: UTF-8 text read as ISO-8859-1 is one character a
// byte (the charset finding and predict's group near miss both use it).
func TestReadAsLatin1(t *testing.T) {
	if got := ReadAsLatin1("Équipe"); got != "Ã\u0089quipe" {
		t.Errorf("ReadAsLatin1 = %q", got)
	}
}
