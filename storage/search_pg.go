package storage

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/piiri/piiri/session"
)

// Full-text search on PostgreSQL. SQLite's FTS5 tokenises with unicode61
// (remove_diacritics 2) and parses the person's expression itself; here Go
// does both, so that the same words and the same expressions find the same
// reflections on either engine:
//
//   - searchTokens splits text as unicode61 does: letters and digits are
//     token characters, everything else separates; tokens are lower case
//     without diacritics ("Äänestys" → "aanestys").
//   - The tokens and their positions are stored as a tsvector literal in
//     reflections.search, so PostgreSQL's own parser and dictionaries never
//     touch them (Go-side stems can be added to the same column).
//   - parseSearch turns an FTS5 expression (words, "phrases", prefix*, AND,
//     OR, NOT, parentheses) into a tsquery, and falls back as the SQLite
//     store does: every word quoted, prefix stars kept.

// maxLexemeBytes is PostgreSQL's limit on one lexeme.
const maxLexemeBytes = 2046

// maxPosition is the largest position a tsvector keeps.
const maxPosition = 16383

// searchTokens splits s into folded search tokens.
func searchTokens(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 && cur.Len() <= maxLexemeBytes {
			out = append(out, cur.String())
		}
		cur.Reset()
	}
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// A diacritic: dropped, it neither splits nor counts.
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r):
			cur.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// tsvectorLiteral is the tsvector of text's tokens with their positions.
func tsvectorLiteral(text string) string {
	pos := map[string][]int{}
	for i, t := range searchTokens(text) {
		pos[t] = append(pos[t], min(i+1, maxPosition))
	}
	lexemes := make([]string, 0, len(pos))
	for t := range pos {
		lexemes = append(lexemes, t)
	}
	sort.Strings(lexemes)
	var b strings.Builder
	for i, t := range lexemes {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme(t))
		b.WriteByte(':')
		for j, p := range pos[t] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
		}
	}
	return b.String()
}

func quoteLexeme(t string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(t) + "'"
}

// indexReflection stores a reflection's search tokens. SQLite's FTS5
// triggers do this there.
func (db *DB) indexReflection(ctx context.Context, tx *sql.Tx, id int64, body string) error {
	if db.engine != enginePostgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "UPDATE reflections SET search = CAST(? AS tsvector) WHERE id = ?", tsvectorLiteral(body), id)
	return err
}

// searchPostgres is Reflections with a search on PostgreSQL: the same
// visibility rules as SQLite's, newest match first.
func (db *DB) searchPostgres(ctx context.Context, v session.Viewer, f session.ReflectionFilter, cond string, args []any) ([]session.Reflection, error) {
	q, ok := parseSearch(f.Search)
	if !ok {
		return nil, session.Errorf(session.EInvalid, session.MsgSearchInvalid)
	}
	if q.none {
		return nil, nil // a phrase without a single word matches nothing
	}
	query := "SELECT " + reflectionColumns + " FROM reflections r" + reflectionJoins + `
		WHERE r.search @@ CAST(? AS tsquery)
		AND (r.author_id = ? OR (r.visibility != 'private' AND r.group_id IN (SELECT group_id FROM memberships WHERE person_id = ? AND ack_version > 0))
			OR (r.visibility = 'shared' AND ? = 1))` + cond + `
		ORDER BY r.id DESC LIMIT ?`
	all := append(append([]any{q.s, v.PersonID, v.PersonID, v.Reader}, args...), f.Limit)
	rs, err := db.queryReflections(ctx, query, all...)
	return rs, domainError(err, "search", session.MsgReflectionNotFound)
}

// tsq is a tsquery being built; none is a query that matches nothing (a
// phrase whose words are all punctuation), which tsquery cannot say.
type tsq struct {
	s    string
	none bool
}

func tsAnd(a, b tsq) tsq {
	if a.none || b.none {
		return tsq{none: true}
	}
	return tsq{s: "(" + a.s + " & " + b.s + ")"}
}

func tsOr(a, b tsq) tsq {
	switch {
	case a.none:
		return b
	case b.none:
		return a
	}
	return tsq{s: "(" + a.s + " | " + b.s + ")"}
}

func tsAndNot(a, b tsq) tsq {
	switch {
	case a.none:
		return a
	case b.none:
		return a
	}
	return tsq{s: "(" + a.s + " & !" + b.s + ")"}
}

// tsPhrase is the tsquery of text's tokens in a row.
func tsPhrase(text string, prefix bool) tsq {
	toks := searchTokens(text)
	if len(toks) == 0 {
		return tsq{none: true}
	}
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = quoteLexeme(t)
	}
	if prefix {
		parts[len(parts)-1] += ":*"
	}
	return tsq{s: "(" + strings.Join(parts, " <-> ") + ")"}
}

// parseSearch turns a search expression into a tsquery as FTS5 reads it,
// or, when FTS5 would refuse it, as the SQLite store's fallback does.
// ok is false when nothing searchable is left.
func parseSearch(s string) (tsq, bool) {
	p := &searchParser{toks: lexSearch(s)}
	if p.toks != nil {
		if q, err := p.or(); err == nil && p.i == len(p.toks) {
			return q, true
		}
	}
	return fallbackSearch(s)
}

// fallbackSearch is quoteTerms: every word a phrase, prefix stars kept.
func fallbackSearch(s string) (tsq, bool) {
	var q tsq
	any := false
	for _, w := range strings.Fields(s) {
		prefix := strings.HasSuffix(w, "*")
		w = strings.Trim(w, `*"`)
		if w == "" {
			continue
		}
		ph := tsPhrase(w, prefix)
		if !any {
			q, any = ph, true
		} else {
			q = tsAnd(q, ph)
		}
	}
	return q, any
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
}

type searchSyntaxError struct{}

func (searchSyntaxError) Error() string { return "search syntax" }

func (p *searchParser) peek() (searchTok, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return searchTok{}, false
}

func (p *searchParser) or() (tsq, error) {
	q, err := p.and()
	for err == nil {
		t, ok := p.peek()
		if !ok || t.kind != tokOr {
			break
		}
		p.i++
		var r tsq
		if r, err = p.and(); err == nil {
			q = tsOr(q, r)
		}
	}
	return q, err
}

func (p *searchParser) and() (tsq, error) {
	q, err := p.not()
	for err == nil {
		t, ok := p.peek()
		if !ok || t.kind != tokAnd {
			break
		}
		p.i++
		var r tsq
		if r, err = p.not(); err == nil {
			q = tsAnd(q, r)
		}
	}
	return q, err
}

func (p *searchParser) not() (tsq, error) {
	q, err := p.primary()
	for err == nil {
		t, ok := p.peek()
		if !ok || t.kind != tokNot {
			break
		}
		p.i++
		var r tsq
		if r, err = p.primary(); err == nil {
			q = tsAndNot(q, r)
		}
	}
	return q, err
}

func (p *searchParser) primary() (tsq, error) {
	t, ok := p.peek()
	if !ok {
		return tsq{}, searchSyntaxError{}
	}
	p.i++
	switch t.kind {
	case tokWord, tokPhrase:
		q := tsPhrase(t.text, t.prefix)
		for {
			n, ok := p.peek()
			if !ok || (n.kind != tokWord && n.kind != tokPhrase) {
				return q, nil
			}
			p.i++
			q = tsAnd(q, tsPhrase(n.text, n.prefix))
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
	return tsq{}, searchSyntaxError{}
}
