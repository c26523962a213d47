package storage

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/piiri/piiri/session"
)

// searchReflections finds what a viewer may read: a page is the next
// Limit matches, newest first, after Offset of them, and within the page
// the best matches come first (bm25 over the page, rank.go). Ranking more
// than a page would make a search walk more of the index than a page
// needs: for a member of one group, whose few texts FTS5 finds by seeking
// in every word's long list, that is the whole of their texts. FTS5's own
// bm25() is no help either: it counts each word's matches in the whole
// index on every search.
func (db *DB) searchReflections(ctx context.Context, v session.Viewer, f session.ReflectionFilter, cond string, args []any) ([]session.Reflection, error) {
	q, ok := parseQuery(f.Search)
	if !ok {
		return nil, session.Errorf(session.EInvalid, session.MsgSearchInvalid)
	}
	if q.kind == qNone {
		return nil, nil // "": a phrase without a word matches nothing, as in FTS5
	}
	expr, terms := ftsExpr(q), rankTerms(q)
	scope, err := db.scope(ctx, v)
	if err != nil {
		return nil, domainError(err, "search scope", session.MsgReflectionNotFound)
	}
	// The scope tokens narrow the index to what the viewer may read, so
	// that a member of one group does not walk everyone's matches. The SQL
	// still decides.
	match := "(" + expr + ") AND {scope}: (" + scope + ")"
	visible, vargs := visibleSQL(v)
	window := `SELECT r.id, r.body FROM reflections_fts x JOIN reflections r ON r.id = x.rowid
		WHERE reflections_fts MATCH ? AND ` + visible + cond + `
		ORDER BY x.rowid DESC LIMIT ?`
	all := append(append([]any{match}, vargs...), args...)
	all = append(all, f.Offset+f.Limit)
	// What the person typed was read in Go (parseQuery) and written out
	// by ftsExpr from words alone, so FTS5 never sees their syntax: an
	// error here is the schema's or the engine's, and internal.
	docs, err := db.searchWindow(ctx, window, all...)
	if err != nil {
		return nil, domainError(err, "search", session.MsgReflectionNotFound)
	}
	if f.Offset >= len(docs) {
		return nil, nil
	}
	return db.reflectionsByIDs(ctx, rankDocs(docs[f.Offset:], terms))
}

func (db *DB) searchWindow(ctx context.Context, query string, args ...any) ([]rankDoc, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rankDoc
	for rows.Next() {
		var d rankDoc
		if err := rows.Scan(&d.id, &d.body); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// reflectionsByIDs reads reflections in the order of ids.
func (db *DB) reflectionsByIDs(ctx context.Context, ids []int64) ([]session.Reflection, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rs, err := db.queryReflections(ctx, "SELECT "+reflectionColumns+" FROM reflections r"+reflectionJoins+
		" WHERE r.id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", args...)
	if err != nil {
		return nil, err
	}
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	slices.SortFunc(rs, func(a, b session.Reflection) int { return cmp.Compare(pos[a.ID], pos[b.ID]) })
	return rs, nil
}

// ftsExpr writes a parsed search as an FTS5 expression over the text
// (body) and its stems (stems); stems are terms of their own, marked.
func ftsExpr(q *qNode) string {
	switch q.kind {
	case qWord:
		return `{stems}: ("` + stemMark + strings.Join(q.stems, `" OR "`+stemMark) + `")`
	case qPhrase:
		t := `{body}: "` + strings.Join(q.words, " ") + `"`
		if q.prefix {
			t += "*"
		}
		return t
	case qAnd:
		return "(" + ftsExpr(q.l) + " AND " + ftsExpr(q.r) + ")"
	case qOr:
		return "(" + ftsExpr(q.l) + " OR " + ftsExpr(q.r) + ")"
	case qNot:
		return "(" + ftsExpr(q.l) + " NOT " + ftsExpr(q.r) + ")"
	}
	return ""
}
