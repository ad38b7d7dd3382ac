package profiles

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
	"github.com/ssolens/ssolens/pkce"
)

// neo4jHTTPPort is the default port of Neo4j's HTTP connector, where Neo4j
// Browser's redirect URI usually points.
const neo4jHTTPPort = 7474

// FromConf makes one unsaved profile per provider of a neo4j.conf read from
// path (conf.Analyze's model). Each signs in as Neo4j Browser does for that
// provider: its params (client_id, scope), its discovery URI or issuer, and
// the redirect /browser/?idp_id=<provider>&auth_flow_step=redirect_uri.
func FromConf(path string, model *conf.Model) []Profile {
	var out []Profile
	for _, p := range model.Providers {
		prof := fromProvider(p, filepath.Base(path))
		prof.Kind = KindNeo4jConf
		prof.Neo4j = &Neo4jSource{ConfPath: path, Provider: p.Name, Version: model.Version.String()}
		// Neo4j Browser's redirect is usually on localhost:7474; a free 7474
		// gives the very URI the provider has registered, else any port.
		prof.RedirectHost, prof.Ports = pkce.HostLocalhost, []int{neo4jHTTPPort, 0}
		prof.Notes = append(prof.Notes, neo4jRedirectNote(prof))
		out = append(out, prof)
	}
	return out
}

// FromServer makes one unsaved profile per provider a running Neo4j
// publishes (server.FetchServerDiscovery at url). Providers the Browser
// drops are left out: sd.Dropped says why.
func FromServer(serverURL string, sd *server.ServerDiscovery) []Profile {
	host, port := pkce.HostLocalhost, []int(nil)
	where := serverURL
	if u, err := url.Parse(serverURL); err == nil && u.Host != "" {
		where = u.Host
		// A local Neo4j's own origin, when the port is free, gives the URI
		// registered for its Browser.
		if h := u.Hostname(); h == "localhost" || net.ParseIP(h).IsLoopback() {
			host = u.Hostname()
			if ip := net.ParseIP(h); ip != nil && ip.To4() == nil {
				host = pkce.HostIPv6
			}
			p, _ := strconv.Atoi(u.Port())
			if p == 0 {
				p = neo4jHTTPPort
			}
			port = []int{p, 0}
		}
	}
	var out []Profile
	for _, sp := range sd.Providers {
		prof := fromProvider(sp.Provider, where)
		prof.Kind = KindNeo4jServer
		prof.Neo4j = &Neo4jSource{ServerURL: serverURL, Provider: sp.Name, Version: sd.Version}
		prof.RedirectHost, prof.Ports = host, port
		prof.Notes = append(prof.Notes,
			neo4jRedirectNote(prof),
			"Imported from the server's discovery: its audience, claims and group mapping are not published, so a prediction says they are unknown. Import its neo4j.conf for the whole picture.")
		out = append(out, prof)
	}
	return out
}

// fromProvider takes what a profile shows of a Neo4j provider.
func fromProvider(p *conf.Provider, where string) Profile {
	name := p.DisplayName
	if name == "" {
		name = p.Name
	}
	issuer := p.WellKnownDiscoveryURI
	if issuer == "" {
		issuer = p.Issuer
	}
	clientID := p.Params["client_id"]
	if clientID == "" {
		clientID = p.ClientID
	}
	scope := p.Params["scope"]
	if s, ok := p.AuthParams["scope"]; ok {
		scope = s // auth_params override params in the Browser
	}
	audience := p.AuthParams["audience"]
	if audience == "" {
		audience = p.Params["audience"]
	}
	prof := Profile{
		Name: name + " (" + where + ")", Issuer: issuer, ClientID: clientID,
		Scopes: strings.Fields(scope), Audience: audience,
		ExpectAudience: p.Audience, Flow: strings.ToLower(p.AuthFlow),
		RedirectPath: neo4jBrowserPath,
	}
	if prof.Flow == "" {
		prof.Flow = pkce.FlowPKCE
	}
	if tp, ta := p.Config["token_type_principal"], p.Config["token_type_authentication"]; tp != "" || ta != "" {
		prof.Notes = append(prof.Notes, fmt.Sprintf("Neo4j Browser decodes the %s for the user name and hands the %s to Neo4j, which validates it.",
			orDefault(tp, "access_token"), orDefault(ta, "access_token")))
	}
	return prof
}

func neo4jRedirectNote(p Profile) string {
	return "Signs in as Neo4j Browser does for provider " + p.Neo4j.Provider + ", with the redirect URI " +
		strings.Join(p.RedirectURIs(), " or ") +
		": a provider that matches redirect URIs exactly (Okta, Auth0) needs the one actually used registered too."
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// ErrNotNeo4j is returned by LoadNeo4j for a profile not imported from
// Neo4j.
var ErrNotNeo4j = errors.New("the profile was not imported from Neo4j")

// Neo4jSetup is a Neo4j-imported profile's provider read again from its
// source: the model for predictions (predict.SimulateLogin, session.SignIn)
// and the provider for Neo4j-Browser-mode sign-ins.
type Neo4jSetup struct {
	Model    *conf.Model
	Provider string
	// Server is the published provider, for a server import: its config
	// values keep their JSON types, as the Browser reads them.
	Server *server.ServerProvider
}

// LoadNeo4j reads the profile's neo4j.conf again, or asks its Neo4j server,
// so that a sign-in uses the provider as it is now. hc makes the discovery
// request; nil means a plain client.
func (p Profile) LoadNeo4j(ctx context.Context, hc *http.Client) (*Neo4jSetup, error) {
	src := p.Neo4j
	if src == nil {
		return nil, fmt.Errorf("profile %q: %w", p.Name, ErrNotNeo4j)
	}
	v := conf.Latest
	if src.Version != "" {
		if pv, err := conf.ParseVersion(src.Version); err == nil {
			v = pv
		}
	}
	switch {
	case src.ConfPath != "":
		data, err := os.ReadFile(src.ConfPath)
		if err != nil {
			return nil, fmt.Errorf("profile %q: reading %s: %w; import the configuration again if it moved", p.Name, src.ConfPath, err)
		}
		c, err := conf.ReadConf(bytes.NewReader(data), src.ConfPath, conf.ReadOptions{})
		if err != nil {
			return nil, fmt.Errorf("profile %q: %w", p.Name, err)
		}
		m := conf.Analyze(c, v, conf.LintOptions{})
		if m.Provider(src.Provider) == nil {
			return nil, fmt.Errorf("profile %q: %s no longer defines provider %q (dbms.security.oidc.%s.*): import it again", p.Name, src.ConfPath, src.Provider, src.Provider)
		}
		return &Neo4jSetup{Model: m, Provider: src.Provider}, nil
	case src.ServerURL != "":
		sd, err := server.FetchServerDiscovery(ctx, hc, src.ServerURL)
		if err != nil {
			return nil, fmt.Errorf("profile %q: %w", p.Name, err)
		}
		for _, sp := range sd.Providers {
			if sp.Name == src.Provider {
				return &Neo4jSetup{Model: sd.Model(), Provider: src.Provider, Server: sp}, nil
			}
		}
		for _, dp := range sd.Dropped {
			if dp.ID == src.Provider {
				return nil, fmt.Errorf("profile %q: %s publishes provider %q, but Neo4j Browser drops it: %s", p.Name, src.ServerURL, src.Provider, strings.TrimSpace(dp.Reason))
			}
		}
		return nil, fmt.Errorf("profile %q: %s no longer publishes provider %q: import it again", p.Name, src.ServerURL, src.Provider)
	}
	return nil, fmt.Errorf("profile %q: its Neo4j source names neither a neo4j.conf nor a server: import it again", p.Name)
}

// Neo4jProvider is the provider as Neo4j Browser receives it.
func (s *Neo4jSetup) Neo4jProvider() *ssoclient.Provider {
	if s.Server != nil {
		return ssoclient.FromServer(s.Server.Provider, s.Server.Published)
	}
	return ssoclient.FromConf(s.Model.Provider(s.Provider))
}

// Config is the pkce.Config of a Neo4j-Browser-mode sign-in: the provider's
// own params, endpoints and token params, not the profile's snapshot. Use
// it with the profile's LoopbackConfig.
func (s *Neo4jSetup) Config() pkce.Config {
	return pkce.Config{Mode: s.Neo4jProvider()}
}
