package session

import (
	"maps"
	"slices"
	"time"
)

// RoomState is everything about a live meeting that its participants see,
// as one value with a version. It is stored whole after every change, so
// a late joiner, a reconnect or a restarted server has it at once.
type RoomState struct {
	MeetingID int64
	GroupID   int64
	GroupName string
	Title     string
	// Link is the meeting's voice or video call (https), or "".
	Link    string
	Version int64
	Items   []AgendaItem
	Current int // index into Items
	Timer   Timer
	// Leaders may always drive the meeting: the group's facilitators and
	// co-facilitators. Someone else handed the meeting leads only while
	// they are the Driver.
	Leaders []int64
	Driver  int64 // who drives now: the starter, or whom it was handed to
	// DriverName names the driver even before they have come in (a
	// meeting started from the command line).
	DriverName string
	People     []Presence
	Hands      []int64 // raised hands, in the order they went up
	Speaker    int64   // who has the word from the hand queue; 0: nobody
	Round      *Round
	Rounds     []RoundRecord // rounds held, for the summary
	// Messages are the most recent discussion messages (older ones are in
	// the meeting's history).
	Messages []Message
	// MessagesWhole is true while Messages are all of the meeting's
	// discussion (none has yet scrolled out of the state), so that a
	// screen need not load an item's history from the store. It is false
	// in a state saved before the field existed.
	MessagesWhole bool
	Revealed      []int64 // silent-writing items whose writing is revealed
	// Writings are the revealed texts. Text that is not revealed is never
	// in the state: the state goes to everyone in the room.
	Writings []RevealedWriting
	Timeline []ItemVisit
	// Parked keeps the time left of each item the meeting moved away
	// from, so that going back (an accidental advance) or forward again
	// resumes it where it was.
	Parked map[int64]time.Duration
	// Written counts, per silent-writing item, the people who have
	// submitted a text: a count only, never the texts.
	Written map[int64]int
	// Tasks are the interim tasks due at this meeting, as they stood when it
	// started: the opening item lists them.
	Tasks   []TaskStatus
	Started time.Time
	Ended   bool
	EndedAt time.Time
}

// TaskStatus is an interim task and how many members have done it.
type TaskStatus struct {
	Title   string
	Done    int
	Members int
	DoneBy  []int64 // who had done it; the view shows each their own ☑
}

// Timer counts an item's timebox down. While running it has a deadline; while
// paused, what was left. Both can be negative: overtime.
type Timer struct {
	Running   bool
	Deadline  time.Time
	Remaining time.Duration
}

// Left returns the time left at now (negative in overtime).
func (t Timer) Left(now time.Time) time.Duration {
	if t.Running {
		return t.Deadline.Sub(now)
	}
	return t.Remaining
}

// Presence is one member as the room knows them.
type Presence struct {
	PersonID int64
	Name     string
	Role     GroupRole
	Sessions int // connected sessions; 0: not here
	Writing  bool
	Away     bool
	JoinedAt time.Time // first arrival, for attendance
}

// Here reports whether the person is connected.
func (p Presence) Here() bool { return p.Sessions > 0 }

// Round is a speaking round: everyone present in turn.
type Round struct {
	ItemID int64
	Order  []int64
	Turn   int     // index into Order; len(Order): the round is over
	Passed []int64 // who passed (themselves, or a leader for them)
	// Spoke are those whose turn ended while they were here; Skipped
	// those who were not here (or away) when their turn came or ended.
	Spoke   []int64
	Skipped []int64
}

// Speaking returns whose turn it is, or 0 when the round is over.
func (r *Round) Speaking() int64 {
	if r == nil || r.Turn >= len(r.Order) {
		return 0
	}
	return r.Order[r.Turn]
}

// Next returns who speaks after the current speaker, or 0.
func (r *Round) Next() int64 {
	if r == nil || r.Turn+1 >= len(r.Order) {
		return 0
	}
	return r.Order[r.Turn+1]
}

// RoundRecord is a round held, for the summary.
type RoundRecord struct {
	ItemID   int64
	Speakers int
	Passed   int
	Skipped  int
}

// Message is one line of the room's discussion, tagged with the item it
// was said under.
type Message struct {
	ID        int64
	MeetingID int64
	PersonID  int64
	Name      string
	ItemID    int64
	Text      string
	At        time.Time
}

// ItemVisit is a stretch of time spent on an item, for actual durations.
type ItemVisit struct {
	ItemID int64
	From   time.Time
	To     time.Time // zero while current
}

// MaxMessageLen is the longest discussion message, in characters.
const MaxMessageLen = 1000

// recentMessages is how many messages the room state carries.
const recentMessages = 100

// CurrentItem returns the item being handled, or nil for an empty agenda.
func (s *RoomState) CurrentItem() *AgendaItem {
	if s.Current < 0 || s.Current >= len(s.Items) {
		return nil
	}
	return &s.Items[s.Current]
}

// Person returns someone's presence, or nil.
func (s *RoomState) Person(id int64) *Presence {
	for i := range s.People {
		if s.People[i].PersonID == id {
			return &s.People[i]
		}
	}
	return nil
}

// Leads reports whether a person may drive the meeting now: a leader of
// the group, or the one it was handed to while they drive.
func (s *RoomState) Leads(id int64) bool {
	return id != 0 && (slices.Contains(s.Leaders, id) || s.Driver == id)
}

// WritingOthers counts the people here, other than id, who are writing.
func (s *RoomState) WritingOthers(id int64) int {
	n := 0
	for _, p := range s.People {
		if p.PersonID != id && p.Here() && p.Writing {
			n++
		}
	}
	return n
}

// HereCount counts the people connected now.
func (s *RoomState) HereCount() int {
	n := 0
	for _, p := range s.People {
		if p.Here() {
			n++
		}
	}
	return n
}

// IsRevealed reports whether an item's silent writing has been revealed.
func (s *RoomState) IsRevealed(itemID int64) bool { return slices.Contains(s.Revealed, itemID) }

// Clone returns a deep copy, so that a published state never changes under
// a reader.
func (s *RoomState) Clone() *RoomState {
	c := *s
	c.Items = slices.Clone(s.Items)
	c.Leaders = slices.Clone(s.Leaders)
	c.People = slices.Clone(s.People)
	c.Hands = slices.Clone(s.Hands)
	c.Rounds = slices.Clone(s.Rounds)
	c.Messages = slices.Clone(s.Messages)
	c.Revealed = slices.Clone(s.Revealed)
	c.Writings = slices.Clone(s.Writings)
	c.Timeline = slices.Clone(s.Timeline)
	c.Tasks = slices.Clone(s.Tasks)
	c.Parked = maps.Clone(s.Parked)
	c.Written = maps.Clone(s.Written)
	if s.Round != nil {
		r := *s.Round
		r.Order = slices.Clone(s.Round.Order)
		r.Passed = slices.Clone(s.Round.Passed)
		r.Spoke = slices.Clone(s.Round.Spoke)
		r.Skipped = slices.Clone(s.Round.Skipped)
		c.Round = &r
	}
	return &c
}

// goTo moves to item i, closing the current visit and parking its time
// left. An item visited before resumes its parked time, a new one starts
// from its timebox; the timer stays running or paused as it was, so that
// undoing an accidental advance returns to the item exactly as it was.
func (s *RoomState) goTo(i int, now time.Time) {
	if n := len(s.Timeline); n > 0 && s.Timeline[n-1].To.IsZero() {
		s.Timeline[n-1].To = now
		if cur := s.CurrentItem(); cur != nil {
			if s.Parked == nil {
				s.Parked = map[int64]time.Duration{}
			}
			s.Parked[cur.ID] = s.Timer.Left(now)
		}
	}
	s.Current = i
	s.finishRound()
	s.Speaker = 0
	it := s.CurrentItem()
	if it == nil {
		s.Timer = Timer{}
		return
	}
	s.Timeline = append(s.Timeline, ItemVisit{ItemID: it.ID, From: now})
	left, ok := s.Parked[it.ID]
	if !ok {
		left = time.Duration(it.Minutes) * time.Minute
	}
	s.setTimer(left, s.Timer.Running, now)
}

func (s *RoomState) setTimer(left time.Duration, running bool, now time.Time) {
	if running {
		s.Timer = Timer{Running: true, Deadline: now.Add(left)}
	} else {
		s.Timer = Timer{Remaining: left}
	}
}

// finishRound records the open round, if any, as held.
func (s *RoomState) finishRound() {
	if s.Round == nil {
		return
	}
	r := s.Round
	s.Rounds = append(s.Rounds, RoundRecord{ItemID: r.ItemID, Speakers: len(r.Spoke), Passed: len(r.Passed), Skipped: len(r.Skipped)})
	s.Round = nil
}

// present reports whether someone is here and not away: whether a turn
// can be theirs.
func (s *RoomState) present(id int64) bool {
	p := s.Person(id)
	return p != nil && p.Here() && !p.Away
}

// endTurn ends the speaker's turn as spoke, passed or skipped, and moves
// on past anyone who is not here (they are skipped, not waited for).
func (s *RoomState) endTurn(passed bool) {
	r := s.Round
	sp := r.Speaking()
	switch {
	case passed:
		r.Passed = append(r.Passed, sp)
	case s.present(sp):
		r.Spoke = append(r.Spoke, sp)
	default:
		r.Skipped = append(r.Skipped, sp)
	}
	r.Turn++
	s.skipAbsent()
}

// skipAbsent moves the round past speakers who are not here.
func (s *RoomState) skipAbsent() {
	r := s.Round
	for r != nil && r.Speaking() != 0 && !s.present(r.Speaking()) {
		r.Skipped = append(r.Skipped, r.Speaking())
		r.Turn++
	}
}

// close ends the meeting's timeline.
func (s *RoomState) close(now time.Time) {
	if n := len(s.Timeline); n > 0 && s.Timeline[n-1].To.IsZero() {
		s.Timeline[n-1].To = now
	}
	s.finishRound()
	s.Timer.Running = false
	s.Ended, s.EndedAt = true, now
}

// ActualMinutes returns the time spent on each item, by item id; a visit
// still open counts until now.
func (s *RoomState) ActualMinutes(now time.Time) map[int64]time.Duration {
	out := map[int64]time.Duration{}
	for _, v := range s.Timeline {
		to := v.To
		if to.IsZero() {
			to = now
		}
		out[v.ItemID] += to.Sub(v.From)
	}
	return out
}

// setWritings replaces an item's revealed texts.
func (s *RoomState) setWritings(itemID int64, ws []RevealedWriting) {
	keep := s.Writings[:0:0]
	for _, w := range s.Writings {
		if w.ItemID != itemID {
			keep = append(keep, w)
		}
	}
	s.Writings = append(keep, ws...)
}
