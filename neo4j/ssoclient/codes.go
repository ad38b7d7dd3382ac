package ssoclient

import "github.com/ssolens/ssolens/inspector"

// Finding codes of signing in as Neo4j's SSO client.
var (
	FindIdpIDMismatch = inspector.Define("callback-idp-id-mismatch", inspector.SeverityError, "The callback's idp_id is not the provider signed in with (Neo4j Browser: \"Invalid idp_id parameter, aborting\").")
)
