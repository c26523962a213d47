-- Per-person settings; plain: start in the line mode (tui/line) instead
-- of the full-screen view when connecting with a terminal.

CREATE TABLE person_settings (
    person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    plain     INTEGER NOT NULL DEFAULT 0
);
