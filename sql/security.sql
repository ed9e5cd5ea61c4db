-- Install safety and hostile search_path (PostgreSQL's "extension security" guidance):
--  (a) functions and operators planted before CREATE EXTENSION, by an unprivileged role, in the
--      schema the extension goes into: the install fails (same name and arguments as an
--      extension object) or ignores them; also when that role installs it itself (the
--      extension is trusted, so its script then runs as a superuser);
--  (b) every function of the extension under a search_path with a hostile schema first:
--      right answers, and no plant is ever called;
--  (c) no SECURITY DEFINER function without a pinned search_path;
--  (d) a role that does not own the list tables cannot change them.
-- Every plant raises an exception naming itself, so a call shows up as an ERROR here.
\set VERBOSITY terse
\set regdb :DBNAME
SET client_min_messages = warning;
SET datestyle = ISO;

CREATE ROLE regress_im_mallory LOGIN;
CREATE ROLE regress_im_reader LOGIN;

-- Plants for (a) and (b): every name the install script and the C code could look up
-- through the search_path: comparison operators on text, the array and string functions of
-- the dictionary query, pg_extension_config_dump with a signature that unknown literals
-- prefer, and operators on the extension's own type (for (b), where it exists).
CREATE FUNCTION pg_temp.plant_sql(schema text) RETURNS text LANGUAGE sql AS $f$
SELECT pg_catalog.format($$
CREATE FUNCTION %1$I.plant_bool(text, text) RETURNS bool LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.= or <> or < called by %%'', current_user; END';
CREATE OPERATOR %1$I.= (LEFTARG = text, RIGHTARG = text, FUNCTION = %1$I.plant_bool);
CREATE OPERATOR %1$I.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = %1$I.plant_bool);
CREATE OPERATOR %1$I.< (LEFTARG = text, RIGHTARG = text, FUNCTION = %1$I.plant_bool);
CREATE FUNCTION %1$I.array_to_string(text[], text) RETURNS text LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.array_to_string called by %%'', current_user; END';
CREATE FUNCTION %1$I.lower(text) RETURNS text LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.lower called by %%'', current_user; END';
CREATE FUNCTION %1$I.upper(text) RETURNS text LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.upper called by %%'', current_user; END';
CREATE FUNCTION %1$I.pg_extension_config_dump(text, text) RETURNS void LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.pg_extension_config_dump called by %%'', current_user; END';
CREATE FUNCTION %1$I.textlen(text) RETURNS int LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.textlen called by %%'', current_user; END';
CREATE FUNCTION %1$I.now() RETURNS timestamptz LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.now called by %%'', current_user; END';
CREATE FUNCTION %1$I.hashtext(text) RETURNS int LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.hashtext called by %%'', current_user; END';
CREATE FUNCTION %1$I.jsonb_typeof(jsonb) RETURNS text LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.jsonb_typeof called by %%'', current_user; END';
CREATE FUNCTION %1$I.jsonb_array_elements(jsonb) RETURNS SETOF jsonb LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.jsonb_array_elements called by %%'', current_user; END';
CREATE FUNCTION %1$I.to_regclass(text) RETURNS regclass LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.to_regclass called by %%'', current_user; END';
CREATE FUNCTION %1$I.unnest(text[]) RETURNS SETOF text LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant %1$s.unnest called by %%'', current_user; END';
$$, schema)
$f$;

-- ---------------------------------------------------------------------------------------------
-- (a) install safety, in a database of its own
-- ---------------------------------------------------------------------------------------------
CREATE DATABASE regress_im_security TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C';
GRANT CREATE ON DATABASE regress_im_security TO regress_im_mallory;
SELECT pg_temp.plant_sql('target') AS plants_target, pg_temp.plant_sql('evil') AS plants_evil \gset
\c regress_im_security
\set VERBOSITY terse
SET client_min_messages = warning;
CREATE SCHEMA target;
GRANT USAGE, CREATE ON SCHEMA target TO regress_im_mallory;
SET ROLE regress_im_mallory;
:plants_target
RESET ROLE;
SELECT p.oid::regprocedure AS planted, pg_get_userbyid(p.proowner) AS owner
FROM pg_proc p WHERE p.pronamespace = 'target'::regnamespace ORDER BY 1::text;

-- a1: a superuser installs into the schema with the plants: the install ignores them
CREATE EXTENSION instmatch SCHEMA target;
SET search_path = target, pg_catalog;   -- the plants before the catalog, for the calls below
SELECT target.inst_normalize('Harbin Inst. of Tech., Harbin 150001') AS normalized;
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, domains) VALUES
  ('hit', 'Harbin Institute of Technology', 'CN', 'China', 'Harbin', '{hit.edu.cn}'),
  ('cas', 'Chinese Academy of Sciences', 'CN', 'China', 'Beijing', '{cas.cn}'),
  ('iop', 'Institute of Physics', 'CN', 'China', 'Beijing', '{}'),
  ('old', 'Withdrawn Research Institute', 'CN', 'China', 'Beijing', '{}');
-- (the test's own conditions name pg_catalog's operator: the path is hostile to it too)
UPDATE instmatch.entity SET status = 'withdrawn' WHERE entity_id OPERATOR(pg_catalog.=) 'old';
INSERT INTO instmatch.alias (entity_id, alias, kind) VALUES ('hit', 'HIT', 'acronym');
INSERT INTO instmatch.relationship (entity_id, related_id, kind) VALUES ('iop', 'cas', 'parent');
SELECT entity_id, matched, match_kind
FROM target.inst_match('HIT, Harbin; Withdrawn Research Institute; Institute of Physics, Chinese Academy of Sciences, zhang@hit.edu.cn')
ORDER BY match_start;
RESET search_path;
-- the list tables are configuration tables of the extension, as the script made them
SELECT count(*) AS config_tables FROM pg_extension x, unnest(x.extconfig) c
WHERE x.extname = 'instmatch'
  AND c IN ('instmatch.entity'::regclass, 'instmatch.alias'::regclass, 'instmatch.relationship'::regclass);
DROP EXTENSION instmatch;

-- a2: a plant with the name and arguments of an extension function, or a type with the name
-- of the extension's type: the install fails
SET ROLE regress_im_mallory;
CREATE FUNCTION target.inst_normalize(text) RETURNS text LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant target.inst_normalize called by %'', current_user; END';
RESET ROLE;
CREATE EXTENSION instmatch SCHEMA target;
SELECT count(*) AS installed FROM pg_extension WHERE extname = 'instmatch';
DROP FUNCTION target.inst_normalize(text);
SET ROLE regress_im_mallory;
CREATE TYPE target.instname AS (x int);
RESET ROLE;
CREATE EXTENSION instmatch SCHEMA target;
SELECT count(*) AS installed FROM pg_extension WHERE extname = 'instmatch';
DROP TYPE target.instname;

-- a3: a schema "instmatch" made beforehand by someone else: the install fails
SET ROLE regress_im_mallory;
CREATE SCHEMA instmatch;
CREATE TABLE instmatch.entity (entity_id text, name text);
RESET ROLE;
CREATE EXTENSION instmatch SCHEMA target;
SELECT count(*) AS installed FROM pg_extension WHERE extname = 'instmatch';
DROP SCHEMA instmatch CASCADE;

-- a4: the unprivileged role installs the (trusted) extension itself, so the script runs as a
-- superuser, with the plants and a temporary table named "text" (its row type would capture
-- an unqualified type name if pg_temp came first): nothing is captured
SET ROLE regress_im_mallory;
CREATE TEMP TABLE text (x int);
CREATE EXTENSION instmatch SCHEMA target;
SELECT pg_get_userbyid(extowner) = 'regress_im_mallory' AS extension_owned_by_installer
FROM pg_extension WHERE extname = 'instmatch';
-- the objects belong to the bootstrap superuser, not to the installer
SELECT count(*) FILTER (WHERE p.proowner <> 10) AS functions_not_owned_by_bootstrap_superuser,
       count(*) > 40 AS has_functions
FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'instmatch';
SELECT c.relname AS list_table, a.attname, a.atttypid::regtype AS type
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'instmatch')
  AND c.relname IN ('entity', 'alias') AND a.attname IN ('entity_id', 'name', 'alias') ORDER BY 1, 2;
-- the installer owns the extension but not the lists: it cannot write them
INSERT INTO instmatch.entity (entity_id, name) VALUES ('x', 'X');
DROP EXTENSION instmatch;

-- a5: the same role installs version 0.1.0 and updates it: the update script runs as a
-- superuser too, with the same plants and the temporary "text"
CREATE EXTENSION instmatch VERSION '0.1.0' SCHEMA target;
ALTER EXTENSION instmatch UPDATE;
SELECT extversion = (SELECT default_version FROM pg_available_extensions WHERE name = 'instmatch') AS updated
FROM pg_extension WHERE extname = 'instmatch';
SELECT count(*) FILTER (WHERE p.proowner <> 10) AS functions_not_owned_by_bootstrap_superuser
FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'instmatch';
SET search_path = target, pg_catalog;
SELECT target.inst_normalize('Univ. Sci. & Technol. China') AS normalized;
RESET search_path;
DROP TABLE pg_temp.text;
DROP EXTENSION instmatch;
RESET ROLE;
SELECT count(*) AS plants_left FROM pg_proc WHERE pronamespace = 'target'::regnamespace;
\c :regdb
\set VERBOSITY terse
SET client_min_messages = warning;
SET datestyle = ISO;
DROP DATABASE regress_im_security;

-- ---------------------------------------------------------------------------------------------
-- (b) hostile search_path: a schema with plants before pg_catalog. The extension lives in
-- public (pg_regress --load-extension); every call below names it explicitly.
-- ---------------------------------------------------------------------------------------------
CREATE SCHEMA evil;
:plants_evil
CREATE FUNCTION evil.plant_inst(public.instname, public.instname) RETURNS bool LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant evil.instname operator called by %'', current_user; END';
CREATE OPERATOR evil.= (LEFTARG = public.instname, RIGHTARG = public.instname, FUNCTION = evil.plant_inst);
CREATE OPERATOR evil.< (LEFTARG = public.instname, RIGHTARG = public.instname, FUNCTION = evil.plant_inst);
CREATE OPERATOR evil.@> (LEFTARG = public.instname, RIGHTARG = public.instname, FUNCTION = evil.plant_inst);
CREATE FUNCTION evil.inst_normalize(text) RETURNS text LANGUAGE plpgsql AS
  'BEGIN RAISE EXCEPTION ''plant evil.inst_normalize called by %'', current_user; END';

CREATE TABLE sec_names (id int PRIMARY KEY, n public.instname);
INSERT INTO sec_names VALUES (1, 'Harbin Institute of Technology'), (2, 'Harbin Inst. Technol.'),
  (3, 'Beihang University'), (4, 'Nanjing University'), (5, 'Nanjing Univresity');
CREATE INDEX sec_names_gin ON sec_names USING gin (n);
CREATE INDEX sec_names_btree ON sec_names (n);
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, domains, source) VALUES
  ('sec-hit', 'Harbin Institute of Technology', 'CN', 'China', 'Harbin', '{hit.edu.cn}', 'ror'),
  ('sec-cas', 'Chinese Academy of Sciences', 'CN', 'China', 'Beijing', '{cas.cn}', 'ror'),
  ('sec-iop', 'Institute of Physics', 'CN', 'China', 'Beijing', '{}', 'ror'),
  ('sec-old', 'Withdrawn Research Institute', 'CN', 'China', 'Beijing', '{}', 'ror');
UPDATE instmatch.entity SET status = 'withdrawn' WHERE entity_id = 'sec-old';
INSERT INTO instmatch.alias (entity_id, alias, kind) VALUES ('sec-hit', 'HIT', 'acronym');
INSERT INTO instmatch.relationship (entity_id, related_id, kind) VALUES
  ('sec-iop', 'sec-cas', 'parent'), ('sec-cas', 'sec-iop', 'child');

SET search_path = evil, pg_catalog, public;
SHOW search_path;
-- the lists changed: the dictionary is rebuilt now, under the hostile path
SELECT entity_id, matched, match_kind, match_start, match_end
FROM public.inst_match('HIT, Harbin 150001; Withdrawn Research Institute; Institute of Physics, Chinese Academy of Sciences; li@hit.edu.cn')
ORDER BY match_start, entity_id;
SELECT entity_id, match_kind, accepted
FROM public.inst_explain('Institute of Physics, Chinese Academy of Sciences')
ORDER BY match_start, entity_id;
SELECT entities >= 3 AS has_entities, aliases >= 4 AS has_aliases, memory_bytes > 0 AS has_memory
FROM public.inst_dictionary_info();
-- the trigger on the lists, under the hostile path
UPDATE instmatch.entity SET city = 'Harbin' WHERE entity_id OPERATOR(pg_catalog.=) 'sec-hit';
DELETE FROM instmatch.relationship WHERE related_id OPERATOR(pg_catalog.=) 'sec-iop';
SELECT count(*) AS matches FROM public.inst_match('Institute of Physics, Chinese Academy of Sciences');

-- lists: an import (with relinking), the link functions, staging a file, and screening
SELECT list_code, entities, added FROM instmatch.apply_import('sectest',
  '[{"list": "EL", "list_name": "Entity List", "key": "hit", "name": "Harbin Institute of Technology",
     "country": "CN", "listed_on": "2020-06-05", "reference": "85 FR 34497"}]'::jsonb);
SELECT * FROM instmatch.relink();
SELECT * FROM instmatch.resolve_links();
SELECT instmatch.stage();
INSERT INTO pg_temp.instmatch_stage (line) VALUES ('first line'), ('second line');
SELECT instmatch.staged() AS staged;
SELECT entity_id, list, listed_on, reference, matched_entity_id, match_kind
FROM public.inst_screen('Sch. of Astronautics, Harbin Inst. of Tech., Harbin 150001, China', '2021-01-01');
SELECT count(*) AS listed_before_2020 FROM public.inst_screen('Harbin Institute of Technology', '2019-01-01');

-- normalizer
SELECT public.inst_normalize('Sch. of Comp. Sci. & Engn., Beihang Univ., Beijing 100191, P.R. China') AS normalized;
SELECT public.inst_tokens('Harbin Inst. Tech. (HIT); Beijing') AS tokens;
SELECT public.inst_normalizer_version() LIKE 'rules %' AS has_version;
-- the type: casts, I/O, binary I/O
SELECT 'Harbin Inst. of Tech.'::public.instname AS in_out,
       public.instname('Beihang Univ.') AS from_text,
       public.text('Beihang Univ.'::public.instname) AS to_text,
       'Univ. Paris'::varchar::public.instname::varchar AS via_varchar;
SELECT public.instname_send('a, b (c)'::public.instname) AS send;
CREATE TEMP TABLE sec_bin AS SELECT n FROM sec_names;
\copy sec_bin TO 'results/security_bin.dat' (FORMAT binary)
CREATE TEMP TABLE sec_bin_in (n public.instname);
\copy sec_bin_in FROM 'results/security_bin.dat' (FORMAT binary)
SELECT count(*) AS received_equal FROM sec_bin_in i
WHERE EXISTS (SELECT 1 FROM sec_names s WHERE public.instname_eq(s.n, i.n));
-- comparison, hashing, containment, similarity: the functions and the operators
SELECT public.instname_eq(a, b) AS eq, public.instname_ne(a, b) AS ne, public.instname_lt(a, b) AS lt,
       public.instname_le(a, b) AS le, public.instname_gt(a, b) AS gt, public.instname_ge(a, b) AS ge,
       public.instname_cmp(a, b) AS cmp, public.instname_hash(a) = public.instname_hash(b) AS same_hash,
       public.instname_hash_extended(a, 7) = public.instname_hash_extended(b, 7) AS same_hash64,
       a OPERATOR(public.=) b AS op_eq, a OPERATOR(public.<) b AS op_lt
FROM (SELECT 'Harbin Inst. Technol.'::public.instname AS a, 'harbin institute of technology'::public.instname AS b) x;
SELECT public.instname_contains(a, b) AS contains, public.instname_contained(b, a) AS contained,
       a OPERATOR(public.@>) b AS op_contains, b OPERATOR(public.<@) a AS op_contained,
       round(public.inst_similarity(a, c)::numeric, 3) AS similarity,
       round(public.instname_distance(a, c)::numeric, 3) AS distance,
       public.instname_similar(a, c) AS similar, a OPERATOR(public.%) c AS op_similar,
       round((a OPERATOR(public.<->) c)::numeric, 3) AS op_distance
FROM (SELECT 'School of Physics, Harbin Institute of Technology, Harbin'::public.instname AS a,
             'Harbin Institute of Technology'::public.instname AS b,
             'Harbin Insitute of Technology'::public.instname AS c) x;
-- sorting, grouping, hash join and the indexes: operators found through operator classes
SELECT id, n FROM sec_names ORDER BY n, id;
SELECT count(DISTINCT n) AS distinct_names FROM sec_names;
SET enable_seqscan = off;
SET enable_bitmapscan = on;
SELECT id FROM sec_names WHERE n OPERATOR(public.@>) 'Harbin Institute'::public.instname ORDER BY id;
SELECT id FROM sec_names WHERE n OPERATOR(public.%) 'Nanjing University'::public.instname ORDER BY id;
SELECT id FROM sec_names WHERE n OPERATOR(public.=) 'Beihang Univ'::public.instname ORDER BY id;
SELECT id FROM sec_names WHERE n OPERATOR(public.<@) 'Harbin Institute of Technology, Harbin'::public.instname ORDER BY id;
RESET enable_seqscan;
RESET enable_bitmapscan;
SET enable_mergejoin = off;
SET enable_nestloop = off;
SELECT a.id, b.id FROM sec_names a JOIN sec_names b ON a.n OPERATOR(public.=) b.n WHERE a.id < b.id ORDER BY 1, 2;
RESET enable_mergejoin;
RESET enable_nestloop;
RESET search_path;
DROP TABLE sec_names;
DELETE FROM instmatch.list WHERE feed = 'sectest';
DELETE FROM instmatch.entity WHERE entity_id LIKE 'sec%';

-- ---------------------------------------------------------------------------------------------
-- (c) SECURITY DEFINER functions of the extension without a pinned search_path (none)
-- ---------------------------------------------------------------------------------------------
CREATE VIEW pg_temp.secdef_violators AS
SELECT p.oid::regprocedure AS function
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'instmatch'
WHERE p.prosecdef
  AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%');
SELECT * FROM pg_temp.secdef_violators;
-- the query would find one: a SECURITY DEFINER member without a pinned path
CREATE FUNCTION public.regress_im_secdef() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
ALTER EXTENSION instmatch ADD FUNCTION public.regress_im_secdef();
SELECT * FROM pg_temp.secdef_violators;
ALTER FUNCTION public.regress_im_secdef() SET search_path = pg_catalog, pg_temp;
SELECT * FROM pg_temp.secdef_violators;
ALTER EXTENSION instmatch DROP FUNCTION public.regress_im_secdef();
DROP FUNCTION public.regress_im_secdef();

-- ---------------------------------------------------------------------------------------------
-- (d) a role that does not own the lists cannot change them
-- ---------------------------------------------------------------------------------------------
INSERT INTO instmatch.entity (entity_id, name) VALUES ('sec-keep', 'Keep Institute');
INSERT INTO instmatch.alias (entity_id, alias) VALUES ('sec-keep', 'Keep Inst');
INSERT INTO instmatch.relationship (entity_id, related_id, kind) VALUES ('sec-keep', 'sec-keep', 'related');
GRANT USAGE ON SCHEMA instmatch TO regress_im_reader;
SET ROLE regress_im_reader;
INSERT INTO instmatch.entity (entity_id, name) VALUES ('sec-x', 'X');
UPDATE instmatch.entity SET name = 'X' WHERE entity_id = 'sec-keep';
DELETE FROM instmatch.entity WHERE entity_id = 'sec-keep';
TRUNCATE instmatch.entity;
INSERT INTO instmatch.alias (entity_id, alias) VALUES ('sec-keep', 'X');
UPDATE instmatch.alias SET alias = 'X' WHERE entity_id = 'sec-keep';
DELETE FROM instmatch.alias WHERE entity_id = 'sec-keep';
TRUNCATE instmatch.alias;
INSERT INTO instmatch.relationship (entity_id, related_id, kind) VALUES ('sec-keep', 'a', 'parent');
UPDATE instmatch.relationship SET kind = 'child' WHERE entity_id = 'sec-keep';
DELETE FROM instmatch.relationship WHERE entity_id = 'sec-keep';
TRUNCATE instmatch.relationship;
ALTER TABLE instmatch.entity DISABLE TRIGGER instmatch_entity_changed;
DROP TRIGGER instmatch_alias_changed ON instmatch.alias;
ALTER TABLE instmatch.relationship DROP CONSTRAINT relationship_pkey;
RESET ROLE;
-- every table and sequence of the extension, not only these three: privileges that would let
-- the role change it (none)
SELECT c.oid::regclass AS writable_by_non_owner
FROM pg_class c
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'instmatch'
WHERE (c.relkind IN ('r', 'p') AND has_table_privilege('regress_im_reader', c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE'))
   OR (c.relkind = 'S' AND has_sequence_privilege('regress_im_reader', c.oid, 'UPDATE, USAGE'));
SELECT (SELECT count(*) FROM instmatch.entity WHERE entity_id = 'sec-keep' AND name = 'Keep Institute') AS entity_kept,
       (SELECT count(*) FROM instmatch.alias WHERE entity_id = 'sec-keep' AND alias = 'Keep Inst') AS alias_kept,
       (SELECT count(*) FROM instmatch.relationship WHERE entity_id = 'sec-keep') AS relationship_kept,
       (SELECT count(*) FROM pg_trigger WHERE tgname IN ('instmatch_entity_changed', 'instmatch_alias_changed')
          AND tgenabled = 'O') AS triggers_enabled;
DELETE FROM instmatch.entity WHERE entity_id = 'sec-keep';
REVOKE USAGE ON SCHEMA instmatch FROM regress_im_reader;

DROP SCHEMA evil CASCADE;
DROP ROLE regress_im_mallory;
DROP ROLE regress_im_reader;
