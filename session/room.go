package session

import (
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
	Version   int64
	Items     []AgendaItem
	Current   int // index into Items
	Timer     Timer
	// Leaders may drive the meeting: the group's facilitators and
	// co-facilitators, and anyone a facilitator handed the meeting to.
	Leaders []int64
	Driver  int64 // the leader driving now (who pressed last)
	People  []Presence
	Hands   []int64 // raised hands, in the order they went up
	Speaker int64   // who has the word from the hand queue; 0: nobody
	Round   *Round
	Rounds  []RoundRecord // rounds held, for the summary
	// Messages are the most recent discussion messages (older ones are in
	// the meeting's history).
	Messages []Message
	Revealed []int64 // silent-writing items whose writing is revealed
	// Writings are the revealed texts. Text that is not revealed is never
	// in the state: the state goes to everyone in the room.
	Writings []RevealedWriting
	Timeline []ItemVisit
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
	Passed []int64 // who chose to pass
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

// Leads reports whether a person may drive the meeting.
func (s *RoomState) Leads(id int64) bool { return slices.Contains(s.Leaders, id) }

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
	if s.Round != nil {
		r := *s.Round
		r.Order = slices.Clone(s.Round.Order)
		r.Passed = slices.Clone(s.Round.Passed)
		c.Round = &r
	}
	return &c
}

// goTo moves to item i, closing the current visit and restarting the
// timer from the new item's timebox (running if it was running).
func (s *RoomState) goTo(i int, now time.Time) {
	if n := len(s.Timeline); n > 0 && s.Timeline[n-1].To.IsZero() {
		s.Timeline[n-1].To = now
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
	s.setTimer(time.Duration(it.Minutes)*time.Minute, s.Timer.Running, now)
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
	spoke := min(s.Round.Turn, len(s.Round.Order)) - len(s.Round.Passed)
	s.Rounds = append(s.Rounds, RoundRecord{ItemID: s.Round.ItemID, Speakers: max(spoke, 0), Passed: len(s.Round.Passed)})
	s.Round = nil
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
