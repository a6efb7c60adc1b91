-- Articles added as users have them (`factstore add`): where a source's language came from and
-- how sure it is, the near-duplicate fingerprint of its text, and the source it is a copy of.
--
-- `language_confidence`: 0 to 1, as detection or the file said (NULL for a sources.csv row that
-- does not say). `language_source`: `metadata` (the file declared it), `detected` (from the text),
-- `option` (`add --language`), `none` (nothing declared, detection unsure: `language` is `und`).
-- `fingerprint`: a MinHash sketch of the body (src/ingest/fingerprint.rs, version byte first).
-- `original`: the key of the source this one republishes (the same dispatch with other page
-- furniture, trimmed or lightly edited); NULL for an original. It refers to the key rather than
-- the id so that an export, written in key order, loads back whatever the order of its rows.
ALTER TABLE sources ADD COLUMN language_confidence REAL
    CHECK (language_confidence IS NULL OR (language_confidence >= 0 AND language_confidence <= 1));
ALTER TABLE sources ADD COLUMN language_source TEXT
    CHECK (language_source IS NULL OR language_source IN ('metadata', 'detected', 'option', 'none'));
ALTER TABLE sources ADD COLUMN fingerprint BLOB;
ALTER TABLE sources ADD COLUMN original TEXT
    REFERENCES sources (key) DEFERRABLE INITIALLY DEFERRED
    CHECK (original IS NULL OR original <> key);
CREATE INDEX sources_original ON sources (original);
CREATE INDEX sources_url ON sources (url);
