package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/piiri/piiri/storage/storagetest"
)

// buildServer builds the piiri server the bench measures.
func buildServer(t *testing.T) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "piiri")
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the server: %v", err)
	}
	if out, err := exec.Command(gobin, "build", "-o", exe, "github.com/piiri/piiri/cmd/piiri").CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/piiri: %v\n%s", err, out)
	}
	return exe
}

// TestBenchSmoke runs a small bench end to end against the real server
// binary: 12 participants in 3 rooms, 2 advances, then the same with
// line-mode clients (--plain); nothing may fail and every participant
// must see every advance, on a screen or as a line.
func TestBenchSmoke(t *testing.T) {
	server := buildServer(t)
	var stdout, stderr bytes.Buffer
	code := benchCommand(context.Background(), []string{"--server", server, "--clients", "12", "--rooms", "3", "--advances", "2",
		"--idle", "300ms", "--settle", "200ms", "--pause", "100ms", "--plain", "--json"}, &stdout, &stderr)
	var rep benchReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("exit %d, report %v\nstdout:\n%s\nstderr:\n%s", code, err, stdout.String(), stderr.String())
	}
	if code != 0 || rep.Errors != 0 {
		t.Fatalf("exit %d, %d errors: %q\n%s\nstderr:\n%s", code, rep.Errors, rep.ErrorSamples, stdout.String(), stderr.String())
	}
	p := rep.Plain
	if p == nil || !p.LineMode || rep.LineMode {
		t.Fatalf("no line-mode run beside the TUI one:\n%s", stdout.String())
	}
	for name, r := range map[string]*benchReport{"tui": &rep, "line": p} {
		if r.Connect.N != 12 || r.FirstScreen.N != 12 || r.Fanout.N != 12*2 || r.FanoutTimeouts != 0 {
			t.Fatalf("%s: connect %+v, first screen %+v, fan-out %+v, %d timeouts; errors %q",
				name, r.Connect, r.FirstScreen, r.Fanout, r.FanoutTimeouts, r.ErrorSamples)
		}
		if r.ServerPID == 0 || r.RSSBefore <= 0 || r.RSSIdle <= 0 || r.IdleSeconds <= 0 || r.HeapIdle <= 0 {
			t.Fatalf("%s: no server measurements:\n%s", name, stdout.String())
		}
	}
}

// TestBenchTwoNodes runs the bench against two piiri nodes on one
// PostgreSQL database (PIIRI_TEST_PG), the set-up through the Service on
// PostgreSQL: 2 rooms of 3, each with people on both nodes, so that every
// advance reaches the other node through LISTEN/NOTIFY. Every participant
// must see every advance, those on the other node counted apart, and the
// bench's database must be gone afterwards. With haproxy on PATH the same
// runs again through HAProxy.
func TestBenchTwoNodes(t *testing.T) {
	storagetest.RequirePostgres(t)
	admin := os.Getenv(storagetest.EnvPostgres)
	server := buildServer(t)
	before := benchDatabases(t, admin)
	run := func(t *testing.T, extra ...string) *benchReport {
		var stdout, stderr bytes.Buffer
		args := append([]string{"--server", server, "--db", admin, "--nodes", "2", "--clients", "6", "--rooms", "2", "--advances", "2",
			"--idle", "200ms", "--settle", "200ms", "--pause", "100ms", "--json"}, extra...)
		code := benchCommand(context.Background(), args, &stdout, &stderr)
		rep := &benchReport{}
		if err := json.Unmarshal(stdout.Bytes(), rep); err != nil {
			t.Fatalf("exit %d, report %v\nstdout:\n%s\nstderr:\n%s", code, err, stdout.String(), stderr.String())
		}
		if code != 0 || rep.Errors != 0 || rep.FanoutTimeouts != 0 {
			t.Fatalf("exit %d, %d errors: %q\n%s\nstderr:\n%s", code, rep.Errors, rep.ErrorSamples, stdout.String(), stderr.String())
		}
		if rep.Engine != "postgres" || rep.Nodes != 2 || len(rep.ServerPIDs) != 2 || rep.Connect.N != 6 || rep.Fanout.N != 6*2 {
			t.Fatalf("engine %s, %d nodes %v, connect %+v, fan-out %+v", rep.Engine, rep.Nodes, rep.ServerPIDs, rep.Connect, rep.Fanout)
		}
		if after := benchDatabases(t, admin); len(after) > len(before) {
			t.Fatalf("the bench left its database behind: %v (before: %v)", after, before)
		}
		return rep
	}
	rep := run(t)
	// In each room of 3 the facilitator and one member are on one node
	// and the other member on the other node: 2 rooms × 2 advances each.
	if f, s, o := rep.FanoutFacilitator, rep.FanoutSameNode, rep.FanoutOtherNode; f == nil || s == nil || o == nil || f.N != 4 || s.N != 4 || o.N != 4 {
		t.Fatalf("fan-out by node: facilitator %+v, same node %+v, other node %+v", f, s, o)
	}
	t.Logf("two nodes: fan-out p50 %.1f ms, same node p99 %.1f ms, other node p99 %.1f ms",
		rep.Fanout.P50, rep.FanoutSameNode.P99, rep.FanoutOtherNode.P99)

	t.Run("haproxy", func(t *testing.T) {
		if _, err := exec.LookPath("haproxy"); err != nil {
			t.Skip("no haproxy")
		}
		if rep := run(t, "--haproxy"); !rep.HAProxy || rep.FanoutOtherNode != nil {
			t.Fatalf("through HAProxy: haproxy %v, fan-out by node %+v", rep.HAProxy, rep.FanoutOtherNode)
		}
	})
}

// benchDatabases are the bench's databases on the PostgreSQL server.
func benchDatabases(t *testing.T, dsn string) []string {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT datname FROM pg_database WHERE datname LIKE 'piiri_bench_%' ORDER BY datname")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}
