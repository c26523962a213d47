package format

import (
	"strings"
	"testing"
)

// hits is the marked words of a snippet.
func hits(spans []SnippetSpan) []string {
	var out []string
	for _, s := range spans {
		if s.Hit {
			out = append(out, s.Text)
		}
	}
	return out
}

func plain(spans []SnippetSpan) string { return SnippetText(spans) }

// TestSnippetMarksForms: the snippet comes from where the search word is,
// and marks its inflected forms, diacritics or not, Finnish and English.
func TestSnippetMarksForms(t *testing.T) {
	filler := strings.Repeat("Alussa puhuttiin muusta. ", 10)
	for _, c := range []struct{ query, body, want string }{
		{"ohjaaminen", filler + "Ohjaamisessa tärkeintä on kuunnella.", "Ohjaamisessa"},
		{"tavoite", filler + "Puhuimme tavoitteista pitkään.", "tavoitteista"},
		{"mentori", filler + "Toimin mentorina ensi kertaa.", "mentorina"},
		{"etatyo", filler + "Etätyön arki on yksinäistä.", "Etätyön"},
		{"ryhmä", filler + "Ryhmän tuki auttoi.", "Ryhmän"},
		{"kuuntelu*", filler + "Harjoittelimme kuuntelutaitoja.", "kuuntelutaitoja"},
		{"listening", filler + "We listen to each other.", "listen"},
		{`"peer support" AND group`, filler + "Peer support in the group helps.", "Peer"},
	} {
		spans := Snippet(c.body, c.query, 50)
		got := hits(spans)
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("%q in %q: marked %q, want %q first", c.query, c.body, got, c.want)
		}
		if p := plain(spans); strings.HasPrefix(p, "Alussa") || !strings.HasPrefix(p, "…") {
			t.Errorf("%q: the snippet is not from the match: %q", c.query, p)
		}
	}
	// Nothing found: the text's beginning, nothing marked.
	if s := Snippet("Lyhyt teksti\nkahdella rivillä", "puuttuva", 50); len(hits(s)) != 0 || plain(s) != "Lyhyt teksti kahdella rivillä" {
		t.Errorf("no match: %+v", s)
	}
	// Short words are not matched by their beginnings alone.
	if got := hits(Snippet("työ on työtä, ei tyyni", "tyy", 50)); len(got) != 1 || got[0] != "tyyni" {
		t.Errorf("tyy: %q", got)
	}
}

// TestSnippetShortTextWhole: a text that fits is shown whole even when the
// match is past a third of it, and a match near the end fills the line.
func TestSnippetShortTextWhole(t *testing.T) {
	if p := plain(Snippet("Opin kuuntelemaan.\nToinen rivi: kysyn enemmän.", "kysyn", 72)); p != "Opin kuuntelemaan. Toinen rivi: kysyn enemmän." {
		t.Errorf("short text: %q", p)
	}
	long := strings.Repeat("sana ", 40) + "loppu"
	if p := plain(Snippet(long, "loppu", 50)); !strings.HasSuffix(p, "loppu") || len([]rune(p)) < 45 {
		t.Errorf("match at the end: %q", p)
	}
}
