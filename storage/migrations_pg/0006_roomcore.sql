-- A meeting's voice or video call link (Teams, Zoom, Jitsi): https only,
-- checked by the Service; '' when there is none.
ALTER TABLE meetings ADD COLUMN link TEXT NOT NULL DEFAULT '';
