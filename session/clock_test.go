package session_test

import (
	"context"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

// TestServiceClockRunsTheRoom: the room's timer, its overtime and the
// hub's mailboxes all go by the Service's clock, so a test (or a server
// told so) moves time without waiting for it.
func TestServiceClockRunsTheRoom(t *testing.T) {
	l := newLive(t)
	l.MustEnter(t, l.f, l.id)
	st := l.room(t)
	if !st.Timer.Running {
		l.act(t, l.f, session.Action{Kind: session.ActTimer})
		st = l.room(t)
	}
	box := time.Duration(st.CurrentItem().Minutes) * time.Minute
	if box <= 0 || st.Timer.Left(l.clk.Now()) != box {
		t.Fatalf("timer at the start: %+v, want %v left", st.Timer, box)
	}

	// Two minutes past the item's timebox: overtime, by the clock alone.
	l.clk.Add(box + 2*time.Minute)
	if left := l.room(t).Timer.Left(l.svc.Now()); left != -2*time.Minute {
		t.Fatalf("left after the timebox = %v, want -2m0s", left)
	}
	// Pausing stores what is left then: the overtime, to the second.
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	if tm := l.stored(t).Timer; tm.Running || tm.Remaining != -2*time.Minute {
		t.Fatalf("paused in overtime: %+v", tm)
	}
	l.act(t, l.f, session.Action{Kind: session.ActAddMinute})
	if tm := l.stored(t).Timer; tm.Remaining != -time.Minute {
		t.Fatalf("a minute more: %+v", tm)
	}
	// The hub reads the same clock.
	if got, want := l.svc.Hub().Now(), l.clk.Now(); !got.Equal(want) {
		t.Fatalf("hub's now %v, Service's %v", got, want)
	}

	// The time spent on the item is by the clock too.
	if err := l.svc.EndMeeting(context.Background(), l.f, l.id); err != nil {
		t.Fatal(err)
	}
	sum, err := l.svc.MeetingSummary(context.Background(), l.f, l.id)
	if err != nil {
		t.Fatal(err)
	}
	if got := sum.Actual[st.CurrentItem().ID]; got != box+2*time.Minute {
		t.Fatalf("time on the item = %v, want %v", got, box+2*time.Minute)
	}
}
