package conf

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"github.com/ssolens/ssolens/inspector"
)

// IsEnvForm tells Neo4j's environment forms (a docker-compose file, an
// .env file) from a neo4j.conf by the file's name.
func IsEnvForm(name string) bool {
	base := strings.ToLower(filepath.Base(name))
	switch filepath.Ext(base) {
	case ".env", ".yml", ".yaml":
		return true
	}
	return base == ".env" || strings.HasPrefix(base, ".env.")
}

// ReadingFindings are the findings of a configuration that say its
// settings were not read (an env file of neo4j.conf lines, a docker run
// command docker refuses): whatever uses the configuration, not lint
// alone, must say so, or a prediction from no settings reads as one from
// the file.
func ReadingFindings(m *Model) []inspector.Finding {
	var out []inspector.Finding
	for _, f := range m.Findings {
		if f.Code == FindEnvConfLines.Code || f.Code == FindDockerRunRefused.Code {
			out = append(out, f)
		}
	}
	return out
}

// ReadOptions say how to read a configuration: Env forces the environment
// form (else it is told by the name), UTF8 reads a neo4j.conf as UTF-8
// instead of Java's ISO-8859-1.
type ReadOptions struct {
	Env, UTF8 bool
}

// ReadConf reads a neo4j.conf or its environment form, whichever the name
// (or Env) says it is; a docker run command, a compose file or a Helm
// values.yaml is told by its text too (a script, or standard input).
func ReadConf(r io.Reader, name string, o ReadOptions) (*Conf, error) {
	if o.Env || IsEnvForm(name) {
		return ParseEnv(r, name)
	}
	data, err := readLimited(r, name)
	if err != nil {
		return nil, err
	}
	if deploymentForm(strings.ReplaceAll(string(data), "\r\n", "\n")) {
		return ParseEnv(bytes.NewReader(data), name)
	}
	r = bytes.NewReader(data)
	var opts []Option
	if o.UTF8 {
		opts = append(opts, WithCharset(UTF8))
	}
	return ParseConf(r, name, opts...)
}

// deploymentForm reports whether text is a deployment's form that no
// neo4j.conf takes: a docker run command, a compose file's environment:
// block or a Helm chart's config: block (Properties would read their
// lines as settings named "docker", "environment:" or "config:").
func deploymentForm(text string) bool {
	if _, ok := dockerRun(text); ok {
		return true
	}
	if !strings.Contains(text, "config:") && !strings.Contains(text, "environment:") {
		return false // a neo4j.conf, as a rule: no line to match
	}
	lines := strings.Split(text, "\n")
	if _, _, ok := helmConfig(lines); ok {
		return true
	}
	for _, l := range lines {
		if composeEnvironment().MatchString(l) {
			return true
		}
	}
	return false
}
