package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/ssolens/ssolens/inspector"
)

func runScan(e *env, args []string) int {
	fs := newFlagSet(e, "scan", "FILE|- [--json]")
	var out outputFlags
	out.register(fs)
	out.registerBrief(fs)
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(positional) != 1 {
		fmt.Fprintln(e.stderr, "ssolens scan: give one FILE to scan, or - for standard input")
		return ExitUsage
	}
	var r io.Reader = e.stdin
	if positional[0] != "-" {
		f, err := os.Open(positional[0])
		if err != nil {
			fmt.Fprintf(e.stderr, "ssolens scan: cannot open %q: %v; check the path\n", positional[0], err)
			return ExitUsage
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			fmt.Fprintf(e.stderr, "ssolens scan: %q is a directory; give a file\n", positional[0])
			return ExitUsage
		}
		r = f
	}
	rep, err := inspector.Scan(r, inspector.ScanOptions{Options: out.options(e)})
	if err != nil {
		fmt.Fprintf(e.stderr, "ssolens scan: %v\n", err)
		return ExitUsage
	}
	if len(rep.Tokens) == 0 && len(rep.Findings) == 0 {
		rep.Findings = append(rep.Findings, inspector.FindNoTokenFound.WithSeverity(inspector.SeverityWarning,
			fmt.Sprintf("No token was found in %d bytes.", rep.Input.Bytes),
			"Check the file holds the requests or log lines you expect; Neo4j logs JWT claims only with dbms.security.logs.oidc.jwt_claims_at_debug_level_enabled=true and the security log at DEBUG.",
			positional[0]))
	}
	return emit(e, rep, out)
}
