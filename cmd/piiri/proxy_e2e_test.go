package main

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// dialProxied opens a TCP connection to addr that starts with a PROXY
// protocol v1 header claiming client, as HAProxy's send-proxy writes it
// ("" sends an SSH client's version line instead), and reads the server's
// first line.
func dialProxied(t *testing.T, addr, client string) (net.Conn, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	first := "SSH-2.0-OpenSSH_9.2\r\n"
	if client != "" {
		first = "PROXY TCP4 " + client + " 127.0.0.1 40000 22\r\n"
	}
	if _, err := io.WriteString(c, first); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, _ := bufio.NewReader(c).ReadString('\n')
	return c, line
}

// TestProxyProtocolOnlyFromTheBalancer: behind a balancer named with
// --proxy-from, the per-address limits count the client the PROXY header
// names, not the balancer's address; a server that does not trust the
// sender ignores the header, so nobody else can claim an address.
func TestProxyProtocolOnlyFromTheBalancer(t *testing.T) {
	t.Parallel()
	logs := &syncBuffer{}
	app := startAppLogged(t, slog.New(slog.NewTextHandler(logs, nil)), func(c *Config) {
		c.ProxyFrom = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
		c.MaxHandshakesPerAddr = 1
	})
	// One unfinished handshake from 203.0.113.7 fills its place...
	if _, line := dialProxied(t, app.addr, "203.0.113.7"); !strings.HasPrefix(line, "SSH-2.0-") {
		t.Fatalf("first client from the balancer got %q", line)
	}
	// ...so its second is refused, naming that address...
	dialProxied(t, app.addr, "203.0.113.7")
	if !strings.Contains(logs.String(), `msg="connection refused" ip=203.0.113.7`) {
		t.Fatalf("refusal does not name the client behind the balancer:\n%s", logs)
	}
	// ...while another client through the same balancer gets in.
	if _, line := dialProxied(t, app.addr, "198.51.100.9"); !strings.HasPrefix(line, "SSH-2.0-") {
		t.Fatalf("another client through the balancer got %q", line)
	}
	// The balancer's own connections must carry the header.
	if _, line := dialProxied(t, app.addr, ""); strings.HasPrefix(line, "SSH-2.0-") {
		t.Fatalf("a connection from the balancer without a header was served: %q", line)
	}

	// A server that trusts another balancer believes no header from here.
	logs2 := &syncBuffer{}
	other := startAppLogged(t, slog.New(slog.NewTextHandler(logs2, nil)), func(c *Config) {
		c.ProxyFrom = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
		c.MaxHandshakesPerAddr = 1
	})
	if _, line := dialProxied(t, other.addr, ""); !strings.HasPrefix(line, "SSH-2.0-") {
		t.Fatalf("plain client got %q", line)
	}
	dialProxied(t, other.addr, "198.51.100.20")
	if !strings.Contains(logs2.String(), `msg="connection refused" ip=127.0.0.1`) || strings.Contains(logs2.String(), "198.51.100.20") {
		t.Fatalf("a forged header from an untrusted sender was believed:\n%s", logs2)
	}
}
