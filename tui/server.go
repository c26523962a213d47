package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/cli"
	"github.com/piiri/piiri/tui/i18n"
)

// ServerConfig configures the SSH server. Zero values mean the defaults
// noted on each field.
type ServerConfig struct {
	HostKeyPath          string       // created (mode 0600) if missing
	DefaultLang          session.Lang // for keys whose person and client give none
	Connect              string       // the ssh command people use, shown in help texts
	MaxSessions          int          // all sessions at once; default 200
	MaxSessionsPerPerson int          // one person's sessions at once; default 8
	ConnPerMinute        int          // new connections per client IP; default 60 (negative: no limit)
	ConnBurst            int          // connections an IP may open at once; default 20
	HandshakeTimeout     time.Duration
	IdleTimeout          time.Duration // no keypress outside a live room; 0: never
	Logger               *slog.Logger
}

func (c *ServerConfig) defaults() {
	if c.MaxSessions == 0 {
		c.MaxSessions = 200
	}
	if c.MaxSessionsPerPerson == 0 {
		c.MaxSessionsPerPerson = 8
	}
	if c.ConnPerMinute == 0 {
		c.ConnPerMinute = 60
	}
	if c.ConnBurst == 0 {
		c.ConnBurst = 20
	}
	if c.HandshakeTimeout == 0 {
		c.HandshakeTimeout = 15 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.DefaultLang == "" {
		c.DefaultLang = session.LangEN
	}
}

// Server serves piiri over SSH: the TUI for sessions with a terminal, the
// command surface for `ssh HOST CMD`.
type Server struct {
	cfg     ServerConfig
	svc     *session.Service
	ssh     *ssh.Server
	limiter *connLimiter
	reg     *registry
	log     *slog.Logger

	refusedConns atomic.Int64
	panics       atomic.Int64
}

// NewServer builds the server; Serve starts it.
func NewServer(cfg ServerConfig, svc *session.Service) (*Server, error) {
	cfg.defaults()
	s := &Server{
		cfg:     cfg,
		svc:     svc,
		limiter: newConnLimiter(max(cfg.ConnPerMinute, 0), cfg.ConnBurst),
		reg:     newRegistry(cfg.MaxSessions, cfg.MaxSessionsPerPerson),
		log:     cfg.Logger,
	}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(cfg.HostKeyPath),
		// Every key may authenticate: identity comes from the key that
		// signed, read after the handshake, and unknown keys only reach
		// onboarding.
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		// Clients without a key get told how to make one.
		// Clients without a key get told, once per connection, how to make
		// one; the language is not known yet, so in both.
		wish.WithKeyboardInteractiveAuth(func(ctx ssh.Context, ch gossh.KeyboardInteractiveChallenge) bool {
			if ctx.Value(needKeyShown{}) == nil {
				ctx.SetValue(needKeyShown{}, true)
				_, _ = ch("", i18n.For(session.LangFI).T("server.need_key")+"\n"+i18n.For(session.LangEN).T("server.need_key")+"\n", nil, nil)
			}
			return false
		}),
		wish.WithMiddleware(s.handle),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	srv.ConnCallback = s.acceptConn
	s.ssh = srv
	return s, nil
}

// HostKey returns the server's public host key.
func (s *Server) HostKey() gossh.PublicKey { return s.ssh.HostSigners[0].PublicKey() }

// Serve accepts connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	err := s.ssh.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections, tells every session the server is
// stopping and waits for their handlers to finish (programs quit, commands
// complete), then closes the connections. When ctx ends first it closes
// them anyway and returns ctx's error.
func (s *Server) Shutdown(ctx context.Context) error {
	s.reg.broadcast(ShutdownMsg{})
	// ssh.Server.Shutdown closes the listeners, then waits for clients to
	// hang up, which an idle client never does: wait for our sessions only.
	shortCtx, cancel := context.WithCancel(ctx)
	cancel()
	_ = s.ssh.Shutdown(shortCtx)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var err error
	for s.reg.count() > 0 && err == nil {
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-tick.C:
		}
	}
	_ = s.ssh.Close()
	return err
}

// Stats are counters for the operator.
type Stats struct {
	Sessions        int
	RefusedConns    int64
	RefusedSessions int
	Panics          int64
}

// Stats returns the current counters.
func (s *Server) Stats() Stats {
	s.reg.mu.Lock()
	refused := s.reg.refused
	s.reg.mu.Unlock()
	return Stats{Sessions: s.reg.count(), RefusedConns: s.refusedConns.Load(), RefusedSessions: refused, Panics: s.panics.Load()}
}

// acceptConn applies the per-IP connection rate and arms the handshake
// timeout before any SSH work is done.
func (s *Server) acceptConn(ctx ssh.Context, conn net.Conn) net.Conn {
	ip := conn.RemoteAddr().String()
	if host, _, err := net.SplitHostPort(ip); err == nil {
		ip = host
	}
	if !s.limiter.allow(ip, time.Now()) {
		s.refusedConns.Add(1)
		s.log.Warn("connection refused: rate", "ip", ip)
		return nil
	}
	// The handshake must finish in time; the ssh package records the
	// connection in the context once it has.
	timer := time.AfterFunc(s.cfg.HandshakeTimeout, func() {
		if ctx.Value(ssh.ContextKeyConn) == nil {
			s.log.Warn("handshake timeout", "ip", ip)
			conn.Close()
		}
	})
	context.AfterFunc(ctx, func() { timer.Stop() })
	return conn
}

// handle is the one session handler: identify the key, apply the caps,
// then run the TUI or a command.
func (s *Server) handle(_ ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		// The ssh package's context belongs to the connection, which can
		// carry several sessions (OpenSSH ControlMaster): this session's
		// work ends with this handler.
		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		log := s.log.With("session", shortID(sess.Context().SessionID()))
		defer func() {
			if r := recover(); r != nil {
				s.panics.Add(1)
				log.Error("panic", "panic", r, "stack", string(debug.Stack()))
				fmt.Fprintln(sess.Stderr(), i18n.For(s.cfg.DefaultLang).T(session.MsgInternal))
				_ = sess.Exit(1)
			}
		}()

		// Identity is the key that signed, as the ssh package records it
		// after authentication — never a key merely offered earlier.
		key := sess.PublicKey()
		if key == nil {
			fmt.Fprintln(sess.Stderr(), i18n.For(s.cfg.DefaultLang).T("server.need_key"))
			_ = sess.Exit(1)
			return
		}
		fp := gossh.FingerprintSHA256(key)
		log = log.With("key", session.ShortFingerprint(fp))
		actor, err := s.svc.Identify(ctx, fp)
		if err != nil {
			log.Error("identify", "err", err)
			fmt.Fprintln(sess.Stderr(), i18n.For(s.cfg.DefaultLang).T(session.MsgInternal))
			_ = sess.Exit(1)
			return
		}
		cat := i18n.For(i18n.Choose(actor.Person, sess.Environ(), s.cfg.DefaultLang))
		var personID int64
		if actor.Person != nil {
			personID = actor.Person.ID
			log = log.With("person", personID)
		}

		// The Service logs each action with this session's id and key.
		ctx = session.WithLogger(ctx, log)

		live, refusal := s.reg.add(personID)
		if refusal != "" {
			log.Warn("session refused", "reason", refusal)
			fmt.Fprintln(sess.Stderr(), cat.T(refusal))
			_ = sess.Exit(1)
			return
		}
		defer s.reg.remove(live)

		start := time.Now()
		_, _, isPty := sess.Pty()
		args := sess.Command()
		if isPty && (len(args) == 0 || args[0] == "join") {
			var join int64
			if len(args) > 0 {
				if join, err = cli.ParseMeetingArg(args[1:]); err != nil || actor.Person == nil {
					fmt.Fprintln(sess.Stderr(), cat.T("cli.join.usage", s.cfg.Connect))
					_ = sess.Exit(cli.ExitUsage)
					return
				}
			}
			log.Info("tui start", "join", join)
			s.runTUI(ctx, sess, actor, key.Type(), live, join)
			log.Info("tui end", "duration", time.Since(start).Round(time.Millisecond))
			return
		}
		if len(args) == 0 {
			args = []string{"help"}
		}
		var stdout, stderr io.Writer = sess, sess.Stderr()
		if isPty {
			// ssh -t puts the client's terminal in raw mode: lines need \r.
			stdout, stderr = crlfWriter{stdout}, crlfWriter{stderr}
		}
		env := &cli.Env{
			Service: s.svc, Actor: actor, Cat: cat, KeyType: key.Type(), Connect: s.cfg.Connect, HostKey: gossh.FingerprintSHA256(s.HostKey()),
			Stdin: sess, Stdout: stdout, Stderr: stderr,
		}
		code := cli.Run(ctx, env, args)
		log.Info("command", "cmd", args[0], "exit", code, "duration", time.Since(start).Round(time.Millisecond))
		_ = sess.Exit(code)
	}
}

// runTUI runs the bubbletea program for one session until it quits or the
// connection ends.
func (s *Server) runTUI(ctx context.Context, sess ssh.Session, actor session.Actor, keyType string, live *liveSession, join int64) {
	pty, windowChanges, _ := sess.Pty()
	app := NewApp(AppOptions{
		Ctx: ctx, Service: s.svc, Actor: actor, Environ: sess.Environ(),
		DefaultLang: s.cfg.DefaultLang, KeyType: keyType,
		Width: pty.Window.Width, Height: pty.Window.Height,
		Evict: func() { _ = sess.Close() }, JoinMeeting: join, IdleTimeout: s.cfg.IdleTimeout,
		Connect: s.cfg.Connect, HostKey: gossh.FingerprintSHA256(s.HostKey()),
	})
	// The input ends when the client closes this session's channel; the
	// program must end with it even if the connection stays open.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// 20 frames a second: bubbletea wakes every program at its frame rate
	// even when nothing changed, which at the default 60 is most of an
	// idle server's CPU (see the bench figures in the README).
	opts := append(bm.MakeOptions(sess), tea.WithContext(ctx), tea.WithoutSignalHandler(), tea.WithFPS(20),
		tea.WithInput(endingReader{r: sess, end: cancel}))
	p := tea.NewProgram(app, opts...)
	s.reg.setProgram(live, p)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				p.Quit()
				return
			case w := <-windowChanges:
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
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

// needKeyShown marks a connection that was already told to make a key.
type needKeyShown struct{}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// endingReader calls end shortly after its reader fails or reaches EOF.
// The pause lets bubbletea's input reader hand its last events to the
// still-running program first: if the program's context ended first, that
// reader would block forever on a send nobody receives (a goroutine leak
// in ultraviolet's TerminalReader.StreamEvents).
type endingReader struct {
	r   io.Reader
	end func()
}

func (e endingReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil {
		time.AfterFunc(inputEndGrace, e.end)
	}
	return n, err
}

const inputEndGrace = 200 * time.Millisecond

// crlfWriter turns \n into \r\n for a client terminal in raw mode.
type crlfWriter struct{ w io.Writer }

func (c crlfWriter) Write(p []byte) (int, error) {
	if _, err := c.w.Write([]byte(strings.ReplaceAll(string(p), "\n", "\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}
