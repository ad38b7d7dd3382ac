package predict

import (
	"fmt"
	"strings"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/neo4j/ssoclient"
)

// tokenTypes settles which tokens the login uses: the provider's config as
// meant (a line Neo4j refuses only for spaces around its keys is read
// without them: the prediction is of the login once it starts), and the
// channel (spec §4.1): an access token alone that no user's sign-in
// brought is a driver's or the Query API's bearer token (bearer).
// It is false when the config line does not parse and what it means is not
// clear: which token the client sends is then unknown.
func (s *simulation) tokenTypes() bool {
	p := s.p
	cfg, known := s.prov.IntendedConfig()
	st, declared := s.prov.Settings["config"]
	if !known {
		s.add(FindTokenTypesUnknown.Newf(
			fmt.Sprintf("Fix the config line (line %d) as the configuration check says; the login can then be predicted.", st.Line),
			fmt.Sprintf("line %d: config=%s", st.Line, st.Raw),
			"The config line of provider %q does not parse, and what it means is not clear: which token Neo4j's SSO client decodes and which it sends (token_type_principal, token_type_authentication) is not predicted.", s.prov.Name))
		s.step("token-types", StepNotChecked, "the config line does not parse: the token types are unknown", false)
		return false
	}
	s.config = cfg
	tt := ssoclient.ChooseTokens(cfg)
	p.Channel, p.PrincipalToken, p.AuthenticationToken = ChannelSSOClient, tt.Principal, tt.Authentication
	if declared && !st.Valid {
		s.add(FindConfigReadAsMeant.Newf(
			fmt.Sprintf("Remove the spaces around the keys and the values of the config line (line %d): Neo4j trims neither; nothing else of it needs to change.", st.Line),
			fmt.Sprintf("line %d: config=%s", st.Line, st.Raw),
			"Neo4j does not start with the config line of provider %q as written (spaces around its keys); the login is predicted as it goes once the spaces around its keys and values are removed: the client decodes the %s and sends the %s.", s.prov.Name, tt.Principal, tt.Authentication))
		s.step("token-types", StepPassed, fmt.Sprintf("%s decoded, %s sent, as the config line (line %d) means once its spaces are removed", tt.Principal, tt.Authentication, st.Line), false)
	}
	if s.bearer() {
		p.Channel, p.PrincipalToken, p.AuthenticationToken = ChannelBearer, "", ssoclient.AccessToken
	}
	return true
}

// bearer reports whether the tokens are a driver's or the Query API's
// bearer token (spec §4.1): an access token alone, as a client-credentials
// response has it. A refresh token marks a user's sign-in, which a
// client-credentials grant does not give (RFC 6749 §4.4.3), and a Browser
// sign-in is the SSO client's: without the ID token it still fails there
// (§5.4).
func (s *simulation) bearer() bool {
	ts := s.in.Tokens
	return ts.IDToken == "" && ts.AccessToken != "" && ts.RefreshToken == "" && !s.in.BrowserSignIn
}

// noClientStep is the SSO client's step on the bearer channel: a driver
// decodes nothing (spec §4.1), so the step does not apply; when Neo4j
// Browser would fail with these tokens (§5.4), that is said, as a note.
func (s *simulation) noClientStep() {
	tt := ssoclient.ChooseTokens(s.config)
	_, err := ssoclient.Predict(s.in.Tokens, s.prov.Name, s.config, s.known)
	if err == nil {
		s.step("principal-token", StepSkipped, "not applicable: a driver or the Query API sends the access token as a bearer token; no client decodes it first", false)
		return
	}
	why := "the token set has no " + tt.Principal
	if s.in.Tokens.Field(tt.Principal) != "" {
		why = fmt.Sprintf("the %s is %s", tt.Principal, ssoclient.DescribeKind(s.in.decoded(tt.Principal)))
	}
	fix := fmt.Sprintf("Nothing to fix for drivers and the Query API. For Neo4j Browser and Bloom, the sign-in must return the %s (token_type_principal) as a JWT", tt.Principal)
	if tt.Principal == ssoclient.IDToken {
		fix += ": openid in the scope of params, with response_type=code"
	}
	if s.loneToken() {
		// One token whose role its claims do not tell (an ID token
		// without nonce looks the same): not said to be an access token.
		s.step("principal-token", StepSkipped, fmt.Sprintf("not applicable: one token alone is what a driver or the Query API sends as a bearer token; a Browser sign-in would fail: %s", err), false)
		s.add(FindBearerBrowserWouldFail.Newf(fix+".", "one token of no known role",
			"This is one token alone, whose claims do not tell an access token from an ID token: drivers and the Query API send a token as a bearer token, as predicted here, and no SSO client is involved. A Neo4j Browser or Bloom sign-in needs the token response: with this token alone it would fail before Neo4j: %s.", err))
		return
	}
	s.step("principal-token", StepSkipped, fmt.Sprintf("not applicable: no id_token, so this is a driver's or the Query API's bearer token; a Browser sign-in would fail: %s", err), false)
	s.add(FindBearerBrowserWouldFail.Newf(fix+".", why,
		"The token set has no ID token: drivers and the Query API send the access token as a bearer token, as predicted here, and no SSO client is involved. A Neo4j Browser or Bloom sign-in that returned these tokens would fail before Neo4j: %s (%s).", err, why))
}

// loneToken reports whether the bearer token is one token whose role is
// not known (the caller's decoding says so: a token pasted alone, taken as
// the access token because that is what a bearer token stands for).
func (s *simulation) loneToken() bool {
	t := s.in.Tokens.Decoding(ssoclient.AccessToken, s.in.Decoded)
	return t != nil && t.Role == inspector.RoleUnknown
}

// bearerAudienceFix is the fix of a driver's access token whose aud the
// provider's audience does not list: add it to the list (audience is one,
// spec §2.1), keeping the values the Browser's token may need; "" for
// another failure or channel.
func (s *simulation) bearerAudienceFix(code string, tok *inspector.Token) string {
	aud := tokAud(tok)
	if s.p.Channel != ChannelBearer || code != "aud-mismatch" || len(s.prov.Audience) == 0 || len(aud) == 0 {
		return ""
	}
	whose := "the access token's"
	if s.loneToken() {
		whose = "the token's"
	}
	return fmt.Sprintf("Add %s aud to dbms.security.oidc.%s.audience%s, which is a list: audience=%s,%s. The values already there stay accepted, so the Browser's token keeps working; if this token is not meant for Neo4j, request one for its API instead.",
		whose, s.prov.Name, s.lineNote("audience"), strings.Join(s.prov.Audience, ","), strings.Join(aud, ","))
}
