-- Screening: apply_import, links to ROR, inst_screen as of a date, curation, privileges.
-- The list entries are written here as the importers produce them (see import_* tests for
-- the file formats).
SET client_min_messages = warning;
SET datestyle = ISO;
-- start from empty lists, whatever earlier tests left
TRUNCATE instmatch.entity, instmatch.list CASCADE;

-- A few ROR organisations (source 'ror'), as import_ror loads them.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, domains, types, source) VALUES
 ('00wk2mp56', 'Beihang University', 'CN', 'China', 'Beijing', '{buaa.edu.cn}', '{education}', 'ror'),
 ('01yqg2h08', 'Harbin Institute of Technology', 'CN', 'China', 'Harbin', '{hit.edu.cn}', '{education}', 'ror'),
 ('05fwr8z16', 'Harbin Institute of Technology, Shenzhen', 'CN', 'China', 'Shenzhen', '{hitsz.edu.cn}', '{education}', 'ror'),
 ('01rxvg760', 'Nanjing University', 'CN', 'China', 'Nanjing', '{nju.edu.cn}', '{education}', 'ror'),
 ('01scyh794', 'Nanjing University of Aeronautics and Astronautics', 'CN', 'China', 'Nanjing', '{nuaa.edu.cn}', '{education}', 'ror'),
 ('011ashp19', 'Sichuan University', 'CN', 'China', 'Chengdu', '{scu.edu.cn}', '{education}', 'ror'),
 ('053fzma23', 'Sichuan University of Science and Engineering', 'CN', 'China', 'Zigong', '{suse.edu.cn}', '{education}', 'ror'),
 ('05d2yfz11', 'National University of Defense Technology', 'CN', 'China', 'Changsha', '{nudt.edu.cn}', '{education}', 'ror'),
 ('01y0j0j86', 'Northwestern Polytechnical University', 'CN', 'China', 'Xi''an', '{nwpu.edu.cn}', '{education}', 'ror'),
 ('04c4dkn09', 'University of Science and Technology of China', 'CN', 'China', 'Hefei', '{ustc.edu.cn}', '{education}', 'ror'),
 ('0317kfz20', 'Microsoft Research Asia', 'CN', 'China', 'Beijing', '{}', '{company}', 'ror'),
 ('03y7q9t39', 'University of Canterbury', 'NZ', 'New Zealand', 'Christchurch', '{canterbury.ac.nz}', '{education}', 'ror'),
 ('0bogusror', 'Institute of Electronics', 'CN', 'China', 'Beijing', '{}', '{facility}', 'ror'),
 ('0bogusro2', 'Institute of Electronics', 'CN', 'China', 'Shanghai', '{}', '{facility}', 'ror');
INSERT INTO instmatch.alias (entity_id, alias, kind, lang, source) VALUES
 ('00wk2mp56', 'BUAA', 'acronym', NULL, 'ror'),
 ('00wk2mp56', 'Beijing University of Aeronautics and Astronautics', 'aka', NULL, 'ror'),
 ('00wk2mp56', '北京航空航天大学', 'label', 'zh', 'ror'),
 ('01yqg2h08', 'HIT', 'acronym', NULL, 'ror'),
 ('01yqg2h08', '哈尔滨工业大学', 'label', 'zh', 'ror'),
 ('05fwr8z16', 'HIT Shenzhen', 'aka', NULL, 'ror'),
 ('05fwr8z16', 'Harbin Institute of Technology Shenzhen Graduate School', 'former', NULL, 'ror'),
 ('01scyh794', 'NUAA', 'acronym', NULL, 'ror'),
 ('05d2yfz11', 'NUDT', 'acronym', NULL, 'ror'),
 ('01y0j0j86', 'NWPU', 'acronym', NULL, 'ror'),
 ('01y0j0j86', '西北工业大学', 'label', 'zh', 'ror'),
 ('04c4dkn09', 'USTC', 'acronym', NULL, 'ror'),
 ('04c4dkn09', '中国科学技术大学', 'label', 'zh', 'ror');
INSERT INTO instmatch.relationship VALUES ('05fwr8z16', '01yqg2h08', 'parent'), ('01yqg2h08', '05fwr8z16', 'child');

-- One version of a list feed, as an importer hands it over.
SELECT * FROM instmatch.apply_import('test', '[
 {"list": "EL", "list_name": "Entity List", "publisher": "BIS", "key": "buaa",
  "name": "Beijing University of Aeronautics and Astronautics", "aliases": [{"alias": "BUAA", "kind": "acronym"}, {"alias": "Beihang University"}],
  "country": "CN", "city": "Beijing", "listed_on": "2005-09-16", "reference": "70 FR 54629"},
 {"list": "EL", "key": "hit", "name": "Harbin Institute of Technology", "country": "CN", "city": "Harbin",
  "listed_on": "2020-06-05", "reference": "85 FR 34497"},
 {"list": "EL", "key": "nuaa", "name": "Nanjing University of Aeronautics and Astronautics", "country": "CN",
  "listed_on": "2020-06-05"},
 {"list": "EL", "key": "scu", "name": "Sichuan University", "country": "CN", "listed_on": "2020-06-05"},
 {"list": "EL", "key": "nudt", "name": "National University of Defense Technology",
  "aliases": [{"alias": "NUDT", "kind": "acronym"}, {"alias": "Hunan Guofang Keji University"}], "country": "CN", "listed_on": "2015-02-18"},
 {"list": "EL", "key": "nwpu", "name": "Northwestern Polytechnical University",
  "aliases": [{"alias": "Northwest Polytechnical University"}], "country": "CN", "listed_on": "2001-05-14"},
 {"list": "EL", "key": "tenfine", "name": "Tenfine Ltd.", "country": "CN", "listed_on": "2001-05-14", "removed_on": "2010-01-01"},
 {"list": "EL", "key": "elec", "name": "Institute of Electronics", "country": "CN", "listed_on": "2019-01-01"},
 {"list": "MEU", "list_name": "Military End User List", "key": "nwpu", "name": "Northwestern Polytechnical University",
  "country": "CN", "listed_on": "2021-01-15"}
]'::jsonb, version => 'v1', published_on => '2024-01-01');

-- Links: each listed entity to the ROR organisation with the same name; the ambiguous one stays
-- for review.
SELECT entity_id, target_id, method FROM instmatch.link ORDER BY entity_id;
SELECT entity_id, name, lists, status, candidates FROM instmatch.link_review ORDER BY entity_id;

-- The cases of the issue.
CREATE FUNCTION screen(a text, d date DEFAULT NULL) RETURNS TABLE (entity text, list text, listed date, matched text, kind text)
  LANGUAGE sql AS $$ SELECT entity_id, list, listed_on, matched, match_kind FROM inst_screen(a, d) ORDER BY 1, 2, 3, 4 $$;
SELECT * FROM screen('Nanjing University, Dept Phys, Nanjing 210093, Peoples R China');       -- not NUAA
SELECT * FROM screen('College of Aerospace Engineering, Nanjing University of Aeronautics and Astronautics, Nanjing, China');
SELECT * FROM screen('Sichuan University of Science and Engineering, Zigong 643000, China');   -- not Sichuan University
SELECT * FROM screen('West China Hospital, Sichuan University, Chengdu, China');
SELECT * FROM screen('Harbin Inst Technol, Shenzhen Grad Sch, Shenzhen 518055, Peoples R China');
SELECT * FROM screen('北京航空航天大学 仪器科学与光电工程学院');                                       -- Beihang through ROR's label
SELECT * FROM screen('School of Automation, Beihang University, Beijing 100191, China');
SELECT * FROM screen('HIT Lab NZ, University of Canterbury, Christchurch, New Zealand');       -- nothing
SELECT * FROM screen('Coll Comp, Natl Univ Def Technol, Changsha 410073, Hunan, Peoples R China');
SELECT * FROM screen('Microsoft Research Asia, Beijing, China; School of Computer Science, Northwestern Polytechnical University, Xi''an, China');
-- as of a date: before the listing, the paper is no hit; NWPU is on MEU only from 2021-01-15
SELECT * FROM screen('Harbin Institute of Technology, Harbin, China', '2019-12-31');
SELECT * FROM screen('Harbin Institute of Technology, Harbin, China', '2020-06-05');
SELECT * FROM screen('Northwestern Polytechnical University, Xi''an', '2020-06-01');
-- a removed listing screens until its removal date, not after
SELECT * FROM screen('Tenfine Ltd., Beijing', '2009-12-31');
SELECT * FROM screen('Tenfine Ltd., Beijing', '2010-01-01');
-- the full output of one row
SELECT * FROM inst_screen('Harbin Inst Technol, Harbin 150001, Peoples R China', '2023-03-01');

-- A newer version of the feed: NUAA removed, USTC added, HIT's reference changed.
SELECT * FROM instmatch.apply_import('test', '[
 {"list": "EL", "key": "buaa", "name": "Beijing University of Aeronautics and Astronautics", "aliases": [{"alias": "BUAA", "kind": "acronym"}, {"alias": "Beihang University"}],
  "country": "CN", "city": "Beijing", "listed_on": "2005-09-16", "reference": "70 FR 54629"},
 {"list": "EL", "key": "hit", "name": "Harbin Institute of Technology", "country": "CN", "city": "Harbin",
  "listed_on": "2020-06-05", "reference": "85 FR 34497; 89 FR 1"},
 {"list": "EL", "key": "scu", "name": "Sichuan University", "country": "CN", "listed_on": "2020-06-05"},
 {"list": "EL", "key": "nudt", "name": "National University of Defense Technology",
  "aliases": [{"alias": "NUDT", "kind": "acronym"}, {"alias": "Hunan Guofang Keji University"}], "country": "CN", "listed_on": "2015-02-18"},
 {"list": "EL", "key": "nwpu", "name": "Northwestern Polytechnical University",
  "aliases": [{"alias": "Northwest Polytechnical University"}], "country": "CN", "listed_on": "2001-05-14"},
 {"list": "EL", "key": "tenfine", "name": "Tenfine Ltd.", "country": "CN", "listed_on": "2001-05-14", "removed_on": "2010-01-01"},
 {"list": "EL", "key": "elec", "name": "Institute of Electronics", "country": "CN", "listed_on": "2019-01-01"},
 {"list": "EL", "key": "ustc", "name": "University of Science and Technology of China", "country": "CN", "listed_on": "2024-05-09"},
 {"list": "MEU", "list_name": "Military End User List", "key": "nwpu", "name": "Northwestern Polytechnical University",
  "country": "CN", "listed_on": "2021-01-15"}
]'::jsonb, version => 'v2', published_on => '2024-06-01');
SELECT l.code, e.entity_id, li.listed_on, li.removed_on, li.reference
FROM instmatch.listing li JOIN instmatch.list l USING (list_id) JOIN instmatch.entity e USING (entity_id)
ORDER BY 1, 2, 3;
SELECT code, name, version, published_on FROM instmatch.list ORDER BY code;
-- the same version again changes nothing
SELECT list_code, added, updated, closed, kept FROM instmatch.apply_import('test',
  (SELECT jsonb_agg(jsonb_build_object('list', l.code, 'key', split_part(e.entity_id, ':', 2), 'name', e.name,
          'country', e.country, 'city', e.city, 'listed_on', li.listed_on, 'removed_on', li.removed_on, 'reference', li.reference,
          'aliases', (SELECT coalesce(jsonb_agg(jsonb_build_object('alias', a.alias, 'kind', a.kind)), '[]') FROM instmatch.alias a WHERE a.entity_id = e.entity_id)))
   FROM instmatch.listing li JOIN instmatch.list l USING (list_id) JOIN instmatch.entity e USING (entity_id)
   WHERE li.removed_on IS NULL OR li.removed_on <> '2024-06-01'), 'v2', '2024-06-01');
SELECT count(*) AS listings, count(DISTINCT (list_id, entity_id, listed_on)) AS distinct_listings FROM instmatch.listing;
-- NUAA: screened for a paper of 2023, not of 2025
SELECT * FROM screen('Nanjing University of Aeronautics and Astronautics, Nanjing', '2023-01-01');
SELECT * FROM screen('Nanjing University of Aeronautics and Astronautics, Nanjing', '2025-01-01');
-- USTC by its Chinese name, from 2024-05-09
SELECT * FROM screen('中国科学技术大学 合肥', '2024-05-08');
SELECT * FROM screen('中国科学技术大学 合肥', '2024-05-09');

-- Malformed imports fail with a clear error and change nothing.
SELECT * FROM instmatch.apply_import('test', '[{"list": "EL", "key": "x", "name": "X", "listed_on": "2020-13-01"}]');
SELECT * FROM instmatch.apply_import('test', '[{"list": "EL", "name": "X"}]');
SELECT * FROM instmatch.apply_import('test', '[{"list": "EL", "key": "x", "name": "X", "aliases": [{"alias": "Y", "kind": "nickname"}]}]');
SELECT * FROM instmatch.apply_import('Bad Feed', '[]');
SELECT * FROM instmatch.apply_import('test', '{}');
SELECT count(*) FROM instmatch.listing;

-- A manual link settles the ambiguous one.
INSERT INTO instmatch.manual_link (entity_id, target_id, note) VALUES ('test:elec', '0bogusror', 'the Beijing one');
SELECT entity_id, target_id, method FROM instmatch.link WHERE entity_id = 'test:elec';
SELECT count(*) AS still_to_review FROM instmatch.link_review WHERE entity_id = 'test:elec';
SELECT * FROM screen('Institute of Electronics, Beijing 100190, China');

-- Curation: suppress an alias, an (affiliation pattern, entity) pair, mark known-good, decide.
SELECT * FROM screen('Hunan Guofang Keji University, Changsha');
INSERT INTO instmatch.suppressed_alias (entity_id, alias, reason) VALUES ('test:nudt', 'Hunan Guofang Keji Univ.', 'test');
SELECT * FROM screen('Hunan Guofang Keji University, Changsha');
INSERT INTO instmatch.suppressed_match (pattern, entity_id, reason) VALUES ('west china hospital', 'test:scu', 'hospital screened separately');
SELECT * FROM screen('West China Hospital, Sichuan University, Chengdu, China');
SELECT entity_id, verdict FROM inst_screen('West China Hospital, Sichuan University, Chengdu, China', include_cleared => true);
INSERT INTO instmatch.known_good (entity_id, reason) VALUES ('test:tenfine', 'licence');
SELECT * FROM screen('Tenfine Ltd., Beijing', '2009-12-31');
SELECT entity_id, verdict FROM inst_screen('Tenfine Ltd., Beijing', '2009-12-31', true);
INSERT INTO instmatch.decision (affiliation, entity_id, verdict, note, decided_by) VALUES
 ('School of Automation, Beihang University, Beijing 100191, China', 'test:buaa', 'needs review', 'first look', 'alice'),
 ('school of automation, BEIHANG UNIV., Beijing 100191, China', 'test:buaa', 'confirmed', 'checked', 'bob');
SELECT entity_id, matched, verdict, decided_by FROM inst_screen('School of Automation, Beihang University, Beijing 100191, China');

-- The dictionary follows committed changes of the lists at once, in this session.
SELECT count(*) FROM inst_screen('Shenyang Aircraft Design Institute');
SELECT list_code, added FROM instmatch.apply_import('test2', '[{"list": "X", "key": "sadi", "name": "Shenyang Aircraft Design Institute", "country": "CN"}]');
SELECT entity_id, list FROM inst_screen('Shenyang Aircraft Design Institute');

-- inst_screen is inlined into the calling query: a lateral join, not a function call per row.
CREATE TABLE affs (id int, aff text, published date);
INSERT INTO affs VALUES (1, 'Harbin Inst Technol, Harbin, Peoples R China', '2021-01-01'),
                        (2, 'Nanjing University, Nanjing', '2021-01-01'),
                        (3, 'Beihang University, Beijing', '2004-01-01');
CREATE FUNCTION plan_nodes(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE l text;
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    IF l ~ 'Function Scan|Seq Scan on affs' THEN RETURN NEXT regexp_replace(l, '^[ >-]*', ''); END IF;
  END LOOP;
END $$;
SELECT * FROM plan_nodes('SELECT a.id, s.entity_id FROM affs a, inst_screen(a.aff, a.published) s');
SELECT a.id, s.entity_id, s.list FROM affs a, inst_screen(a.aff, a.published) s ORDER BY 1, 2, 3;

-- Privileges: USAGE + EXECUTE + SELECT is enough to screen; lists change only by their owner.
CREATE ROLE instmatch_screener;
DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %I TO instmatch_screener', current_schema()); END $$;
GRANT USAGE ON SCHEMA instmatch TO instmatch_screener;
GRANT SELECT ON ALL TABLES IN SCHEMA instmatch TO instmatch_screener;
GRANT SELECT ON affs TO instmatch_screener;
SET ROLE instmatch_screener;
SELECT a.id, s.entity_id FROM affs a, inst_screen(a.aff, a.published) s ORDER BY 1, 2;
INSERT INTO instmatch.listing (list_id, entity_id) SELECT list_id, 'test:hit' FROM instmatch.list LIMIT 1;
DELETE FROM instmatch.alias;
SELECT * FROM instmatch.apply_import('test', '[]');
RESET ROLE;
-- no SECURITY DEFINER function in the extension
SELECT count(*) AS security_definer_functions FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
 JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'instmatch' WHERE p.prosecdef;
REVOKE ALL ON SCHEMA instmatch FROM instmatch_screener;
REVOKE ALL ON ALL TABLES IN SCHEMA instmatch FROM instmatch_screener;
REVOKE ALL ON affs FROM instmatch_screener;
DO $$ BEGIN EXECUTE format('REVOKE ALL ON SCHEMA %I FROM instmatch_screener', current_schema()); END $$;
DROP ROLE instmatch_screener;
DROP TABLE affs;
DROP FUNCTION screen(text, date);
DROP FUNCTION plan_nodes(text);
TRUNCATE instmatch.entity, instmatch.list CASCADE;
