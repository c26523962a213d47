package session

import (
	"context"
	"sort"
	"strconv"
	"strings"
)

// ReflectionGroups lists, by name, the groups whose reflections the actor
// may read: their own groups and, for a reader, every group with shared
// reflections. These are what the reflections can be filtered by.
func (s *Service) ReflectionGroups(ctx context.Context, a Actor) (_ []Group, err error) {
	defer s.logRead(ctx, "ReflectionGroups", &err)
	mine, err := s.Groups(ctx, a)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var out []Group
	for _, g := range mine {
		seen[g.ID] = true
		out = append(out, g.Group)
	}
	if a.Person.Role == RoleReader {
		shared, err := s.store.SharedGroups(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range shared {
			if !seen[g.ID] {
				seen[g.ID] = true
				out = append(out, g)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, nil
}

// FindReflectionGroup resolves what a person typed for a group — its id
// or its name — among the groups whose reflections they may read.
func FindReflectionGroup(groups []Group, ref string) (*Group, error) {
	ref = strings.TrimSpace(ref)
	for i, g := range groups {
		if strconv.FormatInt(g.ID, 10) == ref || strings.EqualFold(g.Name, ref) {
			return &groups[i], nil
		}
	}
	return nil, Errorf(ENotFound, MsgGroupNotFound)
}
