-- The demo (test/demo/*.sql): the list fixture, the sample publications, the question and the
-- BI view. Asserts that the matcher finds exactly the institutions the generator wrote into each
-- affiliation, and that the question's answer is the one the generator's truth gives.
SET client_min_messages = warning;
SET datestyle = ISO;
TRUNCATE instmatch.entity, instmatch.list CASCADE;
\set ECHO none
\i test/demo/lists.sql
\set ECHO all
\set ECHO none
\i test/demo/publications.sql
\set ECHO all
SELECT entity_id, target_id, method FROM instmatch.link ORDER BY 1;
SELECT count(*) AS to_review FROM instmatch.link_review;

-- the generator's institution keys and the organisations of the fixture
CREATE TEMP TABLE keymap (inst text PRIMARY KEY, entity_id text);
INSERT INTO keymap VALUES ('msra', '0300m5276'), ('buaa', '00wk2mp56'), ('hit', '01yqg2h08'), ('hitsz', 'demo-hitsz'),
 ('ustc', '04c4dkn09'), ('nudt', '05d2yfz11'), ('nwpu', '01y0j0j86'), ('nuaa', '01scyh794'), ('scu', '011ashp19'),
 ('nju', '01rxvg760'), ('suse', 'demo-suse'), ('hitlab', '03y7q9t39'), ('bit', '01skt4w74'), ('heu', '03x80pn82'),
 ('hrbust', '04e6y1282'), ('ustb', '02egmk993'), ('hfut', '02czkny70'), ('tsinghua', '03cve4549'), ('pku', '02v51f717'),
 ('zju', '00a2xv884'), ('sjtu', '0220qvk04'), ('casia', '022c3hy66'), ('cas', '034t30j35'), ('uw', '00cvxb145'),
 ('cmu', '05x2bcf33'), ('nus', '01tgyzw49'), ('msr', '00d0nc645'), ('sensetime', '049wsmj07'), ('megvii', '040b32p69'),
 ('iflytek', '009pwww24'), ('huawei', '00cmhce21');
SELECT count(*) AS unmapped FROM demo.authorship_institution t WHERE NOT EXISTS (SELECT 1 FROM keymap k WHERE k.inst = t.institution);

-- 1. inst_match on every affiliation against the truth (parents reported as child_of aside)
CREATE TEMP TABLE found AS
SELECT a.authorship_id, m.entity_id FROM demo.authorship a, inst_match(a.affiliation) m WHERE m.match_kind <> 'child_of';
CREATE TEMP TABLE truth AS
SELECT t.authorship_id, k.entity_id FROM demo.authorship_institution t JOIN keymap k ON k.inst = t.institution;
SELECT (SELECT count(*) FROM truth) AS named,
       (SELECT count(*) FROM (TABLE truth EXCEPT TABLE found) x) AS missed,
       (SELECT count(*) FROM (TABLE found EXCEPT TABLE truth) x) AS extra;
SELECT d.source, count(*) AS affiliations FROM demo.authorship a JOIN demo.work d USING (work_id) GROUP BY 1 ORDER BY 1;

-- 2. the question, from the truth: papers since 2024-03-01 with an MSRA author and an author at
-- a listed university (HIT's Shenzhen campus counts as HIT), listed at the paper's date or not
CREATE TEMP TABLE expected AS
SELECT DISTINCT w.work_id, e.name AS university,
       (li.listed_on <= w.published_on) AS listed_then
FROM demo.work w
JOIN demo.authorship a USING (work_id)
JOIN demo.authorship_institution t USING (authorship_id)
JOIN instmatch.listing li ON li.entity_id = 'demo:' || CASE t.institution WHEN 'hitsz' THEN 'hit' ELSE t.institution END
JOIN instmatch.entity e ON e.entity_id = li.entity_id
WHERE w.published_on >= '2024-03-01' AND 'education' = ANY (e.types)
  AND EXISTS (SELECT 1 FROM demo.authorship a2 JOIN demo.authorship_institution t2 USING (authorship_id)
              WHERE a2.work_id = w.work_id AND t2.institution = 'msra');
\set ECHO none
\i test/demo/question.sql
\set ECHO all
\pset footer on
-- the question's rows against the expected ones (the query of question.sql, its rows only)
CREATE TEMP TABLE answered AS
WITH msra_works AS (
    SELECT DISTINCT a.work_id FROM demo.authorship a CROSS JOIN LATERAL inst_match(a.affiliation) m
    WHERE m.entity_id = '0300m5276'
)
SELECT DISTINCT w.work_id, s.name AS university,
       EXISTS (SELECT 1 FROM inst_screen(a.affiliation, w.published_on) t WHERE t.entity_id = s.entity_id AND t.list = s.list) AS listed_then
FROM demo.work w JOIN msra_works USING (work_id) JOIN demo.authorship a USING (work_id)
CROSS JOIN LATERAL inst_screen(a.affiliation) s
WHERE w.published_on >= date '2024-03-01' AND (s.list = 'EL' OR s.list_name ILIKE 'entity list%')
  AND EXISTS (SELECT 1 FROM instmatch.entity e WHERE e.entity_id IN (s.entity_id, s.matched_entity_id) AND 'education' = ANY (e.types));
SELECT (SELECT count(*) FROM expected) AS expected_rows,
       (SELECT count(*) FROM (TABLE expected EXCEPT TABLE answered) x) AS missing,
       (SELECT count(*) FROM (TABLE answered EXCEPT TABLE expected) x) AS wrong;

-- 3. the stored screening and the BI view
\set ECHO none
\i test/demo/report.sql
\set ECHO all
\pset footer on
SELECT count(*) AS hits, count(DISTINCT work_id) AS papers FROM demo.screening_hits;
-- the view's hits are inst_screen's at each paper's date
SELECT count(*) AS differing FROM (
  (SELECT a.authorship_id::text, s.entity_id, s.list, s.matched FROM demo.authorship a JOIN demo.work w USING (work_id),
          inst_screen(a.affiliation, w.published_on, true) s
   EXCEPT
   SELECT r.row_key, r.listed_entity_id, r.list, r.matched_text FROM instmatch.screening_report r WHERE r.screening = 'demo authorships')
  UNION ALL
  (SELECT r.row_key, r.listed_entity_id, r.list, r.matched_text FROM instmatch.screening_report r WHERE r.screening = 'demo authorships'
   EXCEPT
   SELECT a.authorship_id::text, s.entity_id, s.list, s.matched FROM demo.authorship a JOIN demo.work w USING (work_id),
          inst_screen(a.affiliation, w.published_on, true) s)) x;

SELECT instmatch.drop_screening('demo authorships');
DROP SCHEMA demo CASCADE;
TRUNCATE instmatch.entity, instmatch.list CASCADE;
