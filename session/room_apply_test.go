package session

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

// The room's state machine without a store: table tests of
// RoomState.apply. The Service tests (room_*_test.go in session_test)
// keep what needs the store and the hub: storing before publishing,
// refusals that store and publish nothing, leaving, restoring.

// The people of the fixture room.
const (
	pFac      int64 = 1 // the group's facilitator, who drives
	pCo       int64 = 2 // co-facilitator
	pMentor   int64 = 3
	pAktori   int64 = 4
	pGone     int64 = 5  // a member who has left the room
	pStranger int64 = 99 // never in the room
)

var applyT0 = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// applyRoom is a live room on its first item, a round of 10 minutes with
// its timer paused; then a talk of 5 and a silent writing of 15. Everyone
// but pGone is here.
func applyRoom() *RoomState {
	here := func(id int64, name string, role GroupRole) Presence {
		return Presence{PersonID: id, Name: name, Role: role, Sessions: 1, JoinedAt: applyT0}
	}
	return &RoomState{
		MeetingID: 1, GroupID: 1, Version: 1,
		Items: []AgendaItem{
			{ID: 11, Position: 1, Kind: KindRound, Minutes: 10},
			{ID: 12, Position: 2, Kind: KindTalk, Minutes: 5},
			{ID: 13, Position: 3, Kind: KindWriting, Minutes: 15},
		},
		Timer:   Timer{Remaining: 10 * time.Minute},
		Leaders: []int64{pFac, pCo},
		Driver:  pFac, DriverName: "Fasi",
		People: []Presence{
			here(pFac, "Fasi", GroupFacilitator),
			here(pCo, "Kofasi", GroupCoFacilitator),
			here(pMentor, "Mentori", GroupMentor),
			here(pAktori, "Aktori", GroupAktori),
			{PersonID: pGone, Name: "Poissa", Role: GroupParticipant, JoinedAt: applyT0},
		},
		Timeline: []ItemVisit{{ItemID: 11, From: applyT0}},
		Started:  applyT0,
	}
}

// step is an action by someone after some time has passed.
type step struct {
	by    int64
	act   Action
	after time.Duration
}

func do(by int64, kind ActionKind) step { return step{by: by, act: Action{Kind: kind}} }
func (s step) to(person int64) step     { s.act.Person = person; return s }
func (s step) flag(f bool) step         { s.act.Flag = f; return s }
func (s step) later(d time.Duration) step {
	s.after = d
	return s
}

// applyCase: the given steps succeed; then the step under test either
// fails with code and msg, leaving the state exactly as it was, or
// succeeds and check holds.
type applyCase struct {
	name      string
	setup     func(s *RoomState)
	given     []step
	then      step
	code, msg string
	check     func(t *testing.T, s *RoomState, now time.Time)
	// bug names where apply breaks its own rule today: the case is
	// skipped with the reason rather than enshrined.
	bug string
}

func (tc applyCase) run(t *testing.T) {
	t.Helper()
	if tc.bug != "" {
		t.Skip("known bug: " + tc.bug)
	}
	s := applyRoom()
	if tc.setup != nil {
		tc.setup(s)
	}
	now := applyT0
	for i, st := range tc.given {
		now = now.Add(st.after)
		if err := s.apply(st.by, st.act, now); err != nil {
			t.Fatalf("given step %d (%d %s): %v", i+1, st.by, st.act.Kind, err)
		}
	}
	before := s.Clone()
	now = now.Add(tc.then.after)
	err := s.apply(tc.then.by, tc.then.act, now)
	if tc.code != "" {
		if ErrorCode(err) != tc.code || AsError(err).Message != tc.msg {
			t.Fatalf("err = %v, want %s %s", err, tc.code, tc.msg)
		}
		if !reflect.DeepEqual(s, before) {
			t.Fatalf("a refused %s changed the room:\n%+v\n%+v", tc.then.act.Kind, before, s)
		}
		return
	}
	if err != nil {
		t.Fatalf("%d %s: %v", tc.then.by, tc.then.act.Kind, err)
	}
	if tc.check != nil {
		tc.check(t, s, now)
	}
}

func runApply(t *testing.T, cases []applyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t)
		})
	}
}

// TestApplyRights: leader actions are the leaders' (and the driver's);
// only those here act; an ended room takes nothing.
func TestApplyRights(t *testing.T) {
	t.Parallel()
	var cases []applyCase
	for _, a := range []Action{
		{Kind: ActNext}, {Kind: ActBack}, {Kind: ActTimer}, {Kind: ActAddMinute}, {Kind: ActRound},
		{Kind: ActGiveWord}, {Kind: ActGiveWord, Person: pMentor}, {Kind: ActReveal}, {Kind: ActHandoff, Person: pMentor},
	} {
		for _, who := range []int64{pMentor, pAktori} {
			cases = append(cases, applyCase{
				name: string(a.Kind) + " by a member", given: []step{do(pAktori, ActHand)},
				then: step{by: who, act: a}, code: EForbidden, msg: MsgForbidden,
			})
		}
	}
	cases = append(cases,
		applyCase{name: "a member who left", then: do(pGone, ActHand), code: EForbidden, msg: MsgForbidden},
		applyCase{name: "a stranger", then: do(pStranger, ActHand), code: EForbidden, msg: MsgForbidden},
		applyCase{name: "a leader who left", setup: func(s *RoomState) { s.Person(pFac).Sessions = 0 },
			then: do(pFac, ActNext), code: EForbidden, msg: MsgForbidden},
		applyCase{name: "a leader who left writes", setup: func(s *RoomState) { s.Person(pFac).Sessions = 0 },
			then: do(pFac, ActWriting).flag(true), code: EForbidden, msg: MsgForbidden},
		applyCase{name: "ended", setup: func(s *RoomState) { s.Ended = true },
			then: do(pFac, ActNext), code: EConflict, msg: MsgMeetingEnded},
		applyCase{name: "ended, a member's hand", setup: func(s *RoomState) { s.Ended = true },
			then: do(pMentor, ActHand), code: EConflict, msg: MsgMeetingEnded},
		applyCase{name: "unknown action", then: do(pFac, "dance"), code: EInvalid, msg: MsgInternal},
		applyCase{name: "a co-facilitator drives without taking the lead", then: do(pCo, ActNext),
			check: func(t *testing.T, s *RoomState, _ time.Time) {
				if s.Current != 1 || s.Driver != pFac {
					t.Fatalf("current %d driver %d", s.Current, s.Driver)
				}
			}},
	)
	runApply(t, cases)
}

// TestApplyAgenda: next and back stay in the agenda; a new item starts
// from its timebox, a revisited one from where it was; the word and an
// open round end with the item, hands stay up.
func TestApplyAgenda(t *testing.T) {
	t.Parallel()
	runApply(t, []applyCase{
		{name: "back at the first", then: do(pFac, ActBack), code: EInvalid, msg: MsgRoomFirstItem},
		{name: "next at the last", given: []step{do(pFac, ActNext), do(pFac, ActNext)},
			then: do(pFac, ActNext), code: EInvalid, msg: MsgRoomLastItem},
		{name: "next", then: do(pFac, ActNext).later(2 * time.Minute),
			check: func(t *testing.T, s *RoomState, now time.Time) {
				if s.Current != 1 || s.CurrentItem().ID != 12 || s.Timer != (Timer{Remaining: 5 * time.Minute}) {
					t.Fatalf("current %d timer %+v", s.Current, s.Timer)
				}
				want := []ItemVisit{{ItemID: 11, From: applyT0, To: now}, {ItemID: 12, From: now}}
				if !slices.Equal(s.Timeline, want) || s.Parked[11] != 10*time.Minute {
					t.Fatalf("timeline %+v parked %v", s.Timeline, s.Parked)
				}
			}},
		{name: "back from the last", given: []step{do(pFac, ActNext), do(pFac, ActNext)}, then: do(pFac, ActBack),
			check: func(t *testing.T, s *RoomState, _ time.Time) {
				if s.Current != 1 {
					t.Fatalf("current %d", s.Current)
				}
			}},
		{name: "next ends the word and the round, not the hands",
			given: []step{do(pMentor, ActHand), do(pAktori, ActHand), do(pFac, ActGiveWord), do(pFac, ActRound), do(pFac, ActTurn)},
			then:  do(pFac, ActNext),
			check: func(t *testing.T, s *RoomState, _ time.Time) {
				if s.Speaker != 0 || s.Round != nil || !slices.Equal(s.Hands, []int64{pAktori}) {
					t.Fatalf("speaker %d round %+v hands %v", s.Speaker, s.Round, s.Hands)
				}
				if !slices.Equal(s.Rounds, []RoundRecord{{ItemID: 11, Speakers: 1}}) {
					t.Fatalf("rounds %+v", s.Rounds)
				}
			}},
	})
}

// TestApplyTimer: start, pause, one more minute, overtime, and the timer
// across items.
func TestApplyTimer(t *testing.T) {
	t.Parallel()
	left := func(t *testing.T, s *RoomState, now time.Time, running bool, want time.Duration) {
		t.Helper()
		if s.Timer.Running != running || s.Timer.Left(now) != want {
			t.Fatalf("timer %+v: left %v running %v, want %v running %v", s.Timer, s.Timer.Left(now), s.Timer.Running, want, running)
		}
	}
	runApply(t, []applyCase{
		{name: "start", then: do(pFac, ActTimer).later(time.Minute),
			check: func(t *testing.T, s *RoomState, now time.Time) {
				if !s.Timer.Deadline.Equal(now.Add(10 * time.Minute)) {
					t.Fatalf("deadline %v", s.Timer.Deadline)
				}
				left(t, s, now, true, 10*time.Minute)
			}},
		{name: "pause", given: []step{do(pFac, ActTimer)}, then: do(pFac, ActTimer).later(90 * time.Second),
			check: func(t *testing.T, s *RoomState, now time.Time) {
				left(t, s, now.Add(5*time.Minute), false, 10*time.Minute-90*time.Second)
			}},
		{name: "a minute while paused", then: do(pFac, ActAddMinute),
			check: func(t *testing.T, s *RoomState, now time.Time) { left(t, s, now, false, 11*time.Minute) }},
		{name: "a minute while running", given: []step{do(pFac, ActTimer)}, then: do(pCo, ActAddMinute).later(30 * time.Second),
			check: func(t *testing.T, s *RoomState, now time.Time) { left(t, s, now, true, 10*time.Minute+30*time.Second) }},
		{name: "overtime paused", given: []step{do(pFac, ActTimer)}, then: do(pFac, ActTimer).later(13 * time.Minute),
			check: func(t *testing.T, s *RoomState, now time.Time) { left(t, s, now, false, -3*time.Minute) }},
		{name: "a minute in overtime", given: []step{do(pFac, ActTimer), do(pFac, ActTimer).later(13 * time.Minute)}, then: do(pFac, ActAddMinute),
			check: func(t *testing.T, s *RoomState, now time.Time) { left(t, s, now, false, -2*time.Minute) }},
		{name: "next while running runs the new item's box", given: []step{do(pFac, ActTimer)}, then: do(pFac, ActNext).later(4 * time.Minute),
			check: func(t *testing.T, s *RoomState, now time.Time) { left(t, s, now, true, 5*time.Minute) }},
		{name: "back resumes where the item was",
			given: []step{do(pFac, ActTimer), do(pFac, ActTimer).later(4 * time.Minute), do(pFac, ActNext).later(time.Minute)},
			then:  do(pFac, ActBack).later(time.Minute),
			check: func(t *testing.T, s *RoomState, now time.Time) { left(t, s, now, false, 6*time.Minute) }},
	})
}

// TestApplyRound: a round of those here and not away; whose turn it is,
// who may end it, passes (a leader's names the speaker), records.
func TestApplyRound(t *testing.T) {
	t.Parallel()
	round := func(order []int64, turn int, passed, spoke []int64) func(*testing.T, *RoomState, time.Time) {
		return func(t *testing.T, s *RoomState, _ time.Time) {
			t.Helper()
			r := s.Round
			if r == nil || r.ItemID != s.CurrentItem().ID || !slices.Equal(r.Order, order) || r.Turn != turn ||
				!slices.Equal(r.Passed, passed) || !slices.Equal(r.Spoke, spoke) {
				t.Fatalf("round %+v, want order %v turn %d passed %v spoke %v", r, order, turn, passed, spoke)
			}
		}
	}
	all := []int64{pFac, pCo, pMentor, pAktori}
	started := do(pFac, ActRound)
	runApply(t, []applyCase{
		{name: "turn without a round", then: do(pFac, ActTurn), code: EInvalid, msg: MsgRoomNoRound},
		{name: "the away are left out", given: []step{do(pCo, ActAway).flag(true)}, then: started,
			check: round([]int64{pFac, pMentor, pAktori}, 0, nil, nil)},
		{name: "not the next one's turn", given: []step{started}, then: do(pMentor, ActTurn), code: EForbidden, msg: MsgRoomNotYourTurn},
		{name: "nor their pass", given: []step{started}, then: do(pAktori, ActPass), code: EForbidden, msg: MsgRoomNotYourTurn},
		{name: "the speaker ends their turn", given: []step{started}, then: do(pFac, ActTurn),
			check: round(all, 1, nil, []int64{pFac})},
		{name: "the speaker passes", given: []step{started, do(pFac, ActTurn)}, then: do(pCo, ActPass),
			check: round(all, 2, []int64{pCo}, []int64{pFac})},
		{name: "a leader ends someone's turn", given: []step{started, do(pFac, ActTurn), do(pCo, ActTurn)}, then: do(pCo, ActTurn),
			check: round(all, 3, nil, []int64{pFac, pCo, pMentor})},
		{name: "a leader's own pass is for their own turn", given: []step{started, do(pFac, ActTurn), do(pCo, ActTurn)},
			then: do(pFac, ActPass), code: EForbidden, msg: MsgRoomNotYourTurn},
		{name: "a leader's pass names the speaker", given: []step{started, do(pFac, ActTurn), do(pCo, ActTurn)},
			then: do(pFac, ActPass).to(pAktori), code: EForbidden, msg: MsgRoomNotYourTurn},
		{name: "a leader marks the speaker's pass", given: []step{started, do(pFac, ActTurn), do(pCo, ActTurn)},
			then: do(pFac, ActPass).to(pMentor), check: round(all, 3, []int64{pMentor}, []int64{pFac, pCo})},
		{name: "a member cannot pass for another", given: []step{started, do(pFac, ActTurn), do(pCo, ActTurn)},
			then: step{by: pAktori, act: Action{Kind: ActPass, Person: pMentor}}, code: EForbidden, msg: MsgRoomNotYourTurn},
		{name: "over", given: []step{started, do(pFac, ActTurn), do(pCo, ActTurn), do(pMentor, ActTurn), do(pAktori, ActTurn)},
			then: do(pAktori, ActTurn), code: EInvalid, msg: MsgRoomNoRound},
		{name: "a new round records the open one",
			given: []step{started, do(pFac, ActTurn), do(pCo, ActPass)}, then: started,
			check: func(t *testing.T, s *RoomState, now time.Time) {
				round(all, 0, nil, nil)(t, s, now)
				if !slices.Equal(s.Rounds, []RoundRecord{{ItemID: 11, Speakers: 1, Passed: 1}}) {
					t.Fatalf("rounds %+v", s.Rounds)
				}
			}},
		{name: "nobody here and not away",
			given: []step{started, do(pFac, ActAway).flag(true), do(pCo, ActAway).flag(true), do(pMentor, ActAway).flag(true), do(pAktori, ActAway).flag(true)},
			then:  started, code: EInvalid, msg: MsgRoomNobodyHere},
		{name: "no round on an empty agenda", setup: func(s *RoomState) { s.Items, s.Timeline = nil, nil },
			then: started, code: EInvalid, msg: MsgRoomNobodyHere},
	})
}

// TestApplyHands: hands go up in order and down again; the word goes to
// the first hand or to someone named, and is ended by them or a leader.
func TestApplyHands(t *testing.T) {
	t.Parallel()
	hands := func(speaker int64, want ...int64) func(*testing.T, *RoomState, time.Time) {
		return func(t *testing.T, s *RoomState, _ time.Time) {
			t.Helper()
			if s.Speaker != speaker || !slices.Equal(s.Hands, want) {
				t.Fatalf("speaker %d hands %v, want %d %v", s.Speaker, s.Hands, speaker, want)
			}
		}
	}
	up := []step{do(pMentor, ActHand), do(pAktori, ActHand), do(pCo, ActHand)}
	runApply(t, []applyCase{
		{name: "raised in order", given: up[:2], then: up[2], check: hands(0, pMentor, pAktori, pCo)},
		{name: "lowered", given: up, then: do(pAktori, ActHand), check: hands(0, pMentor, pCo)},
		{name: "raised again goes last", given: append(slices.Clone(up), do(pAktori, ActHand)), then: do(pAktori, ActHand),
			check: hands(0, pMentor, pCo, pAktori)},
		{name: "the word to the first hand", given: up, then: do(pFac, ActGiveWord), check: hands(pMentor, pAktori, pCo)},
		{name: "the word to someone named", given: up, then: do(pFac, ActGiveWord).to(pAktori), check: hands(pAktori, pMentor, pCo)},
		{name: "the word to someone without a hand", given: up, then: do(pFac, ActGiveWord).to(pFac), check: hands(pFac, pMentor, pAktori, pCo)},
		{name: "a co-facilitator gives the word to their own hand", given: up[2:], then: do(pCo, ActGiveWord), check: hands(pCo)},
		{name: "the word to a stranger", given: up, then: do(pFac, ActGiveWord).to(pStranger), code: EInvalid, msg: MsgRoomNoHands},
		{name: "no hands", then: do(pFac, ActGiveWord), code: EInvalid, msg: MsgRoomNoHands},
		{name: "no word to end", then: do(pMentor, ActEndWord), code: EInvalid, msg: MsgRoomNoWord},
		{name: "another cannot end the word", given: append(slices.Clone(up), do(pFac, ActGiveWord)), then: do(pAktori, ActEndWord),
			code: EForbidden, msg: MsgForbidden},
		{name: "the speaker ends the word", given: append(slices.Clone(up), do(pFac, ActGiveWord)), then: do(pMentor, ActEndWord),
			check: hands(0, pAktori, pCo)},
		{name: "a leader takes the word back", given: append(slices.Clone(up), do(pFac, ActGiveWord)), then: do(pFac, ActEndWord),
			check: hands(0, pAktori, pCo)},
	})
}

// TestApplyHandoff: a leader hands the meeting to someone here, who then
// drives; the group's leaders keep their keys and take it back.
func TestApplyHandoff(t *testing.T) {
	t.Parallel()
	driver := func(id int64, name string) func(*testing.T, *RoomState, time.Time) {
		return func(t *testing.T, s *RoomState, _ time.Time) {
			t.Helper()
			if s.Driver != id || s.DriverName != name || !slices.Equal(s.Leaders, []int64{pFac, pCo}) {
				t.Fatalf("driver %d %q leaders %v, want %d %q", s.Driver, s.DriverName, s.Leaders, id, name)
			}
		}
	}
	handed := do(pFac, ActHandoff).to(pMentor)
	runApply(t, []applyCase{
		{name: "to someone who left", then: do(pFac, ActHandoff).to(pGone), code: EInvalid, msg: MsgRoomNotHere},
		{name: "to a stranger", then: do(pFac, ActHandoff).to(pStranger), code: EInvalid, msg: MsgRoomNotHere},
		{name: "to nobody", then: do(pFac, ActHandoff), code: EInvalid, msg: MsgRoomNotHere},
		{name: "to oneself", then: do(pFac, ActHandoff).to(pFac), code: EInvalid, msg: MsgRoomHandoffSelf},
		{name: "to a mentor", then: handed, check: func(t *testing.T, s *RoomState, now time.Time) {
			driver(pMentor, "Mentori")(t, s, now)
			if !s.Leads(pMentor) {
				t.Fatal("the one handed does not lead")
			}
		}},
		{name: "the one handed drives", given: []step{handed}, then: do(pMentor, ActNext), check: driver(pMentor, "Mentori")},
		{name: "a leader's minute keeps the driver", given: []step{handed}, then: do(pCo, ActAddMinute), check: driver(pMentor, "Mentori")},
		{name: "the one handed cannot take the lead", given: []step{handed}, then: do(pMentor, ActTakeLead), code: EForbidden, msg: MsgForbidden},
		{name: "a leader takes it back", given: []step{handed}, then: do(pFac, ActTakeLead), check: func(t *testing.T, s *RoomState, now time.Time) {
			driver(pFac, "Fasi")(t, s, now)
			if s.Leads(pMentor) {
				t.Fatal("the mentor still leads")
			}
		}},
		{name: "taken back, no keys", given: []step{handed, do(pFac, ActTakeLead)}, then: do(pMentor, ActNext), code: EForbidden, msg: MsgForbidden},
		{name: "handed back", given: []step{handed}, then: do(pMentor, ActHandoff).to(pFac), check: driver(pFac, "Fasi")},
	})
}

// TestApplyRevealAndFlags: reveal is for silent writing; away and writing
// are one's own.
func TestApplyRevealAndFlags(t *testing.T) {
	t.Parallel()
	onWriting := func(s *RoomState) { s.Current = 2 }
	flags := func(id int64, away, writing bool) func(*testing.T, *RoomState, time.Time) {
		return func(t *testing.T, s *RoomState, _ time.Time) {
			t.Helper()
			for _, p := range s.People {
				a, w := p.PersonID == id && away, p.PersonID == id && writing
				if p.Away != a || p.Writing != w {
					t.Fatalf("presence %+v", p)
				}
			}
		}
	}
	runApply(t, []applyCase{
		{name: "reveal a round", then: do(pFac, ActReveal), code: EInvalid, msg: MsgRoomNotWriting},
		{name: "reveal the writing", setup: onWriting, then: do(pCo, ActReveal), check: func(t *testing.T, s *RoomState, _ time.Time) {
			if !s.IsRevealed(13) {
				t.Fatalf("revealed %v", s.Revealed)
			}
		}},
		{name: "reveal again", setup: onWriting, given: []step{do(pFac, ActReveal)}, then: do(pFac, ActReveal),
			check: func(t *testing.T, s *RoomState, _ time.Time) {
				if !slices.Equal(s.Revealed, []int64{13}) {
					t.Fatalf("revealed %v", s.Revealed)
				}
			}},
		{name: "away", then: do(pMentor, ActAway).flag(true), check: flags(pMentor, true, false)},
		{name: "writing", given: []step{do(pMentor, ActAway).flag(true)}, then: do(pMentor, ActWriting).flag(true), check: flags(pMentor, true, true)},
		{name: "back and done", given: []step{do(pMentor, ActAway).flag(true), do(pMentor, ActWriting).flag(true), do(pMentor, ActAway)},
			then: do(pMentor, ActWriting), check: flags(0, false, false)},
	})
}
