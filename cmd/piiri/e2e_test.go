package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage/storagetest"
	"github.com/piiri/piiri/tui/tuitest"
)

// testApp is a real piiri on 127.0.0.1:0 with its data in a temp dir.
type testApp struct {
	*App
	addr   string
	banner string
	ahead  *atomic.Int64 // how far the Service's clock runs ahead of the real one
}

// advance moves the server's clock forward, e.g. past a deadline.
func (a *testApp) advance(d time.Duration) { a.ahead.Add(int64(d)) }

func startApp(t *testing.T, mutate ...func(*Config)) *testApp {
	t.Helper()
	return startAppLogged(t, slog.New(slog.DiscardHandler), mutate...)
}

// startAppLogged is startApp with the server's logs going to logger.
func startAppLogged(t *testing.T, logger *slog.Logger, mutate ...func(*Config)) *testApp {
	t.Helper()
	fresh := t.TempDir()
	cfg := Config{
		Addr: "127.0.0.1:0", Data: fresh, Lang: session.LangEN,
		MaxSessions: 50, MaxSessionsPerPerson: 8, ConnPerMinute: 0, HandshakeTimeout: 5 * time.Second,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	// A new server's database, migrated once per build rather than once
	// per test; a test that brings its own data directory or database
	// (first start, upgrades, PostgreSQL) gets exactly what it brought.
	if cfg.Data == fresh && !cfg.onPostgres() {
		storagetest.WriteMigrated(t, cfg.dbPath())
	}
	ctx := context.Background()
	app, err := Open(ctx, cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	banner, err := app.Banner(ctx, catalogFromEnv(nil))
	if err != nil {
		t.Fatal(err)
	}
	ahead := new(atomic.Int64)
	app.Service.Now = func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
	app.Serve()
	t.Cleanup(func() { app.Close() })
	return &testApp{App: app, addr: app.Addr.String(), banner: banner, ahead: ahead}
}

var codePattern = regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`)

// adminCode is the one-time admin invite the banner printed.
func (a *testApp) adminCode(t *testing.T) string {
	t.Helper()
	code := codePattern.FindString(a.banner)
	if code == "" {
		t.Fatalf("no admin invite in banner:\n%s", a.banner)
	}
	return code
}

// invite makes an invite as the operator would with `piiri admin invite`.
func (a *testApp) invite(t *testing.T, role session.Role) string {
	t.Helper()
	inv, err := a.Service.CreateInvite(context.Background(), session.Operator(), session.InviteSpec{Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return session.FormatCode(inv.Code)
}

// admit accepts a group's agreement as key, as `agreement GROUP --ack`
// does: the rest of the group opens.
func (a *testApp) admit(t *testing.T, key gossh.Signer, groupID int64) {
	t.Helper()
	if res := tuitest.Run(t, a.addr, key, fmt.Sprintf("agreement %d --ack", groupID)); res.ExitCode != 0 {
		t.Fatalf("agreement --ack: %d %s", res.ExitCode, res.Stderr)
	}
}

// join redeems a new invite for a fresh key over SSH and returns the key.
func (a *testApp) join(t *testing.T, role session.Role, name string) gossh.Signer {
	t.Helper()
	return a.redeem(t, a.invite(t, role), name)
}

func TestFirstStartOnboardingInTUI(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	if !strings.Contains(app.banner, app.Connect) || !strings.Contains(app.banner, "SHA256:") {
		t.Fatalf("banner lacks the ssh command or host key:\n%s", app.banner)
	}
	code := app.adminCode(t)
	key := tuitest.NewKey(t)
	term := tuitest.Open(t, app.addr, key)
	term.WaitFor("Welcome to piiri")
	term.WaitFor("peer mentoring")

	// A wrong code: a clear message on the same screen, nothing saved.
	term.Type("WRON-GCOD-EXXX")
	term.Press("tab")
	term.Type("Aino Virtanen")
	term.Press("tab", "enter")
	term.WaitFor("That invite code is not valid")
	if people, _ := app.Service.People(context.Background(), session.Operator()); len(people) != 0 {
		t.Fatalf("a failed join saved %d people", len(people))
	}

	// The cursor is back on the code field: clear it and type the real one.
	for range len("WRON-GCOD-EXXX") {
		term.Press("backspace")
	}
	term.Type(strings.ToLower(code))
	term.Press("enter", "enter", "enter")
	screen := term.WaitFor("Hello, Aino Virtanen")
	if !strings.Contains(screen, "admin") {
		t.Fatalf("home does not show the role:\n%s", screen)
	}
	if !strings.Contains(screen, "quit") || !strings.Contains(screen, "help") || !strings.Contains(screen, "new group") {
		t.Fatalf("home has no help bar:\n%s", screen)
	}
	term.Press("?")
	term.WaitFor("suomeksi")
	term.Press("q")
	if code := term.WaitForExit(); code != 0 {
		t.Fatalf("exit %d", code)
	}

	// The same key now lands on home directly, and the banner no longer
	// offers an admin invite.
	term = tuitest.Open(t, app.addr, key)
	term.WaitFor("Hello, Aino Virtanen")
	if banner, _ := app.Banner(context.Background(), catalogFromEnv(nil)); codePattern.MatchString(banner) {
		t.Fatalf("banner still offers an admin invite:\n%s", banner)
	}
}

func TestOnboardingRejectsBadNames(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	code := app.invite(t, session.RoleMember)
	term := tuitest.Open(t, app.addr, tuitest.NewKey(t))
	term.WaitFor("Welcome to piiri")
	term.Type(code)
	term.Press("tab", "tab", "enter")
	term.WaitFor("Type your name")
	term.Type(strings.Repeat("x", 70))
	term.Press("tab", "enter")
	term.WaitFor("The name is too long: at most 64 characters")
	if people, _ := app.Service.People(context.Background(), session.Operator()); len(people) != 0 {
		t.Fatalf("a failed join saved %d people", len(people))
	}
}

func TestRedeemAndWhoamiWithoutTerminal(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	key := tuitest.NewKey(t)

	res := tuitest.Run(t, app.addr, key, "whoami")
	if res.ExitCode == 0 || !strings.Contains(res.Stderr, "redeem CODE") {
		t.Fatalf("whoami before joining: %d %q", res.ExitCode, res.Stderr)
	}
	res = tuitest.Run(t, app.addr, key, "redeem NOPE-NOPE-NOPE --name Aino")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "not valid") {
		t.Fatalf("bad code: %d %q", res.ExitCode, res.Stderr)
	}
	// ssh joins its arguments with spaces: the name arrives as two words.
	res = tuitest.Run(t, app.addr, key, "redeem "+app.invite(t, session.RoleFacilitator)+" --name Aino Virtanen --lang fi")
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "Tervetuloa, Aino Virtanen") {
		t.Fatalf("redeem: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	res = tuitest.Run(t, app.addr, key, "whoami --json")
	var who struct{ Name, Role, Lang, Fingerprint string }
	if err := json.Unmarshal([]byte(res.Stdout), &who); err != nil || res.ExitCode != 0 {
		t.Fatalf("whoami --json: %d %q %v", res.ExitCode, res.Stdout, err)
	}
	if who.Name != "Aino Virtanen" || who.Role != "facilitator" || who.Lang != "fi" || who.Fingerprint != tuitest.Fingerprint(key) {
		t.Fatalf("whoami = %+v", who)
	}
	res = tuitest.Run(t, app.addr, key, "whoami")
	if !strings.Contains(res.Stdout, "rooli: ohjaaja") || !strings.Contains(res.Stdout, "kieli: suomi") || !strings.Contains(res.Stdout, tuitest.Fingerprint(key)) {
		t.Fatalf("whoami in Finnish: %q", res.Stdout)
	}
	res = tuitest.Run(t, app.addr, key, "redeem "+app.invite(t, session.RoleMember)+" --name Toinen")
	if res.ExitCode != 1 {
		t.Fatalf("a known key redeemed again: %d %q", res.ExitCode, res.Stderr)
	}
}

func TestUnknownCommandExits2(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	member := app.join(t, session.RoleMember, "Jäsen")
	for name, key := range map[string]gossh.Signer{"member": member, "unknown key": tuitest.NewKey(t)} {
		res := tuitest.Run(t, app.addr, key, "frobnicate --now")
		if res.ExitCode != 2 || !strings.Contains(res.Stderr, "Unknown command: frobnicate") || !strings.Contains(res.Stderr, "redeem") {
			t.Errorf("%s: %d %q", name, res.ExitCode, res.Stderr)
		}
	}
	res := tuitest.Run(t, app.addr, member, "whoami --bogus")
	if res.ExitCode != 2 || !strings.Contains(res.Stderr, "Usage: whoami") {
		t.Errorf("bad flag: %d %q", res.ExitCode, res.Stderr)
	}
	res = tuitest.Run(t, app.addr, member, "help")
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "whoami") {
		t.Errorf("help: %d %q", res.ExitCode, res.Stdout)
	}
	res = tuitest.Run(t, app.addr, member, "invite create --role admin")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "rights") {
		t.Errorf("member made an invite: %d %q", res.ExitCode, res.Stderr)
	}
}

// TestKeyOfferRegression: identity must come from the key that signed, not
// from a key that was only offered. The client offers the admin's key A
// without being able to sign with it, then signs in with key B.
func TestKeyOfferRegression(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	admin := app.join(t, session.RoleAdmin, "Admin")
	other := tuitest.NewKey(t)

	client, err := tuitest.DialWith(t, app.addr, gossh.ClientConfig{
		AuthCallback: tuitest.KeysInOrder(tuitest.FailingSigner(admin), other),
	})
	if err != nil {
		t.Fatal(err)
	}
	res := tuitest.RunOn(t, client, "whoami --json")
	if res.ExitCode == 0 || strings.Contains(res.Stdout, "Admin") {
		t.Fatalf("an offered key became the identity: %d %q", res.ExitCode, res.Stdout)
	}
	res = tuitest.RunOn(t, client, "invite create --role admin")
	if res.ExitCode == 0 || codePattern.MatchString(res.Stdout) {
		t.Fatalf("the unknown key made an admin invite: %q", res.Stdout)
	}

	// And the other way round: B has joined, A (unknown) is only offered.
	b := app.join(t, session.RoleMember, "Bertta")
	client, err = tuitest.DialWith(t, app.addr, gossh.ClientConfig{
		AuthCallback: tuitest.KeysInOrder(tuitest.FailingSigner(tuitest.NewKey(t)), b),
	})
	if err != nil {
		t.Fatal(err)
	}
	res = tuitest.RunOn(t, client, "whoami --json")
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, tuitest.Fingerprint(b)) {
		t.Fatalf("signed-in key not used: %d %q", res.ExitCode, res.Stdout)
	}
}

func TestTooSmallScreen(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	// Too short: under 60 columns at the start the line mode opens instead
	// (TestLineModeOverPTY).
	term := tuitest.Open(t, app.addr, tuitest.NewKey(t), tuitest.WithSize(70, 12))
	term.WaitFor("too small")
	term.WaitFor("60×16")
	term.Resize(80, 24)
	term.WaitFor("Welcome to piiri")
	term.Resize(59, 30)
	term.WaitFor("too small")
	term.Resize(60, 16)
	term.WaitFor("Invite code")
}

func TestFinnishWhenClientSendsLANG(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	code := app.invite(t, session.RoleMember)
	key := tuitest.NewKey(t)
	term := tuitest.Open(t, app.addr, key, tuitest.WithEnv("LANG", "fi_FI.UTF-8"))
	term.WaitFor("Tervetuloa piiriin")
	term.Type(code)
	term.Press("tab")
	term.Type("Äiti Mäkelä")
	term.Press("tab", "enter")
	term.WaitFor("Hei, Äiti Mäkelä")
	screen := term.WaitFor("Ohjaajasi lähettää")
	for _, want := range []string{"jäsen", "Ryhmäsi", "lopeta"} {
		if !strings.Contains(screen, want) {
			t.Errorf("Finnish home lacks %q:\n%s", want, screen)
		}
	}
	// The person's own setting wins over LANG afterwards: switch to English.
	term.Press("l")
	term.WaitFor("Hello, Äiti Mäkelä")
	term.Press("q")
	term.WaitForExit()
	term = tuitest.Open(t, app.addr, key, tuitest.WithEnv("LANG", "fi_FI.UTF-8"))
	term.WaitFor("Hello, Äiti Mäkelä")
}

func TestOnboardingLanguageChoice(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	term := tuitest.Open(t, app.addr, tuitest.NewKey(t))
	term.WaitFor("Welcome to piiri")
	term.Press("tab", "tab", "right")
	term.WaitFor("Tervetuloa piiriin")
	term.Press("right")
	term.WaitFor("Welcome to piiri")
}

func TestSessionCapsGiveAClearMessage(t *testing.T) {
	t.Parallel()
	app := startApp(t, func(c *Config) { c.MaxSessionsPerPerson = 1; c.MaxSessions = 3 })
	key := app.join(t, session.RoleMember, "Aino")
	term := tuitest.Open(t, app.addr, key)
	term.WaitFor("Hello, Aino")
	res := tuitest.Run(t, app.addr, key, "whoami")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "too many piiri sessions") {
		t.Fatalf("second session: %d %q", res.ExitCode, res.Stderr)
	}
	// Other people still get in, up to the global cap.
	t1 := tuitest.Open(t, app.addr, tuitest.NewKey(t))
	t1.WaitFor("Welcome")
	t2 := tuitest.Open(t, app.addr, tuitest.NewKey(t))
	t2.WaitFor("Welcome")
	res = tuitest.Run(t, app.addr, tuitest.NewKey(t), "help")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "piiri is full") {
		t.Fatalf("over the global cap: %d %q", res.ExitCode, res.Stderr)
	}
	// Leaving frees the place.
	term.Press("q")
	term.WaitForExit()
	freed := poll(5*time.Second, func() bool {
		res = tuitest.Run(t, app.addr, key, "whoami")
		return res.ExitCode == 0
	})
	if !freed {
		t.Fatalf("place not freed: %d %q", res.ExitCode, res.Stderr)
	}
}

func TestConnectionRateLimitPerIP(t *testing.T) {
	t.Parallel()
	app := startApp(t, func(c *Config) { c.ConnPerMinute = 1 })
	key := tuitest.NewKey(t)
	refused := 0
	for range 30 {
		if _, err := tuitest.DialWith(t, app.addr, gossh.ClientConfig{
			Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, Timeout: 2 * time.Second,
		}); err != nil {
			refused++
		}
	}
	if refused < 5 || refused > 15 {
		t.Fatalf("%d of 30 quick connections refused; want those over the burst of 20", refused)
	}
	if s := app.Server.Stats(); s.RefusedConns != int64(refused) {
		t.Fatalf("stats count %d refused, saw %d", s.RefusedConns, refused)
	}
}

func TestHandshakeTimeout(t *testing.T) {
	t.Parallel()
	app := startApp(t, func(c *Config) { c.HandshakeTimeout = 300 * time.Millisecond })
	conn, err := net.Dial("tcp", app.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	// Read the server's version line, then say nothing: the server must hang up.
	if _, err := io.ReadAll(conn); err != nil {
		t.Fatalf("server did not close a silent connection: %v", err)
	}
}

func TestGracefulShutdownTellsSessions(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	key := app.join(t, session.RoleMember, "Aino")
	term := tuitest.Open(t, app.addr, key)
	term.WaitFor("Hello, Aino")
	start := time.Now()
	if err := app.Close(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("shutdown took %v", d)
	}
	term.WaitForExit()
	if !bytes.Contains(term.Output(), []byte("shutting down")) {
		t.Fatalf("the session was not told; screen:\n%s", term.Screen())
	}
	if _, err := app.DB.PersonByKey(context.Background(), tuitest.Fingerprint(key)); err == nil {
		t.Fatal("database still open after shutdown")
	}
}

func TestHostKeyFilesAndReuse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	app := startApp(t, func(c *Config) { c.Data = dir })
	fp := gossh.FingerprintSHA256(app.Server.HostKey())
	info, err := os.Stat(filepath.Join(dir, "host_key"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("host key: %v, mode %v", err, info.Mode())
	}
	if _, err := os.Stat(filepath.Join(dir, "piiri.db")); err != nil {
		t.Fatal(err)
	}
	app.Close()
	again := startApp(t, func(c *Config) { c.Data = dir })
	if got := gossh.FingerprintSHA256(again.Server.HostKey()); got != fp {
		t.Fatalf("host key changed across restarts: %s → %s", fp, got)
	}
}

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }

// mustRun runs a command that must succeed as key and returns its
// stdout, trimmed.
func (a *testApp) mustRun(t *testing.T, key gossh.Signer, cmd string, opts ...tuitest.Option) string {
	t.Helper()
	res := tuitest.Run(t, a.addr, key, cmd, opts...)
	if res.ExitCode != 0 {
		t.Fatalf("%q: exit %d: %s%s", cmd, res.ExitCode, res.Stdout, res.Stderr)
	}
	return strings.TrimSpace(res.Stdout)
}

// redeem joins a fresh key with code (and any more words, such as
// "--lang fi") and returns the key.
func (a *testApp) redeem(t *testing.T, code, name string, more ...string) gossh.Signer {
	t.Helper()
	key := tuitest.NewKey(t)
	a.mustRun(t, key, strings.Join(append([]string{"redeem", code, "--name", name}, more...), " "))
	return key
}

// member brings a new person into a group as people come: the leader's
// invite, redeemed with a fresh key (more: say "--lang", "fi"), and the
// group's agreement accepted. It returns the key.
func (a *testApp) member(t *testing.T, leader gossh.Signer, groupID int64, role, name string, more ...string) gossh.Signer {
	t.Helper()
	code := a.mustRun(t, leader, fmt.Sprintf("invite create --group %d --role %s", groupID, role))
	key := a.redeem(t, code, name, more...)
	a.admit(t, key, groupID)
	return key
}

// runJSON runs a command that must succeed and decodes its JSON output.
func runJSON(t *testing.T, addr string, key gossh.Signer, cmd string, v any) {
	t.Helper()
	res := tuitest.Run(t, addr, key, cmd)
	if res.ExitCode != 0 {
		t.Fatalf("%s: exit %d: %s", cmd, res.ExitCode, res.Stderr)
	}
	if err := json.Unmarshal([]byte(res.Stdout), v); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, res.Stdout)
	}
}

// meetingFixture is a group with a facilitator and two members, and the id
// of its first meeting.
type meetingFixture struct {
	fac, aino, bertta gossh.Signer
	group, meeting    int64
}

// newMeetingFixture makes the group from a template over SSH, as people
// would: Fasi creates it and invites Aino and Bertta as mentors, who
// accept its agreement.
func newMeetingFixture(t *testing.T, app *testApp, template string) meetingFixture {
	t.Helper()
	return newMeetingFixtureIn(t, app, template, "")
}

// newMeetingFixtureIn is newMeetingFixture with everyone in lang ("": the
// server's default).
func newMeetingFixtureIn(t *testing.T, app *testApp, template string, lang session.Lang) meetingFixture {
	t.Helper()
	var more []string
	if lang != "" {
		more = []string{"--lang", string(lang)}
	}
	f := meetingFixture{fac: app.redeem(t, app.invite(t, session.RoleFacilitator), "Fasi", more...)}
	var g groupJSON
	runJSON(t, app.addr, f.fac, "group create --template "+template+" --name Piiri --json", &g)
	f.group = g.ID
	f.aino = app.member(t, f.fac, g.ID, "mentor", "Aino", more...)
	f.bertta = app.member(t, f.fac, g.ID, "mentor", "Bertta", more...)
	var meetings []meetingJSON
	runJSON(t, app.addr, f.fac, "meetings --json", &meetings)
	f.meeting = meetings[0].ID
	return f
}

// join opens the TUI in the live meeting as key.
func (f meetingFixture) join(t *testing.T, app *testApp, key gossh.Signer) *tuitest.Term {
	t.Helper()
	term := tuitest.Open(t, app.addr, key, tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	term.WaitFor("● live")
	return term
}

// mustActor is key's person as the Service knows them.
func mustActor(t *testing.T, app *testApp, key gossh.Signer) session.Actor {
	t.Helper()
	a, err := app.Service.Identify(context.Background(), tuitest.Fingerprint(key))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func waitFor(t *testing.T, desc string, cond func() bool) {
	t.Helper()
	if !poll(10*time.Second, cond) {
		t.Fatalf("timed out waiting for %s", desc)
	}
}

// poll asks cond until it holds or d has passed, and says whether it
// held. The one polling loop of these tests: for what has no event to
// wait on (a count in another process's goroutines, a server's stats).
func poll(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond) // allowed: the polling helper
	}
	return true
}

// serverProcess starts `piiri serve` with args (--data or --db among
// them) as a separate process — this test binary, run again as
// TestBenchServerProcess — so that a test can kill it with SIGKILL, and
// returns its address.
func serverProcess(t *testing.T, args ...string) (string, *exec.Cmd) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(append([]string{"serve", "--addr", "127.0.0.1:0", "--conn-per-minute", "0", "--log-level", "error"}, args...))
	cmd := exec.Command(exe, "-test.run=^TestBenchServerProcess$")
	cmd.Env = append(os.Environ(), "PIIRI_BENCH_SERVE="+string(b), "PIIRI_LANG=en")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	r := bufio.NewReader(out)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("server did not start: %v", err)
	}
	fields := strings.Fields(line) // "piiri is listening on ADDR (data in …)"
	if len(fields) < 5 {
		t.Fatalf("banner: %q", line)
	}
	go func() { _, _ = r.WriteTo(io.Discard) }()
	return fields[4], cmd
}
