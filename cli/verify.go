package cli

import (
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/session"
)

// verifyFlags choose what tokens are verified against. With no key source
// and no --verify, inspect stays offline and says the signature was not
// checked.
type verifyFlags struct {
	verify       bool
	offline      bool
	issuer       string
	discoveryURL string
	jwks         string
	pem          string
	secret       string
	audiences    listFlag
	clientID     string
	nonce        string
	ca           string
	proxy        string
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }
func (l *listFlag) Type() string       { return "strings" }

func (v *verifyFlags) register(fs *flagSet) {
	fs.BoolVar(&v.verify, "verify", false, "verify signatures, fetching keys by discovery of the token's own iss when no key source is given")
	fs.BoolVar(&v.offline, "offline", false, "never use the network (only --jwks FILE, --pem and --secret can verify)")
	fs.StringVar(&v.issuer, "issuer", "", "expected issuer, `URL`; its discovery document gives the keys")
	fs.StringVar(&v.discoveryURL, "discovery", "", "OIDC discovery document `URL` to take the keys from")
	fs.StringVar(&v.jwks, "jwks", "", "JWKS `URL or FILE` to verify against")
	fs.StringVar(&v.pem, "pem", "", "PEM public key or certificate `FILE`")
	fs.StringVar(&v.secret, "secret", "", "HMAC shared secret: `TEXT`, base64:<bytes> or @FILE")
	fs.Var(&v.audiences, "audience", "accepted audience (repeatable): the access token's aud must contain one")
	fs.StringVar(&v.clientID, "client-id", "", "client `ID`: the ID token's aud, and the azp to expect")
	fs.StringVar(&v.nonce, "nonce", "", "nonce the sign-in sent, checked in the ID token")
	fs.StringVar(&v.ca, "ca", "", "extra CA certificate `FILE` (PEM) trusted besides the system's")
	fs.StringVar(&v.proxy, "proxy", "", "HTTP(S) proxy `URL` (default: HTTPS_PROXY / HTTP_PROXY from the environment)")
}

// requested reports whether the user asked for a check against keys.
func (v *verifyFlags) requested() bool {
	return v.verify || v.issuer != "" || v.discoveryURL != "" || v.jwks != "" || v.pem != "" || v.secret != ""
}

// inputs turns the flags into an investigation's verification inputs.
// Plain inspect stays offline and says so for each token.
func (v *verifyFlags) inputs(opts inspector.Options) (session.Inputs, error) {
	cfg, transport, err := v.config(opts)
	if err != nil {
		return session.Inputs{}, err
	}
	in := session.Inputs{Verify: cfg, VerifyRequested: v.requested(), Options: opts, HTTPClient: cfg.HTTPClient,
		Offline: v.offline, Transport: transport}
	return in, nil
}

// client is the HTTP client of the flags (proxy, extra CA), for fetches
// other than the verification's own (a prediction's keys).
func (v *verifyFlags) client() (*http.Client, error) {
	return discovery.NewHTTPClient(discovery.Config{CAFile: v.ca, Proxy: v.proxy})
}

// config turns the flags into a verification configuration, and says
// which transport fetches use ("" when nothing is fetched).
func (v *verifyFlags) config(opts inspector.Options) (inspector.VerifyConfig, string, error) {
	if envOffline() {
		// SSOLENS_OFFLINE=1: no fetch, and a flag that asks for one says
		// why it cannot.
		local := v.secret != "" || v.pem != "" || (v.jwks != "" && !strings.HasPrefix(v.jwks, "http://") && !strings.HasPrefix(v.jwks, "https://"))
		switch {
		case strings.HasPrefix(v.jwks, "http://") || strings.HasPrefix(v.jwks, "https://"):
			return inspector.VerifyConfig{}, "", offlineConflict("--jwks " + v.jwks)
		case v.discoveryURL != "" && !local:
			return inspector.VerifyConfig{}, "", offlineConflict("--discovery")
		case v.verify && !local:
			return inspector.VerifyConfig{}, "", offlineConflict("--verify")
		case v.issuer != "" && !local:
			return inspector.VerifyConfig{}, "", offlineConflict("--issuer (its discovery document gives the keys)")
		}
		v.offline = true
	}
	cfg := inspector.VerifyConfig{
		Issuer:       v.issuer,
		DiscoveryURL: v.discoveryURL,
		PEMFile:      v.pem,
		Audiences:    v.audiences,
		ClientID:     v.clientID,
		Nonce:        v.nonce,
		Options:      opts,
		Offline:      v.offline || !v.requested(),
	}
	if strings.HasPrefix(v.jwks, "http://") || strings.HasPrefix(v.jwks, "https://") {
		cfg.JWKSURL = v.jwks
	} else {
		cfg.JWKSFile = v.jwks
	}
	if strings.HasPrefix(v.secret, "@") {
		b, err := os.ReadFile(v.secret[1:])
		if err != nil {
			return cfg, "", fmt.Errorf("cannot read the secret file %q: %w", v.secret[1:], err)
		}
		cfg.Secret = strings.TrimRight(string(b), "\r\n")
	} else {
		cfg.Secret = v.secret
	}
	transport := ""
	// A secret, a PEM or a JWKS file is the key source whenever given
	// (Verify takes it before any remote one): nothing is fetched, so no
	// client is made (loading the system CAs alone costs more than
	// verifying a token).
	local := cfg.Secret != "" || cfg.PEMFile != "" || cfg.JWKSFile != ""
	if !cfg.Offline && !local {
		dc := discovery.Config{CAFile: v.ca, Proxy: v.proxy}
		client, err := discovery.NewHTTPClient(dc)
		if err != nil {
			return cfg, "", err
		}
		cfg.HTTPClient = client
		transport = dc.Describe()
	}
	return cfg, transport, nil
}
