package docs

import (
	"strings"
	"testing"
)

// TestGuidesMatch: both languages have the same sections and the same
// placeholders, and printing fills them all in.
func TestGuidesMatch(t *testing.T) {
	heads := map[string]int{}
	for _, lang := range []string{"fi", "en"} {
		raw, err := files.ReadFile(map[string]string{"fi": "osallistujan-opas.md", "en": "participant-guide.md"}[lang])
		if err != nil {
			t.Fatal(err)
		}
		for _, ph := range []string{"{{connect}}", "{{fingerprint}}"} {
			if !strings.Contains(string(raw), ph) {
				t.Errorf("%s has no %s", lang, ph)
			}
		}
		heads[lang] = strings.Count(string(raw), "\n## ")
		out := Guide(lang, "ssh -p 2222 piiri.example.org", "SHA256:abc")
		if strings.Contains(out, "{{") || strings.Contains(out, "<!--") || strings.Contains(out, "\n\n\n") {
			t.Errorf("%s: unfilled placeholder, source note or double blank line:\n%s", lang, out)
		}
		if !strings.Contains(out, "ssh -p 2222 piiri.example.org") || !strings.Contains(out, "SHA256:abc") {
			t.Errorf("%s: the server's details are missing", lang)
		}
	}
	if heads["fi"] != heads["en"] || heads["fi"] < 6 {
		t.Errorf("sections: fi %d, en %d", heads["fi"], heads["en"])
	}
}
