-- test/demo/publications.sql: sample publications for the demo, written for instmatch (the
-- works, authors and titles are fictional; the institutions are real, written the way the
-- databases write them).
--
--   psql -v ON_ERROR_STOP=1 -f test/demo/publications.sql
--
-- Creates schema demo (dropped first if it exists):
--   demo.work(work_id, title, journal, published_on, source)   source: wos, scopus, arxiv, cnki
--   demo.authorship(authorship_id, work_id, author, position, affiliation)
--   demo.authorship_institution(authorship_id, institution)     what each affiliation string
--       names (keys such as msra, buaa, nju), the truth the demo's answers can be checked with
-- Twelve works are written out (the cases the demo question turns on); 300 more are made by a
-- deterministic generator (md5 of fixed strings; no random()), so every run gives the same rows.
-- Affiliation styles:
--   wos     Web of Science: "Beihang Univ, Sch Automat Sci & Elect Engn, Beijing 100191, Peoples R China"
--   scopus  "School of ..., Beihang University, Beijing, 100191, China"
--   arxiv   free text, sometimes an e-mail address or an acronym
--   cnki    Chinese journals, in Chinese script: "北京航空航天大学 自动化科学与电气工程学院, 北京 100191"
-- A multi-affiliation is written "A; B" (a student also at Microsoft Research Asia).
-- Institutions: Microsoft Research Asia; universities on the demo list (test/demo/lists.sql:
-- Beihang, Harbin Institute of Technology and its Shenzhen campus, USTC, NUDT, NWPU, NUAA,
-- Sichuan University), companies on it (SenseTime, Megvii, iFlytek, Huawei); look-alikes that
-- are not on it (Nanjing University, Sichuan University of Science and Engineering, HIT Lab NZ,
-- Beijing Institute of Technology, Harbin Engineering University, Harbin University of Science
-- and Technology, University of Science and Technology Beijing, Hefei University of Technology);
-- other Chinese and foreign institutions and Microsoft Research in Redmond.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
BEGIN;
DROP SCHEMA IF EXISTS demo CASCADE;
CREATE SCHEMA demo;
COMMENT ON SCHEMA demo IS 'instmatch demo: fictional publications with real-world affiliation strings';

CREATE TABLE demo.work (
    work_id      integer PRIMARY KEY,
    title        text NOT NULL,
    journal      text NOT NULL,
    published_on date NOT NULL,
    source       text NOT NULL CHECK (source IN ('wos', 'scopus', 'arxiv', 'cnki'))
);
CREATE TABLE demo.authorship (
    authorship_id integer PRIMARY KEY,
    work_id       integer NOT NULL REFERENCES demo.work,
    author        text NOT NULL,
    position      integer NOT NULL,
    affiliation   text NOT NULL,
    UNIQUE (work_id, position)
);
CREATE TABLE demo.authorship_institution (
    authorship_id integer NOT NULL REFERENCES demo.authorship,
    institution   text NOT NULL,
    PRIMARY KEY (authorship_id, institution)
);
COMMENT ON TABLE demo.authorship_institution IS 'the institutions each affiliation string names, as written by the generator (the truth)';

-- ---- the written-out works ----
INSERT INTO demo.work VALUES
 (1, 'Masked Visual Pretraining at Scale for Document Layout Analysis', 'arXiv (cs.CV)', '2024-04-02', 'arxiv'),
 (2, 'Retrieval-Augmented Code Generation with Execution Feedback', 'arXiv (cs.CL)', '2024-06-20', 'arxiv'),
 (3, 'Efficient Diffusion Models for Remote Sensing Segmentation', 'IEEE Transactions on Image Processing', '2024-03-18', 'wos'),
 (4, '基于扩散模型的遥感图像分割方法研究', '自动化学报', '2025-02-11', 'cnki'),
 (5, 'Sparse Mixture-of-Experts Models for Machine Translation', 'Neural Networks', '2024-09-03', 'scopus'),
 (6, 'Lightweight Point Cloud Networks for 3D Human Pose Estimation', 'Pattern Recognition', '2024-10-15', 'wos'),
 (7, 'Hierarchical Speech Representation Learning for Text-to-Speech Synthesis', 'arXiv (cs.SD)', '2024-11-27', 'arxiv'),
 (8, 'Unified Vision-Language Pretraining for Video Understanding', 'Neurocomputing', '2025-03-04', 'wos'),
 (9, 'Contrastive Knowledge Distillation for Anomaly Detection', 'Knowledge-Based Systems', '2024-07-22', 'wos'),
 (10, 'Adaptive Graph Neural Networks for Traffic Forecasting', 'Information Sciences', '2023-11-05', 'scopus'),
 (11, 'Self-Supervised Transformers for Video Understanding', 'arXiv (cs.CV)', '2024-05-09', 'arxiv'),
 (12, 'Robust Vision-Language Pretraining for Document Understanding', 'arXiv (cs.CV)', '2024-05-08', 'arxiv');
INSERT INTO demo.authorship VALUES
 -- MSRA with USTC before USTC's listing (2024-05-09), then after it
 (11, 1, 'Haoran Wu', 1, 'University of Science and Technology of China, Hefei, China (wuhr@mail.ustc.edu.cn)'),
 (12, 1, 'Jing Li', 2, 'Microsoft Research Asia, Beijing, China (jing.li@microsoft.com)'),
 (21, 2, 'Zihan Chen', 1, 'Microsoft Research Asia, Beijing, China; University of Science and Technology of China, Hefei, China'),
 (22, 2, 'Yu Zhou', 2, 'Microsoft Research Asia, Beijing, China'),
 -- MSRA with Beihang (listed long before), Web of Science style
 (31, 3, 'Sun, Y', 1, 'Beihang Univ, Sch Automat Sci & Elect Engn, Beijing 100191, Peoples R China'),
 (32, 3, 'Gao, X', 2, 'Microsoft Res Asia, Beijing 100080, Peoples R China'),
 -- MSRA with HIT, in Chinese script
 (41, 4, '刘浩', 1, '哈尔滨工业大学 计算学部, 哈尔滨 150001'),
 (42, 4, '王静', 2, '微软亚洲研究院, 北京 100080'),
 -- MSRA with look-alikes that are not listed
 (51, 5, 'Xu Y.', 1, 'State Key Laboratory for Novel Software Technology, Nanjing University, Nanjing, 210023, China'),
 (52, 5, 'Lin M.', 2, 'Microsoft Research Asia, Shanghai, China'),
 (61, 6, 'Zhao, J', 1, 'Sichuan Univ Sci & Engn, Sch Comp Sci & Engn, Zigong 643000, Peoples R China'),
 (62, 6, 'Hu, T', 2, 'Harbin Engn Univ, Coll Comp Sci & Technol, Harbin 150001, Heilongjiang, Peoples R China'),
 (63, 6, 'Ma, L', 3, 'Microsoft Res Asia, Beijing 100080, Peoples R China'),
 (71, 7, 'Emily Clark', 1, 'HIT Lab NZ, University of Canterbury, Christchurch, New Zealand'),
 (72, 7, 'Xin Guo', 2, 'Microsoft Research Asia, Beijing, China (xin.guo@microsoft.com)'),
 (81, 8, 'Zhu, H', 1, 'Beijing Inst Technol, Sch Comp Sci & Technol, Beijing 100081, Peoples R China'),
 (82, 8, 'He, W', 2, 'Univ Sci & Technol Beijing, Sch Comp & Commun Engn, Beijing 100083, Peoples R China'),
 (83, 8, 'Luo, M', 3, 'Microsoft Res Asia, Beijing 100080, Peoples R China'),
 -- MSRA with NWPU and a listed company
 (91, 9, 'Yang, Z', 1, 'Northwestern Polytech Univ, Sch Comp Sci, Xian 710072, Shaanxi, Peoples R China'),
 (92, 9, 'Wang, L', 2, 'SenseTime Res, Beijing 100080, Peoples R China'),
 (93, 9, 'Chen, Y', 3, 'Microsoft Res Asia, Beijing 100080, Peoples R China'),
 -- MSRA with Harbin Institute of Technology (Shenzhen), before the period asked about
 (101, 10, 'Li J.', 1, 'School of Computer Science and Technology, Harbin Institute of Technology (Shenzhen), Shenzhen, 518055, China'),
 (102, 10, 'Zhang W.', 2, 'Microsoft Research Asia, Beijing, 100080, China'),
 -- MSRA with USTC on the day of the listing, and the day before
 (111, 11, 'Yuxuan Ma', 1, 'USTC, Hefei, China'),
 (112, 11, 'Ming Zhao', 2, 'MSRA, Beijing, China'),
 (121, 12, 'Ruoxi Sun', 1, 'Univ Sci & Technol China, Dept Automat, Hefei 230027, Anhui, Peoples R China'),
 (122, 12, 'Jie Huang', 2, 'Microsoft Research Asia, Beijing, China');
INSERT INTO demo.authorship_institution VALUES
 (11, 'ustc'), (12, 'msra'), (21, 'msra'), (21, 'ustc'), (22, 'msra'), (31, 'buaa'), (32, 'msra'),
 (41, 'hit'), (42, 'msra'), (51, 'nju'), (52, 'msra'), (61, 'suse'), (62, 'heu'), (63, 'msra'),
 (71, 'hitlab'), (72, 'msra'), (81, 'bit'), (82, 'ustb'), (83, 'msra'), (91, 'nwpu'), (92, 'sensetime'),
 (93, 'msra'), (101, 'hitsz'), (102, 'msra'), (111, 'ustc'), (112, 'msra'), (121, 'ustc'), (122, 'msra');

-- ---- the generator ----
-- rnd(seed, n): a number in 0 .. n-1 from the md5 of seed
CREATE FUNCTION demo.rnd(seed text, n integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT ((('x' || substr(md5($1), 1, 8))::bit(32)::bigint) % $2)::integer $$;
COMMENT ON FUNCTION demo.rnd(text, integer) IS 'demo generator: a number in 0 .. n-1 from the md5 of seed';

-- How each institution is written, per style ({u}: the author's e-mail name). An institution
-- without a template of the work's style uses its scopus ones.
CREATE TEMP TABLE tpl (inst text, style text, tpl text) ON COMMIT DROP;
INSERT INTO tpl VALUES
 ('msra', 'wos', 'Microsoft Res Asia, Beijing 100080, Peoples R China'),
 ('msra', 'wos', 'Microsoft Res Asia, Nat Language Comp Grp, Beijing 100080, Peoples R China'),
 ('msra', 'wos', 'Microsoft Res Asia, Shanghai 200232, Peoples R China'),
 ('msra', 'scopus', 'Microsoft Research Asia, Beijing, 100080, China'),
 ('msra', 'scopus', 'Microsoft Research Asia, Shanghai, China'),
 ('msra', 'arxiv', 'Microsoft Research Asia, Beijing, China ({u}@microsoft.com)'),
 ('msra', 'arxiv', 'Microsoft Research Asia'),
 ('msra', 'arxiv', 'MSRA, Beijing, China'),
 ('msra', 'cnki', '微软亚洲研究院, 北京 100080'),
 ('buaa', 'wos', 'Beihang Univ, Sch Automat Sci & Elect Engn, Beijing 100191, Peoples R China'),
 ('buaa', 'wos', 'Beihang Univ, Sch Comp Sci & Engn, Beijing 100191, Peoples R China'),
 ('buaa', 'wos', 'Beijing Univ Aeronaut & Astronaut, State Key Lab Software Dev Environm, Beijing 100191, Peoples R China'),
 ('buaa', 'scopus', 'School of Computer Science and Engineering, Beihang University, Beijing, 100191, China'),
 ('buaa', 'scopus', 'State Key Laboratory of Virtual Reality Technology and Systems, Beihang University, Beijing, China'),
 ('buaa', 'arxiv', 'Beihang University, Beijing, China ({u}@buaa.edu.cn)'),
 ('buaa', 'arxiv', 'BUAA, Beijing, China'),
 ('buaa', 'cnki', '北京航空航天大学 自动化科学与电气工程学院, 北京 100191'),
 ('buaa', 'cnki', '北京航空航天大学 计算机学院, 北京 100191'),
 ('hit', 'wos', 'Harbin Inst Technol, Sch Comp Sci & Technol, Harbin 150001, Peoples R China'),
 ('hit', 'wos', 'Harbin Inst Technol, Res Ctr Social Comp & Informat Retrieval, Harbin 150001, Heilongjiang, Peoples R China'),
 ('hit', 'scopus', 'Faculty of Computing, Harbin Institute of Technology, Harbin, 150001, China'),
 ('hit', 'arxiv', 'Harbin Institute of Technology, Harbin, China ({u}@hit.edu.cn)'),
 ('hit', 'arxiv', 'HIT, Harbin, China'),
 ('hit', 'cnki', '哈尔滨工业大学 计算学部, 哈尔滨 150001'),
 ('hitsz', 'wos', 'Harbin Inst Technol, Shenzhen Grad Sch, Shenzhen 518055, Peoples R China'),
 ('hitsz', 'scopus', 'School of Computer Science and Technology, Harbin Institute of Technology (Shenzhen), Shenzhen, 518055, China'),
 ('hitsz', 'arxiv', 'Harbin Institute of Technology, Shenzhen, China ({u}@hit.edu.cn)'),
 ('hitsz', 'cnki', '哈尔滨工业大学（深圳） 计算机科学与技术学院, 深圳 518055'),
 ('ustc', 'wos', 'Univ Sci & Technol China, Sch Informat Sci & Technol, Hefei 230027, Anhui, Peoples R China'),
 ('ustc', 'wos', 'Univ Sci & Technol China, Dept Automat, Hefei 230027, Peoples R China'),
 ('ustc', 'scopus', 'School of Information Science and Technology, University of Science and Technology of China, Hefei, 230027, China'),
 ('ustc', 'arxiv', 'University of Science and Technology of China, Hefei, China ({u}@mail.ustc.edu.cn)'),
 ('ustc', 'arxiv', 'USTC, Hefei, China'),
 ('ustc', 'cnki', '中国科学技术大学 信息科学技术学院, 合肥 230027'),
 ('nudt', 'wos', 'Natl Univ Def Technol, Coll Comp Sci & Technol, Changsha 410073, Hunan, Peoples R China'),
 ('nudt', 'scopus', 'College of Computer Science and Technology, National University of Defense Technology, Changsha, 410073, China'),
 ('nudt', 'arxiv', 'National University of Defense Technology, Changsha, China'),
 ('nudt', 'cnki', '国防科技大学 计算机学院, 长沙 410073'),
 ('nwpu', 'wos', 'Northwestern Polytech Univ, Sch Comp Sci, Xian 710072, Shaanxi, Peoples R China'),
 ('nwpu', 'scopus', 'School of Computer Science, Northwestern Polytechnical University, Xi''an, 710072, China'),
 ('nwpu', 'arxiv', 'Northwestern Polytechnical University, Xi''an, China ({u}@nwpu.edu.cn)'),
 ('nwpu', 'cnki', '西北工业大学 计算机学院, 西安 710072'),
 ('nuaa', 'wos', 'Nanjing Univ Aeronaut & Astronaut, Coll Comp Sci & Technol, Nanjing 211106, Jiangsu, Peoples R China'),
 ('nuaa', 'scopus', 'College of Computer Science and Technology, Nanjing University of Aeronautics and Astronautics, Nanjing, 211106, China'),
 ('nuaa', 'cnki', '南京航空航天大学 计算机科学与技术学院, 南京 211106'),
 ('scu', 'wos', 'Sichuan Univ, Coll Comp Sci, Chengdu 610065, Peoples R China'),
 ('scu', 'scopus', 'College of Computer Science, Sichuan University, Chengdu, 610065, China'),
 ('scu', 'cnki', '四川大学 计算机学院, 成都 610065'),
 ('nju', 'wos', 'Nanjing Univ, State Key Lab Novel Software Technol, Nanjing 210023, Peoples R China'),
 ('nju', 'scopus', 'State Key Laboratory for Novel Software Technology, Nanjing University, Nanjing, 210023, China'),
 ('nju', 'arxiv', 'Nanjing University, Nanjing, China ({u}@smail.nju.edu.cn)'),
 ('nju', 'cnki', '南京大学 计算机科学与技术系, 南京 210023'),
 ('suse', 'wos', 'Sichuan Univ Sci & Engn, Sch Comp Sci & Engn, Zigong 643000, Peoples R China'),
 ('suse', 'scopus', 'School of Computer Science and Engineering, Sichuan University of Science and Engineering, Zigong, 643000, China'),
 ('suse', 'cnki', '四川轻化工大学 计算机科学与工程学院, 自贡 643000'),
 ('hitlab', 'wos', 'Univ Canterbury, HIT Lab NZ, Christchurch 8140, New Zealand'),
 ('hitlab', 'scopus', 'HIT Lab NZ, University of Canterbury, Christchurch, New Zealand'),
 ('bit', 'wos', 'Beijing Inst Technol, Sch Comp Sci & Technol, Beijing 100081, Peoples R China'),
 ('bit', 'scopus', 'School of Computer Science and Technology, Beijing Institute of Technology, Beijing, 100081, China'),
 ('bit', 'arxiv', 'Beijing Institute of Technology, Beijing, China ({u}@bit.edu.cn)'),
 ('bit', 'cnki', '北京理工大学 计算机学院, 北京 100081'),
 ('heu', 'wos', 'Harbin Engn Univ, Coll Comp Sci & Technol, Harbin 150001, Heilongjiang, Peoples R China'),
 ('heu', 'scopus', 'College of Computer Science and Technology, Harbin Engineering University, Harbin, 150001, China'),
 ('heu', 'cnki', '哈尔滨工程大学 计算机科学与技术学院, 哈尔滨 150001'),
 ('hrbust', 'wos', 'Harbin Univ Sci & Technol, Sch Comp Sci & Technol, Harbin 150080, Peoples R China'),
 ('hrbust', 'scopus', 'School of Computer Science and Technology, Harbin University of Science and Technology, Harbin, 150080, China'),
 ('hrbust', 'cnki', '哈尔滨理工大学 计算机科学与技术学院, 哈尔滨 150080'),
 ('ustb', 'wos', 'Univ Sci & Technol Beijing, Sch Comp & Commun Engn, Beijing 100083, Peoples R China'),
 ('ustb', 'scopus', 'School of Computer and Communication Engineering, University of Science and Technology Beijing, Beijing, 100083, China'),
 ('ustb', 'cnki', '北京科技大学 计算机与通信工程学院, 北京 100083'),
 ('hfut', 'wos', 'Hefei Univ Technol, Sch Comp Sci & Informat Engn, Hefei 230009, Peoples R China'),
 ('hfut', 'scopus', 'School of Computer Science and Information Engineering, Hefei University of Technology, Hefei, 230009, China'),
 ('hfut', 'cnki', '合肥工业大学 计算机与信息学院, 合肥 230009'),
 ('tsinghua', 'wos', 'Tsinghua Univ, Dept Comp Sci & Technol, Beijing 100084, Peoples R China'),
 ('tsinghua', 'scopus', 'Department of Computer Science and Technology, Tsinghua University, Beijing, 100084, China'),
 ('tsinghua', 'arxiv', 'Tsinghua University, Beijing, China ({u}@mails.tsinghua.edu.cn)'),
 ('tsinghua', 'cnki', '清华大学 计算机科学与技术系, 北京 100084'),
 ('pku', 'wos', 'Peking Univ, Sch Comp Sci, Beijing 100871, Peoples R China'),
 ('pku', 'scopus', 'School of Computer Science, Peking University, Beijing, 100871, China'),
 ('pku', 'cnki', '北京大学 计算机学院, 北京 100871'),
 ('zju', 'wos', 'Zhejiang Univ, Coll Comp Sci & Technol, Hangzhou 310027, Peoples R China'),
 ('zju', 'scopus', 'College of Computer Science and Technology, Zhejiang University, Hangzhou, 310027, China'),
 ('zju', 'cnki', '浙江大学 计算机科学与技术学院, 杭州 310027'),
 ('sjtu', 'wos', 'Shanghai Jiao Tong Univ, Dept Comp Sci & Engn, Shanghai 200240, Peoples R China'),
 ('sjtu', 'scopus', 'Department of Computer Science and Engineering, Shanghai Jiao Tong University, Shanghai, 200240, China'),
 ('sjtu', 'cnki', '上海交通大学 电子信息与电气工程学院, 上海 200240'),
 ('casia', 'wos', 'Chinese Acad Sci, Inst Automat, Natl Lab Pattern Recognit, Beijing 100190, Peoples R China'),
 ('casia', 'scopus', 'Institute of Automation, Chinese Academy of Sciences, Beijing, 100190, China'),
 ('casia', 'cnki', '中国科学院自动化研究所 模式识别国家重点实验室, 北京 100190'),
 ('uw', 'wos', 'Univ Washington, Paul G Allen Sch Comp Sci & Engn, Seattle, WA 98195 USA'),
 ('uw', 'scopus', 'Paul G. Allen School of Computer Science & Engineering, University of Washington, Seattle, WA, United States'),
 ('cmu', 'wos', 'Carnegie Mellon Univ, Language Technol Inst, Pittsburgh, PA 15213 USA'),
 ('cmu', 'scopus', 'Language Technologies Institute, Carnegie Mellon University, Pittsburgh, PA, United States'),
 ('nus', 'wos', 'Natl Univ Singapore, Sch Comp, Singapore 117417, Singapore'),
 ('nus', 'scopus', 'School of Computing, National University of Singapore, Singapore'),
 ('msr', 'wos', 'Microsoft Res, Redmond, WA 98052 USA'),
 ('msr', 'scopus', 'Microsoft Research, Redmond, WA, United States'),
 ('sensetime', 'wos', 'SenseTime Res, Beijing 100080, Peoples R China'),
 ('sensetime', 'scopus', 'SenseTime Research, Beijing, China'),
 ('sensetime', 'cnki', '商汤科技, 北京 100080'),
 ('megvii', 'wos', 'Megvii Technol, Beijing 100190, Peoples R China'),
 ('megvii', 'scopus', 'Megvii Technology, Beijing, China'),
 ('megvii', 'cnki', '旷视科技, 北京 100190'),
 ('iflytek', 'wos', 'iFlytek Co Ltd, Hefei 230088, Anhui, Peoples R China'),
 ('iflytek', 'scopus', 'iFLYTEK Research, iFlytek Co Ltd, Hefei, China'),
 ('iflytek', 'cnki', '科大讯飞股份有限公司, 合肥 230088'),
 ('huawei', 'wos', 'Huawei Technol Co Ltd, Shenzhen 518129, Peoples R China'),
 ('huawei', 'scopus', 'Huawei Technologies Co., Ltd., Shenzhen, China'),
 ('huawei', 'cnki', '华为技术有限公司, 深圳 518129');

-- Who works with whom: per kind of work, the institutions of the first author (b), the last
-- author (a) and the others (c).
CREATE TEMP TABLE pool (kind integer, a text[], b text[], c text[]) ON COMMIT DROP;
INSERT INTO pool VALUES
 -- Microsoft Research Asia with a listed university
 (1, '{msra}', '{buaa,hit,hitsz,ustc,ustc,nudt,nwpu,nuaa,scu}', '{tsinghua,pku,nju,bit,ustc,buaa,msra}'),
 -- Microsoft Research Asia with look-alikes and other Chinese universities
 (2, '{msra}', '{nju,suse,hitlab,bit,heu,hrbust,ustb,hfut}', '{tsinghua,pku,zju,sjtu,casia}'),
 -- Microsoft Research Asia with foreign universities
 (3, '{msra}', '{uw,cmu,nus,msr}', '{tsinghua,pku,msra}'),
 -- a listed university with a listed company
 (4, '{buaa,hit,ustc,nudt,nwpu,scu}', '{sensetime,megvii,iflytek,huawei}', '{tsinghua,zju,casia}'),
 -- Chinese universities, listed or not, no company lab
 (5, '{buaa,hit,ustc,nwpu,nju,bit,heu,zju,sjtu,tsinghua}', '{nju,suse,heu,hrbust,ustb,hfut,nuaa,scu}', '{pku,casia,zju,hit}'),
 -- foreign universities and Microsoft Research in Redmond
 (6, '{uw,cmu,nus,msr}', '{msr,tsinghua,nju,heu}', '{uw,cmu,nus}');

CREATE TEMP TABLE person (k integer, surname text, given text, surname_zh text, given_zh text) ON COMMIT DROP;
INSERT INTO person
SELECT s.k * 20 + g.k, s.p, g.p, s.z, g.z
FROM (VALUES (0, 'Zhang', '张'), (1, 'Wang', '王'), (2, 'Li', '李'), (3, 'Liu', '刘'), (4, 'Chen', '陈'),
             (5, 'Yang', '杨'), (6, 'Zhao', '赵'), (7, 'Huang', '黄'), (8, 'Zhou', '周'), (9, 'Wu', '吴'),
             (10, 'Xu', '徐'), (11, 'Sun', '孙'), (12, 'Hu', '胡'), (13, 'Zhu', '朱'), (14, 'Gao', '高'),
             (15, 'Lin', '林'), (16, 'He', '何'), (17, 'Guo', '郭'), (18, 'Ma', '马'), (19, 'Luo', '罗')) s(k, p, z)
CROSS JOIN (VALUES (0, 'Wei', '伟'), (1, 'Jing', '静'), (2, 'Lei', '磊'), (3, 'Yang', '洋'), (4, 'Yu', '宇'),
                   (5, 'Hao', '浩'), (6, 'Xin', '鑫'), (7, 'Jie', '杰'), (8, 'Tao', '涛'), (9, 'Ming', '明'),
                   (10, 'Chen', '晨'), (11, 'Yi', '毅'), (12, 'Zihan', '子涵'), (13, 'Haoran', '浩然'), (14, 'Yuxuan', '宇轩'),
                   (15, 'Jiaqi', '佳琪'), (16, 'Zhiyuan', '志远'), (17, 'Xiaoming', '晓明'), (18, 'Shuang', '爽'), (19, 'Ruoxi', '若曦')) g(k, p, z);
CREATE TEMP TABLE western (k integer, first text, last text) ON COMMIT DROP;
INSERT INTO western
SELECT f.k * 10 + l.k, f.n, l.n
FROM (VALUES (0, 'James'), (1, 'Emily'), (2, 'Michael'), (3, 'Sarah'), (4, 'David'), (5, 'Anna'), (6, 'Daniel'),
             (7, 'Laura'), (8, 'Thomas'), (9, 'Julia')) f(k, n)
CROSS JOIN (VALUES (0, 'Smith'), (1, 'Johnson'), (2, 'Miller'), (3, 'Brown'), (4, 'Davis'), (5, 'Wilson'),
                   (6, 'Clark'), (7, 'Lewis'), (8, 'Walker'), (9, 'Young')) l(k, n);

-- 300 works, ids 1001 .. 1300
INSERT INTO demo.work
SELECT w,
       CASE WHEN src = 'cnki'
            THEN '基于' || (ARRAY['自监督学习','图神经网络','扩散模型','知识蒸馏','注意力机制','对比学习'])[1 + demo.rnd('tm' || w, 6)]
                 || '的' || (ARRAY['遥感图像分割','视频理解','机器翻译','目标检测','语音合成','异常检测'])[1 + demo.rnd('tt' || w, 6)] || '方法研究'
            ELSE (ARRAY['Efficient','Robust','Scalable','Self-Supervised','Contrastive','Lightweight','Unified','Hierarchical','Adaptive','Sparse'])[1 + demo.rnd('ta' || w, 10)]
                 || ' ' || (ARRAY['Transformers','Graph Neural Networks','Diffusion Models','Vision-Language Pretraining','Mixture-of-Experts Models',
                                  'Retrieval-Augmented Generation','Neural Architecture Search','Knowledge Distillation','Point Cloud Networks',
                                  'Speech Representation Learning'])[1 + demo.rnd('tb' || w, 10)]
                 || ' for ' || (ARRAY['Image Restoration','Video Understanding','Machine Translation','Code Generation','Remote Sensing Segmentation',
                                      'Multi-Agent Reinforcement Learning','Document Layout Analysis','3D Human Pose Estimation',
                                      'Text-to-Speech Synthesis','Anomaly Detection'])[1 + demo.rnd('tc' || w, 10)] END,
       CASE src WHEN 'wos' THEN (ARRAY['IEEE Transactions on Pattern Analysis and Machine Intelligence','Pattern Recognition','Neurocomputing',
                                       'IEEE Transactions on Image Processing','Knowledge-Based Systems'])[1 + demo.rnd('j' || w, 5)]
                WHEN 'scopus' THEN (ARRAY['Neural Networks','Information Sciences','Expert Systems with Applications',
                                          'Computer Vision and Image Understanding'])[1 + demo.rnd('j' || w, 4)]
                WHEN 'arxiv' THEN (ARRAY['arXiv (cs.CV)','arXiv (cs.CL)','arXiv (cs.LG)'])[1 + demo.rnd('j' || w, 3)]
                ELSE (ARRAY['自动化学报','计算机学报','软件学报','电子学报'])[1 + demo.rnd('j' || w, 4)] END,
       date '2019-01-01' + demo.rnd('d' || w, 2861),
       src
FROM (SELECT w, CASE WHEN r < 35 THEN 'wos' WHEN r < 60 THEN 'scopus' WHEN r < 85 THEN 'arxiv' ELSE 'cnki' END AS src
      FROM (SELECT w, demo.rnd('s' || w, 100) AS r FROM generate_series(1001, 1300) w) x) y;

-- their authors: 2 to 5, the first from b, the last from a, the others from c; a first author
-- of a Microsoft Research Asia work is sometimes also at Microsoft Research Asia
CREATE TEMP TABLE gen ON COMMIT DROP AS
WITH w AS (
    SELECT w.work_id, w.source,
           CASE WHEN r < 22 THEN 1 WHEN r < 38 THEN 2 WHEN r < 45 THEN 3 WHEN r < 55 THEN 4 WHEN r < 80 THEN 5 ELSE 6 END AS kind,
           2 + demo.rnd('n' || w.work_id, 4) AS n
    FROM demo.work w CROSS JOIN LATERAL (SELECT demo.rnd('k' || w.work_id, 100) AS r) k
    WHERE w.work_id > 1000
), a AS (
    SELECT w.work_id, w.source, w.kind, p.position,
           CASE WHEN p.position = 1 THEN pl.b[1 + demo.rnd('i' || w.work_id || '.' || p.position, cardinality(pl.b))]
                WHEN p.position = w.n THEN pl.a[1 + demo.rnd('i' || w.work_id || '.' || p.position, cardinality(pl.a))]
                ELSE pl.c[1 + demo.rnd('i' || w.work_id || '.' || p.position, cardinality(pl.c))] END AS inst,
           (p.position = 1 AND w.kind IN (1, 2) AND demo.rnd('m' || w.work_id, 100) < 30) AS joint
    FROM w JOIN pool pl ON pl.kind = w.kind
    CROSS JOIN LATERAL generate_series(1, w.n) p(position)
)
SELECT a.*, a.work_id * 10 + a.position AS authorship_id,
       demo.rnd('p' || a.work_id || '.' || a.position, 400) AS person,
       demo.rnd('q' || a.work_id || '.' || a.position, 100) AS western
FROM a;

CREATE TEMP TABLE gen_aff ON COMMIT DROP AS
SELECT g.authorship_id, g.work_id, g.position, g.inst, g.joint, g.source,
       CASE WHEN g.inst IN ('uw', 'cmu', 'nus', 'msr') OR g.inst = 'hitlab' THEN
                CASE g.source WHEN 'wos' THEN ww.last || ', ' || left(ww.first, 1)
                              WHEN 'scopus' THEN ww.last || ' ' || left(ww.first, 1) || '.'
                              ELSE ww.first || ' ' || ww.last END
            ELSE CASE g.source WHEN 'wos' THEN pp.surname || ', ' || left(pp.given, 1)
                               WHEN 'scopus' THEN pp.surname || ' ' || left(pp.given, 1) || '.'
                               WHEN 'arxiv' THEN pp.given || ' ' || pp.surname
                               ELSE pp.surname_zh || pp.given_zh END END AS author,
       CASE WHEN g.inst IN ('uw', 'cmu', 'nus', 'msr') OR g.inst = 'hitlab' THEN lower(ww.first || '.' || ww.last)
            ELSE lower(pp.given || '.' || pp.surname) END AS email_name
FROM gen g
JOIN person pp ON pp.k = g.person % 400
JOIN western ww ON ww.k = g.western;

-- the template of an institution in a style (or its scopus ones), chosen by a seed
CREATE FUNCTION pg_temp.tpl_of(inst text, style text, seed text) RETURNS text LANGUAGE sql AS $$
    WITH t AS (SELECT tpl.tpl, row_number() OVER (ORDER BY tpl.tpl) - 1 AS i, count(*) OVER () AS n FROM tpl
               WHERE tpl.inst = $1 AND tpl.style = CASE WHEN EXISTS (SELECT 1 FROM tpl x WHERE x.inst = $1 AND x.style = $2)
                                                        THEN $2 ELSE 'scopus' END)
    SELECT t.tpl FROM t WHERE t.i = demo.rnd($3, t.n::integer) $$;

INSERT INTO demo.authorship
SELECT g.authorship_id, g.work_id, g.author, g.position,
       replace(pg_temp.tpl_of(g.inst, g.source, 'a' || g.authorship_id)
               || CASE WHEN g.joint THEN '; ' || pg_temp.tpl_of('msra', g.source, 'b' || g.authorship_id) ELSE '' END,
               '{u}', g.email_name)
FROM gen_aff g;
INSERT INTO demo.authorship_institution
SELECT g.authorship_id, g.inst FROM gen_aff g
UNION
SELECT g.authorship_id, 'msra' FROM gen_aff g WHERE g.joint
UNION
SELECT g.authorship_id, 'cas' FROM gen_aff g WHERE g.inst = 'casia';   -- named with its academy

ANALYZE demo.work;
ANALYZE demo.authorship;
COMMIT;

SELECT (SELECT count(*) FROM demo.work) AS works, (SELECT count(*) FROM demo.authorship) AS authorships,
       (SELECT md5(string_agg(a.authorship_id || a.affiliation || w.published_on, '|' ORDER BY a.authorship_id))
        FROM demo.authorship a JOIN demo.work w USING (work_id)) AS checksum;
