package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

// Quotes of one's own reflections and what groups have shared onward: the
// command-line view of the home screen's quotes and "shared with me".

func quotesCommand() Command {
	return Command{
		Name: "quotes", Args: "[--json]", Summary: "cli.quotes.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("json", false, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			qs, err := env.Service.MyQuotes(ctx, env.Actor)
			if err != nil {
				return err
			}
			if flagBool(fs, "json") {
				out := []map[string]any{}
				for _, q := range qs {
					e := map[string]any{"share": q.ShareID, "reflection": q.ReflectionID, "group": q.GroupName,
						"what": q.What, "asked_by": q.AskedBy, "excerpt": q.Excerpt, "whole": q.Whole,
						"audience": q.Audience, "audience_text": format.AudienceText(env.Cat, q.Audience, q.AudienceName),
						"how": q.How, "how_text": format.HowText(env.Cat, q.How),
						"status": q.Status, "status_text": format.QuoteStatus(env.Cat, q.Quote), "shown": q.Published()}
					if !q.When.IsZero() {
						e["when"] = q.When.Format(time.DateOnly)
					}
					out = append(out, e)
				}
				return writeJSON(env.Stdout, out)
			}
			if len(qs) == 0 {
				fmt.Fprintln(env.Stdout, env.Cat.T("quote.no_requests"))
				return nil
			}
			for _, q := range qs {
				fmt.Fprint(env.Stdout, format.RequestText(env.Cat, q))
				fmt.Fprintln(env.Stdout)
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.quotes.how"))
			return nil
		},
	}
}

// quoteAnswerCommand approves or declines a quote of one's reflection.
func quoteAnswerCommand(approve bool) Command {
	name, summary, done := "quote decline", "cli.quote_decline.summary", "quote.declined_now"
	if approve {
		name, summary, done = "quote approve", "cli.quote_approve.summary", "quote.approved_now"
	}
	return Command{
		Name: name, Args: "SHARE REFLECTION", Summary: summary,
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 2 {
				return usageError{env.Cat.T("cli.quote_answer.need_ids", name)}
			}
			var ids [2]int64
			for i := range ids {
				id, err := strconv.ParseInt(strings.TrimPrefix(fs.Arg(i), "#"), 10, 64)
				if err != nil || id <= 0 {
					return usageError{env.Cat.T("cli.quote_answer.need_ids", name)}
				}
				ids[i] = id
			}
			if err := env.Service.AnswerQuote(ctx, env.Actor, ids[0], ids[1], approve); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.T(done))
			return nil
		},
	}
}

func quoteWithdrawCommand() Command {
	return Command{
		Name: "quote withdraw", Args: "REFLECTION [--share SHARE]", Summary: "cli.quote_withdraw.summary",
		Flags: func(fs *flag.FlagSet) { fs.Int64("share", 0, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usageError{env.Cat.T("cli.quote_withdraw.need_reflection")}
			}
			id, err := strconv.ParseInt(strings.TrimPrefix(fs.Arg(0), "#"), 10, 64)
			if err != nil || id <= 0 {
				return usageError{env.Cat.T("cli.quote_withdraw.need_reflection")}
			}
			share := fs.Lookup("share").Value.(flag.Getter).Get().(int64)
			n, err := env.Service.WithdrawQuote(ctx, env.Actor, id, share)
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.N("cli.quote_withdraw.done", n, id))
			return nil
		},
	}
}

func sharedCommand() Command {
	return Command{
		Name: "shared", Args: "[--json|--md]", Summary: "cli.shared.summary",
		Flags: func(fs *flag.FlagSet) {
			fs.Bool("json", false, "")
			fs.Bool("md", false, "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			shares, err := env.Service.SharedWithMe(ctx, env.Actor)
			if err != nil {
				return err
			}
			if flagBool(fs, "json") {
				return writeJSON(env.Stdout, sharedJSON(env.Cat, shares))
			}
			fmt.Fprint(env.Stdout, format.SharedText(env.Cat, shares, flagBool(fs, "md")))
			return nil
		},
	}
}

func sharedJSON(cat i18n.Catalog, shares []session.Share) []map[string]any {
	out := []map[string]any{}
	for _, sh := range shares {
		quotes := []map[string]any{}
		for _, q := range sh.Quotes {
			quotes = append(quotes, map[string]any{"reflection": q.ReflectionID, "author": q.AuthorName, "body": q.Body, "whole": q.Whole})
		}
		e := map[string]any{"id": sh.ID, "group": sh.GroupName, "what": sh.What,
			"how": sh.How, "how_text": format.HowText(cat, sh.How),
			"audience": sh.Audience, "audience_text": format.AudienceText(cat, sh.Audience, sh.AudienceName), "quotes": quotes}
		if !sh.When.IsZero() {
			e["when"] = sh.When.Format(time.DateOnly)
		}
		out = append(out, e)
	}
	return out
}
