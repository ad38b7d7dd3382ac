package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/ssolens/ssolens/report"
	"github.com/ssolens/ssolens/session"
)

// runReport writes an investigation as Markdown or HTML for a support
// ticket or a slide: the tokens of the input, decoded and (optionally)
// verified, and with --conf the lint and Neo4j's predicted login. Redacted
// unless --no-redact.
func runReport(e *env, args []string) int {
	fs := newFlagSet(e, "report", "[TOKEN | - | @FILE] [--conf NEO4J.CONF [--provider P]] [--html] [--no-redact] [-o FILE]")
	var cf confFlags
	confPath := fs.String("conf", "", "neo4j.conf to lint and predict the login with")
	provider := fs.String("provider", "", "provider name in the conf")
	fs.StringVar(&cf.version, "neo4j-version", "latest", "Neo4j rules to apply")
	asHTML := fs.Bool("html", false, "write self-contained HTML instead of Markdown")
	noRedact := fs.Bool("no-redact", false, "show e-mail addresses, names and secrets (tokens stay shortened)")
	output := fs.String("o", "", "write to `FILE` instead of standard output")
	title := fs.String("title", "SSO Lens investigation", "report title")
	var vf verifyFlags
	vf.register(fs)
	var out outputFlags
	out.register(fs)
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "ssolens report: "+format+"\n", a...)
		return ExitUsage
	}
	input, name, err := readInput(e, positional)
	if err != nil {
		return fail("%v", err)
	}
	in, err := vf.inputs(out.options(e))
	if err != nil {
		return fail("%v", err)
	}
	in.Text, in.TextName, in.Provider = input, name, *provider
	if *confPath != "" {
		if in.Conf, err = loadConf(e, *confPath, cf); err != nil {
			return fail("%v", err)
		}
		if in.HTTPClient == nil && !vf.offline {
			if in.HTTPClient, err = vf.client(); err != nil {
				return fail("%v", err)
			}
		}
	}
	inv := session.New(context.Background(), in).Export()
	inv.Title = *title
	ropts := report.Options{Redact: !*noRedact, Now: e.now, Location: e.loc}
	var doc []byte
	if *asHTML {
		doc = report.HTML(inv, ropts)
	} else {
		doc = report.Markdown(inv, ropts)
	}
	if *output == "" {
		e.stdout.Write(doc)
		return ExitOK
	}
	if err := os.WriteFile(*output, doc, 0o600); err != nil {
		return fail("writing %q: %v", *output, err)
	}
	fmt.Fprintf(e.stderr, "ssolens report: wrote %s (%d bytes, %s)\n", *output, len(doc), map[bool]string{true: "redacted", false: "NOT redacted"}[ropts.Redact])
	return ExitOK
}
