package tui

import (
	"context"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/form"
)

// itemForm adds an agenda item after the selected one, or edits one.
type itemForm struct {
	f *form.Form
	// The item edited, fixed when the form opened (0: a new item): a
	// live reload while the person types may reorder the list.
	edit int64
}

func newItemForm(s *meetingScreen, it *session.AgendaItem) itemForm {
	cat := s.C.Cat
	cur := session.AgendaItem{Kind: session.KindDiscussion, Minutes: 10}
	title := cat.T("agenda.add_title")
	if it != nil {
		cur, title = *it, cat.T("agenda.edit_title", it.Title)
	}
	f := form.New(title)
	f.OnEnter = false
	f.Text(cat.T("agenda.item_title"), cur.Title, session.MaxTitleLen+10)
	var kinds, labels []string
	for _, k := range session.ItemKinds {
		kinds = append(kinds, string(k))
		labels = append(labels, cat.T("kind."+string(k)))
	}
	f.Choice(cat.T("agenda.item_kind"), kinds, labels, string(cur.Kind)).Compact = true
	f.Text(cat.T("agenda.item_minutes"), strconv.Itoa(cur.Minutes), 4).Hint = cat.T("agenda.item_minutes_hint", session.MaxItemMinutes)
	anon := "names"
	if cur.Anonymous {
		anon = "anonymous"
	}
	f.Choice(cat.T("agenda.item_reveal"), []string{"names", "anonymous"},
		[]string{cat.T("agenda.reveal_names"), cat.T("agenda.reveal_anonymous")}, anon).Compact = true
	f.Area(cat.T("agenda.item_prompt"), cur.Prompt, session.MaxPromptLen, 3)
	f.Focus = 0
	return itemForm{f, cur.ID}
}

func (i itemForm) fields() *form.Form { return i.f }

func (i itemForm) submit(s *meetingScreen) tea.Cmd {
	f, id := i.f, s.id
	it := session.AgendaItem{ID: i.edit, Title: f.Value(0), Kind: session.ItemKind(f.Value(1)), Minutes: atoiOr(f.Value(2)),
		Anonymous: f.Value(3) == "anonymous", Prompt: f.Value(4)}
	if i.edit != 0 {
		return s.change("agenda.saved", nil, -1, func(ctx context.Context, svc *session.Service, a session.Actor) error {
			_, err := svc.UpdateAgendaItem(ctx, a, it)
			return err
		})
	}
	// The new item goes right after the selected one, and the selection
	// follows it.
	var after int64
	at := len(s.items)
	if s.cursor < len(s.items) {
		after, at = s.items[s.cursor].ID, s.cursor+1
	}
	return s.change("agenda.added", nil, at, func(ctx context.Context, svc *session.Service, a session.Actor) error {
		if after == 0 {
			_, err := svc.AddAgendaItem(ctx, a, id, it)
			return err
		}
		_, err := svc.InsertAgendaItem(ctx, a, id, after, it)
		return err
	})
}

// detailsForm edits the meeting's title, theme, start, length and call
// link.
type detailsForm struct {
	f       *form.Form
	oldLink string
}

func newDetailsForm(s *meetingScreen) detailsForm {
	cat, mt, loc := s.C.Cat, s.meeting, s.C.Service.Loc
	f := form.New(cat.T("agenda.details_title"))
	f.Text(cat.T("agenda.meeting_title"), mt.Title, session.MaxTitleLen+10)
	f.Text(cat.T("agenda.meeting_theme"), mt.Theme, session.MaxThemeLen+10)
	start := ""
	if mt.Scheduled() {
		start = cat.StartInput(mt.StartsAt, loc)
	}
	f.Text(cat.T("agenda.meeting_start"), start, 24).Hint = cat.T("agenda.meeting_start_hint", session.ZoneName(loc, s.C.Now()))
	f.Text(cat.T("agenda.meeting_minutes"), strconv.Itoa(mt.Minutes), 4)
	f.Text(cat.T("agenda.meeting_link"), mt.Link, session.MaxLinkLen+10).Hint = cat.T("agenda.meeting_link_hint")
	f.Focus = 0
	return detailsForm{f, mt.Link}
}

func (d detailsForm) fields() *form.Form { return d.f }

func (d detailsForm) submit(s *meetingScreen) tea.Cmd {
	f, id := d.f, s.id
	title, theme, minutes := f.Value(0), f.Value(1), atoiOr(f.Value(3))
	startText := strings.TrimSpace(f.Value(2))
	link, oldLink := f.Value(4), d.oldLink
	return s.change("agenda.details_saved", nil, -1, func(ctx context.Context, svc *session.Service, a session.Actor) error {
		// A bad link refuses the whole form: nothing half-saved.
		if _, err := session.CleanLink(link); err != nil {
			return err
		}
		start := time.Time{}
		if startText != "" {
			var err error
			if start, err = session.ParseStart(startText, svc.Loc); err != nil {
				return err
			}
		}
		if _, err := svc.UpdateMeeting(ctx, a, id, session.MeetingUpdate{Title: &title, Theme: &theme, StartsAt: &start, Minutes: &minutes}); err != nil {
			return err
		}
		if link != oldLink {
			_, err := svc.SetMeetingLink(ctx, a, id, link)
			return err
		}
		return nil
	})
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
