package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/piiri/piiri/tui/i18n"
)

// keyMap is a screen's key bindings with help texts in the user's language;
// it feeds both the help bar and the full help (?).
type keyMap struct {
	short []key.Binding
	full  [][]key.Binding
}

func (k keyMap) ShortHelp() []key.Binding  { return k.short }
func (k keyMap) FullHelp() [][]key.Binding { return k.full }

func binding(cat i18n.Catalog, helpKey, descKey string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, cat.T(descKey)))
}

// homeKeys are the home screen's keys.
func homeKeys(cat i18n.Catalog) keyMap {
	help := binding(cat, "?", "key.help", "?")
	lang := binding(cat, "l", "key.language", "l")
	quit := binding(cat, "q", "key.quit", "q", "ctrl+c")
	return keyMap{
		short: []key.Binding{help, lang, quit},
		full:  [][]key.Binding{{help, lang, quit}},
	}
}

// onboardingKeys are the join screen's keys.
func onboardingKeys(cat i18n.Catalog) keyMap {
	next := binding(cat, "tab/↓", "key.next_field", "tab", "down")
	prev := binding(cat, "shift+tab/↑", "key.prev_field", "shift+tab", "up")
	lang := binding(cat, "←/→", "key.choose_language", "left", "right")
	submit := binding(cat, "enter", "key.join", "enter")
	quit := binding(cat, "ctrl+c", "key.quit", "ctrl+c")
	return keyMap{
		short: []key.Binding{next, submit, quit},
		full:  [][]key.Binding{{next, prev, lang}, {submit, quit}},
	}
}
