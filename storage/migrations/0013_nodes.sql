-- Where a person's last session dropped out of a live room, so that their
-- next connection lands there again whichever node it reaches (it was in
-- one node's memory: after that node died, people landed on home). One row
-- per person; rows older than session.ReturnWindow are deleted as new ones
-- come in.
CREATE TABLE room_returns (
	person_id INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	dropped_at INTEGER NOT NULL
);
CREATE INDEX room_returns_dropped ON room_returns (dropped_at);

-- Each node's lease: when it last said it was alive, and its people in
-- live rooms then. A node whose lease runs out (killed, cut off) is
-- removed by a live one, which takes those sessions out of the rooms.
CREATE TABLE nodes (
	name TEXT PRIMARY KEY, -- host, process and a random part: a restart is a new node
	seen_at INTEGER NOT NULL
);
CREATE TABLE node_sessions (
	node_id TEXT NOT NULL REFERENCES nodes (name) ON DELETE CASCADE,
	meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	sessions INTEGER NOT NULL CHECK (sessions > 0),
	PRIMARY KEY (node_id, meeting_id, person_id)
);
