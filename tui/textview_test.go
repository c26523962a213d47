package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
)

// summaryLike is Markdown of the size a meeting summary has: a heading, an
// agenda table of 8 items, attendance and 40 messages.
func summaryLike() string {
	var b strings.Builder
	b.WriteString("# Etätyöläiset — 3. Jaksaminen\n\nPidetty: ti 1.12.2026 14.00–15.30\n\n## Asialista\n\n| # | Kohta | Laji | Suunniteltu | Toteutunut |\n|---|---|---|---|---|\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&b, "| %d | Kohta numero %d, jossa puhutaan jaksamisesta | keskustelu | 10 min | 12 min |\n", i, i)
	}
	b.WriteString("\n## Läsnä (6)\n\n")
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&b, "- Osallistuja %d (mentori)\n", i)
	}
	b.WriteString("\n## Keskustelu (40)\n\n### Avauskierros\n\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "- **Osallistuja %d** (14.%02d): etätyössä jaksaminen vaatii rajoja ja *yhteisöä*, sanoisin.\n", i%6+1, i)
	}
	return b.String()
}

// TestRenderMarkdownHeadings: headings and tables are drawn, not shown as
// Markdown, and nothing is wider than asked.
func TestRenderMarkdownHeadings(t *testing.T) {
	for _, dark := range []bool{true, false} {
		for _, w := range []int{60, 80} {
			out := renderMarkdown(summaryLike(), w, dark)
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), "#") || strings.Contains(l, "|---") || strings.Contains(l, "**") {
					t.Fatalf("dark %v width %d: raw Markdown %q", dark, w, l)
				}
				if lipgloss.Width(l) > w {
					t.Fatalf("dark %v width %d: line of %d: %q", dark, w, lipgloss.Width(l), l)
				}
			}
			if !strings.Contains(out, "Asialista") || !strings.Contains(out, "│") {
				t.Fatalf("dark %v width %d: no heading or table:\n%s", dark, w, out)
			}
		}
	}
}

// BenchmarkRenderMarkdown is what laying a summary out once costs: the
// summary screen pays it once per width or background, not per frame.
func BenchmarkRenderMarkdown(b *testing.B) {
	md := summaryLike()
	for b.Loop() {
		renderMarkdown(md, 80, true)
	}
}

// TestTextScreenLaysOutOncePerSize: frames reuse the layout; a new width
// or background lays the text out again, in SetSize, never in View.
func TestTextScreenLaysOutOncePerSize(t *testing.T) {
	c := newMemApp(session.LangFI, 1).c
	renders := 0
	ts := newTextView(c, "Yhteenveto", func(width int, dark bool) string {
		renders++
		return renderMarkdown(summaryLike(), width, dark)
	})
	ts.Init()
	ts.SetSize(80, 22)
	for range 5 {
		ts.View()
		ts.Update(tea.KeyPressMsg{Code: tea.KeyDown})
		ts.SetSize(80, 22)
	}
	if renders != 1 {
		t.Fatalf("%d layouts for one size", renders)
	}
	ts.SetSize(60, 18)
	ts.View()
	c.IsDark = false
	ts.SetSize(60, 18)
	ts.View()
	if renders != 3 {
		t.Fatalf("%d layouts after a resize and a background change, want 3", renders)
	}
	for range 3 {
		ts.View() // pure: drawing again changes nothing
	}
	if renders != 3 || !strings.Contains(ts.View(), "rivit 6–") {
		t.Fatalf("%d layouts; the position is lost:\n%s", renders, ts.View())
	}
}
