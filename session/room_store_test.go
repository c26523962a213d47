package session_test

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
)

func TestStoreBeforePublish(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	fsub, _ := l.MustEnter(t, l.f, l.id)
	msub, _ := l.MustEnter(t, l.m1, l.id)
	l.MustEnter(t, l.m2, l.id)
	watch, _ := l.MustEnter(t, l.co, l.id)
	recv(t, fsub)
	recv(t, msub)
	recv(t, watch)
	steps := []struct {
		who session.Actor
		act session.Action
	}{
		{l.f, session.Action{Kind: session.ActTimer}},
		{l.f, session.Action{Kind: session.ActAddMinute}},
		{l.m1, session.Action{Kind: session.ActHand}},
		{l.m2, session.Action{Kind: session.ActHand}},
		{l.f, session.Action{Kind: session.ActGiveWord}},
		{l.m2, session.Action{Kind: session.ActHand}},
		{l.f, session.Action{Kind: session.ActRound}},
		{l.f, session.Action{Kind: session.ActTurn}},
		{l.m1, session.Action{Kind: session.ActPass}},
		{l.f, session.Action{Kind: session.ActNext}},
		{l.f, session.Action{Kind: session.ActBack}},
		{l.m2, session.Action{Kind: session.ActAway, Flag: true}},
		{l.m2, session.Action{Kind: session.ActAway, Flag: false}},
		{l.m1, session.Action{Kind: session.ActWriting, Flag: true}},
		{l.f, session.Action{Kind: session.ActHandoff, Person: l.m1.Person.ID}},
		{l.m1, session.Action{Kind: session.ActNext}},
	}
	version := l.room(t).Version
	for i, s := range steps {
		l.clk.Add(7 * time.Second)
		l.act(t, s.who, s.act)
		got := recv(t, watch)
		if got.Version != version+1 {
			t.Fatalf("step %d (%s): published v%d, want v%d", i, s.act.Kind, got.Version, version+1)
		}
		version = got.Version
		stored := l.stored(t)
		if stored.Version != got.Version {
			t.Fatalf("step %d (%s): stored v%d, published v%d", i, s.act.Kind, stored.Version, got.Version)
		}
		if a, b := asJSON(t, stored), asJSON(t, got); a != b {
			t.Fatalf("step %d (%s): stored state differs from published\nstored    %s\npublished %s", i, s.act.Kind, a, b)
		}
		// Every subscriber has the same newest state.
		for _, sub := range []*session.Subscription{fsub, msub} {
			if st := recv(t, sub); asJSON(t, st) != asJSON(t, got) {
				t.Fatalf("step %d: subscribers disagree", i)
			}
		}
	}
	// A say stores its message and the new version too.
	l.act(t, l.m2, session.Action{Kind: session.ActSay, Text: "hei"})
	got := recv(t, watch)
	if got.Version != version+1 || l.stored(t).Version != got.Version {
		t.Fatalf("say: published v%d, stored v%d, want v%d", got.Version, l.stored(t).Version, version+1)
	}
}

// BUG: the say's message is added to the room state after it is stored,
// so the stored state of version N lacks the message that version N
// published. A restart in between loses the newest message(s) from the
// live room (they remain only in room_messages).
func TestStoredStateHasPublishedMessage(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	l.MustEnter(t, l.f, l.id)
	watch, _ := l.MustEnter(t, l.m1, l.id)
	l.act(t, l.m1, session.Action{Kind: session.ActSay, Text: "viimeinen sana"})
	got := recv(t, watch)
	stored := l.stored(t)
	if stored.Version != got.Version || asJSON(t, stored) != asJSON(t, got) {
		t.Fatalf("v%d: stored messages %+v, published %+v", got.Version, stored.Messages, got.Messages)
	}
	// And so after a restart the message is still in the room.
	n2 := l.MustNode(t, l.db)
	svc2 := n2.svc
	if _, err := svc2.RestoreRooms(context.Background(), session.Operator()); err != nil {
		t.Fatal(err)
	}
	st, err := svc2.Room(context.Background(), l.m1, l.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Messages) != 1 || st.Messages[0].Text != "viimeinen sana" {
		t.Fatalf("messages after restart = %+v", st.Messages)
	}
}

func TestRefusedActionPublishesAndStoresNothing(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	watch, _ := l.MustEnter(t, l.m1, l.id)
	recv(t, watch)
	before := l.room(t)
	for _, tt := range []struct {
		name      string
		who       session.Actor
		act       session.Action
		code, msg string
	}{
		{"member next", l.m1, session.Action{Kind: session.ActNext}, session.EForbidden, session.MsgForbidden},
		{"back at the first", l.f, session.Action{Kind: session.ActBack}, session.EInvalid, session.MsgRoomFirstItem},
		{"turn without round", l.f, session.Action{Kind: session.ActTurn}, session.EInvalid, session.MsgRoomNoRound},
		{"give word without hands", l.f, session.Action{Kind: session.ActGiveWord}, session.EInvalid, session.MsgRoomNoHands},
		{"reveal a round", l.f, session.Action{Kind: session.ActReveal}, session.EInvalid, session.MsgRoomNotWriting},
		{"handoff to the absent", l.f, session.Action{Kind: session.ActHandoff, Person: l.m2.Person.ID}, session.EInvalid, session.MsgRoomNotHere},
		{"empty say", l.m1, session.Action{Kind: session.ActSay, Text: " "}, session.EInvalid, session.MsgMessageEmpty},
		{"unknown action", l.f, session.Action{Kind: "dance"}, session.EInvalid, session.MsgInternal},
		// A member who has not joined the room is not in it.
		{"not in the room", l.m2, session.Action{Kind: session.ActHand}, session.EForbidden, session.MsgForbidden},
		{"leader not in the room", l.co, session.Action{Kind: session.ActNext}, session.EForbidden, session.MsgForbidden},
		{"outsider", l.out, session.Action{Kind: session.ActHand}, session.ENotFound, session.MsgMeetingNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, l.svc.Act(ctx, tt.who, l.id, tt.act), tt.code, tt.msg)
			quiet(t, watch)
			if st := l.stored(t); st.Version != before.Version {
				t.Fatalf("stored v%d, want v%d", st.Version, before.Version)
			}
		})
	}
	if after := l.room(t); asJSON(t, after) != asJSON(t, before) {
		t.Fatalf("room changed by refusals:\n%s\n%s", asJSON(t, before), asJSON(t, after))
	}
}

func TestConcurrentActsKeepVersionsInOrder(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	actors := []session.Actor{l.f, l.m1, l.m2, l.co}
	for _, a := range actors {
		l.MustEnter(t, a, l.id)
	}
	watch, _ := l.MustEnter(t, l.m1, l.id)
	start := recv(t, watch).Version
	const each = 25
	seen := make(chan []int64, 1)
	stop := make(chan struct{})
	go func() {
		var vs []int64
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			st := watch.Next(ctx)
			cancel()
			if st != nil {
				vs = append(vs, st.Version)
			}
			select {
			case <-stop:
				if st == nil {
					seen <- vs
					return
				}
			default:
			}
		}
	}()
	var wg sync.WaitGroup
	for _, a := range actors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				act := session.Action{Kind: session.ActHand}
				if a.Person.ID == l.f.Person.ID && i%5 == 0 {
					act = session.Action{Kind: session.ActAddMinute}
				}
				if err := l.svc.Act(ctx, a, l.id, act); err != nil {
					t.Errorf("%s: %v", a.Person.Name, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	vs := <-seen
	final := start + int64(len(actors)*each)
	if st := l.room(t); st.Version != final || l.stored(t).Version != final {
		t.Fatalf("room v%d, stored v%d, want v%d", st.Version, l.stored(t).Version, final)
	}
	if len(vs) == 0 || vs[len(vs)-1] != final || !slices.IsSorted(vs) || len(slices.Compact(slices.Clone(vs))) != len(vs) {
		t.Fatalf("versions seen %v, want increasing up to %d", vs, final)
	}
	// The facilitator raised and lowered 20 times; the others 25: their
	// hands are up, in whatever order they went.
	hands := slices.Sorted(slices.Values(l.room(t).Hands))
	if want := slices.Sorted(slices.Values(ids(l.m1, l.m2, l.co))); !slices.Equal(hands, want) {
		t.Fatalf("hands %v, want %v", hands, want)
	}
	wantMinutes := time.Duration(l.items[0].Minutes)*time.Minute + 5*time.Minute
	if got := l.room(t).Timer.Remaining; got != wantMinutes {
		t.Fatalf("timer %v, want %v", got, wantMinutes)
	}
}

// hookStore is the real store with hooks, to make a race happen in one
// order every time. Callers tag their contexts with tagKey.
type hookStore struct {
	*storage.DB
	onMeetingByID func(ctx context.Context)
	onMembership  func(ctx context.Context)
	onSaveRoom    func(ctx context.Context, ev session.RoomEvent)
}

type tagKey struct{}

func tagged(tag string) context.Context {
	return context.WithValue(context.Background(), tagKey{}, tag)
}

func (s *hookStore) MeetingByID(ctx context.Context, id int64) (*session.Meeting, error) {
	m, err := s.DB.MeetingByID(ctx, id)
	if s.onMeetingByID != nil {
		s.onMeetingByID(ctx)
	}
	return m, err
}

func (s *hookStore) Membership(ctx context.Context, groupID, personID int64) (*session.Member, error) {
	m, err := s.DB.Membership(ctx, groupID, personID)
	if s.onMembership != nil {
		s.onMembership(ctx)
	}
	return m, err
}

func (s *hookStore) SaveRoom(ctx context.Context, st *session.RoomState, ev session.RoomEvent, msg *session.Message, ms session.MeetingState) error {
	if s.onSaveRoom != nil {
		s.onSaveRoom(ctx, ev)
	}
	return s.DB.SaveRoom(ctx, st, ev, msg, ms)
}

// overHooks replaces the group's Service with one over a hookStore.
func (l *live) overHooks(t *testing.T) *hookStore {
	t.Helper()
	hs := &hookStore{DB: l.db}
	l.svc = l.MustNode(t, hs).svc
	return hs
}

// waitOrTimeout waits for ch, but not forever: a fixed Service may never
// get to the point the hook waits for.
func waitOrTimeout(ch <-chan struct{}) {
	select {
	case <-ch:
	case <-time.After(2 * time.Second):
	}
}

// BUG: StartMeeting checks that the meeting is planned, then saves the
// room with the meeting live, without making the save conditional on the
// meeting still being planned. Two leaders starting at once both succeed;
// the second save overwrites the stored room while the hub keeps the
// first one (hub.open returns the room already open), so stored and live
// state differ (Driver, Started) and the second caller gets a state that
// is not the room's.
func TestConcurrentStartMeeting(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	hs := l.overHooks(t)
	// Each start saves only after both have seen the meeting planned.
	read := map[string]chan struct{}{"first": make(chan struct{}), "second": make(chan struct{})}
	other := map[string]string{"first": "second", "second": "first"}
	var mu sync.Mutex
	hs.onMeetingByID = func(ctx context.Context) {
		mu.Lock()
		defer mu.Unlock()
		if tag, _ := ctx.Value(tagKey{}).(string); read[tag] != nil {
			select {
			case <-read[tag]:
			default:
				close(read[tag])
			}
		}
	}
	hs.onSaveRoom = func(ctx context.Context, ev session.RoomEvent) {
		if tag, _ := ctx.Value(tagKey{}).(string); ev.Kind == "start" && other[tag] != "" {
			waitOrTimeout(read[other[tag]])
		}
	}
	errs := make(chan error, 2)
	go func() {
		_, err := l.svc.StartMeeting(tagged("first"), l.f, l.id)
		errs <- err
	}()
	go func() {
		_, err := l.svc.StartMeeting(tagged("second"), l.co, l.id)
		errs <- err
	}()
	var ok, conflict int
	for range 2 {
		switch err := <-errs; {
		case err == nil:
			ok++
		case session.AsError(err).Message == session.MsgRoomAlreadyLive:
			conflict++
		default:
			t.Errorf("StartMeeting: %v", err)
		}
	}
	if ok != 1 || conflict != 1 {
		t.Fatalf("%d starts succeeded, %d refused; want 1 and 1", ok, conflict)
	}
	st := l.room(t)
	if s := l.stored(t); asJSON(t, s) != asJSON(t, st) {
		t.Fatalf("stored room differs from the live one:\nstored %s\nlive   %s", asJSON(t, s), asJSON(t, st))
	}
}

// BUG: JoinRoom's change does not check that the room has ended. A join
// that passed liveRoom just before EndMeeting took the room's lock is
// applied to the ended state afterwards: it stores a new version of the
// ended meeting with one more person present (changing its history and
// attendance) and returns a subscription to a closed room.
func TestJoinRacingEndMeeting(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	hs := l.overHooks(t)
	ctx := context.Background()
	if _, err := l.svc.StartMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	l.MustEnter(t, l.f, l.id)
	// The joiner finds the room live while EndMeeting holds the room's
	// lock, and asks for the lock just before EndMeeting lets go of it.
	passed, ending := make(chan struct{}), make(chan struct{})
	var checks atomic.Int32
	hs.onMembership = func(ctx context.Context) {
		// liveRoom checks membership twice (meetingOf, then member).
		if ctx.Value(tagKey{}) == "joiner" && checks.Add(1) == 2 {
			close(passed)
			waitOrTimeout(ending)
		}
	}
	hs.onSaveRoom = func(ctx context.Context, ev session.RoomEvent) {
		if ev.Kind == "end" {
			close(ending)
			waitOrTimeout(passed)
			// Allowed: lets the joiner reach the room's lock; a goroutine
			// waiting on a mutex sends no event (synctest cannot see it either).
			time.Sleep(20 * time.Millisecond)
		}
	}
	type result struct {
		sub *session.Subscription
		err error
	}
	joined := make(chan result, 1)
	jctx, cancel := context.WithCancel(tagged("joiner"))
	t.Cleanup(cancel)
	go func() {
		sub, err := l.svc.JoinRoom(jctx, l.m1, l.id, nil)
		joined <- result{sub, err}
	}()
	if err := l.svc.EndMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	res := <-joined
	stored := l.stored(t)
	if res.err == nil || stored.Version != 3 || stored.Person(l.m1.Person.ID) != nil {
		t.Fatalf("JoinRoom after the end: err %v; stored v%d (want v3, the end) with %+v", res.err, stored.Version, stored.Person(l.m1.Person.ID))
	}
	wantErr(t, res.err, session.EConflict, session.MsgRoomNotLive)
}
