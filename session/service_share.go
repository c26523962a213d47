package session

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// CreateShare records what the group shares onward, to whom, how and
// when. Each quote is an excerpt of one of the group's reflections that
// the leader may read; its author is asked to approve exactly that text
// before anyone else sees it.
func (s *Service) CreateShare(ctx context.Context, a Actor, in ShareInput) (_ *Share, err error) {
	defer s.logChange(ctx, "CreateShare", &err, "group", in.GroupID)
	if _, err := s.leader(ctx, a, in.GroupID); err != nil {
		return nil, err
	}
	// One line: a line break would let the description pass for an
	// approved quote, or for the excerpt an author is asked to approve,
	// on the screens that print it above them.
	what := CleanLine(in.What)
	switch {
	case what == "":
		return nil, Errorf(EInvalid, MsgShareWhatEmpty)
	case RuneCount(what) > MaxShareTextLen:
		return nil, Errorf(EInvalid, MsgTextTooLong, MaxShareTextLen)
	}
	how, err := ParseShareHow(in.How)
	if err != nil {
		return nil, err
	}
	when, err := ParseShareDate(in.When)
	if err != nil {
		return nil, err
	}
	sh := &Share{GroupID: in.GroupID, What: what, How: how, When: when, CreatedBy: a.Person.ID, CreatedAt: s.now()}
	if sh.Audience, sh.AudienceName, err = s.shareAudience(ctx, in); err != nil {
		return nil, err
	}
	if sh.Quotes, err = s.shareQuotes(ctx, a, in); err != nil {
		return nil, err
	}
	if err := s.store.CreateShare(ctx, sh); err != nil {
		return nil, err
	}
	return sh, nil
}

// shareAudience checks to whom: the readers, another group of the server
// by its id, or an audience named in words.
func (s *Service) shareAudience(ctx context.Context, in ShareInput) (ShareAudience, string, error) {
	aud := strings.TrimSpace(in.Audience)
	name := CleanLine(in.AudienceName)
	switch {
	case aud == string(AudienceReaders):
		return AudienceReaders, "", nil
	case aud == string(AudienceNamed) || (aud == "" && name != ""):
		if name == "" {
			return "", "", Errorf(EInvalid, MsgAudienceNameEmpty)
		}
		if RuneCount(name) > MaxAudienceNameLen {
			return "", "", Errorf(EInvalid, MsgAudienceNameLong, MaxAudienceNameLen)
		}
		return AudienceNamed, name, nil
	}
	id, err := strconv.ParseInt(aud, 10, 64)
	if err != nil || id == in.GroupID {
		return "", "", Errorf(EInvalid, MsgAudienceInvalid, CleanLine(aud))
	}
	g, err := s.store.GroupByID(ctx, id)
	if err != nil {
		return "", "", Errorf(EInvalid, MsgAudienceInvalid, CleanLine(aud))
	}
	return ShareAudience("group:" + strconv.FormatInt(id, 10)), g.Name, nil
}

// shareQuotes checks each quote: a reflection of the group the leader may
// read, and an excerpt found in it as it is now.
func (s *Service) shareQuotes(ctx context.Context, a Actor, in ShareInput) ([]Quote, error) {
	var out []Quote
	seen := map[int64]bool{}
	for _, rid := range in.Quotes {
		if seen[rid] {
			continue
		}
		seen[rid] = true
		if len(out) == MaxShareQuotes {
			return nil, Errorf(EInvalid, MsgTooManyQuotes, MaxShareQuotes)
		}
		r, err := s.Reflection(ctx, a, rid)
		if isInternal(err) {
			return nil, err
		}
		if err != nil || r.GroupID != in.GroupID || (r.Visibility == VisPrivate && r.AuthorID != a.Person.ID) {
			return nil, Errorf(EInvalid, MsgQuoteNotReadable, rid)
		}
		q := Quote{ReflectionID: rid, AuthorID: r.AuthorID, Status: QuoteAsked, Body: r.Body, Whole: true}
		if ex := strings.TrimSpace(CleanText(in.Excerpts[rid])); ex != "" && ex != strings.TrimSpace(r.Body) {
			if !strings.Contains(r.Body, ex) {
				return nil, Errorf(EInvalid, MsgExcerptNotInText, rid)
			}
			q.Body, q.Whole = ex, false
		}
		if r.AuthorID == a.Person.ID {
			q.Status = QuoteApproved // quoting oneself needs no asking
		}
		out = append(out, q)
	}
	return out, nil
}

// ShareCandidates lists the group's reflections a leader may quote,
// newest first: not private, and readable by them.
func (s *Service) ShareCandidates(ctx context.Context, a Actor, groupID int64) (_ []ShareCandidate, err error) {
	defer s.logRead(ctx, "ShareCandidates", &err, "group", groupID)
	if _, err := s.leader(ctx, a, groupID); err != nil {
		return nil, err
	}
	rs, err := s.store.Reflections(ctx, viewer(a), ReflectionFilter{GroupID: groupID, Limit: MaxShareCandidates})
	if err != nil {
		return nil, err
	}
	var out []ShareCandidate
	for _, r := range rs {
		if r.Visibility == VisPrivate || r.GroupID != groupID {
			continue
		}
		out = append(out, ShareCandidate{ID: r.ID, AuthorName: r.AuthorName, Body: r.Body, CreatedAt: r.CreatedAt, Sentences: Sentences(r.Body)})
	}
	return out, nil
}

// ShareTargets lists the other groups a leader may share onward to.
func (s *Service) ShareTargets(ctx context.Context, a Actor, groupID int64) (_ []ShareTarget, err error) {
	defer s.logRead(ctx, "ShareTargets", &err, "group", groupID)
	if _, err := s.leader(ctx, a, groupID); err != nil {
		return nil, err
	}
	return s.store.ShareTargets(ctx, groupID, MaxShareTargets)
}

// Shares returns a group's decisions on sharing onward, for its members;
// a quote's excerpt only where the member may read the reflection anyway.
func (s *Service) Shares(ctx context.Context, a Actor, groupID int64) (_ []Share, err error) {
	defer s.logRead(ctx, "Shares", &err, "group", groupID)
	if _, err := s.member(ctx, a, groupID); err != nil {
		return nil, err
	}
	shares, err := s.store.Shares(ctx, groupID)
	if err != nil {
		return nil, err
	}
	for i := range shares {
		for j := range shares[i].Quotes {
			q := &shares[i].Quotes[j]
			if _, err := s.Reflection(ctx, a, q.ReflectionID); err != nil {
				q.Body = ""
			}
		}
	}
	return shares, nil
}

// SharedWithMe returns what groups have shared onward to the actor: to
// the readers if they are one, and to their groups. A quote shows only
// while its author's approval stands and the reflection is not private.
func (s *Service) SharedWithMe(ctx context.Context, a Actor) (_ []Share, err error) {
	defer s.logRead(ctx, "SharedWithMe", &err)
	if !a.Known() {
		return nil, forbidden(a)
	}
	var auds []ShareAudience
	if a.Person.Role == RoleReader {
		auds = append(auds, AudienceReaders)
	}
	groups, err := s.store.GroupsOf(ctx, a.Person.ID, s.now())
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		if g.Admitted {
			auds = append(auds, ShareAudience("group:"+strconv.FormatInt(g.ID, 10)))
		}
	}
	if len(auds) == 0 {
		return nil, nil
	}
	shares, err := s.store.SharesFor(ctx, auds)
	if err != nil {
		return nil, err
	}
	for i := range shares {
		shares[i].Quotes = slices.DeleteFunc(shares[i].Quotes, func(q Quote) bool { return !q.Published() })
	}
	return shares, nil
}

// ApprovalRequests lists the quotes of the actor's reflections that wait
// for their answer.
func (s *Service) ApprovalRequests(ctx context.Context, a Actor) (_ []ApprovalRequest, err error) {
	defer s.logRead(ctx, "ApprovalRequests", &err)
	qs, err := s.myQuotes(ctx, a)
	var asked []ApprovalRequest
	for _, q := range qs {
		if q.Status == QuoteAsked {
			asked = append(asked, q)
		}
	}
	return asked, err
}

// MyQuotes lists every quote of the actor's reflections, whatever its
// status: the ones to answer and the approvals they may withdraw.
func (s *Service) MyQuotes(ctx context.Context, a Actor) (_ []ApprovalRequest, err error) {
	defer s.logRead(ctx, "MyQuotes", &err)
	return s.myQuotes(ctx, a)
}

func (s *Service) myQuotes(ctx context.Context, a Actor) ([]ApprovalRequest, error) {
	if !a.Known() {
		return nil, forbidden(a)
	}
	return s.store.AuthorQuotes(ctx, a.Person.ID)
}

// AnswerQuote approves or declines quoting the actor's reflection. A
// private reflection cannot be approved: nobody else may read it.
func (s *Service) AnswerQuote(ctx context.Context, a Actor, shareID, reflectionID int64, approve bool) (err error) {
	defer s.logChange(ctx, "AnswerQuote", &err, "share", shareID, "reflection", reflectionID, "approve", approve)
	if !a.Known() {
		return forbidden(a)
	}
	status := QuoteDeclined
	if approve {
		status = QuoteApproved
		r, err := s.store.ReflectionByID(ctx, reflectionID)
		if isInternal(err) {
			return err
		}
		if err != nil || r.AuthorID != a.Person.ID {
			return Errorf(ENotFound, MsgShareNotFound)
		}
		if r.Visibility == VisPrivate {
			return Errorf(EConflict, MsgQuotePrivate)
		}
	}
	return s.store.SetQuoteStatus(ctx, shareID, reflectionID, a.Person.ID, status)
}

// WithdrawQuote takes back the actor's approval to quote their reflection:
// in one share, or in every share when shareID is 0. From then on no
// audience sees the quote. It returns how many approvals were withdrawn.
func (s *Service) WithdrawQuote(ctx context.Context, a Actor, reflectionID, shareID int64) (_ int, err error) {
	defer s.logChange(ctx, "WithdrawQuote", &err, "reflection", reflectionID, "share", shareID)
	if !a.Known() {
		return 0, forbidden(a)
	}
	n, err := s.store.WithdrawQuotes(ctx, a.Person.ID, reflectionID, shareID)
	if err == nil && n == 0 {
		return 0, Errorf(ENotFound, MsgNoApprovedQuote, reflectionID)
	}
	return n, err
}
