package tui

import (
	"context"
	"io"
	"net"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

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
