package server

import "github.com/ssolens/ssolens/neo4j/internal/conftest"

var (
	codes    = conftest.Codes
	findCode = conftest.FindCode
)
