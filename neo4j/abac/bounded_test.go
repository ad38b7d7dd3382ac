package abac

import (
	"strings"
	"testing"

	"github.com/ssolens/ssolens/internal/budget"
	"github.com/ssolens/ssolens/neo4j/conf"
)

// TestParseAuthRulesOfHostileInputIsBounded: a file over the limit is
// refused after reading the limit (not the whole of a 10 MB input), and a
// file at the limit full of broken statements gives bounded findings in
// memory proportional to its size.
func TestParseAuthRulesOfHostileInputIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 14 MB")
	}
	huge := strings.Repeat("CREATE AUTH RULE r SET CONDITION ((((;\n", (10<<20)/40+1)
	u := budget.Measure(func() {
		if _, _, err := ParseAuthRules(strings.NewReader(huge), "huge.cypher"); err == nil {
			t.Error("a 10 MB rules file was accepted")
		}
	})
	if !budget.Race && u.Bytes > 3*MaxRulesBytes {
		t.Errorf("refusing %d bytes allocated %d", len(huge), u.Bytes)
	}

	var b strings.Builder
	size := MaxRulesBytes - 200
	if budget.Race {
		size = 1 << 20
	}
	for i := 0; b.Len() < size; i++ {
		b.WriteString("CREATE AUTH RULE r SET CONDITION ((((;\nGRANT ROLE x TO AUTH RULE nowhere;\n")
	}
	text := b.String()
	var n, per int
	u = budget.Measure(func() {
		_, fs, err := ParseAuthRules(strings.NewReader(text), "broken.cypher")
		if err != nil {
			t.Fatal(err)
		}
		n = len(fs)
		counts := map[string]int{}
		for _, f := range fs {
			counts[f.Code]++
			per = max(per, counts[f.Code])
		}
	})
	t.Logf("%d bytes: %d findings, %d MB allocated", len(text), n, u.Bytes>>20)
	if per > conf.MaxFindingsPerCode+1 {
		t.Errorf("%d findings of one code", per)
	}
	if !budget.Race && u.Bytes > uint64(160*len(text)) {
		t.Errorf("allocated %d bytes for %d bytes", u.Bytes, len(text))
	}
}
