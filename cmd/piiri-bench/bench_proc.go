package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/piiri/piiri/cmd/piiri/benchstat"
)

// benchServer is the piiri server the bench measures, run as a child
// process so that its memory and CPU are its own.
type benchServer struct {
	cmd   *exec.Cmd
	addr  string
	stats string // benchstat's address, if it serves one
	pid   int
	done  chan error // the process's exit
}

// benchServeName is the server's hidden command that runs `piiri serve`
// with benchstat on a loopback port (cmd/piiri/bench_serve.go).
const benchServeName = "bench-serve"

// serverCommand builds the command that runs `SERVER bench-serve ARGS`,
// SERVER being the piiri binary given with --server.
func serverCommand(server string, args []string) *exec.Cmd {
	return exec.Command(server, append([]string{benchServeName}, args...)...)
}

// findServer is the piiri binary to measure when --server is not given:
// `piiri` beside this binary, else on PATH.
func findServer() (string, error) {
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), "piiri")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	p, err := exec.LookPath("piiri")
	if err != nil {
		return "", errors.New("no piiri binary beside piiri-bench or on PATH: give it with --server PATH")
	}
	return p, nil
}

// fetchServerStats asks a bench server for its stats; nil when it has none.
func fetchServerStats(addr string) *benchstat.Stats {
	if addr == "" {
		return nil
	}
	c := http.Client{Timeout: 30 * time.Second}
	resp, err := c.Get("http://" + addr + "/stats")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var st benchstat.Stats
	if json.NewDecoder(resp.Body).Decode(&st) != nil {
		return nil
	}
	return &st
}

// fetchServerMark asks a server for its allocation counters (nil when it
// serves none).
func fetchServerMark(addr string) *benchstat.Mark {
	if addr == "" {
		return nil
	}
	c := http.Client{Timeout: 30 * time.Second}
	resp, err := c.Get("http://" + addr + "/mark")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var m benchstat.Mark
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&m) != nil {
		return nil
	}
	return &m
}

// startBenchServer starts the server on 127.0.0.1:0 over the data
// directory and database args give (--data DIR, and on PostgreSQL --db and
// the rest) and waits for its banner, which says where it listens.
func startBenchServer(server string, args []string, maxSessions int, stderr io.Writer) (*benchServer, error) {
	cmd := serverCommand(server, append([]string{
		"--addr", "127.0.0.1:0", "--lang", "en",
		"--conn-per-minute", "0", "--max-sessions", strconv.Itoa(maxSessions),
		"--max-sessions-per-person", "10", "--log-level", "warn",
		// Every client dials from 127.0.0.1: the per-address handshake
		// cap would refuse the bench's own waves.
		"--max-handshakes-per-addr", "100000",
	}, args...))
	cmd.Env = append(cmd.Environ(), "PIIRI_LANG=en")
	return startServerProcess(cmd, stderr)
}

// startServerProcess starts a server and waits for the line that says
// where it listens ("piiri is listening on ADDR").
func startServerProcess(cmd *exec.Cmd, stderr io.Writer) (*benchServer, error) {
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &benchServer{cmd: cmd, pid: cmd.Process.Pid, done: make(chan error, 1)}
	found := make(chan string, 1)
	statsAt := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), benchstat.Banner); ok {
				statsAt <- rest
			}
			if rest, ok := strings.CutPrefix(sc.Text(), "piiri is listening on "); ok {
				addr, _, _ := strings.Cut(rest, " ")
				select {
				case found <- addr:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	go func() { s.done <- cmd.Wait() }()
	select {
	case s.addr = <-found:
		select {
		case s.stats = <-statsAt:
		default:
		}
		return s, nil
	case err := <-s.done:
		s.done <- err
		return nil, fmt.Errorf("server exited before listening: %v", err)
	case <-time.After(60 * time.Second):
		s.stop(10 * time.Second)
		return nil, errors.New("server did not print its address within 60s")
	}
}

// stop asks the server to stop (SIGTERM) and kills it if it has not
// within wait.
func (s *benchServer) stop(wait time.Duration) error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		return err
	case <-time.After(wait):
		_ = s.cmd.Process.Kill()
		<-s.done
		return fmt.Errorf("server did not stop within %v after SIGTERM; killed", wait)
	}
}

// procRSS is a process's resident set size in bytes (VmRSS).
func procRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) < 1 {
				break
			}
			kib, err := strconv.ParseInt(f[0], 10, 64)
			return kib * 1024, err
		}
	}
	return 0, errors.New("no VmRSS in /proc/PID/status")
}

// userHZ is the unit of utime and stime in /proc/PID/stat; Linux fixes it
// at 100 for user space.
const userHZ = 100

// procCPU is the CPU time a process has used so far, user and system,
// all threads.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, errors.New("malformed /proc/PID/stat")
	}
	f := strings.Fields(s[i+1:])
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0, errors.New("short /proc/PID/stat")
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(ut+st) * time.Second / userHZ, nil
}

// machineBusy is the CPU time all processes have used so far (everything
// but idle and I/O wait, summed over all cores), from /proc/stat.
func machineBusy() (time.Duration, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 6 || f[0] != "cpu" {
		return 0, errors.New("malformed /proc/stat")
	}
	var busy int64
	for i, v := range f[1:] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, err
		}
		if i == 3 || i == 4 || i >= 8 { // idle, iowait; guest time is already in user
			continue
		}
		busy += n
	}
	return time.Duration(busy) * time.Second / userHZ, nil
}

// cpuMeter measures the CPU used over an interval by the servers (all
// nodes together), by the bench itself and by everything else on the
// machine (which, when it is not near zero, means the figures were taken
// on a busy machine).
type cpuMeter struct {
	pids           []int
	start          time.Time
	srv, self, all time.Duration
	selfOK, ok     bool
}

// serversCPU is the CPU time the processes have used so far; false when
// one cannot be read.
func serversCPU(pids []int) (time.Duration, bool) {
	var sum time.Duration
	for _, pid := range pids {
		v, err := procCPU(pid)
		if err != nil {
			return 0, false
		}
		sum += v
	}
	return sum, len(pids) > 0
}

func startCPUMeter(pids []int) *cpuMeter {
	m := &cpuMeter{start: time.Now()}
	var ok bool
	if m.srv, ok = serversCPU(pids); ok {
		m.pids = pids
	}
	var err error
	m.self, err = procCPU(os.Getpid())
	m.selfOK = err == nil
	m.all, err = machineBusy()
	m.ok = err == nil
	return m
}

// cpuUse is what a cpuMeter measured: CPU seconds and % of one core.
type cpuUse struct {
	Wall                 time.Duration
	Server, Bench, Other time.Duration
}

func (m *cpuMeter) stop() cpuUse {
	u := cpuUse{Wall: time.Since(m.start)}
	if v, ok := serversCPU(m.pids); ok {
		u.Server = v - m.srv
	}
	if m.selfOK {
		if v, err := procCPU(os.Getpid()); err == nil {
			u.Bench = v - m.self
		}
	}
	if m.ok {
		if v, err := machineBusy(); err == nil {
			u.Other = max(v-m.all-u.Server-u.Bench, 0)
		}
	}
	return u
}

// pct is d as a percentage of one core over the wall time, to 0.1.
func (u cpuUse) pct(d time.Duration) float64 {
	if u.Wall <= 0 {
		return 0
	}
	return math.Round(1000*float64(d)/float64(u.Wall)) / 10
}
