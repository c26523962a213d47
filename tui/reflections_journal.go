package tui

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/writer"
)

// journalScreen writes a reflection outside meetings: a journal entry on a
// group, or on nothing. A form picks the group and who reads it, then the
// editor opens.
type journalScreen struct {
	component.Base
	groups  []session.GroupSummary
	form    *form.Form
	writer  *writer.Writer
	groupID int64
	vis     session.Visibility
	err     string
	confirm *component.Confirm // asking before releasing to the readers
	drafts  []session.DraftPlace
	keys    journalKeyMap
	saved   func(status string) // tells the screen below, which says so
}

// journalKeyMap: the form's keys are the form's own (shown for help);
// the editor's are the screen's.
type journalKeyMap struct {
	Form struct{ Next, Write, Cancel, Choose key.Binding }
	// Save is ctrl+s; Close keeps the draft.
	Writer struct{ Save, Close key.Binding }
}

type journalGroupsMsg struct {
	groups []session.GroupSummary
	err    error
}

type journalSavedMsg struct {
	r   *session.Reflection
	err error
}

func newJournalScreen(c *component.Common, saved func(status string)) *journalScreen {
	j := &journalScreen{Base: component.NewBase(c), saved: saved}
	cat := c.Cat
	// ctrl+s on the form opens the editor, saves nothing. ←/→ goes to the
	// full help (the ‹ › show it): with it esc was cut at 60 columns.
	j.keys.Form.Next = component.Bind(cat, "tab", "key.next_field")
	j.keys.Form.Write = component.Bind(cat, "ctrl+s", "key.write_text")
	j.keys.Form.Cancel = component.Bind(cat, "esc", "key.cancel")
	j.keys.Form.Choose = component.Bind(cat, "←/→", "key.choose", "left", "right")
	j.keys.Writer.Save = component.Bind(cat, "ctrl+s", "key.save_reflection")
	j.keys.Writer.Close = component.Bind(cat, "esc", "key.close_keep_draft")
	return j
}

func (j *journalScreen) Init() tea.Cmd {
	if j.form != nil || j.writer != nil {
		return nil
	}
	// Drafts first: the form starts on the group of the newest one.
	return tea.Sequence(loadDraftsFor(j.C, j.ID()), component.Call(j.C, j.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.GroupSummary, error) {
		return svc.Groups(ctx, a)
	}, func(g []session.GroupSummary, err error) tea.Msg { return journalGroupsMsg{g, err} }))
}

func (j *journalScreen) activeKeys() any {
	switch {
	case j.confirm != nil:
		return j.confirm.Keys()
	case j.writer != nil:
		return j.keys.Writer
	}
	return j.keys.Form
}

func (j *journalScreen) KeyMap() component.KeyMap {
	switch {
	case j.confirm != nil:
		return j.confirm.KeyMap()
	case j.writer != nil:
		return component.Keys([]key.Binding{j.keys.Writer.Save, j.keys.Writer.Close})
	}
	k := j.keys.Form
	return component.Keys([]key.Binding{k.Next, k.Write, k.Cancel}, k.Choose)
}

func (j *journalScreen) Update(msg tea.Msg) tea.Cmd {
	cmd := j.handle(msg)
	j.fit()
	return cmd
}

// newForm is the first step: which group, and who reads the text.
func (j *journalScreen) newForm() *form.Form {
	cat := j.C.Cat
	f := form.New("") // the screen's header already says it
	f.Intro = cat.T("journal.choose_first")
	values, labels := []string{"0"}, []string{cat.T("journal.no_group")}
	for _, g := range j.groups {
		values = append(values, strconv.FormatInt(g.ID, 10))
		labels = append(labels, g.Name)
	}
	f.Choice(cat.T("journal.group"), values, labels, journalDefaultGroup(j.drafts, j.groups)).Compact = true
	var vv, vl []string
	for _, v := range session.Visibilities {
		vv = append(vv, string(v))
		vl = append(vl, cat.T("visibility."+string(v)))
	}
	f.Choice(cat.T("reflections.visibility"), vv, vl, string(session.VisPrivate)).Compact = true
	f.Focus = 0
	return f
}

func (j *journalScreen) handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case journalGroupsMsg:
		j.groups = msg.groups
		j.form = j.newForm()
		return nil
	case draftsMsg:
		j.drafts = msg.drafts
		return nil
	case journalSavedMsg:
		if msg.err != nil {
			j.err = j.C.Cat.Err(msg.err)
			return nil
		}
		if j.saved != nil {
			j.saved(j.C.Cat.T("journal.saved"))
		}
		return j.C.Nav.Pop()
	case writer.DraftLoadedMsg, writer.DraftSavedMsg, writer.DraftTickMsg, writer.InsertMsg:
		if j.writer != nil {
			_, cmd := j.writer.Update(j.C, msg)
			return cmd
		}
		return nil
	}
	if j.writer != nil {
		return j.writerMsg(msg)
	}
	if j.form == nil {
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, j.keys.Form.Cancel) {
			return j.C.Nav.Pop()
		}
		return nil
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		// A paste is the text: it opens the editor with the group and
		// visibility chosen so far, rather than vanishing into a choice.
		open := j.openWriter()
		_, cmd := j.writer.Update(j.C, p)
		return tea.Batch(open, cmd)
	}
	res, cmd := j.form.Update(msg)
	switch res {
	case form.Cancel:
		return j.C.Nav.Pop()
	case form.Submit:
		return j.openWriter()
	}
	return cmd
}

// writerMsg is a message while the editor is open: ctrl+s saves,
// releasing to the readers after a question; esc closes, keeping the
// draft.
func (j *journalScreen) writerMsg(msg tea.Msg) tea.Cmd {
	k, isKey := msg.(tea.KeyPressMsg)
	if isKey && j.confirm != nil {
		if key.Matches(k, j.keys.Writer.Save) { // ctrl+s again is a yes too
			j.confirm = nil
			return j.save()
		}
		// Any other key but yes: not now.
		done, cmd := j.confirm.Update(k)
		if done {
			j.confirm = nil
		}
		return cmd
	}
	if isKey {
		switch {
		case key.Matches(k, j.keys.Writer.Close):
			// Saved before the editor goes: home then tells of it.
			j.writer.Flush(j.C)
			return j.C.Nav.Pop()
		case key.Matches(k, j.keys.Writer.Save):
			if j.vis == session.VisShared {
				j.confirm = component.NewConfirm(j.C, j.C.Cat.T("reflections.confirm_share"), j.save)
				return nil
			}
			return j.save()
		}
	}
	_, cmd := j.writer.Update(j.C, msg)
	return cmd
}

func (j *journalScreen) save() tea.Cmd {
	in := session.ReflectionInput{GroupID: j.groupID, Body: j.writer.Text(), Visibility: j.vis, DraftKey: j.writer.Key}
	return component.Call(j.C, j.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Reflection, error) {
		return svc.AddReflection(ctx, a, in)
	}, func(r *session.Reflection, err error) tea.Msg { return journalSavedMsg{r, err} })
}

// openWriter opens the editor for the group and visibility in the form.
func (j *journalScreen) openWriter() tea.Cmd {
	j.groupID, _ = strconv.ParseInt(j.form.Value(0), 10, 64)
	j.vis = session.Visibility(j.form.Value(1))
	j.writer = writer.New(session.JournalDraftKey(j.groupID), j.Height()-8)
	j.writer.To = j.ID() // a draft saved after the screen closed is dropped, not given to home
	// Sized now, so a paste before the first frame scrolls to its end,
	// not to where a narrower wrap put it.
	j.fit()
	return j.writer.Open(j.C)
}

func (j *journalScreen) SetSize(width, height int) {
	j.Base.SetSize(width, height)
	j.fit()
}

// fit gives the editor the rows the header and the question leave it.
func (j *journalScreen) fit() {
	if j.form != nil {
		j.form.SetSize(min(j.Width(), 80), j.Height())
	}
	if j.writer == nil {
		return
	}
	width, height := j.Width(), j.Height()
	q := 0
	if question := j.question(); question != "" {
		q = lipgloss.Height(question)
	}
	j.writer.SetSize(min(width-2, 100), max(height-7-max(q-2, 0)-lipgloss.Height(j.header())+1, 3))
}

// question is the open question, wrapped rather than losing its answer
// keys off the edge.
func (j *journalScreen) question() string {
	if j.confirm == nil {
		return ""
	}
	return j.confirm.View(j.Width()) + "\n"
}

func (j *journalScreen) View() string {
	st, width := j.C.Styles, j.Width()
	var b strings.Builder
	b.WriteString(st.Header.Width(width).Render(j.C.Cat.T("journal.title")) + "\n\n")
	if j.writer == nil {
		if j.form != nil {
			b.WriteString(j.form.Render(st))
		}
		return b.String()
	}
	b.WriteString(j.header() + j.writer.Area.View() + "\n")
	b.WriteString(st.Subtle.Render(truncate(j.writer.Status(j.C), width)) + "\n")
	b.WriteString(j.question())
	if j.err != "" {
		b.WriteString(st.Error.Render(truncate("✗ "+j.err, width)))
	}
	return b.String()
}

// header says where the text goes and who will read it, and, while this
// editor is empty, that a draft waits elsewhere.
func (j *journalScreen) header() string {
	st, cat, width := j.C.Styles, j.C.Cat, j.Width()
	group := ""
	for _, g := range j.groups {
		if g.ID == j.groupID {
			group = g.Name
		}
	}
	where := cat.T("journal.no_group")
	if group != "" {
		where = group
	}
	s := st.Subtle.Render(truncate(cat.T("journal.target", where, visibleTo(cat, j.vis, group)), width)) + "\n"
	if j.writer.Loaded && j.writer.Runes == 0 {
		for _, d := range j.drafts {
			if d.Key != j.writer.Key {
				s += lipgloss.NewStyle().Width(width).Render(st.Accent.Render("✎ "+cat.T("journal.draft_elsewhere", draftPlace(cat, d)))) + "\n"
				break
			}
		}
	}
	return s
}

// Flush saves the draft: the session is ending.
func (j *journalScreen) Flush() {
	if j.writer != nil {
		j.writer.Flush(j.C)
	}
}
