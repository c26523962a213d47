package tui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

// Decisions on sharing onward as others read them: the evaluation tab's
// list, and what groups have shared with the viewer.

// wrapLines wraps text to width with an indent, as lines.
func wrapLines(text string, width, indent int) []string {
	w := max(min(width, 90)-indent, 10)
	return strings.Split(lipgloss.NewStyle().Width(w+indent).PaddingLeft(indent).Render(text), "\n")
}

// shareLines is the decisions in full: to whom, how and when in words,
// and every quote's state, with its excerpt where the viewer may read it.
func (ev *evaluation) shareLines(c *component.Common, width int) []string {
	s, cat := c.Styles, c.Cat
	out := []string{"", s.Accent.Bold(true).Render(cat.T("share.heading"))}
	if len(ev.shares) == 0 {
		out = append(out, s.Subtle.Render("  "+cat.T("report.none")))
	}
	for _, sh := range ev.shares {
		out = append(out, wrapLines("• "+sh.What, width, 2)...)
		out = append(out, wrapLines(s.Subtle.Render(format.ShareLine(cat, sh)), width, 4)...)
		for _, q := range sh.Quotes {
			out = append(out, wrapLines("– "+format.QuoteLine(cat, q), width, 4)...)
			if q.Body != "" {
				out = append(out, wrapLines(s.Subtle.Render("”"+strings.ReplaceAll(q.Body, "\n", " ")+"”"), width, 6)...)
			}
		}
	}
	return out
}

// sharedText renders shared items for a text screen, as the shared
// command prints them.
func sharedText(cat i18n.Catalog, shares []session.Share) string {
	return format.SharedText(cat, shares, false)
}
