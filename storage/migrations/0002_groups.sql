-- Groups made from templates, memberships, agreements, meetings with
-- agendas, and interim tasks. Group invites reuse the invites table.

CREATE TABLE groups (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL,
	template   TEXT    NOT NULL,
	lang       TEXT    NOT NULL,
	created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL
);

ALTER TABLE invites ADD COLUMN group_id   INTEGER REFERENCES groups(id) ON DELETE CASCADE;
ALTER TABLE invites ADD COLUMN group_role TEXT NOT NULL DEFAULT '';

CREATE TABLE memberships (
	group_id    INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	role        TEXT    NOT NULL,
	joined_at   INTEGER NOT NULL,
	ack_version INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (group_id, person_id)
) WITHOUT ROWID;
CREATE INDEX memberships_person ON memberships(person_id);

-- Every version of every agreement is kept: what members acknowledged
-- stays readable.
CREATE TABLE agreements (
	group_id        INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	version         INTEGER NOT NULL,
	goals           TEXT    NOT NULL,
	schedule        TEXT    NOT NULL,
	ground_rules    TEXT    NOT NULL,
	confidentiality TEXT    NOT NULL,
	leaving         TEXT    NOT NULL,
	updated_at      INTEGER NOT NULL,
	updated_by      INTEGER REFERENCES people(id) ON DELETE SET NULL,
	PRIMARY KEY (group_id, version)
) WITHOUT ROWID;

CREATE TABLE meetings (
	id         INTEGER PRIMARY KEY,
	group_id   INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	number     INTEGER NOT NULL,
	title      TEXT    NOT NULL,
	theme      TEXT    NOT NULL DEFAULT '',
	starts_at  INTEGER,            -- NULL: not scheduled yet
	minutes    INTEGER NOT NULL,
	state      TEXT    NOT NULL DEFAULT 'planned',
	UNIQUE (group_id, number)
);
CREATE INDEX meetings_starts ON meetings(starts_at);

CREATE TABLE agenda_items (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	title      TEXT    NOT NULL,
	kind       TEXT    NOT NULL,
	minutes    INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 480),
	prompt     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

CREATE TABLE tasks (
	id             INTEGER PRIMARY KEY,
	group_id       INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	title          TEXT    NOT NULL,
	description    TEXT    NOT NULL DEFAULT '',
	due_meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
	created_by     INTEGER REFERENCES people(id) ON DELETE SET NULL,
	created_at     INTEGER NOT NULL
);
CREATE INDEX tasks_group ON tasks(group_id);

CREATE TABLE task_responses (
	task_id   INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	response  TEXT    NOT NULL,
	done_at   INTEGER NOT NULL,
	PRIMARY KEY (task_id, person_id)
) WITHOUT ROWID;
