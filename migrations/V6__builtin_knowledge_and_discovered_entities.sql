-- factstore schema, version 6: built-in knowledge, discovered entities and review decisions.
--
-- * Entities, aliases and lexicon rows say where they come from (`origin`, a vocabulary of its
--   own): 'builtin' (the knowledge base factstore ships: general words of each language, a
--   gazetteer of countries and cities; installed and updated by factstore, never by a file),
--   'curated' (a file a person wrote) or 'extracted' (an entity the names finder discovered in
--   source text; never an alias or lexicon row). A curated row loaded with the natural key of a
--   built-in one takes it over: it becomes curated, and updates of the knowledge skip it.
-- * A discovered entity records the rule that found it and that rule's confidence.
-- * `builtin_knowledge` records the version of the knowledge installed (one row).
-- * `decisions` holds a reviewer's decisions on discovered names (accept, merge, reject).
-- * Lexicon kinds gain `institution` (the head noun of an institution's name: ministry,
--   ministère; code = the entity kind it gives) and `name_part` (honorifics, particles and
--   suffixes of personal names: Mr, M., von der, al-, Jr.; code = honorific, particle or suffix)
--   and `common_word` (a word written with a capital that is no name: Friday, Internet, État).
-- * A load may be of a decisions file.

-- `loads` is rebuilt to widen its kind CHECK. Every other table points at it, and PRAGMA
-- foreign_keys cannot be turned off inside a migration's transaction: with the checks deferred,
-- the implicit delete of DROP TABLE counts the rows that point at it, and putting the same ids
-- back counts them resolved again before the transaction commits.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE loads_before AS SELECT * FROM loads;
DROP TABLE loads;
CREATE TABLE loads (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('sources', 'entities', 'aliases', 'lexicon', 'decisions',
                                       'mentions', 'statements', 'figures', 'extraction')),
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
INSERT INTO loads SELECT * FROM temp.loads_before;
DROP TABLE temp.loads_before;

-- `lexicon` is rebuilt to widen its kind CHECK (no table points at it).
CREATE TABLE lexicon_new (
    id INTEGER PRIMARY KEY,
    language TEXT NOT NULL CHECK (language <> '' AND language NOT GLOB '*[^A-Za-z0-9-]*'),
    kind TEXT NOT NULL CHECK (kind IN ('metric', 'qualifier', 'speech_verb', 'number', 'multiplier',
                                       'vague', 'non_figure', 'abbreviation', 'title',
                                       'institution', 'name_part', 'common_word')),
    term TEXT NOT NULL CHECK (term <> ''),
    code TEXT,
    value INTEGER,
    low INTEGER,
    high INTEGER,
    load_id INTEGER NOT NULL REFERENCES loads (id),
    origin TEXT NOT NULL DEFAULT 'curated' CHECK (origin IN ('builtin', 'curated')),
    UNIQUE (language, kind, term),
    CHECK (low IS NULL OR high IS NULL OR low <= high)
) STRICT;
INSERT INTO lexicon_new (id, language, kind, term, code, value, low, high, load_id)
SELECT id, language, kind, term, code, value, low, high, load_id FROM lexicon;
DROP TABLE lexicon;
ALTER TABLE lexicon_new RENAME TO lexicon;
CREATE INDEX lexicon_kind_code ON lexicon (kind, code);
CREATE INDEX lexicon_load ON lexicon (load_id);

ALTER TABLE entities ADD COLUMN origin TEXT NOT NULL DEFAULT 'curated'
    CHECK (origin IN ('builtin', 'curated', 'extracted'));
ALTER TABLE entities ADD COLUMN confidence REAL
    CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1));
ALTER TABLE entities ADD COLUMN rule TEXT CHECK (rule IS NULL OR rule <> '');
CREATE INDEX entities_origin ON entities (origin);

ALTER TABLE aliases ADD COLUMN origin TEXT NOT NULL DEFAULT 'curated'
    CHECK (origin IN ('builtin', 'curated'));

-- The built-in knowledge installed: its version (a number that grows with every change of the
-- files) and the SHA-256 of its files. A factstore whose knowledge is newer replaces its rows.
CREATE TABLE builtin_knowledge (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL CHECK (version > 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    installed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    factstore_version TEXT NOT NULL
) STRICT;

-- A reviewer's decision on a name the extractor discovered (one per folded name, `match_key`):
--   accept  the name is an entity: `entity` (its key) of `kind`, created as a curated entity;
--   merge   the name is another spelling of entity `entity`: a curated alias of it;
--   reject  the name is no entity: the extractor no longer proposes it.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    match_key TEXT NOT NULL UNIQUE,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'merge', 'reject')),
    entity TEXT CHECK (entity IS NULL OR (entity GLOB '[A-Za-z0-9]*' AND entity NOT GLOB '*[^A-Za-z0-9._-]*')),
    kind TEXT CHECK (kind IS NULL OR kind IN ('person', 'organization', 'place', 'group', 'event', 'other')),
    note TEXT,
    load_id INTEGER NOT NULL REFERENCES loads (id),
    CHECK ((decision = 'reject') = (entity IS NULL)),
    CHECK (kind IS NULL OR decision = 'accept')
) STRICT;
CREATE INDEX decisions_load ON decisions (load_id);
