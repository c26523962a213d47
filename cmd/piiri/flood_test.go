package main

import (
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// TestFloodLeavesOthersResponsive: one address opens hundreds of
// connections and idle handshakes at once; the per-IP limit and the
// handshake timeout turn it away, while a person already in a session keeps
// working and a person from another address still gets in.
func TestFloodLeavesOthersResponsive(t *testing.T) {
	t.Parallel()
	app := startApp(t, func(c *Config) {
		c.ConnPerMinute = 60
		c.HandshakeTimeout = time.Second
	})
	victim := app.join(t, session.RoleMember, "Aino")
	term := tuitest.Open(t, app.addr, victim)
	term.WaitFor("Hello, Aino")

	// The flood: 300 connections from 127.0.0.1 in two seconds at most,
	// half of them never saying a word (slowloris), half full handshakes.
	var refused, accepted atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(2 * time.Second)
	key := tuitest.NewKey(t)
	for i := range 300 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if time.Now().After(deadline) {
				return
			}
			conn, err := net.DialTimeout("tcp", app.addr, time.Second)
			if err != nil {
				refused.Add(1)
				return
			}
			defer conn.Close()
			if i%2 == 0 {
				// Say nothing; the server must hang up on its own.
				_ = conn.SetDeadline(time.Now().Add(3 * time.Second))
				buf := make([]byte, 256)
				for {
					if _, err := conn.Read(buf); err != nil {
						return
					}
				}
			}
			_ = conn.SetDeadline(time.Now().Add(3 * time.Second))
			c, chans, reqs, err := gossh.NewClientConn(conn, app.addr, &gossh.ClientConfig{User: "flood",
				Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()}) //nolint:gosec // loopback
			if err != nil {
				refused.Add(1)
				return
			}
			accepted.Add(1)
			gossh.NewClient(c, chans, reqs).Close()
		}()
	}
	// Meanwhile the person in a session keeps using it.
	for i := range 5 {
		term.Press("l")
		want := "Hei, Aino"
		if i%2 == 1 {
			want = "Hello, Aino"
		}
		term.WaitFor(want)
	}
	wg.Wait()
	if accepted.Load() > 25 {
		t.Fatalf("%d flood handshakes accepted; the per-IP burst is 20", accepted.Load())
	}
	if app.Server.Stats().RefusedConns == 0 {
		t.Fatal("nothing was refused")
	}

	// Someone else, from another address, still gets in.
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}, Timeout: 5 * time.Second}
	conn, err := d.Dial("tcp", app.addr)
	if err != nil {
		t.Skipf("cannot dial from 127.0.0.2 here: %v", err)
	}
	other := tuitest.NewKey(t)
	inv := app.invite(t, session.RoleMember)
	a, _ := app.Service.Identify(t.Context(), tuitest.Fingerprint(other))
	if _, err := app.Service.Redeem(t.Context(), a, session.RedeemRequest{Code: inv, Name: "Bertta", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, app.addr, &gossh.ClientConfig{User: "other",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(other)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()}) //nolint:gosec // loopback
	if err != nil {
		t.Fatalf("another address was refused: %v", err)
	}
	client := gossh.NewClient(c, chans, reqs)
	defer client.Close()
	if res := tuitest.RunOn(t, client, "whoami"); res.ExitCode != 0 {
		t.Fatalf("whoami from another address: %d %s", res.ExitCode, res.Stderr)
	}
}
