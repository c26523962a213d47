package session_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
)

// logRecords keeps what a Service logs, to look for a line.
type logRecords struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (l *logRecords) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecords) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logRecords) WithGroup(string) slog.Handler            { return l }

func (l *logRecords) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = append(l.recs, r.Clone())
	return nil
}

// lines returns the messages (and the action, for Service actions)
// logged at level or above.
func (l *logRecords) lines(level slog.Level) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, r := range l.recs {
		if r.Level < level {
			continue
		}
		line := r.Message
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "action" || a.Key == "code" {
				line += " " + a.Value.String()
			}
			return true
		})
		out = append(out, line)
	}
	return out
}

// brokenWriters is the real store whose count of an item's writers fails,
// as a lost database connection would.
type brokenWriters struct{ *storage.DB }

func (brokenWriters) ItemWriters(context.Context, int64, int64) (int, error) {
	return 0, errors.New("connection lost")
}

// TestRoomCountFailureIsLogged: a text written in a live room is stored
// even when the room's count of writers cannot be updated, and the
// failure is in the log rather than swallowed.
func TestRoomCountFailureIsLogged(t *testing.T) {
	l := newRoomGroup(t)
	svc, err := session.NewService(brokenWriters{l.db})
	if err != nil {
		t.Fatal(err)
	}
	svc.Now = l.clk.Now
	rec := &logRecords{}
	svc.Log = slog.New(rec)
	l.svc = svc
	ctx := context.Background()
	st, err := svc.StartMeeting(ctx, l.f, l.id)
	if err != nil {
		t.Fatal(err)
	}
	l.MustEnter(t, l.m1, l.id)
	ref, err := svc.AddReflection(ctx, l.m1, session.ReflectionInput{MeetingID: l.id, ItemID: st.CurrentItem().ID, Body: "Kuuntelin."})
	if err != nil || ref.ID == 0 {
		t.Fatalf("AddReflection: %v %+v", ref, err)
	}
	found := false
	for _, line := range rec.lines(slog.LevelError) {
		found = found || line == "count room writings"
	}
	if !found {
		t.Fatalf("the failed count is not logged; errors logged: %q", rec.lines(slog.LevelError))
	}
}

// TestNothingToChangeIsNotAConflict: a room change that finds nothing to
// do (taking out someone who is not there, leaving a meeting that has
// ended) stores no new version and logs no failure, while what people
// are refused keeps its own words.
func TestNothingToChangeIsNotAConflict(t *testing.T) {
	l := newLive(t)
	rec := &logRecords{}
	l.svc.Log = slog.New(rec)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	sub, leave := l.MustEnter(t, l.m1, l.id)
	v := l.stored(t).Version

	// The aktori never came in: removing them changes no room.
	if err := l.svc.RemoveMember(ctx, l.f, l.g.ID, l.m2.Person.ID); err != nil {
		t.Fatal(err)
	}
	if got := l.stored(t).Version; got != v {
		t.Fatalf("removing someone not in the room stored v%d after v%d", got, v)
	}

	// Leaving after the end records nothing: the meeting is over.
	if err := l.svc.EndMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	ended := l.stored(t).Version
	leave()
	<-sub.Done() // Done means left: the departure has been dealt with
	if got := l.stored(t).Version; got != ended {
		t.Fatalf("leaving an ended meeting stored v%d after v%d", got, ended)
	}
	if lines := rec.lines(slog.LevelWarn); len(lines) != 0 {
		t.Fatalf("nothing to change was logged as a failure: %q", lines)
	}
	for _, line := range rec.lines(slog.LevelDebug) {
		if line == "action leaveRoom" || line == "drop from room" {
			t.Fatalf("logged %q", line)
		}
	}

	// A refusal is still a refusal, in words the person can act on.
	_, err := l.svc.JoinRoom(ctx, l.m1, l.id, nil)
	wantErr(t, err, session.EConflict, session.MsgRoomNotLive)
	if session.IsNoChange(err) || session.IsNoChange(nil) {
		t.Fatal("a refusal or no error taken for no change")
	}
}

// brokenItems is the real store whose agenda item lookups fail.
type brokenItems struct{ *storage.DB }

func (brokenItems) ItemByID(context.Context, int64) (*session.AgendaItem, error) {
	return nil, errors.New("connection lost")
}

// TestBrokenLookupIsNotAWrongID: when the store fails to look up the
// agenda item a text is written for, the person is told that something
// went wrong on the server (and nothing is saved), not that the item is
// not in the meeting — which would have them pick another one.
func TestBrokenLookupIsNotAWrongID(t *testing.T) {
	l := newRoomGroup(t)
	svc, err := session.NewService(brokenItems{l.db})
	if err != nil {
		t.Fatal(err)
	}
	svc.Now = l.clk.Now
	ctx := context.Background()
	_, err = svc.AddReflection(ctx, l.m1, session.ReflectionInput{MeetingID: l.id, ItemID: l.items[0].ID, Body: "Kuuntelin."})
	if code := session.ErrorCode(err); code != session.EInternal {
		t.Fatalf("AddReflection over a failing lookup: %v (%s), want internal", err, code)
	}
	rs, err := svc.Reflections(ctx, l.m1, session.ReflectionFilter{Limit: 10})
	if err != nil || len(rs) != 0 {
		t.Fatalf("saved anyway: %+v %v", rs, err)
	}
}

// cancelAfterRemove is the real store; the leader's session ends right
// after the removal is stored.
type cancelAfterRemove struct {
	*storage.DB
	cancel context.CancelFunc
}

func (s cancelAfterRemove) RemoveMember(ctx context.Context, groupID, personID int64) error {
	err := s.DB.RemoveMember(ctx, groupID, personID)
	s.cancel()
	return err
}

// TestRemovalReachesTheRoomWhenTheLeaderDrops: the room is brought in
// line with a stored removal even when the leader's connection drops at
// that moment: the removed member is out of the room as stored.
func TestRemovalReachesTheRoomWhenTheLeaderDrops(t *testing.T) {
	l := newRoomGroup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	svc, err := session.NewService(cancelAfterRemove{l.db, cancel})
	if err != nil {
		t.Fatal(err)
	}
	svc.Now = l.clk.Now
	l.svc = svc
	if _, err := svc.StartMeeting(context.Background(), l.f, l.id); err != nil {
		t.Fatal(err)
	}
	l.MustEnter(t, l.f, l.id)
	sub, _ := l.MustEnter(t, l.m1, l.id)
	if err := svc.RemoveMember(ctx, l.f, l.g.ID, l.m1.Person.ID); err != nil {
		t.Fatal(err)
	}
	<-sub.Done()
	if p := l.stored(t).Person(l.m1.Person.ID); p != nil {
		t.Fatalf("the stored room still has the removed member: %+v", p)
	}
}
