package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/i18n"
)

// overlay gives a message to an open yes/no question or form, which take
// every message while they are open; ok reports whether one was.
func overlay(cat i18n.Catalog, msg tea.Msg, confirm **confirmation, f **form.Form, submit func() tea.Cmd) (cmd tea.Cmd, ok bool) {
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
		res, cmd := (*f).Update(msg)
		switch res {
		case form.Cancel:
			*f = nil
		case form.Submit:
			(*f).Busy, (*f).Err = true, ""
			return submit(), true
		}
		return cmd, true
	}
	return nil, false
}
