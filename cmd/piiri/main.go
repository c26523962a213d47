// Command piiri serves group e-mentoring meetings over SSH.
//
//	piiri [serve] [--addr 127.0.0.1:23234] [--data ./piiri-data] [--lang en]
//	piiri admin invite --role admin|facilitator|reader|member [--uses N] [--expires 7d] [--data DIR]
//	piiri admin users [--json] [--data DIR]
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // --tz works on machines without a zoneinfo database
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches a command line; it returns the process exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "serve" || (len(args[0]) > 0 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help") {
		if len(args) > 0 && args[0] == "serve" {
			args = args[1:]
		}
		return serveCommand(ctx, args, stdout, stderr)
	}
	switch args[0] {
	case "admin":
		return adminCommand(ctx, args[1:], stdin, stdout, stderr)
	case "bench":
		return benchCommand(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage(os.Environ()))
		return 0
	}
	fmt.Fprintf(stderr, "%s\n\n%s", catalogFromEnv(os.Environ()).T("cmd.unknown", args[0]), usage(os.Environ()))
	return 2
}
