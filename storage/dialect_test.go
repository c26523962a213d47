package storage

import (
	"strings"
	"testing"
)

func TestRebindLeavesLiteralsAlone(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"SELECT 1":          "SELECT 1",
		"a = ? AND b = ?":   "a = $1 AND b = $2",
		"x = '?' AND y = ?": "x = '?' AND y = $1",
		`x = 'it''s ?' AND "col?" = ? -- why?` + "\n?": `x = 'it''s ?' AND "col?" = $1 -- why?` + "\n$2",
		"VALUES (?, ?, ?)": "VALUES ($1, $2, $3)",
	} {
		if got := rebind(in); got != want {
			t.Errorf("rebind(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEveryMigrationHasAPostgresTwin: migrations/ and migrations_pg/ hold
// the same file names, so that both engines reach the same schema version
// step by step. A SQLite migration merged without its twin fails here.
func TestEveryMigrationHasAPostgresTwin(t *testing.T) {
	t.Parallel()
	lite, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	pg, err := loadPgMigrations()
	if err != nil {
		t.Fatal(err)
	}
	names := func(ms []migration) map[string]bool {
		out := map[string]bool{}
		for _, m := range ms {
			out[m.name] = true
		}
		return out
	}
	ln, pn := names(lite), names(pg)
	for n := range ln {
		if !pn[n] {
			t.Errorf("migrations/%s has no PostgreSQL twin: write migrations_pg/%s", n, n)
		}
	}
	for n := range pn {
		if !ln[n] {
			t.Errorf("migrations_pg/%s has no SQLite migration of that name", n)
		}
	}
	for _, m := range pg {
		if strings.Contains(m.sql, "WITHOUT ROWID") || strings.Contains(m.sql, "AUTOINCREMENT") {
			t.Errorf("migrations_pg/%s uses SQLite-only syntax", m.name)
		}
	}
}
