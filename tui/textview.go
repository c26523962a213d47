package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
)

// pager is a scroll position over lines shown in a fixed number of rows:
// the same keys wherever a long text is read. fit sets the text's length
// and the rows (in Update or SetSize); lines only reads.
type pager struct {
	top   int // first line shown
	total int // lines in the text
	room  int // rows to show them in
}

// pagerKeyMap is the scroll keys. Up carries the help bar's one entry for
// all of them, so that the bar keeps room for the screen's own keys; the
// full help explains the page keys one by one.
type pagerKeyMap struct {
	Up, Down, PgUp, PgDown, Home, End key.Binding
}

func newPagerKeys(cat i18n.Catalog) pagerKeyMap {
	return pagerKeyMap{
		Up:     component.Bind(cat, "↑↓ pgup/pgdn", "key.scroll", "up", "k"),
		Down:   key.NewBinding(key.WithKeys("down", "j")),
		PgUp:   component.Bind(cat, "pgup", "key.page_up", "pgup", "shift+space"),
		PgDown: component.Bind(cat, "pgdn/space", "key.page_down", "pgdown", "space"),
		// home/end is in the full help: with it the bar lost esc at 60 columns.
		Home: component.Bind(cat, "home/end", "key.start_end", "home"),
		End:  key.NewBinding(key.WithKeys("end")),
	}
}

// short is the scroll keys' entry in a help bar; more the full help's.
func (k pagerKeyMap) short() []key.Binding { return []key.Binding{k.Up} }
func (k pagerKeyMap) more() []key.Binding  { return []key.Binding{k.PgDown, k.PgUp, k.Home} }

// scroll moves by the key; it reports whether the key was a scroll key.
func (p *pager) scroll(km pagerKeyMap, k tea.KeyPressMsg) bool {
	page := max(p.room-1, 1) // one line stays in view, so the eye keeps its place
	switch {
	case key.Matches(k, km.Up):
		p.top--
	case key.Matches(k, km.Down):
		p.top++
	case key.Matches(k, km.PgUp):
		p.top -= page
	case key.Matches(k, km.PgDown):
		p.top += page
	case key.Matches(k, km.Home):
		p.top = 0
	case key.Matches(k, km.End):
		p.top = p.total
	default:
		return false
	}
	p.clamp()
	return true
}

func (p *pager) clamp() { p.top = min(max(p.top, 0), max(p.total-p.room, 0)) }

// fit is the text's length and the rows it has; the position stays
// within them.
func (p *pager) fit(total, room int) {
	p.total, p.room = total, max(room, 1)
	p.clamp()
}

// lines is the part of lines in view, as fit left it.
func (p *pager) lines(lines []string) []string {
	top := min(p.top, len(lines))
	return lines[top:min(top+p.room, len(lines))]
}

// position says which lines are in view: "lines 12–31/140".
func (p *pager) position(cat i18n.Catalog) string {
	if p.total == 0 {
		return ""
	}
	return cat.T("pager.position", p.top+1, min(p.top+p.room, p.total), p.total)
}

// textScreen shows a long text, such as a report, with scrolling. The
// text is laid out once per width and background (in SetSize), not on
// every frame.
type textScreen struct {
	component.Base
	title  string
	render func(width int, dark bool) string
	pager  pager
	lines  []string
	laidW  int  // width lines was laid out for
	laidBg bool // background (dark) it was laid out for
	keys   textKeyMap
}

type textKeyMap struct {
	Pager      pagerKeyMap
	Back, Help key.Binding
}

func newTextView(c *component.Common, title string, render func(width int, dark bool) string) *textScreen {
	return &textScreen{Base: component.NewBase(c), title: title, render: render,
		keys: textKeyMap{Pager: newPagerKeys(c.Cat), Back: component.Bind(c.Cat, "esc", "key.back", "esc", "q"),
			Help: component.Bind(c.Cat, "?", "key.help")}}
}

func newTextScreen(c *component.Common, title, text string) *textScreen {
	return newTextView(c, title, func(width int, _ bool) string {
		return lipgloss.NewStyle().Width(min(width, 100)).Render(text)
	})
}

// newMarkdownScreen shows Markdown rendered: headings, tables, emphasis.
func newMarkdownScreen(c *component.Common, title, md string) *textScreen {
	return newTextView(c, title, func(width int, dark bool) string {
		return renderMarkdown(md, min(width, 100), dark)
	})
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

func (t *textScreen) Init() tea.Cmd { return nil }

func (t *textScreen) KeyMap() component.KeyMap {
	// ? opens the help, where the page keys are.
	return component.Keys(append(t.keys.Pager.short(), t.keys.Back, t.keys.Help), t.keys.Pager.more()...)
}

func (t *textScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, t.keys.Back):
		return t.C.Nav.Pop()
	case key.Matches(k, t.keys.Help):
		t.C.Nav.ToggleHelp()
		return nil
	}
	t.pager.scroll(t.keys.Pager, k)
	return nil
}

// SetSize lays the text out again only when the width or background
// changed; the app calls it after every message.
func (t *textScreen) SetSize(width, height int) {
	t.Base.SetSize(width, height)
	if t.lines == nil || t.laidW != width || t.laidBg != t.C.IsDark {
		t.lines = strings.Split(t.render(width, t.C.IsDark), "\n")
		t.laidW, t.laidBg = width, t.C.IsDark
	}
	t.pager.fit(len(t.lines), height-2)
}

func (t *textScreen) View() string {
	st := t.C.Styles
	return st.Header.Width(t.Width()).Render(t.title) + "\n" + strings.Join(t.pager.lines(t.lines), "\n") + "\n" +
		st.Subtle.Render(t.pager.position(t.C.Cat))
}

// activeKeys is the screen's keymap struct, for the conflicts test.
func (t *textScreen) activeKeys() any { return t.keys }
