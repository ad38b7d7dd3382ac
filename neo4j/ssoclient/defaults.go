package ssoclient

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ssolens/ssolens/inspector"
)

// Findings of what Neo4j's SSO client does with a token set under Neo4j's
// default token types, said where no neo4j.conf was given.
var (
	FindDefaultTypesFail = inspector.Define("client-default-token-types-fail", inspector.SeverityError,
		"With Neo4j's default token types (access_token for both), Neo4j Browser and Bloom cannot use this token set: \"Could not parse JWT of type …\".")
	FindDefaultTypes = inspector.Define("client-default-token-types", inspector.SeverityInfo,
		"With Neo4j's default token types, Neo4j Browser decodes the access token and Neo4j validates it: what its aud and iss must match.")
)

// AnnotateDefaults says, for a token response or a pair of tokens
// inspected without a neo4j.conf, what Neo4j's SSO client and Neo4j would
// do with Neo4j's default token types. ts is the report's token set.
func AnnotateDefaults(rep *inspector.Report, ts inspector.TokenSet) {
	if rep.Input.Form != inspector.FormTokenResponse && (ts.AccessToken == "" || ts.IDToken == "") {
		return
	}
	rep.Findings = append(rep.Findings, DefaultTypes(ts)...)
	inspector.SortFindings(rep.Findings)
}

// DefaultTypes judges a token set under Neo4j's default token types
// (token_type_principal and token_type_authentication access_token): the
// client's exact error and the fix, or which token Neo4j validates.
func DefaultTypes(ts inspector.TokenSet) []inspector.Finding {
	if ts.AccessToken == "" && ts.IDToken == "" {
		return nil
	}
	creds, err := Predict(ts, "<provider>", nil, nil)
	access := describe(ts.AccessToken, AccessToken)
	id := describe(ts.IDToken, IDToken)
	if err != nil {
		fix := "Let Neo4j use the ID token: config=token_type_principal=id_token;token_type_authentication=id_token. "
		if ts.IDToken == "" {
			fix = "The response has no ID token either: request the openid scope (params scope=openid …) so the provider returns one, then set config=token_type_principal=id_token;token_type_authentication=id_token. "
		}
		fix += "Neo4j then validates the ID token: its aud (" + audOf(ts.IDToken) + ", usually the client ID) must be in dbms.security.oidc.<provider>.audience. Or make the provider issue a JWT access token (Auth0: audience=<API identifier> in params; Entra: a scope of your own API)."
		return []inspector.Finding{FindDefaultTypesFail.Newf(fix, "access_token: "+access+"; id_token: "+id,
			"With Neo4j's default token types (token_type_principal and token_type_authentication both access_token), Neo4j Browser and Bloom stop before Neo4j sees a token, with: %s. The access token is %s.",
			err.Error(), access)}
	}
	shown := "no name (no email or sub claim)"
	if creds.Username != nil {
		shown = strconv.Quote(creds.Shown())
	}
	return []inspector.Finding{FindDefaultTypes.Newf(
		"Set dbms.security.oidc.<provider>.audience to the access token's aud ("+audOf(ts.AccessToken)+") and issuer to its iss ("+issOf(ts.AccessToken)+"). To validate the ID token instead: config=token_type_principal=id_token;token_type_authentication=id_token, with audience "+audOf(ts.IDToken)+".",
		"access_token: "+access+"; id_token: "+id,
		"With Neo4j's default token types, Neo4j Browser decodes the access token (it shows the user as %s) and sends it to Neo4j, which validates the access token, not the ID token.", shown)}
}

func describe(raw, name string) string {
	if raw == "" {
		return "absent"
	}
	t := inspector.Decode(raw, name, inspector.Options{})
	if t.Kind == inspector.KindOpaque {
		return fmt.Sprintf("opaque (%d chars, not a JWT)", len(raw))
	}
	return DescribeKind(t)
}

// DescribeKind names a token's kind as the client's failure is explained:
// opaque, encrypted (JWE), a JWT, malformed.
func DescribeKind(t *inspector.Token) string {
	switch t.Kind {
	case inspector.KindOpaque:
		return "opaque"
	case inspector.KindJWE:
		return "encrypted (JWE)"
	case inspector.KindJWS:
		return "a JWT"
	}
	return "malformed"
}

func audOf(raw string) string {
	if raw == "" {
		return "unknown"
	}
	t := inspector.Decode(raw, "", inspector.Options{})
	if t.Claims == nil {
		return "unknown"
	}
	if auds, ok := t.Claims.Strings("aud"); ok && len(auds) > 0 {
		q := make([]string, len(auds))
		for i, a := range auds {
			q[i] = strconv.Quote(a) // claims are untrusted text
		}
		return strings.Join(q, ", ")
	}
	return "none"
}

func issOf(raw string) string {
	t := inspector.Decode(raw, "", inspector.Options{})
	if t.Claims == nil {
		return "unknown"
	}
	if iss, ok := t.Claims.String("iss"); ok {
		return strconv.Quote(iss)
	}
	return "none"
}
