-- The normalizer on real affiliation strings (table affiliation(id, raw) is loaded).
\pset footer off
\echo
\echo == inst_normalizer_version()
SELECT inst_normalizer_version();

\echo
\echo == Web of Science, IEEE and full forms normalize to the same tokens
SELECT s AS raw, inst_normalize(s) AS normalized
FROM unnest(ARRAY[
  'Beihang Univ, Sch Comp Sci & Engn, Beijing 100191, Peoples R China',
  'School of Computer Science and Engineering, Beihang University, Beijing 100191, P.R. China',
  'Веіhang Univеrsity (Cyrillic В, е, і)',
  '北京航空航天大學',
  'Harbin Inst. Technol., Shenzhen Grad. Sch., Shenzhen 518055, China',
  'Nat''l Univ. of Defense Tech., Changsha',
  'Northwestern Polytech Univ, Sch Aeronaut, Xian']) s;

\echo
\echo == A sample of the loaded affiliation strings, normalized
SELECT left(raw, 70) AS raw, left(inst_normalize(raw), 70) AS normalized
FROM affiliation ORDER BY id LIMIT 12;

\echo
\echo == Which loaded strings name these institutions (exact normalized phrase inside one segment)?
WITH target(name) AS (VALUES ('Tsinghua University'), ('Chinese Academy of Sciences'),
                            ('Harbin Institute of Technology'), ('Peking University'))
SELECT t.name, count(*) AS strings, min(left(a.raw, 60)) AS example
FROM target t JOIN affiliation a
  ON EXISTS (SELECT 1 FROM regexp_split_to_table(inst_normalize(a.raw), '\s*[,;()]\s*') seg
             WHERE ' ' || seg || ' ' LIKE '% ' || inst_normalize(t.name) || ' %')
GROUP BY t.name ORDER BY strings DESC;

\echo
\echo == Summary
SELECT count(*) AS strings, count(DISTINCT inst_normalize(raw)) AS distinct_normalized,
       round(avg(length(raw))) AS avg_raw_chars, round(avg(length(inst_normalize(raw)))) AS avg_normalized_chars
FROM affiliation;
