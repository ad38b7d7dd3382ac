package conf

import (
	"fmt"
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/secretmask"
	"github.com/ssolens/ssolens/internal/textdist"
)

// LintOptions tune the lint.
type LintOptions struct {
	// CustomRoles are roles created with CREATE ROLE; mapping to them is not
	// warned.
	CustomRoles []string
}

// Lint reports every problem of a configuration for a Neo4j version: the
// errors that stop Neo4j from starting, in Neo4j's own words, and the
// set-ups that start but misbehave.
func Lint(c *Conf, v Version) []inspector.Finding {
	return Analyze(c, v, LintOptions{}).Findings
}

// LintWith is Lint with options.
func LintWith(c *Conf, v Version, o LintOptions) []inspector.Finding {
	return Analyze(c, v, o).Findings
}

// WouldStart reports whether Neo4j would start with a configuration whose
// findings these are: no finding is an error.
func WouldStart(findings []inspector.Finding) bool {
	return !inspector.HasError(findings)
}

// inferredErrors are the error codes that rest on an inference, not on
// Neo4j's public code: group_to_role_mapping's parser is closed source,
// modelled on the LDAP realm's (§3.3).
var inferredErrors = map[string]bool{FindMappingInvalid.Code: true}

// StartHeadline says in words whether Neo4j would start with a
// configuration whose findings these are: "Neo4j would start", "Neo4j
// would NOT start", or "Neo4j likely would NOT start" when every error
// rests on an inference (§0: the tool then says "likely").
func StartHeadline(findings []inspector.Finding) string {
	if WouldStart(findings) {
		return "Neo4j would start"
	}
	for _, f := range findings {
		if f.Severity == inspector.SeverityError && !inferredErrors[f.Code] {
			return "Neo4j would NOT start"
		}
	}
	return "Neo4j likely would NOT start"
}

type analyzer struct {
	m  *Model
	c  *Conf
	v  Version
	o  LintOptions
	fs []inspector.Finding
	// cap bounds the findings of one code (MaxFindingsPerCode).
	cap FindingCap
	// lastIdx is the index of the entry Neo4j keeps for each key.
	lastIdx   map[string]int
	providers map[string]*Provider
	// underscored names the providers whose variables had an underscore
	// written once (underscoreNotDoubled).
	underscored map[string]bool
	// providerNames are the providers named anywhere (providerNamed).
	providerNames map[string]bool
}

// Analyze parses every SSO setting of a configuration with its own value
// parser and lints the result.
func Analyze(c *Conf, v Version, o LintOptions) *Model {
	m := &Model{Version: v, Conf: c, AuthEnabled: true,
		AuthenticationProviders: []string{"native"}, AuthorizationProviders: []string{"native"},
		ABACProviders: []string{}, Globals: map[string]*Setting{}, Providers: []*Provider{}, CustomRoles: o.CustomRoles}
	a := &analyzer{m: m, c: c, v: v, o: o, lastIdx: map[string]int{}, providers: map[string]*Provider{}}
	for i, e := range c.Entries {
		a.lastIdx[e.Key] = i
	}
	a.fs = append(a.fs, c.Findings...)
	a.strictValidation()
	a.duplicates()
	for i := range c.Entries {
		a.entry(i)
	}
	a.crossChecks()
	m.Findings = a.cap.Summarise(a.fs)
	if m.Findings == nil {
		m.Findings = []inspector.Finding{}
	}
	return m
}

func (a *analyzer) add(f inspector.Finding) { a.fs = a.cap.Add(a.fs, masked(f)) }

// quotedValue is a map value as a message quotes it: masked when its key
// names a secret (client_secret), where no name=value form shows it.
func quotedValue(key, v string) string {
	if secretmask.Name(key) {
		// The spaces around it are what the message is about.
		return fmt.Sprintf("%q", strings.Repeat(" ", len(v)-len(strings.TrimLeft(v, " \t")))+secretmask.Redacted+strings.Repeat(" ", len(v)-len(strings.TrimRight(v, " \t"))))
	}
	return fmt.Sprintf("%q", v)
}

// masked is a finding with any secret its texts quote (a client_secret in
// token_params) masked: the one rule of secretmask, for every conf finding.
func masked(f inspector.Finding) inspector.Finding {
	f.Message, f.Fix, f.Evidence = secretmask.Assignments(f.Message), secretmask.Assignments(f.Fix), secretmask.Assignments(f.Evidence)
	return f
}

func (a *analyzer) evidence(e *Entry) string {
	return fmt.Sprintf("%s line %d: %s", a.c.Name, e.Line, ClipText(secretmask.Assignments(strings.TrimSpace(e.Raw)), 200))
}

// last reports whether entry i is the declaration Neo4j keeps for its key.
func (a *analyzer) last(i int) bool {
	return a.lastIdx[a.c.Entries[i].Key] == i
}

func (a *analyzer) strictName() string {
	if a.v.Is44() {
		return StrictValidation44
	}
	return StrictValidation5
}

// strictValidation evaluates strict validation first, as Config does.
func (a *analyzer) strictValidation() {
	a.m.Strict = !a.v.Is44()
	e, ok := a.c.Get(a.strictName())
	if !ok && !a.v.Is44() {
		// Neo4j 5 likely migrates the 4.4 name (as it does other renamed
		// settings); the finding for the line says so.
		e, ok = a.c.Get(StrictValidation44)
	}
	if ok {
		if b, err := parseBool(e.Value); err == "" {
			a.m.Strict = b
		}
	}
}

func (a *analyzer) allowDuplicates() bool {
	if e, ok := a.c.Get(AllowDuplicates); ok && !a.v.Is44() {
		b, _ := parseBool(e.Value)
		return b
	}
	return false
}

// duplicates: 5.x+ with strict validation refuses a file that declares a
// setting twice; otherwise the later value wins with a warning (spec §3.0).
func (a *analyzer) duplicates() {
	byKey := map[string][]int{}
	var order []string
	for i, e := range a.c.Entries {
		if _, ok := byKey[e.Key]; !ok {
			order = append(order, e.Key)
		}
		byKey[e.Key] = append(byKey[e.Key], i)
	}
	fatal := !a.v.Is44() && a.m.Strict && !a.allowDuplicates() && a.c.Form == "neo4j.conf"
	for _, k := range order {
		idx := byKey[k]
		if len(idx) < 2 || multiDeclarable(k) {
			continue
		}
		var lines []string
		for n, i := range idx {
			if n == 10 {
				lines = append(lines, fmt.Sprintf("… (%d in all)", len(idx)))
				break
			}
			lines = append(lines, fmt.Sprint(a.c.Entries[i].Line))
		}
		list := strings.Join(lines, ", ")
		first, last := &a.c.Entries[idx[0]], &a.c.Entries[idx[len(idx)-1]]
		ev := fmt.Sprintf("%s lines %s: %s", a.c.Name, list, ClipText(strings.TrimSpace(last.Raw), 200))
		fix := fmt.Sprintf("Keep one '%s' line (lines %s) and delete the others.", k, list)
		if fatal {
			a.add(FindDuplicateSetting.Newf(fix+" (Or set server.config.strict_validation.enabled=false, which also hides typos.)", ev,
				"Neo4j %s does not start: %s declared multiple times. (Strict validation is on; the setting is declared on lines %s.)", a.v, k, list))
			continue
		}
		why := "strict validation is off"
		if a.v.Is44() {
			why = "Neo4j 4.4 only warns"
		}
		if a.c.Form != "neo4j.conf" {
			why = "the environment form sets each variable once"
		}
		// Neo4j logs one override per later declaration; one finding says it
		// for all of them, with the value that wins.
		a.add(FindDuplicateSetting.WithSeverity(inspector.SeverityWarning,
			fmt.Sprintf("The '%s' setting is overridden. Setting value changed from '%s' to '%s'. (%s: line %d wins over line %d.)",
				k, ClipText(first.Value, 200), ClipText(last.Value, 200), why, last.Line, first.Line),
			fix, ev))
	}
}

// unrecognized is the message Neo4j gives for a key it does not declare.
func (a *analyzer) unrecognizedText(key string) string {
	if a.v.Is44() {
		return fmt.Sprintf("Unrecognized setting. No declared setting with name: %s", key)
	}
	if strings.HasPrefix(key, "apoc.") {
		return fmt.Sprintf("Setting '%s' for APOC was found in the configuration file. In Neo4j v5, APOC settings must be in their own configuration file called apoc.conf.", key)
	}
	return fmt.Sprintf("Unrecognized setting. No declared setting with name: %s.", key)
}

func (a *analyzer) strictSuffix() string {
	if a.v.Is44() {
		return ""
	}
	return " Cleanup the config or disable 'server.config.strict_validation.enabled' to continue."
}

// unrecognized reports a key Neo4j does not declare: fatal under strict
// validation, a logged warning otherwise. certain is false when SSO Lens
// cannot know every setting of that namespace.
func (a *analyzer) unrecognized(def *inspector.Def, e *Entry, extra, fix, cmd string, certain bool) {
	if a.cap.Full(def.Code) {
		a.cap.Skip(def.Code) // counted, not worded: a million unknown keys cost a count
		return
	}
	text := a.unrecognizedText(ClipText(e.Key, MaxQuotedRunes))
	var msg string
	sev := inspector.SeverityWarning
	switch {
	case a.m.Strict && certain:
		msg = "Neo4j does not start: " + text + a.strictSuffix() + extra
		sev = inspector.SeverityError
	case a.m.Strict:
		msg = fmt.Sprintf("'%s' is likely not a Neo4j setting (SSO Lens knows the security settings, not every plugin's). If it is not, Neo4j refuses to start with: %s%s%s", e.Key, text, a.strictSuffix(), extra)
	default:
		msg = fmt.Sprintf("Neo4j logs \"%s\" and ignores the line (%s is off).%s", text, a.strictName(), extra)
	}
	a.add(def.WithSeverity(sev, msg, fix, a.evidence(e)).WithCommand(cmd))
}

func (a *analyzer) entry(i int) {
	e := &a.c.Entries[i]
	key := e.Key
	if rest, ok := strings.CutPrefix(key, OIDCPrefix); ok {
		a.providerEntry(i, e, rest)
		return
	}
	if !a.last(i) {
		return
	}
	if spec, ok := globalSpecs[key]; ok {
		if !spec.declaredIn(a.v) {
			a.tooNew(e, spec)
			return
		}
		s := a.parse(e, key, spec)
		a.m.Globals[key] = s
		a.global(key, s)
		return
	}
	if key == StrictValidation44 && !a.v.Is44() {
		a.add(FindDeprecatedSetting.WithSeverity(inspector.SeverityWarning,
			fmt.Sprintf("%s is the 4.4 name of strict validation; Neo4j %s calls it server.config.strict_validation.enabled. Neo4j 5 likely migrates the old name with a deprecation warning (SSO Lens applies its value); if it does not, strict validation rejects it: %s%s", key, a.v, a.unrecognizedText(key), a.strictSuffix()),
			"Rename it to server.config.strict_validation.enabled.", a.evidence(e)))
		return
	}
	if s := suggestKey(key); s != "" {
		a.unrecognized(FindNamespaceTypo, e, fmt.Sprintf(" Did you mean '%s'?", s),
			fmt.Sprintf("Did you mean '%s'? Fix the spelling of the key.", s), "", true)
		return
	}
	switch {
	case !inNamespaces(key, a.v) || (strings.HasPrefix(key, "apoc.") && !a.v.Is44()):
		a.unrecognized(FindUnrecognized, e, unrecognizedHint(key),
			"Delete the line, or fix the key if it was meant to be a Neo4j setting.", "", true)
	case strings.HasPrefix(key, "dbms.security.") && !knownSecuritySetting(key):
		a.unrecognized(FindUnrecognized, e, "", "Check the name against the Neo4j configuration settings reference.", "", false)
	}
}

func unrecognizedHint(key string) string {
	if strings.ContainsAny(key, `"'`) || strings.HasPrefix(key, "#") {
		return " The key looks like the rest of a broken continuation line (a backslash followed by a space or a callout)."
	}
	return ""
}

func (a *analyzer) tooNew(e *Entry, spec settingSpec) {
	when := ""
	switch {
	case spec.Since.Major != 0 && !a.v.AtLeast(spec.Since.Major, spec.Since.Minor):
		when = fmt.Sprintf(" It was introduced in Neo4j %s; the selected version is %s.", spec.Since, a.v)
	case spec.Until.Major != 0:
		when = fmt.Sprintf(" It was removed in Neo4j %s.", spec.Until)
	}
	a.unrecognized(FindSettingTooNew, e, when, "Upgrade Neo4j, or delete the line; check that the selected version is the server's.",
		"ssolens lint --neo4j-version VERSION neo4j.conf", true)
}

// providerEntry handles dbms.security.oidc.<provider>.<suffix>. Neo4j only
// resolves the provider name of group settings, so unknown suffixes are
// likely ignored without an error (spec §2.1).
func (a *analyzer) providerEntry(i int, e *Entry, rest string) {
	id, suffix, _ := strings.Cut(rest, ".")
	if id == "" {
		if a.last(i) {
			text := fmt.Sprintf("Malformed group setting name: '%s', does not match any setting in its group.", e.Key)
			if a.m.Strict {
				a.add(FindMalformedGroup.Newf("Put the provider name after dbms.security.oidc.", a.evidence(e), "Neo4j does not start: %s%s", text, a.strictSuffix()))
			} else {
				a.add(FindMalformedGroup.WithSeverity(inspector.SeverityWarning, fmt.Sprintf("Neo4j logs \"%s\" and ignores the line.", text), "Put the provider name after dbms.security.oidc.", a.evidence(e)))
			}
		}
		return
	}
	if a.underscoreNotDoubled(i, e, id, suffix) {
		return
	}
	p := a.providers[id]
	if p == nil {
		p = newProvider(id, e.Line)
		a.providers[id] = p
		a.m.Providers = append(a.m.Providers, p)
	}
	if !a.last(i) {
		return
	}
	spec, ok := providerSpecs[suffix]
	switch {
	case suffix == "claims.audience" || suffix == "claims.client_id":
		real := strings.TrimPrefix(suffix, "claims.")
		a.add(FindNotASetting.Newf(fmt.Sprintf("Rename the key to dbms.security.oidc.%s.%s.", id, real), a.evidence(e),
			"'%s' is not a Neo4j setting: the documentation example is a typo for dbms.security.oidc.%s.%s. Neo4j checks only the provider name of OIDC settings, so the line is likely ignored silently and the %s is never checked.", e.Key, id, real, real))
		return
	case ok && !spec.declaredIn(a.v):
		a.add(FindUnknownProviderKey.Newf("Delete the line.", a.evidence(e),
			"'%s' does not exist in Neo4j %s (%s), so the line is likely ignored silently.", e.Key, a.v, spec.DeprecatedNote))
		return
	case !ok:
		hint, fix := "", "Check the name against the OIDC settings in the Neo4j configuration reference."
		if s := suggestSuffix(suffix); s != "" {
			hint = fmt.Sprintf(" Did you mean 'dbms.security.oidc.%s.%s'?", id, s)
			fix = fmt.Sprintf("Did you mean 'dbms.security.oidc.%s.%s'? Fix the spelling of the key.", id, s)
		}
		a.add(FindUnknownProviderKey.Newf(fix, a.evidence(e),
			"'%s' is not a setting of OIDC provider '%s'. Neo4j validates only the provider name of OIDC settings, so the line is likely ignored silently.%s", e.Key, id, hint))
		return
	}
	s := a.parse(e, e.Key, spec)
	p.Settings[suffix] = s
	p.apply(suffix, s)
	a.providerValue(p, suffix, s, spec)
}

// underscoreNotDoubled reports an env-form variable whose provider name
// has an underscore written once (NEO4J_dbms_security_oidc_my_sso_audience):
// the image turns it into a dot, so the variable sets provider 'my”s
// unknown 'sso.audience', not provider my_sso's audience (§1). It does so
// when the intended provider is listed in the providers or set by another
// line, and the rest is one of its settings; the line then makes no
// provider of its own.
func (a *analyzer) underscoreNotDoubled(i int, e *Entry, id, suffix string) bool {
	if !a.envForm() || !a.last(i) {
		return false
	}
	if _, known := providerSpecs[suffix]; known {
		return false
	}
	segs := strings.Split(suffix, ".")
	for k := 1; k < len(segs); k++ {
		name := id + "_" + strings.Join(segs[:k], "_")
		rest := strings.Join(segs[k:], ".")
		if _, ok := providerSpecs[rest]; !ok || !a.providerNamed(name) {
			continue
		}
		want := OIDCPrefix + name + "." + rest
		if a.underscored == nil {
			a.underscored = map[string]bool{}
		}
		a.underscored[name] = true
		a.add(FindEnvUnderscoreNotDoubled.Newf(
			fmt.Sprintf("Double the underscore in the provider name: %s.", SettingToEnv(want)), a.evidence(e),
			"The variable sets '%s', not '%s': in a NEO4J_ variable's name '_' stands for '.' and '__' for '_', so the underscore of provider '%s' must be written twice. Neo4j validates only the provider name of OIDC settings, so the line is likely ignored silently and provider '%s' goes without its %s.",
			ClipText(e.Key, MaxQuotedRunes), want, name, name, rest))
		return true
	}
	return false
}

// envForm reports whether the configuration came from NEO4J_ variables
// (an env file, a compose file, a docker run command).
func (a *analyzer) envForm() bool {
	switch a.c.Form {
	case "env file", "compose environment", "docker run command":
		return true
	}
	return false
}

// providerNamed reports whether a provider of that name is listed as
// oidc-<name> in the providers settings, or set by a line of its own. The
// names are gathered once, at the first question.
func (a *analyzer) providerNamed(name string) bool {
	if a.providerNames == nil {
		a.providerNames = map[string]bool{}
		for _, key := range []string{AuthenticationProvs, AuthorizationProvs} {
			if i, ok := a.lastIdx[key]; ok {
				for _, v := range strings.Split(a.c.Entries[i].Value, ",") {
					if n, ok := strings.CutPrefix(strings.TrimSpace(v), "oidc-"); ok {
						a.providerNames[n] = true
					}
				}
			}
		}
		for key := range a.lastIdx {
			if rest, ok := strings.CutPrefix(key, OIDCPrefix); ok {
				id, _, _ := strings.Cut(rest, ".")
				a.providerNames[id] = true
			}
		}
	}
	return a.providerNames[name]
}

// parse runs a setting's value parser and reports its error the way Neo4j
// prints it: "Error evaluating value for setting '<name>'. <message>".
func (a *analyzer) parse(e *Entry, name string, spec settingSpec) *Setting {
	s := &Setting{Name: name, Kind: spec.Kind, Raw: e.Value, Line: e.Line, Entry: e}
	wrap := func(msg string) string { return fmt.Sprintf("Error evaluating value for setting '%s'. %s", name, msg) }
	if isCommand(e.Value) && a.c.ExpandsCommands {
		a.add(FindCommand.WithSeverity(inspector.SeverityInfo,
			fmt.Sprintf("%s runs Neo4j with --expand-commands, so Neo4j takes the command's output as the value, which SSO Lens cannot run: the value was not checked.", a.c.Form),
			"Nothing to do; check the command's output by hand.", a.evidence(e)))
		return s
	}
	if isCommand(e.Value) {
		a.add(FindCommand.Newf("Start Neo4j with --expand-commands (and make the file readable by its owner only), or write the value itself.", a.evidence(e),
			"Neo4j does not start unless it runs with --expand-commands (SSO Lens cannot tell; the value was not checked): %s",
			wrap(fmt.Sprintf("%s is a command, but config is not explicitly told to expand it. (Missing --expand-commands argument?)", e.Value))))
		return s
	}
	switch spec.Kind {
	case KindString, KindOther:
		s.Value, s.Valid = parseString(e.Value), true
	case KindList:
		s.Value, s.Valid = parseList(e.Value), true
	case KindBool:
		b, err := parseBool(e.Value)
		if err != "" {
			a.add(FindInvalidBoolean.Newf(fmt.Sprintf("Write %s=true or %s=false.", name, name), a.evidence(e), "Neo4j does not start: %s", wrap(err)))
			return s
		}
		s.Value, s.Valid = b, true
	case KindEnum:
		v, err := parseEnum(e.Value, spec.Enum)
		if err != "" {
			a.add(FindInvalidEnum.Newf(fmt.Sprintf("Write one of %s (case does not matter).", strings.Join(spec.Enum, ", ")), a.evidence(e), "Neo4j does not start: %s", wrap(err)))
			return s
		}
		s.Value, s.Valid = v, true
	case KindURI:
		v, err := parseURI(e.Value)
		if err != "" {
			a.add(FindInvalidURI.Newf("Write the URI without spaces or quotes, percent-encoding any other special character.", a.evidence(e),
				"Neo4j does not start: %s (java.net.URI rejects it: %s; URI values are not trimmed.)", wrap(err), uriSyntaxError(e.Value)))
			return s
		}
		s.Value, s.Valid = v, true
	case KindMap:
		return a.parseMapSetting(e, s, spec, wrap)
	case KindMapping:
		m, fs := parseMapping(e.Value, e.LineAt, a.c.Name, name, a.o.CustomRoles)
		a.fs = append(a.fs, fs...)
		s.Value, s.Valid = m, true
	}
	return s
}

func (a *analyzer) parseMapSetting(e *Entry, s *Setting, spec settingSpec, wrap func(string) string) *Setting {
	accepted, required := spec.Accepted, spec.Required
	if a.v.Is44() {
		// The 4.4 docs list no key restriction for config, and no required
		// keys for params: both checks are documented from 5.x (§2.1).
		accepted, required = nil, nil
	}
	res := parseMap(e.Value, required, accepted)
	ev := a.evidence(e)
	likelyEmpty := ""
	if javaTrim(e.Value) == "" {
		likelyEmpty = " (An empty value is likely parsed, not treated as unset: MapPattern splits it into one empty element.)"
	}
	switch res.ErrKind {
	case "element":
		el := res.Elems[res.ErrElem]
		fix := "Write every element as key=value, separated by ';' with nothing in between."
		if javaTrim(el.Entry) == "" {
			fix = "Delete the empty element: ';;' or a ';' followed by spaces leaves an element without '='."
		}
		a.add(FindMapElement.Newf(fix, ev, "Neo4j does not start: %s%s", wrap(res.Err), likelyEmpty))
		return s
	case "accepted":
		el := res.Elems[res.ErrElem]
		if t := javaTrim(el.Key); t != el.Key && contains(accepted, t) {
			a.add(FindMapUntrimmedKey.Newf(fmt.Sprintf("Remove the spaces around '%s': map settings are split on ';' and '=' and never trimmed.", t), ev,
				"Neo4j does not start: %s (The key %q has spaces around it, so it is not %q.)", wrap(res.Err), el.Key, t))
		} else {
			fix := fmt.Sprintf("Use only %s in config.", strings.Join(accepted, ", "))
			if s := closest(el.Key, accepted); s != "" {
				fix = fmt.Sprintf("Did you mean %s? %s", s, fix)
			}
			a.add(FindMapUnknownKey.Newf(fix, ev, "Neo4j does not start: %s", wrap(res.Err)))
		}
		return s
	case "required":
		var untrimmed []string
		for _, el := range res.Elems {
			if t := javaTrim(el.Key); t != el.Key && contains(res.Missing, t) {
				untrimmed = append(untrimmed, fmt.Sprintf("%q", el.Key))
			}
		}
		if len(untrimmed) > 0 {
			a.add(FindMapUntrimmedKey.Newf("Remove the spaces after ';' and around '=': map settings are never trimmed.", ev,
				"Neo4j does not start: %s (The keys %s have spaces around them, so they do not count as %s.)", wrap(res.Err), strings.Join(untrimmed, ", "), strings.Join(res.Missing, ", ")))
		} else {
			a.add(FindMapMissingRequired.Newf(fmt.Sprintf("Add %s to params, e.g. params=client_id=<id>;response_type=code;scope=openid profile email.", strings.Join(res.Missing, ", ")), ev,
				"Neo4j does not start: %s (Missing: %s.)%s", wrap(res.Err), strings.Join(res.Missing, ", "), likelyEmpty))
		}
		return s
	}
	seen := map[string]bool{}
	for _, el := range res.Elems {
		if t := javaTrim(el.Key); t != el.Key {
			a.add(FindMapUntrimmedKey.WithSeverity(inspector.SeverityWarning,
				fmt.Sprintf("The key %q of %s keeps its spaces: map settings are never trimmed, so it is sent to the identity provider (or read by the client) as %q, not %q.", el.Key, e.Key, el.Key, t),
				"Remove the spaces after ';' and around '='.", ev))
		}
		switch v := el.Value; {
		case v == javaTrim(v):
		case strings.TrimRight(v, "\n") == javaTrim(v):
			// A YAML block scalar's final line break (| or >, clip or keep
			// chomping): the Neo4j chart hands it to Neo4j in the value.
			a.add(FindMapUntrimmedValue.Newf("Write the block scalar with |- (strip chomping), or the value in quotes on the key's line.", ev,
				"The value of %q in %s is %s: it ends with the line break a YAML block scalar (| or >) keeps, which the Neo4j Helm chart passes to Neo4j as part of the value; map values are not trimmed.", el.Key, e.Key, quotedValue(el.Key, v)))
		default:
			a.add(FindMapUntrimmedValue.Newf("Remove the spaces around the value.", ev,
				"The value of %q in %s is %s: map values are not trimmed, so the spaces are part of it.", el.Key, e.Key, quotedValue(el.Key, v)))
		}
		if seen[el.Key] {
			a.add(FindMapDuplicateKey.Newf(fmt.Sprintf("Keep one %s element.", el.Key), ev,
				"%s names %q twice; the later value %s wins.", e.Key, el.Key, quotedValue(el.Key, res.Map[el.Key])))
		}
		seen[el.Key] = true
	}
	if a.v.Is44() && spec.Accepted != nil {
		for _, el := range res.Elems {
			if !contains(spec.Accepted, el.Key) {
				a.add(FindMapUnknownKey.WithSeverity(inspector.SeverityWarning,
					fmt.Sprintf("config key %q is not one Neo4j 5+ accepts (%s); Neo4j 4.4 starts, but the Browser ignores it and an upgrade to 5.x will fail with \"map element with key %s is not one of the accepted elements [%s]\".", el.Key, strings.Join(spec.Accepted, ", "), el.Key, strings.Join(spec.Accepted, ", ")),
					"Remove the key or fix its spelling.", ev))
			}
		}
	}
	if a.v.Is44() {
		var missing []string
		for _, k := range spec.Required {
			if _, ok := res.Map[k]; !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			a.add(FindMapMissingRequired.WithSeverity(inspector.SeverityWarning,
				fmt.Sprintf("%s lacks %s. Neo4j 4.4 documents no required keys, so it likely starts; but Neo4j Browser and Bloom drop a provider whose params lacks client_id, response_type or scope, so no SSO button appears, and Neo4j 5.x refuses to start with it.", e.Key, strings.Join(missing, ", ")),
				fmt.Sprintf("Add %s to params, e.g. params=client_id=<id>;response_type=code;scope=openid profile email.", strings.Join(missing, ", ")), ev))
		}
	}
	s.Value, s.Valid = res.Map, true
	return s
}

func closest(s string, list []string) string {
	best, bestD := "", 4
	for _, x := range list {
		if d := textdist.Levenshtein(javaTrim(s), x); d < bestD {
			best, bestD = x, d
		}
	}
	return best
}

func (a *analyzer) global(key string, s *Setting) {
	if !s.Valid {
		return
	}
	switch key {
	case AuthenticationProvs:
		a.m.AuthenticationProviders = s.Value.([]string)
	case AuthorizationProvs:
		a.m.AuthorizationProviders = s.Value.([]string)
	case RequireLocalUser:
		a.m.RequireLocalUser = s.Value.(bool)
	case ABACProviders:
		a.m.ABACProviders = s.Value.([]string)
	case AuthEnabled:
		a.m.AuthEnabled = s.Value.(bool)
	}
}
