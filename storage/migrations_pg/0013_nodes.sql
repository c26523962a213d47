-- Twin of migrations/0013_nodes.sql: where a person's last session dropped
-- out of a live room, seen by every node.
CREATE TABLE room_returns (
	person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
	meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	dropped_at BIGINT NOT NULL
);
CREATE INDEX room_returns_dropped ON room_returns (dropped_at);

CREATE TABLE nodes (
	name TEXT PRIMARY KEY, -- host, process and a random part: a restart is a new node
	seen_at BIGINT NOT NULL
);
CREATE TABLE node_sessions (
	node_id TEXT NOT NULL REFERENCES nodes (name) ON DELETE CASCADE,
	meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	sessions BIGINT NOT NULL CHECK (sessions > 0),
	PRIMARY KEY (node_id, meeting_id, person_id)
);
