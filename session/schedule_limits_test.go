package session_test

import (
	"context"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

// TestScheduleRefusesAFarYear: a year such as 9999 (a slip of the
// keyboard) is refused, and nothing is saved; five years less a month
// ahead is still fine.
func TestScheduleRefusesAFarYear(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	ctx := context.Background()
	far := time.Date(9999, 1, 1, 12, 0, 0, 0, time.UTC)
	_, err := l.svc.UpdateMeeting(ctx, l.f, l.id, session.MeetingUpdate{StartsAt: &far})
	wantErr(t, err, session.EInvalid, session.MsgStartTooFar)
	if mt := l.MustMeeting(t, l.f, l.id); !mt.StartsAt.IsZero() {
		t.Fatalf("refused start saved: %v", mt.StartsAt)
	}
	ok := l.clk.Now().AddDate(4, 11, 0)
	if _, err := l.svc.UpdateMeeting(ctx, l.f, l.id, session.MeetingUpdate{StartsAt: &ok}); err != nil {
		t.Fatalf("4 years 11 months ahead: %v", err)
	}
}
