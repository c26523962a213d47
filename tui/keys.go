package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/i18n"
)

// keyMap is a screen's key bindings with help texts in the user's language;
// it feeds both the help bar and the full help (?).
type keyMap = component.KeyMap

func binding(cat i18n.Catalog, helpKey, descKey string) key.Binding {
	return component.Bind(cat, helpKey, descKey)
}

// fitBar keeps a help bar to one line of width (see component.FitBar).
func fitBar(short []key.Binding, width int) []key.Binding { return component.FitBar(short, width) }

// keys is a screen's help bar and its full help, which lists each key once.
func keys(short []key.Binding, more ...key.Binding) keyMap { return component.Keys(short, more...) }

// formKeys are the keys of every form: the form's own keymap.
func formKeys(cat i18n.Catalog) keyMap {
	k := form.Keys(cat)
	return keys(k.Short(), k.More()...)
}

// confirmKeys are shown while a yes/no question is open: k/e in Finnish
// (kyllä/ei), y/n in English.
func confirmKeys(cat i18n.Catalog) keyMap {
	yes, no := cat.T("key.yes_key"), cat.T("key.no_key")
	return keys([]key.Binding{bindingKeys(cat, yes, "key.yes", yes), bindingKeys(cat, no+"/esc", "key.no", no, "esc")})
}

// isYes reports whether k answers a yes/no question with yes in the
// viewer's language; any other key is no.
func isYes(cat i18n.Catalog, k string) bool { return k == cat.T("key.yes_key") }

// yesNo is the answer keys a question shows after it: "(k/e)" or "(y/n)".
func yesNo(cat i18n.Catalog) string {
	return " (" + cat.T("key.yes_key") + "/" + cat.T("key.no_key") + ")"
}

// bindingKeys is a binding whose help shows label for the keys that
// trigger it, such as "←/→" for left and right.
func bindingKeys(cat i18n.Catalog, label, descKey string, keys ...string) key.Binding {
	return component.Bind(cat, label, descKey, keys...)
}
