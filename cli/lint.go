package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/session"
)

// lintReport is the JSON contract of ssolens lint.
type lintReport struct {
	File         string              `json:"file"`
	Form         string              `json:"form"`
	Neo4jVersion string              `json:"neo4j_version"`
	WouldStart   bool                `json:"would_start"`
	Providers    []lintProvider      `json:"providers"`
	Findings     []inspector.Finding `json:"findings"`
}

type lintProvider struct {
	Name       string         `json:"name"`
	EnabledFor []string       `json:"enabled_for"`
	Settings   map[string]any `json:"settings"`
}

// lintOptions are the flags of ssolens lint.
type lintOptions struct {
	conf   confFlags
	asJSON bool
}

func newLintCmd(e *env) *cobra.Command {
	var o lintOptions
	c := leaf("lint NEO4J.CONF | -", "read a neo4j.conf (or its Docker env form) as Neo4j does; say what stops it from starting", func(c *cobra.Command) runFunc {
		fs := flagsOf(c)
		fs.StringVar(&o.conf.version, "neo4j-version", "latest", "Neo4j rules to apply: 4.4, 5.x, 5.19, 2025.x, 2026.x, 2026.06 or latest")
		fs.BoolVar(&o.conf.env, "env", false, "read a deployment's form (an env file, a compose file, a Helm values.yaml) instead of neo4j.conf; implied by .env, .yml and .yaml files, and by a text that can only be one")
		fs.BoolVar(&o.conf.utf8, "utf8", false, "read the file as UTF-8, like NEO4J_CONFIG_FILE_CHARSET=UTF-8 (Neo4j's default is ISO-8859-1)")
		fs.StringVar(&o.conf.customRoles, "custom-roles", "", "comma-separated roles created with CREATE ROLE, so mappings to them are not warned")
		fs.BoolVar(&o.asJSON, "json", false, "print the JSON contract instead of text")
		return func(args []string) int { return o.run(e, args) }
	})
	c.Long = "Reads a neo4j.conf as Neo4j does, or the settings of a deployment: an env file, a compose file's environment:,\na docker run command's --env options or a Helm values.yaml's config:. It says in Neo4j's own words what\nwould stop Neo4j from starting, and what would misbehave."
	c.Example = "  ssolens lint /etc/neo4j/neo4j.conf --neo4j-version 5.26\n  ssolens lint docker-compose.yml\n  ssolens lint run-neo4j.sh\n  ssolens lint values.yaml"
	c.Args = exactlyOneArg("a neo4j.conf file, or - for standard input")
	return c
}

// run reads a neo4j.conf (or its Docker environment form) as Neo4j does
// and reports, in Neo4j's own words, what would stop it from starting.
func (o *lintOptions) run(e *env, positional []string) int {
	model, name, err := loadModel(e, positional[0], o.conf)
	if err != nil {
		fmt.Fprintf(e.stderr, "ssolens lint: %v\n", err)
		return ExitUsage
	}
	v, c := model.Version, model.Conf
	findings := append([]inspector.Finding{}, model.Findings...)
	inspector.SortFindings(findings)
	rep := lintReport{File: name, Form: c.Form, Neo4jVersion: v.String(), WouldStart: conf.WouldStart(findings),
		Providers: []lintProvider{}, Findings: findings}
	for _, p := range model.Providers {
		rep.Providers = append(rep.Providers, lintProvider{Name: p.Name, EnabledFor: p.EnabledFor, Settings: p.SettingValues()})
	}
	if o.asJSON {
		if err := writeJSON(e.stdout, rep); err != nil {
			fmt.Fprintf(e.stderr, "ssolens: writing JSON: %v\n", err)
			return ExitUsage
		}
	} else {
		renderLint(e.stdout, rep, model)
	}
	if !rep.WouldStart {
		return ExitFindings
	}
	return ExitOK
}

// confFlags say how to read a configuration.
type confFlags struct {
	version     string
	env         bool
	utf8        bool
	customRoles string
}

// loadModel reads a neo4j.conf (or its Docker environment form) and
// analyses it under the chosen Neo4j version's rules.
func loadModel(e *env, path string, cf confFlags) (*conf.Model, string, error) {
	c, err := loadConf(e, path, cf)
	if err != nil {
		return nil, "", err
	}
	return c.Model, c.File, nil
}

// loadConf reads the configuration a --conf flag names.
func loadConf(e *env, path string, cf confFlags) (*session.Conf, error) {
	r, name, closeFn, err := openLintInput(e, path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	var custom []string
	for _, r := range strings.Split(cf.customRoles, ",") {
		if r = strings.TrimSpace(r); r != "" {
			custom = append(custom, r)
		}
	}
	return session.LoadConf(r, name, session.ConfOptions{Version: cf.version, Env: cf.env, UTF8: cf.utf8, CustomRoles: custom})
}

func openLintInput(e *env, path string) (io.Reader, string, func(), error) {
	if path == "-" {
		return e.stdin, "standard input", func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", nil, fmt.Errorf("cannot read %q: %w; check the path", path, errors.Unwrap(err))
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, "", nil, fmt.Errorf("%q is a directory; give the neo4j.conf file inside it", path)
	}
	return f, path, func() { f.Close() }, nil
}

func renderLint(w io.Writer, rep lintReport, m *conf.Model) {
	printf(w, "Lint: %s (%s, %d settings) · Neo4j %s rules\n", rep.File, rep.Form, len(m.Conf.Entries), rep.Neo4jVersion)
	fmt.Fprintln(w, conf.StartHeadline(m.Findings)+".")
	printf(w, "  authentication providers  %s\n", strings.Join(m.AuthenticationProviders, ", "))
	printf(w, "  authorization providers   %s\n", strings.Join(m.AuthorizationProviders, ", "))
	strict := "off"
	if m.Strict {
		strict = "on"
	}
	printf(w, "  strict validation         %s\n", strict)
	for _, p := range m.Providers {
		enabled := "not enabled"
		if len(p.EnabledFor) > 0 {
			enabled = strings.Join(p.EnabledFor, ", ")
		}
		printf(w, "  provider %-16s %s (line %d, %d settings)\n", p.Name, enabled, p.Line, len(p.Settings))
	}
	renderFindings(w, "", rep.Findings)
}
