package inspector

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestScanReportsEachDistinctTokenWithItsLocations(t *testing.T) {
	access := mint(t, validClaims(), nil)
	log := "line one\n" +
		"2026-11-23T12:00:00Z INFO GET /api Authorization: Bearer " + access + " 200\n" +
		"nothing here\n" +
		"retry Authorization: Bearer " + access + "\n"
	rep, err := Scan(strings.NewReader(log), ScanOptions{Options: testOpts()})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tokens) != 1 {
		t.Fatalf("tokens = %d, want 1 distinct", len(rep.Tokens))
	}
	tok := rep.Tokens[0]
	if tok.Occurrences != 2 || len(tok.Locations) != 2 {
		t.Fatalf("occurrences %d, locations %d; want 2 and 2", tok.Occurrences, len(tok.Locations))
	}
	first := tok.Locations[0]
	if first.Line != 2 || first.Offset != int64(strings.Index(log, access)) {
		t.Errorf("first location = %+v, want line 2 offset %d", first, strings.Index(log, access))
	}
	if tok.Locations[1].Line != 4 {
		t.Errorf("second location line = %d, want 4", tok.Locations[1].Line)
	}
	if strings.Contains(first.Context, access[:30]) || !strings.Contains(first.Context, "Authorization: Bearer ‹token› 200") {
		t.Errorf("context %q should show the surroundings and mask the token", first.Context)
	}
	if tok.Role != RoleAccessToken {
		t.Errorf("role = %q, want access_token from the Bearer header", tok.Role)
	}
}

func TestScanFindsTokensAcrossWindowBoundaries(t *testing.T) {
	access := mint(t, validClaims(), nil)
	var buf bytes.Buffer
	lines := 0
	// Put tokens at every position around the 1 MiB window boundary.
	for buf.Len() < 3*scanWindow {
		fmt.Fprintf(&buf, "%08d some log text to fill the file with ordinary words\n", lines)
		lines++
		if lines%997 == 0 {
			fmt.Fprintf(&buf, "token=%s\n", access)
			lines++
		}
	}
	want := strings.Count(buf.String(), access)
	// A reader that returns few bytes at a time exercises the refills.
	rep, err := Scan(io.LimitReader(&slowReader{r: bytes.NewReader(buf.Bytes())}, int64(buf.Len())), ScanOptions{Options: testOpts(), MaxLocations: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tokens) != 1 || rep.Tokens[0].Occurrences != want {
		t.Fatalf("found %d tokens, %d occurrences; want 1 token, %d occurrences", len(rep.Tokens), occurrences(rep), want)
	}
	text := buf.String()
	for _, loc := range rep.Tokens[0].Locations {
		if text[loc.Offset:loc.Offset+int64(len(access))] != access {
			t.Fatalf("location offset %d does not point at the token", loc.Offset)
		}
		if wantLine := strings.Count(text[:loc.Offset], "\n") + 1; loc.Line != wantLine {
			t.Fatalf("location at %d: line %d, want %d", loc.Offset, loc.Line, wantLine)
		}
	}
	if rep.Input.Bytes != buf.Len() {
		t.Errorf("bytes = %d, want %d", rep.Input.Bytes, buf.Len())
	}
}

type slowReader struct{ r io.Reader }

func (s *slowReader) Read(p []byte) (int, error) {
	if len(p) > 4093 {
		p = p[:4093]
	}
	return s.r.Read(p)
}

func occurrences(rep *Report) int {
	n := 0
	for _, t := range rep.Tokens {
		n += t.Occurrences
	}
	return n
}

func TestScanOpaqueTokensOnlyAfterTheirKeywords(t *testing.T) {
	text := `{"access_token":"SlAV32hkKG-opaque-0123456789","token_type":"Bearer","refresh_token": "8xLOxBtZp8-refresh-0123456789"}
GET /x?foo=SlAV32hkKG-not-a-token-0123456789 HTTP/1.1
Authorization: Bearer mF_9.B5f-4.1JqM-opaque-bearer
Authorization: Bearer realm="Neo4j"
GET /cb?token_type=Bearer access_token=Zm9vYmFyYmF6cXV4-param0123 HTTP/1.1
Authorization: Bearer mF_9.B5f-4.1JqM-padded-0123==
escaped in HAR: \"id_token\":\"not-a-jwt-but-opaque-0123456789\"
`
	rep, err := Scan(strings.NewReader(text), ScanOptions{Options: testOpts()})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tok := range rep.Tokens {
		got = append(got, tok.Source+"="+tok.Raw)
	}
	want := []string{
		"access_token=SlAV32hkKG-opaque-0123456789",
		"refresh_token=8xLOxBtZp8-refresh-0123456789",
		"authorization_header=mF_9.B5f-4.1JqM-opaque-bearer",
		"access_token=Zm9vYmFyYmF6cXV4-param0123",
		"authorization_header=mF_9.B5f-4.1JqM-padded-0123==",
		"id_token=not-a-jwt-but-opaque-0123456789",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("scan found\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestScanIgnoresBase64ThatMerelyContainsEyJ(t *testing.T) {
	text := "data:image/png;base64,iVBORw0KGgoeyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln more"
	rep, _ := Scan(strings.NewReader(text), ScanOptions{Options: testOpts()})
	if len(rep.Tokens) != 0 {
		t.Errorf("found %d tokens inside a base64 blob", len(rep.Tokens))
	}
}

func TestScanSecurityLogWithTokens(t *testing.T) {
	access := mint(t, validClaims(), nil)
	log := "2026-11-23 12:00:00.000+0000 DEBUG [oidc-okta] JWT claims: {sub=alice, groups=[engineers]}\n" +
		"2026-11-23 12:00:00.001+0000 ERROR [alice@example.com]: failed to log in: invalid principal or credentials\n" +
		"2026-11-23 12:00:01.000+0000 DEBUG [oidc-okta] received token " + access + ".\n"
	rep, _ := Scan(strings.NewReader(log), ScanOptions{Options: testOpts()})
	if len(rep.Tokens) != 1 || rep.Tokens[0].Raw != access {
		t.Fatalf("tokens = %d; want the one JWT without the sentence's full stop", len(rep.Tokens))
	}
	if rep.Tokens[0].Locations[0].Line != 3 {
		t.Errorf("line = %d, want 3", rep.Tokens[0].Locations[0].Line)
	}
}

func TestScanKeepsAtMostMaxTokens(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 30; i++ {
		c := validClaims()
		c["jti"] = fmt.Sprint(i)
		fmt.Fprintf(&b, "Bearer %s\n", mint(t, c, nil))
	}
	rep, _ := Scan(strings.NewReader(b.String()), ScanOptions{Options: testOpts(), MaxTokens: 10})
	if len(rep.Tokens) != 10 || !hasCode(rep.Findings, "scan-limit-reached") {
		t.Errorf("tokens %d, findings %v; want 10 and scan-limit-reached", len(rep.Tokens), codes(rep.Findings))
	}
}

// TestScanFindsClaimSetsNeo4jLogs: with jwt_claims_at_debug_level_enabled
// Neo4j writes a token's claims, not the token, to security.log. The line
// format is not documented; JSON claim sets on a line are recognised.
func TestScanFindsClaimSetsNeo4jLogs(t *testing.T) {
	log := "2026-11-23 12:00:00.000+0000 INFO  [neo4j] starting\n" +
		`2026-11-23 12:00:01.000+0000 DEBUG [oidc-okta] JWT claims: {"iss":"https://idp.example.com/oauth2/default","sub":"alice","aud":"api://default","groups":["engineers"],"exp":1795003600}` + "\n" +
		`2026-11-23 12:00:01.001+0000 DEBUG [oidc-okta] not claims: {"level":"info","msg":"iss is fine"}` + "\n"
	rep, err := Scan(strings.NewReader(log), ScanOptions{Options: testOpts()})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tokens) != 1 {
		t.Fatalf("found %d entries, want the one claim set", len(rep.Tokens))
	}
	tok := rep.Tokens[0]
	if tok.Kind != KindClaims || tok.Locations[0].Line != 2 || !hasCode(tok.Findings, "claims-without-token") {
		t.Errorf("entry = kind %q line %d findings %v", tok.Kind, tok.Locations[0].Line, codes(tok.Findings))
	}
	if g, _ := tok.Claims.Strings("groups"); len(g) != 1 || g[0] != "engineers" {
		t.Errorf("groups = %v", g)
	}
	if tok.Times["exp"] == nil {
		t.Errorf("exp not rendered")
	}
}

// TestScanAroundTheFirstRead: inputs just under, at and over the size of
// the first read (after which a goroutine reads the rest a window at a
// time), with a token across that size and one at the very end, are
// scanned whole: every token, line and offset.
func TestScanAroundTheFirstRead(t *testing.T) {
	access := mint(t, validClaims(), nil)
	const first = 32 << 10
	for _, size := range []int{first - 1, first, first + 1, first + len(access), scanWindow + scanOverlap + 7} {
		var b strings.Builder
		placed := false
		for b.Len() < size-len(access)-1 {
			if !placed && b.Len() >= first-len(access)/2 {
				b.WriteString("Bearer " + access + "\n") // across the first read's end
				placed = true
				continue
			}
			b.WriteString("x")
			if b.Len()%80 == 0 {
				b.WriteString("\n")
			}
		}
		b.WriteString("\n" + access) // at the very end
		text := b.String()
		rep, err := Scan(strings.NewReader(text), ScanOptions{Options: testOpts()})
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Count(text, access)
		if at := strings.Index(text, access); size > first+len(access) && (at >= first || at+len(access) <= first) {
			t.Fatalf("size %d: the first token is at %d, not across %d", size, at, first)
		}
		if len(rep.Tokens) != 1 || rep.Tokens[0].Occurrences != want || rep.Input.Bytes != len(text) {
			t.Fatalf("size %d: %d tokens, %d occurrences of %d, %d bytes", len(text), len(rep.Tokens), occurrences(rep), want, rep.Input.Bytes)
		}
		for _, loc := range rep.Tokens[0].Locations {
			if text[loc.Offset:loc.Offset+int64(len(access))] != access || loc.Line != strings.Count(text[:loc.Offset], "\n")+1 {
				t.Fatalf("size %d: location %+v is wrong", len(text), loc)
			}
		}
	}
}

// TestScanReportsReadErrors: a read error, in the first read or in a later
// window (read by a goroutine of its own), ends the scan with an error
// naming where it happened, and what was read before it is reported.
func TestScanReportsReadErrors(t *testing.T) {
	access := mint(t, validClaims(), nil)
	line := "Authorization: Bearer " + access + "\n"
	for _, at := range []int{100, 40 << 10, 3 * scanWindow} {
		text := strings.Repeat(line, at/len(line)+1)[:at]
		r := io.MultiReader(strings.NewReader(text), iotest.ErrReader(errors.New("disk on fire")))
		rep, err := Scan(r, ScanOptions{Options: testOpts()})
		if err == nil || !strings.Contains(err.Error(), "disk on fire") || !strings.Contains(err.Error(), fmt.Sprintf("at byte %d", at)) {
			t.Fatalf("error after %d bytes: %v", at, err)
		}
		if rep == nil || rep.Input.Bytes != at {
			t.Fatalf("error after %d bytes: report %+v", at, rep)
		}
	}
}
