package storage_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/storage/storagetest"
)

// stemWorld: person 1 writes group texts in group 1, where 2 reads them.
func stemWorld(t *testing.T, db *storage.DB) {
	t.Helper()
	for _, q := range []string{
		"INSERT INTO people (id, name, lang, role, created_at) VALUES (1, 'Kirjoittaja', 'fi', 'member', 0), (2, 'Lukija', 'fi', 'member', 0)",
		"INSERT INTO groups (id, name, template, lang, created_by, created_at) VALUES (1, 'Ryhmä', 'mepe', 'fi', 1, 0)",
		"INSERT INTO memberships (group_id, person_id, role, joined_at, ack_version) VALUES (1, 1, 'facilitator', 0, 1), (1, 2, 'mentor', 0, 1)",
	} {
		if err := storage.Exec(context.Background(), db, q); err != nil {
			t.Fatal(err)
		}
	}
}

func writeText(t *testing.T, db *storage.DB, body string) int64 {
	t.Helper()
	r := &session.Reflection{AuthorID: 1, GroupID: 1, Body: body, Visibility: session.VisGroup, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := db.AddReflection(context.Background(), r, ""); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

func searchIDs(t *testing.T, db *storage.DB, q string) []int64 {
	t.Helper()
	rs, err := db.Reflections(context.Background(), session.Viewer{PersonID: 2}, session.ReflectionFilter{Search: q, Limit: 100})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var ids []int64
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return ids
}

// TestSearchRecallOfInflectedForms: on both engines, a search for a word
// finds a text with another form of it, both ways, for the pairs of
// RecallPairs, with the same recall; and words of DistinctPairs do not
// find each other. The recall is printed; the README quotes it.
func TestSearchRecallOfInflectedForms(t *testing.T) {
	recalls := map[string]float64{}
	storagetest.Each(t, func(t *testing.T, db *storage.DB) {
		stemWorld(t, db)
		ids := map[string]int64{}
		for _, p := range append(slices.Clone(storage.RecallPairs), storage.DistinctPairs...) {
			for _, w := range p {
				if _, ok := ids[w]; !ok {
					ids[w] = writeText(t, db, "Muistiinpano: "+w+".")
				}
			}
		}
		hits, tries := 0, 0
		for _, p := range storage.RecallPairs {
			for _, dir := range [][2]string{{p[0], p[1]}, {p[1], p[0]}} {
				tries++
				if slices.Contains(searchIDs(t, db, dir[0]), ids[dir[1]]) {
					hits++
				} else {
					t.Logf("miss: %q does not find %q", dir[0], dir[1])
				}
			}
		}
		recall := 100 * float64(hits) / float64(tries)
		recalls[db.Engine()] = recall
		fmt.Printf("search recall (%s): %d of %d searches (%.1f %%) find the other form\n", db.Engine(), hits, tries, recall)
		if recall < 95 {
			t.Errorf("recall %.1f %%, want at least 95 %%", recall)
		}
		for _, p := range storage.DistinctPairs {
			for _, dir := range [][2]string{{p[0], p[1]}, {p[1], p[0]}} {
				got := searchIDs(t, db, dir[0])
				if slices.Contains(got, ids[dir[1]]) {
					t.Errorf("%q finds %q", dir[0], dir[1])
				}
				if !slices.Contains(got, ids[dir[0]]) {
					t.Errorf("%q does not find itself", dir[0])
				}
			}
		}
	})
	if pg, ok := recalls["postgres"]; ok && pg != recalls["sqlite"] {
		t.Errorf("recall on PostgreSQL %.1f %%, on SQLite %.1f %%: the engines must stem alike", pg, recalls["sqlite"])
	}
}

// TestSearchFollowsEdits: on both engines, after an edit of a reflection
// (EditReflection) or of a text written in the room (UpdateWriting), a
// search finds the new words and their other forms, not the old ones.
func TestSearchFollowsEdits(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		stemWorld(t, db)
		edited := writeText(t, db, "Palaute oli hyvää.")
		written := writeText(t, db, "Kiire painaa.")
		if err := db.EditReflection(ctx, edited, "Ohjaamisessa opin kuuntelemaan.", time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateWriting(ctx, written, "Etätyössä jaksaminen.", false, time.Now()); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string][]int64{
			"ohjaaminen": {edited},
			"kuuntele*":  {edited},
			"palaute":    nil,
			"etätyö":     {written},
			"jaksamista": {written},
			"kiire":      nil,
		} {
			if got := searchIDs(t, db, q); !slices.Equal(got, want) {
				t.Errorf("%q found %v, want %v", q, got, want)
			}
		}
	})
}

// TestPostgresUpgradeStemsTheTextsThere: a PostgreSQL database with
// reflections from before stems (schema 9) finds them by another form of
// their words once piiri has migrated it.
func TestPostgresUpgradeStemsTheTextsThere(t *testing.T) {
	ctx := context.Background()
	dsn := storagetest.PostgresDSN(t)
	old, err := storage.OpenPostgresAt(ctx, dsn, 9)
	if err != nil {
		t.Fatal(err)
	}
	stemWorld(t, old)
	if err := storage.Exec(ctx, old, `INSERT INTO reflections (id, author_id, group_id, body, visibility, reveal, created_at, updated_at)
		VALUES (7, 1, 1, 'Ohjaamisessa opin kuuntelemaan', 'group', 0, 0, 0)`); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"ohjaaminen", "kuuntelemaan", "kuuntele*"} {
		if got := searchIDs(t, db, q); !slices.Equal(got, []int64{7}) {
			t.Errorf("%q after the upgrade found %v, want [7]", q, got)
		}
	}
}
