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

// keys is a screen's help bar and its full help, which lists each key once.
func keys(short []key.Binding, more ...key.Binding) keyMap { return component.Keys(short, more...) }

// formKeys are the keys of every form: the form's own keymap.
func formKeys(cat i18n.Catalog) keyMap {
	k := form.Keys(cat)
	return keys(k.Short(), k.More()...)
}
