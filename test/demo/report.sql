-- test/demo/report.sql: a stored screening of the demo publications and a view for BI tools.
--
--   psql -v ON_ERROR_STOP=1 -f test/demo/report.sql      (after lists.sql and publications.sql)
--
-- The screening is stored once (instmatch.screen_table) and kept up to date after list changes
-- by instmatch.rescreen(), which screens again only the rows a change can affect. BI tools
-- (Metabase, Superset, Tableau) read instmatch.screening_report, or a view of one's own like
-- demo.screening_hits below: plain columns only (text, integer, date, real, boolean,
-- timestamptz), no instmatch types, no arrays, so a tool needs no knowledge of the extension.
\set ON_ERROR_STOP 1
\pset footer off
SET client_min_messages = warning;

-- The affiliation is in demo.authorship, the date in demo.work: screen a view that has both.
CREATE VIEW demo.authorship_dated AS
SELECT a.authorship_id, a.affiliation, w.published_on
FROM demo.authorship a JOIN demo.work w USING (work_id);
SELECT screening, mode, rows, rows_screened, results
FROM instmatch.screen_table('demo.authorship_dated', 'authorship_id', 'affiliation', 'published_on',
                            screening => 'demo authorships');

-- The example view: one row per hit, with the paper, the author and the evidence.
CREATE VIEW demo.screening_hits AS
SELECT w.work_id, w.title, w.journal, w.published_on, w.source,
       a.position, a.author, a.affiliation,
       r.listed_entity, r.list, r.list_name, r.listed_on, r.removed_on,
       r.matched_institution, r.matched_text, r.score, r.match_kind, r.via_parent,
       r.verdict, r.cleared
FROM instmatch.screening_report r
JOIN demo.authorship a ON a.authorship_id::text = r.row_key
JOIN demo.work w ON w.work_id = a.work_id
WHERE r.screening = 'demo authorships';
COMMENT ON VIEW demo.screening_hits IS 'demo: the listed institutions in the demo papers, with the evidence (for BI tools)';

-- What a dashboard shows: papers with a listed institution per year and list.
SELECT extract(year FROM published_on)::integer AS year, list, count(DISTINCT work_id) AS papers,
       count(*) AS authorships, count(DISTINCT listed_entity) AS listed_entities
FROM demo.screening_hits
WHERE NOT cleared
GROUP BY 1, 2 ORDER BY 1, 2;
