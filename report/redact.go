package report

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/lazyre"
	"github.com/ssolens/ssolens/internal/secretmask"
	"github.com/ssolens/ssolens/neo4j/conf"
	"github.com/ssolens/ssolens/neo4j/predict"
	"github.com/ssolens/ssolens/neo4j/server"
	"github.com/ssolens/ssolens/pkce"
)

// Redacted is what stands in for a secret or a token-shaped value.
const Redacted = secretmask.Redacted

// Redactor masks what must not leave the machine in a shared report or on
// a projected screen (presenter mode): tokens, signatures, secrets, e-mail
// addresses and people's names. It keeps what a support engineer needs to
// debug an SSO set-up: issuer, audience, groups, roles, scopes, times.
//
// A Redactor learns the personal values of the tokens it is given (a
// user's name, preferred_username), so it can also mask them in free text
// such as "would log in as alice". A nil *Redactor masks only what can be
// recognised by shape. It is safe for concurrent use.
type Redactor struct {
	mu sync.RWMutex
	// tokensOnly masks tokens and nothing else: a report with Redact off
	// still prints no whole token unless asked to.
	tokensOnly bool
	// raws maps the text of a known token to its stand-in, so even a
	// short opaque token is masked where it is quoted.
	raws map[string]string
	// personal maps a learned value to its mask, longest values first in
	// order so a full name is masked before a part of it.
	personal map[string]string
	order    []string
}

// NewRedactor makes a redactor that knows the personal values in these
// tokens' claims (nil tokens are skipped).
func NewRedactor(tokens ...*inspector.Token) *Redactor {
	r := &Redactor{personal: map[string]string{}, raws: map[string]string{}}
	for _, t := range tokens {
		if t != nil {
			r.Learn(t.Claims)
			r.learnRaw(t)
			// The shortened form (eyJhbG…‹735 chars›…lYUg) ends with the
			// signature's last characters: a fragment too.
			if t.Redacted != "" && t.Redacted != t.Raw {
				r.raws[t.Redacted] = "‹token " + t.Fingerprint + "›"
			}
		}
	}
	return r
}

// newTokenMasker makes a redactor that masks tokens only.
func newTokenMasker(tokens ...*inspector.Token) *Redactor {
	r := &Redactor{tokensOnly: true, raws: map[string]string{}}
	for _, t := range tokens {
		if t != nil {
			r.learnRaw(t)
		}
	}
	return r
}

func (r *Redactor) learnRaw(t *inspector.Token) {
	if len(t.Raw) >= 8 {
		r.mu.Lock()
		r.raws[t.Raw] = "‹token " + t.Fingerprint + "›"
		r.mu.Unlock()
	}
}

// personalClaims hold a person's name or contact details (OIDC Core §5.1,
// and Entra's upn and unique_name). Their values are masked wherever they
// appear.
var personalClaims = map[string]bool{
	"name": true, "given_name": true, "family_name": true, "middle_name": true, "nickname": true,
	"preferred_username": true, "upn": true, "unique_name": true, "email": true,
	"phone_number": true, "address": true, "birthdate": true,
	// The subject and Entra's object id name one person as surely: the
	// username Neo4j shows is often sub.
	"sub": true, "oid": true,
}

// hashClaims bind a token to another token, a code or a session (OIDC
// Core §3.1.3.6, §3.3.2.11): pieces of a hash of a secret, masked whole
// wherever they appear.
var hashClaims = map[string]bool{"at_hash": true, "c_hash": true, "s_hash": true, "nonce": true, "sid": true}

// keptClaims are shown as sent even when redacting: they are what an SSO
// set-up is debugged with and identify no person (times, issuer, audience,
// groups and roles that group_to_role_mapping maps).
var keptClaims = map[string]bool{
	"iss": true, "aud": true, "azp": true, "groups": true, "roles": true, "scp": true, "scope": true,
	"exp": true, "iat": true, "nbf": true, "auth_time": true, "updated_at": true,
	"ver": true, "tid": true, "cid": true, "client_id": true, "appid": true, "idp": true,
	"typ": true, "token_use": true, "amr": true, "acr": true, "wids": true, "idtyp": true, "email_verified": true,
	// JOSE header members.
	"alg": true, "kid": true, "enc": true, "cty": true, "zip": true, "crit": true,
}

// Learn records the personal values of a claim set, so Text masks them in
// free text too.
func (r *Redactor) Learn(claims *inspector.Object) {
	if r == nil || claims == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.personal == nil {
		r.personal = map[string]string{}
	}
	// A client's own token (client credentials) has the client id as sub:
	// that id is kept where it is the client (aud, azp, cid), so it is not
	// learned as a person's.
	clients := map[string]bool{}
	for _, name := range []string{"aud", "azp", "cid", "client_id", "appid"} {
		if v, ok := claims.Get(name); ok {
			var one string
			var many []string
			if json.Unmarshal(v, &one) == nil {
				clients[one] = true
			} else if json.Unmarshal(v, &many) == nil {
				for _, c := range many {
					clients[c] = true
				}
			}
		}
	}
	for _, m := range claims.Members {
		if (m.Name == "sub" || m.Name == "oid") && len(clients) > 0 {
			var v string
			if json.Unmarshal(m.Value, &v) == nil && (clients[v] || strings.HasSuffix(v, "@clients") && clients[strings.TrimSuffix(v, "@clients")]) {
				continue
			}
		}
		if hashClaims[m.Name] {
			var s string
			if json.Unmarshal(m.Value, &s) == nil && len(s) >= 8 {
				if _, ok := r.personal[s]; !ok {
					r.personal[s] = Redacted
					r.order = append(r.order, s)
				}
			}
			continue
		}
		if !personalClaims[m.Name] {
			continue
		}
		var values []string
		var s string
		if json.Unmarshal(m.Value, &s) == nil {
			values = []string{s}
		} else {
			_ = json.Unmarshal(m.Value, &values)
		}
		for _, v := range values {
			v = strings.TrimSpace(v)
			if utf8.RuneCountInString(v) < 2 {
				continue // one letter would mask every word it starts
			}
			if _, ok := r.personal[v]; !ok {
				r.personal[v] = maskPersonal(v)
				r.order = append(r.order, v)
			}
			// A name's words are masked on their own too ("Alice").
			for _, w := range strings.Fields(v) {
				if _, ok := r.personal[w]; !ok && utf8.RuneCountInString(w) >= 2 && !strings.Contains(v, "@") {
					r.personal[w] = maskPersonal(w)
					r.order = append(r.order, w)
				}
			}
		}
	}
	slices.SortStableFunc(r.order, func(a, b string) int { return len(b) - len(a) })
}

// MaskEmail keeps the first letter of an address's local part and of its
// domain: alice@example.com → a•••@e•••.
func MaskEmail(addr string) string {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok {
		return maskName(addr)
	}
	return firstLetter(local) + "•••@" + firstLetter(domain) + "•••"
}

// maskName keeps each word's first letter: Alice Smith → A••• S•••.
func maskName(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = firstLetter(w) + "•••"
	}
	if len(words) == 0 {
		return "•••"
	}
	return strings.Join(words, " ")
}

// firstLetter returns the first rune when it is a letter or digit: never a
// quote or backslash, so a mask can stand inside JSON text.
func firstLetter(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return string(r)
	}
	return ""
}

func maskPersonal(v string) string {
	if emailPattern().MatchString(v) {
		return emailPattern().ReplaceAllStringFunc(v, MaskEmail)
	}
	return maskName(v)
}

var (
	// jwtShaped is a JWS or JWE in compact form (its header starts eyJ).
	// A JWE's last three parts are never empty, so a full stop after a
	// JWS stays out of the match.
	jwtShaped = lazyre.New(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?`)
	// emailPattern is an e-mail address as it appears in free text.
	emailPattern = lazyre.New(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	// uuidShaped are identifiers (Entra tenants, object ids, groups) that
	// are long but no secret.
	uuidShaped = lazyre.New(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// minSecretRun is the length from which a base64url run of mixed letters
// and digits is taken for a token or secret.
const minSecretRun = 24

// RedactText masks, in free text, secrets that can be told by shape: JWTs,
// bearer credentials, client secrets and passwords in name=value form,
// e-mail addresses, and runs of 24 or more base64url characters that mix
// letters and digits (opaque tokens, codes, secrets). UUIDs, URLs and
// setting names stay readable.
func RedactText(s string) string { return (*Redactor)(nil).Text(s) }

// Text is RedactText that also masks the personal values the redactor
// learned.
func (r *Redactor) Text(s string) string {
	if s == "" {
		return s
	}
	if r != nil {
		r.mu.RLock()
		raws := make([]string, 0, len(r.raws))
		for raw := range r.raws {
			raws = append(raws, raw)
		}
		slices.SortFunc(raws, func(a, b string) int { return len(b) - len(a) })
		for _, raw := range raws {
			s = strings.ReplaceAll(s, raw, r.raws[raw])
		}
		r.mu.RUnlock()
	}
	if r == nil || !r.tokensOnly {
		s = secretmask.Assignments(s)
	}
	s = jwtShaped().ReplaceAllStringFunc(s, func(tok string) string {
		return "‹token " + inspector.Fingerprint(tok) + "›"
	})
	s = secretmask.Bearer(s)
	if r != nil && r.tokensOnly {
		return s
	}
	s = emailPattern().ReplaceAllStringFunc(s, MaskEmail)
	if r != nil {
		r.mu.RLock()
		for _, v := range r.order {
			s = replaceWord(s, v, r.personal[v])
		}
		r.mu.RUnlock()
	}
	return maskSecretRuns(s)
}

// replaceWord replaces whole-word occurrences of old: "alice" in "as
// alice." but not in "malice".
func replaceWord(s, old, repl string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(old):])
		if wordRune(before) || wordRune(after) {
			b.WriteString(s[:i+len(old)])
		} else {
			b.WriteString(s[:i] + repl)
		}
		s = s[i+len(old):]
	}
}

func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isB64URL(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// maskSecretRuns replaces long base64url runs that mix at least two of
// upper case, lower case and digits: random text. Setting names
// (token_type_authentication) are one case only and stay.
func maskSecretRuns(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if !isB64URL(s[i]) {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && isB64URL(s[j]) {
			j++
		}
		run := s[i:j]
		if len(run) >= minSecretRun && mixed(run) && !uuidShaped().MatchString(run) {
			b.WriteString(Redacted)
		} else {
			b.WriteString(run)
		}
		i = j
	}
	return b.String()
}

func mixed(s string) bool {
	var upper, lower, digit bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		upper = upper || c >= 'A' && c <= 'Z'
		lower = lower || c >= 'a' && c <= 'z'
		digit = digit || c >= '0' && c <= '9'
	}
	n := 0
	for _, ok := range []bool{upper, lower, digit} {
		if ok {
			n++
		}
	}
	return n >= 2
}

// RedactClaims returns a copy of a claim set (or JOSE header) that is safe
// to share; see Redactor.Claims.
func RedactClaims(o *inspector.Object) *inspector.Object { return NewRedactor().Claims(o) }

// Claims returns a copy of a claim set (or a JOSE header) with personal
// claims masked (name → A••• S•••, email → a•••@e•••), secret-named claims
// replaced, and secrets in other values masked as in Text. Issuer,
// audience, groups, roles, scopes and times are kept as sent.
func (r *Redactor) Claims(o *inspector.Object) *inspector.Object {
	if o == nil || r != nil && r.tokensOnly {
		return o
	}
	out := &inspector.Object{Members: make([]inspector.Member, len(o.Members))}
	for i, m := range o.Members {
		out.Members[i] = inspector.Member{Name: m.Name, Value: r.ClaimValue(m.Name, m.Value)}
	}
	return out
}

// ClaimValue redacts one claim's raw value, by its name; the result is
// always valid JSON.
func (r *Redactor) ClaimValue(name string, raw json.RawMessage) json.RawMessage {
	if raw == nil || r != nil && r.tokensOnly {
		return raw
	}
	switch {
	case keptClaims[name]:
		return raw
	case personalClaims[name]:
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return quoteJSON(maskPersonal(s))
		}
		var list []string
		if json.Unmarshal(raw, &list) == nil {
			for i := range list {
				list[i] = maskPersonal(list[i])
			}
			b, _ := json.Marshal(list)
			return b
		}
		return quoteJSON(Redacted)
	case secretmask.Name(name), hashClaims[name]:
		return quoteJSON(Redacted)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return quoteJSON(r.Text(s))
	}
	// Objects and lists: the masks hold no quote or backslash, so masking
	// the JSON text keeps it JSON; check anyway.
	masked := json.RawMessage(r.Text(string(raw)))
	if !json.Valid(masked) {
		return quoteJSON(Redacted)
	}
	return masked
}

func quoteJSON(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// TokenLabel is how a redacted report names a token: its kind, length and
// fingerprint, nothing of its text.
func TokenLabel(t *inspector.Token) string {
	return fmt.Sprintf("‹%s, %d chars, fingerprint %s›", t.Kind, t.Length, t.Fingerprint)
}

// Token returns a copy of a token safe to show: no raw text or segments
// (so no signature), Redacted replaced by TokenLabel, the header and
// claims redacted, and findings, checks and contexts masked.
func (r *Redactor) Token(t *inspector.Token) *inspector.Token {
	if t == nil {
		return nil
	}
	c := *t
	c.Raw, c.RawShown, c.Segments = "", "", nil
	if r == nil || !r.tokensOnly {
		c.Redacted = TokenLabel(t)
	}
	c.RoleReason = r.Text(t.RoleReason)
	c.Header = r.Claims(t.Header)
	c.Claims = r.Claims(t.Claims)
	c.Findings = r.Findings(t.Findings)
	if t.Signature != nil {
		sig := *t.Signature
		sig.Error = r.Text(sig.Error)
		c.Signature = &sig
	}
	if t.Checks != nil {
		c.Checks = make([]inspector.Check, len(t.Checks))
		for i, ch := range t.Checks {
			ch.Expected, ch.Actual = r.Text(ch.Expected), r.Text(ch.Actual)
			c.Checks[i] = ch
		}
	}
	if t.Locations != nil {
		c.Locations = make([]inspector.Location, len(t.Locations))
		for i, l := range t.Locations {
			l.Context = r.Text(l.Context)
			c.Locations[i] = l
		}
	}
	return &c
}

// Finding masks a finding's message, fix, command and evidence.
func (r *Redactor) Finding(f inspector.Finding) inspector.Finding {
	f.Message, f.Fix, f.Evidence = r.Text(f.Message), r.Text(f.Fix), r.Text(f.Evidence)
	f.Command = r.Text(f.Command)
	return f
}

// Findings masks a list of findings (a copy; nil stays nil).
func (r *Redactor) Findings(fs []inspector.Finding) []inspector.Finding {
	if fs == nil {
		return nil
	}
	out := make([]inspector.Finding, len(fs))
	for i, f := range fs {
		out[i] = r.Finding(f)
	}
	return out
}

// Events masks the details of a sign-in's timeline (a copy).
func (r *Redactor) Events(es []pkce.Event) []pkce.Event {
	if es == nil {
		return nil
	}
	out := make([]pkce.Event, len(es))
	for i, e := range es {
		e.Detail = r.Text(e.Detail)
		out[i] = e
	}
	return out
}

// Prediction returns a copy of a Neo4j prediction with the username, step
// details and findings masked and its token redacted. Groups, roles and
// grants are kept: they are what the mapping is debugged with.
func (r *Redactor) Prediction(p *predict.Prediction) *predict.Prediction {
	if p == nil {
		return nil
	}
	c := *p
	c.Username = r.Text(p.Username)
	c.Steps = make([]predict.Step, len(p.Steps))
	for i, s := range p.Steps {
		s.Detail = r.Text(s.Detail)
		c.Steps[i] = s
	}
	c.NearMisses = make([]predict.NearMiss, len(p.NearMisses))
	for i, n := range p.NearMisses {
		n.Why = r.Text(n.Why)
		c.NearMisses[i] = n
	}
	if p.RolesUnknown != nil {
		c.RolesUnknown = make([]string, len(p.RolesUnknown))
		for i, u := range p.RolesUnknown { // they may name the user
			c.RolesUnknown[i] = r.Text(u)
		}
	}
	if p.ShowCurrentUser != nil {
		cu := *p.ShowCurrentUser
		cu.User, cu.AuthID = r.Text(cu.User), r.Text(cu.AuthID)
		c.ShowCurrentUser = &cu
	}
	c.Findings = r.Findings(p.Findings)
	c.Token = r.Token(p.Token)
	return &c
}

// Comparison returns a copy of a token comparison with each value redacted
// by its claim name and the notes masked.
func (r *Redactor) Comparison(cmp *inspector.Comparison) *inspector.Comparison {
	if cmp == nil {
		return nil
	}
	c := *cmp
	c.Rows = make([]inspector.ComparisonRow, len(cmp.Rows))
	for i, row := range cmp.Rows {
		row.ID = r.ClaimValue(row.Name, row.ID)
		row.Access = r.ClaimValue(row.Name, row.Access)
		row.Note = r.Text(row.Note)
		c.Rows[i] = row
	}
	return &c
}

// Live returns a copy of a live check's result with the user names,
// Neo4j's messages, the compared values, the explanations and the findings
// masked. Roles, channels and codes are kept.
func (r *Redactor) Live(l *server.LiveResult) *server.LiveResult {
	if l == nil {
		return nil
	}
	c := *l
	if l.Server != nil {
		s := *l.Server
		s.URL = r.Text(s.URL)
		c.Server = &s
	}
	c.User = r.Text(l.User)
	c.Prediction = r.Prediction(l.Prediction)
	c.Attempts = make([]server.LiveAttempt, len(l.Attempts))
	for i, a := range l.Attempts {
		a.URL, a.User, a.Failure = r.Text(a.URL), r.Text(a.User), r.Text(a.Failure)
		if a.Error != nil {
			e := *a.Error
			e.Message, e.Body = r.Text(e.Message), r.Text(e.Body)
			a.Error = &e
		}
		c.Attempts[i] = a
	}
	c.Comparison = make([]server.LiveComparison, len(l.Comparison))
	for i, row := range l.Comparison {
		row.Predicted, row.Actual, row.Explanation = r.Text(row.Predicted), r.Text(row.Actual), r.Text(row.Explanation)
		c.Comparison[i] = row
	}
	c.Findings = r.Findings(l.Findings)
	return &c
}

// GeneratedConfig returns a copy of a generated provider block with its
// free text (the neo4j.conf and environment forms, which may name people
// in comments) and findings masked. The token type, audience and groups
// claim are kept: they are the set-up.
func (r *Redactor) GeneratedConfig(g *conf.GeneratedConfig) *conf.GeneratedConfig {
	if g == nil {
		return nil
	}
	c := *g
	c.Conf, c.Env, c.Helm = r.Text(g.Conf), r.Text(g.Env), r.Text(g.Helm)
	c.Settings = make([]conf.GeneratedSetting, len(g.Settings))
	for i, st := range g.Settings {
		st.Value, st.Comment = r.Text(st.Value), r.Text(st.Comment)
		c.Settings[i] = st
	}
	c.Findings = r.Findings(g.Findings)
	return &c
}
