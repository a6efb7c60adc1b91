-- factstore schema, version 4: every extracted row names the rule of the extractor that produced
-- it (`rule`, e.g. 'figure.metric-next'; NULL for rows a person wrote), so that a reviewer can see
-- which rule to trust or fix. The rules and their confidences are listed in the extractor
-- (`src/extract/rules.rs`) and in the README.
ALTER TABLE mentions ADD COLUMN rule TEXT CHECK (rule IS NULL OR rule <> '');
ALTER TABLE statements ADD COLUMN rule TEXT CHECK (rule IS NULL OR rule <> '');
ALTER TABLE figures ADD COLUMN rule TEXT CHECK (rule IS NULL OR rule <> '');

-- The views for the shell show the rule too.
DROP VIEW figure_report;
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
       f.confidence,
       f.rule
FROM unique_figures AS f
JOIN sources AS s ON s.id = f.source_id
LEFT JOIN entities AS subj ON subj.id = f.subject_id
LEFT JOIN entities AS claim ON claim.id = f.claimed_by_id
LEFT JOIN entities AS place ON place.id = f.place_id;

DROP VIEW statement_report;
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
       st.confidence,
       st.rule
FROM unique_statements AS st
JOIN sources AS s ON s.id = st.source_id
LEFT JOIN entities AS sp ON sp.id = st.speaker_id;

DROP VIEW mention_report;
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
       m.confidence,
       m.rule
FROM unique_mentions AS m
JOIN sources AS s ON s.id = m.source_id
JOIN entities AS e ON e.id = m.entity_id;
