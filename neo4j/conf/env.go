package conf

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ssolens/ssolens/internal/lazyre"
	"github.com/ssolens/ssolens/internal/secretmask"
)

// imageVariables are NEO4J_ variables the Docker image consumes itself; they
// never become neo4j.conf settings.
var imageVariables = map[string]bool{
	"NEO4J_AUTH": true, "NEO4J_AUTH_PATH": true, "NEO4J_PLUGINS": true, "NEO4J_ACCEPT_LICENSE_AGREEMENT": true,
	"NEO4J_EDITION": true, "NEO4J_HOME": true, "NEO4J_DEBUG": true, "NEO4J_CONF": true,
	"NEO4J_SHUTDOWN_TIMEOUT": true, "NEO4J_CONFIG_FILE_CHARSET": true,
}

// EnvToSetting turns a Docker environment variable name into the setting it
// configures: drop NEO4J_, '_' becomes '.', then '..' (from '__') becomes
// '_' — the image's entrypoint does exactly these sed replacements (spec §1).
// ok is false for variables that are not settings.
func EnvToSetting(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, "NEO4J_")
	if !ok || rest == "" || imageVariables[name] {
		return "", false
	}
	return strings.ReplaceAll(strings.ReplaceAll(rest, "_", "."), "..", "_"), true
}

// SettingToEnv is the reverse: the variable that sets a setting in Docker.
func SettingToEnv(setting string) string {
	return "NEO4J_" + strings.ReplaceAll(strings.ReplaceAll(setting, "_", "__"), ".", "_")
}

var composeEnvironment = lazyre.New(`^(\s*)environment:\s*(#.*)?$`)

// ParseEnv reads the Docker form of a configuration: an env file
// (NEO4J_dbms_security_oidc_okta_display__name=Okta) or a compose file's
// environment: blocks, as a list (- NEO4J_x=y) or a map (NEO4J_x: y). It is
// a line reader for these two shapes, not a YAML parser. Each variable
// becomes the neo4j.conf line the image writes, so values then follow
// Properties escapes like the file form.
func ParseEnv(r io.Reader, name string) (*Conf, error) {
	data, err := readLimited(r, name)
	if err != nil {
		return nil, err
	}
	c := &Conf{Name: name, Form: "env file", Charset: UTF8}
	lines := strings.Split(strings.ReplaceAll(string(bytes.ToValidUTF8(data, []byte("\uFFFD"))), "\r\n", "\n"), "\n")
	c.Lines = len(lines)
	bom := "\uFEFF"
	hadBOM := strings.HasPrefix(lines[0], bom)
	// docker run --env-file skips it, and so do Compose's env_file (since
	// compose-go's fix of September 2022), its YAML reader and a shell.
	lines[0] = strings.TrimPrefix(lines[0], bom)
	compose := false
	for _, l := range lines {
		if composeEnvironment().MatchString(l) {
			compose = true
			break
		}
	}
	// A compose file or a Helm values.yaml first: either may quote a
	// docker run command in a value, which is not the file's own.
	if !compose {
		if start, end, ok := helmConfig(lines); ok {
			readHelmConfig(c, lines, start, end)
			c.Findings = c.cap.Summarise(c.Findings)
			return c, nil
		}
		text := strings.Join(lines, "\n")
		if run, ok := dockerRun(text); ok {
			readDockerRun(c, run)
			c.Findings = c.cap.Summarise(c.Findings)
			return c, nil
		}
	}
	if hadBOM {
		if first := strings.TrimSpace(lines[0]); !compose && first != "" && !strings.HasPrefix(first, "#") {
			c.add(FindEnvBOM.Newf("Nothing to do for Docker today; for an older Compose, save the file as UTF-8 without a byte order mark (BOM).",
				fmt.Sprintf("%s line 1: EF BB BF", name),
				"%s starts with a byte order mark (BOM). docker run --env-file and today's Docker Compose skip it; Compose v2 releases before September 2022 read it as part of the first variable's name, which they then do not set.", name))
		}
	}
	if !compose {
		var confLines confFormLines
		for i, l := range lines {
			t := strings.TrimSpace(l)
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			confLines.read(t, i+1)
			// The value as written, spaces after it too (docker run keeps
			// them); the name without "export" (Compose takes it).
			k, v, ok := strings.Cut(strings.TrimLeft(l, " \t"), "=")
			k = strings.TrimPrefix(strings.TrimSpace(k), "export ")
			if !ok || strings.TrimSpace(k) == "" {
				c.add(FindEnvMalformed.Newf("Write NAME=value.", fmt.Sprintf("%s line %d: %s", name, i+1, ClipText(l, 160)),
					"Line %d is not NAME=value, so it sets nothing.", i+1))
				continue
			}
			k = strings.TrimSpace(k)
			r := readEnvValue(v)
			setting, _ := EnvToSetting(k)
			dockerRunReading(c, setting, l, r, i+1)
			addEnv(c, k, r.intended, i+1, l)
		}
		confLines.report(c)
		c.Findings = c.cap.Summarise(c.Findings)
		return c, nil
	}
	c.Form = "compose environment"
	for _, b := range composeBlocks(lines) {
		for i := b.start; i < b.end; i++ {
			l := lines[i]
			t := strings.TrimSpace(l)
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			var k, v string
			var ok bool
			if item, isItem := strings.CutPrefix(t, "- "); isItem || t == "-" {
				k, v, ok = strings.Cut(yamlScalar(item), "=")
			} else {
				k, v, ok = cutYAMLKey(t)
				v = yamlScalar(v)
			}
			if !ok || strings.TrimSpace(k) == "" {
				c.add(FindEnvMalformed.Newf("Write - NAME=value or NAME: value.", fmt.Sprintf("%s line %d: %s", name, i+1, ClipText(l, 160)),
					"Line %d of an environment: block is neither - NAME=value nor NAME: value, so it sets nothing.", i+1))
				continue
			}
			addEnv(c, strings.TrimSpace(k), interpolate(v), i+1, l)
		}
	}
	c.Findings = c.cap.Summarise(c.Findings)
	return c, nil
}

// confFormLines counts the lines of an env file that are neo4j.conf
// settings (dbms.security.authentication_providers=…), which the image
// never reads: it writes settings from NEO4J_ variables only.
type confFormLines struct {
	n, first int
	key      string
}

// read counts line (trimmed) when it is a setting in neo4j.conf form: a
// key of dotted lower-case words with a value, or with ':' as Properties
// takes it.
func (f *confFormLines) read(line string, n int) {
	i := strings.IndexAny(line, "=:")
	if i < 0 {
		return
	}
	key := strings.TrimSpace(line[:i])
	if !strings.Contains(key, ".") || strings.HasPrefix(key, "NEO4J_") || !confFormKey().MatchString(key) {
		return
	}
	if f.n == 0 {
		f.first, f.key = n, key
	}
	f.n++
}

var confFormKey = lazyre.New(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// report says what the lines counted set: nothing, and why.
func (f *confFormLines) report(c *Conf) {
	if f.n == 0 {
		return
	}
	what := fmt.Sprintf("%d lines in neo4j.conf form", f.n)
	if f.n == 1 {
		what = "a line in neo4j.conf form"
	}
	none := ""
	if len(c.Entries) == 0 {
		none = fmt.Sprintf("%s holds no NEO4J_ variable, so SSO Lens read no setting from it: ", c.Name)
	}
	c.add(FindEnvConfLines.Newf(
		fmt.Sprintf("If the file is a neo4j.conf, read it as one. For Docker, write each setting as the variable the image reads: %s=….", SettingToEnv(f.key)),
		fmt.Sprintf("%s line %d: %s", c.Name, f.first, ClipText(f.key, MaxQuotedRunes)),
		"%s%s (first %s, line %d) set nothing in the Docker form: the image writes a neo4j.conf setting only from a NEO4J_ variable ('.' written '_', '_' written '__'), and ignores the others.",
		none, what, ClipText(f.key, MaxQuotedRunes), f.first))
}

// envBlock is the line range [start, end) of one environment: block.
type envBlock struct {
	start, end int
	service    string
	image      string
}

var (
	yamlKey     = lazyre.New(`^(\s*)([A-Za-z0-9_.-]+):\s*(.*)$`)
	neo4jImage  = lazyre.New(`^["']?([^/"']*/)*neo4j(:[^"']*)?["']?$`)
	composeVars = lazyre.New(`\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-([^}]*))?\}`)
)

// composeBlocks finds the environment: blocks of a compose file, keeping only
// the services that run the neo4j image when there is one (other services,
// such as config tools, have NEO4J_ variables of their own).
func composeBlocks(lines []string) []envBlock {
	var blocks []envBlock
	images := map[string]string{}
	serviceIndent, service := -1, ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if m := yamlKey().FindStringSubmatch(l); m != nil {
			indent := len(m[1])
			switch {
			case indent == 0:
				serviceIndent, service = -1, ""
				if m[2] == "services" {
					serviceIndent = -2 // the next deeper key is a service
				}
			case serviceIndent == -2 || indent == serviceIndent:
				serviceIndent, service = indent, m[2]
			case m[2] == "image" && service != "":
				images[service] = strings.TrimSpace(stripYAMLComment(m[3]))
			}
		}
		m := composeEnvironment().FindStringSubmatch(l)
		if m == nil {
			continue
		}
		indent := len(m[1])
		b := envBlock{start: i + 1, service: service}
		for i+1 < len(lines) {
			n := lines[i+1]
			t := strings.TrimSpace(n)
			if t != "" && !strings.HasPrefix(t, "#") && indentOf(n) <= indent {
				break
			}
			i++
		}
		b.end = i + 1
		blocks = append(blocks, b)
	}
	var neo []envBlock
	for _, b := range blocks {
		b.image = images[b.service]
		if neo4jImage().MatchString(b.image) {
			neo = append(neo, b)
		}
	}
	if len(neo) > 0 {
		return neo
	}
	return blocks
}

// interpolate applies compose's ${VAR:-default} substitution as far as the
// file tells: the default when there is one, else the variable's name.
func interpolate(v string) string {
	return composeVars().ReplaceAllStringFunc(v, func(s string) string {
		m := composeVars().FindStringSubmatch(s)
		if m[2] != "" {
			return m[3]
		}
		return m[1]
	})
}

func addEnv(c *Conf, name, value string, line int, raw string) {
	key, ok := EnvToSetting(name)
	if !ok {
		if imageVariables[name] {
			c.add(FindEnvNotASetting.Newf("Nothing to do; it is read by the image, not by Neo4j's configuration.",
				fmt.Sprintf("%s line %d: %s", c.Name, line, name),
				"%s is read by the Docker image itself and does not become a neo4j.conf setting.", name))
		}
		return
	}
	if value == "" {
		// The image's entrypoint: "Don't allow settings with no value".
		c.add(FindEnvEmpty.Newf("Delete the variable, or give it a value.", fmt.Sprintf("%s line %d: %s", c.Name, line, ClipText(name, MaxQuotedRunes)),
			"%s is empty, and the image writes no setting for an empty variable: %s keeps its value from neo4j.conf, or its default.", ClipText(name, MaxQuotedRunes), key))
		return
	}
	addSetting(c, key, "The image writes "+ClipText(name, MaxQuotedRunes), value, line, raw)
}

// addSetting adds the setting key as Neo4j reads value from the neo4j.conf
// line key=value that a deployment writes (writes says who writes what:
// "The image writes NEO4J_…"): Properties drops the leading spaces and
// reads the escapes.
func addSetting(c *Conf, key, writes, value string, line int, raw string) {
	var bad badEscapes
	v, _ := loadConvert([]rune(strings.TrimLeft(value, " \t\f")), 0, nil, nil, &bad)
	for i, b := range bad.first {
		c.add(FindConfBadUnicodeEscape.Newf(
			`Write \u followed by exactly four hex digits, or double the backslash.`,
			fmt.Sprintf("%s line %d: %s", c.Name, line, ClipText(raw, 160)),
			"Malformed \\uxxxx encoding. %s into neo4j.conf, where Properties.load throws this for %q, so Neo4j does not start.%s", writes, b, bad.moreNote(i)))
	}
	c.Entries = append(c.Entries, Entry{Key: key, Value: v, Line: line, EndLine: line, Raw: strings.TrimSpace(raw)})
}

// envReadings is an env file line's value (what follows the first '=') as
// the two readers of env files read it, and as SSO Lens reads it:
//   - docker run --env-file passes it as it stands (the image's neo4j.conf
//     line then drops its leading spaces);
//   - Docker Compose's env_file (compose-go's dotenv) takes a quoted value
//     up to its closing quote and drops what follows it; an unquoted one
//     without a " #" comment or the spaces around it;
//   - SSO Lens takes what the writer evidently meant: Compose's reading,
//     unless text follows a closing quote ("/admins"=admin;"/readers"=…,
//     where the quotes belong to the value), then the value as it stands.
type envReadings struct {
	docker, compose, intended string
	quoted                    bool // the value starts with a quote
}

func readEnvValue(v string) envReadings {
	r := envReadings{docker: strings.TrimLeft(v, " \t\f")}
	v = strings.TrimLeft(v, " \t")
	r.intended = strings.TrimSpace(v)
	if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
		r.quoted = true
		r.compose = v // unterminated: dotenv refuses the file; as written
		for i := 1; i < len(v); i++ {
			if v[i] == '\\' {
				i++ // dotenv skips an escaped quote of either kind
				continue
			}
			if v[i] == v[0] {
				r.compose = v[1:i]
				if rest := strings.TrimSpace(v[i+1:]); rest == "" || rest[0] == '#' {
					r.intended = r.compose
				}
				break
			}
		}
		return r
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	r.compose = strings.TrimRight(v, " \t")
	r.intended = r.compose
	return r
}

// dockerRunReading adds a warning where docker run --env-file and Docker
// Compose's env_file read line (the env file's text, number n) otherwise:
// for setting, whose value has the readings r ("" when the name is not a
// setting: only the name is checked then). docker run takes no "export":
// a name with a space stops the container's start.
func dockerRunReading(c *Conf, setting, line string, r envReadings, n int) {
	l := strings.TrimLeft(line, " \t\v\f")
	name, _, _ := strings.Cut(l, "=")
	evidence := fmt.Sprintf("%s line %d: %s", c.Name, n, ClipText(secretmask.Assignments(strings.TrimSpace(line)), 160))
	if name = strings.TrimLeft(name, " \t"); strings.ContainsAny(name, " \t") {
		c.add(FindEnvReadersDiffer.Newf("Write NAME=value, with no space in the name (and no export): both read that alike.", evidence,
			"Line %d: docker run --env-file refuses the whole file (\"variable '%s' contains whitespaces\"), so the container does not start; Docker Compose's env_file reads the line.",
			n, ClipText(name, MaxQuotedRunes)))
		return
	}
	if setting == "" {
		return
	}
	var why []string
	switch t := strings.TrimRight(r.docker, " \t"); {
	case r.docker == r.intended:
	case r.quoted && r.intended == r.compose:
		why = append(why, "docker run keeps the quotes")
	case t == r.intended:
		why = append(why, "docker run keeps the spaces after it")
	case r.intended == r.compose:
		why = append(why, "docker run keeps the comment after it")
	}
	if r.compose != r.intended {
		why = append(why, "Compose reads the quoted part only and drops what follows the closing quote")
	}
	if strings.Contains(r.compose, "$") && !(r.quoted && strings.HasPrefix(strings.TrimLeft(r.docker, " \t"), "'")) {
		why = append(why, "Compose replaces $VAR and ${VAR} with a variable of its own environment, where docker run passes them as written")
	}
	if len(why) == 0 {
		return
	}
	fix := "Write the value bare, with nothing after it (NAME=value): both read that alike."
	if r.compose != r.intended {
		fix = "Start the value with a backslash (NAME=\\\"group\"=role…): both pass it whole, and Neo4j reads \\\" as \"."
	}
	if secretmask.Name(setting) {
		c.add(FindEnvReadersDiffer.Newf(fix, evidence,
			"Line %d: %s, so Neo4j gets another %s from each (its value is a secret and is not shown).",
			n, strings.Join(why, "; "), setting))
		return
	}
	c.add(FindEnvReadersDiffer.Newf(fix, evidence,
		"Line %d: %s. For %s, Neo4j gets %s with docker run --env-file and %s with Docker Compose's env_file; SSO Lens reads %s.",
		n, strings.Join(why, "; "), setting, ClipText(quotedValue(setting, r.docker), MaxQuotedRunes), ClipText(quotedValue(setting, r.compose), MaxQuotedRunes), ClipText(quotedValue(setting, r.intended), MaxQuotedRunes)))
}

// yamlScalar is a YAML scalar's value as a YAML reader gives it: a quoted
// one up to its closing quote, whatever follows it; a plain one without a
// comment (# after a space) or the spaces around it.
func yamlScalar(v string) string {
	v = strings.TrimSpace(v)
	if len(v) == 0 || (v[0] != '"' && v[0] != '\'') {
		return stripYAMLComment(v)
	}
	for i := 1; i < len(v); i++ {
		switch {
		case v[0] == '"' && v[i] == '\\':
			i++
		case v[0] == '\'' && v[i] == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++ // '' is a quote inside single quotes
		case v[i] == v[0]:
			return unquoteYAML(v[:i+1])
		}
	}
	return v // unterminated: as written
}

// unquoteYAML removes YAML quotes from a scalar: ” is a quote in single
// quotes, \" and \\ are escapes in double quotes.
func unquoteYAML(v string) string {
	if len(v) < 2 || v[len(v)-1] != v[0] {
		return v
	}
	switch v[0] {
	case '\'':
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
	case '"':
		// YAML's escapes are Go's (\n, \t, \uXXXX…) and a few more (\e, \N,
		// \_): Go's reader takes the string when it can.
		if u, err := strconv.Unquote(v); err == nil {
			return u
		}
		return strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(v[1 : len(v)-1])
	}
	return v
}

// stripYAMLComment cuts a comment (# after a space or a tab) off a plain
// (unquoted) scalar, and the spaces around it.
func stripYAMLComment(v string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, `"`) || strings.HasPrefix(v, `'`) {
		return v
	}
	for i := 1; i < len(v); i++ {
		if v[i] == '#' && (v[i-1] == ' ' || v[i-1] == '\t') {
			return strings.TrimSpace(v[:i])
		}
	}
	return v
}
