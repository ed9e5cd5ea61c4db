-- test/demo/lists.sql: the demo's small list fixture.
--
--   psql -v ON_ERROR_STOP=1 -f test/demo/lists.sql          (after CREATE EXTENSION instmatch)
--
-- 1. A few research organisations as the ROR importer stores them (source 'ror'): the real ROR
--    ids, names, acronyms and Chinese labels of ../shared/data/ror_records where the
--    organisation is there, ids beginning with "demo-" where it is not. An organisation already
--    present (the real ROR loaded first) is kept as it is; the Chinese labels and acronyms
--    below are added to it if missing.
-- 2. One version of an "Entity List" feed, imported with instmatch.apply_import('demo', ...):
--    universities and companies with listing dates. THE DATES ARE FICTIONAL, chosen for the
--    demo (USTC listed on 2024-05-09, inside the period the demo question asks about), and the
--    selection is not the real list (the real Entity List also names, for example, Harbin
--    Engineering University and Beijing Institute of Technology, which the demo uses as
--    unlisted look-alikes). Do not use this fixture for screening.
-- The listed entries link to the ROR organisations by name (instmatch.relink), so every ROR
-- name, acronym and Chinese label screens for them.
\set ON_ERROR_STOP 1
BEGIN;

CREATE TEMP TABLE demo_org (entity_id text, name text, country text, country_name text, city text,
                            domains text[], types text[]) ON COMMIT DROP;
INSERT INTO demo_org VALUES
 ('00wk2mp56', 'Beihang University', 'CN', 'China', 'Beijing', '{buaa.edu.cn}', '{education}'),
 ('01yqg2h08', 'Harbin Institute of Technology', 'CN', 'China', 'Harbin', '{hit.edu.cn}', '{education}'),
 ('demo-hitsz', 'Harbin Institute of Technology, Shenzhen', 'CN', 'China', 'Shenzhen', '{hitsz.edu.cn}', '{education}'),
 ('04c4dkn09', 'University of Science and Technology of China', 'CN', 'China', 'Hefei', '{ustc.edu.cn}', '{education}'),
 ('05d2yfz11', 'National University of Defense Technology', 'CN', 'China', 'Changsha', '{nudt.edu.cn}', '{education}'),
 ('01y0j0j86', 'Northwestern Polytechnical University', 'CN', 'China', 'Xi''an', '{nwpu.edu.cn}', '{education}'),
 ('01scyh794', 'Nanjing University of Aeronautics and Astronautics', 'CN', 'China', 'Nanjing', '{nuaa.edu.cn}', '{education}'),
 ('011ashp19', 'Sichuan University', 'CN', 'China', 'Chengdu', '{scu.edu.cn}', '{education}'),
 ('01rxvg760', 'Nanjing University', 'CN', 'China', 'Nanjing', '{nju.edu.cn}', '{education}'),
 ('demo-suse', 'Sichuan University of Science and Engineering', 'CN', 'China', 'Zigong', '{suse.edu.cn}', '{education}'),
 ('03y7q9t39', 'University of Canterbury', 'NZ', 'New Zealand', 'Christchurch', '{canterbury.ac.nz}', '{education}'),
 ('01skt4w74', 'Beijing Institute of Technology', 'CN', 'China', 'Beijing', '{bit.edu.cn}', '{education}'),
 ('03x80pn82', 'Harbin Engineering University', 'CN', 'China', 'Harbin', '{hrbeu.edu.cn}', '{education}'),
 ('04e6y1282', 'Harbin University of Science and Technology', 'CN', 'China', 'Harbin', '{hrbust.edu.cn}', '{education}'),
 ('02egmk993', 'University of Science and Technology Beijing', 'CN', 'China', 'Beijing', '{ustb.edu.cn}', '{education}'),
 ('02czkny70', 'Hefei University of Technology', 'CN', 'China', 'Hefei', '{hfut.edu.cn}', '{education}'),
 ('03cve4549', 'Tsinghua University', 'CN', 'China', 'Beijing', '{tsinghua.edu.cn}', '{education}'),
 ('02v51f717', 'Peking University', 'CN', 'China', 'Beijing', '{pku.edu.cn}', '{education}'),
 ('00a2xv884', 'Zhejiang University', 'CN', 'China', 'Hangzhou', '{zju.edu.cn}', '{education}'),
 ('0220qvk04', 'Shanghai Jiao Tong University', 'CN', 'China', 'Shanghai', '{sjtu.edu.cn}', '{education}'),
 ('034t30j35', 'Chinese Academy of Sciences', 'CN', 'China', 'Beijing', '{cas.cn}', '{government}'),
 ('022c3hy66', 'Institute of Automation', 'CN', 'China', 'Beijing', '{ia.ac.cn}', '{facility}'),
 ('0300m5276', 'Microsoft Research Asia (China)', 'CN', 'China', 'Beijing', '{}', '{company}'),
 ('00d0nc645', 'Microsoft (United States)', 'US', 'United States', 'Redmond', '{microsoft.com}', '{company}'),
 ('00cvxb145', 'University of Washington', 'US', 'United States', 'Seattle', '{washington.edu}', '{education}'),
 ('05x2bcf33', 'Carnegie Mellon University', 'US', 'United States', 'Pittsburgh', '{cmu.edu}', '{education}'),
 ('01tgyzw49', 'National University of Singapore', 'SG', 'Singapore', 'Singapore', '{nus.edu.sg}', '{education}'),
 ('049wsmj07', 'Sensetime (China)', 'CN', 'China', 'Beijing', '{sensetime.com}', '{company}'),
 ('040b32p69', 'Megvii (China)', 'CN', 'China', 'Beijing', '{megvii.com}', '{company}'),
 ('009pwww24', 'IFlyTek (China)', 'CN', 'China', 'Hefei', '{iflytek.com}', '{company}'),
 ('00cmhce21', 'Huawei Technologies (China)', 'CN', 'China', 'Shenzhen', '{huawei.com}', '{company}');
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, domains, types, source)
SELECT entity_id, name, country, country_name, city, domains, types, 'ror' FROM demo_org
ON CONFLICT (entity_id) DO NOTHING;

INSERT INTO instmatch.alias (entity_id, alias, kind, lang, source) VALUES
 ('00wk2mp56', 'BUAA', 'acronym', NULL, 'ror'),
 ('00wk2mp56', 'Beijing University of Aeronautics and Astronautics', 'aka', NULL, 'ror'),
 ('00wk2mp56', '北京航空航天大学', 'label', 'zh', 'ror'),
 ('01yqg2h08', 'HIT', 'acronym', NULL, 'ror'),
 ('01yqg2h08', '哈尔滨工业大学', 'label', 'zh', 'ror'),
 ('demo-hitsz', 'Harbin Institute of Technology Shenzhen Graduate School', 'former', NULL, 'ror'),
 ('04c4dkn09', 'USTC', 'acronym', NULL, 'ror'),
 ('04c4dkn09', '中国科学技术大学', 'label', 'zh', 'ror'),
 ('05d2yfz11', 'NUDT', 'acronym', NULL, 'ror'),
 ('05d2yfz11', '国防科技大学', 'label', 'zh', 'ror'),
 ('05d2yfz11', '中国人民解放军国防科学技术大学', 'label', 'zh', 'ror'),
 ('01y0j0j86', 'NWPU', 'acronym', NULL, 'ror'),
 ('01y0j0j86', 'NPU', 'acronym', NULL, 'ror'),
 ('01y0j0j86', '西北工业大学', 'label', 'zh', 'ror'),
 ('01scyh794', 'NUAA', 'acronym', NULL, 'ror'),
 ('01scyh794', '南京航空航天大学', 'label', 'zh', 'ror'),
 ('011ashp19', 'SCU', 'acronym', NULL, 'ror'),
 ('011ashp19', '四川大学', 'label', 'zh', 'ror'),
 ('01rxvg760', 'NJU', 'acronym', NULL, 'ror'),
 ('01rxvg760', '南京大学', 'label', 'zh', 'ror'),
 ('demo-suse', '四川轻化工大学', 'label', 'zh', 'ror'),
 ('01skt4w74', 'BIT', 'acronym', NULL, 'ror'),
 ('01skt4w74', '北京理工大学', 'label', 'zh', 'ror'),
 ('03x80pn82', 'HEU', 'acronym', NULL, 'ror'),
 ('03x80pn82', '哈尔滨工程大学', 'label', 'zh', 'ror'),
 ('04e6y1282', '哈尔滨理工大学', 'label', 'zh', 'ror'),
 ('02egmk993', 'USTB', 'acronym', NULL, 'ror'),
 ('02egmk993', '北京科技大学', 'label', 'zh', 'ror'),
 ('02czkny70', 'HFUT', 'acronym', NULL, 'ror'),
 ('02czkny70', '合肥工业大学', 'label', 'zh', 'ror'),
 ('03cve4549', 'THU', 'acronym', NULL, 'ror'),
 ('03cve4549', '清华大学', 'label', 'zh', 'ror'),
 ('02v51f717', 'PKU', 'acronym', NULL, 'ror'),
 ('02v51f717', '北京大学', 'label', 'zh', 'ror'),
 ('00a2xv884', 'ZJU', 'acronym', NULL, 'ror'),
 ('00a2xv884', '浙江大学', 'label', 'zh', 'ror'),
 ('0220qvk04', 'SJTU', 'acronym', NULL, 'ror'),
 ('0220qvk04', '上海交通大学', 'label', 'zh', 'ror'),
 ('034t30j35', 'CAS', 'acronym', NULL, 'ror'),
 ('034t30j35', '中国科学院', 'label', 'zh', 'ror'),
 ('022c3hy66', 'CASIA', 'acronym', NULL, 'ror'),
 ('022c3hy66', '自动化研究所', 'label', 'zh', 'ror'),
 ('0300m5276', 'Microsoft Research Asia', 'aka', NULL, 'demo'),
 ('0300m5276', 'MSRA', 'acronym', NULL, 'demo'),
 ('0300m5276', '微软亚洲研究院', 'label', 'zh', 'demo'),
 ('00d0nc645', 'Microsoft Corporation', 'aka', NULL, 'ror'),
 ('00d0nc645', 'Microsoft Research', 'aka', NULL, 'demo'),
 ('049wsmj07', 'Sensetime Group Ltd.', 'aka', NULL, 'ror'),
 ('049wsmj07', 'Beijing Sensetime Technology Development Co Ltd.', 'aka', NULL, 'ror'),
 ('049wsmj07', '商汤科技', 'aka', NULL, 'ror'),
 ('040b32p69', 'Megvii Technology', 'aka', NULL, 'ror'),
 ('040b32p69', '旷视科技', 'aka', NULL, 'ror'),
 ('009pwww24', 'Iflytek Co Ltd', 'aka', NULL, 'ror'),
 ('009pwww24', '科大讯飞', 'aka', NULL, 'ror'),
 ('00cmhce21', 'Huawei', 'aka', NULL, 'demo'),
 ('00cmhce21', '华为技术有限公司', 'label', 'zh', 'ror')
ON CONFLICT DO NOTHING;

INSERT INTO instmatch.relationship (entity_id, related_id, kind) VALUES
 ('demo-hitsz', '01yqg2h08', 'parent'),
 ('022c3hy66', '034t30j35', 'parent'),
 ('0300m5276', '00d0nc645', 'parent')
ON CONFLICT DO NOTHING;

-- The list: one complete version of the feed "demo". Listing dates are fictional (see above).
SELECT list_code, entities, added, updated, closed FROM instmatch.apply_import('demo', '[
 {"list": "EL", "list_name": "Entity List (demo fixture, fictional dates)", "publisher": "demo",
  "key": "buaa", "name": "Beihang University", "country": "CN", "city": "Beijing", "types": ["education"],
  "aliases": [{"alias": "Beijing University of Aeronautics and Astronautics"}, {"alias": "BUAA", "kind": "acronym"}],
  "listed_on": "2001-05-14"},
 {"list": "EL", "key": "hit", "name": "Harbin Institute of Technology", "country": "CN", "city": "Harbin", "types": ["education"],
  "listed_on": "2020-06-05"},
 {"list": "EL", "key": "ustc", "name": "University of Science and Technology of China", "country": "CN", "city": "Hefei", "types": ["education"],
  "listed_on": "2024-05-09"},
 {"list": "EL", "key": "nudt", "name": "National University of Defense Technology", "country": "CN", "city": "Changsha", "types": ["education"],
  "aliases": [{"alias": "NUDT", "kind": "acronym"}, {"alias": "Hunan Guofang Keji University"}],
  "listed_on": "2015-02-18"},
 {"list": "EL", "key": "nwpu", "name": "Northwestern Polytechnical University", "country": "CN", "city": "Xi''an", "types": ["education"],
  "aliases": [{"alias": "Northwest Polytechnical University"}, {"alias": "NWPU", "kind": "acronym"}],
  "listed_on": "2001-05-14"},
 {"list": "EL", "key": "nuaa", "name": "Nanjing University of Aeronautics and Astronautics", "country": "CN", "city": "Nanjing", "types": ["education"],
  "listed_on": "2020-06-05"},
 {"list": "EL", "key": "scu", "name": "Sichuan University", "country": "CN", "city": "Chengdu", "types": ["education"],
  "listed_on": "2020-06-05"},
 {"list": "EL", "key": "sensetime", "name": "Beijing Sensetime Technology Development Co Ltd.", "country": "CN", "city": "Beijing", "types": ["company"],
  "aliases": [{"alias": "SenseTime"}], "listed_on": "2019-10-09"},
 {"list": "EL", "key": "megvii", "name": "Megvii Technology", "country": "CN", "city": "Beijing", "types": ["company"],
  "aliases": [{"alias": "Face++"}], "listed_on": "2019-10-09"},
 {"list": "EL", "key": "iflytek", "name": "Iflytek Co Ltd", "country": "CN", "city": "Hefei", "types": ["company"],
  "listed_on": "2019-10-09"},
 {"list": "EL", "key": "huawei", "name": "Huawei Technologies", "country": "CN", "city": "Shenzhen", "types": ["company"],
  "aliases": [{"alias": "Huawei Technologies Co., Ltd."}], "listed_on": "2019-05-16"}
]'::jsonb, version => 'demo', published_on => '2026-01-01');

-- ROR writes Huawei's name with its country in parentheses, so no name is equal: a manual link
-- (what an analyst does for the entries instmatch.link_review lists).
INSERT INTO instmatch.manual_link (entity_id, target_id, note)
VALUES ('demo:huawei', '00cmhce21', 'ROR: Huawei Technologies (China)')
ON CONFLICT (entity_id) DO NOTHING;

COMMIT;
