-- Sharing onward names to whom (also a named audience such as "HR"),
-- how (the seed material's list) and when; a quote stores the exact
-- excerpt its author is asked to approve.

ALTER TABLE shares ADD COLUMN audience_name TEXT NOT NULL DEFAULT ''; -- a named audience's name
ALTER TABLE shares ADD COLUMN share_on TEXT NOT NULL DEFAULT '';      -- YYYY-MM-DD; '' before this migration
UPDATE shares SET how = 'document' WHERE how = 'export';

-- What the audience sees and the author approved: the whole reflection
-- for quotes made before excerpts, as they were asked then.
ALTER TABLE share_quotes ADD COLUMN excerpt TEXT NOT NULL DEFAULT '';
UPDATE share_quotes SET excerpt = coalesce((SELECT body FROM reflections r WHERE r.id = share_quotes.reflection_id), '');
