// Package demoidp is SSO Lens's embedded OpenID provider: a demo, NOT FOR
// PRODUCTION. It lets first-time users see the whole sign-in flow with
// nothing to configure, and gives end-to-end tests a real provider on
// loopback.
//
// The OpenID protocol (discovery, JWKS, authorization with PKCE, the token
// endpoint, userinfo, revocation, introspection, device authorization) is
// zitadel/oidc's op package; this package supplies the in-memory storage,
// the login page, the demo users and clients, and the failure scenarios.
//
// Anyone can sign in as any demo user by clicking a name: the provider
// binds loopback addresses only, and labels itself as a demo everywhere.
package demoidp

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"
)

// Label is how the provider names itself on every page and in the CLI.
const Label = "SSO Lens demo provider — not for production"

// Time shifts of the scenarios.
const (
	clockSkewAhead = 5 * time.Minute // clock-skew: the provider's clock runs ahead
	expiredAge     = 2 * time.Hour   // expired: tokens were issued this long ago
)

// Config configures Start.
type Config struct {
	// Addr is a loopback host:port; "" means 127.0.0.1 on a free port.
	// Non-loopback addresses are refused: anyone reaching the provider can
	// sign in as anyone.
	Addr string
	// Scenario is the failure scenario to start with; "" means none.
	Scenario string
	// KeyFile holds the signing key (LoadOrCreateKey): the same key on every
	// start, so tokens `ssolens mint` signs with it verify against the JWKS.
	// "" means a fresh key at each start, never written anywhere (tests).
	KeyFile string
	// Now is the provider's clock (iat, exp, the HTTP Date header); nil
	// means time.Now. Scenarios shift it further.
	Now func() time.Time
}

// Provider is a running demo provider.
type Provider struct {
	cfg    Config
	issuer string
	ln     net.Listener
	srv    *http.Server
	op     *op.Provider
	store  *storage
	keys   *keyRing

	mu       sync.Mutex
	scenario string

	closeOnce sync.Once
	closeErr  error
	stop      func() bool
}

// Start starts a provider listening on cfg.Addr. It stops when ctx is done
// or Close is called.
func Start(ctx context.Context, cfg Config) (*Provider, error) {
	sc, err := normalizeScenario(cfg.Scenario)
	if err != nil {
		return nil, err
	}
	addr, err := loopbackAddr(cfg.Addr)
	if err != nil {
		return nil, err
	}
	keys, err := newKeyRing(cfg.KeyFile)
	if err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("demo provider: listening on %s: %w; choose another port", addr, err)
	}
	p := &Provider{cfg: cfg, ln: ln, keys: keys, scenario: sc, issuer: "http://" + ln.Addr().String()}
	p.store = newStorage(p)

	var cryptoKey [32]byte
	rand.Read(cryptoKey[:])
	opConfig := &op.Config{
		CryptoKey:             cryptoKey,
		CodeMethodS256:        true,
		AuthMethodPost:        true,
		GrantTypeRefreshToken: true,
		DeviceAuthorization: op.DeviceAuthorizationConfig{
			Lifetime:     5 * time.Minute,
			PollInterval: time.Second, // RFC 8628 suggests 5 s; 1 s keeps demos and tests quick
			UserFormPath: devicePath,
			UserCode:     op.UserCodeBase20,
		},
	}
	p.op, err = op.NewProvider(opConfig, p.store, p.issuerFromRequest,
		op.WithAllowInsecure(), // http on loopback
		op.WithCrypto(&tokenCrypto{p: p, fallback: op.NewAES256GCMCrypto(cryptoKey, "demo")}),
	)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("demo provider: %w", err)
	}
	p.srv = &http.Server{
		Handler:           p.handler(),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go p.srv.Serve(ln)
	p.stop = context.AfterFunc(ctx, func() { p.Close() })
	return p, nil
}

// loopbackAddr checks that addr is on a loopback address.
func loopbackAddr(addr string) (string, error) {
	if addr == "" {
		return "127.0.0.1:0", nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("demo provider address %q: %w; use host:port such as %s", addr, err, DemoAddr)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("demo provider address %q is not a loopback address: the demo provider signs anyone in, so it listens on 127.0.0.1 or ::1 only", addr)
	}
	return net.JoinHostPort(host, port), nil
}

// issuerFromRequest gives the library the issuer of each request. Under
// issuer-trailing-slash, requests to the token endpoint get the issuer with
// an extra "/", so the tokens carry it while discovery does not.
func (p *Provider) issuerFromRequest(bool) (op.IssuerFromRequest, error) {
	return func(r *http.Request) string {
		if scenarioFrom(r.Context()) == ScenarioIssuerTrailingSlash && r.URL.Path == p.op.TokenEndpoint().Relative() {
			return p.issuer + "/"
		}
		return p.issuer
	}, nil
}

// handler serves the library's endpoints, the login and device pages and a
// home page. Each request runs under the scenario current when it arrived,
// and the Date header follows the provider's clock.
func (p *Provider) handler() http.Handler {
	mux := http.NewServeMux()
	withIssuer := op.NewIssuerInterceptor(p.op.IssuerFromRequest)
	mux.HandleFunc("GET "+loginPath, p.loginPage)
	mux.HandleFunc("POST "+loginPath, withIssuer.HandlerFunc(p.loginSubmit))
	mux.HandleFunc("GET "+devicePath, p.devicePage)
	mux.HandleFunc("POST "+devicePath, p.deviceSubmit)
	mux.HandleFunc("GET /{$}", p.homePage)
	mux.Handle("/", p.op)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sc := p.Scenario()
		r = r.WithContext(withScenario(r.Context(), sc))
		// net/http keeps a Date header the handler set (clock-skew).
		w.Header().Set("Date", p.clock(sc).UTC().Format(http.TimeFormat))
		w.Header().Set("X-Demo-Provider", "SSO Lens demo provider, not for production")
		mux.ServeHTTP(w, r)
	})
}

// Issuer is the provider's issuer URL, e.g. http://127.0.0.1:9876.
func (p *Provider) Issuer() string { return p.issuer }

// JWKSURL is the provider's key set (its discovery document's jwks_uri).
func (p *Provider) JWKSURL() string { return p.issuer + "/keys" }

// DiscoveryURL is the provider's OpenID discovery document.
func (p *Provider) DiscoveryURL() string { return p.issuer + "/.well-known/openid-configuration" }

// Addr is the address the provider listens on.
func (p *Provider) Addr() net.Addr { return p.ln.Addr() }

// Close stops the provider at once.
func (p *Provider) Close() error {
	p.closeOnce.Do(func() {
		if p.stop != nil {
			p.stop()
		}
		p.closeErr = p.srv.Close()
		if errors.Is(p.closeErr, net.ErrClosed) {
			p.closeErr = nil
		}
	})
	return p.closeErr
}

// SetScenario switches the failure scenario for the tokens issued from now
// on; "" or "none" means normal tokens.
func (p *Provider) SetScenario(name string) error {
	sc, err := normalizeScenario(name)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.scenario = sc
	return nil
}

// Scenario is the current scenario's name, "none" for normal tokens.
func (p *Provider) Scenario() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.scenario
}

// RotateKey makes a new signing key. The JWKS then lists the new key and
// the one before it (tokens issued before the rotation keep verifying until
// the next one); the key before that leaves the JWKS, and the rotated-key
// scenario signs with it from then on.
func (p *Provider) RotateKey() error { return p.keys.rotate() }

// clockOffset is how far Config.Now is from the real clock.
func (p *Provider) clockOffset() time.Duration {
	if p.cfg.Now == nil {
		return 0
	}
	return time.Until(p.cfg.Now())
}

// clock is the provider's time under a scenario: clock-skew runs ahead.
func (p *Provider) clock(scenario string) time.Time {
	t := time.Now()
	if p.cfg.Now != nil {
		t = p.cfg.Now()
	}
	if scenario == ScenarioClockSkew {
		t = t.Add(clockSkewAhead)
	}
	return t
}

// issueTime is the iat of tokens issued now under a scenario.
func (p *Provider) issueTime(scenario string) time.Time {
	return time.Now().Add(p.idTokenShift(scenario))
}

// idTokenShift is how far tokens issued now are from the real clock.
func (p *Provider) idTokenShift(scenario string) time.Duration {
	d := p.clockOffset()
	switch scenario {
	case ScenarioClockSkew:
		d += clockSkewAhead
	case ScenarioExpired:
		d -= expiredAge
	}
	return d
}
