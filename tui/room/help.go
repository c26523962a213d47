package room

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/style"
)

// helpFits reports whether the key list fits in the item pane.
func (r *Screen) helpFits(w, h int) bool {
	short, more := r.momentKeys(r.keymapFor(browsing))
	legend := len(r.wrapper(w - 2)(r.C.Cat.T("room.leader_legend")))
	return len(component.Keys(short, more...).Full[0])+legend <= paneRows(h)
}

// helpLines list the room's keys, each once, and what ★ means.
func (r *Screen) helpLines(w, rows int) []string {
	s, cat := r.paints(), r.C.Cat
	short, more := r.momentKeys(r.keymapFor(browsing))
	all := component.Keys(short, more...).Full[0]
	keyW := 0
	for _, b := range all {
		keyW = max(keyW, ansi.StringWidth(b.Help().Key))
	}
	var lines []string
	for _, b := range all {
		k := b.Help().Key
		lines = append(lines, s.Focused.Render(k+strings.Repeat(" ", keyW-ansi.StringWidth(k)))+"  "+b.Help().Desc)
	}
	// Two columns when one does not fit and there is room for two.
	if len(lines) > rows-1 && w >= 2*(keyW+18) {
		half := (len(lines) + 1) / 2
		colW := w / 2
		var two []string
		for i := range half {
			l := style.Truncate(lines[i], colW-1)
			l += strings.Repeat(" ", max(colW-ansi.StringWidth(l), 0))
			if i+half < len(lines) {
				l += lines[i+half]
			}
			two = append(two, l)
		}
		lines = two
	}
	legend := r.wrapper(w)(s.Subtle.Render(cat.T("room.leader_legend")))
	if len(lines)+len(legend) > rows {
		lines = lines[:max(rows-len(legend), 0)]
	}
	lines = append(lines, legend...)
	return append(lines, "")
}
