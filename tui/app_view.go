package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// View draws the current screen with a help bar, or the too-small notice.
func (m *App) View() tea.View {
	if (m.frameDue || m.unchanged) && m.drawn && !m.quitting {
		return m.last
	}
	m.last, m.drawn = m.view(), true
	return m.last
}

func (m *App) view() tea.View {
	v := tea.NewView("")
	v.AltScreen = true
	v.WindowTitle = "piiri"
	if m.quitting {
		// Wrapped: the last thing a person sees must not be cut off.
		v.SetContent(lipgloss.NewStyle().Width(max(m.width, 20)).Render(m.notice) + "\n")
		v.AltScreen = false
		return v
	}
	if m.width < MinWidth || m.height < MinHeight {
		v.SetContent(m.tooSmall())
		return v
	}
	helpView := m.helpView()
	bodyHeight := m.bodyHeight(helpView)
	body := m.screen.View()
	if m.exact() {
		// Drawn to size already: only make up the height.
		if n := strings.Count(body, "\n") + 1; n < bodyHeight {
			body += strings.Repeat("\n", bodyHeight-n)
		}
	} else {
		body = lipgloss.NewStyle().MaxWidth(m.width).MaxHeight(bodyHeight).Render(body)
		body = lipgloss.PlaceVertical(bodyHeight, lipgloss.Top, body)
	}
	v.SetContent(body + "\n\n" + helpView)
	return v
}

func (m *App) tooSmall() string {
	msg := m.cat.T("app.too_small", MinWidth, MinHeight, m.width, m.height)
	w := max(m.width, 1)
	msg = lipgloss.NewStyle().Width(w).Render(msg)
	return lipgloss.Place(w, max(m.height, 1), lipgloss.Center, lipgloss.Center, msg)
}
