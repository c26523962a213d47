-- Honest answers: a pulse's score is NULL when the person left it
-- unchosen and gave only a word (the SQLite twin rebuilds the table).
ALTER TABLE feedback ALTER COLUMN score DROP NOT NULL;
