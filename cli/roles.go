package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j"
)

// runRoles predicts what Neo4j makes of a token set: the username, the
// groups, the roles group_to_role_mapping grants, or the exact reason the
// login fails.
func runRoles(e *env, args []string) int {
	fs := newFlagSet(e, "roles", "(--conf NEO4J.CONF | --neo4j URL) [--provider P] (--tokens FILE | --id-token T --access-token T) [--userinfo FILE] [--rules FILE] [--neo4j-version V] [--json]")
	var cf confFlags
	confPath := fs.String("conf", "", "neo4j.conf (or its Docker env form) to predict with")
	fs.StringVar(&cf.version, "neo4j-version", "latest", "Neo4j rules to apply: 4.4, 5.x, 5.19, 2025.x, 2026.x or latest")
	fs.BoolVar(&cf.env, "env", false, "the conf is in Docker environment form")
	fs.StringVar(&cf.customRoles, "custom-roles", "", "comma-separated roles created with CREATE ROLE")
	provider := fs.String("provider", "", "provider name (dbms.security.oidc.<name>); default: the only one enabled")
	tokensFile := fs.String("tokens", "", "token response, tokens or anything inspect reads, from `FILE` (- for standard input)")
	idToken := fs.String("id-token", "", "the ID token (or @FILE)")
	accessToken := fs.String("access-token", "", "the access token (or @FILE)")
	userinfo := fs.String("userinfo", "", "UserInfo response `FILE` (JSON), for get_*_from_user_info")
	nativeRoles := fs.String("native-roles", "", "`FILE` of native users' roles, JSON {\"user\": [\"role\", …]}")
	rules := fs.String("rules", "", "`FILE` of ABAC auth rules (CREATE AUTH RULE … / GRANT ROLE … TO AUTH RULE …), Neo4j 2026.03+")
	server := fs.String("neo4j", "", "running Neo4j `URL` (http://host:7474) to import the providers from, instead of --conf")
	localUsers := fs.String("local-users", "", "`FILE` of local users for require_local_user, JSON {\"<auth ID>\": \"<user name>\"}")
	offline := fs.Bool("offline", false, "never use the network: the signature is then not checked")
	ca := fs.String("ca", "", "extra CA certificate `FILE` (PEM) to trust")
	proxy := fs.String("proxy", "", "HTTP(S) proxy `URL`")
	var out outputFlags
	out.register(fs)
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "ssolens roles: "+format+"\n", a...)
		return ExitUsage
	}
	if len(positional) > 0 {
		return fail("unexpected argument %q; give tokens with --tokens FILE or --id-token/--access-token", positional[0])
	}
	var model *neo4j.Model
	var importFindings []inspector.Finding
	switch {
	case *confPath != "" && *server != "":
		return fail("give --conf or --neo4j, not both")
	case *confPath != "":
		if model, _, err = loadModel(e, *confPath, cf); err != nil {
			return fail("%v", err)
		}
	case *server != "":
		client, err := discovery.NewHTTPClient(discovery.Config{CAFile: *ca, Proxy: *proxy})
		if err != nil {
			return fail("%v", err)
		}
		sd, err := neo4j.FetchServerDiscovery(context.Background(), client, *server)
		if err != nil {
			return fail("%v", err)
		}
		model, importFindings = sd.Model(), sd.Findings
	default:
		return fail("--conf FILE or --neo4j URL is required: the configuration whose provider Neo4j would use")
	}
	tokens, err := readTokenSet(e, *tokensFile, *idToken, *accessToken)
	if err != nil {
		return fail("%v", err)
	}
	in := neo4j.LoginInput{Model: model, Provider: *provider, Tokens: tokens}
	if err := readJSONFile(*userinfo, &in.UserInfo); err != nil {
		return fail("%v", err)
	}
	if err := readJSONFile(*nativeRoles, &in.NativeRoles); err != nil {
		return fail("%v", err)
	}
	if err := readJSONFile(*localUsers, &in.LocalUsers); err != nil {
		return fail("%v", err)
	}
	if *rules != "" {
		f, err := os.Open(*rules)
		if err != nil {
			return fail("cannot read %q: %v; check the path", *rules, err)
		}
		rs, rf, err := neo4j.ParseAuthRules(f, *rules)
		f.Close()
		if err != nil {
			return fail("%v", err)
		}
		in.Rules = rs
		importFindings = append(importFindings, rf...)
	}
	in.Verify = inspector.VerifyConfig{Options: out.options(e), Offline: *offline}
	if !*offline {
		client, err := discovery.NewHTTPClient(discovery.Config{CAFile: *ca, Proxy: *proxy})
		if err != nil {
			return fail("%v", err)
		}
		in.Verify.HTTPClient = client
	}
	pred := neo4j.SimulateLogin(context.Background(), in)
	pred.Findings = append(pred.Findings, importFindings...)
	inspector.SortFindings(pred.Findings)
	if out.json {
		if err := writeJSON(e.stdout, pred); err != nil {
			return fail("writing JSON: %v", err)
		}
	} else {
		renderPrediction(e.stdout, pred)
	}
	if pred.Outcome != neo4j.OutcomeLogIn {
		return ExitFindings
	}
	return ExitOK
}

// readTokenSet takes the tokens from a file anything inspect reads (a
// token response, a HAR, a log) or from the two flags.
func readTokenSet(e *env, file, id, access string) (neo4j.TokenSet, error) {
	var ts neo4j.TokenSet
	if file != "" {
		input, _, err := readInput(e, []string{fileArg(file)})
		if err != nil {
			return ts, err
		}
		rep := inspector.Inspect(input, inspector.Options{})
		for _, t := range rep.Tokens {
			switch {
			case t.Role == inspector.RoleIDToken && ts.IDToken == "":
				ts.IDToken = t.Raw
			case t.Role == inspector.RoleRefreshToken && ts.RefreshToken == "":
				ts.RefreshToken = t.Raw
			case (t.Role == inspector.RoleAccessToken || t.Role == inspector.RoleUnknown) && ts.AccessToken == "":
				ts.AccessToken = t.Raw
			}
		}
	}
	for _, f := range []struct {
		value string
		into  *string
	}{{id, &ts.IDToken}, {access, &ts.AccessToken}} {
		if f.value == "" {
			continue
		}
		input, _, err := readInput(e, []string{f.value})
		if err != nil {
			return ts, err
		}
		*f.into = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(input)), "Bearer "))
	}
	if ts.IDToken == "" && ts.AccessToken == "" {
		return ts, fmt.Errorf("no token given: use --tokens FILE (a token response), or --id-token and --access-token")
	}
	return ts, nil
}

// fileArg turns a --tokens value into readInput's form: - or @FILE.
func fileArg(v string) string {
	if v == "-" || strings.HasPrefix(v, "@") {
		return v
	}
	return "@" + v
}

func readJSONFile(path string, into any) error {
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cannot read %q: %w; check the path", path, err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		return fmt.Errorf("%q is not the JSON expected here: %v", path, err)
	}
	return nil
}

var outcomeHeadline = map[string]string{
	neo4j.OutcomeLogIn:       "WOULD LOG IN",
	neo4j.OutcomeRejected:    "REJECTED by Neo4j",
	neo4j.OutcomeClientError: "FAILS in the SSO client, before Neo4j",
}

var stepMark = map[string]string{
	neo4j.StepPassed: "✔", neo4j.StepFailed: "✖", neo4j.StepNotChecked: "?", neo4j.StepSkipped: "–",
}

func renderPrediction(w io.Writer, p *neo4j.Prediction) {
	printf(w, "Provider %s · Neo4j %s rules · client decodes the %s, Neo4j validates the %s\n",
		orDash(p.Provider), p.Neo4jVersion, orDash(p.PrincipalToken), orDash(p.AuthenticationToken))
	headline := outcomeHeadline[p.Outcome]
	if p.Outcome == neo4j.OutcomeLogIn {
		headline += " as " + p.Username
	}
	for _, s := range p.Steps {
		if s.Status == neo4j.StepFailed {
			headline += ": " + s.Name + " (" + s.Detail + ")"
			break
		}
	}
	var unchecked []string
	for _, s := range p.Steps {
		if s.Status == neo4j.StepNotChecked {
			unchecked = append(unchecked, s.Name)
		}
	}
	if len(unchecked) > 0 {
		headline += " — if the checks not made here pass: " + strings.Join(unchecked, ", ")
	}
	printf(w, "Outcome: %s\n", headline)
	if p.Outcome == neo4j.OutcomeLogIn {
		printf(w, "  roles     %s\n", strings.Join(p.Roles, ", "))
	}
	if p.Outcome != neo4j.OutcomeLogIn && len(p.Roles) > 0 {
		printf(w, "  once fixed, the roles would be %s\n", strings.Join(p.Roles, ", "))
	}
	if len(p.Groups) > 0 {
		printf(w, "  groups    %s\n", strings.Join(p.Groups, ", "))
	}
	for _, g := range p.Grants {
		switch g.Via {
		case "mapping":
			printf(w, "  grant     %s → %s (group_to_role_mapping, line %d)\n", g.Group, strings.Join(g.Roles, ", "), g.Line)
		case "group-name":
			printf(w, "  grant     %s → %s (no mapping: the group name is the role)\n", g.Group, strings.Join(g.Roles, ", "))
		default:
			printf(w, "  grant     %s (%s)\n", strings.Join(g.Roles, ", "), g.Via)
		}
	}
	if len(p.UnmappedGroups) > 0 {
		printf(w, "  unmapped  %s\n", strings.Join(p.UnmappedGroups, ", "))
	}
	if p.ShowCurrentUser != nil {
		printf(w, "  SHOW CURRENT USER should return: user %s, roles [%s]\n", p.ShowCurrentUser.User, strings.Join(p.ShowCurrentUser.Roles, ", "))
	}
	fmt.Fprintln(w, "steps")
	for _, s := range p.Steps {
		likely := ""
		if s.Likely {
			likely = " (likely)"
		}
		printf(w, "  %s %-20s %s%s\n", stepMark[s.Status], s.Name, s.Detail, likely)
	}
	renderFindings(w, "", p.Findings)
}
