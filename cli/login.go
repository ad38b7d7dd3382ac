package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j"
	"github.com/ssolens/ssolens/pkce"
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
	Neo4j *neo4j.Prediction `json:"neo4j,omitempty"`
}

func runLogin(e *env, args []string) int {
	fs := newFlagSet(e, "login", "(--conf neo4j.conf --provider P | --issuer URL --client-id ID [--client-secret-env VAR] [--scope S] [--audience A]) [--flow pkce|client-credentials|device|password|implicit] [--port N[,N...]] [--redirect-host 127.0.0.1|localhost] [--browser-command CMD] [--no-browser] [--show-tokens] [--json]")
	var f loginFlags
	var out outputFlags
	out.register(fs)
	fs.StringVar(&f.conf, "conf", "", "neo4j.conf `FILE`: sign in exactly as Neo4j Browser does for --provider")
	fs.StringVar(&f.provider, "provider", "", "provider `NAME` in neo4j.conf (dbms.security.oidc.NAME.*)")
	fs.StringVar(&f.issuer, "issuer", "", "issuer or discovery document `URL`")
	fs.StringVar(&f.clientID, "client-id", "", "client `ID`")
	fs.StringVar(&f.secretEnv, "client-secret-env", "", "environment `VAR` holding the client secret (else the keyring, else a prompt)")
	fs.Var(&f.scopes, "scope", "scope to request (repeatable, or space-separated); default openid profile email")
	fs.StringVar(&f.audience, "audience", "", "audience `A`: sent as the audience parameter, and expected in the access token's aud")
	fs.StringVar(&f.resource, "resource", "", "RFC 8707 resource indicator `URI` (sent as resource, expected in aud)")
	fs.StringVar(&f.flow, "flow", "", "grant: pkce (default), implicit, client-credentials, device or password")
	fs.StringVar(&f.ports, "listen", "", "loopback `PORTS` to try in order, comma-separated (0: an ephemeral port); default 8000,18000,28000, so the redirect URI is the same on every run")
	fs.StringVar(&f.ports, "port", "", "the same as --listen")
	fs.StringVar(&f.save, "save", "", "write the token response to `FILE` (mode 0600; it holds credentials) for roles --tokens FILE and report")
	fs.StringVar(&f.redirectHost, "redirect-host", pkce.HostIPv4, "redirect URI host: 127.0.0.1, localhost (Entra ID) or [::1]")
	fs.StringVar(&f.path, "redirect-path", "", "redirect URI `PATH` (default /callback; /browser/ with --conf)")
	fs.StringVar(&f.browserCommand, "browser-command", "", "run `CMD` with the URL as its last argument instead of the default browser (e.g. wslview)")
	fs.BoolVar(&f.noBrowser, "no-browser", false, "print the URL instead of opening a browser; paste the redirect URL on stdin if the browser runs elsewhere")
	fs.DurationVar(&f.timeout, "timeout", pkce.DefaultTimeout, "how long to wait for the browser")
	fs.StringVar(&f.username, "username", "", "user `NAME` for --flow password")
	fs.StringVar(&f.passwordEnv, "password-env", "", "environment `VAR` holding the password for --flow password (else a prompt)")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "certificate `FILE` (PEM) to serve the callback over https")
	fs.StringVar(&f.tlsKey, "tls-key", "", "private key `FILE` (PEM) for --tls-cert")
	fs.StringVar(&f.ca, "ca", "", "extra CA certificate `FILE` (PEM) trusted besides the system's")
	fs.StringVar(&f.proxy, "proxy", "", "HTTP(S) proxy `URL` (default: HTTPS_PROXY / HTTP_PROXY from the environment)")
	fs.BoolVar(&f.rememberSecret, "remember-secret", false, "store a prompted client secret in the OS keyring")
	fs.BoolVar(&f.userinfo, "userinfo", false, "also call the UserInfo endpoint with the access token")
	fs.BoolVar(&f.revoke, "revoke", false, "after the sign-in, revoke the refresh token (else the access token) at the provider (RFC 7009)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return flagExit(err)
	}
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "ssolens login: %v\n", err)
		return ExitUsage
	}
	dc := discovery.Config{CAFile: f.ca, Proxy: f.proxy}
	var model *neo4j.Model // with --conf: for the Neo4j prediction
	hc, err := discovery.NewHTTPClient(dc)
	if err != nil {
		return fail(err)
	}
	opts := out.options(e)
	cfg := pkce.Config{Issuer: f.issuer, ClientID: f.clientID, Audience: f.audience, Resource: f.resource,
		HTTPClient: hc, Inspect: opts}
	for _, s := range f.scopes {
		cfg.Scopes = append(cfg.Scopes, strings.Fields(strings.ReplaceAll(s, ",", " "))...)
	}
	switch {
	case f.conf != "":
		m, p, err := neo4jProvider(e, f.conf, f.provider)
		if err != nil {
			return fail(err)
		}
		model, f.provider = m, p.Name
		np := pkce.Neo4jProviderFromConf(p)
		cfg.Neo4j = np
		if f.flow == "" {
			f.flow = strings.ToLower(np.AuthFlow)
		}
	case f.issuer == "" || f.clientID == "":
		return fail(errors.New("give --issuer URL and --client-id ID, or --conf neo4j.conf --provider NAME"))
	}
	if f.flow == "" {
		f.flow = pkce.FlowPKCE
	}
	stdin := bufio.NewReader(e.stdin)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	c, err := pkce.New(ctx, cfg)
	if err != nil {
		return fail(err)
	}
	var secretFindings []inspector.Finding
	if f.flow == pkce.FlowClientCredentials || f.secretEnv != "" {
		secret, sf, err := clientSecret(e, stdin, f, c)
		if err != nil {
			return fail(err)
		}
		secretFindings = sf
		c.SetClientSecret(secret)
	}

	var res *pkce.Result
	var flowErr error
	switch f.flow {
	case pkce.FlowPKCE, pkce.FlowImplicit:
		lo, err := loginOptions(e, stdin, f)
		if err != nil {
			return fail(err)
		}
		res, flowErr = c.Login(ctx, lo)
	case pkce.FlowClientCredentials:
		res, flowErr = c.ClientCredentials(ctx)
	case pkce.FlowDevice:
		res, flowErr = c.Device(ctx, func(d pkce.DeviceCode) {
			fmt.Fprintf(e.stderr, "To sign in, open %s and enter the code %s\n", d.VerificationURI, d.UserCode)
			if d.VerificationURIComplete != "" {
				fmt.Fprintf(e.stderr, "  (or open %s)\n", d.VerificationURIComplete)
			}
		})
	case pkce.FlowPassword:
		if f.username == "" {
			return fail(errors.New("--flow password needs --username"))
		}
		pw, err := secretInput(e, stdin, f.passwordEnv, "Password for "+f.username+" (not shown): ")
		if err != nil {
			return fail(err)
		}
		res, flowErr = c.Password(ctx, f.username, pw)
	default:
		return fail(fmt.Errorf("unknown --flow %q: use pkce, implicit, client-credentials, device or password", f.flow))
	}
	res.Report.Findings = append(res.Report.Findings, secretFindings...)
	o := loginOutput{Report: res.Report, Flow: res.Flow, RedirectURI: res.RedirectURI}
	if f.userinfo && flowErr == nil && res.Token != nil {
		raw, ufs, err := c.UserInfo(ctx, res.Token.AccessToken)
		res.Report.Findings = append(res.Report.Findings, ufs...)
		if err == nil {
			var claims any
			if json.Unmarshal(raw, &claims) == nil {
				o.UserInfo = claims
			} else {
				o.UserInfo = string(raw) // a signed (JWT) UserInfo response
			}
		}
	}
	if f.revoke && flowErr == nil && res.Token != nil {
		token, hint := res.Token.RefreshToken, "refresh_token"
		if token == "" {
			token, hint = res.Token.AccessToken, "access_token"
		}
		rfs, err := c.Revoke(ctx, token, hint)
		res.Report.Findings = append(res.Report.Findings, rfs...)
		if err != nil {
			fmt.Fprintf(e.stderr, "ssolens login: %v\n", err)
		} else {
			o.Revoked = hint
		}
	}
	if model != nil && flowErr == nil && res.Token != nil {
		in := neo4j.LoginInput{Model: model, Provider: f.provider, Tokens: neo4j.TokenSet{
			AccessToken: res.Token.AccessToken, RefreshToken: res.Token.RefreshToken,
		}, Verify: inspector.VerifyConfig{HTTPClient: cfg.HTTPClient, Options: out.options(e)}}
		in.Tokens.IDToken, _ = res.Token.Extra("id_token").(string)
		if m, ok := o.UserInfo.(map[string]any); ok {
			in.UserInfo = m
		}
		o.Neo4j = neo4j.SimulateLogin(ctx, in)
	}
	inspector.SortFindings(res.Report.Findings)
	res.Report.Transport = dc.Describe()
	o.Events = c.Events()
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
		fmt.Fprintf(e.stdout, "Flow: %s\n", o.Flow)
		if o.RedirectURI != "" {
			fmt.Fprintf(e.stdout, "Redirect URI: %s\n", o.RedirectURI)
		}
		renderReport(e.stdout, o.Report, out.showTokens)
		if o.Revoked != "" {
			fmt.Fprintf(e.stdout, "\nRevoked the %s at the provider.\n", strings.ReplaceAll(o.Revoked, "_", " "))
		}
		if o.UserInfo != nil {
			fmt.Fprintln(e.stdout, "\nUserInfo:")
			writeJSON(e.stdout, o.UserInfo)
		}
		fmt.Fprintln(e.stdout, "\nTimeline:")
		for _, ev := range o.Events {
			fmt.Fprintf(e.stdout, "  %s  %-28s %6d ms  %s\n", ev.At.Format("15:04:05.000"), ev.Step, ev.DurationMS, ev.Detail)
		}
		if o.Neo4j != nil {
			fmt.Fprintln(e.stdout, "\nNeo4j:")
			renderPrediction(e.stdout, o.Neo4j)
		}
	}
	if o.HasError() || (o.Neo4j != nil && o.Neo4j.Outcome != neo4j.OutcomeLogIn) {
		return ExitFindings
	}
	return ExitOK
}

// neo4jProvider reads one provider of a neo4j.conf.
func neo4jProvider(e *env, path, name string) (*neo4j.Model, *neo4j.Provider, error) {
	m, _, err := loadModel(e, path, confFlags{version: "latest"})
	if err != nil {
		return nil, nil, err
	}
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
	return m, p, nil
}

// loginOptions turns the flags into the browser sign-in's options: the
// redirect URI and the URL go to stderr before any browser opens.
func loginOptions(e *env, stdin *bufio.Reader, f loginFlags) (pkce.LoginOptions, error) {
	lo := pkce.LoginOptions{Timeout: f.timeout, Implicit: f.flow == pkce.FlowImplicit,
		Loopback: pkce.LoopbackConfig{Host: f.redirectHost, Path: f.path, CertFile: f.tlsCert, KeyFile: f.tlsKey}}
	ports, err := listenPorts(f.ports)
	if err != nil {
		return lo, err
	}
	lo.Loopback.Ports = ports
	lo.OnListen = func(addrs []string, why string) {
		fmt.Fprintf(e.stderr, "Listening on %s: %s\n", strings.Join(addrs, " and "), why)
	}
	lo.OnRedirectURI = func(uri string) {
		fmt.Fprintf(e.stderr, "Redirect URI (register it at the provider exactly): %s\n", uri)
	}
	lo.OnAuthorizeURL = func(u string) {
		if f.noBrowser {
			fmt.Fprintf(e.stderr, "Open this URL in a browser:\n%s\n", u)
			fmt.Fprintln(e.stderr, "Waiting for the callback; if the browser runs on another machine, paste the URL it lands on here.")
		} else {
			fmt.Fprintf(e.stderr, "Opening the browser; if it does not open, visit:\n%s\n", u)
		}
	}
	switch {
	case f.noBrowser:
		lo.Browser = pkce.NoBrowser{}
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
		lo.Pasted = pasted
	case f.browserCommand != "":
		words := strings.Fields(f.browserCommand)
		if strings.HasPrefix(words[0], "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				words[0] = filepath.Join(home, words[0][2:])
			}
		}
		lo.Browser = pkce.CommandBrowser{Command: words[0], Args: words[1:]}
	}
	return lo, nil
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
