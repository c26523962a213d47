package style

import (
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Styles are built per session: the colours depend on the client's
// background (reported by its own terminal, never the server's). Nothing
// relies on colour alone: focus, errors and success also carry a marker.
type Styles struct {
	Title    lipgloss.Style
	Subtle   lipgloss.Style
	Accent   lipgloss.Style
	Error    lipgloss.Style
	OK       lipgloss.Style
	Label    lipgloss.Style
	Focused  lipgloss.Style
	Box      lipgloss.Style
	Header   lipgloss.Style
	HelpText lipgloss.Style
	// The room's panes draw their borders themselves (see pane): the
	// border's style and its side, rendered once per session rather than
	// for every pane of every redraw.
	BoxEdge lipgloss.Style
	BoxSide string
}

// New returns the styles for a dark or light background.
func New(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#1F6F8B"), lipgloss.Color("#7FD1E8"))
	subtle := ld(lipgloss.Color("#5F5F5F"), lipgloss.Color("#A8A8A8"))
	errc := ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF7A85"))
	okc := ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#7EE2A0"))
	edge := lipgloss.NewStyle().Foreground(subtle)
	return Styles{
		BoxEdge:  edge,
		BoxSide:  edge.Render("│"),
		Title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		Subtle:   lipgloss.NewStyle().Foreground(subtle),
		Accent:   lipgloss.NewStyle().Foreground(accent),
		Error:    lipgloss.NewStyle().Bold(true).Foreground(errc),
		OK:       lipgloss.NewStyle().Bold(true).Foreground(okc),
		Label:    lipgloss.NewStyle().Width(16),
		Focused:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		Box:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(subtle).Padding(0, 1),
		Header:   lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1),
		HelpText: lipgloss.NewStyle().Foreground(subtle),
	}
}

// Truncate cuts s to width display columns, ending in "…" when cut.
func Truncate(s string, width int) string {
	return ansi.Truncate(s, max(width, 0), "…")
}
