#!/usr/bin/env bash
# Incremental re-screening after a list change, against a full re-screen, and inst_screen with
# parallel workers, in one run.
#
#   pg_virtualenv -t -v 15 test/bench/rescreen.sh [ROWS] [REPEATS]     (after make install)
#
# Dictionary: the ROR organisations of ../shared/data/ror_records (test/bench/load_ror.sql) and
# the DoD Section 1286 list of ../shared/data/dod_section_1286_institutions, imported with
# instmatch.apply_import (one entry per institution: name, "; "-separated aliases, country,
# listed_on = 30 June of the first fiscal-year list naming it; benchmark data, not a claim
# about the real dates). The 1286 entries link to their ROR organisations by name.
# Rows: bench_authorship(id, aff, published): ROWS (default 1,000,000) affiliation strings made
# by the seeded generator test/bench/gen_affiliations.sql from the real dev_eval strings, with a
# deterministic publication date in 2019-01-01 .. 2026-10-31.
#
#   1. the list without the institutions first named in FY2025; screen_table() stores the
#      screening of every row (timed: rows, GIN index, screening);
#   2. REPEATS times: a new version of the list adds 10 institutions first named in FY2025
#      (10 others each time, chosen by md5 of the name); then, each in a fresh session with the
#      dictionary already built (its build is a per-session cost shared by both and printed
#      apart), single core (no parallel workers, no JIT):
#        - incremental: rescreen('bench')
#        - full:        rescreen('bench', full => true)   (delete every result, screen every row)
#      and the number of differences between the two results (must be 0);
#   3. inst_screen over every row with 0 and with 2 parallel workers (each worker builds its own
#      dictionary: included), REPEATS times each.
# Prints medians, rows/s and ratios, the machine's load average before and after (other work on
# the machine slows every figure); exits 1 only if the incremental and full results differ.
set -euo pipefail

ROWS=${1:-1000000}
REPEATS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${INSTMATCH_SHARED_DATA:-$ROOT/../shared/data}
ROR="$DATA/ror_records/ror_names.tsv.gz"
EVAL="$DATA/dev_eval/affiliations.tsv"
LIST="$DATA/dod_section_1286_institutions/section_1286.csv"
DB=${BENCH_DB:-instmatch_rescreen}

for f in "$ROR" "$EVAL" "$LIST"; do
    if [ ! -r "$f" ]; then
        echo "skipped: $f is absent; the benchmark needs the real data of ../shared/data"
        exit 0
    fi
done

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "DROP DATABASE IF EXISTS $DB" \
    -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
export PGDATABASE=$DB
psql -c "CREATE EXTENSION instmatch"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
zcat "$ROR" | tail -n +2 > "$tmp/ror.tsv"
tail -n +2 "$EVAL" | cut -f2 > "$tmp/src.txt"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'), $(nproc 2>/dev/null || echo '?') CPU cores"
echo "loading ROR, the list, and generating $ROWS rows"
psql -v rorfile="$tmp/ror.tsv" -f "$ROOT/test/bench/load_ror.sql" >/dev/null
psql <<SQL >/dev/null
CREATE TABLE bench_src(aff text);
\copy bench_src FROM '$tmp/src.txt' WITH (FORMAT csv, DELIMITER E'\x02', QUOTE E'\x01')
SQL
psql -v rows="$ROWS" -v seed=0.42 -f "$ROOT/test/bench/gen_affiliations.sql" >/dev/null
psql <<'SQL'
-- publication dates: a fixed permutation of the days 2019-01-01 .. 2026-10-31
CREATE TABLE bench_authorship (id integer PRIMARY KEY, aff text NOT NULL, published date NOT NULL);
INSERT INTO bench_authorship
SELECT id, aff, date '2019-01-01' + ((id::bigint * 7919) % 2861)::integer FROM bench_aff;
DROP TABLE bench_aff;
VACUUM ANALYZE bench_authorship;
SELECT count(*) AS rows, min(published), max(published), md5(string_agg(md5(aff || published), '' ORDER BY id)) AS checksum
FROM bench_authorship;
SQL
psql <<SQL >/dev/null
CREATE TABLE s1286 (schema text, name text, aliases text, topics text, program text, authority text,
  reason text, report_date text, start_date text, end_date text, country text, notes text, source_url text);
\copy s1286 FROM '$LIST' WITH (FORMAT csv, HEADER true)
-- one entry per institution; the FY2025 newcomers are held back and added 10 at a time
CREATE TABLE list_entry AS
SELECT md5(name) AS key, name, min(report_date) AS first_year,
       (min(report_date) || '-06-30') AS listed_on,
       max(CASE country WHEN 'China' THEN 'CN' WHEN 'Russia' THEN 'RU' WHEN 'Iran' THEN 'IR' END) AS country,
       (SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object('alias', btrim(a))), '[]')
        FROM s1286 t, unnest(string_to_array(t.aliases, ';')) a
        WHERE t.name = s.name AND btrim(a) <> '') AS aliases
FROM s1286 s GROUP BY name;
CREATE TABLE held_back AS
SELECT key, (row_number() OVER (ORDER BY md5(name || 'bench')) - 1) / 10 + 1 AS batch
FROM list_entry WHERE first_year = '2025';
CREATE FUNCTION list_version(batches integer) RETURNS jsonb LANGUAGE sql AS \$\$
  SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('list', '1286', 'list_name', 'DoD Section 1286 list',
           'key', e.key, 'name', e.name, 'aliases', e.aliases, 'country', e.country, 'listed_on', e.listed_on)))
  FROM list_entry e LEFT JOIN held_back h USING (key) WHERE h.batch IS NULL OR h.batch <= batches \$\$;
SELECT count(*) FROM instmatch.apply_import('dod1286', list_version(0), 'bench v0', '2025-06-30');
SQL
psql -At -c "SELECT 'list: ' || count(*) FILTER (WHERE true) || ' listings, ' || (SELECT count(*) FROM instmatch.link WHERE method <> 'self') || ' linked to ROR' FROM instmatch.listing"

WARM="SELECT count(*) FROM inst_match('Harbin Institute of Technology')"
# One timed statement in a fresh session with the dictionary built: prints milliseconds; the
# statement's output is left in $tmp/out.
timed() {
    command psql -X -q -At -F ' ' -v ON_ERROR_STOP=1 \
        -c "SET max_parallel_workers_per_gather = ${2:-0}" -c "SET jit = off" -c "$WARM" \
        -c '\timing on' -c "$1" > "$tmp/out"
    sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' "$tmp/out" | tail -n 1
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo
echo "1. first screening of every row (rows, their GIN index, the screening)"
command psql -X -q -v ON_ERROR_STOP=1 -c "SET max_parallel_workers_per_gather = 0" -c "SET jit = off" \
    -c '\timing on' -c "SELECT screening, mode, rows, rows_screened, results FROM instmatch.screen_table('bench_authorship', 'id', 'aff', 'published', screening => 'bench')" \
    | grep -v '^$'
psql -At -c "SELECT 'dictionary: ' || entities || ' entities, ' || aliases || ' names, built in ' || round(build_ms::numeric) || ' ms (once per session after a list change)' FROM inst_dictionary_info()"

echo
echo "2. a new list version adds 10 institutions; incremental refresh vs full re-screen (1 core)"
inc_times=() full_times=() bad=0
for i in $(seq "$REPEATS"); do
    added=$(psql -At -c "SELECT string_agg(e.name, '; ' ORDER BY e.name) FROM held_back h JOIN list_entry e USING (key) WHERE h.batch = $i")
    psql -At -c "SELECT sum(added) FROM instmatch.apply_import('dod1286', list_version($i), 'bench v$i', '2025-06-30')" >/dev/null
    inc_times+=("$(timed "SELECT entities_changed, rows_matched, rows_screened, results FROM instmatch.rescreen('bench')")")
    read -r changed matched screened last < <(grep -B1 '^Time:' "$tmp/out" | head -n 1)
    psql -c "CREATE TABLE inc_result AS SELECT * FROM instmatch.screening_result"
    full_times+=("$(timed "SELECT * FROM instmatch.rescreen('bench', full => true)")")
    diffs=$(psql -At <<'SQL'
SELECT count(*) FROM (
  (SELECT row_key, entity_id, list, listed_on, removed_on, reference, alias, matched, score, match_kind,
          match_start, match_end, matched_entity_id, verdict FROM inc_result
   EXCEPT ALL
   SELECT row_key, entity_id, list, listed_on, removed_on, reference, alias, matched, score, match_kind,
          match_start, match_end, matched_entity_id, verdict FROM instmatch.screening_result)
  UNION ALL
  (SELECT row_key, entity_id, list, listed_on, removed_on, reference, alias, matched, score, match_kind,
          match_start, match_end, matched_entity_id, verdict FROM instmatch.screening_result
   EXCEPT ALL
   SELECT row_key, entity_id, list, listed_on, removed_on, reference, alias, matched, score, match_kind,
          match_start, match_end, matched_entity_id, verdict FROM inc_result)) d;
SQL
)
    psql -c "DROP TABLE inc_result"
    [ "$diffs" = 0 ] || bad=1
    echo "  run $i: added $added"
    echo "         incremental ${inc_times[-1]} ms ($changed entities changed; hits of $screened rows computed again, $matched of them matched again), full ${full_times[-1]} ms; $last hits; differences $diffs"
done
inc_rows=$(psql -At -c "SELECT count(*) FROM bench_authorship")
inc_med=$(printf '%s\n' "${inc_times[@]}" | median)
full_med=$(printf '%s\n' "${full_times[@]}" | median)

echo
echo "3. inst_screen over every row: 0 vs 2 parallel workers"
Q="SELECT count(*), sum(s.score) FROM bench_authorship a CROSS JOIN LATERAL inst_screen(a.aff, a.published, true) s"
command psql -X -q -At -c "SET max_parallel_workers_per_gather = 2" -c "EXPLAIN (COSTS OFF) $Q" \
    | { grep -E 'Gather|Parallel' || echo 'no parallel plan'; } | sed 's/^ */  plan: /'
p0=() p2=()
for i in $(seq "$REPEATS"); do
    p0+=("$(timed "$Q" 0)")
    p2+=("$(timed "$Q" 2)")
    echo "  run $i: 0 workers ${p0[-1]} ms, 2 workers ${p2[-1]} ms"
done
cores=$(nproc 2>/dev/null || echo '?')
p0_med=$(printf '%s\n' "${p0[@]}" | median)
p2_med=$(printf '%s\n' "${p2[@]}" | median)

echo
echo "summary ($inc_rows rows, medians of $REPEATS runs)"
awk -v rows="$inc_rows" -v i="$inc_med" -v f="$full_med" -v a="$p0_med" -v b="$p2_med" -v cores="$cores" 'BEGIN {
    printf "%-52s %10s %14s\n", "", "median ms", "rows/s"
    printf "%-52s %10.0f %14.0f\n", "incremental refresh after adding 10 entities", i, rows / (i / 1000)
    printf "%-52s %10.0f %14.0f\n", "full re-screen: rescreen(full => true)", f, rows / (f / 1000)
    printf "%-52s %10.0f %14.0f\n", "inst_screen over every row, 0 workers", a, rows / (a / 1000)
    printf "%-52s %10.0f %14.0f\n", "inst_screen over every row, 2 workers", b, rows / (b / 1000)
    printf "incremental vs rescreen(full => true): %.0fx; vs inst_screen over every row: %.0fx (target >= 50x)\n", f / i, a / i
    printf "speedup of inst_screen with 2 workers: %.2fx (%s CPU cores)\n", a / b, cores
}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if [ "$bad" != 0 ]; then
    echo "FAILED: the incremental refresh differs from the full re-screen"
    exit 1
fi
