package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/tui/component"
)

// top is the screen on top; the app asks it optional questions (flusher,
// reloader, exact).
func (m *App) top() any { return m.screen }

// Push opens a component on top of the current one.
func (m *App) Push(c component.Component) tea.Cmd {
	m.stack = append(m.stack, m.screen)
	return m.show(c)
}

// Pop returns to the previous screen and refreshes it.
func (m *App) Pop() tea.Cmd {
	if len(m.stack) == 0 {
		return nil
	}
	c := m.stack[len(m.stack)-1]
	m.stack = m.stack[:len(m.stack)-1]
	return m.show(c)
}

// Replace swaps the current screen for another.
func (m *App) Replace(c component.Component) tea.Cmd { return m.show(c) }

// ToggleHelp shows or hides the full help.
func (m *App) ToggleHelp() { m.fullHelp = !m.fullHelp }

func (m *App) show(c component.Component) tea.Cmd {
	m.screen = c
	m.fullHelp = false
	m.layout()
	return c.Init()
}

// layout gives the screen on top the room it has under the help bar;
// Update calls it after every message, so View only reads.
func (m *App) layout() {
	if m.screen == nil {
		return
	}
	m.screen.SetSize(m.width, m.bodyHeight(m.helpView()))
}

// helpView is the help bar, or the full help while it is open.
func (m *App) helpView() string {
	keys := m.screen.KeyMap()
	if m.fullHelp {
		return m.help.FullHelpView(keys.FullHelp())
	}
	short := keys.ShortHelp()
	memo := barKey(m.width, m.isDark, short)
	if memo == m.bar.key {
		return m.bar.view
	}
	var lines []string
	for _, l := range component.BarLines(short, m.width) {
		lines = append(lines, m.help.ShortHelpView(l))
	}
	m.bar = helpBar{memo, strings.Join(lines, "\n")}
	return m.bar.view
}

func (m *App) bodyHeight(helpView string) int { return m.height - lipgloss.Height(helpView) - 1 }

// route hands a service result to the component that asked, wherever it
// is on the stack; a result for a screen already closed is dropped.
func (m *App) route(r component.Result) tea.Cmd {
	if m.screen.ID() == r.To {
		return m.screen.Update(r.Msg)
	}
	for _, c := range m.stack {
		if c.ID() == r.To {
			return c.Update(r.Msg)
		}
	}
	return nil
}
