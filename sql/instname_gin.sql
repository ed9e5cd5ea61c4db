-- The GIN operator class of instname: on a fixture of 12,000 generated affiliations, the same
-- @>, <@, % and = queries by sequential scan and through the index give identical answers.
\pset null '<NULL>'

-- Fixture: hand-written affiliation strings and institution names (test/data), loaded as
-- CSV with control-character delimiter and quote so every other character is literal.
CREATE TABLE inst_src(n serial PRIMARY KEY, aff text NOT NULL);
\copy inst_src(aff) FROM 'test/data/instname_affiliations.txt' WITH (FORMAT csv, DELIMITER E'\x02', QUOTE E'\x01')
CREATE TABLE names(id serial PRIMARY KEY, name text NOT NULL,
                   inst instname GENERATED ALWAYS AS (name::instname) STORED);
\copy names(name) FROM 'test/data/instname_names.txt' WITH (FORMAT csv, DELIMITER E'\x02', QUOTE E'\x01')
SELECT count(*) AS source_strings FROM inst_src;
SELECT count(*) AS names FROM names;

-- 12,000 affiliations, deterministic (arithmetic on the row number, no random()):
-- a source string, sometimes a department in front or a second affiliation after "; ",
-- abbreviations, typos, upper or lower case. The instname column is a stored generated
-- column: the text -> instname cast is IMMUTABLE.
CREATE TABLE affs(id int PRIMARY KEY, aff text NOT NULL,
                  inst instname GENERATED ALWAYS AS (aff::instname) STORED);
INSERT INTO affs(id, aff)
SELECT i, CASE WHEN i % 13 = 0 THEN upper(s) WHEN i % 17 = 0 THEN lower(s) ELSE s END
FROM (SELECT i,
        CASE WHEN i % 11 = 0 THEN
          replace(replace(replace(replace(replace(replace(s4,
            'Technology', 'Technolgy'), 'University', 'Univeristy'), 'Institute', 'Insitute'),
            'Harbin', 'Harbni'), 'Tsinghua', 'Tsinghau'), 'Beihang', 'Beihnag')
        ELSE s4 END AS s
      FROM (SELECT i,
              CASE WHEN i % 3 = 0 THEN replace(s3, 'University', 'Univ') ELSE s3 END AS s4
            FROM (SELECT i,
                    replace(replace(replace(replace(replace(s2,
                      'Institute', CASE WHEN i % 4 = 1 THEN 'Inst.' ELSE 'Institute' END),
                      'Technology', CASE WHEN i % 6 = 2 THEN 'Technol' ELSE 'Technology' END),
                      'Science', CASE WHEN i % 5 = 3 THEN 'Sci' ELSE 'Science' END),
                      'Laboratory', CASE WHEN i % 4 = 2 THEN 'Lab' ELSE 'Laboratory' END),
                      ' and ', CASE WHEN i % 2 = 0 THEN ' & ' ELSE ' and ' END) AS s3
                  FROM (SELECT g AS i,
                          CASE WHEN g % 5 = 0 THEN d.dept || ', ' ELSE '' END
                          || b.aff
                          || CASE WHEN g % 7 = 0 THEN '; ' || c.aff ELSE '' END AS s2
                        FROM generate_series(1, 12000) g
                        JOIN inst_src b ON b.n = 1 + (g * 7919) % (SELECT count(*) FROM inst_src)
                        JOIN inst_src c ON c.n = 1 + (g * 104729) % (SELECT count(*) FROM inst_src)
                        JOIN (SELECT row_number() OVER () - 1 AS k, dept FROM unnest(ARRAY[
                                'Department of Physics', 'Dept Chem', 'School of Medicine',
                                'State Key Laboratory of Advanced Technology',
                                'Key Lab Opt Phys', 'Graduate School of Engineering',
                                'Department of Computer Science and Technology',
                                'Institute of Microelectronics', 'College of Materials Science',
                                'Center for Quantum Information']) dept) d
                          ON d.k = (g / 5) % 10) x2) x3) x4) x5;
SELECT count(*) AS rows, count(DISTINCT aff) AS distinct_strings, count(DISTINCT inst) AS distinct_names,
       md5(string_agg(inst::text, E'\n' ORDER BY id)) AS checksum
FROM affs;
SELECT id, aff, inst FROM affs WHERE id IN (1, 5, 7, 11, 13, 22, 35) ORDER BY id;

CREATE INDEX affs_inst_gin ON affs USING gin (inst);
ANALYZE affs;
ANALYZE names;

-- The plans use the index.
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM affs WHERE inst @> 'Harbin Institute of Technology';
EXPLAIN (COSTS OFF) SELECT count(*) FROM names n JOIN affs a ON a.inst @> n.inst;
EXPLAIN (COSTS OFF) SELECT count(*) FROM affs WHERE inst % 'Harbin Institute of Technology';
EXPLAIN (COSTS OFF) SELECT count(*) FROM affs WHERE inst = 'Harbin Institute of Technology';
RESET enable_seqscan;

-- Results by sequential scan ("seq") and by the GIN index ("gin") into tables, compared below.
CREATE FUNCTION pairs_report(label text, seq regclass, idx regclass)
RETURNS TABLE(query text, pairs bigint, seq_only bigint, index_only bigint, same_md5 bool)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT %L, (SELECT count(*) FROM %s),
            (SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM %s) x),
            (SELECT count(*) FROM (SELECT * FROM %s EXCEPT ALL SELECT * FROM %s) x),
            (SELECT md5(string_agg(a::text || '','' || b::text, '';'' ORDER BY a, b)) FROM %s)
          = (SELECT md5(string_agg(a::text || '','' || b::text, '';'' ORDER BY a, b)) FROM %s)',
    label, seq, seq, idx, idx, seq, seq, idx);
END $$;

-- @> : every name against every affiliation (a join), and the literal of the issue
SET enable_indexscan = off; SET enable_bitmapscan = off;
CREATE TEMP TABLE seq_contains AS SELECT n.id AS a, a.id AS b FROM names n JOIN affs a ON a.inst @> n.inst;
CREATE TEMP TABLE seq_hit AS SELECT 0 AS a, id AS b FROM affs WHERE inst @> 'Harbin Institute of Technology';
RESET enable_indexscan; RESET enable_bitmapscan;
SET enable_seqscan = off;
CREATE TEMP TABLE gin_contains AS SELECT n.id AS a, a.id AS b FROM names n JOIN affs a ON a.inst @> n.inst;
CREATE TEMP TABLE gin_hit AS SELECT 0 AS a, id AS b FROM affs WHERE inst @> 'Harbin Institute of Technology';
RESET enable_seqscan;
SELECT * FROM pairs_report('@> join', 'seq_contains', 'gin_contains');
SELECT * FROM pairs_report('@> Harbin Institute of Technology', 'seq_hit', 'gin_hit');
SELECT n.name, count(a.b) AS affiliations
FROM names n LEFT JOIN seq_contains a ON a.a = n.id GROUP BY n.id, n.name ORDER BY n.id;

-- The same join driven by a GIN index on the names side: a.inst @> n.inst is n.inst <@ a.inst.
CREATE INDEX names_inst_gin ON names USING gin (inst);
BEGIN;
DROP INDEX affs_inst_gin;
SET LOCAL enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM names n JOIN affs a ON a.inst @> n.inst;
EXPLAIN (COSTS OFF) SELECT count(*) FROM names WHERE inst <@ 'School of Physics, Peking University, Beijing';
CREATE TEMP TABLE gin_contains_names AS SELECT n.id AS a, a.id AS b FROM names n JOIN affs a ON a.inst @> n.inst;
SELECT * FROM pairs_report('@> join, index on names', 'seq_contains', 'gin_contains_names');
ROLLBACK;

-- <@ : names contained in affiliations (index on names), for every 40th affiliation
SET enable_indexscan = off; SET enable_bitmapscan = off;
CREATE TEMP TABLE seq_contained AS SELECT a.id AS a, n.id AS b FROM affs a JOIN names n ON n.inst <@ a.inst WHERE a.id % 40 = 0;
RESET enable_indexscan; RESET enable_bitmapscan;
SET enable_seqscan = off;
CREATE TEMP TABLE gin_contained AS SELECT a.id AS a, n.id AS b FROM affs a JOIN names n ON n.inst <@ a.inst WHERE a.id % 40 = 0;
RESET enable_seqscan;
SELECT * FROM pairs_report('<@ join', 'seq_contained', 'gin_contained');

-- = : every 20th affiliation's value against all, by seq scan, GIN, btree and hash
SET enable_indexscan = off; SET enable_bitmapscan = off;
CREATE TEMP TABLE seq_eq AS SELECT q.id AS a, a.id AS b FROM affs q JOIN affs a ON a.inst = q.inst WHERE q.id % 20 = 0;
CREATE TEMP TABLE seq_eq_names AS SELECT n.id AS a, a.id AS b FROM names n JOIN affs a ON a.inst = n.inst;
RESET enable_indexscan; RESET enable_bitmapscan;
SET enable_seqscan = off; SET enable_hashjoin = off; SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT q.id, a.id FROM affs q JOIN affs a ON a.inst = q.inst WHERE q.id % 20 = 0;
CREATE TEMP TABLE gin_eq AS SELECT q.id AS a, a.id AS b FROM affs q JOIN affs a ON a.inst = q.inst WHERE q.id % 20 = 0;
CREATE TEMP TABLE gin_eq_names AS SELECT n.id AS a, a.id AS b FROM names n JOIN affs a ON a.inst = n.inst;
RESET enable_seqscan; RESET enable_hashjoin; RESET enable_mergejoin;
-- btree and hash indexes, each alone
BEGIN;
DROP INDEX affs_inst_gin;
CREATE INDEX affs_inst_btree ON affs USING btree (inst);
SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT q.id, a.id FROM affs q JOIN affs a ON a.inst = q.inst WHERE q.id % 20 = 0;
CREATE TEMP TABLE btree_eq AS SELECT q.id AS a, a.id AS b FROM affs q JOIN affs a ON a.inst = q.inst WHERE q.id % 20 = 0;
SELECT * FROM pairs_report('= btree', 'seq_eq', 'btree_eq');
ROLLBACK;
BEGIN;
DROP INDEX affs_inst_gin;
CREATE INDEX affs_inst_hash ON affs USING hash (inst);
SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT q.id, a.id FROM affs q JOIN affs a ON a.inst = q.inst WHERE q.id % 20 = 0;
CREATE TEMP TABLE hash_eq AS SELECT q.id AS a, a.id AS b FROM affs q JOIN affs a ON a.inst = q.inst WHERE q.id % 20 = 0;
SELECT * FROM pairs_report('= hash', 'seq_eq', 'hash_eq');
ROLLBACK;
SELECT * FROM pairs_report('= gin', 'seq_eq', 'gin_eq');
SELECT * FROM pairs_report('= names gin', 'seq_eq_names', 'gin_eq_names');

-- % : every name against every affiliation, at three thresholds; and every 60th affiliation
-- (long queries, many generic words and numbers) against all affiliations
CREATE FUNCTION similar_pairs(thr real, use_index bool, sample int)
RETURNS TABLE(a int, b int) LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('instmatch.similarity_threshold', thr::text, true);
  PERFORM set_config('enable_seqscan', CASE WHEN use_index THEN 'off' ELSE 'on' END, true);
  PERFORM set_config('enable_indexscan', CASE WHEN use_index THEN 'on' ELSE 'off' END, true);
  PERFORM set_config('enable_bitmapscan', CASE WHEN use_index THEN 'on' ELSE 'off' END, true);
  IF sample = 0 THEN
    RETURN QUERY SELECT n.id, x.id FROM names n JOIN affs x ON x.inst % n.inst;
  ELSE
    RETURN QUERY SELECT q.id, x.id FROM affs q JOIN affs x ON x.inst % q.inst WHERE q.id % sample = 0;
  END IF;
END $$;
BEGIN;
CREATE TEMP TABLE seq_sim5 AS SELECT * FROM similar_pairs(0.5, false, 0);
CREATE TEMP TABLE gin_sim5 AS SELECT * FROM similar_pairs(0.5, true, 0);
CREATE TEMP TABLE seq_sim3 AS SELECT * FROM similar_pairs(0.3, false, 0);
CREATE TEMP TABLE gin_sim3 AS SELECT * FROM similar_pairs(0.3, true, 0);
CREATE TEMP TABLE seq_sim8 AS SELECT * FROM similar_pairs(0.8, false, 0);
CREATE TEMP TABLE gin_sim8 AS SELECT * FROM similar_pairs(0.8, true, 0);
CREATE TEMP TABLE seq_simaff AS SELECT * FROM similar_pairs(0.6, false, 60);
CREATE TEMP TABLE gin_simaff AS SELECT * FROM similar_pairs(0.6, true, 60);
COMMIT;
SELECT * FROM pairs_report('% names 0.5', 'seq_sim5', 'gin_sim5');
SELECT * FROM pairs_report('% names 0.3', 'seq_sim3', 'gin_sim3');
SELECT * FROM pairs_report('% names 0.8', 'seq_sim8', 'gin_sim8');
SELECT * FROM pairs_report('% affiliations 0.6', 'seq_simaff', 'gin_simaff');
-- the index really was used inside the function (and typo matches were found through it)
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT n.id, x.id FROM names n JOIN affs x ON x.inst % n.inst;
RESET enable_seqscan;
SELECT n.name, count(*) FILTER (WHERE x.inst @> n.inst) AS exact_phrase, count(*) AS similar_05
FROM gin_sim5 g JOIN names n ON n.id = g.a JOIN affs x ON x.id = g.b
WHERE n.name IN ('Harbin Insitute of Technolgy', 'Tsinghua Univeristy', 'Harbin Institute of Technology')
GROUP BY n.id, n.name ORDER BY n.id;

-- Queries without keys: only generic words, only numbers, empty. @> scans everything, = and
-- <@ look for rows without keys; the answers still match a sequential scan.
CREATE TEMP TABLE nokey(q instname);
INSERT INTO nokey VALUES ('University'), ('150001'), (''), ('University of Science and Technology'),
  ('Institute, China'), ('National Laboratory');
SET enable_seqscan = off;
SELECT q, (SELECT count(*) FROM affs WHERE inst @> q) AS gin_contains,
          (SELECT count(*) FROM affs WHERE inst = q) AS gin_equal,
          (SELECT count(*) FROM names WHERE inst <@ q) AS gin_contained
FROM nokey;
RESET enable_seqscan;
SET enable_indexscan = off; SET enable_bitmapscan = off;
SELECT q, (SELECT count(*) FROM affs WHERE inst @> q) AS seq_contains,
          (SELECT count(*) FROM affs WHERE inst = q) AS seq_equal,
          (SELECT count(*) FROM names WHERE inst <@ q) AS seq_contained
FROM nokey;
RESET enable_indexscan; RESET enable_bitmapscan;

-- The index stays right through updates (GIN pending list) and after VACUUM.
UPDATE affs SET aff = aff || ', Harbin Institute of Technology' WHERE id % 97 = 0;
DELETE FROM affs WHERE id % 89 = 0;
SET enable_seqscan = off;
SELECT count(*) AS gin_after_update FROM affs WHERE inst @> 'Harbin Institute of Technology';
RESET enable_seqscan;
SET enable_indexscan = off; SET enable_bitmapscan = off;
SELECT count(*) AS seq_after_update FROM affs WHERE inst @> 'Harbin Institute of Technology';
RESET enable_indexscan; RESET enable_bitmapscan;
VACUUM affs;
SET enable_seqscan = off;
SELECT count(*) AS gin_after_vacuum FROM affs WHERE inst @> 'Harbin Institute of Technology';
RESET enable_seqscan;

DROP TABLE affs, names, inst_src;
DROP FUNCTION pairs_report, similar_pairs;
