package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
)

// helpBar is the last help bar drawn, by what it was drawn from: the bar
// is asked for twice a message (layout, view), for everyone in a live
// room on every change, and it is mostly the same. A memo: the bar drawn
// is the same without it.
type helpBar struct{ key, view string }

// barKey is what a help bar is drawn from: the width, the styles and each
// key's label, text and whether it is on.
func barKey(width int, dark bool, short []key.Binding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %t", width, dark)
	for _, k := range short {
		h := k.Help()
		fmt.Fprintf(&b, "\x1f%s\x1e%s\x1e%t", h.Key, h.Desc, k.Enabled())
	}
	return b.String()
}
