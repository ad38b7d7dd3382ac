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
