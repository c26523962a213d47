package format

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// reportCSS lays the page out for a screen and for print; nothing is
// fetched from anywhere, so the file works offline and as a PDF.
const reportCSS = `
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#1d2430;margin:0;background:#fff;line-height:1.4}
main{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 .4em}
h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:2px solid #3b5b8c;padding-bottom:.2em}
h3{font-size:1.05em;margin:1.1em 0 .3em}
ul.facts{list-style:none;padding:0;margin:0 0 1em}
ul.facts li{margin:.15em 0}
table{width:100%;border-collapse:collapse;margin:.5em 0;table-layout:auto}
th,td{border:1px solid #c5ccd6;padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word;word-break:normal;hyphens:auto}
th{background:#eef2f7;font-size:.92em}
td:first-child,th:first-child{min-width:8em}
td.num,th.num{text-align:right}
table.kv th{width:12em}
p{margin:.4em 0}
.chart{margin:.6em 0;break-inside:avoid;page-break-inside:avoid}
.row{margin:.5em 0;break-inside:avoid;page-break-inside:avoid}
.stmt{font-weight:bold;overflow-wrap:break-word}
.bar{display:flex;align-items:center;gap:8px;margin:2px 0}
.bar .k{flex:0 0 7em;color:#4a5568}
.bar svg{flex:1 1 auto;height:14px;min-width:0;width:100%}
.bar .v{flex:0 0 11em;overflow-wrap:break-word}
.legend{color:#4a5568;font-size:.9em}
svg.trend{width:100%;height:auto;display:block}
@page{size:A4;margin:14mm}
@media print{main{max-width:none;padding:0}h2{break-after:avoid;page-break-after:avoid}}
`

// ReportHTML renders a programme report as one self-contained, printable
// HTML page with inline SVG charts.
func ReportHTML(cat i18n.Catalog, loc *time.Location, rep *session.Report) string {
	d := buildReport(cat, loc, rep)
	var b strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", cat.Lang())
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", esc(d.title), reportCSS)
	fmt.Fprintf(&b, "<h1>%s</h1>\n<ul class=\"facts\">\n", esc(d.title))
	for _, f := range d.facts {
		fmt.Fprintf(&b, "<li>%s</li>\n", esc(f))
	}
	b.WriteString("</ul>\n")
	for _, s := range d.sections {
		fmt.Fprintf(&b, "<section>\n<h2>%s</h2>\n", esc(s.title))
		for _, bl := range s.blocks {
			switch {
			case bl.sub != "":
				fmt.Fprintf(&b, "<h3>%s</h3>\n", esc(bl.sub))
			case bl.table != nil:
				b.WriteString(bl.table.html())
			case bl.chart == "assessment":
				b.WriteString(assessmentChart(cat, rep))
			case bl.chart == "feedback":
				b.WriteString(feedbackChart(cat, rep))
			case bl.text != "":
				fmt.Fprintf(&b, "<p>%s</p>\n", esc(bl.text))
			}
		}
		b.WriteString("</section>\n")
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.String()
}

func (t *docTable) html() string {
	var b strings.Builder
	cls := func(i int) string {
		if i < len(t.num) && t.num[i] {
			return ` class="num"`
		}
		return ""
	}
	if t.kv {
		b.WriteString("<table class=\"kv\">\n")
	} else {
		b.WriteString("<table>\n")
	}
	if !t.kv {
		b.WriteString("<thead><tr>")
		for i, h := range t.head {
			fmt.Fprintf(&b, "<th%s>%s</th>", cls(i), html.EscapeString(h))
		}
		b.WriteString("</tr></thead>\n")
	}
	b.WriteString("<tbody>\n")
	if len(t.rows) == 0 {
		fmt.Fprintf(&b, "<tr><td colspan=\"%d\">–</td></tr>\n", len(t.head))
	}
	for _, r := range t.rows {
		b.WriteString("<tr>")
		for i, c := range r {
			tag := "td"
			if t.kv && i == 0 {
				tag = "th"
			}
			fmt.Fprintf(&b, "<%s%s>%s</%s>", tag, cls(i), html.EscapeString(c), tag)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	return b.String()
}

// barSVG is one mean on the 1–5 scale as a horizontal bar.
func barSVG(label string, v float64, color string) string {
	w := min(max(v/5*100, 0), 100)
	return fmt.Sprintf(`<svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="%s"><rect x="0" y="0" width="100" height="10" fill="#e6eaf0"/><rect x="0" y="0" width="%.1f" height="10" fill="%s"/></svg>`,
		html.EscapeString(label), w, color)
}

// assessmentChart draws each statement's before and after side by side;
// the statement is HTML text, so it wraps instead of being cut.
func assessmentChart(cat i18n.Catalog, rep *session.Report) string {
	var b strings.Builder
	b.WriteString(`<div class="chart" aria-hidden="false">` + "\n")
	line := func(key string, a *session.AssessmentAggregate, i int, color string) {
		label := cat.T(key)
		if a == nil {
			return
		}
		cell := aggCell(cat, a, i)
		bar := barSVG(label+" "+cell, 0, color)
		if a.MeanShown(i) {
			bar = barSVG(label+" "+cell, a.Means[i], color)
		}
		fmt.Fprintf(&b, `<div class="bar"><span class="k">%s</span>%s<span class="v">%s</span></div>`+"\n",
			html.EscapeString(label), bar, html.EscapeString(cell))
	}
	for i, item := range rep.Assessment {
		fmt.Fprintf(&b, `<div class="row"><div class="stmt">%s</div>`+"\n", html.EscapeString(item))
		line("report.col.before", rep.Before, i, "#8fb0d9")
		line("report.col.after", rep.After, i, "#2f5d9a")
		b.WriteString("</div>\n")
	}
	b.WriteString("</div>\n")
	return b.String()
}

// feedbackChart draws the pulse's mean per meeting as a line on the 1–5
// scale; a meeting whose mean is not shown is a gap.
func feedbackChart(cat i18n.Catalog, rep *session.Report) string {
	const w, h, left, top, bottom = 600.0, 200.0, 40.0, 16.0, 30.0
	n := len(rep.Feedback)
	if n == 0 {
		return ""
	}
	x := func(i int) float64 { return left + (w-left-20)*(float64(i)+0.5)/float64(n) }
	y := func(v float64) float64 { return top + (h-top-bottom)*(5-v)/4 }
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="chart"><svg class="trend" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`+"\n", w, h, html.EscapeString(cat.T("report.feedback")))
	for v := 1; v <= 5; v++ {
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#dde3ea"/><text x="%.0f" y="%.1f" font-size="11" text-anchor="end" fill="#4a5568">%d</text>`+"\n",
			left, y(float64(v)), w-10, y(float64(v)), left-6, y(float64(v))+4, v)
	}
	var path []string
	for i, f := range rep.Feedback {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="11" text-anchor="middle" fill="#4a5568">%d</text>`+"\n", x(i), h-10, f.Number)
		if !f.MeanShown() {
			if len(path) > 1 {
				fmt.Fprintf(&b, `<polyline fill="none" stroke="#2f5d9a" stroke-width="2" points="%s"/>`+"\n", strings.Join(path, " "))
			}
			path = nil
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle" fill="#8a94a3">–</text>`+"\n", x(i), y(3))
			continue
		}
		path = append(path, fmt.Sprintf("%.1f,%.1f", x(i), y(f.Mean)))
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#2f5d9a"/><text x="%.1f" y="%.1f" font-size="11" text-anchor="middle" fill="#1d2430">%s</text>`+"\n",
			x(i), y(f.Mean), x(i), y(f.Mean)-8, html.EscapeString(Num(cat, f.Mean)))
	}
	if len(path) > 1 {
		fmt.Fprintf(&b, `<polyline fill="none" stroke="#2f5d9a" stroke-width="2" points="%s"/>`+"\n", strings.Join(path, " "))
	}
	fmt.Fprintf(&b, "</svg>\n<p class=\"legend\">%s</p></div>\n", html.EscapeString(cat.T("report.trend_legend")))
	return b.String()
}
