-- Search finds base forms. PostgreSQL keeps the stems (stemText, the same
-- Go code as SQLite's) as lexemes of reflections.search beside the words as
-- written (tsvectorLiteral); the stems column is there for `admin migrate`
-- and the schema to match SQLite's. Both are filled from Go: Open reindexes
-- the reflections already there after this migration (reindexSearch).

ALTER TABLE reflections ADD COLUMN stems TEXT NOT NULL DEFAULT '';
