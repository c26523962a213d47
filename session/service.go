package session

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// Actor is whoever asks the Service to do something: a person identified by
// an SSH key, an unknown key that has not joined yet, or the local operator
// who runs `piiri admin` with access to the data directory.
type Actor struct {
	Fingerprint string
	Person      *Person // nil for an unknown key
	operator    bool
}

// Operator is the actor for local administration commands. Only code that
// runs with file access to the data directory (cmd/piiri) may use it.
func Operator() Actor { return Actor{operator: true} }

// Known reports whether the actor is a person who has joined.
func (a Actor) Known() bool { return a.Person != nil }

// IsAdmin reports whether the actor may administer the server.
func (a Actor) IsAdmin() bool {
	return a.operator || (a.Person != nil && a.Person.Role == RoleAdmin)
}

// Service holds piiri's use cases. Each method checks the actor's rights,
// validates input, stores, and only then lets anyone see the result.
type Service struct {
	store     Store
	templates []*Template
	hub       *Hub
	groups    *groupHub // wakes screens showing a group's meetings
	// Now is the clock of everything the Service and its Hub do: stored
	// times, timers and their deadlines (overtime), rates, mailbox waits.
	// Tests replace it to move time without waiting.
	Now func() time.Time
	// Loc is the server's time zone: meeting times are typed and shown in it.
	Loc *time.Location
	// Log receives the actions of calls whose context carries no logger
	// of its own (see WithLogger).
	Log *slog.Logger
	// Shared: other nodes use the same store (see hub_nodes.go), so a
	// live meeting this node has not opened yet is opened from the store
	// when someone here needs it.
	Shared bool
	// leaving counts room sessions whose departure is not stored yet.
	leaving sync.WaitGroup
}

// NewService returns a Service over a store. It fails only if the embedded
// templates are broken, which the tests catch.
func NewService(store Store) (*Service, error) {
	templates, err := Templates()
	if err != nil {
		return nil, err
	}
	s := &Service{store: store, templates: templates, hub: NewHub(), groups: newGroupHub(), Now: time.Now, Loc: time.Local}
	// The hub keeps the Service's time: replacing Now moves both.
	s.hub.Now = func() time.Time { return s.Now() }
	return s, nil
}

// afterCommit is the context for bringing live rooms in line with what is
// already stored, or for a departure: the caller's session ending (a
// dropped connection, a closed laptop) must not leave a room showing a
// removed member, an old name, someone gone or a stale count. Its values
// (the session's logger) stay.
func afterCommit(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Second) }

// Identify resolves a key fingerprint to an actor. An unknown key is not an
// error: it yields an actor that can only redeem an invite.
func (s *Service) Identify(ctx context.Context, fingerprint string) (Actor, error) {
	if !strings.HasPrefix(fingerprint, "SHA256:") {
		return Actor{}, Errorf(EUnauthorized, MsgNotJoined)
	}
	p, err := s.store.PersonByKey(ctx, fingerprint)
	switch {
	case ErrorCode(err) == ENotFound:
		return Actor{Fingerprint: fingerprint}, nil
	case err != nil:
		return Actor{}, err
	}
	return Actor{Fingerprint: fingerprint, Person: p}, nil
}

// RedeemRequest is what an unknown key sends to join.
type RedeemRequest struct {
	Code    string
	Name    string
	Lang    string
	KeyType string
}

// Redeem lets an unknown key join with an invite code. Nothing is stored
// unless everything is valid.
func (s *Service) Redeem(ctx context.Context, a Actor, req RedeemRequest) (_ *Person, err error) {
	defer s.logChange(ctx, "Redeem", &err)
	if a.Known() {
		return nil, Errorf(EConflict, MsgKeyAlreadyJoined)
	}
	if !strings.HasPrefix(a.Fingerprint, "SHA256:") {
		return nil, Errorf(EUnauthorized, MsgNotJoined)
	}
	code := NormaliseCode(CleanLine(req.Code))
	if code == "" {
		return nil, Errorf(EInvalid, MsgInviteCodeEmpty)
	}
	name, err := CleanName(req.Name)
	if err != nil {
		return nil, err
	}
	lang, err := ParseLang(req.Lang)
	if err != nil {
		return nil, err
	}
	now := s.now()
	p := Person{Name: name, Lang: lang, CreatedAt: now}
	key := Key{Fingerprint: a.Fingerprint, Type: req.KeyType, AddedAt: now}
	person, err := s.store.Redeem(ctx, code, p, key, now)
	if err != nil {
		return nil, err
	}
	s.joinedGroups(ctx, person.ID)
	return person, nil
}

// joinedGroups wakes the groups a new person joined with their invite, so
// that the leaders' members tabs show them at once.
func (s *Service) joinedGroups(ctx context.Context, personID int64) {
	if s.groups.empty() {
		return
	}
	groups, err := s.store.GroupsOf(ctx, personID, s.now())
	if err != nil {
		return // the tabs still show them on their next load or r
	}
	for _, g := range groups {
		s.groupChanged(ctx, g.ID)
	}
}

// SetName changes the actor's display name. A name that looks like that
// of someone in one of their groups is refused: it would let them post as
// that person.
func (s *Service) SetName(ctx context.Context, a Actor, name string) (_ *Person, err error) {
	defer s.logChange(ctx, "SetName", &err)
	if !a.Known() {
		return nil, forbidden(a)
	}
	clean, err := CleanName(name)
	if err != nil {
		return nil, err
	}
	if err := s.store.SetPersonName(ctx, a.Person.ID, clean); err != nil {
		return nil, err
	}
	s.renameInRooms(ctx, a.Person.ID, clean)
	p := *a.Person
	p.Name = clean
	return &p, nil
}

// PlainMode reports whether the actor starts in the line mode when they
// connect with a terminal.
func (s *Service) PlainMode(ctx context.Context, a Actor) (_ bool, err error) {
	defer s.logRead(ctx, "PlainMode", &err)
	if !a.Known() {
		return false, forbidden(a)
	}
	return s.store.PersonPlain(ctx, a.Person.ID)
}

// SetPlainMode turns the actor's own line-mode setting on or off.
func (s *Service) SetPlainMode(ctx context.Context, a Actor, on bool) (err error) {
	defer s.logChange(ctx, "SetPlainMode", &err, "on", on)
	if !a.Known() {
		return forbidden(a)
	}
	return s.store.SetPersonPlain(ctx, a.Person.ID, on)
}

// CreateInvite makes an invite for a global role. Only admins may.
func (s *Service) CreateInvite(ctx context.Context, a Actor, spec InviteSpec) (_ *Invite, err error) {
	defer s.logChange(ctx, "CreateInvite", &err, "role", spec.Role)
	if !a.IsAdmin() {
		return nil, forbidden(a)
	}
	if err := spec.normalise(); err != nil {
		return nil, err
	}
	inv := s.newInvite(a, spec)
	if err := s.store.CreateInvite(ctx, inv); err != nil {
		return nil, err
	}
	return inv, nil
}

// BootstrapInvite returns a fresh one-time admin invite while nobody is an
// admin (replacing earlier unused ones), or nil once someone is. Only the
// operator may ask, at server start.
func (s *Service) BootstrapInvite(ctx context.Context, a Actor) (_ *Invite, err error) {
	defer s.logChange(ctx, "BootstrapInvite", &err)
	if !a.operator {
		return nil, forbidden(a)
	}
	n, err := s.store.CountAdmins(ctx)
	if err != nil || n > 0 {
		return nil, err
	}
	inv := s.newInvite(a, InviteSpec{Role: RoleAdmin, Uses: 1, TTL: DefaultInviteTTL})
	inv.Bootstrap = true
	if err := s.store.ReplaceBootstrapInvite(ctx, inv); err != nil {
		return nil, err
	}
	return inv, nil
}

func (s *Service) newInvite(a Actor, spec InviteSpec) *Invite {
	now := s.now()
	inv := &Invite{
		Code:      newInviteCode(),
		Role:      spec.Role,
		UsesLeft:  spec.Uses,
		ExpiresAt: now.Add(spec.TTL),
		CreatedAt: now,
	}
	if a.Person != nil {
		inv.CreatedBy = a.Person.ID
	}
	return inv
}

// People lists everyone who has joined. Only admins may.
func (s *Service) People(ctx context.Context, a Actor) (_ []PersonSummary, err error) {
	defer s.logRead(ctx, "People", &err)
	if !a.IsAdmin() {
		return nil, forbidden(a)
	}
	return s.store.People(ctx)
}

// SetLang changes the actor's own language.
func (s *Service) SetLang(ctx context.Context, a Actor, lang string) (_ *Person, err error) {
	defer s.logChange(ctx, "SetLang", &err)
	if !a.Known() {
		return nil, forbidden(a)
	}
	l, err := ParseLang(lang)
	if err != nil {
		return nil, err
	}
	if err := s.store.SetPersonLang(ctx, a.Person.ID, l); err != nil {
		return nil, err
	}
	p := *a.Person
	p.Lang = l
	return &p, nil
}

// forbidden tells an unknown key to join first and a known one that it may
// not do this.
func forbidden(a Actor) error {
	if !a.Known() && !a.operator {
		return Errorf(EUnauthorized, MsgNotJoined)
	}
	return Errorf(EForbidden, MsgForbidden)
}
