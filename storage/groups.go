package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/piiri/piiri/session"
)

// CreateGroup stores a whole new group in one transaction.
func (db *DB) CreateGroup(ctx context.Context, g *session.Group, creator session.Member, ag *session.Agreement,
	meetings []session.Meeting, agendas [][]session.AgendaItem) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		id, err := insertID(ctx, tx, "INSERT INTO groups (name, template, lang, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
			g.Name, g.Template, g.Lang, g.CreatedBy, unix(g.CreatedAt))
		if err != nil {
			return domainError(err, "insert group", session.MsgGroupNotFound)
		}
		g.ID = id
		ag.GroupID, ag.Version = g.ID, 1
		if err := insertAgreement(ctx, tx, ag); err != nil {
			return err
		}
		creator.GroupID, creator.AckVersion = g.ID, 1
		if _, err := tx.ExecContext(ctx, "INSERT INTO memberships (group_id, person_id, role, joined_at, ack_version) VALUES (?, ?, ?, ?, ?)",
			g.ID, creator.PersonID, creator.Role, unix(creator.JoinedAt), creator.AckVersion); err != nil {
			return domainError(err, "insert membership", session.MsgPersonNotFound)
		}
		for i := range meetings {
			meetings[i].GroupID = g.ID
			if err := insertMeeting(ctx, tx, &meetings[i], agendas[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertAgreement(ctx context.Context, tx *sql.Tx, ag *session.Agreement) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO agreements
		(group_id, version, goals, schedule, ground_rules, confidentiality, leaving, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ag.GroupID, ag.Version, ag.Goals, ag.Schedule, ag.GroundRules, ag.Confidentiality, ag.Leaving, unix(ag.UpdatedAt), nullID(ag.UpdatedBy))
	return domainError(err, "insert agreement", session.MsgGroupNotFound)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// GroupsOf lists a person's groups with their role, size, whether the
// current agreement awaits their acknowledgement, and the next start.
func (db *DB) GroupsOf(ctx context.Context, personID int64, now time.Time) ([]session.GroupSummary, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT g.id, g.name, g.template, g.lang, coalesce(g.created_by, 0), g.created_at, m.role,
			(SELECT count(*) FROM memberships x WHERE x.group_id = g.id),
			m.ack_version < (SELECT max(version) FROM agreements a WHERE a.group_id = g.id), m.ack_version > 0,
			coalesce((SELECT min(starts_at) FROM meetings t WHERE t.group_id = g.id AND t.state != 'ended' AND t.starts_at >= ?), 0)
		FROM memberships m JOIN groups g ON g.id = m.group_id
		WHERE m.person_id = ?
		ORDER BY g.name COLLATE NOCASE, g.id`, unix(now), personID)
	if err != nil {
		return nil, domainError(err, "list groups", session.MsgGroupNotFound)
	}
	defer rows.Close()
	var out []session.GroupSummary
	for rows.Next() {
		var gs session.GroupSummary
		var created, next int64
		if err := rows.Scan(&gs.ID, &gs.Name, &gs.Template, &gs.Lang, &gs.CreatedBy, &created, &gs.MyRole, &gs.Members, &gs.NeedsAck, &gs.Admitted, &next); err != nil {
			return nil, domainError(err, "scan group", session.MsgGroupNotFound)
		}
		gs.CreatedAt = fromUnix(created)
		if next != 0 {
			gs.NextStart = fromUnix(next)
		}
		out = append(out, gs)
	}
	return out, domainError(rows.Err(), "list groups", session.MsgGroupNotFound)
}

// GroupByID finds a group.
func (db *DB) GroupByID(ctx context.Context, id int64) (*session.Group, error) {
	var g session.Group
	var created int64
	err := db.read.QueryRowContext(ctx, "SELECT id, name, template, lang, coalesce(created_by, 0), created_at FROM groups WHERE id = ?", id).
		Scan(&g.ID, &g.Name, &g.Template, &g.Lang, &g.CreatedBy, &created)
	if err != nil {
		return nil, domainError(err, "group", session.MsgGroupNotFound)
	}
	g.CreatedAt = fromUnix(created)
	return &g, nil
}

const memberColumns = "m.group_id, m.person_id, p.name, m.role, m.joined_at, m.ack_version"

func scanMember(row scanner) (*session.Member, error) {
	var m session.Member
	var joined int64
	if err := row.Scan(&m.GroupID, &m.PersonID, &m.Name, &m.Role, &joined, &m.AckVersion); err != nil {
		return nil, err
	}
	m.JoinedAt = fromUnix(joined)
	return &m, nil
}

// Membership finds one membership.
func (db *DB) Membership(ctx context.Context, groupID, personID int64) (*session.Member, error) {
	m, err := scanMember(db.read.QueryRowContext(ctx, "SELECT "+memberColumns+
		" FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.group_id = ? AND m.person_id = ?", groupID, personID))
	return m, domainError(err, "membership", session.MsgNotMember)
}

// Members lists a group's members: leaders first, then by name.
func (db *DB) Members(ctx context.Context, groupID int64) ([]session.Member, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT "+memberColumns+
		` FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.group_id = ?
		ORDER BY CASE m.role WHEN 'facilitator' THEN 0 WHEN 'co-facilitator' THEN 1 ELSE 2 END, p.name COLLATE NOCASE`, groupID)
	if err != nil {
		return nil, domainError(err, "members", session.MsgGroupNotFound)
	}
	defer rows.Close()
	var out []session.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, domainError(err, "scan member", session.MsgGroupNotFound)
		}
		out = append(out, *m)
	}
	return out, domainError(rows.Err(), "members", session.MsgGroupNotFound)
}

// Agreement returns the newest version of a group's agreement.
func (db *DB) Agreement(ctx context.Context, groupID int64) (*session.Agreement, error) {
	var ag session.Agreement
	var updated int64
	err := db.read.QueryRowContext(ctx, `SELECT group_id, version, goals, schedule, ground_rules, confidentiality, leaving,
		updated_at, coalesce(updated_by, 0) FROM agreements WHERE group_id = ? ORDER BY version DESC LIMIT 1`, groupID).
		Scan(&ag.GroupID, &ag.Version, &ag.Goals, &ag.Schedule, &ag.GroundRules, &ag.Confidentiality, &ag.Leaving, &updated, &ag.UpdatedBy)
	if err != nil {
		return nil, domainError(err, "agreement", session.MsgGroupNotFound)
	}
	ag.UpdatedAt = fromUnix(updated)
	return &ag, nil
}

// SaveAgreement stores the next version; its editor has acknowledged it.
func (db *DB) SaveAgreement(ctx context.Context, ag *session.Agreement) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		base := ag.Version
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) + 1 FROM agreements WHERE group_id = ?", ag.GroupID).
			Scan(&ag.Version); err != nil {
			return domainError(err, "agreement version", session.MsgGroupNotFound)
		}
		if base != 0 && base != ag.Version-1 {
			return session.Errorf(session.EConflict, session.MsgAgreementChanged)
		}
		if err := insertAgreement(ctx, tx, ag); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE memberships SET ack_version = ? WHERE group_id = ? AND person_id = ?",
			ag.Version, ag.GroupID, ag.UpdatedBy)
		return domainError(err, "acknowledge", session.MsgGroupNotFound)
	})
}

// Acknowledge records a member's acceptance of the current version.
func (db *DB) Acknowledge(ctx context.Context, groupID, personID int64, version int) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var current int
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM agreements WHERE group_id = ?", groupID).Scan(&current); err != nil {
			return domainError(err, "agreement version", session.MsgGroupNotFound)
		}
		if version != current {
			return session.Errorf(session.EConflict, session.MsgAgreementChanged)
		}
		res, err := tx.ExecContext(ctx, "UPDATE memberships SET ack_version = ? WHERE group_id = ? AND person_id = ?", version, groupID, personID)
		if err != nil {
			return domainError(err, "acknowledge", session.MsgGroupNotFound)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return session.Errorf(session.ENotFound, session.MsgGroupNotFound)
		}
		return nil
	})
}

// RemoveMember ends a membership unless it is the group's last facilitator.
func (db *DB) RemoveMember(ctx context.Context, groupID, personID int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var role string
		err := tx.QueryRowContext(ctx, "SELECT role FROM memberships WHERE group_id = ? AND person_id = ?", groupID, personID).Scan(&role)
		if err != nil {
			return domainError(err, "membership", session.MsgNotMember)
		}
		if session.GroupRole(role) == session.GroupFacilitator {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM memberships WHERE group_id = ? AND role = 'facilitator'", groupID).Scan(&n); err != nil {
				return domainError(err, "count facilitators", session.MsgGroupNotFound)
			}
			if n <= 1 {
				return session.Errorf(session.EConflict, session.MsgLastFacilitator)
			}
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM memberships WHERE group_id = ? AND person_id = ?", groupID, personID)
		return domainError(err, "remove member", session.MsgNotMember)
	})
}

// JoinGroup redeems a group invite for someone already in piiri.
func (db *DB) JoinGroup(ctx context.Context, code string, personID int64, now time.Time) (*session.Group, error) {
	var groupID int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		inv, err := usableInvite(ctx, tx, code, now)
		if err != nil {
			return err
		}
		if inv.GroupID == 0 {
			return session.Errorf(session.EInvalid, session.MsgInviteNoGroup)
		}
		groupID = inv.GroupID
		var name string
		if err := tx.QueryRowContext(ctx, "SELECT name FROM people WHERE id = ?", personID).Scan(&name); err != nil {
			return domainError(err, "person", session.MsgPersonNotFound)
		}
		if err := lookAlikeInTx(ctx, tx, name, session.MsgNameLookAlikeJoin, groupNamesQuery, groupID, personID); err != nil {
			return err
		}
		if err := joinInTx(ctx, tx, inv, personID, now); err != nil {
			return err
		}
		return useInvite(ctx, tx, code, personID, now)
	})
	if err != nil {
		return nil, err
	}
	return db.GroupByID(ctx, groupID)
}

// joinInTx adds the membership a group invite promises.
func joinInTx(ctx context.Context, tx *sql.Tx, inv *session.Invite, personID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO memberships (group_id, person_id, role, joined_at) VALUES (?, ?, ?, ?)",
		inv.GroupID, personID, inv.GroupRole, unix(now))
	if session.ErrorCode(domainError(err, "", "")) == session.EConflict {
		return session.Errorf(session.EConflict, session.MsgAlreadyMember)
	}
	return domainError(err, "join group", session.MsgGroupNotFound)
}
