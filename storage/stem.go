package storage

import (
	"database/sql/driver"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"modernc.org/sqlite"
)

// The search index keeps, beside the text as written, the stems of its
// words (column stems of reflections_fts), so that a base form finds its
// inflected forms and the other way round: "ohjaaminen" finds
// "ohjaamisessa". A reflection's language is not known (people mix
// Finnish and English in one text), so every word gets its Finnish and its
// English stems; a query word matches when one of its stems is one of the
// text's.

// piiri writes the stems (reflections.stems, and on PostgreSQL the lexemes
// of reflections.search) whenever it stores a text (bodySet, AddReflection).
// What stemText returns for a text must not change without a migration
// that writes every text's stems again: old texts would keep stems the
// searches no longer ask for. TestStemTextIsStable pins it.

// stemsFunc is the SQL function migrations 0010 and 0012 compute the
// stems of the texts already there with (0010 made them a generated
// column; 0012 a plain one, so that the sqlite3 shell, which does not have
// the function, can read and change the file). It is registered with the
// driver once, before any connection opens (init).
const stemsFunc = "piiri_stems"

func init() {
	err := sqlite.RegisterDeterministicScalarFunction(stemsFunc, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, _ := args[0].(string)
		return stemText(s), nil
	})
	if err != nil {
		panic(err)
	}
}

// stemMark begins every token of the stems column, so that the stems are
// other terms than the words of the text: a search of the text as written
// (a phrase, a prefix*) reads the same lists, and prefix indexes, as
// before there were stems. A digit, because the tokenizer keeps it in the
// token.
const stemMark = "0"

// minStemWord is the shortest word that is stemmed: shorter ones ("on",
// "ja", "we") are found as written, and their stems would only add noise.
const minStemWord = 3

// stemText is the stems column of a text: each word's stems, each once,
// folded like the index folds (ä → a), marked with stemMark.
func stemText(text string) string {
	env := snowballstem.NewEnv("")
	var b strings.Builder
	seen := map[string]bool{}
	for _, w := range words(text) {
		for _, s := range wordStems(env, w) {
			if seen[s] {
				continue
			}
			seen[s] = true
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(stemMark + s)
		}
	}
	return b.String()
}

// words splits text the way FTS5's unicode61 tokenizer does (letters,
// digits and combining marks make words; everything else separates) and
// lowercases them.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !isWordRune(r) })
}

func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// wordStems are the distinct stems of a lowercase word, folded: its
// Finnish stem with the corrections below, the same of the word without
// its diacritics (people type "etatyo" for "etätyö" on a phone), and its
// English stem. Words with digits and very short words have none.
func wordStems(env *snowballstem.Env, w string) []string {
	if utf8.RuneCountInString(w) < minStemWord || hasDigit(w) {
		return nil
	}
	var out []string
	add := func(s string) {
		s = fold(s)
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	stem := func(word string, fn func(*snowballstem.Env) bool) string {
		env.SetCurrent(word)
		fn(env)
		return env.Current()
	}
	f := fold(w)
	add(fixFinnish(fold(stem(w, finnish.Stem)), f))
	if f != w {
		add(fixFinnish(stem(f, finnish.Stem), f))
	}
	// "-nne" is a possessive suffix to the stemmer ("tilanne" → "tila"),
	// but more often a word's own end.
	if strings.HasSuffix(f, "nne") {
		add(fixFinnish(strings.TrimSuffix(f, "e"), f))
	}
	add(stem(w, english.Stem))
	return out
}

// hasDigit tells codes and numbers ("tunniste11", "2025"), which are
// found as written, from words.
func hasDigit(w string) bool { return strings.IndexFunc(w, unicode.IsDigit) >= 0 }

// fold removes the diacritics FTS5's remove_diacritics folds, for the
// letters Finnish and Swedish use.
func fold(s string) string { return strings.Map(foldRune, s) }

func foldRune(r rune) rune {
	switch r {
	case 'ä', 'å', 'á', 'à', 'â':
		return 'a'
	case 'ö', 'ó', 'ò', 'ô':
		return 'o'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'ü', 'ú', 'ù':
		return 'u'
	case 'š':
		return 's'
	case 'ž':
		return 'z'
	}
	return r
}

// fixFinnish corrects what the Snowball Finnish stemmer leaves apart in
// stem s of word w (both folded):
//   - the -minen/-mis- nouns ("ohjaamin", "ohjaamis", "ohjaam") and other
//     -nen/-s- words ("ihmin", "ihmis", "ihmist"): the -in/-is/-ist goes;
//   - the -us/-uks- words ("kokemus", "kokemuks"): -ks becomes -s; the
//     -uus/-uude- words ("turvallisuus", "turvallisuude"): -uut becomes -uus;
//   - the -as/-aa- words ("asiakas", "asiakkaan"): the -as goes;
//   - a short word's inessive the stemmer keeps an s of ("työs");
//   - consonant gradation at the end of the stem, where it is cheap: a
//     double consonant becomes single ("asiakk" → "asiak"), nt/lt/rt lose
//     the t ("mentoroint", "mentoroinn" → "mentoroin") and a d between
//     vowels near the end becomes t ("taido" → "taito").
func fixFinnish(s, w string) string {
	if strings.HasSuffix(s, "s") && w == s+"sa" {
		s = strings.TrimSuffix(s, "s")
	}
	r := []rune(s)
	n := len(r)
	switch {
	case n >= 5 && r[n-1] == 's' && r[n-2] == 'k':
		r = append(r[:n-2], 's')
	case n >= 6 && r[n-1] == 't' && r[n-2] == 's' && r[n-3] == 'i':
		r = r[:n-3]
	case n >= 5 && (r[n-1] == 's' || r[n-1] == 'n') && r[n-2] == 'i' && !isVowel(r[n-3]):
		r = r[:n-2]
	case n >= 6 && r[n-1] == 's' && r[n-2] == 'a' && !isVowel(r[n-3]):
		r = r[:n-2]
	}
	n = len(r)
	switch {
	case n >= 4 && r[n-1] == r[n-2] && !isVowel(r[n-1]):
		r = r[:n-1]
	case n >= 5 && r[n-1] == 't' && strings.ContainsRune("nlr", r[n-2]):
		r = r[:n-1]
	}
	n = len(r)
	for i := n - 1; i >= max(1, n-3); i-- {
		if r[i] == 'd' && isVowel(r[i-1]) && (i == n-1 || isVowel(r[i+1])) {
			r[i] = 't'
			break
		}
	}
	n = len(r)
	if n >= 5 && r[n-1] == 't' && r[n-2] == r[n-3] && (r[n-2] == 'u' || r[n-2] == 'y') {
		r[n-1] = 's'
	}
	return string(r)
}

func isVowel(r rune) bool { return strings.ContainsRune("aeiouyäöå", r) }
