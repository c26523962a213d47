package tui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
)

// The browser's reading pane: moving on, and what the author may do
// with their own text.

func (s *reflectionsScreen) readingKey(k tea.KeyPressMsg) tea.Cmd {
	km := s.keys.Reading
	switch {
	case key.Matches(k, km.Back):
		s.reading = false
		return nil
	case key.Matches(k, km.Help):
		s.C.Nav.ToggleHelp()
	case key.Matches(k, km.Next, km.NextAlt):
		if s.cursor+1 < len(s.items) {
			s.pager.top = 0
		}
		return s.moveTo(s.cursor + 1)
	case key.Matches(k, km.Prev, km.PrevAlt):
		if s.cursor > 0 {
			s.cursor, s.pager.top = s.cursor-1, 0
		}
	case key.Matches(k, km.Edit, km.Delete, km.History):
		return s.openOwn(k)
	case key.Matches(k, km.Visibility):
		if s.mayChangeVisibility() {
			return s.askVisibility()
		}
	default:
		s.pager.scroll(km.Pager, k)
	}
	return nil
}

// askVisibility moves the author's reflection to the next visibility;
// every change of who can read it asks first: one stray key changes
// nothing.
func (s *reflectionsScreen) askVisibility() tea.Cmd {
	if s.cursor >= len(s.items) {
		return nil
	}
	r := s.items[s.cursor]
	if r.AuthorID != s.C.Actor.Person.ID {
		s.err = s.C.Cat.T("reflections.not_yours")
		return nil
	}
	next := nextVisibility(r)
	s.confirm = component.NewConfirm(s.C, visibilityQuestion(s.C.Cat, r, next), func() tea.Cmd {
		return component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Reflection, error) {
			return svc.SetVisibility(ctx, a, r.ID, next)
		}, func(x *session.Reflection, err error) tea.Msg { return visibilitySetMsg{x, err} })
	})
	return nil
}

// openOwn opens the edit, delete or history screen for the reflection
// being read, if the person wrote it.
func (s *reflectionsScreen) openOwn(k tea.KeyPressMsg) tea.Cmd {
	if s.cursor >= len(s.items) {
		return nil
	}
	r := s.items[s.cursor]
	if r.AuthorID != s.C.Actor.Person.ID {
		s.err = s.C.Cat.T("edit.not_yours")
		return nil
	}
	km := s.keys.Reading
	switch {
	case key.Matches(k, km.Edit):
		return s.C.Nav.Push(newReflectionEditScreen(s.C, r, s.ID()))
	case key.Matches(k, km.Delete):
		return s.C.Nav.Push(newReflectionDeleteScreen(s.C, r, s.ID()))
	}
	return s.C.Nav.Push(newReflectionHistoryScreen(s.C, r))
}
