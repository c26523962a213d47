package main

import (
	"context"
	"encoding/json"
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// TestBenchServerProcess is not a test: it is the server process of the
// tests that run piiri as a child process (crash, haproxy). There
// os.Executable is this test binary, so they run it again with -test.run
// pointing here and the serve arguments in PIIRI_BENCH_SERVE.
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
