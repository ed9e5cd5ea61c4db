#!/usr/bin/env bash
# test/bench/normalize.sh [ROWS] [REPEATS]
#
# Times inst_normalize(text) against lower(text) and lower(unaccent(text)) on
# ROWS (default 1000000) generated affiliation strings, REPEATS (default 5)
# times each, round-robin, on one core (no parallel workers, no JIT), and
# prints median times, rows/s and ratios.
#
# Needs a server that psql reaches with its default connection settings (for
# example run under `pg_virtualenv -v 15 test/bench/normalize.sh`) with the
# instmatch extension installed (`make install`) and contrib's unaccent.
# It drops and re-creates the database instmatch_bench (override: BENCH_DB).
#
# Environment (all optional):
#   BENCH_DB      database to (re)create             (default instmatch_bench)
#   BENCH_SEED    setseed() value for the generator  (default 0.42)
#   BENCH_LOCALE  create the database with TEMPLATE template0 LOCALE '...'
#                 (e.g. C, C.UTF-8, en_US.UTF-8); default: the cluster's
#   BENCH_SOURCE  file of source strings, one per line, no header; overrides
#                 the dev_eval file and the fixture
#   INSTMATCH_BENCH_ALLOW_STANDIN=1
#                 for trying the script out only: if the instmatch extension is
#                 not available, accept an inst_normalize(text) that already
#                 exists in the new database (e.g. put in template1). The
#                 output is then marked STAND-IN.
#
# Exit status: 0 whatever the timings are (a slow machine is not an error);
# non-zero only on real errors (no server, no extension, SQL errors).

set -euo pipefail

die() { echo "normalize.sh: ERROR: $*" >&2; exit 2; }

ROWS=${1:-1000000}
REPEATS=${2:-5}
[[ $ROWS =~ ^[1-9][0-9]*$ ]] || die "ROWS must be a positive integer (got '$ROWS')"
[[ $REPEATS =~ ^[1-9][0-9]*$ ]] || die "REPEATS must be a positive integer (got '$REPEATS')"

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEV_EVAL=$ROOT/../shared/data/dev_eval/affiliations.tsv
FIXTURE=$HERE/fixture_affiliations.tsv
GEN_SQL=$HERE/gen_affiliations.sql
DB=${BENCH_DB:-instmatch_bench}
SEED=${BENCH_SEED:-0.42}

[[ $DB =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "BENCH_DB must be a plain identifier (got '$DB')"
[[ $SEED =~ ^-?(0(\.[0-9]+)?|1(\.0+)?|\.[0-9]+)$ ]] || die "BENCH_SEED must be a number in [-1, 1] (got '$SEED')"
[[ -r $GEN_SQL ]] || die "missing $GEN_SQL"
command -v psql >/dev/null || die "psql not found in PATH"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/instmatch-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# psql against the maintenance database / the benchmark database; NOTICEs
# (e.g. "table does not exist, skipping") are noise here.
export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c client_min_messages=warning"
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }
psql_db()    { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

if ! psql_admin -At -c 'SELECT 1' >/dev/null 2>"$TMP/conn.err"; then
    cat "$TMP/conn.err" >&2
    die "cannot connect with psql; run inside a cluster, e.g. pg_virtualenv -v 15 $0"
fi

# ---------------------------------------------------------------- sources
SRC_TXT=$TMP/sources.txt
if [[ -n ${BENCH_SOURCE:-} ]]; then
    [[ -r $BENCH_SOURCE ]] || die "BENCH_SOURCE=$BENCH_SOURCE is not readable"
    SRC_DESC="$BENCH_SOURCE (BENCH_SOURCE)"
    cat "$BENCH_SOURCE" > "$TMP/raw.txt"
elif [[ -r $DEV_EVAL ]]; then
    SRC_DESC="$DEV_EVAL (column 2)"
    tail -n +2 "$DEV_EVAL" | cut -f2 > "$TMP/raw.txt"
else
    echo "note: $DEV_EVAL not found; using the fixture $FIXTURE"
    [[ -r $FIXTURE ]] || die "missing fixture $FIXTURE"
    SRC_DESC="$FIXTURE (fixture)"
    cat "$FIXTURE" > "$TMP/raw.txt"
fi
# Drop CRs and the two control bytes used as CSV delimiter/quote below, and
# blank lines. Loading as CSV with quote \x01 and delimiter \x02 means that
# backslashes, quotes and commas in the strings are taken literally.
tr -d '\r\001\002' < "$TMP/raw.txt" | { grep -v '^[[:space:]]*$' || true; } > "$SRC_TXT"
NSRC=$(wc -l < "$SRC_TXT")
(( NSRC > 0 )) || die "no source strings in $SRC_DESC"

# ---------------------------------------------------------------- database
if [[ -n ${BENCH_LOCALE:-} ]]; then
    [[ $BENCH_LOCALE =~ ^[A-Za-z0-9_.@-]+$ ]] || die "BENCH_LOCALE looks odd: '$BENCH_LOCALE'"
    CREATE_OPTS="TEMPLATE template0 LOCALE '$BENCH_LOCALE'"
else
    CREATE_OPTS=""
fi
psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
psql_admin -c "CREATE DATABASE $DB $CREATE_OPTS"

STANDIN=0
if [[ $(psql_db -At -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'instmatch'") == 1 ]]; then
    psql_db -c 'CREATE EXTENSION IF NOT EXISTS instmatch'
elif [[ ${INSTMATCH_BENCH_ALLOW_STANDIN:-0} == 1 &&
        $(psql_db -At -c "SELECT to_regprocedure('inst_normalize(text)') IS NOT NULL") == t ]]; then
    STANDIN=1
    echo "WARNING: extension instmatch is not installed; timing a STAND-IN inst_normalize(text)" >&2
else
    die "extension instmatch is not available in this server (pg_config: $(command -v pg_config || echo none)); run 'make install' first"
fi
[[ $(psql_db -At -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'unaccent'") == 1 ]] ||
    die "extension unaccent is not available (install postgresql-contrib)"
psql_db -c 'CREATE EXTENSION IF NOT EXISTS unaccent'
[[ $(psql_db -At -c "SELECT to_regprocedure('inst_normalize(text)') IS NOT NULL") == t ]] ||
    die "function inst_normalize(text) not found after CREATE EXTENSION instmatch"

# ---------------------------------------------------------------- data
psql_db -c 'CREATE TABLE bench_src (aff text)'
psql_db -c "COPY bench_src (aff) FROM STDIN WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')" < "$SRC_TXT"

t0=$(date +%s.%N)
psql_db -At -F ' | ' -v rows="$ROWS" -v seed="$SEED" -f "$GEN_SQL" > "$TMP/gen.out"
t1=$(date +%s.%N)
# last line: seed | source_strings | source_md5 | rows | distinct | chars | bytes | checksum
IFS='|' read -r g_seed g_nsrc g_srcmd5 g_rows g_distinct g_chars g_bytes g_sum < <(tail -n 1 "$TMP/gen.out" | tr -d ' ')
[[ $g_rows == "$ROWS" ]] || die "generator made '$g_rows' rows, expected $ROWS"
psql_db -c 'VACUUM (FREEZE, ANALYZE) bench_aff'

# ---------------------------------------------------------------- environment
IFS='|' read -r srv_version lc_ctype lc_collate encoding locprovider tbl_size < <(psql_db -At -F '|' -c "
    SELECT current_setting('server_version'), current_setting('lc_ctype'),
           current_setting('lc_collate'), current_setting('server_encoding'),
           CASE d.datlocprovider WHEN 'i' THEN 'icu' WHEN 'c' THEN 'libc' ELSE d.datlocprovider::text END,
           pg_size_pretty(pg_table_size('bench_aff'))
    FROM pg_database d WHERE d.datname = current_database()")
fn_props=$(psql_db -At -c "
    SELECT concat_ws(' ',
             CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END,
             CASE WHEN p.proisstrict THEN 'STRICT' END,
             CASE p.proparallel WHEN 's' THEN 'PARALLEL SAFE' WHEN 'r' THEN 'PARALLEL RESTRICTED' ELSE 'PARALLEL UNSAFE' END,
             'LANGUAGE ' || l.lanname,
             coalesce('(extension ' || e.extname || ' ' || e.extversion || ')', '(not from an extension)'))
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
    LEFT JOIN pg_depend dep ON dep.classid = 'pg_proc'::regclass AND dep.objid = p.oid AND dep.deptype = 'e'
    LEFT JOIN pg_extension e ON e.oid = dep.refobjid
    WHERE p.oid = 'inst_normalize(text)'::regprocedure")
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1 || true)

echo "== instmatch normalize benchmark"
echo "server:        PostgreSQL $srv_version, database $DB, encoding $encoding"
echo "collation:     lc_ctype=$lc_ctype lc_collate=$lc_collate provider=$locprovider"
echo "               (lower() speed depends on lc_ctype: with C/POSIX it is an ASCII-only"
echo "                fast path; other locales convert to wide chars and call towlower)"
echo "cpu:           ${cpu:-unknown}"
echo "sources:       $g_nsrc strings from $SRC_DESC"
echo "generated:     $g_rows rows ($g_distinct distinct), $g_chars chars, $g_bytes bytes, table $tbl_size, in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s"
echo "seed/checksum: seed $g_seed, sources md5 $g_srcmd5, rows checksum $g_sum"
echo "function:      inst_normalize(text) $fn_props$( ((STANDIN)) && echo '  *** STAND-IN, NOT THE EXTENSION ***')"
echo "settings:      max_parallel_workers_per_gather=0, jit=off, $REPEATS repeats round-robin after one warm-up pass"
echo

# ---------------------------------------------------------------- timing
NAMES=(scan lower lower_unaccent inst_normalize)
declare -A QUERY=(
    [scan]='SELECT sum(length(aff)) FROM bench_aff'
    [lower]='SELECT sum(length(lower(aff))) FROM bench_aff'
    [lower_unaccent]='SELECT sum(length(lower(unaccent(aff)))) FROM bench_aff'
    [inst_normalize]='SELECT sum(length(inst_normalize(aff))) FROM bench_aff'
)
declare -A LABEL=(
    [scan]='scan only: length(aff)'
    [lower]='lower(aff)'
    [lower_unaccent]='lower(unaccent(aff))'
    [inst_normalize]='inst_normalize(aff)'
)

SCRIPT=$TMP/timed.sql
{
    echo "SET max_parallel_workers_per_gather = 0;"
    echo "SET jit = off;"
    for n in "${NAMES[@]}"; do
        printf '\\echo @@ %s 0\n' "$n"
        echo "${QUERY[$n]};"
    done
    printf '\\timing on\n'
    k=${#NAMES[@]}
    for ((i = 1; i <= REPEATS; i++)); do
        # rotate the order each round so no function always runs first
        for ((j = 0; j < k; j++)); do
            n=${NAMES[$(( (i - 1 + j) % k ))]}
            printf '\\echo @@ %s %s\n' "$n" "$i"
            echo "${QUERY[$n]};"
        done
    done
} > "$SCRIPT"

psql_db -At -f "$SCRIPT" > "$TMP/timed.out"

# Lines: "@@ name round", then the query result, then (rounds >= 1) "Time: X ms ...".
awk -v out="$TMP/times" -v sums="$TMP/sums" '
    /^@@ / { name = $2; round = $3; want = 1; next }
    /^Time: / { if (round > 0) print name, $2 > out; next }
    want { print name, round, $0 > sums; want = 0 }
' "$TMP/timed.out"

median() { # name -> median ms
    awk -v n="$1" '$1 == n { print $2 }' "$TMP/times" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
minimum() {
    awk -v n="$1" '$1 == n { print $2 }' "$TMP/times" | sort -g | head -n 1
}

# Every run of a query must return the same sum.
for n in "${NAMES[@]}"; do
    c=$(awk -v n="$n" '$1 == n { print $3 }' "$TMP/sums" | sort -u | wc -l)
    [[ $c == 1 ]] || die "query for $n returned different results across runs"
done

declare -A MED MIN OUTCH
for n in "${NAMES[@]}"; do
    MED[$n]=$(median "$n") || die "no timings parsed for $n (see psql output format)"
    MIN[$n]=$(minimum "$n")
    OUTCH[$n]=$(awk -v n="$n" '$1 == n { print $3; exit }' "$TMP/sums")
done

printf '%-26s %11s %11s %12s %9s %11s %13s\n' \
    function 'median ms' 'min ms' 'rows/s' 'ns/row' 'vs lower' 'net vs lower'
printf '%-26s %11s %11s %12s %9s %11s %13s\n' \
    -------- --------- ------ ------ ------ -------- ------------
for n in "${NAMES[@]}"; do
    awk -v label="${LABEL[$n]}" -v med="${MED[$n]}" -v min="${MIN[$n]}" -v rows="$ROWS" \
        -v low="${MED[lower]}" -v base="${MED[scan]}" -v is_scan="$([[ $n == scan ]] && echo 1 || echo 0)" '
        BEGIN {
            rps = (med > 0) ? rows / (med / 1000) : 0
            ratio = med / low
            net = "n/a"
            if (!is_scan && low - base > 0) net = sprintf("%.2f", (med - base) / (low - base))
            printf "%-26s %11.1f %11.1f %12.0f %9.1f %11.2f %13s\n",
                label, med, min, rps, med * 1e6 / rows, ratio, net
        }'
done
echo
echo "ratios: median time of the function / median time of lower(aff); < 1.00 means faster than lower()."
echo "net:    the same with the scan-only median subtracted from both (function cost alone)."
echo "output: avg chars per row  lower $(awk -v a="${OUTCH[lower]}" -v r="$ROWS" 'BEGIN{printf "%.1f", a/r}'),"\
     "lower(unaccent) $(awk -v a="${OUTCH[lower_unaccent]}" -v r="$ROWS" 'BEGIN{printf "%.1f", a/r}'),"\
     "inst_normalize $(awk -v a="${OUTCH[inst_normalize]}" -v r="$ROWS" 'BEGIN{printf "%.1f", a/r}')"
((STANDIN)) && echo "*** inst_normalize was a STAND-IN, not the extension: these numbers say nothing about instmatch ***"

ratio=$(awk -v a="${MED[inst_normalize]}" -v b="${MED[lower]}" 'BEGIN { printf "%.2f", a / b }')
if awk -v r="$ratio" 'BEGIN { exit !(r <= 1.00) }'; then
    echo "target met: inst_normalize is no slower than lower() on these rows"
else
    echo "target NOT met: inst_normalize is slower than lower() on these rows (not an error; exit 0)"
fi
echo "inst_normalize/lower ratio: $ratio (target <= 1.00)"
exit 0
