package room

import (
	"context"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
)

// The self-assessment (A, an assessment item) and the feedback asked for
// when the meeting ends: forms of the room, moved here from the tui
// package, which no longer uses them.

type assessmentItemsMsg struct {
	items []string
	err   error
}

// evaluationSavedMsg says a form was stored; Update says thank you.
type evaluationSavedMsg struct {
	kind string
	err  error
}

// newAssessmentForm asks for a score per statement and free text. No
// score is preset; the statements show whole, the scale's anchors and who
// sees what are said first, and saving with a statement unrated asks.
func newAssessmentForm(c *component.Common, items []string) *form.Form {
	cat := c.Cat
	f := form.New(cat.T("assessment.title"))
	f.OnEnter = false
	f.Intro = cat.T("assessment.who_sees_self") + "\n" + cat.T("assessment.keys")
	for _, it := range items {
		sc := f.Scale(it)
		sc.Hint, sc.Anchors = cat.T("assessment.unanswered"), cat.T("assessment.anchors")
	}
	f.Area(cat.T("assessment.note"), "", session.MaxNoteLen, 2)
	f.Yes = cat.T("key.yes_key") // "save anyway?" takes k in Finnish
	f.Ask = func() string {
		if n := f.Unset(); n > 0 {
			return cat.N("assessment.confirm_unanswered", n)
		}
		return ""
	}
	f.Focus = 0
	return f
}

// newFeedbackForm is the pulse at the end of a meeting, with no preset
// score either.
func newFeedbackForm(c *component.Common) *form.Form {
	cat := c.Cat
	f := form.New(cat.T("feedback.title"))
	f.Intro = cat.T("assessment.who_sees") + "\n" + cat.T("assessment.keys")
	sc := f.Scale(cat.T("feedback.score"))
	sc.Hint, sc.Anchors = cat.T("assessment.unanswered"), cat.T("feedback.anchors")
	f.Text(cat.T("feedback.word"), "", session.MaxFeedbackWordLen)
	f.Yes = cat.T("key.yes_key")
	f.Ask = func() string {
		if f.Unset() > 0 && strings.TrimSpace(f.Value(1)) != "" {
			return cat.T("feedback.confirm_unanswered")
		}
		return ""
	}
	f.Focus = 0
	return f
}

// openForm opens a form over the room.
func (r *Screen) openForm(f *form.Form, kind string) tea.Cmd {
	r.evalForm, r.evalKind, r.mode = f, kind, evaluating
	return f.Refocus()
}

// atoiOr reads a whole number; anything else becomes -1, which the
// Service rejects with its own message.
func atoiOr(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return n
}

// submitEval sends the open self-assessment or feedback form.
func (r *Screen) submitEval() tea.Cmd {
	f, id, kind := r.evalForm, r.meetingID, r.evalKind
	f.Busy, f.Err = true, ""
	wrap := func(_ struct{}, err error) tea.Msg { return evaluationSavedMsg{kind, err} }
	if kind == "feedback" {
		score, word := atoiOr(f.Value(0)), f.Value(1)
		return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			return struct{}{}, svc.SubmitFeedback(ctx, a, id, score, word)
		}, wrap)
	}
	scores := make([]int, len(f.Fields)-1)
	for i := range scores {
		scores[i] = atoiOr(f.Value(i))
	}
	note := f.Value(len(f.Fields) - 1)
	return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.SubmitAssessment(ctx, a, id, scores, note)
	}, wrap)
}

// evaluated handles a stored (or refused) form.
func (r *Screen) evaluated(msg evaluationSavedMsg) tea.Cmd {
	cat := r.C.Cat
	if msg.err != nil {
		if r.evalForm != nil {
			r.evalForm.Busy = false
			r.evalForm.Err = cat.Err(msg.err)
		}
		return nil
	}
	r.evalForm = nil
	if msg.kind == "assessment" {
		r.shelved = nil
	}
	if r.mode == evaluating {
		r.mode = browsing
	}
	thanks := cat.T("assessment.saved")
	if msg.kind == "feedback" {
		thanks = cat.T("feedback.thanks")
	}
	if r.st != nil && !r.st.Ended {
		// In the live room a thank-you is a status line: it fades.
		return r.setStatus(true, thanks)
	}
	r.thanks = thanks
	return r.afterAssessment()
}

// afterAssessment opens the end-of-meeting feedback that waited for the
// self-assessment to close.
func (r *Screen) afterAssessment() tea.Cmd {
	if !r.feedbackNext || r.evalForm != nil {
		return nil
	}
	r.feedbackNext = false
	return r.openForm(newFeedbackForm(r.C), "feedback")
}
