package tui

import (
	"strings"
	"testing"
)

// hits is the marked words of a snippet.
func hits(spans []span) []string {
	var out []string
	for _, s := range spans {
		if s.hit {
			out = append(out, s.text)
		}
	}
	return out
}

func plain(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.text)
	}
	return b.String()
}

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
		spans := snippet(c.body, c.query, 50)
		got := hits(spans)
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("%q in %q: marked %q, want %q first", c.query, c.body, got, c.want)
		}
		if p := plain(spans); strings.HasPrefix(p, "Alussa") || !strings.HasPrefix(p, "…") {
			t.Errorf("%q: the snippet is not from the match: %q", c.query, p)
		}
	}
	// Nothing found: the text's beginning, nothing marked.
	if s := snippet("Lyhyt teksti\nkahdella rivillä", "puuttuva", 50); len(hits(s)) != 0 || plain(s) != "Lyhyt teksti kahdella rivillä" {
		t.Errorf("no match: %+v", s)
	}
	// Short words are not matched by their beginnings alone.
	if got := hits(snippet("työ on työtä, ei tyyni", "tyy", 50)); len(got) != 1 || got[0] != "tyyni" {
		t.Errorf("tyy: %q", got)
	}
}
