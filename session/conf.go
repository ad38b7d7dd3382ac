package session

import (
	"io"

	"github.com/ssolens/ssolens/neo4j"
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
	v := neo4j.Latest
	if o.Version != "" {
		var err error
		if v, err = neo4j.ParseVersion(o.Version); err != nil {
			return nil, err
		}
	}
	c, err := neo4j.ReadConf(r, name, neo4j.ReadOptions{Env: o.Env, UTF8: o.UTF8})
	if err != nil {
		return nil, err
	}
	return &Conf{Model: neo4j.Analyze(c, v, neo4j.LintOptions{CustomRoles: o.CustomRoles}), File: name}, nil
}

// ServerConf is a running Neo4j's providers, imported from its discovery
// endpoint, as an investigation's configuration.
func ServerConf(sd *neo4j.ServerDiscovery, url string) *Conf {
	return &Conf{Model: sd.Model(), File: url, Findings: sd.Findings}
}
