-- Honest answers: a pulse's score is NULL when the person left it
-- unchosen and gave only a word. (Self-assessment scores are JSON, where
-- an unrated statement is null.)

CREATE TABLE feedback_new (
	meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	score      INTEGER CHECK (score BETWEEN 1 AND 5),
	word       TEXT    NOT NULL DEFAULT '',
	at         INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID;
INSERT INTO feedback_new (meeting_id, person_id, score, word, at) SELECT meeting_id, person_id, score, word, at FROM feedback;
DROP TABLE feedback;
ALTER TABLE feedback_new RENAME TO feedback;
