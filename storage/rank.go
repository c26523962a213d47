package storage

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
)

// searchTerm is one thing a search looks for, to rank its matches by.
type searchTerm struct {
	words  []string // folded: one word, or the words of a phrase
	stems  []string // a single word's stems (folded): other forms of it count too
	prefix bool     // the last word by its beginning
	not    bool     // after NOT: its matches are not there to rank
}

// rankDoc is a match in the search window.
type rankDoc struct {
	id    int64
	body  string
	score float64
}

// bm25's usual constants: how soon repeats stop adding, and how much a
// long text's length tells against it.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// A word as written counts this many times a word in another form.
	exactWeight = 2
)

// rankDocs orders the window's matches by bm25 over the window, best
// first, newer (higher id) first among equals, and returns their ids.
func rankDocs(docs []rankDoc, terms []searchTerm) []int64 {
	n := float64(len(docs))
	tfs := make([][]float64, len(docs))
	lens := make([]float64, len(docs))
	df := make([]float64, len(terms))
	var total float64
	var ws []string
	for i, d := range docs {
		ws = appendWords(ws[:0], lowerFold(d.body))
		lens[i] = float64(len(ws))
		total += lens[i]
		tfs[i] = make([]float64, len(terms))
		for j, t := range terms {
			if t.not {
				continue
			}
			tfs[i][j] = t.freq(ws)
			if tfs[i][j] > 0 {
				df[j]++
			}
		}
	}
	avg := max(total/max(n, 1), 1)
	for i := range docs {
		var s float64
		for j, tf := range tfs[i] {
			if tf == 0 {
				continue
			}
			idf := math.Log(1 + (n-df[j]+0.5)/(df[j]+0.5))
			s += idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*lens[i]/avg))
		}
		docs[i].score = s
	}
	slices.SortStableFunc(docs, func(a, b rankDoc) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	ids := make([]int64, len(docs))
	for i, d := range docs {
		ids[i] = d.id
	}
	return ids
}

// freq is how often a term is in a text's folded words: a word as written
// counts exactWeight, a word that begins with one of its stems 1.
func (t searchTerm) freq(ws []string) float64 {
	var f float64
	if len(t.words) == 1 {
		for _, w := range ws {
			switch {
			case w == t.words[0]:
				f += exactWeight
			case t.prefix && strings.HasPrefix(w, t.words[0]):
				f++
			case hasStemPrefix(w, t.stems):
				f++
			}
		}
		return f
	}
	last := len(t.words) - 1
	for i := 0; i+last < len(ws); i++ {
		if slices.Equal(ws[i:i+last], t.words[:last]) &&
			(ws[i+last] == t.words[last] || t.prefix && strings.HasPrefix(ws[i+last], t.words[last])) {
			f += exactWeight
		}
	}
	return f
}

func hasStemPrefix(w string, stems []string) bool {
	for _, s := range stems {
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// lowerFold is a text lowercased and folded in one pass.
func lowerFold(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 {
			if 'A' <= r && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}
		return foldRune(unicode.ToLower(r))
	}, s)
}

// appendWords appends the words of s, as words splits them, without
// copying them.
func appendWords(ws []string, s string) []string {
	start := -1
	for i, r := range s {
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			ws = append(ws, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		ws = append(ws, s[start:])
	}
	return ws
}
