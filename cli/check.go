package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/session"
)

// runCheck sends the token Neo4j would validate to a running Neo4j and
// puts who Neo4j says the user is beside the prediction.
func runCheck(e *env, args []string) int {
	fs := newFlagSet(e, "check", "--neo4j URL [--bolt URL] (--token T | --tokens FILE | --from-login …) [--conf FILE [--provider P]] [--json]")
	var src signInSource
	src.register(fs)
	httpURL := fs.String("neo4j", "", "Neo4j's HTTP connector `URL` (http://host:7474): discovery and the Query API")
	boltURL := fs.String("bolt", "", "Neo4j's Bolt `URL` (bolt://host:7687, neo4j+s://…): check through the Go driver's bearer auth too")
	token := fs.String("token", "", "the token to send, `T` (or @FILE, - for standard input): the one Neo4j validates")
	tokenType := fs.String("token-type", "", "which token of --tokens/--from-login to send: access_token or id_token; default the conf's token_type_authentication, else access_token")
	offline := fs.Bool("offline", false, "predict without fetching the provider's keys (the signature is then not checked)")
	asJSON := fs.Bool("json", false, "print the JSON contract instead of text")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: ssolens check --neo4j URL [--bolt URL] (--token T | --tokens FILE | --from-login …) [--conf FILE] [--json]")
		fmt.Fprintln(e.stderr, "\nSends the token to a running Neo4j: POST /db/system/query/v2 with Authorization: Bearer <raw JWT>")
		fmt.Fprintln(e.stderr, "and SHOW CURRENT USER (and over Bolt with --bolt), reads the version, edition and SSO providers")
		fmt.Fprintln(e.stderr, "from the discovery endpoint, and explains every refusal. With --conf it predicts the login")
		fmt.Fprintln(e.stderr, "too and explains each difference between the prediction and what Neo4j did.")
		fmt.Fprintln(e.stderr, "The token is never printed.\n\nOptions:")
		fs.PrintDefaults()
	}
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "ssolens check: "+format+"\n", a...)
		return ExitUsage
	}
	if len(positional) > 0 {
		return fail("unexpected argument %q; give the token with --token T, --tokens FILE or --from-login", positional[0])
	}
	if *httpURL == "" && *boltURL == "" {
		return fail("--neo4j URL (http://host:7474) or --bolt URL (bolt://host:7687) is required: the Neo4j to check against")
	}
	if *token != "" && src.given() {
		return fail("give --token, or a sign-in (--tokens, --id-token, --access-token, --from-login), not both")
	}
	if *token == "" && !src.given() {
		return fail("no token: give --token T, --tokens FILE (a token response) or --from-login")
	}
	switch *tokenType {
	case "", "access_token", "id_token":
	default:
		return fail("--token-type %q: use access_token or id_token", *tokenType)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	inv, err := src.investigate(ctx, e, session.Inputs{Offline: *offline, Options: inspector.Options{Now: e.now, Location: e.loc}})
	if err != nil {
		return fail("%v", err)
	}
	lo := session.LiveOptions{HTTPURL: *httpURL, BoltURL: *boltURL, TokenType: *tokenType}
	if *offline {
		// The prediction stays offline; the live check itself talks to Neo4j.
		if lo.HTTPClient, err = discovery.NewHTTPClient(discovery.Config{CAFile: src.login.ca, Proxy: src.login.proxy}); err != nil {
			return fail("%v", err)
		}
	}
	if *token != "" {
		input, _, err := readInput(e, []string{*token})
		if err != nil {
			return fail("%v", err)
		}
		lo.Token = string(input)
	}
	r, err := inv.CheckLive(ctx, lo)
	if err != nil {
		return fail("%v", err)
	}
	if *asJSON {
		if err := writeJSON(e.stdout, r); err != nil {
			return fail("writing JSON: %v", err)
		}
	} else {
		renderLive(e.stdout, r, inv.In.Conf != nil)
	}
	if !r.LoggedIn || inspector.HasError(r.Findings) {
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
	if r.LoggedIn {
		outcome = fmt.Sprintf("LOGGED IN as %s, roles [%s]", r.User, strings.Join(r.Roles, ", "))
	}
	printf(w, "Outcome: %s\n", outcome)
	if len(r.Comparison) > 0 {
		fmt.Fprintln(w, "prediction vs Neo4j")
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
