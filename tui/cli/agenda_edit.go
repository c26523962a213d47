package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// Agenda editing as commands, for leaders, with the same words over
// `ssh HOST CMD` and in the line mode. Items are numbered as `agenda
// MEETING` prints them; the Service checks the rights and that the meeting
// is still planned.

// agendaTextFlags take every word up to the next flag: ssh joins its
// arguments with spaces, so `--title "Check in"` arrives as two words.
var agendaTextFlags = []string{"title", "prompt"}

// kindAliases are the Finnish words (and short forms) people type for the
// item kinds, beside the kinds' own names and both catalogs' labels.
var kindAliases = map[string]session.ItemKind{
	"kierros": session.KindRound, "alustus": session.KindTalk, "puheenvuoro": session.KindTalk,
	"keskustelu": session.KindDiscussion, "kirjoitus": session.KindWriting, "kirjoittaminen": session.KindWriting,
	"hiljainen": session.KindWriting, "tauko": session.KindBreak, "muu": session.KindOther,
	"arviointi": session.KindAssessment, "itsearviointi": session.KindAssessment,
}

// ParseKind reads an item kind typed in either language.
func ParseKind(s string) (session.ItemKind, bool) {
	w := strings.ToLower(strings.TrimSpace(s))
	if k, ok := kindAliases[w]; ok {
		return k, true
	}
	for _, k := range session.ItemKinds {
		if w == string(k) || w == i18n.For(session.LangFI).T("kind."+string(k)) || w == i18n.For(session.LangEN).T("kind."+string(k)) {
			return k, true
		}
	}
	return "", false
}

// kindFlag is --kind read, or asked for where the session can ask (the
// line mode); without it the command says which kinds there are.
func kindFlag(env *Env, fs *flag.FlagSet, required bool) (session.ItemKind, error) {
	v := flagString(fs, "kind")
	if v == "" && !required {
		return "", nil
	}
	if v == "" && env.Choose != nil {
		opts := make([]string, len(session.ItemKinds))
		for i, k := range session.ItemKinds {
			opts[i] = env.Cat.T("kind." + string(k))
		}
		i, ok := env.Choose(env.Cat.T("cli.agenda_edit.choose_kind"), opts)
		if !ok {
			return "", usageError{env.Cat.T("cli.agenda_edit.need_kind", kindList(env.Cat))}
		}
		return session.ItemKinds[i], nil
	}
	if v == "" {
		return "", usageError{env.Cat.T("cli.agenda_edit.need_kind", kindList(env.Cat))}
	}
	k, ok := ParseKind(v)
	if !ok {
		return "", session.Errorf(session.EInvalid, "cli.agenda_edit.bad_kind", session.CleanLine(v), kindList(env.Cat))
	}
	return k, nil
}

// kindList names the kinds as the command takes them, with the reader's
// label where it differs: "round (kierros), talk (alustus), …".
func kindList(cat i18n.Catalog) string {
	parts := make([]string, len(session.ItemKinds))
	for i, k := range session.ItemKinds {
		parts[i] = string(k)
		if l := cat.T("kind." + string(k)); l != string(k) {
			parts[i] += " (" + l + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// gatherText joins the words after a text flag, up to the next flag, into
// its value (after --title=… too, for a text that starts with "-").
func gatherText(args []string, names []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, eq := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || !contains(names, name) {
			out = append(out, a)
			continue
		}
		j := i + 1
		for j < len(args) && !strings.HasPrefix(args[j], "-") {
			j++
		}
		words := args[i+1 : j]
		switch {
		case eq:
			out = append(out, strings.Join(append([]string{a}, words...), " "))
		case len(words) > 0:
			out = append(out, a, strings.Join(words, " "))
		default:
			out = append(out, a)
		}
		i = j - 1
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// agendaArgs reads MEETING and, with item, the item's number N; it
// returns the meeting's agenda for the number. Reading it needs only
// membership: the change itself is refused by the Service.
func agendaArgs(ctx context.Context, env *Env, fs *flag.FlagSet, want int, usage string) (int64, []session.AgendaItem, int, error) {
	args := fs.Args()
	if len(args) < want {
		return 0, nil, 0, usageError{env.Cat.T(usage)}
	}
	if len(args) > want {
		return 0, nil, 0, usageError{env.Cat.T("cli.agenda_edit.extra", strings.Join(args[want:], " "))}
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil {
		return 0, nil, 0, usageError{env.Cat.T(usage)}
	}
	if want == 1 {
		return id, nil, 0, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(args[1], "#"))
	if err != nil {
		return 0, nil, 0, usageError{env.Cat.T(usage)}
	}
	_, items, err := env.Service.Meeting(ctx, env.Actor, id)
	if err != nil {
		return 0, nil, 0, err
	}
	if n < 1 || n > len(items) {
		return 0, nil, 0, noItem(n, len(items))
	}
	return id, items, n, nil
}

// noItem is a number past the agenda's end. The form is picked here:
// Err counts plural forms only for the session's own messages.
func noItem(n, count int) error {
	key := "cli.agenda_edit.no_item.other"
	if count == 1 {
		key = "cli.agenda_edit.no_item.one"
	}
	return session.Errorf(session.ENotFound, key, count, n)
}

// printAgendaItems lists items numbered as every agenda command reads them.
func printAgendaItems(env *Env, items []session.AgendaItem) {
	for _, line := range agendaLines(env.Cat, items) {
		fmt.Fprintln(env.Stdout, line)
	}
}

// agendaTitleCells is the title column's width; a longer title wraps
// inside it so that the kind and minutes stay in their columns.
const agendaTitleCells = 40

// agendaLines lays out the items in columns measured in terminal cells,
// not bytes: "ä" is two bytes and one cell, and a wide title must not push
// the kind and minutes out of line.
func agendaLines(cat i18n.Catalog, items []session.AgendaItem) []string {
	kindCells := 0
	for _, it := range items {
		kindCells = max(kindCells, ansi.StringWidth(cat.T("kind."+string(it.Kind))))
	}
	var out []string
	for i, it := range items {
		title := strings.Split(ansi.Wrap(it.Title, agendaTitleCells, " -"), "\n")
		kind := cat.T("kind." + string(it.Kind))
		out = append(out, fmt.Sprintf("%2d. %s %s %3d min", i+1, padCells(title[0], agendaTitleCells),
			padCells(kind, kindCells), it.Minutes))
		for _, more := range title[1:] {
			out = append(out, "    "+strings.TrimRight(more, " "))
		}
	}
	return out
}

// padCells pads s with spaces to n terminal cells.
func padCells(s string, n int) string {
	return s + strings.Repeat(" ", max(0, n-ansi.StringWidth(s)))
}

// showAgenda prints the agenda after a change, so that the new numbers
// are in front of the person.
func showAgenda(ctx context.Context, env *Env, meetingID int64) error {
	m, items, err := env.Service.Meeting(ctx, env.Actor, meetingID)
	if err != nil {
		return err
	}
	printAgendaItems(env, items)
	fmt.Fprintln(env.Stdout, env.Cat.T("agenda.total", session.TotalMinutes(items), m.Minutes))
	return nil
}

func itemFlags(fs *flag.FlagSet) {
	fs.String("title", "", "")
	fs.String("kind", "", "")
	fs.Int("minutes", 0, "")
	fs.String("prompt", "", "")
}

func agendaAddCommand() Command {
	return Command{
		Name: "agenda add", Args: "MEETING --title TITLE --kind KIND --minutes N [--prompt TEXT] [--after N]",
		Summary: "cli.agenda_add.summary", Text: agendaTextFlags,
		Flags: func(fs *flag.FlagSet) {
			itemFlags(fs)
			fs.Int("after", -1, "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			id, _, _, err := agendaArgs(ctx, env, fs, 1, "cli.agenda_add.usage")
			if err != nil {
				return err
			}
			if strings.TrimSpace(flagString(fs, "title")) == "" {
				return usageError{env.Cat.T("cli.agenda_add.need_title")}
			}
			if flagInt(fs, "minutes") == 0 {
				return usageError{env.Cat.T("cli.agenda_add.need_minutes", session.MaxItemMinutes)}
			}
			kind, err := kindFlag(env, fs, true)
			if err != nil {
				return err
			}
			it := session.AgendaItem{Title: flagString(fs, "title"), Kind: kind, Minutes: flagInt(fs, "minutes"), Prompt: flagString(fs, "prompt")}
			var added *session.AgendaItem
			if after := flagInt(fs, "after"); after < 0 {
				added, err = env.Service.AddAgendaItem(ctx, env.Actor, id, it)
			} else {
				added, err = insertAfter(ctx, env, id, after, it)
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.agenda_add.done", added.Title, env.Cat.T("kind."+string(added.Kind)), added.Minutes))
			return showAgenda(ctx, env, id)
		},
	}
}

// insertAfter puts it after the agenda's item number after (0: first).
func insertAfter(ctx context.Context, env *Env, meetingID int64, after int, it session.AgendaItem) (*session.AgendaItem, error) {
	var afterID int64
	if after > 0 {
		_, items, err := env.Service.Meeting(ctx, env.Actor, meetingID)
		if err != nil {
			return nil, err
		}
		if after > len(items) {
			return nil, noItem(after, len(items))
		}
		afterID = items[after-1].ID
	}
	return env.Service.InsertAgendaItem(ctx, env.Actor, meetingID, afterID, it)
}

func agendaEditCommand() Command {
	return Command{
		Name: "agenda edit", Args: "MEETING N [--title TITLE] [--kind KIND] [--minutes N] [--prompt TEXT]",
		Summary: "cli.agenda_edit.summary", Text: agendaTextFlags,
		Flags: itemFlags,
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			set := map[string]bool{}
			fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
			if len(set) == 0 {
				return usageError{env.Cat.T("cli.agenda_edit.nothing")}
			}
			id, items, n, err := agendaArgs(ctx, env, fs, 2, "cli.agenda_edit.usage")
			if err != nil {
				return err
			}
			it := items[n-1]
			if set["title"] {
				it.Title = flagString(fs, "title")
			}
			if set["kind"] {
				if it.Kind, err = kindFlag(env, fs, false); err != nil {
					return err
				}
				if it.Kind == "" {
					return usageError{env.Cat.T("cli.agenda_edit.need_kind", kindList(env.Cat))}
				}
			}
			if set["minutes"] {
				it.Minutes = flagInt(fs, "minutes")
			}
			if set["prompt"] {
				it.Prompt = flagString(fs, "prompt")
			}
			if _, err := env.Service.UpdateAgendaItem(ctx, env.Actor, it); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.agenda_edit.done", n))
			return showAgenda(ctx, env, id)
		},
	}
}

// agendaDeleteCommand removes an item. As with reflection delete, a
// command cannot ask, so it wants --yes.
func agendaDeleteCommand() Command {
	return Command{
		Name: "agenda delete", Args: "MEETING N --yes", Summary: "cli.agenda_delete.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("yes", false, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			id, items, n, err := agendaArgs(ctx, env, fs, 2, "cli.agenda_delete.usage")
			if err != nil {
				return err
			}
			it := items[n-1]
			if !flagBool(fs, "yes") {
				return usageError{env.Cat.T("cli.agenda_delete.need_yes", n, it.Title)}
			}
			if err := env.Service.DeleteAgendaItem(ctx, env.Actor, it.ID); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.agenda_delete.done", n, it.Title))
			return showAgenda(ctx, env, id)
		},
	}
}

func agendaMoveCommand() Command {
	return Command{
		Name: "agenda move", Args: "MEETING N up|down", Summary: "cli.agenda_move.summary",
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 3 {
				return usageError{env.Cat.T("cli.agenda_move.usage")}
			}
			var delta int
			switch strings.ToLower(fs.Arg(2)) {
			case "up", "ylös", "ylos":
				delta = -1
			case "down", "alas":
				delta = 1
			default:
				return usageError{env.Cat.T("cli.agenda_move.usage")}
			}
			// The direction is read; the rest is MEETING N.
			if err := fs.Parse(fs.Args()[:2]); err != nil {
				return flagError{err}
			}
			id, items, n, err := agendaArgs(ctx, env, fs, 2, "cli.agenda_move.usage")
			if err != nil {
				return err
			}
			if err := env.Service.MoveAgendaItem(ctx, env.Actor, items[n-1].ID, delta); err != nil {
				return err
			}
			switch to := n + delta; {
			case to < 1:
				fmt.Fprintln(env.Stdout, env.Cat.T("cli.agenda_move.first", n))
			case to > len(items):
				fmt.Fprintln(env.Stdout, env.Cat.T("cli.agenda_move.last", n))
			default:
				fmt.Fprintln(env.Stdout, env.Cat.T("cli.agenda_move.done", items[n-1].Title, to))
			}
			return showAgenda(ctx, env, id)
		},
	}
}
