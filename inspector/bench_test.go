package inspector

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// BenchmarkDecode is the decode cost of one typical access token.
func BenchmarkDecode(b *testing.B) {
	tok := mint(b, validClaims(), nil)
	opts := testOpts()
	b.ReportAllocs()
	for b.Loop() {
		Decode(tok, "input", opts)
	}
}

// BenchmarkInspectTokenResponse reads a token response with three tokens.
func BenchmarkInspectTokenResponse(b *testing.B) {
	tok := mint(b, validClaims(), nil)
	in := []byte(fmt.Sprintf(`{"access_token":%q,"id_token":%q,"refresh_token":"8xLOxBtZp8-refresh-opaque-4711","expires_in":3600}`, tok, tok))
	opts := testOpts()
	b.ReportAllocs()
	for b.Loop() {
		Inspect(in, opts)
	}
}

func BenchmarkScanSmall(b *testing.B) {
	in := []byte("GET / HTTP/1.1\nAuthorization: Bearer " + mint(b, validClaims(), nil) + "\n")
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := Scan(bytes.NewReader(in), ScanOptions{Options: testOpts()}); err != nil {
			b.Fatal(err)
		}
	}
}

// genLog makes a log of about size bytes with a distinct token every
// ~50 KB and the same token repeated in between, as a day of API logs has.
func genLog(b *testing.B, size int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var tokens []string
	for i := 0; i < 40; i++ {
		c := validClaims()
		c["jti"] = fmt.Sprint(i)
		tokens = append(tokens, mint(b, c, nil))
	}
	var buf bytes.Buffer
	buf.Grow(size + 4096)
	words := strings.Fields("INFO DEBUG request response GET POST /db/neo4j/query/v2 status=200 took=12ms user=alice bearer realm tx committed id_token expired ok")
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for i := 0; buf.Len() < size; i++ {
		fmt.Fprintf(&buf, "%s ", start.Add(time.Duration(i)*time.Millisecond).Format(time.RFC3339Nano))
		for j := 0; j < 12; j++ {
			buf.WriteString(words[rng.IntN(len(words))])
			buf.WriteByte(' ')
		}
		if i%400 == 0 {
			fmt.Fprintf(&buf, "Authorization: Bearer %s", tokens[rng.IntN(len(tokens))])
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// genHAR wraps the same traffic in HAR entries (request headers and
// JSON-escaped response bodies).
func genHAR(b *testing.B, size int) []byte {
	tok := mint(b, validClaims(), nil)
	var buf bytes.Buffer
	buf.Grow(size + 4096)
	buf.WriteString(`{"log":{"version":"1.2","entries":[`)
	for i := 0; buf.Len() < size; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		body := `{\"data\":{\"values\":[[\"` + strings.Repeat("row-value ", 20) + `\"]]}}`
		if i%200 == 0 {
			body = `{\"access_token\":\"` + tok + `\",\"expires_in\":3600,\"token_type\":\"Bearer\"}`
		}
		fmt.Fprintf(&buf, `{"startedDateTime":"2026-11-23T12:00:00.%03dZ","request":{"method":"POST","url":"https://neo4j.example.com/db/neo4j/query/v2?n=%d","headers":[{"name":"Authorization","value":"Bearer %s"},{"name":"Content-Type","value":"application/json"}]},"response":{"status":200,"content":{"mimeType":"application/json","text":"%s"}}}`,
			i%1000, i, tok, body)
	}
	buf.WriteString(`]}}`)
	return buf.Bytes()
}

func benchScan(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, err := Scan(bytes.NewReader(data), ScanOptions{Options: testOpts()})
		if err != nil || len(rep.Tokens) == 0 {
			b.Fatalf("scan: %v, %d tokens", err, len(rep.Tokens))
		}
	}
}

// BenchmarkScanLog100MB and BenchmarkScanHAR100MB report MB/s on 100 MB
// of generated text.
func BenchmarkScanLog100MB(b *testing.B) { benchScan(b, genLog(b, 100<<20)) }
func BenchmarkScanHAR100MB(b *testing.B) { benchScan(b, genHAR(b, 100<<20)) }
