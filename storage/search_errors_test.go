package storage_test

import (
	"context"
	"testing"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/storage/storagetest"
)

// TestSearchSyntaxIsNeverAnInternalError: whatever a person types, on both
// engines, the search either runs or says it could not read it
// (MsgSearchInvalid): FTS5's and PostgreSQL's own query syntax never
// reaches them from what was typed.
func TestSearchSyntaxIsNeverAnInternalError(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *storage.DB) {
		storage.SearchWorld(t, db)
		id := storage.AddText(t, db, session.VisGroup, "Kuuntelin kollegaa: vapaa-aika ja etätyö.")
		for _, q := range []string{
			`"`, `"kollegaa`, `kollegaa"`, `(`, `)`, `(kollegaa`, `kollegaa)`, `NOT`, `NOT kollegaa`, `kollegaa NOT`,
			`OR`, `kollegaa OR`, `AND AND`, `*`, `kollegaa**`, `body: kollegaa`, `{body}: kollegaa`, `{stems scope}: a1`,
			`scope: shared`, `NEAR(kollegaa etätyö)`, `^kollegaa`, `kollegaa + etätyö`, `kollegaa - etätyö`, `'`, `''`,
			`\`, `kollegaa & etätyö | !x`, `kollegaa:*`, `kolle <-> gaa`, `kollegaa;`, `kollegaa' OR 1=1 --`,
			"kollegaa\x00", `"" kollegaa ""`, `(kollegaa OR etätyö) vapaa`, `vapaa-aika`, `etätyö*`,
		} {
			rs, err := db.Reflections(context.Background(), session.Viewer{PersonID: 2}, session.ReflectionFilter{Search: q, Limit: 10})
			switch {
			case err == nil:
				for _, r := range rs {
					if r.ID != id {
						t.Errorf("%q found %d", q, r.ID)
					}
				}
			case session.ErrorCode(err) != session.EInvalid || session.AsError(err).Message != session.MsgSearchInvalid:
				t.Errorf("%q: %v, want the text or %s", q, err, session.MsgSearchInvalid)
			}
		}
		// Nothing left to search for: said so.
		for _, q := range []string{`"`, `()`, `NOT`, `* OR *`} {
			_, err := db.Reflections(context.Background(), session.Viewer{PersonID: 2}, session.ReflectionFilter{Search: q, Limit: 10})
			if session.ErrorCode(err) != session.EInvalid {
				t.Errorf("%q: %v, want %s", q, err, session.MsgSearchInvalid)
			}
		}
	})
}

// TestSearchSchemaErrorIsInternal: a search index that is not what the
// code expects (here, without the stems column: "no such column" to
// FTS5; without the tsvector on PostgreSQL) is the server's fault. It is
// an internal error — logged, "something went wrong" to the person —
// never "could not read that search", which would send them rewording a
// search that was fine.
func TestSearchSchemaErrorIsInternal(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		storage.SearchWorld(t, db)
		storage.AddText(t, db, session.VisGroup, "Kuuntelin kollegaa.")
		if got := storage.Found(t, db, "kollega"); len(got) != 1 {
			t.Fatalf("before: %v", got)
		}
		breakIndex := []string{
			"DROP TABLE reflections_fts",
			"CREATE VIRTUAL TABLE reflections_fts USING fts5(body, scope, content = 'reflections', content_rowid = 'id')",
		}
		if db.Engine() == "postgres" {
			breakIndex = []string{"ALTER TABLE reflections DROP COLUMN search"}
		}
		for _, q := range breakIndex {
			if err := storage.Exec(ctx, db, q); err != nil {
				t.Fatal(err)
			}
		}
		_, err := db.Reflections(ctx, session.Viewer{PersonID: 2}, session.ReflectionFilter{Search: "kollega", Limit: 10})
		if code := session.ErrorCode(err); code != session.EInternal {
			t.Fatalf("search over a broken index: %v (%s), want internal", err, code)
		}
	})
}
