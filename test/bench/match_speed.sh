#!/usr/bin/env bash
# Matcher speed at scale, instmatch against the full-text anchor's join, in one run.
#
#   pg_virtualenv -v 15 test/bench/match_speed.sh [ROWS] [REPEATS]     (after make install)
#
# Dictionary: the full ROR table of ../shared/data/ror_records (test/bench/load_ror.sql).
# Rows: ROWS affiliation strings (default 1,000,000) made by the seeded generator
# test/bench/gen_affiliations.sql from the real dev_eval strings.
# Measured on one core (no parallel workers, no JIT), medians of REPEATS runs:
#   - dictionary build: time and memory of a backend's first inst_match call
#     (inst_dictionary_info());
#   - inst_match over every row: SELECT count(*), sum(score) FROM rows CROSS JOIN LATERAL inst_match();
#   - the full-text anchor's join: every dictionary name (unaccent, abbreviation thesaurus,
#     no acronyms; test/bench/anchors.sql) as a phraseto_tsquery against a GIN index on the rows'
#     tsvectors (the index and tsvectors are built beforehand and not timed).
# Prints rows/s and the ratio; never fails because a machine is slow.
set -euo pipefail

ROWS=${1:-1000000}
REPEATS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${INSTMATCH_SHARED_DATA:-$ROOT/../shared/data}
ROR="$DATA/ror_records/ror_names.tsv.gz"
EVAL="$DATA/dev_eval/affiliations.tsv"
DB=${BENCH_DB:-instmatch_match_speed}

if [ ! -r "$ROR" ] || [ ! -r "$EVAL" ]; then
    echo "skipped: $DATA/ror_records or $DATA/dev_eval is absent; the benchmark needs the real data"
    exit 0
fi

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "DROP DATABASE IF EXISTS $DB" \
    -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
export PGDATABASE=$DB
psql -c "CREATE EXTENSION instmatch" -c "CREATE EXTENSION unaccent"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
zcat "$ROR" | tail -n +2 > "$tmp/ror.tsv"
tail -n +2 "$EVAL" | cut -f2 > "$tmp/src.txt"

echo "loading the dictionary and generating $ROWS rows"
psql -v rorfile="$tmp/ror.tsv" -f "$ROOT/test/bench/load_ror.sql" >/dev/null
psql <<SQL
CREATE TABLE bench_src(aff text);
\copy bench_src FROM '$tmp/src.txt' WITH (FORMAT csv, DELIMITER E'\x02', QUOTE E'\x01')
SQL
psql -v rows="$ROWS" -v seed=0.42 -f "$ROOT/test/bench/gen_affiliations.sql" >/dev/null
psql -c "VACUUM ANALYZE bench_aff"

echo "building the anchor's tsvectors and index (not timed)"
psql -v anchors="$ROOT/test/bench/anchors.sql" <<'SQL' >/dev/null
\i :anchors
CREATE TABLE anchor_rows AS SELECT id, to_tsvector('simple', anchor_norm(aff)) AS tsv FROM bench_aff;
CREATE INDEX ON anchor_rows USING gin (tsv);
VACUUM ANALYZE anchor_rows;
VACUUM ANALYZE anchor_names;
SQL

# One timed statement in a fresh session: prints milliseconds.
timed() {
    command psql -X -q -At -v ON_ERROR_STOP=1 \
        -c "SET max_parallel_workers_per_gather = 0" -c "SET jit = off" \
        ${2:+-c "$2"} -c '\timing on' -c "$1" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -n 1
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "dictionary build (fresh backend, first call)"
psql -c "SET max_parallel_workers_per_gather = 0" \
     -c "SELECT entities, aliases, pg_size_pretty(memory_bytes) AS memory, round(build_ms::numeric) AS build_ms FROM inst_dictionary_info()"

MATCH_Q="SELECT count(*), sum(m.score) FROM bench_aff a CROSS JOIN LATERAL inst_match(a.aff) m"
FTS_Q="SELECT count(*) FROM anchor_names n JOIN anchor_rows r ON r.tsv @@ phraseto_tsquery('simple', n.nname)"
# warm up the dictionary in each timed session: the build is measured above, not here
WARM="SELECT count(*) FROM inst_match('Harbin Institute of Technology')"

m_times=() f_times=()
for i in $(seq "$REPEATS"); do
    m_times+=("$(timed "$MATCH_Q" "$WARM")")
    f_times+=("$(timed "$FTS_Q")")
    echo "  run $i: inst_match ${m_times[-1]} ms, fts join ${f_times[-1]} ms"
done
m=$(printf '%s\n' "${m_times[@]}" | median)
f=$(printf '%s\n' "${f_times[@]}" | median)
matches=$(command psql -X -At -c "$MATCH_Q" | cut -d'|' -f1)
pairs=$(command psql -X -At -c "$FTS_Q")
names=$(command psql -X -At -c "SELECT count(*) FROM anchor_names")

echo
awk -v rows="$ROWS" -v m="$m" -v f="$f" -v matches="$matches" -v pairs="$pairs" -v names="$names" 'BEGIN {
    printf "%-28s %12s %14s %12s\n", "method", "median ms", "rows/s", "found"
    printf "%-28s %12.0f %14.0f %12s\n", "inst_match (1 core)", m, rows / (m / 1000), matches
    printf "%-28s %12.0f %14.0f %12s\n", "fts join (" names " names)", f, rows / (f / 1000), pairs
    printf "inst_match is %.1fx faster than the full-text join (target >= 12x); %.0f rows/s (target >= 250,000)\n", f / m, rows / (m / 1000)
}'
