package tuitest

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/tui/vtscreen"
)

// pollInterval is how often the WaitFor family looks at the screen.
const pollInterval = 20 * time.Millisecond

// Term is an interactive SSH session with a PTY whose output is rendered by a
// terminal emulator. Create one with [Open] or [OpenOn]. Its methods must be
// called from the test goroutine.
type Term struct {
	t       testing.TB
	timeout time.Duration
	client  *ssh.Client // closed by Close if owned
	owned   bool
	sess    *ssh.Session

	inMu  sync.Mutex // serializes writes to stdin (keys and terminal replies)
	stdin io.WriteCloser

	mu  sync.Mutex // guards everything below
	vt  *vtscreen.Screen
	raw []byte

	drained  chan struct{} // closed when stdout and stderr reached EOF
	exited   chan struct{} // closed when the session ended
	exitCode int           // valid after exited is closed
	exitErr  error

	closeOnce sync.Once
}

// Open connects to addr with signer, requests a PTY and starts a shell (or
// the command given with [WithCommand]). Options: [WithSize], [WithTerm],
// [WithEnv], [WithCommand], [WithUser], [WithTimeout]. The connection is
// closed at the end of the test.
func Open(t testing.TB, addr string, signer ssh.Signer, opts ...Option) *Term {
	t.Helper()
	client := Dial(t, addr, signer, opts...)
	term := openOn(t, client, newOptions(opts))
	term.owned = true
	return term
}

// OpenOn is [Open] on an existing connection; closing the Term closes only
// its session.
func OpenOn(t testing.TB, client *ssh.Client, opts ...Option) *Term {
	t.Helper()
	return openOn(t, client, newOptions(opts))
}

func openOn(t testing.TB, client *ssh.Client, o options) *Term {
	t.Helper()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatalf("tuitest: new session: %v", err)
	}
	fail := func(format string, args ...any) {
		t.Helper()
		_ = sess.Close()
		t.Fatalf(format, args...)
	}
	for _, kv := range o.env {
		if err := sess.Setenv(kv[0], kv[1]); err != nil {
			fail("tuitest: setenv %s: %v", kv[0], err)
		}
	}
	modes := ssh.TerminalModes{
		ssh.ECHO:          1,
		ssh.TTY_OP_ISPEED: 38400,
		ssh.TTY_OP_OSPEED: 38400,
	}
	if err := sess.RequestPty(o.term, o.height, o.width, modes); err != nil {
		fail("tuitest: pty request: %v", err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		fail("tuitest: stdin: %v", err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		fail("tuitest: stdout: %v", err)
	}
	stderr, err := sess.StderrPipe()
	if err != nil {
		fail("tuitest: stderr: %v", err)
	}

	term := &Term{
		t:       t,
		timeout: o.timeout,
		client:  client,
		sess:    sess,
		stdin:   stdin,
		drained: make(chan struct{}),
		exited:  make(chan struct{}),
	}
	term.vt = vtscreen.New(o.width, o.height, true)

	if o.command != nil {
		err = sess.Start(*o.command)
	} else {
		err = sess.Shell()
	}
	if err != nil {
		fail("tuitest: start: %v", err)
	}
	go term.answer()

	var pumps sync.WaitGroup
	for _, r := range []io.Reader{stdout, stderr} {
		pumps.Go(func() { term.pump(r) })
	}
	go func() {
		pumps.Wait()
		term.vt.Close() // no more output, no more queries: ends answer
		close(term.drained)
	}()
	go func() {
		code, err := exitCode(sess.Wait())
		term.mu.Lock()
		term.exitCode, term.exitErr = code, err
		term.mu.Unlock()
		close(term.exited)
	}()

	t.Cleanup(func() {
		term.Close()
		timer := time.NewTimer(5 * time.Second)
		defer timer.Stop()
		for _, ch := range []chan struct{}{term.drained, term.exited} {
			select {
			case <-ch:
			case <-timer.C:
				t.Errorf("tuitest: session goroutines still running 5s after Close")
				return
			}
		}
	})
	return term
}

// pump copies server output into the emulator until EOF.
func (term *Term) pump(r io.Reader) {
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			term.feed(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// feed renders p; the answers to queries in it go out through answer.
func (term *Term) feed(p []byte) {
	term.mu.Lock()
	defer term.mu.Unlock()
	term.raw = append(term.raw, p...)
	_, _ = term.vt.Write(p)
}

// answer sends the terminal's answers to the server's queries as input,
// as a terminal does, until the emulator is closed.
func (term *Term) answer() {
	buf := make([]byte, 4<<10)
	for {
		n, err := term.vt.Read(buf)
		if n > 0 {
			term.inMu.Lock()
			_, _ = term.stdin.Write(buf[:n]) // fails harmlessly once the session is gone
			term.inMu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// Close ends the session (and the connection if [Open] made it). It is
// called automatically at the end of the test; calling it earlier simulates
// a client that drops the connection.
func (term *Term) Close() {
	term.closeOnce.Do(func() {
		_ = term.sess.Close()
		if term.owned {
			_ = term.client.Close()
		}
	})
}

// Type sends text as if typed on the keyboard.
func (term *Term) Type(s string) {
	term.t.Helper()
	term.write(s)
}

// Press sends named keys, one write each: "enter", "tab", "shift+tab",
// "esc", "backspace", "delete", "insert", "up", "down", "left", "right",
// "home", "end", "pgup", "pgdown", "space", "ctrl+a" … "ctrl+z" (e.g.
// "ctrl+c"), "alt+" followed by a character, and any single character as
// itself. Keys are sent in the legacy xterm encoding (CSI, not SS3, for the
// arrows).
//
// A lone ESC is ambiguous on the wire: if it reaches the server in the same
// read as the next key, bubbletea sees alt+<key>. Wait for the effect of
// "esc" before sending more input.
func (term *Term) Press(keys ...string) {
	term.t.Helper()
	for _, k := range keys {
		seq, ok := keySequence(k)
		if !ok {
			term.t.Fatalf("tuitest: unknown key %q", k)
		}
		term.write(seq)
	}
}

func (term *Term) write(s string) {
	term.t.Helper()
	term.inMu.Lock()
	_, err := io.WriteString(term.stdin, s)
	term.inMu.Unlock()
	if err != nil {
		term.t.Fatalf("tuitest: write %q: %v\nscreen:\n%s", s, err, term.Screen())
	}
}

var namedKeys = map[string]string{
	"enter":     "\r",
	"tab":       "\t",
	"shift+tab": "\x1b[Z",
	"esc":       "\x1b",
	"escape":    "\x1b",
	"backspace": "\x7f",
	"delete":    "\x1b[3~",
	"insert":    "\x1b[2~",
	"up":        "\x1b[A",
	"down":      "\x1b[B",
	"right":     "\x1b[C",
	"left":      "\x1b[D",
	"home":      "\x1b[H",
	"end":       "\x1b[F",
	"pgup":      "\x1b[5~",
	"pgdown":    "\x1b[6~",
	"space":     " ",
}

func keySequence(k string) (string, bool) {
	if s, ok := namedKeys[k]; ok {
		return s, true
	}
	if len([]rune(k)) == 1 {
		return k, true
	}
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok && len(c) == 1 && c[0] >= 'a' && c[0] <= 'z' {
		return string(rune(c[0] - 'a' + 1)), true
	}
	if c, ok := strings.CutPrefix(k, "alt+"); ok {
		if s, ok := keySequence(c); ok {
			return "\x1b" + s, true
		}
	}
	return "", false
}

// Screen returns the visible screen: one line per row, trailing spaces
// removed, joined by "\n".
func (term *Term) Screen() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.vt.Text()
}

// Underlined returns the underlined text on the screen, each run of
// underlined cells on its own line: what a screen highlights that way.
func (term *Term) Underlined() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.vt.Underlined()
}

// Output returns a copy of every byte received from the server so far
// (stdout and stderr, unfiltered, in arrival order).
func (term *Term) Output() []byte {
	term.mu.Lock()
	defer term.mu.Unlock()
	return bytes.Clone(term.raw)
}

// Resize changes the window size: the emulator is resized and a
// window-change request is sent.
func (term *Term) Resize(width, height int) {
	term.t.Helper()
	term.mu.Lock()
	term.vt.Resize(width, height)
	term.mu.Unlock()
	if err := term.sess.WindowChange(height, width); err != nil {
		term.t.Fatalf("tuitest: window change: %v", err)
	}
}

// WaitFor waits until substr is on the screen and returns the screen. On
// timeout, or if the session ends first, it fails the test showing the
// screen.
func (term *Term) WaitFor(substr string) string {
	term.t.Helper()
	return term.WaitForFunc("screen contains "+strconv.Quote(substr), func(screen string) bool {
		return strings.Contains(screen, substr)
	})
}

// WaitForFunc waits until cond returns true for the screen and returns that
// screen. On timeout, or if the session ends first, it fails the test showing
// desc and the last screen. For example, to wait for text to disappear:
//
//	term.WaitForFunc("no dialog", func(s string) bool { return !strings.Contains(s, "Really?") })
func (term *Term) WaitForFunc(desc string, cond func(screen string) bool) string {
	term.t.Helper()
	deadline := time.NewTimer(term.timeout)
	defer deadline.Stop()
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		// Look at drained before the screen, so that a session that ended
		// gets one last look at its final screen.
		var ended bool
		select {
		case <-term.drained:
			ended = true
		default:
		}
		screen := term.Screen()
		if cond(screen) {
			return screen
		}
		if ended {
			term.t.Fatalf("tuitest: session ended while waiting for %s\nscreen:\n%s", desc, screen)
		}
		select {
		case <-tick.C:
		case <-term.drained:
		case <-deadline.C:
			term.t.Fatalf("tuitest: timed out after %v waiting for %s\nscreen:\n%s", term.timeout, desc, term.Screen())
		}
	}
}

// WaitForExit waits until the server ends the session and all its output
// has been rendered, and returns the exit status (-1 if the server sent none).
func (term *Term) WaitForExit() int {
	term.t.Helper()
	deadline := time.NewTimer(term.timeout)
	defer deadline.Stop()
	for _, ch := range []chan struct{}{term.exited, term.drained} {
		select {
		case <-ch:
		case <-deadline.C:
			term.t.Fatalf("tuitest: session did not end within %v\nscreen:\n%s", term.timeout, term.Screen())
		}
	}
	term.mu.Lock()
	defer term.mu.Unlock()
	if term.exitErr != nil {
		term.t.Fatalf("tuitest: session: %v", term.exitErr)
	}
	return term.exitCode
}
