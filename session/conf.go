package session

import (
	"io"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/server"
)

// ConfOptions say how to read a configuration: the Neo4j version whose
// rules apply ("" is the latest), the environment form (else told by the
// name), UTF-8 instead of ISO-8859-1, and the roles made with CREATE ROLE.
type ConfOptions struct {
	Version     string
	Env, UTF8   bool
	CustomRoles []string
}

// LoadConf reads a neo4j.conf (or its Docker environment form) and
// analyses it as the chosen Neo4j version would: the model and its lint.
func LoadConf(r io.Reader, name string, o ConfOptions) (*Conf, error) {
	v := conf.Latest
	if o.Version != "" {
		var err error
		if v, err = conf.ParseVersion(o.Version); err != nil {
			return nil, err
		}
	}
	c, err := conf.ReadConf(r, name, conf.ReadOptions{Env: o.Env, UTF8: o.UTF8})
	if err != nil {
		return nil, err
	}
	m := conf.Analyze(c, v, conf.LintOptions{CustomRoles: o.CustomRoles})
	return &Conf{Model: m, File: name, Findings: conf.ReadingFindings(m)}, nil
}

// ServerConf is a running Neo4j's providers, imported from its discovery
// endpoint, as an investigation's configuration.
func ServerConf(sd *server.ServerDiscovery, url string) *Conf {
	return &Conf{Model: sd.Model(), File: discovery.RedactURL(url), Findings: sd.Findings}
}
