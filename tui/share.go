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
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

// Sharing onward: the decisions on the evaluation tab, the screen that
// makes one (what, to whom, how, when, then quotes picked from the
// group's reflections, each an excerpt marked by its first and last
// sentence), the author's requests and what was shared with the viewer.

// wrapLines wraps text to width with an indent, as lines.
func wrapLines(text string, width, indent int) []string {
	w := max(min(width, 90)-indent, 10)
	return strings.Split(lipgloss.NewStyle().Width(w+indent).PaddingLeft(indent).Render(text), "\n")
}

// shareLines is the decisions in full: to whom, how and when in words,
// and every quote's state, with its excerpt where the viewer may read it.
func (ev *evaluation) shareLines(m *App, width int) []string {
	s, cat := m.styles, m.cat
	out := []string{"", s.Accent.Bold(true).Render(cat.T("share.heading"))}
	if len(ev.shares) == 0 {
		out = append(out, s.Subtle.Render("  "+cat.T("report.none")))
	}
	for _, sh := range ev.shares {
		out = append(out, wrapLines("• "+sh.What, width, 2)...)
		out = append(out, wrapLines(s.Subtle.Render(format.ShareLine(cat, sh)), width, 4)...)
		for _, q := range sh.Quotes {
			out = append(out, wrapLines("– "+format.QuoteLine(cat, q), width, 4)...)
			if q.Body != "" {
				out = append(out, wrapLines(s.Subtle.Render("”"+strings.ReplaceAll(q.Body, "\n", " ")+"”"), width, 6)...)
			}
		}
	}
	return out
}

// The share screen's steps.
const (
	shareStepForm = iota
	shareStepQuotes
	shareStepExcerpt
)

// sharePick is a reflection picked to quote: the whole text, or the
// sentences from..to (1-based).
type sharePick struct {
	from, to int // 0: the whole reflection
}

// shareScreen makes a decision on sharing onward.
type shareScreen struct {
	groupID int64
	done    func(status string) // tells the group screen, which reloads
	step    int
	form    *form
	targets []session.ShareTarget
	cands   []session.ShareCandidate
	loaded  bool
	picks   map[int64]sharePick
	cursor  int
	// The excerpt being marked: the sentence under the cursor and the
	// first one marked (0 until it is).
	sentence, start int
	busy            bool
	err             string
}

type shareDataMsg struct {
	targets []session.ShareTarget
	cands   []session.ShareCandidate
	err     error
}

type shareMadeMsg struct {
	sh  *session.Share
	err error
}

func newShareScreen(groupID int64, done func(string)) *shareScreen {
	return &shareScreen{groupID: groupID, done: done, picks: map[int64]sharePick{}}
}

func (s *shareScreen) init(m *App) tea.Cmd {
	if s.loaded {
		return nil
	}
	gid := s.groupID
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (shareDataMsg, error) {
		var d shareDataMsg
		var err error
		if d.targets, err = svc.ShareTargets(ctx, a, gid); err != nil {
			return d, err
		}
		d.cands, err = svc.ShareCandidates(ctx, a, gid)
		return d, err
	}, func(d shareDataMsg, err error) tea.Msg { d.err = err; return d })
}

// Fields of the first step.
const (
	shareFieldWhat = iota
	shareFieldTo
	shareFieldName
	shareFieldHow
	shareFieldWhen
)

func (s *shareScreen) newForm(m *App) *form {
	cat := m.cat
	f := newForm(cat.T("share.title"))
	f.onEnter = true
	f.text(cat.T("share.what"), "", session.MaxShareTextLen)
	values, labels := []string{string(session.AudienceReaders)}, []string{cat.T("share.readers")}
	for _, t := range s.targets {
		values = append(values, strconv.FormatInt(t.ID, 10))
		labels = append(labels, cat.T("share.to_group", session.CleanLine(t.Name)))
	}
	values, labels = append(values, string(session.AudienceNamed)), append(labels, cat.T("share.to_named"))
	to := f.choice(cat.T("share.to"), values, labels, string(session.AudienceReaders))
	to.compact, to.hint = true, cat.T("share.to_hint")
	f.text(cat.T("share.named"), "", session.MaxAudienceNameLen).hint = cat.T("share.named_hint")
	var hows, howLabels []string
	for _, h := range session.ShareHows {
		hows, howLabels = append(hows, string(h)), append(howLabels, format.HowText(cat, h))
	}
	f.choice(cat.T("share.how"), hows, howLabels, string(session.HowTraining)).compact = true
	f.text(cat.T("share.when"), "", 12).hint = cat.T("share.when_hint")
	f.focus = 0
	return f
}

func (s *shareScreen) keys(cat i18n.Catalog) keyMap {
	switch s.step {
	case shareStepForm:
		return keys([]key.Binding{binding(cat, "tab", "key.next_field"), binding(cat, "enter", "key.share_next"), binding(cat, "esc", "key.cancel")},
			binding(cat, "shift+tab", "key.prev_field"), binding(cat, "←/→", "key.choose"))
	case shareStepQuotes:
		return keys([]key.Binding{binding(cat, "space", "key.quote_whole"), binding(cat, "e", "key.quote_excerpt"),
			binding(cat, "ctrl+s", "key.save"), binding(cat, "esc", "key.back")}, binding(cat, "↑/↓", "key.select"))
	}
	return keys([]key.Binding{binding(cat, "enter", "key.mark_sentence"), binding(cat, "a", "key.quote_whole"),
		binding(cat, "esc", "key.back")}, binding(cat, "↑/↓", "key.select"))
}

func (s *shareScreen) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case shareDataMsg:
		if msg.err != nil {
			s.err = m.cat.Err(msg.err)
			return nil
		}
		s.targets, s.cands, s.loaded = msg.targets, msg.cands, true
		s.form = s.newForm(m)
		return s.form.refocus()
	case shareMadeMsg:
		s.busy = false
		if msg.err != nil {
			s.err = m.cat.Err(msg.err)
			return nil
		}
		if s.done != nil {
			s.done(m.cat.N("share.recorded", len(msg.sh.Quotes)))
		}
		return m.pop()
	case tea.KeyPressMsg:
		if s.busy {
			return nil
		}
		if s.form == nil {
			if msg.String() == "esc" {
				return m.pop()
			}
			return nil
		}
		switch s.step {
		case shareStepForm:
			return s.formKey(m, msg)
		case shareStepQuotes:
			return s.quotesKey(m, msg.String())
		case shareStepExcerpt:
			return s.excerptKey(m, msg.String())
		}
	}
	if s.form != nil && s.step == shareStepForm {
		_, cmd := s.form.update(msg)
		return cmd
	}
	return nil
}

func (s *shareScreen) formKey(m *App, msg tea.KeyPressMsg) tea.Cmd {
	res, cmd := s.form.update(msg)
	switch res {
	case formCancel:
		return m.pop()
	case formSubmit:
		// The date is checked here, so that a typo is fixed before the
		// quotes are picked; the rest the Service checks on saving.
		if _, err := session.ParseShareDate(s.form.value(shareFieldWhen)); err != nil {
			s.form.err = m.cat.Err(err)
			return nil
		}
		named := s.form.value(shareFieldTo) == string(session.AudienceNamed)
		if name := strings.TrimSpace(s.form.value(shareFieldName)); !named && name != "" {
			s.form.err = m.cat.T("share.name_unused")
			return nil
		} else if named && name == "" {
			s.form.err = m.cat.Err(session.Errorf(session.EInvalid, session.MsgAudienceNameEmpty))
			return nil
		}
		if strings.TrimSpace(s.form.value(shareFieldWhat)) == "" {
			s.form.err = m.cat.Err(session.Errorf(session.EInvalid, session.MsgShareWhatEmpty))
			return nil
		}
		s.form.err, s.err, s.step = "", "", shareStepQuotes
		return nil
	}
	return cmd
}

func (s *shareScreen) quotesKey(m *App, k string) tea.Cmd {
	s.err = ""
	switch k {
	case "esc":
		s.step = shareStepForm
		return s.form.refocus()
	case "up", "k":
		s.cursor = max(s.cursor-1, 0)
	case "down", "j":
		s.cursor = min(s.cursor+1, max(len(s.cands)-1, 0))
	case "space", " ", "x":
		if s.cursor < len(s.cands) {
			id := s.cands[s.cursor].ID
			if _, ok := s.picks[id]; ok {
				delete(s.picks, id)
			} else {
				s.picks[id] = sharePick{}
			}
		}
	case "e", "enter":
		if s.cursor < len(s.cands) {
			s.step, s.sentence, s.start = shareStepExcerpt, 0, 0
		}
	case "ctrl+s":
		return s.save(m)
	}
	return nil
}

func (s *shareScreen) excerptKey(m *App, k string) tea.Cmd {
	c := s.cands[s.cursor]
	switch k {
	case "esc":
		s.step = shareStepQuotes
	case "up", "k":
		s.sentence = max(s.sentence-1, 0)
	case "down", "j":
		s.sentence = min(s.sentence+1, max(len(c.Sentences)-1, 0))
	case "a":
		s.picks[c.ID], s.step = sharePick{}, shareStepQuotes
	case "enter", "space", " ":
		if len(c.Sentences) == 0 {
			return nil
		}
		n := s.sentence + 1
		if s.start == 0 {
			s.start = n
			return nil
		}
		from, to := min(s.start, n), max(s.start, n)
		if from == 1 && to == len(c.Sentences) {
			s.picks[c.ID] = sharePick{}
		} else {
			s.picks[c.ID] = sharePick{from: from, to: to}
		}
		s.step = shareStepQuotes
	}
	return nil
}

// input is the decision as the Service takes it.
func (s *shareScreen) input() (session.ShareInput, error) {
	f := s.form
	in := session.ShareInput{GroupID: s.groupID, What: f.value(shareFieldWhat), Audience: f.value(shareFieldTo),
		How: f.value(shareFieldHow), When: f.value(shareFieldWhen)}
	if in.Audience == string(session.AudienceNamed) {
		in.AudienceName = f.value(shareFieldName)
	}
	for _, c := range s.cands { // in the list's order
		p, ok := s.picks[c.ID]
		if !ok {
			continue
		}
		in.Quotes = append(in.Quotes, c.ID)
		if p.from > 0 {
			ex, err := session.ExcerptBetween(c.Body, p.from, p.to)
			if err != nil {
				return in, err
			}
			if in.Excerpts == nil {
				in.Excerpts = map[int64]string{}
			}
			in.Excerpts[c.ID] = ex
		}
	}
	return in, nil
}

func (s *shareScreen) save(m *App) tea.Cmd {
	in, err := s.input()
	if err != nil {
		s.err = m.cat.Err(err)
		return nil
	}
	s.busy = true
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Share, error) {
		return svc.CreateShare(ctx, a, in)
	}, func(sh *session.Share, err error) tea.Msg { return shareMadeMsg{sh, err} })
}

func (s *shareScreen) view(m *App, width, height int) string {
	st, cat := m.styles, m.cat
	var b strings.Builder
	b.WriteString(st.Header.Width(width).Render(cat.T("share.title")) + "\n")
	var body []string
	var focus int
	switch {
	case s.form == nil && s.err != "":
		return b.String() + "\n" + lipgloss.NewStyle().Width(width).Render(st.Error.Render("✗ "+s.err))
	case s.form == nil:
		return b.String() + st.Subtle.Render(cat.T("app.loading"))
	case s.step == shareStepForm:
		f := s.form
		f.title = ""
		return b.String() + "\n" + f.view(st, min(width, 90))
	case s.step == shareStepQuotes:
		body, focus = s.quoteLines(m, width)
	default:
		body, focus = s.excerptLines(m, width)
	}
	foot := s.footer(m, width)
	room := max(height-2-len(foot), 3)
	body = window(body, focus, room)
	b.WriteString(strings.Join(body, "\n") + "\n")
	b.WriteString(strings.Join(foot, "\n"))
	return b.String()
}

func (s *shareScreen) footer(m *App, width int) []string {
	st := m.styles
	var out []string
	if s.step == shareStepExcerpt {
		c := s.cands[s.cursor]
		if s.start > 0 && len(c.Sentences) > 0 {
			from, to := min(s.start, s.sentence+1), max(s.start, s.sentence+1)
			if ex, err := session.ExcerptBetween(c.Body, from, to); err == nil {
				out = append(out, wrapLines(st.Subtle.Render(m.cat.T("share.excerpt_preview", "”"+strings.ReplaceAll(ex, "\n", " ")+"”")), width, 2)...)
			}
		}
	}
	switch {
	case s.err != "":
		out = append(out, wrapLines(st.Error.Render("✗ "+s.err), width, 0)...)
	case s.busy:
		out = append(out, st.Subtle.Render(m.cat.T("app.loading")))
	}
	return out
}

// quoteLines is the list of reflections to quote, and the line of the
// one under the cursor.
func (s *shareScreen) quoteLines(m *App, width int) ([]string, int) {
	st, cat := m.styles, m.cat
	out := append([]string{st.Accent.Bold(true).Render(truncate(cat.T("share.pick_quotes"), width))},
		wrapLines(st.Subtle.Render(cat.T("share.pick_hint")), width, 0)...)
	if len(s.cands) == 0 {
		return append(out, st.Subtle.Render("  "+cat.T("share.no_candidates"))), 0
	}
	focus := 0
	for i, c := range s.cands {
		box := "[ ]"
		p, picked := s.picks[c.ID]
		switch {
		case picked && p.from > 0:
			box = "[“]"
		case picked:
			box = "[x]"
		}
		line := fmt.Sprintf("%s %s — %s · %s", box, format.FirstLine(c.Body), c.AuthorName, format.ShareDate(cat, c.CreatedAt))
		if i == s.cursor {
			focus = len(out)
			out = append(out, st.Focused.Render(truncate("› "+line, width)))
			if picked && p.from > 0 {
				ex, _ := session.ExcerptBetween(c.Body, p.from, p.to)
				out = append(out, wrapLines(st.Subtle.Render(cat.T("share.excerpt_chosen", p.from, p.to, "”"+strings.ReplaceAll(ex, "\n", " ")+"”")), width, 6)...)
			}
			continue
		}
		out = append(out, truncate("  "+line, width))
	}
	return out, focus
}

// excerptLines is the reflection's sentences, numbered and wrapped, with
// the marked ones barred, and the line of the one under the cursor.
func (s *shareScreen) excerptLines(m *App, width int) ([]string, int) {
	st, cat := m.styles, m.cat
	c := s.cands[s.cursor]
	out := []string{st.Accent.Bold(true).Render(truncate(cat.T("share.mark_title", c.AuthorName, format.ShareDate(cat, c.CreatedAt)), width))}
	if s.start == 0 {
		out = append(out, wrapLines(st.Subtle.Render(cat.T("share.mark_start")), width, 0)...)
	} else {
		out = append(out, wrapLines(st.Subtle.Render(cat.T("share.mark_end", s.start)), width, 0)...)
	}
	focus := 0
	for i, sen := range c.Sentences {
		n := i + 1
		mark := "  "
		if s.start > 0 && n >= min(s.start, s.sentence+1) && n <= max(s.start, s.sentence+1) {
			mark = "▌ "
		}
		cursor := " "
		if i == s.sentence {
			cursor, focus = "›", len(out)
		}
		// Sentences wrap under their text, so that all of it can be read.
		lines := wrapLines(strings.ReplaceAll(sen, "\n", " "), width, 7)
		lines[0] = fmt.Sprintf("%s%s%2d. %s", cursor, mark, n, strings.TrimLeft(lines[0], " "))
		for j := range lines {
			if j > 0 {
				lines[j] = " " + mark + lines[j][min(3, len(lines[j])):]
			}
			if i == s.sentence {
				lines[j] = st.Focused.Render(lines[j])
			}
		}
		out = append(out, lines...)
	}
	return out, focus
}

// approvalsScreen lets an author answer requests to quote their
// reflections, and withdraw an approval given earlier (with a question
// first: it takes the quote from every audience at once). The request
// under the cursor shows whole: who asks, which text, to whom, how, when.
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
	var lines []string
	if len(s.reqs) == 0 {
		lines = append(lines, st.Subtle.Render(cat.T("quote.no_requests")))
	}
	focus := 0
	for i, r := range s.reqs {
		// Where it stands first: on a narrow screen the end is cut off.
		status := format.QuoteStatus(cat, r.Quote)
		if r.Status == session.QuoteAsked {
			status = cat.T("quote.your_answer")
		}
		head := "[" + status + "] " + cat.T("quote.request_line", r.GroupName, r.What)
		if i != s.cursor {
			lines = append(lines, truncate("  "+head, width))
			continue
		}
		focus = len(lines)
		lines = append(lines, st.Focused.Render(truncate("› "+head, width)))
		// The request whole, wrapped: the text asked for is what matters.
		for _, l := range strings.Split(strings.TrimRight(format.RequestText(cat, r), "\n"), "\n")[1:] {
			lines = append(lines, wrapLines(st.Subtle.Render(strings.TrimSpace(l)), width, 4)...)
		}
	}
	// Messages wrap: on a phone the reason is the part that matters.
	var foot []string
	switch {
	case s.confirming:
		foot = wrapLines(st.Error.Render("? "+cat.T("quote.confirm_withdraw")), width, 0)
	case s.err != "":
		foot = wrapLines(st.Error.Render("✗ "+s.err), width, 0)
	case s.status != "":
		foot = wrapLines(st.OK.Render("✓ "+s.status), width, 0)
	}
	room := max(height-3-len(foot), 3)
	// Keep the whole request in view, from its head line down.
	start := min(max(focus, 0), max(len(lines)-room, 0))
	lines = lines[start:min(start+room, len(lines))]
	out := st.Header.Width(width).Render(cat.T("quote.requests_title")) + "\n\n" + strings.Join(lines, "\n") + "\n"
	if len(foot) > 0 {
		out += "\n" + strings.Join(foot, "\n")
	}
	return out
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
	return format.SharedText(cat, shares, false)
}
