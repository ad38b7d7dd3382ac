// Package buildinfo says what this binary is: its version, the commit and
// time it was built from, the Go release that built it, and whether it
// holds the desktop app or only the command line.
//
// A release build sets the facts: make dist (scripts/dist.sh) in a
// generated file of its build copy, any other build with the linker:
//
//	-ldflags "-X github.com/ssolens/ssolens/internal/buildinfo.version=v1.2.3
//	          -X github.com/ssolens/ssolens/internal/buildinfo.commit=<full hash>
//	          -X github.com/ssolens/ssolens/internal/buildinfo.commitDate=<RFC 3339>
//	          -X github.com/ssolens/ssolens/internal/buildinfo.buildDate=<RFC 3339>
//	          -X github.com/ssolens/ssolens/internal/buildinfo.modified=true|false"
//
// Any of them left unset is taken from what the Go toolchain records
// (runtime/debug.ReadBuildInfo): the module version of a
// "go install …@version", and the vcs.revision, vcs.time and vcs.modified
// of a build inside a git checkout (unless -buildvcs=false).
package buildinfo

import (
	"runtime"
	"runtime/debug"
	"strconv"
)

// Set with -ldflags -X or by make dist's generated file; empty otherwise.
var (
	version    string
	commit     string
	commitDate string
	buildDate  string
	modified   string
)

// Info is what the binary knows about its own build.
type Info struct {
	// Version is the release ("v1.2.3"), `git describe --tags --always
	// --dirty` for a build between releases, the module version of a
	// go install, or "devel" when nothing says.
	Version string `json:"version"`
	// Commit is the full git commit hash, "" when unknown.
	Commit string `json:"commit"`
	// CommitDate is the commit's time (RFC 3339, UTC), "" when unknown.
	CommitDate string `json:"commit_date"`
	// BuildDate is when the binary was built (RFC 3339, UTC); only
	// release builds record it, "" otherwise.
	BuildDate string `json:"build_date"`
	// Modified is true when the tree held uncommitted changes.
	Modified bool `json:"modified"`
	// GoVersion is the Go release that built the binary.
	GoVersion string `json:"go_version"`
	// Platform is GOOS/GOARCH.
	Platform string `json:"platform"`
	// GUI is true when the binary holds the desktop app; false for a
	// command-line-only build (-tags nogui).
	GUI bool `json:"gui"`
}

// Kind says in words what GUI says: "desktop app and command line" or
// "command line only (built with -tags nogui)".
func (i Info) Kind() string {
	if i.GUI {
		return "desktop app and command line"
	}
	return "command line only (built with -tags nogui)"
}

// Get returns the facts about this binary.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return resolve(bi)
}

// resolve combines the linker-set variables with the toolchain's record
// (bi may be nil).
func resolve(bi *debug.BuildInfo) Info {
	info := Info{
		Version:    version,
		Commit:     commit,
		CommitDate: commitDate,
		BuildDate:  buildDate,
		GoVersion:  runtime.Version(),
		Platform:   runtime.GOOS + "/" + runtime.GOARCH,
		GUI:        gui,
	}
	info.Modified, _ = strconv.ParseBool(modified)
	if bi != nil {
		vcsModified := ""
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if info.Commit == "" {
					info.Commit = s.Value
				}
			case "vcs.time":
				if info.CommitDate == "" {
					info.CommitDate = s.Value
				}
			case "vcs.modified":
				vcsModified = s.Value
			}
		}
		if modified == "" {
			info.Modified, _ = strconv.ParseBool(vcsModified)
		}
		if bi.GoVersion != "" {
			info.GoVersion = bi.GoVersion
		}
		// A go install of a released module knows its version; a build
		// from a checkout says "(devel)" (or, since Go 1.24, a
		// pseudo-version computed from the checkout).
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
	}
	if info.Version == "" {
		info.Version = "devel"
		if info.Commit != "" {
			info.Version += "-" + short(info.Commit)
			if info.Modified {
				info.Version += "-dirty"
			}
		}
	}
	return info
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}
