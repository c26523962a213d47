package room

import (
	"context"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
)

// The room's rules as each person sees them: who drives, the call link,
// the writing count, the end warning, the draft kept at the end. Kept
// apart from the room's layout (layout.go).

// driverText says who drives the meeting now.
func (r *Screen) driverText(cat i18n.Catalog) string {
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

// canHandOff reports whether there is anyone to hand the meeting to
// (handoffChoices, without making the list: the key bar asks on every
// redraw).
func (r *Screen) canHandOff() bool {
	for _, p := range r.st.People {
		if p.Here() && p.PersonID != r.me {
			return true
		}
	}
	return false
}

// handoffChoices are the people one may hand the meeting to: those here,
// oneself left out.
func (r *Screen) handoffChoices() []session.Presence {
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
func (r *Screen) ownsLead() bool {
	return r.st != nil && slices.Contains(r.st.Leaders, r.me)
}

// doneKey is d: it ends one's turn in a round, or else gives the word
// back.
func (r *Screen) doneKey() session.ActionKind {
	st := r.st
	if st.Round.Speaking() != r.me && st.Speaker == r.me {
		return session.ActEndWord
	}
	return session.ActTurn
}

// writtenLine is the leaders' count of who has submitted a text in a
// silent-writing item not yet revealed; "" otherwise.
func (r *Screen) writtenLine(it *session.AgendaItem) string {
	st := r.st
	if it == nil || it.Kind != session.KindWriting || st.IsRevealed(it.ID) || !r.leads() {
		return ""
	}
	n := st.Written[it.ID]
	return r.C.Cat.N("room.written", n, max(st.HereCount(), n))
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
func (r *Screen) keepUnfinished() tea.Cmd {
	var itemKey, text, typed string
	if r.writer != nil {
		itemKey, text = r.writer.Key, r.writer.Text()
	}
	if r.mode == typing {
		typed = strings.TrimSpace(r.input.value())
	}
	id, journal := r.meetingID, session.JournalDraftKey(r.st.GroupID)
	return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (bool, error) {
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
func (r *Screen) keptNote(width int) string {
	switch {
	case r.keptErr != "":
		return r.C.Styles.Error.Width(min(width, 80)).Render("✗ " + r.keptErr)
	case r.kept:
		return r.C.Styles.OK.Width(min(width, 80)).Render("✎ " + r.C.Cat.T("room.draft_kept", r.st.GroupName))
	}
	return ""
}

// speakerName is the round's speaker as the turn line names them, marked
// when they have dropped: the leader moves on with d (they count as
// skipped) or waits for them to come back.
func (r *Screen) speakerName(cat i18n.Catalog, id int64, name string) string {
	if p := r.st.Person(id); p != nil && !p.Here() {
		return name + " (" + cat.T("room.offline") + ")"
	}
	return name
}
