package tui

import (
	"context"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
)

// What the reflection screens say about a reflection and about drafts,
// shared by the browser, the journal, the editor and home.

// dateOf shows a date in the viewer's conventions.
func dateOf(c *component.Common, t time.Time) string { return c.Cat.Date(t, c.Service.Loc) }

// startOf shows a time in the server's zone, naming the zone.
func startOf(c *component.Common, t time.Time) string {
	if t.IsZero() {
		return c.Cat.T("meeting.unscheduled")
	}
	return c.Cat.WhenZone(t, c.Service.Loc)
}

// where says where a reflection was written: group and meeting, or the
// journal.
func where(cat i18n.Catalog, r session.Reflection) string {
	switch {
	case r.MeetingTitle != "":
		return r.GroupName + " · " + r.MeetingTitle
	case r.GroupName != "":
		return r.GroupName + " · " + cat.T("reflections.journal")
	}
	return cat.T("reflections.journal")
}

// whereOf is the group a reflection is on, or the journal.
func whereOf(cat i18n.Catalog, r session.Reflection) string {
	switch {
	case r.MeetingTitle != "":
		return r.GroupName + " · " + r.MeetingTitle
	case r.GroupName != "":
		return r.GroupName
	}
	return cat.T("reflections.journal")
}

// visibleTo says who will read a text of this visibility.
func visibleTo(cat i18n.Catalog, vis session.Visibility, groupName string) string {
	switch {
	case vis == session.VisGroup:
		return cat.T("journal.visible_group")
	case vis == session.VisShared && groupName == "":
		return cat.T("journal.visible_shared_nogroup")
	case vis == session.VisShared:
		return cat.T("journal.visible_shared")
	}
	return cat.T("journal.visible_private")
}

// visibilityQuestion asks before a reflection's readers change.
func visibilityQuestion(cat i18n.Catalog, r session.Reflection, to session.Visibility) string {
	switch to {
	case session.VisShared:
		return cat.T("reflections.confirm_share")
	case session.VisGroup:
		return cat.T("reflections.confirm_group", r.GroupName)
	}
	return cat.T("reflections.confirm_private")
}

// nextVisibility cycles private → group → shared → private, skipping group
// for a reflection without one.
func nextVisibility(r session.Reflection) session.Visibility {
	switch r.Visibility {
	case session.VisPrivate:
		if r.GroupID == 0 {
			return session.VisShared
		}
		return session.VisGroup
	case session.VisGroup:
		return session.VisShared
	}
	return session.VisPrivate
}

type draftsMsg struct{ drafts []session.DraftPlace }

func draftsCall(ctx context.Context, svc *session.Service, a session.Actor) ([]session.DraftPlace, error) {
	return svc.Drafts(ctx, a)
}

// draftsWrap: on an error the notice is simply not shown.
func draftsWrap(ds []session.DraftPlace, _ error) tea.Msg { return draftsMsg{ds} }

// loadDraftsFor asks the same for the component to.
func loadDraftsFor(c *component.Common, to component.ID) tea.Cmd {
	return component.Call(c, to, draftsCall, draftsWrap)
}

// draftPlace names where a draft is, e.g. "Kevätryhmä, päiväkirja".
func draftPlace(cat i18n.Catalog, d session.DraftPlace) string {
	group := d.GroupName
	switch {
	case d.ReflectionID != 0:
		return cat.T("home.draft_edit", d.ReflectionID)
	case d.MeetingID != 0:
		if d.MeetingTitle != "" {
			group = strings.TrimPrefix(group+" · "+d.MeetingTitle, " · ")
		}
		return cat.T("home.draft_meeting", group)
	case group == "":
		return cat.T("reflections.journal")
	}
	return cat.T("home.draft_journal", group)
}

// draftNotice is the home screen's line about unfinished drafts.
func draftNotice(cat i18n.Catalog, ds []session.DraftPlace) string {
	// w leads to a journal draft; the others are reached where they are
	// (the meeting's room, the reflection's edit).
	key := "home.draft"
	if ds[0].MeetingID != 0 || ds[0].ReflectionID != 0 {
		key = "home.draft_at"
	}
	s := cat.T(key, draftPlace(cat, ds[0]))
	if len(ds) > 1 {
		s += " " + cat.N("home.drafts_more", len(ds)-1)
	}
	return s
}

// journalDefaultGroup is the group the journal form starts on: that of
// the newest journal draft, so that w from the home notice leads to it.
func journalDefaultGroup(ds []session.DraftPlace, groups []session.GroupSummary) string {
	for _, d := range ds {
		if d.ReflectionID != 0 || d.MeetingID != 0 {
			continue
		}
		for _, g := range groups {
			if g.ID == d.GroupID {
				return strconv.FormatInt(g.ID, 10)
			}
		}
		return "0"
	}
	return "0"
}
