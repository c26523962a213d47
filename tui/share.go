package tui

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

// Sharing onward: the screen that makes a decision (what, to whom, how,
// when, then quotes picked from the group's reflections, each an excerpt
// marked by its first and last sentence; drawn in share_view.go), the
// author's answers (share_approvals.go), and the decisions as the
// evaluation tab and the viewer see them (share_lines.go).

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
	component.Base
	groupID int64
	done    func(status string) // tells the group screen, which reloads
	step    int
	form    *form.Form
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
	keys            shareKeyMap
}

// shareKeyMap is the keys of each step; the form's are the form's own,
// listed for help.
type shareKeyMap struct {
	Form struct {
		Next, Submit, Cancel, Prev, Choose key.Binding
	}
	Quotes struct {
		Whole, Excerpt, Save, Back, Up, Down key.Binding
	}
	Excerpt struct {
		Mark, All, Back, Up, Down key.Binding
	}
}

func newShareKeys(cat i18n.Catalog) shareKeyMap {
	b := func(label, desc string, keys ...string) key.Binding { return component.Bind(cat, label, desc, keys...) }
	var k shareKeyMap
	k.Form.Next, k.Form.Submit, k.Form.Cancel = b("tab", "key.next_field"), b("enter", "key.share_next"), b("esc", "key.cancel")
	k.Form.Prev, k.Form.Choose = b("shift+tab", "key.prev_field"), b("←/→", "key.choose", "left", "right")
	k.Quotes.Whole, k.Quotes.Excerpt = b("space", "key.quote_whole", "space", " ", "x"), b("e", "key.quote_excerpt", "e", "enter")
	k.Quotes.Save, k.Quotes.Back = b("ctrl+s", "key.save"), b("esc", "key.back")
	k.Quotes.Up, k.Quotes.Down = b("↑/↓", "key.select", "up", "k"), key.NewBinding(key.WithKeys("down", "j"))
	k.Excerpt.Mark, k.Excerpt.All = b("enter", "key.mark_sentence", "enter", "space", " "), b("a", "key.quote_whole")
	k.Excerpt.Back = b("esc", "key.back")
	k.Excerpt.Up, k.Excerpt.Down = b("↑/↓", "key.select", "up", "k"), key.NewBinding(key.WithKeys("down", "j"))
	return k
}

type shareData struct {
	targets []session.ShareTarget
	cands   []session.ShareCandidate
}

type shareDataMsg struct {
	shareData
	err error
}

type shareMadeMsg struct {
	sh  *session.Share
	err error
}

func newShareScreen(c *component.Common, groupID int64, done func(string)) *shareScreen {
	return &shareScreen{Base: component.NewBase(c), groupID: groupID, done: done, picks: map[int64]sharePick{}, keys: newShareKeys(c.Cat)}
}

func (s *shareScreen) Init() tea.Cmd {
	if s.loaded {
		return nil
	}
	gid := s.groupID
	return component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (shareData, error) {
		var d shareData
		var err error
		if d.targets, err = svc.ShareTargets(ctx, a, gid); err != nil {
			return d, err
		}
		d.cands, err = svc.ShareCandidates(ctx, a, gid)
		return d, err
	}, func(d shareData, err error) tea.Msg { return shareDataMsg{d, err} })
}

// Fields of the first step.
const (
	shareFieldWhat = iota
	shareFieldTo
	shareFieldName
	shareFieldHow
	shareFieldWhen
)

func (s *shareScreen) newForm() *form.Form {
	cat := s.C.Cat
	f := form.New(cat.T("share.title"))
	f.OnEnter = true
	f.Text(cat.T("share.what"), "", session.MaxShareTextLen)
	values, labels := []string{string(session.AudienceReaders)}, []string{cat.T("share.readers")}
	for _, t := range s.targets {
		values = append(values, strconv.FormatInt(t.ID, 10))
		labels = append(labels, cat.T("share.to_group", session.CleanLine(t.Name)))
	}
	values, labels = append(values, string(session.AudienceNamed)), append(labels, cat.T("share.to_named"))
	to := f.Choice(cat.T("share.to"), values, labels, string(session.AudienceReaders))
	to.Compact, to.Hint = true, cat.T("share.to_hint")
	f.Text(cat.T("share.named"), "", session.MaxAudienceNameLen).Hint = cat.T("share.named_hint")
	var hows, howLabels []string
	for _, h := range session.ShareHows {
		hows, howLabels = append(hows, string(h)), append(howLabels, format.HowText(cat, h))
	}
	f.Choice(cat.T("share.how"), hows, howLabels, string(session.HowTraining)).Compact = true
	f.Text(cat.T("share.when"), "", 12).Hint = cat.T("share.when_hint")
	f.Focus = 0
	f.Title = "" // the screen's header says it
	return f
}

// activeKeys is the keymap struct of the step, for the conflicts test.
func (s *shareScreen) activeKeys() any {
	switch s.step {
	case shareStepForm:
		return s.keys.Form
	case shareStepQuotes:
		return s.keys.Quotes
	}
	return s.keys.Excerpt
}

func (s *shareScreen) KeyMap() component.KeyMap {
	switch k := s.keys; s.step {
	case shareStepForm:
		return component.Keys([]key.Binding{k.Form.Next, k.Form.Submit, k.Form.Cancel}, k.Form.Prev, k.Form.Choose)
	case shareStepQuotes:
		return component.Keys([]key.Binding{k.Quotes.Whole, k.Quotes.Excerpt, k.Quotes.Save, k.Quotes.Back}, k.Quotes.Up)
	}
	k := s.keys.Excerpt
	return component.Keys([]key.Binding{k.Mark, k.All, k.Back}, k.Up)
}

func (s *shareScreen) Update(msg tea.Msg) tea.Cmd {
	cat := s.C.Cat
	switch msg := msg.(type) {
	case shareDataMsg:
		if msg.err != nil {
			s.err = cat.Err(msg.err)
			return nil
		}
		s.targets, s.cands, s.loaded = msg.targets, msg.cands, true
		s.form = s.newForm()
		return s.form.Refocus()
	case shareMadeMsg:
		s.busy = false
		if msg.err != nil {
			s.err = cat.Err(msg.err)
			return nil
		}
		if s.done != nil {
			status := cat.T("share.recorded_none")
			if n := len(msg.sh.Quotes); n > 0 {
				status = cat.N("share.recorded", n)
			}
			s.done(status)
		}
		return s.C.Nav.Pop()
	case tea.KeyPressMsg:
		if s.busy {
			return nil
		}
		if s.form == nil {
			if key.Matches(msg, s.keys.Form.Cancel) {
				return s.C.Nav.Pop()
			}
			return nil
		}
		switch s.step {
		case shareStepForm:
			return s.formKey(msg)
		case shareStepQuotes:
			return s.quotesKey(msg)
		case shareStepExcerpt:
			return s.excerptKey(msg)
		}
	}
	if s.form != nil && s.step == shareStepForm {
		_, cmd := s.form.Update(msg)
		return cmd
	}
	return nil
}

func (s *shareScreen) formKey(msg tea.KeyPressMsg) tea.Cmd {
	cat := s.C.Cat
	res, cmd := s.form.Update(msg)
	switch res {
	case form.Cancel:
		return s.C.Nav.Pop()
	case form.Submit:
		// The date is checked here, so that a typo is fixed before the
		// quotes are picked; the rest the Service checks on saving.
		if _, err := session.ParseShareDate(s.form.Value(shareFieldWhen)); err != nil {
			s.form.Err = cat.Err(err)
			return nil
		}
		named := s.form.Value(shareFieldTo) == string(session.AudienceNamed)
		if name := strings.TrimSpace(s.form.Value(shareFieldName)); !named && name != "" {
			s.form.Err = cat.T("share.name_unused")
			return nil
		} else if named && name == "" {
			s.form.Err = cat.Err(session.Errorf(session.EInvalid, session.MsgAudienceNameEmpty))
			return nil
		}
		if strings.TrimSpace(s.form.Value(shareFieldWhat)) == "" {
			s.form.Err = cat.Err(session.Errorf(session.EInvalid, session.MsgShareWhatEmpty))
			return nil
		}
		s.form.Err, s.err, s.step = "", "", shareStepQuotes
		return nil
	}
	return cmd
}

func (s *shareScreen) quotesKey(k tea.KeyPressMsg) tea.Cmd {
	km := s.keys.Quotes
	s.err = ""
	switch {
	case key.Matches(k, km.Back):
		s.step = shareStepForm
		return s.form.Refocus()
	case key.Matches(k, km.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(k, km.Down):
		s.cursor = min(s.cursor+1, max(len(s.cands)-1, 0))
	case key.Matches(k, km.Whole):
		if s.cursor < len(s.cands) {
			id := s.cands[s.cursor].ID
			if _, ok := s.picks[id]; ok {
				delete(s.picks, id)
			} else {
				s.picks[id] = sharePick{}
			}
		}
	case key.Matches(k, km.Excerpt):
		if s.cursor < len(s.cands) {
			s.step, s.sentence, s.start = shareStepExcerpt, 0, 0
		}
	case key.Matches(k, km.Save):
		return s.save()
	}
	return nil
}

func (s *shareScreen) excerptKey(k tea.KeyPressMsg) tea.Cmd {
	km := s.keys.Excerpt
	c := s.cands[s.cursor]
	switch {
	case key.Matches(k, km.Back):
		s.step = shareStepQuotes
	case key.Matches(k, km.Up):
		s.sentence = max(s.sentence-1, 0)
	case key.Matches(k, km.Down):
		s.sentence = min(s.sentence+1, max(len(c.Sentences)-1, 0))
	case key.Matches(k, km.All):
		s.picks[c.ID], s.step = sharePick{}, shareStepQuotes
	case key.Matches(k, km.Mark):
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
	in := session.ShareInput{GroupID: s.groupID, What: f.Value(shareFieldWhat), Audience: f.Value(shareFieldTo),
		How: f.Value(shareFieldHow), When: f.Value(shareFieldWhen)}
	if in.Audience == string(session.AudienceNamed) {
		in.AudienceName = f.Value(shareFieldName)
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

func (s *shareScreen) save() tea.Cmd {
	in, err := s.input()
	if err != nil {
		s.err = s.C.Cat.Err(err)
		return nil
	}
	s.busy = true
	return component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Share, error) {
		return svc.CreateShare(ctx, a, in)
	}, func(sh *session.Share, err error) tea.Msg { return shareMadeMsg{sh, err} })
}

// SetSize gives the open form its width, so that View only draws.
func (s *shareScreen) SetSize(width, height int) {
	s.Base.SetSize(width, height)
	if s.form != nil {
		s.form.SetSize(min(width, 90), height)
	}
}
