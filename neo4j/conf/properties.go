package conf

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/lazyre"
)

// MaxConfBytes bounds what ParseConf and ParseEnv read. A real neo4j.conf is
// a few tens of kilobytes.
const MaxConfBytes = 16 << 20

// Charset is the character set the file is decoded with.
type Charset string

const (
	// Latin1 is Neo4j's default: java.util.Properties over ISO-8859-1, so
	// every byte ≥ 0x80 is one Latin-1 character (spec §3.0).
	Latin1 Charset = "ISO-8859-1"
	// UTF8 is what Neo4j 5+ uses when NEO4J_CONFIG_FILE_CHARSET=UTF-8.
	UTF8 Charset = "UTF-8"
)

// Option changes how a file is read.
type Option func(*options)

type options struct {
	charset Charset
}

// WithCharset reads the file in another charset, like Neo4j 5+ does with the
// environment variable NEO4J_CONFIG_FILE_CHARSET.
func WithCharset(cs Charset) Option { return func(o *options) { o.charset = cs } }

// Conf is a configuration as Neo4j reads it: every entry in file order,
// duplicates included.
type Conf struct {
	Name    string  `json:"file"`
	Form    string  `json:"form"` // "neo4j.conf", "env file", "compose environment", "docker run command" or "Helm values (config:)"
	Charset Charset `json:"charset"`
	// ExpandsCommands says the deployment runs Neo4j with
	// --expand-commands, as the Helm chart does (EXTENDED_CONF=yes).
	ExpandsCommands bool `json:"expands_commands,omitempty"`
	// Lines is the number of physical lines in the file.
	Lines   int     `json:"lines"`
	Entries []Entry `json:"entries"`
	// Findings are problems seen while reading the file itself (a space after
	// a trailing backslash, a bad \u escape, mojibake). Lint reports them.
	// At most MaxFindingsPerCode of one code are listed.
	Findings []inspector.Finding `json:"findings,omitempty"`

	cap FindingCap
}

// add records a finding of the file, within the caps.
func (c *Conf) add(f inspector.Finding) { c.Findings = c.cap.Add(c.Findings, masked(f)) }

// Entry is one key=value pair as java.util.Properties returns it.
type Entry struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	// Line is the 1-based line where the entry starts; EndLine is the last
	// physical line of a value continued with backslashes.
	Line    int `json:"line"`
	EndLine int `json:"end_line"`
	// Raw is the text of the entry's physical lines as written (an env-file
	// line for the Docker form).
	Raw string `json:"raw"`
	// breaks records where continuation lines start inside Value.
	breaks []lineBreak
}

type lineBreak struct{ offset, line int }

// LineAt returns the physical line of the byte at offset off in Value, so a
// mapping entry in a continued group_to_role_mapping names its own line.
func (e *Entry) LineAt(off int) int {
	i := sort.Search(len(e.breaks), func(i int) bool { return e.breaks[i].offset > off })
	if i == 0 {
		return e.Line
	}
	return e.breaks[i-1].line
}

// Get returns the last value declared for key (the one Neo4j keeps) and
// whether it was declared.
func (c *Conf) Get(key string) (Entry, bool) {
	for i := len(c.Entries) - 1; i >= 0; i-- {
		if c.Entries[i].Key == key {
			return c.Entries[i], true
		}
	}
	return Entry{}, false
}

// ParseConf reads a neo4j.conf with java.util.Properties.load semantics
// (spec §3.0). It fails only when the input cannot be a configuration file
// (too large, binary); anything Neo4j would trip over is a finding.
func ParseConf(r io.Reader, name string, opts ...Option) (*Conf, error) {
	o := options{charset: Latin1}
	for _, opt := range opts {
		opt(&o)
	}
	data, err := readLimited(r, name)
	if err != nil {
		return nil, err
	}
	c := &Conf{Name: name, Form: "neo4j.conf", Charset: o.charset}
	text := decode(data, o.charset, c)
	p := newLineIndex(text)
	c.Lines = p.count()
	readProperties(text, p, c)
	checkContinuationSpaces(c)
	c.Findings = c.cap.Summarise(c.Findings)
	return c, nil
}

func readLimited(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxConfBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > MaxConfBytes {
		return nil, fmt.Errorf("%s is larger than %d MiB: not a neo4j.conf; check the path", name, MaxConfBytes>>20)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, fmt.Errorf("%s holds a NUL byte at offset %d: it is a binary file, not a neo4j.conf; check the path", name, i)
	}
	return data, nil
}

// decode turns bytes into characters the way Java's InputStreamReader does:
// ISO-8859-1 maps each byte to one character, UTF-8 replaces malformed input
// with U+FFFD.
func decode(data []byte, cs Charset, c *Conf) []rune {
	text := make([]rune, 0, len(data))
	if cs != UTF8 {
		for _, b := range data {
			text = append(text, rune(b))
		}
		noteMojibake(data, c)
		return text
	}
	line, reported := 1, false
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 && !reported {
			reported = true
			c.add(FindConfInvalidUTF8.Newf(
				"Save the file as UTF-8, or read it as ISO-8859-1 (Neo4j's default) by unsetting NEO4J_CONFIG_FILE_CHARSET.",
				fmt.Sprintf("%s line %d, byte offset %d", c.Name, line, i),
				"The file is read as UTF-8 but byte 0x%02X on line %d is not valid UTF-8; Java replaces it with U+FFFD, so the value changes.", data[i], line))
		}
		if data[i] == '\n' {
			line++
		}
		text = append(text, r)
		i += n
	}
	return text
}

// noteMojibake warns when an ISO-8859-1 read file holds UTF-8 multi-byte
// sequences: Neo4j sees "Ã©" where the author wrote "é" (spec §3.0, §9.5).
func noteMojibake(data []byte, c *Conf) {
	line := 1
	for i := 0; i < len(data); i++ {
		if data[i] == '\n' {
			line++
			continue
		}
		if data[i] < 0x80 {
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError || n < 2 {
			return // genuine Latin-1 text: Neo4j reads it as written
		}
		lineText := data[bytes.LastIndexByte(data[:i], '\n')+1:]
		if j := bytes.IndexAny(lineText, "\r\n"); j >= 0 {
			lineText = lineText[:j]
		}
		c.add(FindConfCharset.Newf(
			fmt.Sprintf("Write the character as \\u%04X (Java escape), or start Neo4j 5+ with NEO4J_CONFIG_FILE_CHARSET=UTF-8.", r),
			fmt.Sprintf("%s line %d: %s", c.Name, line, ClipText(string(lineText), 120)),
			"Line %d holds UTF-8 text (%q) but Neo4j reads neo4j.conf as ISO-8859-1, so it sees %q instead: a group name or display name with it will not match.",
			line, string(r), ReadAsLatin1(string(data[i:i+n]))))
		return
	}
}

// lineIndex maps character positions to 1-based physical lines.
type lineIndex struct{ starts []int }

func newLineIndex(text []rune) *lineIndex {
	p := &lineIndex{starts: []int{0}}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			p.starts = append(p.starts, i+1)
		case '\n':
			p.starts = append(p.starts, i+1)
		}
	}
	return p
}

func (p *lineIndex) line(pos int) int {
	return sort.Search(len(p.starts), func(i int) bool { return p.starts[i] > pos })
}

func (p *lineIndex) count() int {
	return len(p.starts)
}

// cont marks where a continuation line begins in a logical line's buffer.
type cont struct{ buf, pos int }

// readProperties is java.util.Properties.LineReader plus load0 (JDK 9+):
// comments, blank lines, backslash continuation, key/separator/value split.
func readProperties(text []rune, p *lineIndex, c *Conf) {
	var buf []rune
	var conts []cont
	i, n := 0, len(text)
	for i < n {
		buf, conts = buf[:0], conts[:0]
		skipWS, appended, backslash, isNew, skipLF := true, false, false, true, false
		start, end := -1, n
		emit := false
		for i < n {
			ch := text[i]
			i++
			if skipLF {
				skipLF = false
				if ch == '\n' {
					continue
				}
			}
			if skipWS {
				if ch == ' ' || ch == '\t' || ch == '\f' {
					continue
				}
				if !appended && (ch == '\r' || ch == '\n') {
					continue
				}
				if appended {
					conts = append(conts, cont{buf: len(buf), pos: i - 1})
				}
				skipWS, appended = false, false
			}
			if isNew {
				isNew = false
				start = i - 1
				if ch == '#' || ch == '!' {
					for i < n && text[i] != '\n' && text[i] != '\r' {
						i++
					}
					skipWS, isNew = true, true
					continue
				}
			}
			if ch != '\n' && ch != '\r' {
				buf = append(buf, ch)
				if ch == '\\' {
					backslash = !backslash
				} else {
					backslash = false
				}
				continue
			}
			if len(buf) == 0 {
				skipWS, isNew = true, true
				continue
			}
			if backslash {
				buf = buf[:len(buf)-1]
				skipWS, appended, backslash = true, true, false
				if ch == '\r' {
					skipLF = true
				}
				continue
			}
			end, emit = i-1, true
			break
		}
		if !emit {
			if len(buf) == 0 {
				return
			}
			if backslash {
				buf = buf[:len(buf)-1]
			}
		}
		addEntry(text, p, c, buf, conts, start, end)
	}
}

func addEntry(text []rune, p *lineIndex, c *Conf, buf []rune, conts []cont, start, end int) {
	limit := len(buf)
	keyLen, valueStart := 0, limit
	hasSep, backslash := false, false
	for keyLen < limit {
		ch := buf[keyLen]
		if (ch == '=' || ch == ':') && !backslash {
			valueStart, hasSep = keyLen+1, true
			break
		} else if (ch == ' ' || ch == '\t' || ch == '\f') && !backslash {
			valueStart = keyLen + 1
			break
		}
		if ch == '\\' {
			backslash = !backslash
		} else {
			backslash = false
		}
		keyLen++
	}
	for valueStart < limit {
		ch := buf[valueStart]
		if ch != ' ' && ch != '\t' && ch != '\f' {
			if !hasSep && (ch == '=' || ch == ':') {
				hasSep = true
			} else {
				break
			}
		}
		valueStart++
	}
	lineStart := p.starts[p.line(start)-1]
	e := Entry{Line: p.line(start), EndLine: p.line(max(end-1, start)), Raw: string(text[lineStart:end])}
	var bad badEscapes
	e.Key, _ = loadConvert(buf[:keyLen], 0, nil, p, &bad)
	e.Value, e.breaks = loadConvert(buf[valueStart:], valueStart, conts, p, &bad)
	for i, b := range bad.first {
		c.add(FindConfBadUnicodeEscape.Newf(
			`Write \u followed by exactly four hex digits (\u00e9), or double the backslash (\\u) to keep it literally.`,
			fmt.Sprintf("%s line %d: %s", c.Name, e.Line, ClipText(e.Raw, 160)),
			"Malformed \\uxxxx encoding. Java's Properties.load throws this for %q in %s, so Neo4j cannot read its configuration and does not start.%s", b, describeKey(ClipText(e.Key, MaxQuotedRunes)), bad.moreNote(i)))
	}
	c.Entries = append(c.Entries, e)
}

func describeKey(k string) string {
	if k == "" {
		return "an entry"
	}
	return "'" + k + "'"
}

// loadConvert is Properties.loadConvert: \t \n \r \f \uXXXX escapes, \x → x.
// A malformed \u escape is recorded in bad and kept literally. base is the
// offset of in within the logical line, to translate continuation marks.
func loadConvert(in []rune, base int, conts []cont, p *lineIndex, bad *badEscapes) (string, []lineBreak) {
	var out strings.Builder
	var breaks []lineBreak
	ci := 0
	for ci < len(conts) && conts[ci].buf < base {
		ci++
	}
	for off := 0; off < len(in); {
		for ci < len(conts) && conts[ci].buf <= base+off {
			breaks = append(breaks, lineBreak{offset: out.Len(), line: p.line(conts[ci].pos)})
			ci++
		}
		ch := in[off]
		off++
		if ch != '\\' || off >= len(in) {
			out.WriteRune(ch)
			continue
		}
		ch = in[off]
		off++
		switch ch {
		case 'u':
			v, ok := 0, off+4 <= len(in)
			for k := 0; ok && k < 4; k++ {
				d := hexVal(in[off+k])
				if d < 0 {
					ok = false
					break
				}
				v = v<<4 | d
			}
			if !ok {
				bad.add(`\u` + string(in[off:min(off+4, len(in))]))
				out.WriteString(`\u`)
				continue
			}
			r := rune(v)
			off += 4
			// A UTF-16 surrogate pair (\ud83d\ude00) is one character, as
			// Java's String holds it.
			if r >= 0xD800 && r < 0xDC00 && off+6 <= len(in) && in[off] == '\\' && in[off+1] == 'u' {
				if lo, ok := hex4(in[off+2 : off+6]); ok && lo >= 0xDC00 && lo <= 0xDFFF {
					r = utf16.DecodeRune(r, rune(lo))
					off += 6
				}
			}
			out.WriteRune(r)
		case 't':
			out.WriteByte('\t')
		case 'r':
			out.WriteByte('\r')
		case 'n':
			out.WriteByte('\n')
		case 'f':
			out.WriteByte('\f')
		default:
			out.WriteRune(ch)
		}
	}
	return out.String(), breaks
}

// hex4 reads four hex digits.
func hex4(in []rune) (int, bool) {
	v := 0
	for _, r := range in {
		d := hexVal(r)
		if d < 0 {
			return 0, false
		}
		v = v<<4 | d
	}
	return v, true
}

func hexVal(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= 'a' && r <= 'f':
		return int(r-'a') + 10
	case r >= 'A' && r <= 'F':
		return int(r-'A') + 10
	}
	return -1
}

// calloutTrap matches an AsciiDoc callout copied after a continuation
// backslash: "reader; \ #<1>" (spec §3.0).
var calloutTrap = lazyre.New(`\\[ \t\f]+(#|//)?\s*<\d+>[ \t\f]*$`)

// checkContinuationSpaces finds lines whose backslash is followed by
// whitespace: Java reads "\ " as an escaped space, so the value ends there and
// the next line becomes an entry of its own (spec §3.0, §9.6).
func checkContinuationSpaces(c *Conf) {
	for k := range c.Entries {
		e := &c.Entries[k]
		lines := splitPhysical(e.Raw)
		for j, l := range lines {
			trimmed := strings.TrimRight(l, " \t\f")
			next := ""
			if k+1 < len(c.Entries) {
				next = c.Entries[k+1].Key
			}
			line := e.Line + j
			switch {
			case calloutTrap().MatchString(l):
				c.add(FindConfCallout.Newf(
					"Delete the AsciiDoc callout (#<1>, <1>) so the line ends with the backslash and nothing after it.",
					fmt.Sprintf("%s line %d: %s", c.Name, line, ClipText(l, 160)),
					"Line %d ends with a documentation callout after the backslash: Java reads \"\\ \" as an escaped space, so the value of '%s' stops here and the next line is read as a separate setting%s.",
					line, e.Key, nextKeyNote(next)))
			case trimmed != l && trailingBackslashes(trimmed)%2 == 1:
				c.add(FindConfContinuationSpace.Newf(
					"Delete the spaces after the backslash at the end of the line.",
					fmt.Sprintf("%s line %d: %q", c.Name, line, l),
					"Line %d has whitespace after its trailing backslash: Java reads \"\\ \" as an escaped space, not a line continuation, so the value of '%s' ends here and the next line is read as a separate setting%s.",
					line, e.Key, nextKeyNote(next)))
			}
		}
	}
}

func nextKeyNote(next string) string {
	if next == "" {
		return ""
	}
	return fmt.Sprintf(" (named '%s')", next)
}

func trailingBackslashes(s string) int {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n
}

func splitPhysical(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Split(strings.ReplaceAll(s, "\r", "\n"), "\n")
}

// ReadAsLatin1 is text as a reader of ISO-8859-1 makes of its UTF-8 bytes (as
// Neo4j reads neo4j.conf by default, spec §3.0): one character a byte.
func ReadAsLatin1(text string) string {
	r := make([]rune, len(text))
	for i := 0; i < len(text); i++ {
		r[i] = rune(text[i])
	}
	return string(r)
}
