package session

import "context"

// reportShares lists a group's decisions on sharing onward for the
// report. A quote keeps its text only while it is Published (approved and
// the reflection not private); otherwise only its author and state show.
// Kept apart so that the decisions' own fields can grow here.
func (s *Service) reportShares(ctx context.Context, groupID int64) ([]Share, error) {
	shares, err := s.store.Shares(ctx, groupID)
	if err != nil {
		return nil, err
	}
	for i := range shares {
		for j := range shares[i].Quotes {
			if q := &shares[i].Quotes[j]; !q.Published() {
				q.Body = ""
			}
		}
	}
	return shares, nil
}
