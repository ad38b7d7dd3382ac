// Package explain recognises the error texts people paste, alone or mixed
// with tokens and logs: the messages of Neo4j's SSO client (Browser,
// Bloom), Neo4j's logs, HTTP answers and status codes, the drivers'
// exceptions and the identity providers' error codes. For each it says
// the likely causes, most likely first, the check that tells them apart,
// the fix and the ssolens command to run next.
//
// The texts live in one data file, catalogue.json; every entry says
// whether its message is quoted (and from where) or reconstructed.
// catalogue_gen.go (the table the package uses) and docs/neo4j-errors.md
// are generated from it by go test ./explain -update.
package explain

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ssolens/ssolens/inspector"
	"github.com/ssolens/ssolens/internal/lazyre"
	"github.com/ssolens/ssolens/internal/safetext"
)

// Provenance says where a message comes from: Kind is "quoted" (from
// documentation or source, named in Source) or "reconstructed" (from
// reports or inference, said in Source).
type Provenance struct {
	Kind   string `json:"kind"`
	Source string `json:"source"`
}

// Provenance kinds.
const (
	Quoted        = "quoted"
	Reconstructed = "reconstructed"
)

// Entry is one error text of the catalogue. Its ID is also the code of the
// finding Annotate adds.
type Entry struct {
	ID     string `json:"id"`
	Origin string `json:"origin"` // browser, server-log, http, status, driver, idp
	// Title is the one-line summary (docs/findings.md, docs/neo4j-errors.md).
	Title    string             `json:"title"`
	Severity inspector.Severity `json:"severity"`
	// Pattern is the RE2 expression that recognises the text.
	Pattern string `json:"pattern"`
	// Needles are literal texts of which any match of Pattern holds one:
	// the pattern runs only on an input holding a needle, so a large log
	// costs a substring search per entry, not a regular expression.
	Needles    []string   `json:"needles"`
	Message    string     `json:"message"` // the text as quoted or reconstructed
	Provenance Provenance `json:"provenance"`
	Causes     []string   `json:"causes"` // most likely first
	Check      string     `json:"check"`  // what tells the causes apart
	Fix        string     `json:"fix"`
	Next       string     `json:"next"` // the ssolens command to run next
	// SuppressedBy lists more specific entries: when one of them matches
	// the input, this one is not reported.
	SuppressedBy []string `json:"suppressed_by,omitempty"`
	// Leads put a cause first when a group of the pattern holds a value:
	// "Could not parse JWT of type \"id_token\"" is most likely a missing
	// ID token, not an opaque access token.
	Leads []Lead `json:"leads,omitempty"`
	// Examples are real pastes that must yield this entry (tested).
	Examples []string `json:"examples"`

	// re compiles Pattern on first use: compiling every pattern when the
	// package loads cost every ssolens command a sixth of its start-up.
	re  func() *regexp.Regexp
	def *inspector.Def
}

// Lead makes Causes[Cause] (0-based) the most likely when the pattern's
// group Group matched exactly Equals.
type Lead struct {
	Group  int    `json:"group"`
	Equals string `json:"equals"`
	Cause  int    `json:"cause"`
}

// Origins in the order the catalogue lists them.
var Origins = []string{"browser", "server-log", "http", "status", "driver", "idp"}

// OriginTitle names an origin for people.
var OriginTitle = map[string]string{
	"browser":    "Neo4j Browser and Bloom (neo4j-client-sso)",
	"server-log": "Neo4j's security.log and debug.log",
	"http":       "Query API and HTTP answers",
	"status":     "Neo4j status codes (Bolt and HTTP)",
	"driver":     "Drivers (Python, Java, JavaScript, Go)",
	"idp":        "Identity providers (Entra ID, Okta, Google, Auth0, Keycloak)",
}

var catalogue = prepare(catalogueEntries)

// prepare readies the generated table for use.
func prepare(es []*Entry) []*Entry {
	for _, e := range es {
		e.re = lazyre.New(e.Pattern)
		e.def = inspector.Define(e.ID, e.Severity, e.Title)
	}
	return es
}

// Catalogue returns the entries, in the data file's order.
func Catalogue() []Entry {
	out := make([]Entry, len(catalogue))
	for i, e := range catalogue {
		out[i] = *e
	}
	return out
}

// Lookup returns the entry whose finding code this is.
func Lookup(code string) (Entry, bool) {
	for _, e := range catalogue {
		if e.ID == code {
			return *e, true
		}
	}
	return Entry{}, false
}

// Match is one entry recognised in an input.
type Match struct {
	Entry *Entry
	// Line is the 1-based line of the first occurrence; Count how many
	// times the text occurs.
	Line, Count int
	// Text is the first occurrence, made safe to print and shortened.
	Text string
	// Causes are the entry's causes, the most likely first for this text.
	Causes []string
}

// maxScan bounds how much of an input is searched: the catalogue's texts
// are short lines, found in pastes and log excerpts, not whole archives
// (`ssolens scan` is for those).
const maxScan = 4 << 20

// readChunk is how much FindReader searches at a time (a variable for the
// tests).
var readChunk = maxScan

// Find recognises the catalogue's texts in an input, in catalogue order.
// Percent- and plus-encoded text (a redirect URL's error_description) is
// searched decoded too.
func Find(input []byte) []Match {
	if len(input) > maxScan {
		input = input[:maxScan]
	}
	return suppress(findIn(string(input), 0))
}

// FindReader is Find over a whole log or HAR of any size: it reads r a
// chunk of whole lines at a time (readChunk bytes at most, a longer line
// cut), so memory stays bounded, and gives each entry recognised once,
// at its first line, with the count of all its occurrences.
func FindReader(r io.Reader) ([]Match, error) {
	var ms []Match
	at := map[string]int{} // entry ID → its match in ms
	buf := make([]byte, readChunk)
	kept, line := 0, 0 // bytes carried over from the last chunk; lines before the chunk
	for {
		n, err := io.ReadFull(r, buf[kept:])
		n += kept
		end := n
		if err == nil {
			if nl := bytes.LastIndexByte(buf[:n], '\n'); nl >= 0 {
				end = nl + 1 // whole lines; the rest starts the next chunk
			}
		}
		// The catalogue is matched only where it can match: the lines
		// around a needle (a regular expression over a whole chunk costs
		// seconds a log of tokens, whose base64 holds "jwk" by chance).
		chunk := string(buf[:end])
		before, upTo := line, 0 // lines before chunk[upTo:]
		for _, r := range needles().regions(chunk) {
			before += strings.Count(chunk[upTo:r[0]], "\n")
			upTo = r[0]
			for _, m := range findIn(chunk[r[0]:r[1]], before) {
				if i, ok := at[m.Entry.ID]; ok {
					ms[i].Count += m.Count
					continue
				}
				at[m.Entry.ID] = len(ms)
				ms = append(ms, m)
			}
		}
		line += bytes.Count(buf[:end], []byte{'\n'})
		kept = copy(buf, buf[end:n])
		if err != nil {
			slices.SortFunc(ms, func(a, b Match) int { // catalogue order, as Find's
				return slices.Index(catalogue, a.Entry) - slices.Index(catalogue, b.Entry)
			})
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return suppress(ms), nil
			}
			return suppress(ms), err
		}
	}
}

// findIn recognises the catalogue's texts in text, whose first line is
// line+1 of the input, before suppression.
func findIn(text string, line int) []Match {
	decoded := ""
	if strings.Contains(text, "%") || strings.Contains(text, "error_description=") {
		decoded = decodeLines(text)
	}
	ns := needles()
	inText := ns.in(text)
	var inDecoded []bool
	if decoded != "" {
		inDecoded = ns.in(decoded)
	}
	var ms []Match
	for _, e := range catalogue {
		src := text
		var locs [][]int
		if ns.holds(e, inText, text) {
			locs = e.re().FindAllStringIndex(src, -1)
		}
		if len(locs) == 0 && decoded != "" && ns.holds(e, inDecoded, decoded) {
			src = decoded
			locs = e.re().FindAllStringIndex(src, -1)
		}
		if len(locs) == 0 {
			continue
		}
		first := locs[0]
		ms = append(ms, Match{Entry: e, Line: line + 1 + strings.Count(src[:first[0]], "\n"), Count: len(locs),
			Text: safe(src[first[0]:first[1]], 200), Causes: e.causesFor(e.re().FindStringSubmatch(src[first[0]:]))})
	}
	return ms
}

// suppress drops the matches a more specific match makes redundant.
func suppress(ms []Match) []Match {
	found := map[string]bool{}
	for _, m := range ms {
		found[m.Entry.ID] = true
	}
	return slices.DeleteFunc(ms, func(m Match) bool {
		return slices.ContainsFunc(m.Entry.SuppressedBy, func(id string) bool { return found[id] })
	})
}

// causesFor orders the causes for one match's groups.
func (e *Entry) causesFor(groups []string) []string {
	for _, l := range e.Leads {
		if l.Group < len(groups) && groups[l.Group] == l.Equals && l.Cause < len(e.Causes) {
			out := []string{e.Causes[l.Cause]}
			for i, c := range e.Causes {
				if i != l.Cause {
					out = append(out, c)
				}
			}
			return out
		}
	}
	return e.Causes
}

// Annotate adds a finding for each catalogue text recognised in the input
// the report was made from. A recognised text is an answer: the report's
// no-token-found and json-not-token findings go (a Query API error body
// is JSON with no token), and so does an opaque "token" that is itself a
// recognised text (a status code pasted alone, read as one word).
func Annotate(rep *inspector.Report, input []byte) {
	ms := Find(input)
	if len(ms) == 0 {
		return
	}
	rep.Findings = slices.DeleteFunc(rep.Findings, func(f inspector.Finding) bool {
		return f.Code == "no-token-found" || f.Code == "json-not-token"
	})
	rep.Tokens = slices.DeleteFunc(rep.Tokens, func(t *inspector.Token) bool {
		return t.Kind == inspector.KindOpaque && len(Find([]byte(t.Raw))) > 0
	})
	if len(rep.Tokens) == 0 && rep.Input.Form == inspector.FormToken {
		rep.Input.Form = inspector.FormText
	}
	for _, m := range ms {
		rep.Findings = append(rep.Findings, m.Finding())
	}
	inspector.SortFindings(rep.Findings)
}

// Finding says what the match means: the causes in the message; the fix
// and the check in the fix; the next command in Command; where and what in
// the evidence.
func (m Match) Finding() inspector.Finding {
	e := m.Entry
	var msg strings.Builder
	msg.WriteString(e.Title)
	msg.WriteString(" Likely causes, most likely first:")
	causes := m.Causes
	if causes == nil {
		causes = e.Causes
	}
	for i, c := range causes {
		fmt.Fprintf(&msg, " (%d) %s", i+1, c)
	}
	fix := e.Fix + " To tell the causes apart: " + e.Check
	times := ""
	if m.Count > 1 {
		times = fmt.Sprintf(" (%d times)", m.Count)
	}
	ev := fmt.Sprintf("line %d%s: %s · %s text (%s)", m.Line, times, m.Text, e.Provenance.Kind, e.Provenance.Source)
	return e.def.New(msg.String(), fix, ev).WithCommand(e.Next)
}

// safe makes pasted text safe to show on one line (internal/safetext)
// and cuts it at n runes.
func safe(s string, n int) string {
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n]) + "…"
	}
	return safetext.Line(s)
}

// unescapeLenient decodes + and valid %XX escapes and leaves the rest, so
// one stray % does not hide the whole text.
// decodeLines is text with each line that holds '%' or error_description=
// percent- and plus-decoded, and its other lines as they are; a line
// break decoding makes is a space, so that the lines stay the text's.
func decodeLines(text string) string {
	var b strings.Builder
	for line := range strings.Lines(text) {
		if !encodedLine(line) {
			b.WriteString(line)
			continue
		}
		body, nl := strings.CutSuffix(line, "\n")
		b.WriteString(strings.NewReplacer("\n", " ", "\r", " ").Replace(unescapeLenient(body)))
		if nl {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// encodedLine reports whether findIn decodes line: it holds '%' or
// error_description= (a redirect URL's, form-encoded with '+').
func encodedLine(line string) bool {
	return strings.Contains(line, "%") || strings.Contains(line, "error_description=")
}

func unescapeLenient(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
