package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/storage/storagetest"
)

// TestVisibilityRuleIsOneForListAndSearch: on both engines, listing and
// searching show each viewer the same texts, the ones session's canRead
// allows: the author all of theirs, admitted members the group's and
// shared ones, readers the shared ones, and nobody else anything.
func TestVisibilityRuleIsOneForListAndSearch(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		storage.SearchWorld(t, db) // 1 writes in group 1, 2 is admitted there
		for _, q := range []string{
			"INSERT INTO people (id, name, lang, role, created_at) VALUES (3, 'Uusi', 'fi', 'member', 0), (4, 'Lukija', 'fi', 'reader', 0), (5, 'Ulkopuolinen', 'fi', 'member', 0)",
			"INSERT INTO memberships (group_id, person_id, role, joined_at, ack_version) VALUES (1, 3, 'mentor', 0, 0)", // not admitted yet
		} {
			if err := storage.Exec(ctx, db, q); err != nil {
				t.Fatal(err)
			}
		}
		ids := map[session.Visibility]int64{}
		for _, vis := range []session.Visibility{session.VisPrivate, session.VisGroup, session.VisShared} {
			r := &session.Reflection{AuthorID: 1, GroupID: 1, Body: "Muistiinpano " + string(vis), Visibility: vis, CreatedAt: time.Now(), UpdatedAt: time.Now()}
			if err := db.AddReflection(ctx, r, ""); err != nil {
				t.Fatal(err)
			}
			ids[vis] = r.ID
		}
		p, g, s := ids[session.VisPrivate], ids[session.VisGroup], ids[session.VisShared]
		for _, tt := range []struct {
			name string
			v    session.Viewer
			want []int64
		}{
			{"author", session.Viewer{PersonID: 1}, []int64{s, g, p}},
			{"admitted member", session.Viewer{PersonID: 2}, []int64{s, g}},
			{"member before the agreement", session.Viewer{PersonID: 3}, nil},
			{"reader", session.Viewer{PersonID: 4, Reader: true}, []int64{s}},
			{"outsider", session.Viewer{PersonID: 5}, nil},
		} {
			for _, search := range []string{"", "muistiinpano"} {
				rs, err := db.Reflections(ctx, tt.v, session.ReflectionFilter{Search: search, Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, r := range rs {
					got = append(got, r.ID)
				}
				slices.Sort(got)
				want := slices.Sorted(slices.Values(tt.want))
				if !slices.Equal(got, want) {
					t.Errorf("%s, search %q: %v, want %v", tt.name, search, got, want)
				}
			}
		}
	})
}
