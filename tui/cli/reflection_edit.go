package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/piiri/piiri/session"
)

// reflectionArg is the one reflection id a command takes.
func reflectionArg(env *Env, fs *flag.FlagSet) (int64, error) {
	args := fs.Args()
	if len(args) == 1 {
		if id, err := strconv.ParseInt(args[0], 10, 64); err == nil && id > 0 {
			return id, nil
		}
	}
	return 0, usageError{env.Cat.T("cli.reflection.need_id")}
}

// reflectionEditCommand replaces the text of one's own reflection with
// standard input; the earlier text stays in its history.
func reflectionEditCommand() Command {
	return Command{
		Name: "reflection edit", Args: "REFLECTION < text", Summary: "cli.reflection_edit.summary",
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			id, err := reflectionArg(env, fs)
			if err != nil {
				return err
			}
			// One byte more than allowed: an overlong text is refused, not cut.
			body, err := io.ReadAll(io.LimitReader(env.Stdin, int64(session.MaxReflectionLen)*4+1))
			if err != nil {
				return err
			}
			if _, err := env.Service.EditReflection(ctx, env.Actor, id, string(body)); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.reflection_edit.done", id))
			return nil
		},
	}
}

// reflectionDeleteCommand removes one's own reflection for good. A
// command cannot ask, so it wants --yes: a mistyped id alone deletes
// nothing.
func reflectionDeleteCommand() Command {
	return Command{
		Name: "reflection delete", Args: "REFLECTION --yes", Summary: "cli.reflection_delete.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("yes", false, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			id, err := reflectionArg(env, fs)
			if err != nil {
				return err
			}
			if !flagBool(fs, "yes") {
				return usageError{env.Cat.T("cli.reflection_delete.need_yes", id)}
			}
			if err := env.Service.DeleteReflection(ctx, env.Actor, id); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.reflection_delete.done", id))
			return nil
		},
	}
}

// reflectionHistoryCommand shows the earlier texts of one's own reflection.
func reflectionHistoryCommand() Command {
	return Command{
		Name: "reflection history", Args: "REFLECTION [--json]", Summary: "cli.reflection_history.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("json", false, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			id, err := reflectionArg(env, fs)
			if err != nil {
				return err
			}
			vs, err := env.Service.ReflectionHistory(ctx, env.Actor, id)
			if err != nil {
				return err
			}
			if flagBool(fs, "json") {
				out := []map[string]any{}
				for _, v := range vs {
					out = append(out, map[string]any{"written_at": v.WrittenAt.Format(time.RFC3339),
						"replaced_at": v.ReplacedAt.Format(time.RFC3339), "body": v.Body})
				}
				return writeJSON(env.Stdout, out)
			}
			if len(vs) == 0 {
				fmt.Fprintln(env.Stdout, env.Cat.T("reflections.history_none"))
				return nil
			}
			for _, v := range vs {
				fmt.Fprintf(env.Stdout, "--- %s\n%s\n", env.Cat.T("reflections.history_replaced", env.Cat.WhenZone(v.ReplacedAt, env.Service.Loc)), v.Body)
			}
			return nil
		},
	}
}
