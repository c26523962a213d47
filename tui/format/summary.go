package format

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// SummaryMarkdown renders a meeting's summary as Markdown in the reader's
// language. Text people typed is already sanitised; it is quoted so that
// it cannot turn into Markdown structure.
func SummaryMarkdown(cat i18n.Catalog, sum *session.Summary, loc *time.Location) string {
	st := sum.State
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — %s\n\n", MarkdownText(st.GroupName), MarkdownText(st.Title))
	fmt.Fprintf(&b, "%s: %s\n\n", cat.T("summary.held"), cat.Span(st.Started, sum.Ended, loc))
	if st.Link != "" {
		fmt.Fprintf(&b, "%s: <%s>\n\n", cat.T("summary.link"), st.Link)
	}

	fmt.Fprintf(&b, "## %s\n\n| # | %s | %s | %s | %s |\n|---|---|---|---|---|\n",
		cat.T("summary.agenda"), cat.T("summary.item"), cat.T("summary.kind"), cat.T("summary.planned"), cat.T("summary.actual"))
	for i, it := range st.Items {
		actual := "–"
		if d, ok := sum.Actual[it.ID]; ok {
			actual = fmt.Sprintf("%d min", int(d.Round(time.Minute).Minutes()))
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %d min | %s |\n", i+1, MarkdownCell(it.Title), cat.T("kind."+string(it.Kind)), it.Minutes, actual)
	}

	fmt.Fprintf(&b, "\n## %s (%d)\n\n", cat.T("summary.attendance"), len(sum.Attended))
	names := make([]string, 0, len(sum.Attended))
	for _, p := range sum.Attended {
		names = append(names, MarkdownText(p.Name)+" ("+cat.T("grouprole."+string(p.Role))+")")
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "- %s\n", n)
	}

	fmt.Fprintf(&b, "\n## %s (%d)\n\n", cat.T("summary.rounds"), len(st.Rounds))
	for _, r := range st.Rounds {
		fmt.Fprintf(&b, "- %s: %s\n", MarkdownText(itemTitle(st, r.ItemID)), roundLine(cat, r))
	}

	fmt.Fprintf(&b, "\n## %s (%d)\n\n", cat.T("summary.discussion"), len(sum.Messages))
	var lastItem int64 = -1
	for _, msg := range sum.Messages {
		if msg.ItemID != lastItem {
			fmt.Fprintf(&b, "\n### %s\n\n", MarkdownText(itemTitle(st, msg.ItemID)))
			lastItem = msg.ItemID
		}
		fmt.Fprintf(&b, "- **%s** (%s): %s\n", MarkdownText(msg.Name), cat.Clock(msg.At, loc), MarkdownText(strings.ReplaceAll(msg.Text, "\n", " ")))
	}

	fmt.Fprintf(&b, "\n## %s\n\n", cat.T("summary.tasks"))
	if len(sum.Tasks) == 0 {
		fmt.Fprintf(&b, "%s\n", cat.T("summary.no_tasks"))
	}
	for _, t := range sum.Tasks {
		fmt.Fprintf(&b, "- %s", MarkdownText(t.Title))
		if t.DueNumber > 0 {
			fmt.Fprintf(&b, " (%s)", cat.T("group.task_due_meeting", t.DueNumber))
		}
		if t.Description != "" {
			fmt.Fprintf(&b, ": %s", MarkdownText(strings.ReplaceAll(t.Description, "\n", " ")))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// roundLine says how a round went: who spoke, passed, was skipped.
func roundLine(cat i18n.Catalog, r session.RoundRecord) string {
	parts := []string{cat.N("summary.spoke", r.Speakers), cat.N("summary.passed", r.Passed)}
	if r.Skipped > 0 {
		parts = append(parts, cat.N("summary.skipped", r.Skipped))
	}
	return strings.Join(parts, ", ")
}

func itemTitle(st *session.RoomState, id int64) string {
	for _, it := range st.Items {
		if it.ID == id {
			return it.Title
		}
	}
	return "–"
}
