// Command piiri serves group e-mentoring meetings over SSH.
//
//	piiri [serve] [--addr 127.0.0.1:23234] [--data ./piiri-data] [--lang en]
//	piiri admin invite --role admin|facilitator|reader|member [--uses N] [--expires 7d] [--data DIR]
//	piiri admin users [--json] [--data DIR]
//	piiri admin backup FILE [--data DIR]
//	piiri admin stats [--data DIR]
//	piiri version [--data DIR]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	_ "time/tzdata" // --tz works on machines without a zoneinfo database

	"github.com/piiri/piiri/storage"
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
	case benchServeName:
		return benchServeCommand(ctx, args[1:], stdout, stderr)
	case "version":
		return versionCommand(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage(os.Environ()))
		return 0
	}
	fmt.Fprintf(stderr, "%s\n\n%s", catalogFromEnv(os.Environ()).T("cmd.unknown", args[0]), usage(os.Environ()))
	return 2
}

// versionCommand prints the binary's version and the schema version it
// supports; with --data (or PIIRI_DATA), also the database's, read without
// changing anything.
func versionCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("piiri version", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	config := bindConfig(fs, "data", "db")
	cat := catalogFromEnv(os.Environ())
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage(os.Environ()))
			return 0
		}
		fmt.Fprintf(stderr, "piiri: %v\n", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "piiri: %s\n", cat.T("cli.unexpected_args", strings.Join(fs.Args(), " ")))
		return 2
	}
	cfg, err := config()
	if err != nil {
		fmt.Fprintf(stderr, "piiri: %v\n", err)
		return 2
	}
	fmt.Fprintln(stdout, "piiri "+binaryVersion())
	fmt.Fprintln(stdout, cat.T("cmd.version.schema", storage.SchemaVersion()))
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "data" || f.Name == "db" })
	_, envData := os.LookupEnv("PIIRI_DATA")
	_, envDB := os.LookupEnv("PIIRI_DB")
	if !given && !envData && !envDB {
		return 0
	}
	if msg := checkDatabase(cat, cfg.dbPath()); msg != "" {
		fmt.Fprintln(stderr, "piiri: "+msg)
		return 1
	}
	v, err := readSchemaVersion(ctx, cfg.dbPath())
	if err != nil {
		fmt.Fprintln(stderr, "piiri: "+explain(cat, err))
		return 1
	}
	state := "cmd.version.current"
	switch {
	case v < storage.SchemaVersion():
		state = "cmd.version.older"
	case v > storage.SchemaVersion():
		state = "cmd.version.newer"
	}
	fmt.Fprintln(stdout, cat.T("cmd.version.database", dbShown(cfg.dbPath()), v, cat.T(state)))
	return 0
}

// binaryVersion is the module version the binary was built as ("devel"
// when it has none) and, when the build recorded it, the commit.
func binaryVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var rev string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" && !strings.Contains(v, rev[:min(12, len(rev))]) {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if modified {
			rev += "+dirty"
		}
		v += " (" + rev + ")"
	}
	return v
}
