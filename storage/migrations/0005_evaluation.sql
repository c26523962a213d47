-- Self-assessment, meeting feedback and sharing onward.

CREATE TABLE assessment_items (
	group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	text     TEXT    NOT NULL,
	PRIMARY KEY (group_id, position)
) WITHOUT ROWID;

-- Scores are a JSON array of 1–5, one per item in order.
CREATE TABLE assessment_answers (
	meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	scores     TEXT    NOT NULL,
	note       TEXT    NOT NULL DEFAULT '',
	at         INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID;

CREATE TABLE feedback (
	meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	score      INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
	word       TEXT    NOT NULL DEFAULT '',
	at         INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID;

CREATE TABLE shares (
	id         INTEGER PRIMARY KEY,
	group_id   INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
	what       TEXT    NOT NULL,
	audience   TEXT    NOT NULL, -- 'readers' or 'group:ID'
	how        TEXT    NOT NULL,
	created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX shares_group ON shares(group_id);
CREATE INDEX shares_audience ON shares(audience);

CREATE TABLE share_quotes (
	share_id      INTEGER NOT NULL REFERENCES shares(id) ON DELETE CASCADE,
	reflection_id INTEGER NOT NULL REFERENCES reflections(id) ON DELETE CASCADE,
	author_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	status        TEXT    NOT NULL,
	PRIMARY KEY (share_id, reflection_id)
) WITHOUT ROWID;
CREATE INDEX share_quotes_author ON share_quotes(author_id, status);
