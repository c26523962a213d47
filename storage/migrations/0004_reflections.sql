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
	updated_at INTEGER NOT NULL,
	-- Who may read it, as search tokens: the author, the group unless
	-- private, and "shared". The index narrows a search to what the viewer
	-- may read; the queries still check visibility themselves.
	scope      TEXT GENERATED ALWAYS AS ('a' || author_id
		|| CASE WHEN visibility != 'private' AND group_id IS NOT NULL THEN ' g' || group_id ELSE '' END
		|| CASE WHEN visibility = 'shared' THEN ' shared' ELSE '' END) VIRTUAL
);
CREATE INDEX reflections_author  ON reflections(author_id, id);
CREATE INDEX reflections_group   ON reflections(group_id, id);
CREATE INDEX reflections_shared  ON reflections(visibility, id);
CREATE INDEX reflections_meeting ON reflections(meeting_id, item_id);

-- Diacritics-insensitive tokens, so that "aanestys" finds "äänestys"; a
-- prefix index, so that "ohjaa*" reads one list instead of merging every
-- matching word's; no copy of the text (external content).
CREATE VIRTUAL TABLE reflections_fts USING fts5(
	body, scope, content = 'reflections', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'
);
CREATE TRIGGER reflections_ai AFTER INSERT ON reflections BEGIN
	INSERT INTO reflections_fts (rowid, body, scope) VALUES (new.id, new.body, new.scope);
END;
CREATE TRIGGER reflections_ad AFTER DELETE ON reflections BEGIN
	INSERT INTO reflections_fts (reflections_fts, rowid, body, scope) VALUES ('delete', old.id, old.body, old.scope);
END;
CREATE TRIGGER reflections_au AFTER UPDATE OF body, author_id, group_id, visibility ON reflections BEGIN
	INSERT INTO reflections_fts (reflections_fts, rowid, body, scope) VALUES ('delete', old.id, old.body, old.scope);
	INSERT INTO reflections_fts (rowid, body, scope) VALUES (new.id, new.body, new.scope);
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
