package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage/storagetest"
	"github.com/piiri/piiri/tui/tuitest"
)

// TestMigrateToPostgresThenServeFromIt: a facilitator joins and makes a
// group on a SQLite server; the operator stops it and copies the database
// with `piiri admin migrate`; a server started with --db on PostgreSQL
// knows the facilitator's key and group, and its admin commands work
// there too. A second copy into the same database is refused.
func TestMigrateToPostgresThenServeFromIt(t *testing.T) {
	dsn := storagetest.PostgresDSN(t)
	cleanEnv(t)
	lite := startApp(t)
	key := lite.join(t, session.RoleFacilitator, "Fasi")
	if res := tuitest.Run(t, lite.addr, key, "group create --template mepe --name Kevätryhmä"); res.ExitCode != 0 {
		t.Fatalf("group create: %d %s", res.ExitCode, res.Stderr)
	}
	lite.Close()
	from := filepath.Join(lite.Config.Data, "piiri.db")

	code, out, errOut := runPiiri("admin", "migrate", "--from", from, "--to", dsn)
	if code != 0 {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"people", "groups", "reflections", "same", "every table's row count and checksum match"} {
		if !strings.Contains(out, want) {
			t.Fatalf("migrate output lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = runPiiri("admin", "migrate", "--from", from, "--to", dsn)
	if code != 1 || !strings.Contains(errOut, "already holds piiri data") {
		t.Fatalf("second migrate: exit %d\n%s%s", code, out, errOut)
	}

	pg := startApp(t, func(c *Config) { c.DB = dsn })
	res := tuitest.Run(t, pg.addr, key, "whoami")
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "Fasi") {
		t.Fatalf("whoami on PostgreSQL: %d %s %s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if res := tuitest.Run(t, pg.addr, key, "groups"); !strings.Contains(res.Stdout, "Kevätryhmä") {
		t.Fatalf("groups on PostgreSQL: %d %s %s", res.ExitCode, res.Stdout, res.Stderr)
	}
	// A new person gets an id after the copied ones.
	pg.join(t, session.RoleMember, "Uusi")
	code, out, errOut = runPiiri("admin", "users", "--db", dsn, "--data", pg.Config.Data)
	if code != 0 || !strings.Contains(out, "Fasi") || !strings.Contains(out, "Uusi") {
		t.Fatalf("admin users --db: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = runPiiri("admin", "backup", filepath.Join(t.TempDir(), "b.db"), "--db", dsn)
	if code != 1 || !strings.Contains(errOut, "pg_dump") {
		t.Fatalf("backup on PostgreSQL: exit %d %s", code, errOut)
	}
}

// TestNodesShareTheHostKeyFile: two servers given the same --host-key
// show clients the same host key, however their data directories differ.
func TestNodesShareTheHostKeyFile(t *testing.T) {
	t.Parallel()
	key := filepath.Join(t.TempDir(), "host_key")
	a := startApp(t, func(c *Config) { c.HostKey = key })
	b := startApp(t, func(c *Config) { c.HostKey = key })
	c := startApp(t)
	fp := func(banner string) string {
		i := strings.Index(banner, "SHA256:")
		if i < 0 {
			t.Fatalf("no host key in banner:\n%s", banner)
		}
		return strings.Fields(banner[i:])[0]
	}
	if fp(a.banner) != fp(b.banner) {
		t.Fatalf("nodes with one --host-key show %s and %s", fp(a.banner), fp(b.banner))
	}
	if fp(c.banner) == fp(a.banner) {
		t.Fatal("a node with its own data directory has the shared key")
	}
}

// TestTwoNodesOneMeeting: two servers on one PostgreSQL with one host key.
// The facilitator and Bertta are on node A, Aino on node B: every change
// (arrivals, timer, advance, hands, the word, discussion) reaches all
// three. Node A stops mid-meeting; the facilitator reconnects to node B and
// finds the meeting at the same item, and goes on.
func TestTwoNodesOneMeeting(t *testing.T) {
	dsn := storagetest.PostgresDSN(t)
	hostKey := filepath.Join(t.TempDir(), "host_key")
	node := func(c *Config) { c.DB, c.HostKey = dsn, hostKey }
	a := startApp(t, node)
	b := startApp(t, node)
	f := newMeetingFixture(t, a, "mepe")
	if res := tuitest.Run(t, b.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start on node B: %s", res.Stderr)
	}
	ft := f.join(t, a, f.fac)
	at := f.join(t, b, f.aino)
	bt := f.join(t, a, f.bertta)
	everyone := func(s string, terms ...*tuitest.Term) {
		t.Helper()
		for _, term := range terms {
			term.WaitFor(s)
		}
	}
	everyone("Here (3)", ft, at, bt)
	ft.Press("space")
	everyone("▶ running", ft, at, bt)
	ft.Press("n")
	everyone("▶ 2 ", ft, at, bt)
	at.Press("h")
	everyone("hands up: Aino", ft)
	ft.Press("g")
	everyone("» Aino has the word", ft, bt)
	at.WaitFor("» You have the word")
	at.Press("enter")
	at.Type("Terveiset solmulta B")
	at.Press("enter")
	everyone("Terveiset solmulta B", ft, at, bt)

	// Node A stops; it stores its people's leaving before it goes, and
	// they come back through node B.
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	ft.WaitForExit()
	bt.WaitForExit()
	at.WaitFor("Here (1)")
	ft = f.join(t, b, f.fac)
	everyone("▶ 2 ", ft, at)
	everyone("Terveiset solmulta B", ft)
	ft.Press("n")
	everyone("▶ 3 ", ft, at)
}
