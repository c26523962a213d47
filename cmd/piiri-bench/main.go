// Command piiri-bench is piiri's load generator: real SSH clients, each
// with a terminal emulator or reading the line mode, in live rooms of a
// piiri server it starts (or one already running). It is its own command
// so that the server binary links no terminal emulator or SSH client.
// The flags are described in bench.go.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := benchCommand(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// catalog is the operator's language for the few messages the bench
// translates: PIIRI_LANG, then LANG/LC_*, as the server's commands do.
func catalog() i18n.Catalog {
	if l, err := session.ParseLang(os.Getenv("PIIRI_LANG")); err == nil {
		return i18n.For(l)
	}
	if l, ok := i18n.LangFromEnv(os.Environ()); ok {
		return i18n.For(l)
	}
	return i18n.For(session.LangEN)
}
