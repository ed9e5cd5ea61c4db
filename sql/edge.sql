-- Edge cases: NULL into every function of the extension, empty input, empty lists, a
-- dictionary of 100,000 entities (test/bigdict.sh has the 1,000,000-alias case), and query
-- cancel (statement_timeout) during a dictionary build and during a long scan.
SET client_min_messages = warning;
\pset null '<NULL>'
-- start from empty lists, whatever earlier tests left
TRUNCATE instmatch.entity, instmatch.list CASCADE;

-- ---------------------------------------------------------------------------------------------
-- NULL into every function of the extension that takes arguments (all NULL at once; functions
-- taking "internal" are only called by PostgreSQL itself). STRICT ones must give NULL (no row
-- for a set-returning one); the others are listed with what they give.
-- ---------------------------------------------------------------------------------------------
CREATE TEMP TABLE null_calls (fn text, strict bool, outcome text);
DO $$
DECLARE
    r record;
    res text;
    cnt bigint;
    was_null bool;
BEGIN
    FOR r IN
        SELECT p.oid::regprocedure::text AS sig, p.proisstrict, p.proretset,
               pg_catalog.format('%I.%I', n.nspname, p.proname) AS fname,
               (SELECT string_agg(pg_catalog.format('NULL::%s', pg_catalog.format_type(t, NULL)), ', ' ORDER BY o)
                FROM unnest(p.proargtypes) WITH ORDINALITY AS a(t, o)) AS args
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'instmatch'
        WHERE p.pronargs > 0 AND p.prokind = 'f' AND p.prorettype <> 'trigger'::regtype
          AND NOT ('internal'::regtype = ANY (p.proargtypes::oid[]))
    LOOP
        BEGIN
            IF r.proretset THEN
                EXECUTE pg_catalog.format('SELECT count(*) FROM %s(%s)', r.fname, r.args) INTO cnt;
                res := cnt || ' rows';
                was_null := cnt = 0;
            ELSE
                EXECUTE pg_catalog.format('SELECT (%s(%s)) IS NULL', r.fname, r.args) INTO was_null;
                IF was_null THEN
                    res := 'NULL';
                ELSE
                    EXECUTE pg_catalog.format('SELECT (%s(%s))::text', r.fname, r.args) INTO res;
                END IF;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            res := 'error ' || SQLSTATE || ': ' || SQLERRM;
            was_null := false;
        END;
        INSERT INTO null_calls VALUES (r.sig, r.proisstrict, CASE WHEN was_null AND r.proisstrict THEN 'null' ELSE res END);
    END LOOP;
END $$;
-- STRICT functions that gave anything but NULL or no row (none)
SELECT fn, outcome FROM null_calls WHERE strict AND outcome <> 'null' ORDER BY fn;
SELECT count(*) >= 20 AS many_strict_functions_checked FROM null_calls WHERE strict;
-- the functions that are not STRICT: each gives a defined result or a clean error
SELECT fn, outcome FROM null_calls WHERE NOT strict ORDER BY fn;
-- NULL through the operators and casts
SELECT NULL::instname = 'a'::instname AS eq, 'a'::instname @> NULL AS contains,
       NULL::instname % 'a'::instname AS similar, (NULL::instname <-> 'a') AS distance,
       NULL::text::instname AS cast_in, NULL::instname::text AS cast_out;
SELECT count(*) AS rows FROM inst_screen(NULL);
SELECT count(*) AS rows FROM inst_screen('Harbin Institute of Technology', NULL, NULL);

-- ---------------------------------------------------------------------------------------------
-- Empty and blank input
-- ---------------------------------------------------------------------------------------------
SELECT inst_normalize('') AS empty, inst_normalize(' ,;() ') AS punctuation, inst_tokens('') AS no_tokens,
       ''::instname = ' ; '::instname AS same_empty_name, ''::instname @> ''::instname AS empty_contains_empty,
       inst_similarity('', '') AS similarity_of_empties, inst_similarity('', 'a') AS similarity_with_empty;

-- ---------------------------------------------------------------------------------------------
-- Empty lists: no match, an empty dictionary
-- ---------------------------------------------------------------------------------------------
SELECT count(*) AS matches FROM inst_match('Harbin Institute of Technology, Harbin 150001, China');
SELECT count(*) AS candidates FROM inst_explain('Harbin Institute of Technology, Harbin 150001, China');
SELECT count(*) AS screened FROM inst_screen('Harbin Institute of Technology, Harbin 150001, China');
SELECT entities, aliases, memory_bytes > 0 AS has_memory FROM inst_dictionary_info();
SELECT count(*) AS matches FROM inst_match('');

-- an entity whose optional fields are all NULL, and NULL elements in its domains
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, domains, types, source)
VALUES ('edge-1', 'Qwertzuiop Laboratory', NULL, NULL, NULL, '{NULL,qwertz.edu.cn}', '{NULL}', NULL);
INSERT INTO instmatch.alias (entity_id, alias, kind, lang, source) VALUES ('edge-1', 'QZL', 'acronym', NULL, NULL);
SELECT entity_id, matched, match_kind FROM inst_match('Qwertzuiop Laboratory, Beijing');
-- the acronym with the domain as its cue: the domain list with a NULL element was read
SELECT entity_id, matched, match_kind FROM inst_match('QZL, li@qwertz.edu.cn');
SELECT entities, aliases FROM inst_dictionary_info();
-- list columns that must not be NULL refuse it
INSERT INTO instmatch.alias (entity_id, alias) VALUES ('edge-1', NULL);
INSERT INTO instmatch.entity (entity_id, name) VALUES (NULL, 'X');
DELETE FROM instmatch.entity WHERE entity_id = 'edge-1';

-- ---------------------------------------------------------------------------------------------
-- 100,000 entities (200,000 names): the build, its size, a match among them
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.word(g int) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT initcap(translate(g::text, '0123456789', 'qwrtzpsdfg')) $$;
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city)
SELECT 'big-' || g, 'Institute of ' || pg_temp.word(g) || ' Studies', 'CN', 'China', 'Beijing'
FROM generate_series(1, 100000) g;
INSERT INTO instmatch.alias (entity_id, alias, kind)
SELECT 'big-' || g, pg_temp.word(g) || ' Research Academy', 'aka' FROM generate_series(1, 100000) g;

-- query cancel reaches the dictionary build (it takes about a second here). Terse errors: on a
-- slow server (valgrind) the cancel can land in the SPI query that reads the lists.
\set VERBOSITY terse
SET statement_timeout = '100ms';
SELECT entities FROM inst_dictionary_info();
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
RESET statement_timeout;
SELECT 1 AS session_still_works;

-- the build after the cancelled one is complete
SELECT entities, aliases, memory_bytes BETWEEN 1000000 AND 200000000 AS memory_in_range,
       build_ms > 0 AS timed FROM inst_dictionary_info();
SELECT entity_id, matched, match_kind FROM inst_match('Dept of Physics, Institute of Wrtzp Studies, Beijing; Tzps Research Academy')
ORDER BY match_start;
SELECT count(*) AS matches FROM inst_match('Institute of Studies; Research Academy');

-- query cancel reaches a long scan (60 MB of affiliations against this dictionary)
CREATE TEMP TABLE long_aff AS
SELECT repeat('Dept of Physics, Institute of Wrtzp Studies, Beijing 100190; ', 1000000) AS t;
SET statement_timeout = '300ms';
SELECT count(*) FROM long_aff, inst_match(long_aff.t);
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
SELECT count(*) FROM long_aff, inst_explain(long_aff.t);
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
RESET statement_timeout;
\set VERBOSITY default
SELECT entity_id, matched FROM inst_match('Institute of Wrtzp Studies') AS session_still_works;
DROP TABLE long_aff;

TRUNCATE instmatch.entity, instmatch.list CASCADE;
SELECT entities, aliases FROM inst_dictionary_info();
