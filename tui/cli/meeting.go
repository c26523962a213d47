package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/piiri/piiri/tui/format"
)

func meetingArg(env *Env, fs *flag.FlagSet) (int64, error) {
	id, err := ParseMeetingArg(fs.Args())
	if err != nil {
		return 0, usageError{env.Cat.T("cli.agenda.need_meeting")}
	}
	return id, nil
}

func joinCommand() Command {
	return Command{
		Name: "join", Args: "MEETING", Summary: "cli.join.summary",
		Run: func(_ context.Context, env *Env, fs *flag.FlagSet) error {
			// With a terminal the server opens the room instead of running
			// this; without one there is nothing to show.
			return usageError{env.Cat.T("cli.join.needs_terminal", env.Connect, strings.Join(fs.Args(), " "))}
		},
	}
}

func meetingStartCommand() Command {
	return Command{
		Name: "meeting start", Args: "MEETING", Summary: "cli.meeting_start.summary",
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			id, err := meetingArg(env, fs)
			if err != nil {
				return err
			}
			st, err := env.Service.StartMeeting(ctx, env.Actor, id)
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.meeting_start.done", st.Title, env.Connect, id))
			return nil
		},
	}
}

func meetingEndCommand() Command {
	return Command{
		Name: "meeting end", Args: "MEETING", Summary: "cli.meeting_end.summary",
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			id, err := meetingArg(env, fs)
			if err != nil {
				return err
			}
			if err := env.Service.EndMeeting(ctx, env.Actor, id); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.meeting_end.done", id))
			return nil
		},
	}
}

// meetingLinkCommand sets or removes a meeting's call link.
func meetingLinkCommand() Command {
	return Command{
		Name: "meeting link", Args: "MEETING (URL | --clear)", Summary: "cli.meeting_link.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("clear", false, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			args, clear := fs.Args(), flagBool(fs, "clear")
			if (clear && len(args) != 1) || (!clear && len(args) != 2) {
				return usageError{env.Cat.T("cli.meeting_link.need_url")}
			}
			id, err := ParseMeetingArg(args[:1])
			if err != nil {
				return usageError{env.Cat.T("cli.meeting_link.need_url")}
			}
			url := ""
			if !clear {
				url = args[1]
				if url == "" {
					return usageError{env.Cat.T("cli.meeting_link.need_url")}
				}
			}
			m, err := env.Service.SetMeetingLink(ctx, env.Actor, id, url)
			if err != nil {
				return err
			}
			if m.Link == "" {
				fmt.Fprintln(env.Stdout, env.Cat.T("cli.meeting_link.cleared", id))
			} else {
				fmt.Fprintln(env.Stdout, env.Cat.T("cli.meeting_link.done", id, m.Link))
			}
			return nil
		},
	}
}

func exportMeetingCommand() Command {
	return Command{
		Name: "export meeting", Args: "MEETING", Summary: "cli.export_meeting.summary",
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			id, err := meetingArg(env, fs)
			if err != nil {
				return err
			}
			sum, err := env.Service.MeetingSummary(ctx, env.Actor, id)
			if err != nil {
				return err
			}
			fmt.Fprint(env.Stdout, format.SummaryMarkdown(env.Cat, sum, env.Service.Loc))
			return nil
		},
	}
}
