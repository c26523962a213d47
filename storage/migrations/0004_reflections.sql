-- Reflections with author-controlled visibility, full-text search, the
-- visibility log, and drafts. Silent-writing items say whether their reveal
-- shows names.

ALTER TABLE agenda_items ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0;

CREATE TABLE reflections (
	id         INTEGER PRIMARY KEY,
	author_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	group_id   INTEGER REFERENCES groups(id) ON DELETE SET NULL,
	meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
	item_id    INTEGER,
	body       TEXT    NOT NULL,
	visibility TEXT    NOT NULL,
	reveal     INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX reflections_author  ON reflections(author_id, id);
CREATE INDEX reflections_group   ON reflections(group_id, id);
CREATE INDEX reflections_shared  ON reflections(visibility, id);
CREATE INDEX reflections_meeting ON reflections(meeting_id, item_id);

-- Diacritics-insensitive tokens, so that "aanestys" finds "äänestys"; the
-- index stores no copy of the text (external content).
CREATE VIRTUAL TABLE reflections_fts USING fts5(
	body, content = 'reflections', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER reflections_ai AFTER INSERT ON reflections BEGIN
	INSERT INTO reflections_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER reflections_ad AFTER DELETE ON reflections BEGIN
	INSERT INTO reflections_fts (reflections_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER reflections_au AFTER UPDATE OF body ON reflections BEGIN
	INSERT INTO reflections_fts (reflections_fts, rowid, body) VALUES ('delete', old.id, old.body);
	INSERT INTO reflections_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE TABLE reflection_visibility_log (
	id            INTEGER PRIMARY KEY,
	reflection_id INTEGER NOT NULL REFERENCES reflections(id) ON DELETE CASCADE,
	person_id     INTEGER REFERENCES people(id) ON DELETE SET NULL,
	at            INTEGER NOT NULL,
	from_vis      TEXT    NOT NULL,
	to_vis        TEXT    NOT NULL
);
CREATE INDEX reflection_visibility_log_reflection ON reflection_visibility_log(reflection_id);

CREATE TABLE drafts (
	person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	key        TEXT    NOT NULL,
	body       TEXT    NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (person_id, key)
) WITHOUT ROWID;
