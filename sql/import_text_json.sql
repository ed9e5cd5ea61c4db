-- Importers of the BIS Entity List (text and JSON), ASPI's China Defence Universities Tracker
-- (MISP galaxy JSON) and ROR (JSON dump, JSON Lines, flat TSV), on the fixtures in
-- test/data/lists (pg_regress runs from the repository root).
\set VERBOSITY terse
CREATE FUNCTION pg_temp.aliases(e jsonb) RETURNS text LANGUAGE sql AS $$
    SELECT string_agg((a->>'kind') || coalesce('/' || (a->>'lang'), '') || ': ' || (a->>'alias'), ' | ')
    FROM jsonb_array_elements(e->'aliases') a $$;

-- ---------------------------------------------------------------------------------------------
-- BIS Entity List as text: the CFR table's columns (country, entry, license requirement, license
-- review policy, citations), the country written once per section
-- ---------------------------------------------------------------------------------------------
\set c `cat test/data/lists/bis.txt`
SELECT e->>'key' AS key, e->>'country' AS cc, e->>'country_name' AS country, e->>'city' AS city,
       e->>'listed_on' AS listed_on, e->>'reference' AS reference, e->>'parent_key' AS parent_key
FROM instmatch.parse_bis_text(:'c') e;
SELECT e->>'name' AS name, pg_temp.aliases(e) AS aliases FROM instmatch.parse_bis_text(:'c') e;
-- every entry names its list; remarks keep the license columns and what the text says aside
SELECT DISTINCT e->>'list' AS list, e->>'list_name' AS list_name, e->>'publisher' AS publisher
FROM instmatch.parse_bis_text(:'c') e;
SELECT e->>'name' AS name, e->>'remarks' AS remarks FROM instmatch.parse_bis_text(:'c') e
WHERE e->>'name' IN ('Harbin Institute of Technology', 'Chinese Academy of Engineering Physics');

-- one entry per line, without columns; the conventions BIS uses for aliases
SELECT e->>'name' AS name, pg_temp.aliases(e) AS aliases, e->>'country' AS cc, e->>'city' AS city
FROM instmatch.parse_bis_text(
    E'Foo Research Institute, a.k.a. FRI. 5 Main Road, Tianjin, China.\n'
    || E'\n'
    || E'Bar Academy, a.k.a., the following two aliases: -Bar Military Academy; and -Baz Institute. Moscow, Russia.\n'
    || E'Qux University, a.k.a., the following two aliases: Qux Normal College; and Qux Teachers College. Tehran, Iran.\n'
    || E'Xyz University, a.k.a., the following two aliases: \u2014Xyz University, A Institute and \u2014Xyz University, B Institute. No. 1 Xuefu Road, Harbin, China.\n'
    || E'Quux Group, a.k.a., the following three aliases: \u2014Quux Tech Co. Ltd.; \u2014Quux Electronics Co.; and \u2014Quux Optics (a.k.a., Quux Photonics (QPH)) No. 1 Haiying Road, Fengtai District, Beijing\n'
    || E'Hefei Institute of Nuclear Science, a.k.a., the following one alias: \u2014\u5408\u80a5\u6838\u79d1\u5b66\u7814\u7a76\u6240. P.O. Box 7, Hefei, Anhui, P.R. China.\n'
    || E'Acme Ltd., Unit 3, 12/F, 88 Nathan Road, Kowloon, Hong Kong.\n'
    || E'Nameless Entity\n') e;

-- malformed files: the error names the line and the field
\set c `cat test/data/lists/bis_bad_date.txt`
SELECT count(*) FROM instmatch.parse_bis_text(:'c');
\set c `cat test/data/lists/bis_noname.txt`
SELECT count(*) FROM instmatch.parse_bis_text(:'c');
\set c `cat test/data/lists/bis_bad_fields.txt`
SELECT count(*) FROM instmatch.parse_bis_text(:'c');
\set c `cat test/data/lists/bis_bad_citation.txt`
SELECT count(*) FROM instmatch.parse_bis_text(:'c');
\set c `cat test/data/lists/bis_unbalanced.txt`
SELECT count(*) FROM instmatch.parse_bis_text(:'c');
-- invalid UTF-8 never reaches the parser: \copy into the stage names the line
SELECT instmatch.stage();
\set VERBOSITY default
\copy instmatch_stage(line) FROM 'test/data/lists/bis_bad_utf8.txt' WITH (FORMAT csv, DELIMITER E'\x1f', QUOTE E'\x1e')
\set VERBOSITY terse
SELECT count(*) FROM instmatch.parse_bis_text(E'CHINA\t\tFoo\tBar\t85 FR 1, 1/1/20.');
SELECT count(*) FROM instmatch.parse_bis_text(E'\tFoo University, Beijing, China.');
SELECT count(*) FROM instmatch.parse_bis_text(E'12345\tFoo University, Beijing, China.');
SELECT count(*) FROM instmatch.parse_bis_text(E'   \n\n');
-- a huge entry: a clean error; a long one with a thousand aliases is read
SELECT count(*) FROM instmatch.parse_bis_text(E'Foo University, Beijing, China.\nBar University, a.k.a. ' || repeat('Bar ', 6000) || '. Beijing, China.');
SELECT jsonb_array_length(e->'aliases') FROM instmatch.parse_bis_text(
    'Foo University, a.k.a., the following aliases: ' || (SELECT string_agg('—Foo alias ' || i, '; ') FROM generate_series(1, 1000) i) || '. Beijing, China.') e;

-- ---------------------------------------------------------------------------------------------
-- BIS JSON (a scrape: {generatedAt, entries: [{name, raw}]}) with Chinese names
-- ---------------------------------------------------------------------------------------------
\set c `cat test/data/lists/bis.json`
\set z `cat test/data/lists/bis-cn.json`
SELECT e->>'key' AS key, e->>'country' AS cc, e->>'city' AS city, pg_temp.aliases(e) AS aliases
FROM instmatch.parse_bis_json(:'c', :'z') e;
SELECT count(*) FROM instmatch.parse_bis_json(:'c');
SELECT count(*) FROM instmatch.parse_bis_json(:'c', '{"name": "x"}');
SELECT count(*) FROM instmatch.parse_bis_json(:'c', '[{"name": "x", "zh": 5}]');
\set c `cat test/data/lists/bis_bad_generated.json`
SELECT count(*) FROM instmatch.parse_bis_json(:'c');
\set c `cat test/data/lists/bis_no_raw.json`
SELECT count(*) FROM instmatch.parse_bis_json(:'c');
\set c `cat test/data/lists/bis_truncated.json`
SELECT count(*) FROM instmatch.parse_bis_json(:'c');
SELECT count(*) FROM instmatch.parse_bis_json('[1, 2]');
-- deeply nested JSON: a clean error, no crash
SELECT count(*) FROM instmatch.parse_bis_json(repeat('[', 200000) || repeat(']', 200000));

-- ---------------------------------------------------------------------------------------------
-- ASPI China Defence Universities Tracker (MISP galaxy cluster)
-- ---------------------------------------------------------------------------------------------
\set c `cat test/data/lists/aspi.json`
SELECT e->>'name' AS name, e->>'city' AS city, e->'types' AS types, e->>'reference' AS reference
FROM instmatch.parse_aspi_json(:'c') e;
SELECT e->>'name' AS name, pg_temp.aliases(e) AS aliases FROM instmatch.parse_aspi_json(:'c') e;
SELECT DISTINCT e->>'list' AS list, e->>'list_name' AS list_name, e->>'publisher' AS publisher, e->>'country' AS cc
FROM instmatch.parse_aspi_json(:'c') e;
SELECT e->>'key' AS key, e->>'remarks' AS remarks FROM instmatch.parse_aspi_json(:'c') e
WHERE e->>'name' = 'Beihang University';
\set c `cat test/data/lists/aspi_bad_uuid.json`
SELECT count(*) FROM instmatch.parse_aspi_json(:'c');
\set c `cat test/data/lists/aspi_dup_uuid.json`
SELECT count(*) FROM instmatch.parse_aspi_json(:'c');
\set c `cat test/data/lists/aspi_no_name.json`
SELECT count(*) FROM instmatch.parse_aspi_json(:'c');
\set c `cat test/data/lists/aspi_truncated.json`
SELECT count(*) FROM instmatch.parse_aspi_json(:'c');
SELECT count(*) FROM instmatch.parse_aspi_json('{"values": [{"value": "X University", "uuid": "11111111-1111-4111-8111-111111111111", "meta": {"aliases": "XU"}}]}');

-- ---------------------------------------------------------------------------------------------
-- ROR: the v2 JSON dump, JSON Lines (v1, v2, wrapped), the flat TSV
-- ---------------------------------------------------------------------------------------------
\set c `cat test/data/lists/ror_v2.json`
SELECT e->>'key' AS key, e->>'line' AS element, e->>'name' AS name, e->>'country' AS cc, e->>'city' AS city,
       e->'domains' AS domains, e->'types' AS types, e->>'status' AS status, e->'relationships' AS relationships
FROM instmatch.parse_ror(:'c') e ORDER BY 1;
SELECT e->>'key' AS key, pg_temp.aliases(e) AS aliases FROM instmatch.parse_ror(:'c') e ORDER BY 1;
\set c `cat test/data/lists/ror.jsonl`
SELECT e->>'key' AS key, e->>'line' AS line, e->>'name' AS name, e->>'city' AS city, e->'domains' AS domains,
       e->'types' AS types, e->'relationships' AS relationships, pg_temp.aliases(e) AS aliases
FROM instmatch.parse_ror(:'c') e ORDER BY 1;
\set c `cat test/data/lists/ror.tsv`
SELECT e->>'key' AS key, e->>'line' AS line, e->>'name' AS name, e->>'city' AS city, e->'domains' AS domains,
       e->'types' AS types, e->'relationships' AS relationships, pg_temp.aliases(e) AS aliases
FROM instmatch.parse_ror(:'c') e ORDER BY 1;

-- malformed ROR files
\set c `cat test/data/lists/ror_truncated.json`
SELECT count(*) FROM instmatch.parse_ror(:'c');
\set c `cat test/data/lists/ror_truncated.jsonl`
SELECT count(*) FROM instmatch.parse_ror(:'c');
\set c `cat test/data/lists/ror_bad_status.jsonl`
SELECT count(*) FROM instmatch.parse_ror(:'c');
\set c `cat test/data/lists/ror_bad_relationship.jsonl`
SELECT count(*) FROM instmatch.parse_ror(:'c');
\set c `cat test/data/lists/ror_bad_id.json`
SELECT count(*) FROM instmatch.parse_ror(:'c');
\set c `cat test/data/lists/ror_bad_header.tsv`
SELECT count(*) FROM instmatch.parse_ror(:'c');
\set c `cat test/data/lists/ror_bad_fields.tsv`
SELECT count(*) FROM instmatch.parse_ror(:'c');
\set c `cat test/data/lists/ror_bad_id.tsv`
SELECT count(*) FROM instmatch.parse_ror(:'c');
SELECT count(*) FROM instmatch.parse_ror(repeat('[', 200000) || repeat(']', 200000));
SELECT count(*) FROM instmatch.parse_ror(E'{"id": "https://ror.org/00wk2mp56", "name": "A", "status": "active"}\n' || repeat('{"a":', 200000) || '1' || repeat('}', 200000));
SELECT count(*) FROM instmatch.parse_ror('[1]');
-- a byte order mark is no content
SELECT e->>'key' AS key FROM instmatch.parse_ror(E'\uFEFF[{"id": "https://ror.org/00wk2mp56", "name": "Beihang University", "status": "active"}]') e;
SELECT e->>'name' AS name FROM instmatch.parse_bis_text(E'\uFEFFFoo University, Beijing, China.') e;
SELECT count(*) FROM instmatch.parse_ror(E' \n ');

-- ---------------------------------------------------------------------------------------------
-- ROR import into the list tables, re-import, update
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.counts(OUT entities bigint, OUT aliases bigint, OUT relationships bigint) LANGUAGE sql AS $$
    SELECT (SELECT count(*) FROM instmatch.entity), (SELECT count(*) FROM instmatch.alias),
           (SELECT count(*) FROM instmatch.relationship) $$;
\set c `cat test/data/lists/ror_v2.json`
SELECT * FROM instmatch.import_ror(:'c');
SELECT * FROM pg_temp.counts();
SELECT entity_id, name, country, country_name, city, domains, types, status, source
FROM instmatch.entity ORDER BY entity_id;
SELECT entity_id, kind, alias, lang, source FROM instmatch.alias WHERE entity_id IN ('00wk2mp56', '0009eea46') ORDER BY 1, 2, 3;
SELECT * FROM instmatch.relationship ORDER BY 1, 2;
-- the same file again: nothing changes, nothing is duplicated
SELECT * FROM instmatch.import_ror(:'c');
SELECT * FROM pg_temp.counts();
-- a newer file: an alias renamed, a relationship gone, a record added; the others kept
\set c `cat test/data/lists/ror_v2_update.json`
SELECT * FROM instmatch.import_ror(:'c');
SELECT * FROM pg_temp.counts();
SELECT entity_id, kind, alias FROM instmatch.alias WHERE entity_id = '01rxvg760' AND kind = 'aka';
SELECT count(*) AS ustc_relationships FROM instmatch.relationship WHERE entity_id = '04c4dkn09';
-- a JSON Lines file of some of the records (v1 NUDT replaces the v2 one), then the TSV
\set c `cat test/data/lists/ror.jsonl`
SELECT * FROM instmatch.import_ror(:'c');
SELECT entity_id, name, city, domains, types FROM instmatch.entity WHERE entity_id IN ('05d2yfz11', '024dcqa50') ORDER BY 1;
\set c `cat test/data/lists/ror.tsv`
SELECT * FROM instmatch.import_ror(:'c');
SELECT * FROM pg_temp.counts();
SELECT entity_id, kind, alias, lang FROM instmatch.alias WHERE entity_id = '002zef647' ORDER BY 2, 3;
-- a malformed file changes nothing; a record twice is an error
\set c `cat test/data/lists/ror_truncated.jsonl`
SELECT * FROM instmatch.import_ror(:'c');
\set c `cat test/data/lists/ror_dup.json`
SELECT * FROM instmatch.import_ror(:'c');
SELECT * FROM pg_temp.counts();
-- the ROR of the fixtures, again, for the links below
\set c `cat test/data/lists/ror_v2_update.json`
SELECT * FROM instmatch.import_ror(:'c');

-- ---------------------------------------------------------------------------------------------
-- BIS and ASPI imports (apply_import): import, re-import, a newer version
-- ---------------------------------------------------------------------------------------------
\set c `cat test/data/lists/bis.txt`
SELECT * FROM instmatch.import_bis_text(:'c', version => '2024-01', published_on => '2024-01-10');
SELECT * FROM instmatch.import_bis_text(:'c', version => '2024-01', published_on => '2024-01-10');
SELECT feed, code, name, publisher, version, published_on, source_url FROM instmatch.list WHERE feed = 'bis';
SELECT e.entity_id, e.country, e.city, l.listed_on, l.removed_on, l.reference
FROM instmatch.listing l JOIN instmatch.entity e USING (entity_id) ORDER BY 1;
SELECT entity_id, kind, alias, lang FROM instmatch.alias
WHERE entity_id = 'bis:beihang university' ORDER BY 2, 3;
SELECT * FROM instmatch.relationship WHERE entity_id LIKE 'bis:%';
-- the next version: Northwestern Polytechnical University gone, NUAA added, a citation added
\set c `cat test/data/lists/bis_v2.txt`
SELECT * FROM instmatch.import_bis_text(:'c', version => '2024-06', published_on => '2024-06-01');
SELECT e.entity_id, l.listed_on, l.removed_on, l.reference
FROM instmatch.listing l JOIN instmatch.entity e USING (entity_id)
WHERE e.entity_id IN ('bis:northwestern polytechnic university', 'bis:nanjing university aeronautics astronautics', 'bis:beihang university')
ORDER BY 1;
-- a malformed file leaves the lists as they were
\set c `cat test/data/lists/bis_bad_date.txt`
SELECT * FROM instmatch.import_bis_text(:'c');
SELECT version, published_on FROM instmatch.list WHERE feed = 'bis';
-- the JSON scrape as a version of the same feed (in a transaction rolled back): its generatedAt
-- is the version and the publication date
BEGIN;
\set c `cat test/data/lists/bis.json`
\set z `cat test/data/lists/bis-cn.json`
SELECT * FROM instmatch.import_bis_json(:'c', :'z');
SELECT version, published_on FROM instmatch.list WHERE feed = 'bis';
SELECT entity_id, alias FROM instmatch.alias WHERE source = 'bis' AND kind = 'label' ORDER BY 1;
ROLLBACK;

\set c `cat test/data/lists/aspi.json`
SELECT * FROM instmatch.import_aspi_json(:'c');
SELECT * FROM instmatch.import_aspi_json(:'c');
SELECT feed, code, name, publisher, version, source_url FROM instmatch.list WHERE feed = 'aspi';
SELECT count(*) AS aspi_listings, count(*) FILTER (WHERE removed_on IS NULL) AS in_force
FROM instmatch.listing l JOIN instmatch.list USING (list_id) WHERE feed = 'aspi';

-- listed entities link to the ROR organisations of the fixtures
SELECT k.entity_id, k.target_id, k.method FROM instmatch.link k
WHERE k.target_id IN ('00wk2mp56', '01yqg2h08', '01y0j0j86', '05d2yfz11', '01scyh794') ORDER BY 2, 1;
-- and screen with their ROR names
SELECT entity_id, list, listed_on, alias, matched, match_kind
FROM inst_screen('Sch. of Comp. Sci., Beihang Univ., Beijing 100191, Peoples R China') ORDER BY 1;
SELECT entity_id, list, alias, matched FROM inst_screen('北京航空航天大学') ORDER BY 1;
SELECT entity_id, list FROM inst_screen('Beihang University, Beijing, China', '2000-01-01') WHERE list = 'EL';

-- ---------------------------------------------------------------------------------------------
-- a hostile search_path does not reach inside the importers
-- ---------------------------------------------------------------------------------------------
CREATE SCHEMA evil;
CREATE FUNCTION evil.btrim(text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RAISE 'planted btrim'; END $$;
CREATE FUNCTION evil.lower(text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RAISE 'planted lower'; END $$;
CREATE FUNCTION evil.jsonb_array_elements(jsonb) RETURNS SETOF jsonb LANGUAGE plpgsql AS $$ BEGIN RAISE 'planted jsonb_array_elements'; END $$;
SET search_path = evil, pg_catalog, public;
\set c `cat test/data/lists/ror.tsv`
SELECT count(*) FROM instmatch.parse_ror(:'c');
\set c `cat test/data/lists/bis.txt`
SELECT count(*) FROM instmatch.parse_bis_text(:'c');
\set c `cat test/data/lists/aspi.json`
SELECT count(*) FROM instmatch.parse_aspi_json(:'c');
RESET search_path;
DROP SCHEMA evil CASCADE;
