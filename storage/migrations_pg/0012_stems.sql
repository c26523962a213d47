-- SQLite's stems become a plain column written from Go; on PostgreSQL they
-- have been one since 0010_search.sql. Nothing to change.

SELECT 1;
