package form

import (
	"charm.land/bubbles/v2/key"

	"github.com/piiri/piiri/tui/i18n"
)

// KeyMap is every key of a form. Update matches these bindings and the
// help bar shows them (Keys), so the two cannot drift apart. A choice
// and a scale also take the keys of their own (←/→, h/l, 1–5, space).
type KeyMap struct {
	Next, Prev   key.Binding // between fields (↓/↑ too, outside an area)
	Down, Up     key.Binding
	Save, Cancel key.Binding
	NextOrSave   key.Binding // enter: the next field, or save on the last
	Choose       key.Binding // a choice's ←/→
}

// Keys is the form's keymap with its help in the catalog's language.
func Keys(cat i18n.Catalog) KeyMap { return build(cat.T) }

// keys is the keymap Update matches: the same bindings, without help.
func keys() KeyMap { return build(func(string, ...any) string { return "" }) }

// build is the one list of the form's keys; desc translates the help.
func build(desc func(string, ...any) string) KeyMap {
	b := func(label, d string, keys ...string) key.Binding {
		if len(keys) == 0 {
			keys = []string{label}
		}
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc(d)))
	}
	return KeyMap{
		Next:       b("tab", "key.next_field"),
		Prev:       b("shift+tab", "key.prev_field"),
		Down:       b("↓", "key.next_field", "down"),
		Up:         b("↑", "key.prev_field", "up"),
		Save:       b("ctrl+s", "key.save"),
		Cancel:     b("esc", "key.cancel"),
		NextOrSave: b("enter", "key.next_or_save"),
		Choose:     b("←/→", "key.choose", "left", "h", "right", "l", "space"),
	}
}

// Short is the help bar: next field, save, cancel.
func (k KeyMap) Short() []key.Binding { return []key.Binding{k.Next, k.Save, k.Cancel} }

// More is what the full help adds to the bar.
func (k KeyMap) More() []key.Binding { return []key.Binding{k.Prev, k.Choose, k.NextOrSave} }

// QuestionKeys are the help while the form's question is open: its yes
// key saves, any other key goes back to the form.
func (f *Form) QuestionKeys(cat i18n.Catalog) []key.Binding {
	yes := f.yesKey()
	return []key.Binding{
		key.NewBinding(key.WithKeys(yes), key.WithHelp(yes, cat.T("key.save_anyway"))),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp(cat.T("key.any_other"), cat.T("key.back_to_form"))),
	}
}
