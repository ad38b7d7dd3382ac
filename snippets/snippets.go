// Package snippets writes ready-to-run client code for a Neo4j behind
// OIDC single sign-on: curl and Python against the Query API, the Neo4j
// Python and Go drivers with bearer auth, PyJWT / FastAPI validation and
// the Neo4j GraphQL library. The facts in them are the verified ones of
// the Neo4j SSO spec (raw JWT in Authorization: Bearer, SHOW CURRENT USER
// on the system database, bearer auth managers). Snippets never embed a
// token or secret: they read environment variables.
package snippets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"text/template"

	"github.com/ssolens/ssolens/internal/safetext"
)

// Kind names a snippet.
type Kind string

// The snippet kinds.
const (
	KindCurl         Kind = "curl"
	KindPython       Kind = "python"
	KindPythonDriver Kind = "python-driver"
	KindGo           Kind = "go"
	KindFastAPI      Kind = "fastapi"
	KindGraphQL      Kind = "graphql"
)

// Kinds lists every kind in a stable order.
func Kinds() []Kind {
	return []Kind{KindCurl, KindPython, KindPythonDriver, KindGo, KindFastAPI, KindGraphQL}
}

// GoDriverModule is the module the Go snippet imports.
const GoDriverModule = "github.com/neo4j/neo4j-go-driver/v5"

// The environment variables snippets read instead of embedding secrets.
const (
	EnvToken        = "NEO4J_TOKEN"   // a token from a sign-in (the one Neo4j validates)
	EnvClientID     = "CLIENT_ID"     // machine to machine: the client id
	EnvClientSecret = "CLIENT_SECRET" // machine to machine: the client secret
)

// Params fill a snippet in. Issuer and Audience are required.
type Params struct {
	Issuer string `json:"issuer"`
	// Audience is what the token Neo4j validates carries in aud (the
	// provider's audience setting).
	Audience string `json:"audience"`
	// DiscoveryURL defaults to Issuer + /.well-known/openid-configuration.
	DiscoveryURL string `json:"discovery_url"`
	// Neo4jURL is the HTTP connector (Query API); default http://localhost:7474.
	Neo4jURL string `json:"neo4j_url"`
	// BoltURL is the driver address; default neo4j://localhost:7687.
	BoltURL string `json:"bolt_url"`
	// GroupsClaim is the claim that carries the groups; default groups.
	GroupsClaim string `json:"groups_claim"`
	// Group is a group seen in the token, for the example authorization
	// rule; default reader.
	Group string `json:"group"`
	// TokenEndpoint, JWKSURI: empty means found through the discovery
	// document at run time.
	TokenEndpoint string `json:"token_endpoint,omitempty"`
	JWKSURI       string `json:"jwks_uri,omitempty"`
	// Scope for client credentials; empty sends none.
	Scope string `json:"scope,omitempty"`
	// ClientID is the default of CLIENT_ID for client credentials (a client
	// id is no secret); empty leaves it to the environment.
	ClientID string `json:"client_id,omitempty"`
	// Algorithms the API accepts; default RS256.
	Algorithms []string `json:"algorithms"`
	// TokenType is the token Neo4j validates: access_token (default) or
	// id_token. Client credentials return no ID token, so with id_token the
	// machine-to-machine parts say so.
	TokenType string `json:"token_type"`
}

// Snippet is one rendered snippet.
type Snippet struct {
	Kind     Kind   `json:"kind"`
	Title    string `json:"title"`
	Language string `json:"language"` // sh, python, go, javascript
	// Filename is a suggested file name (main.go, app.py ...).
	Filename string `json:"filename"`
	// Requires names what it needs to run (packages, tools).
	Requires string `json:"requires"`
	Text     string `json:"text"`
}

type spec struct {
	title, language, filename, requires, text string
}

// ParseKinds reads a choice of snippets: "all", or kinds separated by
// commas. An unknown kind is an error naming the known ones.
func ParseKinds(s string) ([]Kind, error) {
	if strings.TrimSpace(s) == "all" {
		return Kinds(), nil
	}
	var out []Kind
	for _, w := range strings.Split(s, ",") {
		k := Kind(strings.TrimSpace(w))
		if _, ok := templates[k]; !ok {
			return nil, unknownKind(k)
		}
		out = append(out, k)
	}
	return out, nil
}

func unknownKind(kind Kind) error {
	names := make([]string, 0, len(templates))
	for _, k := range Kinds() {
		names = append(names, string(k))
	}
	return fmt.Errorf("unknown snippet kind %q; choose one of %s", kind, strings.Join(names, ", "))
}

// Render writes one snippet.
func Render(kind Kind, p Params) (Snippet, error) {
	s, ok := templates[kind]
	if !ok {
		return Snippet{}, unknownKind(kind)
	}
	p, err := p.withDefaults()
	if err != nil {
		return Snippet{}, fmt.Errorf("snippet %s: %w", kind, err)
	}
	t, err := template.New(string(kind)).Funcs(template.FuncMap{
		"py":      quoteJSON, // a JSON string is a valid Python and JavaScript literal
		"js":      quoteJSON,
		"go":      strconv.Quote,
		"sh":      shQuote,
		"pylist":  func(v []string) string { return listJSON(v) },
		"jslist":  func(v []string) string { return listJSON(v) },
		"golist":  goList,
		"gqlpath": GraphQLClaimPath,
		"gqlstr":  graphQLString,
		"bt":      func() string { return "`" },
		"m2m":     func() bool { return p.TokenType != "id_token" },
	}).Parse(s.text)
	if err != nil {
		return Snippet{}, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, p); err != nil {
		return Snippet{}, err
	}
	// The values come from tokens and confs (a group name, an issuer):
	// a control, bidi or invisible character in one must not hide in the
	// code people copy (Trojan Source), so they are shown escaped.
	return Snippet{Kind: kind, Title: s.title, Language: s.language, Filename: s.filename, Requires: s.requires, Text: safetext.Block(b.String())}, nil
}

// RenderAll writes every kind.
func RenderAll(p Params) ([]Snippet, error) {
	var out []Snippet
	for _, k := range Kinds() {
		s, err := Render(k, p)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ErrNoIssuerAudience: a snippet needs the provider's issuer and the
// audience Neo4j expects; a face says where to give them.
var ErrNoIssuerAudience = errors.New("the issuer and the audience are required: give them, or a provider's configuration or tokens to read them from")

func (p Params) withDefaults() (Params, error) {
	p.Issuer = strings.TrimSpace(p.Issuer)
	p.Audience = strings.TrimSpace(p.Audience)
	if p.Issuer == "" || p.Audience == "" {
		return p, ErrNoIssuerAudience
	}
	for name, v := range map[string]*string{"issuer": &p.Issuer, "discovery URL": &p.DiscoveryURL, "Neo4j URL": &p.Neo4jURL,
		"Bolt URL": &p.BoltURL, "token endpoint": &p.TokenEndpoint, "JWKS URI": &p.JWKSURI} {
		*v = strings.TrimSpace(*v)
		if *v == "" {
			continue
		}
		if u, err := url.Parse(*v); err != nil || u.Scheme == "" || u.Host == "" {
			return p, fmt.Errorf("the %s %q is not an absolute URL", name, *v)
		}
	}
	if p.DiscoveryURL == "" {
		p.DiscoveryURL = strings.TrimSuffix(p.Issuer, "/") + "/.well-known/openid-configuration"
	}
	if p.Neo4jURL == "" {
		p.Neo4jURL = "http://localhost:7474"
	}
	p.Neo4jURL = strings.TrimSuffix(p.Neo4jURL, "/")
	if p.BoltURL == "" {
		p.BoltURL = "neo4j://localhost:7687"
	}
	if p.GroupsClaim == "" {
		p.GroupsClaim = "groups"
	}
	if p.Group == "" {
		p.Group = "reader"
	}
	if len(p.Algorithms) == 0 {
		p.Algorithms = []string{"RS256"}
	}
	switch p.TokenType {
	case "":
		p.TokenType = "access_token"
	case "access_token", "id_token":
	default:
		return p, fmt.Errorf("token type %q: use access_token or id_token", p.TokenType)
	}
	return p, nil
}

// GraphQLClaimPath is a claim name as the content of the @jwtClaim path
// string in SDL. The library resolves paths with dot-prop, which splits on
// '.': a dot inside a claim name (Auth0's https://example.com/roles) is
// escaped as \. for dot-prop, and that backslash as \\ for GraphQL.
func GraphQLClaimPath(claim string) string {
	return graphQLEscape(claim, true)
}

// graphQLString is a value as the content of an SDL string.
func graphQLString(s string) string {
	return graphQLEscape(s, false)
}

func graphQLEscape(s string, path bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '.' && path:
			b.WriteString(`\\.`)
		case r == '\\' && path:
			b.WriteString(`\\\\`) // dot-prop's \\ for a backslash, each escaped for GraphQL
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '`' || r == '$' || r < 0x20: // the SDL sits in a JavaScript template literal
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func quoteJSON(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	// U+2028 and U+2029 are line ends in old JavaScript; JSON escapes them
	// only with HTML escaping on.
	out := strings.TrimSuffix(b.String(), "\n")
	out = strings.ReplaceAll(out, "\u2028", `\u2028`)
	return strings.ReplaceAll(out, "\u2029", `\u2029`)
}

func listJSON(v []string) string {
	q := make([]string, len(v))
	for i, s := range v {
		q[i] = quoteJSON(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func goList(v []string) string {
	q := make([]string, len(v))
	for i, s := range v {
		q[i] = strconv.Quote(s)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}

func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
