package main

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for CREATE DATABASE
	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/cmd/piiri/benchstat"
	"github.com/piiri/piiri/storage"
)

// Several nodes: the bench starts --nodes piiri servers on one PostgreSQL
// database (or uses running ones given with --addr A,B,…), puts every
// room's people on all of them in turn, and measures the fan-out to the
// facilitator's node and to the others apart.

// splitAddrs is --addr's comma-separated list of node (or balancer)
// addresses.
func splitAddrs(s string) []string {
	var out []string
	for a := range strings.SplitSeq(s, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// freshPgDatabase creates an empty database on the PostgreSQL server dsn
// names (its user must be allowed to CREATE DATABASE) and returns its
// address and a func that drops it.
func freshPgDatabase(ctx context.Context, dsn string) (string, func() error, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", nil, fmt.Errorf("--db %s: not a postgres:// address", storage.RedactDSN(dsn))
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "piiri_bench_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create the bench's database on %s: %w", storage.RedactDSN(dsn), err)
	}
	drop := func() error {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		return err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

// writeHostKey writes a new ed25519 host key for the nodes to share, as an
// operator copies one key to every node, so that clients trust any node.
func writeHostKey(path string) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		return err
	}
	return os.WriteFile(path, pem.EncodeToMemory(block), 0o600)
}

// benchNodeArgs are the `piiri serve` flags of node i of a bench on
// PostgreSQL: its own data directory (args[1]), the shared database and
// host key.
func benchNodeArgs(dir, dsn string, i int) []string {
	return []string{"--data", filepath.Join(dir, fmt.Sprintf("node%d", i+1)), "--db", dsn, "--host-key", filepath.Join(dir, "host_key")}
}

// benchBalancerSource is the address HAProxy connects to the nodes from
// (--haproxy), the one the nodes believe PROXY headers from.
const benchBalancerSource = "127.0.0.2"

// haproxyProc is HAProxy in front of the bench's nodes (--haproxy).
type haproxyProc struct {
	cmd  *exec.Cmd
	addr string
	done chan error
}

// startHAProxy runs HAProxy in TCP mode with the PROXY protocol in front of
// nodes, round robin, with the configuration the README shows, and waits
// until it accepts connections.
func startHAProxy(dir string, nodes []string, stderr io.Writer) (*haproxyProc, error) {
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		return nil, errors.New("--haproxy: no haproxy on PATH (apt-get install haproxy)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	var servers strings.Builder
	for i, n := range nodes {
		fmt.Fprintf(&servers, "    server n%d %s check check-send-proxy send-proxy-v2 inter 1s\n", i+1, n)
	}
	cfg := filepath.Join(dir, "haproxy.cfg")
	// No maxconn: HAProxy derives it from the open-files limit.
	if err := os.WriteFile(cfg, []byte(`defaults
    mode tcp
    timeout connect 5s
    timeout client 1h
    timeout server 1h
frontend piiri
    bind `+addr+`
    default_backend nodes
backend nodes
    source `+benchBalancerSource+`
    balance roundrobin
    option redispatch
    retries 2
    option tcp-check
    tcp-check expect rstring ^SSH-2.0-
`+servers.String()), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-db", "-f", cfg)
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	h := &haproxyProc{cmd: cmd, addr: addr, done: make(chan error, 1)}
	go func() { h.done <- cmd.Wait() }()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		select {
		case err := <-h.done:
			return nil, fmt.Errorf("haproxy exited: %v", err)
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return h, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	h.stop()
	return nil, fmt.Errorf("haproxy did not listen on %s within 10s", addr)
}

func (h *haproxyProc) stop() {
	_ = h.cmd.Process.Kill()
	<-h.done
}

// rssOf is the resident memory of all the given processes together.
func rssOf(pids []int) int64 {
	var sum int64
	for _, pid := range pids {
		if n, err := procRSS(pid); err == nil {
			sum += n
		}
	}
	return sum
}

// fetchAllMarks adds up the nodes' allocation counters; nil when any has
// none.
func fetchAllMarks(addrs []string) *benchstat.Mark {
	if len(addrs) == 0 {
		return nil
	}
	sum := &benchstat.Mark{}
	for _, a := range addrs {
		m := fetchServerMark(a)
		if m == nil {
			return nil
		}
		sum.TotalAlloc += m.TotalAlloc
		sum.NumGC += m.NumGC
		sum.HeapSys += m.HeapSys
	}
	return sum
}

// rssPeak samples the servers' memory until stopped and keeps the most.
type rssPeak struct {
	done chan struct{}
	max  chan int64
}

func startRSSPeak(pids []int) *rssPeak {
	p := &rssPeak{done: make(chan struct{}), max: make(chan int64, 1)}
	go func() {
		var most int64
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if len(pids) > 0 {
				most = max(most, rssOf(pids))
			}
			select {
			case <-p.done:
				p.max <- most
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *rssPeak) stop() int64 {
	close(p.done)
	return <-p.max
}

// fetchAllStats asks every node for its stats and adds them up: heaps,
// goroutines, and each owner's bytes (counts) over the nodes. nil when any
// has none.
func fetchAllStats(addrs []string) *benchstat.Stats {
	var all []*benchstat.Stats
	for _, a := range addrs {
		st := fetchServerStats(a)
		if st == nil {
			return nil
		}
		all = append(all, st)
	}
	if len(all) < 2 {
		if len(all) == 0 {
			return nil
		}
		return all[0]
	}
	sum := &benchstat.Stats{}
	var owners, by [][]benchstat.Owner
	for _, st := range all {
		sum.HeapInuse += st.HeapInuse
		sum.Goroutines += st.Goroutines
		owners, by = append(owners, st.Owners), append(by, st.GoroutinesBy)
	}
	sum.Owners, sum.GoroutinesBy = addOwners(owners), addOwners(by)
	return sum
}

// addOwners adds up the nodes' owner lists by function, largest first, as
// long as the longest list.
func addOwners(lists [][]benchstat.Owner) []benchstat.Owner {
	total := map[string]int64{}
	n := 0
	for _, l := range lists {
		n = max(n, len(l))
		for _, o := range l {
			total[o.Func] += o.Bytes
		}
	}
	out := make([]benchstat.Owner, 0, len(total))
	for f, b := range total {
		out = append(out, benchstat.Owner{Func: f, Bytes: b})
	}
	slices.SortFunc(out, func(a, b benchstat.Owner) int {
		if c := cmp.Compare(b.Bytes, a.Bytes); c != 0 {
			return c
		}
		return strings.Compare(a.Func, b.Func)
	})
	return out[:min(n, len(out))]
}

// benchNodes are the servers the bench started and, with --haproxy, the
// balancer in front of them.
type benchNodes struct {
	servers []*benchServer
	front   *haproxyProc
}

// addrs are where the clients connect: the balancer, or every node.
func (n *benchNodes) addrs() []string {
	if n.front != nil {
		return []string{n.front.addr}
	}
	var out []string
	for _, s := range n.servers {
		out = append(out, s.addr)
	}
	return out
}

func (n *benchNodes) pids() []int {
	var out []int
	for _, s := range n.servers {
		out = append(out, s.pid)
	}
	return out
}

func (n *benchNodes) stats() []string {
	var out []string
	for _, s := range n.servers {
		if s.stats != "" {
			out = append(out, s.stats)
		}
	}
	return out
}

// stop stops the balancer, then every node at once, each given wait.
func (n *benchNodes) stop(wait time.Duration) error {
	if n.front != nil {
		n.front.stop()
	}
	errs := make([]error, len(n.servers))
	done := make(chan struct{})
	for i, s := range n.servers {
		go func() {
			if err := s.stop(wait); err != nil {
				errs[i] = fmt.Errorf("node %d: %w", i+1, err)
			}
			done <- struct{}{}
		}()
	}
	for range n.servers {
		<-done
	}
	return errors.Join(errs...)
}

// startNodes starts the bench's piiri nodes over the database at target:
// one on SQLite (the data directory dir), --nodes on PostgreSQL, each with
// a data directory of its own and one host key; then HAProxy in front of
// them with --haproxy.
func startNodes(c benchConfig, dir, target string, stderr io.Writer) (*benchNodes, error) {
	n := &benchNodes{}
	pg := storage.IsPostgresDSN(target)
	if pg {
		if err := writeHostKey(filepath.Join(dir, "host_key")); err != nil {
			return nil, err
		}
	}
	for i := range max(c.nodes, 1) {
		args := []string{"--data", dir}
		if pg {
			args = benchNodeArgs(dir, target, i)
			if err := os.MkdirAll(args[1], 0o700); err != nil {
				return nil, err
			}
		}
		if c.haproxy {
			args = append(args, "--proxy-from", benchBalancerSource+"/32")
		}
		s, err := startBenchServer(c.server, args, c.clients+50, stderr)
		if err != nil {
			_ = n.stop(10 * time.Second)
			return nil, fmt.Errorf("node %d: %w", i+1, err)
		}
		n.servers = append(n.servers, s)
	}
	if c.haproxy {
		var err error
		if n.front, err = startHAProxy(dir, n.addrs(), stderr); err != nil {
			_ = n.stop(10 * time.Second)
			return nil, err
		}
	}
	return n, nil
}

// benchTarget is the database the bench fills: the SQLite file in dir;
// with --db and --addr the running nodes' database; with --db alone a new
// database on that PostgreSQL server, dropped by cleanup (kept with
// --keep).
func benchTarget(ctx context.Context, c benchConfig, dir string, stderr io.Writer) (target string, cleanup func(), err error) {
	switch {
	case c.db == "":
		return filepath.Join(dir, "piiri.db"), func() {}, nil
	case c.addr != "":
		return c.db, func() {}, nil
	}
	target, drop, err := freshPgDatabase(ctx, c.db)
	if err != nil {
		return "", nil, err
	}
	if c.keep {
		fmt.Fprintf(stderr, "piiri-bench: %s\n", storage.RedactDSN(target))
		return target, func() {}, nil
	}
	return target, func() {
		if err := drop(); err != nil {
			fmt.Fprintf(stderr, "piiri-bench: drop the bench's database: %v\n", err)
		}
	}, nil
}

// pgProbe is what a room change costs in PostgreSQL on its way to another
// node, measured from the bench on the same database as the nodes, one at
// a time on an idle server: a notification's round trip (a committed
// pg_notify until a listening connection has it) and one reload of a
// room's state, which every other node holding the room does once per
// change.
type pgProbe struct {
	Notify    benchStats `json:"notify"`
	RoomState benchStats `json:"room_state"`
}

// pgProbeChannel is not one piiri listens on: the nodes never see the
// probe's notifications.
const pgProbeChannel = "piiri_bench_probe"

func probePostgres(ctx context.Context, dsn string, meetingID int64, n int) (*pgProbe, error) {
	listen, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer listen.Close(context.WithoutCancel(ctx))
	send, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer send.Close(context.WithoutCancel(ctx))
	if _, err := listen.Exec(ctx, "LISTEN "+pgProbeChannel); err != nil {
		return nil, err
	}
	var notify []time.Duration
	for i := range n {
		t0 := time.Now()
		if _, err := send.Exec(ctx, "SELECT pg_notify($1, $2)", pgProbeChannel, strconv.Itoa(i)); err != nil {
			return nil, err
		}
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := listen.WaitForNotification(wctx)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("notification %d: %w", i, err)
		}
		notify = append(notify, time.Since(t0))
	}
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var loads []time.Duration
	for range n {
		t0 := time.Now()
		if _, err := db.RoomState(ctx, meetingID); err != nil {
			return nil, fmt.Errorf("room state: %w", err)
		}
		loads = append(loads, time.Since(t0))
	}
	return &pgProbe{Notify: newBenchStats(notify), RoomState: newBenchStats(loads)}, nil
}

// lockedWriter serialises writes to one writer from several processes'
// output copiers (the nodes' and HAProxy's stderr).
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// shareable is w made safe for several processes to write to: a file is
// handed to them as it is, anything else is locked.
func shareable(w io.Writer) io.Writer {
	if _, ok := w.(*os.File); ok {
		return w
	}
	return &lockedWriter{w: w}
}
