// Package arch holds the architecture test: the import graph of SSO Lens
// must follow the layers below. It reads the graph with `go list`, so it
// sees exactly what the compiler sees.
package arch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/ssolens/ssolens"

// The layers, top to bottom. A package may import packages of lower layers
// (faces: see faceMayImport); within a layer only the edges of sameLayer.
// Every package of the module must be listed here: a new package gets a
// place in the table before it gets importers.
//
//	layer       packages                                   may import
//	faces       . (main), app, cli, internal/mangen        session, the bottom, support (faceMayImport)
//	session     session                                    middle, bottom, support
//	middle      report, snippets, profiles, neo4j/*,       bottom, support; among themselves only sameLayer
//	            pkce, demoidp, mint
//	bottom      inspector, discovery, explain              inspector → discovery, explain → inspector only; discovery nothing
//	support     assets/samples, internal/sysenv,           no project package (anyone may import
//	            internal/safetext, internal/budget,        them), but secretmask → lazyre
//	            internal/buildinfo, internal/par,
//	            internal/memtrim, internal/lazyre, internal/secretmask,
//	            internal/shellwords, internal/mdtext
//	tools       assets/icongen, bench/gen, bench/floor,     anything but faces; nothing imports them
//	            bench/framewatch, bench/guifloor,
//	            bench/startfloor, scripts/*,
//	            bench, internal/arch, neo4j (doc only),
//	            neo4j/internal/conftest (tests' helpers)
//
// Beyond the layers (rules, checked on the transitive dependencies):
//   - core packages (all but faces, assets and tools) never import fyne.io/*
//     nor a face;
//   - inspector imports neither neo4j/... nor pkce;
//   - discovery imports no other project package;
//   - pkce imports nothing of neo4j/...;
//   - nothing but a face imports session (or assets, Fyne's resources).
var layers = map[string]string{
	"": "faces", "app": "faces", "cli": "faces",
	"internal/mangen": "faces", // the man pages: the command line, as pages

	"session": "session",
	"report":  "middle", "snippets": "middle", "profiles": "middle", "pkce": "middle", "demoidp": "middle", "mint": "middle",
	"neo4j/conf": "middle", "neo4j/abac": "middle", "neo4j/ssoclient": "middle", "neo4j/predict": "middle", "neo4j/server": "middle",
	"inspector": "bottom", "discovery": "bottom", "explain": "bottom",
	"assets/samples": "support", "internal/sysenv": "support", "internal/safetext": "support", "internal/budget": "support", "internal/textdist": "support", "internal/buildinfo": "support",
	"internal/par": "support", "internal/memtrim": "support", "internal/lazyre": "support", "internal/secretmask": "support",
	"internal/shellwords": "support",
	"internal/mdtext":     "support",
	"assets":              "face-support", // Fyne resources: the app's alone
	"assets/icongen":      "tools", "bench": "tools", "bench/gen": "tools", "bench/floor": "tools", "bench/framewatch": "tools", "bench/guifloor": "tools", "bench/startfloor": "tools", "scripts/clipboard": "tools", "scripts/sampletoken": "tools",
	"internal/arch": "tools", "neo4j": "tools", "neo4j/internal/conftest": "tools",
}

var rank = map[string]int{"faces": 0, "session": 1, "middle": 2, "bottom": 3, "support": 4}

// sameLayer are the allowed imports within a layer. Among neo4j/*: conf
// imports no other; abac → conf; ssoclient → conf (and pkce, whose
// RequestMode it implements); predict → conf, abac, ssoclient; server →
// conf, predict, ssoclient. mint → demoidp (its persisted key).
var sameLayer = map[string][]string{
	"neo4j/abac":      {"neo4j/conf"},
	"neo4j/ssoclient": {"neo4j/conf", "pkce"},
	"neo4j/predict":   {"neo4j/conf", "neo4j/abac", "neo4j/ssoclient"},
	"neo4j/server":    {"neo4j/conf", "neo4j/predict", "neo4j/ssoclient"},
	"report":          {"neo4j/conf", "neo4j/predict", "neo4j/server", "pkce"},
	"profiles":        {"demoidp", "neo4j/conf", "neo4j/server", "neo4j/ssoclient", "pkce"},
	"inspector":       {"discovery"},
	"explain":         {"inspector"},
	// secretmask's expressions compile on first use, as every package's.
	"internal/secretmask": {"internal/lazyre"},
	"mint":                {"demoidp"}, // the demo provider's key
}

// faceMayImport: a face reaches the use cases through session; the
// vocabulary (inspector, discovery) and support packages it may use
// directly, and assets (Fyne resources) is for faces only.
var faceMayImport = []string{"session", "inspector", "discovery", "assets", "assets/samples", "internal/sysenv", "internal/safetext", "internal/textdist", "internal/buildinfo", "internal/par", "internal/memtrim", "internal/mdtext", "app", "cli"}

// knownExceptions are edges the layers forbid that today's code still has.
// To be removed: the faces are moving onto session (a face should reach
// the middle layer through session's use cases only). Do not add to this
// list; remove an entry once its edge is gone (the test says when).
var knownExceptions = map[string]bool{
	"app -> neo4j/predict":   true,
	"app -> neo4j/server":    true,
	"app -> pkce":            true,
	"app -> profiles":        true,
	"app -> report":          true,
	"app -> snippets":        true,
	"cli -> demoidp":         true,
	"cli -> neo4j/abac":      true,
	"cli -> neo4j/conf":      true,
	"cli -> neo4j/predict":   true,
	"cli -> neo4j/server":    true,
	"cli -> neo4j/ssoclient": true,
	"cli -> pkce":            true,
	"cli -> report":          true,
	"cli -> snippets":        true,
}

type goPackage struct {
	ImportPath string
	Imports    []string
	Deps       []string
	Error      *struct{ Err string }
}

// listPackages runs go list on the module.
func listPackages(t *testing.T) []goPackage {
	t.Helper()
	goBin := "go"
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); fileExists(p) {
			goBin = p
		}
	}
	cmd := exec.Command(goBin, "list", "-e", "-json", module+"/...")
	cmd.Dir = filepath.Join("..", "..")
	// The graph of the real build: with cgo, as the desktop app is built
	// (without it, the root package leaves the app out). go list compiles
	// nothing, so no C compiler is needed.
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	touchSources(t, cmd.Dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []goPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p goPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("reading go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

// touchSources opens every Go file and go.mod of the module, so that go
// test's cache, which cannot see what go list reads, runs this test again
// whenever one of them changes (it tracks the files a test opens).
func touchSources(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".go") || d.Name() == "go.mod") {
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			f.Close()
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walking the module: %v", err)
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// rel is a project package's path within the module, ok false for others.
func rel(path string) (string, bool) {
	if path == module {
		return "", true
	}
	r, ok := strings.CutPrefix(path, module+"/")
	return r, ok
}

func TestImportGraph(t *testing.T) {
	used := map[string]bool{}
	var violations []string
	for _, p := range listPackages(t) {
		from, _ := rel(p.ImportPath)
		if p.Error != nil { // an import cycle, say: report it, check the rest
			violations = append(violations, fmt.Sprintf("go list: %s: %s", p.ImportPath, p.Error.Err))
		}
		violations = append(violations, check(from, p.Imports, p.Deps, used)...)
	}
	sort.Strings(violations)
	for _, v := range violations {
		t.Error(v)
	}
	var stale []string
	for e := range knownExceptions {
		if !used[e] {
			stale = append(stale, e)
		}
	}
	sort.Strings(stale)
	for _, e := range stale {
		t.Errorf("known exception %q no longer occurs: remove it from knownExceptions", e)
	}
}

// check returns the violations of one package, given its direct imports and
// its transitive dependencies; used records the known exceptions met.
func check(from string, imports, deps []string, used map[string]bool) []string {
	var out []string
	layer, ok := layers[from]
	if !ok {
		return []string{fmt.Sprintf("package %q is not in the layer table of internal/arch: give it a layer", from)}
	}
	name := from
	if name == "" {
		name = ". (main)"
	}
	core := layer != "faces" && layer != "face-support" && layer != "tools"
	for _, d := range deps {
		dr, project := rel(d)
		switch {
		case core && (strings.HasPrefix(d, "fyne.io/") || (project && (layers[dr] == "faces" || layers[dr] == "face-support"))):
			out = append(out, fmt.Sprintf("%s (core) depends on %s: core packages never import Fyne, a face or its assets", name, d))
		case from == "inspector" && project && (dr == "pkce" || dr == "neo4j" || strings.HasPrefix(dr, "neo4j/")):
			out = append(out, fmt.Sprintf("inspector depends on %s: inspector imports neither neo4j/... nor pkce", dr))
		case from == "discovery" && project:
			out = append(out, fmt.Sprintf("discovery depends on %s: discovery imports no other project package", dr))
		case from == "pkce" && project && (dr == "neo4j" || strings.HasPrefix(dr, "neo4j/")):
			out = append(out, fmt.Sprintf("pkce depends on %s: pkce imports nothing of neo4j/... (a Neo4j client plugs in as a pkce.RequestMode)", dr))
		}
	}
	for _, imp := range imports {
		to, project := rel(imp)
		if !project {
			continue
		}
		edge := name + " -> " + to
		if allowed(from, to) {
			continue
		}
		if knownExceptions[edge] {
			used[edge] = true
			continue
		}
		out = append(out, fmt.Sprintf("forbidden import %s (%s → %s): see the layer table in internal/arch/arch_test.go", edge, layer, layers[to]))
	}
	return out
}

// allowed says whether the layer table allows from to import to.
func allowed(from, to string) bool {
	fl, tl := layers[from], layers[to]
	if tl == "" {
		return false // an unlisted package: reported on its own
	}
	switch {
	case tl == "tools":
		return false
	case fl == "tools":
		// bench/startfloor links the command line to time its start
		// without running it (the start-up rows' floor).
		return tl != "faces" || from == "bench/startfloor" && to == "cli"
	case fl == "faces":
		return slices.Contains(faceMayImport, to)
	case tl == "face-support" || tl == "faces":
		return false
	case fl == "face-support":
		return false
	case fl == tl:
		return slices.Contains(sameLayer[from], to)
	}
	return rank[tl] > rank[fl]
}

// TestCheckCatchesForbiddenEdges proves the rules bite, on made-up graphs.
func TestCheckCatchesForbiddenEdges(t *testing.T) {
	cases := []struct {
		name         string
		from         string
		imports      []string
		deps         []string
		wantViolates bool
	}{
		{"inspector imports pkce", "inspector", []string{module + "/pkce"}, []string{module + "/pkce"}, true},
		{"inspector imports discovery", "inspector", []string{module + "/discovery"}, []string{module + "/discovery"}, false},
		{"discovery imports inspector", "discovery", []string{module + "/inspector"}, []string{module + "/inspector"}, true},
		{"pkce reaches neo4j/conf through a dependency", "pkce", nil, []string{module + "/neo4j/conf"}, true},
		{"pkce imports neo4j/ssoclient", "pkce", []string{module + "/neo4j/ssoclient"}, nil, true},
		{"conf imports predict", "neo4j/conf", []string{module + "/neo4j/predict"}, nil, true},
		{"predict imports conf", "neo4j/predict", []string{module + "/neo4j/conf"}, nil, false},
		{"predict imports server", "neo4j/predict", []string{module + "/neo4j/server"}, nil, true},
		{"report imports session", "report", []string{module + "/session"}, nil, true},
		{"session imports app", "session", []string{module + "/app"}, []string{module + "/app"}, true},
		{"session reaches Fyne", "session", nil, []string{"fyne.io/fyne/v2"}, true},
		{"app reaches Fyne", "app", nil, []string{"fyne.io/fyne/v2"}, false},
		{"app imports session", "app", []string{module + "/session"}, nil, false},
		{"app imports demoidp", "app", []string{module + "/demoidp"}, nil, true},
		{"snippets imports profiles (same layer, not listed)", "snippets", []string{module + "/profiles"}, nil, true},
		{"an unlisted package", "newthing", nil, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := check(tc.from, tc.imports, tc.deps, map[string]bool{})
			if (len(got) > 0) != tc.wantViolates {
				t.Errorf("violations %q, want any: %v", got, tc.wantViolates)
			}
		})
	}
}
