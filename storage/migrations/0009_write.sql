-- Earlier texts of edited reflections, for their author: an edit keeps
-- what was replaced; a deletion takes the history with it.
CREATE TABLE reflection_history (
	id            INTEGER PRIMARY KEY,
	reflection_id INTEGER NOT NULL REFERENCES reflections(id) ON DELETE CASCADE,
	body          TEXT    NOT NULL,
	written_at    INTEGER NOT NULL, -- when this text was saved
	replaced_at   INTEGER NOT NULL
);
CREATE INDEX reflection_history_reflection ON reflection_history(reflection_id, id);
