package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// programme is a Mepe! group with five participants and two leaders
// (the facilitator speaks English, the co-facilitator Finnish), held from
// meeting 1 to 5.
type programme struct {
	app      *testApp
	gid      int64
	fac, co  gossh.Signer
	people   []gossh.Signer // Aino, Bertta, Cecilia, Daniel, Eeva
	meetings []meetingJSON
}

func newProgramme(t *testing.T, app *testApp) *programme {
	t.Helper()
	p := &programme{app: app, fac: app.join(t, session.RoleFacilitator, "Fasi")}
	var g groupJSON
	runJSON(t, app.addr, p.fac, "group create --template mepe --name Mepe-ryhmä --json", &g)
	p.gid = g.ID
	redeem := func(role, name, lang string) gossh.Signer {
		return app.member(t, p.fac, g.ID, role, name, "--lang", lang)
	}
	p.co = redeem("co-facilitator", "Kofasi", "fi")
	for _, name := range []string{"Aino", "Bertta", "Cecilia", "Daniel", "Eeva"} {
		p.people = append(p.people, redeem("mentor", name, "en"))
	}
	runJSON(t, app.addr, p.fac, fmt.Sprintf("meetings --group %d --json", g.ID), &p.meetings)
	if len(p.meetings) != 5 {
		t.Fatalf("%d meetings", len(p.meetings))
	}
	return p
}

func (p *programme) actor(t *testing.T, k gossh.Signer) session.Actor { return mustActor(t, p.app, k) }

// attend puts people in a live meeting's room for a moment: attendance.
func (p *programme) attend(t *testing.T, meetingID int64, keys ...gossh.Signer) {
	t.Helper()
	for _, k := range keys {
		ctx, cancel := context.WithCancel(context.Background())
		sub, err := p.app.Service.JoinRoom(ctx, p.actor(t, k), meetingID, func() {})
		if err != nil {
			t.Fatal(err)
		}
		sub.Next(ctx)
		cancel()
	}
}

// TestProgrammeReport: the report of a Mepe! programme in Markdown, JSON
// and HTML. Leaders' answers, attendance and tasks are kept apart from the
// participants'; a statement fewer than three rated shows "fewer than 3
// answers"; the change is over those who answered both times; numbers are
// Finnish in Finnish; no private text; the HTML renders in a real browser.
func TestProgrammeReport(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	ctx := context.Background()
	p := newProgramme(t, app)
	svc := app.Service
	fac, co := p.actor(t, p.fac), p.actor(t, p.co)
	aino, bertta, cecilia, daniel, eeva := p.people[0], p.people[1], p.people[2], p.people[3], p.people[4]
	leaders := []gossh.Signer{p.fac, p.co}

	// Before: Aino rates five statements of six on screen; the rest through
	// the Service. Eeva answers only before, and leaves Listening unrated:
	// its change is shown, the others' is withheld (it would give Eeva's
	// answers away). Leaders' own answers are extreme.
	before := map[gossh.Signer][]int{bertta: {3, 3, 3, 3, 3, 0}, cecilia: {1, 2, 3, 4, 5, 0},
		daniel: {2, 2, 2, 2, 2, 2}, eeva: {0, 4, 4, 4, 4, 4}, p.fac: {5, 5, 5, 5, 5, 5}, p.co: {1, 1, 1, 1, 1, 1}}
	after := map[gossh.Signer][]int{aino: {4, 4, 3, 4, 3, 3}, bertta: {4, 3, 4, 4, 4, 3}, cecilia: {3, 3, 3, 4, 5, 4},
		daniel: {3, 2, 3, 3, 3, 0}, p.fac: {5, 5, 5, 5, 5, 5}, p.co: {5, 5, 5, 5, 5, 5}}
	// Feedback per meeting; 0 is a word without a score. Meeting 2 has
	// four answers, but only two participants': too few.
	type pulse struct {
		score int
		word  string
	}
	feedback := []map[gossh.Signer]pulse{
		{aino: {4, "selkeä"}, bertta: {4, ""}, cecilia: {3, ""}, daniel: {5, "innostava"}, eeva: {4, ""}, p.fac: {1, "JOHTAJANSANA"}},
		{aino: {4, ""}, bertta: {4, ""}, p.fac: {5, ""}, p.co: {5, ""}},
		{aino: {4, ""}, bertta: {4, ""}, cecilia: {5, ""}},
		{aino: {5, ""}, bertta: {5, ""}, cecilia: {4, ""}, daniel: {4, ""}, eeva: {0, "kiireinen"}},
		{aino: {5, "kiitos"}, bertta: {5, ""}, cecilia: {5, ""}, daniel: {4, ""}, p.co: {1, ""}},
	}
	task, err := svc.CreateTask(ctx, fac, session.Task{GroupID: p.gid, Title: "Lue artikkeli"})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []gossh.Signer{aino, bertta, p.fac} {
		if err := svc.CompleteTask(ctx, p.actor(t, k), task.ID, "VASTAUS-SALAINEN"); err != nil {
			t.Fatal(err)
		}
	}

	for i, m := range p.meetings {
		if _, err := svc.StartMeeting(ctx, fac, m.ID); err != nil {
			t.Fatal(err)
		}
		switch i {
		case 0:
			p.attend(t, m.ID, append(append([]gossh.Signer{}, p.people...), leaders...)...)
			ainoRatesOnScreen(t, app, m.ID, aino)
			for k, sc := range before {
				if err := svc.SubmitAssessment(ctx, p.actor(t, k), m.ID, sc, "MUISTIINPANO-SALAINEN"); err != nil {
					t.Fatal(err)
				}
			}
		case 1:
			p.attend(t, m.ID, aino, bertta, cecilia, daniel, p.fac)
		default:
			p.attend(t, m.ID, aino, bertta, cecilia, daniel, p.fac, p.co)
		}
		if i == 4 {
			for k, sc := range after {
				if err := svc.SubmitAssessment(ctx, p.actor(t, k), m.ID, sc, "MUISTIINPANO-SALAINEN"); err != nil {
					t.Fatal(err)
				}
			}
		}
		for k, f := range feedback[i] {
			if err := svc.SubmitFeedback(ctx, p.actor(t, k), m.ID, f.score, f.word); err != nil {
				t.Fatal(err)
			}
		}
		if err := svc.EndMeeting(ctx, fac, m.ID); err != nil {
			t.Fatal(err)
		}
	}

	// Sharing onward: one decision quoting Bertta (approved) and Cecilia
	// (approved, then withdrawn); one quoting Daniel, who declines.
	reflect := func(k gossh.Signer, body string) int64 {
		r, err := svc.AddReflection(ctx, p.actor(t, k), session.ReflectionInput{GroupID: p.gid, Body: body, Visibility: session.VisGroup})
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	rb, rc, rd := reflect(bertta, "Hiljaisuus on sallittua."), reflect(cecilia, "PERUTTU-SALAINEN"), reflect(daniel, "KIELLETTY-SALAINEN")
	s1, err := svc.CreateShare(ctx, fac, session.ShareInput{GroupID: p.gid, What: "Dialogitaitojen opit", Audience: "readers", How: "training", When: "1.12.2026", Quotes: []int64{rb, rc}})
	if err != nil {
		t.Fatal(err)
	}
	s2, err := svc.CreateShare(ctx, co, session.ShareInput{GroupID: p.gid, What: "Verkko-ohjaamisen vinkit", Audience: "readers", How: "follow-up", When: "15.1.2027", Quotes: []int64{rd}})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		k        gossh.Signer
		share, r int64
		ok       bool
	}{{bertta, s1.ID, rb, true}, {cecilia, s1.ID, rc, true}, {daniel, s2.ID, rd, false}} {
		if err := svc.AnswerQuote(ctx, p.actor(t, q.k), q.share, q.r, q.ok); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.WithdrawQuote(ctx, p.actor(t, cecilia), rc, s1.ID); err != nil {
		t.Fatal(err)
	}

	// While answering is open, no means at all.
	var open map[string]any
	runJSON(t, app.addr, p.fac, fmt.Sprintf("report %d --json", p.gid), &open)
	if st := open["assessment"].([]any)[0].(map[string]any); st["before_mean"] != nil || st["change"] != nil {
		t.Fatalf("means while answering is open: %v", st)
	}
	app.advance(session.AnswerWindow)

	t.Run("json", func(t *testing.T) {
		var rep map[string]any
		runJSON(t, app.addr, p.fac, fmt.Sprintf("report %d --json", p.gid), &rep)
		checkReportJSON(t, rep)
	})
	md := tuitest.Run(t, app.addr, p.fac, fmt.Sprintf("report %d --md", p.gid)).Stdout
	t.Run("markdown", func(t *testing.T) {
		for _, want := range []string{
			"# Programme report: Mepe-ryhmä", "- Template: Mepe! mentor induction", "- Facilitators: Fasi, Kofasi", "- 5 participants",
			"| Meeting | Participants present | Facilitators present | Planned (min) | Actual (min) |",
			"| 1. Orientation | 5/5 | 2/2 |", "| 2. Dialogue skills | 4/5 | 1/2 |",
			"| Eeva | mentor | 1/5 |", "| Kofasi | co-facilitator | 4/5 |",
			"| Lue artikkeli | 2/5 |",
			"| Statement | Before | After | Answered both | Change (those who answered both) |",
			"| Listening | 2.0 | 3.5 | 4 | +1.5 |",
			"| Asking questions | 2.8 | 3.0 | 4 | not shown (would reveal the answers of those who answered once) |",
			"| Recognising my strengths as a mentor | fewer than 3 answers | 3.3 | 0 | fewer than 3 answers |",
			"| 2. Dialogue skills | 2 | 2 participants answered — shown from 3 | – |",
			"| 3. Facilitating a group online | 3 | 4.3 |", "kiireinen",
			"### Dialogitaitojen opit", "| To whom | the organisation's readers |", "| How | internal training |", "| When | 1 Dec 2026 |",
			"Bertta, reflection \\#1 (whole reflection): approved, shown to the audience: “Hiljaisuus on sallittua.”", "Cecilia, reflection \\#2 (whole reflection): approval withdrawn", "Daniel, reflection \\#3 (whole reflection): declined",
			"### Verkko-ohjaamisen vinkit",
		} {
			if !strings.Contains(md, want) {
				t.Errorf("Markdown lacks %q", want)
			}
		}
		if strings.Contains(md, "```") || strings.Contains(md, "█") {
			t.Error("Markdown has code blocks or bar characters")
		}
		noSecrets(t, "Markdown", md)
		if t.Failed() {
			t.Log(md)
		}
	})
	t.Run("finnish", func(t *testing.T) {
		fi := tuitest.Run(t, app.addr, p.co, fmt.Sprintf("report %d --md", p.gid)).Stdout
		for _, want := range []string{"# Ohjelman raportti: Mepe-ryhmä", "| Listening | 2,0 | 3,5 | 4 | +1,5 |",
			"| Recognising my strengths as a mentor | alle 3 vastausta | 3,3 | 0 | alle 3 vastausta |", "Pidetyt tapaamiset:",
			"- Pohja: Mepe! mentorikoulutus", "| Lue artikkeli | 2/5 |"} {
			if !strings.Contains(fi, want) {
				t.Errorf("Finnish Markdown lacks %q:\n%s", want, fi)
			}
		}
		if strings.Contains(fi, "ei vielä |") || regexpMatch(`\| alle 3 \|`, fi) {
			t.Errorf("a note reads like a score:\n%s", fi)
		}
	})
	t.Run("evaluation tab", func(t *testing.T) {
		// Tall enough for the whole tab above a help bar of two lines.
		ft := tuitest.Open(t, app.addr, p.fac, tuitest.WithSize(60, 84))
		ft.WaitFor("Hello, Fasi")
		ft.WaitFor("› ") // the groups have loaded
		ft.Press("enter")
		ft.WaitFor("Meetings")
		ft.Press("5")
		screen := ft.WaitFor("The group's self-assessment")
		for _, want := range []string{`Listening\s+before █+░* 2\.0\s+after █+░* 3\.5\s+change \+1\.5\s+4 participants answered both\s+before and after`,
			`Recognising my strengths as a mentor\s+before fewer than 3 answers\s+after █+░* 3\.3`,
			`2\. Dialogue skills\s+2 participants answered — shown from 3`} {
			if !regexpMatch(want, screen) {
				t.Errorf("evaluation tab lacks %s:\n%s", want, screen)
			}
		}
		// Figures and statements wrap, never cut (the tab bar and the key
		// line are the group screen's).
		from, to := strings.Index(screen, "My self-assessment"), strings.Index(screen, "Shared onward")
		if from < 0 || to < from {
			t.Fatalf("the tab is not whole on screen:\n%s", screen)
		}
		tab := screen[from:to]
		if strings.Contains(strings.ReplaceAll(tab, "1 not yet … 5 strongly", ""), "…") {
			t.Errorf("something is cut:\n%s", screen)
		}
	})
	html := tuitest.Run(t, app.addr, p.fac, fmt.Sprintf("report %d --html", p.gid)).Stdout
	t.Run("html", func(t *testing.T) {
		for _, want := range []string{"<!DOCTYPE html>", "<svg", "Recognising my strengths as a mentor", "+1.5", "fewer than 3 answers",
			"Hiljaisuus on sallittua."} {
			if !strings.Contains(html, want) {
				t.Errorf("HTML lacks %q", want)
			}
		}
		for _, external := range []string{"http://", "https://", "<link", "src="} {
			if strings.Contains(html, external) {
				t.Errorf("HTML refers to something outside itself: %q", external)
			}
		}
		noSecrets(t, "HTML", html)
		checkInBrowser(t, html, []string{"Programme report: Mepe-ryhmä", "Listening", "+1.5", "Dialogitaitojen opit"})
	})
	t.Run("html in Finnish", func(t *testing.T) {
		// Finnish words are long: the tables must still fit a narrow page.
		fi := tuitest.Run(t, app.addr, p.co, fmt.Sprintf("report %d --html", p.gid)).Stdout
		if !strings.Contains(fi, `<html lang="fi">`) || !strings.Contains(fi, "+1,5") {
			t.Errorf("Finnish HTML: lang or numbers")
		}
		noSecrets(t, "Finnish HTML", fi)
		checkInBrowser(t, fi, []string{"Ohjelman raportti: Mepe-ryhmä", "Suunniteltu", "+1,5", "alle 3 vastausta"})
	})
}

// ainoRatesOnScreen: no score is preset; 1–5 and ←/→ choose; saving with
// a statement unrated asks first, and the answer keeps only what was chosen.
func ainoRatesOnScreen(t *testing.T, app *testApp, meetingID int64, aino gossh.Signer) {
	t.Helper()
	at := tuitest.Open(t, app.addr, aino, tuitest.WithSize(60, 30), tuitest.WithCommand(fmt.Sprintf("join %d", meetingID)))
	at.WaitFor("● live")
	at.Press("A")
	screen := at.WaitFor("1 not yet … 5 strongly")
	for _, want := range []string{"Facilitators see only means", "Recognising my strengths", "choose 1–5"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("the form lacks %q:\n%s", want, screen)
		}
	}
	if !regexpMatch(`(?m)^\s+mentor\s*$`, screen) { // the long statement wraps, whole
		t.Fatalf("the statement is cut:\n%s", screen)
	}
	if regexpMatch(`\[[1-5]\]`, screen) {
		t.Fatalf("a score is preset:\n%s", screen)
	}
	at.Type("2")
	at.Press("tab", "right", "right", "right", "tab")
	at.Type("2")
	at.Press("tab")
	at.Type("3")
	at.Press("tab", "left", "left", "left", "left", "tab", "tab")
	at.Type("Haluan oppia kuuntelemaan.")
	at.Press("ctrl+s")
	at.WaitFor("1 statement is not rated yet")
	at.Press("n") // back to the form: nothing saved
	at.WaitForFunc("the question closed", func(s string) bool { return !strings.Contains(s, "not rated yet") })
	at.Press("ctrl+s")
	at.WaitFor("1 statement is not rated yet")
	at.Press("y")
	at.WaitFor("Self-assessment saved")
	at.Press("esc")
	at.Close()

	mine, err := app.Service.MyAssessment(context.Background(), mustActor(t, app, aino), mustMeetingGroup(t, app, meetingID))
	if err != nil {
		t.Fatal(err)
	}
	if mine.Before == nil || fmt.Sprint(mine.Before.Scores) != "[2 3 2 3 2 0]" {
		t.Fatalf("Aino's answer: %+v", mine.Before)
	}
	// The store keeps the unrated statement as null, not as a score.
	db, err := sql.Open("sqlite", "file:"+app.DB.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var raw string
	if err := db.QueryRow("SELECT scores FROM assessment_answers WHERE meeting_id = ? AND person_id = ?", meetingID,
		mustActor(t, app, aino).Person.ID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if raw != "[2,3,2,3,2,null]" {
		t.Fatalf("stored scores %s", raw)
	}
}

func mustMeetingGroup(t *testing.T, app *testApp, meetingID int64) int64 {
	t.Helper()
	m, err := app.DB.MeetingByID(context.Background(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	return m.GroupID
}

func noSecrets(t *testing.T, what, text string) {
	t.Helper()
	for _, secret := range []string{"SALAINEN", "JOHTAJANSANA", "Haluan oppia"} {
		if strings.Contains(text, secret) {
			t.Errorf("%s carries %q", what, secret)
		}
	}
}

func checkReportJSON(t *testing.T, rep map[string]any) {
	t.Helper()
	if rep["participants"].(float64) != 5 || fmt.Sprint(rep["facilitators"]) != "[Fasi Kofasi]" || rep["first_meeting"] == nil {
		t.Errorf("heading: %v %v %v", rep["participants"], rep["facilitators"], rep["first_meeting"])
	}
	m2 := rep["meetings"].([]any)[1].(map[string]any)
	if m2["participants_attended"].(float64) != 4 || m2["leaders_attended"].(float64) != 1 {
		t.Errorf("meeting 2 attendance: %v", m2)
	}
	if task := rep["tasks"].([]any)[0].(map[string]any); task["done"].(float64) != 2 || task["participants"].(float64) != 5 {
		t.Errorf("task: %v", task)
	}
	st := rep["assessment"].([]any)
	first, last := st[0].(map[string]any), st[5].(map[string]any)
	if first["before_mean"] != 2.0 || first["after_mean"] != 3.5 || first["answered_both"].(float64) != 4 || first["change"] != 1.5 {
		t.Errorf("Listening: %v", first)
	}
	if second := st[1].(map[string]any); second["change"] != nil || second["change_withheld"] != true || second["before_mean"] != 2.8 {
		t.Errorf("Asking questions: %v", second)
	}
	if last["before_mean"] != nil || last["after_mean"] != 3.33 || last["answered_both"].(float64) != 0 || last["change"] != nil {
		t.Errorf("strengths: %v", last)
	}
	if b := rep["assessment_before"].(map[string]any); b["participants_answered"].(float64) != 5 || b["leader_answers"].(float64) != 2 {
		t.Errorf("before: %v", b)
	}
	fb := rep["feedback"].([]any)
	want := []any{4.0, nil, 4.33, 4.5, 4.75}
	for i, f := range fb {
		if got := f.(map[string]any)["mean"]; got != want[i] {
			t.Errorf("feedback %d mean %v, want %v", i+1, got, want[i])
		}
	}
	if f2 := fb[1].(map[string]any); f2["participants_answered"].(float64) != 2 || f2["leader_answers"].(float64) != 2 {
		t.Errorf("meeting 2 feedback: %v", f2)
	}
	shares := rep["shares"].([]any)
	js, _ := json.Marshal(shares)
	if len(shares) != 2 || !strings.Contains(string(js), "Hiljaisuus on sallittua.") || !strings.Contains(string(js), `"withdrawn"`) ||
		!strings.Contains(string(js), `"declined"`) {
		t.Errorf("shares: %s", js)
	}
	all, _ := json.Marshal(rep)
	noSecrets(t, "JSON", string(all))
	if strings.Contains(string(all), "99999") {
		t.Errorf("unrounded numbers: %s", all)
	}
}

// checkInBrowser renders the page in headless Chromium: a script added
// for the test marks any element whose content is wider than itself; the
// DOM, a screenshot and (with pdftotext) the printed PDF are checked.
func checkInBrowser(t *testing.T, page string, texts []string) {
	t.Helper()
	browser, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("PIIRI_REQUIRE_BROWSER") != "" {
			t.Fatal("chromium is required (PIIRI_REQUIRE_BROWSER) but not installed")
		}
		t.Skip("chromium not installed")
	}
	dir := t.TempDir()
	const probe = `<script>
(function () {
  var bad = [];
  document.querySelectorAll('body *').forEach(function (e) {
    if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) bad.push(e.tagName + ':' + (e.textContent || '').slice(0, 40));
  });
  // A cell squeezed so narrow that its words break letter by letter.
  document.querySelectorAll('td, th').forEach(function (e) {
    if ((e.textContent || '').length > 12 && e.clientWidth < 70) bad.push('narrow ' + e.tagName + ':' + e.textContent.slice(0, 40));
  });
  if (document.documentElement.scrollWidth > window.innerWidth) bad.push('page');
  document.body.setAttribute('data-overflow', bad.length ? bad.join(' | ') : 'none');
})();
</script>`
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, []byte(strings.Replace(page, "</body>", probe+"</body>", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(size string, args ...string) []byte {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir(), "--window-size=" + size}
		out, err := exec.CommandContext(ctx, browser, append(append(base, args...), "file://"+file)...).Output()
		if err != nil {
			t.Fatalf("chromium %v: %v", args, err)
		}
		return out
	}
	// A desktop window, and as narrow as a printed A4 page or a tablet.
	var dom string
	for _, size := range []string{"1000,1400", "640,1400"} {
		dom = string(run(size, "--dump-dom"))
		if !strings.Contains(dom, `data-overflow="none"`) {
			i := strings.Index(dom, "data-overflow=")
			t.Errorf("at %s something overflows: %s", size, dom[max(i, 0):min(max(i, 0)+400, len(dom))])
		}
	}
	for _, want := range texts {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
	shot := filepath.Join(dir, "report.png")
	run("1000,1400", "--screenshot="+shot)
	if fi, err := os.Stat(shot); err != nil || fi.Size() < 10_000 {
		t.Errorf("screenshot: %v %v", fi, err)
	}
	if keep := os.Getenv("PIIRI_KEEP_SCREENSHOT"); keep != "" {
		// For a person to look at: the screenshot and the page.
		b, _ := os.ReadFile(shot)
		_ = os.WriteFile(keep, b, 0o644)
		_ = os.WriteFile(keep+".html", []byte(page), 0o644)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return
	}
	pdf := filepath.Join(dir, "report.pdf")
	run("1000,1400", "--print-to-pdf="+pdf, "--no-pdf-header-footer")
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range texts {
		if !strings.Contains(string(out), want) {
			t.Errorf("printed PDF lacks %q:\n%s", want, out)
		}
	}
}

// TestAssessmentFormFitsSmallScreen: on a 60×18 phone-sized terminal the
// form opens with who sees what in view, scrolls to follow the focused
// field, and shows the question about unrated statements.
func TestAssessmentFormFitsSmallScreen(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(60, 18), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	at.WaitFor("● live")
	at.Press("A")
	at.WaitFor("Facilitators see only means")
	at.Type("4")
	at.Press("tab", "tab", "tab", "tab", "tab", "tab")
	screen := at.WaitFor("In your own words")
	if !strings.Contains(screen, "↑ …") || !strings.Contains(screen, "Recognising my strengths") {
		t.Fatalf("the form does not follow the focus:\n%s", screen)
	}
	at.Press("ctrl+s")
	at.WaitFor("5 statements are not rated yet")
	at.Press("esc") // any other key than y goes back
	at.WaitForFunc("back in the form", func(s string) bool { return !strings.Contains(s, "not rated yet") })
}

// TestFeedbackFormNoPreset: the end-of-meeting pulse has no preset score;
// saving nothing is refused with a reason, a word without a score asks
// first and is stored with the score NULL; 1–5 picks a score.
func TestFeedbackFormNoPreset(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	at, bt := f.join(t, app, f.aino), f.join(t, app, f.bertta)
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting end %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("end: %s", res.Stderr)
	}
	screen := at.WaitFor("How was the meeting?")
	if !strings.Contains(screen, "choose 1–5") || !strings.Contains(screen, "1 poor … 5 excellent") || regexpMatch(`\[[1-5]\]`, screen) {
		t.Fatalf("the pulse form:\n%s", screen)
	}
	at.Press("ctrl+s")
	at.WaitFor("Nothing to save")
	at.Press("tab")
	at.Type("kiva")
	at.Press("ctrl+s")
	at.WaitFor("You did not choose a score")
	at.Press("y")
	at.WaitFor("Thank you for your feedback")

	bt.WaitFor("How was the meeting?")
	bt.Type("4")
	bt.WaitFor("[4]")
	bt.Press("ctrl+s")
	bt.WaitFor("Thank you for your feedback")

	db, err := sql.Open("sqlite", "file:"+app.DB.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT coalesce(score, -1), word FROM feedback WHERE meeting_id = ? ORDER BY word", f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var score int
		var word string
		if err := rows.Scan(&score, &word); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d:%s", score, word))
	}
	if fmt.Sprint(got) != "[4: -1:kiva]" {
		t.Fatalf("stored pulses %v", got)
	}
}
