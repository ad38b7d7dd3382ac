package arch

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// commandProblem says why s is not one command line a user can run as
// written (placeholders in capitals aside), or "": a finding's Command is
// printed under "run:", so alternatives belong in the fix's words.
func commandProblem(s string) string {
	switch {
	case !strings.HasPrefix(s, "ssolens "):
		return "does not start with ssolens"
	case strings.Contains(s, ", or ") || strings.Contains(s, " or --") || strings.Contains(s, " or ssolens"):
		return "offers alternatives"
	case strings.Contains(s, "; "):
		return "holds two commands"
	case strings.ContainsAny(s, "\n\t"):
		return "spans lines"
	case strings.Contains(s, " ("):
		return "holds prose in parentheses"
	}
	return ""
}

// TestCommandsAreOneCommandLine: every command literal the core gives a
// finding (WithCommand, a Command: field) is one runnable command line.
func TestCommandsAreOneCommandLine(t *testing.T) {
	root := moduleRoot(t)
	fset := token.NewFileSet()
	checked := 0
	check := func(e ast.Expr) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil || s == "" { // "": no command
			return
		}
		checked++
		if why := commandProblem(s); why != "" {
			rel, _ := filepath.Rel(root, fset.Position(lit.Pos()).Filename)
			t.Errorf("%s:%d: command %q %s: give one command line, and say the other ways in the fix", rel, fset.Position(lit.Pos()).Line, s, why)
		}
	}
	files := coreFiles(t, root, fset)
	for _, pkg := range files {
		// A package's helpers that pass a command on (a parameter named
		// cmd) are checked at their call sites, as is a local cmd.
		helpers := paramsNamed(pkg, "cmd")
		for _, f := range pkg {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					var name string
					switch fun := n.Fun.(type) {
					case *ast.SelectorExpr:
						name = fun.Sel.Name
					case *ast.Ident:
						name = fun.Name
					}
					if name == "WithCommand" && len(n.Args) == 1 {
						check(n.Args[0])
					} else if i, ok := helpers[name]; ok && i < len(n.Args) {
						check(n.Args[i])
					}
				case *ast.KeyValueExpr:
					if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Command" {
						check(n.Value)
					}
				case *ast.AssignStmt:
					for i, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name == "cmd" && i < len(n.Rhs) {
							check(n.Rhs[i])
						}
					}
				}
				return true
			})
		}
	}
	if checked < 15 {
		t.Fatalf("only %d command literals were found in the core's source: the walk is broken", checked)
	}
}

func TestCommandProblemCatchesAlternatives(t *testing.T) {
	for s, bad := range map[string]bool{
		"ssolens login --no-browser":                                        false,
		"ssolens roles --conf neo4j.conf --tokens FILE --userinfo F":        false,
		"ssolens login --browser-command CMD, or --no-browser":              true,
		"ssolens inspect TOKEN --jwks FILE or --pem FILE":                   true,
		"ssolens roles --userinfo FILE or ssolens login --userinfo":         true,
		"ssolens lint neo4j.conf; ssolens roles --conf neo4j.conf":          true,
		"neo4j-admin server validate-config":                                true,
		"ssolens roles --conf neo4j.conf --tokens FILE (without --offline)": true,
		"ssolens check --bolt bolt://host:7687\nssolens check --help":       true,
	} {
		if got := commandProblem(s) != ""; got != bad {
			t.Errorf("commandProblem(%q) = %q", s, commandProblem(s))
		}
	}
}
