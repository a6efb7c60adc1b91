-- factstore schema, version 3: a write transaction may index its new rows for full-text search
-- once, at its end, instead of one row at a time.
--
-- FTS5 writes its pending index to disk at every statement that could fail halfway, and an INSERT
-- whose trigger writes to an FTS5 table is one: loading sources or statements row by row left one
-- tiny index segment per row, merged again and again (about 40% of a load of 10,000 articles).
--
-- A transaction that defers records, for each table, the highest id at its start as `after_id`:
-- every older row has an id at most that, so the rows above it are all its own. While that row of
-- `_fts_deferred` exists, those rows are not in the full-text index yet and the triggers leave
-- them alone; the transaction indexes them with one INSERT ... SELECT and deletes its
-- `_fts_deferred` rows before it commits, so no other connection ever sees one. Without a row in `_fts_deferred` (the sqlite3 shell, Datasette), the
-- triggers index every change at once, as before.
CREATE TABLE _fts_deferred (
    tbl TEXT PRIMARY KEY CHECK (tbl IN ('sources', 'statements')),
    after_id INTEGER NOT NULL
) STRICT;

DROP TRIGGER sources_ai;
DROP TRIGGER sources_ad;
DROP TRIGGER sources_au;
CREATE TRIGGER sources_ai AFTER INSERT ON sources
WHEN NOT EXISTS (SELECT 1 FROM _fts_deferred WHERE tbl = 'sources' AND new.id > after_id) BEGIN
    INSERT INTO sources_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER sources_ad AFTER DELETE ON sources
WHEN NOT EXISTS (SELECT 1 FROM _fts_deferred WHERE tbl = 'sources' AND old.id > after_id) BEGIN
    INSERT INTO sources_fts (sources_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER sources_au AFTER UPDATE OF title, body ON sources
WHEN NOT EXISTS (SELECT 1 FROM _fts_deferred WHERE tbl = 'sources' AND old.id > after_id) BEGIN
    INSERT INTO sources_fts (sources_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO sources_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

DROP TRIGGER statements_ai;
DROP TRIGGER statements_ad;
DROP TRIGGER statements_au;
CREATE TRIGGER statements_ai AFTER INSERT ON statements
WHEN NOT EXISTS (SELECT 1 FROM _fts_deferred WHERE tbl = 'statements' AND new.id > after_id) BEGIN
    INSERT INTO statements_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER statements_ad AFTER DELETE ON statements
WHEN NOT EXISTS (SELECT 1 FROM _fts_deferred WHERE tbl = 'statements' AND old.id > after_id) BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER statements_au AFTER UPDATE OF text ON statements
WHEN NOT EXISTS (SELECT 1 FROM _fts_deferred WHERE tbl = 'statements' AND old.id > after_id) BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO statements_fts (rowid, text) VALUES (new.id, new.text);
END;
