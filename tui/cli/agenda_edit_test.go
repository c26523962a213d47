package cli

import (
	"slices"
	"testing"
)

func TestGatherText(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"12", "--title", "Check-in", "round", "--kind", "round"}, []string{"12", "--title", "Check-in round", "--kind", "round"}},
		{[]string{"12", "--title=-1", "idea", "--minutes", "5"}, []string{"12", "--title=-1 idea", "--minutes", "5"}},
		{[]string{"12", "--prompt", "--title", "A", "B"}, []string{"12", "--prompt", "--title", "A B"}},
		{[]string{"12", "1", "--minutes", "5", "x"}, []string{"12", "1", "--minutes", "5", "x"}},
	} {
		if got := gatherText(c.in, agendaTextFlags); !slices.Equal(got, c.want) {
			t.Errorf("gatherText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]string{"round": "round", "Kierros": "round", "hiljainen kirjoittaminen": "writing", "tauko": "break", "itsearviointi": "assessment"} {
		if k, ok := ParseKind(in); !ok || string(k) != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, k, ok)
		}
	}
	if _, ok := ParseKind("juhla"); ok {
		t.Error("juhla is a kind")
	}
}
