// Package component is the contract every screen and widget of the TUI
// keeps, in the spirit of soft-serve's Component: Init, Update, View,
// SetSize and a keymap, over a Common that one session's components
// share.
//
// The rules that come with it:
//   - View is pure: it reads the size SetSize stored and the state Update
//     built, and changes nothing.
//   - Results of service calls are addressed to the component that asked
//     (Call, Result), so a result never lands on whichever screen happens
//     to be on top.
//   - Text is translated in Update or View, never inside a Cmd's
//     goroutine: a Cmd returns data and errors, Update turns them into
//     words.
package component

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/style"
)

// Component is one screen or widget.
type Component interface {
	// ID addresses the component's service results (see Call).
	ID() ID
	// Init loads the component's data (again, when a screen comes back
	// to the top of the stack).
	Init() tea.Cmd
	// Update handles a message; the component changes itself.
	Update(msg tea.Msg) tea.Cmd
	// View draws the component at the size SetSize gave it.
	View() string
	// SetSize gives the component the room it has to draw in.
	SetSize(width, height int)
	// KeyMap is what the help bar and the full help show now.
	KeyMap() KeyMap
}

// Navigator is what a screen asks of the app around it. Navigation is
// synchronous: keys typed after the one that opened a screen reach the
// new screen.
type Navigator interface {
	Push(Component) tea.Cmd
	Pop() tea.Cmd
	Replace(Component) tea.Cmd
	ToggleHelp()
}

// Common is what one session's components share. The app owns it and
// changes it only on the program's goroutine (language, styles, the
// actor after joining); components hold a pointer to it.
type Common struct {
	Ctx     context.Context // the SSH session's: service calls end with it
	Service *session.Service
	Actor   session.Actor
	Cat     i18n.Catalog
	Styles  style.Styles
	IsDark  bool
	Nav     Navigator
	// Clock is the session's clock: bells, overtime, ticks and "today"
	// read it, so tests can set the time.
	Clock func() time.Time
	// Connect is the ssh command people use; HostKey the server's host
	// key fingerprint.
	Connect, HostKey string
	// Evict closes the session: the live room's hub calls it when the
	// session cannot keep up.
	Evict func()

	lastID ID
}

// Now is the session's current time.
func (c *Common) Now() time.Time {
	if c.Clock == nil {
		return time.Now()
	}
	return c.Clock()
}

// ID names one component of a session.
type ID uint64

// NewID returns an ID no other component of this session has.
func (c *Common) NewID() ID {
	c.lastID++
	return c.lastID
}

// Base is the part every component shares: its ID and size. Embed it.
type Base struct {
	C      *Common
	id     ID
	width  int
	height int
}

// NewBase gives a new component its ID.
func NewBase(c *Common) Base { return Base{C: c, id: c.NewID()} }

func (b *Base) ID() ID                    { return b.id }
func (b *Base) SetSize(width, height int) { b.width, b.height = width, height }
func (b *Base) Width() int                { return b.width }
func (b *Base) Height() int               { return b.height }

// Result is a service call's answer on its way to the component that
// asked. The app hands Msg to the component with ID To, wherever it is
// on the stack; if it is gone, the result is dropped.
type Result struct {
	To  ID
	Msg tea.Msg
}

// Call runs a service call off the update loop and addresses its result
// to the component to. wrap packs the value and error into a message; it
// runs in the Cmd's goroutine, so it must not translate anything.
func Call[T any](c *Common, to ID, f func(ctx context.Context, svc *session.Service, a session.Actor) (T, error), wrap func(T, error) tea.Msg) tea.Cmd {
	return Go(c, f, func(v T, err error) tea.Msg { return Result{To: to, Msg: wrap(v, err)} })
}

// Send addresses an already known message to a component, as a Cmd.
func Send(to ID, msg tea.Msg) tea.Cmd {
	return func() tea.Msg { return Result{To: to, Msg: msg} }
}

// Go runs a service call off the update loop and hands its result to
// whichever screen is on top, unaddressed: for widgets (the writer) whose
// messages carry their own key and reach their screen through it. wrap
// must not translate anything.
func Go[T any](c *Common, f func(ctx context.Context, svc *session.Service, a session.Actor) (T, error), wrap func(T, error) tea.Msg) tea.Cmd {
	ctx, svc, actor := c.Ctx, c.Service, c.Actor
	return func() tea.Msg { return wrap(f(ctx, svc, actor)) }
}
