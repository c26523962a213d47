package tui

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/cli"
)

// runTUI runs the bubbletea program for one session until it quits or the
// connection ends.
func (s *Server) runTUI(ctx context.Context, sess ssh.Session, actor session.Actor, keyType string, live *liveSession, join int64) {
	pty, windowChanges, _ := sess.Pty()
	// The size is the client's to ask for and ours to bound: every size
	// the program gets passes clampWindow.
	width, height := clampWindow(pty.Window.Width, pty.Window.Height)
	if width != pty.Window.Width || height != pty.Window.Height {
		s.clampedWindows.Add(1)
		s.log.Info("window clamped", "session", shortID(sess.Context().SessionID()),
			"asked_width", pty.Window.Width, "asked_height", pty.Window.Height, "width", width, "height", height)
	}
	app := NewApp(AppOptions{
		Ctx: ctx, Service: s.svc, Actor: actor, Environ: sess.Environ(),
		DefaultLang: s.cfg.DefaultLang, KeyType: keyType,
		Width: width, Height: height,
		Evict: func() { _ = sess.Close() }, JoinMeeting: join, IdleTimeout: s.cfg.IdleTimeout,
		Connect: s.cfg.Connect, HostKey: gossh.FingerprintSHA256(s.HostKey()),
		JoinIdleTimeout: s.cfg.JoinIdleTimeout, FrameInterval: time.Second / serverFPS,
		ColorProfile: colorprofile.Env(clientEnv(sess, pty)),
		Joined:       func(personID int64) { s.reg.joined(live, personID) },
	})
	// The input ends when the client closes this session's channel; the
	// program must end with it even if the connection stays open.
	// When the input or the connection ends, the program first handles
	// every key it has received (a paste typed just before a drop), then
	// quits; only a program that does not quit in time is stopped. Its
	// context is not the connection's, which ends at once on a drop.
	connCtx := ctx
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	var p *tea.Program
	var ending sync.Once
	end := func() {
		ending.Do(func() {
			// Save what has been handled at once (the person may be back
			// in a moment), again when the last keys are in, then quit.
			go p.Send(InputEndedMsg{})
			time.AfterFunc(inputEndGrace, func() {
				p.Send(InputEndedMsg{Quit: true})
				time.AfterFunc(inputEndQuit, cancel)
			})
		})
	}
	p = tea.NewProgram(app, s.programOptions(ctx, sess, pty, width, height, end)...)
	s.reg.setProgram(live, p)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-connCtx.Done():
				end()
				return
			case w := <-windowChanges:
				width, height := clampWindow(w.Width, w.Height)
				if width != w.Width || height != w.Height {
					s.clampedWindows.Add(1)
				}
				p.Send(tea.WindowSizeMsg{Width: width, Height: height})
			}
		}
	}()
	_, err := p.Run()
	close(done)
	// Keep what was being written, however the session ended.
	app.Flush()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		if errors.Is(err, tea.ErrProgramPanic) {
			s.panics.Add(1)
		}
		s.log.Error("tui", "session", shortID(sess.Context().SessionID()), "err", err)
	}
	p.Kill()
	_ = sess.Exit(0)
}

// clientEnv is the client's environment with its terminal's type, which
// the colours the program draws with come from.
func clientEnv(sess ssh.Session, pty ssh.Pty) []string {
	return append(sess.Environ(), "TERM="+pty.Term)
}

// programOptions are wish's bubbletea options for an emulated PTY, with
// the size clamped. The filter clamps every size message too: a client can
// also report a size in its input (CSI 8 ; rows ; cols t), which bubbletea
// turns into one.
func (s *Server) programOptions(ctx context.Context, sess ssh.Session, pty ssh.Pty, width, height int, end func()) []tea.ProgramOption {
	env := clientEnv(sess, pty)
	return []tea.ProgramOption{
		tea.WithOutput(sess),
		tea.WithColorProfile(colorprofile.Env(env)),
		tea.WithEnvironment(env),
		tea.WithWindowSize(width, height),
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			switch msg := msg.(type) {
			case tea.SuspendMsg:
				// There is no shell to suspend to.
				return tea.ResumeMsg{}
			case tea.WindowSizeMsg:
				w, h := clampWindow(msg.Width, msg.Height)
				if w != msg.Width || h != msg.Height {
					s.clampedWindows.Add(1)
				}
				msg.Width, msg.Height = w, h
				return msg
			}
			return msg
		}),
		tea.WithContext(ctx), tea.WithoutSignalHandler(),
		// At most 20 frames a second. The patched bubbletea (third_party/,
		// README "Performance") draws only after an update, 10 ms later
		// so that what changes together is drawn together; upstream wakes
		// every program at this rate forever.
		tea.WithFPS(serverFPS),
		// Frames are written line by line, not diffed cell by cell (the
		// patched bubbletea, README "Performance").
		tea.WithLineFrames(),
		tea.WithInput(endingReader{r: sess, end: end}),
	}
}

// commandName is what the log calls a command: its first word when that
// names one of piiri's commands, else "unknown" — a stranger's words never
// reach the log.
func commandName(args []string) string {
	if len(args) == 0 {
		return "unknown"
	}
	for _, c := range cli.Commands() {
		if first, _, _ := strings.Cut(c.Name, " "); first == args[0] {
			return first
		}
	}
	return "unknown"
}

// needKeyShown marks a connection that was already told to make a key.
type needKeyShown struct{}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// endingReader calls end when its reader fails or reaches EOF. The
// program is stopped only inputEndGrace later: the pause lets bubbletea's
// input reader hand its last events to the still-running program first;
// if the program's context ended first, that reader would block forever
// on a send nobody receives (a goroutine leak in ultraviolet's
// TerminalReader.StreamEvents).
type endingReader struct {
	r   io.Reader
	end func()
}

func (e endingReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil {
		e.end()
	}
	return n, err
}

// serverFPS is the frame rate of every program; typing is drawn at it too.
const serverFPS = 20

const inputEndGrace = 200 * time.Millisecond

// inputEndQuit is how long a program whose input ended may take to handle
// the keys it received before it is stopped.
const inputEndQuit = 3 * time.Second

// crlfWriter turns \n into \r\n for a client terminal in raw mode.
type crlfWriter struct{ w io.Writer }

func (c crlfWriter) Write(p []byte) (int, error) {
	if _, err := c.w.Write([]byte(strings.ReplaceAll(string(p), "\n", "\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}
