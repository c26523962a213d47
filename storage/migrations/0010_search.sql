-- Search finds base forms: the index keeps, beside the text as written, the
-- Finnish and English stems of its words (piiri_stems, a function piiri
-- registers with SQLite), so that "ohjaaminen" finds "ohjaamisessa". The
-- stems are a virtual generated column, so that the index's 'rebuild' and
-- 'integrity-check' read them like the text. The stems are terms of their
-- own (they begin with 0), so that searches of the text as written read
-- the lists they read before. The prefix index now also has 7 characters
-- ("ohjaami*"). The index is rebuilt for the reflections already there.

DROP TRIGGER reflections_ai;
DROP TRIGGER reflections_ad;
DROP TRIGGER reflections_au;
DROP TABLE reflections_fts;

ALTER TABLE reflections ADD COLUMN stems TEXT GENERATED ALWAYS AS (piiri_stems(body)) VIRTUAL;

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
CREATE TRIGGER reflections_au AFTER UPDATE OF body, author_id, group_id, visibility ON reflections BEGIN
	INSERT INTO reflections_fts (reflections_fts, rowid, body, scope, stems) VALUES ('delete', old.id, old.body, old.scope, old.stems);
	INSERT INTO reflections_fts (rowid, body, scope, stems) VALUES (new.id, new.body, new.scope, new.stems);
END;

INSERT INTO reflections_fts (reflections_fts) VALUES ('rebuild');
