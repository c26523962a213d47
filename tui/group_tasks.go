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

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/format"
)

// tasksTab lists the interim tasks: leaders give them and read the
// answers, the others do them.
type tasksTab struct{}

func (tasksTab) enable(g *groupScreen, k *groupKeyMap) []key.Binding {
	if g.leads() {
		k.ReadResponses.SetEnabled(true)
		k.NewTask.SetEnabled(true)
		return []key.Binding{k.ReadResponses, k.NewTask}
	}
	k.MarkDone.SetEnabled(true)
	// A task done already opens one's answer to change it.
	desc, cur := "key.mark_done", g.cursor[tabTasks]
	if cur < len(g.d.Tasks) && g.d.Tasks[cur].DoneByMe {
		desc = "key.edit_response"
	}
	k.MarkDone.SetHelp("enter", g.C.Cat.T(desc))
	return []key.Binding{k.MarkDone}
}

func (tasksTab) key(g *groupScreen, k tea.KeyPressMsg) (tea.Cmd, bool) {
	cur := g.cursor[tabTasks]
	switch {
	case key.Matches(k, g.keys.NewTask):
		return g.openForm(newTaskForm(g)), true
	case key.Matches(k, g.keys.ReadResponses):
		if cur >= len(g.d.Tasks) {
			return nil, true
		}
		id := g.d.Tasks[cur].ID
		return groupCall(g, func(ctx context.Context, svc *session.Service, a session.Actor) (taskResponsesMsg, error) {
			t, rs, err := svc.TaskResponses(ctx, a, id)
			return taskResponsesMsg{t, rs, nil}, err
		}, func(r taskResponsesMsg, err error) tea.Msg { r.err = err; return r }), true
	case key.Matches(k, g.keys.MarkDone):
		if cur >= len(g.d.Tasks) {
			return nil, true
		}
		// The form opens on the answer the person was writing when their
		// connection dropped, if any.
		t := g.d.Tasks[cur]
		return groupCall(g, func(ctx context.Context, svc *session.Service, a session.Actor) (string, error) {
			return svc.Draft(ctx, a, session.TaskDraftKey(t.ID))
		}, func(body string, _ error) tea.Msg { return taskDraftMsg{t, body} }), true
	}
	return nil, false
}

func (tasksTab) lines(g *groupScreen, width int) []string {
	cat := g.C.Cat
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
			due = " · " + cat.T("group.task_due_meeting", t.DueNumber)
		}
		line := fmt.Sprintf("%s %s%s · %s", box, t.Title, due, cat.T("group.task_done_count", t.Done, t.Members))
		out = append(out, truncate(g.row(i, line), width))
		if i == g.cursor[tabTasks] && t.Description != "" {
			out = append(out, strings.Split(lipgloss.NewStyle().Width(min(width, 90)-4).PaddingLeft(4).Render(g.C.Styles.Subtle.Render(t.Description)), "\n")...)
		}
	}
	if len(out) == 0 {
		out = append(out, g.C.Styles.Subtle.Render("  "+cat.T("group.no_tasks")))
	}
	return out
}

// taskResponsesMsg brings a task's responses for a leader to read.
type taskResponsesMsg struct {
	task *session.Task
	rs   []session.TaskResponse
	err  error
}

// cliTaskResponses is the responses as the text screen shows them.
func cliTaskResponses(c *component.Common, msg taskResponsesMsg) string {
	return format.TaskResponsesText(c.Cat, msg.task, msg.rs, c.Service.Loc)
}

// taskForm gives the group a new task, due by a coming meeting or not.
type taskForm struct{ f *form.Form }

func newTaskForm(g *groupScreen) taskForm {
	cat := g.C.Cat
	f := form.New(cat.T("group.task_new_title"))
	f.OnEnter = false
	f.Text(cat.T("group.task_title"), "", session.MaxTaskTitleLen+10)
	f.Area(cat.T("group.task_description"), "", session.MaxTaskTextLen, 3)
	values, labels := []string{"0"}, []string{cat.T("group.task_no_due")}
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
	f.Choice(cat.T("group.task_due"), values, labels, selected).Compact = true
	f.Focus = 0
	return taskForm{f}
}

func (t taskForm) fields() *form.Form { return t.f }

func (t taskForm) submit(g *groupScreen) tea.Cmd {
	due, _ := strconv.ParseInt(t.f.Value(2), 10, 64)
	task := session.Task{GroupID: g.id, Title: t.f.Value(0), Description: t.f.Value(1), DueMeetingID: due}
	return groupCall(g, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Task, error) {
		return svc.CreateTask(ctx, a, task)
	}, func(_ *session.Task, err error) tea.Msg { return doneMsg{"group.task_created", nil, err} })
}

// respondForm answers a task and marks it done.
type respondForm struct {
	f *form.Form
	// The task answered, fixed when the form opened: a live reload while
	// the person types may reorder the list under the cursor.
	task  int64
	given string // the answer stored, to tell whether there is a draft
}

// taskDraftMsg is the draft of an answer to t ("": none), read before
// the form opens.
type taskDraftMsg struct {
	t    session.Task
	body string
}

// openRespond opens the answer form on the draft, or on the answer given.
func (g *groupScreen) openRespond(msg taskDraftMsg) tea.Cmd {
	if g.form != nil {
		return nil
	}
	text := msg.t.MyResponse
	if msg.body != "" {
		text = msg.body
	}
	return g.openForm(newRespondForm(g, msg.t, text))
}

func newRespondForm(g *groupScreen, t session.Task, text string) respondForm {
	cat := g.C.Cat
	f := form.New(cat.T("group.task_respond_title", t.Title))
	f.OnEnter = false
	f.Area(cat.T("group.task_response"), text, session.MaxTaskTextLen, 4)
	return respondForm{f: f, task: t.ID, given: t.MyResponse}
}

func (r respondForm) fields() *form.Form { return r.f }

func (r respondForm) submit(g *groupScreen) tea.Cmd {
	id, resp := r.task, r.f.Value(0)
	return g.change("group.task_done", nil, func(ctx context.Context, svc *session.Service, a session.Actor) error {
		if err := svc.CompleteTask(ctx, a, id, resp); err != nil {
			return err
		}
		return svc.SaveDraft(ctx, a, session.TaskDraftKey(id), "") // answered: no draft
	})
}

// Flush keeps an answer being written when the session ends (a dropped
// connection): the form opens on it next time.
func (g *groupScreen) Flush() {
	r, ok := g.form.(respondForm)
	if !ok || r.f.Value(0) == r.given {
		return
	}
	// The session's context may be ending; keep its values (the logger).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(g.C.Ctx), 5*time.Second)
	defer cancel()
	_ = g.C.Service.SaveDraft(ctx, g.C.Actor, session.TaskDraftKey(r.task), r.f.Value(0))
}
