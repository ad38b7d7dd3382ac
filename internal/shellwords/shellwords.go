// Package shellwords splits a pasted command line (a cURL or docker run
// command) into its words as a POSIX shell would: single and double
// quotes, backslash escapes, backslash-newline continuation and comments.
// It expands nothing. Each word keeps where it stands in the text, and the
// control operators the shell would end a command at (; & | and newlines
// outside a continuation) are words of their own, marked as such.
package shellwords

import "strings"

// Word is one word of a command line: its text after quote removal, its
// byte offsets in the line, whether it is a control operator (; ;; & &&
// | || or a newline) rather than an argument, and whether the shell would
// expand part of it ($ or ` outside single quotes: a variable, a command
// substitution), so that its text is not what the command receives.
type Word struct {
	Text       string
	Start, End int
	Operator   bool
	Expands    bool
}

// Split is the words of s, control operators among them.
func Split(s string) []Word { return split(s, true, 0) }

// SplitN is the first n words of s (all when n <= 0), control operators
// among them: a reader that needs only the first command of a long text
// keeps its memory to that.
func SplitN(s string, n int) []Word { return split(s, true, n) }

// Args is the argument words of s, read leniently as one command: ; & |
// are characters of a word and a newline separates words, as in a cURL
// command copied with an unquoted URL.
func Args(s string) []string {
	ws := split(s, false, 0)
	args := make([]string, len(ws))
	for i, w := range ws {
		args[i] = w.Text
	}
	return args
}

func split(s string, operators bool, max int) []Word {
	var words []Word
	var cur strings.Builder
	start := -1 // start of the current word; -1 between words
	var quote byte
	expands := false
	end := func(i int) {
		if start >= 0 {
			words = append(words, Word{Text: cur.String(), Start: start, End: i, Expands: expands})
			cur.Reset()
			start, expands = -1, false
		}
	}
	for i := 0; i < len(s) && (max <= 0 || len(words) < max); i++ {
		c := s[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(s) && s[i+1] == '\n':
				i++ // a continuation inside double quotes vanishes too
			case c == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0:
				i++
				cur.WriteByte(s[i])
			default:
				expands = expands || c == '$' || c == '`'
				cur.WriteByte(c)
			}
		case c == '\\' && i+1 < len(s) && (s[i+1] == '\n' || strings.HasPrefix(s[i+1:], "\r\n")):
			// Line continuation: removed, and it does not end the word.
			i++
			if s[i] == '\r' {
				i++
			}
		case c == '\'' || c == '"':
			if start < 0 {
				start = i
			}
			quote = c
		case c == '\\' && i+1 < len(s):
			if start < 0 {
				start = i
			}
			i++
			cur.WriteByte(s[i])
		case c == ' ' || c == '\t' || c == '\r' || (c == '\n' && !operators):
			end(i)
		case c == '#' && start < 0:
			// A comment runs to the end of the line.
			for i+1 < len(s) && s[i+1] != '\n' {
				i++
			}
		case operators && (c == '\n' || c == ';' || c == '&' || c == '|'):
			end(i)
			j := i + 1
			if c != '\n' && j < len(s) && s[j] == c {
				j++ // ;; && ||
			}
			words = append(words, Word{Text: s[i:j], Start: i, End: j, Operator: true})
			i = j - 1
		default:
			if start < 0 {
				start = i
			}
			expands = expands || c == '$' || c == '`'
			cur.WriteByte(c)
		}
	}
	if max <= 0 || len(words) < max {
		end(len(s))
	}
	return words
}
