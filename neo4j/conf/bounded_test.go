package conf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/budget"
)

// hostileConfs are inputs of more than 10 MB built to make a reader work
// hard: each must be read and linted with bounded findings, in memory
// proportional to its size (measured allocations, not wall-clock time).
// Under the race detector the inputs shrink to 1 MB and allocations are not
// asserted (it multiplies them); make test runs these tests without it
// too, at full size (the bounded target).
func hostileConfs() map[string]string {
	size := 10<<20 + 1
	if budget.Race {
		size = 1<<20 + 1
	}
	fill := func(line string) string { return strings.Repeat(line, size/len(line)+1) }
	// numbered repeats a line whose %d makes each key distinct.
	numbered := func(format string, size int) string {
		var b strings.Builder
		for i := 0; b.Len() < size; i++ {
			fmt.Fprintf(&b, format, i)
		}
		return b.String()
	}
	return map[string]string{
		"one line of malformed \\u escapes": "dbms.security.oidc.x.display_name=" + strings.Repeat(`\uZZZZ`, size/6) + "\n",
		"lines of malformed \\u escapes":    fill("dbms.security.oidc.x.display_name=" + strings.Repeat(`\uZZZZ`, 500) + "\n"),
		"unknown settings":                  numbered("unknown.setting.k%d=value\n", size),
		"unknown security settings":         numbered("dbms.security.k%d=value\n", size),
		"unknown provider settings":         numbered("dbms.security.oidc.p%d.nonsense=value\n", size),
		"one 10 MB value":                   "dbms.security.authentication_providers=oidc-x\ndbms.security.oidc.x.audience=" + strings.Repeat("a", size) + "\n",
		"one 10 MB key":                     strings.Repeat("k", size) + "=v\n",
		"backslashes and spaces":            fill("dbms.security.oidc.x.claims.groups=a\\ \n"),
		"duplicates":                        fill("dbms.security.auth_enabled=true\n"),
	}
}

// findingText is how much text a list of findings holds.
func findingText(fs []inspector.Finding) int {
	n := 0
	for _, f := range fs {
		n += len(f.Message) + len(f.Fix) + len(f.Evidence)
	}
	return n
}

// checkBounded asserts the caps: at most MaxFindingsPerCode of a code plus
// its summary, and at most a few KB of text per finding.
func checkBounded(t *testing.T, fs []inspector.Finding) {
	t.Helper()
	per := map[string]int{}
	for _, f := range fs {
		per[f.Code]++
		if per[f.Code] > MaxFindingsPerCode+1 {
			t.Fatalf("more than %d findings of %s", MaxFindingsPerCode+1, f.Code)
		}
		if n := len(f.Message) + len(f.Fix) + len(f.Evidence); n > 3*4*inspector.MaxMessageRunes {
			t.Fatalf("a %s finding of %d bytes", f.Code, n)
		}
	}
}

func TestParseAndLintOfHostileConfsAreBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 80 MB of hostile confs")
	}
	for name, text := range hostileConfs() {
		t.Run(name, func(t *testing.T) {
			var m *Model
			u := budget.Measure(func() {
				c, err := ParseConf(strings.NewReader(text), "hostile.conf")
				if err != nil {
					t.Fatal(err)
				}
				m = Analyze(c, Latest, LintOptions{})
			})
			t.Logf("%d bytes: %d findings (%d bytes of text), %d MB allocated, %d MB live after", len(text), len(m.Findings), findingText(m.Findings), u.Bytes>>20, u.HeapAfter>>20)
			checkBounded(t, m.Findings)
			// Measured: 12 to 64 times the input (the text as runes, the
			// entries, one provider per key); the ceiling leaves room.
			if limit := uint64(96 * len(text)); !budget.Race && u.Bytes > limit {
				t.Errorf("allocated %d bytes for %d bytes of input: more than 96 times", u.Bytes, len(text))
			}
			if findingText(m.Findings) > 512<<10 {
				t.Errorf("findings hold %d bytes of text", findingText(m.Findings))
			}
		})
	}
}

func TestBadEscapesOfOneLineAreSummarised(t *testing.T) {
	c, err := ParseConf(strings.NewReader("dbms.security.oidc.x.display_name="+strings.Repeat(`\uZZZZ`, 80_000)+"\n"), "neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	var bad []inspector.Finding
	for _, f := range c.Findings {
		if f.Code == FindConfBadUnicodeEscape.Code {
			bad = append(bad, f)
		}
	}
	if len(bad) != MaxFindingsPerLine || !strings.Contains(bad[len(bad)-1].Message, "79,997 more malformed escapes") {
		t.Fatalf("%d findings, last %q", len(bad), bad[len(bad)-1].Message)
	}
}

func TestFindingsOfOneCodeAreSummarised(t *testing.T) {
	var b strings.Builder
	for i := range 80_040 {
		fmt.Fprintf(&b, "unknown.setting.k%d=v\n", i)
	}
	c, err := ParseConf(strings.NewReader(b.String()), "neo4j.conf")
	if err != nil {
		t.Fatal(err)
	}
	fs := Lint(c, Latest)
	n, summary := 0, ""
	for _, f := range fs {
		if f.Code == FindUnrecognized.Code {
			n++
			summary = f.Message
		}
	}
	if n != MaxFindingsPerCode+1 || !strings.Contains(summary, "and 79,990 more") {
		t.Errorf("%d %s findings, last %q", n, FindUnrecognized.Code, summary)
	}
	if WouldStart(fs) {
		t.Error("the summary hides that Neo4j does not start")
	}
}

func TestClipTextIsLinear(t *testing.T) {
	long := strings.Repeat("é", 1<<20)
	if n := testing.AllocsPerRun(10, func() { _ = ClipText(long, 160) }); n > 1 {
		t.Errorf("ClipText allocates %v times", n)
	}
	if got := ClipText("héllo", 3); got != "hél…" {
		t.Errorf("ClipText = %q", got)
	}
	if got := ClipText("hél", 3); got != "hél" {
		t.Errorf("ClipText = %q", got)
	}
	if Thousands(79990) != "79,990" || Thousands(1234567) != "1,234,567" || Thousands(12) != "12" {
		t.Error("Thousands")
	}
}

func TestParseEnvOfAHostileFileIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 10 MB")
	}
	line := "NOT A SETTING LINE\nNEO4J_dbms_security_oidc_x_display__name=" + strings.Repeat(`\uZZZZ`, 100) + "\n"
	size := 10 << 20
	if budget.Race {
		size = 1 << 20
	}
	text := strings.Repeat(line, size/len(line)+1)
	var c *Conf
	u := budget.Measure(func() {
		var err error
		if c, err = ParseEnv(strings.NewReader(text), "hostile.env"); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("%d bytes: %d findings, %d MB allocated", len(text), len(c.Findings), u.Bytes>>20)
	checkBounded(t, c.Findings)
	if !budget.Race && u.Bytes > uint64(40*len(text)) {
		t.Errorf("allocated %d bytes for %d bytes of input", u.Bytes, len(text))
	}
}

func TestParseGroupToRoleMappingOfAHostileValueIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 10 MB")
	}
	size := 10 << 20
	if budget.Race {
		size = 1 << 20 // the race detector multiplies the cost of 1.7 million entries
	}
	value := strings.Repeat(`"g=x"=;'=;a=b=c;=;`, size/18+1)
	var fs []inspector.Finding
	u := budget.Measure(func() { _, fs = ParseGroupToRoleMapping(value, "custom") })
	t.Logf("%d bytes: %d findings, %d MB allocated", len(value), len(fs), u.Bytes>>20)
	checkBounded(t, fs)
	// Measured: about 107 times the value (1.7 million entries of 6 bytes,
	// each a group, its roles and its text).
	if !budget.Race && u.Bytes > uint64(160*len(value)) {
		t.Errorf("allocated %d bytes for %d bytes of input", u.Bytes, len(value))
	}
}

// TestParseEnvOfAHostileDockerRunIsBounded: a docker run command of 10 MB
// on one line (each word's line is looked up, not counted again), of
// options or of arguments, is read in memory proportional to its size.
func TestParseEnvOfAHostileDockerRunIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 10 MB")
	}
	size := 10 << 20
	if budget.Race {
		size = 1 << 20
	}
	for name, word := range map[string]string{
		"options":   "-e NEO4J_dbms_security_oidc_x_display__name=x;y ",
		"arguments": "a ",
		"lines":     "--env NEO4J_dbms_security_oidc_x_audience=$A \\\n",
	} {
		text := "docker run " + strings.Repeat(word, size/len(word)+1)
		var c *Conf
		u := budget.Measure(func() {
			var err error
			if c, err = ParseEnv(strings.NewReader(text), "run.sh"); err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%s, %d bytes: %d findings, %d MB allocated", name, len(text), len(c.Findings), u.Bytes>>20)
		checkBounded(t, c.Findings)
		if !budget.Race && u.Bytes > uint64(40*len(text)) {
			t.Errorf("%s: allocated %d bytes for %d bytes of input", name, u.Bytes, len(text))
		}
	}
}
