// Package tuitest is a client-side end-to-end test harness for SSH servers
// with terminal user interfaces.
//
// It talks to a running server (started by the caller; only its address is
// needed) with golang.org/x/crypto/ssh, the way the OpenSSH client would:
//
//   - [Run] is "ssh HOST CMD": no PTY, stdout and stderr apart, an exit code.
//   - [Open] is "ssh HOST" (or "ssh -t HOST CMD" with [WithCommand]): it
//     requests a PTY (xterm-256color, 80x24 unless [WithSize]) and feeds
//     everything the server sends into a terminal emulator
//     (github.com/charmbracelet/x/vt, see tui/vtscreen), so tests can read the [Term.Screen],
//     [Term.Type] text, [Term.Press] keys, [Term.Resize] the window and
//     [Term.WaitFor] text to appear.
//
// A typical test:
//
//	key := tuitest.NewKey(t)
//	term := tuitest.Open(t, addr, key, tuitest.WithEnv("LANG", "fi_FI.UTF-8"))
//	term.WaitFor("Tervetuloa")
//	term.Type("hello")
//	term.Press("enter")
//	term.WaitFor("hello")
//	term.Press("q")
//	if code := term.WaitForExit(); code != 0 { ... }
//
// Everything is closed with t.Cleanup; helpers call t.Fatalf on unexpected
// errors and on timeouts (10 s unless [WithTimeout]), so they must be called
// from the test goroutine. The host key is not checked: tests run on
// loopback.
//
// The emulator behaves like a modern xterm-compatible terminal as far as
// bubbletea v2 can tell: it answers the synchronized-output and
// grapheme-width mode queries (so frames are applied atomically and Screen
// never shows half a frame, and the server measures widths the way the
// emulator does), colour and cursor-position queries, but not the kitty
// keyboard query (so keys travel in the legacy encoding [Term.Press] uses).
// Wide characters (CJK, emoji) take two columns. See the vtscreen package.
//
// The package does not depend on the code under test.
package tuitest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// DefaultTimeout bounds dialing, [Run], [Term.WaitFor] and friends unless
// [WithTimeout] is given.
const DefaultTimeout = 10 * time.Second

// DefaultUser is the SSH user name used unless [WithUser] is given.
const DefaultUser = "tuitest"

// Option configures [Run], [Open] and [Dial].
type Option func(*options)

type options struct {
	user          string
	timeout       time.Duration
	env           [][2]string
	stdin         *string
	width, height int
	term          string
	command       *string
}

func newOptions(opts []Option) options {
	o := options{
		user:    DefaultUser,
		timeout: DefaultTimeout,
		width:   80,
		height:  24,
		term:    "xterm-256color",
	}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithEnv sends an environment variable (an SSH "env" request, like OpenSSH's
// SendEnv/SetEnv) before the PTY request and the command. Repeatable.
func WithEnv(key, value string) Option {
	return func(o *options) { o.env = append(o.env, [2]string{key, value}) }
}

// WithStdin makes [Run] send s as standard input, followed by EOF. Without
// it, standard input is empty (like "ssh -n").
func WithStdin(s string) Option {
	return func(o *options) { o.stdin = &s }
}

// WithSize sets the initial PTY size of [Open] (default 80x24).
func WithSize(width, height int) Option {
	return func(o *options) { o.width, o.height = width, height }
}

// WithCommand makes [Open] execute command with the PTY ("ssh -t HOST
// command") instead of starting a shell.
func WithCommand(command string) Option {
	return func(o *options) { o.command = &command }
}

// WithTerm sets the terminal type sent with the PTY request (default
// "xterm-256color").
func WithTerm(term string) Option {
	return func(o *options) { o.term = term }
}

// WithTimeout sets how long dialing, [Run], [Term.WaitFor],
// [Term.WaitForFunc] and [Term.WaitForExit] wait before failing the test.
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = d }
}

// WithUser sets the SSH user name (default [DefaultUser]).
func WithUser(name string) Option {
	return func(o *options) { o.user = name }
}

// NewKey returns a fresh ed25519 key.
func NewKey(t testing.TB) ssh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatalf("tuitest: generate key: %v", err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatalf("tuitest: signer: %v", err)
	}
	return s
}

// Fingerprint returns the SHA256 fingerprint of the signer's public key, as
// "ssh-keygen -l" prints it ("SHA256:...").
func Fingerprint(s ssh.Signer) string {
	return ssh.FingerprintSHA256(s.PublicKey())
}

// FailingSigner returns a signer that offers s's public key but cannot sign,
// like an agent key whose hardware token is unplugged. The server accepts the
// key when the client merely asks whether it would (RFC 4252 §7 query), but
// the client never proves possession. Use it with [KeysInOrder].
func FailingSigner(s ssh.Signer) ssh.Signer {
	return failingSigner{s.PublicKey()}
}

type failingSigner struct{ pub ssh.PublicKey }

var errCannotSign = errors.New("tuitest: this key cannot sign")

func (f failingSigner) PublicKey() ssh.PublicKey { return f.pub }

func (f failingSigner) Sign(io.Reader, []byte) (*ssh.Signature, error) {
	return nil, errCannotSign
}

// SignWithAlgorithm makes failingSigner an ssh.AlgorithmSigner, so RSA keys
// are offered with the same algorithms as a working signer would use.
func (f failingSigner) SignWithAlgorithm(io.Reader, []byte, string) (*ssh.Signature, error) {
	return nil, errCannotSign
}

// KeysInOrder returns a ClientAuthCallback that tries each signer in turn as
// a public key authentication attempt of its own and goes on to the next one
// when an attempt fails for any reason, including a signer whose Sign fails.
// That is how OpenSSH treats its identities.
//
// golang.org/x/crypto/ssh does not do this by itself: within one
// ssh.PublicKeys method a Sign error aborts the whole method, and after it
// any further "publickey" entries in ClientConfig.Auth are skipped because
// the method counts as tried. ClientConfig.AuthCallback is consulted before
// every attempt and may return a method regardless, which is what this uses.
//
// To test a client that first offers key A without being able to sign and
// then authenticates with key B:
//
//	client, err := tuitest.DialWith(t, addr, ssh.ClientConfig{
//		AuthCallback: tuitest.KeysInOrder(tuitest.FailingSigner(a), b),
//	})
//	// err == nil; the server saw a query for A, then B signed in.
//	res := tuitest.RunOn(t, client, "whoami")
//
// The callback has state; use a new one for every connection.
func KeysInOrder(signers ...ssh.Signer) ssh.ClientAuthCallback {
	var mu sync.Mutex
	next := 0
	return func(*ssh.ClientAuthContext) (ssh.AuthMethod, error) {
		mu.Lock()
		defer mu.Unlock()
		if next >= len(signers) {
			return nil, nil // fall back to ClientConfig.Auth
		}
		s := signers[next]
		next++
		return ssh.PublicKeys(s), nil
	}
}

// DialWith connects to addr with cfg and returns the client, which is closed
// at the end of the test, or the handshake error (so tests can assert that a
// key is rejected). Left empty in cfg: HostKeyCallback accepts any host key,
// User is [DefaultUser], Timeout is [DefaultTimeout].
func DialWith(t testing.TB, addr string, cfg ssh.ClientConfig) (*ssh.Client, error) {
	t.Helper()
	if cfg.HostKeyCallback == nil {
		cfg.HostKeyCallback = ssh.InsecureIgnoreHostKey() //nolint:gosec // loopback test servers
	}
	if cfg.User == "" {
		cfg.User = DefaultUser
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	client, err := dial(addr, &cfg)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { _ = client.Close() })
	return client, nil
}

// Dial connects to addr authenticating with signer and returns the client,
// which is closed at the end of the test. Use it with [RunOn] and [OpenOn] to
// run several sessions over one connection. Options: [WithUser],
// [WithTimeout].
func Dial(t testing.TB, addr string, signer ssh.Signer, opts ...Option) *ssh.Client {
	t.Helper()
	o := newOptions(opts)
	client, err := DialWith(t, addr, ssh.ClientConfig{
		User:    o.user,
		Auth:    []ssh.AuthMethod{ssh.PublicKeys(signer)},
		Timeout: o.timeout,
	})
	if err != nil {
		t.Fatalf("tuitest: dial %s: %v", addr, err)
	}
	return client
}

// dial is ssh.Dial with the timeout also covering the SSH handshake (ssh.Dial
// only applies it to the TCP connect).
func dial(addr string, cfg *ssh.ClientConfig) (*ssh.Client, error) {
	conn, err := net.DialTimeout("tcp", addr, cfg.Timeout)
	if err != nil {
		return nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(cfg.Timeout))
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, cfg)
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return ssh.NewClient(c, chans, reqs), nil
}

// Result is the outcome of [Run].
type Result struct {
	Stdout, Stderr string
	// ExitCode is the exit status the server sent, 0 on success, or -1 if
	// the server closed the session without sending one.
	ExitCode int
}

// Run executes command without a PTY, as "ssh HOST command" does, and returns
// its output and exit status. It fails the test if the connection or session
// cannot be set up or the command does not finish within the timeout.
// Options: [WithStdin], [WithEnv], [WithUser], [WithTimeout].
func Run(t testing.TB, addr string, signer ssh.Signer, command string, opts ...Option) Result {
	t.Helper()
	o := newOptions(opts)
	client := Dial(t, addr, signer, opts...)
	defer client.Close()
	return runOn(t, client, command, o)
}

// RunOn is [Run] on an existing connection.
func RunOn(t testing.TB, client *ssh.Client, command string, opts ...Option) Result {
	t.Helper()
	return runOn(t, client, command, newOptions(opts))
}

func runOn(t testing.TB, client *ssh.Client, command string, o options) Result {
	t.Helper()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatalf("tuitest: new session: %v", err)
	}
	defer sess.Close()
	for _, kv := range o.env {
		if err := sess.Setenv(kv[0], kv[1]); err != nil {
			t.Fatalf("tuitest: setenv %s: %v", kv[0], err)
		}
	}
	var stdout, stderr lockedBuffer
	sess.Stdout = &stdout
	sess.Stderr = &stderr
	if o.stdin != nil {
		sess.Stdin = strings.NewReader(*o.stdin)
	}
	done := make(chan error, 1)
	go func() { done <- sess.Run(command) }()
	timer := time.NewTimer(o.timeout)
	defer timer.Stop()
	select {
	case err = <-done:
	case <-timer.C:
		_ = sess.Close()
		t.Fatalf("tuitest: %q did not finish within %v\nstdout:\n%s\nstderr:\n%s",
			command, o.timeout, stdout.String(), stderr.String())
	}
	res := Result{Stdout: stdout.String(), Stderr: stderr.String()}
	res.ExitCode, err = exitCode(err)
	if err != nil {
		t.Fatalf("tuitest: run %q: %v\nstdout:\n%s\nstderr:\n%s", command, err, res.Stdout, res.Stderr)
	}
	return res
}

// exitCode maps the error of ssh.Session.Wait to an exit code; other errors
// are returned.
func exitCode(err error) (int, error) {
	var exitErr *ssh.ExitError
	var missing *ssh.ExitMissingError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exitErr):
		return exitErr.ExitStatus(), nil
	case errors.As(err, &missing):
		return -1, nil
	default:
		return -1, err
	}
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
