package format

import (
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// The report's decisions on sharing onward: what, to whom, how and when in
// words, and each quote's state. The Service has already dropped a
// quote's text unless it is approved and still allowed.

// quoteCell is a quote's author and state, and its excerpt only while it
// is published.
func quoteCell(cat i18n.Catalog, q session.Quote) string {
	s := QuoteLine(cat, q)
	if q.Published() && q.Body != "" {
		s += ": " + cat.T("quote.marked", q.Body)
	}
	return s
}

func sharesSection(cat i18n.Catalog, _ *time.Location, rep *session.Report) docSection {
	s := docSection{title: cat.T("report.sharing")}
	// Released reflections and published quotes are counted apart: a quote
	// can be out while no reflection is, and a reader must not read "0".
	s.blocks = append(s.blocks, para(cat.N("report.shared_reflections", rep.Shared)+" · "+
		cat.N("report.published_quotes", publishedQuotes(rep))+" · "+cat.N("report.share_decisions", rep.ShareCount)))
	for _, sh := range rep.Shares {
		t := &docTable{head: []string{cat.T("report.share.field"), cat.T("report.share.value")}, kv: true}
		t.rows = append(t.rows,
			[]string{cat.T("report.share.to"), AudienceText(cat, sh.Audience, sh.AudienceName)},
			[]string{cat.T("report.share.how"), HowText(cat, sh.How)},
			[]string{cat.T("report.share.when"), ShareDate(cat, sh.When)})
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

// publishedQuotes counts the quotes of the report's decisions that are
// approved and still allowed.
func publishedQuotes(rep *session.Report) int {
	n := 0
	for _, sh := range rep.Shares {
		for _, q := range sh.Quotes {
			if q.Published() {
				n++
			}
		}
	}
	return n
}

func sharesJSON(cat i18n.Catalog, rep *session.Report) []map[string]any {
	out := []map[string]any{}
	for _, sh := range rep.Shares {
		quotes := []map[string]any{}
		for _, q := range sh.Quotes {
			e := map[string]any{"author": q.AuthorName, "status": q.Status, "status_text": QuoteStatus(cat, q),
				"published": q.Published(), "whole": q.Whole}
			if q.Published() && q.Body != "" {
				e["text"] = q.Body
			}
			quotes = append(quotes, e)
		}
		e := map[string]any{"what": sh.What, "to": sh.Audience, "to_name": sh.AudienceName,
			"to_text": AudienceText(cat, sh.Audience, sh.AudienceName), "how": sh.How, "how_text": HowText(cat, sh.How),
			"recorded": sh.CreatedAt.Format(time.DateOnly), "quotes": quotes}
		if !sh.When.IsZero() {
			e["when"] = sh.When.Format(time.DateOnly)
		}
		out = append(out, e)
	}
	return out
}
