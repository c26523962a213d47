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

// Sharing onward: a leader's decisions (what, to whom, how, when) with
// excerpts picked from the group's reflections, the command-line view of
// the sharing screens.

func shareAddCommand() Command {
	return Command{
		Name:    "share add",
		Args:    "--group G --what TEXT (--to readers|GROUP_ID | --audience NAME) --how training|follow-up|outside-training|electronic|document --when 1.12.2026 [--quote ID[:FROM-TO],…]",
		Summary: "cli.share_add.summary",
		Flags: func(fs *flag.FlagSet) {
			for _, f := range []string{"group", "what", "to", "audience", "how", "when", "quote"} {
				fs.String(f, "", "")
			}
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			g, err := env.Service.FindGroup(ctx, env.Actor, flagString(fs, "group"))
			if err != nil {
				return err
			}
			to, aud := flagString(fs, "to"), flagString(fs, "audience")
			if (to == "") == (aud == "") {
				return usageError{env.Cat.T("cli.share_add.one_audience")}
			}
			// Unquoted words join --what, but after --audience they may be
			// the rest of its name: "--audience Kunnan nuorisotoimi" saved
			// "Kunnan" and added "nuorisotoimi" to what is shared.
			if aud != "" && len(fs.Args()) > 0 {
				return usageError{env.Cat.T("cli.share_add.quote_words", strings.Join(fs.Args(), " "))}
			}
			in := session.ShareInput{GroupID: g.ID, What: strings.TrimSpace(flagString(fs, "what") + " " + strings.Join(fs.Args(), " ")),
				Audience: to, AudienceName: aud, How: flagString(fs, "how"), When: flagString(fs, "when")}
			if aud != "" {
				in.Audience = string(session.AudienceNamed)
			}
			if err := quoteSpecs(ctx, env, g.ID, flagString(fs, "quote"), &in); err != nil {
				return err
			}
			sh, err := env.Service.CreateShare(ctx, env.Actor, in)
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, sh.ID)
			fmt.Fprint(env.Stderr, env.Cat.N("cli.share_add.done", len(sh.Quotes), sh.ID))
			fmt.Fprintln(env.Stderr)
			return nil
		},
	}
}

// quoteSpecs reads --quote: reflection ids, each optionally with the
// sentences to quote (12:2-3, or 12:2 for one sentence), numbered as
// `share candidates` shows them.
func quoteSpecs(ctx context.Context, env *Env, groupID int64, spec string, in *session.ShareInput) error {
	var cands []session.ShareCandidate
	for _, part := range strings.Split(spec, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		idText, rng, hasRange := strings.Cut(part, ":")
		id, err := strconv.ParseInt(strings.TrimPrefix(idText, "#"), 10, 64)
		if err != nil {
			return usageError{env.Cat.T("cli.share_add.bad_quote", session.CleanLine(part))}
		}
		in.Quotes = append(in.Quotes, id)
		if !hasRange {
			continue
		}
		from, to, err := sentenceRange(rng)
		if err != nil {
			return usageError{env.Cat.T("cli.share_add.bad_quote", session.CleanLine(part))}
		}
		if cands == nil {
			if cands, err = env.Service.ShareCandidates(ctx, env.Actor, groupID); err != nil {
				return err
			}
		}
		body, ok := candidateBody(cands, id)
		if !ok {
			return session.Errorf(session.EInvalid, session.MsgQuoteNotReadable, id)
		}
		ex, err := session.ExcerptBetween(body, from, to)
		if err != nil {
			return err
		}
		if in.Excerpts == nil {
			in.Excerpts = map[int64]string{}
		}
		in.Excerpts[id] = ex
	}
	return nil
}

func sentenceRange(s string) (int, int, error) {
	a, b, found := strings.Cut(s, "-")
	from, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil {
		return 0, 0, err
	}
	to := from
	if found {
		if to, err = strconv.Atoi(strings.TrimSpace(b)); err != nil {
			return 0, 0, err
		}
	}
	return from, to, nil
}

func candidateBody(cands []session.ShareCandidate, id int64) (string, bool) {
	for _, c := range cands {
		if c.ID == id {
			return c.Body, true
		}
	}
	return "", false
}

func shareCandidatesCommand() Command {
	return Command{
		Name: "share candidates", Args: "GROUP [--json]", Summary: "cli.share_candidates.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("json", false, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usageError{env.Cat.T("cli.report.need_group")}
			}
			g, err := env.Service.FindGroup(ctx, env.Actor, strings.Join(fs.Args(), " "))
			if err != nil {
				return err
			}
			cands, err := env.Service.ShareCandidates(ctx, env.Actor, g.ID)
			if err != nil {
				return err
			}
			if flagBool(fs, "json") {
				out := []map[string]any{}
				for _, c := range cands {
					out = append(out, map[string]any{"id": c.ID, "author": c.AuthorName, "date": c.CreatedAt.Format(time.DateOnly),
						"title": format.FirstLine(c.Body), "sentences": c.Sentences})
				}
				return writeJSON(env.Stdout, out)
			}
			if len(cands) == 0 {
				fmt.Fprintln(env.Stdout, env.Cat.T("share.no_candidates"))
				return nil
			}
			for _, c := range cands {
				fmt.Fprintf(env.Stdout, "#%d · %s · %s · %s\n", c.ID, c.AuthorName, format.ShareDate(env.Cat, c.CreatedAt), listText(c.Body, ""))
				for i, s := range c.Sentences {
					fmt.Fprintf(env.Stdout, "  %d. %s\n", i+1, strings.ReplaceAll(s, "\n", " "))
				}
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.share_candidates.how"))
			return nil
		},
	}
}

func sharesCommand() Command {
	return Command{
		Name: "shares", Args: "GROUP [--json|--md]", Summary: "cli.shares.summary",
		Flags: func(fs *flag.FlagSet) {
			fs.Bool("json", false, "")
			fs.Bool("md", false, "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usageError{env.Cat.T("cli.report.need_group")}
			}
			g, err := env.Service.FindGroup(ctx, env.Actor, strings.Join(fs.Args(), " "))
			if err != nil {
				return err
			}
			shares, err := env.Service.Shares(ctx, env.Actor, g.ID)
			if err != nil {
				return err
			}
			if flagBool(fs, "json") {
				return writeJSON(env.Stdout, SharesJSON(env.Cat, shares))
			}
			fmt.Fprint(env.Stdout, DecisionsText(env.Cat, shares, flagBool(fs, "md")))
			return nil
		},
	}
}

// SharesJSON is decisions as data: codes for programs, and the same in
// words in the viewer's language. A quote's text is there only where the
// Service left it.
func SharesJSON(cat i18n.Catalog, shares []session.Share) []map[string]any {
	out := []map[string]any{}
	for _, sh := range shares {
		quotes := []map[string]any{}
		for _, q := range sh.Quotes {
			e := map[string]any{"reflection": q.ReflectionID, "author": q.AuthorName, "status": q.Status,
				"status_text": format.QuoteStatus(cat, q), "shown": q.Published(), "whole": q.Whole}
			if q.Body != "" {
				e["excerpt"] = q.Body
			}
			quotes = append(quotes, e)
		}
		e := map[string]any{"id": sh.ID, "group": sh.GroupName, "what": sh.What,
			"audience": sh.Audience, "audience_name": sh.AudienceName, "audience_text": format.AudienceText(cat, sh.Audience, sh.AudienceName),
			"how": sh.How, "how_text": format.HowText(cat, sh.How), "by": sh.CreatedName, "quotes": quotes}
		if !sh.When.IsZero() {
			e["when"] = sh.When.Format(time.DateOnly)
		}
		out = append(out, e)
	}
	return out
}

// DecisionsText lists a group's decisions in full for its leaders: what,
// to whom, how, when, and each quote's state with its excerpt where the
// viewer may read it. With md it is a Markdown table, one row a decision.
func DecisionsText(cat i18n.Catalog, shares []session.Share, md bool) string {
	if len(shares) == 0 {
		return cat.T("report.none") + "\n"
	}
	if md {
		return decisionsTable(cat, shares)
	}
	var b strings.Builder
	for _, sh := range shares {
		fmt.Fprintf(&b, "#%d %s\n  %s\n", sh.ID, sh.What, format.ShareLine(cat, sh))
		for _, q := range sh.Quotes {
			fmt.Fprintf(&b, "  – %s\n", format.QuoteLine(cat, q))
			if q.Body != "" {
				fmt.Fprintf(&b, "    ”%s”\n", strings.ReplaceAll(q.Body, "\n", "\n     "))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func decisionsTable(cat i18n.Catalog, shares []session.Share) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n",
		cat.T("share.what"), cat.T("share.to"), cat.T("share.how"), cat.T("share.when"), cat.T("share.quotes_col"))
	for _, sh := range shares {
		var quotes []string
		for _, q := range sh.Quotes {
			cell := format.MarkdownCell(format.QuoteLine(cat, q))
			if q.Body != "" {
				cell += ": ”" + format.MarkdownCell(q.Body) + "”"
			}
			quotes = append(quotes, cell)
		}
		if len(quotes) == 0 {
			quotes = []string{"–"}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", format.MarkdownCell(sh.What), format.MarkdownCell(format.AudienceText(cat, sh.Audience, sh.AudienceName)),
			format.HowText(cat, sh.How), format.ShareDate(cat, sh.When), strings.Join(quotes, "; "))
	}
	return b.String()
}
