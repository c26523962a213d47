package session

import "context"

// MaxItemHistory is the most messages of one item a room's screen loads:
// enough for any real discussion, bounded for anyone who asks.
const MaxItemHistory = 1000

// ItemMessages returns the discussion held under one agenda item of a
// meeting, oldest first, at most the newest MaxItemHistory. The room's
// state carries only recent messages; this is the rest, for scrolling back
// and for late joiners. The group's members may read it.
func (s *Service) ItemMessages(ctx context.Context, a Actor, meetingID, itemID int64) (_ []Message, err error) {
	defer s.logRead(ctx, "ItemMessages", &err, "meeting", meetingID, "item", itemID)
	if _, err := s.meetingOf(ctx, a, meetingID, false); err != nil {
		return nil, err
	}
	all, err := s.store.RoomMessages(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, m := range all {
		if m.ItemID == itemID {
			out = append(out, m)
		}
	}
	if len(out) > MaxItemHistory {
		out = out[len(out)-MaxItemHistory:]
	}
	return out, nil
}
