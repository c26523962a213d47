package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

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
	enable(g *groupScreen, k *groupKeyMap) []keyBinding
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
	bar     []keyBinding // the help bar of the state keys were last enabled for
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
func (g *groupScreen) reload(*App) tea.Cmd { return g.Init() }

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
		if matches(k, km.Back) {
			return g.C.Nav.Pop()
		}
		return nil
	}
	g.status, g.err = "", ""
	switch {
	case matches(k, km.Back):
		return g.C.Nav.Pop()
	case matches(k, km.Help):
		g.C.Nav.ToggleHelp()
		return nil
	case matches(k, km.Up, km.Down, km.PageUp, km.PageDown):
		g.scroll(k)
		return nil
	// Switching tabs reloads, so that what others changed shows up.
	case matches(k, km.NextTab):
		g.tab = (g.tab + 1) % tabCount
		return g.Init()
	case matches(k, km.PrevTab):
		g.tab = (g.tab + tabCount - 1) % tabCount
		return g.Init()
	case matches(k, km.Tabs):
		g.tab = int(k.String()[0] - '1')
		return g.Init()
	case matches(k, km.Refresh):
		return g.Init()
	case matches(k, km.Leave):
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
	case taskResponsesMsg:
		if msg.err != nil {
			g.err = cat.Err(msg.err)
			return nil, true
		}
		return g.app.push(newTextScreen(cat.T("group.task_responses_title", msg.task.Title),
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
	if matches(k, g.keys.PageUp, g.keys.PageDown) {
		step = 10
	}
	if matches(k, g.keys.Up, g.keys.PageUp) {
		step = -step
	}
	limit := max(g.listLen()-1, 0)
	if g.tab == tabAgreement || g.tab == tabEvaluation {
		limit = max(len(g.tabs[g.tab].lines(g, g.Width()))-g.bodyHeight(), 0)
	}
	g.cursor[g.tab] = min(max(g.cursor[g.tab]+step, 0), limit)
}

// bodyHeight is the room the tab's body has under the header and tabs.
func (g *groupScreen) bodyHeight() int { return g.Height() - 5 }

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

// View draws the group at the size SetSize gave it.
func (g *groupScreen) View() string {
	s, cat, width := g.C.Styles, g.C.Cat, g.Width()
	if g.d == nil {
		if g.err != "" {
			return s.Error.Render("✗ " + g.err)
		}
		return s.Subtle.Render(cat.T("app.loading"))
	}
	var b strings.Builder
	b.WriteString(s.Header.Width(width).Render(g.d.Name+" · "+cat.T("grouprole."+string(g.d.MyRole))) + "\n")
	if g.form != nil {
		b.WriteString("\n" + g.form.fields().Render(s))
		return b.String()
	}
	b.WriteString(g.tabBar(width) + "\n\n")
	bodyH := g.bodyHeight()
	body := g.tabs[g.tab].lines(g, width)
	if g.tab == tabAgreement || g.tab == tabEvaluation {
		n := len(body)
		top := min(g.cursor[g.tab], max(n-bodyH, 0))
		body = body[top:min(top+bodyH, n)]
		if top+bodyH < n {
			body[len(body)-1] = s.Subtle.Render("  ↓ " + cat.T("group.more"))
		}
	} else {
		body = window(body, g.cursor[g.tab], bodyH)
	}
	b.WriteString(strings.Join(body, "\n") + "\n")
	switch {
	case g.confirm != nil:
		b.WriteString("\n" + g.confirm.View(width))
	case g.err != "":
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(s.Error.Render("✗ "+g.err)))
	case g.status != "":
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(s.OK.Render("✓ "+g.status)))
	}
	return b.String()
}

// tabBar names the tabs: the current one bold and bracketed, not only
// coloured. Narrow screens drop the padding, then the other tabs' names,
// rather than cut the last tab off.
func (g *groupScreen) tabBar(width int) string {
	s, cat := g.C.Styles, g.C.Cat
	var tabs []string
	for _, compact := range []int{0, 1, 2} {
		tabs = tabs[:0]
		for i, k := range tabKeys {
			label := fmt.Sprintf("%d %s", i+1, cat.T(k))
			pad := " "
			if compact > 0 {
				pad = ""
			}
			if compact > 1 && i != g.tab {
				label = fmt.Sprintf("%d", i+1)
			}
			switch {
			case i == g.tab:
				tabs = append(tabs, s.Focused.Render("["+label+"]"))
			case g.mustAck:
				tabs = append(tabs, s.Subtle.Strikethrough(true).Render(pad+label+pad))
			default:
				tabs = append(tabs, s.Subtle.Render(pad+label+pad))
			}
		}
		if ansi.StringWidth(strings.Join(tabs, " ")) <= width {
			break
		}
	}
	return strings.Join(tabs, " ")
}

// window keeps the line at cursor visible within height lines.
func window(lines []string, cursor, height int) []string {
	if height <= 0 || len(lines) <= height {
		return lines
	}
	start := min(max(cursor-height/2, 0), len(lines)-height)
	return lines[start : start+height]
}

// row marks the selected line of the current tab.
func (g *groupScreen) row(i int, text string) string {
	if i == g.cursor[g.tab] {
		return g.C.Styles.Focused.Render("› " + text)
	}
	return "  " + text
}

// formatStart shows a meeting's start in the server's zone, in the
// viewer's conventions, naming the zone.
func formatStart(c *component.Common, t time.Time) string {
	if t.IsZero() {
		return c.Cat.T("meeting.unscheduled")
	}
	return c.Cat.WhenZone(t, c.Service.Loc)
}

// meetingWhen is when a meeting is: its planned start, with its state when
// it is live, and for an ended one when it was really held.
func meetingWhen(c *component.Common, mt *session.Meeting) string {
	switch {
	case mt.Held():
		return c.Cat.T("meeting.held", c.Cat.Span(mt.HeldFrom, mt.HeldTo, c.Service.Loc))
	case mt.State != session.MeetingPlanned:
		return formatStart(c, mt.StartsAt) + " [" + c.Cat.T("meeting.state."+string(mt.State)) + "]"
	}
	return formatStart(c, mt.StartsAt)
}

// formatDate shows a date in the viewer's conventions.
func (m *App) formatDate(t time.Time) string { return m.cat.Date(t, m.opts.Service.Loc) }
