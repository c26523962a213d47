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
}

type fieldKind int

const (
	fieldText fieldKind = iota
	fieldChoice
	fieldArea
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
	compact bool // show only the chosen option with arrows
	long    bool // a statement: its label wraps on lines of its own, never cut
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
	if key, ok := msg.(tea.KeyPressMsg); ok {
		switch key.String() {
		case "esc":
			return formCancel, nil
		case "ctrl+s":
			return formSubmit, nil
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
					return formSubmit, nil
				}
				return formContinue, f.move(1)
			}
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

// view draws the form within width.
func (f *form) view(s Styles, width int) string {
	var b strings.Builder
	if f.title != "" {
		// Wrapped: a title is often the instruction (a scale, a question).
		b.WriteString(s.Title.Width(width).Render(f.title) + "\n\n")
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
		case fieldArea:
			fl.area.SetWidth(max(width-6, 10))
			b.WriteString(marker + label.Render(fl.label) + "\n")
			b.WriteString(lipgloss.NewStyle().PaddingLeft(2).Render(fl.area.View()) + "\n")
		}
		if fl.hint != "" && i == f.focus {
			b.WriteString(lipgloss.NewStyle().PaddingLeft(labelW+2).Width(width).Render(s.Subtle.Render(fl.hint)) + "\n")
		}
	}
	if f.err != "" {
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(s.Error.Render("✗ "+f.err)) + "\n")
	}
	return b.String()
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
