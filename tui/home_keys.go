package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
)

// homeKeyMap is the home screen's keys: the help bar and full help are
// built from it, and Update matches keys with it.
type homeKeyMap struct {
	Join, Open, NewGroup, Approvals, Reflections, Write, Help, Quit key.Binding
	Shared, Code, Rename, Up, Down, Refresh, Lang, Plain            key.Binding
	quotesInBar                                                     bool // a goes in the bar
}

func newHomeKeyMap(cat i18n.Catalog) homeKeyMap {
	down := component.Bind(cat, "↓", "key.select", "down")
	down.SetHelp("", "") // "↑/↓" on Up names both
	return homeKeyMap{
		Join:        component.Bind(cat, "j", "key.join_meeting"),
		Open:        component.Bind(cat, "enter", "key.open"),
		NewGroup:    component.Bind(cat, "n", "key.new_group"),
		Approvals:   component.Bind(cat, "a", "key.approvals"),
		Reflections: component.Bind(cat, "R", "key.reflections"),
		Write:       component.Bind(cat, "w", "key.write"),
		Help:        component.Bind(cat, "?", "key.help"),
		Quit:        component.Bind(cat, "q", "key.quit"),
		Shared:      component.Bind(cat, "S", "key.shared_with_me"),
		Code:        component.Bind(cat, "c", "key.join_code"),
		Rename:      component.Bind(cat, "e", "key.rename"),
		Up:          component.Bind(cat, "↑/↓", "key.select", "up", "k"),
		Down:        down,
		Refresh:     component.Bind(cat, "r", "key.refresh"),
		Lang:        component.Bind(cat, "l", "key.language"),
		Plain:       component.Bind(cat, "P", "key.plain"),
	}
}

// help is the bar and the full help for the screen as it is: with no
// groups enter opens nothing; j is there only while a meeting is live.
// Quotes of one's own reflections are answered and withdrawn behind a:
// in the bar whenever there are any, so the way back is never hidden.
func (k homeKeyMap) help() component.KeyMap {
	bar := []key.Binding{k.Join, k.Open, k.NewGroup}
	more := []key.Binding{k.Approvals}
	if k.quotesInBar {
		bar, more = append(bar, k.Approvals), nil
	}
	bar = append(bar, k.Reflections, k.Write, k.Help, k.Quit)
	return component.Keys(bar, append(more, k.Shared, k.Code, k.Rename, k.Up, k.Refresh, k.Lang, k.Plain)...)
}
