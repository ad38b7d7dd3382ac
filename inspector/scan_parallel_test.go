package inspector

import (
	"bytes"
	"fmt"
	"math/rand/v2"
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
