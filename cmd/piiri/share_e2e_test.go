package main

import (
	"fmt"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// sharesJSONOut is what `shares GROUP --json` prints.
type sharesJSONOut []struct {
	ID           int64  `json:"id"`
	What         string `json:"what"`
	Audience     string `json:"audience"`
	AudienceText string `json:"audience_text"`
	How          string `json:"how"`
	HowText      string `json:"how_text"`
	When         string `json:"when"`
	Quotes       []struct {
		Reflection int64  `json:"reflection"`
		Status     string `json:"status"`
		StatusText string `json:"status_text"`
		Excerpt    string `json:"excerpt"`
		Whole      bool   `json:"whole"`
	} `json:"quotes"`
}

// TestShareOnwardWithExcerpts: a facilitator makes one decision on the
// screen, quoting a sentence of Aino's reflection picked from the list,
// and one by command quoting Bertta's; Aino sees the request whole and
// approves exactly that sentence, Bertta declines. A reader's `shared`
// and screen show the approved excerpt and nothing else, in words in
// both languages, until Aino withdraws; then nothing.
func TestShareOnwardWithExcerpts(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	gid := f.group

	const (
		first  = "Ensimmäinen virke on johdanto."
		second = "Toinen virke kertoo kuuntelusta!"
		third  = "Kolmas virke on arka ajatus."
		bertta = "Bertan pohdinta vuorovaikutuksesta."
	)
	reflect := func(key gossh.Signer, text string) string {
		t.Helper()
		res := tuitest.Run(t, app.addr, key, fmt.Sprintf("reflection add --group %d --visibility group", gid), tuitest.WithStdin(text))
		if res.ExitCode != 0 {
			t.Fatalf("reflection add: %s", res.Stderr)
		}
		return strings.TrimSpace(res.Stdout)
	}
	ainoID := reflect(f.aino, first+" "+second+" "+third)
	berttaID := reflect(f.bertta, bertta)

	// The candidates number the sentences, for the command line.
	cands := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("share candidates %d", gid)).Stdout
	if !strings.Contains(cands, "#"+ainoID+" · Aino · ") || !strings.Contains(cands, "  2. "+second) {
		t.Fatalf("share candidates:\n%s", cands)
	}

	// Decision 1 on the screen: what, to the readers, internal training,
	// a Finnish date; then Aino's second sentence marked as the excerpt.
	ft := tuitest.Open(t, app.addr, f.fac, tuitest.WithSize(100, 30))
	ft.WaitFor("Hello, Fasi")
	ft.WaitFor("› ") // the groups have loaded
	ft.Press("enter")
	ft.WaitFor("Meetings")
	ft.Press("5")
	ft.WaitFor("Shared onward")
	ft.Press("S")
	ft.WaitFor("Audience's name")
	ft.Type("Mentoroinnin opit")
	ft.Press("tab", "tab", "tab", "tab")
	ft.Type("1.12.2026")
	ft.Press("enter")
	ft.WaitFor("Quote reflections (optional)")
	ft.WaitFor("[ ] " + first)
	ft.Press("down") // newest first: Bertta's, then Aino's
	ft.WaitFor("› [ ] " + first)
	ft.Press("e")
	ft.WaitFor("Move to the first sentence")
	ft.Press("down", "enter")
	ft.WaitFor("Start: sentence 2")
	ft.Press("enter")
	ft.WaitFor("sentences 2–2: ”" + second + "”")
	ft.Press("ctrl+s")
	ft.WaitFor("Decision recorded, 1 quote")
	screen := ft.WaitFor("waiting for the author's answer")
	if !strings.Contains(screen, "To: the organisation's readers · How: internal training · When: 1 Dec 2026") ||
		!strings.Contains(screen, "(excerpt): waiting for the author's answer") || !strings.Contains(screen, "”"+second+"”") {
		t.Fatalf("the facilitator's list does not name to whom, how and when:\n%s", screen)
	}

	// Decision 2 by command: electronic channels, an ISO date, Bertta's
	// whole reflection.
	res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("share add --group %d --what Palautekooste --to readers --how electronic --when 2026-12-15 --quote %s", gid, berttaID))
	if res.ExitCode != 0 {
		t.Fatalf("share add: %s", res.Stderr)
	}
	share2 := strings.TrimSpace(res.Stdout)

	// Aino sees her request whole: who asks, the excerpt and nothing more
	// of her text, to whom and how; she approves.
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(100, 30))
	at.WaitFor("Hello, Aino")
	at.Press("a")
	req := at.WaitFor("Asked by: Fasi (group Piiri)")
	for _, want := range []string{"What is shared: Mentoroinnin opit", "To: the organisation's readers · How: internal training · When: 1 Dec 2026",
		"The excerpt to quote, exactly as it stands:", "”" + second + "”", "The quote is shown with your name."} {
		if !strings.Contains(req, want) {
			t.Fatalf("Aino's request lacks %q:\n%s", want, req)
		}
	}
	if strings.Contains(req, first) || strings.Contains(req, third) {
		t.Fatalf("the request shows more than the excerpt:\n%s", req)
	}
	at.Press("y")
	at.WaitFor("You approved the quote")

	// Bertta declines by command, seeing the whole request first.
	if out := tuitest.Run(t, app.addr, f.bertta, "quotes").Stdout; !strings.Contains(out, "How: electronic channels · When: 15 Dec 2026") ||
		!strings.Contains(out, "The whole reflection is quoted:") || !strings.Contains(out, "The quote is shown with your name.") {
		t.Fatalf("Bertta's quotes:\n%s", out)
	}
	if res := tuitest.Run(t, app.addr, f.bertta, fmt.Sprintf("quote decline %s %s", share2, berttaID)); res.ExitCode != 0 {
		t.Fatalf("quote decline: %d %s", res.ExitCode, res.Stderr)
	}

	// The facilitator's list shows each quote's state in full.
	var shs sharesJSONOut
	runJSON(t, app.addr, f.fac, fmt.Sprintf("shares %d --json", gid), &shs)
	if len(shs) != 2 || shs[0].How != "electronic" || shs[0].HowText != "electronic channels" || shs[0].When != "2026-12-15" ||
		shs[1].AudienceText != "the organisation's readers" || shs[1].Quotes[0].Excerpt != second || shs[1].Quotes[0].Whole ||
		shs[1].Quotes[0].Status != "approved" || shs[0].Quotes[0].Status != "declined" {
		t.Fatalf("shares --json: %+v", shs)
	}
	list := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("shares %d", gid)).Stdout
	for _, want := range []string{"Aino, reflection #" + ainoID + " (excerpt): approved, shown to the audience",
		"Bertta, reflection #" + berttaID + " (whole reflection): declined, shown to nobody"} {
		if !strings.Contains(list, want) {
			t.Fatalf("shares lacks %q:\n%s", want, list)
		}
	}

	md := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("shares %d --md", gid)).Stdout
	if !strings.Contains(md, "| What | To whom | How | When | Quotes |\n|---|---|---|---|---|\n") ||
		!strings.Contains(md, "| Mentoroinnin opit | the organisation's readers | internal training | 1 Dec 2026 | Aino, reflection \\#"+ainoID+" (excerpt): approved, shown to the audience: ”"+second+"” |") {
		t.Fatalf("shares --md:\n%s", md)
	}

	// Readers in English and in Finnish.
	readerEN := app.join(t, session.RoleReader, "Lukija")
	readerFI := tuitest.NewKey(t)
	if res := tuitest.Run(t, app.addr, readerFI, "redeem "+app.invite(t, session.RoleReader)+" --name Lukija2 --lang fi"); res.ExitCode != 0 {
		t.Fatalf("redeem: %s", res.Stderr)
	}
	type view struct {
		key                gossh.Signer
		hello, line, line2 string
	}
	views := []view{
		{readerEN, "Hello, Lukija", "To: the organisation's readers · How: internal training · When: 1 Dec 2026",
			"To: the organisation's readers · How: electronic channels · When: 15 Dec 2026"},
		{readerFI, "Hei, Lukija2", "Kenelle: organisaation lukijat · Miten: sisäinen koulutus · Milloin: 1.12.2026",
			"Kenelle: organisaation lukijat · Miten: sähköiset kanavat · Milloin: 15.12.2026"},
	}
	readerSees := func(v view, excerpt bool) {
		t.Helper()
		var js []struct {
			What   string `json:"what"`
			Quotes []struct {
				Body string `json:"body"`
			} `json:"quotes"`
		}
		runJSON(t, app.addr, v.key, "shared --json", &js)
		var bodies []string
		for _, sh := range js {
			for _, q := range sh.Quotes {
				bodies = append(bodies, q.Body)
			}
		}
		want := []string{}
		if excerpt {
			want = []string{second}
		}
		if len(js) != 2 || fmt.Sprint(bodies) != fmt.Sprint(want) {
			t.Fatalf("shared --json: %+v, want the quotes %q", js, want)
		}
		text := tuitest.Run(t, app.addr, v.key, "shared").Stdout
		rt := tuitest.Open(t, app.addr, v.key, tuitest.WithSize(100, 30))
		rt.WaitFor(v.hello)
		rt.Press("S")
		scr := rt.WaitFor("Palautekooste")
		rt.Close()
		for _, out := range []string{text, scr} {
			if !strings.Contains(out, v.line) || !strings.Contains(out, v.line2) {
				t.Fatalf("the reader's view does not name to whom, how and when in words:\n%s", out)
			}
			if strings.Contains(out, second) != excerpt {
				t.Fatalf("the excerpt shown = %v, want %v:\n%s", !excerpt, excerpt, out)
			}
			for _, never := range []string{first, third, bertta, ": readers ·", ": training ·", ": electronic ·", ": follow-up ·", ": document ·"} {
				if strings.Contains(out, never) {
					t.Fatalf("the reader sees %q:\n%s", never, out)
				}
			}
		}
	}
	for _, v := range views {
		readerSees(v, true)
	}

	// Aino withdraws: from then on no reader sees anything of hers.
	if res := tuitest.Run(t, app.addr, f.aino, "quote withdraw "+ainoID); res.ExitCode != 0 {
		t.Fatalf("quote withdraw: %s", res.Stderr)
	}
	for _, v := range views {
		readerSees(v, false)
	}
	var after sharesJSONOut
	runJSON(t, app.addr, f.fac, fmt.Sprintf("shares %d --json", gid), &after)
	if after[1].Quotes[0].Status != "withdrawn" || after[1].Quotes[0].StatusText != "approval withdrawn, shown to nobody" {
		t.Fatalf("after withdrawing: %+v", after[1].Quotes)
	}
	ft.Press("r")
	ft.WaitFor("approval withdrawn, shown to nobody")

}
