package conf

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
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

// ReadOptions say how to read a configuration: Env forces the environment
// form (else it is told by the name), UTF8 reads a neo4j.conf as UTF-8
// instead of Java's ISO-8859-1.
type ReadOptions struct {
	Env, UTF8 bool
}

// ReadConf reads a neo4j.conf or its environment form, whichever the name
// (or Env) says it is, or a docker run command with --env options (a
// script, or a command pasted), whatever its name.
func ReadConf(r io.Reader, name string, o ReadOptions) (*Conf, error) {
	if o.Env || IsEnvForm(name) {
		return ParseEnv(r, name)
	}
	data, err := readLimited(r, name)
	if err != nil {
		return nil, err
	}
	if _, _, ok := dockerRun(strings.ReplaceAll(string(data), "\r\n", "\n")); ok {
		return ParseEnv(bytes.NewReader(data), name)
	}
	r = bytes.NewReader(data)
	var opts []Option
	if o.UTF8 {
		opts = append(opts, WithCharset(UTF8))
	}
	return ParseConf(r, name, opts...)
}
