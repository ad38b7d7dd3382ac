package abac

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The Cypher tokens an auth-rules file needs: names (plain or
// backtick-quoted), strings in single or double quotes with backslash
// escapes, numbers, and operators. Comments (// and /* */) are skipped.

type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokQuotedIdent // `backtick quoted`: never a keyword
	tokString
	tokNumber
	tokParam // $name
	tokOp    // punctuation and operators
	tokErr   // a lexical error; text is the message
)

type token struct {
	kind tokKind
	text string // identifier, unquoted string, number text, or operator
	pos  int    // byte offset of the token in the file
	end  int    // byte offset after it
	line int
}

// is reports whether t is the keyword kw (case-insensitive, unquoted).
func (t token) is(kw string) bool { return t.kind == tokIdent && strings.EqualFold(t.text, kw) }

func (t token) op(o string) bool { return t.kind == tokOp && t.text == o }

func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of statement"
	case tokString:
		return strconv.Quote(t.text)
	case tokQuotedIdent:
		return "`" + t.text + "`"
	case tokParam:
		return "$" + t.text
	}
	return "'" + t.text + "'"
}

// multiOps are the operators of more than one character, longest first.
var multiOps = []string{"<>", "!=", "<=", ">=", "=~", "..", "->", "<-", "+="}

// lexCypher splits src into tokens. A lexical error becomes a tokErr token
// covering the text up to the next ';' (or the end of the file for an
// unterminated comment or quoted name).
func lexCypher(src string) []token {
	var toks []token
	line := 1
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return append(toks, token{kind: tokErr, text: "unterminated /* comment", pos: i, end: len(src), line: line})
			}
			line += strings.Count(src[i:i+2+end], "\n")
			i += end + 4
		case c == '\'' || c == '"':
			s, n, nl, err := lexString(src[i:])
			if err != "" {
				// Resume at the next ';', so one bad string does not hide
				// the rest of the file.
				j := strings.IndexByte(src[i+1:], ';')
				if j < 0 {
					return append(toks, token{kind: tokErr, text: err, pos: i, end: len(src), line: line})
				}
				toks = append(toks, token{kind: tokErr, text: err, pos: i, end: i + 1 + j, line: line})
				line += strings.Count(src[i:i+1+j], "\n")
				i += 1 + j
				continue
			}
			toks = append(toks, token{kind: tokString, text: s, pos: i, end: i + n, line: line})
			line += nl
			i += n
		case c == '`':
			var b strings.Builder
			j := i + 1
			closed := false
			for j < len(src) {
				if src[j] == '`' {
					if j+1 < len(src) && src[j+1] == '`' {
						b.WriteByte('`')
						j += 2
						continue
					}
					closed = true
					break
				}
				b.WriteByte(src[j])
				j++
			}
			if !closed {
				return append(toks, token{kind: tokErr, text: "unterminated `quoted name`", pos: i, end: len(src), line: line})
			}
			toks = append(toks, token{kind: tokQuotedIdent, text: b.String(), pos: i, end: j + 1, line: line})
			line += strings.Count(src[i:j], "\n")
			i = j + 1
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9' && !prevIsValue(toks):
			j := i
			for j < len(src) && (isIdentByte(src[j]) || src[j] == '.' && j+1 < len(src) && src[j+1] >= '0' && src[j+1] <= '9' ||
				(src[j] == '+' || src[j] == '-') && j > i && (src[j-1] == 'e' || src[j-1] == 'E') && !strings.HasPrefix(strings.ToLower(src[i:j]), "0x")) {
				j++
			}
			toks = append(toks, token{kind: tokNumber, text: src[i:j], pos: i, end: j, line: line})
			i = j
		case c == '$':
			j := i + 1
			for j < len(src) && isIdentByte(src[j]) {
				j++
			}
			toks = append(toks, token{kind: tokParam, text: src[i+1 : j], pos: i, end: j, line: line})
			i = j
		case isIdentStart(src[i:]):
			j := i
			for j < len(src) {
				r, n := utf8.DecodeRuneInString(src[j:])
				if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
					break
				}
				j += n
			}
			toks = append(toks, token{kind: tokIdent, text: src[i:j], pos: i, end: j, line: line})
			i = j
		default:
			op := ""
			for _, m := range multiOps {
				if strings.HasPrefix(src[i:], m) {
					op = m
					break
				}
			}
			if op == "" {
				_, n := utf8.DecodeRuneInString(src[i:])
				op = src[i : i+n]
			}
			toks = append(toks, token{kind: tokOp, text: op, pos: i, end: i + len(op), line: line})
			i += len(op)
		}
	}
	return toks
}

// prevIsValue reports whether a '.' after the last token is property
// access (a.1 is not a number).
func prevIsValue(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	t := toks[len(toks)-1]
	return t.kind == tokIdent || t.kind == tokQuotedIdent || t.op(")") || t.op("]")
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func isIdentStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '_' || unicode.IsLetter(r)
}

// lexString reads a quoted string at the start of s: its value, its length
// in bytes, the newlines inside it, or an error.
func lexString(s string) (val string, n, newlines int, err string) {
	quote := s[0]
	var b strings.Builder
	i := 1
	for i < len(s) {
		c := s[i]
		switch {
		case c == quote:
			return b.String(), i + 1, newlines, ""
		case c == '\\':
			if i+1 >= len(s) {
				return "", 0, 0, "unterminated string"
			}
			e := s[i+1]
			switch e {
			case 't':
				b.WriteByte('\t')
			case 'b':
				b.WriteByte('\b')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 'f':
				b.WriteByte('\f')
			case '\'', '"', '\\':
				b.WriteByte(e)
			case 'u', 'U':
				digits := 4
				if e == 'U' {
					digits = 8
				}
				if i+2+digits > len(s) {
					return "", 0, 0, fmt.Sprintf("invalid escape \\%c in a string: want %d hex digits", e, digits)
				}
				v, perr := strconv.ParseUint(s[i+2:i+2+digits], 16, 32)
				if perr != nil || !utf8.ValidRune(rune(v)) {
					return "", 0, 0, fmt.Sprintf("invalid escape \\%c%s in a string", e, s[i+2:i+2+digits])
				}
				b.WriteRune(rune(v))
				i += 2 + digits
				continue
			default:
				return "", 0, 0, fmt.Sprintf("invalid escape sequence \\%c in a string", e)
			}
			i += 2
		default:
			if c == '\n' {
				newlines++
			}
			b.WriteByte(c)
			i++
		}
	}
	return "", 0, 0, "unterminated string"
}
