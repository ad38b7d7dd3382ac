package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/discovery"
	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/abac"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/session"
)

// rolesOptions are the flags of ssolens roles.
type rolesOptions struct {
	cf          confFlags
	confPath    string
	provider    string
	tokensFile  string
	idToken     string
	accessToken string
	userinfo    string
	nativeRoles string
	rules       string
	serverURL   string
	localUsers  string
	offline     bool
	ca          string
	proxy       string
	out         outputFlags
}

func newRolesCmd(e *env) *cobra.Command {
	var o rolesOptions
	c := leaf("roles (--conf NEO4J.CONF | --neo4j URL) (--tokens FILE | --id-token T --access-token T)", "predict what Neo4j does with a token set: username, groups, roles, or why it fails", func(c *cobra.Command) runFunc {
		fs := flagsOf(c)
		fs.StringVar(&o.confPath, "conf", "", "neo4j.conf (or its Docker env form) to predict with")
		fs.StringVar(&o.cf.version, "neo4j-version", "latest", "Neo4j rules to apply: 4.4, 5.x, 5.19, 2025.x, 2026.x or latest")
		fs.BoolVar(&o.cf.env, "env", false, "the conf is in Docker environment form")
		fs.StringVar(&o.cf.customRoles, "custom-roles", "", "comma-separated roles created with CREATE ROLE")
		fs.StringVar(&o.provider, "provider", "", "provider name (dbms.security.oidc.<name>); default: the only one enabled")
		fs.StringVar(&o.tokensFile, "tokens", "", "token response, tokens or anything inspect reads, from `FILE` (- for standard input)")
		fs.StringVar(&o.idToken, "id-token", "", "the ID token (or @FILE)")
		fs.StringVar(&o.accessToken, "access-token", "", "the access token (or @FILE)")
		fs.StringVar(&o.userinfo, "userinfo", "", "UserInfo response `FILE` (JSON), for get_*_from_user_info")
		fs.StringVar(&o.nativeRoles, "native-roles", "", "`FILE` of native users' roles, JSON {\"user\": [\"role\", …]}")
		fs.StringVar(&o.rules, "rules", "", "`FILE` of ABAC auth rules (CREATE AUTH RULE … / GRANT ROLE … TO AUTH RULE …), Neo4j 2026.03+")
		fs.StringVar(&o.serverURL, "neo4j", "", "running Neo4j `URL` (http://host:7474) to import the providers from, instead of --conf")
		fs.StringVar(&o.localUsers, "local-users", "", "`FILE` of local users for require_local_user, JSON {\"<auth ID>\": \"<user name>\"}")
		fs.BoolVar(&o.offline, "offline", false, "never use the network: the signature is then not checked")
		fs.StringVar(&o.ca, "ca", "", "extra CA certificate `FILE` (PEM) to trust")
		fs.StringVar(&o.proxy, "proxy", "", "HTTP(S) proxy `URL`")
		o.out.register(fs)
		return func(args []string) int { return o.run(e, args) }
	})
	c.Example = "  ssolens roles --conf neo4j.conf --tokens token-response.json\n  ssolens roles --neo4j http://localhost:7474 --provider okta --id-token @id.txt --access-token @at.txt"
	return c
}

// run predicts what Neo4j makes of a token set: the username, the
// groups, the roles group_to_role_mapping grants, or the exact reason the
// login fails.
func (o *rolesOptions) run(e *env, positional []string) int {
	cf := o.cf
	out := o.out
	var err error
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "ssolens roles: "+format+"\n", a...)
		return ExitUsage
	}
	if len(positional) > 0 {
		return fail("unexpected argument %q; give tokens with --tokens FILE or --id-token/--access-token", positional[0])
	}
	var sc *session.Conf
	var hc *http.Client
	client := func() (*http.Client, error) {
		if hc == nil {
			var err error
			hc, err = discovery.NewHTTPClient(discovery.Config{CAFile: o.ca, Proxy: o.proxy})
			return hc, err
		}
		return hc, nil
	}
	switch {
	case o.confPath != "" && o.serverURL != "":
		return fail("give --conf or --neo4j, not both")
	case o.confPath != "":
		if sc, err = loadConf(e, o.confPath, cf); err != nil {
			return fail("%v", err)
		}
	case o.serverURL != "":
		c, err := client()
		if err != nil {
			return fail("%v", err)
		}
		sd, err := server.FetchServerDiscovery(context.Background(), c, o.serverURL)
		if err != nil {
			return fail("%v", err)
		}
		sc = session.ServerConf(sd, o.serverURL)
	default:
		return fail("--conf FILE or --neo4j URL is required: the configuration whose provider Neo4j would use")
	}
	text, name, err := readTokenInput(e, o.tokensFile, o.idToken, o.accessToken)
	if err != nil {
		return fail("%v", err)
	}
	in := session.Inputs{Text: text, TextName: name, Conf: sc, Provider: o.provider,
		Options: out.options(e), Offline: o.offline}
	if err := readJSONFile(o.userinfo, &in.UserInfo); err != nil {
		return fail("%v", err)
	}
	if err := readJSONFile(o.nativeRoles, &in.NativeRoles); err != nil {
		return fail("%v", err)
	}
	if err := readJSONFile(o.localUsers, &in.LocalUsers); err != nil {
		return fail("%v", err)
	}
	if o.rules != "" {
		f, err := os.Open(o.rules)
		if err != nil {
			return fail("cannot read %q: %v; check the path", o.rules, err)
		}
		rs, rf, err := abac.ParseAuthRules(f, o.rules)
		f.Close()
		if err != nil {
			return fail("%v", err)
		}
		in.Rules = rs
		sc.Findings = append(sc.Findings, rf...)
	}
	if !o.offline {
		if in.HTTPClient, err = client(); err != nil {
			return fail("%v", err)
		}
	}
	inv := session.New(context.Background(), in)
	if inv.Prediction == nil {
		return fail("no token found in %s: give a token response (--tokens FILE), or --id-token and --access-token", name)
	}
	pred := inv.Prediction
	// What the input itself said (a header flag with no token in it, a
	// token response's oddities) goes with the prediction's findings.
	pred.Findings = append(append(pred.Findings, sc.Findings...), inv.Report.Findings...)
	inspector.SortFindings(pred.Findings)
	if out.json {
		if err := writeJSON(e.stdout, pred); err != nil {
			return fail("writing JSON: %v", err)
		}
	} else {
		renderPrediction(e.stdout, pred)
	}
	// Exit 1 when Neo4j would not log the user in, or when some finding is
	// an error (the keys could not be fetched: the login is predicted only
	// if the checks not made pass): the investigation's rule, as report's.
	if inv.Failed() {
		return ExitFindings
	}
	return ExitOK
}

// readTokenInput reads the tokens the flags give: a file anything inspect
// reads (a token response, a HAR, a log), or the two tokens themselves,
// which become a token response for the investigation to read.
func readTokenInput(e *env, file, id, access string) ([]byte, string, error) {
	if file != "" && (id != "" || access != "") {
		return nil, "", fmt.Errorf("give --tokens FILE, or --id-token and --access-token, not both")
	}
	if file != "" {
		return readTokenFile(e, file)
	}
	resp := map[string]string{}
	for _, f := range []struct{ field, value string }{{"id_token", id}, {"access_token", access}} {
		if f.value == "" {
			continue
		}
		input, _, err := readInput(e, []string{f.value})
		if err != nil {
			return nil, "", err
		}
		resp[f.field] = string(input) // a "Bearer …" value is read, and its defects found, by the investigation
	}
	if len(resp) == 0 {
		return nil, "", fmt.Errorf("no token given: use --tokens FILE (a token response), or --id-token and --access-token")
	}
	b, err := json.Marshal(resp)
	return b, "the token flags", err
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

var stepMark = map[string]string{
	predict.StepPassed: "✔", predict.StepFailed: "✖", predict.StepNotChecked: "?", predict.StepSkipped: "–",
}

func renderPrediction(w io.Writer, p *predict.Prediction) {
	if p.Provider == "" {
		printf(w, "Provider - · Neo4j %s rules\n", p.Neo4jVersion)
	} else {
		printf(w, "Provider %s · Neo4j %s rules · %s\n", p.Provider, p.Neo4jVersion, p.TokensLine())
	}
	headline := p.Headline()
	printf(w, "Outcome: %s\n", headline)
	if p.Outcome == predict.OutcomeLogIn {
		printf(w, "  roles     %s\n", predict.RoleList(p.Roles))
	}
	for _, n := range p.RoleNotes() {
		printf(w, "  %-9s %s\n", n.Label, n.Text())
	}
	if len(p.Groups) > 0 {
		printf(w, "  groups    %s\n", strings.Join(p.Groups, ", "))
	}
	for _, g := range p.Grants {
		switch g.Via {
		case "mapping":
			printf(w, "  grant     %s → %s (group_to_role_mapping, line %d)\n", g.Group, predict.RoleList(g.Roles), g.Line)
		case "group-name":
			printf(w, "  grant     %s → %s (no mapping: the group name is the role)\n", g.Group, predict.RoleList(g.Roles))
		default:
			printf(w, "  grant     %s (%s)\n", predict.RoleList(g.Roles), g.Via)
		}
	}
	if len(p.UnmappedGroups) > 0 {
		printf(w, "  unmapped  %s\n", strings.Join(p.UnmappedGroups, ", "))
	}
	if p.ShowCurrentUser != nil {
		printf(w, "  SHOW CURRENT USER should return: %s\n", p.CurrentUserLine())
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
