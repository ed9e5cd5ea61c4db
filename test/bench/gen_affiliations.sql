-- test/bench/gen_affiliations.sql
--
-- Builds bench_aff(id int, aff text) with :rows rows from the source strings
-- in bench_src(aff text), which must already be loaded.
--
--   psql -X -v ON_ERROR_STOP=1 -v rows=1000000 -v seed=0.42 -f gen_affiliations.sql
--
-- The generator is seeded: setseed(:seed), then every random() call happens in
-- one non-parallel query over generate_series, in a fixed order, so the same
-- seed and the same set of source strings give the same table (compare the
-- checksum printed at the end). Source strings are put in a fixed order
-- (byte order, COLLATE "C"), so the order they were loaded in does not matter.
--
-- Perturbations (each drawn independently per row):
--   prepend a department from a fixed list                      p = 0.20
--   append a second affiliation (another source string) "; "   p = 0.15
--   University -> Univ                                         p = 0.30
--   Institute  -> Inst.                                        p = 0.25
--   Technology -> Technol                                      p = 0.25
--   Sciences / Science -> Sci                                  p = 0.25
--   Department -> Dept.                                        p = 0.20
--   Laboratory -> Lab.                                         p = 0.20
--   " and " -> " & "                                           p = 0.25
--   whole string upper-cased (p = 0.07) or lower-cased (p = 0.05)

\if :{?rows}
\else
\set rows 1000000
\endif
\if :{?seed}
\else
\set seed 0.42
\endif

-- One backend, no parallel workers, no JIT: random() must be called in one
-- process, in row order.
SET max_parallel_workers_per_gather = 0;
SET jit = off;

DROP TABLE IF EXISTS bench_aff;
CREATE TABLE bench_aff (id int NOT NULL, aff text NOT NULL);

SELECT count(*) AS source_strings,
       count(*) > 0 AS has_source_strings,
       md5(string_agg(aff, E'\n' ORDER BY aff COLLATE "C")) AS source_md5
FROM bench_src
WHERE aff IS NOT NULL AND btrim(aff) <> ''
\gset
\if :has_source_strings
\else
\echo 'gen_affiliations.sql: bench_src holds no non-empty strings'
SELECT 1/0 AS bench_src_is_empty;
\endif

SELECT setseed(:seed);

INSERT INTO bench_aff (id, aff)
WITH src AS MATERIALIZED (
    SELECT array_agg(aff ORDER BY aff COLLATE "C") AS a, count(*)::int AS n
    FROM bench_src
    WHERE aff IS NOT NULL AND btrim(aff) <> ''
),
dept AS MATERIALIZED (
    SELECT ARRAY[
        'Department of Chemistry',
        'Department of Physics',
        'Department of Computer Science',
        'Department of Mechanical Engineering',
        'Department of Electrical Engineering',
        'Department of Biochemistry and Molecular Biology',
        'School of Medicine',
        'School of Public Health',
        'Faculty of Science',
        'Faculty of Engineering',
        'College of Materials Science and Engineering',
        'Institute of Mathematics',
        'State Key Laboratory of Advanced Technology',
        'Laboratory of Molecular Genetics',
        'Center for Data Science',
        'Division of Cardiology',
        'Graduate School of Information Science and Technology',
        'Département de Physique',
        'Fakultät für Chemie',
        'Dept Chem & Biomol Engn'
    ] AS d
),
-- All random draws, in a fixed order per row, materialized before use.
r AS MATERIALIZED (
    SELECT g          AS id,
           random()   AS r_src,
           random()   AS r_dept,
           random()   AS r_dept_pick,
           random()   AS r_second,
           random()   AS r_second_pick,
           random()   AS r_univ,
           random()   AS r_inst,
           random()   AS r_tech,
           random()   AS r_sci,
           random()   AS r_deptabbr,
           random()   AS r_lab,
           random()   AS r_and,
           random()   AS r_case
    FROM generate_series(1, :rows) AS g
)
SELECT r.id,
       CASE WHEN r.r_case < 0.07 THEN upper(s9.s)
            WHEN r.r_case < 0.12 THEN lower(s9.s)
            ELSE s9.s END
FROM r
CROSS JOIN src
CROSS JOIN dept
CROSS JOIN LATERAL (SELECT src.a[1 + floor(r.r_src * src.n)::int] AS s) s0
CROSS JOIN LATERAL (SELECT CASE WHEN r.r_dept < 0.20
        THEN dept.d[1 + floor(r.r_dept_pick * cardinality(dept.d))::int] || ', ' || s0.s
        ELSE s0.s END AS s) s1
CROSS JOIN LATERAL (SELECT CASE WHEN r.r_second < 0.15
        THEN s1.s || '; ' || src.a[1 + floor(r.r_second_pick * src.n)::int]
        ELSE s1.s END AS s) s2
CROSS JOIN LATERAL (SELECT CASE WHEN r.r_univ < 0.30
        THEN replace(s2.s, 'University', 'Univ') ELSE s2.s END AS s) s3
CROSS JOIN LATERAL (SELECT CASE WHEN r.r_inst < 0.25
        THEN replace(s3.s, 'Institute', 'Inst.') ELSE s3.s END AS s) s4
CROSS JOIN LATERAL (SELECT CASE WHEN r.r_tech < 0.25
        THEN replace(s4.s, 'Technology', 'Technol') ELSE s4.s END AS s) s5
CROSS JOIN LATERAL (SELECT CASE WHEN r.r_sci < 0.25
        THEN replace(replace(s5.s, 'Sciences', 'Sci'), 'Science', 'Sci') ELSE s5.s END AS s) s6
CROSS JOIN LATERAL (SELECT CASE WHEN r.r_deptabbr < 0.20
        THEN replace(s6.s, 'Department', 'Dept.') ELSE s6.s END AS s) s7
CROSS JOIN LATERAL (SELECT CASE WHEN r.r_lab < 0.20
        THEN replace(s7.s, 'Laboratory', 'Lab.') ELSE s7.s END AS s) s8
CROSS JOIN LATERAL (SELECT CASE WHEN r.r_and < 0.25
        THEN replace(s8.s, ' and ', ' & ') ELSE s8.s END AS s) s9;

-- Checksum: identical numbers mean identical tables.
SELECT :'seed' AS seed,
       :source_strings AS source_strings,
       :'source_md5' AS source_md5,
       count(*) AS rows,
       count(DISTINCT aff COLLATE "C") AS distinct_strings,
       sum(length(aff)) AS chars,
       sum(octet_length(aff)) AS bytes,
       md5(string_agg(md5(aff), '' ORDER BY id)) AS checksum
FROM bench_aff;
