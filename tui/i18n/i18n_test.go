package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
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
			if _, ok := cat[k]; ok {
				continue
			}
			// A domain message may have plural forms: Err counts its
			// first argument.
			_, one := cat[k+".one"]
			_, other := cat[k+".other"]
			if one && other && strings.HasPrefix(filepath.ToSlash(where), "../../session/") {
				continue
			}
			missing = append(missing, name+": "+k+" (used in "+where+")")
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

// countedNoun finds a count followed by a word that changes with the
// number: an English plural ("3 members", "request(s)") or a Finnish
// partitive ("3 jäsentä"). Units and ratios ("90 min", "80×24", "3/5",
// "0 / 2000 characters": the noun goes with the limit, not the count)
// read the same for any number.
var (
	countThenWord = regexp.MustCompile(`(/\s*)?%d\s+(\pL+(\(\pL+\))?)`)
	enCounted     = regexp.MustCompile(`^\pL+s$|\(s\)$`)
	fiCounted     = regexp.MustCompile(`(a|ä|\(ä\)|\(a\))$`)
	notCounted    = map[string]bool{
		"min": true,                           // a unit
		"of":  true,                           // "3 of 5 done"
		"is":  true, "was": true, "has": true, // "3 of 5 has written", "reflection 12 has"
		"on": true, "oli": true, // "3 on tehnyt"
		"paikalla": true, // "3/5 paikalla"
		"mennessä": true, // "tapaamiseen 3 mennessä"
	}
)

func countedNoun(lang, msg string) string {
	for _, m := range countThenWord.FindAllStringSubmatch(msg, -1) {
		w := strings.ToLower(m[2])
		if notCounted[w] || m[1] != "" {
			continue
		}
		if (lang == "en" && enCounted.MatchString(w)) || (lang == "fi" && fiCounted.MatchString(w)) {
			return m[0]
		}
	}
	return ""
}

// TestCountsUsePluralForms: a text that counts something ("%d members",
// "%d jäsentä") is a plural key (key.one and key.other, shown with N), so
// that "1 member" and "1 jäsen" read right; and an English .one form has
// no plural noun.
func TestCountsUsePluralForms(t *testing.T) {
	for _, tt := range []struct {
		lang, msg string
		counted   bool
	}{
		{"en", "%d members", true}, {"en", "%d request(s) to quote", true}, {"fi", "%d jäsentä", true},
		{"fi", "%d pyyntö(ä)", true}, {"fi", "enintään %d merkkiä.", true}, {"en", "Agenda: %d of %d min", false},
		{"fi", "%d min väljyyttä", false}, {"en", "%d×%d", false}, {"fi", "Kierros %d/%d", false},
		{"en", "Version %d, updated %s", false}, {"en", "%d / %d characters", false}, {"fi", "%d:sta alkaen", false}, {"fi", "%d puhui", false},
	} {
		if got := countedNoun(tt.lang, tt.msg) != ""; got != tt.counted {
			t.Errorf("countedNoun(%s, %q) = %v, want %v", tt.lang, tt.msg, got, tt.counted)
		}
	}
	for name, cat := range map[string]map[string]string{"en": en, "fi": fi} {
		for k, msg := range cat {
			if strings.HasSuffix(k, ".one") || strings.HasSuffix(k, ".other") {
				if w := countedNoun("en", msg); name == "en" && strings.HasSuffix(k, ".one") && w != "" {
					t.Errorf("en: %s is the singular form but says %q", k, w)
				}
				continue
			}
			if w := countedNoun(name, msg); w != "" {
				t.Errorf("%s: %s counts with %q: make it a plural key (%s.one, %s.other) and show it with cat.N", name, k, w, k, k)
			}
		}
	}
}

func TestErrCountsPluralMessages(t *testing.T) {
	for lang, want := range map[session.Lang]string{session.LangEN: "at most 1 character.", session.LangFI: "enintään 1 merkki."} {
		c := For(lang)
		if got := c.Err(session.Errorf(session.EInvalid, session.MsgNameTooLong, 1)); !strings.HasSuffix(got, want) {
			t.Errorf("%s: %q, want it to end %q", lang, got, want)
		}
		if got := c.Err(session.Errorf(session.EInvalid, session.MsgNameTooLong, 64)); strings.Contains(got, "!") || !strings.Contains(got, "64") {
			t.Errorf("%s: %q", lang, got)
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

// TestRoomLabelsRefusedInNames: the words the room puts in brackets after
// a name are the ones session refuses in a name, in both languages.
func TestRoomLabelsRefusedInNames(t *testing.T) {
	for _, cat := range []Catalog{For(session.LangFI), For(session.LangEN)} {
		for _, key := range []string{"room.leader", "room.you"} {
			label := cat.T(key)
			if !slices.Contains(session.RoomLabels(), label) {
				t.Errorf("%s %s = %q is not in session.RoomLabels", cat.Lang(), key, label)
			}
			if _, err := session.CleanName("Fasi (" + label + ")"); session.ErrorCode(err) != session.EInvalid {
				t.Errorf("the name Fasi (%s) was accepted: %v", label, err)
			}
		}
	}
}
