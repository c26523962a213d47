package main

import (
	"database/sql"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/storage/storagetest"
	"github.com/piiri/piiri/tui/tuitest"
)

// balancerSource is the address HAProxy connects to the nodes from, so
// that the nodes can tell it from the test's own direct connections.
const balancerSource = "127.0.0.2"

// startHAProxy runs HAProxy in TCP mode in front of the given nodes, with
// the PROXY protocol and fast health checks, and returns its address. It
// skips without haproxy (fails in CI).
func startHAProxy(t *testing.T, nodes ...string) string {
	t.Helper()
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		if os.Getenv(storagetest.EnvRequirePostgres) != "" {
			t.Fatal("haproxy is not installed (apt-get install haproxy)")
		}
		t.Skip("no haproxy")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var servers strings.Builder
	for i, n := range nodes {
		fmt.Fprintf(&servers, "    server n%d %s check check-send-proxy send-proxy-v2 inter 100ms fall 1 rise 1\n", i, n)
	}
	cfg := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(cfg, []byte(`global
    log stderr format short local0
defaults
    mode tcp
    log global
    option tcplog
    timeout connect 2s
    timeout client 1h
    timeout server 1h
frontend piiri
    bind `+addr+`
    default_backend nodes
backend nodes
    source `+balancerSource+`
    balance roundrobin
    option redispatch
    retries 3
    option tcp-check
    tcp-check expect rstring ^SSH-2.0-
`+servers.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-db", "-f", cfg)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("haproxy:\n%s", out)
		}
	})
	listening := poll(10*time.Second, func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	if !listening {
		t.Fatalf("haproxy did not listen on %s:\n%s", addr, out)
	}
	return addr
}

// TestMeetingAcrossNodesBehindHAProxy: PostgreSQL, two nodes and HAProxy
// on loopback. Everyone connects through the balancer, which spreads them
// over both nodes; every change reaches every participant, and the
// slowest arrival is reported and bounded. Node A stops mid-meeting; its
// people reconnect through the balancer with a plain ssh, land on node B
// in the room at the same item, with the timer where it was and the
// discussion kept.
func TestMeetingAcrossNodesBehindHAProxy(t *testing.T) {
	dsn := storagetest.PostgresDSN(t)
	hostKey := filepath.Join(t.TempDir(), "host_key")
	lb := []netip.Prefix{netip.MustParsePrefix(balancerSource + "/32")}
	node := func(c *Config) { c.DB, c.HostKey, c.ProxyFrom = dsn, hostKey, lb }
	a := startApp(t, node)
	b := startApp(t, node)
	f := newMeetingFixture(t, a, "mepe")
	if res := tuitest.Run(t, a.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	front := startHAProxy(t, a.addr, b.addr)

	// Through the balancer; onA says which node each session landed on.
	onA := map[*tuitest.Term]bool{}
	keys := map[*tuitest.Term]gossh.Signer{}
	via := func(key gossh.Signer) *tuitest.Term {
		before := a.Service.Hub().Stats().Subscriptions
		term := f.join(t, &testApp{addr: front}, key)
		onA[term], keys[term] = a.Service.Hub().Stats().Subscriptions > before, key
		return term
	}
	ft, at, bt := via(f.fac), via(f.aino), via(f.bertta)
	all := []*tuitest.Term{ft, at, bt}
	if n := len(slices.DeleteFunc(slices.Clone(all), func(x *tuitest.Term) bool { return !onA[x] })); n == 0 || n == 3 {
		t.Fatalf("the balancer put %d of 3 sessions on node A", n)
	}
	var delays []time.Duration
	change := func(want string, do func(), terms ...*tuitest.Term) {
		t.Helper()
		start := time.Now()
		do()
		for _, term := range terms {
			term.WaitFor(want)
			delays = append(delays, time.Since(start))
		}
	}
	change("Here (3)", func() {}, all...)
	change("▶ running", func() { ft.Press("space") }, all...)
	change("▶ 2 ", func() { ft.Press("n") }, all...)
	change("hands up: Aino", func() { at.Press("h") }, ft)
	change("» Aino has the word", func() { ft.Press("g") }, ft, bt)
	at.Press("enter")
	at.Type("Terveiset välityspalvelimen takaa")
	change("Terveiset välityspalvelimen takaa", func() { at.Press("enter") }, all...)
	slices.Sort(delays)
	slowest := delays[len(delays)-1]
	t.Logf("%d arrivals across two nodes: median %v, slowest %v", len(delays), delays[len(delays)/2], slowest)
	if slowest > time.Second {
		t.Errorf("a change took %v to reach a participant", slowest)
	}
	timer := func(s string) string { // the item's clock, e.g. "09:50"
		i := strings.Index(s, "⏱ ")
		if i < 0 {
			return ""
		}
		return strings.Fields(s[i+len("⏱ "):])[0]
	}
	before := timer(ft.Screen())

	// Node A goes; whoever was on it comes back through the balancer and
	// lands on node B, in the same room.
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	stayed := 0
	for _, term := range all {
		if !onA[term] {
			stayed++
		}
	}
	for _, term := range all { // node A stored its people's leaving
		if !onA[term] {
			term.WaitFor(fmt.Sprintf("Here (%d)", stayed))
		}
	}
	for i, term := range all {
		if !onA[term] {
			continue
		}
		term.WaitForExit()
		// A plain ssh, as a person does: the room is remembered in the
		// store, so node B knows where they were.
		all[i] = tuitest.Open(t, front, keys[term])
		all[i].WaitFor("● live")
	}
	ft, at = all[0], all[1]
	for _, term := range all {
		term.WaitFor("▶ 2 ")
		term.WaitFor("Terveiset välityspalvelimen takaa")
		screen := term.WaitFor("▶ running")
		if now := timer(screen); now > before || now == "" {
			t.Fatalf("the timer went from %s to %s across the move", before, now)
		}
	}
	change("▶ 3 ", func() { ft.Press("n") }, all...)
}

// TestKilledNodesPeopleGoAndComeBack: node A is killed with SIGKILL in the
// middle of a meeting, so it stores nothing on its way out. Node B sees A's
// lease run out and takes A's people out of the room (the facilitator on
// B sees them gone within 15 s); they reconnect through the balancer with
// a plain ssh and land in the room at the same item.
func TestKilledNodesPeopleGoAndComeBack(t *testing.T) {
	dsn := storagetest.PostgresDSN(t)
	hostKey := filepath.Join(t.TempDir(), "host_key")
	const lease = 3 * time.Second
	b := startApp(t, func(c *Config) {
		c.DB, c.HostKey, c.NodeLease = dsn, hostKey, lease
		c.ProxyFrom = []netip.Prefix{netip.MustParsePrefix(balancerSource + "/32")}
	})
	aAddr, aProc := serverProcess(t, "--data", t.TempDir(), "--db", dsn, "--host-key", hostKey, "--proxy-from", balancerSource+"/32", "--node-lease", lease.String())
	f := newMeetingFixture(t, b, "mepe")
	if res := tuitest.Run(t, b.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	// The facilitator waits longer than the default: up to the lease and a
	// beat for the killed node's people to go.
	ft := tuitest.Open(t, b.addr, f.fac, tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)), tuitest.WithTimeout(25*time.Second))
	at := f.join(t, &testApp{addr: aAddr}, f.aino)
	bt := f.join(t, &testApp{addr: aAddr}, f.bertta)
	for _, term := range []*tuitest.Term{ft, at, bt} {
		term.WaitFor("Here (3)")
	}
	ft.Press("n")
	for _, term := range []*tuitest.Term{ft, at, bt} {
		term.WaitFor("▶ 2 ")
	}
	// Both nodes have renewed their leases: Aino and Bertta on A, the
	// facilitator on B.
	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	waitFor(t, "node A's lease", func() bool {
		var n int
		err := pg.QueryRow("SELECT coalesce(sum(sessions), 0) FROM node_sessions").Scan(&n)
		return err == nil && n == 3
	})

	if err := aProc.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	at.WaitForExit()
	bt.WaitForExit()
	ft.WaitFor("Here (1)")
	gone := time.Since(killed)
	t.Logf("a killed node's people shown as gone after %v", gone)
	if gone > 15*time.Second {
		t.Errorf("a killed node's people were shown for %v", gone)
	}

	front := startHAProxy(t, b.addr)
	for _, key := range []gossh.Signer{f.aino, f.bertta} {
		term := tuitest.Open(t, front, key)
		term.WaitFor("▶ 2 ")
	}
	ft.WaitFor("Here (3)")
}
