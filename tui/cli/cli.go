// Package cli is piiri's plain SSH command surface: `ssh HOST CMD` runs one
// command over the session Service and prints text (or JSON with --json).
// Each command is one small handler; the dispatcher finds it by its words
// (e.g. "invite create"), parses flags and maps errors to exit codes.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // the command ran and failed: refused, not found, invalid
	ExitUsage = 2 // unknown command or bad flags
)

// Env is what a command runs with.
type Env struct {
	Service *session.Service
	Actor   session.Actor
	Cat     i18n.Catalog
	KeyType string
	Connect string // how to connect, e.g. "ssh -p 23234 localhost"
	HostKey string // the server's host key fingerprint, SHA256:…
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	// Choose asks for one of options and returns its index, where the
	// session can ask (the line mode); nil over `ssh HOST CMD`.
	Choose func(question string, options []string) (int, bool)
}

// Command is one command of the surface.
type Command struct {
	Name    string // words, e.g. "invite create"
	Args    string // usage after the name, e.g. "CODE --name NAME [--lang fi|en]"
	Summary string // catalog key of a one-line description
	Public  bool   // may run for a key that has not joined
	// Text names flags whose value runs to the next flag (see gatherText).
	Text []string
	// Flags declares the command's flags on fs; Run gets fs parsed.
	Flags func(fs *flag.FlagSet)
	Run   func(ctx context.Context, env *Env, fs *flag.FlagSet) error
}

// usageError is a bad invocation: exit 2 with the command's usage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Commands is the command table, in help order.
func Commands() []Command {
	return []Command{
		helpCommand(),
		guideCommand(),
		whoamiCommand(),
		redeemCommand(),
		renameCommand(),
		settingsPlainCommand(),
		inviteCreateCommand(),
		groupsCommand(),
		groupCreateCommand(),
		agreementCommand(),
		meetingsCommand(),
		agendaCommand(),
		agendaAddCommand(),
		agendaEditCommand(),
		agendaDeleteCommand(),
		agendaMoveCommand(),
		joinCommand(),
		meetingScheduleCommand(),
		meetingStartCommand(),
		meetingEndCommand(),
		meetingLinkCommand(),
		exportMeetingCommand(),
		tasksCommand(),
		taskResponsesCommand(),
		reflectionAddCommand(),
		reflectionEditCommand(),
		reflectionDeleteCommand(),
		reflectionHistoryCommand(),
		reflectionsCommand(),
		reportCommand(),
		evaluationCommand(),
		shareAddCommand(),
		shareCandidatesCommand(),
		sharesCommand(),
		quotesCommand(),
		quoteAnswerCommand(true),
		quoteAnswerCommand(false),
		quoteWithdrawCommand(),
		sharedCommand(),
	}
}

// Run runs the command in argv and returns its exit code.
func Run(ctx context.Context, env *Env, argv []string) int {
	cmd, rest := find(argv)
	if cmd == nil {
		if len(argv) > 0 {
			// Echoed input is cleaned like any other text shown on a terminal.
			fmt.Fprintln(env.Stderr, env.Cat.T("cli.unknown_command", session.CleanLine(strings.Join(argv, " "))))
		}
		printUsage(env, env.Stderr)
		return ExitUsage
	}
	if !cmd.Public && !env.Actor.Known() {
		fmt.Fprintln(env.Stderr, env.Cat.T("cli.not_joined", env.Connect))
		return ExitError
	}
	fs := flag.NewFlagSet(cmd.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if cmd.Flags != nil {
		cmd.Flags(fs)
	}
	if len(cmd.Text) > 0 {
		rest = gatherText(rest, cmd.Text)
	}
	err := ParseInterspersed(fs, rest)
	if err == nil {
		err = cmd.Run(ctx, env, fs)
	}
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue), errors.Is(err, flag.ErrHelp), isFlagError(err):
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(env.Stderr, env.Cat.T("cli.bad_usage", session.CleanLine(err.Error())))
		}
		fmt.Fprintln(env.Stderr, env.Cat.T("cli.usage_line", commandUsage(cmd)))
		fmt.Fprintln(env.Stderr, "  "+env.Cat.T(cmd.Summary))
		return ExitUsage
	default:
		fmt.Fprintln(env.Stderr, env.Cat.Err(err))
		return ExitError
	}
}

// find matches the longest command name at the start of argv.
func find(argv []string) (*Command, []string) {
	cmds := Commands()
	sort.SliceStable(cmds, func(i, j int) bool {
		return len(strings.Fields(cmds[i].Name)) > len(strings.Fields(cmds[j].Name))
	})
	for i := range cmds {
		words := strings.Fields(cmds[i].Name)
		if len(argv) >= len(words) && equalWords(argv[:len(words)], words) {
			return &cmds[i], argv[len(words):]
		}
	}
	return nil, nil
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// flagError marks errors from the flag package, which are all usage errors.
type flagError struct{ error }

func isFlagError(err error) bool {
	var fe flagError
	return errors.As(err, &fe)
}

// ParseInterspersed lets flags and positional arguments mix, as in
// `redeem CODE --name Aino`; the flag package alone stops at CODE. The
// positional arguments are then fs.Args(), in order; after "--" all are.
func ParseInterspersed(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return flagError{err}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			positional = append(positional, args[1:]...)
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	// Parse once more with no flags left so that fs.Args() holds the
	// positional arguments in order.
	return fs.Parse(append([]string{"--"}, positional...))
}

func commandUsage(c *Command) string {
	if c.Args == "" {
		return c.Name
	}
	return c.Name + " " + c.Args
}

func printUsage(env *Env, w io.Writer) {
	fmt.Fprintln(w, env.Cat.T("cli.usage_header", env.Connect))
	for _, c := range Commands() {
		if !c.Public && !env.Actor.Known() {
			continue
		}
		if u := commandUsage(&c); len(u) <= 40 {
			fmt.Fprintf(w, "  %-40s %s\n", u, env.Cat.T(c.Summary))
		} else {
			fmt.Fprintf(w, "  %s\n  %-40s %s\n", u, "", env.Cat.T(c.Summary))
		}
	}
	if !env.Actor.Known() {
		fmt.Fprintln(w)
		fmt.Fprintln(w, env.Cat.T("cli.how_to_join", env.Connect))
	} else {
		fmt.Fprintln(w)
		fmt.Fprintln(w, env.Cat.T("cli.interactive", env.Connect))
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
