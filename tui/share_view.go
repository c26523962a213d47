package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/format"
)

// The share screen drawn: the form, the list of reflections to quote,
// and one reflection's sentences while an excerpt is marked.

func (s *shareScreen) View() string {
	st, cat, width, height := s.C.Styles, s.C.Cat, s.Width(), s.Height()
	var b strings.Builder
	b.WriteString(st.Header.Width(width).Render(cat.T("share.title")) + "\n")
	var body []string
	var focus int
	switch {
	case s.form == nil && s.err != "":
		return b.String() + "\n" + lipgloss.NewStyle().Width(width).Render(st.Error.Render("✗ "+s.err))
	case s.form == nil:
		return b.String() + st.Subtle.Render(cat.T("app.loading"))
	case s.step == shareStepForm:
		return b.String() + "\n" + s.form.Render(st)
	case s.step == shareStepQuotes:
		body, focus = s.quoteLines()
	default:
		body, focus = s.excerptLines()
	}
	foot := s.footer()
	room := max(height-2-len(foot), 3)
	body = window(body, focus, room)
	b.WriteString(strings.Join(body, "\n") + "\n")
	b.WriteString(strings.Join(foot, "\n"))
	return b.String()
}

func (s *shareScreen) footer() []string {
	st, width := s.C.Styles, s.Width()
	var out []string
	if s.step == shareStepExcerpt {
		c := s.cands[s.cursor]
		if s.start > 0 && len(c.Sentences) > 0 {
			from, to := min(s.start, s.sentence+1), max(s.start, s.sentence+1)
			if ex, err := session.ExcerptBetween(c.Body, from, to); err == nil {
				out = append(out, wrapLines(st.Subtle.Render(s.C.Cat.T("share.excerpt_preview", "”"+strings.ReplaceAll(ex, "\n", " ")+"”")), width, 2)...)
			}
		}
	}
	switch {
	case s.err != "":
		out = append(out, wrapLines(st.Error.Render("✗ "+s.err), width, 0)...)
	case s.busy:
		out = append(out, st.Subtle.Render(s.C.Cat.T("app.loading")))
	}
	return out
}

// quoteLines is the list of reflections to quote, and the line of the
// one under the cursor.
func (s *shareScreen) quoteLines() ([]string, int) {
	st, cat, width := s.C.Styles, s.C.Cat, s.Width()
	out := append([]string{st.Accent.Bold(true).Render(truncate(cat.T("share.pick_quotes"), width))},
		wrapLines(st.Subtle.Render(cat.T("share.pick_hint")), width, 0)...)
	if len(s.cands) == 0 {
		return append(out, st.Subtle.Render("  "+cat.T("share.no_candidates"))), 0
	}
	focus := 0
	for i, c := range s.cands {
		box := "[ ]"
		p, picked := s.picks[c.ID]
		switch {
		case picked && p.from > 0:
			box = "[“]"
		case picked:
			box = "[x]"
		}
		line := fmt.Sprintf("%s %s — %s · %s", box, format.FirstLine(c.Body), c.AuthorName, format.ShareDate(cat, c.CreatedAt))
		if i == s.cursor {
			focus = len(out)
			out = append(out, st.Focused.Render(truncate("› "+line, width)))
			if picked && p.from > 0 {
				ex, _ := session.ExcerptBetween(c.Body, p.from, p.to)
				out = append(out, wrapLines(st.Subtle.Render(cat.T("share.excerpt_chosen", p.from, p.to, "”"+strings.ReplaceAll(ex, "\n", " ")+"”")), width, 6)...)
			}
			continue
		}
		out = append(out, truncate("  "+line, width))
	}
	return out, focus
}

// excerptLines is the reflection's sentences, numbered and wrapped, with
// the marked ones barred, and the line of the one under the cursor.
func (s *shareScreen) excerptLines() ([]string, int) {
	st, cat, width := s.C.Styles, s.C.Cat, s.Width()
	c := s.cands[s.cursor]
	out := []string{st.Accent.Bold(true).Render(truncate(cat.T("share.mark_title", c.AuthorName, format.ShareDate(cat, c.CreatedAt)), width))}
	if s.start == 0 {
		out = append(out, wrapLines(st.Subtle.Render(cat.T("share.mark_start")), width, 0)...)
	} else {
		out = append(out, wrapLines(st.Subtle.Render(cat.T("share.mark_end", s.start)), width, 0)...)
	}
	focus := 0
	for i, sen := range c.Sentences {
		n := i + 1
		mark := "  "
		if s.start > 0 && n >= min(s.start, s.sentence+1) && n <= max(s.start, s.sentence+1) {
			mark = "▌ "
		}
		cursor := " "
		if i == s.sentence {
			cursor, focus = "›", len(out)
		}
		// Sentences wrap under their text, so that all of it can be read.
		lines := wrapLines(strings.ReplaceAll(sen, "\n", " "), width, 7)
		lines[0] = fmt.Sprintf("%s%s%2d. %s", cursor, mark, n, strings.TrimLeft(lines[0], " "))
		for j := range lines {
			if j > 0 {
				lines[j] = " " + mark + lines[j][min(3, len(lines[j])):]
			}
			if i == s.sentence {
				lines[j] = st.Focused.Render(lines[j])
			}
		}
		out = append(out, lines...)
	}
	return out, focus
}
