package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/session"
)

// checkOptions are the flags of ssolens check.
type checkOptions struct {
	src       signInSource
	httpURL   string
	boltURL   string
	token     string
	tokenType string
	offline   bool
	asJSON    bool
}

func newCheckCmd(e *env) *cobra.Command {
	var o checkOptions
	c := leaf("check --neo4j URL (--token T | --tokens FILE | --from-login …)", "send a token to a running Neo4j (Query API, Bolt): who it says you are, beside the prediction", func(c *cobra.Command) runFunc {
		fs := flagsOf(c)
		o.src.register(fs)
		fs.StringVar(&o.httpURL, "neo4j", "", "Neo4j's HTTP connector `URL` (http://host:7474): discovery and the Query API")
		fs.StringVar(&o.boltURL, "bolt", "", "Neo4j's Bolt `URL` (bolt://host:7687, neo4j+s://…): check through the Go driver's bearer auth too")
		fs.StringVar(&o.token, "token", "", "the token to send, `T` (or @FILE, - for standard input): the one Neo4j validates")
		fs.StringVar(&o.tokenType, "token-type", "", "which token of --tokens/--from-login to send, or which one --token is, predicted as such: access_token or id_token; default the conf's token_type_authentication, else access_token")
		fs.BoolVar(&o.offline, "offline", false, "predict without fetching the provider's keys (the signature is then not checked)")
		fs.BoolVar(&o.asJSON, "json", false, "print the JSON contract instead of text")
		return func(args []string) int { return o.run(e, args) }
	})
	c.Long = "Sends the token to a running Neo4j: POST /db/system/query/v2 with Authorization: Bearer <raw JWT>\nand SHOW CURRENT USER (and over Bolt with --bolt), reads the version, edition and SSO providers\nfrom the discovery endpoint, and explains every refusal. With --conf it predicts the login\ntoo and explains each difference between the prediction and what Neo4j did.\nThe token is never printed."
	c.Example = "  ssolens check --neo4j http://localhost:7474 --bolt bolt://localhost:7687 --conf neo4j.conf --tokens token-response.json\n  ssolens check --neo4j http://localhost:7474 --token @token.txt --json"
	return c
}

// run sends the token Neo4j would validate to a running Neo4j and
// puts who Neo4j says the user is beside the prediction.
func (o *checkOptions) run(e *env, positional []string) int {
	src := o.src
	var err error
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "ssolens check: "+format+"\n", a...)
		return ExitUsage
	}
	if len(positional) > 0 {
		return fail("unexpected argument %q; give the token with --token T, --tokens FILE or --from-login", positional[0])
	}
	if o.httpURL == "" && o.boltURL == "" {
		return fail("--neo4j URL (http://host:7474) or --bolt URL (bolt://host:7687) is required: the Neo4j to check against")
	}
	if o.token != "" && src.given() {
		return fail("give --token, or a sign-in (--tokens, --id-token, --access-token, --from-login), not both")
	}
	if o.token == "" && !src.given() {
		return fail("no token: give --token T, --tokens FILE (a token response) or --from-login")
	}
	switch o.tokenType {
	case "", "access_token", "id_token":
	default:
		return fail("--token-type %q: use access_token or id_token", o.tokenType)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	inv, err := src.investigate(ctx, e, session.Inputs{Offline: o.offline, Options: inspector.Options{Now: e.now, Location: e.loc}})
	if err != nil {
		return fail("%v", err)
	}
	lo := session.LiveOptions{HTTPURL: o.httpURL, BoltURL: o.boltURL, TokenType: o.tokenType}
	if o.offline {
		// The prediction stays offline; the live check itself talks to Neo4j.
		if lo.HTTPClient, err = discovery.NewHTTPClient(discovery.Config{CAFile: src.login.ca, Proxy: src.login.proxy}); err != nil {
			return fail("%v", err)
		}
	}
	if o.token != "" {
		input, _, err := readInput(e, []string{o.token})
		if err != nil {
			return fail("%v", err)
		}
		lo.Token, lo.TokenName = string(input), "--token"
	}
	r, err := inv.CheckLive(ctx, lo)
	if err != nil {
		return fail("%v", err)
	}
	if o.asJSON {
		if err := writeJSON(e.stdout, r); err != nil {
			return fail("writing JSON: %v", err)
		}
	} else {
		renderLive(e.stdout, r, inv.In.Conf != nil)
	}
	if inv.Failed() { // the live check's answer, the rule of every command
		return ExitFindings
	}
	return ExitOK
}

func renderLive(w io.Writer, r *server.LiveResult, hadConf bool) {
	if r.Server != nil {
		printLine(w, r.Server.Summary())
	}
	for _, a := range r.Attempts {
		printf(w, "  %-9s %s\n            %s\n", a.Channel, a.URL, a.Status())
	}
	outcome := "REJECTED"
	switch {
	case r.LoggedIn:
		outcome = fmt.Sprintf("LOGGED IN as %s, roles [%s]", r.User, predict.RoleList(r.Roles))
	case !r.Reached():
		outcome = "NOT REACHED: no answer from Neo4j about the token (the attempts above say why)"
	}
	printf(w, "Outcome: %s\n", outcome)
	if len(r.Comparison) > 0 {
		// The prediction is the one for the token sent (--token-type).
		printf(w, "prediction for the %s vs Neo4j\n", r.Prediction.AuthenticationToken)
		for _, c := range r.Comparison {
			mark := "✔"
			if !c.Match {
				mark = "✖"
			}
			printf(w, "  %s %-8s predicted %s · actual %s\n", mark, c.Field, orDash(c.Predicted), orDash(c.Actual))
			if c.Explanation != "" {
				printf(w, "             why: %s\n", c.Explanation)
			}
		}
	} else if !hadConf {
		fmt.Fprintln(w, "(give --conf neo4j.conf to compare with a prediction)")
	}
	renderFindings(w, "", r.Findings)
}
