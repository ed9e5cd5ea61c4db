-- The CSV reader and the CSV-family importers: CSL (CSV, JSON), OFAC consolidated non-SDN,
-- DoD 1260H and Section 1286. Fixtures are in test/data/lists (pg_regress runs psql from the
-- repository root, so the paths below are relative to it).
\pset null '(null)'
SET client_min_messages = notice;
SET datestyle = ISO;

-- err(query): the SQLSTATE and message of the error a query raises (without the PL/pgSQL
-- context, which names function lines), or 'no error'.
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- ---- inst_csv_parse ----
SELECT * FROM inst_csv_parse(E'a,b,c\r\n"quoted, with ""quotes""",2\r\n\r\n"multi\nline",x\n,\n');
SELECT * FROM inst_csv_parse(E'\xEF\xBB\xBFname;alias\r\nBeihang;"BUAA; Beijing"\r\n\x1A', ';');
-- 0x1A where a record starts (files concatenated with cat) and at the very end is skipped
SELECT * FROM inst_csv_parse(E'1,"A"\r\n\x1A2,"B",-0- \r\n\x1A');
SELECT * FROM inst_csv_parse(E'a\tb\t', E'\t');
SELECT count(*) FROM inst_csv_parse('');
SELECT count(*) FROM inst_csv_parse(NULL);
SELECT pg_temp.err($$SELECT * FROM inst_csv_parse(E'a,b\nc,"d\ne,f')$$);
SELECT pg_temp.err($$SELECT * FROM inst_csv_parse(E'ok\nab"c,d')$$);
SELECT pg_temp.err($$SELECT * FROM inst_csv_parse(E'"a" ,b')$$);
SELECT pg_temp.err($$SELECT * FROM inst_csv_parse('a"b', '"')$$);
SELECT pg_temp.err($$SELECT * FROM inst_csv_parse('a', E'\n')$$);
-- limits: a field of 1 MiB is read, one byte more is an error; 1024 fields, not 1025
SELECT line_no, length(fields[1]) FROM inst_csv_parse(repeat('x', 1048576));
SELECT pg_temp.err($$SELECT * FROM inst_csv_parse(E'ok\n' || repeat('x', 1048577))$$);
SELECT pg_temp.err($$SELECT * FROM inst_csv_parse('"' || repeat('y', 1048577) || '"')$$);
SELECT cardinality(fields) FROM inst_csv_parse(repeat(',', 1023));
SELECT pg_temp.err($$SELECT * FROM inst_csv_parse(repeat(',', 1024))$$);

-- ---- trade.gov Consolidated Screening List, CSV ----
\set csl `cat test/data/lists/csl.csv`
CREATE TEMP TABLE csl AS SELECT e FROM instmatch.parse_csl_csv(:'csl') e;
SELECT e->>'list' AS list, e->>'list_name' AS list_name, e->>'publisher' AS publisher, count(*)
  FROM csl GROUP BY 1, 2, 3 ORDER BY 1;
-- the institutions of interest, and what became of every row
SELECT e->>'list' AS list, e->>'name' AS name, e->>'country' AS cc, e->>'country_name' AS country_name,
       e->>'listed_on' AS listed_on, e->>'removed_on' AS removed_on, e->>'reference' AS reference
  FROM csl ORDER BY e->>'name';
SELECT e->>'name' AS name, a->>'kind' AS kind, a->>'alias' AS alias, a->>'lang' AS lang
  FROM csl, jsonb_array_elements(e->'aliases') WITH ORDINALITY x(a, i) ORDER BY e->>'name', i;
-- keys are the CSL _id; every entry has the keys of the import interface and no empty value
SELECT e->>'key' AS key FROM csl WHERE e->>'name' LIKE 'Beijing University%' OR e->>'list' = 'CMIC';
SELECT k, count(*) FROM csl, jsonb_object_keys(e) k GROUP BY k ORDER BY k;
SELECT count(*) AS empty_values FROM csl, jsonb_each_text(e) v WHERE v.value = '';

-- ---- CSL JSON (trade.gov API shape) ----
\set csljson `cat test/data/lists/csl.json`
CREATE TEMP TABLE csljson AS SELECT e FROM instmatch.parse_csl_json(:'csljson') e;
-- the same entries as from the CSV, but for the city the API gives
SELECT j.e->>'name' AS name, j.e->>'city' AS city, (j.e - 'city') = c.e AS same_as_csv
  FROM csljson j LEFT JOIN csl c ON c.e->>'key' = j.e->>'key' AND c.e->>'list' = j.e->>'list'
 ORDER BY 1;
\set cslarray `cat test/data/lists/csl_array.json`
SELECT e->>'list', e->>'name' FROM instmatch.parse_csl_json(:'cslarray') e;
SELECT count(*) FROM instmatch.parse_csl_json('{"results": []}');

-- ---- OFAC consolidated non-SDN: the four files concatenated, in any order ----
\set ofac `cat test/data/lists/ofac_cons_prim.csv test/data/lists/ofac_cons_alt.csv test/data/lists/ofac_cons_add.csv test/data/lists/ofac_cons_comments.csv`
\set ofac2 `cat test/data/lists/ofac_cons_comments.csv test/data/lists/ofac_cons_add.csv test/data/lists/ofac_cons_alt.csv test/data/lists/ofac_cons_prim.csv`
CREATE TEMP TABLE ofac AS SELECT e FROM instmatch.parse_ofac_cons(:'ofac') e;
SELECT (SELECT array_agg(e ORDER BY e::text) FROM ofac)
     = (SELECT array_agg(e ORDER BY e::text) FROM instmatch.parse_ofac_cons(:'ofac2') e) AS order_does_not_matter;
SELECT e->>'list' AS list, e->>'key' AS key, e->>'name' AS name, e->>'country' AS cc,
       e->>'country_name' AS country_name, e->>'city' AS city, e->>'listed_on' AS listed_on
  FROM ofac ORDER BY 1, 2;
SELECT DISTINCT e->>'list' AS list, e->>'list_name' AS list_name FROM ofac ORDER BY 1;
SELECT e->>'key' AS key, a->>'kind' AS kind, a->>'alias' AS alias
  FROM ofac, jsonb_array_elements(e->'aliases') WITH ORDINALITY x(a, i)
 WHERE e->>'list' <> 'UKRAINE-EO13662' ORDER BY e->>'key', i;
-- CONS_COMMENTS continues the remarks of CONS_PRIM
SELECT e->>'remarks' AS remarks FROM ofac WHERE e->>'key' = '30905';

-- ---- DoD 1260H ----
\set d1260h `cat test/data/lists/dod_1260h.csv`
CREATE TEMP TABLE d1260h AS SELECT e FROM instmatch.parse_dod_1260h(:'d1260h') e;
SELECT e->>'key' AS key, e->>'name' AS name, e->>'listed_on' AS listed_on,
       e->>'removed_on' AS removed_on, e->>'parent_key' AS parent_key,
       e->'parent_key' IS NULL OR e->>'parent_key' IN (SELECT e->>'key' FROM d1260h) AS parent_listed
  FROM d1260h ORDER BY 1, 3;
SELECT DISTINCT e->>'key' AS key, a->>'kind' AS kind, a->>'alias' AS alias, a->>'lang' AS lang, i
  FROM d1260h, jsonb_array_elements(e->'aliases') WITH ORDINALITY x(a, i) ORDER BY 1, i;
SELECT e->>'key' AS key, e->>'reference' AS reference, e->>'remarks' AS remarks, e->'types' AS types
  FROM d1260h WHERE e->>'name' ~ '^(Aviation|ChangXin)' ORDER BY 1, e->>'listed_on';

-- ---- DoD Section 1286 ----
\set d1286 `cat test/data/lists/dod_1286.csv`
CREATE TEMP TABLE d1286 AS SELECT e FROM instmatch.parse_dod_1286(:'d1286') e;
SELECT e->>'key' AS key, e->>'name' AS name, e->>'country' AS cc, e->>'listed_on' AS listed_on,
       e->>'removed_on' AS removed_on, e->>'remarks' AS remarks
  FROM d1286 ORDER BY 1, 4;
SELECT DISTINCT e->>'name' AS name, a->>'kind' AS kind, a->>'alias' AS alias, a->>'lang' AS lang, i
  FROM d1286, jsonb_array_elements(e->'aliases') WITH ORDINALITY x(a, i) ORDER BY 1, i;
SELECT e->>'name' AS name, e->>'reference' AS reference FROM d1286
 WHERE e->>'name' IN ('Beihang University', 'Naval Service Academy') ORDER BY 1;

-- ---- malformed files: errors name the line and the column ----
\set bad `cat test/data/lists/csl_bad_date.csv`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_csl_csv(%L)', :'bad'));
\set bad `cat test/data/lists/csl_bad_header.csv`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_csl_csv(%L)', :'bad'));
\set bad `cat test/data/lists/csl_wrong_columns.csv`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_csl_csv(%L)', :'bad'));
\set bad `cat test/data/lists/csl_truncated.csv`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_csl_csv(%L)', :'bad'));
\set bad `cat test/data/lists/csl_unterminated.csv`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_csl_csv(%L)', :'bad'));
\set bad `cat test/data/lists/csl_bad_source.csv`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_csl_csv(%L)', :'bad'));
SELECT pg_temp.err($$SELECT count(*) FROM instmatch.parse_csl_csv('')$$);
SELECT pg_temp.err($$SELECT count(*) FROM instmatch.parse_csl_csv(E'_id,source\n1,x')$$);
-- a JSON file in place of the CSV
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_csl_csv(%L)', :'csljson'));
\set bad `cat test/data/lists/csl_truncated.json`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_csl_json(%L)', :'bad'));
\set bad `cat test/data/lists/csl_bad_type.json`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_csl_json(%L)', :'bad'));
\set bad `cat test/data/lists/csl_bad_date.json`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_csl_json(%L)', :'bad'));
SELECT pg_temp.err($$SELECT count(*) FROM instmatch.parse_csl_json('{"total": 0}')$$);
SELECT pg_temp.err($$SELECT count(*) FROM instmatch.parse_csl_json('[1, 2]')$$);
SELECT pg_temp.err($$SELECT count(*) FROM instmatch.parse_csl_json('{"results": {"a": 1}}')$$);
-- deeply nested JSON: a clean error, no crash
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_csl_json(%L)', repeat('[', 100000)));
\set bad `cat test/data/lists/ofac_bad_record.csv`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_ofac_cons(%L)', :'bad'));
\set bad `cat test/data/lists/ofac_alt_orphan.csv`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_ofac_cons(%L)', :'bad'));
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_ofac_cons(%L)', :'csl'));
SELECT pg_temp.err($$SELECT count(*) FROM instmatch.parse_ofac_cons(E'x1,"A",-0- ,"P",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n')$$);
SELECT pg_temp.err($$SELECT count(*) FROM instmatch.parse_ofac_cons(E'1,"A",-0- ,"P",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Listing Date (P) 31 Feb 2021"\r\n')$$);
SELECT pg_temp.err($$SELECT count(*) FROM instmatch.parse_ofac_cons(E'1,"A",-0- ,"P",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n1,2,"alias","X",-0- \r\n')$$);
SELECT pg_temp.err($$SELECT count(*) FROM instmatch.parse_ofac_cons(E'\x1A')$$);
\set bad `cat test/data/lists/dod_1260h_bad_date.csv`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_dod_1260h(%L)', :'bad'));
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_dod_1260h(%L)', replace(:'d1260h', '2024-01-31', '2024-02-30')));
\set bad `cat test/data/lists/dod_1286_bad_year.csv`
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_dod_1286(%L)', :'bad'));
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_dod_1286(%L)', replace(:'d1286', ',2026,', ',2026-13,')));
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_dod_1286(%L)', :'d1286' || E'\nCompany,Mabna Institute,,debarment,,,,2024,,,,,'));
SELECT pg_temp.err(format('SELECT count(*) FROM instmatch.parse_dod_1286(%L)', :'d1260h'));
-- invalid UTF-8 never reaches the parsers: COPY (and the server's input checks) reject it
CREATE TEMP TABLE stage_lines (n bigint GENERATED ALWAYS AS IDENTITY, line text);
\copy stage_lines(line) FROM 'test/data/lists/csl_invalid_utf8.csv' WITH (FORMAT csv, DELIMITER E'\x1f', QUOTE E'\x1e')
SELECT count(*) FROM stage_lines;

-- ---- importing: one transaction per file, re-import of a newer version ----
SET client_min_messages = warning;
TRUNCATE instmatch.entity, instmatch.list CASCADE;
SET client_min_messages = notice;
-- a few ROR organisations (as import_ror loads them), so listed entries link to them
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, domains, types, source) VALUES
 ('00wk2mp56', 'Beihang University', 'CN', 'China', 'Beijing', '{buaa.edu.cn}', '{education}', 'ror'),
 ('01yqg2h08', 'Harbin Institute of Technology', 'CN', 'China', 'Harbin', '{hit.edu.cn}', '{education}', 'ror'),
 ('05d2yfz11', 'National University of Defense Technology', 'CN', 'China', 'Changsha', '{nudt.edu.cn}', '{education}', 'ror'),
 ('01y0j0j86', 'Northwestern Polytechnical University', 'CN', 'China', 'Xi''an', '{nwpu.edu.cn}', '{education}', 'ror'),
 ('03x80pn82', 'Harbin Engineering University', 'CN', 'China', 'Harbin', '{hrbeu.edu.cn}', '{education}', 'ror');
INSERT INTO instmatch.alias (entity_id, alias, kind, lang, source) VALUES
 ('00wk2mp56', 'BUAA', 'acronym', NULL, 'ror'),
 ('00wk2mp56', 'Beijing University of Aeronautics and Astronautics', 'aka', NULL, 'ror'),
 ('00wk2mp56', '北京航空航天大学', 'label', 'zh', 'ror');
-- the CSL through the staging table, as the README shows
SELECT instmatch.stage();
\copy instmatch_stage(line) FROM 'test/data/lists/csl.csv' WITH (FORMAT csv, DELIMITER E'\x1f', QUOTE E'\x1e')
SELECT instmatch.staged() = :'csl' AS staged_is_the_file;
SELECT * FROM instmatch.import_csl_csv(instmatch.staged(), '2022-04', '2022-04-30');
SELECT feed, code, name, publisher, version, published_on, source_url FROM instmatch.list ORDER BY code;
-- the institutions of interest: entity, list, listing date, reference, aliases with their kinds
SELECT e.entity_id = 'csl:' || (c.e->>'key') AS id_is_feed_and_key, e.name, e.country, l.code,
       li.listed_on, li.removed_on, li.reference
  FROM instmatch.entity e JOIN instmatch.listing li USING (entity_id) JOIN instmatch.list l USING (list_id)
  JOIN csl c ON 'csl:' || (c.e->>'key') = e.entity_id
 WHERE e.name ~ '^(Beijing University of Aero|Harbin Institute|National University of Defense|Northwestern Poly)'
 ORDER BY e.name;
SELECT e.name, a.kind, a.alias, a.source FROM instmatch.alias a JOIN instmatch.entity e USING (entity_id)
 WHERE e.name ~ '^(Beijing University of Aero|Harbin Institute|National University of Defense|Northwestern Poly)'
 ORDER BY e.name, a.kind, a.alias;
-- the same version again: nothing changes
CREATE TEMP TABLE before AS
SELECT l.code, li.entity_id, li.listed_on, li.removed_on, li.reference FROM instmatch.listing li JOIN instmatch.list l USING (list_id);
SELECT * FROM instmatch.import_csl_csv(:'csl', '2022-04', '2022-04-30');
SELECT count(*) AS listings, count(DISTINCT (l.code, li.entity_id, li.listed_on)) AS distinct_listings,
       (SELECT count(*) FROM instmatch.entity) AS entities, (SELECT count(*) FROM instmatch.alias) AS aliases
  FROM instmatch.listing li JOIN instmatch.list l USING (list_id);
-- a newer version: Nanjing University of Aeronautics and Astronautics added, the MEU company
-- removed (closed as of the new version's date), BUAA's reference extended
\set csl2 `cat test/data/lists/csl_v2.csv`
SELECT * FROM instmatch.import_csl_csv(:'csl2', '2022-06', '2022-06-01');
SELECT coalesce(b.code, l.code) AS code, e.name, b.removed_on AS was_removed_on, li.removed_on, li.reference
  FROM before b
  FULL JOIN (instmatch.listing li JOIN instmatch.list l USING (list_id))
    ON b.entity_id = li.entity_id AND b.code = l.code AND b.listed_on IS NOT DISTINCT FROM li.listed_on
  JOIN instmatch.entity e ON e.entity_id = coalesce(b.entity_id, li.entity_id)
 WHERE b.entity_id IS NULL OR li.entity_id IS NULL
    OR (b.removed_on, b.reference) IS DISTINCT FROM (li.removed_on, li.reference)
 ORDER BY 1, 2;
SELECT count(*) AS listings, count(DISTINCT (l.code, li.entity_id, li.listed_on)) AS distinct_listings
  FROM instmatch.listing li JOIN instmatch.list l USING (list_id);
-- a malformed file leaves the lists as they were
CREATE TEMP TABLE snapshot AS
SELECT l.code, l.version, li.entity_id, li.listed_on, li.removed_on, li.reference
  FROM instmatch.listing li JOIN instmatch.list l USING (list_id);
\set VERBOSITY terse
\set bad `cat test/data/lists/csl_bad_date.csv`
SELECT * FROM instmatch.import_csl_csv(:'bad', '2022-07', '2022-07-01');
\set bad `cat test/data/lists/csl_unterminated.csv`
SELECT * FROM instmatch.import_csl_csv(:'bad', '2022-07', '2022-07-01');
SELECT * FROM instmatch.import_csl_csv(:'d1260h', '2022-07', '2022-07-01');
\set VERBOSITY default
SELECT (SELECT count(*) FROM snapshot) AS listings,
       (SELECT count(*) FROM (SELECT * FROM snapshot EXCEPT
                              SELECT l.code, l.version, li.entity_id, li.listed_on, li.removed_on, li.reference
                                FROM instmatch.listing li JOIN instmatch.list l USING (list_id)) d) AS changed;
-- the JSON form of the CSL is the same feed: it replaces the whole CSL (rolled back here)
BEGIN;
SELECT * FROM instmatch.import_csl_json(:'csljson', '2022-08', '2022-08-01');
ROLLBACK;

-- the other feeds, through the stage
SELECT instmatch.stage();
\copy instmatch_stage(line) FROM PROGRAM 'cat test/data/lists/ofac_cons_prim.csv test/data/lists/ofac_cons_alt.csv test/data/lists/ofac_cons_add.csv test/data/lists/ofac_cons_comments.csv' WITH (FORMAT csv, DELIMITER E'\x1f', QUOTE E'\x1e')
SELECT * FROM instmatch.import_ofac_cons(instmatch.staged(), '2025-12', '2025-12-19');
SELECT e.entity_id, e.name, l.code, li.listed_on FROM instmatch.listing li
  JOIN instmatch.list l USING (list_id) JOIN instmatch.entity e USING (entity_id)
 WHERE l.feed = 'ofac' ORDER BY 1, 3;
SELECT * FROM instmatch.import_dod_1260h(:'d1260h', '2026-06-08', '2026-06-08');
-- listing periods: ChangXin listed twice; parents from Parent Name
SELECT e.name, li.listed_on, li.removed_on FROM instmatch.listing li JOIN instmatch.entity e USING (entity_id)
 WHERE e.entity_id LIKE 'dod1260h:%' AND e.name ~ '^(ChangXin|Costar|Beijing Megvii)' ORDER BY 1, 2;
SELECT r.entity_id, r.related_id, r.kind FROM instmatch.relationship r
 WHERE r.entity_id LIKE 'dod1260h:%' ORDER BY 1;
SELECT * FROM instmatch.import_dod_1286(:'d1286', 'FY2025', '2026-07-23');
SELECT e.name, li.listed_on, li.removed_on FROM instmatch.listing li JOIN instmatch.entity e USING (entity_id)
 WHERE e.entity_id LIKE 'dod1286:%' ORDER BY 1, 2;
-- re-importing a feed leaves the other feeds alone
SELECT * FROM instmatch.import_dod_1286(:'d1286', 'FY2025', '2026-07-23');
SELECT l.feed, count(*) AS listings, count(*) FILTER (WHERE li.removed_on IS NULL) AS open
  FROM instmatch.listing li JOIN instmatch.list l USING (list_id) GROUP BY 1 ORDER BY 1;

-- the listed institutions of interest are screened as their ROR organisation
SELECT k.entity_id, e.name, k.target_id, k.method FROM instmatch.link k JOIN instmatch.entity e USING (entity_id)
 WHERE k.target_id IN ('00wk2mp56', '01yqg2h08', '05d2yfz11', '01y0j0j86', '03x80pn82') ORDER BY 3, 1;
-- screening with the imported lists, as of a date: listed on the Entity List since 2005 and on
-- the 1286 list from the FY2022 list (2023-06-29); Harbin Engineering University was off the
-- 1286 list between the FY2023 and FY2024 lists
SELECT s.list, s.name, s.listed_on, s.removed_on
  FROM inst_screen('Sch. of Comp. Sci. & Engn., Beihang Univ., Beijing 100191, P.R. China', '2023-01-01') s ORDER BY 1;
SELECT s.list, s.name, s.listed_on, s.removed_on
  FROM inst_screen('Sch. of Comp. Sci. & Engn., Beihang Univ., Beijing 100191, P.R. China', '2024-01-01') s ORDER BY 1;
SELECT d, (SELECT string_agg(s.list || ' ' || s.listed_on, ', ')
             FROM inst_screen('Coll. of Shipbuilding Engn., Harbin Engineering University, Harbin, China', d) s) AS listed
  FROM unnest('{2023-01-01,2023-08-01,2024-08-01,2025-06-01,2026-08-01}'::date[]) d;
SET client_min_messages = warning;
TRUNCATE instmatch.entity, instmatch.list CASCADE;
