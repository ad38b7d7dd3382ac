package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/safetext"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/pkce"
	"github.com/ssolens/ssolens/session"
)

// loginFlags are the options of `ssolens login`.
type loginFlags struct {
	conf, provider           string
	issuer, clientID         string
	secretEnv                string
	scopes                   listFlag
	audience, resource       string
	flow                     string
	ports                    string
	redirectHost, path       string
	browserCommand           string
	noBrowser                bool
	timeout                  time.Duration
	username, passwordEnv    string
	tlsCert, tlsKey          string
	ca, proxy                string
	rememberSecret, userinfo bool
	revoke                   bool
	save                     string
}

// loginOutput is the inspect contract plus the flow and its events.
type loginOutput struct {
	*inspector.Report
	Flow        string `json:"flow"`
	RedirectURI string `json:"redirect_uri,omitempty"`
	UserInfo    any    `json:"userinfo,omitempty"`
	// Revoked names the token revoked with --revoke (refresh_token or access_token).
	Revoked string       `json:"revoked,omitempty"`
	Events  []pkce.Event `json:"events"`
	// Neo4j is the login prediction, with a conf: the roles contract.
	Neo4j *predict.Prediction `json:"neo4j,omitempty"`
	// Comparison lines up the ID token and the access token.
	Comparison *inspector.Comparison `json:"comparison,omitempty"`
}

// registerLogin binds the sign-in options shared by login and the
// --from-login of check, config and snippets; prefix marks the help of
// options that only matter for a sign-in made now.
func (f *loginFlags) register(fs *flagSet, prefix string) {
	fs.StringVar(&f.conf, "conf", "", "neo4j.conf `FILE` (or its Docker env form): sign in exactly as Neo4j Browser does for --provider")
	fs.StringVar(&f.provider, "provider", "", "provider `NAME` in neo4j.conf (dbms.security.oidc.NAME.*); default: the only one")
	fs.StringVar(&f.issuer, "issuer", "", "the provider's issuer or discovery document `URL`")
	fs.StringVar(&f.clientID, "client-id", "", "client `ID`")
	fs.StringVar(&f.secretEnv, "client-secret-env", "", prefix+"environment `VAR` holding the client secret (else the keyring, else a prompt)")
	fs.Var(&f.scopes, "scope", "scope to request (repeatable, or space-separated); default openid profile email")
	fs.StringVar(&f.audience, "audience", "", "audience `A`: sent as the audience parameter, and expected in the access token's aud")
	fs.StringVar(&f.flow, "flow", "", prefix+"grant: pkce (default), implicit, client-credentials, device or password")
	fs.StringVar(&f.ports, "listen", "", prefix+"loopback `PORTS` to try in order, comma-separated (0: an ephemeral port); default 8000,18000,28000, so the redirect URI is the same on every run")
	fs.StringVar(&f.ports, "port", "", prefix+"the same as --listen")
	fs.StringVar(&f.redirectHost, "redirect-host", pkce.HostIPv4, prefix+"redirect URI host: 127.0.0.1, localhost (Entra ID) or [::1]")
	fs.StringVar(&f.browserCommand, "browser-command", "", prefix+"run `CMD` with the URL as its last argument instead of the default browser (e.g. wslview)")
	fs.BoolVar(&f.noBrowser, "no-browser", false, prefix+"print the URL instead of opening a browser; paste the redirect URL on stdin if the browser runs elsewhere")
	fs.DurationVar(&f.timeout, "timeout", pkce.DefaultTimeout, prefix+"how long to wait for the browser")
	fs.StringVar(&f.username, "username", "", prefix+"user `NAME` for --flow password")
	fs.StringVar(&f.passwordEnv, "password-env", "", prefix+"environment `VAR` holding the password for --flow password (else a prompt)")
	fs.StringVar(&f.ca, "ca", "", "extra CA certificate `FILE` (PEM) trusted besides the system's")
	fs.StringVar(&f.proxy, "proxy", "", "HTTP(S) proxy `URL` (default: HTTPS_PROXY / HTTP_PROXY from the environment)")
}

// loginOptions are the flags of ssolens login.
type loginOptions struct {
	f   loginFlags
	out outputFlags
}

func newLoginCmd(e *env) *cobra.Command {
	var o loginOptions
	c := leaf("login (--conf NEO4J.CONF [--provider P] | --issuer URL --client-id ID)", "sign in at a provider (PKCE, implicit, device, client credentials, password) and inspect the tokens", func(c *cobra.Command) runFunc {
		fs := flagsOf(c)
		o.out.register(fs)
		o.f.register(fs, "")
		fs.StringVar(&o.f.resource, "resource", "", "RFC 8707 resource indicator `URI` (sent as resource, expected in aud)")
		fs.StringVar(&o.f.save, "save", "", "write the token response to `FILE` (mode 0600; it holds credentials) for roles --tokens FILE and report")
		fs.StringVar(&o.f.path, "redirect-path", "", "redirect URI `PATH` (default /callback; /browser/ with --conf)")
		fs.StringVar(&o.f.tlsCert, "tls-cert", "", "certificate `FILE` (PEM) to serve the callback over https")
		fs.StringVar(&o.f.tlsKey, "tls-key", "", "private key `FILE` (PEM) for --tls-cert")
		fs.BoolVar(&o.f.rememberSecret, "remember-secret", false, "store a prompted client secret in the OS keyring")
		fs.BoolVar(&o.f.userinfo, "userinfo", false, "also call the UserInfo endpoint with the access token")
		fs.BoolVar(&o.f.revoke, "revoke", false, "after the sign-in, revoke the refresh token (else the access token) at the provider (RFC 7009)")
		return func(args []string) int { return o.run(e, args) }
	})
	c.Example = "  ssolens login --conf neo4j.conf --provider okta --save token-response.json\n  ssolens login --issuer https://idp.example.com --client-id 0oa... --flow device\n  ssolens login --issuer https://idp.example.com --client-id m2m --client-secret-env M2M_SECRET --flow client-credentials"
	c.Args = cobra.NoArgs
	return c
}

func (lo *loginOptions) run(e *env, _ []string) int {
	f := lo.f
	out := lo.out
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "ssolens login: %v\n", err)
		return ExitUsage
	}
	// A destination that cannot be written is said now, not after the
	// sign-in it would lose.
	if f.save != "" {
		if err := checkSaveDestination(f.save); err != nil {
			return fail(err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	inv, flowErr, err := signIn(ctx, e, f, out.options(e))
	if err != nil {
		return fail(err)
	}
	res := inv.In.SignIn
	if res.RevokeErr != nil {
		fmt.Fprintf(e.stderr, "ssolens login: %v\n", res.RevokeErr)
	}
	o := loginOutput{Report: inv.Report, Flow: res.Flow, RedirectURI: res.RedirectURI, Revoked: res.Revoked,
		Events: res.Events, Neo4j: inv.Prediction, Comparison: inv.Comparison()}
	if res.UserInfo != nil {
		o.UserInfo = res.UserInfo
	} else if res.UserInfoJWT != "" {
		o.UserInfo = res.UserInfoJWT
	}
	if flowErr != nil {
		fmt.Fprintf(e.stderr, "ssolens login: %v\n", flowErr)
	}
	code := emitLogin(e, o, out)
	if f.save != "" && flowErr == nil && res.Token != nil {
		if err := saveTokenResponse(e, f.save, res.Token); err != nil {
			fmt.Fprintf(e.stderr, "ssolens login: %v\n", err)
			return ExitUsage
		}
	}
	if flowErr != nil && code == ExitOK {
		code = ExitFindings
	}
	return code
}

// signIn signs in as the flags say (session.SignInWith, the one flow
// switch) and returns the investigation of the sign-in: with --conf, the
// Neo4j prediction too. err is a usage problem; flowErr is the flow's own
// failure, whose findings are in the investigation.
func signIn(ctx context.Context, e *env, f loginFlags, opts inspector.Options) (inv *session.Investigation, flowErr, err error) {
	dc := discovery.Config{CAFile: f.ca, Proxy: f.proxy}
	hc, err := discovery.NewHTTPClient(dc)
	if err != nil {
		return nil, nil, err
	}
	t := session.Target{Config: pkce.Config{Issuer: f.issuer, ClientID: f.clientID, Audience: f.audience, Resource: f.resource}}
	for _, s := range f.scopes {
		t.Config.Scopes = append(t.Config.Scopes, strings.Fields(strings.ReplaceAll(s, ",", " "))...)
	}
	var sc *session.Conf
	switch {
	case f.conf != "":
		c, p, err := neo4jProvider(e, f.conf, f.provider)
		if err != nil {
			return nil, nil, err
		}
		// The target carries no model: the investigation below predicts,
		// once.
		sc, t.Provider = c, p.Name
		t.Config.Mode = ssoclient.FromConf(p)
		t.Config.Scopes = nil // the conf's params decide, as in Neo4j Browser
	case f.issuer == "" || f.clientID == "":
		return nil, nil, errors.New("give --issuer URL and --client-id ID, or --conf neo4j.conf --provider NAME")
	}
	if t.Loopback, err = loopbackFlags(f); err != nil {
		return nil, nil, err
	}
	stdin := bufio.NewReader(e.stdin)
	fo := session.FlowOptions{Flow: f.flow, Timeout: f.timeout, Username: f.username, UserInfo: f.userinfo, Revoke: f.revoke,
		SignInOptions: session.SignInOptions{HTTPClient: hc, Inspect: opts}, SecretAlways: f.secretEnv != ""}
	fo.Secret = func(c *pkce.Client) (string, []inspector.Finding, error) { return clientSecret(e, stdin, f, c) }
	fo.AskPassword = func() (string, error) {
		return secretInput(e, stdin, f.passwordEnv, "Password for "+f.username+" (not shown): ")
	}
	fo.OnDeviceCode = func(d pkce.DeviceCode) {
		fmt.Fprintf(e.stderr, "To sign in, open %s and enter the code %s\n", d.VerificationURI, d.UserCode)
		if d.VerificationURIComplete != "" {
			fmt.Fprintf(e.stderr, "  (or open %s)\n", d.VerificationURIComplete)
		}
	}
	browserFlags(e, stdin, f, &fo)
	res, flowErr := session.SignInWith(ctx, t, fo)
	if res == nil || res.Result == nil {
		if flowErr == nil {
			flowErr = errors.New("the sign-in returned nothing")
		}
		return nil, nil, withFlagHint(flowErr)
	}
	inv = session.New(ctx, session.Inputs{SignIn: res, Conf: sc, Provider: t.Provider, UserInfo: res.UserInfo,
		Issuer: f.issuer, ClientID: f.clientID, Scopes: t.Config.Scopes, Audience: f.audience,
		Options: opts, HTTPClient: hc, Transport: dc.Describe()})
	return inv, withFlagHint(flowErr), nil
}

func emitLogin(e *env, o loginOutput, out outputFlags) int {
	if out.showTokens {
		for _, t := range o.Tokens {
			t.RawShown = t.Raw
		}
	}
	if out.json {
		if err := writeJSON(e.stdout, o); err != nil {
			fmt.Fprintf(e.stderr, "ssolens: writing JSON: %v\n", err)
			return ExitUsage
		}
	} else {
		printf(e.stdout, "Flow: %s\n", o.Flow)
		if o.RedirectURI != "" {
			printf(e.stdout, "Redirect URI: %s\n", o.RedirectURI)
		}
		renderReport(e.stdout, o.Report, out.showTokens)
		renderComparison(e.stdout, o.Comparison)
		if o.Revoked != "" {
			printf(e.stdout, "\nRevoked the %s at the provider.\n", strings.ReplaceAll(o.Revoked, "_", " "))
		}
		if o.UserInfo != nil {
			fmt.Fprintln(e.stdout, "\nUserInfo:")
			var ui bytes.Buffer
			writeJSON(&ui, o.UserInfo)
			fmt.Fprint(e.stdout, safetext.Block(ui.String()))
		}
		fmt.Fprintln(e.stdout, "\nTimeline:")
		for _, ev := range o.Events {
			printf(e.stdout, "  %s  %-28s %6d ms  %s\n", ev.At.Format("15:04:05.000"), ev.Step, ev.DurationMS, ev.Detail)
		}
		if o.Neo4j != nil {
			fmt.Fprintln(e.stdout, "\nNeo4j:")
			renderPrediction(e.stdout, o.Neo4j)
		}
	}
	if o.HasError() || (o.Neo4j != nil && o.Neo4j.Outcome != predict.OutcomeLogIn) {
		return ExitFindings
	}
	return ExitOK
}

// neo4jProvider reads one provider of a neo4j.conf.
func neo4jProvider(e *env, path, name string) (*session.Conf, *conf.Provider, error) {
	c, err := loadConf(e, path, confFlags{version: "latest"})
	if err != nil {
		return nil, nil, err
	}
	m := c.Model
	var names []string
	for _, p := range m.Providers {
		names = append(names, p.Name)
	}
	if name == "" && len(names) == 1 {
		name = names[0]
	}
	p := m.Provider(name)
	if p == nil {
		return nil, nil, fmt.Errorf("%s has no provider %q (providers: %s): pass --provider NAME", path, name, strings.Join(names, ", "))
	}
	return c, p, nil
}

// loopbackFlags is the redirect listener the flags ask for: --listen's
// ports, else the fixed default list (the same redirect URI on every run).
func loopbackFlags(f loginFlags) (pkce.LoopbackConfig, error) {
	lc := pkce.LoopbackConfig{Host: f.redirectHost, Path: f.path, CertFile: f.tlsCert, KeyFile: f.tlsKey}
	ports, err := listenPorts(f.ports)
	if err != nil {
		return lc, err
	}
	lc.Ports = ports
	return lc, nil
}

// browserFlags sets the browser sign-in's options: the redirect URI and
// the URL go to stderr before any browser opens.
func browserFlags(e *env, stdin *bufio.Reader, f loginFlags, fo *session.FlowOptions) {
	fo.OnListen = func(addrs []string, why string) {
		fmt.Fprintf(e.stderr, "Listening on %s: %s\n", strings.Join(addrs, " and "), why)
	}
	fo.OnRedirectURI = func(uri string) {
		fmt.Fprintf(e.stderr, "Redirect URI (register it at the provider exactly): %s\n", uri)
	}
	fo.OnAuthorizeURL = func(u string) {
		if f.noBrowser {
			fmt.Fprintf(e.stderr, "Open this URL in a browser:\n%s\n", u)
			fmt.Fprintln(e.stderr, "Waiting for the callback; if the browser runs on another machine, paste the URL it lands on here.")
		} else {
			fmt.Fprintf(e.stderr, "Opening the browser; if it does not open, visit:\n%s\n", u)
		}
	}
	switch {
	case f.noBrowser:
		fo.Browser = pkce.NoBrowser{}
		pasted := make(chan string)
		go func() {
			defer close(pasted)
			for {
				line, err := stdin.ReadString('\n')
				if s := strings.TrimSpace(line); s != "" {
					pasted <- s
				}
				if err != nil {
					return
				}
			}
		}()
		fo.Pasted = pasted
	case f.browserCommand != "":
		words := strings.Fields(f.browserCommand)
		if strings.HasPrefix(words[0], "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				words[0] = filepath.Join(home, words[0][2:])
			}
		}
		fo.Browser = pkce.CommandBrowser{Command: words[0], Args: words[1:]}
	}
}

// clientSecret takes the secret from --client-secret-env, the keyring or a
// prompt; on a machine without a keyring it says so and asks every time.
func clientSecret(e *env, stdin *bufio.Reader, f loginFlags, c *pkce.Client) (string, []inspector.Finding, error) {
	issuer := f.issuer
	if md := c.Metadata(); md != nil {
		issuer = md.Metadata.Issuer
	}
	req := pkce.SecretRequest{Key: pkce.SecretKey(issuer, c.ClientID()), EnvVar: f.secretEnv, Remember: f.rememberSecret}
	if f.secretEnv == "" || os.Getenv(f.secretEnv) == "" {
		kr := pkce.OSKeyring{}
		if err := kr.Available(); err != nil {
			req.StoreErr = err
			fmt.Fprintln(e.stderr, "No OS keyring is available: the client secret is asked for this session and not stored.")
		} else {
			req.Store = kr
		}
		req.Prompt = func(q string) (string, error) { return readSecret(e, stdin, q) }
	}
	secret, _, fs, err := pkce.ResolveSecret(req, c.Recorder())
	return secret, fs, err
}

func secretInput(e *env, stdin *bufio.Reader, envVar, question string) (string, error) {
	if envVar != "" {
		if v := os.Getenv(envVar); v != "" {
			return v, nil
		}
	}
	return readSecret(e, stdin, question)
}

// readSecret prompts without echo on a terminal, or reads a line.
func readSecret(e *env, stdin *bufio.Reader, question string) (string, error) {
	fmt.Fprint(e.stderr, question)
	if fh, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(fh.Fd())) {
		b, err := term.ReadPassword(int(fh.Fd()))
		fmt.Fprintln(e.stderr)
		return string(b), err
	}
	line, err := stdin.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
