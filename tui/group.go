package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

type ackedMsg struct{ err error }

type reportMsg struct {
	rep *session.Report
	err error
}

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

// groupScreen shows one group: meetings, members, agreement and tasks. A
// member who has not acknowledged the current agreement sees only the
// agreement until they do.
type groupScreen struct {
	id       int64
	d        *session.GroupDetail
	tab      int
	cursor   [tabCount]int
	form     *form
	formKind string
	formTask int64 // the task a "respond" form answers, fixed when it opens
	confirm  *confirmation
	status   string
	err      string
	mustAck  bool // the viewer has not acknowledged the current agreement

	// The agreement tab scrolls: its length and the room it had when last
	// drawn.
	agreementLen, bodyHeight int

	eval *evaluation
}

// confirmation is a yes/no question before something that cannot be undone.
type confirmation struct {
	question string
	yes      func() tea.Cmd
}

type groupLoadedMsg struct {
	d   *session.GroupDetail
	err error
}

// doneMsg reports a change; status is the catalog text to show on success.
type doneMsg struct {
	status string
	err    error
}

func newGroupScreen(id int64) *groupScreen { return &groupScreen{id: id} }

func (g *groupScreen) init(m *App) tea.Cmd {
	id := g.id
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.GroupDetail, error) {
		return svc.Group(ctx, a, id)
	}, func(d *session.GroupDetail, err error) tea.Msg { return groupLoadedMsg{d, err} })
}

func (g *groupScreen) leads() bool { return g.d != nil && g.d.MyRole.Leads() }

func (g *groupScreen) keys(cat i18n.Catalog) keyMap {
	switch {
	case g.confirm != nil:
		return confirmKeys(cat)
	case g.form != nil:
		return formKeys(cat)
	case g.d == nil:
		return keys([]key.Binding{binding(cat, "esc", "key.back")})
	}
	back := binding(cat, "esc", "key.back")
	if g.mustAck || g.tab == tabAgreement {
		k := []key.Binding{binding(cat, "↑/↓", "key.scroll"), binding(cat, "tab", "key.next_tab"), back}
		if g.mustAck {
			k = []key.Binding{binding(cat, "a", "key.acknowledge"), binding(cat, "↑/↓", "key.scroll"), back}
		}
		if g.leads() {
			k = append(k, binding(cat, "e", "key.edit"))
		}
		return keys(k, binding(cat, "?", "key.help"))
	}
	tab := binding(cat, "tab", "key.next_tab")
	var k []key.Binding
	switch g.tab {
	case tabMeetings:
		k = []key.Binding{binding(cat, "enter", "key.open")}
		if g.leads() {
			k = append(k, binding(cat, "+", "key.add_meeting"))
		}
	case tabMembers:
		if g.leads() {
			k = []key.Binding{binding(cat, "i", "key.invite"), binding(cat, "x", "key.remove")}
		}
		k = append(k, binding(cat, "L", "key.leave"))
	case tabTasks:
		// Leaders give tasks and read the answers; the others do them.
		k = []key.Binding{binding(cat, "enter", "key.mark_done")}
		if g.leads() {
			k = []key.Binding{binding(cat, "enter", "key.read_responses"), binding(cat, "t", "key.new_task")}
		}
	case tabEvaluation:
		if g.leads() {
			k = []key.Binding{binding(cat, "p", "key.report"), binding(cat, "S", "key.share"), binding(cat, "E", "key.edit_statements")}
		}
	}
	return keys(append(k, tab, back), binding(cat, "1-5", "key.tabs"), binding(cat, "↑/↓", "key.select"), binding(cat, "r", "key.refresh"), binding(cat, "?", "key.help"))
}

func (g *groupScreen) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case groupLoadedMsg:
		if msg.err != nil {
			g.err = m.cat.Err(msg.err)
			return nil
		}
		g.d = msg.d
		g.mustAck = g.d.NeedsAck(m.actor.Person.ID)
		if g.tab == tabEvaluation && !g.mustAck {
			return loadEvaluation(m, g.id, g.d.MyRole.Leads())
		}
		if g.mustAck {
			g.tab = tabAgreement
		}
		return nil
	case doneMsg:
		if msg.err != nil {
			if g.form != nil {
				g.form.busy = false
				g.form.err = m.cat.Err(msg.err)
			} else {
				g.err = m.cat.Err(msg.err)
			}
			return nil
		}
		g.form, g.status, g.err = nil, msg.status, ""
		return g.init(m)
	case ackedMsg:
		if msg.err != nil {
			g.err = m.cat.Err(msg.err)
			return nil
		}
		// The rest of the group opens at once; the reload confirms.
		g.mustAck, g.status, g.err = false, m.cat.T("group.acknowledged"), ""
		return g.init(m)
	case evaluationMsg:
		if msg.err != nil {
			g.err = m.cat.Err(msg.err)
			return nil
		}
		g.eval = msg.ev
		return nil
	case reportMsg:
		if msg.err != nil {
			g.err = m.cat.Err(msg.err)
			return nil
		}
		return m.push(newTextScreen(m.cat.T("report.title", g.d.Name), format.ReportScreenText(m.cat, m.opts.Service.Loc, msg.rep)))
	case inviteMadeMsg:
		if msg.err != nil {
			g.form.busy = false
			g.form.err = m.cat.Err(msg.err)
			return nil
		}
		g.form, g.err = nil, ""
		g.status = m.cat.N("group.invite_made", msg.inv.UsesLeft, session.FormatCode(msg.inv.Code),
			m.cat.T("grouprole."+string(msg.inv.GroupRole)), m.formatStart(msg.inv.ExpiresAt))
		// The whole message to send, ready to copy.
		return m.push(newInviteScreen(m, msg.inv, g.d.Name, g.status))
	case leftMsg:
		if msg.err != nil {
			g.err = m.cat.Err(msg.err)
			return nil
		}
		return m.pop()
	case taskResponsesMsg:
		if msg.err != nil {
			g.err = m.cat.Err(msg.err)
			return nil
		}
		return m.push(newTextScreen(m.cat.T("group.task_responses_title", msg.task.Title),
			format.TaskResponsesText(m.cat, msg.task, msg.rs, m.opts.Service.Loc)))
	}
	if cmd, ok := overlay(m.cat, msg, &g.confirm, &g.form, func() tea.Cmd { return g.submit(m) }); ok {
		return cmd
	}
	key, ok := msg.(tea.KeyPressMsg)
	if !ok || g.d == nil {
		if ok && key.String() == "esc" {
			return m.pop()
		}
		return nil
	}
	g.status, g.err = "", ""
	switch key.String() {
	case "esc", "q":
		return m.pop()
	case "?":
		m.toggleHelp()
		return nil
	case "a":
		if g.mustAck {
			return g.acknowledge(m)
		}
	}
	if g.mustAck {
		switch key.String() {
		case "e":
			if g.leads() {
				g.openAgreementEditor(m)
				return g.form.refocus()
			}
		case "up", "k", "down", "j", "pgup", "pgdown":
			g.scroll(key.String())
		}
		return nil // nothing else until the agreement is acknowledged
	}
	switch key.String() {
	// Switching tabs reloads, so that what others changed shows up.
	case "tab", "right":
		g.tab = (g.tab + 1) % tabCount
		return g.init(m)
	case "shift+tab", "left":
		g.tab = (g.tab + tabCount - 1) % tabCount
		return g.init(m)
	case "1", "2", "3", "4", "5":
		g.tab = int(key.String()[0] - '1')
		return g.init(m)
	case "r":
		return g.init(m)
	case "up", "k", "down", "j", "pgup", "pgdown":
		g.scroll(key.String())
		return nil
	case "L":
		return g.askLeave(m)
	}
	return g.tabKey(m, key.String())
}

// scroll moves the selection, or on the agreement tab the text.
func (g *groupScreen) scroll(k string) {
	step := 1
	if k == "pgup" || k == "pgdown" {
		step = 10
	}
	if k == "up" || k == "k" || k == "pgup" {
		step = -step
	}
	limit := max(g.listLen()-1, 0)
	if g.tab == tabAgreement || g.tab == tabEvaluation {
		limit = max(g.agreementLen-g.bodyHeight, 0)
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

// tabKey handles the keys that belong to the current tab.
func (g *groupScreen) tabKey(m *App, k string) tea.Cmd {
	cur := g.cursor[g.tab]
	switch {
	case g.tab == tabMeetings && k == "enter" && cur < len(g.d.Meetings):
		return m.push(newMeetingScreen(g.d.Meetings[cur].ID, g.d.Name, g.leads()))
	case g.tab == tabMeetings && k == "+" && g.leads():
		id := g.id
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Meeting, error) {
			return svc.AddMeeting(ctx, a, id)
		}, func(mt *session.Meeting, err error) tea.Msg { return doneMsg{m.cat.T("group.meeting_added"), err} })
	case g.tab == tabMembers && k == "i" && g.leads():
		g.openInviteForm(m)
		return g.form.refocus()
	case g.tab == tabMembers && k == "x" && g.leads() && cur < len(g.d.Members):
		mem := g.d.Members[cur]
		if mem.PersonID == m.actor.Person.ID {
			return g.askLeave(m)
		}
		gid := g.id
		g.confirm = &confirmation{question: m.cat.T("group.confirm_remove", mem.Name), yes: func() tea.Cmd {
			return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
				return struct{}{}, svc.RemoveMember(ctx, a, gid, mem.PersonID)
			}, func(_ struct{}, err error) tea.Msg { return doneMsg{m.cat.T("group.member_removed", mem.Name), err} })
		}}
	case g.tab == tabAgreement && k == "e" && g.leads():
		g.openAgreementEditor(m)
		return g.form.refocus()
	case g.tab == tabTasks && k == "t" && g.leads():
		g.openTaskForm(m)
		return g.form.refocus()
	case g.tab == tabEvaluation && k == "p" && g.leads():
		gid := g.id
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Report, error) {
			return svc.Report(ctx, a, gid)
		}, func(rep *session.Report, err error) tea.Msg { return reportMsg{rep, err} })
	case g.tab == tabEvaluation && k == "E" && g.leads() && g.eval != nil && g.eval.mine != nil:
		f := newForm(m.cat.T("assessment.edit_title"))
		items := g.eval.mine.Items
		for i := 0; i < min(len(items)+2, session.MaxAssessmentItems); i++ {
			v := ""
			if i < len(items) {
				v = items[i]
			}
			f.text(fmt.Sprintf("%d.", i+1), v, session.MaxAssessmentTextLen+10)
		}
		f.focus = 0
		g.form, g.formKind = f, "statements"
		return g.form.refocus()
	case g.tab == tabEvaluation && k == "S" && g.leads():
		return m.push(newShareScreen(g.id, func(status string) { g.status = status }))
	case g.tab == tabTasks && k == "enter" && cur < len(g.d.Tasks) && g.leads():
		id := g.d.Tasks[cur].ID
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (taskResponsesMsg, error) {
			t, rs, err := svc.TaskResponses(ctx, a, id)
			return taskResponsesMsg{t, rs, nil}, err
		}, func(r taskResponsesMsg, err error) tea.Msg { r.err = err; return r })
	case g.tab == tabTasks && k == "enter" && cur < len(g.d.Tasks):
		t := g.d.Tasks[cur]
		g.form, g.formKind, g.formTask = newForm(m.cat.T("group.task_respond_title", t.Title)), "respond", t.ID
		g.form.onEnter = false
		g.form.area(m.cat.T("group.task_response"), t.MyResponse, session.MaxTaskTextLen, 4)
		return g.form.refocus()
	}
	return nil
}

type leftMsg struct{ err error }

// taskResponsesMsg brings a task's responses for a leader to read.
type taskResponsesMsg struct {
	task *session.Task
	rs   []session.TaskResponse
	err  error
}

func (g *groupScreen) askLeave(m *App) tea.Cmd {
	gid := g.id
	g.confirm = &confirmation{question: m.cat.T("group.confirm_leave", g.d.Name), yes: func() tea.Cmd {
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			return struct{}{}, svc.LeaveGroup(ctx, a, gid)
		}, func(_ struct{}, err error) tea.Msg { return leftMsg{err} })
	}}
	return nil
}

func (g *groupScreen) acknowledge(m *App) tea.Cmd {
	gid, version := g.id, g.d.Agreement.Version
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.AcknowledgeAgreement(ctx, a, gid, version)
	}, func(_ struct{}, err error) tea.Msg { return ackedMsg{err} })
}

type inviteMadeMsg struct {
	inv *session.Invite
	err error
}

func (g *groupScreen) openInviteForm(m *App) {
	f := newForm(m.cat.T("group.invite_title"))
	var values, labels []string
	for _, r := range session.GroupRoles {
		if r.Leads() && g.d.MyRole != session.GroupFacilitator {
			continue
		}
		values = append(values, string(r))
		labels = append(labels, m.cat.T("grouprole."+string(r)))
	}
	f.choice(m.cat.T("group.invite_role"), values, labels, string(defaultInviteRole(g.d.Template))).compact = true
	f.text(m.cat.T("group.invite_uses"), "1", 4)
	f.text(m.cat.T("group.invite_expires"), "7d", 6).hint = m.cat.T("group.invite_expires_hint")
	f.focus = 0
	g.form, g.formKind = f, "invite"
}

// defaultInviteRole is the role most people in a format have.
func defaultInviteRole(template string) session.GroupRole {
	switch template {
	case "supervisor-peer":
		return session.GroupSupervisor
	case "mepe":
		return session.GroupMentor
	}
	return session.GroupParticipant
}

func (g *groupScreen) openAgreementEditor(m *App) {
	f := newForm(m.cat.T("group.agreement_edit_title", g.d.Agreement.Version+1))
	f.onEnter = false
	ag := g.d.Agreement
	h := max((m.height-12)/5-1, 1)
	for _, sec := range ag.Sections() {
		f.area(m.cat.T(sec.Label), *sec.Text, session.MaxAgreementLen, h)
	}
	f.focus = 0
	g.form, g.formKind = f, "agreement"
}

func (g *groupScreen) openTaskForm(m *App) {
	f := newForm(m.cat.T("group.task_new_title"))
	f.onEnter = false
	f.text(m.cat.T("group.task_title"), "", session.MaxTaskTitleLen+10)
	f.area(m.cat.T("group.task_description"), "", session.MaxTaskTextLen, 3)
	values, labels := []string{"0"}, []string{m.cat.T("group.task_no_due")}
	for _, mt := range g.d.Meetings {
		if mt.State != session.MeetingEnded {
			values = append(values, strconv.FormatInt(mt.ID, 10))
			labels = append(labels, mt.Title)
		}
	}
	selected := "0"
	if len(values) > 1 {
		selected = values[1]
	}
	f.choice(m.cat.T("group.task_due"), values, labels, selected).compact = true
	f.focus = 0
	g.form, g.formKind = f, "task"
}

// submit sends the open form to the Service.
func (g *groupScreen) submit(m *App) tea.Cmd {
	f, gid := g.form, g.id
	switch g.formKind {
	case "invite":
		role := session.GroupRole(f.value(0))
		uses, err := strconv.Atoi(strings.TrimSpace(f.value(1)))
		if err != nil {
			uses = -1 // the Service explains the range
		}
		expires := f.value(2)
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Invite, error) {
			ttl, err := session.ParseTTL(expires)
			if err != nil {
				return nil, err
			}
			return svc.CreateGroupInvite(ctx, a, gid, role, uses, ttl)
		}, func(inv *session.Invite, err error) tea.Msg { return inviteMadeMsg{inv, err} })
	case "agreement":
		ag := session.Agreement{GroupID: gid, Version: g.d.Agreement.Version}
		for i, sec := range ag.Sections() {
			*sec.Text = f.value(i)
		}
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Agreement, error) {
			return svc.UpdateAgreement(ctx, a, ag)
		}, func(_ *session.Agreement, err error) tea.Msg { return doneMsg{m.cat.T("group.agreement_saved"), err} })
	case "task":
		due, _ := strconv.ParseInt(f.value(2), 10, 64)
		t := session.Task{GroupID: gid, Title: f.value(0), Description: f.value(1), DueMeetingID: due}
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Task, error) {
			return svc.CreateTask(ctx, a, t)
		}, func(_ *session.Task, err error) tea.Msg { return doneMsg{m.cat.T("group.task_created"), err} })
	case "statements":
		var items []string
		for i := range f.fields {
			items = append(items, f.value(i))
		}
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			return struct{}{}, svc.SetAssessmentItems(ctx, a, gid, items)
		}, func(_ struct{}, err error) tea.Msg { return doneMsg{m.cat.T("assessment.edited"), err} })
	case "respond":
		// By the id taken when the form opened: a live reload while the
		// person types may reorder the list under the cursor.
		id, resp := g.formTask, f.value(0)
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			return struct{}{}, svc.CompleteTask(ctx, a, id, resp)
		}, func(_ struct{}, err error) tea.Msg { return doneMsg{m.cat.T("group.task_done"), err} })
	}
	return nil
}

func (g *groupScreen) view(m *App, width, height int) string {
	s, cat := m.styles, m.cat
	if g.d == nil {
		if g.err != "" {
			return s.Error.Render("✗ " + g.err)
		}
		return s.Subtle.Render(cat.T("app.loading"))
	}
	var b strings.Builder
	b.WriteString(s.Header.Width(width).Render(g.d.Name+" · "+cat.T("grouprole."+string(g.d.MyRole))) + "\n")
	if g.form != nil {
		b.WriteString("\n" + g.form.view(s, min(width, 90)))
		return b.String()
	}
	// Tabs: the current one is bold and bracketed, not only coloured.
	var tabs []string
	// Narrow screens drop the padding, then the other tabs' names, rather
	// than cut the last tab off.
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
			if i == g.tab {
				tabs = append(tabs, s.Focused.Render("["+label+"]"))
			} else if g.mustAck {
				tabs = append(tabs, s.Subtle.Strikethrough(true).Render(pad+label+pad))
			} else {
				tabs = append(tabs, s.Subtle.Render(pad+label+pad))
			}
		}
		if ansi.StringWidth(strings.Join(tabs, " ")) <= width {
			break
		}
	}
	b.WriteString(strings.Join(tabs, " ") + "\n\n")

	bodyH := height - 5
	var body []string
	switch g.tab {
	case tabMeetings:
		body = g.meetingLines(m, width)
	case tabMembers:
		body = g.memberLines(m, width)
	case tabAgreement:
		body = g.agreementLines(m, width)
	case tabTasks:
		body = g.taskLines(m, width)
	case tabEvaluation:
		if g.eval != nil {
			body = g.eval.lines(m, width, g.leads())
		} else {
			body = []string{m.styles.Subtle.Render(m.cat.T("app.loading"))}
		}
	}
	if g.tab == tabAgreement || g.tab == tabEvaluation {
		g.agreementLen, g.bodyHeight = len(body), bodyH
		top := min(g.cursor[g.tab], max(len(body)-bodyH, 0))
		body = body[top:min(top+bodyH, len(body))]
		if top+bodyH < g.agreementLen {
			body[len(body)-1] = m.styles.Subtle.Render("  ↓ " + m.cat.T("group.more"))
		}
	} else {
		body = window(body, g.cursor[g.tab], bodyH)
	}
	b.WriteString(strings.Join(body, "\n") + "\n")
	switch {
	case g.confirm != nil:
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(s.Error.Render("? "+g.confirm.question+yesNo(cat))))
	case g.err != "":
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(s.Error.Render("✗ "+g.err)))
	case g.status != "":
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(s.OK.Render("✓ "+g.status)))
	}
	return b.String()
}

// window keeps the line at cursor visible within height lines.
func window(lines []string, cursor, height int) []string {
	if height <= 0 || len(lines) <= height {
		return lines
	}
	start := min(max(cursor-height/2, 0), len(lines)-height)
	return lines[start : start+height]
}

func (g *groupScreen) row(m *App, i int, text string) string {
	if i == g.cursor[g.tab] {
		return m.styles.Focused.Render("› " + text)
	}
	return "  " + text
}

func (g *groupScreen) meetingLines(m *App, width int) []string {
	var out []string
	// On a narrow screen the title gives way, so that when stays whole.
	whens, whenW := make([]string, len(g.d.Meetings)), 0
	for i := range g.d.Meetings {
		whens[i] = m.meetingWhen(&g.d.Meetings[i])
		whenW = max(whenW, lipgloss.Width(whens[i]))
	}
	titleW := min(max(width-whenW-4, 12), 34)
	for i, mt := range g.d.Meetings {
		title := truncate(mt.Title, titleW)
		title += strings.Repeat(" ", max(titleW-lipgloss.Width(title), 0))
		out = append(out, truncate(g.row(m, i, title+" "+whens[i]), width))
	}
	if len(out) == 0 {
		out = append(out, m.styles.Subtle.Render("  "+m.cat.T("group.no_meetings")))
	}
	return out
}

func (g *groupScreen) memberLines(m *App, width int) []string {
	var out []string
	for i, mem := range g.d.Members {
		line := fmt.Sprintf("%-28s %s", mem.Name, m.cat.T("grouprole."+string(mem.Role)))
		if g.leads() {
			if mem.AckVersion >= g.d.Agreement.Version {
				line += "  ✓ " + m.cat.T("group.acked")
			} else {
				line += "  … " + m.cat.T("group.not_acked")
			}
		}
		out = append(out, truncate(g.row(m, i, line), width))
	}
	return out
}

func (g *groupScreen) agreementLines(m *App, width int) []string {
	s := m.styles
	var out []string
	if g.mustAck {
		out = append(out, lipgloss.NewStyle().Width(width).Render(s.Error.Render("! "+m.cat.T("group.ack_needed"))), "")
	}
	ag := g.d.Agreement
	for _, sec := range ag.Sections() {
		if strings.TrimSpace(*sec.Text) == "" {
			continue
		}
		out = append(out, s.Accent.Bold(true).Render(m.cat.T(sec.Label)))
		out = append(out, strings.Split(lipgloss.NewStyle().Width(min(width, 90)-2).PaddingLeft(2).Render(*sec.Text), "\n")...)
		out = append(out, "")
	}
	out = append(out, s.Subtle.Render(m.cat.T("group.agreement_version", ag.Version, m.formatDate(ag.UpdatedAt))))
	return out
}

func (g *groupScreen) taskLines(m *App, width int) []string {
	var out []string
	for i, t := range g.d.Tasks {
		box := "☐"
		switch {
		case t.DoneByMe:
			box = "☑"
		case g.leads():
			box = "•" // leaders give tasks, they have none to tick
		}
		due := ""
		if t.DueNumber > 0 {
			due = " · " + m.cat.T("group.task_due_meeting", t.DueNumber)
		}
		line := fmt.Sprintf("%s %s%s · %s", box, t.Title, due, m.cat.T("group.task_done_count", t.Done, t.Members))
		out = append(out, truncate(g.row(m, i, line), width))
		if i == g.cursor[tabTasks] && t.Description != "" {
			out = append(out, strings.Split(lipgloss.NewStyle().Width(min(width, 90)-4).PaddingLeft(4).Render(m.styles.Subtle.Render(t.Description)), "\n")...)
		}
	}
	if len(out) == 0 {
		out = append(out, m.styles.Subtle.Render("  "+m.cat.T("group.no_tasks")))
	}
	return out
}

// meetingWhen is when a meeting is: its planned start, with its state when
// it is live, and for an ended one when it was really held.
func (m *App) meetingWhen(mt *session.Meeting) string {
	switch {
	case mt.Held():
		return m.cat.T("meeting.held", m.cat.Span(mt.HeldFrom, mt.HeldTo, m.opts.Service.Loc))
	case mt.State != session.MeetingPlanned:
		return m.formatStart(mt.StartsAt) + " [" + m.cat.T("meeting.state."+string(mt.State)) + "]"
	}
	return m.formatStart(mt.StartsAt)
}

// formatDate shows a date in the viewer's conventions.
func (m *App) formatDate(t time.Time) string { return m.cat.Date(t, m.opts.Service.Loc) }
