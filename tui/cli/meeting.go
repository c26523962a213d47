package cli

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
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
			fmt.Fprint(env.Stdout, SummaryMarkdown(env.Cat, sum, env.Service.Loc))
			return nil
		},
	}
}

// SummaryMarkdown renders a meeting's summary as Markdown in the reader's
// language. Text people typed is already sanitised; it is quoted so that
// it cannot turn into Markdown structure.
func SummaryMarkdown(cat i18n.Catalog, sum *session.Summary, loc *time.Location) string {
	st := sum.State
	var b strings.Builder
	fmt.Fprintf(&b, "# %s — %s\n\n", mdText(st.GroupName), mdText(st.Title))
	fmt.Fprintf(&b, "%s: %s\n\n", cat.T("summary.held"), cat.Span(st.Started, sum.Ended, loc))
	if st.Link != "" {
		fmt.Fprintf(&b, "%s: <%s>\n\n", cat.T("summary.link"), st.Link)
	}

	fmt.Fprintf(&b, "## %s\n\n| # | %s | %s | %s | %s |\n|---|---|---|---|---|\n",
		cat.T("summary.agenda"), cat.T("summary.item"), cat.T("summary.kind"), cat.T("summary.planned"), cat.T("summary.actual"))
	for i, it := range st.Items {
		actual := "–"
		if d, ok := sum.Actual[it.ID]; ok {
			actual = fmt.Sprintf("%d min", int(d.Round(time.Minute).Minutes()))
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %d min | %s |\n", i+1, mdCell(it.Title), cat.T("kind."+string(it.Kind)), it.Minutes, actual)
	}

	fmt.Fprintf(&b, "\n## %s (%d)\n\n", cat.T("summary.attendance"), len(sum.Attended))
	names := make([]string, 0, len(sum.Attended))
	for _, p := range sum.Attended {
		names = append(names, mdText(p.Name)+" ("+cat.T("grouprole."+string(p.Role))+")")
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "- %s\n", n)
	}

	fmt.Fprintf(&b, "\n## %s (%d)\n\n", cat.T("summary.rounds"), len(st.Rounds))
	for _, r := range st.Rounds {
		fmt.Fprintf(&b, "- %s: %s\n", mdText(itemTitle(st, r.ItemID)), roundLine(cat, r))
	}

	fmt.Fprintf(&b, "\n## %s (%d)\n\n", cat.T("summary.discussion"), len(sum.Messages))
	var lastItem int64 = -1
	for _, msg := range sum.Messages {
		if msg.ItemID != lastItem {
			fmt.Fprintf(&b, "\n### %s\n\n", mdText(itemTitle(st, msg.ItemID)))
			lastItem = msg.ItemID
		}
		fmt.Fprintf(&b, "- **%s** (%s): %s\n", mdText(msg.Name), cat.Clock(msg.At, loc), mdText(strings.ReplaceAll(msg.Text, "\n", " ")))
	}

	fmt.Fprintf(&b, "\n## %s\n\n", cat.T("summary.tasks"))
	if len(sum.Tasks) == 0 {
		fmt.Fprintf(&b, "%s\n", cat.T("summary.no_tasks"))
	}
	for _, t := range sum.Tasks {
		fmt.Fprintf(&b, "- %s", mdText(t.Title))
		if t.DueNumber > 0 {
			fmt.Fprintf(&b, " (%s)", cat.T("group.task_due_meeting", t.DueNumber))
		}
		if t.Description != "" {
			fmt.Fprintf(&b, ": %s", mdText(strings.ReplaceAll(t.Description, "\n", " ")))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// roundLine says how a round went: who spoke, passed, was skipped.
func roundLine(cat i18n.Catalog, r session.RoundRecord) string {
	parts := []string{cat.N("summary.spoke", r.Speakers), cat.N("summary.passed", r.Passed)}
	if r.Skipped > 0 {
		parts = append(parts, cat.N("summary.skipped", r.Skipped))
	}
	return strings.Join(parts, ", ")
}

func itemTitle(st *session.RoomState, id int64) string {
	for _, it := range st.Items {
		if it.ID == id {
			return it.Title
		}
	}
	return "–"
}

// mdText escapes the characters that would make typed text into Markdown
// structure (emphasis, links, headings, HTML).
func mdText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "#", `\#`, "|", `\|`)
	return r.Replace(s)
}

// mdCell is mdText for a table cell.
func mdCell(s string) string { return mdText(strings.ReplaceAll(s, "\n", " ")) }
