package predict

import (
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// Helpers for the external tests (package predict_test), which may import
// neo4j/server: it imports predict.

func NewTestIDP(t *testing.T) *idp { return newIDP(t) }

func (p *idp) URL() string { return p.srv.URL }

func (p *idp) Mint(t *testing.T, claims jwt.MapClaims) string { return p.mint(t, claims) }

var (
	SimulateForTest = simulate
	PredictionCodes = predictionCodes
)
