package session_test

import (
	"context"
	"testing"

	"github.com/piiri/piiri/session"
)

// TestEvalPairedChange: the change from the first self-assessment to the
// last is over the participants who rated a statement both times, and it
// follows the 3-participant rule on its own: a leader who answered both
// times is not counted, and a statement left unrated drops out.
func TestEvalPairedChange(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name         string
		m3After      bool // m3 answers after too
		m4After      bool // m4, who did not answer before, answers after
		wantPairs    []int
		wantShown    bool
		wantWithheld bool
		wantChange1  float64
	}{
		{"two participants and a leader answered both", false, true, []int{1, 2, 2, 2, 2, 2}, false, false, 0},
		{"three participants answered both", true, false, []int{2, 3, 3, 3, 3, 3}, true, false, 1},
		// The after mean counts m4 too: with the change beside it, m4's
		// answer would be the after sum minus the pairs' after sum.
		{"three answered both, one only after", true, true, []int{2, 3, 3, 3, 3, 3}, false, true, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newEvWorld(t)
			m4 := w.MustMember(t, w.f, w.g.ID, session.GroupParticipant, "Neljäs")
			first, last := w.meetings[0], w.meetings[4]
			w.MustHold(t, w.f, first)
			if _, err := w.svc.StartMeeting(context.Background(), w.f, last); err != nil {
				t.Fatal(err)
			}
			w.assess(t, w.m1, first, []int{2, 2, 2, 2, 2, 2}, "")
			w.assess(t, w.m2, first, []int{3, 3, 3, 3, 3, 3}, "")
			w.assess(t, w.m3, first, []int{1, 1, 1, 1, 1, 1}, "")
			w.assess(t, w.f, first, []int{1, 1, 1, 1, 1, 1}, "")
			// After: m1 leaves the first statement unrated.
			w.assess(t, w.m1, last, []int{0, 3, 3, 3, 3, 3}, "")
			w.assess(t, w.m2, last, []int{4, 4, 4, 4, 4, 4}, "")
			if tt.m4After {
				w.assess(t, m4, last, []int{5, 5, 5, 5, 5, 5}, "")
			}
			w.assess(t, w.f, last, []int{5, 5, 5, 5, 5, 5}, "")
			if tt.m3After {
				w.assess(t, w.m3, last, []int{2, 2, 2, 2, 2, 2}, "")
			}
			if err := w.svc.EndMeeting(context.Background(), w.f, last); err != nil {
				t.Fatal(err)
			}
			rep, err := w.svc.Report(context.Background(), w.f, w.g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Change[1].Shown {
				t.Fatalf("change shown before answering closed: %+v", rep.Change)
			}
			w.clk.Add(session.AnswerWindow)
			if rep, err = w.svc.Report(context.Background(), w.f, w.g.ID); err != nil {
				t.Fatal(err)
			}
			if !rep.Before.Shown() || !rep.After.Shown() || rep.After.LeaderAnswers != 1 {
				t.Fatalf("before %+v, after %+v", rep.Before, rep.After)
			}
			// The unrated statement is left out of its mean and count.
			wantCount0 := 1 // m2
			for _, answered := range []bool{tt.m3After, tt.m4After} {
				if answered {
					wantCount0++
				}
			}
			if rep.After.Counts[0] != wantCount0 || rep.After.MeanShown(0) != (wantCount0 >= session.MinAggregate) {
				t.Fatalf("after, first statement: count %d, shown %v", rep.After.Counts[0], rep.After.MeanShown(0))
			}
			for i, c := range rep.Change {
				if c.Pairs != tt.wantPairs[i] {
					t.Fatalf("pairs = %+v, want %v", rep.Change, tt.wantPairs)
				}
			}
			if c := rep.Change[1]; c.Shown != tt.wantShown || c.Withheld != tt.wantWithheld || !evClose(c.Change, tt.wantChange1) {
				t.Fatalf("change of the second statement = %+v", c)
			}
			if rep.Change[0].Shown {
				t.Fatalf("change over %d pairs shown", rep.Change[0].Pairs)
			}
		})
	}
}

// TestEvalFeedbackWordOnly: a pulse with a word but no score counts as an
// answer but not in the mean, which needs three scores of its own.
func TestEvalFeedbackWordOnly(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	first := w.meetings[0]
	w.MustHold(t, w.f, first)
	w.feedback(t, w.m1, first, 4, "")
	w.feedback(t, w.m2, first, 5, "")
	w.feedback(t, w.m3, first, 0, "kiireinen")
	w.clk.Add(session.AnswerWindow)
	fb := evFeedbackOf(w.feedbackAggs(t), first)
	if fb == nil || fb.Respondents != 3 || fb.Scored != 2 || !fb.Shown() || fb.MeanShown() || fb.Mean != 0 || len(fb.Words) != 1 {
		t.Fatalf("feedback = %+v", fb)
	}
}
