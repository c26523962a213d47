package storage

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/snowballstem"

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
	expr, terms := searchExpr(f.Search)
	if expr == "" {
		return nil, session.Errorf(session.EInvalid, session.MsgSearchInvalid)
	}
	scope, err := db.scope(ctx, v)
	if err != nil {
		return nil, domainError(err, "search scope", session.MsgReflectionNotFound)
	}
	// The scope tokens narrow the index to what the viewer may read, so
	// that a member of one group does not walk everyone's matches. The SQL
	// still decides.
	match := "(" + expr + ") AND {scope}: (" + scope + ")"
	window := `SELECT r.id, r.body FROM reflections_fts x JOIN reflections r ON r.id = x.rowid
		WHERE reflections_fts MATCH ?
		AND (r.author_id = ? OR (r.visibility != 'private' AND r.group_id IN (SELECT group_id FROM memberships WHERE person_id = ? AND ack_version > 0))
			OR (r.visibility = 'shared' AND ?))` + cond + `
		ORDER BY x.rowid DESC LIMIT ?`
	all := append([]any{match, v.PersonID, v.PersonID, v.Reader}, args...)
	all = append(all, f.Offset+f.Limit)
	docs, err := db.searchWindow(ctx, window, all...)
	if isFTSSyntax(err) {
		return nil, session.Errorf(session.EInvalid, session.MsgSearchInvalid)
	}
	if err != nil {
		return nil, err
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

// maxSearchTerms bounds the words, phrases and prefixes of one search: what
// a person types is that long; more are left out.
const maxSearchTerms = 32

// searchExpr turns what a person typed into an FTS5 expression that
// always parses, and the terms that rank its matches. Words find their
// inflected forms: a word matches the text as written or by one of its
// stems. "Phrases" and prefix* searches match the text as written, as does
// a word with a hyphen in it ("vapaa-aika" is the phrase "vapaa aika").
// AND, OR and NOT between words work as in FTS5; parentheses and other
// punctuation separate words. Words next to each other must all match.
// "" means nothing to search for.
func searchExpr(q string) (string, []searchTerm) {
	env := snowballstem.NewEnv("")
	var parts []string
	var terms []searchTerm
	op := ""
	emit := func(expr string, t searchTerm) {
		if expr == "" {
			return
		}
		if len(parts) > 0 {
			// FTS5 implies AND only between phrases, not groups.
			parts = append(parts, cmp.Or(op, "AND"))
		}
		t.not = op == "NOT"
		op = ""
		parts = append(parts, expr)
		terms = append(terms, t)
	}
	for rest := q; rest != "" && len(terms) < maxSearchTerms; {
		c := rest[0]
		switch {
		case c == '"':
			phrase, after, _ := strings.Cut(rest[1:], `"`)
			rest = after
			prefix := strings.HasPrefix(rest, "*")
			rest = strings.TrimPrefix(rest, "*")
			emit(rawTerm(words(phrase), prefix))
			continue
		case c == '(' || c == ')' || c == ' ' || c == '\t':
			rest = rest[1:]
			continue
		}
		end := strings.IndexFunc(rest, func(r rune) bool { return r == '"' || r == '(' || r == ')' || unicode.IsSpace(r) })
		if end < 0 {
			end = len(rest)
		}
		chunk := rest[:end]
		rest = rest[end:]
		switch chunk {
		case "AND", "OR", "NOT":
			if len(parts) > 0 {
				op = chunk
			}
			continue
		}
		ws := words(chunk)
		prefix := strings.HasSuffix(chunk, "*")
		if len(ws) == 1 && !prefix {
			emit(wordTerm(env, ws[0]))
		} else {
			emit(rawTerm(ws, prefix))
		}
	}
	return strings.Join(parts, " "), terms
}

// rawTerm matches words as written, as a phrase, the last one by its
// beginning with prefix.
func rawTerm(ws []string, prefix bool) (string, searchTerm) {
	if len(ws) == 0 {
		return "", searchTerm{}
	}
	t := `{body}: "` + strings.Join(ws, " ") + `"`
	if prefix {
		t += "*"
	}
	return t, searchTerm{words: foldAll(ws), prefix: prefix}
}

// wordTerm matches a word by any of its stems.
func wordTerm(env *snowballstem.Env, w string) (string, searchTerm) {
	stems := wordStems(env, w)
	if len(stems) == 0 {
		return rawTerm([]string{w}, false)
	}
	return `{stems}: ("` + stemMark + strings.Join(stems, `" OR "`+stemMark) + `")`,
		searchTerm{words: []string{fold(w)}, stems: stems}
}

func foldAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = fold(w)
	}
	return out
}
