package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
)

// groupKeyMap is every key of the group screen. Update matches these and
// the help shows them, so the two cannot drift apart; enableKeys turns on
// the ones the current state has.
type groupKeyMap struct {
	Back, Help                   key.Binding
	Up, Down, PageUp, PageDown   key.Binding
	NextTab, PrevTab, Tabs       key.Binding
	Refresh, Leave               key.Binding
	Ack, Edit                    key.Binding // agreement
	Open, AddMeeting             key.Binding // meetings
	Invite, Remove               key.Binding // members
	MarkDone, ReadResponses      key.Binding // tasks
	NewTask                      key.Binding
	Report, Share, EditStatement key.Binding // evaluation
}

func newGroupKeys(cat i18n.Catalog) groupKeyMap {
	b := component.Bind
	return groupKeyMap{
		Back:          b(cat, "esc", "key.back", "esc", "q"),
		Help:          b(cat, "?", "key.help"),
		Up:            b(cat, "↑/↓", "key.select", "up", "k"),
		Down:          b(cat, "↑/↓", "key.select", "down", "j"),
		PageUp:        b(cat, "pgup", "key.scroll"),
		PageDown:      b(cat, "pgdown", "key.scroll"),
		NextTab:       b(cat, "tab", "key.next_tab", "tab", "right"),
		PrevTab:       b(cat, "shift+tab", "key.next_tab", "shift+tab", "left"), // not in the help: tab is
		Tabs:          b(cat, "1-5", "key.tabs", "1", "2", "3", "4", "5"),
		Refresh:       b(cat, "r", "key.refresh"),
		Leave:         b(cat, "L", "key.leave"),
		Ack:           b(cat, "a", "key.acknowledge"),
		Edit:          b(cat, "e", "key.edit"),
		Open:          b(cat, "enter", "key.open"),
		AddMeeting:    b(cat, "+", "key.add_meeting"),
		Invite:        b(cat, "i", "key.invite"),
		Remove:        b(cat, "x", "key.remove"),
		MarkDone:      b(cat, "enter", "key.mark_done"),
		ReadResponses: b(cat, "enter", "key.read_responses"),
		NewTask:       b(cat, "t", "key.new_task"),
		Report:        b(cat, "p", "key.report"),
		Share:         b(cat, "S", "key.share"),
		EditStatement: b(cat, "E", "key.edit_statements"),
	}
}

// all is every binding of the map, to switch them off at once.
func (k *groupKeyMap) all() []*key.Binding {
	return []*key.Binding{&k.Back, &k.Help, &k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.NextTab, &k.PrevTab, &k.Tabs,
		&k.Refresh, &k.Leave, &k.Ack, &k.Edit, &k.Open, &k.AddMeeting, &k.Invite, &k.Remove, &k.MarkDone,
		&k.ReadResponses, &k.NewTask, &k.Report, &k.Share, &k.EditStatement}
}

// enableKeys turns on the keys of the screen's state and builds its help
// bar. While a form or a question is open they take the keys, so the
// screen's own are off.
func (g *groupScreen) enableKeys() {
	k, cat := &g.keys, g.C.Cat
	for _, b := range k.all() {
		b.SetEnabled(false)
	}
	g.bar = nil
	if g.confirm != nil || g.form != nil {
		return
	}
	k.Back.SetEnabled(true)
	if g.d == nil {
		g.bar = []key.Binding{k.Back}
		return
	}
	for _, b := range []*key.Binding{&k.Help, &k.Up, &k.Down, &k.PageUp, &k.PageDown} {
		b.SetEnabled(true)
	}
	desc := "key.select"
	if g.mustAck || g.tab == tabAgreement {
		desc = "key.scroll"
	}
	k.Up.SetHelp("↑/↓", cat.T(desc))
	k.Down.SetHelp("↑/↓", cat.T(desc))
	if !g.mustAck {
		for _, b := range []*key.Binding{&k.NextTab, &k.PrevTab, &k.Tabs, &k.Refresh, &k.Leave} {
			b.SetEnabled(true)
		}
	}
	if g.mustAck {
		g.bar = agreementTab{}.enable(g, k)
		return
	}
	g.bar = g.tabs[g.tab].enable(g, k)
}

// KeyMap is the help of the state the screen is in.
func (g *groupScreen) KeyMap() component.KeyMap {
	switch {
	case g.confirm != nil:
		return g.confirm.KeyMap()
	case g.form != nil:
		return formKeys(g.C.Cat)
	case g.d == nil:
		return component.Keys(g.bar)
	}
	k := &g.keys
	if g.mustAck || g.tab == tabAgreement {
		return component.Keys(g.bar, k.Help)
	}
	return component.Keys(append(g.bar, k.NextTab, k.Back), k.Tabs, k.Up, k.Refresh, k.Help)
}
