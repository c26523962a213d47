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

// TestSearchRecallOfInflectedForms: on both engines, a search for a word
// finds a text with another form of it, both ways, for the pairs of
// RecallPairs, with the same recall; and words of DistinctPairs do not
// find each other. The recall is printed; the README quotes it.
func TestSearchRecallOfInflectedForms(t *testing.T) {
	t.Parallel()
	recalls := map[string]float64{}
	storagetest.Each(t, func(t *testing.T, db *storage.DB) {
		storage.SearchWorld(t, db)
		ids := map[string]int64{}
		for _, p := range append(slices.Clone(storage.RecallPairs), storage.DistinctPairs...) {
			for _, w := range p {
				if _, ok := ids[w]; !ok {
					ids[w] = storage.AddText(t, db, session.VisGroup, "Muistiinpano: "+w+".")
				}
			}
		}
		hits, tries := 0, 0
		for _, p := range storage.RecallPairs {
			for _, dir := range [][2]string{{p[0], p[1]}, {p[1], p[0]}} {
				tries++
				if slices.Contains(storage.Found(t, db, dir[0]), ids[dir[1]]) {
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
				got := storage.Found(t, db, dir[0])
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
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		storage.SearchWorld(t, db)
		edited := storage.AddText(t, db, session.VisGroup, "Palaute oli hyvää.")
		written := storage.AddText(t, db, session.VisGroup, "Kiire painaa.")
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
			if got := storage.Found(t, db, q); !slices.Equal(got, want) {
				t.Errorf("%q found %v, want %v", q, got, want)
			}
		}
	})
}

// TestPostgresUpgradeStemsTheTextsThere: a PostgreSQL database with
// reflections from before stems (schema 9) finds them by another form of
// their words once piiri has migrated it.
func TestPostgresUpgradeStemsTheTextsThere(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := storagetest.PostgresDSN(t)
	old, err := storage.OpenPostgresAt(ctx, dsn, 9)
	if err != nil {
		t.Fatal(err)
	}
	storage.SearchWorld(t, old)
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
		if got := storage.Found(t, db, q); !slices.Equal(got, []int64{7}) {
			t.Errorf("%q after the upgrade found %v, want [7]", q, got)
		}
	}
}
