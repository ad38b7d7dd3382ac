package explain

import (
	"fmt"
	"strings"
)

// Markdown renders the catalogue as docs/neo4j-errors.md.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# Error texts SSO Lens recognises\n\n")
	b.WriteString("Generated from `explain/catalogue.json` by `go test ./explain -update`; a test fails when this file falls out of step.\n")
	b.WriteString("`ssolens inspect` recognises each text below in any paste, alone or mixed with tokens and logs (percent-encoded too, as in a redirect URL),\n")
	b.WriteString("and reports it as a finding whose code is the entry's id, with the likely causes, the check that tells them apart, the fix, and the next command as the finding's command.\n\n")
	b.WriteString("Provenance: **quoted** means the text was read in the documentation or source named; **reconstructed** means it comes from user reports\n")
	b.WriteString("or inference (for Neo4j's server, whose OIDC code is closed, the wording of a library it most likely uses), and may differ in a real paste.\n")
	for _, origin := range Origins {
		fmt.Fprintf(&b, "\n## %s\n", OriginTitle[origin])
		for _, e := range catalogue {
			if e.Origin != origin {
				continue
			}
			fmt.Fprintf(&b, "\n### `%s`\n\n%s\n\n", e.ID, e.Title)
			fmt.Fprintf(&b, "- Text: `%s`\n", strings.ReplaceAll(e.Message, "`", "'"))
			fmt.Fprintf(&b, "- Provenance: %s (%s)\n", e.Provenance.Kind, e.Provenance.Source)
			fmt.Fprintf(&b, "- Severity: %s\n", e.Severity)
			b.WriteString("- Likely causes, most likely first:\n")
			for i, c := range e.Causes {
				fmt.Fprintf(&b, "  %d. %s\n", i+1, c)
			}
			for _, l := range e.Leads {
				fmt.Fprintf(&b, "  When the text names `%s`, cause %d comes first.\n", l.Equals, l.Cause+1)
			}
			fmt.Fprintf(&b, "- Check: %s\n", e.Check)
			fmt.Fprintf(&b, "- Fix: %s\n", e.Fix)
			fmt.Fprintf(&b, "- Next: `%s`\n", e.Next)
		}
	}
	return b.String()
}
