package conf

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/internal/conftest"
)

func mustParse(t testing.TB, text string, opts ...Option) *Conf {
	t.Helper()
	c, err := ParseConf(strings.NewReader(text), "neo4j.conf", opts...)
	if err != nil {
		t.Fatalf("ParseConf: %v", err)
	}
	return c
}

func lintText(t testing.TB, text string, v Version) []inspector.Finding {
	t.Helper()
	return Lint(mustParse(t, text), v)
}

var (
	codes    = conftest.Codes
	findCode = conftest.FindCode
)

const okta = conftest.Okta

func itoa(n int) string { return strconv.Itoa(n) }

// checkEntries asserts c's entries: key, value and line, in order.
func checkEntries(t *testing.T, c *Conf, want []kv) {
	t.Helper()
	var got []kv
	for _, e := range c.Entries {
		got = append(got, kv{e.Key, e.Value, e.Line})
	}
	if len(got) != len(want) {
		t.Fatalf("entries %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
