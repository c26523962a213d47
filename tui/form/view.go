package form

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/tui/style"
)

// ScaleLine draws a scale's options: the chosen one bracketed, or a hint
// when nothing is chosen yet and it fits in avail columns.
func ScaleLine(s style.Styles, fl *Field, unsetHint string, avail int) string {
	var opts []string
	for j, l := range fl.Labels {
		if j == fl.Chosen {
			opts = append(opts, s.Focused.Render("["+l+"]"))
		} else {
			opts = append(opts, " "+l+" ")
		}
	}
	line := " " + strings.Join(opts, "")
	if fl.Chosen < 0 && unsetHint != "" && lipgloss.Width(line)+2+lipgloss.Width(unsetHint) <= avail {
		line += "  " + s.Subtle.Render(unsetHint)
	}
	return line
}

// SetSize gives the form the room it has: width for its lines, and
// height for RenderFit (0: as tall as it is). It lays the inputs out, so
// that Render only reads.
func (f *Form) SetSize(width, height int) {
	f.width, f.height = width, height
	_, inputW := f.columns(width)
	for _, fl := range f.Fields {
		switch fl.Kind {
		case KindText:
			fl.Input.SetWidth(inputW)
		case KindArea:
			fl.Editor.SetWidth(max(width-6, 10))
		}
	}
}

// relayout lays out a field added after SetSize.
func (f *Form) relayout() {
	if f.width > 0 {
		f.SetSize(f.width, f.height)
	}
}

// Size is what SetSize gave the form.
func (f *Form) Size() (width, height int) { return f.width, f.height }

// columns is the width of the label column and of a text input.
func (f *Form) columns(width int) (labelW, inputW int) {
	for _, fl := range f.Fields {
		if fl.Kind != KindArea {
			labelW = max(labelW, lipgloss.Width(fl.Label))
		}
	}
	labelW = min(labelW+2, max(width/2, 24))
	return labelW, max(width-labelW-6, 10)
}

// Render draws the form at the width SetSize gave it. It changes nothing.
func (f *Form) Render(s style.Styles) string {
	out, _ := f.render(s, f.width)
	return out
}

// RenderFit draws the form within the size SetSize gave it: when it is
// taller (a phone, a small window), it shows the part around the focused
// field, or the end while a question or an error is open, with arrows
// where more is. It changes nothing.
func (f *Form) RenderFit(s style.Styles) string {
	height := f.height
	out, focus := f.render(s, f.width)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if height < 3 || len(lines) <= height {
		return out
	}
	// Scroll only as far as the focused field (and a line after it) needs:
	// the intro, who sees what, stays in view as long as it can.
	start := min(max(focus+3-height, 0), len(lines)-height)
	if f.Asking != "" || f.Err != "" {
		start = len(lines) - height
	}
	win := append([]string(nil), lines[start:start+height]...)
	if start > 0 {
		win[0] = s.Subtle.Render("  ↑ …")
	}
	if start+height < len(lines) {
		win[height-1] = s.Subtle.Render("  ↓ …")
	}
	return strings.Join(win, "\n") + "\n"
}

// render draws the form and says on which line the focused field starts.
func (f *Form) render(s style.Styles, width int) (string, int) {
	focusLine := 0
	var b strings.Builder
	if f.Title != "" {
		// Wrapped: a title is often the instruction (a scale, a question).
		b.WriteString(s.Title.Width(width).Render(f.Title) + "\n\n")
	}
	if f.Intro != "" {
		b.WriteString(lipgloss.NewStyle().Width(width).Render(s.Subtle.Render(f.Intro)) + "\n\n")
	}
	labelW, _ := f.columns(width)
	for i, fl := range f.Fields {
		marker, label := "  ", s.Subtle
		if i == f.Focus {
			marker, label = s.Focused.Render("› "), s.Focused
			focusLine = strings.Count(b.String(), "\n")
		}
		switch fl.Kind {
		case KindText:
			b.WriteString(marker + label.Width(labelW).Render(style.Truncate(fl.Label, labelW-1)) + fl.Input.View() + "\n")
		case KindChoice:
			var opts []string
			for j, l := range fl.Labels {
				if j == fl.Chosen {
					opts = append(opts, s.Focused.Render("(•) "+l))
				} else if !fl.Compact {
					opts = append(opts, "( ) "+l)
				}
			}
			line := strings.Join(opts, "  ")
			if fl.Compact {
				line = "‹ " + line + " ›"
			}
			if fl.Long && lipgloss.Width(fl.Label) > labelW-1 {
				wrapped := lipgloss.NewStyle().Width(max(width-4, 10)).Render(fl.Label)
				b.WriteString(marker + label.Render(strings.ReplaceAll(wrapped, "\n", "\n  ")) + "\n")
				b.WriteString(strings.Repeat(" ", labelW+2) + line + "\n")
			} else {
				b.WriteString(marker + label.Width(labelW).Render(style.Truncate(fl.Label, labelW-1)) + line + "\n")
			}
		case KindScale:
			// The statement wraps in its column, whole; the options beside it.
			lbl := label.Width(labelW).PaddingRight(1).Render(fl.Label)
			b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, marker, lbl, ScaleLine(s, fl, fl.Hint, width-2-lipgloss.Width(lbl))) + "\n")
			if fl.Anchors != "" && i == f.Focus {
				// Under the options, or as far right as it fits.
				pad := min(labelW+3, max(width-lipgloss.Width(fl.Anchors), 2))
				b.WriteString(lipgloss.NewStyle().PaddingLeft(pad).Width(width).Render(s.Subtle.Render(fl.Anchors)) + "\n")
			}
			continue
		case KindArea:
			b.WriteString(marker + label.Render(fl.Label) + "\n")
			b.WriteString(lipgloss.NewStyle().PaddingLeft(2).Render(fl.Editor.View()) + "\n")
		}
		if fl.Hint != "" && i == f.Focus {
			b.WriteString(lipgloss.NewStyle().PaddingLeft(labelW+2).Width(width).Render(s.Subtle.Render(fl.Hint)) + "\n")
		}
	}
	if f.Asking != "" {
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(s.Error.Render("? "+f.Asking)) + "\n")
	}
	if f.Err != "" {
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(s.Error.Render("✗ "+f.Err)) + "\n")
	}
	return b.String(), focusLine
}
