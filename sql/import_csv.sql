-- The CSV reader and the CSV-family importers: CSL (CSV, JSON), OFAC consolidated non-SDN,
-- DoD 1260H and Section 1286. Fixtures are in test/data/lists (pg_regress runs psql from the
-- repository root, so the paths below are relative to it).
\pset null '(null)'
SET client_min_messages = notice;

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
