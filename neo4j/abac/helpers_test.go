package abac

import (
	"strings"
	"testing"

	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/internal/conftest"
)

func mustParse(t testing.TB, text string) *conf.Conf {
	t.Helper()
	c, err := conf.ParseConf(strings.NewReader(text), "neo4j.conf")
	if err != nil {
		t.Fatalf("ParseConf: %v", err)
	}
	return c
}

var (
	codes    = conftest.Codes
	findCode = conftest.FindCode
)

const okta = conftest.Okta
