-- People, their SSH keys, and invites. Times are Unix seconds (UTC).
-- Roles and languages are validated by the domain (session/), not by CHECK
-- constraints, so that adding a role later needs no table rebuild.

CREATE TABLE people (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL,
	lang       TEXT    NOT NULL,
	role       TEXT    NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE TABLE keys (
	fingerprint TEXT    PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	type        TEXT    NOT NULL,
	added_at    INTEGER NOT NULL
);
CREATE INDEX keys_person ON keys(person_id);

CREATE TABLE invites (
	code       TEXT    PRIMARY KEY,
	role       TEXT    NOT NULL,
	expires_at INTEGER NOT NULL,
	uses_left  INTEGER NOT NULL CHECK (uses_left >= 0),
	created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL,
	bootstrap  INTEGER NOT NULL DEFAULT 0
);

-- Who joined with which invite: an audit trail for the admin.
CREATE TABLE redemptions (
	code        TEXT    NOT NULL REFERENCES invites(code) ON DELETE CASCADE,
	person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	redeemed_at INTEGER NOT NULL
);
CREATE INDEX redemptions_person ON redemptions(person_id);
