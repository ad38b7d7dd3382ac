package inspector

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ssolens/ssolens/internal/par"
	"github.com/ssolens/ssolens/internal/secretmask"
)

// Location is where Scan found a token.
type Location struct {
	Offset int64 `json:"offset"` // byte offset of the token's first byte
	Line   int   `json:"line"`   // 1-based
	// Context is the text around the token on its line, with the token
	// itself, and anything else token-shaped, masked.
	Context string `json:"context"`
}

// ScanOptions bound a scan. Zero values take the defaults.
type ScanOptions struct {
	Options
	// MaxTokens is how many distinct tokens are kept (default 10,000).
	MaxTokens int
	// MaxLocations is how many locations are kept per token (default 50);
	// Occurrences still counts them all.
	MaxLocations int
	// FirstContextOnly leaves Context empty in every location but each
	// token's first, for a report that shows no other (the text one).
	FirstContextOnly bool
}

const (
	scanMaxToken    = 64 << 10 // longest token Scan recognises
	scanLookbehind  = 640      // bytes kept before the search point: role words, context and the secrets near it (scanReach)
	scanContext     = 60       // bytes of context on each side
	scanMaxDistinct = 10000
	scanMaxLocs     = 50
	scanMaxBytes    = 64 << 20 // total size of distinct tokens kept
	minOpaqueLen    = 16
)

// FindScanLimit is reported when a scan met more tokens than it keeps.
var FindScanLimit = Define("scan-limit-reached", SeverityWarning, "The scan found more distinct tokens than it keeps; later ones were counted but not listed.")

type scanEntry struct {
	raw    string
	source string
	locs   []Location
	count  int
	// header is the defective Authorization header scheme the token was
	// first found after ("Bearer Bearer ", "Bearer: "), at headerLine;
	// "" when it never was.
	header     string
	headerLine int
	// basicUser is the user name of the Basic credentials the token was
	// first found as the password of, at basicLine (source
	// SourceBasicPassword).
	basicUser string
	basicLine int
}

// Scan finds every token in arbitrary text (logs, HAR files, request dumps,
// security.log) and decodes each distinct one. It streams: memory stays
// bounded whatever the size of r. Tokens come out in order of first
// appearance, each with the places it was found.
func Scan(r io.Reader, opts ScanOptions) (*Report, error) {
	f, err := FindTokens(r, opts)
	return f.Report(), err
}

// Found is what a scan found, before decoding: the input, each distinct
// token in order of first appearance with the places it was found, and
// the scan's own findings.
type Found struct {
	Input    InputInfo
	Findings []Finding
	entries  []*scanEntry
	opts     Options
}

// FindTokens is Scan without the decoding: Found.Token decodes each token
// when it is wanted, so a report written a token at a time need not hold
// every decoded token at once. An r that can be read at its places (a
// SizedReaderAt, a regular file at its start) is, a window per core at a
// time; others are streamed.
func FindTokens(r io.Reader, opts ScanOptions) (*Found, error) {
	if opts.MaxTokens <= 0 {
		opts.MaxTokens = scanMaxDistinct
	}
	if opts.MaxLocations <= 0 {
		opts.MaxLocations = scanMaxLocs
	}
	s := &scanner{opts: opts, seen: map[string]*scanEntry{}}
	var n int64
	var err error
	if ra, ok := readableAt(r); ok {
		n, err = s.runAt(ra)
	} else {
		n, err = s.run(r)
	}
	f := &Found{Input: InputInfo{Form: FormText, Bytes: int(n)}, Findings: []Finding{}, entries: s.order, opts: opts.Options}
	if s.dropped > 0 {
		f.Findings = append(f.Findings, FindScanLimit.Newf(
			"Split the input, or filter it (for example by time range) before scanning.",
			fmt.Sprintf("%d kept, %d more", len(s.order), s.dropped),
			"The input holds more distinct tokens than the %d SSO Lens keeps; %d more were seen but not listed.", opts.MaxTokens, s.dropped))
	}
	return f, err
}

// Report decodes every token found, on every core (a few on one: each is
// its own work), into the report Scan returns.
func (f *Found) Report() *Report {
	rep := &Report{Input: f.Input, Tokens: make([]*Token, f.Len()), Findings: f.Findings}
	par.Each(f.Len(), min(scanProcs(), f.Len()/scanDecodeMin), func(i int) { rep.Tokens[i] = f.Token(i) })
	return rep
}

// Len is how many distinct tokens were found.
func (f *Found) Len() int { return len(f.entries) }

// Token decodes the i-th distinct token, as Scan reports it. It may be
// called from several goroutines at once.
func (f *Found) Token(i int) *Token {
	e := f.entries[i]
	var t *Token
	if e.source == sourceLoggedClaims {
		t = decodeLoggedClaims(e.raw, f.opts)
	} else {
		t = Decode(e.raw, e.source, f.opts)
	}
	t.Locations = e.locs
	t.Occurrences = e.count
	if e.header != "" {
		// The header's defects, as Inspect finds them in a pasted header.
		if _, fs, ok := readBearerHeader(e.header + e.raw); ok {
			for i := range fs {
				fs[i].Evidence += fmt.Sprintf(" (line %d)", e.headerLine)
			}
			t.Findings = append(t.Findings, fs...)
		}
	}
	if e.basicLine > 0 {
		f := basicTokenFinding(e.basicUser, "Authorization: Basic")
		f.Evidence += fmt.Sprintf(" (line %d)", e.basicLine)
		t.Findings = append(t.Findings, f)
	}
	SortFindings(t.Findings)
	return t
}

// scanTokens is Scan over text already in memory, for Inspect.
func scanTokens(input []byte, opts Options) []*Token {
	rep, _ := Scan(bytes.NewReader(input), ScanOptions{Options: opts})
	return rep.Tokens
}

type scanner struct {
	opts    ScanOptions
	seen    map[string]*scanEntry
	order   []*scanEntry
	kept    int // bytes of distinct tokens kept
	dropped int
	parts   []scanPart // one per part of a window, reused between windows
}

// scanHit is a token found in a window: where it starts and ends, what
// kind of place it stood in, and what the search worked out beside it for
// record: the newlines between its part's start and it, its context, and
// its entry when it was known before the window.
type scanHit struct {
	start, end int
	// lead is how far before start the hit's evidence begins: the keyword
	// of a token found after one (Bearer, id_token :). A hit whose keyword
	// lies inside a token recorded before is no hit, in a window or a part
	// of one as in a single search (findAfterKeyword resumes after a value).
	lead    int
	source  string
	lines   int
	context string
	entry   *scanEntry
	looked  bool   // entry is set (findJOSE looks tokens up)
	raw     string // the token, copied out of buf when it was not known
	// header is how far before start a defective Authorization scheme
	// begins ("Bearer Bearer ", "Bearer: "); 0 when none stands there.
	header int
	// inner is the token of Basic credentials (buf[start:end]), their
	// password, and user their user name; "" for other hits.
	inner, user string
}

// lookup is the entry of the token a hit found, if seen before: by the
// bytes at the hit, or the password its Basic credentials decode to.
func (s *scanner) lookup(buf []byte, h *scanHit) *scanEntry {
	if h.inner != "" {
		return s.seen[h.inner]
	}
	return s.seen[string(buf[h.start:h.end])] // no allocation for a lookup
}

// scanPart is what the search of one part of a window found: its hits in
// order of position, and the newlines in it.
type scanPart struct {
	hits  []scanHit
	lines int
}

// scanOverlap is how much of a window the next one starts with: the
// longest token, and room to look back before and after it.
const scanOverlap = scanMaxToken + 2*scanLookbehind

// scanInput is one window of the input: the bytes from offset base, and
// whether they run to its end.
type scanInput struct {
	buf  []byte
	base int64
	eof  bool
	err  error
}

func (s *scanner) run(r io.Reader) (int64, error) {
	// Small inputs (a pasted log) are read into a small buffer and searched
	// at once. Larger ones are read a window at a time by a goroutine of
	// their own, the next window while this one is searched.
	first := make([]byte, 32<<10)
	n, err := io.ReadFull(r, first)
	first = first[:n]
	if err != nil {
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return int64(n), fmt.Errorf("reading input at byte %d: %w", n, err)
		}
		s.window(first, 0, 0, len(first), 1)
		return int64(n), nil
	}
	// Three buffers: one searched, one read into, one spare, so that the
	// reader gets ahead whenever a core is free (with two, the search
	// waited for it 7–20% of its time).
	windows := make(chan scanInput, 1)
	free := make(chan []byte, 3)
	for range cap(free) {
		free <- make([]byte, 0, scanWindow+scanOverlap)
	}
	go readWindows(r, first, free, windows)
	var pos int64 // where the search for new tokens resumes
	line := 1     // the line number at pos
	for w := range windows {
		if w.err != nil {
			for range windows {
			}
			end := w.base + int64(len(w.buf))
			return end, fmt.Errorf("reading input at byte %d: %w", end, w.err)
		}
		limit := len(w.buf)
		if !w.eof {
			limit -= scanMaxToken + scanLookbehind
		}
		if from := int(pos - w.base); limit > from {
			lastEnd, lines := s.window(w.buf, w.base, from, limit, line)
			line += lines
			if lastEnd > limit { // the last token ran past the limit
				line += bytes.Count(w.buf[limit:lastEnd], []byte{'\n'})
			}
			pos = w.base + int64(max(limit, lastEnd))
		}
		if w.eof {
			return w.base + int64(len(w.buf)), nil
		}
		free <- w.buf
	}
	panic("unreachable: the last window is marked eof or err")
}

// readWindows reads r a window at a time into the buffers of free, each
// starting with the last scanOverlap bytes of the one before (the first
// with first, already read), and sends them on out, in order. A buffer
// comes back on free when its window has been searched; free hands them
// out in the order they came back, so the buffer a window's start is
// copied from is never the one being filled.
func readWindows(r io.Reader, first []byte, free <-chan []byte, out chan<- scanInput) {
	defer close(out)
	tail := first
	var base int64
	for {
		buf := append((<-free)[:0], tail...)
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			out <- scanInput{buf: buf, base: base, err: err}
			return
		}
		out <- scanInput{buf: buf, base: base, eof: eof}
		if eof {
			return
		}
		keep := min(len(buf), scanOverlap)
		tail = buf[len(buf)-keep:]
		base += int64(len(buf) - keep)
	}
}

// window records the tokens that start in buf[from:limit]; buf holds the
// input from offset base, and line is the line number at from. It returns
// where the last token recorded ends (at least from) and the count of
// newlines in buf[from:limit].
//
// A large window is cut into as many parts as there are CPUs, searched
// side by side, each for every kind of token; each part also counts its
// lines and works out its hits' contexts. A token that starts in one part
// may end in the next: the searches read past their limit to a token's
// end, and the hits that start inside a token recorded just before them
// are dropped here, as within a part. The searches only read buf and
// s.seen; record, which writes s.seen, runs after.
func (s *scanner) window(buf []byte, base int64, from, limit, line int) (lastEnd, lines int) {
	n := max(1, min(scanProcs(), (limit-from)/parallelScanMin, maxScanParts))
	for len(s.parts) < n {
		s.parts = append(s.parts, scanPart{})
	}
	parts := s.parts[:n]
	step := (limit - from) / n
	eof := limit == len(buf)
	search := func(p int) {
		lo, hi := from+p*step, from+(p+1)*step
		if p == n-1 {
			hi = limit
		}
		parts[p] = s.searchPart(buf, lo, hi, eof, parts[p].hits[:0])
	}
	if n == 1 {
		search(0)
	} else {
		var wg sync.WaitGroup
		for p := 1; p < n; p++ {
			wg.Go(func() { search(p) })
		}
		search(0)
		wg.Wait()
	}
	lastEnd = from
	for _, part := range parts {
		for i := range part.hits {
			h := &part.hits[i]
			if h.start-h.lead < lastEnd {
				continue
			}
			s.record(buf, h, base, line+h.lines)
			lastEnd = h.end
		}
		line += part.lines
		lines += part.lines
	}
	return lastEnd, lines
}

// searchPart finds the hits of every kind that start in buf[from:limit],
// in order of position (stable: hits with one start keep the order of the
// searches), and works out what record needs of each.
func (s *scanner) searchPart(buf []byte, from, limit int, eof bool, hits []scanHit) scanPart {
	hits, lines := searchHits(buf, from, limit, eof, s.known, isJOSEHeader, hits)
	for i := range hits {
		s.resolve(buf, &hits[i])
	}
	return scanPart{hits: hits, lines: lines}
}

// searchHits finds the hits of every kind that start in buf[from:limit],
// in order of position (stable: hits with one start keep the order of the
// searches), each with the newlines between from and it; and it counts
// the newlines in buf[from:limit]. known and headerOK are findJOSE's.
func searchHits(buf []byte, from, limit int, eof bool, known func([]byte) *scanEntry, headerOK func([]byte) bool, hits []scanHit) ([]scanHit, int) {
	// A block at a time, so that the four searches read it from the cache.
	for lo := from; lo < limit; lo += scanBlock {
		hi := min(lo+scanBlock, limit)
		n := len(hits)
		hits = findJOSE(buf, lo, hi, eof, known, headerOK, hits)
		hits = findAfterKeyword(buf, lo, hi, eof, []byte("Bearer"), hits)
		hits = findAfterKeyword(buf, lo, hi, eof, []byte("_token"), hits)
		hits = findClaimObjects(buf, lo, hi, hits)
		hits = findBasic(buf, lo, hi, eof, hits)
		block := hits[n:]
		slices.SortStableFunc(block, func(a, b scanHit) int { return a.start - b.start })
	}
	lines, at := 0, from
	for i := range hits {
		h := &hits[i]
		lines += bytes.Count(buf[at:h.start], []byte{'\n'})
		at = h.start
		h.lines = lines
	}
	if at <= limit {
		lines += bytes.Count(buf[at:limit], []byte{'\n'})
	} else {
		// The last hit starts past limit (its keyword stands before it): the
		// newlines from limit on are counted after this part.
		lines -= bytes.Count(buf[limit:at], []byte{'\n'})
	}
	return hits, lines
}

// resolve works out what record needs of a hit: its entry when the token
// was seen before, a copy of the token when it was not, and its context
// when the location is kept with one.
func (s *scanner) resolve(buf []byte, h *scanHit) {
	if !h.looked {
		h.entry = s.lookup(buf, h)
	}
	h.context, h.raw, h.header = "", "", 0
	if h.source == "authorization_header" {
		h.header = h.start - defectiveSchemeBefore(buf, h.start)
	}
	if h.entry == nil && len(s.order) < s.opts.MaxTokens {
		h.raw = h.inner
		if h.raw == "" {
			h.raw = string(buf[h.start:h.end])
		}
	}
	if h.entry == nil || !s.opts.FirstContextOnly && len(h.entry.locs) < s.opts.MaxLocations {
		h.context = scanContextAt(buf, h.start, h.end)
	}
}

// record counts a hit at line of the input; buf holds the input from
// offset base.
func (s *scanner) record(buf []byte, h *scanHit, base int64, line int) {
	e := h.entry
	if e == nil {
		e = s.lookup(buf, h) // a token first seen in this window
	}
	if e == nil {
		raw := h.raw
		if len(s.order) >= s.opts.MaxTokens || s.kept+len(raw) > scanMaxBytes {
			s.dropped++
			return
		}
		e = &scanEntry{raw: raw, source: h.source, locs: make([]Location, 0, min(s.opts.MaxLocations, 4))}
		s.seen[raw] = e
		s.order = append(s.order, e)
		s.kept += len(raw)
	}
	e.count++
	if h.header > 0 && e.header == "" {
		e.header, e.headerLine = string(buf[h.start-h.header:h.start]), line
	}
	if h.inner != "" && e.basicLine == 0 {
		e.basicUser, e.basicLine = h.user, line
	}
	if e.source == "scan" && h.source != "scan" {
		e.source = h.source
	}
	if len(e.locs) < s.opts.MaxLocations {
		l := Location{Offset: base + int64(h.start), Line: line, Context: h.context}
		if s.opts.FirstContextOnly && len(e.locs) > 0 {
			l.Context = ""
		}
		e.locs = append(e.locs, l)
	}
}

// parallelScanMin is the least part of a window searched on a core of its
// own; maxScanParts bounds the parts. scanProcs is how many cores there
// are to search on (a variable for the tests).
var (
	parallelScanMin = 256 << 10
	scanProcs       = func() int { return runtime.GOMAXPROCS(0) }
)

const maxScanParts = 8

// scanBlock is how much of a part the four searches go through in turn (a
// variable for the tests).
var scanBlock = 64 << 10

// scanWindow is how much of the input is read at a time (a variable for
// the tests).
var scanWindow = 1 << 20

// scanDecodeMin is how many distinct tokens make it worth decoding them on
// more than one core.
const scanDecodeMin = 64

// known returns the entry of a token already seen, so repeats skip the
// header check.
func (s *scanner) known(run []byte) *scanEntry {
	return s.seen[string(run)] // no allocation for a lookup
}

// isJOSEHeader reports whether a token's first part is a JOSE header.
func isJOSEHeader(header []byte) bool {
	_, ok := probeJOSEHeader(string(header))
	return ok
}

// findJOSE finds compact JWS and JWE: runs of base64url and dots that
// start with a JOSE header ("eyJ" is base64url of `{"`).
func findJOSE(buf []byte, from, limit int, eof bool, known func([]byte) *scanEntry, headerOK func([]byte) bool, hits []scanHit) []scanHit {
	marker := []byte("eyJ")
	i := from
	for i < limit {
		// Look for the J (rare in text; "e" is everywhere), then for the
		// "ey" before it: the same as bytes.Index for "eyJ", faster.
		window := buf[i:min(limit+len(marker)-1, len(buf))]
		j := -1
		for k := 2; k < len(window); {
			p := bytes.IndexByte(window[k:], 'J')
			if p < 0 {
				break
			}
			k += p
			if window[k-2] == 'e' && window[k-1] == 'y' {
				j = k - 2
				break
			}
			k++
		}
		if j < 0 {
			break
		}
		start := i + j
		i = start + len(marker)
		if start > 0 && (isB64URL(buf[start-1]) || buf[start-1] == '.') && !(start >= 3 && buf[start-3] == '%') {
			continue // inside a longer run: not a token start
		}
		end := start
		for end < len(buf) && (isB64URL(buf[end]) || buf[end] == '.') {
			end++
		}
		if end == len(buf) && !eof {
			i = end // longer than a token can be: skip it
			continue
		}
		i = end
		for end > start && buf[end-1] == '.' && bytes.Count(buf[start:end], []byte{'.'}) > 2 {
			end-- // a sentence's full stop after the token
		}
		run := buf[start:end]
		dots := bytes.Count(run, []byte{'.'})
		if dots != 2 && dots != 4 {
			continue
		}
		var e *scanEntry
		if known != nil {
			e = known(run)
		}
		if e == nil && !headerOK(run[:bytes.IndexByte(run, '.')]) {
			continue
		}
		hits = append(hits, scanHit{start: start, end: end, source: roleWordBefore(buf, start), entry: e, looked: known != nil})
	}
	return hits
}

// findAfterKeyword finds opaque tokens after "Bearer " (or "bearer ") and
// after access_token / id_token / refresh_token keys in JSON, forms and
// URLs. JOSE tokens there are left to findJOSE.
func findAfterKeyword(buf []byte, from, limit int, eof bool, kw []byte, hits []scanHit) []scanHit {
	i := from
	bearer := string(kw) == "Bearer" // and "bearer"
	for i < limit {
		var j int
		if bearer {
			j = indexBearer(buf[i:min(limit+len(kw)-1, len(buf))])
		} else {
			j = bytes.Index(buf[i:min(limit+len(kw)-1, len(buf))], kw)
		}
		if j < 0 {
			break
		}
		at := i + j
		i = at + len(kw)
		var source string
		if bearer {
			source = "authorization_header"
		} else {
			source = tokenKeyBefore(buf, at)
			if source == "" {
				continue
			}
		}
		v := skipSeparator(buf, at+len(kw), bearer)
		if v < 0 {
			continue
		}
		if bytes.HasPrefix(buf[v:], []byte("eyJ")) {
			continue // JOSE: findJOSE's
		}
		end := v
		for end < len(buf) && isTokenChar(buf[end]) {
			end++
		}
		if end == len(buf) && !eof || end-v < minOpaqueLen {
			continue
		}
		if bearer && bytes.IndexByte(bytes.TrimRight(buf[v:end], "="), '=') >= 0 {
			// A b64token has '=' only at its end: "Bearer access_token=…"
			// (token_type=Bearer in a query) is a parameter, whose own
			// keyword finds it.
			continue
		}
		hits = append(hits, scanHit{start: v, end: end, lead: v - at, source: source})
		i = max(i, end)
	}
	return hits
}

// findBasic finds tokens sent as the password of Basic authentication
// ("Basic " and base64 of user:token, as Neo4j Browser logs in): the hit
// spans the credentials, and its token is their password when that is a
// JWT. Other passwords are no hit (and a context masks them). Credentials
// longer than scanMaxToken are not read.
func findBasic(buf []byte, from, limit int, eof bool, hits []scanHit) []scanHit {
	kw := []byte("Basic ")
	i := from
	for i < limit {
		j := bytes.Index(buf[i:min(limit+len(kw)-1, len(buf))], kw)
		if j < 0 {
			break
		}
		at := i + j
		i = at + len(kw)
		if at > 0 && isB64URL(buf[at-1]) {
			continue // part of a longer word
		}
		end := i
		for end < len(buf) && end-i <= scanMaxToken && isTokenChar(buf[end]) {
			end++
		}
		if end == len(buf) && !eof || end-i > scanMaxToken || end-i < minBasicJWT {
			continue
		}
		user, pass, ok := basicCredentials(string(buf[i:end]))
		if !ok {
			continue
		}
		tok, ok := jwtPassword(pass)
		if !ok {
			continue
		}
		hits = append(hits, scanHit{start: i, end: end, lead: len(kw), source: SourceBasicPassword, inner: tok, user: user})
		i = end
	}
	return hits
}

// minBasicJWT is the fewest base64 characters Basic credentials holding a
// JWT take: a colon and the shortest JWT ({"alg":"none"}, a claim, two
// dots: 24 characters) are 25 bytes. Prose after "Basic " is shorter, and
// is not decoded.
const minBasicJWT = 36

// indexBearer returns the index of the first "Bearer" or "bearer" in b,
// or -1. Every letter of the word is common in text, so bytes.Index stops
// at most bytes (at each "e", or each "b"); this looks at eight places at
// once instead (SWAR), for a B or b with the r five bytes on, and checks
// only where both stand.
func indexBearer(b []byte) int {
	// x has a zero byte where b has a B or b and, five bytes on, an r:
	// each XOR makes a matching byte zero, and an OR of two bytes is zero
	// only when both are. (x-0x01…) &^ x sets a zero byte's high bit; bytes
	// above a zero byte may get it too (a borrow): candidates only, which
	// isBearerAt checks. Four words a turn, written out (the compiler would
	// not inline a function); p's length lets it drop the bounds checks.
	const lo, hi, lower = 0x0101010101010101, 0x8080808080808080, 0x2020202020202020
	const b8, r8 = lo * 'b', lo * 'r'
	i := 0
	for p := b; len(p) >= 37; p = p[32:] {
		x0 := ((binary.LittleEndian.Uint64(p[0:8]) | lower) ^ b8) | (binary.LittleEndian.Uint64(p[5:13]) ^ r8)
		x1 := ((binary.LittleEndian.Uint64(p[8:16]) | lower) ^ b8) | (binary.LittleEndian.Uint64(p[13:21]) ^ r8)
		x2 := ((binary.LittleEndian.Uint64(p[16:24]) | lower) ^ b8) | (binary.LittleEndian.Uint64(p[21:29]) ^ r8)
		x3 := ((binary.LittleEndian.Uint64(p[24:32]) | lower) ^ b8) | (binary.LittleEndian.Uint64(p[29:37]) ^ r8)
		m0, m1, m2, m3 := (x0-lo)&^x0&hi, (x1-lo)&^x1&hi, (x2-lo)&^x2&hi, (x3-lo)&^x3&hi
		if m0|m1|m2|m3 != 0 {
			for w, m := range [4]uint64{m0, m1, m2, m3} {
				for ; m != 0; m &= m - 1 {
					if j := i + 8*w + bits.TrailingZeros64(m)/8; isBearerAt(b, j) {
						return j
					}
				}
			}
		}
		i += 32
	}
	for ; i+6 <= len(b); i++ {
		if isBearerAt(b, i) {
			return i
		}
	}
	return -1
}

func isBearerAt(b []byte, i int) bool {
	return i+6 <= len(b) && (b[i] == 'B' || b[i] == 'b') && string(b[i+1:i+6]) == "earer"
}

// tokenKeyBefore names the token field whose "_token" ends at at.
func tokenKeyBefore(buf []byte, at int) string {
	for _, k := range [...]struct{ key, field string }{{"access", "access_token"}, {"refresh", "refresh_token"}, {"id", "id_token"}} {
		if at >= len(k.key) && string(buf[at-len(k.key):at]) == k.key {
			if at > len(k.key) && isB64URL(buf[at-len(k.key)-1]) && buf[at-len(k.key)-1] != '_' {
				return "" // part of a longer word
			}
			return k.field
		}
	}
	return ""
}

// skipSeparator moves past what stands between a key and its value:
// quotes (also JSON-escaped), spaces, ':' or '=' ("Bearer" takes a space,
// %20 or +). It returns -1 when no value follows.
func skipSeparator(buf []byte, i int, bearer bool) int {
	if bearer {
		switch {
		case i < len(buf) && (buf[i] == ' ' || buf[i] == '+'):
			i++
		case bytes.HasPrefix(buf[i:], []byte("%20")):
			i += 3
		default:
			return -1
		}
		return i
	}
	sawSep := false
	for n := 0; i < len(buf) && n < 12; n++ {
		switch buf[i] {
		case '"', '\'', '\\', ' ', '\t':
			i++
		case ':', '=':
			if sawSep {
				return i
			}
			sawSep = true
			i++
		default:
			if !sawSep {
				return -1
			}
			return i
		}
	}
	return -1
}

// roleWordBefore looks a little way back from a token for the word that
// says what it is: the last one that ends before the token.
func roleWordBefore(buf []byte, start int) string {
	back := buf[max(start-48, 0):start]
	for k := len(back) - 1; k >= 0; k-- {
		var word, source string
		switch back[k] {
		case 'i':
			word, source = "id_token", "id_token"
		case 'a':
			word, source = "access_token", "access_token"
		case 'r':
			word, source = "refresh_token", "refresh_token"
		case 'B':
			word, source = "Bearer", "authorization_header"
		case 'b':
			word, source = "bearer", "authorization_header"
		default:
			continue
		}
		if bytes.HasPrefix(back[k:], []byte(word)) {
			return source
		}
	}
	return "scan"
}

// scanReach is how far beyond each side of the context its line is read
// for secrets: a secret's name that the context cuts off is still seen,
// and its value masked (a value between a name and the context longer
// than this is a long run, which writeMasked masks anyway, unless it has
// spaces).
const scanReach = 512

// The lookbehind holds a context and its reach: the same context whether
// a scan reads a window at a time or streams (compile-time check).
const _ = uint(scanLookbehind - scanContext - scanReach)

// scanContextAt shows the token's surroundings on its line, with the token
// as ‹token›, any other long token-shaped run masked, and secrets masked
// (secretmask) before the context is cut to its length.
func scanContextAt(buf []byte, start, end int) string {
	ls := max(start-scanContext-scanReach, 0)
	if k := bytes.LastIndexByte(buf[ls:start], '\n'); k >= 0 {
		ls += k + 1
	}
	le := min(end+scanContext+scanReach, len(buf))
	if k := bytes.IndexByte(buf[end:le], '\n'); k >= 0 {
		le = end + k
	}
	var sb strings.Builder
	writeMasked(&sb, buf[ls:start])
	left := secretmask.Text(sb.String())
	sb.Reset()
	writeMasked(&sb, buf[end:le])
	right := secretmask.Text(sb.String())
	// Cut from the middle of its line, a side starts (or ends) at a
	// separator: not with part of a value whose name is cut off.
	if len(left) > scanContext || ls > 0 && buf[ls-1] != '\n' {
		left = left[max(len(left)-scanContext, 0):]
		if k := strings.IndexFunc(left, isContextBreak); k >= 0 {
			left = left[k:]
		} else {
			left = ""
		}
	}
	if len(right) > scanContext || le < len(buf) && buf[le] != '\n' {
		right = right[:min(len(right), scanContext)]
		if k := strings.LastIndexFunc(right, isContextBreak); k >= 0 {
			right = right[:k+1]
		} else {
			right = ""
		}
	}
	return left + "‹token›" + right
}

// isContextBreak reports whether r separates values on a line.
func isContextBreak(r rune) bool {
	switch r {
	case ' ', '\t', '"', '\'', ',', ';', '&', '{', '}', '(', ')', '[', ']':
		return true
	}
	return false
}

// writeMasked writes b with every run of 24 or more token characters as
// ‹…›, tabs as spaces and other control characters as ·. Other bytes are
// written as they are (the caller's text is shown as is), except where b
// is not valid UTF-8: each invalid sequence is written as �.
func writeMasked(sb *strings.Builder, b []byte) {
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && isTokenChar(b[j]) {
			j++
		}
		if j-i >= 24 {
			sb.WriteString("‹…›")
			i = j
			continue
		}
		if j > i {
			sb.Write(b[i:j])
			i = j
			continue
		}
		switch c := b[i]; {
		case c >= 0x20 && c < 0x7f:
			sb.WriteByte(c)
		case c == '\t':
			sb.WriteByte(' ')
		case c >= 0x80:
			n := i + 1
			for n < len(b) && b[n] >= 0x80 {
				n++
			}
			if utf8.Valid(b[i:n]) {
				sb.Write(b[i:n])
			} else {
				sb.WriteString(strings.ToValidUTF8(string(b[i:n]), "�"))
			}
			i = n
			continue
		default:
			sb.WriteString("·")
		}
		i++
	}
}

// sourceLoggedClaims marks a JSON claim set found in a log.
const sourceLoggedClaims = "logged_claims"

// maxLoggedClaims bounds a claim set read from a log line.
const maxLoggedClaims = 32 << 10

// findClaimObjects finds JSON claim sets written into log lines, as Neo4j
// writes a token's claims to security.log with
// dbms.security.logs.oidc.jwt_claims_at_debug_level_enabled=true. The exact
// line format is not documented, so any JSON object on one line holding
// "iss" and one of "sub", "aud" or "exp" counts.
func findClaimObjects(buf []byte, from, limit int, hits []scanHit) []scanHit {
	marker := []byte(`"iss"`)
	for i := from; i < limit; {
		j := bytes.Index(buf[i:min(limit+len(marker)-1, len(buf))], marker)
		if j < 0 {
			break
		}
		at := i + j
		i = at + len(marker)
		lineStart := bytes.LastIndexByte(buf[max(at-maxLoggedClaims, 0):at], '\n') + 1 + max(at-maxLoggedClaims, 0)
		open := bytes.LastIndexByte(buf[lineStart:at], '{')
		if open < 0 {
			continue
		}
		open += lineStart
		lineEnd := len(buf)
		if k := bytes.IndexByte(buf[at:], '\n'); k >= 0 {
			lineEnd = at + k
		}
		end := valueEndIfObject(buf[open:min(lineEnd, open+maxLoggedClaims)])
		if end < 0 {
			continue
		}
		obj, _, err := parseObject(buf[open : open+end])
		if err != nil || !(has(obj, "sub") || has(obj, "aud") || has(obj, "exp")) {
			continue
		}
		hits = append(hits, scanHit{start: open, end: open + end, source: sourceLoggedClaims})
		i = max(i, open+end)
	}
	return hits
}

// valueEndIfObject returns the length of the JSON object at the start of
// b, or -1 when b does not start with a complete, valid one.
func valueEndIfObject(b []byte) int {
	dec := json.NewDecoder(bytes.NewReader(b))
	var raw json.RawMessage
	if dec.Decode(&raw) != nil {
		return -1
	}
	return int(dec.InputOffset())
}

// decodeLoggedClaims makes a token entry of a logged claim set: claims and
// times, no header and no signature.
func decodeLoggedClaims(raw string, opts Options) *Token {
	t := &Token{Source: sourceLoggedClaims, Kind: KindClaims, Fingerprint: Fingerprint(raw), Length: len(raw),
		Redacted: "‹claims›", Times: map[string]*Time{}, Findings: []Finding{}, Raw: raw}
	obj, dups, err := parseObject([]byte(raw))
	if err != nil {
		t.Kind = KindMalformed
		return t
	}
	t.Claims = obj
	t.Findings = append(t.Findings, duplicateFindings("claim", dups)...)
	checkTimes(t, opts)
	inferRole(t)
	t.Findings = append(t.Findings, FindLoggedClaims.New(
		"These are a token's claims as written to a log (Neo4j's security.log at DEBUG), not the token: they show what Neo4j read, but nothing about them can be verified.",
		"To check the signature, capture the token itself (a HAR of the sign-in, or sign in with SSO Lens) and inspect it.",
		fmt.Sprintf("%d bytes of JSON", len(raw))).WithCommand("ssolens login --issuer URL --client-id ID"))
	return t
}
