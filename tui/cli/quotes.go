package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

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
					e := map[string]any{"share": q.ShareID, "reflection": q.ReflectionID, "group": q.GroupName,
						"what": q.What, "asked_by": q.AskedBy, "excerpt": q.Excerpt, "whole": q.Whole,
						"audience": q.Audience, "audience_text": AudienceText(env.Cat, q.Audience, q.AudienceName),
						"how": q.How, "how_text": HowText(env.Cat, q.How),
						"status": q.Status, "status_text": QuoteStatus(env.Cat, q.Quote), "shown": q.Published()}
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
				fmt.Fprint(env.Stdout, RequestText(env.Cat, q))
				fmt.Fprintln(env.Stdout)
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.quotes.how"))
			return nil
		},
	}
}

// RequestText is an author's request whole: who asks, which text, to
// whom, how and when, and where it stands.
func RequestText(cat i18n.Catalog, q session.ApprovalRequest) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#%d · %s\n", q.ReflectionID, cat.T("quote.request_head", q.ShareID, QuoteStatus(cat, q.Quote)))
	asker := q.AskedBy
	if asker == "" {
		asker = cat.T("quote.someone")
	}
	fmt.Fprintf(&b, "  %s\n", cat.T("quote.request_who", asker, q.GroupName))
	fmt.Fprintf(&b, "  %s\n", cat.T("quote.request_what", q.What))
	fmt.Fprintf(&b, "  %s\n", cat.T("share.line", AudienceText(cat, q.Audience, q.AudienceName), HowText(cat, q.How), ShareDate(cat, q.When)))
	label := cat.T("quote.request_excerpt")
	if q.Whole {
		label = cat.T("quote.request_whole")
	}
	fmt.Fprintf(&b, "  %s\n    ”%s”\n", label, strings.ReplaceAll(q.Excerpt, "\n", "\n     "))
	// The audience sees the author's name beside the excerpt: say so
	// before the author approves.
	fmt.Fprintf(&b, "  %s\n", cat.T("quote.request_named"))
	return b.String()
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
			fmt.Fprint(env.Stdout, SharedText(env.Cat, shares, flagBool(fs, "md")))
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
			"how": sh.How, "how_text": HowText(cat, sh.How),
			"audience": sh.Audience, "audience_text": AudienceText(cat, sh.Audience, sh.AudienceName), "quotes": quotes}
		if !sh.When.IsZero() {
			e["when"] = sh.When.Format(time.DateOnly)
		}
		out = append(out, e)
	}
	return out
}

// SharedText renders what has been shared onward to the viewer — the
// excerpts the Service still lets them see — as text or Markdown, with to
// whom, how and when in words.
func SharedText(cat i18n.Catalog, shares []session.Share, md bool) string {
	if len(shares) == 0 {
		return cat.T("share.nothing_shared") + "\n"
	}
	var b strings.Builder
	for _, sh := range shares {
		line := cat.T("share.line", AudienceText(cat, sh.Audience, sh.AudienceName), HowText(cat, sh.How), ShareDate(cat, sh.When))
		if md {
			fmt.Fprintf(&b, "## %s\n\n%s\n\n%s\n\n", mdText(sh.GroupName), mdText(sh.What), mdText(line))
			for _, q := range sh.Quotes {
				fmt.Fprintf(&b, "> %s\n>\n> — %s\n\n", mdText(strings.ReplaceAll(q.Body, "\n", "\n> ")), mdText(q.AuthorName))
			}
			continue
		}
		fmt.Fprintf(&b, "%s: %s\n  %s\n", sh.GroupName, sh.What, line)
		for _, q := range sh.Quotes {
			fmt.Fprintf(&b, "  %s — %s\n", cat.T("quote.marked", strings.ReplaceAll(q.Body, "\n", "\n   ")), q.AuthorName)
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
