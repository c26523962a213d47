package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
)

// reflectionsKeyMap is the browser's keys, one struct per state: the
// list, the search line, and the reading pane.
type reflectionsKeyMap struct {
	List    listKeyMap
	Search  searchKeyMap
	Reading readingKeyMap
}

type listKeyMap struct {
	Read, Search, Group, Visibility, Mine, Back, Help key.Binding
	// Up, PgUp and Home carry the help of their pair.
	Up, Down, PgUp, PgDown, Home, End key.Binding
}

type searchKeyMap struct{ Submit, Cancel key.Binding }

type readingKeyMap struct {
	Pager                             pagerKeyMap
	Back, Edit, Delete, History, Help key.Binding
	Visibility                        key.Binding
	Next, Prev, NextAlt, PrevAlt      key.Binding // n/p and ]/[
}

func newReflectionsKeys(cat i18n.Catalog) reflectionsKeyMap {
	b := func(label, desc string, keys ...string) key.Binding { return component.Bind(cat, label, desc, keys...) }
	back, help := b("esc", "key.back", "esc", "q"), b("?", "key.help")
	return reflectionsKeyMap{
		List: listKeyMap{
			Read: b("enter", "key.read"), Search: b("/", "key.search"), Group: b("g", "key.filter_group"),
			Visibility: b("v", "key.filter_visibility"), Mine: b("m", "key.filter_mine"), Back: back, Help: help,
			Up: b("↑/↓", "key.select", "up", "k"), Down: key.NewBinding(key.WithKeys("down", "j")),
			PgUp: b("pgup/pgdn", "key.scroll", "pgup"), PgDown: key.NewBinding(key.WithKeys("pgdown", "space")),
			Home: b("home/end", "key.first_last", "home"), End: key.NewBinding(key.WithKeys("end")),
		},
		Search: searchKeyMap{Submit: b("enter", "key.search"), Cancel: b("esc", "key.cancel")},
		Reading: readingKeyMap{
			Pager: newPagerKeys(cat), Back: back, Help: help,
			Edit: b("e", "key.edit_reflection"), Delete: b("d", "key.delete_reflection"), History: b("h", "key.history"),
			Visibility: b("v", "key.change_visibility"),
			Next:       b("n/p", "key.next_prev", "n"), Prev: key.NewBinding(key.WithKeys("p")),
			NextAlt: b("]/[", "key.next_prev", "]"), PrevAlt: key.NewBinding(key.WithKeys("[")),
		},
	}
}

// activeKeys is the keymap struct of the state the screen is in, for the
// conflicts test.
func (s *reflectionsScreen) activeKeys() any {
	switch {
	case s.confirm != nil:
		return s.confirm.Keys()
	case s.searching:
		return s.keys.Search
	case s.reading:
		return s.keys.Reading
	}
	return s.keys.List
}

func (s *reflectionsScreen) KeyMap() component.KeyMap {
	switch {
	case s.confirm != nil:
		return s.confirm.KeyMap()
	case s.searching:
		return component.Keys([]key.Binding{s.keys.Search.Submit, s.keys.Search.Cancel})
	case s.reading:
		k := s.keys.Reading
		// The way back comes right after scrolling: on a phone's 60
		// columns what is cut is at the end, and esc must not be.
		short := append(k.Pager.short(), k.Back)
		if s.readingOwn {
			// Only the author may edit, delete or change who reads the text;
			// those come before moving on, so that they fit the bar.
			short = append(short, k.Edit, k.Delete, k.History, k.Visibility)
		}
		short = append(short, k.Next)
		return component.Keys(short, append(k.Pager.more(), k.NextAlt, k.Help)...)
	}
	k := s.keys.List
	short := []key.Binding{k.Read, k.Search, k.Group}
	if !s.reader {
		short = append(short, k.Visibility)
	}
	short = append(short, k.Back)
	return component.Keys(short, k.Mine, k.Up, k.PgUp, k.Home, k.Help)
}
