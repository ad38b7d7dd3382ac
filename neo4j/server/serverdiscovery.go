package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/lazyre"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
)

// Errors of FetchServerDiscovery and ParseServerDiscovery, for errors.Is.
// Connection failures wrap the network error (syscall.ECONNREFUSED,
// context.DeadlineExceeded ...).
var (
	ErrNotNeo4j          = errors.New("not a Neo4j discovery response")
	ErrDiscoveryHTML     = errors.New("an HTML page instead of JSON")
	ErrDiscoveryTooLarge = errors.New("discovery response too large")
	ErrDiscoveryStatus   = errors.New("unexpected HTTP status")
)

// MaxDiscoveryBody caps the discovery response read from a server; real ones
// are well under 100 KiB even with many providers.
const MaxDiscoveryBody = 1 << 20

// defaultDiscoveryTimeout applies when the caller's context has no deadline.
const defaultDiscoveryTimeout = 15 * time.Second

// ServerDiscovery is what a running Neo4j publishes at GET / with
// Accept: application/json (spec §5.1), read the way the Browser's SSO client
// (neo4j-client-sso fetchDiscoveryDataFromUrl, getValidSSOProviders) reads it.
type ServerDiscovery struct {
	URL     string `json:"url"`
	Version string `json:"neo4j_version"` // as published: "5.26.0", "2026.03.0", "4.4.0-dev"
	Edition string `json:"neo4j_edition"`
	// Neo4jVersion is Version as a release line; zero when it does not parse.
	Neo4jVersion conf.Version `json:"-"`
	// ProvidersKey is where the providers were read: "auth_config.oidc_providers"
	// or a legacy top-level key; empty when there were none.
	ProvidersKey string `json:"providers_key"`
	// Providers are the providers the SSO client accepts, in published order.
	Providers []*ServerProvider `json:"providers"`
	// Dropped are the published providers the SSO client rejects.
	Dropped  []DroppedProvider   `json:"dropped"`
	Findings []inspector.Finding `json:"findings"`
}

// ServerProvider is an accepted provider converted to the conf model's
// Provider. Only what discovery publishes is set; the server-side settings
// (Unpublished) keep their zero values and are unknown, not empty: a
// prediction from an import alone must say so.
type ServerProvider struct {
	*conf.Provider
	// Published is the provider's JSON object as the server sent it (numbers
	// as json.Number).
	Published map[string]any `json:"published"`
	// RedirectURI is the 4.4 format's top-level redirect_uri; the client
	// moves it into params but then builds its own.
	RedirectURI string `json:"redirect_uri,omitempty"`
	// Unpublished lists the per-provider settings discovery does not publish.
	Unpublished []string `json:"unpublished"`
}

// DroppedProvider is a published provider the SSO client rejects.
type DroppedProvider struct {
	ID string `json:"id"`
	// Missing are the missing keys: top-level ones (name, params ...) or
	// params keys prefixed "params." (params.scope).
	Missing []string `json:"missing"`
	// Reason is the client's log line, or why the client cannot read it.
	Reason string `json:"reason"`
}

// UnpublishedSettings are the per-provider settings Neo4j keeps on the server:
// the discovery document never carries them.
var UnpublishedSettings = []string{"issuer", "audience", "jwks_uri", "user_info_uri", "claims.username", "claims.groups",
	"authorization.group_to_role_mapping", "get_groups_from_user_info", "get_username_from_user_info"}

// Keys the SSO client requires (neo4j-client-sso settings.js), in its order.
var (
	discoveryRequiredKeys       = []string{"id", "name", "auth_flow", "params", "auth_endpoint"}
	discoveryRequiredParamsKeys = []string{"client_id", "response_type", "scope"}
	discoveryLegacyKeys         = []string{"sso_providers", "ssoproviders", "ssoProviders"}
)

// FetchServerDiscovery asks a running Neo4j for its discovery document and
// parses it. baseURL is the HTTP connector's address (http://host:7474 or
// host:7474). The body is capped at MaxDiscoveryBody; when ctx has no
// deadline, 15 seconds apply. A nil client means a plain http.Client.
func FetchServerDiscovery(ctx context.Context, client *http.Client, baseURL string) (*ServerDiscovery, error) {
	u, err := discoveryURL(baseURL)
	if err != nil {
		return nil, err
	}
	ctx, client, cancel := requestDefaults(ctx, client, defaultDiscoveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("neo4j discovery %s: %w", discovery.RedactURL(u), discovery.WithoutURL(err))
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("neo4j discovery %s: %w%s", discovery.RedactURL(u), discovery.WithoutURL(err), fetchHint(err))
	}
	defer resp.Body.Close()
	if resp.Request != nil && resp.Request.URL != nil {
		u = resp.Request.URL.String() // after redirects
	}
	if resp.ContentLength > MaxDiscoveryBody {
		return nil, fmt.Errorf("neo4j discovery %s: %w: %d bytes announced, at most %d read: is this the root of Neo4j's HTTP connector?", discovery.RedactURL(u), ErrDiscoveryTooLarge, resp.ContentLength, MaxDiscoveryBody)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxDiscoveryBody+1))
	if err != nil {
		return nil, fmt.Errorf("neo4j discovery %s: reading the response: %w", discovery.RedactURL(u), err)
	}
	if len(body) > MaxDiscoveryBody {
		return nil, fmt.Errorf("neo4j discovery %s: %w: more than %d bytes: is this the root of Neo4j's HTTP connector?", discovery.RedactURL(u), ErrDiscoveryTooLarge, MaxDiscoveryBody)
	}
	html := isHTML(resp.Header.Get("Content-Type"), body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("neo4j discovery %s: %w %s%s", discovery.RedactURL(u), ErrDiscoveryStatus, resp.Status, statusHint(resp.StatusCode, html, body))
	}
	if html {
		return nil, fmt.Errorf("neo4j discovery %s: %w (Content-Type %q): Neo4j answers JSON at its HTTP root when asked with Accept: application/json; is a proxy, a login page or a web server in front of it? Use the address of Neo4j's HTTP connector (port 7474 by default), not the /browser/ page", discovery.RedactURL(u), ErrDiscoveryHTML, resp.Header.Get("Content-Type"))
	}
	return ParseServerDiscovery(body, discovery.RedactURL(u))
}

// discoveryURL turns what a user types into the discovery URL.
func discoveryURL(base string) (string, error) {
	s := strings.TrimSpace(base)
	if s == "" {
		return "", errors.New("neo4j discovery: no server address: give the HTTP address, e.g. http://localhost:7474")
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("neo4j discovery %q: %w: give the HTTP address, e.g. http://localhost:7474", discovery.RedactURL(base), discovery.WithoutURL(err))
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc":
		return "", fmt.Errorf("neo4j discovery %q: a %s:// address is Bolt; discovery is on the HTTP connector: try http://%s:7474 (or https://%s:7473)", discovery.RedactURL(base), u.Scheme, u.Hostname(), u.Hostname())
	default:
		return "", fmt.Errorf("neo4j discovery %q: unsupported scheme %q: give http://host:7474 or https://host:7473", discovery.RedactURL(base), u.Scheme)
	}
	if u.Host == "" {
		return "", fmt.Errorf("neo4j discovery %q: no host: give the HTTP address, e.g. http://localhost:7474", discovery.RedactURL(base))
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), nil
}

func fetchHint(err error) string {
	var dns *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return ": nothing listens there; is Neo4j running, and is its HTTP connector enabled (server.http.enabled) on that port (7474 by default)?"
	case errors.Is(err, context.DeadlineExceeded):
		return ": no answer in time; is a firewall dropping the port, or is the address wrong?"
	case errors.As(err, &dns):
		return ": the host name does not resolve; check the address"
	case strings.Contains(err.Error(), "malformed HTTP") || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return ": the port does not speak the expected protocol; is it the Bolt port (7687) rather than HTTP (7474), or http:// vs https://?"
	case strings.Contains(err.Error(), "certificate"):
		return ": the server's TLS certificate is not trusted; add its CA or use the http:// connector"
	case errors.Is(err, io.EOF):
		return ": the connection closed without an answer; is this the Bolt port (7687) rather than HTTP (7474)?"
	}
	return ""
}

func statusHint(code int, html bool, body []byte) string {
	var hint string
	switch {
	case code == http.StatusNotFound:
		hint = ": no discovery document at this path; use the root of Neo4j's HTTP connector (http://host:7474/), not a sub-path such as /browser or /db"
	case code == http.StatusUnauthorized || code == http.StatusForbidden || code == http.StatusProxyAuthRequired:
		hint = ": Neo4j serves discovery without authentication, so a proxy or gateway in front of it refuses the request"
	case code >= 500:
		hint = ": the server failed; check Neo4j's debug.log or the proxy in front of it"
	}
	if !html && len(body) > 0 {
		hint += fmt.Sprintf(" (body: %s)", conf.ClipText(strings.TrimSpace(string(body)), 200))
	}
	return hint
}

func isHTML(contentType string, body []byte) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		return true
	}
	return bytes.HasPrefix(bytes.TrimSpace(body), []byte("<"))
}

// ParseServerDiscovery reads a discovery document. source names it in errors
// and evidence (the URL or file). It fails only when the body is not a
// Neo4j discovery document; everything else is a finding.
func ParseServerDiscovery(body []byte, source string) (*ServerDiscovery, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if bytes.HasPrefix(trimmed, []byte("<")) {
		return nil, fmt.Errorf("neo4j discovery %s: %w: use the address of Neo4j's HTTP connector (port 7474 by default), not the /browser/ page or a proxy's login page", source, ErrDiscoveryHTML)
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("neo4j discovery %s: %w: the response is not JSON (%v): is this Neo4j's HTTP port (7474)?", source, ErrNotNeo4j, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("neo4j discovery %s: %w: text after the JSON document", source, ErrNotNeo4j)
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("neo4j discovery %s: %w: the JSON is a %s, not an object: is this Neo4j's HTTP port (7474)?", source, ErrNotNeo4j, jsonKind(v))
	}
	if !hasAnyKey(doc, append([]string{"neo4j_version", "neo4j_edition", "bolt_routing", "bolt_direct", "bolt", "auth_config"}, discoveryLegacyKeys...)...) {
		return nil, fmt.Errorf("neo4j discovery %s: %w: none of neo4j_version, bolt_routing, auth_config is in the JSON (keys: %s): is this Neo4j's HTTP port (7474)?", source, ErrNotNeo4j, conf.ClipText(strings.Join(sortedKeys(doc), ", "), 200))
	}
	d := &ServerDiscovery{URL: source, Providers: []*ServerProvider{}, Dropped: []DroppedProvider{}, Findings: []inspector.Finding{}}
	d.Version, _ = doc["neo4j_version"].(string)
	d.Edition, _ = doc["neo4j_edition"].(string)
	d.Neo4jVersion = releaseLine(d.Version)
	d.providers(doc)
	return d, nil
}

var releaseLinePattern = lazyre.New(`^v?(\d+)(?:\.(\d+))?`)

// releaseLine reads "5.26.0", "2026.03.0" or "4.4.0-dev" as a Version; zero
// when it cannot.
func releaseLine(s string) conf.Version {
	m := releaseLinePattern().FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return conf.Version{}
	}
	t := m[1]
	if m[2] != "" {
		t += "." + m[2]
	}
	v, err := conf.ParseVersion(t)
	if err != nil {
		// Releases before 4.4 are outside ParseVersion's lines but still
		// tell that SSO is missing.
		major, _ := strconv.Atoi(m[1])
		minor, _ := strconv.Atoi(m[2])
		if major >= 1 && (major < 4 || major == 4 && minor < 4) {
			return conf.Version{Major: major, Minor: minor}
		}
		return conf.Version{}
	}
	return v
}

func (d *ServerDiscovery) add(f inspector.Finding) { d.Findings = append(d.Findings, f) }

func (d *ServerDiscovery) providers(doc map[string]any) {
	ev := d.URL
	if d.Version != "" || d.Edition != "" {
		ev = fmt.Sprintf("%s: neo4j_version %q, neo4j_edition %q", d.URL, d.Version, d.Edition)
	}
	// The client reads auth_config.oidc_providers when auth_config is present
	// at all, and the legacy keys only otherwise (discovery.js).
	var field any
	authConfig, isDiscoveryAPI := doc["auth_config"]
	if isDiscoveryAPI {
		d.ProvidersKey = "auth_config.oidc_providers"
		if ac, ok := authConfig.(map[string]any); ok {
			field = ac["oidc_providers"]
		}
	} else {
		for _, k := range discoveryLegacyKeys {
			if ssoclient.JSTruthy(doc[k]) {
				d.ProvidersKey, field = k, doc[k]
				d.add(FindDiscoveryLegacyKey.Newf("", fmt.Sprintf("%s: %s", d.URL, k),
					"The providers are listed under the legacy top-level key %s (the format of a ?discoveryURL= document), not auth_config.oidc_providers as a Neo4j server publishes them.", k))
				break
			}
		}
	}
	if !isDiscoveryAPI && field == nil {
		switch {
		case strings.EqualFold(d.Edition, "community"):
			d.add(FindDiscoveryCommunity.Newf("Use Neo4j Enterprise Edition (or Aura) for SSO; Community Edition supports native users only.", ev,
				"%s is Neo4j %s Community Edition: OIDC single sign-on is an Enterprise feature, and the discovery response has no auth_config, so the Browser shows no SSO button.", d.URL, d.Version))
		case d.Neo4jVersion.Major != 0 && !d.Neo4jVersion.AtLeast(4, 4):
			d.add(FindDiscoveryNoAuthConfig.Newf("Upgrade to Neo4j 4.4 or later (Enterprise) for SSO.", ev,
				"Neo4j %s publishes no auth_config: SSO arrived in 4.4.", d.Version))
		default:
			d.add(FindDiscoveryNoAuthConfig.Newf("Check that the server is Neo4j Enterprise 4.4+ and that the address is Neo4j itself, not a proxy rewriting the response.", ev,
				"The discovery response has no auth_config, so the server publishes no SSO provider (the client logs \"No SSO providers found on endpoint: %s\").", d.URL))
		}
		return
	}
	if !ssoclient.JSTruthy(field) {
		d.add(FindDiscoveryNoProviders.Newf(
			"List oidc-<provider> in dbms.security.authentication_providers and configure its dbms.security.oidc.<provider>.* settings.", ev,
			"The server publishes no OIDC provider (the client logs \"No SSO providers found on endpoint: %s\"): no provider is configured and enabled for authentication, so the Browser shows no SSO button.", d.URL))
		return
	}
	list, ok := field.([]any)
	if !ok {
		d.add(FindDiscoveryNotList.Newf("Publish the providers as a JSON list.", fmt.Sprintf("%s: %s is a %s", d.URL, d.ProvidersKey, jsonKind(field)),
			"%s is a %s, not a list: the SSO client fails on it (\"Discovered SSO providers should be a list\") and finds no provider.", d.ProvidersKey, jsonKind(field)))
		return
	}
	if len(list) == 0 {
		d.add(FindDiscoveryNoProviders.Newf(
			"List oidc-<provider> in dbms.security.authentication_providers and configure its dbms.security.oidc.<provider>.* settings.", ev,
			"%s is empty (the client logs \"List of discovered SSO providers was empty\"): no OIDC provider is enabled for authentication, so the Browser shows no SSO button.", d.ProvidersKey))
		return
	}
	for i, raw := range list {
		item := raw
		if isDiscoveryAPI {
			item = transformDiscovered(raw)
		}
		d.provider(i, raw, item)
	}
	if len(d.Providers) > 0 {
		names := make([]string, len(d.Providers))
		for i, p := range d.Providers {
			names[i] = p.Name
		}
		d.add(FindDiscoveryServerUnknown.Newf(
			"Load the server's neo4j.conf (or its NEO4J_ environment) too, to predict the login and the roles.",
			fmt.Sprintf("%s: providers %s", d.URL, strings.Join(names, ", ")),
			"Discovery publishes what the Browser needs (endpoints, params, config) but not %s: a prediction from this import alone cannot check the issuer, the audience, the username and groups claims or the roles.",
			strings.Join(UnpublishedSettings, ", ")))
	}
}

// transformDiscovered is neo4j-client-sso's transform() for the discovery
// API: params becomes {...params, redirect_uri: <top-level redirect_uri>}
// (4.4 published it at the top level), a falsy redirect_uri is deleted, and
// params with no keys are deleted. Spreading a string or a list gives index
// keys; spreading other non-objects gives none.
func transformDiscovered(item any) any {
	p, ok := item.(map[string]any)
	if !ok {
		if item == nil {
			return map[string]any{} // Object spread of null gives {}
		}
		return item
	}
	out := make(map[string]any, len(p))
	for k, v := range p {
		out[k] = v
	}
	params := map[string]any{}
	switch pv := p["params"].(type) {
	case map[string]any:
		for k, v := range pv {
			params[k] = v
		}
	case string:
		for i, r := range []rune(pv) {
			params[fmt.Sprint(i)] = string(r)
		}
	case []any:
		for i, v := range pv {
			params[fmt.Sprint(i)] = v
		}
	}
	params["redirect_uri"] = p["redirect_uri"]
	if !ssoclient.JSTruthy(params["redirect_uri"]) {
		delete(params, "redirect_uri")
	}
	delete(out, "redirect_uri")
	if len(params) == 0 {
		delete(out, "params")
	} else {
		out["params"] = params
	}
	return out
}

// provider checks one published provider as getValidSSOProviders does and
// converts an accepted one. raw is the element as published; item is what
// the client checks (after transform for the discovery API).
func (d *ServerDiscovery) provider(i int, raw, item any) {
	p, ok := item.(map[string]any)
	if !ok {
		// provider.hasOwnProperty throws on null; on other values it is false.
		reason := fmt.Sprintf("element %d of %s is a %s, not an object: the SSO client cannot read it", i, d.ProvidersKey, jsonKind(item))
		if item == nil {
			reason += " (it throws on null, which fails the whole discovery)"
		}
		d.drop(DroppedProvider{ID: "undefined", Missing: append([]string(nil), discoveryRequiredKeys...), Reason: reason}, "")
		return
	}
	published, _ := raw.(map[string]any)
	id := jsString(p["id"], hasKey(p, "id"))
	ev := fmt.Sprintf("%s: %s[%d] %s", d.URL, d.ProvidersKey, i, conf.ClipText(compactJSON(raw), 300))
	var missing []string
	for _, k := range discoveryRequiredKeys {
		if !hasKey(p, k) {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		d.drop(DroppedProvider{ID: id, Missing: missing,
			Reason: fmt.Sprintf(`Dropping invalid discovered sso provider with id: "%s", missing key(s) %s `, id, strings.Join(missing, ", "))}, ev)
		return
	}
	params, isObj := p["params"].(map[string]any)
	if p["params"] == nil {
		d.drop(DroppedProvider{ID: id, Missing: prefixAll("params.", discoveryRequiredParamsKeys),
			Reason: "params is null: the SSO client throws on it (provider.params.hasOwnProperty), which fails the whole discovery"}, ev)
		return
	}
	var missingParams []string
	for _, k := range discoveryRequiredParamsKeys {
		if !isObj || !hasKey(params, k) {
			missingParams = append(missingParams, k)
		}
	}
	if len(missingParams) > 0 {
		d.drop(DroppedProvider{ID: id, Missing: prefixAll("params.", missingParams),
			Reason: fmt.Sprintf(`Dropping invalid discovered SSO provider with id: "%s", missing params key(s) %s`, id, strings.Join(missingParams, ", "))}, ev)
		return
	}

	prov := &conf.Provider{Name: id, EnabledFor: []string{"authentication"}, Settings: map[string]*conf.Setting{}, Visible: true}
	sp := &ServerProvider{Provider: prov, Published: published, Unpublished: append([]string(nil), UnpublishedSettings...)}
	if d.ProvidersKey == "auth_config.oidc_providers" && ssoclient.JSTruthy(published["redirect_uri"]) {
		sp.RedirectURI = jsString(published["redirect_uri"], true)
	}
	prov.DisplayName = jsString(p["name"], true)
	flow := jsString(p["auth_flow"], true)
	prov.AuthFlow = strings.ToUpper(flow)
	prov.AuthEndpoint = stringOrJSON(p["auth_endpoint"])
	prov.TokenEndpoint = stringOrJSON(p["token_endpoint"])
	prov.WellKnownDiscoveryURI = stringOrJSON(p["well_known_discovery_uri"])
	prov.Params = stringMap(params, true)
	delete(prov.Params, "redirect_uri") // the client overrides it with its own
	prov.AuthParams = stringMap(asObject(p["auth_params"]), true)
	prov.TokenParams = stringMap(asObject(p["token_params"]), true)
	// Config values are read with || and ?. in the client: null means unset.
	prov.Config = stringMap(asObject(p["config"]), false)
	if v, ok := p["visible"]; ok {
		// Object.assign({visible: true}, provider): a published value wins,
		// and the Browser filters on its truthiness.
		prov.Visible = ssoclient.JSTruthy(v)
	}
	d.Providers = append(d.Providers, sp)

	if flow != "pkce" && flow != "implicit" {
		d.add(FindDiscoveryAuthFlow.Newf(
			fmt.Sprintf("Set dbms.security.oidc.%s.auth_flow=pkce.", id), ev,
			"Provider %q publishes auth_flow %s; the SSO client compares it with \"pkce\" and \"implicit\" exactly, so login fails with \"Auth flow \\\"%s\\\" is not supported.\"",
			id, compactJSON(p["auth_flow"]), flow))
	}
	if !prov.Visible {
		d.add(FindDiscoveryHidden.Newf("Remove visible=false if users should see the button.", ev,
			"Provider %q is published with visible=%s: the Browser lists no button for it (it stays usable through ?sso_redirect=%s).", id, compactJSON(p["visible"]), id))
	}
	if sp.RedirectURI != "" {
		d.add(FindDiscoveryRedirectURI.Newf("Register the Browser's own redirect URI at the identity provider: <browser URL>?idp_id="+id+"&auth_flow_step=redirect_uri.", ev,
			"Provider %q publishes redirect_uri %q (4.4 format); the client replaces it with one it builds from the Browser's address, so the identity provider must accept that one instead.", id, sp.RedirectURI))
	}
	for _, m := range []struct {
		name string
		vals map[string]string
	}{{"token_params", prov.TokenParams}, {"auth_params", prov.AuthParams}} {
		if _, ok := m.vals["client_secret"]; ok {
			d.add(FindDiscoverySecretPublished.Newf("Prefer a public client (PKCE without a secret) where the identity provider allows it.", fmt.Sprintf("%s: %s.%s.client_secret", d.URL, id, m.name),
				"Provider %q publishes a client_secret in %s: anyone who can reach the server reads it, so it adds no security (the Neo4j docs say as much); it is not a confidential client.", id, m.name))
		}
	}
	if cfg := asObject(p["config"]); cfg != nil {
		for _, k := range sortedKeys(cfg) {
			s, isStr := cfg[k].(string)
			if !isStr || k != "implicit_flow_requires_nonce" {
				continue
			}
			sends := "sends a nonce"
			if !ssoclient.JSTruthy(s) {
				sends = "sends no nonce"
			}
			d.add(FindDiscoveryConfigString.Newf(
				"Nothing to change if this is the intended behaviour; whether Neo4j publishes config booleans as JSON booleans or strings is not documented.", ev,
				"Provider %q publishes config %s as the string %q; the client tests it for truthiness (if (config.implicit_flow_requires_nonce)), so it %s.", id, k, s, sends))
		}
	}
}

func (d *ServerDiscovery) drop(dp DroppedProvider, ev string) {
	d.Dropped = append(d.Dropped, dp)
	fix := "Set the provider's display_name and params (client_id, response_type, scope) in neo4j.conf; the other keys come from auth_flow and the endpoints."
	d.add(FindDiscoveryDropped.Newf(fix, ev,
		"The Browser's SSO client drops provider %q: %s. Users get no button for it.", dp.ID, strings.TrimSpace(dp.Reason)))
}

// Model turns the import into a configuration model for the login
// simulation. Only the published providers are known; each is taken as an
// authentication provider (the server publishes the providers users log in
// with, an inference). Authorization providers, require_local_user, ABAC
// providers and every UnpublishedSettings entry are unknown and left empty;
// the model's findings (the import's) say so.
func (d *ServerDiscovery) Model() *conf.Model {
	v := d.Neo4jVersion
	if v.Major == 0 {
		v = conf.Latest
	}
	m := &conf.Model{Version: v, Strict: !v.Is44(), AuthEnabled: true, FromServer: true,
		AuthenticationProviders: []string{}, AuthorizationProviders: []string{}, ABACProviders: []string{},
		Globals: map[string]*conf.Setting{}, Providers: []*conf.Provider{}, Findings: append([]inspector.Finding{}, d.Findings...)}
	for _, p := range d.Providers {
		m.Providers = append(m.Providers, p.Provider)
		m.AuthenticationProviders = append(m.AuthenticationProviders, "oidc-"+p.Name)
	}
	return m
}

// jsString is a JSON value in a JavaScript template literal; present is
// false for a missing key (undefined).
func jsString(v any, present bool) string {
	if !present {
		return "undefined"
	}
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case bool, json.Number, float64:
		return fmt.Sprint(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil {
				parts[i] = jsString(e, true)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

// stringOrJSON is a string value as is, other values as compact JSON, and
// "" for null or missing.
func stringOrJSON(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	return compactJSON(v)
}

// stringMap stringifies a JSON object's values (non-strings as compact JSON);
// keepNull keeps null values as "null" (what URLSearchParams sends), else
// they are dropped.
func stringMap(o map[string]any, keepNull bool) map[string]string {
	if o == nil {
		return nil
	}
	out := make(map[string]string, len(o))
	for k, v := range o {
		if v == nil {
			if keepNull {
				out[k] = "null"
			}
			continue
		}
		out[k] = stringOrJSON(v)
	}
	return out
}

func asObject(v any) map[string]any {
	o, _ := v.(map[string]any)
	return o
}

func hasKey(o map[string]any, k string) bool {
	_, ok := o[k]
	return ok
}

func hasAnyKey(o map[string]any, keys ...string) bool {
	for _, k := range keys {
		if hasKey(o, k) {
			return true
		}
	}
	return false
}

func sortedKeys(o map[string]any) []string {
	out := make([]string, 0, len(o))
	for k := range o {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func prefixAll(prefix string, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = prefix + s
	}
	return out
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number, float64:
		return "number"
	case []any:
		return "list"
	}
	return "object"
}

// requestDefaults gives a request to Neo4j a plain client when none is
// given, and a deadline when ctx has none.
func requestDefaults(ctx context.Context, client *http.Client, timeout time.Duration) (context.Context, *http.Client, context.CancelFunc) {
	if client == nil {
		client = &http.Client{}
	}
	if _, ok := ctx.Deadline(); ok {
		return ctx, client, func() {}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, client, cancel
}
