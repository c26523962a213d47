package room

import (
	"strings"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/style"
)

// writerLines put the reflection editor under the item's head, with the
// privacy note whole: a writer must see who will read the text.
func (r *Screen) writerLines(lines []string, inner, rows int) []string {
	lines = r.writerHead(lines, inner)
	// The editor takes what is left, at least two lines (layout sized
	// it); the head above gives way first when the pane is short.
	lines = append(lines, strings.Split(r.writer.Area.View(), "\n")...)
	lines = append(lines, r.writerStatus(inner)...)
	if len(lines) > rows {
		lines = lines[len(lines)-rows:]
	}
	return lines
}

// writerHead is what the reflection pane shows above the editor.
func (r *Screen) writerHead(lines []string, inner int) []string {
	s, cat := r.paints(), r.C.Cat
	wrap := r.wrapper(inner)
	head := "✎ " + cat.T("write.your_reflection", r.writerItem.Title)
	lines = append(lines, s.Accent.Render(style.Truncate(head, inner)))
	if r.writerItem.Kind == session.KindWriting {
		note := cat.T("write.kept_private")
		switch {
		case r.reveal && r.writerItem.Anonymous:
			note = cat.T("write.revealed_anonymously")
		case r.reveal:
			note = cat.T("write.revealed_with_name")
		}
		lines = append(lines, wrap(s.Subtle.Render(note+" (ctrl+r)"))...)
	}
	return lines
}

// writerStatus is the count and the draft's state (or why it was not
// saved), wrapped: on a phone's narrow pane they were cut at
// "✓ luonnos…".
func (r *Screen) writerStatus(inner int) []string {
	return r.wrapper(inner)(r.paints().Subtle.Render(r.writer.Status(r.C)))
}
