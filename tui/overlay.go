package tui

import tea "charm.land/bubbletea/v2"

// confirmation is a yes/no question before something that cannot be
// undone, for the screens not yet components; components ask with
// component.Confirm.
type confirmation struct {
	question string
	yes      func() tea.Cmd
}
