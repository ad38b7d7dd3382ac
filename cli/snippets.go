package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/session"
	"github.com/ssolens/ssolens/snippets"
)

// runSnippets writes client code filled in with a provider's facts: from a
// neo4j.conf provider, from a sign-in (--tokens, --from-login), or from
// the flags alone.
func runSnippets(e *env, args []string) int {
	fs := newFlagSet(e, "snippets", "[--kind K] (--conf FILE [--provider P] | --tokens FILE --issuer URL --client-id ID | --from-login … | --issuer URL --audience A) [--neo4j URL] [--bolt URL] [-o DIR] [--json]")
	var src signInSource
	src.register(fs)
	var kinds []string
	for _, k := range snippets.Kinds() {
		kinds = append(kinds, string(k))
	}
	kind := fs.String("kind", "all", "snippet `KIND`: "+strings.Join(kinds, ", ")+" or all")
	var p snippets.Params
	fs.StringVar(&p.Neo4jURL, "neo4j", "", "Neo4j's HTTP `URL` for the Query API (default http://localhost:7474)")
	fs.StringVar(&p.BoltURL, "bolt", "", "Neo4j's Bolt `URL` for the drivers (default neo4j://localhost:7687)")
	fs.StringVar(&p.GroupsClaim, "groups-claim", "", "the `CLAIM` carrying the groups; default from the conf or the token, else groups")
	fs.StringVar(&p.TokenType, "token-type", "", "the token Neo4j validates: access_token or id_token; default from the conf or the token")
	outDir := fs.String("o", "", "write each snippet to `DIR` under its file name instead of standard output")
	asJSON := fs.Bool("json", false, "print the snippets as JSON (kind, title, language, filename, requires, text)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: ssolens snippets [--kind K] (--conf FILE | --tokens FILE --issuer URL --client-id ID | --from-login … | --issuer URL --audience A) [--neo4j URL] [--bolt URL] [-o DIR] [--json]")
		fmt.Fprintln(e.stderr, "\nWrites client code for a Neo4j behind SSO, filled in with the provider's facts: curl and Python")
		fmt.Fprintln(e.stderr, "to the Query API, the Python driver's expiring bearer auth, the Go driver's BearerAuth, FastAPI +")
		fmt.Fprintln(e.stderr, "PyJWT validation and the Neo4j GraphQL library. Snippets read tokens and secrets from")
		fmt.Fprintln(e.stderr, "environment variables (NEO4J_TOKEN, CLIENT_ID, CLIENT_SECRET); none is ever written into them.\n\nOptions:")
		fs.PrintDefaults()
	}
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "ssolens snippets: "+format+"\n", a...)
		return ExitUsage
	}
	if len(positional) > 0 {
		return fail("unexpected argument %q; choose the snippet with --kind", positional[0])
	}
	var chosen []snippets.Kind
	if *kind == "all" {
		chosen = snippets.Kinds()
	} else {
		for _, k := range strings.Split(*kind, ",") {
			chosen = append(chosen, snippets.Kind(strings.TrimSpace(k)))
		}
	}
	inv, err := src.investigate(context.Background(), e, session.Inputs{Options: inspector.Options{Now: e.now, Location: e.loc}})
	if err != nil {
		return fail("%v", err)
	}
	params, err := inv.SnippetParams()
	if err != nil {
		return fail("%v", err)
	}
	// What the flags say wins over what the investigation found.
	params.Neo4jURL, params.BoltURL = p.Neo4jURL, p.BoltURL
	params.GroupsClaim = cmpOr(p.GroupsClaim, params.GroupsClaim)
	params.TokenType = cmpOr(p.TokenType, params.TokenType)
	p = params
	var out []snippets.Snippet
	for _, k := range chosen {
		s, err := snippets.Render(k, p)
		if err != nil {
			return fail("%v", err)
		}
		out = append(out, s)
	}
	switch {
	case *outDir != "":
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			return fail("cannot create %q: %v", *outDir, err)
		}
		for _, s := range out {
			path := filepath.Join(*outDir, s.Filename)
			if err := os.WriteFile(path, []byte(s.Text), 0o644); err != nil {
				return fail("cannot write %q: %v", path, err)
			}
			fmt.Fprintf(e.stdout, "%-40s %s (needs %s)\n", path, s.Title, s.Requires)
		}
	case *asJSON:
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
