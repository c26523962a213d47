package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/tui/cli"
)

// adminCommand runs `piiri admin …`: local operations by whoever can read
// the data directory. They open the database beside a running server
// (WAL allows it) and act as the operator.
func adminCommand(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	cat := catalogFromEnv(os.Environ())
	if len(args) == 0 {
		fmt.Fprint(stderr, usage(os.Environ()))
		return 2
	}
	fs := flag.NewFlagSet("piiri admin "+args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	config := bindConfig(fs, "data")
	var run func(*session.Service) error
	var backupTarget string
	var statsWanted bool
	switch args[0] {
	case "invite":
		role := fs.String("role", "", "")
		uses := fs.Int("uses", session.DefaultInviteUses, "")
		expires := fs.String("expires", "7d", "")
		run = func(svc *session.Service) error {
			spec, err := cli.InviteSpecFromFlags(*role, *uses, *expires)
			if err != nil {
				return err
			}
			inv, err := svc.CreateInvite(ctx, session.Operator(), spec)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, session.FormatCode(inv.Code))
			return nil
		}
	case "users":
		asJSON := fs.Bool("json", false, "")
		run = func(svc *session.Service) error {
			people, err := svc.People(ctx, session.Operator())
			if err != nil {
				return err
			}
			if *asJSON {
				return printPeopleJSON(stdout, people)
			}
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, cat.T("cmd.users.header"))
			for _, p := range people {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, cat.Role(p.Role), p.Lang,
					p.CreatedAt.Local().Format("2006-01-02"), strings.Join(p.Keys, " "))
			}
			return tw.Flush()
		}
	case "backup":
		if len(args) < 2 || strings.HasPrefix(args[1], "-") {
			fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.backup.need_file"))
			return 2
		}
		target := args[1]
		args = append([]string{args[0]}, args[2:]...)
		run = func(*session.Service) error { return nil } // done below, on the database itself
		backupTarget = target
	case "stats":
		run = func(*session.Service) error { return nil }
		statsWanted = true
	default:
		fmt.Fprintf(stderr, "%s\n\n%s", cat.T("cmd.unknown", "admin "+args[0]), usage(os.Environ()))
		return 2
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage(os.Environ()))
			return 0
		}
		fmt.Fprintf(stderr, "piiri: %v\n\n%s", err, usage(os.Environ()))
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
	if _, err := os.Stat(cfg.dbPath()); err != nil {
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.no_database", cfg.dbPath()))
		return 1
	}
	db, err := storage.Open(ctx, cfg.dbPath())
	if err != nil {
		fmt.Fprintf(stderr, "piiri: %v\n", err)
		return 1
	}
	defer db.Close()
	svc, err := session.NewService(db)
	if err != nil {
		fmt.Fprintf(stderr, "piiri: %v\n", err)
		return 1
	}
	if err := run(svc); err != nil {
		fmt.Fprintln(stderr, "piiri: "+cat.Err(err))
		return 1
	}
	if backupTarget != "" {
		if err := db.Backup(ctx, backupTarget); err != nil {
			fmt.Fprintf(stderr, "piiri: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, cat.T("cmd.backup.done", backupTarget))
	}
	if statsWanted {
		return printStats(ctx, cat, cfg, db, stdout)
	}
	return 0
}

func printPeopleJSON(w io.Writer, people []session.PersonSummary) error {
	type person struct {
		ID        int64    `json:"id"`
		Name      string   `json:"name"`
		Role      string   `json:"role"`
		Lang      string   `json:"lang"`
		CreatedAt string   `json:"created_at"`
		Keys      []string `json:"keys"`
	}
	out := make([]person, 0, len(people))
	for _, p := range people {
		out = append(out, person{p.ID, p.Name, string(p.Role), string(p.Lang), p.CreatedAt.Format("2006-01-02T15:04:05Z07:00"), p.Keys})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
