package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/tui/vtscreen"
)

// The PTY every bench client asks for.
const (
	benchTerm    = "xterm-256color"
	benchCols    = 100
	benchRows    = 30
	benchUser    = "bench"
	benchLiveUI  = "● live"    // the room's header once the state has arrived
	benchTimerUI = "▶ running" // the item pane while the timer runs
)

// benchClient is one participant: an SSH connection with a PTY whose output
// goes through a terminal emulator, like a person's terminal.
type benchClient struct {
	key         gossh.Signer
	name        string
	facilitator bool
	room        *benchRoom
	// light: no terminal emulator; the client only answers the terminal
	// queries and looks for the room in the raw output (--light, for the
	// bulk of many sessions held).
	light bool
	// plain: a line-mode client (--plain): no PTY, `plain join MEETING`,
	// it reads lines as a screen reader or a pipe would.
	plain bool

	conn  *gossh.Client
	sess  *gossh.Session
	inMu  sync.Mutex // serialises writes: keys and terminal replies
	stdin io.WriteCloser

	mu      sync.Mutex // guards the emulator
	vt      *vtscreen.Screen
	answers vtscreen.Answers // a light client's answers to the terminal queries

	live   chan struct{} // closed when the room first shows
	liveAt time.Time     // valid once live is closed
	want   atomic.Int32  // the agenda item (1-based) awaited; 0: none
	seen   chan time.Time
	ended  chan struct{} // closed when the output ends
	closed atomic.Bool   // the bench closed it on purpose
	up     bool          // connected and showing the room
	stderr benchTail
	lines  benchTail // a plain client's last output, for error reports
}

// What a line-mode client reads (the server runs with --lang en).
const (
	benchLineLive = "Here " // the status paragraph a join prints
	benchLineItem = "Item " // "Item 3/7: …" when the current item changes
	// A wrapped paragraph's next lines start with this, under its text.
	benchLineIndent = "        "
)

// command is what the client runs to enter its room.
func (c *benchClient) command() string {
	if c.plain {
		return fmt.Sprintf("plain join %d", c.room.meeting)
	}
	return fmt.Sprintf("join %d", c.room.meeting)
}

// keys is what the client types for a TUI key: the line mode takes words.
func (c *benchClient) keys(k string) []byte {
	if !c.plain {
		return []byte(k)
	}
	switch k {
	case "n":
		return []byte("next\n")
	case "b":
		return []byte("back\n")
	case " ":
		return []byte("timer\n")
	}
	return []byte(k + "\n")
}

// connect dials addr, authenticates, requests the PTY and runs command. It
// returns when the session has started; the output is read from then on.
func (c *benchClient) connect(addr, command string, timeout time.Duration) error {
	c.live = make(chan struct{})
	c.ended = make(chan struct{})
	c.seen = make(chan time.Time, 1)
	if !c.light && !c.plain {
		c.vt = vtscreen.New(benchCols, benchRows, false)
	}

	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(time.Now().Add(timeout))
	cc, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User:            benchUser,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(c.key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), //nolint:gosec // the bench's own server
		Timeout:         timeout,
	})
	if err != nil {
		conn.Close()
		return err
	}
	c.conn = gossh.NewClient(cc, chans, reqs)
	fail := func(err error) error {
		c.conn.Close()
		return err
	}
	if c.sess, err = c.conn.NewSession(); err != nil {
		return fail(err)
	}
	modes := gossh.TerminalModes{gossh.ECHO: 1, gossh.TTY_OP_ISPEED: 38400, gossh.TTY_OP_OSPEED: 38400}
	if !c.plain {
		if err := c.sess.RequestPty(benchTerm, benchRows, benchCols, modes); err != nil {
			return fail(err)
		}
	}
	if c.stdin, err = c.sess.StdinPipe(); err != nil {
		return fail(err)
	}
	stdout, err := c.sess.StdoutPipe()
	if err != nil {
		return fail(err)
	}
	c.sess.Stderr = &c.stderr
	if err := c.sess.Start(command); err != nil {
		return fail(err)
	}
	_ = conn.SetDeadline(time.Time{})
	switch {
	case c.plain:
		go c.readLines(stdout)
	case c.light:
		go c.readLight(stdout)
	default:
		go c.read(stdout)
	}
	return nil
}

// readLight reads the output of a light client: it answers the terminal's
// queries and marks the client live when the room's header has been sent.
func (c *benchClient) readLight(r io.Reader) {
	defer close(c.ended)
	buf := make([]byte, 4<<10)
	live := []byte(benchLiveUI)
	var tail []byte // the end of the previous read, for a header split over two
	isLive := false
	for {
		n, err := r.Read(buf)
		if n > 0 {
			reply := c.answers.Reply(buf[:n])
			if !isLive {
				seen := append(tail, buf[:n]...)
				if bytes.Contains(seen, live) {
					isLive = true
					c.liveAt = time.Now()
					close(c.live)
				} else {
					tail = append(tail[:0], seen[max(len(seen)-len(live), 0):]...)
				}
			}
			if len(reply) > 0 {
				_ = c.write(reply)
			}
		}
		if err != nil {
			return
		}
	}
}

// readLines reads a line-mode client's output line by line: live at the
// first status paragraph ("… Here 3: …"), and an awaited item when its
// line arrives. It looks at a paragraph joined again, as a screen reader
// reads it.
func (c *benchClient) readLines(r io.Reader) {
	defer close(c.ended)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4<<10), 64<<10)
	isLive := false
	var para string // the paragraph so far: the line mode wraps at 80 columns
	for sc.Scan() {
		line := sc.Text()
		_, _ = c.lines.Write([]byte(line + "\n"))
		if rest, ok := strings.CutPrefix(line, benchLineIndent); ok {
			para += " " + rest
		} else {
			para = line
		}
		if !isLive && strings.Contains(para, benchLineLive) {
			isLive = true
			c.liveAt = time.Now()
			close(c.live)
		}
		if k := c.want.Load(); k > 0 && strings.Contains(para, benchLineItem+strconv.Itoa(int(k))+"/") {
			at := time.Now()
			if c.want.CompareAndSwap(k, 0) {
				c.seen <- at
			}
		}
	}
}

// read feeds the output to the emulator until it ends, and looks at the
// screen after each read only for what the bench is waiting for, and only
// between frames.
func (c *benchClient) read(r io.Reader) {
	defer close(c.ended)
	go c.answer()
	defer c.vt.Close()
	buf := make([]byte, 16<<10)
	isLive := false
	for {
		n, err := r.Read(buf)
		if n > 0 {
			c.mu.Lock()
			_, _ = c.vt.Write(buf[:n])
			drawn := !c.vt.Drawing()
			if drawn && !isLive && c.vt.Shows(benchLiveUI) {
				isLive = true
				c.liveAt = time.Now()
				close(c.live)
			}
			if k := c.want.Load(); drawn && k > 0 && c.vt.Shows("▶ "+strconv.Itoa(int(k))+" ") {
				at := time.Now()
				if c.want.CompareAndSwap(k, 0) {
					c.seen <- at
				}
			}
			c.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// answer sends the emulator's answers to the terminal queries, as a
// terminal does, until read closes it.
func (c *benchClient) answer() {
	buf := make([]byte, 1<<10)
	for {
		n, err := c.vt.Read(buf)
		if n > 0 {
			_ = c.write(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// screen is the visible text, for error reports.
func (c *benchClient) screen() string {
	if c.plain {
		return c.lines.String()
	}
	if c.vt == nil {
		return "(light client: no screen)"
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.TrimRight(c.vt.Text(), "\n")
}

func (c *benchClient) write(p []byte) error {
	c.inMu.Lock()
	defer c.inMu.Unlock()
	_, err := c.stdin.Write(p)
	return err
}

// waitLive waits until the room shows, the session ends or timeout.
func (c *benchClient) waitLive(timeout time.Duration) error {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-c.live:
		return nil
	case <-c.ended:
		select {
		case <-c.live:
			return nil
		default:
		}
		return fmt.Errorf("session ended before the room showed: %s", c.stderr.String())
	case <-t.C:
		return fmt.Errorf("room not shown after %v", timeout)
	}
}

// gone reports whether the session ended without the bench closing it.
func (c *benchClient) gone() bool {
	if c.ended == nil || c.closed.Load() {
		return false
	}
	select {
	case <-c.ended:
		return true
	default:
		return false
	}
}

func (c *benchClient) close() {
	c.closed.Store(true)
	if c.conn != nil {
		_ = c.conn.Close()
	}
}

// benchRun runs a command without a PTY, as `ssh HOST command` does.
func benchRun(addr string, key gossh.Signer, command string, timeout time.Duration) error {
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(timeout))
	cc, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User: benchUser, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), //nolint:gosec // the operator's own server
	})
	if err != nil {
		return err
	}
	client := gossh.NewClient(cc, chans, reqs)
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		return err
	}
	var stderr benchTail
	sess.Stderr = &stderr
	if err := sess.Run(command); err != nil {
		return fmt.Errorf("%s: %w %s", command, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// benchTail keeps the last few hundred bytes written to it.
type benchTail struct {
	mu  sync.Mutex
	buf []byte
}

const benchTailLen = 512

func (t *benchTail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > benchTailLen {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-benchTailLen:]...)
	}
	return len(p), nil
}

func (t *benchTail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.buf))
}
