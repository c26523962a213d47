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

// searchWorld: Aino (1) and Bea (2) in group 1, Cai (3) alone in group 2,
// Riku (4) a reader in no group. Reflection bodies by name.
var searchWorld = []struct {
	name       string
	author     int64
	group      int64
	visibility session.Visibility
	body       string
}{
	{"aino-vote", 1, 1, session.VisGroup, "Äänestys meni hyvin, ohjaaja kiitti."},
	{"aino-secret", 1, 1, session.VisPrivate, "Salainen äänestys ja ääni"},
	{"bea-role", 2, 1, session.VisShared, "Ohjaajan rooli e-mentoroinnissa"},
	{"cai-other", 3, 2, session.VisGroup, "äänestys toisessa ryhmässä"},
	{"bea-talk", 2, 1, session.VisGroup, "Hyvä keskustelu, ei äänestystä"},
	{"aino-voice", 1, 1, session.VisGroup, "Ääni kuului huonosti: \"mikki\" rätisi"},
	{"bea-case", 2, 1, session.VisGroup, "SAUNA-ilta ja Sauna"},
}

// TestSearchSameOnBothEngines: the same data and the same searches give
// the same reflections on SQLite (FTS5) and PostgreSQL (tsvector):
// visibility, phrases, prefixes, operators, diacritics and the fallback
// for expressions FTS5 cannot parse.
func TestSearchSameOnBothEngines(t *testing.T) {
	t.Parallel()
	const bea, cai, riku, aino = 2, 3, 4, 1
	cases := []struct {
		viewer int64
		reader bool
		query  string
		want   []string // nil: nothing; "invalid": refused
	}{
		{bea, false, "äänestys", []string{"aino-vote"}},
		{bea, false, "aanestys", []string{"aino-vote"}},
		{bea, false, "ÄÄNESTYS", []string{"aino-vote"}},
		{bea, false, "äänestys*", []string{"aino-vote", "bea-talk"}},
		{bea, false, `"meni hyvin"`, []string{"aino-vote"}},
		{bea, false, `"hyvin meni"`, nil},
		{bea, false, "ohjaaja*", []string{"aino-vote", "bea-role"}},
		{bea, false, "ohjaaja", []string{"aino-vote", "bea-role"}}, // stems: Ohjaajan is a form of it
		{bea, false, "e-mentoroinnissa", []string{"bea-role"}},
		{bea, false, "mentoroinnissa", []string{"bea-role"}},
		{bea, false, "äänestys OR keskustelu", []string{"aino-vote", "bea-talk"}},
		{bea, false, "äänestys* NOT hyvin", []string{"bea-talk"}},
		{bea, false, "(ohjaaja OR rooli) AND kiitti", []string{"aino-vote"}},
		{bea, false, "(ohjaaja OR rooli) kiitti", nil}, // FTS5: a syntax error, then every word ("or" too) required
		{bea, false, "äänestys* NOT hyvin meni", []string{"bea-talk"}},
		{bea, false, "meni OR kiitti hyvin", []string{"aino-vote"}},
		{bea, false, "keskustelu OR rooli ohjaajan", []string{"bea-role", "bea-talk"}},
		{bea, false, "ohjaaja AND kiitti", []string{"aino-vote"}},
		{bea, false, "ääni", []string{"aino-voice"}},
		{bea, false, "aani", []string{"aino-voice"}},
		{bea, false, `"mikki" rätisi`, []string{"aino-voice"}},
		{bea, false, "kuului: huonosti", []string{"aino-voice"}},
		{bea, false, "sauna", []string{"bea-case"}},
		{bea, false, "NOT äänestys", nil},
		{bea, false, "salainen", nil},
		{aino, false, "salainen", []string{"aino-secret"}},
		{aino, false, "ääni", []string{"aino-secret", "aino-voice"}},
		{cai, false, "äänestys", []string{"cai-other"}},
		{cai, false, "rooli", nil},
		{riku, true, "rooli", []string{"bea-role"}},
		{riku, true, "äänestys", nil},
		{riku, false, "rooli", nil},
		{bea, false, "*", []string{"invalid"}},
		{bea, false, `"`, []string{"invalid"}},
		{bea, false, `""`, nil},
	}
	storagetest.Each(t, func(t *testing.T, db *storage.DB) {
		ids := fillSearchWorld(t, db)
		names := map[int64]string{}
		for n, id := range ids {
			names[id] = n
		}
		for _, c := range cases {
			rs, err := db.Reflections(context.Background(), session.Viewer{PersonID: c.viewer, Reader: c.reader},
				session.ReflectionFilter{Search: c.query, Limit: 50})
			var got []string
			if err != nil {
				if session.ErrorCode(err) != session.EInvalid {
					t.Errorf("viewer %d searching %q: %v", c.viewer, c.query, err)
					continue
				}
				got = []string{"invalid"}
			}
			for _, r := range rs {
				got = append(got, names[r.ID])
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(c.want))
			if !slices.Equal(got, want) {
				t.Errorf("viewer %d searching %q found %v, want %v", c.viewer, c.query, got, want)
			}
		}
	})
}

// fillSearchWorld writes searchWorld and returns the reflections' ids.
func fillSearchWorld(t *testing.T, db *storage.DB) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO people (id, name, lang, role, created_at) VALUES (1, 'Aino', 'fi', 'member', 0), (2, 'Bea', 'fi', 'member', 0),
			(3, 'Cai', 'fi', 'member', 0), (4, 'Riku', 'fi', 'reader', 0)`,
		`INSERT INTO groups (id, name, template, lang, created_by, created_at) VALUES (1, 'Kevät', 'mepe', 'fi', 1, 0), (2, 'Syksy', 'mepe', 'fi', 3, 0)`,
		`INSERT INTO memberships (group_id, person_id, role, joined_at, ack_version) VALUES (1, 1, 'facilitator', 0, 1), (1, 2, 'mentor', 0, 1), (2, 3, 'facilitator', 0, 1)`,
	} {
		if err := storage.Exec(ctx, db, q); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]int64{}
	at := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	for _, r := range searchWorld {
		ref := &session.Reflection{AuthorID: r.author, GroupID: r.group, Body: r.body, Visibility: r.visibility, CreatedAt: at, UpdatedAt: at}
		if err := db.AddReflection(ctx, ref, ""); err != nil {
			t.Fatal(err)
		}
		ids[r.name] = ref.ID
	}
	return ids
}
