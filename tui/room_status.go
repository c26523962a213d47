package tui

import (
	"context"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// The room's rules as each person sees them: who drives, the call link,
// the writing count, the end warning, the draft kept at the end. Kept
// apart from the room's layout (room.go).

// roomHead is the header: the meeting and who drives on the first line,
// cut to width with the meeting's title giving way first, and the call
// link beside them when it fits whole, else on a line of its own, since
// people copy it from here. The link is an OSC 8 hyperlink, so that it
// opens with a click where the terminal lets it.
func (r *roomScreen) roomHead(m *App, width int) []string {
	st, cat := r.st, m.cat
	tail := "  ● " + cat.T("meeting.state.live") + " · " + r.driverText(cat)
	avail := max(width-2, 0) // the header's padding
	title := st.GroupName + " · " + st.Title
	rest := avail - ansi.StringWidth(tail)
	if st.Link == "" {
		return []string{truncate(truncate(title, max(rest, 1))+tail, avail)}
	}
	const icon = "🔗 "
	link := func(text string) string { return icon + ansi.SetHyperlink(st.Link) + text + ansi.ResetHyperlink() }
	// Beside the title when the title keeps at least what it needs up
	// to 20 columns.
	if tw := rest - 2 - ansi.StringWidth(icon) - ansi.StringWidth(st.Link); tw >= min(ansi.StringWidth(title), 20) {
		return []string{truncate(title, tw) + tail + "  " + link(st.Link)}
	}
	return []string{
		truncate(truncate(title, max(rest, 1))+tail, avail),
		link(truncate(st.Link, max(avail-ansi.StringWidth(icon), 8))),
	}
}

// driverText says who drives the meeting now.
func (r *roomScreen) driverText(cat i18n.Catalog) string {
	st := r.st
	if st.Driver == r.me {
		return cat.T("room.driver_you")
	}
	name := st.DriverName
	if p := st.Person(st.Driver); p != nil {
		name = p.Name
	}
	return cat.T("room.driver", name)
}

// handoffChoices are the people one may hand the meeting to: those here,
// oneself left out.
func (r *roomScreen) handoffChoices() []session.Presence {
	var out []session.Presence
	for _, p := range r.present() {
		if p.PersonID != r.me {
			out = append(out, p)
		}
	}
	return out
}

// ownsLead reports whether the viewer is one of the group's own leaders,
// who may take the meeting back.
func (r *roomScreen) ownsLead() bool {
	return r.st != nil && slices.Contains(r.st.Leaders, r.me)
}

// doneKey is d: it ends one's turn in a round, or else gives the word
// back.
func (r *roomScreen) doneKey() session.ActionKind {
	st := r.st
	if st.Round.Speaking() != r.me && st.Speaker == r.me {
		return session.ActEndWord
	}
	return session.ActTurn
}

// writtenLine is the leaders' count of who has submitted a text in a
// silent-writing item not yet revealed; "" otherwise.
func (r *roomScreen) writtenLine(m *App, it *session.AgendaItem) string {
	st := r.st
	if it == nil || it.Kind != session.KindWriting || st.IsRevealed(it.ID) || !r.leads() {
		return ""
	}
	n := st.Written[it.ID]
	return m.cat.N("room.written", n, max(st.HereCount(), n))
}

// confirmEndText asks whether to end, warning when others still write.
func (r *roomScreen) confirmEndText(cat i18n.Catalog) string {
	q := cat.T("room.confirm_end")
	if n := r.st.WritingOthers(r.me); n > 0 {
		q = cat.N("room.confirm_end_writing", n)
	}
	return q + yesNo(cat)
}

// draftsKeptMsg says whether what one was writing when the meeting ended
// is now in one's journal draft.
type draftsKeptMsg struct {
	kept bool
	err  error
}

// keepUnfinished saves what the person was still writing when the meeting
// ended — the reflection pane, drafts left in the meeting's items, a
// discussion message — into their journal draft on the group, after any
// draft already there. The journal opens it; draftsKeptMsg says where.
func (r *roomScreen) keepUnfinished(m *App) tea.Cmd {
	var itemKey, text, typed string
	if r.writer != nil {
		itemKey, text = r.writer.Key, r.writer.Text()
	}
	if r.typing {
		typed = strings.TrimSpace(r.input.Value())
	}
	id, journal := r.meetingID, session.JournalDraftKey(r.st.GroupID)
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (bool, error) {
		// The pane's newest text first, so that the move takes it along.
		if itemKey != "" {
			if err := svc.SaveDraft(ctx, a, itemKey, text); err != nil {
				return false, err
			}
		}
		kept, err := svc.KeepMeetingDrafts(ctx, a, id)
		if err != nil || typed == "" {
			return kept, err
		}
		old, err := svc.Draft(ctx, a, journal)
		if err != nil {
			return kept, err
		}
		if old = strings.TrimSpace(old); old != "" {
			typed = old + "\n\n" + typed
		}
		return true, svc.SaveDraft(ctx, a, journal, typed)
	}, func(kept bool, err error) tea.Msg { return draftsKeptMsg{kept, err} })
}

// keptNote is the ended room's line on the kept text, or "".
func (r *roomScreen) keptNote(m *App, width int) string {
	switch {
	case r.keptErr != "":
		return m.styles.Error.Width(min(width, 80)).Render("✗ " + r.keptErr)
	case r.kept:
		return m.styles.OK.Width(min(width, 80)).Render("✎ " + m.cat.T("room.draft_kept", r.st.GroupName))
	}
	return ""
}

// linkLine shows a meeting's call link, cut to width but clickable whole
// (OSC 8) where the terminal allows.
func linkLine(cat i18n.Catalog, link string, width int) string {
	text := truncate(cat.T("meeting.link", link), width)
	return ansi.SetHyperlink(link) + text + ansi.ResetHyperlink()
}

// speakerName is the round's speaker as the turn line names them, marked
// when they have dropped: the leader moves on with d (they count as
// skipped) or waits for them to come back.
func (r *roomScreen) speakerName(cat i18n.Catalog, id int64, name string) string {
	if p := r.st.Person(id); p != nil && !p.Here() {
		return name + " (" + cat.T("room.offline") + ")"
	}
	return name
}
