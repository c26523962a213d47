package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/piiri/piiri/session"
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
					out = append(out, map[string]any{"share": q.ShareID, "reflection": q.ReflectionID, "group": q.GroupName,
						"what": q.What, "audience": q.Audience, "status": q.Status, "shown": q.Published()})
				}
				return writeJSON(env.Stdout, out)
			}
			if len(qs) == 0 {
				fmt.Fprintln(env.Stdout, env.Cat.T("quote.no_requests"))
				return nil
			}
			for _, q := range qs {
				fmt.Fprintln(env.Stdout, env.Cat.T("cli.quotes.line", q.ReflectionID, q.ShareID, q.GroupName, q.What,
					AudienceName(env.Cat, q.Audience), QuoteStatus(env.Cat, q.Quote)))
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.quotes.how"))
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
				return writeJSON(env.Stdout, sharedJSON(shares))
			}
			fmt.Fprint(env.Stdout, SharedText(env.Cat, shares, flagBool(fs, "md")))
			return nil
		},
	}
}

func sharedJSON(shares []session.Share) []map[string]any {
	out := []map[string]any{}
	for _, sh := range shares {
		quotes := []map[string]any{}
		for _, q := range sh.Quotes {
			quotes = append(quotes, map[string]any{"reflection": q.ReflectionID, "author": q.AuthorName, "body": q.Body})
		}
		out = append(out, map[string]any{"id": sh.ID, "group": sh.GroupName, "what": sh.What, "how": sh.How,
			"audience": sh.Audience, "quotes": quotes})
	}
	return out
}

// SharedText renders what has been shared onward to the viewer — the
// quotes the Service still lets them see — as text or Markdown.
func SharedText(cat i18n.Catalog, shares []session.Share, md bool) string {
	if len(shares) == 0 {
		return cat.T("share.nothing_shared") + "\n"
	}
	var b strings.Builder
	for _, sh := range shares {
		if md {
			fmt.Fprintf(&b, "## %s · %s\n\n%s\n\n", mdText(sh.GroupName), cat.T("share.how."+string(sh.How)), mdText(sh.What))
			for _, q := range sh.Quotes {
				fmt.Fprintf(&b, "> %s\n>\n> — %s\n\n", mdText(strings.ReplaceAll(q.Body, "\n", "\n> ")), mdText(q.AuthorName))
			}
			continue
		}
		fmt.Fprintf(&b, "%s · %s\n%s\n", sh.GroupName, cat.T("share.how."+string(sh.How)), sh.What)
		for _, q := range sh.Quotes {
			fmt.Fprintf(&b, "  “%s” — %s\n", q.Body, q.AuthorName)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// QuoteStatus says where a quote stands; an approved quote of a
// reflection made private shows to nobody, and says so.
func QuoteStatus(cat i18n.Catalog, q session.Quote) string {
	if q.Status == session.QuoteApproved && !q.Published() {
		return cat.T("quote.hidden_private")
	}
	return cat.T("quote." + string(q.Status))
}

// AudienceName names a stored audience: the readers, or a group's name.
func AudienceName(cat i18n.Catalog, aud string) string {
	if aud == string(session.AudienceReaders) {
		return cat.T("share.readers")
	}
	return aud
}
