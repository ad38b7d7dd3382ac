package session

import (
	"slices"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/predict"
)

// expectedDifference says why a claim usually differs between an ID token
// and an access token: they are made for different readers.
var expectedDifference = map[string]string{
	"aud":       "expected: the ID token is for the client, the access token for the API",
	"azp":       "expected: the party the token was issued to",
	"at_hash":   "expected: only the ID token binds the access token",
	"c_hash":    "expected: only the ID token binds the code",
	"nonce":     "expected: only the ID token carries the sign-in's nonce",
	"sid":       "expected: the session id is the ID token's",
	"auth_time": "expected: when the user signed in, an ID token claim",
	"exp":       "expected: each token has its own lifetime",
	"iat":       "expected: the tokens are issued separately",
	"nbf":       "expected: the tokens are issued separately",
	"jti":       "expected: every token has its own id",
	"scope":     "expected: scopes are the access token's",
	"scp":       "expected: scopes are the access token's",
	"typ":       "expected: the token types differ",
}

// DiffTone says what a difference between the ID and the access token
// means for Neo4j: ToneError when a check Neo4j makes on it fails,
// ToneWarning when Neo4j reads the claim (the username or groups claim)
// and the two tokens disagree, ToneNone (expected, with the reason)
// otherwise. A row that does not differ is ToneNone with no reason.
func (inv *Investigation) DiffTone(r inspector.ComparisonRow) (tone, reason string) {
	if !r.Differs {
		return ToneNone, ""
	}
	if p := inv.Prediction; p != nil {
		for _, s := range p.Steps {
			if s.Name == r.Name && s.Status == predict.StepFailed {
				return ToneError, "Neo4j's " + r.Name + " check fails on the " + p.AuthenticationToken
			}
		}
	}
	read := inv.ReadClaims()
	if slices.Contains(read[:2], r.Name) {
		return ToneWarning, "Neo4j reads this claim; the tokens disagree"
	}
	if why, ok := expectedDifference[r.Name]; ok {
		return ToneNone, why
	}
	return ToneNone, "expected: the two tokens are made for different readers"
}
