package tui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/cli"
	"github.com/piiri/piiri/tui/i18n"
)

// newAssessmentForm asks for a score per statement and free text. No
// score is preset; the statements show whole, the scale's anchors and who
// sees what are said first, and saving with a statement unrated asks.
func newAssessmentForm(m *App, items []string) *form {
	cat := m.cat
	f := newForm(cat.T("assessment.title"))
	f.onEnter = false
	f.intro = cat.T("assessment.who_sees") + "\n" + cat.T("assessment.keys")
	for _, it := range items {
		sc := f.scale(it)
		sc.hint, sc.anchors = cat.T("assessment.unanswered"), cat.T("assessment.anchors")
	}
	f.area(cat.T("assessment.note"), "", session.MaxNoteLen, 2)
	f.ask = func() string {
		if n := f.unset(); n > 0 {
			return cat.N("assessment.confirm_unanswered", n)
		}
		return ""
	}
	f.focus = 0
	return f
}

// newFeedbackForm is the pulse at the end of a meeting, with no preset
// score either.
func newFeedbackForm(m *App) *form {
	cat := m.cat
	f := newForm(cat.T("feedback.title"))
	f.intro = cat.T("assessment.who_sees") + "\n" + cat.T("assessment.keys")
	sc := f.scale(cat.T("feedback.score"))
	sc.hint, sc.anchors = cat.T("assessment.unanswered"), cat.T("feedback.anchors")
	f.text(cat.T("feedback.word"), "", session.MaxFeedbackWordLen)
	f.ask = func() string {
		if f.unset() > 0 && strings.TrimSpace(f.value(1)) != "" {
			return cat.T("feedback.confirm_unanswered")
		}
		return ""
	}
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
// after, and for leaders the programme's anonymous figures (from the
// report: means, how many answered both, the change over them) and
// sharing onward.
type evaluation struct {
	mine   *session.MyAssessment
	rep    *session.Report // leaders only
	shares []session.Share
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
			if ev.rep, err = svc.Report(ctx, a, groupID); err != nil {
				return nil, err
			}
		}
		return ev, nil
	}, func(ev *evaluation, err error) tea.Msg { return evaluationMsg{ev, err} })
}

// wrapText wraps text to width with an indent; nothing is cut.
func wrapText(text string, width, indent int) []string {
	w := max(width-indent, 10)
	out := strings.Split(lipgloss.NewStyle().Width(w).Render(text), "\n")
	for i := range out {
		out[i] = strings.Repeat(" ", indent) + strings.TrimRight(out[i], " ")
	}
	return out
}

// flow lays pieces out on as few lines as fit width, each line indented;
// a piece wider than the line wraps on its own lines.
func flow(pieces []string, width, indent int) []string {
	var out []string
	line := ""
	flush := func() {
		if line != "" {
			out = append(out, strings.Repeat(" ", indent)+line)
			line = ""
		}
	}
	for _, p := range pieces {
		switch {
		case indent+lipgloss.Width(p) > width:
			flush()
			out = append(out, wrapText(p, width, indent)...)
		case line == "":
			line = p
		case indent+lipgloss.Width(line)+3+lipgloss.Width(p) <= width:
			line += "   " + p
		default:
			flush()
			line = p
		}
	}
	flush()
	return out
}

// meanCell is a labelled bar, or why the mean is not shown.
func meanCell(cat i18n.Catalog, label string, a *session.AssessmentAggregate, i int) string {
	if a != nil && a.MeanShown(i) {
		return label + " " + cli.Bar(cat, a.Means[i], 10)
	}
	return label + " " + cli.AggregateCell(cat, a, i)
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
		out = append(out, s.Subtle.Render("  "+cat.T("assessment.anchors")))
		own := func(label string, ans *session.AssessmentAnswer, i int) string {
			if ans == nil || i >= len(ans.Scores) || ans.Scores[i] == 0 {
				return label + " –"
			}
			return label + " " + cli.Bar(cat, float64(ans.Scores[i]), 10)
		}
		for i, it := range ev.mine.Items {
			out = append(out, wrapText(it, width, 2)...)
			out = append(out, flow([]string{own(cat.T("assessment.before"), ev.mine.Before, i), own(cat.T("assessment.after"), ev.mine.After, i)}, width, 4)...)
		}
	}
	if !leads || ev.rep == nil {
		return append(out, ev.shareLines(m, width)...)
	}
	rep := ev.rep
	out = append(out, "")
	out = append(out, wrapText(s.Accent.Bold(true).Render(cat.T("assessment.group", session.MinAggregate)), width, 0)...)
	switch {
	case rep.Before == nil:
		out = append(out, s.Subtle.Render("  "+cat.T("assessment.none_yet")))
	case !rep.Before.Shown() && (rep.After == nil || !rep.After.Shown()):
		// Nothing to show per statement yet: say why, once per meeting.
		for _, a := range []*session.AssessmentAggregate{rep.Before, rep.After} {
			if a != nil {
				out = append(out, wrapText(a.Title+": "+cli.AggregateNote(cat, a.Respondents, a.Closed), width, 2)...)
			}
		}
	default:
		out = append(out, wrapText(s.Subtle.Render(cat.T("report.assessment_who", rep.Before.Title, cli.AggregateAnswered(cat, rep.Before),
			cli.AfterTitle(rep), cli.AggregateAnswered(cat, rep.After))), width, 2)...)
		for i, it := range rep.Assessment {
			out = append(out, wrapText(it, width, 2)...)
			pieces := []string{meanCell(cat, cat.T("assessment.before"), rep.Before, i)}
			if rep.After != nil {
				pieces = append(pieces, meanCell(cat, cat.T("assessment.after"), rep.After, i))
			}
			if i < len(rep.Change) {
				c := rep.Change[i]
				pieces = append(pieces, cat.T("assessment.change")+" "+cli.ChangeCell(cat, c), cat.N("assessment.both", c.Pairs))
			}
			out = append(out, flow(pieces, width, 4)...)
		}
		out = append(out, wrapText(s.Subtle.Render(cat.T("report.pairs_note")), width, 2)...)
		if slices.ContainsFunc(rep.Change, func(c session.AssessmentChange) bool { return c.Withheld }) {
			out = append(out, wrapText(s.Subtle.Render(cat.T("report.withheld_note", session.MinAggregate)), width, 2)...)
		}
	}
	out = append(out, "", s.Accent.Bold(true).Render(cat.T("feedback.group")))
	if len(rep.Feedback) == 0 {
		out = append(out, s.Subtle.Render("  "+cat.T("report.none")))
	}
	for _, f := range rep.Feedback {
		out = append(out, wrapText(f.Title, width, 2)...)
		if !f.MeanShown() {
			out = append(out, wrapText(cli.FeedbackMeanCell(cat, f), width, 4)...)
		} else {
			out = append(out, flow([]string{cli.Bar(cat, f.Mean, 10), cat.N("report.answered", f.Respondents)}, width, 4)...)
		}
		if f.Shown() && len(f.Words) > 0 {
			out = append(out, wrapText(strings.Join(f.Words, ", "), width, 4)...)
		}
	}
	out = append(out, wrapText(s.Subtle.Render(cat.T("report.leaders_apart")), width, 2)...)
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
