package session

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ssolens/ssolens/inspector"
)

// TestScanRecognisesNeo4jsErrorLines: a scanned security.log reports the
// error lines it recognises as inspect does, each once with its count,
// whether the log is a file or a stream.
func TestScanRecognisesNeo4jsErrorLines(t *testing.T) {
	log := strings.Repeat("2026-12-05 06:00:01.000+0000 ERROR [alice@example.com]: failed to log in: invalid principal or credentials\n", 3) +
		"2026-12-05 06:00:04.000+0000 ERROR Unable to fetch JWKS from https://idp.example.com/keys: Connection timed out\n"
	path := filepath.Join(t.TempDir(), "security.log")
	if err := os.WriteFile(path, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fromFile, err := Scan(f, ScanRequest{})
	if err != nil {
		t.Fatal(err)
	}
	fromStream, err := Scan(io.MultiReader(strings.NewReader(log)), ScanRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromFile.Findings, fromStream.Findings) {
		t.Errorf("a file and a stream give other findings:\n%+v\n%+v", fromFile.Findings, fromStream.Findings)
	}
	var got []string
	for _, fd := range fromFile.Findings {
		got = append(got, fd.Code)
		if fd.Code == "neo4j-log-failed-to-log-in" && !strings.Contains(fd.Evidence, "line 1 (3 times)") {
			t.Errorf("evidence %q: want the first line and the count", fd.Evidence)
		}
	}
	if !reflect.DeepEqual(got, []string{"neo4j-log-failed-to-log-in", "neo4j-log-jwks-fetch-failed"}) {
		t.Errorf("findings %v", got)
	}
}

// TestScanTokensOnlyAndNothingFound: --tokens-only looks for no error
// text; a scan that finds nothing says so, naming the input, in the model
// (the CLI added it before, and no other face could).
func TestScanTokensOnlyAndNothingFound(t *testing.T) {
	log := "2026-12-05 06:00:01.000+0000 ERROR [alice@example.com]: failed to log in: invalid principal or credentials\n"
	only, err := Scan(strings.NewReader(log), ScanRequest{Options: inspector.ScanOptions{}, TokensOnly: true, Name: "security.log"})
	if err != nil {
		t.Fatal(err)
	}
	if len(only.Findings) != 1 || only.Findings[0].Code != inspector.FindNoTokenFound.Code || only.Findings[0].Evidence != "security.log" {
		t.Errorf("tokens only: findings %+v, want the nothing-found warning alone", only.Findings)
	}
	all, err := Scan(strings.NewReader(log), ScanRequest{Name: "security.log"})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Findings) != 1 || all.Findings[0].Code != "neo4j-log-failed-to-log-in" {
		t.Errorf("a recognised text is something found: findings %+v", all.Findings)
	}
}
