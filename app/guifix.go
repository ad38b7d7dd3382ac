package app

import (
	"strings"

	"github.com/ssolens/ssolens/inspector"
)

// windowWays says, for the findings whose fix the window has its own way
// to carry out, that way: which field, button or tab does it. The core's
// Fix says what to do in words every face can show; its Command says how
// on the command line, and the window never shows it. Keyed by finding
// code only: a reworded fix cannot break the table. A way that replaces
// the Fix stands for it (the Fix names what the window cannot take: a
// file of native roles, a JWKS file); one that adds to it follows it.
var windowWays = map[string]windowWay{
	"signature-not-checked":      {replaces, "Sign in with the provider on the left (SSO Lens fetches its keys and checks the signature), or paste the token where its issuer is reachable: a pasted token is checked against its issuer's keys."},
	"neo4j-signature-unchecked":  {replaces, "Sign in with the provider on the left, or paste the token where its issuer is reachable, so SSO Lens fetches the keys the way Neo4j does."},
	"live-token-expired":         {replaces, "Sign in again on the left; the Python driver code on the Config & code tab re-fetches the token before exp."},
	"live-invalid-credential":    {adds, "Open the server's neo4j.conf (neo4j.conf… on the left) and read the prediction on the Neo4j tab: it names the failing check."},
	"live-query-api-unavailable": {adds, "Or give the Bolt URL (bolt://host:7687) in Check live on the Neo4j tab."},
	"neo4j-userinfo-needed":      {replaces, "Sign in with the provider on the left: SSO Lens calls UserInfo, as Neo4j does, for a provider that reads claims from it."},
	"neo4j-native-roles-unknown": {replaces, "Check live against the running Neo4j (Neo4j tab): it answers with every role of the user, native ones included."},
	"neo4j-local-user-unchecked": {adds, "Or check live against the running Neo4j (Neo4j tab), which logs the user in only if that user exists."},
	"keyring-unavailable":        {adds, "Until then SSO Lens asks for the client secret each session and keeps it in memory only."},
	"input-truncated":            {replaces, "Paste only the part that holds the tokens (the token response, the Authorization header); a whole log or HAR file is for the command line's scan, which streams."},
	"token-too-large":            {replaces, "Paste the token alone; a large file with tokens in it is for the command line's scan, which streams."},
	"authorization-code":         {replaces, "Sign in with the provider on the left: SSO Lens performs the exchange and shows the tokens."},
	"claims-without-token":       {replaces, "Sign in with the provider on the left, or paste the token itself, to check its signature."},
}

// windowWay is the window's own way to carry out a finding's fix.
type windowWay struct {
	replaces bool // it stands for the Fix, else it follows it
	text     string
}

const (
	replaces = true
	adds     = false
)

// windowFixLines are a finding's fix lines as the window shows them: the
// core's Fix and the window's own way after it, or the window's way alone
// where it replaces the Fix. Never the Command: the window is not a
// command line.
func windowFixLines(f inspector.Finding) []string {
	way, ok := windowWays[f.Code]
	switch {
	case ok && way.replaces:
		return []string{"Fix: " + way.text}
	case ok && f.Fix != "":
		return []string{"Fix: " + f.Fix, "In this window: " + way.text}
	case ok:
		return []string{"In this window: " + way.text}
	case f.Fix != "":
		return []string{"Fix: " + f.Fix}
	}
	return nil
}

// verdictFix is the fix the verdict bar shows, in one sentence: the
// window's own way where it replaces the core's fix, else the core's fix.
func verdictFix(code, fix string) string {
	if way, ok := windowWays[code]; ok && (way.replaces || fix == "") {
		fix = way.text
	}
	first, _, _ := strings.Cut(fix, ". ")
	return strings.TrimSuffix(first, ".")
}
