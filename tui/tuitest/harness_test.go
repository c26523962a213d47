package tuitest

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func TestOpenTypeResizeQuit(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	term := Open(t, srv.addr, NewKey(t), WithEnv("LANG", "fi_FI.UTF-8"))

	screen := term.WaitFor("size 80x24")
	for _, want := range []string{"tuitest model", "lang fi_FI.UTF-8", "wide: 日本語 ok", strings.Repeat("-", 79) + "|"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}

	term.Type("hyvä")
	term.WaitFor("typed [hyvä] end")
	term.Press("backspace", "enter")
	term.Type("日本x")
	term.WaitFor("typed [hyv|日本x] end")
	term.Press("backspace")
	term.WaitFor("typed [hyv|日本] end")

	term.Resize(100, 30)
	screen = term.WaitFor("size 100x30")
	if !strings.Contains(screen, strings.Repeat("-", 99)+"|") {
		t.Errorf("screen not redrawn at the new width:\n%s", screen)
	}
	if lines := strings.Split(screen, "\n"); len(lines) != 30 {
		t.Errorf("screen has %d lines, want 30", len(lines))
	}

	if out := string(term.Output()); !strings.Contains(out, "tuitest model") {
		t.Errorf("raw output lacks the model text: %q", out)
	}

	term.Press("q")
	if code := term.WaitForExit(); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	// Leaving the alt screen restores the (empty) main screen.
	if screen := term.Screen(); strings.Contains(screen, "tuitest model") {
		t.Errorf("alt screen still shown after exit:\n%s", screen)
	}
}

func TestPressNamedKeys(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	term := Open(t, srv.addr, NewKey(t), WithSize(60, 12))
	term.WaitFor("size 60x12")
	for _, k := range []string{"tab", "shift+tab", "up", "down", "left", "right", "home", "end",
		"pgup", "pgdown", "delete", "space", "ctrl+a", "alt+x", "esc", "enter", "x"} {
		term.Press(k)
		term.WaitFor("key " + k + "\n") // bubbletea names keys the way Press does
	}
	term.Press("ctrl+c")
	if code := term.WaitForExit(); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
}

func TestOpenWithCommand(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	term := Open(t, srv.addr, NewKey(t), WithCommand("join 5"))
	term.WaitFor("cmd join 5")
	term.Close() // the client drops the connection
	if code := term.WaitForExit(); code != -1 {
		t.Errorf("exit code after Close = %d, want -1", code)
	}
}

func TestOpenOnSharedClient(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	client := Dial(t, srv.addr, NewKey(t))
	first := OpenOn(t, client, WithSize(40, 10))
	second := OpenOn(t, client, WithCommand("second"))
	first.WaitFor("size 40x10")
	second.WaitFor("cmd second")
	first.Press("q")
	first.WaitForExit()
	// The connection and the other session live on.
	second.Type("still here")
	second.WaitFor("typed [still here] end")
	if res := RunOn(t, client, "echo ok"); res.Stdout != "ok\n" {
		t.Errorf("RunOn after a closed session: %+v", res)
	}
}

func TestRun(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	key := NewKey(t)

	res := Run(t, srv.addr, key, "echo hei maailma")
	if res != (Result{Stdout: "hei maailma\n"}) {
		t.Errorf("echo: %+v", res)
	}

	res = Run(t, srv.addr, key, "fail")
	if want := (Result{Stdout: "to stdout\n", Stderr: "to stderr\n", ExitCode: 3}); res != want {
		t.Errorf("fail: got %+v, want %+v", res, want)
	}

	res = Run(t, srv.addr, key, "cat", WithStdin("rivi 1\nrivi 2\n"))
	if res.Stdout != "rivi 1\nrivi 2\n" || res.ExitCode != 0 {
		t.Errorf("cat: %+v", res)
	}

	res = Run(t, srv.addr, key, "env", WithEnv("LANG", "fi_FI.UTF-8"), WithEnv("PIIRI_X", "y"))
	if !strings.Contains(res.Stdout, "LANG=fi_FI.UTF-8\n") || !strings.Contains(res.Stdout, "PIIRI_X=y\n") {
		t.Errorf("env: %+v", res)
	}

	res = Run(t, srv.addr, key, "drop")
	if res.Stdout != "bye\n" || res.ExitCode != -1 {
		t.Errorf("drop: %+v, want exit code -1", res)
	}

	res = Run(t, srv.addr, key, "whoami")
	if got, want := strings.TrimSpace(res.Stdout), Fingerprint(key); got != want {
		t.Errorf("whoami = %q, want %q", got, want)
	}

	// Several sessions over one connection.
	client := Dial(t, srv.addr, key)
	for i := range 3 {
		res := RunOn(t, client, fmt.Sprintf("echo %d", i))
		if res.Stdout != fmt.Sprintf("%d\n", i) {
			t.Errorf("RunOn %d: %+v", i, res)
		}
	}
}

// TestFailingSignerFallsBackToNextKey is the pattern for testing a client
// that offers key A, cannot sign with it, and then signs in with key B.
func TestFailingSignerFallsBackToNextKey(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	a, b := NewKey(t), NewKey(t)

	client, err := DialWith(t, srv.addr, gossh.ClientConfig{
		AuthCallback: KeysInOrder(FailingSigner(a), b),
	})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	res := RunOn(t, client, "whoami")
	if got := strings.TrimSpace(res.Stdout); got != Fingerprint(b) {
		t.Errorf("authenticated as %q, want key B %q (key A is %q)", got, Fingerprint(b), Fingerprint(a))
	}
	if offered := srv.offeredKeys(); !slices.Contains(offered, Fingerprint(a)) {
		t.Errorf("key A was never offered to the server; offered: %v", offered)
	}

	// Why KeysInOrder exists: x/crypto gives up on the publickey method at
	// the first signing error, even with B in the same or a later method.
	for name, auth := range map[string][]gossh.AuthMethod{
		"one method":  {gossh.PublicKeys(FailingSigner(a), b)},
		"two methods": {gossh.PublicKeys(FailingSigner(a)), gossh.PublicKeys(b)},
	} {
		if _, err := DialWith(t, srv.addr, gossh.ClientConfig{Auth: auth}); err == nil {
			t.Errorf("%s: x/crypto now falls back to key B by itself; KeysInOrder's doc comment is out of date", name)
		}
	}
}

// fakeTB turns Fatalf into a recorded message, so failure paths can be tested.
type fakeTB struct {
	testing.TB
	mu    sync.Mutex
	fatal string
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.fatal = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fakeTB) message() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fatal
}

// inFakeTB runs fn with a fakeTB on a goroutine of its own (Fatalf calls
// runtime.Goexit) and returns the Fatalf message, if any.
func inFakeTB(t *testing.T, fn func(tb testing.TB)) string {
	tb := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(tb)
	}()
	<-done
	return tb.message()
}

func TestWaitForFailures(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	term := Open(t, srv.addr, NewKey(t))
	term.WaitFor("tuitest model")

	// From here on the Term reports to a fakeTB.
	inFake := func(fn func()) string {
		return inFakeTB(t, func(tb testing.TB) {
			term.t = tb
			fn()
		})
	}

	term.timeout = 300 * time.Millisecond
	msg := inFake(func() { term.WaitFor("never shown") })
	if !strings.Contains(msg, `timed out after 300ms waiting for screen contains "never shown"`) ||
		!strings.Contains(msg, "tuitest model") {
		t.Errorf("timeout message:\n%s", msg)
	}

	msg = inFake(func() { term.Press("nosuchkey") })
	if !strings.Contains(msg, `unknown key "nosuchkey"`) {
		t.Errorf("unknown key message: %q", msg)
	}

	// A session that ends fails the wait at once instead of at the timeout.
	term.timeout = time.Minute
	start := time.Now()
	msg = inFake(func() {
		term.Press("q")
		term.WaitFor("never shown")
	})
	if !strings.Contains(msg, "session ended while waiting") {
		t.Errorf("ended message:\n%s", msg)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("noticing the end took %v", d)
	}
}
