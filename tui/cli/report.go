package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/piiri/piiri/tui/format"
)

func reportCommand() Command {
	return Command{
		Name: "report", Args: "GROUP [--md|--json|--html]", Summary: "cli.report.summary",
		Flags: func(fs *flag.FlagSet) {
			fs.Bool("md", false, "")
			fs.Bool("json", false, "")
			fs.Bool("html", false, "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usageError{env.Cat.T("cli.report.need_group")}
			}
			g, err := env.Service.FindGroup(ctx, env.Actor, strings.Join(fs.Args(), " "))
			if err != nil {
				return err
			}
			rep, err := env.Service.Report(ctx, env.Actor, g.ID)
			if err != nil {
				return err
			}
			switch {
			case flagBool(fs, "json"):
				return writeJSON(env.Stdout, format.ReportJSON(env.Cat, env.Service.Loc, rep))
			case flagBool(fs, "html"):
				_, err := fmt.Fprint(env.Stdout, format.ReportHTML(env.Cat, env.Service.Loc, rep))
				return err
			}
			fmt.Fprint(env.Stdout, format.ReportText(env.Cat, env.Service.Loc, rep, flagBool(fs, "md")))
			return nil
		},
	}
}
