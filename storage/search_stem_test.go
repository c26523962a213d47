package storage

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

// recallPairs are a base form and an inflected form (or two forms) of one
// word that a search for either must connect, mostly Finnish.
var recallPairs = [][2]string{
	{"ohjaaminen", "ohjaamisessa"}, {"ohjaaminen", "ohjaamista"}, {"mentori", "mentorina"}, {"mentori", "mentorin"},
	{"jaksaminen", "jaksamista"}, {"etätyö", "etätyön"}, {"etatyo", "etätyön"}, {"tavoite", "tavoitteista"},
	{"ryhmä", "ryhmän"}, {"ryhmä", "ryhmässä"}, {"palaute", "palautetta"}, {"palaute", "palautteen"},
	{"kokemus", "kokemuksia"}, {"luottamus", "luottamuksen"}, {"kysymys", "kysymyksiä"}, {"oppiminen", "oppimisesta"},
	{"keskustelu", "keskustelussa"}, {"äänestys", "äänestyksessä"}, {"aanestys", "äänestyksessä"}, {"päätös", "päätöksen"},
	{"ajatus", "ajatuksia"}, {"tehtävä", "tehtävää"}, {"haaste", "haasteita"}, {"kollega", "kollegan"},
	{"motivaatio", "motivaatiota"}, {"muutos", "muutoksen"}, {"vastaus", "vastauksen"}, {"kiire", "kiireessä"},
	{"asiakas", "asiakkaan"}, {"kerta", "kerran"}, {"kuuntelu", "kuuntelua"}, {"kehittyminen", "kehittymisestä"},
	{"osaaminen", "osaamista"}, {"yhteistyö", "yhteistyössä"}, {"esihenkilö", "esihenkilön"}, {"vuorovaikutus", "vuorovaikutuksessa"},
	{"turvallisuus", "turvallisuuden"}, {"työ", "työssä"}, {"mentorointi", "mentoroinnissa"}, {"kuuntelutaito", "kuuntelutaidot"},
	{"ihminen", "ihmisten"}, {"vertaistuki", "vertaistuesta"}, {"tilanne", "tilanteessa"}, {"kollega", "kollegoiden"},
	{"listening", "listen"}, {"meeting", "meetings"}, {"goal", "goals"}, {"leader", "leaders"},
	{"decision", "decisions"}, {"study", "studies"}, {"work", "working"}, {"question", "questions"},
}

// distinctPairs are words a search for one must not find the other of.
var distinctPairs = [][2]string{
	{"tuki", "tukka"}, {"ryhmä", "ryhti"}, {"tavoite", "tavara"}, {"kerta", "kerho"}, {"palaute", "palkka"},
	{"uni", "unohtaa"}, {"työ", "tyyli"}, {"ohjaaminen", "ohjelma"}, {"mentori", "mentaalinen"}, {"kuu", "kuusi"},
}

// searchDB is a real database with the search tests' two people.
func searchDB(t *testing.T) *DB {
	t.Helper()
	db := openTest(t)
	SearchWorld(t, db)
	return db
}

// SearchWorld is the search tests' rows, on either engine: person 1
// writes group texts in group 1, where 2 is a member too.
func SearchWorld(t testing.TB, db *DB) {
	t.Helper()
	for _, q := range []string{
		"INSERT INTO people (id, name, lang, role, created_at) VALUES (1, 'Kirjoittaja', 'fi', 'member', 0), (2, 'Lukija', 'fi', 'member', 0)",
		"INSERT INTO groups (id, name, template, lang, created_by, created_at) VALUES (1, 'Ryhmä', 'mepe', 'fi', 1, 0)",
		"INSERT INTO memberships (group_id, person_id, role, joined_at, ack_version) VALUES (1, 1, 'facilitator', 0, 1), (1, 2, 'mentor', 0, 1)",
	} {
		if err := Exec(context.Background(), db, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// AddText saves a text of person 1's in group 1 and returns its id.
func AddText(t testing.TB, db *DB, vis session.Visibility, body string) int64 {
	t.Helper()
	r := &session.Reflection{AuthorID: 1, GroupID: 1, Body: body, Visibility: vis, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := db.AddReflection(context.Background(), r, ""); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// Found searches as person 2 and reports the first 100 ids found, best
// first.
func Found(t testing.TB, db *DB, q string) []int64 {
	t.Helper()
	return foundPage(t, db, q, 0, 100)
}

// found searches as person 2 and reports the ids found, best first.
func found(t testing.TB, db *DB, q string, offset int) []int64 {
	t.Helper()
	return foundPage(t, db, q, offset, 100)
}

func foundPage(t testing.TB, db *DB, q string, offset, limit int) []int64 {
	t.Helper()
	rs, err := db.Reflections(context.Background(), session.Viewer{PersonID: 2}, session.ReflectionFilter{Search: q, Limit: limit, Offset: offset})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var ids []int64
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return ids
}

// TestSearchRanksBestFirst: a text with the word as written, often, comes
// before newer ones with other forms of it once, then a short text before
// a long one; pages go by offset, newest matches first, each ranked.
func TestSearchRanksBestFirst(t *testing.T) {
	t.Parallel()
	db := searchDB(t)
	best := AddText(t, db, session.VisGroup, "Ohjaaminen. Ohjaaminen on taitoa: ohjaaminen vaatii kuuntelua.")
	once := AddText(t, db, session.VisGroup, "Puhuimme pitkään monesta asiasta, lopuksi hieman ohjaamisesta ja sen haasteista ryhmässä.")
	newer := AddText(t, db, session.VisGroup, "Ohjaamista harjoiteltiin.")
	got := found(t, db, "ohjaaminen", 0)
	if !slices.Equal(got, []int64{best, newer, once}) {
		t.Fatalf("ohjaaminen: %v, want %v", got, []int64{best, newer, once})
	}
	if page := foundPage(t, db, "ohjaaminen", 0, 2); !slices.Equal(page, []int64{newer, once}) {
		t.Fatalf("first page of 2: %v", page)
	}
	if page := foundPage(t, db, "ohjaaminen", 2, 2); !slices.Equal(page, []int64{best}) {
		t.Fatalf("second page of 2: %v", page)
	}
	if page := foundPage(t, db, "ohjaaminen", 3, 2); len(page) != 0 {
		t.Fatalf("third page of 2: %v", page)
	}
}

// TestSearchKeepsPhrasesPrefixesScope: phrases and prefixes match the text
// as written, diacritics do not matter, what a viewer may not read is not
// found, and any typing is a valid search.
func TestSearchKeepsPhrasesPrefixesScope(t *testing.T) {
	t.Parallel()
	db := searchDB(t)
	phrase := AddText(t, db, session.VisGroup, "Hyvä palaute auttoi eteenpäin.")
	reversed := AddText(t, db, session.VisGroup, "Palautteet olivat hyviä.")
	weather := AddText(t, db, session.VisGroup, "Sää oli kaunis, ja vapaa-aika riitti.")
	private := AddText(t, db, session.VisPrivate, "Oma ohjaaminen mietityttää.")
	guide := AddText(t, db, session.VisGroup, "Ohjaaja kertoi tavoitteista.")
	for q, want := range map[string][]int64{
		`"hyvä palaute"`:    {phrase},
		`"hyva palaute"`:    {phrase},
		"palaute":           {phrase, reversed},
		"ohjaa*":            {guide},
		"ohjaaminen":        nil,       // the only one is someone else's private text
		"saa":               {weather}, // diacritics-insensitive: "saa" is also "sää"
		"vapaa-aika":        {weather},
		"palaute NOT hyvä":  {reversed},
		"tavoite OR sää":    {weather, guide},
		`tavoite ( ) "" OR`: nil, // FTS5 cannot parse it: every word, "or" too, required
	} {
		got := found(t, db, q, 0)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", q, got, want)
		}
	}
	_ = private
	for _, q := range []string{"()", "AND", "!!! ?"} { // `""` is a search that finds nothing, as in FTS5
		_, err := db.Reflections(context.Background(), session.Viewer{PersonID: 2}, session.ReflectionFilter{Search: q, Limit: 10})
		if session.ErrorCode(err) != session.EInvalid {
			t.Errorf("%q: %v, want invalid", q, err)
		}
	}
}

// TestStemTextIsStable pins what the index stores for a text. If this
// changes on purpose, add a migration that rebuilds reflections_fts
// (INSERT INTO reflections_fts (reflections_fts) VALUES ('rebuild')):
// rows indexed with the old stems cannot be removed with the new ones.
func TestStemTextIsStable(t *testing.T) {
	t.Parallel()
	got := stemText("Ohjaamisessa tärkeintä on kuunteleminen; Mentorina opin: listening, goals. Tilanne 2025 tunniste11 etätyön ASIAKKAAN kuuntelutaidot turvallisuuden")
	const want = "0ohjaam 0ohjaamisessa 0tarkein 0tarkeinta 0kuuntelem 0kuunteleminen 0mentor 0mentorina 0op 0opin 0listening 0listen 0goals 0goal 0tila 0tilan 0tilann 0etatyo 0etatyon 0asiak 0asiakkaan 0kuuntelutaito 0kuuntelutaidot 0turvallisuus 0turvallisuuden"
	if got != want {
		t.Fatalf("stems changed (needs a migration that rebuilds the index):\n got %q\nwant %q", got, want)
	}
}
