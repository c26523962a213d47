package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// allowedSleeps are the time.Sleep calls tests may make, by file name (the
// base name, so that a file moved to another package keeps its allowance).
// Each has a comment at the call saying why no event can be waited on.
// Tests wait on events: a barrier (a later visible action), Done, the wait
// helpers, or testing/synctest's fake clock. Lower a count when you remove
// a sleep; raising one needs a reason at the call and here.
var allowedSleeps = map[string]int{
	"room_test.go":       1, // session: the polling helper
	"room_store_test.go": 1, // session: a joiner reaching a mutex
	"hub_test.go":        1, // session: time in which a watcher could evict wrongly
	"e2e_test.go":        1, // the polling helper of the SSH tests
	"memory_test.go":     1, // moves synctest's fake clock
	"line_bench_test.go": 1, // a measured idle second
	"robust_test.go":     1, // the idle timeout: time without a key is what is tested
	"apptest_test.go":    1, // tui: polls the commands' goroutines until they block (no event says so)
}

// TestNoNewSleeps counts time.Sleep in every _test.go file of the module
// and fails when a file has more than its allowance.
func TestNoNewSleeps(t *testing.T) {
	root := filepath.Join("..", "..")
	got := map[string]int{}
	where := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (d.Name() == "testdata" || d.Name() == "third_party" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if isTimeSleep(n) {
				name := filepath.Base(path)
				got[name]++
				where[name] = append(where[name], fset.Position(n.Pos()).String())
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range got {
		if n > allowedSleeps[name] {
			t.Errorf("%s: %d time.Sleep, %d allowed: wait on an event instead (a barrier, Done, waitFor/poll, testing/synctest)\n\t%s",
				name, n, allowedSleeps[name], strings.Join(where[name], "\n\t"))
		}
	}
	for name, n := range allowedSleeps {
		if got[name] < n {
			t.Logf("%s: %d time.Sleep, %d allowed: lower its allowance", name, got[name], n)
		}
	}
}

// isTimeSleep reports whether n is a call of time.Sleep.
func isTimeSleep(n ast.Node) bool {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Sleep" {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "time"
}
