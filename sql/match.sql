-- The dictionary matcher: every rule, in English and Chinese, on a small dictionary written
-- for this test (identifiers are made up; names are real institutions).
\pset null '<NULL>'

INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, domains) VALUES
 ('buaa',   'Beihang University',                             'CN', 'China',  'Beijing',   '{buaa.edu.cn}'),
 ('hit',    'Harbin Institute of Technology',                 'CN', 'China',  'Harbin',    '{hit.edu.cn}'),
 ('hitsz',  'Harbin Institute of Technology, Shenzhen',       'CN', 'China',  'Shenzhen',  '{hitsz.edu.cn}'),
 ('nju',    'Nanjing University',                             'CN', 'China',  'Nanjing',   '{nju.edu.cn}'),
 ('nuaa',   'Nanjing University of Aeronautics and Astronautics', 'CN', 'China', 'Nanjing', '{nuaa.edu.cn}'),
 ('scu',    'Sichuan University',                             'CN', 'China',  'Chengdu',   '{scu.edu.cn}'),
 ('suse',   'Sichuan University of Science and Engineering',  'CN', 'China',  'Zigong',    '{}'),
 ('ustc',   'University of Science and Technology of China',  'CN', 'China',  'Hefei',     '{ustc.edu.cn}'),
 ('cas',    'Chinese Academy of Sciences',                    'CN', 'China',  'Beijing',   '{cas.cn}'),
 ('iop-cas','Institute of Physics',                           'CN', 'China',  'Beijing',   '{iphy.ac.cn}'),
 ('iop-uk', 'Institute of Physics',                           'GB', 'United Kingdom', 'London', '{iop.org}'),
 ('mipt',   'Moscow Institute of Physics and Technology',     'RU', 'Russia', 'Dolgoprudny', '{mipt.ru}'),
 ('bit',    'Beijing Institute of Technology',                'CN', 'China',  'Beijing',   '{bit.edu.cn}'),
 ('bitm',   'Birla Institute of Technology, Mesra',           'IN', 'India',  'Ranchi',    '{bitmesra.ac.in}'),
 ('moe-cn', 'Ministry of Education',                          'CN', 'China',  'Beijing',   '{}'),
 ('moe-sg', 'Ministry of Education',                          'SG', 'Singapore', 'Singapore', '{}'),
 ('nudt',   'National University of Defense Technology',      'CN', 'China',  'Changsha',  '{nudt.edu.cn}'),
 ('npu',    'Northwestern Polytechnical University',          'CN', 'China',  'Xi''an',    '{nwpu.edu.cn}'),
 ('msra',   'Microsoft Research Asia (China)',                'CN', 'China',  'Beijing',   '{}'),
 ('ucb',    'University of California, Berkeley',             'US', 'United States', 'Berkeley', '{berkeley.edu}');

INSERT INTO instmatch.alias (entity_id, alias, kind) VALUES
 ('buaa', 'BUAA', 'acronym'), ('buaa', 'Beijing University of Aeronautics and Astronautics', 'former'),
 ('buaa', '北京航空航天大学', 'label'),
 ('hit', 'HIT', 'acronym'), ('hit', '哈尔滨工业大学', 'label'),
 ('nuaa', 'NUAA', 'acronym'), ('ustc', 'USTC', 'acronym'), ('ustc', '中国科学技术大学', 'label'),
 ('cas', 'CAS', 'acronym'), ('bit', 'BIT', 'acronym'), ('bitm', 'BIT', 'acronym'),
 ('nudt', 'NUDT', 'acronym'), ('npu', 'NWPU', 'acronym'), ('npu', '西北工业大学', 'label'),
 ('ucb', 'UC Berkeley', 'aka');

INSERT INTO instmatch.relationship (entity_id, related_id, kind) VALUES
 ('hitsz', 'hit', 'parent'), ('iop-cas', 'cas', 'parent'), ('cas', 'iop-cas', 'child');

CREATE FUNCTION m(aff text) RETURNS TABLE(entity_id text, matched text, score real, match_kind text)
LANGUAGE sql STABLE AS $$
  SELECT entity_id, matched, round(score::numeric, 3)::real, match_kind FROM inst_match(aff)
  ORDER BY match_start, entity_id
$$;

-- Web of Science and full forms, Chinese script, traditional characters, look-alikes
SELECT * FROM m('Beihang Univ, Sch Comp Sci & Engn, Beijing 100191, Peoples R China');
SELECT * FROM m('School of Computer Science and Engineering, Beihang University, Beijing 100191, P.R. China');
SELECT * FROM m('北京航空航天大学计算机学院');
SELECT * FROM m('哈爾濱工業大學 航天學院');
SELECT * FROM m('Веіhang Univеrsity, Beijing');

-- leftmost-longest: a name never fires inside a longer name the dictionary knows
SELECT * FROM m('Coll Astronaut, Nanjing Univ Aeronaut & Astronaut, Nanjing 210016, Peoples R China');
SELECT * FROM m('Department of Physics, Nanjing University, Nanjing 210093, China');
SELECT * FROM m('Moscow Institute of Physics and Technology, Dolgoprudny, Russia');
SELECT * FROM m('Sichuan University of Science and Engineering, Zigong 643000, China');
-- ... and a name continued by "of" into a longer name the dictionary does not know is not it
SELECT * FROM m('Sichuan University of Arts and Science, Dazhou, China');
SELECT * FROM m('West China Hospital, Sichuan University, Chengdu, China');

-- several affiliations in one string
SELECT * FROM m('Harbin Inst Technol, Harbin; Nanjing Univ, Nanjing; Univ Sci & Technol China, Hefei');

-- typos in long tokens, with a lower score; never in short tokens
SELECT * FROM m('Beihnag University, Beijing');
SELECT * FROM m('Harbin Insitute of Technology, Harbin, China');
SELECT * FROM m('Nanjing Univresity');

-- acronyms need a cue: city, country, domain, or the full name next to them
SELECT * FROM m('HIT, Harbin 150001, China');
SELECT * FROM m('Harbin Institute of Technology (HIT)');
SELECT * FROM m('Dept of Physics, USTC, Hefei');
SELECT * FROM m('HIT Lab NZ, University of Canterbury, Christchurch, New Zealand');
SELECT * FROM m('BIT Mesra, Ranchi, Jharkhand, India');
SELECT * FROM m('BIT, Beijing 100081');
SELECT * FROM m('zhang@buaa.edu.cn');
SELECT * FROM m('Hit the ground running');

-- a name shared by several entities: resolved by context, else ambiguous with a lower score
SELECT * FROM m('Institute of Physics, Chinese Academy of Sciences, Beijing 100190, China');
SELECT * FROM m('Institute of Physics, 76 Portland Place, London, United Kingdom');
SELECT * FROM m('Ministry of Education');

-- hierarchy: a child match also reports its parent
SELECT * FROM m('Harbin Inst Technol, Shenzhen Grad Sch, Shenzhen 518055, Peoples R China');
SELECT * FROM m('Harbin Institute of Technology, Shenzhen, Shenzhen 518055, China');

-- names with a boundary; parenthesized qualifiers of registry names
SELECT * FROM m('University of California, Berkeley, CA 94720, USA');
SELECT * FROM m('Microsoft Research Asia, Beijing 100080, China');

-- matched is the exact substring of the input, match_start/match_end are character positions
SELECT entity_id, matched, substr(aff, match_start, match_end - match_start) = matched AS same
FROM (VALUES ('Département de Physique, Université — Nanjing University, 南京')) v(aff), inst_match(aff);

-- explain: every candidate and the rule that decided it
SELECT entity_id, matched, accepted, rule FROM inst_explain('HIT Lab NZ; Nanjing Univ Aeronaut & Astronaut, Nanjing, China')
ORDER BY match_start, entity_id, rule;

-- NULL and empty input
SELECT count(*) FROM inst_match(NULL);
SELECT count(*) FROM inst_match('');

-- The compiled dictionary follows every change to the lists, with no stale answer.
SELECT entities, aliases, memory_bytes > 0 AS has_memory FROM inst_dictionary_info();
SELECT * FROM m('Tianjin University, Tianjin 300072, China');
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city)
VALUES ('tju', 'Tianjin University', 'CN', 'China', 'Tianjin');
SELECT * FROM m('Tianjin University, Tianjin 300072, China');
INSERT INTO instmatch.alias VALUES ('tju', 'Peiyang University', 'former');
SELECT * FROM m('Peiyang University');
UPDATE instmatch.alias SET alias = 'Pei Yang University' WHERE entity_id = 'tju';
SELECT * FROM m('Peiyang University');
SELECT * FROM m('Pei Yang University');
DELETE FROM instmatch.alias WHERE entity_id = 'tju';
SELECT * FROM m('Pei Yang University');
UPDATE instmatch.entity SET status = 'withdrawn' WHERE entity_id = 'tju';
SELECT * FROM m('Tianjin University, Tianjin 300072, China');
-- a change rolled back leaves the dictionary as it was
BEGIN;
DELETE FROM instmatch.entity WHERE entity_id = 'buaa';
SELECT * FROM m('Beihang University');
ROLLBACK;
SELECT * FROM m('Beihang University');
-- TRUNCATE (and relationships)
SELECT * FROM m('Harbin Institute of Technology, Shenzhen');
TRUNCATE instmatch.relationship;
SELECT * FROM m('Harbin Institute of Technology, Shenzhen');
TRUNCATE instmatch.entity CASCADE;
SELECT * FROM m('Beihang University');
SELECT entities, aliases FROM inst_dictionary_info();
