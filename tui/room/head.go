package room

import (
	"github.com/charmbracelet/x/ansi"
)

// roomHead is the header: the meeting and who drives on the first line,
// cut to width with the meeting's title giving way first, and the call
// link beside them when it fits whole, else on a line of its own, since
// people copy it from here. The link is an OSC 8 hyperlink, so that it
// opens with a click where the terminal lets it.
func (r *Screen) roomHead(width int) []string {
	st, cat, cut := r.st, r.C.Cat, r.paints().truncate
	tail := "  ● " + cat.T("meeting.state.live") + " · " + r.driverText(cat)
	avail := max(width-2, 0) // the header's padding
	title := st.GroupName + " · " + st.Title
	rest := avail - ansi.StringWidth(tail)
	if st.Link == "" {
		return []string{cut(cut(title, max(rest, 1))+tail, avail)}
	}
	const icon = "🔗 "
	link := func(text string) string { return icon + ansi.SetHyperlink(st.Link) + text + ansi.ResetHyperlink() }
	// Beside the title when the title keeps at least what it needs up
	// to 20 columns.
	if tw := rest - 2 - ansi.StringWidth(icon) - ansi.StringWidth(st.Link); tw >= min(ansi.StringWidth(title), 20) {
		return []string{cut(title, tw) + tail + "  " + link(st.Link)}
	}
	return []string{
		cut(cut(title, max(rest, 1))+tail, avail),
		link(cut(st.Link, max(avail-ansi.StringWidth(icon), 8))),
	}
}
