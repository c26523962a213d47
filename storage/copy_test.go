package storage_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/storage/storagetest"
)

// moreRows fills the tables the upgrade fixtures leave empty, so that the
// copy is checked on every table.
var moreRows = []string{
	`INSERT INTO redemptions (code, person_id, redeemed_at) VALUES ('FIXTURECODE1', 2, 1790000100)`,
	`INSERT INTO task_responses (task_id, person_id, response, done_at) VALUES (1, 2, 'Kuuntelin ''tarkasti''', 1790000800)`,
	`INSERT INTO rooms (meeting_id, version, state, updated_at) VALUES (1, 3, '{"meeting_id":1,"version":3}', 1790000900)`,
	`INSERT INTO room_events (meeting_id, version, at_ms, person_id, kind) VALUES (1, 1, 1790000900000, 1, 'start'), (1, 2, 1790000901000, NULL, 'advance')`,
	`INSERT INTO reflection_visibility_log (reflection_id, person_id, at, from_vis, to_vis) VALUES (1, 2, 1790000950, 'private', 'group')`,
	// The fixtures have an item, an answer, feedback and a share with a
	// quote since schema 5: these are more of them, beside those.
	`INSERT INTO assessment_items (group_id, position, text) VALUES (1, 2, 'Kysyn')`,
	`INSERT INTO shares (id, group_id, what, audience, how, created_by, created_at) VALUES (2, 1, 'quotes', 'readers', 'quote', 1, 1790001100)`,
	`INSERT INTO share_quotes (share_id, reflection_id, author_id, status, excerpt) VALUES (2, 1, 2, 'approved', 'Kuuntelutaidot')`,
	`INSERT INTO person_settings (person_id, plain) VALUES (2, 1)`,
	`INSERT INTO room_returns (person_id, meeting_id, dropped_at) VALUES (2, 1, 1790000960)`,
	`INSERT INTO nodes (name, seen_at) VALUES ('node-a', 1790000970)`,
	`INSERT INTO node_sessions (node_id, meeting_id, person_id, sessions) VALUES ('node-a', 1, 2, 1)`,
}

// TestCopyToPostgresCopiesAndVerifiesEveryTable: a SQLite database with
// rows in every table is copied into an empty PostgreSQL database; the
// check matches, the copy works as a store (search, sign-in, new ids after
// the copied ones), and a second copy into it is refused.
func TestCopyToPostgresCopiesAndVerifiesEveryTable(t *testing.T) {
	t.Parallel()
	dsn := storagetest.PostgresDSN(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "piiri.db")
	lite, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for v := 1; v <= storage.SchemaVersion(); v++ {
		for _, q := range storage.FixtureData[v] {
			if err := storage.Exec(ctx, lite, q); err != nil {
				t.Fatalf("fixture v%d: %v", v, err)
			}
		}
	}
	for _, q := range moreRows {
		if err := storage.Exec(ctx, lite, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	lite.Close()

	checks, err := storage.CopyToPostgres(ctx, path, dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if c.Rows == 0 {
			t.Errorf("table %s: no rows copied (the test must fill every table)", c.Table)
		}
	}
	if len(checks) < 20 {
		t.Errorf("checked %d tables, want every one: %v", len(checks), checks)
	}

	pg, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if p, err := pg.PersonByKey(ctx, "SHA256:fixture-aino"); err != nil || p.Name != "Aino" {
		t.Fatalf("person after copy = %+v, %v", p, err)
	}
	rs, err := pg.Reflections(ctx, session.Viewer{PersonID: 1}, session.ReflectionFilter{Search: "kuuntelu*", Limit: 10})
	if err != nil || len(rs) != 1 || rs[0].ID != 1 {
		t.Fatalf("search after copy = %+v, %v", rs, err)
	}
	now := time.Unix(1790002000, 0)
	r := &session.Reflection{AuthorID: 2, GroupID: 1, Body: "Uusi", Visibility: session.VisGroup, CreatedAt: now, UpdatedAt: now}
	if err := pg.AddReflection(ctx, r, ""); err != nil || r.ID <= 1 {
		t.Fatalf("new reflection after copy: id %d, %v", r.ID, err)
	}

	_, err = storage.CopyToPostgres(ctx, path, dsn)
	var notEmpty *storage.NotEmptyError
	if !errors.As(err, &notEmpty) {
		t.Fatalf("second copy into the same database: %v, want NotEmptyError", err)
	}
}
