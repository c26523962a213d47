package tui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/tui/format"
)

// renderSnippet draws a snippet with its search words in style.
func renderSnippet(spans []format.SnippetSpan, base, hit lipgloss.Style) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Text == "" {
			continue
		}
		if s.Hit {
			b.WriteString(hit.Render(s.Text))
		} else {
			b.WriteString(base.Render(s.Text))
		}
	}
	return b.String()
}
