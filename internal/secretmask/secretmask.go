// Package secretmask masks secrets in free text by their name or place:
// the one rule behind SSO Lens's redaction (report.Redactor, presenter
// mode) and the context a scan shows around each token, which is written
// by the inspector, below the report.
package secretmask

import (
	"regexp"
	"strings"

	"github.com/ssolens/ssolens/internal/lazyre"
)

// Redacted is what stands in for a secret.
const Redacted = "‹redacted›"

var (
	// assignment is name=value, name: value or "name":"value" for a
	// secret's name, in snake or camel case (client_secret, clientSecret):
	// client_secret in token_params, a password in a cURL command or a
	// JSON log line, an X-API-Key header. A quoted value is masked to its
	// closing quote, spaces and all.
	assignment = lazyre.New(`(?i)((?:client_?secret|secret|password|passwd|pwd|code_?verifier|refresh_?token|client_?assertion|api[_-]?key|private_?key)"?\s*[:=]\s*)("[^"\r\n]*"|[^\s"&;,]+)`)
	// cookie is a Cookie or Set-Cookie header's value, to the end of the
	// line or of the quoted string that holds it.
	cookie = lazyre.New(`(?i)\b((?:set-)?cookie"?\s*:\s*"?)([^"\r\n]+)`)
	// userinfo is the password of a URL's user:password@.
	userinfo = lazyre.New(`(?i)\b([a-z][a-z0-9+.\-]*://[^\s/:@"]*:)([^\s/@"]+)(@)`)
	// bearer is the credential after "Bearer " or "Basic ", whatever its
	// shape.
	bearer = lazyre.New(`(?i)\b((?:bearer|basic)\s+)([A-Za-z0-9\-_.~+/]+=*)`)
)

// secretName matches claim and parameter names whose values are secrets.
var secretName = lazyre.New(`(?i)secret|password|passwd|credential|api_?key|private|refresh|(^|_)token$|assertion|verifier`)

// Name reports whether a claim or parameter of this name holds a secret
// (client_secret, refresh_token, code_verifier, a password).
func Name(name string) bool { return secretName().MatchString(name) }

// Assignments masks the secrets that their name or place gives away:
// name=value for a secret's name, cookie headers, and the password of a
// URL. A placeholder ("…", "$SECRET", "<secret>") is left as written.
func Assignments(s string) string {
	if assign, _ := triggers(s); !assign {
		return s // most text names no secret: no expression is run
	}
	for _, re := range []func() *regexp.Regexp{assignment, cookie} {
		if !re().MatchString(s) {
			continue
		}
		s = re().ReplaceAllStringFunc(s, func(m string) string {
			sub := re().FindStringSubmatch(m)
			value, quoted := sub[2], false
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value, quoted = value[1:len(value)-1], true
			}
			switch {
			case placeholder(value):
				return m
			case quoted:
				return sub[1] + `"` + Redacted + `"`
			}
			return sub[1] + Redacted
		})
	}
	if strings.Contains(s, "@") && userinfo().MatchString(s) {
		s = userinfo().ReplaceAllString(s, "${1}"+Redacted+"${3}")
	}
	return s
}

// Bearer masks the credential after "Bearer " or "Basic ", unless it is
// already masked or a word of prose ("a bearer token").
func Bearer(s string) string {
	if !bearer().MatchString(s) {
		return s
	}
	return bearer().ReplaceAllStringFunc(s, func(m string) string {
		sub := bearer().FindStringSubmatch(m)
		if strings.HasPrefix(sub[2], "‹") || proseWord(sub[2]) {
			return m
		}
		return sub[1] + Redacted
	})
}

// Text is Assignments and Bearer, each run only where a word it needs is
// in s: most text (a log line around a token) has none, and is not
// searched by an expression at all.
func Text(s string) string {
	assign, cred := triggers(s)
	if assign {
		s = Assignments(s)
	}
	if cred {
		s = Bearer(s)
	}
	return s
}

// assignWords are the words, in lower case, one of which comes with every
// secret Assignments masks ("://" only with an "@").
var assignWords = []string{"secret", "pass", "pwd", "key", "cookie", "verifier", "refresh", "assertion", "://"}

// triggers reports, in one pass over s, whether s has a word Assignments
// needs, and whether a "Bearer" or "Basic" in it is followed by a
// credential that is not masked yet.
func triggers(s string) (assign, cred bool) {
	for i := 0; i < len(s) && !(assign && cred); i++ {
		switch c := s[i] | 0x20; c {
		case 'b':
			for _, w := range []string{"bearer", "basic"} {
				if hasPrefixFold(s[i:], w) {
					j := i + len(w)
					for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' || s[j] == '\f' || s[j] == '\v') {
						j++
					}
					cred = cred || (j > i+len(w) && j < len(s) && credByte(s[j]))
				}
			}
		case 's', 'p', 'k', 'c', 'v', 'r', 'a', ':' | 0x20:
			for _, w := range assignWords {
				if w[0] == c && hasPrefixFold(s[i:], w) {
					assign = assign || w != "://" || strings.Contains(s, "@")
				}
			}
		}
	}
	return assign, cred
}

// hasPrefixFold is strings.HasPrefix for an ASCII lower-case prefix, in
// any case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if c := s[i]; c|0x20 != prefix[i] && c != prefix[i] {
			return false
		}
	}
	return true
}

// credByte reports whether c can start a credential after Bearer or Basic.
func credByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/'
}

// placeholder reports whether a secret's value stands in for one: "...",
// "…", "$CLIENT_SECRET", "${SECRET}", "<secret>", or the message of a
// shell's ${CLIENT_SECRET:?message}. It is shown as written.
func placeholder(v string) bool {
	return strings.Trim(v, ".…") == "" || envReference().MatchString(v) || strings.HasPrefix(v, "<") || strings.HasPrefix(v, "?")
}

// envReference is $NAME (upper case, as environment variables are named)
// or ${NAME…}: a shell or env reference, not a value.
var envReference = lazyre.New(`^\$(?:[A-Z_][A-Z0-9_]*$|\{[A-Za-z_][A-Za-z0-9_]*(?:[:?}].*)?$)`)

// proseWord reports whether the word after "bearer" or "basic" is prose
// ("a bearer token", "HTTP Basic Authentication."): letters only, lower
// case but for the first, short, with the sentence's own full stop.
func proseWord(v string) bool {
	v = strings.TrimRight(v, ".")
	if len(v) > 16 || v == "" {
		return false
	}
	for i, c := range v {
		if !(c >= 'a' && c <= 'z' || i == 0 && c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
