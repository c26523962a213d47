package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/tui/i18n"
)

// textScreen shows a long text, such as a meeting summary, with scrolling.
type textScreen struct {
	title string
	text  string
	top   int
	lines int
	room  int
}

func newTextScreen(title, text string) *textScreen { return &textScreen{title: title, text: text} }

func (t *textScreen) init(*App) tea.Cmd { return nil }

func (t *textScreen) keys(cat i18n.Catalog) keyMap {
	return keys([]key.Binding{binding(cat, "↑/↓", "key.scroll"), binding(cat, "esc", "key.back")})
}

func (t *textScreen) update(m *App, msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch k.String() {
	case "esc", "q":
		return m.pop()
	case "up", "k":
		t.top--
	case "down", "j":
		t.top++
	case "pgup":
		t.top -= t.room
	case "pgdown", "space":
		t.top += t.room
	}
	t.top = min(max(t.top, 0), max(t.lines-t.room, 0))
	return nil
}

func (t *textScreen) view(m *App, width, height int) string {
	body := strings.Split(lipgloss.NewStyle().Width(min(width, 100)).Render(t.text), "\n")
	t.lines, t.room = len(body), max(height-2, 1)
	t.top = min(t.top, max(t.lines-t.room, 0))
	end := min(t.top+t.room, len(body))
	return m.styles.Header.Width(width).Render(t.title) + "\n" + strings.Join(body[t.top:end], "\n")
}
