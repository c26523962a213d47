package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/format"
)

// tasksCommand lists the interim tasks of the person's groups, or of one.
func tasksCommand() Command {
	return Command{
		Name: "tasks", Args: "[--group GROUP] [--json]", Summary: "cli.tasks.summary",
		Flags: func(fs *flag.FlagSet) {
			fs.String("group", "", "")
			fs.Bool("json", false, "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			var groups []session.GroupSummary
			if ref := flagString(fs, "group"); ref != "" {
				g, err := env.Service.FindGroup(ctx, env.Actor, ref)
				if err != nil {
					return err
				}
				groups = []session.GroupSummary{*g}
			} else {
				var err error
				if groups, err = env.Service.Groups(ctx, env.Actor); err != nil {
					return err
				}
			}
			type row struct {
				group string
				leads bool
				task  session.Task
			}
			var rows []row
			for _, g := range groups {
				d, err := env.Service.Group(ctx, env.Actor, g.ID)
				if err != nil {
					return err
				}
				for _, t := range d.Tasks {
					rows = append(rows, row{d.Name, d.MyRole.Leads(), t})
				}
			}
			if flagBool(fs, "json") {
				out := make([]map[string]any, 0, len(rows))
				for _, r := range rows {
					out = append(out, map[string]any{"id": r.task.ID, "group": r.task.GroupID, "title": r.task.Title,
						"due_meeting": nullable(r.task.DueMeetingID), "done": r.task.Done, "members": r.task.Members, "done_by_me": r.task.DoneByMe})
				}
				return writeJSON(env.Stdout, out)
			}
			if len(rows) == 0 {
				fmt.Fprintln(env.Stdout, env.Cat.T("group.no_tasks"))
				return nil
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, env.Cat.T("cli.tasks.header"))
			for _, r := range rows {
				box := "☐"
				switch {
				case r.task.DoneByMe:
					box = "☑"
				case r.leads:
					box = "•" // leaders give tasks, they have none to tick
				}
				due := ""
				if r.task.DueNumber > 0 {
					due = env.Cat.T("group.task_due_meeting", r.task.DueNumber)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s %s\t%s\t%s\n", r.task.ID, r.group, box, r.task.Title, due,
					env.Cat.T("group.task_done_count", r.task.Done, r.task.Members))
			}
			return tw.Flush()
		},
	}
}

// taskResponsesCommand lets a leader read what the members answered.
func taskResponsesCommand() Command {
	return Command{
		Name: "task responses", Args: "TASK [--json]", Summary: "cli.task_responses.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("json", false, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usageError{env.Cat.T("cli.task_responses.need_task")}
			}
			id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
			if err != nil {
				return usageError{env.Cat.T("cli.task_responses.need_task")}
			}
			t, rs, err := env.Service.TaskResponses(ctx, env.Actor, id)
			if err != nil {
				return err
			}
			if flagBool(fs, "json") {
				out := make([]map[string]any, 0, len(rs))
				for _, r := range rs {
					out = append(out, map[string]any{"person": r.PersonID, "name": r.Name, "response": r.Response,
						"done_at": r.DoneAt.In(env.Service.Loc).Format(time.RFC3339)})
				}
				return writeJSON(env.Stdout, out)
			}
			fmt.Fprintf(env.Stdout, "%s\n", t.Title)
			fmt.Fprint(env.Stdout, format.TaskResponsesText(env.Cat, t, rs, env.Service.Loc))
			return nil
		},
	}
}

// meetingScheduleCommand sets (or clears) a meeting's start, typed the way
// piiri shows dates: "1.12.2026 14.30", "1.12.2026 14:30" or
// "2026-12-01 14:30", in the server's zone.
func meetingScheduleCommand() Command {
	return Command{
		Name: "meeting schedule", Args: "MEETING WHEN|--clear", Summary: "cli.meeting_schedule.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("clear", false, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			// ssh joins the words of the command, so the date and the time
			// arrive as separate arguments after the id.
			need := usageError{env.Cat.T("cli.meeting_schedule.need", session.ZoneName(env.Service.Loc, env.Service.Now()))}
			if fs.NArg() < 1 || (fs.NArg() == 1) != flagBool(fs, "clear") {
				return need
			}
			id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
			if err != nil {
				return need
			}
			var start time.Time
			if !flagBool(fs, "clear") {
				if start, err = session.ParseStart(strings.Join(fs.Args()[1:], " "), env.Service.Loc); err != nil {
					return err
				}
			}
			m, err := env.Service.UpdateMeeting(ctx, env.Actor, id, session.MeetingUpdate{StartsAt: &start})
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.meeting_schedule.done", m.Title, FormatStartZone(env, m.StartsAt)))
			return nil
		},
	}
}

// FormatStartZone is a start for people, naming the zone, or "not
// scheduled".
func FormatStartZone(env *Env, t time.Time) string {
	if t.IsZero() {
		return env.Cat.T("meeting.unscheduled")
	}
	return env.Cat.WhenZone(t, env.Service.Loc)
}
