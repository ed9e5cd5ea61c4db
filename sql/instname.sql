-- The instname type: input normalizes, output is the normalized text, =/</hash on the
-- canonical bytes, phrase containment, similarity.
\pset null '<NULL>'

-- Every operator class validates.
SELECT opc.opcname, am.amname, amvalidate(opc.oid)
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcintype = 'instname'::regtype ORDER BY 1, 2;

-- Volatility, strictness and parallel safety of every function of the type.
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS has_comment
FROM pg_proc p
WHERE (p.proname LIKE '%instname%' OR p.proname = 'inst_similarity'
       OR (p.proname = 'text' AND p.proargtypes[0] = 'instname'::regtype))
  AND p.pronamespace = 'public'::regnamespace
ORDER BY 1::text;

-- Every operator has a comment, a commutator where it should, estimators.
SELECT o.oprname, o.oprcom::regoper AS commutator, o.oprnegate::regoper AS negator,
       o.oprrest, o.oprjoin, o.oprcanhash, o.oprcanmerge,
       obj_description(o.oid, 'pg_operator') IS NOT NULL AS has_comment
FROM pg_operator o WHERE o.oprleft = 'instname'::regtype ORDER BY 1;

-- Casts: text and varchar normalize (assignment), instname gives text back (assignment).
SELECT castsource::regtype, casttarget::regtype, castcontext, castfunc::regprocedure
FROM pg_cast WHERE castsource = 'instname'::regtype OR casttarget = 'instname'::regtype ORDER BY 1, 2;

-- Input normalizes; output is what inst_normalize gives.
SELECT 'Harbin Inst. of Tech.'::instname = 'Harbin Institute of Technology'::instname AS abbreviations;
SELECT 'Sch Comp Sci & Engn, Beihang Univ, Beijing 100191, Peoples R China'::instname;
SELECT 'Веіhang Univеrsity'::instname = 'Beihang University' AS lookalikes;
SELECT '哈爾濱工業大學'::instname, '哈爾濱工業大學'::instname = '哈尔滨工业大学' AS traditional;
SELECT ''::instname AS empty, ' ,;() '::instname AS punctuation, ''::instname = ' ; ' AS empty_equal;
SELECT 'a ,; b'::instname AS comma_semicolon, 'a ,; b'::instname = 'a; b' AS semicolon_absorbs_comma;
CREATE TEMP TABLE io(input text);
INSERT INTO io VALUES
 ('Harbin Inst Technol, Sch Mat Sci & Engn, Harbin 150001, Peoples R China'),
 ('School of Computer Science and Engineering, Beihang University (BUAA), Beijing 100191, P.R. China'),
 ('zhang.wei@buaa.edu.cn; Microsoft Research Asia, Beijing'),
 ('北京航空航天大学（北航）计算机学院'),
 ('Université Paris-Saclay, CNRS, Laboratoire de Physique des Solides, 91405 Orsay'),
 ('ＢＥＩＨＡＮＧ ＵＮＩＶ．，Ｂｅｉｊｉｎｇ（ＣＨＩＮＡ）'),
 ('Dept.of Phys.,Tsinghua Univ.,Beijing100084,China'),
 (repeat('x', 600)),
 ('');
SELECT left(input::instname::text, 90) AS value, octet_length(input::instname::text) AS bytes,
       input::instname::text = inst_normalize(input) AS same_as_inst_normalize,
       input::instname::text::instname = input::instname AS text_round_trip,
       instname(input) = input::instname AS function_cast
FROM io;
-- varchar and assignment casts
CREATE TEMP TABLE t_assign(v instname, t text);
INSERT INTO t_assign VALUES ('Harbin Inst Technol'::varchar, 'x'::instname);
INSERT INTO t_assign(v) SELECT input FROM io LIMIT 1;
SELECT * FROM t_assign;
SELECT 'Beihang Univ'::varchar(40)::instname, 'Beihang Univ'::instname::varchar;
-- no implicit cast: comparing an instname with a text column is an error, not a silent choice
SELECT 'Beihang'::instname = 'Beihang'::text;

-- Equality and ordering: token by token, never a collation.
CREATE TEMP TABLE ord(v instname);
INSERT INTO ord VALUES ('beihang university'), ('Beihang'), ('beihang, university'),
  ('beihang (university)'), ('BEIHANG UNIV'), ('beijing'), ('100191'), (''), ('哈尔滨'),
  ('a'), ('a b'), ('ab'), ('a, b'), ('a; b'), ('buaa.edu.cn'), ('Zürich'), ('zurich');
SELECT v, count(*) FROM ord GROUP BY v ORDER BY v;
SELECT a.v AS a, b.v AS b, instname_cmp(a.v, b.v) AS cmp, a.v < b.v AS lt, a.v <= b.v AS le,
       a.v = b.v AS eq, a.v <> b.v AS ne, a.v >= b.v AS ge, a.v > b.v AS gt
FROM (VALUES ('a'::instname), ('a b'), ('a, b'), ('ab')) a(v),
     (VALUES ('a'::instname), ('a b'), ('a, b'), ('ab')) b(v)
ORDER BY 1, 2;
-- cmp is antisymmetric and agrees with = on every pair
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE sign(instname_cmp(a.v, b.v)) <> -sign(instname_cmp(b.v, a.v))) AS not_antisymmetric,
       count(*) FILTER (WHERE (instname_cmp(a.v, b.v) = 0) <> (a.v = b.v)) AS cmp_eq_disagree
FROM ord a, ord b;

-- Hashing: equal values hash equal; hash and hash_extended agree on the low 32 bits.
SELECT count(*) AS pairs_equal, count(*) FILTER (WHERE instname_hash(a.v) <> instname_hash(b.v)) AS hash_differs
FROM ord a JOIN ord b ON a.v = b.v;
SELECT count(*) AS values,
       count(*) FILTER (WHERE instname_hash(v)::bit(32) <> instname_hash_extended(v, 0)::bit(32)) AS low_bits_disagree,
       count(DISTINCT instname_hash_extended(v, 1)) AS distinct_seeded
FROM (SELECT input::instname FROM io UNION ALL SELECT v FROM ord) s(v);
-- hash join, merge join and a btree/hash index agree with a nested loop
SET enable_hashjoin = on; SET enable_mergejoin = off; SET enable_nestloop = off;
SELECT count(*) AS hash_join FROM ord a JOIN ord b ON a.v = b.v;
SET enable_hashjoin = off; SET enable_mergejoin = on;
SELECT count(*) AS merge_join FROM ord a JOIN ord b ON a.v = b.v;
RESET enable_hashjoin; RESET enable_mergejoin; RESET enable_nestloop;
SELECT count(DISTINCT v) AS distinct_values, count(*) AS rows FROM ord;

-- Containment: b's tokens contiguous in a, same boundaries inside b, the one before b ignored.
SELECT a, b, a::instname @> b::instname AS contains, b::instname <@ a::instname AS contained
FROM (VALUES
 ('School of Computer Science, Harbin Institute of Technology, Harbin', 'Harbin Institute of Technology'),
 ('Harbin Inst Technol, Harbin', 'Harbin Institute of Technology'),
 ('Harbin Institute of Technology', 'Harbin Inst. of Tech.'),
 ('Harbin Engineering University, Harbin', 'Harbin Institute of Technology'),
 ('Nanjing University of Aeronautics and Astronautics', 'Nanjing University'),
 ('Dept Phys, Nanjing University, Nanjing', 'Nanjing University'),
 ('University of California, Berkeley, Dept Phys', 'University of California, Berkeley'),
 ('University of California Berkeley', 'University of California, Berkeley'),
 ('University of California; Berkeley', 'University of California, Berkeley'),
 ('University of California (Berkeley)', 'University of California, Berkeley'),
 ('Beihang, University of Manchester', 'Beihang University'),
 ('Beihang University, Beijing', 'Beihang University'),
 ('Lab, Beihang University', ', Beihang University'),
 ('Beihang University', 'Beihang University, Beijing'),
 ('北京航空航天大学计算机学院', '北京航空航天大学'),
 ('北京航空航天大學', '北京航空航天大学'),
 ('zhang@buaa.edu.cn', 'buaa.edu.cn'),
 ('buaa', 'buaa.edu.cn'),
 ('Harbin 150001', '150001'),
 ('Harbin 1500011', '150001'),
 ('anything at all', ''),
 ('', ''),
 ('', 'x')
) v(a, b);
-- @> and <@ are commutators: same answers both ways on every pair of a small set
SELECT count(*) AS pairs, count(*) FILTER (WHERE (a.v @> b.v) <> (b.v <@ a.v)) AS disagree,
       count(*) FILTER (WHERE a.v @> b.v) AS contained_pairs
FROM ord a, ord b;

-- Similarity: weighted Dice, generic words and numbers 0.2, one-edit typos in long words 0.8.
SELECT a, b, round(inst_similarity(a::instname, b::instname)::numeric, 4) AS sim,
       round((a::instname <-> b::instname)::numeric, 4) AS dist, a::instname % b::instname AS similar
FROM (VALUES
 ('Harbin Institute of Technology', 'Harbin Institute of Technology'),
 ('Harbin Institute of Technology', 'Harbin Inst. of Tech.'),
 ('Harbin Institute of Technology', 'Harbin Insitute of Technolgy'),
 ('Harbin Institute of Technology', 'Harbni Institute of Technology'),
 ('Harbin Institute of Technology', 'Harbin Institute of Technology, Harbin 150001, China'),
 ('Harbin Institute of Technology', 'Harbin Engineering University'),
 ('Harbin Institute of Technology', 'Beijing Institute of Technology'),
 ('Tsinghua University', 'Tsinghau University'),
 ('Tsinghua University', 'Tsinghua Univeristy'),
 ('Tsinghua University', 'Xsinghua University'),
 ('Beihang University', 'Beihang University, Beijing 100191'),
 ('Nanjing University', 'Nanjing University of Aeronautics and Astronautics'),
 ('University of Science and Technology of China', 'University of Science and Technology Beijing'),
 ('哈尔滨工业大学', '哈爾濱工業大學'),
 ('哈尔滨工业大学', '北京工业大学'),
 ('Московский университет', 'Московскии университет'),
 ('Beihang', 'Beijing'),
 ('', ''),
 ('', 'Beihang')
) v(a, b);
-- symmetric, 1 on equal values, in [0, 1]
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE inst_similarity(a.v, b.v) <> inst_similarity(b.v, a.v)) AS asymmetric,
       count(*) FILTER (WHERE a.v = b.v AND inst_similarity(a.v, b.v) <> 1) AS equal_not_1,
       count(*) FILTER (WHERE inst_similarity(a.v, b.v) NOT BETWEEN 0 AND 1) AS out_of_range,
       count(*) FILTER (WHERE (a.v <-> b.v) <> 1 - inst_similarity(a.v, b.v)) AS distance_disagrees
FROM ord a, ord b;

-- The threshold GUC: range 0..1, % is STABLE and follows it.
SHOW instmatch.similarity_threshold;
SELECT name, setting, min_val, max_val, context, vartype FROM pg_settings WHERE name LIKE 'instmatch.%';
SET instmatch.similarity_threshold = 0.9;
SELECT 'Harbin Institute of Technology'::instname % 'Harbin Insitute of Technolgy' AS at_0_9;
SET instmatch.similarity_threshold = 0.3;
SELECT 'Harbin Institute of Technology'::instname % 'Harbin Engineering University' AS at_0_3;
SET instmatch.similarity_threshold = 1.5;
SET instmatch.similarity_threshold = -0.1;
SET instmatch.similarity_threshold = 'high';
RESET instmatch.similarity_threshold;
SET instmatch.no_such_setting = 1;

-- NULLs: every function is strict.
SELECT NULL::instname @> 'x', inst_similarity(NULL, 'x'), NULL::instname % 'x', NULL::instname = 'x', instname_hash(NULL);
