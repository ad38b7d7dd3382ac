package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssolens/ssolens/inspector"
)

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestInputSizeIsExactOrMoreThan: a large file's size is its size on disk,
// not what was read of it; a stream cut at the limit is "more than" it.
func TestInputSizeIsExactOrMoreThan(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MiB twice")
	}
	path := filepath.Join(t.TempDir(), "big.log")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(goldenAccess + "\n")
	if err := f.Truncate(209_715_287); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	out, _, _ := run(t, "", "inspect", "@"+path)
	if !strings.Contains(out, "209715287 bytes") || !strings.Contains(out, "The input is 209715287 bytes; only the first 67108864 were read.") {
		t.Errorf("file: want its exact size and the truncation finding:\n%.600s", out)
	}
	if strings.Contains(out, "67108865") {
		t.Error("file: the size read (limit + 1) was reported")
	}

	var stdout, stderr bytes.Buffer
	e := &env{stdin: io.LimitReader(zeros{}, 100<<20), stdout: &stdout, stderr: &stderr,
		now: func() time.Time { return testNow }, loc: time.UTC}
	mainWith(e, []string{"inspect", "-"})
	want := "more than 67108864 bytes"
	if !strings.Contains(stdout.String(), "Input: text, "+want) && !strings.Contains(stdout.String(), want) {
		t.Errorf("stream: want %q:\n%.600s", want, stdout.String())
	}
	if !strings.Contains(stdout.String(), "The input is more than 67108864 bytes; only the first 67108864 were read.") {
		t.Errorf("stream: no truncation finding saying more than:\n%.600s", stdout.String())
	}
}

// TestInputSizeOfASmallInput: a small input's size is its length, with no
// truncation finding.
func TestInputSizeOfASmallInput(t *testing.T) {
	out, _, _ := run(t, goldenAccess, "inspect", "-")
	if !strings.Contains(out, fmt.Sprintf("Input: token, %d bytes", len(goldenAccess))) || strings.Contains(out, inspector.FindInputTruncated.Code) {
		t.Errorf("output:\n%.300s", out)
	}
}
