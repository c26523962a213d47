package format

import (
	"strings"
	"unicode"
)

// Search snippets, shared by the TUI's reflection list and the plain
// `reflections --search`: pure text, so both can draw them their own way.

// searchTerms are the words of a search expression, lower-cased and
// without diacritics, as the highlight compares them; prefix marks a
// word typed with a trailing *.
type searchTerm struct {
	word   []rune
	prefix bool
}

func searchTerms(query string) []searchTerm {
	var out []searchTerm
	for _, w := range strings.FieldsFunc(query, func(r rune) bool { return !isWordRune(r) && r != '*' }) {
		if w == "AND" || w == "OR" || w == "NOT" || w == "NEAR" {
			continue
		}
		t := searchTerm{prefix: strings.HasSuffix(w, "*")}
		t.word = fold(strings.Trim(w, "*"))
		if len(t.word) > 0 {
			out = append(out, t)
		}
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// fold lower-cases a word and takes off the diacritics search ignores.
func fold(s string) []rune {
	rs := []rune(strings.ToLower(s))
	for i, r := range rs {
		switch r {
		case 'ä', 'å', 'á', 'à', 'â':
			rs[i] = 'a'
		case 'ö', 'ó', 'ò', 'ô', 'ø':
			rs[i] = 'o'
		case 'é', 'è', 'ê', 'ë':
			rs[i] = 'e'
		case 'ü', 'ú':
			rs[i] = 'u'
		}
	}
	return rs
}

// matches says whether a word of the text is a form of the search word:
// it starts with it, or, for a longer word, shares all but its ending
// (ohjaaminen: ohjaamisessa, tavoite: tavoitteista) — the stem the
// search index matched on, near enough to show where the match is.
func (t searchTerm) matches(word []rune) bool {
	n := 0
	for n < len(word) && n < len(t.word) && word[n] == t.word[n] {
		n++
	}
	if n == len(t.word) {
		return true
	}
	return !t.prefix && len(t.word) > 5 && n >= max(5, len(t.word)-3)
}

// SnippetSpan is a part of a snippet; Hit marks a search word.
type SnippetSpan struct {
	Text string
	Hit  bool
}

// Snippet is about width columns of body around the first search word,
// on one line, with the search words marked. Without a search word in
// it, the text's beginning.
func Snippet(body, query string, width int) []SnippetSpan {
	rs := []rune(strings.Join(strings.Fields(body), " "))
	terms := searchTerms(query)
	type word struct{ from, to int }
	var words []word
	hit := func(w word) bool {
		f := fold(string(rs[w.from:w.to]))
		for _, t := range terms {
			if t.matches(f) {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isWordRune(rs[j]) {
			j++
		}
		words = append(words, word{i, j})
		i = j
	}
	start := 0
	for _, w := range words {
		if len(terms) > 0 && hit(w) {
			// A third of the line before the match, from a word's start;
			// earlier still near the end, so that the line is full.
			start = max(min(w.from-width/3, len(rs)-width), 0)
			for start > 0 && start < w.from && isWordRune(rs[start-1]) {
				start++
			}
			break
		}
	}
	end := min(start+width, len(rs))
	var out []SnippetSpan
	if start > 0 {
		out = append(out, SnippetSpan{Text: "…"})
	}
	at := start
	for _, w := range words {
		if w.to <= start || w.from >= end || !hit(w) {
			continue
		}
		from, to := max(w.from, start), min(w.to, end)
		out = append(out, SnippetSpan{Text: string(rs[at:from])}, SnippetSpan{Text: string(rs[from:to]), Hit: true})
		at = to
	}
	out = append(out, SnippetSpan{Text: string(rs[at:end])})
	if end < len(rs) {
		out = append(out, SnippetSpan{Text: "…"})
	}
	return out
}

// SnippetText is a snippet as plain text.
func SnippetText(spans []SnippetSpan) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// FirstLine is a text's first line, marked when more follows, for lists.
func FirstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
