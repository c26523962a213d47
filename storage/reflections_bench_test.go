package storage

// Benchmarks for reflections at organisation scale. They build their own
// corpus, so they are slow to start: the 1M corpus takes a while.
//
//	go test -run '^$' -bench . -benchtime 200x ./storage/
//
// PIIRI_BENCH_REFLECTIONS sets the corpus size (default 1,000,000; with
// -short 100,000). PIIRI_BENCH_DIR keeps the built corpus there between
// runs instead of in a temporary directory.

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/piiri/piiri/session"
)

const (
	benchGroups      = 1000
	benchPerGroup    = 8 // members per group, the first one facilitates
	benchReaders     = 20
	benchMeetings    = 10 // per group
	benchBatch       = 50_000
	benchJournalRate = 20 // one reflection in this many is a journal entry on nothing
)

// Word lists, most frequent first: the text generator draws from them with
// a Zipf distribution, so that the first words are in most reflections and
// the last ones in few.
var benchFinnish = strings.Fields(`ja on että ei se oli mutta kun minä me tai jos koska myös
	ryhmä ryhmässä ryhmän tavoite tavoitteet palaute palautetta keskustelu keskustelussa ohjaaja ohjaajan
	ohjaaminen ohjaus mentori mentorointi aktori oppiminen opin kokemus kokemuksia työ työssä tärkeä hyvä
	vaikea ajatus ajatuksia kysymys vastaus tunne luottamus kuuntelu kuunteleminen vertainen vertaistuki
	kehitys kehittyminen osaaminen jakaminen yhteistyö kollega esihenkilö johtaminen muutos haaste
	onnistuminen epäonnistuminen itsetuntemus vuorovaikutus tapaaminen kerta viikko tänään eilen huomenna
	huomasin mietin kerroin kuulin sain annoin teimme aloitimme lopuksi ensin sitten paljon vähän todella
	ehkä varmasti uusi uutta seuraava viime äänestys äänestyksessä päätös päätöksen sovimme sopimus
	luottamuksellisuus turvallisuus ilmapiiri avoimuus rohkeus arvostus kiitos harjoitus tehtävä
	välitehtävä esimerkki tilanne asiakas projekti aikataulu kiire jaksaminen palautuminen uni liikunta
	perhe vapaa-aika opiskelu koulutus urasuunnittelu motivaatio`)

var benchEnglish = strings.Fields(`the and to of a in is was I we it that for with but group mentor
	mentoring feedback goal goals learning learned meeting session listen listening question answer trust
	peer support growth challenge change work team leader leadership reflection today next time really good
	hard new idea ideas voting decision agreed plan practice task example situation customer project
	schedule stress wellbeing sleep family study career motivation courage respect openness safety`)

// benchRare words are in about one reflection in benchRareRate each.
var benchRare = strings.Fields(`saunailta kvanttifysiikka serendipity xylophone porokello kaamos
	ruska lumilautailu mindfulness burnout hackathon kanteleensoitto origami paleontologia metsänhoito`)

const benchRareRate = 20_000

// benchText writes a reflection: a few sentences, each in Finnish or
// English, with the odd rare word.
func benchText(r *rand.Rand, fi, en *rand.Zipf) string {
	var b strings.Builder
	for s := range 2 + r.IntN(6) {
		words, z := benchFinnish, fi
		if r.IntN(10) < 3 {
			words, z = benchEnglish, en
		}
		if s > 0 {
			b.WriteByte(' ')
		}
		n := 5 + r.IntN(10)
		for i := range n {
			w := words[z.Uint64()]
			if i == 0 {
				first, size := utf8.DecodeRuneInString(w)
				w = string(unicode.ToUpper(first)) + w[size:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		b.WriteByte('.')
	}
	if r.IntN(benchRareRate/len(benchRare)) == 0 {
		b.WriteString(" " + benchRare[r.IntN(len(benchRare))] + "!")
	}
	return b.String()
}

func benchSize() int {
	if s := os.Getenv("PIIRI_BENCH_REFLECTIONS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	if testing.Short() {
		return 100_000
	}
	return 1_000_000
}

// benchCorpus is a database of n reflections with a reader and a member of
// one group to read it.
type benchCorpus struct {
	db          *DB
	n           int
	reader      session.Viewer // a reader in no group
	member      session.Viewer // a member of one group
	memberGroup int64
}

// Person ids: group g (1-based) has people (g-1)*benchPerGroup+1 ...; the
// readers come after them.
func benchMemberOf(p int64) int64 { return (p-1)/benchPerGroup + 1 }

const benchPeople = benchGroups * benchPerGroup

func openBenchCorpus(tb testing.TB, n int) *benchCorpus {
	tb.Helper()
	ctx := context.Background()
	var path string
	if dir := os.Getenv("PIIRI_BENCH_DIR"); dir != "" {
		path = filepath.Join(dir, fmt.Sprintf("reflections-%d-v%d.db", n, SchemaVersion()))
	} else {
		path = filepath.Join(tb.TempDir(), "bench.db")
	}
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		tmp := path + ".building"
		os.Remove(tmp)
		if err := buildBenchCorpus(ctx, tmp, n); err != nil {
			tb.Fatalf("build corpus: %v", err)
		}
		if err := os.Rename(tmp, path); err != nil {
			tb.Fatal(err)
		}
		st, _ := os.Stat(path)
		tb.Logf("built %d reflections in %v (%d MB)", n, time.Since(start).Round(time.Millisecond), st.Size()>>20)
	}
	db, err := Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return &benchCorpus{db: db, n: n,
		reader:      session.Viewer{PersonID: benchPeople + 1, Reader: true},
		member:      session.Viewer{PersonID: 2, Reader: false},
		memberGroup: benchMemberOf(2)}
}

// buildBenchCorpus makes the schema with Open, then loads it over a
// connection of its own without a journal, with the full-text trigger off:
// the index is rebuilt from the table at the end ('rebuild' reads an
// external-content table's content, which is what the trigger would have
// indexed).
func buildBenchCorpus(ctx context.Context, path string, n int) error {
	db, err := Open(ctx, path)
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=cache_size(-262144)&_pragma=foreign_keys(0)")
	if err != nil {
		return err
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	var trigger string
	if err := raw.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'reflections_ai'").Scan(&trigger); err != nil {
		return fmt.Errorf("find trigger: %w", err)
	}
	if _, err := raw.ExecContext(ctx, "DROP TRIGGER reflections_ai"); err != nil {
		return err
	}
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	exec := func(q string, args ...any) {
		if err == nil {
			_, err = tx.ExecContext(ctx, q, args...)
		}
	}
	for p := int64(1); p <= benchPeople+benchReaders; p++ {
		role := session.RoleMember
		if p > benchPeople {
			role = session.RoleReader
		} else if (p-1)%benchPerGroup == 0 {
			role = session.RoleFacilitator
		}
		exec("INSERT INTO people (id, name, lang, role, created_at) VALUES (?, ?, ?, ?, ?)", p, fmt.Sprintf("Henkilö %d", p), "fi", role, t0)
	}
	for g := int64(1); g <= benchGroups; g++ {
		exec("INSERT INTO groups (id, name, template, lang, created_by, created_at) VALUES (?, ?, 'mepe', 'fi', ?, ?)",
			g, fmt.Sprintf("Ryhmä %d", g), (g-1)*benchPerGroup+1, t0)
		for i := int64(0); i < benchPerGroup; i++ {
			role := session.GroupMentor
			if i == 0 {
				role = session.GroupFacilitator
			}
			exec("INSERT INTO memberships (group_id, person_id, role, joined_at, ack_version) VALUES (?, ?, ?, ?, 1)", g, (g-1)*benchPerGroup+1+i, role, t0)
		}
		for m := int64(1); m <= benchMeetings; m++ {
			exec("INSERT INTO meetings (id, group_id, number, title, minutes, state) VALUES (?, ?, ?, ?, 120, 'ended')",
				(g-1)*benchMeetings+m, g, m, fmt.Sprintf("Tapaaminen %d", m))
		}
	}
	if err != nil {
		return fmt.Errorf("people and groups: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}

	r := rand.New(rand.NewPCG(1, 2))
	fi := rand.NewZipf(r, 1.07, 2, uint64(len(benchFinnish)-1))
	en := rand.NewZipf(r, 1.07, 2, uint64(len(benchEnglish)-1))
	vis := []session.Visibility{session.VisPrivate, session.VisGroup, session.VisShared}
	for start := 0; start < n; start += benchBatch {
		tx, err := raw.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO reflections
			(id, author_id, group_id, meeting_id, item_id, body, visibility, reveal, created_at, updated_at)
			VALUES (?, ?, ?, ?, NULL, ?, ?, 0, ?, ?)`)
		if err != nil {
			return err
		}
		for i := start; i < min(n, start+benchBatch); i++ {
			author := 1 + r.Int64N(benchPeople)
			var group, meeting any
			v := vis[r.IntN(3)]
			if r.IntN(benchJournalRate) == 0 {
				if v == session.VisGroup {
					v = session.VisPrivate
				}
				if r.IntN(2) == 0 {
					author = benchPeople + 1 + r.Int64N(benchReaders)
				}
			} else {
				g := benchMemberOf(author)
				group = g
				if r.IntN(2) == 0 {
					meeting = (g-1)*benchMeetings + 1 + r.Int64N(benchMeetings)
				}
			}
			at := t0 + int64(i)*60
			if _, err := stmt.ExecContext(ctx, i+1, author, group, meeting, benchText(r, fi, en), v, at, at); err != nil {
				return err
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	if _, err := raw.ExecContext(ctx, "INSERT INTO reflections_fts (reflections_fts) VALUES ('rebuild')"); err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	if _, err := raw.ExecContext(ctx, trigger); err != nil {
		return fmt.Errorf("restore trigger: %w", err)
	}
	_, err = raw.ExecContext(ctx, "PRAGMA journal_mode = WAL")
	return err
}

// latencies collects one duration per operation.
type latencies []time.Duration

func (l latencies) pct(p float64) float64 {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	i := min(len(s)-1, int(float64(len(s))*p))
	return float64(s[i]) / float64(time.Millisecond)
}

func (l latencies) report(b *testing.B) {
	b.ReportMetric(l.pct(0.50), "p50-ms")
	b.ReportMetric(l.pct(0.95), "p95-ms")
}

// benchReflections runs one filter per iteration, in turn.
func benchReflections(b *testing.B, db *DB, v session.Viewer, fs ...session.ReflectionFilter) {
	b.Helper()
	ctx := context.Background()
	// Warm up once, as a running server would be.
	for _, f := range fs {
		if _, err := db.Reflections(ctx, v, f); err != nil {
			b.Fatalf("%+v: %v", f, err)
		}
	}
	var lat latencies
	i := 0
	for b.Loop() {
		f := fs[i%len(fs)]
		i++
		start := time.Now()
		rs, err := db.Reflections(ctx, v, f)
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		_ = rs
	}
	lat.report(b)
}

func search(q string) session.ReflectionFilter {
	return session.ReflectionFilter{Search: q, Limit: session.DefaultPageSize}
}

// benchQueries are searches from common to rare.
var benchQueries = []struct{ name, q string }{
	{"common", "ryhmä"},
	{"common-en", "feedback"},
	{"two-words", "palaute tavoite"},
	{"phrase", `"hyvä palaute"`},
	{"diacritics", "aanestys"},
	{"rare", "saunailta"},
	{"none", "qwertyuiop"},
	{"prefix", "ohjaa*"},
	{"prefix-short", "pa*"},
	{"prefix-en", "lead*"},
	{"prefix-long", "ohjaami*"},
}

func BenchmarkSearch1M(b *testing.B) {
	c := openBenchCorpus(b, benchSize())
	ctx := context.Background()
	for _, q := range benchQueries {
		var hits int
		if err := c.db.read.QueryRowContext(ctx, "SELECT count(*) FROM reflections_fts WHERE reflections_fts MATCH ?", q.q).Scan(&hits); err != nil {
			b.Fatal(err)
		}
		b.Logf("%-12s %-18q matches %7d of %d", q.name, q.q, hits, c.n)
	}
	var all []session.ReflectionFilter
	for _, q := range benchQueries {
		all = append(all, search(q.q))
		b.Run("reader/"+q.name, func(b *testing.B) { benchReflections(b, c.db, c.reader, search(q.q)) })
	}
	b.Run("reader/mix", func(b *testing.B) { benchReflections(b, c.db, c.reader, all...) })
	// A member of one group: what they see is a thousandth of the corpus.
	for _, q := range benchQueries {
		b.Run("member/"+q.name, func(b *testing.B) { benchReflections(b, c.db, c.member, search(q.q)) })
	}
	b.Run("member/mix", func(b *testing.B) { benchReflections(b, c.db, c.member, all...) })
}

// midCursor pages through what v sees, a page at a time, and returns the
// Before cursor of the page in the middle.
func midCursor(b *testing.B, db *DB, v session.Viewer) (int64, int) {
	ctx := context.Background()
	cursors := []int64{0}
	for {
		rs, err := db.Reflections(ctx, v, session.ReflectionFilter{Before: cursors[len(cursors)-1], Limit: session.DefaultPageSize})
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) < session.DefaultPageSize {
			break
		}
		cursors = append(cursors, rs[len(rs)-1].ID)
	}
	return cursors[len(cursors)/2], len(cursors)
}

func BenchmarkListPage(b *testing.B) {
	c := openBenchCorpus(b, benchSize())
	page := func(before int64) session.ReflectionFilter {
		return session.ReflectionFilter{Before: before, Limit: session.DefaultPageSize}
	}
	// The deep pages are in the middle of what each sees.
	readerDeep, pages := midCursor(b, c.db, c.reader)
	b.Logf("reader: %d pages, deep page before id %d", pages, readerDeep)
	memberDeep, pages := midCursor(b, c.db, c.member)
	b.Logf("member: %d pages, deep page before id %d", pages, memberDeep)
	b.Run("reader/first", func(b *testing.B) { benchReflections(b, c.db, c.reader, page(0)) })
	b.Run("reader/deep", func(b *testing.B) { benchReflections(b, c.db, c.reader, page(readerDeep)) })
	b.Run("member/first", func(b *testing.B) { benchReflections(b, c.db, c.member, page(0)) })
	b.Run("member/deep", func(b *testing.B) { benchReflections(b, c.db, c.member, page(memberDeep)) })
	b.Run("member/group", func(b *testing.B) {
		benchReflections(b, c.db, c.member, session.ReflectionFilter{GroupID: c.memberGroup, Limit: session.DefaultPageSize})
	})
	b.Run("reader/shared-of-a-group", func(b *testing.B) {
		benchReflections(b, c.db, c.reader, session.ReflectionFilter{GroupID: 500, Limit: session.DefaultPageSize})
	})
	b.Run("reader/last-week", func(b *testing.B) {
		to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(c.n) * time.Minute)
		benchReflections(b, c.db, c.reader, session.ReflectionFilter{From: to.Add(-7 * 24 * time.Hour), To: to, Limit: session.DefaultPageSize})
	})
}

func BenchmarkDraftSave(b *testing.B) {
	ctx := context.Background()
	db := openTest(b)
	SearchWorld(b, db)
	r := rand.New(rand.NewPCG(3, 4))
	fi := rand.NewZipf(r, 1.07, 2, uint64(len(benchFinnish)-1))
	en := rand.NewZipf(r, 1.07, 2, uint64(len(benchEnglish)-1))
	// A draft grows as it is typed: each save is the previous text and a bit.
	body := ""
	var lat latencies
	key := session.MeetingDraftKey(1, 1)
	for b.Loop() {
		body += " " + benchText(r, fi, en)
		if len(body) > 8000 {
			body = benchText(r, fi, en)
		}
		start := time.Now()
		err := db.SaveDraft(ctx, 1, key, body, time.Now())
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
	}
	lat.report(b)
}

// BenchmarkAddReflection is the cost of submitting a reflection: the row,
// its full-text index entries and the draft's deletion.
func BenchmarkAddReflection(b *testing.B) {
	ctx := context.Background()
	db := openTest(b)
	SearchWorld(b, db)
	r := rand.New(rand.NewPCG(5, 6))
	fi := rand.NewZipf(r, 1.07, 2, uint64(len(benchFinnish)-1))
	en := rand.NewZipf(r, 1.07, 2, uint64(len(benchEnglish)-1))
	vis := []session.Visibility{session.VisPrivate, session.VisGroup, session.VisShared}
	var lat latencies
	i := 0
	for b.Loop() {
		i++
		ref := &session.Reflection{AuthorID: 1, GroupID: 1, Body: benchText(r, fi, en), Visibility: vis[i%3], CreatedAt: time.Now(), UpdatedAt: time.Now()}
		start := time.Now()
		err := db.AddReflection(ctx, ref, session.JournalDraftKey(1))
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
	}
	lat.report(b)
}

// TestReflectionsFTSIntegrityAfterChanges: the full-text index stays true
// to its content through every way a reflection row changes: insert,
// visibility change, the group's deletion (SET NULL) and the author's
// (CASCADE).
func TestReflectionsFTSIntegrityAfterChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openTest(t)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.write.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	check := func(when string) {
		t.Helper()
		if _, err := db.write.ExecContext(ctx, "INSERT INTO reflections_fts (reflections_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
			t.Fatalf("integrity-check %s: %v", when, err)
		}
	}
	for p := 1; p <= 3; p++ {
		exec("INSERT INTO people (id, name, lang, role, created_at) VALUES (?, 'P', 'fi', 'member', 0)", p)
	}
	exec("INSERT INTO groups (id, name, template, lang, created_by, created_at) VALUES (1, 'G', 'mepe', 'fi', 1, 0)")
	exec("INSERT INTO memberships (group_id, person_id, role, joined_at) VALUES (1, 1, 'facilitator', 0), (1, 2, 'mentor', 0)")
	var ids []int64
	for i, v := range []session.Visibility{session.VisPrivate, session.VisGroup, session.VisShared, session.VisGroup} {
		r := &session.Reflection{AuthorID: int64(1 + i%3), GroupID: 1, Body: fmt.Sprintf("Äänestys ja ohjaaja %d", i), Visibility: v}
		if i == 3 {
			r.GroupID = 0
			r.Visibility = session.VisShared
		}
		if err := db.AddReflection(ctx, r, ""); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	check("after inserts")
	for _, to := range []session.Visibility{session.VisShared, session.VisPrivate, session.VisGroup} {
		if err := db.SetVisibility(ctx, ids[1], 2, to, time.Now()); err != nil {
			t.Fatal(err)
		}
		check("after visibility " + string(to))
	}
	exec("UPDATE reflections SET body = 'uusi teksti' WHERE id = ?", ids[0])
	check("after a body change")
	exec("DELETE FROM groups WHERE id = 1")
	check("after deleting the group")
	exec("DELETE FROM people WHERE id = 3")
	check("after deleting an author")
	rs, err := db.Reflections(ctx, session.Viewer{PersonID: 2}, session.ReflectionFilter{Search: "aanestys", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].ID != ids[1] {
		t.Fatalf("after the changes person 2 finds %+v", rs)
	}
}

// TestBenchCorpusMatchesTriggers checks the benchmark's bulk load: the
// rebuilt full-text index passes FTS5's integrity check against its
// content, and a search finds what the trigger-maintained index of the
// same rows finds.
func TestBenchCorpusMatchesTriggers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	if err := buildBenchCorpus(ctx, path, 3000); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.write.ExecContext(ctx, "INSERT INTO reflections_fts (reflections_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Fatalf("integrity-check: %v", err)
	}
	var triggers int
	db.read.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'reflections_a%'").Scan(&triggers)
	if triggers != 3 {
		t.Fatalf("%d triggers after the load", triggers)
	}
	// The same rows through the trigger.
	other := openTest(t)
	if _, err := other.write.ExecContext(ctx, "ATTACH DATABASE ? AS c", path); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"PRAGMA foreign_keys = OFF",
		"INSERT INTO people SELECT * FROM c.people",
		"INSERT INTO groups SELECT * FROM c.groups",
		"INSERT INTO memberships SELECT * FROM c.memberships",
		"INSERT INTO meetings SELECT * FROM c.meetings",
		"INSERT INTO reflections (id, author_id, group_id, meeting_id, item_id, body, visibility, reveal, created_at, updated_at) SELECT id, author_id, group_id, meeting_id, item_id, body, visibility, reveal, created_at, updated_at FROM c.reflections",
	} {
		if _, err := other.write.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, q := range append(benchQueries, struct{ name, q string }{"all", "ja OR the OR on"}) {
		for _, v := range []session.Viewer{{PersonID: benchPeople + 1, Reader: true}, {PersonID: 2}} {
			f := session.ReflectionFilter{Search: q.q, Limit: session.MaxPageSize}
			a, err := db.Reflections(ctx, v, f)
			if err != nil {
				t.Fatal(err)
			}
			b, err := other.Reflections(ctx, v, f)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(a) != fmt.Sprint(b) {
				t.Fatalf("%q as %+v: bulk %d, triggers %d", q.q, v, len(a), len(b))
			}
		}
	}
}
