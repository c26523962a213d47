package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/format"
)

// approvalsScreen lets an author answer requests to quote their
// reflections, and withdraw an approval given earlier (with a question
// first: it takes the quote from every audience at once). The request
// under the cursor shows whole: who asks, which text, to whom, how, when.
type approvalsScreen struct {
	component.Base
	reqs    []session.ApprovalRequest // every quote of the author's, any status
	cursor  int
	confirm *component.Confirm // asking whether to withdraw the approval under the cursor
	status  string
	err     string
	keys    approvalsKeyMap
}

type approvalsKeyMap struct {
	Approve, Decline, Withdraw, Up, Down, Back key.Binding
}

type approvalsMsg struct {
	reqs []session.ApprovalRequest
	err  error
}

// quoteAnsweredMsg is an answer or a withdrawal stored; statusKey is
// what to say, a catalog key.
type quoteAnsweredMsg struct {
	statusKey string
	err       error
}

func newApprovalsScreen(c *component.Common) *approvalsScreen {
	b := func(label, desc string, keys ...string) key.Binding {
		return component.Bind(c.Cat, label, desc, keys...)
	}
	return &approvalsScreen{Base: component.NewBase(c), keys: approvalsKeyMap{
		Approve: b("y", "key.approve"), Decline: b("n", "key.decline"), Withdraw: b("w", "key.withdraw"),
		Up: b("↑/↓", "key.select", "up", "k"), Down: key.NewBinding(key.WithKeys("down", "j")),
		Back: b("esc", "key.back", "esc", "q"),
	}}
}

func (s *approvalsScreen) Init() tea.Cmd {
	return component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.ApprovalRequest, error) {
		return svc.MyQuotes(ctx, a)
	}, func(r []session.ApprovalRequest, err error) tea.Msg { return approvalsMsg{r, err} })
}

func (s *approvalsScreen) activeKeys() any {
	if s.confirm != nil {
		return s.confirm.Keys()
	}
	return s.keys
}

func (s *approvalsScreen) KeyMap() component.KeyMap {
	if s.confirm != nil {
		return s.confirm.KeyMap()
	}
	// Only what can be done to the quote under the cursor: y on one
	// approved already, or w on one never approved, would only say no.
	k := s.keys
	var bar []key.Binding
	if r, ok := s.selected(); ok {
		switch r.Status {
		case session.QuoteAsked:
			bar = append(bar, k.Approve, k.Decline)
		case session.QuoteApproved:
			bar = append(bar, k.Withdraw)
		default:
			bar = append(bar, k.Approve)
		}
	}
	return component.Keys(append(bar, k.Up, k.Back))
}

// selected is the quote under the cursor, if any.
func (s *approvalsScreen) selected() (session.ApprovalRequest, bool) {
	if s.cursor >= len(s.reqs) {
		return session.ApprovalRequest{}, false
	}
	return s.reqs[s.cursor], true
}

func (s *approvalsScreen) Update(msg tea.Msg) tea.Cmd {
	cat := s.C.Cat
	switch msg := msg.(type) {
	case approvalsMsg:
		s.reqs, s.err = msg.reqs, ""
		if msg.err != nil {
			s.err = cat.Err(msg.err)
		}
		s.cursor = min(s.cursor, max(len(s.reqs)-1, 0))
		return nil
	case quoteAnsweredMsg:
		if msg.err != nil {
			s.err, s.status = cat.Err(msg.err), ""
			return nil
		}
		s.status, s.err = cat.T(msg.statusKey), ""
		return s.Init()
	case tea.KeyPressMsg:
		if s.confirm != nil {
			_, cmd := s.confirm.Update(msg)
			s.confirm = nil
			if cmd == nil {
				s.status = cat.T("quote.withdraw_kept")
			}
			return cmd
		}
		return s.key(msg)
	}
	return nil
}

func (s *approvalsScreen) key(k tea.KeyPressMsg) tea.Cmd {
	km := s.keys
	r, ok := s.selected()
	switch {
	case key.Matches(k, km.Back):
		return s.C.Nav.Pop()
	case key.Matches(k, km.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(k, km.Down):
		s.cursor = min(s.cursor+1, max(len(s.reqs)-1, 0))
	case key.Matches(k, km.Approve):
		if ok && r.Status != session.QuoteApproved {
			return s.answer(r, true)
		}
	case key.Matches(k, km.Decline):
		switch {
		case ok && r.Status == session.QuoteAsked:
			return s.answer(r, false)
		case ok && r.Status == session.QuoteApproved:
			s.askWithdraw(r)
		}
	case key.Matches(k, km.Withdraw):
		if ok && r.Status == session.QuoteApproved {
			s.askWithdraw(r)
		} else if ok {
			s.err, s.status = s.C.Cat.T("quote.nothing_to_withdraw"), ""
		}
	}
	return nil
}

// askWithdraw asks whether to withdraw r's approval: the yes key of the
// viewer's language withdraws, any other key keeps it.
func (s *approvalsScreen) askWithdraw(r session.ApprovalRequest) {
	s.status, s.err = "", ""
	s.confirm = component.NewConfirm(s.C, s.C.Cat.T("quote.confirm_withdraw"), func() tea.Cmd {
		return component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			_, err := svc.WithdrawQuote(ctx, a, r.ReflectionID, r.ShareID)
			return struct{}{}, err
		}, func(_ struct{}, err error) tea.Msg { return quoteAnsweredMsg{"quote.withdrawn_now", err} })
	})
}

func (s *approvalsScreen) answer(r session.ApprovalRequest, approve bool) tea.Cmd {
	status := "quote.declined_now"
	if approve {
		status = "quote.approved_now"
	}
	return component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.AnswerQuote(ctx, a, r.ShareID, r.ReflectionID, approve)
	}, func(_ struct{}, err error) tea.Msg { return quoteAnsweredMsg{status, err} })
}

func (s *approvalsScreen) View() string {
	st, cat, width, height := s.C.Styles, s.C.Cat, s.Width(), s.Height()
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
	case s.confirm != nil:
		foot = wrapLines(st.Error.Render("? "+s.confirm.Question()), width, 0)
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
