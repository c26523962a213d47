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
)

func groupsCommand() Command {
	return Command{
		Name: "groups", Args: "[--json]", Summary: "cli.groups.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("json", false, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			groups, err := env.Service.Groups(ctx, env.Actor)
			if err != nil {
				return err
			}
			if flagBool(fs, "json") {
				out := make([]map[string]any, 0, len(groups))
				for _, g := range groups {
					var members any // null before the agreement: not theirs to know yet
					if g.Admitted {
						members = g.Members
					}
					out = append(out, map[string]any{"id": g.ID, "name": g.Name, "template": g.Template,
						"role": g.MyRole, "members": members, "needs_ack": g.NeedsAck})
				}
				return writeJSON(env.Stdout, out)
			}
			if len(groups) == 0 {
				fmt.Fprintln(env.Stdout, env.Cat.T("cli.groups.none"))
				return nil
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, env.Cat.T("cli.groups.header"))
			for _, g := range groups {
				members := "-"
				if g.Admitted {
					members = fmt.Sprint(g.Members)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", g.ID, g.Name, g.Template, env.Cat.T("grouprole."+string(g.MyRole)), members)
			}
			return tw.Flush()
		},
	}
}

// agreementCommand shows a group's agreement and, with --ack, records that
// the actor accepts the version shown: the way into a group without a
// terminal.
func agreementCommand() Command {
	return Command{
		Name: "agreement", Args: "GROUP [--ack] [--json]", Summary: "cli.agreement.summary",
		Flags: func(fs *flag.FlagSet) {
			fs.Bool("ack", false, "")
			fs.Bool("json", false, "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() < 1 {
				return usageError{env.Cat.T("cli.agreement.need_group")}
			}
			g, err := env.Service.FindGroup(ctx, env.Actor, strings.Join(fs.Args(), " "))
			if err != nil {
				return err
			}
			d, err := env.Service.Group(ctx, env.Actor, g.ID)
			if err != nil {
				return err
			}
			ag := d.Agreement
			acked := !d.NeedsAck(env.Actor.Person.ID)
			if flagBool(fs, "ack") && !acked {
				if err := env.Service.AcknowledgeAgreement(ctx, env.Actor, g.ID, ag.Version); err != nil {
					return err
				}
				acked = true
			}
			if flagBool(fs, "json") {
				out := map[string]any{"group": g.ID, "version": ag.Version, "acknowledged": acked}
				for _, sec := range ag.Sections() {
					out[strings.TrimPrefix(sec.Label, "agreement.")] = *sec.Text
				}
				return writeJSON(env.Stdout, out)
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.agreement.title", d.Name, ag.Version))
			for _, sec := range ag.Sections() {
				fmt.Fprintf(env.Stdout, "\n%s\n%s\n", env.Cat.T(sec.Label), *sec.Text)
			}
			fmt.Fprintln(env.Stdout)
			switch {
			case flagBool(fs, "ack"):
				fmt.Fprintln(env.Stdout, env.Cat.T("cli.agreement.acked", d.Name))
			case acked:
				fmt.Fprintln(env.Stdout, env.Cat.T("cli.agreement.already"))
			default:
				fmt.Fprintln(env.Stdout, env.Cat.T("cli.agreement.how", g.ID))
			}
			return nil
		},
	}
}

func groupCreateCommand() Command {
	return Command{
		Name: "group create", Args: "--template mepe|mentor-group|supervisor-peer --name NAME [--json]",
		Summary: "cli.group_create.summary",
		Flags: func(fs *flag.FlagSet) {
			fs.String("template", "", "")
			fs.String("name", "", "")
			fs.Bool("json", false, "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			// As with redeem: ssh splits a quoted name into words.
			name := strings.TrimSpace(flagString(fs, "name") + " " + strings.Join(fs.Args(), " "))
			g, err := env.Service.CreateGroup(ctx, env.Actor, flagString(fs, "template"), name)
			if err != nil {
				return err
			}
			if flagBool(fs, "json") {
				return writeJSON(env.Stdout, map[string]any{"id": g.ID, "name": g.Name, "template": g.Template})
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.group_create.done", g.Name, g.ID))
			return nil
		},
	}
}

func meetingsCommand() Command {
	return Command{
		Name: "meetings", Args: "[--group GROUP] [--json]", Summary: "cli.meetings.summary",
		Flags: func(fs *flag.FlagSet) {
			fs.String("group", "", "")
			fs.Bool("json", false, "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			var groupID int64
			if ref := flagString(fs, "group"); ref != "" {
				g, err := env.Service.FindGroup(ctx, env.Actor, ref)
				if err != nil {
					return err
				}
				groupID = g.ID
			}
			meetings, err := env.Service.Meetings(ctx, env.Actor, groupID)
			if err != nil {
				return err
			}
			loc := env.Service.Loc
			if flagBool(fs, "json") {
				out := make([]map[string]any, 0, len(meetings))
				for _, m := range meetings {
					var starts any
					if m.Scheduled() {
						starts = m.StartsAt.In(loc).Format(time.RFC3339)
					}
					row := map[string]any{"id": m.ID, "group": m.GroupID, "number": m.Number, "title": m.Title,
						"theme": m.Theme, "starts_at": starts, "minutes": m.Minutes, "state": m.State, "link": m.Link}
					if m.Held() {
						row["held_from"], row["held_to"] = m.HeldFrom.In(loc).Format(time.RFC3339), m.HeldTo.In(loc).Format(time.RFC3339)
					}
					out = append(out, row)
				}
				return writeJSON(env.Stdout, out)
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, env.Cat.T("cli.meetings.header", session.ZoneName(loc, env.Service.Now())))
			for _, m := range meetings {
				link := m.Link
				if link == "" {
					link = "–"
				}
				state := env.Cat.T("meeting.state." + string(m.State))
				if m.Held() {
					state = env.Cat.T("meeting.held", env.Cat.Span(m.HeldFrom, m.HeldTo, loc))
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d min\t%s\t%s\n", m.ID, m.Title, FormatStart(env, m.StartsAt), m.Minutes, state, link)
			}
			return tw.Flush()
		},
	}
}

// FormatStart shows a meeting start in the server's zone, or "not
// scheduled".
func FormatStart(env *Env, t time.Time) string {
	if t.IsZero() {
		return env.Cat.T("meeting.unscheduled")
	}
	return t.In(env.Service.Loc).Format(session.StartLayout)
}

func agendaCommand() Command {
	return Command{
		Name: "agenda", Args: "MEETING [--json]", Summary: "cli.agenda.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("json", false, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usageError{env.Cat.T("cli.agenda.need_meeting")}
			}
			id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
			if err != nil {
				return usageError{env.Cat.T("cli.agenda.need_meeting")}
			}
			m, items, err := env.Service.Meeting(ctx, env.Actor, id)
			if err != nil {
				return err
			}
			if flagBool(fs, "json") {
				out := make([]map[string]any, 0, len(items))
				for _, it := range items {
					out = append(out, map[string]any{"id": it.ID, "title": it.Title, "kind": it.Kind, "minutes": it.Minutes, "prompt": it.Prompt})
				}
				return writeJSON(env.Stdout, map[string]any{"meeting": m.ID, "title": m.Title, "minutes": m.Minutes, "items": out})
			}
			when := FormatStartZone(env, m.StartsAt)
			if m.Held() {
				when = env.Cat.T("meeting.held", env.Cat.Span(m.HeldFrom, m.HeldTo, env.Service.Loc))
			}
			fmt.Fprintf(env.Stdout, "%s — %s\n", m.Title, when)
			if m.Theme != "" {
				fmt.Fprintln(env.Stdout, m.Theme)
			}
			fmt.Fprintln(env.Stdout)
			printAgendaItems(env, items)
			fmt.Fprintln(env.Stdout, env.Cat.T("agenda.total", session.TotalMinutes(items), m.Minutes))
			return nil
		},
	}
}

// ParseMeetingArg reads the one MEETING argument of a command.
func ParseMeetingArg(args []string) (int64, error) {
	if len(args) != 1 {
		return 0, fmt.Errorf("want one meeting id")
	}
	return strconv.ParseInt(args[0], 10, 64)
}
