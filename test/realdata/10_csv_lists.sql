-- Real-data checks of the CSV-family importers (run by test/realdata.sh, which sets :data and
-- INSTMATCH_DATA to ../shared/data and creates realdata.check).
--
-- The expected numbers were counted independently of the extension, with Python's csv module
-- on the real files and the rules documented in src/sql/50_import_csv.sql (skip individuals,
-- vessels and aircraft; one entry per list and id; alt_names split at ";" without "and ";
-- a trailing acronym split off the name; no alias equal to the name or twice):
--   CSL (consolidated.csv.gz, 14,160 rows): entities and aliases per list below; 8,048 entity
--     ids (an OFAC ent_num on several Treasury lists is one entity), 10,779 alias rows;
--   OFAC (cons_*.csv): entities and aliases per program below; 363 entities, 1,053 alias rows;
--   DoD 1260H (sanctions.csv, 397 rows): 226 companies (Clean Name with case, apostrophes and
--     punctuation ignored), 228 listing periods (ChangXin Memory and Yangtze Memory were
--     removed on 2026-02-17 and listed again on 2026-06-08), 207 open, 21 closed;
--   DoD 1286 (section_1286.csv, 443 rows): 164 institutions, 165 listing periods, 156 open
--     (the 156 rows of the FY2025 list).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

-- ---- CSL, through the stage from the gzip file (the documented path) ----
SELECT instmatch.stage();
\copy instmatch_stage(line) FROM PROGRAM 'gzip -dc "$INSTMATCH_DATA/csl_trade_gov_2022/consolidated.csv.gz"' WITH (FORMAT csv, DELIMITER E'\x1f', QUOTE E'\x1e')
SELECT realdata.check('CSL: 14,166 lines staged', count(*) = 14166, count(*)::text) FROM pg_temp.instmatch_stage;
CREATE TEMP TABLE csl_result AS
SELECT * FROM instmatch.import_csl_csv(instmatch.staged(), '2022-05', '2022-05-01');
SELECT realdata.check(format('CSL: list %s: %s entities, %s aliases', x.code, x.n, x.a),
                      r.entities IS NOT DISTINCT FROM x.n AND r.aliases IS NOT DISTINCT FROM x.a,
                      format('%s entities, %s aliases', r.entities, r.aliases))
  FROM (VALUES ('CAP', 52, 213), ('CMIC', 68, 137), ('DPL', 462, 1), ('DTC', 727, 134),
               ('EL', 2001, 2154), ('FSE', 1, 0), ('ISN', 163, 150), ('MEU', 71, 9),
               ('NS-MBS', 17, 72), ('SDN', 4104, 7500), ('SSI', 290, 880), ('UVL', 201, 0)) x(code, n, a)
  LEFT JOIN csl_result r ON r.list_code = x.code
 ORDER BY x.code;
SELECT realdata.check('CSL: 12 lists (the Palestinian Legislative Council list has only individuals)',
                      count(*) = 12, count(*)::text) FROM csl_result;
SELECT realdata.check('CSL: every listing added once', sum(added) = 8157 AND sum(updated + closed + kept) = 0,
                      format('added %s, updated %s, closed %s, kept %s', sum(added), sum(updated), sum(closed), sum(kept)))
  FROM csl_result;
SELECT realdata.check('CSL: 8,048 entities', count(*) = 8048, count(*)::text)
  FROM instmatch.entity WHERE entity_id LIKE 'csl:%';
SELECT realdata.check('CSL: 10,779 alias rows', count(*) = 10779, count(*)::text)
  FROM instmatch.alias WHERE source = 'csl';
SELECT realdata.check('CSL: 2,523 listings with a start date, 417 with an end date',
                      count(listed_on) = 2523 AND count(removed_on) = 417,
                      format('%s, %s', count(listed_on), count(removed_on)))
  FROM instmatch.listing li JOIN instmatch.list l USING (list_id) WHERE l.feed = 'csl';

-- the institutions of interest on the Entity List, with their aliases
CREATE TEMP TABLE el AS
SELECT e.entity_id, e.name, e.country, li.listed_on, li.removed_on, li.reference,
       ARRAY(SELECT a.kind || ':' || a.alias FROM instmatch.alias a
              WHERE a.entity_id = e.entity_id ORDER BY 1) AS aliases
  FROM instmatch.entity e JOIN instmatch.listing li USING (entity_id) JOIN instmatch.list l USING (list_id)
 WHERE l.feed = 'csl' AND l.code = 'EL';
SELECT realdata.check(format('CSL EL: %s', x.name),
                      (SELECT count(*) = 1 AND bool_and(el.country = 'CN' AND el.listed_on = x.listed::date
                              AND el.removed_on IS NULL AND el.reference LIKE x.ref AND el.aliases = x.aliases)
                         FROM el WHERE el.name = x.name),
                      (SELECT string_agg(format('%s %s %s %s', el.country, el.listed_on, el.reference, el.aliases), '; ')
                         FROM el WHERE el.name = x.name))
  FROM (VALUES
    ('Beijing University of Aeronautics and Astronautics', '2005-09-16', '%70 FR 54629%',
     '{acronym:BUAA,"aka:Beihang University"}'::text[]),
    ('Harbin Institute of Technology', '2020-06-05', '85 FR 34497', '{}'),
    ('National University of Defense Technology', '2015-02-18', '80 FR 8524; 84 FR 29373',
     '{acronym:NUDT,"aka:Hunan Guofang Keji University"}'),
    ('Northwestern Polytechnical University', '2001-05-14', '66 FR 24266;%',
     '{"aka:Northwest Polytechnic University","aka:Northwest Polytechnical University","aka:Northwestern Polytechnic University"}')
  ) x(name, listed, ref, aliases);
SELECT realdata.check('CSL EL: no University of Science and Technology of China (listed after this snapshot)',
                      count(*) = 0, count(*)::text) FROM el WHERE el.name ILIKE 'University of Science and Technology of China%';
SELECT realdata.check('CSL EL: "and " dropped from alias lists', count(*) = 0, string_agg(a.alias, '; '))
  FROM instmatch.alias a WHERE a.source = 'csl' AND (a.alias ~ '^and\M' OR a.alias = '');

-- re-importing the same version changes nothing
SELECT realdata.check('CSL: re-import of the same file: nothing added, updated or closed',
                      sum(added + updated + closed) = 0 AND sum(kept) = 8157,
                      format('added %s, updated %s, closed %s, kept %s', sum(added), sum(updated), sum(closed), sum(kept)))
  FROM instmatch.import_csl_csv(instmatch.staged(), '2022-05', '2022-05-01');
SELECT realdata.check('CSL: still 8,157 listings after the re-import', count(*) = 8157, count(*)::text)
  FROM instmatch.listing li JOIN instmatch.list l USING (list_id) WHERE l.feed = 'csl';

-- ---- OFAC consolidated non-SDN: the four files concatenated through the stage ----
SELECT instmatch.stage();
\copy instmatch_stage(line) FROM PROGRAM 'cd "$INSTMATCH_DATA/ofac_non_sdn_consolidated" && cat cons_prim.csv cons_alt.csv cons_add.csv cons_comments.csv' WITH (FORMAT csv, DELIMITER E'\x1f', QUOTE E'\x1e')
CREATE TEMP TABLE ofac_result AS
SELECT * FROM instmatch.import_ofac_cons(instmatch.staged(), '2025-12', '2025-12-19');
SELECT realdata.check(format('OFAC: list %s: %s entities, %s aliases', x.code, x.n, x.a),
                      r.entities IS NOT DISTINCT FROM x.n AND r.aliases IS NOT DISTINCT FROM x.a,
                      format('%s entities, %s aliases', r.entities, r.aliases))
  FROM (VALUES ('561-Related', 1, 2), ('BURMA-EO14014', 1, 2), ('CAATSA - RUSSIA', 1, 4),
               ('IRAN-CON-ARMS-EO', 1, 3), ('NS-CMIC', 68, 137), ('RUSSIA-EO14024', 93, 372),
               ('UKRAINE-EO13662', 286, 884), ('VENEZUELA-EO13850', 2, 0)) x(code, n, a)
  LEFT JOIN ofac_result r ON r.list_code = x.code
 ORDER BY x.code;
SELECT realdata.check('OFAC: 8 lists', count(*) = 8, count(*)::text) FROM ofac_result;
SELECT realdata.check('OFAC: 363 entities, 1,053 alias rows',
                      (SELECT count(*) FROM instmatch.entity WHERE entity_id LIKE 'ofac:%') = 363
                      AND (SELECT count(*) FROM instmatch.alias WHERE source = 'ofac') = 1053,
                      format('%s entities, %s aliases', (SELECT count(*) FROM instmatch.entity WHERE entity_id LIKE 'ofac:%'),
                             (SELECT count(*) FROM instmatch.alias WHERE source = 'ofac')));
SELECT realdata.check('OFAC: listing dates from the remarks: all 68 NS-CMIC, 25 RUSSIA-EO14024, 1 BURMA-EO14014',
                      count(*) FILTER (WHERE l.code = 'NS-CMIC') = 68
                      AND count(*) FILTER (WHERE l.code = 'RUSSIA-EO14024') = 25
                      AND count(*) FILTER (WHERE l.code = 'BURMA-EO14014') = 1 AND count(*) = 94,
                      string_agg(DISTINCT l.code, ', '))
  FROM instmatch.listing li JOIN instmatch.list l USING (list_id) WHERE l.feed = 'ofac' AND li.listed_on IS NOT NULL;
SELECT realdata.check('OFAC: Hikvision on NS-CMIC since 2021-06-03, country CN',
                      count(*) = 1, count(*)::text)
  FROM instmatch.entity e JOIN instmatch.listing li USING (entity_id) JOIN instmatch.list l USING (list_id)
 WHERE l.code = 'NS-CMIC' AND e.name ILIKE '%HIKVISION%' AND li.listed_on = '2021-06-03' AND e.country = 'CN';

-- ---- DoD 1260H ----
\set f `cat :'data'/dod_1260h_chinese_military_companies/sanctions.csv`
CREATE TEMP TABLE d1260h_result AS SELECT * FROM instmatch.import_dod_1260h(:'f', '2026-06-08', '2026-06-08');
SELECT realdata.check('DoD 1260H: 226 companies, 228 listings, 207 open, 21 closed',
                      count(DISTINCT li.entity_id) = 226 AND count(*) = 228
                      AND count(*) FILTER (WHERE li.removed_on IS NULL) = 207,
                      format('%s companies, %s listings, %s open', count(DISTINCT li.entity_id), count(*),
                             count(*) FILTER (WHERE li.removed_on IS NULL)))
  FROM instmatch.listing li JOIN instmatch.list l USING (list_id) WHERE l.feed = 'dod1260h';
SELECT realdata.check('DoD 1260H: the import reports 226 entities and 228 added listings',
                      entities = 226 AND added = 228, format('%s entities, %s added', entities, added))
  FROM d1260h_result;
SELECT realdata.check('DoD 1260H: ChangXin Memory listed 2025-01-07..2026-02-17 and again from 2026-06-08',
                      array_agg(li.listed_on || '..' || COALESCE(li.removed_on::text, '') ORDER BY li.listed_on)
                        = '{2025-01-07..2026-02-17,2026-06-08..}',
                      array_agg(li.listed_on || '..' || COALESCE(li.removed_on::text, '') ORDER BY li.listed_on)::text)
  FROM instmatch.listing li JOIN instmatch.entity e USING (entity_id)
 WHERE e.entity_id LIKE 'dod1260h:%' AND e.name = 'ChangXin Memory Technologies, Inc.';
SELECT realdata.check('DoD 1260H: AVIC Shenyang Aircraft has the listed parent AVIC', count(*) = 1, count(*)::text)
  FROM instmatch.relationship r JOIN instmatch.entity c USING (entity_id) JOIN instmatch.entity p ON p.entity_id = r.related_id
 WHERE r.kind = 'parent' AND c.name = 'AVIC Shenyang Aircraft Company Limited'
   AND p.name LIKE 'Aviation Industry Corporation of China%';
SELECT realdata.check('DoD 1260H: every parent is a listed company', count(*) > 100 AND bool_and(EXISTS (
                          SELECT 1 FROM instmatch.listing li WHERE li.entity_id = r.related_id)), count(*)::text)
  FROM instmatch.relationship r WHERE r.entity_id LIKE 'dod1260h:%';

-- ---- DoD Section 1286 ----
\set f `cat :'data'/dod_section_1286_institutions/section_1286.csv`
CREATE TEMP TABLE d1286_result AS SELECT * FROM instmatch.import_dod_1286(:'f', 'FY2025', '2026-07-23');
SELECT realdata.check('DoD 1286: 164 institutions, 165 listings, 156 open',
                      count(DISTINCT li.entity_id) = 164 AND count(*) = 165
                      AND count(*) FILTER (WHERE li.removed_on IS NULL) = 156,
                      format('%s institutions, %s listings, %s open', count(DISTINCT li.entity_id), count(*),
                             count(*) FILTER (WHERE li.removed_on IS NULL)))
  FROM instmatch.listing li JOIN instmatch.list l USING (list_id) WHERE l.feed = 'dod1286';
CREATE TEMP TABLE s1286 AS
SELECT e.entity_id, e.name, e.country, li.listed_on, li.removed_on,
       ARRAY(SELECT a.kind || ':' || a.alias FROM instmatch.alias a
              WHERE a.entity_id = e.entity_id ORDER BY 1) AS aliases
  FROM instmatch.entity e JOIN instmatch.listing li USING (entity_id) JOIN instmatch.list l USING (list_id)
 WHERE l.feed = 'dod1286';
SELECT realdata.check(format('DoD 1286: %s', x.name),
                      (SELECT count(*) = 1 AND bool_and(s.country = 'CN' AND s.listed_on = '2023-06-29'
                              AND s.removed_on IS NULL AND s.aliases = x.aliases)
                         FROM s1286 s WHERE s.name = x.name),
                      (SELECT string_agg(format('%s %s %s %s', s.country, s.listed_on, s.removed_on, s.aliases), '; ')
                         FROM s1286 s WHERE s.name = x.name))
  FROM (VALUES
    -- named "Beijing University of Aeronautics and Astronautics" on the FY2022-FY2024 lists
    ('Beihang University', '{acronym:BUAA,"aka:Beijing University of Aeronautics and Astronautics"}'::text[]),
    ('Harbin Institute of Technology', '{}'),
    ('National University of Defense Technology',
     '{acronym:CSCC,acronym:NUDT,"aka:Central South CAD Center","aka:Hunan Guofang Keji University"}'),
    ('Northwestern Polytechnical University',
     '{"aka:Northwest Polytechnic University","aka:Northwest Polytechnical University","aka:Northwestern Polytechnic University"}')
  ) x(name, aliases);
-- first on the FY2024 list, whose source_url has no date: 1 January 2025
SELECT realdata.check('DoD 1286: University of Science and Technology of China listed from the FY2024 list (2025-01-01)',
                      count(*) = 1 AND bool_and(listed_on = '2025-01-01' AND removed_on IS NULL),
                      string_agg(listed_on || '..' || COALESCE(removed_on::text, ''), ', '))
  FROM s1286 WHERE name = 'University of Science and Technology of China';

-- ---- every feed imported, and the others untouched by each import ----
SELECT realdata.check('all four feeds present: csl 8,157, ofac 453, dod1260h 228, dod1286 165 listings',
                      string_agg(format('%s %s', l.feed, n), ', ' ORDER BY l.feed)
                        = 'csl 8157, dod1260h 228, dod1286 165, ofac 453',
                      string_agg(format('%s %s', l.feed, n), ', ' ORDER BY l.feed))
  FROM (SELECT l.feed, count(*) AS n FROM instmatch.listing li JOIN instmatch.list l USING (list_id) GROUP BY 1) l;

-- ---- screening with the real lists (no ROR loaded yet: the entries screen by their own names) ----
SELECT realdata.check('screen: HIT on the Entity List from 2020-06-05, not before',
                      (SELECT count(*) FROM inst_screen('Harbin Inst Technol, Sch Mat Sci & Engn, Harbin 150001, Peoples R China', '2021-01-01') s
                        WHERE s.list = 'EL' AND s.listed_on = '2020-06-05') = 1
                      AND (SELECT count(*) FROM inst_screen('Harbin Inst Technol, Sch Mat Sci & Engn, Harbin 150001, Peoples R China', '2020-01-01') s
                            WHERE s.list = 'EL') = 0);
SELECT realdata.check('screen: NUDT on the Entity List and the 1286 list in 2024',
                      array_agg(DISTINCT s.list ORDER BY s.list) = '{1286,EL}',
                      array_agg(DISTINCT s.list ORDER BY s.list)::text)
  FROM inst_screen('Coll Comp, Natl Univ Def Technol, Changsha 410073, Hunan, Peoples R China', '2024-06-01') s;
