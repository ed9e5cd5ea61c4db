-- Real-data checks of the ROR, BIS (JSON scrape) and ASPI importers on ../shared/data.
--   psql -v data=<path of ../shared/data> -v ON_ERROR_STOP=1 -f test/realdata/20_text_json_lists.sql
-- on a fresh database with the extension (test/realdata.sh does this). A failed check raises an
-- error. The expected counts were computed independently from the same files with Python's own
-- readers: python3 test/realdata/20_text_json_counts.py ../shared/data
\set ON_ERROR_STOP 1
\set QUIET 1
\pset tuples_only on
\pset format unaligned
SET client_min_messages = warning;

CREATE FUNCTION pg_temp.check(what text, got anyelement, expected anyelement) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    IF got IS DISTINCT FROM expected THEN
        RAISE EXCEPTION 'FAILED: %: got %, expected %', what, got, expected;
    END IF;
    RETURN format('ok: %s: %s', what, got);
END $$;
-- an entity of a feed, listed (in force) on its list, with each of the given aliases
CREATE FUNCTION pg_temp.listed(p_feed text, entity_name text, want text[]) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    id text;
    missing text[];
    target text;
BEGIN
    SELECT e.entity_id INTO id FROM instmatch.entity e
    WHERE e.source = p_feed AND e.name = entity_name
      AND EXISTS (SELECT FROM instmatch.listing l JOIN instmatch.list li USING (list_id)
                  WHERE l.entity_id = e.entity_id AND li.feed = p_feed AND l.removed_on IS NULL);
    IF id IS NULL THEN
        RAISE EXCEPTION 'FAILED: % is not listed in feed %', entity_name, p_feed;
    END IF;
    missing := ARRAY(SELECT w FROM unnest(want) w
                     WHERE NOT EXISTS (SELECT FROM instmatch.alias a WHERE a.entity_id = id AND a.alias = w));
    IF cardinality(missing) > 0 THEN
        RAISE EXCEPTION 'FAILED: % (%) lacks the aliases %', entity_name, id, missing;
    END IF;
    SELECT k.target_id INTO target FROM instmatch.link k WHERE k.entity_id = id;
    RETURN format('ok: %s listed as %s (%s), aliases %s, linked to ROR %s',
                  p_feed, id, entity_name, array_to_string(want, ', '), coalesce(target, '-'));
END $$;

\set have_ror `test -f :'data'/ror_records/ror_names.tsv.gz && test -f :'data'/ror_records/ror_records_latest.jsonl.gz && echo 1 || echo 0`
\set have_bis `test -f :'data'/bis_entity_list_china_universities/data.json && test -f :'data'/bis_entity_list_china_universities/data-cn.json && echo 1 || echo 0`
\set have_aspi `test -f :'data'/aspi_china_defence_universities/china-defence-universities.json && echo 1 || echo 0`

-- ---- ROR: the flat TSV, then the JSON Lines of the latest records, both through the stage ----
\if :have_ror
\echo ROR: ror_names.tsv.gz through instmatch.stage()
SELECT instmatch.stage();
\set copy '\\copy instmatch_stage(line) FROM PROGRAM ''gzip -dc "' :data '/ror_records/ror_names.tsv.gz"'' WITH (FORMAT csv, DELIMITER E''\\x1f'', QUOTE E''\\x1e'')'
:copy
\timing on
CREATE TEMP TABLE r AS SELECT * FROM instmatch.import_ror(instmatch.staged());
\timing off
SELECT pg_temp.check('ROR TSV records', entities, 51370) FROM r;
SELECT pg_temp.check('ROR TSV aliases', aliases, 99623) FROM r;
SELECT pg_temp.check('ROR TSV relationships', relationships, 51824) FROM r;
DROP TABLE r;

\echo ROR: ror_records_latest.jsonl.gz through instmatch.stage() (updates the same records)
SELECT instmatch.stage();
\set copy '\\copy instmatch_stage(line) FROM PROGRAM ''gzip -dc "' :data '/ror_records/ror_records_latest.jsonl.gz"'' WITH (FORMAT csv, DELIMITER E''\\x1f'', QUOTE E''\\x1e'')'
:copy
\timing on
CREATE TEMP TABLE r AS SELECT * FROM instmatch.import_ror(instmatch.staged());
\timing off
SELECT pg_temp.check('ROR JSON Lines records', entities, 51370) FROM r;
SELECT pg_temp.check('ROR JSON Lines aliases', aliases, 99611) FROM r;
SELECT pg_temp.check('ROR JSON Lines relationships', relationships, 51824) FROM r;
DROP TABLE r;
SELECT instmatch.stage();
SELECT pg_temp.check('ROR entities in instmatch.entity', count(*), 51370::bigint) FROM instmatch.entity WHERE source = 'ror';
SELECT pg_temp.check('ROR aliases in instmatch.alias (those of the JSON Lines, none left of the TSV)', count(*), 99611::bigint)
FROM instmatch.alias WHERE source = 'ror';
SELECT pg_temp.check('relationships of ROR organisations in instmatch.relationship', count(*), 51824::bigint)
FROM instmatch.relationship r JOIN instmatch.entity e USING (entity_id) WHERE e.source = 'ror';
SELECT pg_temp.check('withdrawn ROR records', count(*), 1374::bigint) FROM instmatch.entity WHERE source = 'ror' AND status = 'withdrawn';

-- the institutions of interest, with their Chinese labels and acronyms
SELECT pg_temp.check(format('ROR %s (%s) has %s and %s', v.id, v.name, v.label, v.acronym),
                     (SELECT e.name FROM instmatch.entity e WHERE e.entity_id = v.id
                        AND EXISTS (SELECT FROM instmatch.alias a WHERE a.entity_id = e.entity_id AND a.kind = 'label' AND a.lang = 'zh' AND a.alias = v.label)
                        AND EXISTS (SELECT FROM instmatch.alias a WHERE a.entity_id = e.entity_id AND a.kind = 'acronym' AND a.alias = v.acronym)),
                     v.name)
FROM (VALUES ('00wk2mp56', 'Beihang University', '北京航空航天大学', 'BUAA'),
             ('01yqg2h08', 'Harbin Institute of Technology', '哈尔滨工业大学', 'HIT'),
             ('05d2yfz11', 'National University of Defense Technology', '中国人民解放军国防科学技术大学', 'NUDT'),
             ('01y0j0j86', 'Northwestern Polytechnical University', '西北工业大学', 'NWPU'),
             ('04c4dkn09', 'University of Science and Technology of China', '中国科学技术大学', 'USTC')) v(id, name, label, acronym);
SELECT pg_temp.check('Beihang''s child organisations kept', count(*) >= 3, true)
FROM instmatch.relationship WHERE entity_id = '00wk2mp56' AND kind = 'child';
\else
\echo SKIP: ROR files not found under :data/ror_records
\endif

-- ---- BIS Entity List: the JSON scrape with its Chinese names ----
\if :have_bis
\echo BIS: data.json with data-cn.json
\set c `cat :'data'/bis_entity_list_china_universities/data.json`
\set z `cat :'data'/bis_entity_list_china_universities/data-cn.json`
CREATE TEMP TABLE r AS SELECT * FROM instmatch.import_bis_json(:'c', :'z');
SELECT pg_temp.check('BIS entities (60 entries and 3 subordinate institutions)', entities, 63) FROM r;
SELECT pg_temp.check('BIS aliases', aliases, 282) FROM r;
SELECT pg_temp.check('BIS listings added', added, 63) FROM r;
DROP TABLE r;
SELECT pg_temp.check('BIS Chinese labels', count(*), 60::bigint) FROM instmatch.alias WHERE source = 'bis' AND kind = 'label' AND lang = 'zh';
SELECT pg_temp.check('BIS list version and date (generatedAt)', version || ' ' || published_on, '2026-03-30T14:41:14.232650Z 2026-03-30')
FROM instmatch.list WHERE feed = 'bis' AND code = 'EL';
SELECT pg_temp.check('BIS subordinate institutions with their parent', count(*), 3::bigint)
FROM instmatch.relationship WHERE entity_id LIKE 'bis:%' AND kind = 'parent';
SELECT pg_temp.listed('bis', 'Beijing University of Aeronautics and Astronautics', ARRAY['Beihang University', 'BUAA', '北京航空航天大学']);
SELECT pg_temp.listed('bis', 'Harbin Institute of Technology', ARRAY['哈尔滨工业大学', 'Harbin Institute of Technology, Shenzhen Research Institute']);
SELECT pg_temp.listed('bis', 'National University of Defense Technology', ARRAY['NUDT', 'Hunan Guofang Keji University', '国防科技大学']);
SELECT pg_temp.listed('bis', 'Northwestern Polytechnical University', ARRAY['Northwest Polytechnic University', 'Northwestern Polytechnic University', '西北工业大学']);
SELECT pg_temp.listed('bis', 'University of Science and Technology of China', ARRAY['USTC', '中国科学技术大学']);
CREATE TEMP TABLE r AS SELECT * FROM instmatch.import_bis_json(:'c', :'z');
SELECT pg_temp.check('BIS re-import: added, updated, closed, kept', format('%s %s %s %s', added, updated, closed, kept), '0 0 0 63') FROM r;
DROP TABLE r;
\else
\echo SKIP: BIS files not found under :data/bis_entity_list_china_universities
\endif

-- ---- ASPI China Defence Universities Tracker ----
\if :have_aspi
\echo ASPI: china-defence-universities.json
\set c `cat :'data'/aspi_china_defence_universities/china-defence-universities.json`
CREATE TEMP TABLE r AS SELECT * FROM instmatch.import_aspi_json(:'c');
SELECT pg_temp.check('ASPI entities', entities, 159) FROM r;
SELECT pg_temp.check('ASPI aliases', aliases, 599) FROM r;
DROP TABLE r;
SELECT pg_temp.check('ASPI Chinese labels', count(*), 268::bigint) FROM instmatch.alias WHERE source = 'aspi' AND kind = 'label' AND lang = 'zh';
SELECT pg_temp.check('ASPI categories in remarks', count(*), 159::bigint)
FROM instmatch.listing l JOIN instmatch.list li USING (list_id) WHERE li.feed = 'aspi' AND l.remarks LIKE 'category: %';
SELECT pg_temp.listed('aspi', 'Beihang University', ARRAY['北京航空航天大学', 'Beijing University of Aeronautics and Astronautics', 'BUAA']);
SELECT pg_temp.listed('aspi', 'Harbin Institute of Technology', ARRAY['哈尔滨工业大学', 'HIT']);
SELECT pg_temp.listed('aspi', 'National University of Defense Technology', ARRAY['中国人民解放军国防科技大学', 'NUDT', 'Changsha Institute of Technology']);
SELECT pg_temp.listed('aspi', 'Northwestern Polytechnical University', ARRAY['西北工业大学', 'NWPU', 'NPU', 'Northwest Polytechnical University']);
SELECT pg_temp.listed('aspi', 'University of Science and Technology of China', ARRAY['中国科学技术大学', 'USTC']);
CREATE TEMP TABLE r AS SELECT * FROM instmatch.import_aspi_json(:'c');
SELECT pg_temp.check('ASPI re-import: added, updated, closed, kept', format('%s %s %s %s', added, updated, closed, kept), '0 0 0 159') FROM r;
DROP TABLE r;
\else
\echo SKIP: ASPI file not found under :data/aspi_china_defence_universities
\endif

-- ---- with ROR loaded: the listed institutions link to their ROR organisations and screen ----
\if :have_ror
\if :have_bis
SELECT pg_temp.check(format('BIS %s linked to ROR', v.name),
                     (SELECT k.target_id FROM instmatch.entity e JOIN instmatch.link k ON k.entity_id = e.entity_id
                      WHERE e.source = 'bis' AND e.name = v.name), v.ror)
FROM (VALUES ('Beijing University of Aeronautics and Astronautics', '00wk2mp56'), ('Harbin Institute of Technology', '01yqg2h08'),
             ('National University of Defense Technology', '05d2yfz11'), ('Northwestern Polytechnical University', '01y0j0j86'))
     v(name, ror);
SELECT pg_temp.check('北京航空航天大学 screens as BIS Beihang', count(*), 1::bigint)
FROM inst_screen('北京航空航天大学') WHERE list = 'EL' AND feed = 'bis';
SELECT pg_temp.check('"Harbin Inst Technol, Shenzhen Grad Sch" screens as BIS HIT', count(*), 1::bigint)
FROM inst_screen('Harbin Inst Technol, Shenzhen Grad Sch, Shenzhen 518055, Peoples R China') WHERE list = 'EL' AND feed = 'bis' AND name = 'Harbin Institute of Technology';
\endif
\if :have_aspi
SELECT pg_temp.check(format('ASPI %s linked to ROR', v.name),
                     (SELECT k.target_id FROM instmatch.entity e JOIN instmatch.link k ON k.entity_id = e.entity_id
                      WHERE e.source = 'aspi' AND e.name = v.name), v.ror)
FROM (VALUES ('Beihang University', '00wk2mp56'), ('Harbin Institute of Technology', '01yqg2h08'),
             ('National University of Defense Technology', '05d2yfz11'), ('Northwestern Polytechnical University', '01y0j0j86'))
     v(name, ror);
SELECT pg_temp.check('"Northwestern Polytech Univ, Xian" screens as ASPI NWPU', count(*), 1::bigint)
FROM inst_screen('Sch Mat Sci & Engn, Northwestern Polytech Univ, Xian 710072, Shaanxi, Peoples R China') WHERE list = 'ASPI';
\endif
\endif
