package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/report"
	"github.com/ssolens/ssolens/session"
)

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
		fs.StringVar(&o.output, "output", "", "write to `FILE` instead of standard output (- for standard output)")
		fs.StringVar(&o.title, "title", "SSO Lens investigation", "report title")
		o.vf.register(fs)
		o.out.register(fs)
		// The format is chosen by --html; --json and --show-tokens come
		// with the shared output flags and are refused with the command
		// that has them (run).
		c.Flags().MarkHidden("json")
		c.Flags().MarkHidden("show-tokens")
		return func(args []string) int { return o.run(e, args) }
	})
	c.Long = reportLong
	c.Example = "  ssolens report @token-response.json --conf neo4j.conf --html -o investigation.html\n  ssolens report @token-response.json -o - | less"
	c.Args = cobra.MaximumNArgs(1)
	return c
}

const reportLong = `Writes an investigation for a support ticket or a slide: the tokens of the input,
decoded and (with keys) verified, and with --conf the lint and Neo4j's predicted login.
Markdown by default, self-contained HTML with --html; to standard output, or to the
file --output names (- for standard output). Redacted unless --no-redact; whole tokens
are never written. There is no JSON form: inspect --json and roles --json print the
JSON contract of the same investigation.

Exits 1 when the investigation fails, as the other commands do, even when the report
was written: with --conf, when Neo4j would not log in or the prediction or the conf has
an error finding (a token's own error that Neo4j does not read, such as an expired ID
token beside a validated access token, is no failure); without it, when some finding
is an error.`

func (o *reportOptions) run(e *env, positional []string) int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "ssolens report: "+format+"\n", a...)
		return ExitUsage
	}
	switch {
	case o.out.json:
		return fail("--json: a report is Markdown, or HTML with --html; for the JSON contract use ssolens inspect --json (the tokens) or ssolens roles --json (the prediction)")
	case o.out.showTokens:
		return fail("--show-tokens: a report never holds whole tokens (it is written to be shared); use ssolens inspect --show-tokens to see them")
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
	inv := session.New(context.Background(), in)
	code := ExitOK
	if inv.Failed() {
		code = ExitFindings
	}
	exp := inv.Export()
	exp.Title = o.title
	ropts := report.Options{Redact: !o.noRedact, Now: e.now, Location: e.loc}
	var doc []byte
	if o.asHTML {
		doc = report.HTML(exp, ropts)
	} else {
		doc = report.Markdown(exp, ropts)
	}
	if o.output == "" || o.output == "-" {
		if _, err := e.stdout.Write(doc); err != nil {
			return fail("writing the report: %v", err)
		}
		return code
	}
	if err := os.WriteFile(o.output, doc, 0o600); err != nil {
		return fail("writing %q: %v", o.output, err)
	}
	fmt.Fprintf(e.stderr, "ssolens report: wrote %s (%d bytes, %s)\n", o.output, len(doc), map[bool]string{true: "redacted", false: "NOT redacted"}[ropts.Redact])
	return code
}
