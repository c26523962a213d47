package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/piiri/piiri/cmd/piiri/benchstat"
)

// benchServeName is the hidden command the load generator (cmd/piiri-bench)
// runs its server with: `piiri serve` that also serves benchstat on a
// loopback port. It stays in the server because the heap and goroutines
// it reports can only be read inside the server's own process.
const benchServeName = "bench-serve"

func benchServeCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if err := benchstat.Listen(stdout); err != nil {
		fmt.Fprintf(stderr, "piiri bench-serve: %v\n", err)
		return 1
	}
	// PIIRI_BENCH_CPUPROFILE=FILE profiles the server's CPU until it stops.
	if path := os.Getenv("PIIRI_BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	return serveCommand(ctx, args, stdout, stderr)
}
