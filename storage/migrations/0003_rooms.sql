-- Live meetings: the whole room state after every change, an event row per
-- change, and the discussion. The state is JSON written by the Service; the
-- event log and messages are plain rows for history and summaries.

CREATE TABLE rooms (
	meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
	version    INTEGER NOT NULL,
	state      TEXT    NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE room_events (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	version    INTEGER NOT NULL,
	at_ms      INTEGER NOT NULL,
	person_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
	kind       TEXT    NOT NULL
);
CREATE INDEX room_events_meeting ON room_events(meeting_id, version);

CREATE TABLE room_messages (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	item_id    INTEGER,
	person_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
	name       TEXT    NOT NULL,
	body       TEXT    NOT NULL,
	at_ms      INTEGER NOT NULL
);
CREATE INDEX room_messages_meeting ON room_messages(meeting_id, id);
