package app

import (
	"strings"

	"github.com/ssolens/ssolens/inspector"
)

// windowWays says, for the findings whose fix the window has its own way
// to carry out, that way: which field, button or tab does it. The core's
// Fix says what to do in words every face can show; its Command says how
// on the command line, and the window never shows it. Keyed by finding
// code only: a reworded fix cannot break the table.
var windowWays = map[string]string{
	"signature-not-checked":      "Sign in with the provider on the left (SSO Lens fetches its keys and checks the signature), or paste the token where its issuer is reachable: a pasted token is checked against its issuer's keys.",
	"neo4j-signature-unchecked":  "Sign in with the provider on the left, or paste the token where its issuer is reachable, so SSO Lens fetches the keys the way Neo4j does.",
	"live-token-expired":         "Sign in again on the left; the Python driver code on the Config & code tab re-fetches the token before exp.",
	"live-invalid-credential":    "Open the server's neo4j.conf (neo4j.conf… on the left) and read the prediction on the Neo4j tab: it names the failing check.",
	"live-query-api-unavailable": "Or give the Bolt URL (bolt://host:7687) in Check live on the Neo4j tab.",
	"neo4j-userinfo-needed":      "Sign in with the provider on the left: SSO Lens calls UserInfo.",
	"neo4j-native-roles-unknown": "Check live against the running Neo4j (Neo4j tab): it answers with every role of the user, native ones included.",
	"neo4j-local-user-unchecked": "Check live against the running Neo4j (Neo4j tab), which logs the user in only if that user exists.",
	"keyring-unavailable":        "Until then SSO Lens asks for the client secret each session and keeps it in memory only.",
	"input-truncated":            "Paste only the part that holds the tokens (the token response, the Authorization header); a whole log or HAR file is for the command line's scan, which streams.",
	"token-too-large":            "Paste the token alone; a large file with tokens in it is for the command line's scan, which streams.",
	"authorization-code":         "Sign in with the provider on the left: SSO Lens performs the exchange and shows the tokens.",
	"claims-without-token":       "Sign in with the provider on the left, or paste the token itself, to check its signature.",
}

// windowWay is what to do in the window for f, or "" when the window has
// no way of its own (its Fix says all).
func windowWay(code string) string { return windowWays[code] }

// windowFixLines are a finding's fix lines as the window shows them: the
// core's Fix, and the window's own way to do it where it has one. Never
// the Command: the window is not a command line.
func windowFixLines(f inspector.Finding) []string {
	var out []string
	if f.Fix != "" {
		out = append(out, "Fix: "+f.Fix)
	}
	if way := windowWay(f.Code); way != "" {
		out = append(out, "In this window: "+way)
	}
	return out
}

// verdictFix is the fix the verdict bar shows, in one sentence: the
// window's own way when it has one, else the core's fix.
func verdictFix(code, fix string) string {
	if way := windowWay(code); way != "" {
		fix = way
	}
	first, _, _ := strings.Cut(fix, ". ")
	return strings.TrimSuffix(first, ".")
}
