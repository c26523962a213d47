package format

import "testing"

// FuzzMarkdownText: text people typed cannot become Markdown structure or
// HTML in an export.
func FuzzMarkdownText(f *testing.F) {
	for _, s := range []string{"plain", "*bold*", "[link](http://x)", "<script>", "# heading", "a|b", "`code`", "\\*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := MarkdownText(s)
		for i := 0; i < len(out); i++ {
			switch out[i] {
			case '*', '_', '`', '[', ']', '#', '|':
				if i == 0 || out[i-1] != '\\' {
					t.Fatalf("MarkdownText(%q) = %q: unescaped %q", s, out, out[i])
				}
			case '<', '>':
				t.Fatalf("MarkdownText(%q) = %q: raw angle bracket", s, out)
			}
		}
	})
}
