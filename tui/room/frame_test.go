package room

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/style"
)

// frame is what the app gives a screen, for the room's tests: a stack to
// leave to, a help bar under the screen, the size left for it, and the
// app's "nothing changed" note. It draws as tui.App does.
type frame struct {
	c             *component.Common
	screen        component.Component
	stack         []component.Component
	width, height int
	help          help.Model
	unchanged     bool
	homed         string
}

// below is the screen under the room in tests.
type below struct{ component.Base }

func (*below) Init() tea.Cmd            { return nil }
func (*below) Update(tea.Msg) tea.Cmd   { return nil }
func (*below) View() string             { return "home" }
func (*below) KeyMap() component.KeyMap { return component.KeyMap{} }
func (f *frame) Push(c component.Component) tea.Cmd {
	f.stack = append(f.stack, f.screen)
	return f.show(c)
}
func (f *frame) Pop() tea.Cmd {
	c := f.stack[len(f.stack)-1]
	f.stack = f.stack[:len(f.stack)-1]
	return f.show(c)
}
func (f *frame) Replace(c component.Component) tea.Cmd { return f.show(c) }
func (f *frame) ToggleHelp()                           {}
func (f *frame) Unchanged()                            { f.unchanged = true }
func (f *frame) Home(notice string) tea.Cmd {
	f.homed, f.stack = notice, nil
	return f.show(&below{Base: component.NewBase(f.c)})
}

func (f *frame) show(c component.Component) tea.Cmd {
	f.screen = c
	f.layout()
	return nil
}

func (f *frame) top() component.Component { return f.screen }

func (f *frame) helpView() string {
	return f.help.ShortHelpView(component.FitBar(f.screen.KeyMap().ShortHelp(), f.width))
}

func (f *frame) layout() {
	f.help.SetWidth(f.width)
	f.screen.SetSize(f.width, f.height-lipgloss.Height(f.helpView())-1)
}

// Update hands msg to the screen on top and lays it out again.
func (f *frame) Update(msg tea.Msg) (*frame, tea.Cmd) {
	f.unchanged = false
	cmd := f.screen.Update(msg)
	f.layout()
	return f, cmd
}

// View draws the screen over its help bar.
func (f *frame) View() tea.View {
	helpView := f.helpView()
	bodyHeight := f.height - lipgloss.Height(helpView) - 1
	body := f.screen.View()
	if e, ok := f.screen.(interface{ Exact() bool }); ok && e.Exact() {
		if n := strings.Count(body, "\n") + 1; n < bodyHeight {
			body += strings.Repeat("\n", bodyHeight-n)
		}
	} else {
		body = lipgloss.NewStyle().MaxWidth(f.width).MaxHeight(bodyHeight).Render(body)
		body = lipgloss.PlaceVertical(bodyHeight, lipgloss.Top, body)
	}
	return tea.NewView(body + "\n\n" + helpView)
}

// newFrame is a frame of w×h in lang with the room on top.
func newFrame(lang session.Lang, me int64, w, h int) (*frame, *Screen) {
	f := &frame{width: w, height: h, help: help.New()}
	f.help.Styles = help.DefaultStyles(true)
	f.c = &component.Common{Ctx: context.Background(), Actor: session.Actor{Person: &session.Person{ID: me, Name: "x"}},
		Cat: i18n.For(lang), Styles: style.New(true), IsDark: true, Nav: f}
	f.screen = &below{Base: component.NewBase(f.c)}
	r := New(f.c, 7)
	r.me = me
	f.stack = []component.Component{f.screen}
	f.screen = r
	return f, r
}
