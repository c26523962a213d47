-- The stems of a reflection's words become a plain column piiri writes
-- from Go when it stores the text (stemText), instead of a column SQLite
-- computes with piiri_stems, a function only piiri registers: with it, the
-- sqlite3 shell could not check, read (SELECT *) or change the file. The
-- stems are computed once more here, while piiri's function is there, and
-- the index is rebuilt from them; the index itself is as 0010 made it.

DROP TRIGGER reflections_ai;
DROP TRIGGER reflections_ad;
DROP TRIGGER reflections_au;
DROP TABLE reflections_fts;

ALTER TABLE reflections DROP COLUMN stems;
ALTER TABLE reflections ADD COLUMN stems TEXT NOT NULL DEFAULT '';
UPDATE reflections SET stems = piiri_stems(body);

CREATE VIRTUAL TABLE reflections_fts USING fts5(
	body, scope, stems, content = 'reflections', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6 7'
);
CREATE TRIGGER reflections_ai AFTER INSERT ON reflections BEGIN
	INSERT INTO reflections_fts (rowid, body, scope, stems) VALUES (new.id, new.body, new.scope, new.stems);
END;
CREATE TRIGGER reflections_ad AFTER DELETE ON reflections BEGIN
	INSERT INTO reflections_fts (reflections_fts, rowid, body, scope, stems) VALUES ('delete', old.id, old.body, old.scope, old.stems);
END;
CREATE TRIGGER reflections_au AFTER UPDATE OF body, stems, author_id, group_id, visibility ON reflections BEGIN
	INSERT INTO reflections_fts (reflections_fts, rowid, body, scope, stems) VALUES ('delete', old.id, old.body, old.scope, old.stems);
	INSERT INTO reflections_fts (rowid, body, scope, stems) VALUES (new.id, new.body, new.scope, new.stems);
END;

INSERT INTO reflections_fts (reflections_fts) VALUES ('rebuild');
