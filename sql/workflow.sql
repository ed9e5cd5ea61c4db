-- Stored screenings: screen_table, incremental rescreen after list changes (each refresh must
-- equal a fresh screen of every row), source changes, the BI view, errors; and inst_screen and
-- inst_match in a Parallel Seq Scan plan.
SET client_min_messages = warning;
SET datestyle = ISO;
TRUNCATE instmatch.entity, instmatch.list CASCADE;

-- A few ROR organisations, as import_ror loads them.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, domains, types, source) VALUES
 ('00wk2mp56', 'Beihang University', 'CN', 'China', 'Beijing', '{buaa.edu.cn}', '{education}', 'ror'),
 ('01yqg2h08', 'Harbin Institute of Technology', 'CN', 'China', 'Harbin', '{hit.edu.cn}', '{education}', 'ror'),
 ('05fwr8z16', 'Harbin Institute of Technology, Shenzhen', 'CN', 'China', 'Shenzhen', '{hitsz.edu.cn}', '{education}', 'ror'),
 ('03x80pn82', 'Harbin Engineering University', 'CN', 'China', 'Harbin', '{hrbeu.edu.cn}', '{education}', 'ror'),
 ('01rxvg760', 'Nanjing University', 'CN', 'China', 'Nanjing', '{nju.edu.cn}', '{education}', 'ror'),
 ('01scyh794', 'Nanjing University of Aeronautics and Astronautics', 'CN', 'China', 'Nanjing', '{nuaa.edu.cn}', '{education}', 'ror'),
 ('04c4dkn09', 'University of Science and Technology of China', 'CN', 'China', 'Hefei', '{ustc.edu.cn}', '{education}', 'ror'),
 ('05s92vm98', 'Xidian University', 'CN', 'China', 'Xi''an', '{xidian.edu.cn}', '{education}', 'ror'),
 ('0300m5276', 'Microsoft Research Asia (China)', 'CN', 'China', 'Beijing', '{}', '{company}', 'ror');
INSERT INTO instmatch.alias (entity_id, alias, kind, lang, source) VALUES
 ('00wk2mp56', 'BUAA', 'acronym', NULL, 'ror'),
 ('00wk2mp56', '北京航空航天大学', 'label', 'zh', 'ror'),
 ('01yqg2h08', 'HIT', 'acronym', NULL, 'ror'),
 ('01yqg2h08', '哈尔滨工业大学', 'label', 'zh', 'ror'),
 ('04c4dkn09', 'USTC', 'acronym', NULL, 'ror'),
 ('04c4dkn09', '中国科学技术大学', 'label', 'zh', 'ror'),
 ('0300m5276', 'MSRA', 'acronym', NULL, 'ror');
INSERT INTO instmatch.relationship VALUES ('05fwr8z16', '01yqg2h08', 'parent');

SELECT list_code, added FROM instmatch.apply_import('wf', '[
 {"list": "EL", "list_name": "Entity List", "key": "buaa", "name": "Beihang University", "country": "CN", "listed_on": "2005-09-16"},
 {"list": "EL", "key": "hit", "name": "Harbin Institute of Technology", "country": "CN", "listed_on": "2020-06-05"},
 {"list": "EL", "key": "nuaa", "name": "Nanjing University of Aeronautics and Astronautics", "country": "CN", "listed_on": "2020-06-05"}
]'::jsonb, 'v1', '2024-01-01');

-- The user's table: keys of their own type, dates, some rows without a date or affiliation.
CREATE TABLE wf_authorship (authorship_id bigint PRIMARY KEY, affiliation varchar, published timestamp);
INSERT INTO wf_authorship VALUES
 (1, 'Beihang Univ, Sch Automat Sci & Elect Engn, Beijing 100191, Peoples R China', '2023-04-01'),
 (2, 'School of Computer Science, Harbin Institute of Technology, Harbin, China', '2019-05-01'),
 (3, 'Harbin Inst Technol, Shenzhen Grad Sch, Shenzhen 518055, Peoples R China', '2022-02-01'),
 (4, 'Harbin Engineering University, Harbin 150001, China', '2022-02-01'),
 (5, 'Nanjing University, Dept Phys, Nanjing 210093, Peoples R China', '2023-01-01'),
 (6, 'Coll Astronaut, Nanjing Univ Aeronaut & Astronaut, Nanjing 210016, Peoples R China', '2023-01-01'),
 (7, 'Univ Sci & Technol China, Sch Informat Sci & Technol, Hefei 230027, Anhui, Peoples R China', '2024-03-15'),
 (8, 'School of Information Science and Technology, University of Science and Technology of China, Hefei, 230027, China', '2024-06-15'),
 (9, '中国科学技术大学 信息科学技术学院, 合肥 230027', '2025-01-10'),
 (10, 'Microsoft Research Asia, Beijing, China; USTC, Hefei, China', '2024-07-01'),
 (11, 'Xidian University, Xi''an 710071, China', '2024-09-01'),
 (12, 'Shenyang Aircraft Desing Institute, Shenyang 110035, China', '2024-02-01'),
 (13, 'Shenyang Aircraft Design Insitute, Shenyang, China', '2024-02-01'),
 (14, 'Beijing Institute of Technology, Beijing 100081, China', '2024-02-01'),
 (15, 'Tenfine Research Ltd., Beijing, China', '2024-02-01'),
 (16, 'Beihang University, Beijing', NULL),
 (17, NULL, '2024-01-01'),
 (19, '北京航空航天大学 自动化科学与电气工程学院, 北京 100191', '2024-02-01'),
 (20, 'HIT, Harbin 150001, China', '2023-01-01');

-- What a fresh screen of the stored rows gives, against what is stored: 0 and 0 when equal.
CREATE FUNCTION wf_diff(screening text, OUT results_differing bigint, OUT matches_differing bigint)
LANGUAGE sql AS $$
  WITH s AS (SELECT screening_id FROM instmatch.screening WHERE name = $1),
  stored AS (SELECT r.row_key, r.entity_id, r.list, r.listed_on, r.removed_on, r.alias, r.matched, r.score,
                    r.match_kind, r.match_start, r.matched_entity_id, r.verdict
             FROM instmatch.screening_result r, s WHERE r.screening_id = s.screening_id),
  fresh AS (SELECT w.row_key, x.entity_id, x.list, x.listed_on, x.removed_on, x.alias, x.matched, x.score,
                   x.match_kind, x.match_start, x.matched_entity_id, x.verdict
            FROM instmatch.screening_row w, s, inst_screen(w.affiliation, w.as_of, true) x
            WHERE w.screening_id = s.screening_id),
  stored_m AS (SELECT m.row_key, m.entity_id, m.alias, m.matched, m.score, m.match_kind, m.match_start, m.match_end
               FROM instmatch.screening_match m, s WHERE m.screening_id = s.screening_id),
  fresh_m AS (SELECT w.row_key, e.entity_id, e.alias, e.matched, e.score, e.match_kind, e.match_start, e.match_end
              FROM instmatch.screening_row w, s, inst_match(w.affiliation) e WHERE w.screening_id = s.screening_id)
  SELECT (SELECT count(*) FROM ((TABLE stored EXCEPT ALL TABLE fresh) UNION ALL (TABLE fresh EXCEPT ALL TABLE stored)) d),
         (SELECT count(*) FROM ((TABLE stored_m EXCEPT ALL TABLE fresh_m) UNION ALL (TABLE fresh_m EXCEPT ALL TABLE stored_m)) d)
$$;
CREATE FUNCTION wf_hits() RETURNS TABLE (row_key text, entity_id text, list text, listed_on date, removed_on date, matched text, match_kind text, verdict text)
LANGUAGE sql AS $$
  SELECT r.row_key, r.entity_id, r.list, r.listed_on, r.removed_on, r.matched, r.match_kind, r.verdict
  FROM instmatch.screening_result r JOIN instmatch.screening s USING (screening_id)
  WHERE s.name = 'wf' ORDER BY r.row_key::int, 2, 3, 4 $$;

-- 1. The first screening: every row with a key and an affiliation (row 17 has none); row 16
-- has no date and is screened as of the as_of given.
SELECT screening, mode, rows, rows_added, rows_screened, results
FROM instmatch.screen_table('wf_authorship', 'authorship_id', 'affiliation', 'published',
                            as_of => '2025-01-01', screening => 'wf');
SELECT * FROM wf_hits();
SELECT * FROM wf_diff('wf');
-- every institution the matcher found, listed or not
SELECT row_key, string_agg(entity_id || ' ' || match_kind, ', ' ORDER BY entity_id) AS matches
FROM instmatch.screening_match m JOIN instmatch.screening s USING (screening_id)
WHERE s.name = 'wf' GROUP BY row_key ORDER BY row_key::int;
SELECT screening, source_table, key_column, date_column, as_of, rows, results, lists_changed_since
FROM instmatch.screening_status;
-- nothing changed: nothing to do
SELECT screening, mode, entities_changed, rows_matched, rows_screened FROM instmatch.rescreen('wf');

-- 2. A new version of the list: USTC added (listed 2024-05-09: row 7 of March 2024 is no hit,
-- rows 8-10 are), NUAA removed (closed as of the version's date, 2024-06-01), and a new entity
-- that is in no registry, whose name rows 12 and 13 contain with a typo.
SELECT list_code, added, closed FROM instmatch.apply_import('wf', '[
 {"list": "EL", "list_name": "Entity List", "key": "buaa", "name": "Beihang University", "country": "CN", "listed_on": "2005-09-16"},
 {"list": "EL", "key": "hit", "name": "Harbin Institute of Technology", "country": "CN", "listed_on": "2020-06-05"},
 {"list": "EL", "key": "ustc", "name": "University of Science and Technology of China", "country": "CN", "listed_on": "2024-05-09"},
 {"list": "EL", "key": "sadi", "name": "Shenyang Aircraft Design Institute", "country": "CN", "listed_on": "2023-01-01"}
]'::jsonb, 'v2', '2024-06-01');
SELECT screening, lists_changed_since FROM instmatch.screening_status;
-- only the rows naming a touched entity: USTC's and NUAA's hits are derived from their stored
-- matches; the rows that may contain the new entity's name are matched again
SELECT screening, mode, entities_changed, rows_matched, rows_screened, results FROM instmatch.rescreen('wf');
SELECT * FROM wf_hits();
SELECT * FROM wf_diff('wf');

-- 3. An alias changes: Beihang's Chinese label is replaced by its traditional spelling (row 19
-- still a hit: the same normalized name); a new alias makes row 15 a hit of an existing
-- listing; HIT's acronym is suppressed (row 20 is no hit any more).
UPDATE instmatch.alias SET alias = '北京航空航天大學' WHERE entity_id = '00wk2mp56' AND kind = 'label';
INSERT INTO instmatch.alias (entity_id, alias, kind, source) VALUES ('wf:hit', 'Tenfine Research Ltd.', 'aka', 'test');
INSERT INTO instmatch.suppressed_alias (entity_id, alias, reason) VALUES ('01yqg2h08', 'HIT', 'test');
SELECT screening, mode, entities_changed, rows_matched, rows_screened, results FROM instmatch.rescreen('wf');
SELECT * FROM wf_hits() WHERE row_key IN ('15', '19', '20');
SELECT * FROM wf_diff('wf');

-- 4. Curation: known-good, a decision, a suppressed match change only the verdicts.
INSERT INTO instmatch.known_good (entity_id, reason) VALUES ('wf:sadi', 'licence');
INSERT INTO instmatch.decision (affiliation, entity_id, verdict, decided_by)
VALUES ('Xidian University, Xi''an 710071, China', 'wf:hit', 'false positive', 'alice');
INSERT INTO instmatch.suppressed_match (pattern, entity_id, reason) VALUES ('shenzhen grad', 'wf:hit', 'test');
SELECT screening, mode, entities_changed, rows_matched, rows_screened FROM instmatch.rescreen('wf');
SELECT row_key, entity_id, verdict FROM wf_hits() WHERE verdict IS NOT NULL;
SELECT * FROM wf_diff('wf');
-- a manual link and a removed one: the link table changes
INSERT INTO instmatch.manual_link (entity_id, target_id, note) VALUES ('wf:sadi', NULL, 'stays unlinked');
DELETE FROM instmatch.suppressed_alias;
SELECT screening, mode, rows_matched, rows_screened FROM instmatch.rescreen('wf');
SELECT * FROM wf_hits() WHERE row_key = '20';
SELECT * FROM wf_diff('wf');

-- 5. The user's table changes: one row edited, one deleted, one added; screen_table syncs them
-- and applies the list changes pending (Xidian listed, through its ROR organisation).
UPDATE wf_authorship SET affiliation = 'Nanjing University of Aeronautics and Astronautics, Nanjing' WHERE authorship_id = 5;
DELETE FROM wf_authorship WHERE authorship_id = 14;
INSERT INTO wf_authorship VALUES (18, 'Xidian Univ, Sch Telecommun Engn, Xian 710071, Peoples R China', '2025-02-01');
SELECT list_code, added FROM instmatch.apply_import('wf2', '[{"list": "1286", "key": "xidian", "name": "Xidian University", "country": "CN", "listed_on": "2025-01-01"}]');
SELECT screening, mode, rows, rows_added, rows_changed, rows_removed, rows_matched, rows_screened, results
FROM instmatch.screen_table('wf_authorship', 'authorship_id', 'affiliation', 'published', screening => 'wf');
SELECT * FROM wf_hits() WHERE row_key IN ('5', '11', '14', '18');
SELECT * FROM wf_diff('wf');
-- moving as_of re-screens the rows without a date only
SELECT screening, mode, rows_changed, rows_matched, rows_screened
FROM instmatch.screen_table('wf_authorship', 'authorship_id', 'affiliation', 'published', as_of => '2004-01-01', screening => 'wf');
SELECT * FROM wf_hits() WHERE row_key = '16';

-- 6. Full refresh on request, after a TRUNCATE of a list table, and when many entities change.
SELECT screening, mode, rows_screened, results FROM instmatch.rescreen('wf', full => true);
SELECT * FROM wf_diff('wf');
SELECT list_code, added FROM instmatch.apply_import('wf3', '[{"list": "X", "key": "a", "name": "Alpha Institute of Sonar"},
  {"list": "X", "key": "b", "name": "Beta Institute of Sonar"}]');
SELECT screening, mode, entities_changed FROM instmatch.rescreen('wf', max_entities => 1);
TRUNCATE instmatch.suppressed_match;
SELECT screening, mode FROM instmatch.rescreen('wf');
SELECT * FROM wf_diff('wf');

-- 7. The BI view: plain columns only (no arrays, no types of the extension).
SELECT column_name, data_type FROM information_schema.columns
WHERE table_schema = 'instmatch' AND table_name = 'screening_report' ORDER BY ordinal_position;
SELECT count(*) AS non_plain_columns FROM information_schema.columns
WHERE table_schema = 'instmatch' AND table_name IN ('screening_report', 'screening_status')
  AND data_type NOT IN ('text', 'date', 'real', 'boolean', 'bigint', 'timestamp with time zone');
SELECT row_key, listed_entity, list, listed_on, matched_institution, matched_text, round(score::numeric, 2) AS score, cleared
FROM instmatch.screening_report WHERE screening = 'wf' ORDER BY row_key::int, list, listed_entity;

-- 8. Errors.
\set SHOW_CONTEXT never
SELECT * FROM instmatch.screen_table('wf_authorship', 'nope', 'affiliation');
SELECT * FROM instmatch.screen_table('wf_authorship', 'authorship_id', 'published');
SELECT * FROM instmatch.screen_table('wf_authorship', 'authorship_id', 'affiliation', 'affiliation');
CREATE TABLE wf_dup (k int, a text);
INSERT INTO wf_dup VALUES (1, 'x'), (1, 'y');
SELECT * FROM instmatch.screen_table('wf_dup', 'k', 'a');
SELECT * FROM instmatch.rescreen('no such screening');
\set SHOW_CONTEXT errors
SELECT count(*) AS screenings FROM instmatch.screening;
SELECT instmatch.drop_screening('wf'), instmatch.drop_screening('wf');
SELECT (SELECT count(*) FROM instmatch.screening_row) AS rows, (SELECT count(*) FROM instmatch.screening_match) AS matches,
       (SELECT count(*) FROM instmatch.screening_result) AS results, (SELECT count(*) FROM instmatch.screening_change) AS log;

-- 9. Without a screening, list changes log nothing and need no privilege on the screening
-- tables: an analyst who may only record decisions records one.
SELECT tick AS tick_before FROM instmatch.screening_clock \gset
SELECT active FROM instmatch.screening_clock;
CREATE ROLE wf_analyst;
DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %I TO wf_analyst', current_schema()); END $$;
GRANT USAGE ON SCHEMA instmatch TO wf_analyst;
GRANT SELECT, INSERT ON instmatch.decision TO wf_analyst;
SET ROLE wf_analyst;
INSERT INTO instmatch.decision (affiliation, entity_id, verdict) VALUES ('Alpha Institute of Sonar', 'wf3:a', 'confirmed');
RESET ROLE;
SELECT tick - :tick_before AS ticks, (SELECT count(*) FROM instmatch.screening_change) AS logged FROM instmatch.screening_clock;
REVOKE ALL ON instmatch.decision FROM wf_analyst;
REVOKE ALL ON SCHEMA instmatch FROM wf_analyst;
DO $$ BEGIN EXECUTE format('REVOKE ALL ON SCHEMA %I FROM wf_analyst', current_schema()); END $$;
DROP ROLE wf_analyst;

-- 10. Parallel query: inst_screen and inst_match under a Parallel Seq Scan give the answers of
-- one backend (each worker compiles the dictionary itself).
CREATE TABLE wf_par AS
SELECT g AS id, CASE g % 4 WHEN 0 THEN 'Harbin Inst Technol, Harbin ' || g
                           WHEN 1 THEN 'Nanjing Univ, Nanjing; Beihang Univ, Beijing 100191, China ' || g
                           WHEN 2 THEN 'Univ Sci & Technol China, Hefei ' || g
                           ELSE 'Coll Astronaut, Nanjing Univ Aeronaut & Astronaut ' || g END AS aff,
       date '2019-01-01' + g % 2500 AS published
FROM generate_series(1, 20000) g;
ANALYZE wf_par;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS
SELECT 'screen' AS f, s.entity_id, count(*) AS n FROM wf_par a, inst_screen(a.aff, a.published) s GROUP BY 1, 2
UNION ALL
SELECT 'match', m.entity_id, count(*) FROM wf_par a, inst_match(a.aff) m GROUP BY 1, 2;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET enable_memoize = off;
CREATE FUNCTION wf_plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE l text;
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF l ~ 'Gather|Parallel Seq Scan on wf_par|Function Scan' THEN RETURN NEXT regexp_replace(l, '^[ >-]*', ''); END IF;
  END LOOP;
END $$;
SELECT * FROM wf_plan('SELECT s.entity_id, count(*) FROM wf_par a, inst_screen(a.aff, a.published) s GROUP BY 1');
SELECT * FROM wf_plan('SELECT m.entity_id, count(*) FROM wf_par a, inst_match(a.aff) m GROUP BY 1');
CREATE TEMP TABLE par AS
SELECT 'screen' AS f, s.entity_id, count(*) AS n FROM wf_par a, inst_screen(a.aff, a.published) s GROUP BY 1, 2
UNION ALL
SELECT 'match', m.entity_id, count(*) FROM wf_par a, inst_match(a.aff) m GROUP BY 1, 2;
SELECT * FROM par ORDER BY 1, 2;
SELECT count(*) AS differing FROM ((TABLE par EXCEPT TABLE serial) UNION ALL (TABLE serial EXCEPT TABLE par)) d;
RESET ALL;
SET client_min_messages = warning;

DROP TABLE wf_authorship, wf_dup, wf_par;
DROP FUNCTION wf_diff(text);
DROP FUNCTION wf_hits();
DROP FUNCTION wf_plan(text);
TRUNCATE instmatch.entity, instmatch.list CASCADE;
