package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/wish/v2"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/cli"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/line"
)

// ServerConfig configures the SSH server. Zero values mean the defaults
// noted on each field; for the caps, a negative value means no cap.
type ServerConfig struct {
	HostKeyPath          string       // created (mode 0600) if missing
	DefaultLang          session.Lang // for keys whose person and client give none
	Connect              string       // the ssh command people use, shown in help texts
	MaxSessions          int          // all sessions at once; default DefaultMaxSessions
	MaxSessionsPerPerson int          // one person's sessions at once; default 8
	MaxSessionsPerConn   int          // sessions on one SSH connection (ControlMaster); default 4
	MaxUnjoined          int          // sessions of keys that have not joined, in all; default 50
	MaxUnjoinedPerAddr   int          // the same from one client address; default 40
	MaxHandshakesPerAddr int          // unfinished handshakes from one client address; default 32
	ConnPerMinute        int          // new connections per client IP; 0 or negative: no limit
	ConnBurst            int          // connections an IP may open at once under ConnPerMinute; default 20
	HandshakeTimeout     time.Duration
	IdleTimeout          time.Duration // no keypress outside a live room; 0: never
	JoinIdleTimeout      time.Duration // no keypress on the join screen; default 5 min
	Logger               *slog.Logger
}

// DefaultMaxSessions is the session cap of a server not told one.
const DefaultMaxSessions = 200

func (c *ServerConfig) defaults() {
	for _, d := range []struct {
		field *int
		def   int
	}{
		{&c.MaxSessions, DefaultMaxSessions}, {&c.MaxSessionsPerPerson, 8}, {&c.MaxSessionsPerConn, 4},
		{&c.MaxUnjoined, 50}, {&c.MaxUnjoinedPerAddr, 40}, {&c.MaxHandshakesPerAddr, 32}, {&c.ConnBurst, 20},
	} {
		if *d.field == 0 {
			*d.field = d.def
		}
	}
	if c.HandshakeTimeout == 0 {
		c.HandshakeTimeout = 15 * time.Second
	}
	if c.JoinIdleTimeout == 0 {
		c.JoinIdleTimeout = 5 * time.Minute
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
	gate    *gate
	reg     *registry
	log     *slog.Logger

	refusedConns   atomic.Int64
	panics         atomic.Int64
	clampedWindows atomic.Int64
}

// NewServer builds the server; Serve starts it.
func NewServer(cfg ServerConfig, svc *session.Service) (*Server, error) {
	cfg.defaults()
	s := &Server{
		cfg:     cfg,
		svc:     svc,
		limiter: newConnLimiter(max(cfg.ConnPerMinute, 0), cfg.ConnBurst),
		// A few refused clients per address at a time are told why, which
		// takes a handshake; beyond them a refusal costs none.
		gate: newGate(cfg.MaxHandshakesPerAddr, refusalsPerAddr),
		reg: newRegistry(sessionLimits{max: cfg.MaxSessions, perPerson: cfg.MaxSessionsPerPerson,
			unjoined: cfg.MaxUnjoined, unjoinedPerAddr: cfg.MaxUnjoinedPerAddr}),
		log: cfg.Logger,
	}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(cfg.HostKeyPath),
		// Every key may authenticate: identity comes from the key that
		// signed, read after the handshake, and unknown keys only reach
		// onboarding. A refused connection authenticates nobody.
		wish.WithPublicKeyAuth(func(ctx ssh.Context, _ ssh.PublicKey) bool { return refusalOf(ctx) == "" }),
		wish.WithKeyboardInteractiveAuth(s.keyboardInteractive),
		wish.WithMiddleware(s.handle),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	srv.ConnCallback = s.acceptConn
	srv.ServerConfigCallback = s.sshConfig
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
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
	for s.reg.size() > 0 && err == nil {
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
	ClampedWindows  int64 // terminal sizes asked for over MaxWidth×MaxHeight
}

// Stats returns the current counters.
func (s *Server) Stats() Stats {
	s.reg.mu.Lock()
	refused := s.reg.refused
	s.reg.mu.Unlock()
	return Stats{Sessions: s.reg.size(), RefusedConns: s.refusedConns.Load(), RefusedSessions: refused, Panics: s.panics.Load(), ClampedWindows: s.clampedWindows.Load()}
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

		// A few sessions per connection: OpenSSH's ControlMaster puts a
		// person's windows on one connection, a flood puts everything there.
		cs, _ := sess.Context().Value(connStateKey{}).(*connState)
		if cs != nil {
			if !cs.running.open(s.cfg.MaxSessionsPerConn) {
				s.refuseSession()
				log.Warn("session refused", "reason", "sessions per connection")
				fmt.Fprintln(sess.Stderr(), cat.N("server.conn_sessions", s.cfg.MaxSessionsPerConn))
				_ = sess.Exit(1)
				return
			}
			defer cs.running.close()
		}
		live, refusal := s.reg.add(personID, hostOf(sess.RemoteAddr()))
		if refusal != "" {
			log.Warn("session refused", "reason", refusal)
			fmt.Fprintln(sess.Stderr(), cat.T(refusal))
			_ = sess.Exit(1)
			return
		}
		defer s.reg.remove(live)

		start := time.Now()
		_, _, isPty := sess.Pty()
		// Splitting a command line into words costs time quadratic in its
		// length: a long one is refused unread.
		if n := len(sess.RawCommand()); n > MaxCommandLen {
			log.Warn("command refused", "reason", "too long", "bytes", n)
			fmt.Fprintln(sess.Stderr(), cat.N("server.command_too_long", MaxCommandLen))
			_ = sess.Exit(cli.ExitUsage)
			return
		}
		args := sess.Command()
		// The line mode: plain text for screen readers, narrow phones and
		// clients without a PTY (see tui/line).
		linePty, winch, _ := sess.Pty()
		prefers := func() bool {
			if !actor.Known() {
				return false
			}
			on, _ := s.svc.PlainMode(ctx, actor)
			return on
		}
		if ok, rest, note := line.Wants(args, sess.Environ(), linePty.Term, isPty, linePty.Window.Width, MinWidth, prefers); ok {
			log.Info("line start")
			stop := make(chan struct{})
			s.reg.setStop(live, sync.OnceFunc(func() { close(stop) }))
			code := line.Run(ctx, line.Options{Stop: stop, Env: cli.Env{Service: s.svc, Actor: actor, Cat: cat, KeyType: key.Type(),
				Connect: s.cfg.Connect, HostKey: gossh.FingerprintSHA256(s.HostKey())},
				In: sess, Out: sess, PTY: isPty, Width: linePty.Window.Width, Windows: winch, Args: rest, Note: note,
				Evict: func() { _ = sess.Close() }, JoinIdle: s.cfg.JoinIdleTimeout, Idle: s.cfg.IdleTimeout,
				Joined: func(personID int64) { s.reg.joined(live, personID) }})
			log.Info("line end", "duration", time.Since(start).Round(time.Millisecond))
			_ = sess.Exit(code)
			return
		}
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
		log.Info("command", "cmd", commandName(args), "exit", code, "duration", time.Since(start).Round(time.Millisecond))
		_ = sess.Exit(code)
	}
}
