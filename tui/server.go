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
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/wish/v2"
	"github.com/charmbracelet/colorprofile"
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

// refusalsPerAddr is how many refused clients from one address at a time
// get a handshake whose banner tells them why.
const refusalsPerAddr = 8

// acceptConn applies the per-address limits and arms the handshake
// timeout before any SSH work is done. A refused client is told why in
// the userauth banner, which OpenSSH prints; past the few refusals that
// get one, it only gets a line before the version string (ssh -v shows it).
func (s *Server) acceptConn(ctx ssh.Context, conn net.Conn) net.Conn {
	ip := hostOf(conn.RemoteAddr())
	rateOK := s.limiter.allow(ip, time.Now())
	adm, leave := s.gate.enter(ip, !rateOK)
	reason := "server.busy_addr"
	if !rateOK {
		reason = "server.rate"
	}
	switch adm {
	case refusedQuiet:
		s.refusedConns.Add(1)
		s.log.Warn("connection refused", "ip", ip, "reason", reason, "told", false)
		_ = conn.SetWriteDeadline(time.Now().Add(time.Second))
		_, _ = io.WriteString(conn, strings.ReplaceAll(bothLangs(reason), "\n", "\r\n"))
		return nil
	case refusedTold:
		s.refusedConns.Add(1)
		s.log.Warn("connection refused", "ip", ip, "reason", reason, "told", true)
		ctx.SetValue(refusedKey{}, reason)
	}
	ctx.SetValue(connStateKey{}, &connState{handshakeDone: leave})
	// The connection gives back its place when it closes, if its handshake
	// has not finished before.
	context.AfterFunc(ctx, leave)
	// The handshake must finish in time; the ssh package records the
	// connection in the context once it has.
	timer := time.AfterFunc(s.cfg.HandshakeTimeout, func() {
		if ctx.Value(ssh.ContextKeyConn) == nil || adm != admitted {
			s.log.Warn("handshake timeout", "ip", ip)
			conn.Close()
		}
	})
	context.AfterFunc(ctx, func() { timer.Stop() })
	return conn
}

// sshConfig is the x/crypto configuration of one connection: it keeps the
// connection's pre-authentication handle (to send banners), sends a refused
// client the reason and ends the unfinished-handshake count once a key has
// authenticated.
func (s *Server) sshConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		PreAuthConnCallback: func(c gossh.ServerPreAuthConn) { ctx.SetValue(preAuthKey{}, c) },
		BannerCallback: func(gossh.ConnMetadata) string {
			if r := refusalOf(ctx); r != "" {
				return bothLangs(r)
			}
			return ""
		},
		AuthLogCallback: func(_ gossh.ConnMetadata, _ string, err error) {
			if cs, ok := ctx.Value(connStateKey{}).(*connState); ok && err == nil {
				cs.handshakeDone()
			}
		},
	}
}

// keyboardInteractive answers a client that has no key (or offered none
// that worked): it is told, once per connection, how to make one, in the
// userauth banner, which OpenSSH prints as UTF-8 (keyboard-interactive
// text it shows escaped, yhdist\303\244). The language is not known
// yet, so in both.
func (s *Server) keyboardInteractive(ctx ssh.Context, ch gossh.KeyboardInteractiveChallenge) bool {
	if refusalOf(ctx) != "" || ctx.Value(needKeyShown{}) != nil {
		return false
	}
	ctx.SetValue(needKeyShown{}, true)
	text := bothLangs("server.need_key")
	if c, ok := ctx.Value(preAuthKey{}).(gossh.ServerPreAuthConn); ok && c.SendAuthBanner(text) == nil {
		return false
	}
	_, _ = ch("", text, nil, nil)
	return false
}

// sessionChannel opens a session channel unless the connection already
// has too many open: each costs goroutines even before it runs anything.
// The handler's own per-connection cap is lower and explains itself; this
// one only stops channels that never ask to run.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	cs, _ := ctx.Value(connStateKey{}).(*connState)
	if cs == nil {
		cs = &connState{}
		ctx.SetValue(connStateKey{}, cs)
	}
	if !cs.channels.open(s.maxChannelsPerConn()) {
		s.refuseSession()
		s.log.Warn("channel refused", "session", shortID(ctx.SessionID()), "reason", "sessions per connection")
		_ = ch.Reject(gossh.ResourceShortage, i18n.For(session.LangEN).N("server.conn_sessions", s.cfg.MaxSessionsPerConn))
		return
	}
	defer cs.channels.close()
	ssh.DefaultSessionHandler(srv, conn, boundedEnv{ch}, ctx)
}

// Environment variables a session may set, and their size: the ssh
// package keeps every one it is sent.
const (
	maxEnvVars   = 64
	maxEnvVarLen = 1024
)

// boundedEnv is a session channel whose env requests past maxEnvVars, or
// longer than maxEnvVarLen, are refused before the ssh package keeps them.
type boundedEnv struct{ gossh.NewChannel }

func (b boundedEnv) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := b.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		envs := 0
		for r := range reqs {
			if r.Type == "env" {
				if envs >= maxEnvVars || len(r.Payload) > maxEnvVarLen {
					_ = r.Reply(false, nil)
					continue
				}
				envs++
			}
			out <- r
		}
	}()
	return ch, out, nil
}

func (s *Server) maxChannelsPerConn() int {
	if s.cfg.MaxSessionsPerConn <= 0 {
		return 0
	}
	return 2*s.cfg.MaxSessionsPerConn + 2
}

func (s *Server) refuseSession() {
	s.reg.mu.Lock()
	s.reg.refused++
	s.reg.mu.Unlock()
}

// connState is what piiri keeps for one SSH connection.
type connState struct {
	handshakeDone func()       // gives back the unfinished-handshake place
	channels      connSessions // open session channels
	running       connSessions // sessions that have started to run
}

type (
	connStateKey struct{}
	preAuthKey   struct{}
	refusedKey   struct{} // the catalog key of why the connection was refused
)

func refusalOf(ctx ssh.Context) string {
	r, _ := ctx.Value(refusedKey{}).(string)
	return r
}

// bothLangs is a catalog text in Finnish and English, for a client whose
// language is not known yet.
func bothLangs(key string) string {
	return i18n.For(session.LangFI).T(key) + "\n" + i18n.For(session.LangEN).T(key) + "\n"
}

// hostOf is the client address the per-address limits count: the IP, or
// for IPv6 its /64 network, since one host commonly has a whole /64 to
// pick addresses from.
func hostOf(addr net.Addr) string {
	host := addr.String()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.To4() != nil {
		return host
	}
	return (&net.IPNet{IP: ip.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
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
		Joined: func(personID int64) { s.reg.joined(live, personID) },
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

// programOptions are wish's bubbletea options for an emulated PTY, with
// the size clamped. The filter clamps every size message too: a client can
// also report a size in its input (CSI 8 ; rows ; cols t), which bubbletea
// turns into one.
func (s *Server) programOptions(ctx context.Context, sess ssh.Session, pty ssh.Pty, width, height int, end func()) []tea.ProgramOption {
	env := append(sess.Environ(), "TERM="+pty.Term)
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
		// README "Performance") draws only after an update, 25 ms later
		// so that what changes together is drawn together; upstream wakes
		// every program at this rate forever.
		tea.WithFPS(serverFPS),
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
