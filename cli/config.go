package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/session"
)

// signInSource is where check, config and snippets take a sign-in from:
// a token response file, the token flags, or a sign-in made now
// (--from-login, with the options of ssolens login).
type signInSource struct {
	tokensFile, idToken, accessToken string
	fromLogin                        bool
	login                            loginFlags
}

func (s *signInSource) register(fs *flagSet) {
	fs.StringVar(&s.tokensFile, "tokens", "", "token response (or anything inspect reads) from `FILE` (- for standard input)")
	fs.StringVar(&s.idToken, "id-token", "", "the ID token (or @FILE)")
	fs.StringVar(&s.accessToken, "access-token", "", "the access token (or @FILE)")
	fs.BoolVar(&s.fromLogin, "from-login", false, "sign in now (as ssolens login does, with --conf/--provider or --issuer/--client-id) and use that sign-in")
	s.login.register(fs, "with --from-login: ")
}

// given reports whether any token source was named.
func (s *signInSource) given() bool {
	return s.fromLogin || s.tokensFile != "" || s.idToken != "" || s.accessToken != ""
}

// investigate turns the flags into an investigation: the conf (if any),
// and the tokens from the files and flags, or a sign-in made now.
func (s *signInSource) investigate(ctx context.Context, e *env, in session.Inputs) (*session.Investigation, error) {
	f := s.login
	in.Issuer, in.ClientID, in.Audience = f.issuer, f.clientID, f.audience
	for _, sc := range f.scopes {
		in.Scopes = append(in.Scopes, strings.Fields(strings.ReplaceAll(sc, ",", " "))...)
	}
	if in.HTTPClient == nil && !in.Offline {
		hc, err := discovery.NewHTTPClient(discovery.Config{CAFile: f.ca, Proxy: f.proxy})
		if err != nil {
			return nil, err
		}
		in.HTTPClient = hc
	}
	if f.conf != "" {
		c, p, err := neo4jProvider(e, f.conf, f.provider)
		if err != nil {
			return nil, err
		}
		in.Conf, in.Provider = c, p.Name
	}
	tokens := s.tokensFile != "" || s.idToken != "" || s.accessToken != ""
	switch {
	case s.fromLogin && tokens:
		return nil, errors.New("give --from-login or tokens (--tokens, --id-token, --access-token), not both")
	case s.fromLogin:
		if f.conf == "" && (f.issuer == "" || f.clientID == "") {
			return nil, errors.New("--from-login needs --conf FILE [--provider P], or --issuer URL and --client-id ID")
		}
		inv, flowErr, err := signIn(ctx, e, f, in.Options)
		if err != nil {
			return nil, err
		}
		if flowErr != nil {
			return nil, fmt.Errorf("sign-in failed: %w", flowErr)
		}
		if inv.Tokens.AccessToken == "" && inv.Tokens.IDToken == "" {
			return nil, errors.New("the sign-in returned no token")
		}
		res := inv.In.SignIn
		fmt.Fprintf(e.stderr, "Signed in (%s flow) at %s.\n", res.Flow, cmp.Or(res.Issuer, f.issuer))
		return inv, nil
	case tokens:
		text, name, err := readTokenInput(e, s.tokensFile, s.idToken, s.accessToken)
		if err != nil {
			return nil, err
		}
		in.Text, in.TextName = text, name
	}
	return session.New(ctx, in), nil
}

// configOptions are the flags of ssolens config.
type configOptions struct {
	src          signInSource
	name         string
	display      string
	discoveryURL string
	docker, helm bool
	asJSON       bool
	offline      bool
}

func newConfigCmd(e *env) *cobra.Command {
	var o configOptions
	c := leaf("config (--from-login … | --tokens FILE --issuer URL --client-id ID)", "write the neo4j.conf provider block (or Docker env form) that makes a sign-in work", func(c *cobra.Command) runFunc {
		fs := flagsOf(c)
		o.src.register(fs)
		fs.StringVar(&o.name, "name", "", "provider `NAME` to write (dbms.security.oidc.NAME.*); default the --provider, else sso")
		fs.StringVar(&o.display, "display-name", "", "button label in Neo4j Browser; default SSO")
		fs.StringVar(&o.discoveryURL, "discovery", "", "the provider's discovery document `URL`; default ISSUER/.well-known/openid-configuration")
		fs.BoolVar(&o.offline, "offline", false, "never use the network: with --conf, the prediction's signature is then not checked")
		fs.BoolVar(&o.docker, "docker", false, "write the Docker environment form (NEO4J_dbms_security_oidc_…) instead of neo4j.conf")
		fs.BoolVar(&o.helm, "helm", false, "write the config: block of a values.yaml for the Neo4j Helm chart instead of neo4j.conf")
		fs.BoolVar(&o.asJSON, "json", false, "print the JSON contract (both forms, the settings and the findings)")
		return func(args []string) int { return o.run(e, args) }
	})
	c.Long = "Writes the minimal neo4j.conf provider block (or its Docker or Helm form) that makes a\nsign-in work: the token Neo4j should validate (the access token when it is a JWT meant for\nyou, else the ID token), its audience, the claim carrying the groups and a\ngroup_to_role_mapping skeleton from the groups seen. The block goes to standard output,\nthe findings to standard error. No token is written anywhere."
	c.Example = "  ssolens config --tokens token-response.json --issuer https://idp.example.com/oauth2/default --client-id 0oa... --name okta\n  ssolens config --from-login --issuer https://idp.example.com --client-id 0oa... --docker"
	return c
}

// run writes the minimal provider block for a sign-in.
func (o *configOptions) run(e *env, positional []string) int {
	src := o.src
	var err error
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "ssolens config: "+format+"\n", a...)
		return ExitUsage
	}
	if len(positional) > 0 {
		return fail("unexpected argument %q; give the sign-in with --tokens FILE or --from-login", positional[0])
	}
	if o.docker && o.helm {
		return fail("give --docker or --helm, not both")
	}
	if !src.given() {
		return fail("no sign-in: give --tokens FILE (a token response) with --issuer URL and --client-id ID, or --from-login")
	}
	if l := src.login; !src.fromLogin && l.conf == "" && (l.issuer == "" || l.clientID == "") {
		return fail("the issuer and the client id are required: give --issuer URL and --client-id ID (or --conf with the provider)")
	}
	inv, err := src.investigate(context.Background(), e, session.Inputs{DiscoveryURL: o.discoveryURL,
		BlockName: o.name, BlockDisplayName: o.display, Offline: o.offline, Options: inspector.Options{Now: e.now, Location: e.loc}})
	if err != nil {
		return fail("%v", err)
	}
	h, err := inv.Handoff()
	if err != nil {
		return fail("%v", err)
	}
	g := h.Config
	if o.asJSON {
		if err := writeJSON(e.stdout, g); err != nil {
			return fail("writing JSON: %v", err)
		}
	} else {
		switch {
		case o.docker:
			fmt.Fprint(e.stdout, safetext.Block(g.Env))
		case o.helm:
			fmt.Fprint(e.stdout, safetext.Block(g.Helm))
		default:
			fmt.Fprint(e.stdout, safetext.Block(g.Conf))
		}
		fmt.Fprintf(e.stderr, "# %s\n", h.Describe())
		renderFindings(e.stderr, "", g.Findings)
	}
	if inspector.HasError(g.Findings) {
		return ExitFindings
	}
	return ExitOK
}
