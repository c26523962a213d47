package tui

import (
	"strings"

	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/tui/i18n"
)

// form is the one editor every screen uses: text fields, choices and
// multi-line areas, with tab between fields, enter to go on (or submit on
// the last field), ctrl+s to submit from anywhere and esc to cancel.
type form struct {
	title   string
	fields  []*formField
	focus   int
	err     string
	busy    bool
	onEnter bool // enter on the last field submits
	// intro is said before the fields: for the evaluation forms, who will
	// see what. It wraps.
	intro string
	// ask, if set, returns a question to put before submitting (e.g. a
	// statement left unrated); "" submits at once. asking is the open one:
	// y submits, any other key goes back to the form.
	ask    func() string
	asking string
}

type fieldKind int

const (
	fieldText fieldKind = iota
	fieldChoice
	fieldArea
	fieldScale // 1–5, unset until chosen
)

type formField struct {
	label   string
	kind    fieldKind
	input   textinput.Model
	area    textarea.Model
	values  []string // choice values
	labels  []string // choice labels, shown
	choice  int
	hint    string
	compact bool   // show only the chosen option with arrows
	long    bool   // a statement: its label wraps on lines of its own, never cut
	anchors string // a scale's ends, shown under it while it has the focus
}

// scale adds a 1–5 field with nothing chosen: no answer is preset. Its
// label wraps within the label column instead of being cut.
func (f *form) scale(label string) *formField {
	values := []string{"1", "2", "3", "4", "5"}
	fl := &formField{label: label, kind: fieldScale, values: values, labels: values, choice: -1}
	f.fields = append(f.fields, fl)
	return fl
}

// unset counts the scale fields left without a choice.
func (f *form) unset() int {
	n := 0
	for _, fl := range f.fields {
		if fl.kind == fieldScale && fl.choice < 0 {
			n++
		}
	}
	return n
}

// scaleKey chooses on a scale: a number key picks, ←/→ step (from
// nothing chosen, → starts at 1 and ← at 5), backspace clears.
func (fl *formField) scaleKey(k string) bool {
	n := len(fl.values)
	switch k {
	case "left", "h":
		if fl.choice < 0 {
			fl.choice = n - 1
		} else {
			fl.choice = max(fl.choice-1, 0)
		}
	case "right", "l", "space":
		fl.choice = min(fl.choice+1, n-1)
	case "backspace", "delete", "0":
		fl.choice = -1
	default:
		for i, v := range fl.values {
			if k == v {
				fl.choice = i
				return true
			}
		}
		return false
	}
	return true
}

// formResult tells the screen what the form did with a key.
type formResult int

const (
	formContinue formResult = iota
	formSubmit
	formCancel
)

func newForm(title string) *form { return &form{title: title, onEnter: true} }

func (f *form) text(label, value string, limit int) *formField {
	in := textinput.New()
	in.CharLimit = limit
	in.SetValue(value)
	fl := &formField{label: label, kind: fieldText, input: in}
	f.fields = append(f.fields, fl)
	f.refocus()
	return fl
}

func (f *form) area(label, value string, limit, height int) *formField {
	ta := textarea.New()
	ta.CharLimit = limit
	ta.MaxHeight = 0 // no line cap: a pasted text may have many lines
	ta.ShowLineNumbers = false
	ta.SetHeight(height)
	ta.SetValue(value)
	fl := &formField{label: label, kind: fieldArea, area: ta}
	f.fields = append(f.fields, fl)
	f.refocus()
	return fl
}

func (f *form) choice(label string, values, labels []string, selected string) *formField {
	fl := &formField{label: label, kind: fieldChoice, values: values, labels: labels}
	for i, v := range values {
		if v == selected {
			fl.choice = i
		}
	}
	f.fields = append(f.fields, fl)
	return fl
}

// value returns field i's current value.
func (f *form) value(i int) string {
	fl := f.fields[i]
	switch fl.kind {
	case fieldChoice:
		return fl.values[fl.choice]
	case fieldScale:
		if fl.choice < 0 {
			return "0" // not chosen
		}
		return fl.values[fl.choice]
	case fieldArea:
		return fl.area.Value()
	}
	return fl.input.Value()
}

func (f *form) refocus() tea.Cmd {
	var cmd tea.Cmd
	for i, fl := range f.fields {
		switch fl.kind {
		case fieldText:
			if i == f.focus {
				cmd = fl.input.Focus()
			} else {
				fl.input.Blur()
			}
		case fieldArea:
			if i == f.focus {
				cmd = fl.area.Focus()
			} else {
				fl.area.Blur()
			}
		}
	}
	return cmd
}

func (f *form) move(delta int) tea.Cmd {
	f.focus = (f.focus + delta + len(f.fields)) % len(f.fields)
	return f.refocus()
}

// update handles a message; it reports a submit or cancel.
func (f *form) update(msg tea.Msg) (formResult, tea.Cmd) {
	if f.busy {
		return formContinue, nil
	}
	cur := f.fields[f.focus]
	if key, ok := msg.(tea.KeyPressMsg); ok && f.asking != "" {
		f.asking = ""
		if key.String() == "y" {
			return formSubmit, nil
		}
		return formContinue, nil
	}
	if key, ok := msg.(tea.KeyPressMsg); ok {
		switch key.String() {
		case "esc":
			return formCancel, nil
		case "ctrl+s":
			return f.submit(), nil
		case "tab":
			return formContinue, f.move(1)
		case "shift+tab":
			return formContinue, f.move(-1)
		case "down":
			if cur.kind != fieldArea {
				return formContinue, f.move(1)
			}
		case "up":
			if cur.kind != fieldArea {
				return formContinue, f.move(-1)
			}
		case "enter":
			if cur.kind != fieldArea {
				if f.focus == len(f.fields)-1 && f.onEnter {
					return f.submit(), nil
				}
				return formContinue, f.move(1)
			}
		}
		if cur.kind == fieldScale {
			cur.scaleKey(key.String())
			return formContinue, nil
		}
		if cur.kind == fieldChoice {
			switch key.String() {
			case "left", "h":
				cur.choice = (cur.choice - 1 + len(cur.values)) % len(cur.values)
			case "right", "l", "space":
				cur.choice = (cur.choice + 1) % len(cur.values)
			}
			return formContinue, nil
		}
	}
	var cmd tea.Cmd
	switch cur.kind {
	case fieldText:
		cur.input, cmd = cur.input.Update(msg)
	case fieldArea:
		cur.area, cmd = cur.area.Update(msg)
	}
	return formContinue, cmd
}

// submit submits, or first opens the form's question if it has one.
func (f *form) submit() formResult {
	if f.ask != nil {
		if q := f.ask(); q != "" {
			f.asking, f.err = q, ""
			return formContinue
		}
	}
	return formSubmit
}

// scaleLine draws a scale's options: the chosen one bracketed, or a hint
// when nothing is chosen yet and it fits in avail columns.
func scaleLine(s Styles, fl *formField, unsetHint string, avail int) string {
	var opts []string
	for j, l := range fl.labels {
		if j == fl.choice {
			opts = append(opts, s.Focused.Render("["+l+"]"))
		} else {
			opts = append(opts, " "+l+" ")
		}
	}
	line := " " + strings.Join(opts, "")
	if fl.choice < 0 && unsetHint != "" && lipgloss.Width(line)+2+lipgloss.Width(unsetHint) <= avail {
		line += "  " + s.Subtle.Render(unsetHint)
	}
	return line
}

// view draws the form within width.
func (f *form) view(s Styles, width int) string {
	out, _ := f.render(s, width)
	return out
}

// viewFit draws the form within width and height: when it is taller (a
// phone, a small window), it shows the part around the focused field, or
// the end while a question or an error is open, with arrows where more is.
func (f *form) viewFit(s Styles, width, height int) string {
	out, focus := f.render(s, width)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if height < 3 || len(lines) <= height {
		return out
	}
	// Scroll only as far as the focused field (and a line after it) needs:
	// the intro, who sees what, stays in view as long as it can.
	start := min(max(focus+3-height, 0), len(lines)-height)
	if f.asking != "" || f.err != "" {
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
func (f *form) render(s Styles, width int) (string, int) {
	focusLine := 0
	var b strings.Builder
	if f.title != "" {
		// Wrapped: a title is often the instruction (a scale, a question).
		b.WriteString(s.Title.Width(width).Render(f.title) + "\n\n")
	}
	if f.intro != "" {
		b.WriteString(lipgloss.NewStyle().Width(width).Render(s.Subtle.Render(f.intro)) + "\n\n")
	}
	labelW := 0
	for _, fl := range f.fields {
		if fl.kind != fieldArea {
			labelW = max(labelW, lipgloss.Width(fl.label))
		}
	}
	labelW = min(labelW+2, max(width/2, 24))
	inputW := max(width-labelW-6, 10)
	for i, fl := range f.fields {
		marker, label := "  ", s.Subtle
		if i == f.focus {
			marker, label = s.Focused.Render("› "), s.Focused
			focusLine = strings.Count(b.String(), "\n")
		}
		switch fl.kind {
		case fieldText:
			fl.input.SetWidth(inputW)
			b.WriteString(marker + label.Width(labelW).Render(truncate(fl.label, labelW-1)) + fl.input.View() + "\n")
		case fieldChoice:
			var opts []string
			for j, l := range fl.labels {
				if j == fl.choice {
					opts = append(opts, s.Focused.Render("(•) "+l))
				} else if !fl.compact {
					opts = append(opts, "( ) "+l)
				}
			}
			line := strings.Join(opts, "  ")
			if fl.compact {
				line = "‹ " + line + " ›"
			}
			if fl.long && lipgloss.Width(fl.label) > labelW-1 {
				wrapped := lipgloss.NewStyle().Width(max(width-4, 10)).Render(fl.label)
				b.WriteString(marker + label.Render(strings.ReplaceAll(wrapped, "\n", "\n  ")) + "\n")
				b.WriteString(strings.Repeat(" ", labelW+2) + line + "\n")
			} else {
				b.WriteString(marker + label.Width(labelW).Render(truncate(fl.label, labelW-1)) + line + "\n")
			}
		case fieldScale:
			// The statement wraps in its column, whole; the options beside it.
			lbl := label.Width(labelW).PaddingRight(1).Render(fl.label)
			b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, marker, lbl, scaleLine(s, fl, fl.hint, width-2-lipgloss.Width(lbl))) + "\n")
			if fl.anchors != "" && i == f.focus {
				// Under the options, or as far right as it fits.
				pad := min(labelW+3, max(width-lipgloss.Width(fl.anchors), 2))
				b.WriteString(lipgloss.NewStyle().PaddingLeft(pad).Width(width).Render(s.Subtle.Render(fl.anchors)) + "\n")
			}
			continue
		case fieldArea:
			fl.area.SetWidth(max(width-6, 10))
			b.WriteString(marker + label.Render(fl.label) + "\n")
			b.WriteString(lipgloss.NewStyle().PaddingLeft(2).Render(fl.area.View()) + "\n")
		}
		if fl.hint != "" && i == f.focus {
			b.WriteString(lipgloss.NewStyle().PaddingLeft(labelW+2).Width(width).Render(s.Subtle.Render(fl.hint)) + "\n")
		}
	}
	if f.asking != "" {
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(s.Error.Render("? "+f.asking)) + "\n")
	}
	if f.err != "" {
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(s.Error.Render("✗ "+f.err)) + "\n")
	}
	return b.String(), focusLine
}

// overlay gives a message to an open yes/no question or form, which take
// every message while they are open; ok reports whether one was.
func overlay(cat i18n.Catalog, msg tea.Msg, confirm **confirmation, f **form, submit func() tea.Cmd) (cmd tea.Cmd, ok bool) {
	switch {
	case *confirm != nil:
		if k, isKey := msg.(tea.KeyPressMsg); isKey {
			c := *confirm
			*confirm = nil
			if isYes(cat, k.String()) {
				return c.yes(), true
			}
		}
		return nil, true
	case *f != nil:
		res, cmd := (*f).update(msg)
		switch res {
		case formCancel:
			*f = nil
		case formSubmit:
			(*f).busy, (*f).err = true, ""
			return submit(), true
		}
		return cmd, true
	}
	return nil, false
}
