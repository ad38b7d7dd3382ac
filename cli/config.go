package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j"
	"github.com/ssolens/ssolens/pkce"
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
	f := &s.login
	fs.StringVar(&f.conf, "conf", "", "neo4j.conf `FILE` (or its Docker env form) whose provider to use")
	fs.StringVar(&f.provider, "provider", "", "provider `NAME` in the conf (dbms.security.oidc.NAME.*); default: the only one")
	fs.StringVar(&f.issuer, "issuer", "", "the provider's issuer `URL`")
	fs.StringVar(&f.clientID, "client-id", "", "the client `ID` Neo4j Browser signs in with")
	fs.StringVar(&f.secretEnv, "client-secret-env", "", "with --from-login: environment `VAR` holding the client secret")
	fs.Var(&f.scopes, "scope", "scope to request (repeatable, or space-separated); default openid profile email")
	fs.StringVar(&f.audience, "audience", "", "with --from-login: audience parameter to send")
	fs.StringVar(&f.flow, "flow", "", "with --from-login: pkce (default), implicit, device, client-credentials or password")
	fs.StringVar(&f.ports, "port", "", "with --from-login: loopback `PORTS` for the redirect, comma-separated")
	fs.StringVar(&f.redirectHost, "redirect-host", pkce.HostIPv4, "with --from-login: redirect URI host")
	fs.StringVar(&f.browserCommand, "browser-command", "", "with --from-login: open the URL with `CMD`")
	fs.BoolVar(&f.noBrowser, "no-browser", false, "with --from-login: print the URL instead of opening a browser")
	fs.DurationVar(&f.timeout, "timeout", pkce.DefaultTimeout, "with --from-login: how long to wait for the browser")
	fs.StringVar(&f.username, "username", "", "with --from-login --flow password: the user `NAME`")
	fs.StringVar(&f.passwordEnv, "password-env", "", "with --from-login --flow password: environment `VAR` holding the password")
	fs.StringVar(&f.ca, "ca", "", "extra CA certificate `FILE` (PEM) to trust")
	fs.StringVar(&f.proxy, "proxy", "", "HTTP(S) proxy `URL`")
}

// given reports whether any token source was named.
func (s *signInSource) given() bool {
	return s.fromLogin || s.tokensFile != "" || s.idToken != "" || s.accessToken != ""
}

// signedIn is what a sign-in tells: the tokens and the provider's facts.
type signedIn struct {
	Tokens       neo4j.TokenSet
	Issuer       string
	DiscoveryURL string
	ClientID     string
	Scopes       []string
	// Model and Provider are set with --conf.
	Model    *neo4j.Model
	Provider *neo4j.Provider
}

// resolve reads the conf (if any) and takes the tokens from the files and
// flags, or signs in now.
func (s *signInSource) resolve(e *env) (*signedIn, error) {
	si := &signedIn{Issuer: s.login.issuer, ClientID: s.login.clientID}
	for _, sc := range s.login.scopes {
		si.Scopes = append(si.Scopes, strings.Fields(strings.ReplaceAll(sc, ",", " "))...)
	}
	if s.login.conf != "" {
		m, p, err := neo4jProvider(e, s.login.conf, s.login.provider)
		if err != nil {
			return nil, err
		}
		si.Model, si.Provider = m, p
		s.login.provider = p.Name
		if si.Issuer == "" {
			si.Issuer = p.Issuer
		}
		si.DiscoveryURL = p.WellKnownDiscoveryURI
		if si.Issuer == "" && si.DiscoveryURL != "" {
			si.Issuer = strings.TrimSuffix(strings.TrimSuffix(si.DiscoveryURL, "/.well-known/openid-configuration"), "/")
		}
		if si.ClientID == "" {
			si.ClientID = p.Params["client_id"]
		}
		if len(si.Scopes) == 0 && p.Params["scope"] != "" {
			si.Scopes = strings.Fields(p.Params["scope"])
		}
	}
	switch {
	case s.fromLogin && (s.tokensFile != "" || s.idToken != "" || s.accessToken != ""):
		return nil, errors.New("give --from-login or tokens (--tokens, --id-token, --access-token), not both")
	case s.fromLogin:
		return si, s.signInNow(e, si)
	case s.tokensFile != "" || s.idToken != "" || s.accessToken != "":
		ts, err := readTokenSet(e, s.tokensFile, s.idToken, s.accessToken)
		si.Tokens = ts
		return si, err
	}
	return si, nil
}

// signInNow signs in the way ssolens login does and keeps the tokens.
func (s *signInSource) signInNow(e *env, si *signedIn) error {
	f := s.login
	if f.conf == "" && (f.issuer == "" || f.clientID == "") {
		return errors.New("--from-login needs --conf FILE [--provider P], or --issuer URL and --client-id ID")
	}
	hc, err := discovery.NewHTTPClient(discovery.Config{CAFile: f.ca, Proxy: f.proxy})
	if err != nil {
		return err
	}
	cfg := pkce.Config{Issuer: f.issuer, ClientID: f.clientID, Audience: f.audience, Scopes: si.Scopes, HTTPClient: hc,
		Inspect: inspector.Options{Now: e.now, Location: e.loc}}
	if si.Provider != nil {
		cfg.Neo4j = pkce.Neo4jProviderFromConf(si.Provider)
		cfg.Scopes = nil // the conf's params decide, as in Neo4j Browser
		if f.flow == "" {
			f.flow = strings.ToLower(cfg.Neo4j.AuthFlow)
		}
	}
	if f.flow == "" {
		f.flow = pkce.FlowPKCE
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	c, err := pkce.New(ctx, cfg)
	if err != nil {
		return err
	}
	stdin := bufio.NewReader(e.stdin)
	if f.flow == pkce.FlowClientCredentials || f.secretEnv != "" {
		secret, _, err := clientSecret(e, stdin, f, c)
		if err != nil {
			return err
		}
		c.SetClientSecret(secret)
	}
	var res *pkce.Result
	switch f.flow {
	case pkce.FlowPKCE, pkce.FlowImplicit:
		lo, err := loginOptions(e, stdin, f)
		if err != nil {
			return err
		}
		res, err = c.Login(ctx, lo)
		if err != nil {
			return fmt.Errorf("sign-in failed: %w", err)
		}
	case pkce.FlowClientCredentials:
		if res, err = c.ClientCredentials(ctx); err != nil {
			return fmt.Errorf("client credentials failed: %w", err)
		}
	case pkce.FlowDevice:
		res, err = c.Device(ctx, func(d pkce.DeviceCode) {
			fmt.Fprintf(e.stderr, "To sign in, open %s and enter the code %s\n", d.VerificationURI, d.UserCode)
		})
		if err != nil {
			return fmt.Errorf("device sign-in failed: %w", err)
		}
	case pkce.FlowPassword:
		if f.username == "" {
			return errors.New("--flow password needs --username")
		}
		pw, err := secretInput(e, stdin, f.passwordEnv, "Password for "+f.username+" (not shown): ")
		if err != nil {
			return err
		}
		if res, err = c.Password(ctx, f.username, pw); err != nil {
			return fmt.Errorf("password sign-in failed: %w", err)
		}
	default:
		return fmt.Errorf("unknown --flow %q: use pkce, implicit, client-credentials, device or password", f.flow)
	}
	if res.Token == nil {
		return errors.New("the sign-in returned no token")
	}
	si.Tokens = neo4j.TokenSet{AccessToken: res.Token.AccessToken, RefreshToken: res.Token.RefreshToken}
	si.Tokens.IDToken, _ = res.Token.Extra("id_token").(string)
	if md := c.Metadata(); md != nil {
		si.Issuer, si.DiscoveryURL = md.Metadata.Issuer, md.URL
	}
	if si.ClientID == "" {
		si.ClientID = c.ClientID()
	}
	fmt.Fprintf(e.stderr, "Signed in (%s flow) at %s.\n", res.Flow, si.Issuer)
	return nil
}

// runConfig writes the minimal provider block for a sign-in.
func runConfig(e *env, args []string) int {
	fs := newFlagSet(e, "config", "(--from-login (--issuer URL --client-id ID | --conf FILE [--provider P]) | --tokens FILE --issuer URL --client-id ID) [--name NAME] [--display-name TEXT] [--docker] [--json]")
	var src signInSource
	src.register(fs)
	name := fs.String("name", "", "provider `NAME` to write (dbms.security.oidc.NAME.*); default the --provider, else sso")
	display := fs.String("display-name", "", "button label in Neo4j Browser; default SSO")
	discoveryURL := fs.String("discovery", "", "the provider's discovery document `URL`; default ISSUER/.well-known/openid-configuration")
	docker := fs.Bool("docker", false, "write the Docker environment form (NEO4J_dbms_security_oidc_…) instead of neo4j.conf")
	asJSON := fs.Bool("json", false, "print the JSON contract (both forms, the settings and the findings)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: ssolens config (--from-login … | --tokens FILE --issuer URL --client-id ID) [--docker] [--json]")
		fmt.Fprintln(e.stderr, "\nWrites the minimal neo4j.conf provider block (or its Docker environment form) that makes a")
		fmt.Fprintln(e.stderr, "sign-in work: the token Neo4j should validate (the access token when it is a JWT meant for")
		fmt.Fprintln(e.stderr, "you, else the ID token), its audience, the claim carrying the groups and a")
		fmt.Fprintln(e.stderr, "group_to_role_mapping skeleton from the groups seen. The block goes to standard output,")
		fmt.Fprintln(e.stderr, "the findings to standard error. No token is written anywhere.\n\nOptions:")
		fs.PrintDefaults()
	}
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "ssolens config: "+format+"\n", a...)
		return ExitUsage
	}
	if len(positional) > 0 {
		return fail("unexpected argument %q; give the sign-in with --tokens FILE or --from-login", positional[0])
	}
	if !src.given() {
		return fail("no sign-in: give --tokens FILE (a token response) with --issuer URL and --client-id ID, or --from-login")
	}
	si, err := src.resolve(e)
	if err != nil {
		return fail("%v", err)
	}
	if si.Issuer == "" || si.ClientID == "" {
		return fail("the issuer and the client id are required: give --issuer URL and --client-id ID (or --conf with the provider)")
	}
	in := neo4j.GenerateInput{Provider: *name, DisplayName: *display, Issuer: si.Issuer, DiscoveryURL: *discoveryURL,
		ClientID: si.ClientID, Scopes: si.Scopes, Tokens: si.Tokens}
	if in.DiscoveryURL == "" {
		in.DiscoveryURL = si.DiscoveryURL
	}
	if in.Provider == "" && si.Provider != nil {
		in.Provider = si.Provider.Name
	}
	if in.DisplayName == "" && si.Provider != nil {
		in.DisplayName = si.Provider.DisplayName
	}
	g, err := neo4j.GenerateConfig(in)
	if err != nil {
		return fail("%v", err)
	}
	g.Findings = append(g.Findings, lintGenerated(g)...)
	inspector.SortFindings(g.Findings)
	if *asJSON {
		if err := writeJSON(e.stdout, g); err != nil {
			return fail("writing JSON: %v", err)
		}
	} else {
		if *docker {
			fmt.Fprint(e.stdout, g.Env)
		} else {
			fmt.Fprint(e.stdout, g.Conf)
		}
		renderFindings(e.stderr, "", g.Findings)
	}
	for _, f := range g.Findings {
		if f.Severity == inspector.SeverityError {
			return ExitFindings
		}
	}
	return ExitOK
}

// lintGenerated reads the generated block back as Neo4j would and returns
// the errors that would stop it from starting (there should be none; a
// test proves it for the demo provider).
func lintGenerated(g *neo4j.GeneratedConfig) []inspector.Finding {
	var out []inspector.Finding
	conf, err := neo4j.ParseConf(strings.NewReader(g.Conf), "generated neo4j.conf")
	if err != nil {
		return out
	}
	for _, f := range neo4j.Lint(conf, neo4j.Latest) {
		if f.Severity == inspector.SeverityError {
			out = append(out, f)
		}
	}
	return out
}
