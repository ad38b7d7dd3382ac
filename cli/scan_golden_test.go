package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestScanGoldenLog guards the scan's output on a real log while its speed
// is worked on: with SSOLENS_SCAN_GOLDEN=DIR and SSOLENS_SCAN_LOG=FILE (for
// example the first 21 MB of make bench's log), the first run writes the
// text, JSON, --brief and --show-tokens reports of FILE into DIR, under a
// fixed clock; every later run must give them byte for byte.
func TestScanGoldenLog(t *testing.T) {
	dir, log := os.Getenv("SSOLENS_SCAN_GOLDEN"), os.Getenv("SSOLENS_SCAN_LOG")
	if dir == "" || log == "" {
		t.Skip("SSOLENS_SCAN_GOLDEN and SSOLENS_SCAN_LOG are not set")
	}
	now := time.Date(2026, 12, 4, 13, 0, 0, 0, time.UTC)
	for _, v := range []struct {
		name string
		args []string
	}{
		{"text", nil},
		{"json", []string{"--json"}},
		{"brief", []string{"--brief"}},
		{"show-tokens", []string{"--show-tokens"}},
	} {
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, now: func() time.Time { return now }, loc: time.UTC}
		code := mainWith(e, append([]string{"scan", log}, v.args...))
		if code == ExitUsage {
			t.Fatalf("%s: exit %d: %s", v.name, code, errb.String())
		}
		file := filepath.Join(dir, filepath.Base(log)+"."+v.name)
		want, err := os.ReadFile(file)
		if os.IsNotExist(err) {
			if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: wrote %s (%d bytes)", v.name, file, out.Len())
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := out.Bytes(); !bytes.Equal(got, want) {
			gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
			for i := range min(len(gl), len(wl)) {
				if gl[i] != wl[i] {
					t.Fatalf("%s: line %d differs from %s:\n got %q\nwant %q", v.name, i+1, file, gl[i], wl[i])
				}
			}
			t.Fatalf("%s: %d lines, %s has %d", v.name, len(gl), file, len(wl))
		}
	}
}
