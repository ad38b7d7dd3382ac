package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/report"
	"github.com/ssolens/ssolens/session"
)

// run writes an investigation as Markdown or HTML for a support
// ticket or a slide: the tokens of the input, decoded and (optionally)
// verified, and with --conf the lint and Neo4j's predicted login. Redacted
// unless --no-redact.
// reportOptions are the flags of ssolens report.
type reportOptions struct {
	cf                 confFlags
	confPath, provider string
	asHTML, noRedact   bool
	output, title      string
	vf                 verifyFlags
	out                outputFlags
}

func newReportCmd(e *env) *cobra.Command {
	var o reportOptions
	c := leaf("report [TOKEN | - | FILE | @FILE]", "write an investigation as Markdown or HTML for a ticket or a slide (redacted by default)", func(c *cobra.Command) runFunc {
		fs := flagsOf(c)
		fs.StringVar(&o.confPath, "conf", "", "neo4j.conf `FILE` to lint and predict the login with")
		fs.StringVar(&o.provider, "provider", "", "provider `NAME` in the conf")
		fs.StringVar(&o.cf.version, "neo4j-version", "latest", "Neo4j rules to apply")
		fs.BoolVar(&o.asHTML, "html", false, "write self-contained HTML instead of Markdown")
		fs.BoolVar(&o.noRedact, "no-redact", false, "show e-mail addresses, names and secrets (tokens stay shortened)")
		fs.StringVar(&o.output, "output", "", "write to `FILE` instead of standard output")
		fs.StringVar(&o.title, "title", "SSO Lens investigation", "report title")
		o.vf.register(fs)
		o.out.register(fs)
		return func(args []string) int { return o.run(e, args) }
	})
	c.Example = "  ssolens report @token-response.json --conf neo4j.conf --html -o investigation.html"
	c.Args = cobra.MaximumNArgs(1)
	return c
}

func (o *reportOptions) run(e *env, positional []string) int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "ssolens report: "+format+"\n", a...)
		return ExitUsage
	}
	input, name, size, err := readInputSized(e, positional)
	if err != nil {
		return fail("%v", err)
	}
	opts := o.out.options(e)
	opts.InputSize = size
	in, err := o.vf.inputs(opts)
	if err != nil {
		return fail("%v", err)
	}
	in.Text, in.TextName, in.Provider = input, name, o.provider
	if o.confPath != "" {
		if in.Conf, err = loadConf(e, o.confPath, o.cf); err != nil {
			return fail("%v", err)
		}
		if in.HTTPClient == nil && !o.vf.offline {
			if in.HTTPClient, err = o.vf.client(); err != nil {
				return fail("%v", err)
			}
		}
	}
	inv := session.New(context.Background(), in).Export()
	inv.Title = o.title
	ropts := report.Options{Redact: !o.noRedact, Now: e.now, Location: e.loc}
	var doc []byte
	if o.asHTML {
		doc = report.HTML(inv, ropts)
	} else {
		doc = report.Markdown(inv, ropts)
	}
	if o.output == "" {
		e.stdout.Write(doc)
		return ExitOK
	}
	if err := os.WriteFile(o.output, doc, 0o600); err != nil {
		return fail("writing %q: %v", o.output, err)
	}
	fmt.Fprintf(e.stderr, "ssolens report: wrote %s (%d bytes, %s)\n", o.output, len(doc), map[bool]string{true: "redacted", false: "NOT redacted"}[ropts.Redact])
	return ExitOK
}
