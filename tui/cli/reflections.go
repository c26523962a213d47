package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/format"
)

func reflectionAddCommand() Command {
	return Command{
		Name: "reflection add", Args: "(--meeting M | --group G) [--visibility private|group|shared] < text",
		Summary: "cli.reflection_add.summary",
		Flags: func(fs *flag.FlagSet) {
			fs.String("meeting", "", "")
			fs.String("group", "", "")
			fs.String("visibility", "private", "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			in := session.ReflectionInput{Visibility: session.Visibility(flagString(fs, "visibility"))}
			switch m, g := flagString(fs, "meeting"), flagString(fs, "group"); {
			case m != "" && g != "", m == "" && g == "":
				return usageError{env.Cat.T("cli.reflection_add.one_target")}
			case m != "":
				id, err := strconv.ParseInt(m, 10, 64)
				if err != nil {
					return usageError{env.Cat.T("cli.agenda.need_meeting")}
				}
				in.MeetingID = id
			default:
				gs, err := env.Service.FindGroup(ctx, env.Actor, g)
				if err != nil {
					return err
				}
				in.GroupID = gs.ID
			}
			// Read one byte more than allowed so that an overlong text is
			// refused rather than cut.
			body, err := io.ReadAll(io.LimitReader(env.Stdin, int64(session.MaxReflectionLen)*4+1))
			if err != nil {
				return err
			}
			in.Body = string(body)
			r, err := env.Service.AddReflection(ctx, env.Actor, in)
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, r.ID)
			return nil
		},
	}
}

func reflectionsCommand() Command {
	return Command{
		Name: "reflections", Args: "[--group G] [--meeting M] [--search Q] [--json|--md]", Summary: "cli.reflections.summary",
		Flags: func(fs *flag.FlagSet) {
			fs.String("group", "", "")
			fs.String("meeting", "", "")
			fs.String("search", "", "")
			fs.Int("limit", session.DefaultPageSize, "")
			fs.Bool("json", false, "")
			fs.Bool("md", false, "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			f := session.ReflectionFilter{Search: strings.TrimSpace(flagString(fs, "search") + " " + strings.Join(fs.Args(), " ")),
				Limit: flagInt(fs, "limit")}
			if g := flagString(fs, "group"); g != "" {
				// Any group whose texts the person may read: a reader's
				// include every group with shared reflections.
				groups, err := env.Service.ReflectionGroups(ctx, env.Actor)
				if err != nil {
					return err
				}
				gs, err := session.FindReflectionGroup(groups, g)
				if err != nil {
					return err
				}
				f.GroupID = gs.ID
			}
			if m := flagString(fs, "meeting"); m != "" {
				id, err := strconv.ParseInt(m, 10, 64)
				if err != nil {
					return usageError{env.Cat.T("cli.agenda.need_meeting")}
				}
				f.MeetingID = id
			}
			rs, err := env.Service.Reflections(ctx, env.Actor, f)
			if err != nil {
				return err
			}
			if len(rs) == 0 && f.Search != "" {
				// On stderr, so that --json and --md output stays as it is.
				fmt.Fprintln(env.Stderr, env.Cat.T("reflections.no_matches"))
			}
			switch {
			case flagBool(fs, "json"):
				out := make([]map[string]any, 0, len(rs))
				for _, r := range rs {
					out = append(out, map[string]any{"id": r.ID, "author": r.AuthorName, "group": nullable(r.GroupID),
						"meeting": nullable(r.MeetingID), "visibility": r.Visibility, "created_at": r.CreatedAt.Format(time.RFC3339), "body": r.Body})
				}
				return writeJSON(env.Stdout, out)
			case flagBool(fs, "md"):
				fmt.Fprint(env.Stdout, ReflectionsMarkdown(env, rs))
				return nil
			}
			if len(rs) == 0 && f.Search == "" {
				fmt.Fprintln(env.Stdout, env.Cat.T("reflections.none"))
			}
			for _, r := range rs {
				fmt.Fprintf(env.Stdout, "#%d  %s  %s  %s  %s\n", r.ID, r.CreatedAt.In(env.Service.Loc).Format("2006-01-02"),
					env.Cat.T("visibility."+string(r.Visibility)), r.AuthorName, listText(r.Body, f.Search))
			}
			return nil
		},
	}
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// listCells bounds a reflection's text in a plain list: a body may be
// thousands of characters on one line. --json and --md keep it whole.
const listCells = 72

// listText is a reflection in a plain list: around the first search word
// when searching, else its first line, either at most about listCells long.
func listText(body, search string) string {
	if search == "" {
		body = format.FirstLine(body)
	}
	return format.SnippetText(format.Snippet(body, search, listCells))
}

// ReflectionsMarkdown exports reflections as Markdown, the same ones the
// reader may see on screen.
func ReflectionsMarkdown(env *Env, rs []session.Reflection) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", env.Cat.T("reflections.title"))
	for _, r := range rs {
		where := env.Cat.T("reflections.journal")
		switch {
		case r.MeetingTitle != "":
			where = r.GroupName + " · " + r.MeetingTitle
		case r.GroupName != "":
			where = r.GroupName
		}
		fmt.Fprintf(&b, "\n## %s — %s\n\n*%s · %s*\n\n", format.MarkdownText(r.AuthorName), env.Cat.WhenZone(r.CreatedAt, env.Service.Loc),
			format.MarkdownText(where), env.Cat.T("visibility."+string(r.Visibility)))
		for _, line := range strings.Split(r.Body, "\n") {
			fmt.Fprintf(&b, "> %s\n", format.MarkdownText(line))
		}
	}
	return b.String()
}
