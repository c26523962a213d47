package storage

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

// TestSQLiteShellReadsTheDatabase: the operator's inspection and restore
// path works on a database piiri wrote, fresh or upgraded from schema 10
// (when the stems were a column SQLite computed with a function only piiri
// has): no schema entry needs piiri_stems, and the sqlite3 shell, when it
// is installed, checks the file and the index, reads every column and
// changes a reflection, after which piiri still finds it by its stems.
func TestSQLiteShellReadsTheDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, from := range []string{"fresh", "v10"} {
		t.Run(from, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "piiri.db")
			if from != "fresh" {
				blob, err := os.ReadFile(fixturePath(10))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, blob, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				"INSERT INTO people (id, name, lang, role, created_at) VALUES (11, 'Kirjoittaja', 'fi', 'member', 0)",
				"INSERT INTO groups (id, name, template, lang, created_by, created_at) VALUES (11, 'Ryhmä', 'mepe', 'fi', 11, 0)",
				"INSERT INTO memberships (group_id, person_id, role, joined_at, ack_version) VALUES (11, 11, 'facilitator', 0, 1)",
			} {
				if _, err := db.write.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			r := &session.Reflection{AuthorID: 11, GroupID: 11, Body: "Ohjaamisessa opin kuuntelemaan", Visibility: session.VisPrivate, CreatedAt: time.Now(), UpdatedAt: time.Now()}
			if err := db.AddReflection(ctx, r, ""); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := db.read.QueryRow("SELECT count(*) FROM sqlite_master WHERE sql LIKE '%piiri_stems%'").Scan(&n); err != nil || n != 0 {
				t.Fatalf("%d schema entries call piiri_stems (%v)", n, err)
			}
			db.Close()

			if shell, err := exec.LookPath("sqlite3"); err != nil {
				t.Log("no sqlite3 shell here; the schema check above stands")
			} else {
				out, err := exec.Command(shell, path, `PRAGMA integrity_check;
					INSERT INTO reflections_fts (reflections_fts) VALUES ('integrity-check');
					SELECT count(*) FROM (SELECT * FROM reflections WHERE stems != '');
					UPDATE reflections SET visibility = 'group' WHERE id = `+strconv.FormatInt(r.ID, 10)+`;`).CombinedOutput()
				if err != nil || !strings.HasPrefix(string(out), "ok\n") {
					t.Fatalf("sqlite3 shell: %v\n%s", err, out)
				}
			}

			db, err = Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if ok, err := db.IntegrityCheck(ctx); err != nil || ok != "ok" {
				t.Fatalf("integrity after the shell: %q, %v", ok, err)
			}
			rs, err := db.Reflections(ctx, session.Viewer{PersonID: 11}, session.ReflectionFilter{Search: "ohjaaminen", Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, x := range rs {
				ids = append(ids, x.ID)
			}
			if !slices.Contains(ids, r.ID) {
				t.Fatalf("search after the shell found %v, want %d among them", ids, r.ID)
			}
		})
	}
}
