package format

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// Bar draws a value on a 1–5 scale as a bar of cells, with the number
// beside it (the reader's way) so that nothing depends on seeing the bar.
func Bar(cat i18n.Catalog, v float64, cells int) string {
	n := int(v/5*float64(cells) + 0.5)
	n = min(max(n, 0), cells)
	return strings.Repeat("█", n) + strings.Repeat("░", cells-n) + " " + Num(cat, v)
}

// reportDoc is a programme report as sections of paragraphs and tables,
// the same for every format: text, Markdown and HTML only draw it.
type reportDoc struct {
	title    string
	facts    []string
	sections []docSection
}

type docSection struct {
	title  string
	blocks []docBlock
}

// docBlock is a paragraph, a sub-heading, a table or (HTML only) a chart.
type docBlock struct {
	text  string
	sub   string
	table *docTable
	chart string // "assessment" or "feedback"
}

type docTable struct {
	head []string
	rows [][]string
	num  []bool // right-aligned columns
	kv   bool   // two columns, a name and its value
}

func para(s string) docBlock { return docBlock{text: s} }

// buildReport lays out a report in the reader's language.
func buildReport(cat i18n.Catalog, loc *time.Location, rep *session.Report) *reportDoc {
	d := &reportDoc{title: cat.T("report.title", rep.Group.Name)}
	d.facts = append(d.facts, cat.T("report.template", rep.TemplateName.In(cat.Lang())))
	if rep.FirstHeld.IsZero() {
		d.facts = append(d.facts, cat.T("report.held_none"))
	} else if first, last := Date(cat, loc, rep.FirstHeld), Date(cat, loc, rep.LastHeld); first == last {
		d.facts = append(d.facts, cat.T("report.held_day", first)) // one day is said once
	} else {
		d.facts = append(d.facts, cat.T("report.held", first, last))
	}
	facs := strings.Join(rep.Facilitators, ", ")
	if facs == "" {
		facs = "–"
	}
	d.facts = append(d.facts, cat.T("report.facilitators", facs), cat.N("report.participants", rep.Participants))
	d.sections = append(d.sections, meetingsSection(cat, rep), peopleSection(cat, rep), tasksSection(cat, rep),
		assessmentSection(cat, rep), feedbackSection(cat, rep), sharesSection(cat, loc, rep))
	return d
}

func meetingsSection(cat i18n.Catalog, rep *session.Report) docSection {
	t := &docTable{head: []string{cat.T("report.col.meeting"), cat.T("report.col.participants_present"), cat.T("report.col.leaders_present"),
		cat.T("report.col.planned"), cat.T("report.col.actual")}, num: []bool{false, true, true, true, true}}
	for _, m := range rep.Meetings {
		present, leaders, actual := "–", "–", "–"
		if m.State != session.MeetingPlanned {
			present = fmt.Sprintf("%d/%d", m.Attended, rep.Participants)
			leaders = fmt.Sprintf("%d/%d", m.LeadersAttended, len(rep.Facilitators))
			actual = strconv.Itoa(m.ActualMinutes)
		}
		t.rows = append(t.rows, []string{m.Title, present, leaders, strconv.Itoa(m.PlannedMinutes), actual})
	}
	return docSection{title: cat.T("report.meetings"), blocks: []docBlock{{table: t}}}
}

func peopleSection(cat i18n.Catalog, rep *session.Report) docSection {
	held := 0
	for _, m := range rep.Meetings {
		if m.State != session.MeetingPlanned {
			held++
		}
	}
	table := func(leaders bool) *docTable {
		t := &docTable{head: []string{cat.T("report.col.name"), cat.T("report.col.role"), cat.T("report.col.attended")}, num: []bool{false, false, true}}
		for _, p := range rep.People {
			if p.Role.Leads() == leaders {
				t.rows = append(t.rows, []string{p.Name, cat.T("grouprole." + string(p.Role)), fmt.Sprintf("%d/%d", p.Attended, held)})
			}
		}
		return t
	}
	return docSection{title: cat.T("report.attendance_people"), blocks: []docBlock{
		{sub: cat.T("report.people_participants")}, {table: table(false)},
		{sub: cat.T("report.people_leaders")}, {table: table(true)},
	}}
}

func tasksSection(cat i18n.Catalog, rep *session.Report) docSection {
	s := docSection{title: cat.T("report.tasks")}
	if len(rep.Tasks) == 0 {
		s.blocks = append(s.blocks, para(cat.T("report.none")))
		return s
	}
	t := &docTable{head: []string{cat.T("report.col.task"), cat.T("report.col.done")}, num: []bool{false, true}}
	for _, task := range rep.Tasks {
		t.rows = append(t.rows, []string{task.Title, fmt.Sprintf("%d/%d", task.Done, task.Members)})
	}
	s.blocks = append(s.blocks, docBlock{table: t})
	return s
}

func assessmentSection(cat i18n.Catalog, rep *session.Report) docSection {
	s := docSection{title: cat.T("report.assessment")}
	if rep.Before == nil {
		s.blocks = append(s.blocks, para(cat.T("report.no_assessment")))
		return s
	}
	s.blocks = append(s.blocks, para(cat.T("report.assessment_who", rep.Before.Title, aggAnswered(cat, rep.Before),
		afterTitle(rep), aggAnswered(cat, rep.After))), para(cat.T("report.scale")))
	t := &docTable{head: []string{cat.T("report.col.statement"), cat.T("report.col.before"), cat.T("report.col.after"),
		cat.T("report.col.both"), cat.T("report.col.change")}, num: []bool{false, true, true, true, true}}
	for i, item := range rep.Assessment {
		both, change := "–", "–"
		if i < len(rep.Change) {
			c := rep.Change[i]
			both, change = strconv.Itoa(c.Pairs), changeCell(cat, c)
		}
		t.rows = append(t.rows, []string{item, aggCell(cat, rep.Before, i), aggCell(cat, rep.After, i), both, change})
	}
	s.blocks = append(s.blocks, docBlock{chart: "assessment"}, docBlock{table: t}, para(cat.T("report.pairs_note")))
	if slices.ContainsFunc(rep.Change, func(c session.AssessmentChange) bool { return c.Withheld }) {
		s.blocks = append(s.blocks, para(cat.T("report.withheld_note", session.MinAggregate)))
	}
	if leaderAnswers(rep.Before) > 0 || leaderAnswers(rep.After) > 0 {
		s.blocks = append(s.blocks, para(cat.T("report.leaders_apart")))
	}
	return s
}

func feedbackSection(cat i18n.Catalog, rep *session.Report) docSection {
	s := docSection{title: cat.T("report.feedback")}
	if len(rep.Feedback) == 0 {
		s.blocks = append(s.blocks, para(cat.T("report.none")))
		return s
	}
	t := &docTable{head: []string{cat.T("report.col.meeting"), cat.T("report.col.respondents"), cat.T("report.col.mean"), cat.T("report.col.words")},
		num: []bool{false, true, true, false}}
	var trend []string
	leaders := 0
	for _, f := range rep.Feedback {
		leaders += f.LeaderAnswers
		mean := FeedbackMeanCell(cat, f)
		if f.MeanShown() {
			trend = append(trend, fmt.Sprintf("%d: %s", f.Number, mean))
		}
		words := strings.Join(f.Words, ", ")
		if !f.Shown() {
			words = "–"
		}
		t.rows = append(t.rows, []string{f.Title, strconv.Itoa(f.Respondents), mean, words})
	}
	s.blocks = append(s.blocks, docBlock{chart: "feedback"}, docBlock{table: t})
	if len(trend) > 0 {
		s.blocks = append(s.blocks, para(cat.T("report.trend")+" "+strings.Join(trend, " → ")))
	}
	s.blocks = append(s.blocks, para(cat.T("report.words_note")))
	if leaders > 0 {
		s.blocks = append(s.blocks, para(cat.T("report.leaders_apart")))
	}
	return s
}

func aggAnswered(cat i18n.Catalog, a *session.AssessmentAggregate) string {
	if a == nil {
		return "–"
	}
	return cat.N("report.answered", a.Respondents)
}

// AggregateAnswered says how many participants answered, or "–".
func AggregateAnswered(cat i18n.Catalog, a *session.AssessmentAggregate) string {
	return aggAnswered(cat, a)
}

// AfterTitle is the last self-assessment's meeting, or "–".
func AfterTitle(rep *session.Report) string { return afterTitle(rep) }

// AggregateCell is one statement's mean, or why it is not shown.
func AggregateCell(cat i18n.Catalog, a *session.AssessmentAggregate, i int) string {
	return aggCell(cat, a, i)
}

// ChangeCell is a statement's change over those who answered both times.
func ChangeCell(cat i18n.Catalog, c session.AssessmentChange) string { return changeCell(cat, c) }

func afterTitle(rep *session.Report) string {
	if rep.After == nil {
		return "–"
	}
	return rep.After.Title
}

func leaderAnswers(a *session.AssessmentAggregate) int {
	if a == nil {
		return 0
	}
	return a.LeaderAnswers
}

// aggCell is one mean, or why it is not shown: never a bare word that
// could read as a score.
func aggCell(cat i18n.Catalog, a *session.AssessmentAggregate, i int) string {
	switch {
	case a == nil:
		return "–"
	case pending(a.Respondents, a.Closed):
		return cat.T("report.pending_short")
	case !a.MeanShown(i):
		return cat.N("report.hidden", session.MinAggregate)
	}
	return Num(cat, a.Means[i])
}

// changeCell is the change over those who answered both times.
func changeCell(cat i18n.Catalog, c session.AssessmentChange) string {
	switch {
	case c.Shown:
		return Signed(cat, c.Change)
	case c.Withheld:
		return cat.T("report.change_withheld")
	case c.Pairs < session.MinAggregate:
		return cat.N("report.hidden", session.MinAggregate)
	}
	return cat.T("report.pending_short")
}

// FeedbackMeanCell is a pulse's mean, or why it is not shown: too few
// answered, answering is open, or too few of the answers had a score.
func FeedbackMeanCell(cat i18n.Catalog, f session.FeedbackAggregate) string {
	switch {
	case f.MeanShown():
		return Num(cat, f.Mean)
	case !f.Shown():
		return AggregateNote(cat, f.Respondents, f.Closed)
	}
	return cat.T("report.too_few_scores", session.MinAggregate)
}

// AggregateNote says why an aggregate of n participants' answers is not
// shown: too few answered, or answering has not closed yet.
func AggregateNote(cat i18n.Catalog, n int, closed bool) string {
	if pending(n, closed) {
		return cat.N("report.pending", n)
	}
	return cat.N("report.too_few", n, session.MinAggregate)
}

// pending reports an aggregate with enough answers that waits only for
// answering to close.
func pending(n int, closed bool) bool { return !closed && n >= session.MinAggregate }

// ReportText renders a programme report as plain text (statements and
// titles whole, each row's figures under it), or with md as Markdown with
// headings and tables.
func ReportText(cat i18n.Catalog, loc *time.Location, rep *session.Report, md bool) string {
	d := buildReport(cat, loc, rep)
	if md {
		return d.markdown()
	}
	return d.text()
}

// ReportScreenText is the plain-text report for a screen that shows the
// title in its own header.
func ReportScreenText(cat i18n.Catalog, loc *time.Location, rep *session.Report) string {
	d := buildReport(cat, loc, rep)
	d.title = ""
	return d.text()
}

func (d *reportDoc) text() string {
	var b strings.Builder
	if d.title != "" {
		b.WriteString(d.title + "\n\n")
	}
	for _, f := range d.facts {
		b.WriteString(f + "\n")
	}
	for _, s := range d.sections {
		b.WriteString("\n" + s.title + "\n" + strings.Repeat("─", min(session.RuneCount(s.title), 60)) + "\n")
		for _, bl := range s.blocks {
			switch {
			case bl.sub != "":
				b.WriteString("\n" + bl.sub + ":\n")
			case bl.table != nil && bl.table.kv:
				for _, row := range bl.table.rows {
					b.WriteString("  " + row[0] + ": " + row[1] + "\n")
				}
			case bl.table != nil:
				for _, row := range bl.table.rows {
					// One figure a line: a phone's narrow screen wraps nothing.
					b.WriteString("• " + row[0] + "\n")
					for i := 1; i < len(row); i++ {
						if row[i] != "" {
							b.WriteString("    " + bl.table.head[i] + ": " + row[i] + "\n")
						}
					}
				}
			case bl.text != "":
				b.WriteString(bl.text + "\n")
			}
		}
	}
	return b.String()
}

func (d *reportDoc) markdown() string {
	var b strings.Builder
	b.WriteString("# " + MarkdownText(d.title) + "\n\n")
	for _, f := range d.facts {
		b.WriteString("- " + MarkdownText(f) + "\n")
	}
	for _, s := range d.sections {
		b.WriteString("\n## " + MarkdownText(s.title) + "\n")
		for _, bl := range s.blocks {
			switch {
			case bl.sub != "":
				b.WriteString("\n### " + MarkdownText(bl.sub) + "\n")
			case bl.table != nil:
				b.WriteString("\n" + bl.table.markdown())
			case bl.text != "":
				b.WriteString("\n" + MarkdownText(bl.text) + "\n")
			}
		}
	}
	return b.String()
}

func (t *docTable) markdown() string {
	var b strings.Builder
	row := func(cells []string) {
		for i := range cells {
			cells[i] = MarkdownCell(cells[i])
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	row(append([]string(nil), t.head...))
	var sep []string
	for i := range t.head {
		if i < len(t.num) && t.num[i] {
			sep = append(sep, "--:")
		} else {
			sep = append(sep, "---")
		}
	}
	b.WriteString("| " + strings.Join(sep, " | ") + " |\n")
	if len(t.rows) == 0 {
		cells := make([]string, len(t.head))
		cells[0] = "–"
		row(cells)
	}
	for _, r := range t.rows {
		row(append([]string(nil), r...))
	}
	return b.String()
}
