package conf

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/ssolens/ssolens/inspector"
)

// What reading and linting a configuration may cost, whatever it holds: a
// broken or hostile file (a line of 80,000 malformed \u escapes, a million
// unknown settings) gives a bounded report, in time linear in its size.
const (
	// MaxFindingsPerCode is how many findings of one code one file lists;
	// one more finding counts the rest ("and 79,990 more").
	MaxFindingsPerCode = 50
	// MaxFindingsPerLine is how many findings of one code one line gives;
	// the last says how many more the line holds.
	MaxFindingsPerLine = 3
	// MaxQuotedRunes is how much of a line or value a finding quotes.
	MaxQuotedRunes = 200
)

// FindingCap keeps at most MaxFindingsPerCode findings of each code and
// counts the others; Summarise then adds one finding per code that says
// how many more there were. The zero value is ready to use.
type FindingCap struct {
	n     map[string]int
	order []string
}

// Add appends f to fs unless its code is full.
func (c *FindingCap) Add(fs []inspector.Finding, f inspector.Finding) []inspector.Finding {
	if c.n == nil {
		c.n = map[string]int{}
	}
	if c.n[f.Code] == 0 {
		c.order = append(c.order, f.Code)
	}
	c.n[f.Code]++
	if c.n[f.Code] > MaxFindingsPerCode {
		return fs
	}
	return append(fs, f)
}

// Full reports whether a finding of code would be dropped, so the caller
// can skip making it; Skip counts it instead.
func (c *FindingCap) Full(code string) bool { return c.n[code] >= MaxFindingsPerCode }

func (c *FindingCap) Skip(code string) { c.n[code]++ }

// Summarise appends, for each code that had more findings than it lists,
// one finding that counts the rest.
func (c *FindingCap) Summarise(fs []inspector.Finding) []inspector.Finding {
	for _, code := range c.order {
		more := c.n[code] - MaxFindingsPerCode
		if more <= 0 {
			continue
		}
		var like inspector.Finding
		for i := len(fs) - 1; i >= 0; i-- {
			if fs[i].Code == code {
				like = fs[i]
				break
			}
		}
		fs = append(fs, inspector.Finding{Code: code, Severity: like.Severity, Fix: like.Fix, Command: like.Command,
			Message:  fmt.Sprintf("… and %s more %s findings like the ones above, not listed (at most %d of one code are listed per file).", Thousands(more), code, MaxFindingsPerCode),
			Evidence: fmt.Sprintf("%d %s findings in all", c.n[code], code)})
	}
	return fs
}

// Thousands writes n with comma separators: 79,990.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}

// ClipText cuts s to n runes ("…" marks the cut). It reads at most n runes
// of s: quoting the start of a 10 MB line costs what is quoted.
func ClipText(s string, n int) string {
	i := 0
	for k := 0; k < n; k++ {
		if i >= len(s) {
			return s
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	if i >= len(s) {
		return s
	}
	return s[:i] + "…"
}

// badEscapes records the malformed \u escapes of one line: the first
// MaxFindingsPerLine, and how many there are.
type badEscapes struct {
	first []string
	n     int
}

func (b *badEscapes) add(s string) {
	b.n++
	if len(b.first) < MaxFindingsPerLine {
		b.first = append(b.first, s)
	}
}

// moreNote is what the last finding of a line adds when the line holds
// more than it lists.
func (b *badEscapes) moreNote(i int) string {
	if i != len(b.first)-1 || b.n <= len(b.first) {
		return ""
	}
	return fmt.Sprintf(" The line holds %s more malformed escapes, not listed.", Thousands(b.n-len(b.first)))
}
