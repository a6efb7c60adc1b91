-- factstore schema, version 2: the cross-source comparison of figures.

-- Every figure (once, as in unique_figures) with the quantity it counts: its metric, subject and
-- place. A figure that leaves its subject unsaid counts the only subject that the other figures of
-- the same metric and place give ("3,800 people arrested" beside "3,000 protesters arrested"),
-- unless its own source gives another number for that subject (then it counts something else:
-- "748 police wounded" and "more than a thousand injured"). `as_of` is the figure's date, else its
-- source's; `shown` is the value as the comparison writes it (">3,700", "~2,500",
-- "20–99 (dozens)").
CREATE VIEW figure_groups AS
WITH dated AS MATERIALIZED (
    SELECT f.*, s.key AS source, coalesce(f.as_of, s.published) AS dated_as_of
    FROM unique_figures AS f
    JOIN sources AS s ON s.id = f.source_id
),
only_subject AS MATERIALIZED (
    SELECT metric, place_id, min(subject_id) AS subject_id
    FROM dated
    WHERE subject_id IS NOT NULL
    GROUP BY metric, place_id
    HAVING count(DISTINCT subject_id) = 1
),
given AS MATERIALIZED (
    SELECT source_id, metric, place_id, subject_id,
           count(DISTINCT value) AS values_given, min(value) AS value_given
    FROM dated
    WHERE subject_id IS NOT NULL
    GROUP BY source_id, metric, place_id, subject_id
),
with_subject AS (
    SELECT d.*,
           coalesce(d.subject_id,
                    CASE WHEN g.source_id IS NULL OR g.values_given = 0
                              OR (g.values_given = 1 AND g.value_given = d.value)
                         THEN o.subject_id END) AS group_subject_id
    FROM dated AS d
    LEFT JOIN only_subject AS o ON o.metric = d.metric AND o.place_id IS d.place_id
    LEFT JOIN given AS g ON g.source_id = d.source_id AND g.metric = d.metric AND g.place_id IS d.place_id
                        AND g.subject_id = o.subject_id
)
SELECT w.id,
       w.source_id,
       w.source,
       w.metric,
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
              ELSE coalesce(printf('%,d', w.low), '?') || '–' || coalesce(printf('%,d', w.high), '?')
                   || ' (' || w.qualifier || ')'
          END AS shown
FROM with_subject AS w;

-- One row per quantity (metric, subject, place): how many sources report it, the lowest and highest
-- value (bounds for vague ones), the spread, whether the sources disagree, and each source's value
-- with who claimed it ("3,000 (source-a: Government of Kazakhstan) · >3,700 (source-b: ...)").
-- A value a source gives twice counts once. Disputed quantities come first.
CREATE VIEW figure_comparison AS
WITH per_source AS (
    SELECT metric, subject_id, place_id, source, shown,
           min(least) AS least,
           max(most) AS most,
           group_concat(claimant, ', ') AS claimants
    FROM (
        SELECT g.metric, g.subject_id, g.place_id, g.source, g.shown, e.name AS claimant,
               min(coalesce(g.value, g.low)) AS least, max(coalesce(g.value, g.high)) AS most
        FROM figure_groups AS g
        LEFT JOIN entities AS e ON e.id = g.claimed_by_id
        GROUP BY g.metric, g.subject_id, g.place_id, g.source, g.shown, e.name
        ORDER BY min(g.char_start)
    )
    GROUP BY metric, subject_id, place_id, source, shown
),
grouped AS (
    SELECT metric, subject_id, place_id,
           count(DISTINCT source) AS sources,
           min(least) AS min,
           max(most) AS max,
           group_concat(shown || ' (' || source || coalesce(': ' || claimants, '') || ')', ' · ') AS by_source
    FROM (SELECT * FROM per_source ORDER BY coalesce(least, most), source)
    GROUP BY metric, subject_id, place_id
)
SELECT g.metric,
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
ORDER BY disputed DESC, g.sources DESC, spread DESC, g.metric, subject.name, place.name;
