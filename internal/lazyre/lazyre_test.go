package lazyre

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	re := New(`^a+b$`)
	if !re().MatchString("aab") || re().MatchString("ba") {
		t.Fatal("the expression does not match as compiled")
	}
	if re() != re() {
		t.Error("each call compiled the expression again")
	}
	bad := New(`(`)
	defer func() {
		if recover() == nil {
			t.Error("an invalid expression did not panic on first use")
		}
	}()
	bad()
}

// TestNoExpressionCompiledAtLoad: no package of the module compiles a
// regular expression when it loads (a package-level variable, an init
// function, a function literal called where it stands); each uses New.
// Two had crept back in, and each cost every command about 0.1 ms of its
// start. A compile inside a helper that a package-level variable calls is
// beyond what this reads.
func TestNoExpressionCompiledAtLoad(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", "testdata", "build", ".git":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, at := range loadTimeCompiles(fset, f) {
			t.Errorf("%s: this regular expression is compiled when the package loads, at every start; use lazyre.New", at)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLoadTimeCompiles holds the checker to the ways a package compiles
// at load, and to the ways it does not.
func TestLoadTimeCompiles(t *testing.T) {
	for _, c := range []struct {
		src  string
		want int
	}{
		{`import "regexp"; var a = regexp.MustCompile("a")`, 1},
		{`import "regexp"; var a, b = regexp.MustCompile("a"), regexp.MustCompilePOSIX("b")`, 2},
		{`import re2 "regexp"; var a = re2.MustCompile("a")`, 1},
		{`import "regexp"; var a *regexp.Regexp; func init() { a = regexp.MustCompile("a") }`, 1},
		{`import "regexp"; var a = func() *regexp.Regexp { return regexp.MustCompile("a") }()`, 1},
		{`import "regexp"; var a = func() *regexp.Regexp { return regexp.MustCompile("a") }`, 0},
		{`import "regexp"; func f() *regexp.Regexp { return regexp.MustCompile("a") }`, 0},
		{`import "regexp"; type T struct{}; func (T) init() { regexp.MustCompile("a") }`, 0},
		{`import "example.com/regexp"; var a = other.MustCompile("a")`, 0},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "x.go", "package x; "+c.src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		if got := loadTimeCompiles(fset, f); len(got) != c.want {
			t.Errorf("%s: found %d (%v), want %d", c.src, len(got), got, c.want)
		}
	}
}

// loadTimeCompiles returns where f compiles a regular expression as its
// package loads: in a package-level variable's value or an init function,
// outside function literals that are not called where they stand.
func loadTimeCompiles(fset *token.FileSet, f *ast.File) []string {
	names := map[string]bool{} // what the file calls package regexp
	for _, imp := range f.Imports {
		if imp.Path.Value == `"regexp"` {
			if imp.Name != nil {
				names[imp.Name.Name] = true
			} else {
				names["regexp"] = true
			}
		}
	}
	var found []string
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // runs only when called
		case *ast.CallExpr:
			if lit, ok := n.Fun.(*ast.FuncLit); ok {
				ast.Inspect(lit.Body, visit) // called where it stands
			}
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && names[pkg.Name] && strings.Contains(sel.Sel.Name, "Compile") {
					found = append(found, fset.Position(n.Pos()).String())
				}
			}
		}
		return true
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.GenDecl:
			if d.Tok == token.VAR {
				ast.Inspect(d, visit)
			}
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "init" && d.Body != nil {
				ast.Inspect(d.Body, visit)
			}
		}
	}
	return found
}
