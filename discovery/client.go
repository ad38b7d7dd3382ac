// Package discovery fetches what an OpenID provider publishes: its metadata
// (OpenID Connect Discovery 1.0) and, through an injected *http.Client, its
// keys. Every network call takes the client as a parameter, so proxies, extra
// CAs and test servers are the caller's choice (as in golang.org/x/oauth2).
package discovery

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// DefaultTimeout bounds one request when Config.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// Config says how to reach a provider. The zero value uses the proxy from
// the environment, the system CAs and DefaultTimeout. TLS verification is
// always on: there is deliberately no switch to turn it off.
type Config struct {
	// CAFile is a PEM file of extra CA certificates, added to the system pool
	// (never replacing it): for a provider behind a corporate CA.
	CAFile string
	// Proxy is an explicit proxy URL (http://host:3128). Empty means
	// HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment.
	Proxy string
	// Timeout bounds each request; zero means DefaultTimeout.
	Timeout time.Duration
}

// NewHTTPClient builds the client every fetch of SSO Lens goes through.
func NewHTTPClient(cfg Config) (*http.Client, error) {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if cfg.CAFile != "" {
		n, err := appendCAFile(pool, cfg.CAFile)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, fmt.Errorf("CA file %s holds no PEM CERTIFICATE block: export the CA certificate as PEM (-----BEGIN CERTIFICATE-----)", cfg.CAFile)
		}
	}
	proxy := http.ProxyFromEnvironment
	if cfg.Proxy != "" {
		u, err := parseProxy(cfg.Proxy)
		if err != nil {
			return nil, err
		}
		proxy = http.ProxyURL(u)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = proxy
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return &http.Client{Transport: tr, Timeout: timeout}, nil
}

func appendCAFile(pool *x509.CertPool, path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("read CA file: %w", err)
	}
	n := 0
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return n, fmt.Errorf("CA file %s, certificate %d: %w", path, n+1, err)
		}
		pool.AddCert(cert)
		n++
	}
	return n, nil
}

func parseProxy(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
		return nil, fmt.Errorf("proxy %q is not a URL such as http://proxy.example.com:3128", RedactURL(s))
	}
	return u, nil
}

// Describe says which proxy and which CAs a client built from cfg uses, for
// output. Proxy credentials are never shown.
func (cfg Config) Describe() string {
	var proxy string
	switch {
	case cfg.Proxy != "":
		proxy = "proxy " + RedactURL(cfg.Proxy) + " (explicit)"
	default:
		var env []string
		for _, name := range []string{"HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"} {
			v := os.Getenv(name)
			if v == "" {
				v = os.Getenv(strings.ToLower(name))
			}
			if v != "" {
				env = append(env, name+"="+RedactURL(v))
			}
		}
		if len(env) == 0 {
			proxy = "no proxy (none set in the environment)"
		} else {
			proxy = "proxy from the environment (" + strings.Join(env, ", ") + ")"
		}
	}
	ca := "system CAs"
	if cfg.CAFile != "" {
		ca = "system CAs + " + cfg.CAFile
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return fmt.Sprintf("%s; %s; TLS verified; timeout %s", proxy, ca, timeout)
}

// RedactURL hides the password of a URL's user info (as xxxxx), for every
// message and label that names a URL given by the user. An address without
// a scheme (admin:pw@localhost:7474, which Neo4j addresses may be) is read
// as http.
func RedactURL(s string) string {
	// A password stands before an '@': without one there is nothing to
	// hide, and no URL to parse (the verifier names its issuer's URLs for
	// every token it checks).
	if !strings.Contains(s, "@") {
		return s
	}
	if !strings.Contains(s, "://") {
		return strings.TrimPrefix(RedactURL("http://"+s), "http://")
	}
	u, err := url.Parse(s)
	if err == nil {
		if u.User == nil {
			return s
		}
		return u.Redacted()
	}
	// Not a URL net/url reads: hide what stands between "user:" and "@"
	// in its authority all the same.
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	authority, path := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority, path = rest[:i], rest[i:]
	}
	at := strings.LastIndex(authority, "@")
	colon := strings.Index(authority, ":")
	if at < 0 || colon < 0 || colon > at {
		return s
	}
	return scheme + "://" + authority[:colon+1] + "xxxxx" + authority[at:] + path
}

// WithoutURL is err without the URL that net/url and net/http put in
// their errors: url.Parse's keeps the password in clear. For a message
// that names the URL itself, through RedactURL.
func WithoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
