package arch

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The core packages, whose findings every face shows. A finding's Fix
// says what to do in words any face can show; the command line's way
// (an ssolens command, a flag) goes in its Command (Finding.WithCommand),
// which the window never shows.
var fixCorePackages = []string{"inspector", "session", "neo4j", "pkce", "discovery", "explain", "report", "snippets", "profiles", "mint", "demoidp"}

// fixTextAllowed are flags a fix may name because they are not ours:
// Neo4j's own command-line flags, and docker run's options as a fix about
// a docker run command quotes them (ssolens lint has an --env of its own,
// so only docker's forms are allowed, not --env alone).
var fixTextAllowed = []string{"--expand-commands", "--env-file", "--env NAME=value", "--env '"}

var cliInFixRE = regexp.MustCompile("ssolens [a-z]|(^|[\\s(,`'\"])--[a-z]")

// cliInFix is the first command-line part of a fix text, or "".
func cliInFix(s string) string {
	for _, a := range fixTextAllowed {
		s = strings.ReplaceAll(s, a, "")
	}
	return cliInFixRE.FindString(s)
}

// fixArg is the index of the fix argument of a finding constructor of
// inspector.Def, by method name and argument count: New(message, fix,
// evidence), Newf(fix, evidence, format, args...), WithSeverity(sev,
// message, fix, evidence). -1 for any other call.
func fixArg(name string, nargs int) int {
	switch {
	case name == "New" && nargs == 3:
		return 1
	case name == "Newf" && nargs >= 3:
		return 0
	case name == "WithSeverity" && nargs == 4:
		return 2
	}
	return -1
}

// TestFixesNameNoCommandLine: no string that reaches a finding's fix or
// an error in the core's source (the fix argument of Def.New, Newf and
// WithSeverity, a Fix: field of a composite literal, the arguments of
// errors.New and fmt.Errorf, and what a local variable or a package-level
// table or constant used there holds) names an ssolens command or a flag;
// nor do the fix and check texts of the explain catalogue, which
// Match.Finding puts in the fix. A face adds its own way to an error
// (cli's flag hints), as a finding's Command does to a fix.
func TestFixesNameNoCommandLine(t *testing.T) {
	root := moduleRoot(t)
	fset := token.NewFileSet()
	var bad []string
	checked := 0
	report := func(lit *ast.BasicLit) {
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return
		}
		checked++
		if m := cliInFix(s); m != "" {
			rel, _ := filepath.Rel(root, fset.Position(lit.Pos()).Filename)
			bad = append(bad, fmt.Sprintf("%s:%d: %q in %q", rel, fset.Position(lit.Pos()).Line, strings.TrimSpace(m), s))
		}
	}
	files := coreFiles(t, root, fset)
	for _, pkg := range files {
		// A package's own helpers that pass a fix on (a parameter named
		// fix) are checked at their call sites like Def.New.
		helpers, globals := fixParams(pkg), packageValues(pkg)
		for _, f := range pkg {
			for _, decl := range f.Decls {
				checkFixes(decl, helpers, globals, report)
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d fix strings were found in the core's source: the walk is broken", checked)
	}
	b, err := os.ReadFile(filepath.Join(root, "explain", "catalogue.json"))
	if err != nil {
		t.Fatal(err)
	}
	var entries []struct{ ID, Fix, Check string }
	if err := json.Unmarshal(b, &entries); err != nil || len(entries) == 0 {
		t.Fatalf("explain/catalogue.json: %d entries, %v", len(entries), err)
	}
	for _, e := range entries {
		for _, s := range []string{e.Fix, e.Check} {
			if m := cliInFix(s); m != "" {
				bad = append(bad, fmt.Sprintf("explain/catalogue.json %s: %q in %q", e.ID, strings.TrimSpace(m), s))
			}
		}
	}
	for _, b := range bad {
		t.Errorf("a fix or an error names the command line (give a finding's to its WithCommand, and make an error a sentinel or typed error the face adds its flag to): %s", b)
	}
}

// coreFiles parses the core packages' sources (not their tests), by
// package directory.
func coreFiles(t *testing.T, root string, fset *token.FileSet) map[string][]*ast.File {
	t.Helper()
	files := map[string][]*ast.File{}
	for _, dir := range fixCorePackages {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			files[filepath.Dir(path)] = append(files[filepath.Dir(path)], f)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// checkFixes reports every string literal that reaches a fix or an error
// in decl; globals are the package's variables and constants by name
// (packageValues), followed as local variables are.
func checkFixes(decl ast.Decl, helpers map[string]int, globals map[string][]ast.Expr, report func(*ast.BasicLit)) {
	// What each local name was assigned, in this declaration: a fix built
	// in a variable (fix := "…"; fix += …) is checked too.
	assigned := map[string][]ast.Expr{}
	ast.Inspect(decl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						assigned[id.Name] = append(assigned[id.Name], n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					assigned[id.Name] = append(assigned[id.Name], n.Values[i])
				}
			}
		}
		return true
	})
	var strs func(e ast.Expr, seen map[string]bool)
	strs = func(e ast.Expr, seen map[string]bool) {
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.STRING {
					report(n)
				}
			case *ast.Ident:
				if !seen[n.Name] {
					seen[n.Name] = true
					values, local := assigned[n.Name]
					if !local {
						values = globals[n.Name] // a table of fixes (oauthErrorHelp[code])
					}
					for _, rhs := range values {
						strs(rhs, seen)
					}
				}
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				// A length is a number: len(templates) carries no text
				// of the table.
				if id, ok := n.Fun.(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap") {
					return false
				}
			}
			return true
		})
	}
	ast.Inspect(decl, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			var name string
			switch fun := n.Fun.(type) {
			case *ast.SelectorExpr:
				name = fun.Sel.Name
				if errorCall(fun) {
					for _, a := range n.Args {
						strs(a, map[string]bool{})
					}
					return true
				}
			case *ast.Ident:
				name = fun.Name
			}
			i := fixArg(name, len(n.Args))
			if h, ok := helpers[name]; ok && h < len(n.Args) {
				i = h
			}
			if i >= 0 {
				strs(n.Args[i], map[string]bool{})
			}
		case *ast.KeyValueExpr:
			if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Fix" {
				strs(n.Value, map[string]bool{})
			}
		}
		return true
	})
}

// errorCall reports whether fun is errors.New or fmt.Errorf.
func errorCall(fun *ast.SelectorExpr) bool {
	pkg, ok := fun.X.(*ast.Ident)
	return ok && (pkg.Name == "errors" && fun.Sel.Name == "New" || pkg.Name == "fmt" && fun.Sel.Name == "Errorf")
}

// packageValues are a package's variables and constants declared at its
// top level, with what each is given, by name.
func packageValues(pkg []*ast.File) map[string][]ast.Expr {
	out := map[string][]ast.Expr{}
	for _, f := range pkg {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || (gd.Tok != token.VAR && gd.Tok != token.CONST) {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Names) != len(vs.Values) {
					continue
				}
				for i, id := range vs.Names {
					out[id.Name] = append(out[id.Name], vs.Values[i])
				}
			}
		}
	}
	return out
}

// fixParams are a package's functions and methods with a parameter named
// fix: the index of that parameter, by function name.
func fixParams(pkg []*ast.File) map[string]int { return paramsNamed(pkg, "fix") }

// paramsNamed are a package's functions and methods with a parameter of
// that name: the index of that parameter, by function name.
func paramsNamed(pkg []*ast.File, name string) map[string]int {
	out := map[string]int{}
	for _, f := range pkg {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			i := 0
			for _, field := range fd.Type.Params.List {
				names := field.Names
				if len(names) == 0 {
					i++
					continue
				}
				for _, n := range names {
					if n.Name == name {
						out[fd.Name.Name] = i
					}
					i++
				}
			}
		}
	}
	return out
}

// moduleRoot is the directory of go.mod above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s: %v", dir, err)
	}
	return dir
}

// TestFixGuardCatchesPlantedFixes: the guard itself, on a source that
// names the command line in each shape it claims to catch (Newf's and
// New's fix, a helper's fix parameter, a Fix: field, a variable passed as
// the fix, errors.New's and fmt.Errorf's text, a package-level table of
// fixes and a constant used in a fix or an error), and on one that names
// none (a table only counted, an error in the model's terms).
func TestFixGuardCatchesPlantedFixes(t *testing.T) {
	const src = `package p
var help = map[string]string{"a": "Retry with --verify.", "b": "Nothing to do."}
const hint = "choose one with --kid"
var flags = []string{"--count-only"}
func helper(code string, fix string) {}
func g(code string, n int) error {
	fix := help[code]
	FindE.New("msg", fix, ev)
	if n > 1 {
		return fmt.Errorf("the JWKS holds %d keys: %s", n, hint)
	}
	if n < 0 {
		return fmt.Errorf("%d flags", len(flags))
	}
	return errors.New("give --key or --secret, not both")
}
func h() error { return errors.New("the secret is empty") }
func f() {
	FindA.Newf("Run ssolens lint first.", ev, "msg")
	FindB.New("msg", "Give --jwks FILE.", ev)
	helper("x", "Use --offline.")
	_ = Finding{Fix: "Try ssolens roles."}
	fix := "Give --conf."
	FindC.New("msg", fix, ev)
	FindD.New("msg", "Start Neo4j with --expand-commands.", ev).WithCommand("ssolens lint neo4j.conf")
}`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var caught []string
	helpers := fixParams([]*ast.File{file})
	for _, decl := range file.Decls {
		checkFixes(decl, helpers, packageValues([]*ast.File{file}), func(lit *ast.BasicLit) {
			if s, err := strconv.Unquote(lit.Value); err == nil && cliInFix(s) != "" {
				caught = append(caught, s)
			}
		})
	}
	want := []string{"Retry with --verify.", "choose one with --kid", "give --key or --secret, not both",
		"Run ssolens lint first.", "Give --jwks FILE.", "Use --offline.", "Try ssolens roles.", "Give --conf."}
	if strings.Join(caught, "|") != strings.Join(want, "|") {
		t.Errorf("the guard caught %q\nwant %q (Neo4j's --expand-commands, a WithCommand's text and a table only counted are allowed)", caught, want)
	}
}
