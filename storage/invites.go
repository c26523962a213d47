package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/piiri/piiri/session"
)

// CreateInvite stores a new invite.
func (db *DB) CreateInvite(ctx context.Context, inv *session.Invite) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return insertInvite(ctx, tx, inv) })
}

// ReplaceBootstrapInvite deletes unused bootstrap invites and stores inv, so
// that only the code printed at the latest start works.
func (db *DB) ReplaceBootstrapInvite(ctx context.Context, inv *session.Invite) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM invites WHERE bootstrap = 1
			AND code NOT IN (SELECT code FROM redemptions)`); err != nil {
			return domainError(err, "delete bootstrap invites", session.MsgInviteUnknown)
		}
		return insertInvite(ctx, tx, inv)
	})
}

func insertInvite(ctx context.Context, tx *sql.Tx, inv *session.Invite) error {
	var createdBy any
	if inv.CreatedBy != 0 {
		createdBy = inv.CreatedBy
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO invites (code, role, expires_at, uses_left, created_by, created_at, bootstrap, group_id, group_role)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		inv.Code, inv.Role, unix(inv.ExpiresAt), inv.UsesLeft, createdBy, unix(inv.CreatedAt), inv.Bootstrap,
		nullID(inv.GroupID), inv.GroupRole)
	return domainError(err, "insert invite", session.MsgPersonNotFound)
}

func inviteByCode(ctx context.Context, tx *sql.Tx, code string) (*session.Invite, error) {
	var inv session.Invite
	var expires, created int64
	var createdBy, groupID sql.NullInt64
	err := tx.QueryRowContext(ctx, `
		SELECT code, role, expires_at, uses_left, created_by, created_at, bootstrap, group_id, group_role
		FROM invites WHERE code = ?`, code).
		Scan(&inv.Code, &inv.Role, &expires, &inv.UsesLeft, &createdBy, &created, &inv.Bootstrap, &groupID, &inv.GroupRole)
	if err != nil {
		// An unknown code is the redeemer's mistake, not a missing resource.
		if err == sql.ErrNoRows {
			return nil, session.Errorf(session.EInvalid, session.MsgInviteUnknown)
		}
		return nil, domainError(err, "invite by code", session.MsgInviteUnknown)
	}
	inv.ExpiresAt, inv.CreatedAt, inv.CreatedBy, inv.GroupID = fromUnix(expires), fromUnix(created), createdBy.Int64, groupID.Int64
	return &inv, nil
}

// usableInvite loads an invite that can be redeemed at now, inside the
// transaction that will use it.
func usableInvite(ctx context.Context, tx *sql.Tx, code string, now time.Time) (*session.Invite, error) {
	inv, err := inviteByCode(ctx, tx, code)
	if err != nil {
		return nil, err
	}
	if err := inv.Usable(now); err != nil {
		return nil, err
	}
	return inv, nil
}

// Redeem uses one use of an invite to create a person with a key.
func (db *DB) Redeem(ctx context.Context, code string, p session.Person, key session.Key, now time.Time) (*session.Person, error) {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		inv, err := usableInvite(ctx, tx, code, now)
		if err != nil {
			return err
		}
		p.Role = inv.Role
		// Into a group: not under a name that passes for a member's.
		if inv.GroupID != 0 {
			if err := lookAlikeInTx(ctx, tx, p.Name, session.MsgNameLookAlike, groupNamesQuery, inv.GroupID, 0); err != nil {
				return err
			}
		}
		id, err := insertID(ctx, tx, "INSERT INTO people (name, lang, role, created_at) VALUES (?, ?, ?, ?)",
			p.Name, p.Lang, p.Role, unix(p.CreatedAt))
		if err != nil {
			return domainError(err, "insert person", session.MsgPersonNotFound)
		}
		p.ID = id
		if _, err := tx.ExecContext(ctx, "INSERT INTO keys (fingerprint, person_id, type, added_at) VALUES (?, ?, ?, ?)",
			key.Fingerprint, p.ID, key.Type, unix(key.AddedAt)); err != nil {
			if session.ErrorCode(domainError(err, "", "")) == session.EConflict {
				return session.Errorf(session.EConflict, session.MsgKeyAlreadyJoined)
			}
			return domainError(err, "insert key", session.MsgPersonNotFound)
		}
		if inv.GroupID != 0 {
			if err := joinInTx(ctx, tx, inv, p.ID, now); err != nil {
				return err
			}
		}
		return useInvite(ctx, tx, code, p.ID, now)
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// useInvite takes one use of an invite and records who used it.
func useInvite(ctx context.Context, tx *sql.Tx, code string, personID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, "UPDATE invites SET uses_left = uses_left - 1 WHERE code = ?", code); err != nil {
		return domainError(err, "use invite", session.MsgInviteUnknown)
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO redemptions (code, person_id, redeemed_at) VALUES (?, ?, ?)",
		code, personID, unix(now))
	return domainError(err, "record redemption", session.MsgInviteUnknown)
}
