package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/tui/i18n"
)

// pager is a scroll position over lines shown in a fixed number of rows:
// the same keys wherever a long text is read.
type pager struct {
	top   int // first line shown
	total int // lines in the text
	room  int // rows to show them in
}

// scroll moves by the key; it reports whether the key was a scroll key.
func (p *pager) scroll(k string) bool {
	page := max(p.room-1, 1) // one line stays in view, so the eye keeps its place
	switch k {
	case "up", "k":
		p.top--
	case "down", "j":
		p.top++
	case "pgup", "shift+space":
		p.top -= page
	case "pgdown", "space":
		p.top += page
	case "home":
		p.top = 0
	case "end":
		p.top = p.total
	default:
		return false
	}
	p.clamp()
	return true
}

func (p *pager) clamp() { p.top = min(max(p.top, 0), max(p.total-p.room, 0)) }

// show is the part of lines that fits in room rows at the position.
func (p *pager) show(lines []string, room int) []string {
	p.total, p.room = len(lines), max(room, 1)
	p.clamp()
	return lines[p.top:min(p.top+p.room, p.total)]
}

// position says which lines are in view: "lines 12–31/140".
func (p *pager) position(cat i18n.Catalog) string {
	if p.total == 0 {
		return ""
	}
	return cat.T("pager.position", p.top+1, min(p.top+p.room, p.total), p.total)
}

// pagerKeys are the scroll keys as the help bar shows them: one entry,
// so that the bar keeps room for the screen's own keys.
func pagerKeys(cat i18n.Catalog) []key.Binding {
	// home/end is in the full help: with it the bar lost esc at 60 columns.
	return []key.Binding{binding(cat, "↑↓ pgup/pgdn", "key.scroll")}
}

// pagerMoreKeys are the scroll keys the full help (?) explains one by one.
func pagerMoreKeys(cat i18n.Catalog) []key.Binding {
	return []key.Binding{binding(cat, "pgdn/space", "key.page_down"), binding(cat, "pgup", "key.page_up"), binding(cat, "home/end", "key.start_end")}
}

// textScreen shows a long text, such as a report, with scrolling. The
// text is laid out once per width and background, not on every frame.
type textScreen struct {
	title  string
	render func(m *App, width int) string
	pager  pager
	lines  []string
	laidW  int  // width lines was laid out for
	laidBg bool // background (dark) it was laid out for
}

func newTextScreen(title, text string) *textScreen {
	return &textScreen{title: title, render: func(_ *App, width int) string {
		return lipgloss.NewStyle().Width(min(width, 100)).Render(text)
	}}
}

// newMarkdownScreen shows Markdown rendered: headings, tables, emphasis.
func newMarkdownScreen(title, md string) *textScreen {
	return &textScreen{title: title, render: func(m *App, width int) string {
		return renderMarkdown(md, min(width, 100), m.isDark)
	}}
}

// renderMarkdown renders Markdown for a terminal of width columns. The
// style is fixed by the session's background, never asked of a terminal:
// the server's own terminal is not the reader's.
func renderMarkdown(md string, width int, dark bool) string {
	cfg := styles.LightStyleConfig
	if dark {
		cfg = styles.DarkStyleConfig
	}
	// Headings show as headings, not as Markdown's #-marks.
	for _, h := range []*ansi.StyleBlock{&cfg.H2, &cfg.H3, &cfg.H4, &cfg.H5, &cfg.H6} {
		h.Prefix = ""
	}
	underline := true
	cfg.H2.Underline = &underline
	margin := uint(1)
	cfg.Document.Margin = &margin
	r, err := glamour.NewTermRenderer(glamour.WithStyles(cfg), glamour.WithWordWrap(max(width-2*int(margin), 20)))
	if err != nil {
		return md
	}
	out, err := r.Render(md)
	if err != nil {
		return md
	}
	return strings.Trim(out, "\n")
}

func (t *textScreen) init(m *App) tea.Cmd {
	t.layout(m, m.width)
	return nil
}

func (t *textScreen) keys(cat i18n.Catalog) keyMap {
	return keys(append(pagerKeys(cat), binding(cat, "esc", "key.back")), pagerMoreKeys(cat)...)
}

func (t *textScreen) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg.(type) {
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		t.layout(m, m.width)
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch k.String() {
	case "esc", "q":
		return m.pop()
	}
	t.pager.scroll(k.String())
	return nil
}

// layout lays the text out again only when the width or background changed.
func (t *textScreen) layout(m *App, width int) {
	if t.lines == nil || t.laidW != width || t.laidBg != m.isDark {
		t.lines = strings.Split(t.render(m, width), "\n")
		t.laidW, t.laidBg = width, m.isDark
	}
}

func (t *textScreen) view(m *App, width, height int) string {
	t.layout(m, width) // laid out in update already, unless the width is new
	body := t.pager.show(t.lines, height-2)
	return m.styles.Header.Width(width).Render(t.title) + "\n" + strings.Join(body, "\n") + "\n" +
		m.styles.Subtle.Render(t.pager.position(m.cat))
}
