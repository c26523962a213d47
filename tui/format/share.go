package format

import (
	"fmt"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// ShareLine says to whom, how and when, in words.
func ShareLine(cat i18n.Catalog, sh session.Share) string {
	line := cat.T("share.line", AudienceText(cat, sh.Audience, sh.AudienceName), HowText(cat, sh.How), ShareDate(cat, sh.When))
	if sh.CreatedName != "" {
		line += " · " + cat.T("share.by", sh.CreatedName)
	}
	return line
}

// QuoteLine says whose quote and where it stands.
func QuoteLine(cat i18n.Catalog, q session.Quote) string {
	kind := cat.T("share.excerpt")
	if q.Whole {
		kind = cat.T("share.whole")
	}
	return cat.T("share.quote_line", q.AuthorName, q.ReflectionID, kind, QuoteStatus(cat, q))
}

// AudienceText names an audience in the viewer's language: never a code.
func AudienceText(cat i18n.Catalog, aud session.ShareAudience, name string) string {
	switch {
	case aud == session.AudienceReaders:
		return cat.T("share.readers")
	case aud.IsGroup():
		if name == "" {
			return cat.T("share.group_gone")
		}
		return cat.T("share.to_group", name)
	}
	return name
}

// HowText names a way in the viewer's language.
func HowText(cat i18n.Catalog, how session.ShareHow) string {
	return cat.T("share.how." + string(how))
}

// ShareDate writes a decision's day the viewer's way.
func ShareDate(cat i18n.Catalog, t time.Time) string {
	switch {
	case t.IsZero():
		return cat.T("share.when_open")
	case cat.Lang() == session.LangFI:
		return t.Format("2.1.2006")
	}
	return t.Format("2 Jan 2006")
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
			fmt.Fprintf(&b, "## %s\n\n%s\n\n%s\n\n", MarkdownText(sh.GroupName), MarkdownText(sh.What), MarkdownText(line))
			for _, q := range sh.Quotes {
				fmt.Fprintf(&b, "> %s\n>\n> — %s\n\n", MarkdownText(strings.ReplaceAll(q.Body, "\n", "\n> ")), MarkdownText(q.AuthorName))
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
