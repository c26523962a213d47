package tui

import (
	"net"
	"testing"
)

func TestClampWindow(t *testing.T) {
	for _, c := range []struct{ w, h, wantW, wantH int }{
		{80, 24, 80, 24}, {4000, 2000, MaxWidth, MaxHeight}, {400, 200, 400, 200}, {401, 10, 400, 10}, {-5, 1 << 30, 0, MaxHeight},
	} {
		if w, h := clampWindow(c.w, c.h); w != c.wantW || h != c.wantH {
			t.Errorf("clampWindow(%d, %d) = %d, %d; want %d, %d", c.w, c.h, w, h, c.wantW, c.wantH)
		}
	}
}

// TestGateCountsUnfinishedHandshakes: an address gets its handshakes up
// to the cap, then refusals that are told why, then quiet ones; a place
// given back (once, however often leave runs) admits again, and other
// addresses are not affected.
func TestGateCountsUnfinishedHandshakes(t *testing.T) {
	g := newGate(2, 1)
	var leaves []func()
	for range 2 {
		adm, leave := g.enter("10.0.0.1", false)
		if adm != admitted {
			t.Fatalf("within the cap: %v", adm)
		}
		leaves = append(leaves, leave)
	}
	if adm, _ := g.enter("10.0.0.1", false); adm != refusedTold {
		t.Fatalf("over the cap: %v, want refusedTold", adm)
	}
	if adm, _ := g.enter("10.0.0.1", false); adm != refusedQuiet {
		t.Fatalf("over the cap and the refusals: %v, want refusedQuiet", adm)
	}
	if adm, _ := g.enter("10.0.0.2", false); adm != admitted {
		t.Fatalf("another address: %v", adm)
	}
	leaves[0]()
	leaves[0]()
	if adm, _ := g.enter("10.0.0.1", false); adm != admitted {
		t.Fatalf("after one left: %v", adm)
	}
	if adm, _ := g.enter("10.0.0.1", false); adm == admitted {
		t.Fatal("a second leave gave back a second place")
	}
	if adm, _ := g.enter("10.0.0.3", true); adm != refusedTold {
		t.Fatalf("refused by the rate: %v", adm)
	}
}

// TestRegistryKeepsPlacesForJoined: strangers fill their pool per address
// and in all, never the places of people who have joined; a stranger who
// joins moves out of the pool.
func TestRegistryKeepsPlacesForJoined(t *testing.T) {
	r := newRegistry(sessionLimits{max: 6, perPerson: 2, unjoined: 3, unjoinedPerAddr: 2})
	mustAdd := func(person int64, addr string) *liveSession {
		t.Helper()
		s, refusal := r.add(person, addr)
		if refusal != "" {
			t.Fatalf("add(%d, %s): %s", person, addr, refusal)
		}
		return s
	}
	refused := func(person int64, addr, want string) {
		t.Helper()
		if _, refusal := r.add(person, addr); refusal != want {
			t.Fatalf("add(%d, %s) = %q, want %q", person, addr, refusal, want)
		}
	}
	a := mustAdd(0, "a")
	mustAdd(0, "a")
	refused(0, "a", "server.unjoined_full")
	mustAdd(0, "b")
	refused(0, "c", "server.unjoined_full")
	mustAdd(1, "a")
	mustAdd(1, "a")
	refused(1, "a", "server.too_many_sessions")
	// The stranger a joins as person 2: a stranger's place is free again.
	r.joined(a, 2)
	mustAdd(0, "c")
	if r.perPerson[2] != 1 || r.unjoined != 3 {
		t.Fatalf("after joining: person 2 has %d sessions, strangers %d", r.perPerson[2], r.unjoined)
	}
	refused(3, "a", "server.full")
	r.remove(a)
	mustAdd(3, "a")
}

// TestHostOfGroupsIPv6Networks: an IPv4 client is its address; an IPv6
// client is its /64, which one host can fill with addresses.
func TestHostOfGroupsIPv6Networks(t *testing.T) {
	for addr, want := range map[string]string{
		"192.0.2.7:5000":            "192.0.2.7",
		"[2001:db8:1:2:aaaa::1]:22": "2001:db8:1:2::/64",
		"[2001:db8:1:2:bbbb::9]:22": "2001:db8:1:2::/64",
		"[::ffff:192.0.2.7]:5000":   "192.0.2.7",
		"[2001:db8:1:3::1]:22":      "2001:db8:1:3::/64",
	} {
		tcp, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := hostOf(tcp); got != want {
			t.Errorf("hostOf(%s) = %s, want %s", addr, got, want)
		}
	}
}
