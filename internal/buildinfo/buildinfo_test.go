package buildinfo

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// withLinkerVars sets the -X variables for one test.
func withLinkerVars(t *testing.T, v, c, cd, bd, m string) {
	t.Helper()
	saved := [5]string{version, commit, commitDate, buildDate, modified}
	version, commit, commitDate, buildDate, modified = v, c, cd, bd, m
	t.Cleanup(func() {
		version, commit, commitDate, buildDate, modified = saved[0], saved[1], saved[2], saved[3], saved[4]
	})
}

func vcs(rev, time, mod string) *debug.BuildInfo {
	return &debug.BuildInfo{GoVersion: "go1.99", Main: debug.Module{Path: "github.com/ssolens/ssolens", Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: time}, {Key: "vcs.modified", Value: mod}}}
}

func TestLinkerVariablesWinOverTheToolchainRecord(t *testing.T) {
	withLinkerVars(t, "v1.2.3", "aaaa", "2026-01-02T03:04:05Z", "2026-02-03T04:05:06Z", "false")
	got := resolve(vcs("bbbb", "2025-01-01T00:00:00Z", "true"))
	want := Info{Version: "v1.2.3", Commit: "aaaa", CommitDate: "2026-01-02T03:04:05Z", BuildDate: "2026-02-03T04:05:06Z",
		Modified: false, GoVersion: "go1.99", Platform: runtime.GOOS + "/" + runtime.GOARCH, GUI: gui}
	if got != want {
		t.Errorf("resolve = %+v\nwant %+v", got, want)
	}
}

func TestWithoutLinkerVariablesTheVCSStampIsUsed(t *testing.T) {
	withLinkerVars(t, "", "", "", "", "")
	got := resolve(vcs("0123456789abcdef0123", "2026-03-04T05:06:07Z", "true"))
	if got.Version != "devel-0123456789ab-dirty" || got.Commit != "0123456789abcdef0123" ||
		got.CommitDate != "2026-03-04T05:06:07Z" || !got.Modified || got.BuildDate != "" {
		t.Errorf("resolve = %+v", got)
	}
}

func TestAGoInstallReportsItsModuleVersion(t *testing.T) {
	withLinkerVars(t, "", "", "", "", "")
	bi := &debug.BuildInfo{GoVersion: "go1.99", Main: debug.Module{Path: "github.com/ssolens/ssolens", Version: "v0.3.0"}}
	if got := resolve(bi); got.Version != "v0.3.0" || got.Commit != "" || got.Modified {
		t.Errorf("resolve = %+v", got)
	}
}

func TestNothingKnownSaysDevel(t *testing.T) {
	withLinkerVars(t, "", "", "", "", "")
	got := resolve(nil)
	if got.Version != "devel" || got.Commit != "" || got.GoVersion != runtime.Version() {
		t.Errorf("resolve(nil) = %+v", got)
	}
}

// The real command-line-only binary (-tags nogui, no cgo), its facts set
// with the linker as the package documents for builds other than make
// dist's: version --json reports what the linker was given and that it is
// CLI-only, and version says so. (make dist-check checks make dist's own
// artefacts.)
func TestNoguiBinaryReportsItsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command (-short)")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "ssolens")
	const pkg = "github.com/ssolens/ssolens/internal/buildinfo."
	ldflags := "-X " + pkg + "version=v9.8.7-2-gabcdef1-dirty -X " + pkg + "commit=abcdef1234567890abcdef1234567890abcdef12" +
		" -X " + pkg + "commitDate=2026-12-01T10:00:00Z -X " + pkg + "buildDate=2026-12-02T11:00:00Z -X " + pkg + "modified=true"
	build := exec.Command("go", "build", "-tags", "nogui", "-ldflags", ldflags, "-o", bin, ".")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags nogui: %v\n%s", err, out)
	}

	out, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatalf("version --json: %v", err)
	}
	var got Info
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("version --json: %v\n%s", err, out)
	}
	want := Info{Version: "v9.8.7-2-gabcdef1-dirty", Commit: "abcdef1234567890abcdef1234567890abcdef12",
		CommitDate: "2026-12-01T10:00:00Z", BuildDate: "2026-12-02T11:00:00Z", Modified: true,
		GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH, GUI: false}
	if got != want {
		t.Errorf("version --json = %+v\nwant %+v", got, want)
	}

	text, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("version: %v", err)
	}
	for _, line := range []string{"ssolens v9.8.7-2-gabcdef1-dirty\n", "built    2026-12-02T11:00:00Z\n",
		"build    command line only (built with -tags nogui)\n"} {
		if !strings.Contains(string(text), line) {
			t.Errorf("version does not say %q:\n%s", line, text)
		}
	}
}
