package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/mdtext"
	"github.com/ssolens/ssolens/internal/textdist"
)

// findingJSON is one code of the catalogue in findings --json.
type findingJSON struct {
	Code     string             `json:"code"`
	Severity inspector.Severity `json:"severity"`
	Summary  string             `json:"summary"`
}

// newFindingsCmd lists every finding code SSO Lens can report (the
// catalogue behind docs/findings.md), or shows one.
func newFindingsCmd(e *env) *cobra.Command {
	var markdown, asJSON bool
	c := leaf("findings [CODE]", "list every finding code SSO Lens reports, or show one", func(c *cobra.Command) runFunc {
		c.Flags().BoolVar(&markdown, "markdown", false, "print docs/findings.md")
		flagsOf(c).BoolVar(&asJSON, "json", false, "print the catalogue (or the code) as JSON")
		return func(args []string) int { return runFindings(e, args, markdown, asJSON) }
	})
	c.Long = "Every diagnosis SSO Lens makes is a finding with a stable kebab-case code, a severity, a message, a fix and evidence,\nand, where the command line has a way to carry out the fix, a command (printed as run: …).\nWith a CODE, findings shows that one; docs/findings.md lists them all."
	c.Example = "  ssolens findings\n  ssolens findings token-expired\n  ssolens findings --json"
	c.Args = cobra.MaximumNArgs(1)
	c.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var codes []string
		for _, d := range inspector.Definitions() {
			codes = append(codes, d.Code+"\t"+d.Summary)
		}
		return codes, cobra.ShellCompDirectiveNoFileComp
	}
	return c
}

func runFindings(e *env, args []string, markdown, asJSON bool) int {
	defs := inspector.Definitions()
	if len(args) == 1 {
		code := strings.TrimSpace(args[0])
		for _, d := range defs {
			if d.Code == code {
				if asJSON {
					return writeJSONOr(e, findingJSON{d.Code, d.Severity, d.Summary})
				}
				fmt.Fprintf(e.stdout, "%s\n  severity  %s\n  meaning   %s\n", d.Code, d.Severity, d.Summary)
				return ExitOK
			}
		}
		fmt.Fprintf(e.stderr, "ssolens findings: no finding code %q", code)
		if near := nearCodes(code, defs); len(near) > 0 {
			fmt.Fprintf(e.stderr, "; did you mean %s?", strings.Join(near, " or "))
		}
		fmt.Fprintln(e.stderr, "\nRun 'ssolens findings' for the list.")
		return ExitUsage
	}
	switch {
	case markdown:
		writeFindingsMarkdown(e.stdout)
	case asJSON:
		out := make([]findingJSON, len(defs))
		for i, d := range defs {
			out[i] = findingJSON{d.Code, d.Severity, d.Summary}
		}
		return writeJSONOr(e, out)
	default:
		p := palette{on: e.colorOn()}
		for _, d := range defs {
			fmt.Fprintf(e.stdout, "%-28s %s %s\n", d.Code, p.Severity(d.Severity, fmt.Sprintf("%-8s", d.Severity)), d.Summary)
		}
	}
	return ExitOK
}

// nearCodes are the codes a mistyped one may have meant: close in edit
// distance, or containing it.
func nearCodes(typed string, defs []inspector.Def) []string {
	type scored struct {
		code string
		d    int
	}
	var near []scored
	for _, d := range defs {
		if dist := textdist.Levenshtein(strings.ToLower(typed), strings.ToLower(d.Code)); dist <= 3 || (len(typed) >= 4 && strings.Contains(d.Code, typed)) {
			near = append(near, scored{d.Code, dist})
		}
	}
	sort.SliceStable(near, func(i, j int) bool { return near[i].d < near[j].d })
	var out []string
	for i, n := range near {
		if i == 3 {
			break
		}
		out = append(out, n.code)
	}
	return out
}

// writeJSONOr writes v as JSON and returns the exit code.
func writeJSONOr(e *env, v any) int {
	if err := writeJSON(e.stdout, v); err != nil {
		fmt.Fprintf(e.stderr, "ssolens: writing JSON: %v\n", err)
		return ExitUsage
	}
	return ExitOK
}

func writeFindingsMarkdown(w io.Writer) {
	fmt.Fprintln(w, "# Finding codes")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every diagnosis SSO Lens makes is a finding with a stable kebab-case code, a severity, a message, a fix and")
	fmt.Fprintln(w, "evidence. The fix says what to do in words every face shows; where the command line has a way to do it, the")
	fmt.Fprintln(w, "finding's command gives it (JSON `command`, printed as `run: …` under the fix by the CLI and the reports;")
	fmt.Fprintln(w, "the window says its own way instead). Codes never change meaning; new ones are added. The severity is the")
	fmt.Fprintln(w, "usual one: a few codes are raised at another severity where the context calls for it. `ssolens findings`")
	fmt.Fprintln(w, "prints this list; `go test ./cli -update` regenerates this file, and a test fails when it falls out of step")
	fmt.Fprintln(w, "with the code.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| code | severity | meaning |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, d := range inspector.Definitions() {
		fmt.Fprintf(w, "| `%s` | %s | %s |\n", d.Code, d.Severity, mdtext.Text(d.Summary))
	}
}
