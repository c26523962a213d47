package session

import (
	"context"
	"time"
)

// Store is what the Service needs from persistence. storage/ implements it
// over SQLite; every method either completes in one transaction or changes
// nothing, and returns domain errors (ENotFound, EConflict) where the
// caller can act on them.
type Store interface {
	// PersonByKey finds the person who owns a key fingerprint (ENotFound).
	PersonByKey(ctx context.Context, fingerprint string) (*Person, error)
	// People lists everyone with their key fingerprints, oldest first.
	People(ctx context.Context) ([]PersonSummary, error)
	// CountAdmins counts people whose global role is admin.
	CountAdmins(ctx context.Context) (int, error)
	// SetPersonLang changes a person's language.
	SetPersonLang(ctx context.Context, personID int64, lang Lang) error

	// CreateInvite stores a new invite (EConflict if the code exists).
	CreateInvite(ctx context.Context, inv *Invite) error
	// ReplaceBootstrapInvite deletes unused bootstrap invites and stores inv.
	ReplaceBootstrapInvite(ctx context.Context, inv *Invite) error
	// Redeem uses one use of the invite with the given code and creates the
	// person with the key, in one transaction. It checks inv.Usable(now)
	// inside the transaction, gives the person the invite's role, and
	// returns MsgInviteUnknown (EInvalid) for an unknown code and EConflict
	// when the key already belongs to someone.
	Redeem(ctx context.Context, code string, p Person, key Key, now time.Time) (*Person, error)
}
