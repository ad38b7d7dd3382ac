package cli

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/session"
	"github.com/ssolens/ssolens/snippets"
)

// snippetsOptions are the flags of ssolens snippets.
type snippetsOptions struct {
	src     signInSource
	kind    string
	p       snippets.Params
	outDir  string
	asJSON  bool
	offline bool
}

func newSnippetsCmd(e *env) *cobra.Command {
	var o snippetsOptions
	c := leaf("snippets (--conf FILE | --tokens FILE --issuer URL --client-id ID | --from-login … | --issuer URL --audience A)", "client code for the verified setup: curl, Python, drivers, FastAPI + PyJWT, GraphQL", func(c *cobra.Command) runFunc {
		fs := flagsOf(c)
		o.src.register(fs)
		var kinds []string
		for _, k := range snippets.Kinds() {
			kinds = append(kinds, string(k))
		}
		fs.BoolVar(&o.offline, "offline", false, "never use the network: with --conf, the prediction's signature is then not checked")
		fs.StringVar(&o.kind, "kind", "all", "snippet `KIND`: "+strings.Join(kinds, ", ")+" or all")
		fs.StringVar(&o.p.Neo4jURL, "neo4j", "", "Neo4j's HTTP `URL` for the Query API (default http://localhost:7474)")
		fs.StringVar(&o.p.BoltURL, "bolt", "", "Neo4j's Bolt `URL` for the drivers (default neo4j://localhost:7687)")
		fs.StringVar(&o.p.GroupsClaim, "groups-claim", "", "the `CLAIM` carrying the groups; default from the conf or the token, else groups")
		fs.StringVar(&o.p.TokenType, "token-type", "", "the token Neo4j validates: access_token or id_token; default from the conf or the token")
		fs.StringVar(&o.outDir, "output", "", "write each snippet to `DIR` under its file name instead of standard output")
		fs.BoolVar(&o.asJSON, "json", false, "print the snippets as JSON (kind, title, language, filename, requires, text)")
		return func(args []string) int { return o.run(e, args) }
	})
	c.Long = "Writes client code for a Neo4j behind SSO, filled in with the provider's facts: curl and Python\nto the Query API, the Python driver's expiring bearer auth, the Go driver's BearerAuth, FastAPI +\nPyJWT validation and the Neo4j GraphQL library. Snippets read tokens and secrets from\nenvironment variables (NEO4J_TOKEN, CLIENT_ID, CLIENT_SECRET); none is ever written into them."
	c.Example = "  ssolens snippets --conf neo4j.conf --kind python-driver\n  ssolens snippets --tokens token-response.json --issuer https://idp.example.com --client-id 0oa... -o snippets/"
	return c
}

// run writes client code filled in with a provider's facts: from a
// neo4j.conf provider, from a sign-in (--tokens, --from-login), or from
// the flags alone.
func (o *snippetsOptions) run(e *env, positional []string) int {
	src := o.src
	p := o.p
	var err error
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "ssolens snippets: "+format+"\n", a...)
		return ExitUsage
	}
	if len(positional) > 0 {
		return fail("unexpected argument %q; choose the snippet with --kind", positional[0])
	}
	// What can be checked without the sign-in is checked before it, so
	// that a typo does not lose a browser sign-in (--from-login).
	chosen, err := snippets.ParseKinds(o.kind)
	if err != nil {
		return fail("--kind: %v", err)
	}
	if st, err := os.Stat(o.outDir); o.outDir != "" && err == nil && !st.IsDir() {
		return fail("--output %s is a file: give a folder for the snippets (it is created if missing)", o.outDir)
	}
	inv, err := src.investigate(context.Background(), e, session.Inputs{Offline: o.offline, Options: inspector.Options{Now: e.now, Location: e.loc}})
	if err != nil {
		return fail("%v", err)
	}
	params, err := inv.SnippetParams()
	if err != nil {
		return fail("%v", err)
	}
	// What the flags say wins over what the investigation found.
	params.Neo4jURL, params.BoltURL = p.Neo4jURL, p.BoltURL
	params.GroupsClaim = cmp.Or(p.GroupsClaim, params.GroupsClaim)
	params.TokenType = cmp.Or(p.TokenType, params.TokenType)
	p = params
	var out []snippets.Snippet
	for _, k := range chosen {
		s, err := snippets.Render(k, p)
		if err != nil {
			return fail("%v", withFlagHint(err))
		}
		out = append(out, s)
	}
	switch {
	case o.outDir != "":
		if err := os.MkdirAll(o.outDir, 0o755); err != nil {
			return fail("cannot create %q: %v", o.outDir, err)
		}
		for _, s := range out {
			path := filepath.Join(o.outDir, s.Filename)
			if err := os.WriteFile(path, []byte(s.Text), 0o644); err != nil {
				return fail("cannot write %q: %v", path, err)
			}
			fmt.Fprintf(e.stdout, "%-40s %s (needs %s)\n", path, s.Title, s.Requires)
		}
	case o.asJSON:
		if err := writeJSON(e.stdout, out); err != nil {
			return fail("writing JSON: %v", err)
		}
	case len(out) == 1:
		fmt.Fprint(e.stdout, out[0].Text)
	default:
		for i, s := range out {
			if i > 0 {
				fmt.Fprintln(e.stdout)
			}
			head := fmt.Sprintf("── %s · %s · needs %s ", s.Title, s.Filename, s.Requires)
			fmt.Fprintf(e.stdout, "%s%s\n", head, strings.Repeat("─", max(0, 100-len([]rune(head)))))
			fmt.Fprint(e.stdout, s.Text)
		}
	}
	return ExitOK
}
