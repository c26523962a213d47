package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui"
	"github.com/piiri/piiri/tui/tuitest"
)

// advanceBudget is how soon a facilitator's advance must reach a
// participant while an attack runs; the race detector's slowdown (CI runs
// with -race) is allowed for.
var advanceBudget = func() time.Duration {
	if raceDetector {
		return 4 * 250 * time.Millisecond
	}
	return 250 * time.Millisecond
}()

// defaultLimits gives c the limits `piiri serve` starts with.
func defaultLimits(t *testing.T) func(*Config) {
	t.Helper()
	read := bindConfig(flag.NewFlagSet("defaults", flag.ContinueOnError))
	def, err := read()
	if err != nil {
		t.Fatal(err)
	}
	return func(c *Config) {
		c.MaxSessions, c.MaxSessionsPerPerson, c.MaxSessionsPerConn = def.MaxSessions, def.MaxSessionsPerPerson, def.MaxSessionsPerConn
		c.MaxUnjoined, c.MaxUnjoinedPerAddr, c.MaxHandshakesPerAddr = def.MaxUnjoined, def.MaxUnjoinedPerAddr, def.MaxHandshakesPerAddr
		c.ConnPerMinute, c.JoinIdleTimeout, c.HandshakeTimeout = def.ConnPerMinute, def.JoinIdleTimeout, def.HandshakeTimeout
	}
}

// roomProbe is a live meeting with a facilitator and a participant, each
// in a terminal: it measures how long the facilitator's advance takes to
// reach the participant.
type roomProbe struct {
	ft, at *tuitest.Term
	item   int
}

func newRoomProbe(t *testing.T, app *testApp) *roomProbe {
	t.Helper()
	f := newMeetingFixture(t, app, "mepe")
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	p := &roomProbe{ft: f.join(t, app, f.fac), at: f.join(t, app, f.aino), item: 1}
	p.at.WaitFor("▶ 1 ")
	return p
}

// advance moves the meeting between its first two items and returns how
// long the participant took to see it.
func (p *roomProbe) advance() time.Duration {
	key, next := "n", p.item+1
	if p.item == 2 {
		key, next = "b", 1
	}
	start := time.Now()
	p.ft.Press(key)
	p.at.WaitFor(fmt.Sprintf("▶ %d ", next))
	p.item = next
	return time.Since(start)
}

// during runs attack in the background and advances the meeting until it
// returns (at least three times); the advances must reach the
// participant within advanceBudget. attack's error fails the test.
func (p *roomProbe) during(t *testing.T, attack func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- attack() }()
	var took []time.Duration
	var attackErr error
	for finished := false; !finished || len(took) < 3; {
		took = append(took, p.advance())
		select {
		case attackErr = <-done:
			finished = true
		default:
		}
	}
	if attackErr != nil {
		t.Fatalf("attack: %v", attackErr)
	}
	t.Logf("advances during the attack reached the participant in %v", took)
	// The typical advance must be within the budget; a single one may
	// lose a scheduling slice on a loaded 2-core CI machine, but an attack
	// that stalls the server (CPU, memory) shows as every advance slow or
	// one far over it.
	sorted := slices.Sorted(slices.Values(took))
	if median := sorted[len(sorted)/2]; median > advanceBudget {
		t.Fatalf("advances took %v (median %v) to reach the participant (budget %v)", took, median, advanceBudget)
	}
	if worst := sorted[len(sorted)-1]; worst > 4*advanceBudget {
		t.Fatalf("an advance took %v to reach the participant (at most %v): %v", worst, 4*advanceBudget, took)
	}
}

// dialRaw connects as key without the test helpers, for use off the test
// goroutine.
func dialRaw(addr string, key gossh.Signer, local net.IP) (*gossh.Client, error) {
	d := net.Dialer{Timeout: 10 * time.Second}
	if local != nil {
		d.LocalAddr = &net.TCPAddr{IP: local}
	}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{User: "attacker",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, HostKeyCallback: gossh.InsecureIgnoreHostKey(), //nolint:gosec // loopback
		Timeout: 10 * time.Second})
	if err != nil {
		conn.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// rawTerm is a PTY session read without an emulator: its output as text
// with the escape sequences stripped.
type rawTerm struct {
	sess  *gossh.Session
	stdin io.WriteCloser
	mu    sync.Mutex
	out   bytes.Buffer
	ended chan struct{}
}

func openRaw(client *gossh.Client, width, height int) (*rawTerm, error) {
	sess, err := client.NewSession()
	if err != nil {
		return nil, err
	}
	r := &rawTerm{sess: sess, ended: make(chan struct{})}
	if err := sess.RequestPty("xterm-256color", height, width, gossh.TerminalModes{}); err != nil {
		sess.Close()
		return nil, err
	}
	if r.stdin, err = sess.StdinPipe(); err != nil {
		return nil, err
	}
	sess.Stdout, sess.Stderr = (*rawWriter)(r), (*rawWriter)(r)
	if err := sess.Shell(); err != nil {
		sess.Close()
		return nil, err
	}
	go func() {
		_ = sess.Wait()
		close(r.ended)
	}()
	return r, nil
}

type rawWriter rawTerm

func (w *rawWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.out.Write(p)
}

func (r *rawTerm) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return ansi.Strip(r.out.String())
}

// waitText waits until the output holds want or the session ends.
func (r *rawTerm) waitText(want string, within time.Duration) error {
	deadline := time.After(within)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if strings.Contains(r.text(), want) {
			return nil
		}
		select {
		case <-r.ended:
			if strings.Contains(r.text(), want) {
				return nil
			}
			return fmt.Errorf("session ended without %q: %q", want, r.text())
		case <-deadline:
			return fmt.Errorf("no %q within %v: %q", want, within, r.text())
		case <-tick.C:
		}
	}
}

// TestHugeTerminalIsClamped: a person asks for a 4000×2000 terminal,
// resizes to it and reports it in-band; the program gets 400×200 every
// time and still draws, and the live room goes on for the others.
func TestHugeTerminalIsClamped(t *testing.T) {
	// Not parallel: the 250 ms budget is measured against the attack,
	// not against the rest of the test suite.
	var logs syncBuffer
	app := startAppLogged(t, slog.New(slog.NewTextHandler(&logs, nil)), defaultLimits(t))
	probe := newRoomProbe(t, app)
	eve := app.join(t, session.RoleMember, "Eve")
	probe.during(t, func() error {
		client, err := dialRaw(app.addr, eve, nil)
		if err != nil {
			return err
		}
		defer client.Close()
		term, err := openRaw(client, 4000, 2000)
		if err != nil {
			return err
		}
		if err := term.waitText("Hello, Eve", 10*time.Second); err != nil {
			return err
		}
		// The initial size is counted twice: as the program's first size
		// and as the first value on the window-change channel.
		stage := func(desc string, want int64, do func() error) error {
			if err := do(); err != nil {
				return err
			}
			if !poll(10*time.Second, func() bool { return app.Server.Stats().ClampedWindows >= want }) {
				return fmt.Errorf("%s: %d sizes clamped, want %d", desc, app.Server.Stats().ClampedWindows, want)
			}
			return nil
		}
		if err := stage("pty request", 2, func() error { return nil }); err != nil {
			return err
		}
		if err := stage("window change", 3, func() error { return term.sess.WindowChange(2000, 4000) }); err != nil {
			return err
		}
		// CSI 8 ; rows ; cols t is a terminal's size report, which
		// bubbletea reads from the input.
		if err := stage("in-band report", 4, func() error { _, err := io.WriteString(term.stdin, "\x1b[8;2000;4000t"); return err }); err != nil {
			return err
		}
		// Still drawing within the clamp: a keypress changes the screen.
		_, _ = io.WriteString(term.stdin, "?")
		return term.waitText("suomeksi", 10*time.Second)
	})
	want := `msg="window clamped" session=\S+ asked_width=4000 asked_height=2000 width=400 height=200`
	if !regexpMatch(want, logs.String()) {
		t.Fatalf("no log line matches %s:\n%s", want, logs.String())
	}
}

// TestSessionSlotsFromOneConnection: one connection of a key that has not
// joined opens forty sessions; four run, the rest are refused with words,
// the live room goes on, and people who have joined and strangers on
// other connections still get in. The strangers' own pool is bounded per
// address and in all, and never takes the joined people's places.
func TestSessionSlotsFromOneConnection(t *testing.T) {
	// Not parallel: the 250 ms budget is measured against the attack,
	// not against the rest of the test suite.
	app := startApp(t, defaultLimits(t), func(c *Config) {
		c.MaxSessions, c.MaxUnjoined, c.MaxUnjoinedPerAddr = 20, 8, 6
	})
	probe := newRoomProbe(t, app)
	stranger := tuitest.NewKey(t)
	var running, told int
	probe.during(t, func() error {
		client, err := dialRaw(app.addr, stranger, nil)
		if err != nil {
			return err
		}
		t.Cleanup(func() { client.Close() })
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 40 {
			wg.Go(func() {
				term, err := openRaw(client, 80, 24)
				if err != nil {
					return // the channel itself was refused
				}
				err = term.waitText("Welcome to piiri", 10*time.Second)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					running++
				case strings.Contains(term.text(), "This SSH connection already has 4 piiri sessions open"):
					told++
				}
			})
		}
		wg.Wait()
		return nil
	})
	if running != 4 || told == 0 {
		t.Fatalf("one connection: %d sessions running, %d refused with the reason; want 4 and some", running, told)
	}

	// A person who has joined gets in; so does a stranger on another
	// connection, until the strangers' pool from this address is full.
	tuitest.Open(t, app.addr, app.join(t, session.RoleMember, "Bertta")).WaitFor("Hello, Bertta")
	for range 2 {
		tuitest.Open(t, app.addr, tuitest.NewKey(t)).WaitFor("Welcome to piiri")
	}
	res := tuitest.Run(t, app.addr, tuitest.NewKey(t), "help", tuitest.WithEnv("LANG", "fi_FI.UTF-8"))
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "Juuri nyt piiriin liittyy liian monta ihmistä") {
		t.Fatalf("a seventh stranger from one address: %d %q", res.ExitCode, res.Stderr)
	}
	// From another address strangers get the rest of the pool, and no more.
	local := net.ParseIP("127.0.0.2")
	if c, err := dialRaw(app.addr, tuitest.NewKey(t), local); err != nil {
		t.Skipf("cannot dial from 127.0.0.2 here: %v", err)
	} else {
		c.Close()
	}
	for i := range 3 {
		client, err := dialRaw(app.addr, tuitest.NewKey(t), local)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { client.Close() })
		term := tuitest.OpenOn(t, client)
		if i < 2 {
			term.WaitFor("Welcome to piiri")
		} else {
			term.WaitFor("Too many people are joining piiri right now")
		}
	}
	// The joined keep their places: the server holds 20 sessions, 8 of
	// them strangers'.
	// (They join through the Service: redeeming over SSH takes a
	// stranger's place, and those are all taken.)
	for _, name := range []string{"Cecilia", "Daniel"} {
		key := tuitest.NewKey(t)
		a, _ := app.Service.Identify(t.Context(), tuitest.Fingerprint(key))
		if _, err := app.Service.Redeem(t.Context(), a, session.RedeemRequest{Code: app.invite(t, session.RoleMember), Name: name, Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		tuitest.Open(t, app.addr, key).WaitFor("Hello, " + name)
	}
}

// TestJoinScreenIdleTimeout: a stranger's join screen closes after the
// short join-screen timeout and its place is free again; a person's home
// screen stays.
func TestJoinScreenIdleTimeout(t *testing.T) {
	t.Parallel()
	app := startApp(t, defaultLimits(t), func(c *Config) { c.JoinIdleTimeout = 400 * time.Millisecond })
	aino := tuitest.Open(t, app.addr, app.join(t, session.RoleMember, "Aino"))
	aino.WaitFor("Hello, Aino")
	term := tuitest.Open(t, app.addr, tuitest.NewKey(t))
	term.WaitFor("Welcome to piiri")
	term.WaitForExit()
	if !strings.Contains(ansi.Strip(string(term.Output())), "without a keypress") {
		t.Fatalf("the join screen closed without saying why:\n%s", term.Screen())
	}
	waitFor(t, "the stranger's place freed", func() bool { return app.Server.Stats().Sessions == 1 })
	aino.Press("?")
	aino.WaitFor("suomeksi")
}

// TestLongCommandLineRefused: a hundred command lines of 100 KB are refused unread,
// quickly and in the user's language, while the live room goes on; a
// command line just under the limit still runs.
func TestLongCommandLineRefused(t *testing.T) {
	// Not parallel: the 250 ms budget is measured against the attack,
	// not against the rest of the test suite.
	app := startApp(t, defaultLimits(t))
	probe := newRoomProbe(t, app)
	long := strings.Repeat("Dear-diary ", 100*1024/len("Dear-diary "))
	key := tuitest.NewKey(t)
	probe.during(t, func() error {
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for range 4 {
			wg.Go(func() {
				client, err := dialRaw(app.addr, key, nil)
				if err != nil {
					errs <- err
					return
				}
				defer client.Close()
				for range 25 {
					sess, err := client.NewSession()
					if err != nil {
						errs <- err
						return
					}
					var stderr bytes.Buffer
					sess.Stderr = &stderr
					start := time.Now()
					err = sess.Run(long)
					var exit *gossh.ExitError
					if !errors.As(err, &exit) || exit.ExitStatus() != 2 || !strings.Contains(stderr.String(), "The command is too long (over 4096 bytes)") {
						errs <- fmt.Errorf("a 100 KB command: %v %q", err, stderr.String())
					} else if d := time.Since(start); d > time.Second {
						errs <- fmt.Errorf("refusing a 100 KB command took %v", d)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		return <-errs
	})
	res := tuitest.Run(t, app.addr, key, long, tuitest.WithEnv("LANG", "fi_FI.UTF-8"))
	if res.ExitCode != 2 || !strings.Contains(res.Stderr, "Komento on liian pitkä (yli 4096 tavua)") {
		t.Fatalf("in Finnish: %d %q", res.ExitCode, res.Stderr)
	}
	aino := app.join(t, session.RoleMember, "Aino")
	if res := tuitest.Run(t, app.addr, aino, "whoami"+strings.Repeat(" ", tui.MaxCommandLen-len("whoami"))); res.ExitCode != 0 || !strings.Contains(res.Stdout, "Aino") {
		t.Fatalf("a command line of exactly the limit: %d %q", res.ExitCode, res.Stderr)
	}
}

// TestOfficeNATAllGetIn: thirty people behind one address, none of whom
// has joined yet, connect at the same moment with the default limits: all
// reach the join screen within ten seconds, and the live room goes on.
func TestOfficeNATAllGetIn(t *testing.T) {
	// Not parallel: the 250 ms budget is measured against the attack,
	// not against the rest of the test suite.
	app := startApp(t, defaultLimits(t))
	probe := newRoomProbe(t, app)
	keys := make([]gossh.Signer, 30)
	for i := range keys {
		keys[i] = tuitest.NewKey(t)
	}
	probe.during(t, func() error {
		start := time.Now()
		errs := make(chan error, len(keys))
		var wg sync.WaitGroup
		for _, key := range keys {
			wg.Go(func() {
				client, err := dialRaw(app.addr, key, nil)
				if err != nil {
					errs <- err
					return
				}
				t.Cleanup(func() { client.Close() })
				term, err := openRaw(client, 80, 24)
				if err == nil {
					err = term.waitText("Welcome to piiri", 10*time.Second)
				}
				if err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			return err
		}
		if d := time.Since(start); d > 10*time.Second {
			return fmt.Errorf("thirty people took %v to get in", d)
		}
		return nil
	})
	if s := app.Server.Stats(); s.RefusedConns != 0 || s.RefusedSessions != 0 {
		t.Fatalf("refused: %+v", s)
	}
}

// sshBinary is the OpenSSH client, or the test is skipped.
func sshBinary(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("no OpenSSH client installed")
	}
	return path
}

// runOpenSSH runs the real ssh client against app with a UTF-8 locale and
// no configuration, keys or agent of its own, and returns its stderr.
func runOpenSSH(t *testing.T, app *testApp, args ...string) string {
	t.Helper()
	_, port, _ := net.SplitHostPort(app.addr)
	home := t.TempDir()
	base := []string{"-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "IdentityAgent=none", "-o", "ConnectTimeout=10", "-p", port}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, sshBinary(t), append(append(base, args...), "localhost", "whoami")...)
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8", "LC_ALL=C.UTF-8"}
	var stderr bytes.Buffer
	cmd.Stdin, cmd.Stderr = nil, &stderr
	_ = cmd.Run()
	return stderr.String()
}

// TestNoKeyTextReadableInOpenSSH: OpenSSH without a key shows the
// how-to-make-a-key text in both languages, as UTF-8, not escaped.
func TestNoKeyTextReadableInOpenSSH(t *testing.T) {
	t.Parallel()
	app := startApp(t, defaultLimits(t))
	out := runOpenSSH(t, app, "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=keyboard-interactive,password")
	for _, want := range []string{
		"Luo avain komennolla: ssh-keygen -t ed25519 ja yhdistä sitten uudelleen.",
		"Create one with: ssh-keygen -t ed25519 and connect again.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("OpenSSH does not print %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `\303`) {
		t.Errorf("OpenSSH shows the Finnish escaped:\n%s", out)
	}
}

// TestRefusedClientIsToldWhyInOpenSSH: with all of an address's handshake
// places held by silent connections, OpenSSH from that address prints why
// it was refused, in both languages; once the refusals that get a banner
// are used up too, `ssh -v` still shows the reason before the version
// line.
func TestRefusedClientIsToldWhyInOpenSSH(t *testing.T) {
	t.Parallel()
	sshBinary(t)
	app := startApp(t, defaultLimits(t), func(c *Config) { c.MaxHandshakesPerAddr = 2; c.HandshakeTimeout = 20 * time.Second })
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "id")
	pem, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pemBytes(pem), 0o600); err != nil {
		t.Fatal(err)
	}
	hold := func(n int) {
		for range n {
			conn, err := net.Dial("tcp", app.addr)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { conn.Close() })
			// The server's version line means the connection was counted.
			buf := make([]byte, 64)
			if _, err := conn.Read(buf); err != nil {
				t.Fatal(err)
			}
		}
	}
	hold(2)
	out := runOpenSSH(t, app, "-i", keyFile, "-o", "IdentitiesOnly=yes")
	for _, want := range []string{
		"osoitteestasi avataan juuri nyt liian monta yhteyttä yhtä aikaa. Odota hetki ja yhdistä uudelleen.",
		"too many connections from your address are being opened at once. Wait a moment and connect again.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("OpenSSH does not print %q:\n%s", want, out)
		}
	}
	// The refusals that are told why are held too: eight connections that
	// got a handshake (the version line), not the quiet refusal. The first
	// ssh's place may still be on its way back, so a quiet one is retried.
	told := 0
	held := poll(10*time.Second, func() bool {
		conn, err := net.Dial("tcp", app.addr)
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 64)
		n, err := conn.Read(buf)
		if err != nil && n == 0 {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(buf[:n]), "SSH-") {
			told++
			t.Cleanup(func() { conn.Close() })
		} else {
			conn.Close()
		}
		return told == 8
	})
	if !held {
		t.Fatalf("%d of 8 refused connections got a handshake", told)
	}
	out = runOpenSSH(t, app, "-v", "-i", keyFile, "-o", "IdentitiesOnly=yes")
	if !strings.Contains(out, "banner line 1: piiri: too many connections from your address") {
		t.Errorf("ssh -v does not show the reason:\n%s", out)
	}
}

func pemBytes(b *pem.Block) []byte { return pem.EncodeToMemory(b) }

// TestUnknownCommandNotLogged: a command that is not one of piiri's is
// logged as cmd=unknown, never with the words typed.
func TestUnknownCommandNotLogged(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	app := startAppLogged(t, slog.New(slog.NewTextHandler(&logs, nil)))
	aino := app.join(t, session.RoleMember, "Aino")
	if res := tuitest.Run(t, app.addr, aino, "Dear-diary-Kaarnalaiva today I"); res.ExitCode != 2 {
		t.Fatalf("unknown command: %d", res.ExitCode)
	}
	if res := tuitest.Run(t, app.addr, aino, "whoami"); res.ExitCode != 0 {
		t.Fatalf("whoami: %d", res.ExitCode)
	}
	waitFor(t, "both commands logged", func() bool { return strings.Count(logs.String(), "msg=command") == 3 })
	out := logs.String()
	if strings.Contains(out, "Kaarnalaiva") || strings.Contains(out, "Dear-diary") {
		t.Fatalf("the log holds the words typed:\n%s", out)
	}
	for _, want := range []string{`msg=command .*cmd=unknown exit=2`, `msg=command .*cmd=whoami exit=0`, `msg=command .*cmd=redeem exit=0`} {
		if !regexpMatch(want, out) {
			t.Errorf("no log line matches %s:\n%s", want, out)
		}
	}
}

// TestStrangerWhoJoinsLeavesThePool: a key that joins on the join screen
// is one of the people from then on, and its stranger's place is free for
// the next one.
func TestStrangerWhoJoinsLeavesThePool(t *testing.T) {
	t.Parallel()
	app := startApp(t, defaultLimits(t), func(c *Config) { c.MaxUnjoined = 1 })
	code := app.invite(t, session.RoleMember)
	term := tuitest.Open(t, app.addr, tuitest.NewKey(t))
	term.WaitFor("Welcome to piiri")
	if res := tuitest.Run(t, app.addr, tuitest.NewKey(t), "help"); res.ExitCode != 1 || !strings.Contains(res.Stderr, "Too many people are joining") {
		t.Fatalf("a second stranger while the pool is full: %d %q", res.ExitCode, res.Stderr)
	}
	term.Type(code)
	term.Press("tab")
	term.Type("Aino")
	term.Press("tab", "enter")
	term.WaitFor("Hello, Aino")
	tuitest.Open(t, app.addr, tuitest.NewKey(t)).WaitFor("Welcome to piiri")
}

// TestEnvironmentIsBounded: a session that sends a thousand environment
// variables, or a huge one, has all but the first 64 small ones refused,
// and still runs.
func TestEnvironmentIsBounded(t *testing.T) {
	t.Parallel()
	app := startApp(t, defaultLimits(t))
	client := tuitest.Dial(t, app.addr, app.join(t, session.RoleMember, "Aino"))
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.Setenv("HUGE", strings.Repeat("x", 100*1024)); err == nil {
		t.Fatal("a 100 KB environment variable was accepted")
	}
	accepted := 0
	for i := range 1000 {
		if sess.Setenv(fmt.Sprintf("V%d", i), "1") == nil {
			accepted++
		}
	}
	if accepted != 64 {
		t.Fatalf("%d of 1000 environment variables accepted, want 64", accepted)
	}
	var stdout bytes.Buffer
	sess.Stdout = &stdout
	if err := sess.Run("whoami"); err != nil || !strings.Contains(stdout.String(), "Aino") {
		t.Fatalf("whoami after the flood of variables: %v %q", err, stdout.String())
	}
}
