package room

import (
	"fmt"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

// benchState is a room as the bench has it: ten people, an agenda of
// eight items with prompts, a few messages at the current item.
func benchState(current int) *session.RoomState {
	st := &session.RoomState{MeetingID: 7, GroupID: 1, GroupName: "Mentoriryhmä Itä-Uusimaa", Title: "3. tapaaminen: oma osaaminen",
		Version: int64(10 + current), Leaders: []int64{1}, Driver: 1, Current: current,
		Timer: session.Timer{Remaining: 10 * time.Minute}}
	kinds := []session.ItemKind{session.KindRound, session.KindDiscussion, session.KindWriting, session.KindDiscussion}
	for i := range 8 {
		st.Items = append(st.Items, session.AgendaItem{ID: int64(100 + i), Title: fmt.Sprintf("Agenda item %d", i+1),
			Kind: kinds[i%len(kinds)], Minutes: 10 + i,
			Prompt: "Mitä olet oppinut edellisen tapaamisen jälkeen? Kerro lyhyesti yksi asia, joka on jäänyt mieleen."})
	}
	for i := range 10 {
		st.People = append(st.People, session.Presence{PersonID: int64(i + 1), Name: fmt.Sprintf("Osallistuja %d", i+1),
			Role: session.GroupMentor, Sessions: 1})
	}
	for i := range 3 {
		st.Messages = append(st.Messages, session.Message{ID: int64(i + 1), PersonID: int64(2 + i), Name: fmt.Sprintf("Osallistuja %d", 2+i),
			ItemID: st.Items[1].ID, Text: "Hyvä pointti, samaa mieltä."})
	}
	return st
}

// BenchmarkRoomRedraw is one participant's share of an advance at
// 100×30: the new state drawn, then the new item's (empty) discussion
// arriving from the store.
func BenchmarkRoomRedraw(b *testing.B) {
	f, r := newFrame(session.LangFI, 3, 100, 30)
	r.st = benchState(1)
	r.viewing = 1
	f.layout()
	f.View()
	states := []*session.RoomState{benchState(1), benchState(2)}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		st := states[i%2]
		f.Update(roomStateMsg{st})
		f.View()
		f.Update(roomHistoryMsg{itemID: st.Items[st.Current].ID})
		if !f.unchanged {
			f.View()
		}
		delete(r.histLoaded, st.Items[st.Current].ID)
	}
}
