package app

import "strings"

// The findings are the same for every face, and a few of their fixes tell
// a command-line user which flag to give ("--jwks FILE", "--offline"). The
// window says instead which field, button or tab does it: windowFixes
// rewrite those parts of a fix line as the window shows it. The core's
// findings, the command line and the reports keep the flags.
var windowFixes = []struct {
	code string // the finding whose fix holds cli
	cli  string // the part of the fix that names flags
	gui  string // what the window says instead
}{
	{"signature-not-checked",
		"Verify against the issuer's keys, fetched by OIDC discovery of iss (ssolens inspect --verify, or --issuer URL), or give them as a JWKS file, a PEM file or a secret (--jwks, --pem, --secret).",
		"Sign in with the provider on the left (SSO Lens fetches its keys and checks the signature), or paste the token where its issuer is reachable: a pasted token is checked against its issuer's keys."},
	{"neo4j-signature-unchecked",
		"Run online (without --offline) so SSO Lens fetches the keys the way Neo4j does, or give the JWKS as a file.",
		"Sign in with the provider on the left, or paste the token where its issuer is reachable, so SSO Lens fetches the keys the way Neo4j does."},
	{"live-token-expired",
		" (see ssolens snippets --kind python-driver)",
		" (the Python driver code on the Config & code tab does)"},
	{"live-invalid-credential",
		"Run the prediction with the server's neo4j.conf (ssolens check --conf … --provider …): it names",
		"Open the server's neo4j.conf (neo4j.conf… on the left) and read the prediction on the Neo4j tab: it names"},
	{"conf-setting-not-in-version",
		"Upgrade Neo4j, or delete the line; check --neo4j-version.",
		"Upgrade Neo4j, or delete the line."},
	{"neo4j-userinfo-needed",
		"Give the UserInfo response (ssolens roles --userinfo FILE), or sign in with SSO Lens, which calls UserInfo.",
		"Sign in with the provider on the left: SSO Lens calls UserInfo."},
	{"neo4j-native-roles-unknown",
		"Give the native roles (ssolens roles --native-roles FILE) to see them in the prediction.",
		"Check live against the running Neo4j (Neo4j tab): it answers with every role of the user, native ones included."},
	{"neo4j-local-user-unchecked",
		"; or give the users (--local-users FILE).",
		"; or check live against the running Neo4j (Neo4j tab), which logs the user in only if that user exists."},
	{"loopback-port-in-use",
		", or free the port, or choose one with --listen.",
		", or free the port."},
	{"keyring-unavailable",
		", or pass it in an environment variable (--client-secret-env).",
		"; until then SSO Lens asks for it each session and keeps it in memory only."},
	{"keyring-unavailable",
		", or pass the secret in an environment variable (--client-secret-env).",
		"; until then SSO Lens asks for it each session."},
	{"input-truncated",
		"Use `ssolens scan FILE` for large logs and HAR files; it streams.",
		"Paste only the part that holds the tokens (the token response, the Authorization header); a whole log or HAR file is for the command line (ssolens scan FILE), which streams."},
}

// windowFix is a fix line as the window shows it: what names a flag says
// what to do in the window instead.
func windowFix(fix string) string {
	for _, w := range windowFixes {
		if strings.Contains(fix, w.cli) {
			fix = strings.Replace(fix, w.cli, w.gui, 1)
		}
	}
	return fix
}
