package inspector

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// manyTokensLog is 3 MB of log lines holding JWTs, opaque tokens and
// claim sets in every form Scan knows, some lines long enough to push
// tokens across window boundaries.
func manyTokensLog(t *testing.T) []byte {
	rng := rand.New(rand.NewPCG(3, 4))
	var jwts []string
	for i := range 8 {
		c := validClaims()
		c["jti"] = fmt.Sprint(i)
		jwts = append(jwts, mint(t, c, nil))
	}
	opaque := func(i int) string { return fmt.Sprintf("opaq%04dXyZabcdefghijklmnopqrstuv", i) }
	var b strings.Builder
	for i := 0; b.Len() < 3<<20; i++ {
		fmt.Fprintf(&b, "2026-11-23T12:00:%02d INFO request %d user=bob bolt session ", i%60, i)
		switch rng.IntN(9) {
		case 0:
			b.WriteString("Authorization: Bearer " + jwts[rng.IntN(len(jwts))])
		case 1:
			b.WriteString("Authorization: bearer " + opaque(rng.IntN(50)))
		case 2:
			b.WriteString(`{"access_token":"` + opaque(rng.IntN(50)) + `","id_token":"` + jwts[rng.IntN(len(jwts))] + `"}`)
		case 3:
			b.WriteString("refresh_token=" + opaque(rng.IntN(50)) + "&x=1")
		case 4:
			b.WriteString(`claims {"iss":"https://idp","sub":"u` + fmt.Sprint(rng.IntN(20)) + `","exp":1795435452}`)
		case 5:
			// a long line that pushes tokens across window boundaries
			b.WriteString(strings.Repeat("Bearer e", rng.IntN(3000)))
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// TestScanParallelMatchesSequential: a large input, its windows cut into
// parts searched side by side (as many as there are CPUs, and seven small
// ones, searched in small blocks), gives exactly the report of the
// one-goroutine search, each search going through the whole window: the
// same tokens in the same order, with the same counts, lines, offsets and
// contexts. Tokens are placed everywhere,
// including across the split points and window boundaries.
func TestScanParallelMatchesSequential(t *testing.T) {
	input := manyTokensLog(t)

	scan := func() *Report {
		rep, err := Scan(bytes.NewReader(input), ScanOptions{Options: testOpts()})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	savedMin, savedProcs, savedBlock := parallelScanMin, scanProcs, scanBlock
	t.Cleanup(func() { parallelScanMin, scanProcs, scanBlock = savedMin, savedProcs, savedBlock })
	scanProcs = func() int { return 2 }
	parallel := scan()
	parallelScanMin, scanProcs, scanBlock = 32<<10, func() int { return 7 }, 5000
	seven := scan()
	parallelScanMin, scanBlock = 1<<62, 1<<62 // one goroutine, each search over the whole window
	sequential := scan()
	if !reflect.DeepEqual(parallel, seven) {
		t.Fatal("two parts and seven parts give different reports")
	}

	if len(parallel.Tokens) < 50 || occurrences(parallel) < 1000 {
		t.Fatalf("the input should hold many tokens: %d distinct, %d found", len(parallel.Tokens), occurrences(parallel))
	}
	if len(parallel.Tokens) != len(sequential.Tokens) {
		t.Fatalf("%d tokens in parallel, %d sequentially", len(parallel.Tokens), len(sequential.Tokens))
	}
	for i := range parallel.Tokens {
		p, s := parallel.Tokens[i], sequential.Tokens[i]
		if p.Raw != s.Raw || p.Source != s.Source || p.Occurrences != s.Occurrences || !reflect.DeepEqual(p.Locations, s.Locations) {
			t.Fatalf("token %d differs:\nparallel   %s %s ×%d %v\nsequential %s %s ×%d %v", i,
				p.Redacted, p.Source, p.Occurrences, p.Locations[:1], s.Redacted, s.Source, s.Occurrences, s.Locations[:1])
		}
	}
}

// TestIndexBearerMatchesBytesIndex: the eight-at-a-time search finds the
// first "Bearer" or "bearer" exactly where bytes.Index does, in text made
// of the word's own letters (near misses everywhere), at every length and
// alignment.
func TestIndexBearerMatchesBytesIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const alphabet = "BbearRE r\x00\xff"
	for range 20000 {
		b := make([]byte, rng.IntN(200))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		if rng.IntN(3) == 0 && len(b) >= 6 {
			copy(b[rng.IntN(len(b)-5):], []string{"Bearer", "bearer", "BEARER", "Bearar"}[rng.IntN(4)])
		}
		want := bytes.Index(b, []byte("Bearer"))
		if j := bytes.Index(b, []byte("bearer")); j >= 0 && (want < 0 || j < want) {
			want = j
		}
		if got := indexBearer(b); got != want {
			t.Fatalf("indexBearer(%q) = %d, want %d", b, got, want)
		}
	}
}

// TestScanFirstContextOnly: with FirstContextOnly, a scan gives the same
// report, except that only each token's first location has a context.
func TestScanFirstContextOnly(t *testing.T) {
	input := manyTokensLog(t)
	full, err := Scan(bytes.NewReader(input), ScanOptions{Options: testOpts()})
	if err != nil {
		t.Fatal(err)
	}
	first, err := Scan(bytes.NewReader(input), ScanOptions{Options: testOpts(), FirstContextOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	blanked := 0
	for _, tok := range full.Tokens {
		for i := range tok.Locations {
			if i > 0 {
				tok.Locations[i].Context = ""
				blanked++
			}
		}
	}
	if blanked < 100 {
		t.Fatalf("only %d locations after a token's first: the input should repeat tokens", blanked)
	}
	if !reflect.DeepEqual(full, first) {
		t.Fatal("FirstContextOnly changed more than the contexts after each token's first")
	}
}

// streamOnly hides a reader's ReadAt: Scan streams it.
type streamOnly struct{ io.Reader }

// scanBothWays scans input streamed and read at its places, with the
// test options, and returns both reports.
func scanBothWays(t *testing.T, input []byte) (streamed, at *Report) {
	t.Helper()
	streamed, err := Scan(streamOnly{bytes.NewReader(input)}, ScanOptions{Options: testOpts()})
	if err != nil {
		t.Fatal(err)
	}
	at, err = Scan(bytes.NewReader(input), ScanOptions{Options: testOpts()})
	if err != nil {
		t.Fatal(err)
	}
	return streamed, at
}

// TestScanReadAtMatchesStreaming: an input Scan can read at any place
// (each core reading and searching its own windows, the hits recorded in
// order) gives exactly the report of the same input streamed, at window
// sizes that put tokens across every kind of boundary, on one core, two
// and seven; and so does an input that is shorter than its stated size.
func TestScanReadAtMatchesStreaming(t *testing.T) {
	input := manyTokensLog(t)
	savedWindow, savedProcs := scanWindow, scanProcs
	t.Cleanup(func() { scanWindow, scanProcs = savedWindow, savedProcs })
	for _, window := range []int{1 << 20, 300_001, 65_536 + 17, 4099} {
		for _, procs := range []int{1, 2, 7} {
			scanWindow, scanProcs = window, func() int { return procs }
			streamed, at := scanBothWays(t, input)
			if !reflect.DeepEqual(streamed, at) {
				t.Fatalf("window %d, %d cores: read at its places, the input gives another report than streamed", window, procs)
			}
			if occurrences(at) < 1000 {
				t.Fatalf("only %d tokens found", occurrences(at))
			}
		}
	}
	// A file that shrinks while it is scanned: the windows past its new
	// end are empty, and the scan ends there, as a streamed one would.
	scanWindow, scanProcs = 65_536, func() int { return 2 }
	cut := len(input) / 2
	short, err := Scan(shrunk{bytes.NewReader(input[:cut]), int64(len(input))}, ScanOptions{Options: testOpts()})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Scan(streamOnly{bytes.NewReader(input[:cut])}, ScanOptions{Options: testOpts()})
	if !reflect.DeepEqual(short, want) || short.Input.Bytes != cut {
		t.Fatalf("a shrunk input: %d bytes, %d tokens; streamed: %d bytes, %d tokens", short.Input.Bytes, len(short.Tokens), want.Input.Bytes, len(want.Tokens))
	}
}

// shrunk states a size larger than what it holds.
type shrunk struct {
	*bytes.Reader
	size int64
}

func (s shrunk) Size() int64 { return s.size }

// TestScanReadAtReportsReadErrors: a read that fails is an error naming
// where, and the scan stops.
func TestScanReadAtReportsReadErrors(t *testing.T) {
	saved := scanWindow
	t.Cleanup(func() { scanWindow = saved })
	scanWindow = 4096
	input := manyTokensLog(t)[:100_000]
	_, err := Scan(failingAt{bytes.NewReader(input), 50_000}, ScanOptions{Options: testOpts()})
	if err == nil || !strings.Contains(err.Error(), "reading input at byte") || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v", err)
	}
}

// failingAt fails every read that reaches past byte at.
type failingAt struct {
	*bytes.Reader
	at int64
}

func (f failingAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.at {
		return 0, errors.New("disk on fire")
	}
	return f.Reader.ReadAt(p, off)
}

// TestScanKeywordAndTokenAcrossABoundary: an opaque token whose keyword
// ("Bearer ", "access_token=") ends a window and which starts in the next
// is found once, on its line, wherever the boundary falls, streamed or
// read at its places. (The window's line count once read past its limit
// and panicked.)
func TestScanKeywordAndTokenAcrossABoundary(t *testing.T) {
	savedWindow, savedProcs := scanWindow, scanProcs
	t.Cleanup(func() { scanWindow, scanProcs = savedWindow, savedProcs })
	scanWindow, scanProcs = 4096, func() int { return 2 }
	const opaque = "opaqueTokenValue0123456789abcdef"
	for _, kw := range []string{"Authorization: Bearer ", "access_token="} {
		// The keyword ends where a window's limit falls, give or take:
		// at 12,288 read at its places (three windows of 4,096), at 12,416
		// streamed (the limit stands a token's length and the lookbehind
		// before the end of a buffer of 4,096 + scanOverlap bytes).
		for shift := -40; shift <= 170; shift++ {
			pad := 3*scanWindow + shift - len(kw)
			filler := strings.Repeat(strings.Repeat("z", 79)+"\n", 2000) // past the first buffer
			text := strings.Repeat("x", pad%80) + "\n" + strings.Repeat(strings.Repeat("y", 79)+"\n", pad/80) + kw + opaque + "\nend\n" + filler
			wantLine := 2 + pad/80
			for name, r := range map[string]io.Reader{"streamed": streamOnly{strings.NewReader(text)}, "read at": strings.NewReader(text)} {
				rep, err := Scan(r, ScanOptions{Options: testOpts()})
				if err != nil {
					t.Fatal(err)
				}
				if len(rep.Tokens) != 1 || rep.Tokens[0].Raw != opaque || rep.Tokens[0].Occurrences != 1 || rep.Tokens[0].Locations[0].Line != wantLine {
					t.Fatalf("%s, %q at shift %d: %d tokens %+v; want the opaque one once on line %d", name, kw, shift, len(rep.Tokens), rep.Tokens, wantLine)
				}
			}
		}
	}
}

// TestScanRegularFile: a regular file at its start is read at its places
// (its offset stays where it was) and gives the streamed report; one read
// part-way is streamed from where it stands.
func TestScanRegularFile(t *testing.T) {
	input := manyTokensLog(t)
	path := filepath.Join(t.TempDir(), "app.log")
	if err := os.WriteFile(path, input, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Scan(f, ScanOptions{Options: testOpts()})
	if err != nil {
		t.Fatal(err)
	}
	if at, _ := f.Seek(0, io.SeekCurrent); at != 0 {
		t.Errorf("the file was streamed (offset %d), not read at its places", at)
	}
	want, _ := Scan(streamOnly{bytes.NewReader(input)}, ScanOptions{Options: testOpts()})
	if !reflect.DeepEqual(got, want) {
		t.Fatal("read at its places, the file gives another report than streamed")
	}

	const skip = 1 << 20
	if _, err := f.Seek(skip, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	rest, err := Scan(f, ScanOptions{Options: testOpts()})
	if err != nil {
		t.Fatal(err)
	}
	if rest.Input.Bytes != len(input)-skip {
		t.Errorf("from byte %d: %d bytes scanned, want the %d after it", skip, rest.Input.Bytes, len(input)-skip)
	}
}
