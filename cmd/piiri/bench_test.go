package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
)

// TestBenchServerProcess is not a test: it is the server process of
// TestBenchSmoke. There os.Executable is this test binary, so the bench
// runs it again with -test.run pointing here and the serve arguments in
// PIIRI_BENCH_SERVE.
func TestBenchServerProcess(t *testing.T) {
	raw := os.Getenv("PIIRI_BENCH_SERVE")
	if raw == "" {
		t.Skip("the server process of TestBenchSmoke")
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		t.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// TestBenchSmoke runs a small bench end to end: a server process, 12
// participants in 3 rooms, 2 advances; nothing may fail and every
// participant must see every advance.
func TestBenchSmoke(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	orig := benchServerCommand
	benchServerCommand = func(args []string) (*exec.Cmd, error) {
		b, err := json.Marshal(append([]string{benchServeName}, args...))
		if err != nil {
			return nil, err
		}
		cmd := exec.Command(exe, "-test.run=^TestBenchServerProcess$")
		cmd.Env = append(os.Environ(), "PIIRI_BENCH_SERVE="+string(b))
		return cmd, nil
	}
	t.Cleanup(func() { benchServerCommand = orig })

	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"bench", "--clients", "12", "--rooms", "3", "--advances", "2",
		"--idle", "300ms", "--settle", "200ms", "--pause", "100ms", "--json"}, nil, &stdout, &stderr)
	var rep benchReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("exit %d, report %v\nstdout:\n%s\nstderr:\n%s", code, err, stdout.String(), stderr.String())
	}
	if code != 0 || rep.Errors != 0 {
		t.Fatalf("exit %d, %d errors: %q\nstderr:\n%s", code, rep.Errors, rep.ErrorSamples, stderr.String())
	}
	if rep.Connect.N != 12 || rep.FirstScreen.N != 12 || rep.Fanout.N != 12*2 || rep.FanoutTimeouts != 0 {
		t.Fatalf("connect %+v, first screen %+v, fan-out %+v, %d timeouts", rep.Connect, rep.FirstScreen, rep.Fanout, rep.FanoutTimeouts)
	}
	if rep.ServerPID == 0 || rep.RSSBefore <= 0 || rep.RSSIdle <= 0 || rep.IdleSeconds <= 0 {
		t.Fatalf("no server measurements:\n%s", stdout.String())
	}
}
