#!/usr/bin/env bash
# Concurrency: 8 pgbench clients screen affiliations while one client re-imports a list in a
# loop, alternating between two versions that differ in entities, listings and aliases. Every
# screening statement (five affiliations at once) must give exactly the answer of the old or of
# the new version, never a mix, and no statement may fail.
#
#   pg_virtualenv -t -v 15 bash test/concurrency.sh            (60 s)
#   CONCURRENCY_SECONDS=10 pg_virtualenv -t -v 15 bash test/concurrency.sh
#
# Ends with "N passed, M failed".
set -uo pipefail
SECONDS_RUN=${CONCURRENCY_SECONDS:-60}
DB=instmatch_concurrency
passed=0 failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }

dropdb --if-exists "$DB" 2>/dev/null
createdb "$DB" || { echo "0 passed, 1 failed"; exit 1; }
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

psql_q <<'SQL' || { fail "setup"; echo "$passed passed, $failed failed"; exit 1; }
CREATE EXTENSION instmatch;
-- 30 institutions; version 1 lists 1..20, version 2 lists 11..30, and the alias of 15 differs
CREATE TABLE conc_name (n int PRIMARY KEY, name text);
INSERT INTO conc_name VALUES
 (1, 'Beihang University'), (2, 'Harbin Institute of Technology'), (3, 'Harbin Engineering University'),
 (4, 'Northwestern Polytechnical University'), (5, 'National University of Defense Technology'),
 (6, 'Nanjing University of Aeronautics and Astronautics'), (7, 'Nanjing University of Science and Technology'),
 (8, 'Beijing Institute of Technology'), (9, 'University of Electronic Science and Technology of China'),
 (10, 'Sichuan University'), (11, 'Tianjin University'), (12, 'Xidian University'),
 (13, 'Beijing University of Posts and Telecommunications'), (14, 'Harbin Engineering Institute'),
 (15, 'China Academy of Engineering Physics'), (16, 'Academy of Military Medical Sciences'),
 (17, 'Shanghai Jiao Tong University'), (18, 'Xian Jiaotong University'), (19, 'Tongji University'),
 (20, 'Central South University'), (21, 'Hunan University'), (22, 'Chongqing University'),
 (23, 'Southeast University'), (24, 'Wuhan University of Technology'), (25, 'Zhejiang University'),
 (26, 'Jilin University'), (27, 'Shandong University'), (28, 'Xiamen University'),
 (29, 'Beijing Jiaotong University'), (30, 'Dalian University of Technology');
CREATE TABLE conc_version (v text PRIMARY KEY, entries jsonb);
INSERT INTO conc_version
SELECT v, jsonb_agg(jsonb_build_object('list', 'EL', 'key', 'e' || n, 'name', name, 'country', 'CN',
                                       'listed_on', '2020-01-01',
                                       'aliases', CASE WHEN n = 15 AND v = 'v1'
                                                       THEN '[{"alias": "Ninth Academy of Engineering"}]'::jsonb
                                                       ELSE '[]'::jsonb END))
FROM conc_name, (VALUES ('v1'), ('v2')) vv(v)
WHERE (v = 'v1' AND n <= 20) OR (v = 'v2' AND n > 10)
GROUP BY v;
-- 300 affiliations: every name in three styles, the alias, and unlisted look-alikes
CREATE TABLE conc_aff (id int PRIMARY KEY, aff text);
INSERT INTO conc_aff
SELECT row_number() OVER (ORDER BY n, s), a FROM (
  SELECT n, 1 AS s, 'School of Physics, ' || name || ', Beijing 100191, China' AS a FROM conc_name
  UNION ALL SELECT n, 2, 'Dept Mat Sci; ' || name || '; Key Lab, China' FROM conc_name
  UNION ALL SELECT n, 3, 'Center for Robotics, ' || name || ' and Nanjing University, China' FROM conc_name
  UNION ALL SELECT 15, 4, 'Ninth Academy of Engineering, Mianyang, China'
  UNION ALL SELECT 100 + g, 5, 'Institute ' || g || ', Peking University, Beijing, China' FROM generate_series(1, 200) g
) x;
CREATE FUNCTION conc_answer(first int) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT string_agg(a.id || ':' || COALESCE(s.ans, '-'), '|' ORDER BY a.id)
  FROM conc_aff a
  LEFT JOIN LATERAL (SELECT string_agg(entity_id || '/' || alias, ',' ORDER BY entity_id, alias) AS ans
                     FROM inst_screen(a.aff, '2025-01-01')) s ON true
  WHERE a.id BETWEEN first AND first + 4 $$;
CREATE TABLE conc_expected (first int, v text, answer text, PRIMARY KEY (first, v));
SELECT count(*) FROM instmatch.apply_import('conc', (SELECT entries FROM conc_version WHERE v = 'v1'), 'v1');
INSERT INTO conc_expected SELECT id, 'v1', conc_answer(id) FROM conc_aff;
SELECT count(*) FROM instmatch.apply_import('conc', (SELECT entries FROM conc_version WHERE v = 'v2'), 'v2');
INSERT INTO conc_expected SELECT id, 'v2', conc_answer(id) FROM conc_aff;
SELECT count(*) FROM instmatch.apply_import('conc', (SELECT entries FROM conc_version WHERE v = 'v1'), 'v1');
CREATE SEQUENCE seen_v1; CREATE SEQUENCE seen_v2; CREATE SEQUENCE reloads;
-- the screening check: one statement, its answer must be one version's
CREATE FUNCTION conc_check(first int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE got text; e1 text; e2 text;
BEGIN
  got := conc_answer(first);
  SELECT answer INTO e1 FROM conc_expected WHERE conc_expected.first = conc_check.first AND v = 'v1';
  SELECT answer INTO e2 FROM conc_expected WHERE conc_expected.first = conc_check.first AND v = 'v2';
  IF got = e1 AND got = e2 THEN NULL;           -- the versions agree here
  ELSIF got = e1 THEN PERFORM nextval('seen_v1');
  ELSIF got = e2 THEN PERFORM nextval('seen_v2');
  ELSE RAISE EXCEPTION 'mixed answer for %: % (v1: %; v2: %)', first, got, e1, e2;
  END IF;
END $$;
CREATE FUNCTION conc_reload() RETURNS void LANGUAGE plpgsql AS $$
DECLARE cur text;
BEGIN
  SELECT version INTO cur FROM instmatch.list WHERE feed = 'conc' AND code = 'EL';
  PERFORM instmatch.apply_import('conc', (SELECT entries FROM conc_version
                                          WHERE v = CASE cur WHEN 'v1' THEN 'v2' ELSE 'v1' END),
                                 CASE cur WHEN 'v1' THEN 'v2' ELSE 'v1' END);
  PERFORM nextval('reloads');
END $$;
SQL

n_diff=$(psql_q -At -c "SELECT count(*) FROM conc_expected a JOIN conc_expected b ON a.first = b.first AND a.v = 'v1' AND b.v = 'v2' WHERE a.answer <> b.answer")
if [ "${n_diff:-0}" -ge 30 ]; then ok "the two versions answer $n_diff of the screening statements differently"
else fail "the two versions differ on only ${n_diff:-0} statements"; fi

tmp=$(mktemp -d)
n_aff=$(psql_q -At -c "SELECT max(id) FROM conc_aff")
echo '\set first random(1, '"$n_aff"')
SELECT conc_check(:first);' > "$tmp/screen.sql"
echo 'SELECT conc_reload();' > "$tmp/reload.sql"
echo "running ${SECONDS_RUN}s: 8 screening clients, 1 reloading client"
pgbench -n -c 8 -j 2 -T "$SECONDS_RUN" -f "$tmp/screen.sql" "$DB" >"$tmp/screen.out" 2>&1 &
p1=$!
pgbench -n -c 1 -T "$SECONDS_RUN" -f "$tmp/reload.sql" "$DB" >"$tmp/reload.out" 2>&1
st2=$?
wait $p1
st1=$?
grep -E "processed|failed|aborted|tps" "$tmp/screen.out" | sed 's/^/  screen: /'
grep -E "processed|failed|aborted|tps" "$tmp/reload.out" | sed 's/^/  reload: /'
grep -E "ERROR|mixed answer" "$tmp/screen.out" "$tmp/reload.out" | head -n 5

[ $st1 -eq 0 ] && ! grep -qE "aborted|ERROR" "$tmp/screen.out" && ok "screening clients: no error, no mixed answer" ||
    fail "screening clients (exit $st1)"
[ $st2 -eq 0 ] && ! grep -qE "aborted|ERROR" "$tmp/reload.out" && ok "reloading client: no error" ||
    fail "reloading client (exit $st2)"
read -r v1 v2 rl < <(psql_q -At -F' ' -c "SELECT (SELECT last_value FROM seen_v1), (SELECT last_value FROM seen_v2), (SELECT last_value FROM reloads)")
echo "  checks where the versions differ, answered as version 1: $v1, as version 2: $v2; reloads: $rl"
[ "${rl:-1}" -ge 10 ] && ok "$rl reloads committed during the run" || fail "only ${rl:-0} reloads"
[ "${v1:-1}" -gt 1 ] && [ "${v2:-1}" -gt 1 ] && ok "both versions were seen by the screening clients" ||
    fail "the screening clients did not see both versions"
rm -rf "$tmp"
dropdb "$DB"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
