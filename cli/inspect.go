package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/session"
)

// outputFlags are shared by every command that prints tokens.
type outputFlags struct {
	json       bool
	brief      bool
	showTokens bool
	skew       time.Duration
}

func (o *outputFlags) register(fs interface {
	BoolVar(*bool, string, bool, string)
	DurationVar(*time.Duration, string, time.Duration, string)
}) {
	fs.BoolVar(&o.json, "json", false, "print the JSON contract instead of text")
	fs.BoolVar(&o.showTokens, "show-tokens", false, "print the tokens themselves (they are credentials: redacted by default)")
	fs.DurationVar(&o.skew, "skew", inspector.DefaultSkew, "clock skew allowed when judging exp, nbf and iat")
}

// registerBrief adds --brief, for the commands whose text is a report.
func (o *outputFlags) registerBrief(fs interface {
	BoolVar(*bool, string, bool, string)
}) {
	fs.BoolVar(&o.brief, "brief", false, "one line per token (kind, role, alg, sub, expiry, verdict) and one per finding")
}

func (o *outputFlags) options(e *env) inspector.Options {
	skew := o.skew
	if skew == 0 {
		skew = -1 // the user asked for none
	}
	return inspector.Options{Skew: skew, Now: e.now, Location: e.loc}
}

// inspectOptions are the flags of ssolens inspect.
type inspectOptions struct {
	out      outputFlags
	vf       verifyFlags
	eachLine string
}

const inspectLong = `Decodes every token in what it is given: a token, a token endpoint response, an
Authorization header, a redirect URL, a cURL command, a HAR or a log. The input is the
argument itself, a file it names (@FILE too), or standard input (- or nothing).

Signatures are checked against the keys given (--jwks, --pem, --secret), the issuer's
(--issuer, --discovery), or the token's own iss with --verify; otherwise inspect stays
offline and says the signature was not checked.`

func newInspectCmd(e *env) *cobra.Command {
	var o inspectOptions
	c := leaf("inspect [TOKEN | - | FILE | @FILE]", "decode every token in a token, response, header, URL, cURL command, HAR or log", func(c *cobra.Command) runFunc {
		fs := flagsOf(c)
		o.out.register(fs)
		o.out.registerBrief(fs)
		o.vf.register(fs)
		fs.StringVar(&o.eachLine, "each-line", "", "inspect every line of `FILE` (- for standard input) as an input of its own, in parallel, printed in order (JSON Lines with --json)")
		return func(args []string) int { return o.run(e, args) }
	})
	c.Long = inspectLong
	c.Example = `  ssolens inspect token.txt
  ssolens inspect @token-response.json --brief
  ssolens inspect token.txt --issuer https://idp.example.com/oauth2/default --audience api://default
  ssolens inspect --each-line tokens.txt --jwks keys.json --json`
	return c
}

func (o *inspectOptions) run(e *env, positional []string) int {
	if o.eachLine != "" {
		if len(positional) > 0 {
			fmt.Fprintln(e.stderr, "ssolens inspect: --each-line reads its input from the file it names; give no other input")
			return ExitUsage
		}
		return inspectEachLine(e, o.eachLine, o.out, &o.vf)
	}
	input, name, size, err := readInputSized(e, positional)
	if err != nil {
		fmt.Fprintf(e.stderr, "ssolens inspect: %v\n", err)
		return ExitUsage
	}
	opts := o.out.options(e)
	opts.InputSize = size
	in, err := o.vf.inputs(opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "ssolens inspect: %v\n", err)
		return ExitUsage
	}
	in.Text, in.TextName = input, name
	inv := session.New(context.Background(), in)
	return emitWith(e, inv.Report, inv.Comparison(), o.out)
}

// inspectOutput is inspect's JSON: the report, and the ID token beside
// the access token when the input holds both.
type inspectOutput struct {
	*inspector.Report
	Comparison *inspector.Comparison `json:"comparison,omitempty"`
}

// emit prints a report as text or JSON and returns the exit code.
func emit(e *env, rep *inspector.Report, out outputFlags) int {
	return emitWith(e, rep, nil, out)
}

// emitWith is emit with the investigation's comparison of its ID and
// access tokens (nil: none), after the tokens.
func emitWith(e *env, rep *inspector.Report, cmp *inspector.Comparison, out outputFlags) int {
	if out.showTokens {
		for _, t := range rep.Tokens {
			t.RawShown = t.Raw
		}
	}
	if out.json {
		if err := writeJSON(e.stdout, inspectOutput{rep, cmp}); err != nil {
			fmt.Fprintf(e.stderr, "ssolens: writing JSON: %v\n", err)
			return ExitUsage
		}
		return reportCode(rep)
	}
	// The text is written in many small pieces: buffer them (a scan's
	// report made tens of thousands of write calls unbuffered).
	if out.brief {
		stdout, p := e.textOut()
		w := bufio.NewWriterSize(stdout, 64<<10)
		renderBrief(w, rep, p)
		return flushed(e, w, rep)
	}
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	renderReport(w, rep, out.showTokens)
	renderComparison(w, cmp)
	return flushed(e, w, rep)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
