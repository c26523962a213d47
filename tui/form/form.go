package form

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// Form is the one editor every screen uses: text fields, choices and
// multi-line areas, with tab between fields, enter to go on (or submit on
// the last field), ctrl+s to submit from anywhere and esc to cancel.
type Form struct {
	Title   string
	Fields  []*Field
	Focus   int
	Err     string
	Busy    bool
	OnEnter bool // enter on the last field submits
	// Intro is said before the fields: for the evaluation forms, who will
	// see what. It wraps.
	Intro string
	// Ask, if set, returns a question to put before submitting (e.g. a
	// statement left unrated); "" submits at once. Asking is the open one:
	// the yes key (Yes) submits, any other key goes back to the form.
	Ask    func() string
	Asking string
	// Yes is the key that answers Asking with yes: the catalog's
	// key.yes_key ("k" in Finnish, "y" in English). Empty is "y".
	Yes string

	// The size SetSize gave the form; Render draws at it.
	width, height int
	km            *KeyMap // the keys Update matches, made once
}

type FieldKind int

const (
	KindText FieldKind = iota
	KindChoice
	KindArea
	KindScale // 1–5, unset until chosen
)

type Field struct {
	Label   string
	Kind    FieldKind
	Input   textinput.Model
	Editor  textarea.Model
	Values  []string // choice values
	Labels  []string // choice labels, shown
	Chosen  int
	Hint    string
	Compact bool   // show only the chosen option with arrows
	Long    bool   // a statement: its label wraps on lines of its own, never cut
	Anchors string // a scale's ends, shown under it while it has the focus
}

// Scale adds a 1–5 field with nothing chosen: no answer is preset. Its
// label wraps within the label column instead of being cut.
func (f *Form) Scale(label string) *Field {
	values := []string{"1", "2", "3", "4", "5"}
	fl := &Field{Label: label, Kind: KindScale, Values: values, Labels: values, Chosen: -1}
	f.Fields = append(f.Fields, fl)
	f.relayout()
	return fl
}

// Unset counts the scale fields left without a choice.
func (f *Form) Unset() int {
	n := 0
	for _, fl := range f.Fields {
		if fl.Kind == KindScale && fl.Chosen < 0 {
			n++
		}
	}
	return n
}

// ScaleKey chooses on a scale: a number key picks, ←/→ step (from
// nothing chosen, → starts at 1 and ← at 5), backspace clears.
func (fl *Field) ScaleKey(k string) bool {
	n := len(fl.Values)
	switch k {
	case "left", "h":
		if fl.Chosen < 0 {
			fl.Chosen = n - 1
		} else {
			fl.Chosen = max(fl.Chosen-1, 0)
		}
	case "right", "l", "space":
		fl.Chosen = min(fl.Chosen+1, n-1)
	case "backspace", "delete", "0":
		fl.Chosen = -1
	default:
		for i, v := range fl.Values {
			if k == v {
				fl.Chosen = i
				return true
			}
		}
		return false
	}
	return true
}

// Step moves a choice by a key of Choose: ← and h back, → l and space on.
func (fl *Field) Step(k string) {
	switch k {
	case "left", "h":
		fl.Chosen = (fl.Chosen - 1 + len(fl.Values)) % len(fl.Values)
	case "right", "l", "space":
		fl.Chosen = (fl.Chosen + 1) % len(fl.Values)
	}
}

// Result tells the screen what the form did with a key.
type Result int

const (
	Continue Result = iota
	Submit
	Cancel
)

func New(title string) *Form { return &Form{Title: title, OnEnter: true} }

func (f *Form) Text(label, value string, limit int) *Field {
	in := textinput.New()
	in.CharLimit = limit
	in.SetValue(value)
	fl := &Field{Label: label, Kind: KindText, Input: in}
	f.Fields = append(f.Fields, fl)
	f.relayout()
	f.Refocus()
	return fl
}

func (f *Form) Area(label, value string, limit, height int) *Field {
	ta := textarea.New()
	ta.CharLimit = limit
	ta.MaxHeight = 0 // no line cap: a pasted text may have many lines
	ta.ShowLineNumbers = false
	ta.SetHeight(height)
	ta.SetValue(value)
	fl := &Field{Label: label, Kind: KindArea, Editor: ta}
	f.Fields = append(f.Fields, fl)
	f.relayout()
	f.Refocus()
	return fl
}

func (f *Form) Choice(label string, values, labels []string, selected string) *Field {
	fl := &Field{Label: label, Kind: KindChoice, Values: values, Labels: labels}
	for i, v := range values {
		if v == selected {
			fl.Chosen = i
		}
	}
	f.Fields = append(f.Fields, fl)
	f.relayout()
	return fl
}

// Value returns field i's current Value.
func (f *Form) Value(i int) string {
	fl := f.Fields[i]
	switch fl.Kind {
	case KindChoice:
		return fl.Values[fl.Chosen]
	case KindScale:
		if fl.Chosen < 0 {
			return "0" // not chosen
		}
		return fl.Values[fl.Chosen]
	case KindArea:
		return fl.Editor.Value()
	}
	return fl.Input.Value()
}

func (f *Form) Refocus() tea.Cmd {
	var cmd tea.Cmd
	for i, fl := range f.Fields {
		switch fl.Kind {
		case KindText:
			if i == f.Focus {
				cmd = fl.Input.Focus()
			} else {
				fl.Input.Blur()
			}
		case KindArea:
			if i == f.Focus {
				cmd = fl.Editor.Focus()
			} else {
				fl.Editor.Blur()
			}
		}
	}
	return cmd
}

func (f *Form) Move(delta int) tea.Cmd {
	f.Focus = (f.Focus + delta + len(f.Fields)) % len(f.Fields)
	return f.Refocus()
}

// Update handles a message; it reports a submit or cancel.
func (f *Form) Update(msg tea.Msg) (Result, tea.Cmd) {
	if f.Busy {
		return Continue, nil
	}
	cur := f.Fields[f.Focus]
	if k, ok := msg.(tea.KeyPressMsg); ok && f.Asking != "" {
		f.Asking = ""
		if k.String() == f.yesKey() {
			return Submit, nil
		}
		return Continue, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if f.km == nil {
			km := keys()
			f.km = &km
		}
		km := f.km
		switch {
		case key.Matches(k, km.Cancel):
			return Cancel, nil
		case key.Matches(k, km.Save):
			return f.submit(), nil
		case key.Matches(k, km.Next):
			return Continue, f.Move(1)
		case key.Matches(k, km.Prev):
			return Continue, f.Move(-1)
		case key.Matches(k, km.Down) && cur.Kind != KindArea:
			return Continue, f.Move(1)
		case key.Matches(k, km.Up) && cur.Kind != KindArea:
			return Continue, f.Move(-1)
		case key.Matches(k, km.NextOrSave) && cur.Kind != KindArea:
			if f.Focus == len(f.Fields)-1 && f.OnEnter {
				return f.submit(), nil
			}
			return Continue, f.Move(1)
		}
		if cur.Kind == KindScale {
			cur.ScaleKey(k.String())
			return Continue, nil
		}
		if cur.Kind == KindChoice {
			if key.Matches(k, km.Choose) {
				cur.Step(k.String())
			}
			return Continue, nil
		}
	}
	var cmd tea.Cmd
	switch cur.Kind {
	case KindText:
		cur.Input, cmd = cur.Input.Update(msg)
	case KindArea:
		cur.Editor, cmd = cur.Editor.Update(msg)
	}
	return Continue, cmd
}

// yesKey is the key that answers the form's question with yes.
func (f *Form) yesKey() string {
	if f.Yes == "" {
		return "y"
	}
	return f.Yes
}

// submit submits, or first opens the form's question if it has one.
func (f *Form) submit() Result {
	if f.Ask != nil {
		if q := f.Ask(); q != "" {
			f.Asking, f.Err = q, ""
			return Continue
		}
	}
	return Submit
}
