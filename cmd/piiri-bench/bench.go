package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/piiri/piiri/cmd/piiri/benchstat"
	"github.com/piiri/piiri/storage"
)

// piiri-bench is a load test of the live meeting:
//
//	piiri-bench [--server PATH] [--clients 1000] [--rooms 100] [--advances 5] [--idle 10s]
//	            [--concurrency 50] [--timeout 5s] [--pause 500ms] [--spread 0]
//	            [--settle 5s] [--timers] [--light] [--bare PATH] [--plain] [--keep] [--json]
//	            [--db postgres://… [--nodes 2] [--haproxy]]
//	piiri-bench --addr HOST:PORT[,HOST:PORT…] (--data DIR | --db postgres://…) [--pid PID] …
//
// --server is the piiri binary to measure (default: piiri beside this
// binary, else on PATH); it runs as `piiri bench-serve`, the server with
// its heap and goroutine stats on a loopback port.
//
// It fills a temporary data directory with --clients people in --rooms
// groups (template mentor-group; one facilitator per group, the rest
// members), starts each group's first meeting and runs `piiri serve` on it
// as a child process. Then it connects every person over SSH with a PTY
// (xterm-256color, 100x30) running `join MEETING`, each with a terminal
// emulator, at most --concurrency connecting at once, and measures:
//
//   - connect: dial, SSH handshake and session start;
//   - first screen: from the dial until the room shows ("● live");
//   - server RSS before connecting and with every session connected and
//     idle, and from them the memory per session;
//   - server CPU (% of one core) over --idle with every session idle;
//   - fan-out: --advances rounds in which every facilitator presses n (or
//     b at the end of the agenda); for every participant of the room, from
//     just before the key is written until the participant's screen shows
//     the new current item ("▶ N "). The rooms advance at once, or evenly
//     over --spread. A participant that has not seen it after --timeout
//     is an error.
//
// The server reports its heap (after a collection) and goroutines before
// and with every session idle, and the heap's largest owners; from them
// the heap and goroutines per session. With --bare PATH the same load runs
// again on the bare wish + bubbletea stack (cmd/piiri-bench/benchbare, built by
// the operator: it is its own module) and the two are printed side by
// side. With --light only the first room is emulated and advances; every
// other client only answers terminal queries and waits for the room's
// header in the raw output, so that many sessions can be held from one
// machine while one room is measured. With --plain the same load runs
// again with line-mode clients: no PTY, `plain join MEETING`, reading
// lines (the facilitator types next/back); their memory per session is
// printed beside the TUI sessions'.
//
// With --timers every facilitator starts the timer after connecting (as in
// a meeting under way, where every screen redraws each second), so the idle
// figures include the timers. --keep keeps the data directory (and the
// PostgreSQL database).
//
// With --db postgres://… the server runs on PostgreSQL: the bench creates
// a new database on that server (its user needs CREATEDB), fills it
// through the Service as on SQLite, and drops it afterwards. --nodes N
// starts N piiri nodes on it, each with its own data directory and one
// shared host key; every room's people are spread over the nodes in turn
// (the facilitator of room i on node i mod N), so a room's changes reach
// the other nodes through PostgreSQL's LISTEN/NOTIFY, and the fan-out is
// also reported apart for the participants on the facilitator's node and
// on the others. Memory and CPU are the nodes' sums. --haproxy starts
// HAProxy (from PATH) in TCP mode with the PROXY protocol in front of the
// nodes and connects every client through it (then which node a client is
// on is HAProxy's choice, and the fan-out is not split).
//
// With --addr the bench uses running servers instead, clients spread over
// the addresses in turn (every node's, or one balancer's): --data must be
// that server's data directory, or --db the nodes' PostgreSQL database (the
// people and groups are added to it and their meetings started over SSH,
// on the first address), and memory and CPU are measured only when --pid
// gives a server's process.
// The exit status is 1 when anything failed.
//
// The report is an operator's measurement: its labels are metric names
// (the same in every language) and numbers.

// Targets on a 2-core machine with the load generator on the same machine,
// at 1000 clients in 100 rooms (issue 17).
const (
	benchTargetFanoutP99       = 300 * time.Millisecond // all rooms advance at once
	benchTargetFanoutP99Spread = 100 * time.Millisecond // advances spread over --spread
	benchTargetRSSPerSess      = 350 << 10              // bytes
	benchTargetIdleCPU         = 3.0                    // % of one core
)

// benchQuiet is how long the bench lets the server be quiet after the
// advances before it measures the memory again: the server gives a
// burst's garbage back after two quiet seconds.
const benchQuiet = 4 * time.Second

// fanoutTarget is the fan-out p99 target for this run.
func (c benchConfig) fanoutTarget() time.Duration {
	if c.spread > 0 {
		return benchTargetFanoutP99Spread
	}
	return benchTargetFanoutP99
}

type benchConfig struct {
	clients, rooms, advances, concurrency int
	idle, timeout, pause, spread, settle  time.Duration
	keep, json, timers, light, plain      bool
	addr, data, bare, server              string
	// db: PostgreSQL (--db); nodes: how many nodes the bench starts on it
	// (--nodes); haproxy: HAProxy in front of them (--haproxy).
	db      string
	nodes   int
	haproxy bool
	// lineMode: this run's clients are line-mode clients (the second run
	// of --plain).
	lineMode bool
	pid      int
}

// benchStats summarises durations in milliseconds.
type benchStats struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

func newBenchStats(ds []time.Duration) benchStats {
	if len(ds) == 0 {
		return benchStats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(p float64) float64 { // nearest rank
		i := max(int(math.Ceil(p*float64(len(s))))-1, 0)
		return ms(s[i])
	}
	return benchStats{N: len(s), P50: at(0.50), P99: at(0.99), Max: ms(s[len(s)-1])}
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }

type benchReport struct {
	Engine         string     `json:"engine"` // sqlite or postgres
	Nodes          int        `json:"nodes"`  // started, or addresses given with --addr
	HAProxy        bool       `json:"haproxy,omitempty"`
	Clients        int        `json:"clients"`
	Light          bool       `json:"light,omitempty"`     // only the first room emulated and advancing
	LineMode       bool       `json:"line_mode,omitempty"` // every client a line-mode one
	Rooms          int        `json:"rooms"`
	Advances       int        `json:"advances"`
	Errors         int        `json:"errors"`
	ErrorSamples   []string   `json:"error_samples,omitempty"`
	SetupSeconds   float64    `json:"setup_s"`
	ConnectSeconds float64    `json:"connect_all_s"` // until every client showed its room
	Connect        benchStats `json:"connect"`
	FirstScreen    benchStats `json:"first_screen"`
	Fanout         benchStats `json:"fanout"`
	// Fanout apart: to the facilitator's own screen (the key's way in
	// included), to the other participants on the facilitator's node, and,
	// with clients on several nodes, to those on another node (through
	// PostgreSQL's NOTIFY and that node's reload of the room).
	FanoutFacilitator *benchStats `json:"fanout_facilitator,omitempty"`
	FanoutSameNode    *benchStats `json:"fanout_same_node,omitempty"`
	FanoutOtherNode   *benchStats `json:"fanout_other_node,omitempty"`
	FanoutTimeouts    int         `json:"fanout_timeouts"`
	// On PostgreSQL: a notification's round trip and a room's reload.
	PostgresProbe *pgProbe `json:"postgres_probe,omitempty"`
	// The time the advances took (pauses included) and the CPU seconds the
	// server, the bench and everything else on the machine used meanwhile.
	FanoutSeconds   float64 `json:"fanout_s"`
	FanoutServerCPU float64 `json:"fanout_server_cpu_s"`
	FanoutBenchCPU  float64 `json:"fanout_bench_cpu_s"`
	FanoutOtherCPU  float64 `json:"fanout_other_cpu_s"`
	ServerPID       int     `json:"server_pid,omitempty"`
	ServerPIDs      []int   `json:"server_pids,omitempty"` // every node's; memory and CPU are their sums
	RSSBefore       int64   `json:"server_rss_before_bytes,omitempty"`
	RSSIdle         int64   `json:"server_rss_idle_bytes,omitempty"`
	RSSAfter        int64   `json:"server_rss_after_bytes,omitempty"`
	RSSPeak         int64   `json:"server_rss_fanout_peak_bytes,omitempty"` // sampled every 20 ms during the advances
	RSSQuiet        int64   `json:"server_rss_quiet_bytes,omitempty"`       // benchQuiet after the advances
	// What the server allocated during the advances and how often it
	// collected (benchstat's /mark).
	FanoutAlloc   int64   `json:"fanout_alloc_bytes,omitempty"`
	FanoutGCs     int64   `json:"fanout_gcs,omitempty"`
	RSSPerSession int64   `json:"server_rss_per_session_bytes,omitempty"`
	IdleSeconds   float64 `json:"idle_s"`
	IdleCPU       float64 `json:"server_idle_cpu_pct"`
	BenchIdleCPU  float64 `json:"bench_idle_cpu_pct"`
	OtherIdleCPU  float64 `json:"other_idle_cpu_pct"` // other processes: near 0 on a quiet machine
	// From the server's benchstat, when it serves one: the heap in use
	// after a collection, goroutines per session and the heap's owners
	// with every session idle.
	HeapBefore           int64             `json:"server_heap_before_bytes,omitempty"`
	HeapIdle             int64             `json:"server_heap_idle_bytes,omitempty"`
	HeapAfter            int64             `json:"server_heap_after_bytes,omitempty"`
	HeapPerSession       int64             `json:"server_heap_per_session_bytes,omitempty"`
	GoroutinesPerSession float64           `json:"server_goroutines_per_session,omitempty"`
	HeapOwners           []benchstat.Owner `json:"server_heap_owners,omitempty"`
	GoroutinesBy         []benchstat.Owner `json:"server_goroutines_by,omitempty"` // Bytes is the count
	// Bare is the same load on the bare wish + bubbletea stack (--bare).
	Bare *benchReport `json:"bare,omitempty"`
	// Plain is the same load with line-mode clients (--plain).
	Plain          *benchReport `json:"plain,omitempty"`
	FanoutTargetMS float64      `json:"fanout_target_ms"`
	StopSeconds    float64      `json:"server_stop_s,omitempty"` // from SIGTERM, the clients gone
	Targets        struct {
		Errors    bool `json:"errors"`
		FanoutP99 bool `json:"fanout_p99"`
		RSS       bool `json:"rss_per_session"`
		IdleCPU   bool `json:"idle_cpu"`
	} `json:"targets_met"`

	mu sync.Mutex
}

func (r *benchReport) fail(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Errors++
	if len(r.ErrorSamples) < 10 {
		r.ErrorSamples = append(r.ErrorSamples, fmt.Sprintf(format, args...))
	}
}

func benchCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	stderr = shareable(stderr) // the servers write to it too
	fs := flag.NewFlagSet("piiri-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c benchConfig
	fs.IntVar(&c.clients, "clients", 1000, "")
	fs.IntVar(&c.rooms, "rooms", 100, "")
	fs.IntVar(&c.advances, "advances", 5, "")
	fs.IntVar(&c.concurrency, "concurrency", 50, "")
	fs.DurationVar(&c.idle, "idle", 10*time.Second, "")
	fs.DurationVar(&c.timeout, "timeout", 5*time.Second, "")
	fs.DurationVar(&c.pause, "pause", 500*time.Millisecond, "")
	fs.DurationVar(&c.spread, "spread", 0, "")
	// Long enough for the server to give back what the connects left
	// (cmd/piiri/memory.go) before the idle memory is read.
	fs.DurationVar(&c.settle, "settle", 5*time.Second, "")
	fs.BoolVar(&c.keep, "keep", false, "")
	fs.BoolVar(&c.json, "json", false, "")
	fs.BoolVar(&c.timers, "timers", false, "")
	fs.BoolVar(&c.light, "light", false, "")
	fs.StringVar(&c.addr, "addr", "", "")
	fs.StringVar(&c.data, "data", "", "")
	fs.IntVar(&c.pid, "pid", 0, "")
	fs.StringVar(&c.bare, "bare", "", "")
	fs.StringVar(&c.server, "server", "", "")
	fs.BoolVar(&c.plain, "plain", false, "")
	fs.StringVar(&c.db, "db", "", "")
	fs.IntVar(&c.nodes, "nodes", 1, "")
	fs.BoolVar(&c.haproxy, "haproxy", false, "")
	// The flags and their defaults; what they do is described at the top
	// of this file.
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "piiri-bench")
		fs.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(fs.Output(), "  --%-12s %s\n", f.Name, f.DefValue)
		})
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "piiri-bench: %s\n", catalog().T("cli.unexpected_args", strings.Join(fs.Args(), " ")))
		return 2
	case c.rooms < 1 || c.clients < c.rooms:
		fmt.Fprintln(stderr, "piiri-bench: "+catalog().T("cmd.bench.rooms"))
		return 2
	case c.addr != "" && (c.bare != "" || c.plain):
		fmt.Fprintln(stderr, "piiri-bench: --bare and --plain run their own servers: not with --addr")
		return 2
	case c.addr != "" && c.bare != "":
		fmt.Fprintln(stderr, "piiri-bench: --bare runs its own servers: not with --addr")
		return 2
	case c.nodes < 1:
		fmt.Fprintln(stderr, "piiri-bench: --nodes must be at least 1")
		return 2
	case c.nodes > 1 && c.db == "":
		fmt.Fprintln(stderr, "piiri-bench: several nodes share one PostgreSQL database: give --db postgres://…")
		return 2
	case c.db != "" && !storage.IsPostgresDSN(c.db):
		fmt.Fprintln(stderr, "piiri-bench: --db takes a postgres:// address (SQLite is the default)")
		return 2
	case c.addr != "" && (c.nodes > 1 || c.haproxy):
		fmt.Fprintln(stderr, "piiri-bench: --nodes and --haproxy start their own servers: not with --addr (give every node's address, or the balancer's)")
		return 2
	case c.bare != "" && (c.db != "" || c.haproxy):
		fmt.Fprintln(stderr, "piiri-bench: --bare measures the bare stack on one server: not with --db or --haproxy")
		return 2
	case c.addr != "" && c.data == "" && c.db == "":
		fmt.Fprintln(stderr, "piiri-bench: "+catalog().T("cmd.bench.addr_needs_data"))
		return 2
	}
	c.concurrency = max(c.concurrency, 1)
	if c.addr == "" && c.server == "" {
		var err error
		if c.server, err = findServer(); err != nil {
			fmt.Fprintf(stderr, "piiri-bench: %v\n", err)
			return 2
		}
	}
	rep, err := runBench(ctx, c, stderr, nil)
	if err != nil {
		fmt.Fprintf(stderr, "piiri-bench: %v\n", err)
		return 1
	}
	if c.bare != "" {
		bare := c.bare
		rep.Bare, err = runBench(ctx, c, stderr, func(dir string) (*benchServer, error) {
			return startServerProcess(exec.Command(bare, "--addr", "127.0.0.1:0", "--hostkey", filepath.Join(dir, "bare_host_key")), stderr)
		})
		if err != nil {
			fmt.Fprintf(stderr, "piiri-bench: bare stack: %v\n", err)
			return 1
		}
		rep.Bare.judge(c)
		rep.Errors += rep.Bare.Errors
	}
	if c.plain {
		lc := c
		lc.lineMode, lc.light, lc.bare = true, false, ""
		rep.Plain, err = runBench(ctx, lc, stderr, nil)
		if err != nil {
			fmt.Fprintf(stderr, "piiri-bench: line mode: %v\n", err)
			return 1
		}
		rep.Plain.judge(lc)
		rep.Errors += rep.Plain.Errors
	}
	rep.judge(c)
	if c.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	} else {
		printBenchReport(stdout, rep)
	}
	if rep.Errors > 0 {
		return 1
	}
	return 0
}

// runBench sets up, connects, measures and tears down. An error means the
// bench itself could not run; failures under load are counted in the
// report.
//
// start runs the server to measure over the data directory; nil runs
// piiri: one node, or --nodes on PostgreSQL.
func runBench(ctx context.Context, c benchConfig, stderr io.Writer, start func(dir string) (*benchServer, error)) (*benchReport, error) {
	rep := &benchReport{Clients: c.clients, Rooms: c.rooms, Advances: c.advances, Light: c.light, LineMode: c.lineMode, Engine: "sqlite", HAProxy: c.haproxy}
	if c.db != "" {
		rep.Engine = "postgres"
	}
	setupStart := time.Now()

	dir := c.data
	if c.addr == "" {
		var err error
		if dir, err = os.MkdirTemp("", "piiri-bench-"); err != nil {
			return nil, err
		}
		if c.keep {
			fmt.Fprintf(stderr, "piiri-bench: %s\n", dir)
		} else {
			defer os.RemoveAll(dir)
		}
	}
	target, cleanup, err := benchTarget(ctx, c, dir, stderr)
	if err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	defer cleanup() // after the servers have stopped
	rooms, err := benchSetup(ctx, target, c.clients, c.rooms, c.addr == "")
	if err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	addrs := splitAddrs(c.addr)
	var pids []int
	var statsAddrs []string
	if c.addr == "" {
		var nodes *benchNodes
		if start != nil {
			srv, err := start(dir)
			if err != nil {
				return nil, err
			}
			nodes = &benchNodes{servers: []*benchServer{srv}}
		} else if nodes, err = startNodes(c, dir, target, stderr); err != nil {
			return nil, err
		}
		addrs, pids, statsAddrs = nodes.addrs(), nodes.pids(), nodes.stats()
		rep.Nodes = len(nodes.servers)
		defer func() {
			// Every session that ended is noted: give a server that held
			// many a while longer to stop.
			t0 := time.Now()
			if err := nodes.stop(10*time.Second + time.Duration(c.clients)*2*time.Millisecond); err != nil {
				rep.fail("server: %v", err)
			}
			rep.StopSeconds = math.Round(time.Since(t0).Seconds()*10) / 10
		}()
	} else {
		rep.Nodes = len(addrs)
		if c.pid != 0 {
			pids = []int{c.pid}
		}
		for _, r := range rooms {
			if err := benchRun(addrs[0], r.facilitator().key, fmt.Sprintf("meeting start %d", r.meeting), c.timeout); err != nil {
				return nil, err
			}
		}
	}
	if len(pids) > 0 {
		rep.ServerPID = pids[0]
	}
	if len(pids) > 1 {
		rep.ServerPIDs = pids
	}
	if storage.IsPostgresDSN(target) && len(rooms) > 0 {
		if rep.PostgresProbe, err = probePostgres(ctx, target, rooms[0].meeting, 50); err != nil {
			return nil, fmt.Errorf("postgres probe: %w", err)
		}
	}
	// Every room has people on every node, its facilitator on the next
	// node in turn.
	split := len(addrs) > 1
	for i, r := range rooms {
		r.spread(len(addrs), i)
	}
	rep.SetupSeconds = math.Round(time.Since(setupStart).Seconds()*10) / 10

	var all []*benchClient
	var addrOf []string // all[i]'s node
	for i, r := range rooms {
		for j, cl := range r.clients {
			cl.light = c.light && i > 0
			cl.plain = c.lineMode
			addrOf = append(addrOf, addrs[r.nodes[j]])
		}
		all = append(all, r.clients...)
	}
	// With --light only the first room, all of it emulated, advances.
	measured := rooms
	if c.light {
		measured = rooms[:1]
	}
	defer func() {
		var wg sync.WaitGroup
		for _, cl := range all {
			wg.Go(cl.close)
		}
		wg.Wait()
	}()

	if !sleepCtx(ctx, c.settle) {
		return nil, ctx.Err()
	}
	if len(pids) > 0 {
		rep.RSSBefore = rssOf(pids)
	}
	before := fetchAllStats(statsAddrs)

	// Connect in waves of at most --concurrency at once; each worker waits
	// for its client's first screen before taking the next.
	connectStart := time.Now()
	connects := make([]time.Duration, len(all))
	firsts := make([]time.Duration, len(all))
	ok := make([]bool, len(all))
	next := make(chan int)
	var wg sync.WaitGroup
	for range c.concurrency {
		wg.Go(func() {
			for i := range next {
				cl := all[i]
				start := time.Now()
				err := cl.connect(addrOf[i], cl.command(), 30*time.Second)
				if err != nil {
					rep.fail("connect %s: %v", cl.name, err)
					continue
				}
				connects[i] = time.Since(start)
				if err := cl.waitLive(30 * time.Second); err != nil {
					rep.fail("first screen %s: %v\n%s", cl.name, err, cl.screen())
					continue
				}
				firsts[i] = cl.liveAt.Sub(start)
				ok[i], cl.up = true, true
			}
		})
	}
	for i := range all {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var cs, fs []time.Duration
	connected := 0
	for i := range all {
		if ok[i] {
			connected++
			cs, fs = append(cs, connects[i]), append(fs, firsts[i])
		}
	}
	rep.Connect, rep.FirstScreen = newBenchStats(cs), newBenchStats(fs)
	rep.ConnectSeconds = math.Round(time.Since(connectStart).Seconds()*10) / 10

	// With --timers every facilitator starts the item's timer, as in a
	// meeting under way: every screen then redraws once a second.
	if c.timers {
		for _, r := range rooms {
			if f := r.facilitator(); f.up {
				if err := f.write(f.keys(" ")); err != nil {
					rep.fail("timer %s: %v", f.name, err)
				}
			}
		}
	}

	// Idle: every session connected, nobody typing.
	if !sleepCtx(ctx, c.settle) {
		return nil, ctx.Err()
	}
	if c.timers {
		for _, r := range rooms {
			if f := r.facilitator(); f.up && !f.plain && !strings.Contains(f.screen(), benchTimerUI) {
				rep.fail("timer %s: not running\n%s", f.name, f.screen())
			}
		}
	}
	if len(pids) > 0 {
		rep.RSSIdle = rssOf(pids)
		if connected > 0 && rep.RSSBefore > 0 {
			rep.RSSPerSession = (rep.RSSIdle - rep.RSSBefore) / int64(connected)
		}
	}
	if idle := fetchAllStats(statsAddrs); idle != nil && before != nil && connected > 0 {
		rep.HeapBefore, rep.HeapIdle = int64(before.HeapInuse), int64(idle.HeapInuse)
		rep.HeapPerSession = (rep.HeapIdle - rep.HeapBefore) / int64(connected)
		rep.GoroutinesPerSession = math.Round(float64(idle.Goroutines-before.Goroutines)/float64(connected)*100) / 100
		rep.HeapOwners, rep.GoroutinesBy = idle.Owners, idle.GoroutinesBy
	}
	// With PIIRI_BENCH_FANOUT_PROFILE set on the server and
	// PIIRI_BENCH_PROFILE_IDLE=1 here, the server's profile covers the
	// idle window instead of the fan-out (the server profiles between its
	// first two marks).
	profileIdle := os.Getenv("PIIRI_BENCH_PROFILE_IDLE") != ""
	if c.idle > 0 {
		if profileIdle {
			fetchAllMarks(statsAddrs)
		}
		m := startCPUMeter(pids)
		if !sleepCtx(ctx, c.idle) {
			return nil, ctx.Err()
		}
		u := m.stop()
		if profileIdle {
			fetchAllMarks(statsAddrs)
		}
		rep.IdleSeconds = math.Round(u.Wall.Seconds()*10) / 10
		rep.IdleCPU, rep.BenchIdleCPU, rep.OtherIdleCPU = u.pct(u.Server), u.pct(u.Bench), u.pct(u.Other)
	}

	// Fan-out: every facilitator advances, every participant's screen must
	// show the new current item.
	var lat []time.Duration
	var by fanoutBy
	mark0 := fetchAllMarks(statsAddrs)
	peak := startRSSPeak(pids)
	m := startCPUMeter(pids)
	for round := range c.advances {
		if round > 0 && !sleepCtx(ctx, c.pause) {
			return nil, ctx.Err()
		}
		r := benchRound(c, measured, rep)
		by.facilitator = append(by.facilitator, r.facilitator...)
		by.same, by.other = append(by.same, r.same...), append(by.other, r.other...)
		lat = append(append(append(lat, r.facilitator...), r.same...), r.other...)
	}
	rep.Fanout = newBenchStats(lat)
	f, s := newBenchStats(by.facilitator), newBenchStats(by.same)
	rep.FanoutFacilitator, rep.FanoutSameNode = &f, &s
	if split {
		o := newBenchStats(by.other)
		rep.FanoutOtherNode = &o
	}
	u := m.stop()
	rep.RSSPeak = peak.stop()
	if mark1 := fetchAllMarks(statsAddrs); mark0 != nil && mark1 != nil {
		rep.FanoutAlloc = int64(mark1.TotalAlloc - mark0.TotalAlloc)
		rep.FanoutGCs = int64(mark1.NumGC - mark0.NumGC)
	}
	secs := func(d time.Duration) float64 { return math.Round(d.Seconds()*100) / 100 }
	rep.FanoutSeconds = secs(u.Wall)
	rep.FanoutServerCPU, rep.FanoutBenchCPU, rep.FanoutOtherCPU = secs(u.Server), secs(u.Bench), secs(u.Other)

	for _, cl := range all {
		if cl.up && cl.gone() {
			rep.fail("disconnected %s: %s", cl.name, cl.stderr.String())
		}
	}
	if len(pids) > 0 {
		rep.RSSAfter = rssOf(pids)
		// And once the server has been quiet a moment: a burst's garbage
		// is given back then (cmd/piiri/memory.go).
		if sleepCtx(ctx, benchQuiet) {
			rep.RSSQuiet = rssOf(pids)
		}
	}
	if after := fetchAllStats(statsAddrs); after != nil {
		rep.HeapAfter = int64(after.HeapInuse)
	}
	return rep, nil
}

// judge compares the report with the targets. It runs after runBench has
// closed the clients and stopped the server, which may add errors.
func (r *benchReport) judge(c benchConfig) {
	r.FanoutTargetMS = ms(c.fanoutTarget())
	r.Targets.Errors = r.Errors == 0
	r.Targets.FanoutP99 = r.Fanout.N > 0 && r.Fanout.P99 <= r.FanoutTargetMS
	r.Targets.RSS = r.RSSPerSession > 0 && r.RSSPerSession <= benchTargetRSSPerSess
	r.Targets.IdleCPU = r.IdleSeconds > 0 && r.IdleCPU <= benchTargetIdleCPU
}

// benchRound has every room's facilitator advance once, all rooms at once
// (or spread over --spread), and returns the latency of each participant:
// from just before the facilitator's key is written to the first read after
// which the participant's screen shows the new item: the facilitators',
// the others' on their facilitator's node, and those on other nodes apart.
func benchRound(c benchConfig, rooms []*benchRoom, rep *benchReport) (out fanoutBy) {
	type pending struct {
		cl    *benchClient
		t0    *time.Time
		item  int
		cross bool // on another node than the facilitator
	}
	var wait []pending
	starts := make([]time.Time, len(rooms))
	keys := make([]string, len(rooms))
	for i, r := range rooms {
		key, item := r.next()
		keys[i] = key
		if key == "" || !r.facilitator().up {
			continue
		}
		for j, cl := range r.clients {
			if !cl.up || cl.gone() {
				continue
			}
			// Arm before the key goes out: the new screen may come back
			// before the write returns.
			cl.want.Store(int32(item))
			wait = append(wait, pending{cl, &starts[i], item, r.crossNode(j)})
		}
	}
	var last time.Time
	for i, r := range rooms {
		if keys[i] == "" || !r.facilitator().up {
			continue
		}
		if i > 0 && c.spread > 0 {
			time.Sleep(c.spread / time.Duration(len(rooms)))
		}
		starts[i] = time.Now()
		last = starts[i]
		if err := r.facilitator().write(r.facilitator().keys(keys[i])); err != nil {
			rep.fail("advance %s: %v", r.facilitator().name, err)
		}
	}
	deadline := time.NewTimer(time.Until(last.Add(c.timeout)))
	defer deadline.Stop()
	expired := false
	for _, p := range wait {
		var at time.Time
		got := false
		if !expired {
			select {
			case at = <-p.cl.seen:
				got = true
			case <-deadline.C:
				expired = true
			}
		}
		if !got { // past the deadline: only what has already arrived counts
			select {
			case at = <-p.cl.seen:
				got = true
			default:
				if !p.cl.want.CompareAndSwap(int32(p.item), 0) {
					at, got = <-p.cl.seen, true // it arrived just now
				}
			}
		}
		if got {
			d := at.Sub(*p.t0)
			switch {
			case p.cl.facilitator:
				out.facilitator = append(out.facilitator, d)
			case p.cross:
				out.other = append(out.other, d)
			default:
				out.same = append(out.same, d)
			}
			continue
		}
		rep.mu.Lock()
		rep.FanoutTimeouts++
		rep.mu.Unlock()
		rep.fail("fan-out %s: item %d not shown within %v\n%s", p.cl.name, p.item, c.timeout, p.cl.screen())
	}
	return out
}

// fanoutBy are fan-out latencies by where the participant is.
type fanoutBy struct {
	facilitator, same, other []time.Duration
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func printBenchReport(w io.Writer, r *benchReport) {
	mib := func(b int64) string { return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) }
	kib := func(b int64) string { return strconv.FormatFloat(float64(b)/(1<<10), 'f', 0, 64) }
	st := func(s benchStats) string {
		return fmt.Sprintf("n=%d p50=%.1f p99=%.1f max=%.1f", s.N, s.P50, s.P99, s.Max)
	}
	yes := func(b bool) string {
		if b {
			return "ok"
		}
		return "FAIL"
	}
	fmt.Fprintf(w, "clients=%d rooms=%d advances=%d errors=%d setup_s=%.1f pty=%dx%d light=%v engine=%s nodes=%d haproxy=%v\n",
		r.Clients, r.Rooms, r.Advances, r.Errors, r.SetupSeconds, benchCols, benchRows, r.Light, r.Engine, r.Nodes, r.HAProxy)
	fmt.Fprintf(w, "connect_ms       %s all_s=%.1f\n", st(r.Connect), r.ConnectSeconds)
	fmt.Fprintf(w, "first_screen_ms  %s\n", st(r.FirstScreen))
	fmt.Fprintf(w, "fanout_ms        %s timeouts=%d\n", st(r.Fanout), r.FanoutTimeouts)
	if r.FanoutFacilitator != nil && r.FanoutSameNode != nil {
		fmt.Fprintf(w, "  facilitator_ms %s\n", st(*r.FanoutFacilitator))
		fmt.Fprintf(w, "  same_node_ms   %s\n", st(*r.FanoutSameNode))
	}
	if r.FanoutOtherNode != nil {
		fmt.Fprintf(w, "  other_node_ms  %s\n", st(*r.FanoutOtherNode))
	}
	if p := r.PostgresProbe; p != nil {
		fmt.Fprintf(w, "pg_notify_ms     %s\n", st(p.Notify))
		fmt.Fprintf(w, "pg_room_load_ms  %s\n", st(p.RoomState))
	}
	if r.ServerPID != 0 {
		fmt.Fprintf(w, "fanout_cpu_s     server=%.2f bench=%.2f other=%.2f fanout_s=%.1f\n", r.FanoutServerCPU, r.FanoutBenchCPU, r.FanoutOtherCPU, r.FanoutSeconds)
		fmt.Fprintf(w, "server_rss_mib   before=%s idle=%s after=%s per_session_kib=%s\n", mib(r.RSSBefore), mib(r.RSSIdle), mib(r.RSSAfter), kib(r.RSSPerSession))
		if r.RSSPeak > 0 {
			fmt.Fprintf(w, "fanout_mem       rss_peak_mib=%s rss_quiet_mib=%s alloc_mib=%s gcs=%d\n", mib(r.RSSPeak), mib(r.RSSQuiet), mib(r.FanoutAlloc), r.FanoutGCs)
		}
		fmt.Fprintf(w, "idle_cpu_pct     server=%.1f bench=%.1f other=%.1f idle_s=%.1f\n", r.IdleCPU, r.BenchIdleCPU, r.OtherIdleCPU, r.IdleSeconds)
	} else {
		fmt.Fprintf(w, "fanout_cpu_s     bench=%.2f other=%.2f fanout_s=%.1f\n", r.FanoutBenchCPU, r.FanoutOtherCPU, r.FanoutSeconds)
	}
	if r.HeapIdle > 0 {
		fmt.Fprintf(w, "server_heap_mib  before=%s idle=%s after=%s per_session_kib=%s goroutines_per_session=%.2f\n",
			mib(r.HeapBefore), mib(r.HeapIdle), mib(r.HeapAfter), kib(r.HeapPerSession), r.GoroutinesPerSession)
	}
	rss, cpu := yes(r.Targets.RSS), yes(r.Targets.IdleCPU)
	if r.ServerPID == 0 {
		rss, cpu = "-", "-"
	}
	fmt.Fprintf(w, "targets          errors=%s fanout_p99<=%.0fms:%s rss<=%sKiB:%s idle_cpu<=%.0f%%:%s\n", yes(r.Targets.Errors),
		r.FanoutTargetMS, yes(r.Targets.FanoutP99), kib(benchTargetRSSPerSess), rss, benchTargetIdleCPU, cpu)
	if len(r.HeapOwners) > 0 {
		fmt.Fprintln(w, "heap owners, all sessions idle (KiB per session):")
		printOwners(w, r.HeapOwners, r.Clients)
		fmt.Fprintln(w, "goroutines by function, all sessions idle (per session):")
		for _, g := range r.GoroutinesBy {
			fmt.Fprintf(w, "  %8.2f  %s\n", float64(g.Bytes)/float64(max(r.Clients, 1)), g.Func)
		}
	}
	if b := r.Bare; b != nil {
		printBareBeside(w, r, b)
	}
	if p := r.Plain; p != nil {
		printPlainBeside(w, r, p)
	}
	if r.StopSeconds > 0 {
		fmt.Fprintf(w, "server_stop_s    %.1f\n", r.StopSeconds)
	}
	for _, e := range r.ErrorSamples {
		fmt.Fprintf(w, "error: %s\n", e)
	}
	if r.Bare != nil {
		for _, e := range r.Bare.ErrorSamples {
			fmt.Fprintf(w, "error (bare): %s\n", e)
		}
	}
	if r.Plain != nil {
		for _, e := range r.Plain.ErrorSamples {
			fmt.Fprintf(w, "error (line mode): %s\n", e)
		}
	}
}

func printOwners(w io.Writer, owners []benchstat.Owner, sessions int) {
	for _, o := range owners {
		fmt.Fprintf(w, "  %8.1f  %s\n", float64(o.Bytes)/1024/float64(max(sessions, 1)), o.Func)
	}
}

// printBareBeside prints piiri's figures and the bare stack's from the
// same run side by side, with their ratio.
func printBareBeside(w io.Writer, r, b *benchReport) {
	ratio := func(x, y float64) string {
		if y == 0 {
			return "-"
		}
		return strconv.FormatFloat(x/y, 'f', 2, 64)
	}
	row := func(name string, x, y float64, unit string) {
		fmt.Fprintf(w, "  %-28s %10.1f %10.1f %7s  %s\n", name, x, y, ratio(x, y), unit)
	}
	fmt.Fprintln(w, "piiri beside the bare wish + bubbletea stack, same run:")
	fmt.Fprintf(w, "  %-28s %10s %10s %7s\n", "", "piiri", "bare", "ratio")
	row("server rss per session", float64(r.RSSPerSession)/1024, float64(b.RSSPerSession)/1024, "KiB")
	row("server heap per session", float64(r.HeapPerSession)/1024, float64(b.HeapPerSession)/1024, "KiB")
	row("goroutines per session", r.GoroutinesPerSession, b.GoroutinesPerSession, "")
	row("server cpu, idle", r.IdleCPU, b.IdleCPU, "% of a core")
	row("fan-out p50", r.Fanout.P50, b.Fanout.P50, "ms")
	row("fan-out p99", r.Fanout.P99, b.Fanout.P99, "ms")
	row("fan-out server cpu", r.FanoutServerCPU, b.FanoutServerCPU, "s")
	row("server rss idle", float64(r.RSSIdle)/(1<<20), float64(b.RSSIdle)/(1<<20), "MiB")
	row("server rss fan-out peak", float64(r.RSSPeak)/(1<<20), float64(b.RSSPeak)/(1<<20), "MiB")
	row("server rss after fan-out", float64(r.RSSAfter)/(1<<20), float64(b.RSSAfter)/(1<<20), "MiB")
	row("server rss 4 s later", float64(r.RSSQuiet)/(1<<20), float64(b.RSSQuiet)/(1<<20), "MiB")
	piiri := r.Errors - b.Errors
	if r.Plain != nil {
		piiri -= r.Plain.Errors
	}
	fmt.Fprintf(w, "  errors: piiri %d, bare %d\n", piiri, b.Errors)
	if len(b.HeapOwners) > 0 {
		fmt.Fprintln(w, "bare stack heap owners, all sessions idle (KiB per session):")
		printOwners(w, b.HeapOwners, b.Clients)
	}
}

// printPlainBeside prints the TUI sessions' figures and the line-mode
// sessions' from the same run side by side.
func printPlainBeside(w io.Writer, r, p *benchReport) {
	row := func(name string, x, y float64, unit string) {
		fmt.Fprintf(w, "  %-28s %10.1f %10.1f  %s\n", name, x, y, unit)
	}
	fmt.Fprintln(w, "TUI sessions beside line-mode sessions (plain join), same run:")
	fmt.Fprintf(w, "  %-28s %10s %10s\n", "", "tui", "line")
	row("server rss per session", float64(r.RSSPerSession)/1024, float64(p.RSSPerSession)/1024, "KiB")
	row("server heap per session", float64(r.HeapPerSession)/1024, float64(p.HeapPerSession)/1024, "KiB")
	row("goroutines per session", r.GoroutinesPerSession, p.GoroutinesPerSession, "")
	row("server cpu, idle", r.IdleCPU, p.IdleCPU, "% of a core")
	row("first screen p50", r.FirstScreen.P50, p.FirstScreen.P50, "ms")
	row("fan-out p50", r.Fanout.P50, p.Fanout.P50, "ms")
	row("fan-out p99", r.Fanout.P99, p.Fanout.P99, "ms")
	row("fan-out server cpu", r.FanoutServerCPU, p.FanoutServerCPU, "s")
	tui := r.Errors - p.Errors
	if r.Bare != nil {
		tui -= r.Bare.Errors
	}
	fmt.Fprintf(w, "  errors: tui %d, line mode %d\n", tui, p.Errors)
	if len(p.HeapOwners) > 0 {
		fmt.Fprintln(w, "line-mode heap owners, all sessions idle (KiB per session):")
		printOwners(w, p.HeapOwners, p.Clients)
	}
}
