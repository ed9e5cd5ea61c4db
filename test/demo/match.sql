-- The matcher with the ROR organisations loaded into the list tables.
\pset footer off
\echo
\echo == inst_match with the 51,370 ROR organisations as dictionary
SELECT entities, aliases, pg_size_pretty(memory_bytes) AS memory, round(build_ms) AS build_ms FROM inst_dictionary_info();
SELECT left(s, 58) AS affiliation, m.entity_id, m.name, m.matched, round(m.score::numeric, 2) AS score, m.match_kind
FROM unnest(ARRAY[
  'Sch. of Comp. Sci. & Engn., Beihang Univ., Beijing 100191, P.R. China; Microsoft Research Asia, Beijing',
  'Coll Astronaut, Nanjing Univ Aeronaut & Astronaut, Nanjing 210016, Peoples R China',
  'Harbin Inst Technol, Shenzhen Grad Sch, Shenzhen 518055, Peoples R China',
  'Department of Physics, 哈爾濱工業大學, Harbin',
  'HIT Lab NZ, University of Canterbury, Christchurch, New Zealand',
  'Dept. of Electronic Eng., Tsinghua Univ., Beijing']) s, inst_match(s) m;
\echo
\echo == inst_explain: why a candidate was suppressed
SELECT matched, entity_id, accepted, rule FROM inst_explain('HIT Lab NZ, University of Canterbury, Christchurch, New Zealand') ORDER BY match_start;
\echo
\echo == Strings of dev_eval per institution found (top 10)
SELECT m.name, count(DISTINCT a.id) AS strings FROM affiliation a, inst_match(a.raw) m
WHERE m.match_kind <> 'ambiguous' GROUP BY m.name ORDER BY 2 DESC, 1 LIMIT 10;
