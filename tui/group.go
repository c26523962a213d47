package tui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
)

// The group screen's tabs.
const (
	tabMeetings = iota
	tabMembers
	tabAgreement
	tabTasks
	tabEvaluation
	tabCount
)

var tabKeys = [tabCount]string{"group.tab.meetings", "group.tab.members", "group.tab.agreement", "group.tab.tasks", "group.tab.evaluation"}

// groupTab is one tab of the group screen: its lines, its keys and what
// they do. The tabs keep no state of their own beyond the screen's
// cursor, so each is a small typed value (group_<tab>.go).
type groupTab interface {
	// lines draws the tab's body at width; it only reads.
	lines(g *groupScreen, width int) []string
	// enable turns on the tab's own keys in k and returns its help bar.
	enable(g *groupScreen, k *groupKeyMap) []key.Binding
	// key handles a key of the tab's own; ok reports it was one.
	key(g *groupScreen, msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool)
}

// groupForm is one of the group screen's forms: its fields and what
// saving them does. One type per form, each with its own submit.
type groupForm interface {
	fields() *form.Form
	submit(g *groupScreen) tea.Cmd
}

// groupScreen shows one group: meetings, members, agreement, tasks and
// the evaluation. A member who has not acknowledged the current agreement
// sees only the agreement until they do.
type groupScreen struct {
	component.Base
	app     *App // opens the screens not yet components (text, share, room)
	id      int64
	d       *session.GroupDetail
	tab     int
	tabs    [tabCount]groupTab
	cursor  [tabCount]int
	form    groupForm
	confirm *component.Confirm
	status  string
	err     string
	mustAck bool // the viewer has not acknowledged the current agreement
	eval    *evaluation
	keys    groupKeyMap
	bar     []key.Binding // the help bar of the state keys were last enabled for
}

type groupLoadedMsg struct {
	d   *session.GroupDetail
	err error
}

// doneMsg reports a change; status is the catalog key (and its args) to
// show on success, translated in Update.
type doneMsg struct {
	status string
	args   []any
	err    error
}

type ackedMsg struct{ err error }

type leftMsg struct{ err error }

func newGroupScreen(m *App, id int64) *groupScreen {
	g := &groupScreen{Base: component.NewBase(m.c), app: m, id: id,
		tabs: [tabCount]groupTab{meetingsTab{}, membersTab{}, agreementTab{}, tasksTab{}, evaluationTab{}}}
	g.keys = newGroupKeys(m.c.Cat)
	g.enableKeys()
	return g
}

// Init loads the group (again, when the screen comes back to the top).
func (g *groupScreen) Init() tea.Cmd {
	id := g.id
	return component.Call(g.C, g.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.GroupDetail, error) {
		return svc.Group(ctx, a, id)
	}, func(d *session.GroupDetail, err error) tea.Msg { return groupLoadedMsg{d, err} })
}

// reload is the live wake-up: a group's meetings changed.
func (g *groupScreen) Reload() tea.Cmd { return g.Init() }

func (g *groupScreen) leads() bool { return g.d != nil && g.d.MyRole.Leads() }

// call runs a service call whose result comes back to this screen.
func groupCall[T any](g *groupScreen, f func(ctx context.Context, svc *session.Service, a session.Actor) (T, error), wrap func(T, error) tea.Msg) tea.Cmd {
	return component.Call(g.C, g.ID(), f, wrap)
}

// change runs a change and reports it with a doneMsg.
func (g *groupScreen) change(status string, args []any, f func(ctx context.Context, svc *session.Service, a session.Actor) error) tea.Cmd {
	return groupCall(g, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, f(ctx, svc, a)
	}, func(_ struct{}, err error) tea.Msg { return doneMsg{status, args, err} })
}

// Update handles a message and enables the keys of the state it leaves.
func (g *groupScreen) Update(msg tea.Msg) tea.Cmd {
	cmd := g.update(msg)
	g.enableKeys()
	return cmd
}

func (g *groupScreen) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := g.result(msg); ok {
		return cmd
	}
	switch {
	case g.confirm != nil:
		if done, cmd := g.confirm.Update(msg); done {
			g.confirm = nil
			return cmd
		}
		return nil
	case g.form != nil:
		f := g.form.fields()
		res, cmd := f.Update(msg)
		switch res {
		case form.Cancel:
			g.form = nil
		case form.Submit:
			f.Busy, f.Err = true, ""
			return g.form.submit(g)
		}
		return cmd
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	km := &g.keys
	if g.d == nil {
		if key.Matches(k, km.Back) {
			return g.C.Nav.Pop()
		}
		return nil
	}
	g.status, g.err = "", ""
	switch {
	case key.Matches(k, km.Back):
		return g.C.Nav.Pop()
	case key.Matches(k, km.Help):
		g.C.Nav.ToggleHelp()
		return nil
	case key.Matches(k, km.Up, km.Down, km.PageUp, km.PageDown):
		g.scroll(k)
		return nil
	// Switching tabs reloads, so that what others changed shows up.
	case key.Matches(k, km.NextTab):
		g.tab = (g.tab + 1) % tabCount
		return g.Init()
	case key.Matches(k, km.PrevTab):
		g.tab = (g.tab + tabCount - 1) % tabCount
		return g.Init()
	case key.Matches(k, km.Tabs):
		g.tab = int(k.String()[0] - '1')
		return g.Init()
	case key.Matches(k, km.Refresh):
		return g.Init()
	case key.Matches(k, km.Leave):
		return g.askLeave()
	}
	if g.mustAck {
		// Nothing else until the agreement is acknowledged.
		cmd, _ := agreementTab{}.key(g, k)
		return cmd
	}
	cmd, _ := g.tabs[g.tab].key(g, k)
	return cmd
}

// result handles the answers of service calls; ok reports msg was one.
func (g *groupScreen) result(msg tea.Msg) (tea.Cmd, bool) {
	cat := g.C.Cat
	switch msg := msg.(type) {
	case groupLoadedMsg:
		if msg.err != nil {
			g.err = cat.Err(msg.err)
			return nil, true
		}
		g.d = msg.d
		g.mustAck = g.d.NeedsAck(g.C.Actor.Person.ID)
		if g.mustAck {
			g.tab = tabAgreement
		}
		if g.tab == tabEvaluation {
			return g.loadEvaluation(), true
		}
		return nil, true
	case doneMsg:
		if msg.err != nil {
			g.failed(msg.err)
			return nil, true
		}
		g.form, g.status, g.err = nil, cat.T(msg.status, msg.args...), ""
		return g.Init(), true
	case ackedMsg:
		if msg.err != nil {
			g.err = cat.Err(msg.err)
			return nil, true
		}
		// The rest of the group opens at once; the reload confirms.
		g.mustAck, g.status, g.err = false, cat.T("group.acknowledged"), ""
		return g.Init(), true
	case leftMsg:
		if msg.err != nil {
			g.err = cat.Err(msg.err)
			return nil, true
		}
		return g.C.Nav.Pop(), true
	case inviteMadeMsg:
		return g.inviteMade(msg), true
	case evaluationMsg, reportMsg:
		return g.evaluationResult(msg), true
	case taskDraftMsg:
		return g.openRespond(msg), true
	case taskResponsesMsg:
		if msg.err != nil {
			g.err = cat.Err(msg.err)
			return nil, true
		}
		return g.C.Nav.Push(newTextScreen(g.C, cat.T("group.task_responses_title", msg.task.Title),
			cliTaskResponses(g.C, msg))), true
	}
	return nil, false
}

// failed shows an error on the open form, or on the screen.
func (g *groupScreen) failed(err error) {
	if g.form != nil {
		f := g.form.fields()
		f.Busy, f.Err = false, g.C.Cat.Err(err)
		return
	}
	g.err = g.C.Cat.Err(err)
}

// openForm opens a form with the room the screen has for it.
func (g *groupScreen) openForm(f groupForm) tea.Cmd {
	g.form = f
	g.SetSize(g.Width(), g.Height())
	return f.fields().Refocus()
}

// SetSize lays out the open form for the new size.
func (g *groupScreen) SetSize(width, height int) {
	g.Base.SetSize(width, height)
	if g.form != nil {
		g.form.fields().SetSize(min(width, 90), 0)
	}
}

// scroll moves the selection, or on the agreement and evaluation tabs
// the text.
func (g *groupScreen) scroll(k tea.KeyPressMsg) {
	step := 1
	if key.Matches(k, g.keys.PageUp, g.keys.PageDown) {
		step = 10
	}
	if key.Matches(k, g.keys.Up, g.keys.PageUp) {
		step = -step
	}
	limit := max(g.listLen()-1, 0)
	if g.tab == tabAgreement || g.tab == tabEvaluation {
		limit = max(len(g.tabs[g.tab].lines(g, g.Width()))-g.bodyHeight(), 0)
	}
	g.cursor[g.tab] = min(max(g.cursor[g.tab]+step, 0), limit)
}

func (g *groupScreen) listLen() int {
	switch g.tab {
	case tabMeetings:
		return len(g.d.Meetings)
	case tabMembers:
		return len(g.d.Members)
	case tabTasks:
		return len(g.d.Tasks)
	}
	return 0
}
