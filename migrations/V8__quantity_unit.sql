-- factstore schema, version 8: a quantity is also what it counts.
--
-- Figures of metric `other` count things or people that no other metric names (buildings,
-- vehicles, missing or rescued people), and say which in `unit`. `figure_groups` carries `unit`,
-- and a quantity is (metric, unit, subject, place) in `figure_groups` and `figure_comparison`, so
-- that 66 missing people and 2,000 buildings in one place are two quantities, not one disputed
-- one. Rows without a unit group as before.
DROP VIEW figure_comparison;
DROP VIEW figure_groups;

CREATE VIEW figure_groups AS
WITH dated AS MATERIALIZED (
    SELECT f.*, s.key AS source, coalesce(s.original, s.key) AS original,
           coalesce(f.as_of, s.published) AS dated_as_of
    FROM unique_figures AS f
    JOIN sources AS s ON s.id = f.source_id
),
only_subject AS MATERIALIZED (
    SELECT metric, unit, place_id, min(subject_id) AS subject_id
    FROM dated
    WHERE subject_id IS NOT NULL
    GROUP BY metric, unit, place_id
    HAVING count(DISTINCT subject_id) = 1
),
given AS MATERIALIZED (
    SELECT source_id, metric, unit, place_id, subject_id,
           count(DISTINCT value) AS values_given, min(value) AS value_given
    FROM dated
    WHERE subject_id IS NOT NULL
    GROUP BY source_id, metric, unit, place_id, subject_id
),
with_subject AS (
    SELECT d.*,
           coalesce(d.subject_id,
                    CASE WHEN g.source_id IS NULL OR g.values_given = 0
                              OR (g.values_given = 1 AND g.value_given = d.value)
                         THEN o.subject_id END) AS group_subject_id
    FROM dated AS d
    LEFT JOIN only_subject AS o ON o.metric = d.metric AND o.unit IS d.unit AND o.place_id IS d.place_id
    LEFT JOIN given AS g ON g.source_id = d.source_id AND g.metric = d.metric AND g.unit IS d.unit
                        AND g.place_id IS d.place_id
                        AND g.subject_id = o.subject_id
)
SELECT w.id,
       w.source_id,
       w.source,
       w.metric,
       w.unit,
       w.group_subject_id AS subject_id,
       w.place_id,
       w.value,
       w.low,
       w.high,
       w.qualifier,
       w.claimed_by_id,
       w.evidence,
       w.char_start,
       w.char_end,
       w.dated_as_of AS as_of,
       w.origin,
       w.confidence,
       w.rule,
       w.original,
       CASE w.qualifier
           WHEN 'more_than' THEN '>'
           WHEN 'at_least' THEN '≥'
           WHEN 'about' THEN '~'
           WHEN 'nearly' THEN '≈'
           WHEN 'less_than' THEN '<'
           WHEN 'at_most' THEN '≤'
           WHEN 'up_to' THEN '≤'
           ELSE ''
       END
       || CASE
              WHEN w.value IS NOT NULL THEN printf('%,d', w.value)
              WHEN w.qualifier IN ('several', 'dozens', 'scores', 'hundreds', 'thousands') THEN w.qualifier
              ELSE coalesce(printf('%,d', w.low), '?') || '–' || coalesce(printf('%,d', w.high), '?')
          END AS shown
FROM with_subject AS w;

CREATE VIEW figure_comparison AS
WITH per_source AS (
    SELECT metric, unit, subject_id, place_id, source, shown,
           min(least) AS least,
           max(most) AS most,
           group_concat(claimant, ', ') AS claimants,
           max(checked) AS checked
    FROM (
        SELECT g.metric, g.unit, g.subject_id, g.place_id, g.original AS source, g.shown, e.name AS claimant,
               min(coalesce(g.value, g.low)) AS least, max(coalesce(g.value, g.high)) AS most,
               max(g.origin = 'curated') AS checked
        FROM figure_groups AS g
        LEFT JOIN entities AS e ON e.id = g.claimed_by_id
        GROUP BY g.metric, g.unit, g.subject_id, g.place_id, g.original, g.shown, e.name
        ORDER BY min(g.char_start)
    )
    GROUP BY metric, unit, subject_id, place_id, source, shown
),
grouped AS (
    SELECT metric, unit, subject_id, place_id,
           count(DISTINCT source) AS sources,
           min(least) AS min,
           max(most) AS max,
           group_concat(shown || ' (' || source || coalesce(': ' || claimants, '')
                        || CASE WHEN checked THEN '' ELSE '; extracted' END || ')', ' · ') AS by_source
    FROM (SELECT * FROM per_source ORDER BY coalesce(least, most), source)
    GROUP BY metric, unit, subject_id, place_id
)
SELECT g.metric,
       g.unit,
       subject.name AS subject,
       place.name AS place,
       g.sources,
       g.min,
       g.max,
       g.max - g.min AS spread,
       g.sources > 1 AND g.max > g.min AS disputed,
       g.by_source
FROM grouped AS g
LEFT JOIN entities AS subject ON subject.id = g.subject_id
LEFT JOIN entities AS place ON place.id = g.place_id
ORDER BY disputed DESC, g.sources DESC, spread DESC, g.metric, g.unit, subject.name, place.name;
