package storage

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

var update = flag.Bool("update", false, "rewrite the schema fixtures in testdata/")

// fixtureData inserts, in a database at schema version v, data that uses
// what that version has. The upgrade test checks it after migrating.
var fixtureData = map[int][]string{
	1: {
		`INSERT INTO people (id, name, lang, role, created_at) VALUES (1, 'Fasi Ohjaaja', 'fi', 'admin', 1790000000), (2, 'Aino', 'en', 'member', 1790000100)`,
		`INSERT INTO keys (fingerprint, person_id, type, added_at) VALUES ('SHA256:fixture-fasi', 1, 'ssh-ed25519', 1790000000), ('SHA256:fixture-aino', 2, 'ssh-ed25519', 1790000100)`,
		`INSERT INTO invites (code, role, expires_at, uses_left, created_by, created_at, bootstrap) VALUES ('FIXTURECODE1', 'member', 1890000000, 3, 1, 1790000000, 0)`,
	},
	2: {
		`INSERT INTO groups (id, name, template, lang, created_by, created_at) VALUES (1, 'Kevät', 'mepe', 'fi', 1, 1790000200)`,
		`INSERT INTO memberships (group_id, person_id, role, joined_at, ack_version) VALUES (1, 1, 'facilitator', 1790000200, 1), (1, 2, 'mentor', 1790000300, 0)`,
		`INSERT INTO agreements (group_id, version, goals, schedule, ground_rules, confidentiality, leaving, updated_at, updated_by) VALUES (1, 1, 'Tavoitteet', 'Kerran kuussa', 'Kuunnellaan', 'Luottamus', 'Saa lähteä', 1790000200, 1)`,
		`INSERT INTO meetings (id, group_id, number, title, theme, starts_at, minutes, state) VALUES (1, 1, 1, '1. Orientaatio', 'Aloitus', 1890000000, 90, 'planned')`,
		`INSERT INTO agenda_items (id, meeting_id, position, title, kind, minutes, prompt) VALUES (1, 1, 1, 'Kuulumiskierros', 'round', 10, 'Miten menee?'), (2, 1, 2, 'Hiljainen kirjoittaminen', 'writing', 10, '')`,
		`INSERT INTO tasks (id, group_id, title, description, due_meeting_id, created_by, created_at) VALUES (1, 1, 'Kuuntele', '', 1, 1, 1790000400)`,
	},
	3: {
		`INSERT INTO room_messages (meeting_id, item_id, person_id, name, body, at_ms) VALUES (1, 1, 2, 'Aino', 'Hei kaikki', 1790000500000)`,
	},
	4: {
		`INSERT INTO reflections (id, author_id, group_id, meeting_id, item_id, body, visibility, reveal, created_at, updated_at) VALUES (1, 2, 1, 1, 2, 'Kuuntelutaidot kehittyivät', 'group', 1, 1790000600, 1790000600)`,
		`INSERT INTO drafts (person_id, key, body, updated_at) VALUES (2, 'journal:0', 'Kesken', 1790000700000)`,
	},
	5: {
		`INSERT INTO assessment_items (group_id, position, text) VALUES (1, 1, 'Osaan kuunnella')`,
		`INSERT INTO assessment_answers (meeting_id, person_id, scores, note, at) VALUES (1, 2, '[3]', '', 1790000800)`,
		`INSERT INTO feedback (meeting_id, person_id, score, word, at) VALUES (1, 2, 4, 'hyvä', 1790000800)`,
		`INSERT INTO shares (id, group_id, what, audience, how, created_by, created_at) VALUES (1, 1, 'Kuuntelun harjoitus', 'readers', 'training', 1, 1790000900)`,
		`INSERT INTO share_quotes (share_id, reflection_id, author_id, status) VALUES (1, 1, 2, 'approved')`,
	},
	6: {
		`UPDATE meetings SET link = 'https://meet.jit.si/kevat' WHERE id = 1`,
	},
	7: {
		`UPDATE shares SET audience_name = 'HR', share_on = '2026-12-01' WHERE id = 1`,
	},
	8: {
		`INSERT INTO feedback (meeting_id, person_id, score, word, at) VALUES (1, 1, NULL, 'sana', 1790000900)`,
	},
	9: {
		`INSERT INTO reflection_history (reflection_id, body, written_at, replaced_at) VALUES (1, 'Ensimmäinen versio', 1790000600, 1790001000)`,
	},
	10: {
		`INSERT INTO reflections (id, author_id, group_id, meeting_id, item_id, body, visibility, reveal, created_at, updated_at) VALUES (2, 2, 1, 1, 2, 'Ohjaamisessa opin kuuntelemaan', 'group', 0, 1790001100, 1790001100)`,
	},
	12: {
		`INSERT INTO person_settings (person_id, plain) VALUES (1, 0)`,
	},
}

func fixturePath(v int) string { return filepath.Join("testdata", fmt.Sprintf("schema-v%d.db", v)) }

// TestWriteSchemaFixtures writes testdata/schema-vN.db for every earlier
// (not in parallel: the upgrade tests read what it writes)
// schema version that has none yet, with -update. A fixture, once written,
// is kept: upgrades are tested from the old files themselves, not from
// today's idea of them.
func TestWriteSchemaFixtures(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the fixtures")
	}
	ctx := context.Background()
	for v := 1; v < SchemaVersion(); v++ {
		path := fixturePath(v)
		if _, err := os.Stat(path); err == nil {
			continue
		}
		db := openAtVersion(t, path, v)
		for w := 1; w <= v; w++ {
			for _, q := range fixtureData[w] {
				if _, err := db.write.ExecContext(ctx, q); err != nil {
					t.Fatalf("v%d: %s: %v", v, q, err)
				}
			}
		}
		// From schema 12 piiri writes a reflection's stems itself, as
		// it saves the text: so must a fixture that inserts rows by hand.
		if v >= 12 {
			stemFixtureRows(t, db)
		}
		// A self-contained file, without WAL beside it.
		if _, err := db.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		_ = os.Remove(path + "-wal")
		_ = os.Remove(path + "-shm")
	}
}

func openAtVersion(t *testing.T, path string, v int) *DB {
	t.Helper()
	write, err := openPool(path, false)
	if err != nil {
		t.Fatal(err)
	}
	write.SetMaxOpenConns(1)
	db := &DB{path: path, write: write, read: write}
	if err := db.migrate(context.Background(), v); err != nil {
		t.Fatal(err)
	}
	return db
}

// stemFixtureRows fills in the stems of every reflection, as piiri does on
// every save.
func stemFixtureRows(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	rows, err := db.write.QueryContext(ctx, "SELECT id, body FROM reflections")
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[int64]string{}
	for rows.Next() {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			t.Fatal(err)
		}
		bodies[id] = body
	}
	rows.Close()
	for id, body := range bodies {
		if _, err := db.write.ExecContext(ctx, "UPDATE reflections SET stems = ? WHERE id = ?", stemText(body), id); err != nil {
			t.Fatal(err)
		}
	}
}

// TestUpgradeFromEveryEarlierSchema migrates a copy of each fixture to the
// current schema and checks that its data is all there and usable.
func TestUpgradeFromEveryEarlierSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for v := 1; v < SchemaVersion(); v++ {
		t.Run(fmt.Sprintf("v%d", v), func(t *testing.T) {
			blob, err := os.ReadFile(fixturePath(v))
			if err != nil {
				t.Fatalf("fixture for schema %d missing (go test ./storage -run TestWriteSchemaFixtures -update): %v", v, err)
			}
			path := filepath.Join(t.TempDir(), "piiri.db")
			if err := os.WriteFile(path, blob, 0o600); err != nil {
				t.Fatal(err)
			}
			var before int
			raw, _ := sql.Open("sqlite", "file:"+path)
			_ = raw.QueryRow("SELECT max(version) FROM schema_migrations").Scan(&before)
			raw.Close()
			if before != v {
				t.Fatalf("fixture is at schema %d, want %d", before, v)
			}

			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var now int
			if err := db.read.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&now); err != nil || now != SchemaVersion() {
				t.Fatalf("schema after upgrade = %d, %v", now, err)
			}
			if res, err := db.IntegrityCheck(ctx); err != nil || res != "ok" {
				t.Fatalf("integrity_check = %q, %v", res, err)
			}
			p, err := db.PersonByKey(ctx, "SHA256:fixture-aino")
			if err != nil || p.Name != "Aino" || p.Lang != session.LangEN {
				t.Fatalf("person after upgrade: %+v, %v", p, err)
			}
			if v >= 2 {
				ms, err := db.Meetings(ctx, 1)
				if err != nil || len(ms) != 1 || ms[0].StartsAt.IsZero() {
					t.Fatalf("meetings after upgrade: %+v, %v", ms, err)
				}
				items, err := db.Agenda(ctx, 1)
				if err != nil || len(items) != 2 || items[1].Anonymous {
					t.Fatalf("agenda after upgrade: %+v, %v", items, err)
				}
				if ag, err := db.Agreement(ctx, 1); err != nil || ag.Version != 1 {
					t.Fatalf("agreement after upgrade: %+v, %v", ag, err)
				}
			}
			if v >= 3 {
				msgs, err := db.RoomMessages(ctx, 1)
				if err != nil || len(msgs) != 1 || msgs[0].Text != "Hei kaikki" {
					t.Fatalf("messages after upgrade: %+v, %v", msgs, err)
				}
			}
			if v >= 4 {
				// By a prefix, and by another form of a word, which needs
				// the stems the upgrade indexed for the rows already there.
				for _, q := range []string{"kuuntelu*", "kuuntelutaito"} {
					rs, err := db.Reflections(ctx, session.Viewer{PersonID: 1}, session.ReflectionFilter{Search: q, Limit: 10})
					if err != nil || len(rs) != 1 {
						t.Fatalf("search %q after upgrade: %+v, %v", q, rs, err)
					}
				}
				if d, err := db.Draft(ctx, 2, "journal:0"); err != nil || d != "Kesken" {
					t.Fatalf("draft after upgrade: %q, %v", d, err)
				}
			}
			// The upgraded database takes new writes of every kind.
			if err := db.SaveFeedback(ctx, 1, 2, 4, "hyvä", time.Unix(1790000800, 0)); v >= 2 && err != nil {
				t.Fatalf("write after upgrade: %v", err)
			}
		})
	}
}
