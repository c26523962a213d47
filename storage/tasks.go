package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/piiri/piiri/session"
)

// CreateTask stores an interim task.
func (db *DB) CreateTask(ctx context.Context, t *session.Task) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		id, err := insertID(ctx, tx, "INSERT INTO tasks (group_id, title, description, due_meeting_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			t.GroupID, t.Title, t.Description, nullID(t.DueMeetingID), nullID(t.CreatedBy), unix(t.CreatedAt))
		if err != nil {
			return domainError(err, "insert task", session.MsgGroupNotFound)
		}
		t.ID = id
		return nil
	})
}

// doerRole is true for the memberships whose holders do interim tasks:
// everyone but the group's leaders, who give them.
const doerRole = "ms.role NOT IN ('" + string(session.GroupFacilitator) + "', '" + string(session.GroupCoFacilitator) + "')"

// taskQuery selects tasks with the viewer's own response (the ? before the
// WHERE clause is the viewer). Done and Members count the members who do
// tasks, not the leaders.
const taskQuery = `
	SELECT t.id, t.group_id, t.title, t.description, coalesce(t.due_meeting_id, 0), coalesce(m.number, 0),
		coalesce(t.created_by, 0), t.created_at,
		(SELECT count(*) FROM task_responses r JOIN memberships ms ON ms.person_id = r.person_id AND ms.group_id = t.group_id
			WHERE r.task_id = t.id AND ` + doerRole + `),
		(SELECT count(*) FROM memberships ms WHERE ms.group_id = t.group_id AND ` + doerRole + `),
		mine.person_id IS NOT NULL, coalesce(mine.response, '')
	FROM tasks t
	LEFT JOIN meetings m ON m.id = t.due_meeting_id
	LEFT JOIN task_responses mine ON mine.task_id = t.id AND mine.person_id = ?`

func scanTask(row scanner) (*session.Task, error) {
	var t session.Task
	var created int64
	if err := row.Scan(&t.ID, &t.GroupID, &t.Title, &t.Description, &t.DueMeetingID, &t.DueNumber,
		&t.CreatedBy, &created, &t.Done, &t.Members, &t.DoneByMe, &t.MyResponse); err != nil {
		return nil, err
	}
	t.CreatedAt = fromUnix(created)
	return &t, nil
}

// TaskByID finds a task (as seen by nobody in particular).
func (db *DB) TaskByID(ctx context.Context, id int64) (*session.Task, error) {
	t, err := scanTask(db.read.QueryRowContext(ctx, taskQuery+" WHERE t.id = ?", 0, id))
	return t, domainError(err, "task", session.MsgTaskNotFound)
}

// Tasks lists a group's tasks, newest first, as the viewer sees them.
func (db *DB) Tasks(ctx context.Context, groupID, viewerID int64) ([]session.Task, error) {
	rows, err := db.read.QueryContext(ctx, taskQuery+" WHERE t.group_id = ? ORDER BY t.id DESC", viewerID, groupID)
	if err != nil {
		return nil, domainError(err, "tasks", session.MsgGroupNotFound)
	}
	defer rows.Close()
	var out []session.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, domainError(err, "scan task", session.MsgTaskNotFound)
		}
		out = append(out, *t)
	}
	return out, domainError(rows.Err(), "tasks", session.MsgGroupNotFound)
}

// CompleteTask records or replaces a member's response.
func (db *DB) CompleteTask(ctx context.Context, taskID, personID int64, response string, now time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO task_responses (task_id, person_id, response, done_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (task_id, person_id) DO UPDATE SET response = excluded.response, done_at = excluded.done_at`,
			taskID, personID, response, unix(now))
		return domainError(err, "complete task", session.MsgTaskNotFound)
	})
}

// OpenTasks lists the tasks in a person's groups that they have not done:
// not those of groups they lead, nor those they gave themselves.
func (db *DB) OpenTasks(ctx context.Context, personID int64) ([]session.OpenTask, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT t.id, t.group_id, t.title, t.description, coalesce(t.due_meeting_id, 0), coalesce(m.number, 0), g.name
		FROM tasks t
		JOIN memberships ms ON ms.group_id = t.group_id AND ms.person_id = ? AND ms.ack_version > 0
		JOIN groups g ON g.id = t.group_id
		LEFT JOIN meetings m ON m.id = t.due_meeting_id
		WHERE NOT EXISTS (SELECT 1 FROM task_responses r WHERE r.task_id = t.id AND r.person_id = ?)
			AND `+doerRole+` AND coalesce(t.created_by, 0) != ?
		ORDER BY t.id`, personID, personID, personID)
	if err != nil {
		return nil, domainError(err, "open tasks", session.MsgTaskNotFound)
	}
	defer rows.Close()
	var out []session.OpenTask
	for rows.Next() {
		var o session.OpenTask
		if err := rows.Scan(&o.ID, &o.GroupID, &o.Title, &o.Description, &o.DueMeetingID, &o.DueNumber, &o.GroupName); err != nil {
			return nil, domainError(err, "scan task", session.MsgTaskNotFound)
		}
		out = append(out, o)
	}
	return out, domainError(rows.Err(), "open tasks", session.MsgTaskNotFound)
}

// TaskResponses lists who did a task and what they wrote, first done first.
func (db *DB) TaskResponses(ctx context.Context, taskID int64) ([]session.TaskResponse, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT r.person_id, p.name, r.response, r.done_at
		FROM task_responses r JOIN people p ON p.id = r.person_id
		WHERE r.task_id = ?
		ORDER BY r.done_at, p.name`, taskID)
	if err != nil {
		return nil, domainError(err, "task responses", session.MsgTaskNotFound)
	}
	defer rows.Close()
	var out []session.TaskResponse
	for rows.Next() {
		var r session.TaskResponse
		var at int64
		if err := rows.Scan(&r.PersonID, &r.Name, &r.Response, &at); err != nil {
			return nil, domainError(err, "scan task response", session.MsgTaskNotFound)
		}
		r.DoneAt = fromUnix(at)
		out = append(out, r)
	}
	return out, domainError(rows.Err(), "task responses", session.MsgTaskNotFound)
}
