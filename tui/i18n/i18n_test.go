package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
)

func TestCatalogsHaveTheSameKeys(t *testing.T) {
	for k := range en {
		if _, ok := fi[k]; !ok {
			t.Errorf("fi is missing %q", k)
		}
	}
	for k := range fi {
		if _, ok := en[k]; !ok {
			t.Errorf("en is missing %q", k)
		}
	}
}

func TestPlaceholdersMatch(t *testing.T) {
	verb := regexp.MustCompile(`%[-+# 0]*[0-9]*[vdsqx]`)
	for k, e := range en {
		ev, fv := verb.FindAllString(e, -1), verb.FindAllString(fi[k], -1)
		if strings.Join(ev, ",") != strings.Join(fv, ",") {
			t.Errorf("%s: en has %v, fi has %v", k, ev, fv)
		}
	}
}

// keyLike matches string literals that name catalog keys.
var keyLike = regexp.MustCompile(`^(role|grouprole|kind|app|key|onboarding|home|group|meeting|agenda|agreement|task|newgroup|room|summary|visibility|reflections|write|journal|report|assessment|feedback|share|quote|cli|server|err|cmd)\.[a-z_.-]+[a-z_]$`)

// TestEveryKeyInCodeExists reads the source of piiri and checks that every
// literal that looks like a catalog key, and every domain message, is in
// both catalogs; a forgotten translation fails here, not on a user's screen.
func TestEveryKeyInCodeExists(t *testing.T) {
	root := filepath.Join("..", "..")
	used := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.HasPrefix(filepath.Base(path), "en.go") || filepath.Base(path) == "fi.go" {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		plural := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			// c.N("key", n): the catalog holds key.one and key.other.
			if call, ok := n.(*ast.CallExpr); ok && len(call.Args) > 0 {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "N" {
					if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if s, err := strconv.Unquote(lit.Value); err == nil && keyLike.MatchString(s) {
							plural[lit] = true
							used[s+".one"], used[s+".other"] = path, path
						}
					}
				}
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && !plural[lit] {
				if s, err := strconv.Unquote(lit.Value); err == nil && keyLike.MatchString(s) {
					used[s] = path
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 20 {
		t.Fatalf("found only %d keys in code; is the walk broken?", len(used))
	}
	for _, r := range session.GroupRoles {
		used["grouprole."+string(r)] = "session.GroupRoles"
	}
	for _, st := range []session.MeetingState{session.MeetingPlanned, session.MeetingLive, session.MeetingEnded} {
		used["meeting.state."+string(st)] = "session.MeetingState"
	}
	for _, h := range session.ShareHows {
		used["share.how."+string(h)] = "session.ShareHows"
	}
	for _, q := range []session.QuoteStatus{session.QuoteAsked, session.QuoteApproved, session.QuoteDeclined} {
		used["quote."+string(q)] = "session.QuoteStatus"
	}
	for _, v := range session.Visibilities {
		used["visibility."+string(v)] = "session.Visibilities"
	}
	for _, k := range session.ItemKinds {
		used["kind."+string(k)] = "session.ItemKinds"
	}
	for _, r := range session.Roles {
		used["role."+string(r)] = "session.Roles"
		used["home.no_groups."+string(r)] = "session.Roles"
	}
	var missing []string
	for k, where := range used {
		for name, cat := range map[string]map[string]string{"en": en, "fi": fi} {
			if _, ok := cat[k]; !ok {
				missing = append(missing, name+": "+k+" (used in "+where+")")
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error("missing " + m)
	}
}

// TestPluralFormsComplete: a key with a singular form has the other form
// too, both show the count, and N picks between them.
func TestPluralFormsComplete(t *testing.T) {
	for name, cat := range map[string]map[string]string{"en": en, "fi": fi} {
		for k, msg := range cat {
			if base, ok := strings.CutSuffix(k, ".one"); ok {
				other, ok := cat[base+".other"]
				if !ok {
					t.Errorf("%s: %s has no .other form", name, k)
				}
				// The count is the first argument: %d, or %[1]d where the
				// sentence puts it after other values.
				shows := func(m string) bool { return strings.Contains(m, "%d") || strings.Contains(m, "%[1]d") }
				if !shows(msg) || !shows(other) {
					t.Errorf("%s: %s does not show the count", name, base)
				}
			}
		}
	}
	c := Catalog{lang: session.LangEN, msgs: map[string]string{"x.n.one": "%d use", "x.n.other": "%d uses"}}
	for n, want := range map[int]string{0: "0 uses", 1: "1 use", 2: "2 uses"} {
		if got := c.N("x.n", n); got != want {
			t.Errorf("N(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestChoose(t *testing.T) {
	fiPerson := &session.Person{Lang: session.LangFI}
	tests := []struct {
		person *session.Person
		env    []string
		def    session.Lang
		want   session.Lang
	}{
		{fiPerson, []string{"LANG=en_GB.UTF-8"}, session.LangEN, session.LangFI},
		{nil, []string{"LANG=fi_FI.UTF-8"}, session.LangEN, session.LangFI},
		{nil, []string{"LANG=fi_FI.UTF-8", "LC_ALL=en_US.UTF-8"}, session.LangFI, session.LangEN},
		{nil, []string{"LANG=C"}, session.LangFI, session.LangFI},
		{nil, []string{"LANG=de_DE.UTF-8"}, session.LangFI, session.LangFI},
		{nil, nil, session.LangEN, session.LangEN},
	}
	for _, tt := range tests {
		if got := Choose(tt.person, tt.env, tt.def); got != tt.want {
			t.Errorf("Choose(%v, %v, %v) = %v, want %v", tt.person, tt.env, tt.def, got, tt.want)
		}
	}
}

func TestErrHidesInternalErrors(t *testing.T) {
	c := For(session.LangFI)
	if got := c.Err(filepath.ErrBadPattern); got != fi["err.internal"] {
		t.Fatalf("internal error shown as %q", got)
	}
	if got := c.Err(session.Errorf(session.EInvalid, session.MsgNameTooLong, 64)); !strings.Contains(got, "64") {
		t.Fatalf("domain error shown as %q", got)
	}
}
