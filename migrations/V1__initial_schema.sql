-- factstore schema, version 1.
--
-- Conventions:
-- * every table is STRICT and has an INTEGER PRIMARY KEY `id`; natural keys are UNIQUE;
-- * offsets (`char_start`, `char_end`) are 0-based Unicode code-point offsets into `sources.body`,
--   end exclusive, so that in the sqlite3 shell
--   `substr(body, char_start + 1, char_end - char_start)` returns the stored surface/text/evidence;
-- * `origin` is 'curated' (loaded from a file a person wrote) or 'extracted' (found by the extractor);
-- * `load_id` points at the load that wrote the row;
-- * dates are ISO 8601 text (YYYY-MM-DD), timestamps UTC (YYYY-MM-DDTHH:MM:SS.SSSZ).

-- Every load of a file (or extraction run): what was loaded, when, and what it changed.
CREATE TABLE loads (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('sources', 'entities', 'aliases', 'lexicon', 'mentions',
                                       'statements', 'figures', 'extraction')),
    path TEXT,
    sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    loaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    inserted INTEGER NOT NULL DEFAULT 0 CHECK (inserted >= 0),
    updated INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),
    unchanged INTEGER NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted >= 0),
    rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected >= 0),
    factstore_version TEXT NOT NULL
) STRICT;

-- The articles: metadata, full text and the SHA-256 of the text (one row per distinct text).
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE CHECK (key GLOB '[A-Za-z0-9]*' AND key NOT GLOB '*[^A-Za-z0-9._-]*'),
    title TEXT,
    publisher TEXT,
    url TEXT,
    language TEXT NOT NULL CHECK (language <> '' AND language NOT GLOB '*[^A-Za-z0-9-]*'),
    published TEXT CHECK (published IS NULL OR date(published) IS published),
    body TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    load_id INTEGER NOT NULL REFERENCES loads (id)
) STRICT;
CREATE INDEX sources_language ON sources (language);
CREATE INDEX sources_published ON sources (published);
CREATE INDEX sources_load ON sources (load_id);

-- People, organisations, places and groups; `match_key` is the name folded for case, accents,
-- apostrophes, dashes and spaces (what `--entity` filters compare against).
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE CHECK (key GLOB '[A-Za-z0-9]*' AND key NOT GLOB '*[^A-Za-z0-9._-]*'),
    kind TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'place', 'group', 'event', 'other')),
    name TEXT NOT NULL CHECK (name <> ''),
    match_key TEXT NOT NULL,
    description TEXT,
    wikidata TEXT CHECK (wikidata IS NULL OR (wikidata GLOB 'Q[1-9]*' AND substr(wikidata, 2) NOT GLOB '*[^0-9]*')),
    load_id INTEGER NOT NULL REFERENCES loads (id)
) STRICT;
CREATE INDEX entities_match_key ON entities (match_key);
CREATE UNIQUE INDEX entities_wikidata ON entities (wikidata);
CREATE INDEX entities_kind ON entities (kind);
CREATE INDEX entities_load ON entities (load_id);

-- Every spelling of an entity, with its language (NULL: any language) and folded match key.
CREATE TABLE aliases (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    alias TEXT NOT NULL CHECK (alias <> ''),
    language TEXT CHECK (language IS NULL OR (language <> '' AND language NOT GLOB '*[^A-Za-z0-9-]*')),
    match_key TEXT NOT NULL,
    load_id INTEGER NOT NULL REFERENCES loads (id),
    UNIQUE (entity_id, alias)
) STRICT;
CREATE INDEX aliases_match_key ON aliases (match_key);
CREATE INDEX aliases_load ON aliases (load_id);

-- The words the extractor reads numbers and attributions by, per language:
--   metric       term marks a metric; code = metric name (killed, arrested, ...)
--   qualifier    code = qualifier (more_than, at_least, about, ...)
--   speech_verb  code = 'say' (introduces speech) or 'add' (carries the previous speaker over)
--   number       a number word; value = the number, code = an implied qualifier if any
--   multiplier   value = the factor (mille = 1000)
--   vague        a vague quantity; code = qualifier (dozens, hundreds, ...), low/high = its bounds
--   non_figure   a word that makes an adjacent number not a figure; code = 'before' or 'after'
--   abbreviation a word ending in '.' that does not end a sentence (Mr., M., Gen.)
--   title        a title that stands for the person it is given to (président, minister)
CREATE TABLE lexicon (
    id INTEGER PRIMARY KEY,
    language TEXT NOT NULL CHECK (language <> '' AND language NOT GLOB '*[^A-Za-z0-9-]*'),
    kind TEXT NOT NULL CHECK (kind IN ('metric', 'qualifier', 'speech_verb', 'number', 'multiplier',
                                       'vague', 'non_figure', 'abbreviation', 'title')),
    term TEXT NOT NULL CHECK (term <> ''),
    code TEXT,
    value INTEGER,
    low INTEGER,
    high INTEGER,
    load_id INTEGER NOT NULL REFERENCES loads (id),
    UNIQUE (language, kind, term),
    CHECK (low IS NULL OR high IS NULL OR low <= high)
) STRICT;
CREATE INDEX lexicon_kind_code ON lexicon (kind, code);
CREATE INDEX lexicon_load ON lexicon (load_id);

-- Where an entity is named in a source: the exact span and the surface text at it.
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    surface TEXT NOT NULL,
    char_start INTEGER NOT NULL CHECK (char_start >= 0),
    char_end INTEGER NOT NULL CHECK (char_end > char_start),
    origin TEXT NOT NULL CHECK (origin IN ('curated', 'extracted')),
    confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
    load_id INTEGER NOT NULL REFERENCES loads (id),
    UNIQUE (source_id, origin, char_start, char_end, entity_id),
    CHECK (length(surface) = char_end - char_start)
) STRICT;
CREATE INDEX mentions_entity ON mentions (entity_id);
CREATE INDEX mentions_load ON mentions (load_id);

-- Quotes and claims: who said it (NULL: unknown), the text and its exact span in the source.
-- kind: 'quote' (direct quote), 'indirect' (reported speech), 'term' (a short quoted term).
-- language: NULL means the language of the source.
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    speaker_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('quote', 'indirect', 'term')),
    text TEXT NOT NULL CHECK (text <> ''),
    language TEXT CHECK (language IS NULL OR (language <> '' AND language NOT GLOB '*[^A-Za-z0-9-]*')),
    char_start INTEGER NOT NULL CHECK (char_start >= 0),
    char_end INTEGER NOT NULL CHECK (char_end > char_start),
    origin TEXT NOT NULL CHECK (origin IN ('curated', 'extracted')),
    confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
    load_id INTEGER NOT NULL REFERENCES loads (id),
    UNIQUE (source_id, origin, char_start, char_end),
    CHECK (length(text) = char_end - char_start)
) STRICT;
CREATE INDEX statements_speaker ON statements (speaker_id);
CREATE INDEX statements_kind ON statements (kind);
CREATE INDEX statements_load ON statements (load_id);

-- Numeric claims: metric, best value and bounds, qualifier, what is counted (subject), who said it
-- (claimed_by), where (place), as of when, and the number as written (evidence) with its span.
-- A vague quantity ("dozens") has no value, only the bounds its lexicon word documents.
CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    statement_id INTEGER REFERENCES statements (id) ON DELETE SET NULL,
    metric TEXT NOT NULL CHECK (metric <> ''),
    value INTEGER CHECK (value IS NULL OR value >= 0),
    low INTEGER CHECK (low IS NULL OR low >= 0),
    high INTEGER CHECK (high IS NULL OR high >= 0),
    qualifier TEXT NOT NULL DEFAULT 'exact'
        CHECK (qualifier IN ('exact', 'about', 'at_least', 'more_than', 'less_than', 'at_most', 'up_to',
                             'nearly', 'several', 'dozens', 'scores', 'hundreds', 'thousands')),
    unit TEXT,
    subject_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    claimed_by_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    place_id INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    as_of TEXT CHECK (as_of IS NULL OR date(as_of) IS as_of),
    evidence TEXT NOT NULL CHECK (evidence <> ''),
    char_start INTEGER NOT NULL CHECK (char_start >= 0),
    char_end INTEGER NOT NULL CHECK (char_end > char_start),
    origin TEXT NOT NULL CHECK (origin IN ('curated', 'extracted')),
    confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
    load_id INTEGER NOT NULL REFERENCES loads (id),
    UNIQUE (source_id, origin, char_start, char_end, metric),
    CHECK (value IS NOT NULL OR low IS NOT NULL OR high IS NOT NULL),
    CHECK (low IS NULL OR high IS NULL OR low <= high),
    CHECK (value IS NULL OR low IS NULL OR low <= value),
    CHECK (value IS NULL OR high IS NULL OR value <= high),
    CHECK (length(evidence) = char_end - char_start)
) STRICT;
CREATE INDEX figures_metric_place ON figures (metric, place_id);
CREATE INDEX figures_subject ON figures (subject_id);
CREATE INDEX figures_claimed_by ON figures (claimed_by_id);
CREATE INDEX figures_place ON figures (place_id);
CREATE INDEX figures_as_of ON figures (as_of);
CREATE INDEX figures_statement ON figures (statement_id);
CREATE INDEX figures_load ON figures (load_id);

-- Full-text search over source titles and bodies, and over statement text: external-content FTS5
-- tables named <table>_fts (the sqlite-utils / Datasette convention), case- and accent-insensitive,
-- kept in step by triggers.
CREATE VIRTUAL TABLE sources_fts USING fts5 (
    title, body,
    content="sources", content_rowid="id",
    tokenize="unicode61 remove_diacritics 2"
);
CREATE TRIGGER sources_ai AFTER INSERT ON sources BEGIN
    INSERT INTO sources_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER sources_ad AFTER DELETE ON sources BEGIN
    INSERT INTO sources_fts (sources_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER sources_au AFTER UPDATE OF title, body ON sources BEGIN
    INSERT INTO sources_fts (sources_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO sources_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE VIRTUAL TABLE statements_fts USING fts5 (
    text,
    content="statements", content_rowid="id",
    tokenize="unicode61 remove_diacritics 2"
);
CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER statements_ad AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER statements_au AFTER UPDATE OF text ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO statements_fts (rowid, text) VALUES (new.id, new.text);
END;

-- Every mention, statement and figure once: the curated rows, and the extracted rows that no
-- curated row already states (same source and overlapping span; for mentions also the same
-- entity, for figures the same metric and value).
CREATE VIEW unique_mentions AS
SELECT m.* FROM mentions AS m
WHERE NOT (m.origin = 'extracted' AND EXISTS (
    SELECT 1 FROM mentions AS c
    WHERE c.source_id = m.source_id AND c.origin = 'curated' AND c.entity_id = m.entity_id
      AND c.char_start < m.char_end AND m.char_start < c.char_end));

CREATE VIEW unique_statements AS
SELECT st.* FROM statements AS st
WHERE NOT (st.origin = 'extracted' AND EXISTS (
    SELECT 1 FROM statements AS c
    WHERE c.source_id = st.source_id AND c.origin = 'curated'
      AND c.char_start < st.char_end AND st.char_start < c.char_end));

CREATE VIEW unique_figures AS
SELECT f.* FROM figures AS f
WHERE NOT (f.origin = 'extracted' AND EXISTS (
    SELECT 1 FROM figures AS c
    WHERE c.source_id = f.source_id AND c.origin = 'curated' AND c.metric = f.metric
      AND c.value IS f.value AND c.low IS f.low AND c.high IS f.high
      AND c.char_start < f.char_end AND f.char_start < c.char_end));

-- Views for the shell: the rows above with keys and names joined in.

-- Figures with source, entity names and the as-of date (the source's date where the figure has none).
CREATE VIEW figure_report AS
SELECT f.id,
       s.key AS source,
       s.language,
       s.publisher,
       f.metric,
       f.value,
       f.low,
       f.high,
       f.qualifier,
       f.unit,
       subj.name AS subject,
       claim.name AS claimed_by,
       place.name AS place,
       coalesce(f.as_of, s.published) AS as_of,
       f.evidence,
       f.char_start,
       f.char_end,
       f.origin,
       f.confidence
FROM unique_figures AS f
JOIN sources AS s ON s.id = f.source_id
LEFT JOIN entities AS subj ON subj.id = f.subject_id
LEFT JOIN entities AS claim ON claim.id = f.claimed_by_id
LEFT JOIN entities AS place ON place.id = f.place_id;

-- Statements with source and speaker.
CREATE VIEW statement_report AS
SELECT st.id,
       s.key AS source,
       coalesce(st.language, s.language) AS language,
       s.published,
       sp.key AS speaker_key,
       sp.name AS speaker,
       st.kind,
       st.text,
       st.char_start,
       st.char_end,
       st.origin,
       st.confidence
FROM unique_statements AS st
JOIN sources AS s ON s.id = st.source_id
LEFT JOIN entities AS sp ON sp.id = st.speaker_id;

-- Mentions with source and entity.
CREATE VIEW mention_report AS
SELECT m.id,
       s.key AS source,
       e.key AS entity_key,
       e.name AS entity,
       e.kind AS entity_kind,
       m.surface,
       m.char_start,
       m.char_end,
       m.origin,
       m.confidence
FROM unique_mentions AS m
JOIN sources AS s ON s.id = m.source_id
JOIN entities AS e ON e.id = m.entity_id;

-- One row per source: what the store holds about it.
CREATE VIEW source_report AS
SELECT s.id,
       s.key,
       s.title,
       s.publisher,
       s.language,
       s.published,
       length(s.body) AS characters,
       (SELECT count(*) FROM unique_mentions AS m WHERE m.source_id = s.id) AS mentions,
       (SELECT count(*) FROM unique_statements AS st WHERE st.source_id = s.id) AS statements,
       (SELECT count(*) FROM unique_figures AS f WHERE f.source_id = s.id) AS figures
FROM sources AS s;
