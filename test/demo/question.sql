-- test/demo/question.sql: the demo question, in one query.
--
--   Which papers since March 2024 have an author at Microsoft Research Asia and a co-author at
--   an Entity-Listed university, and was the university listed when the paper appeared?
--
-- Over demo.work / demo.authorship (test/demo/publications.sql) and the lists loaded
-- (test/demo/lists.sql, whose dates are fictional):
--   * Microsoft Research Asia is on no list: inst_match finds it (its ROR id, 0300m5276);
--   * the universities: inst_screen(affiliation) as of today finds the listed entities named in
--     each affiliation, with the evidence (list, listing date, the text that matched); kept are
--     the Entity List's universities (the listed entity or the organisation it is linked to is
--     of type education);
--   * listed when published: inst_screen(affiliation, as_of => the paper's date) names it too.
-- One row per paper and listed university, then a summary row: the papers and universities, the
-- papers with a listed co-author university that was listed when they appeared (yes) and with
-- one listed only later (no; a paper with two such universities can count in both).
\pset footer off
WITH msra_works AS (
    SELECT DISTINCT a.work_id
    FROM demo.authorship a CROSS JOIN LATERAL inst_match(a.affiliation) m
    WHERE m.entity_id = '0300m5276'
), hits AS (
    SELECT w.work_id, w.published_on, w.title, a.position, a.author,
           s.name AS university, s.feed || ':' || s.list AS list, s.entity_id, s.listed_on, s.matched, s.match_kind,
           EXISTS (SELECT 1 FROM inst_screen(a.affiliation, w.published_on) t
                   WHERE t.entity_id = s.entity_id AND t.list = s.list AND t.feed = s.feed) AS listed_then
    FROM demo.work w
    JOIN msra_works USING (work_id)
    JOIN demo.authorship a USING (work_id)
    CROSS JOIN LATERAL inst_screen(a.affiliation) s
    WHERE w.published_on >= date '2024-03-01'
      AND (s.list = 'EL' OR s.list_name ILIKE 'entity list%')
      AND EXISTS (SELECT 1 FROM instmatch.entity e
                  WHERE e.entity_id IN (s.entity_id, s.matched_entity_id) AND 'education' = ANY (e.types))
), per_paper AS (
    -- one row per paper, list and university: its first author there, as evidence
    SELECT DISTINCT ON (work_id, list, university) *
    FROM hits ORDER BY work_id, list, university, position
)
SELECT published_on::text AS published, work_id::text AS work, left(title, 44) AS title, university,
       list, listed_on::text AS listed_on,
       CASE WHEN listed_on IS NULL THEN 'listed; the list gives no date'
            WHEN listed_then THEN 'yes' ELSE 'no: listed later' END AS listed_when_published,
       author, matched AS evidence
FROM (SELECT *, 0 AS part FROM per_paper) p
UNION ALL
SELECT NULL, NULL, 'all papers since 2024-03-01',
       pg_catalog.format('%s papers, %s universities', count(DISTINCT work_id), count(DISTINCT university)),
       NULL, NULL,
       pg_catalog.format('%s yes, %s no, %s undated', count(DISTINCT work_id) FILTER (WHERE listed_then AND listed_on IS NOT NULL),
                         count(DISTINCT work_id) FILTER (WHERE NOT listed_then),
                         count(DISTINCT work_id) FILTER (WHERE listed_on IS NULL)),
       NULL, NULL
FROM per_paper
ORDER BY 1 NULLS LAST, 2, 4;
