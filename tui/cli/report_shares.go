package cli

import (
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// The report's decisions on sharing onward, kept in their own file: the
// decisions' fields (whom, how, when, excerpts) grow here.

// shareAudience names a decision's audience in the reader's language.
func shareAudience(cat i18n.Catalog, sh session.Share) string {
	if sh.Audience == session.AudienceReaders {
		return cat.T("share.readers")
	}
	if sh.AudienceName != "" {
		return sh.AudienceName
	}
	return string(sh.Audience)
}

// shareHow names a way of sharing in the reader's language.
func shareHow(cat i18n.Catalog, sh session.Share) string { return cat.T("share.how." + string(sh.How)) }

// quoteCell is a quote's author and state, and its text only while it is
// published (the Service has already dropped any other text).
func quoteCell(cat i18n.Catalog, q session.Quote) string {
	s := q.AuthorName + " — " + QuoteStatus(cat, q)
	if q.Published() && q.Body != "" {
		s += ": “" + q.Body + "”"
	}
	return s
}

func sharesSection(cat i18n.Catalog, loc *time.Location, rep *session.Report) docSection {
	s := docSection{title: cat.T("report.sharing")}
	s.blocks = append(s.blocks, para(cat.T("report.sharing_line", rep.Shared, rep.ShareCount)))
	for _, sh := range rep.Shares {
		t := &docTable{head: []string{cat.T("report.share.field"), cat.T("report.share.value")}, kv: true}
		t.rows = append(t.rows,
			[]string{cat.T("report.share.to"), shareAudience(cat, sh)},
			[]string{cat.T("report.share.how"), shareHow(cat, sh)},
			[]string{cat.T("report.share.when"), Date(cat, loc, sh.CreatedAt)})
		if len(sh.Quotes) == 0 {
			t.rows = append(t.rows, []string{cat.T("report.share.quotes"), cat.T("report.share.no_quotes")})
		}
		for _, q := range sh.Quotes {
			t.rows = append(t.rows, []string{cat.T("report.share.quote"), quoteCell(cat, q)})
		}
		s.blocks = append(s.blocks, docBlock{sub: sh.What}, docBlock{table: t})
	}
	return s
}

func sharesJSON(loc *time.Location, rep *session.Report) []map[string]any {
	out := []map[string]any{}
	for _, sh := range rep.Shares {
		quotes := []map[string]any{}
		for _, q := range sh.Quotes {
			e := map[string]any{"author": q.AuthorName, "status": q.Status, "published": q.Published()}
			if q.Published() && q.Body != "" {
				e["text"] = q.Body
			}
			quotes = append(quotes, e)
		}
		out = append(out, map[string]any{"what": sh.What, "to": sh.Audience, "to_name": sh.AudienceName, "how": sh.How,
			"recorded": sh.CreatedAt.In(loc).Format("2006-01-02"), "quotes": quotes})
	}
	return out
}
