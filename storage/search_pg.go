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
//     touch them; beside them the stems (stemText, as on SQLite), marked
//     with pgStemMark.
//   - parseQuery (search_expr.go) reads an FTS5 expression (words, "phrases", prefix*, AND,
//     OR, NOT, parentheses) for both engines, tsQuery writes it here, falling back as the SQLite
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
	for _, st := range strings.Fields(stemText(text)) {
		if len(st) > maxLexemeBytes {
			continue // a word too long to index has no stems here either
		}
		b.WriteString(quoteLexeme(pgStemMark + strings.TrimPrefix(st, stemMark)))
		b.WriteByte(' ')
	}
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

// bodySet is the SQL that sets a reflection's text (body = ?, …) with what
// search reads of it, and its arguments: the stems (FTS5's triggers index
// them on SQLite), and on PostgreSQL the tsvector.
func (db *DB) bodySet(body string) (string, []any) {
	if db.engine == enginePostgres {
		return "body = ?, stems = ?, search = CAST(? AS tsvector)", []any{body, stemText(body), tsvectorLiteral(body)}
	}
	return "body = ?, stems = ?", []any{body, stemText(body)}
}

// reindexSearch writes every reflection's stems and tsvector again, after
// a migration that changed what they hold (PostgreSQL 0010_search.sql).
func reindexSearch(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, body FROM reflections")
	if err != nil {
		return err
	}
	var docs []rankDoc
	for rows.Next() {
		var d rankDoc
		if err := rows.Scan(&d.id, &d.body); err != nil {
			rows.Close()
			return err
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range docs {
		if _, err := tx.ExecContext(ctx, "UPDATE reflections SET stems = ?, search = CAST(? AS tsvector) WHERE id = ?",
			stemText(d.body), tsvectorLiteral(d.body), d.id); err != nil {
			return err
		}
	}
	return nil
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
// visibility rules, the same reading of the expression and the same
// ranking of a page of the newest matches as SQLite's searchReflections.
func (db *DB) searchPostgres(ctx context.Context, v session.Viewer, f session.ReflectionFilter, cond string, args []any) ([]session.Reflection, error) {
	q, ok := parseQuery(f.Search)
	if !ok {
		return nil, session.Errorf(session.EInvalid, session.MsgSearchInvalid)
	}
	if q.kind == qNone {
		return nil, nil // a phrase without a single word matches nothing
	}
	tq := tsQuery(q)
	if tq == "" {
		return nil, nil
	}
	visible, vargs := visibleSQL(v)
	window := `SELECT r.id, r.body FROM reflections r
		WHERE r.search @@ CAST(? AS tsquery) AND ` + visible + cond + `
		ORDER BY r.id DESC LIMIT ?`
	all := append(append(append([]any{tq}, vargs...), args...), f.Offset+f.Limit)
	docs, err := db.searchWindow(ctx, window, all...)
	if err != nil {
		return nil, domainError(err, "search", session.MsgReflectionNotFound)
	}
	if f.Offset >= len(docs) {
		return nil, nil
	}
	return db.reflectionsByIDs(ctx, rankDocs(docs[f.Offset:], rankTerms(q)))
}

// pgStemMark begins the stems' lexemes in the tsvector: not a character
// of a token, so a stem is never taken for a word as written (SQLite keeps
// them in a column of their own).
const pgStemMark = "~"

// tsQuery writes a parsed search as a tsquery over tsvectorLiteral's
// lexemes; "" when a phrase's words leave no token here.
func tsQuery(q *qNode) string {
	switch q.kind {
	case qWord:
		parts := make([]string, len(q.stems))
		for i, s := range q.stems {
			parts[i] = quoteLexeme(pgStemMark + s)
		}
		return "(" + strings.Join(parts, " | ") + ")"
	case qPhrase:
		toks := searchTokens(q.raw)
		if len(toks) == 0 {
			toks = foldAll(q.words)
		}
		parts := make([]string, len(toks))
		for i, t := range toks {
			parts[i] = quoteLexeme(t)
		}
		if q.prefix {
			parts[len(parts)-1] += ":*"
		}
		return "(" + strings.Join(parts, " <-> ") + ")"
	case qAnd:
		return "(" + tsQuery(q.l) + " & " + tsQuery(q.r) + ")"
	case qOr:
		return "(" + tsQuery(q.l) + " | " + tsQuery(q.r) + ")"
	case qNot:
		return "(" + tsQuery(q.l) + " & !" + tsQuery(q.r) + ")"
	}
	return ""
}
