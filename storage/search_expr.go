package storage

import (
	"slices"
	"strings"

	"github.com/blevesearch/snowballstem"
)

// What a person types into search is read here, once, for both engines:
// FTS5's grammar (lexSearch, searchParser) gives a tree of words, phrases
// and AND/OR/NOT, which search.go writes as an FTS5 expression and
// search_pg.go as a tsquery. An expression FTS5 would refuse (a hyphen, a
// colon, a leading NOT) is read as FTS5's fallback always did: every word
// required. A word alone finds its other forms by its stems; a "phrase", a
// prefix* and a word with a hyphen in it ("vapaa-aika" is the phrase
// "vapaa aika") match the text as written.

// maxSearchTerms bounds the words, phrases and prefixes of one search: what
// a person types is that long; more are left out.
const maxSearchTerms = 32

type qKind int

const (
	qNone   qKind = iota // matches nothing: a phrase without a single word
	qWord                // one word, by its stems
	qPhrase              // words as written, in a row; the last by its beginning if prefix
	qAnd
	qOr
	qNot // l and not r
)

// qNode is a parsed search.
type qNode struct {
	kind   qKind
	words  []string // qWord: the word; qPhrase: its words (lower case)
	stems  []string // qWord
	prefix bool     // qPhrase
	raw    string   // qPhrase: the text the words came from (PostgreSQL tokenises it itself)
	l, r   *qNode
}

var noneNode = &qNode{kind: qNone}

func qAndOf(a, b *qNode) *qNode {
	if a.kind == qNone || b.kind == qNone {
		return noneNode
	}
	return &qNode{kind: qAnd, l: a, r: b}
}

// qNextTo is words and phrases side by side: FTS5 leaves out the empty
// phrases there ("a \"\" b" is "a b").
func qNextTo(a, b *qNode) *qNode {
	switch {
	case a.kind == qNone:
		return b
	case b.kind == qNone:
		return a
	}
	return &qNode{kind: qAnd, l: a, r: b}
}

func qOrOf(a, b *qNode) *qNode {
	switch {
	case a.kind == qNone:
		return b
	case b.kind == qNone:
		return a
	}
	return &qNode{kind: qOr, l: a, r: b}
}

func qNotOf(a, b *qNode) *qNode {
	if a.kind == qNone || b.kind == qNone {
		return a
	}
	return &qNode{kind: qNot, l: a, r: b}
}

// leafNode is a word or phrase: a single word without a star by its stems
// (when it has any), anything else as written.
func leafNode(env *snowballstem.Env, text string, phrase, prefix bool) *qNode {
	// A word longer than PostgreSQL keeps in its index is not searched for
	// on either engine.
	ws := slices.DeleteFunc(words(text), func(w string) bool { return len(w) > maxLexemeBytes-len(pgStemMark) })
	if len(ws) == 0 {
		return noneNode
	}
	if !phrase && !prefix && len(ws) == 1 {
		if stems := wordStems(env, ws[0]); len(stems) > 0 {
			return &qNode{kind: qWord, words: ws, stems: stems}
		}
	}
	return &qNode{kind: qPhrase, words: ws, prefix: prefix, raw: text}
}

// parseQuery reads a search; ok is false when nothing searchable is left.
func parseQuery(s string) (q *qNode, ok bool) {
	env := snowballstem.NewEnv("")
	p := &searchParser{toks: lexSearch(s), env: env}
	if p.toks != nil && p.leaves() <= maxSearchTerms {
		if q, err := p.or(); err == nil && p.i == len(p.toks) {
			return q, true
		}
	}
	return fallbackQuery(env, s)
}

// fallbackQuery is the reading of what FTS5 cannot parse: every
// space-separated word required ("OR" too), prefix stars kept, as the
// SQLite store has always retried. Operators and punctuation alone are
// nothing to search for.
func fallbackQuery(env *snowballstem.Env, s string) (*qNode, bool) {
	q := noneNode
	n, found := 0, false
	for _, w := range strings.Fields(s) {
		prefix := strings.HasSuffix(w, "*")
		w = strings.Trim(w, `*"`)
		if w == "" {
			continue
		}
		if n++; n > maxSearchTerms {
			break
		}
		switch w {
		case "AND", "OR", "NOT":
		default:
			found = found || len(words(w)) > 0
		}
		q = qNextTo(q, leafNode(env, w, len(words(w)) > 1, prefix))
	}
	return q, found
}

// rankTerms are the words and phrases a search ranks its matches by: what
// it looks for, not what it excludes.
func rankTerms(q *qNode) []searchTerm {
	var out []searchTerm
	var walk func(n *qNode, not bool)
	walk = func(n *qNode, not bool) {
		switch n.kind {
		case qWord:
			out = append(out, searchTerm{words: foldAll(n.words), stems: n.stems, not: not})
		case qPhrase:
			out = append(out, searchTerm{words: foldAll(n.words), prefix: n.prefix, not: not})
		case qAnd, qOr:
			walk(n.l, not)
			walk(n.r, not)
		case qNot:
			walk(n.l, not)
			walk(n.r, true)
		}
	}
	walk(q, false)
	return out
}

func foldAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = fold(w)
	}
	return out
}

type searchTokKind int

const (
	tokWord searchTokKind = iota
	tokPhrase
	tokAnd
	tokOr
	tokNot
	tokOpen
	tokClose
)

type searchTok struct {
	kind   searchTokKind
	text   string
	prefix bool
}

// lexSearch splits an expression as FTS5 does; nil means FTS5 would
// report a syntax error (a character outside barewords and the grammar).
func lexSearch(s string) []searchTok {
	var toks []searchTok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, searchTok{kind: tokOpen})
			i++
		case c == ')':
			toks = append(toks, searchTok{kind: tokClose})
			i++
		case c == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == '"' {
					if j+1 < len(s) && s[j+1] == '"' {
						b.WriteByte('"')
						j++
						continue
					}
					break
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil // unterminated string
			}
			i = j + 1
			t := searchTok{kind: tokPhrase, text: b.String()}
			if i < len(s) && s[i] == '*' {
				t.prefix, i = true, i+1
			}
			toks = append(toks, t)
		case isBareword(c):
			j := i
			for j < len(s) && isBareword(s[j]) {
				j++
			}
			w := s[i:j]
			i = j
			t := searchTok{kind: tokWord, text: w}
			switch w {
			case "AND":
				t.kind = tokAnd
			case "OR":
				t.kind = tokOr
			case "NOT":
				t.kind = tokNot
			}
			if i < len(s) && s[i] == '*' {
				if t.kind != tokWord {
					return nil
				}
				t.prefix, i = true, i+1
			}
			toks = append(toks, t)
		default:
			return nil
		}
	}
	if len(toks) == 0 {
		return nil
	}
	return toks
}

// isBareword is FTS5's set of bareword bytes: ASCII letters, digits and _,
// and every byte of a non-ASCII character.
func isBareword(c byte) bool {
	return c >= 0x80 || c == '_' || c == 0x1a || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// searchParser reads FTS5's grammar (fts5parse.y): OR below AND below NOT,
// which is binary ("a NOT b"); words and phrases side by side are an
// implicit AND that binds tighter than all three ("a NOT b c" is "a NOT
// (b c)"), and only they: "(a OR b) c" is a syntax error.
type searchParser struct {
	toks []searchTok
	i    int
	env  *snowballstem.Env
}

// leaves counts the words and phrases.
func (p *searchParser) leaves() int {
	n := 0
	for _, t := range p.toks {
		if t.kind == tokWord || t.kind == tokPhrase {
			n++
		}
	}
	return n
}

func (p *searchParser) leaf(t searchTok) *qNode {
	return leafNode(p.env, t.text, t.kind == tokPhrase, t.prefix)
}

type searchSyntaxError struct{}

func (searchSyntaxError) Error() string { return "search syntax" }

func (p *searchParser) peek() (searchTok, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return searchTok{}, false
}

func (p *searchParser) or() (*qNode, error) {
	q, err := p.and()
	for err == nil {
		t, ok := p.peek()
		if !ok || t.kind != tokOr {
			break
		}
		p.i++
		var r *qNode
		if r, err = p.and(); err == nil {
			q = qOrOf(q, r)
		}
	}
	return q, err
}

func (p *searchParser) and() (*qNode, error) {
	q, err := p.not()
	for err == nil {
		t, ok := p.peek()
		if !ok || t.kind != tokAnd {
			break
		}
		p.i++
		var r *qNode
		if r, err = p.not(); err == nil {
			q = qAndOf(q, r)
		}
	}
	return q, err
}

func (p *searchParser) not() (*qNode, error) {
	q, err := p.primary()
	for err == nil {
		t, ok := p.peek()
		if !ok || t.kind != tokNot {
			break
		}
		p.i++
		var r *qNode
		if r, err = p.primary(); err == nil {
			q = qNotOf(q, r)
		}
	}
	return q, err
}

func (p *searchParser) primary() (*qNode, error) {
	t, ok := p.peek()
	if !ok {
		return nil, searchSyntaxError{}
	}
	p.i++
	switch t.kind {
	case tokWord, tokPhrase:
		q := p.leaf(t)
		for {
			n, ok := p.peek()
			if !ok || (n.kind != tokWord && n.kind != tokPhrase) {
				return q, nil
			}
			p.i++
			q = qNextTo(q, p.leaf(n))
		}
	case tokOpen:
		q, err := p.or()
		if err != nil {
			return q, err
		}
		if c, ok := p.peek(); !ok || c.kind != tokClose {
			return q, searchSyntaxError{}
		}
		p.i++
		return q, nil
	}
	return nil, searchSyntaxError{}
}
