package session

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ssolens/ssolens/inspector"
)

// FindSeveralTokenSets says which token set of several the investigation
// took.
var FindSeveralTokenSets = inspector.Define("token-set-several", inspector.SeverityInfo,
	"The input holds several token sets (a HAR or a log of several sign-ins): SSO Lens took the newest, the last token of each kind, and left the others out of the prediction.")

// tokenSet is a report's token set, with the place in the report of each
// token taken (0 for none) and how many of each kind it holds.
type tokenSet struct {
	set inspector.TokenSet
	// at and count are by kind: id_token, access_token, refresh_token.
	at, count [3]int
}

var setFields = [3]string{"id_token", "access_token", "refresh_token"}

// tokenSetOf reads TokensOf's set out of a report: the last token of each
// kind (a scan lists each distinct token once), a token of no known role standing for the access token
// when there is none.
func tokenSetOf(rep *inspector.Report) tokenSet {
	var ts tokenSet
	if rep == nil {
		return ts
	}
	raws := [3]*string{&ts.set.IDToken, &ts.set.AccessToken, &ts.set.RefreshToken}
	unknown, unknownAt, unknownCount := "", 0, 0 // stands for the access token when there is none
	for i, t := range rep.Tokens {
		k := slices.Index([]inspector.Role{inspector.RoleIDToken, inspector.RoleAccessToken, inspector.RoleRefreshToken}, t.Role)
		switch {
		case k >= 0:
			ts.at[k], ts.count[k], *raws[k] = i+1, ts.count[k]+1, t.Raw
		case t.Role == inspector.RoleUnknown:
			unknown, unknownAt, unknownCount = t.Raw, i+1, unknownCount+1
		}
	}
	if ts.set.AccessToken == "" {
		ts.set.AccessToken, ts.at[1], ts.count[1] = unknown, unknownAt, unknownCount
	}
	return ts
}

// SeveralTokenSets is the finding that says which tokens TokensOf took
// when the report holds more than one of a kind, by their place in the
// report (token 1 first), and how many were left; none when it holds one
// set.
func SeveralTokenSets(rep *inspector.Report) []inspector.Finding {
	ts := tokenSetOf(rep)
	var held, took []string
	left := 0
	for k, n := range ts.count {
		if n == 0 {
			continue
		}
		held = append(held, fmt.Sprintf("%d %s", n, plural(n, setFields[k])))
		left += n - 1
	}
	byPlace := []int{0, 1, 2}
	slices.SortFunc(byPlace, func(a, b int) int { return ts.at[a] - ts.at[b] })
	for _, k := range byPlace {
		if ts.at[k] > 0 {
			took = append(took, fmt.Sprintf("token %d (%s)", ts.at[k], setFields[k]))
		}
	}
	if left == 0 {
		return nil
	}
	return []inspector.Finding{FindSeveralTokenSets.Newf(
		"Nothing to do if the newest sign-in is the one to check. To check another, give its token response alone (copy it from its entry in the HAR or its line in the log).",
		"took "+strings.Join(took, ", "),
		"The input holds %s: several token sets, as a HAR or a log of several sign-ins does. SSO Lens took the last of each kind, the newest: %s; %s left out.",
		joinAnd(held), strings.Join(took, ", "), others(left))}
}

// others says how many tokens were left: the other one, the 3 others.
func others(n int) string {
	if n == 1 {
		return "the other one is"
	}
	return fmt.Sprintf("the %d others are", n)
}

// plural is a token kind's name, plural for n other than 1.
func plural(n int, field string) string {
	if n == 1 {
		return field
	}
	return field + "s"
}

// joinAnd joins words as a sentence does: a, b and c.
func joinAnd(ws []string) string {
	if len(ws) < 2 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}
