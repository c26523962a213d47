package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/room"
	"github.com/piiri/piiri/tui/style"
)

// The smallest terminal piiri lays out for; below it the app says so
// instead of drawing a broken screen.
const (
	MinWidth  = 60
	MinHeight = 16
)

// ShutdownMsg tells a session that the server is stopping.
type ShutdownMsg struct{}

// AppOptions is what one SSH session's app needs.
type AppOptions struct {
	Ctx         context.Context // the SSH session's context: service calls end with it
	Service     *session.Service
	Actor       session.Actor
	Environ     []string // the client's environment (LANG)
	DefaultLang session.Lang
	KeyType     string
	Width       int
	Height      int
	Evict       func()        // closes the session; the hub calls it when the session cannot keep up
	IdleTimeout time.Duration // no keypress for this long outside a live room ends the session; 0: never
	JoinMeeting int64         // start in this meeting's live room (ssh -t HOST join MEETING)
	Connect     string        // the ssh command people use, e.g. "ssh -p 23234 localhost"
	HostKey     string        // the server's host key fingerprint (SHA256:…)
	// JoinIdleTimeout is IdleTimeout for a key that has not joined yet:
	// a stranger's place on the join screen is held only briefly.
	JoinIdleTimeout time.Duration
	Joined          func(personID int64) // called when the key joins on the onboarding screen
	// Clock is the session's clock; nil is time.Now. Tests set the time.
	Clock func() time.Time
	// ColorProfile is the colours the client's terminal shows; the
	// styles use only those. Unknown (the zero value) is left as it is.
	ColorProfile colorprofile.Profile
	// FrameInterval, when set, draws typing at most once per interval
	// (see App.frameDue); 0 draws after every message.
	FrameInterval time.Duration
}

// App is the root model of one SSH session.
type App struct {
	opts     AppOptions
	actor    session.Actor
	cat      i18n.Catalog
	styles   Styles
	isDark   bool
	width    int
	height   int
	c        *component.Common // what the components share; cat, styles, actor mirror it
	screen   component.Component
	stack    []component.Component
	help     help.Model
	fullHelp bool
	quitting bool
	notice   string
	lastKey  time.Time
	watch    *session.GroupWatch // wakes the screens when a group's meetings change
	watching bool                // the watch was asked for
	// Typing draws at most a frame a second's twentieth: bubbletea asks
	// for the view after every message, and a long paste arriving as
	// keystrokes spent most of its time drawing screens nobody saw.
	frameDue bool     // a frameMsg is on its way; until then the last view stands
	last     tea.View // the last view drawn
	drawn    bool
	// unchanged: the message just handled changed nothing on screen, so
	// the last view stands (bubbletea asks for a view after every
	// message; the idle check alone redrew every session once a minute).
	unchanged bool
	// dropNoted: the session's drop from a live room is recorded.
	dropNoted bool
	bar       helpBar // the help bar's memo (helpView)
}

type frameMsg struct{}

// nextFrame asks for a fresh view a frame from now, once.
func (m *App) nextFrame() tea.Cmd {
	if m.frameDue || m.opts.FrameInterval <= 0 {
		return nil
	}
	m.frameDue = true
	return tea.Tick(m.opts.FrameInterval, func(time.Time) tea.Msg { return frameMsg{} })
}

type idleCheckMsg struct{}

// idleCheck looks at the idle time often enough to end a session within
// a small part of the timeout.
func (m *App) idleCheck() tea.Cmd {
	limit := m.idleTimeout()
	if limit <= 0 {
		return nil
	}
	every := min(max(limit/10, 50*time.Millisecond), time.Minute)
	return tea.Tick(every, func(time.Time) tea.Msg { return idleCheckMsg{} })
}

// idleTimeout is how long this session may go without a keypress: the
// join screen's shorter limit until the key has joined.
func (m *App) idleTimeout() time.Duration {
	if !m.actor.Known() && m.opts.JoinIdleTimeout > 0 &&
		(m.opts.IdleTimeout <= 0 || m.opts.JoinIdleTimeout < m.opts.IdleTimeout) {
		return m.opts.JoinIdleTimeout
	}
	return m.opts.IdleTimeout
}

// NewApp builds the app for a session: onboarding for an unknown key,
// home for a person.
func NewApp(opts AppOptions) *App {
	m := &App{
		opts:   opts,
		actor:  opts.Actor,
		isDark: true,
		width:  opts.Width,
		height: opts.Height,
		help:   help.New(),
	}
	m.c = &component.Common{Ctx: opts.Ctx, Service: opts.Service, Actor: opts.Actor, Nav: m,
		Clock: opts.Clock, Connect: opts.Connect, HostKey: opts.HostKey, Evict: opts.Evict}
	m.setLang(i18n.Choose(opts.Actor.Person, opts.Environ, opts.DefaultLang))
	m.setStyles()
	if opts.Actor.Known() {
		m.screen = newHome(m)
		// A return after a drop is used up by any new session; only a
		// plain connection follows it.
		join := m.returnRoom()
		if opts.JoinMeeting != 0 {
			join = opts.JoinMeeting
		}
		if join != 0 {
			m.stack = []component.Component{m.screen}
			m.screen = room.New(m.c, join)
		}
	} else {
		m.screen = newOnboarding(m)
	}
	return m
}

func (m *App) setLang(l session.Lang) {
	m.cat = i18n.For(l)
	m.c.Cat = m.cat
}

func (m *App) setStyles() {
	// In the terminal's own colours: the renderer then writes lines as
	// they are (style.Downsample).
	m.styles = NewStyles(m.isDark).Downsample(m.opts.ColorProfile, m.isDark)
	m.c.Styles, m.c.IsDark = m.styles, m.isDark
	m.help.Styles = style.DownsampleHelp(help.DefaultStyles(m.isDark), m.opts.ColorProfile, m.isDark)
}

// setActor is who the session is now: after joining, a person.
func (m *App) setActor(a session.Actor) {
	m.actor = a
	m.c.Actor = a
}

// setPerson is the person as they are now (a new name or language).
func (m *App) setPerson(p *session.Person) {
	m.actor.Person = p
	m.c.Actor.Person = p
}

// quit ends the session: the person asked to.
func (m *App) quit() tea.Cmd {
	m.quitting = true
	return tea.Quit
}

// Home replaces every screen with the home screen, saying notice there
// as an error (e.g. that the person was removed from a group).
func (m *App) Home(notice string) tea.Cmd {
	m.stack = nil
	h := newHome(m)
	h.err = notice
	return m.Replace(h)
}

// now is the session's clock.
func (m *App) now() time.Time { return m.c.Now() }

// Init asks the client's terminal for its background colour and loads the
// first screen.
func (m *App) Init() tea.Cmd {
	m.lastKey = m.now()
	m.layout()
	return tea.Batch(tea.RequestBackgroundColor, m.screen.Init(), m.idleCheck(), m.startWatch())
}

// Update handles what every screen shares, then the current screen, and
// lays the screen out for the next View.
func (m *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	model, cmd := m.update(msg)
	if !m.unchanged { // nothing on screen changed: neither did its layout
		m.layout()
	}
	return model, cmd
}

func (m *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.unchanged = false
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.setStyles()
	case ShutdownMsg:
		m.notice = m.cat.T("app.shutting_down")
		m.quitting = true
		return m, tea.Quit
	case idleCheckMsg:
		k, ok := m.top().(interface{ KeepsAlive() bool })
		inRoom := ok && k.KeepsAlive()
		if limit := m.idleTimeout(); !inRoom && limit > 0 && m.now().Sub(m.lastKey) > limit {
			m.notice = m.cat.T("app.idle", limit.String())
			m.quitting = true
			return m, tea.Quit
		}
		m.unchanged = true
		return m, m.idleCheck()
	case InputEndedMsg:
		m.flushDrafts()
		if msg.Quit {
			return m, tea.Quit
		}
		// At once, as the drafts: the person may be back in a moment.
		m.noteDroppedOnce()
		return m, nil
	case frameMsg:
		m.frameDue = false
		return m, nil
	case component.Result:
		return m, m.route(msg)
	case tea.PasteMsg:
		m.lastKey = m.now()
		frame := m.nextFrame()
		return m, tea.Batch(m.screen.Update(msg), frame)
	case tea.KeyPressMsg:
		m.lastKey = m.now()
		if msg.String() == "ctrl+c" {
			m.quitting = true
			return m, tea.Quit
		}
		// esc closes the full help first, as it does in the room, rather
		// than leaving the screen under it.
		if msg.String() == "esc" && m.fullHelp {
			m.fullHelp = false
			return m, nil
		}
		frame := m.nextFrame()
		return m, tea.Batch(m.screen.Update(msg), m.startWatch(), frame)
	case groupWatchMsg:
		m.watch = msg.w // on an error the screens still reload on r
		return m, m.waitGroups()
	case groupsChangedMsg:
		return m, tea.Batch(m.waitGroups(), m.reloadScreen())
	}
	cmd := m.screen.Update(msg)
	// Someone who just joined (onboarding) starts watching now.
	return m, tea.Batch(cmd, m.startWatch())
}

// Flush saves whatever the screens have unsaved (drafts); the server calls
// it when the session ends, however it ends.
func (m *App) Flush() {
	m.flushDrafts()
	m.noteDroppedOnce()
}

// noteDroppedOnce records the drop from a live room once per session: a
// second note after the person is back would send a later connection
// into the room again.
func (m *App) noteDroppedOnce() {
	if !m.dropNoted {
		m.dropNoted = true
		m.noteDropped()
	}
}

func (m *App) flushDrafts() {
	for _, s := range append(append([]component.Component{}, m.stack...), m.screen) {
		// A screen with unsaved work keeps it when the session ends.
		if f, ok := s.(interface{ Flush() }); ok {
			f.Flush()
		}
	}
}

// exact reports whether the screen on top draws itself to its size.
func (m *App) exact() bool {
	e, ok := m.top().(interface{ Exact() bool })
	return ok && e.Exact()
}

// Unchanged tells the app that the message being handled changed nothing
// on screen: the last view stands.
func (m *App) Unchanged() { m.unchanged = true }

// InputEndedMsg tells the app its input has ended (the connection dropped
// or closed): the drafts are saved at once with every key handled so far;
// with Quit, the last keys are in and the program quits.
type InputEndedMsg struct{ Quit bool }
