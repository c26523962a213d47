package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/cli"
	"github.com/piiri/piiri/tui/i18n"
)

// scoreChoice is a 1–5 field.
func scoreChoice(f *form, label, selected string) {
	values := []string{"1", "2", "3", "4", "5"}
	f.choice(label, values, values, selected).compact = true
}

// newAssessmentForm asks for a score per statement and free text.
func newAssessmentForm(m *App, items []string) *form {
	f := newForm(m.cat.T("assessment.title"))
	f.onEnter = false
	for _, it := range items {
		scoreChoice(f, it, "3")
		f.fields[len(f.fields)-1].long = true // a statement is read whole
	}
	f.area(m.cat.T("assessment.note"), "", session.MaxNoteLen, 2)
	f.focus = 0
	return f
}

// newFeedbackForm is the pulse at the end of a meeting.
func newFeedbackForm(m *App) *form {
	f := newForm(m.cat.T("feedback.title"))
	scoreChoice(f, m.cat.T("feedback.score"), "4")
	f.text(m.cat.T("feedback.word"), "", session.MaxFeedbackWordLen)
	f.focus = 0
	return f
}

type assessmentItemsMsg struct {
	items []string
	err   error
}

type evaluationSavedMsg struct {
	status string
	err    error
}

// evaluation is the group screen's evaluation tab: one's own before and
// after, and for leaders the anonymous aggregates and sharing onward.
type evaluation struct {
	mine     *session.MyAssessment
	aggs     []session.AssessmentAggregate
	feedback []session.FeedbackAggregate
	shares   []session.Share
}

type evaluationMsg struct {
	ev  *evaluation
	err error
}

func loadEvaluation(m *App, groupID int64, leads bool) tea.Cmd {
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*evaluation, error) {
		ev := &evaluation{}
		var err error
		if ev.mine, err = svc.MyAssessment(ctx, a, groupID); err != nil {
			return nil, err
		}
		if ev.shares, err = svc.Shares(ctx, a, groupID); err != nil {
			return nil, err
		}
		if leads {
			if ev.aggs, err = svc.AssessmentAggregates(ctx, a, groupID); err != nil {
				return nil, err
			}
			if ev.feedback, err = svc.FeedbackAggregates(ctx, a, groupID); err != nil {
				return nil, err
			}
		}
		return ev, nil
	}, func(ev *evaluation, err error) tea.Msg { return evaluationMsg{ev, err} })
}

// lines draws the tab.
func (ev *evaluation) lines(m *App, width int, leads bool) []string {
	s, cat := m.styles, m.cat
	var out []string
	out = append(out, s.Accent.Bold(true).Render(cat.T("assessment.mine")))
	switch {
	case ev.mine == nil || ev.mine.Before == nil:
		out = append(out, s.Subtle.Render("  "+cat.T("assessment.none_yet")))
	default:
		out = append(out, s.Subtle.Render(fmt.Sprintf("  %-30s %-15s %s", "", cat.T("assessment.before"), cat.T("assessment.after"))))
		for i, it := range ev.mine.Items {
			before, after := "–", "–"
			if i < len(ev.mine.Before.Scores) {
				before = cli.Bar(float64(ev.mine.Before.Scores[i]), 10)
			}
			if ev.mine.After != nil && i < len(ev.mine.After.Scores) {
				after = cli.Bar(float64(ev.mine.After.Scores[i]), 10)
			}
			out = append(out, truncate(fmt.Sprintf("  %-30s %-15s %s", truncate(it, 30), before, after), width))
		}
	}
	if !leads {
		return append(out, ev.shareLines(m, width)...)
	}
	out = append(out, "", s.Accent.Bold(true).Render(cat.N("assessment.group", session.MinAggregate)))
	if len(ev.aggs) == 0 {
		out = append(out, s.Subtle.Render("  "+cat.T("assessment.none_yet")))
	}
	for _, a := range ev.aggs {
		if !a.Shown() {
			out = append(out, truncate("  "+a.Title+": "+cli.AggregateNote(cat, a.Respondents, a.Closed), width))
			continue
		}
		out = append(out, truncate(fmt.Sprintf("  %s (%s)", a.Title, cat.N("report.answered", a.Respondents)), width))
		for i, it := range ev.mine.Items {
			if i < len(a.Means) {
				out = append(out, truncate(fmt.Sprintf("    %-30s %s", truncate(it, 30), cli.Bar(a.Means[i], 10)), width))
			}
		}
	}
	out = append(out, "", s.Accent.Bold(true).Render(cat.T("feedback.group")))
	if len(ev.feedback) == 0 {
		out = append(out, s.Subtle.Render("  "+cat.T("report.none")))
	}
	for _, f := range ev.feedback {
		if !f.Shown() {
			out = append(out, truncate("  "+f.Title+": "+cli.AggregateNote(cat, f.Respondents, f.Closed), width))
			continue
		}
		out = append(out, truncate(fmt.Sprintf("  %-30s %s  %s  %s", truncate(f.Title, 30), cli.Bar(f.Mean, 10), cat.N("report.answered", f.Respondents), strings.Join(f.Words, ", ")), width))
	}
	out = append(out, s.Subtle.Render("  "+cat.T("report.leaders_apart")))
	return append(out, ev.shareLines(m, width)...)
}

func (ev *evaluation) shareLines(m *App, width int) []string {
	s, cat := m.styles, m.cat
	out := []string{"", s.Accent.Bold(true).Render(cat.T("share.heading"))}
	if len(ev.shares) == 0 {
		out = append(out, s.Subtle.Render("  "+cat.T("report.none")))
	}
	for _, sh := range ev.shares {
		out = append(out, truncate(fmt.Sprintf("  • %s → %s (%s)", sh.What, audienceName(cat, sh), cat.T("share.how."+string(sh.How))), width))
		for _, q := range sh.Quotes {
			out = append(out, truncate(fmt.Sprintf("      “%s” — %s · %s", cli.FirstLine(q.Body), q.AuthorName, cli.QuoteStatus(cat, q)), width))
		}
	}
	return out
}

func audienceName(cat i18n.Catalog, sh session.Share) string {
	if sh.Audience == session.AudienceReaders {
		return cat.T("share.readers")
	}
	return sh.AudienceName
}

// newShareForm records what the group shares onward.
func newShareForm(m *App) *form {
	f := newForm(m.cat.T("share.title"))
	f.text(m.cat.T("share.what"), "", session.MaxShareTextLen)
	f.text(m.cat.T("share.to"), "readers", 20).hint = m.cat.T("share.to_hint")
	var hows, labels []string
	for _, h := range session.ShareHows {
		hows = append(hows, string(h))
		labels = append(labels, m.cat.T("share.how."+string(h)))
	}
	f.choice(m.cat.T("share.how"), hows, labels, string(session.HowExport)).compact = true
	f.text(m.cat.T("share.quotes"), "", 100).hint = m.cat.T("share.quotes_hint")
	f.focus = 0
	return f
}

func shareInput(groupID int64, f *form) session.ShareInput {
	in := session.ShareInput{GroupID: groupID, What: f.value(0), Audience: f.value(1), How: f.value(2)}
	for _, q := range strings.FieldsFunc(f.value(3), func(r rune) bool { return r == ',' || r == ' ' }) {
		if id, err := strconv.ParseInt(strings.TrimPrefix(q, "#"), 10, 64); err == nil {
			in.Quotes = append(in.Quotes, id)
		} else {
			in.Quotes = append(in.Quotes, -1) // refused by the Service with its message
		}
	}
	return in
}

// approvalsScreen lets an author answer requests to quote their
// reflections, and withdraw an approval given earlier (with a question
// first: it takes the quote from every audience at once).
type approvalsScreen struct {
	reqs       []session.ApprovalRequest // every quote of the author's, any status
	cursor     int
	confirming bool // asking whether to withdraw the approval under the cursor
	status     string
	err        string
}

type approvalsMsg struct {
	reqs []session.ApprovalRequest
	err  error
}

func newApprovalsScreen() *approvalsScreen { return &approvalsScreen{} }

func (s *approvalsScreen) init(m *App) tea.Cmd {
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.ApprovalRequest, error) {
		return svc.MyQuotes(ctx, a)
	}, func(r []session.ApprovalRequest, err error) tea.Msg { return approvalsMsg{r, err} })
}

func (s *approvalsScreen) keys(cat i18n.Catalog) keyMap {
	if s.confirming {
		return keys([]key.Binding{binding(cat, "y", "key.confirm_withdraw"), binding(cat, "esc", "key.keep_approval")})
	}
	return keys([]key.Binding{binding(cat, "y", "key.approve"), binding(cat, "n", "key.decline"), binding(cat, "w", "key.withdraw"),
		binding(cat, "↑/↓", "key.select"), binding(cat, "esc", "key.back")})
}

// selected is the quote under the cursor, if any.
func (s *approvalsScreen) selected() (session.ApprovalRequest, bool) {
	if s.cursor >= len(s.reqs) {
		return session.ApprovalRequest{}, false
	}
	return s.reqs[s.cursor], true
}

func (s *approvalsScreen) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case approvalsMsg:
		s.reqs, s.err = msg.reqs, ""
		if msg.err != nil {
			s.err = m.cat.Err(msg.err)
		}
		s.cursor = min(s.cursor, max(len(s.reqs)-1, 0))
		return nil
	case evaluationSavedMsg:
		if msg.err != nil {
			s.err, s.status = m.cat.Err(msg.err), ""
			return nil
		}
		s.status, s.err = msg.status, ""
		return s.init(m)
	case tea.KeyPressMsg:
		if s.confirming {
			return s.confirm(m, msg.String())
		}
		r, ok := s.selected()
		switch msg.String() {
		case "esc", "q":
			return m.pop()
		case "up", "k":
			s.cursor = max(s.cursor-1, 0)
		case "down", "j":
			s.cursor = min(s.cursor+1, max(len(s.reqs)-1, 0))
		case "y":
			if ok && r.Status != session.QuoteApproved {
				return s.answer(m, r, true)
			}
		case "n":
			switch {
			case ok && r.Status == session.QuoteAsked:
				return s.answer(m, r, false)
			case ok && r.Status == session.QuoteApproved:
				s.confirming, s.status, s.err = true, "", ""
			}
		case "w":
			if ok && r.Status == session.QuoteApproved {
				s.confirming, s.status, s.err = true, "", ""
			} else if ok {
				s.err, s.status = m.cat.T("quote.nothing_to_withdraw"), ""
			}
		}
	}
	return nil
}

// confirm answers the question whether to withdraw: y withdraws, any other
// key keeps the approval.
func (s *approvalsScreen) confirm(m *App, key string) tea.Cmd {
	s.confirming = false
	r, ok := s.selected()
	if key != "y" || !ok {
		s.status = m.cat.T("quote.withdraw_kept")
		return nil
	}
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		_, err := svc.WithdrawQuote(ctx, a, r.ReflectionID, r.ShareID)
		return struct{}{}, err
	}, func(_ struct{}, err error) tea.Msg { return evaluationSavedMsg{m.cat.T("quote.withdrawn_now"), err} })
}

func (s *approvalsScreen) answer(m *App, r session.ApprovalRequest, approve bool) tea.Cmd {
	status := m.cat.T("quote.declined_now")
	if approve {
		status = m.cat.T("quote.approved_now")
	}
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.AnswerQuote(ctx, a, r.ShareID, r.ReflectionID, approve)
	}, func(_ struct{}, err error) tea.Msg { return evaluationSavedMsg{status, err} })
}

func (s *approvalsScreen) view(m *App, width, height int) string {
	st, cat := m.styles, m.cat
	var b strings.Builder
	b.WriteString(st.Header.Width(width).Render(cat.T("quote.requests_title")) + "\n\n")
	if len(s.reqs) == 0 {
		b.WriteString(st.Subtle.Render(cat.T("quote.no_requests")) + "\n")
	}
	wrap := lipgloss.NewStyle().Width(min(width, 90)).PaddingLeft(4)
	for i, r := range s.reqs {
		// Where it stands first: on a narrow screen the end is cut off.
		status := cli.QuoteStatus(cat, r.Quote)
		if r.Status == session.QuoteAsked {
			status = cat.T("quote.your_answer")
		}
		head := "[" + status + "] " + cat.T("quote.request_line", r.GroupName, r.What, cli.AudienceName(cat, r.Audience))
		if i != s.cursor {
			b.WriteString(truncate("  "+head, width) + "\n")
			continue
		}
		b.WriteString(st.Focused.Render(truncate("› "+head, width)) + "\n")
		b.WriteString(wrap.Render(st.Subtle.Render("#"+strconv.FormatInt(r.ReflectionID, 10)+" “"+cli.FirstLine(r.Excerpt)+"”")) + "\n")
	}
	// Messages wrap: on a phone the reason is the part that matters.
	msg := lipgloss.NewStyle().Width(min(width, 90))
	switch {
	case s.confirming:
		b.WriteString("\n" + msg.Render(st.Error.Render("? "+cat.T("quote.confirm_withdraw"))))
	case s.err != "":
		b.WriteString("\n" + msg.Render(st.Error.Render("✗ "+s.err)))
	case s.status != "":
		b.WriteString("\n" + msg.Render(st.OK.Render("✓ "+s.status)))
	}
	return b.String()
}

// sharedScreen shows what groups have shared onward to the viewer.
func newSharedScreen(m *App) tea.Cmd {
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.Share, error) {
		return svc.SharedWithMe(ctx, a)
	}, func(sh []session.Share, err error) tea.Msg {
		return sharedLoadedMsg{sh, err}
	})
}

type sharedLoadedMsg struct {
	shares []session.Share
	err    error
}

// sharedText renders shared items for a text screen, as the shared
// command prints them.
func sharedText(cat i18n.Catalog, shares []session.Share) string {
	return cli.SharedText(cat, shares, false)
}
