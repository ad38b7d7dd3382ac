package cli

import (
	"fmt"
	"io"

	"github.com/ssolens/ssolens/inspector"
)

// runFindings lists every finding code SSO Lens can report: the catalogue
// behind docs/findings.md.
func runFindings(e *env, args []string) int {
	fs := newFlagSet(e, "findings", "[--markdown]")
	markdown := fs.Bool("markdown", false, "print docs/findings.md")
	if _, err := parseInterspersed(fs, args); err != nil {
		return flagExit(err)
	}
	if *markdown {
		writeFindingsMarkdown(e.stdout)
		return ExitOK
	}
	for _, d := range inspector.Definitions() {
		fmt.Fprintf(e.stdout, "%-28s %-8s %s\n", d.Code, d.Severity, d.Summary)
	}
	return ExitOK
}

func writeFindingsMarkdown(w io.Writer) {
	fmt.Fprintln(w, "# Finding codes")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every diagnosis SSO Lens makes is a finding with a stable kebab-case code, a severity, a message, a fix and")
	fmt.Fprintln(w, "evidence. Codes never change meaning; new ones are added. The severity is the usual one: a few codes are")
	fmt.Fprintln(w, "raised at another severity where the context calls for it. `ssolens findings` prints this list;")
	fmt.Fprintln(w, "`go test ./cli -update` regenerates this file, and a test fails when it falls out of step with the code.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| code | severity | meaning |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, d := range inspector.Definitions() {
		fmt.Fprintf(w, "| `%s` | %s | %s |\n", d.Code, d.Severity, d.Summary)
	}
}
