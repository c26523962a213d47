package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"
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
