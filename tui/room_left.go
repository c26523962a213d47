package tui

// What stayed in package tui when the live room moved to tui/room: the
// meeting screen's link line.

import (
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/tui/i18n"
)

// linkLine shows a meeting's call link, cut to width but clickable whole
// (OSC 8) where the terminal allows.
func linkLine(cat i18n.Catalog, link string, width int) string {
	text := truncate(cat.T("meeting.link", link), width)
	return ansi.SetHyperlink(link) + text + ansi.ResetHyperlink()
}
