#!/usr/bin/env bash
# test/bench/instname.sh [ROWS] [REPEATS]
#
# Side by side, in one run, on ROWS (default 1000000) generated affiliation rows
# (gen_affiliations.sql, seeded, from the real dev_eval strings or the fixture):
#
#   instname   column aff::instname + GIN (instname_ops)        inst @> name
#   tsvector   column to_tsvector('simple', aff) + GIN           tsv @@ phraseto_tsquery('simple', name)
#   trgm       column lower(aff) + GIN (gin_trgm_ops)            laff LIKE '%name%'  and  name <<% laff
#
# and measures: column fill time, index build time and size, the one-name lookup latency for
# 'Harbin Institute of Technology' (median of REPEATS, default 5, after a warm-up; once with the
# paths interleaved, so each path's heap pages have mostly left shared_buffers, and once back to
# back, "warm"; EXPLAIN (ANALYZE, BUFFERS) shows the heap blocks a lookup visits), and a join
# against 2,000 institution names (ROR names of CN/US/GB organizations, those labelled in
# dev_eval first, then by md5 of the ROR id; the project's name fixture when ../shared/data is
# absent): matching pairs and time. Each path has its own table, so sizes and scans are
# independent. One core: max_parallel_workers_per_gather = 0, jit = off. With pageinspect
# (contrib; needs a superuser) it also breaks each GIN index down by page kind (entry tree leaf and
# internal pages, posting tree leaf and internal pages) with the share of free space.
#
# Prints ratios against tsvector and pg_trgm and the targets: instname's GIN index at most 1/2
# of tsvector's and 1/6 of pg_trgm's; build, lookup and join each at least as fast as tsvector.
# Slowness is never an error: exit 0 unless something fails (no server, SQL error).
#
# Needs a server psql reaches with default settings (e.g. pg_virtualenv -v 15 test/bench/instname.sh)
# with instmatch installed (make install) and contrib's pg_trgm. Drops and re-creates the
# database instmatch_bench_inst (BENCH_DB).
#
# Environment (optional): BENCH_DB, BENCH_SEED (default 0.42), BENCH_SOURCE (file of source
# strings), BENCH_NAMES (file of names, one per line), BENCH_JOIN_TIMEOUT (seconds per join
# query, default 1800; a join that runs out is reported as "timeout"), BENCH_MWM
# (maintenance_work_mem for index builds, default 256MB).

set -euo pipefail

die() { echo "instname.sh: ERROR: $*" >&2; exit 2; }

ROWS=${1:-1000000}
REPEATS=${2:-5}
[[ $ROWS =~ ^[1-9][0-9]*$ ]] || die "ROWS must be a positive integer (got '$ROWS')"
[[ $REPEATS =~ ^[1-9][0-9]*$ ]] || die "REPEATS must be a positive integer (got '$REPEATS')"

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${INSTMATCH_SHARED_DATA:-$ROOT/../shared/data}
DEV_EVAL=$SHARED/dev_eval/affiliations.tsv
ROR_NAMES=$SHARED/ror_records/ror_names.tsv.gz
FIXTURE=$HERE/fixture_affiliations.tsv
NAME_FIXTURE=$ROOT/test/data/instname_names.txt
GEN_SQL=$HERE/gen_affiliations.sql
DB=${BENCH_DB:-instmatch_bench_inst}
SEED=${BENCH_SEED:-0.42}
JOIN_TIMEOUT=${BENCH_JOIN_TIMEOUT:-1800}
MWM=${BENCH_MWM:-256MB}
NNAMES=2000

[[ $DB =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "BENCH_DB must be a plain identifier (got '$DB')"
[[ $SEED =~ ^-?(0(\.[0-9]+)?|1(\.0+)?|\.[0-9]+)$ ]] || die "BENCH_SEED must be a number in [-1, 1] (got '$SEED')"
[[ $JOIN_TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "BENCH_JOIN_TIMEOUT must be a positive integer"
[[ $MWM =~ ^[0-9]+(kB|MB|GB)$ ]] || die "BENCH_MWM looks odd: '$MWM'"
[[ -r $GEN_SQL ]] || die "missing $GEN_SQL"
command -v psql >/dev/null || die "psql not found in PATH"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/instmatch-bench-inst.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c client_min_messages=warning"
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }
psql_db()    { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

psql_admin -At -c 'SELECT 1' >/dev/null 2>"$TMP/conn.err" ||
    { cat "$TMP/conn.err" >&2; die "cannot connect with psql; run inside a cluster, e.g. pg_virtualenv -v 15 $0"; }

# ---------------------------------------------------------------- sources and names
if [[ -n ${BENCH_SOURCE:-} ]]; then
    [[ -r $BENCH_SOURCE ]] || die "BENCH_SOURCE=$BENCH_SOURCE is not readable"
    SRC_DESC="$BENCH_SOURCE (BENCH_SOURCE)"; cat "$BENCH_SOURCE" > "$TMP/raw.txt"
elif [[ -r $DEV_EVAL ]]; then
    SRC_DESC="$DEV_EVAL (column 2)"; tail -n +2 "$DEV_EVAL" | cut -f2 > "$TMP/raw.txt"
else
    echo "note: $DEV_EVAL not found; using the fixture $FIXTURE"
    SRC_DESC="$FIXTURE (fixture)"; cat "$FIXTURE" > "$TMP/raw.txt"
fi
tr -d '\r\001\002' < "$TMP/raw.txt" | { grep -v '^[[:space:]]*$' || true; } > "$TMP/sources.txt"
[[ -s $TMP/sources.txt ]] || die "no source strings in $SRC_DESC"

if [[ -n ${BENCH_NAMES:-} ]]; then
    [[ -r $BENCH_NAMES ]] || die "BENCH_NAMES=$BENCH_NAMES is not readable"
    NAMES_DESC="$BENCH_NAMES (BENCH_NAMES)"
    tr -d '\r\001\002' < "$BENCH_NAMES" | { grep -v '^[[:space:]]*$' || true; } | head -n $NNAMES > "$TMP/names.txt"
elif [[ -r $ROR_NAMES ]]; then
    NAMES_DESC="ROR names of CN/US/GB organizations ($ROR_NAMES): dev_eval-labelled first, then by md5(ror_id)"
    # ror ids labelled in dev_eval (column 3, '|'-separated)
    if [[ -r $DEV_EVAL ]]; then tail -n +2 "$DEV_EVAL" | cut -f3 | tr '|' '\n' | sort -u > "$TMP/gold.txt"; else : > "$TMP/gold.txt"; fi
    zcat "$ROR_NAMES" | tail -n +2 | awk -F'\t' '$5 == "CN" || $5 == "US" || $5 == "GB" { print $1 "\t" $2 }' |
        tr -d '\r\001\002' > "$TMP/ror_cn_us_gb.tsv"
    python3 - "$TMP/ror_cn_us_gb.tsv" "$TMP/gold.txt" "$NNAMES" > "$TMP/names.txt" <<'PY'
import hashlib, sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8') if '\t' in l]
gold = set(l.strip() for l in open(sys.argv[2]))
key = lambda r: (r[0] not in gold, hashlib.md5(r[0].encode()).hexdigest())
seen, out = set(), []
for rid, name in sorted(rows, key=key):
    name = name.strip()
    if name and name not in seen:
        seen.add(name); out.append(name)
    if len(out) == int(sys.argv[3]):
        break
print('\n'.join(out))
PY
else
    echo "note: $ROR_NAMES not found; using the name fixture $NAME_FIXTURE"
    NAMES_DESC="$NAME_FIXTURE (fixture)"
    tr -d '\r\001\002' < "$NAME_FIXTURE" | { grep -v '^[[:space:]]*$' || true; } > "$TMP/names.txt"
fi
[[ -s $TMP/names.txt ]] || die "no names in $NAMES_DESC"

# ---------------------------------------------------------------- database and data
psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
psql_admin -c "CREATE DATABASE $DB"
[[ $(psql_db -At -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'instmatch'") == 1 ]] ||
    die "extension instmatch is not available; run 'make install' first"
[[ $(psql_db -At -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'") == 1 ]] ||
    die "extension pg_trgm is not available (install postgresql-contrib)"
psql_db -c 'CREATE EXTENSION instmatch' -c 'CREATE EXTENSION pg_trgm'
# pageinspect (contrib, superuser) breaks the index sizes down by page kind; optional
HAVE_PAGEINSPECT=0
psql_db -c 'CREATE EXTENSION pageinspect' >/dev/null 2>&1 && HAVE_PAGEINSPECT=1
psql_db -c 'CREATE TABLE bench_src (aff text)' -c 'CREATE TABLE bench_names (name text)'
psql_db -c "COPY bench_src (aff) FROM STDIN WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')" < "$TMP/sources.txt"
psql_db -c "COPY bench_names (name) FROM STDIN WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')" < "$TMP/names.txt"
psql_db -At -F ' | ' -v rows="$ROWS" -v seed="$SEED" -f "$GEN_SQL" > "$TMP/gen.out"
IFS='|' read -r g_seed g_nsrc g_srcmd5 g_rows g_distinct g_chars g_bytes g_sum < <(tail -n 1 "$TMP/gen.out" | tr -d ' ')
[[ $g_rows == "$ROWS" ]] || die "generator made '$g_rows' rows, expected $ROWS"
psql_db -c 'VACUUM (FREEZE, ANALYZE) bench_aff'

# names in the three forms, prepared once (not timed)
psql_db <<'SQL'
CREATE TABLE names AS
SELECT row_number() OVER (ORDER BY name COLLATE "C") AS id, name,
       name::instname AS inst,
       phraseto_tsquery('simple', name) AS tsq,
       lower(name) AS lname,
       '%' || replace(replace(replace(lower(name), '\', '\\'), '%', '\%'), '_', '\_') || '%' AS pat
FROM (SELECT DISTINCT name FROM bench_names) s;
ANALYZE names;
SQL

# ---------------------------------------------------------------- timed steps
# psql script; every timed statement is preceded by "\echo @@ label"; \timing prints "Time: X ms".
NAME='Harbin Institute of Technology'
declare -a LOOKUP_LABELS=(instname tsvector trgm_like trgm_strict)
declare -A LOOKUP=(
    [instname]="SELECT count(*) FROM aff_inst WHERE inst @> '$NAME'"
    [tsvector]="SELECT count(*) FROM aff_tsv WHERE tsv @@ phraseto_tsquery('simple', '$NAME')"
    [trgm_like]="SELECT count(*) FROM aff_trgm WHERE laff LIKE '%$(tr 'A-Z' 'a-z' <<< "$NAME")%'"
    [trgm_strict]="SELECT count(*) FROM aff_trgm WHERE '$(tr 'A-Z' 'a-z' <<< "$NAME")' <<% laff"
)
declare -A JOIN=(
    [instname]="SELECT count(*) FROM names n JOIN aff_inst a ON a.inst @> n.inst"
    [tsvector]="SELECT count(*) FROM names n JOIN aff_tsv a ON a.tsv @@ n.tsq"
    [trgm_like]="SELECT count(*) FROM names n JOIN aff_trgm a ON a.laff LIKE n.pat"
    [trgm_strict]="SELECT count(*) FROM names n JOIN aff_trgm a ON n.lname <<% a.laff"
)
{
    echo "SET max_parallel_workers_per_gather = 0;"
    echo "SET max_parallel_maintenance_workers = 0;"
    echo "SET jit = off;"
    echo "SET maintenance_work_mem = '$MWM';"
    printf '\\timing on\n'
    echo "\\echo @@ fill instname"
    echo "CREATE TABLE aff_inst AS SELECT id, aff::instname AS inst FROM bench_aff;"
    echo "\\echo @@ fill tsvector"
    echo "CREATE TABLE aff_tsv AS SELECT id, to_tsvector('simple', aff) AS tsv FROM bench_aff;"
    echo "\\echo @@ fill trgm"
    echo "CREATE TABLE aff_trgm AS SELECT id, lower(aff) AS laff FROM bench_aff;"
    printf '\\timing off\n'
    echo "VACUUM (FREEZE, ANALYZE) aff_inst; VACUUM (FREEZE, ANALYZE) aff_tsv; VACUUM (FREEZE, ANALYZE) aff_trgm;"
    printf '\\timing on\n'
    echo "\\echo @@ build instname"
    echo "CREATE INDEX aff_inst_gin ON aff_inst USING gin (inst);"
    echo "\\echo @@ build tsvector"
    echo "CREATE INDEX aff_tsv_gin ON aff_tsv USING gin (tsv);"
    echo "\\echo @@ build trgm"
    echo "CREATE INDEX aff_trgm_gin ON aff_trgm USING gin (laff gin_trgm_ops);"
    printf '\\timing off\n'
    echo "ANALYZE aff_inst; ANALYZE aff_tsv; ANALYZE aff_trgm;"
    echo "SET enable_seqscan = off;"
    for n in "${LOOKUP_LABELS[@]}"; do
        echo "\\echo @@ plan $n"
        echo "EXPLAIN (COSTS OFF) ${LOOKUP[$n]};"
        echo "\\echo @@ result $n"
        echo "${LOOKUP[$n]};"     # warm-up, result kept
    done
    printf '\\timing on\n'
    k=${#LOOKUP_LABELS[@]}
    for ((i = 1; i <= REPEATS; i++)); do
        for ((j = 0; j < k; j++)); do
            n=${LOOKUP_LABELS[$(( (i - 1 + j) % k ))]}
            echo "\\echo @@ lookup $n"
            echo "${LOOKUP[$n]};"
        done
    done
    # warm: each path REPEATS times back to back after one more run, so its pages stay in
    # shared_buffers (the interleaved runs above let the other paths evict them in between)
    for n in "${LOOKUP_LABELS[@]}"; do
        echo "\\echo @@ warmup $n"
        echo "${LOOKUP[$n]};"
        for ((i = 1; i <= REPEATS; i++)); do
            echo "\\echo @@ warm $n"
            echo "${LOOKUP[$n]};"
        done
    done
    printf '\\timing off\n'
    for n in "${LOOKUP_LABELS[@]}"; do
        echo "\\echo @@ buffers $n"
        echo "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, COSTS OFF) ${LOOKUP[$n]};"
    done
    printf '\\timing on\n'
    echo "SET statement_timeout = '${JOIN_TIMEOUT}s';"
    for n in "${LOOKUP_LABELS[@]}"; do
        echo "\\echo @@ join $n"
        echo "${JOIN[$n]};"
    done
    echo "RESET statement_timeout;"
    printf '\\timing off\n'
    echo "\\echo @@ plan join_instname"
    echo "EXPLAIN (COSTS OFF) ${JOIN[instname]};"
    echo "\\echo @@ sizes instname"
    echo "SELECT pg_relation_size('aff_inst_gin'), pg_table_size('aff_inst');"
    echo "\\echo @@ sizes tsvector"
    echo "SELECT pg_relation_size('aff_tsv_gin'), pg_table_size('aff_tsv');"
    echo "\\echo @@ sizes trgm"
    echo "SELECT pg_relation_size('aff_trgm_gin'), pg_table_size('aff_trgm');"
    if [[ $HAVE_PAGEINSPECT == 1 ]]; then
        for ix in aff_inst_gin aff_tsv_gin aff_trgm_gin; do
            echo "\\echo @@ space $ix"
            # one line per page kind: kind | pages | free bytes
            echo "SELECT CASE WHEN 'meta' = ANY (o.flags) THEN 'meta'
                          WHEN 'data' = ANY (o.flags) AND 'leaf' = ANY (o.flags) THEN 'tree_leaf'
                          WHEN 'data' = ANY (o.flags) THEN 'tree_internal'
                          WHEN 'leaf' = ANY (o.flags) THEN 'entry_leaf'
                          WHEN 'list' = ANY (o.flags) THEN 'pending'
                          WHEN 'deleted' = ANY (o.flags) THEN 'deleted'
                          ELSE 'entry_internal' END AS kind,
                     count(*), sum(h.upper - h.lower)
              FROM generate_series(0, (pg_relation_size('$ix') / current_setting('block_size')::int - 1)::int) b,
                   LATERAL (SELECT get_raw_page('$ix', b) AS p) r,
                   LATERAL gin_page_opaque_info(r.p) o, LATERAL page_header(r.p) h
              GROUP BY 1 ORDER BY 1;"
        done
    fi
} > "$TMP/timed.sql"

echo "running (ROWS=$ROWS, REPEATS=$REPEATS); the joins can take a while ..." >&2
# ON_ERROR_STOP off only so that a join stopped by statement_timeout is reported, not fatal
psql -X -q -v ON_ERROR_STOP=0 -d "$DB" -At -F '|' -f "$TMP/timed.sql" > "$TMP/timed.out" 2> "$TMP/timed.err" || true
if grep -v 'canceling statement due to statement timeout' "$TMP/timed.err" | grep -q 'ERROR'; then
    cat "$TMP/timed.err" >&2; die "SQL error in the timed script"
fi

# Parse: after "@@ step name", result lines, then "Time: X ms".
awk -v out="$TMP/times" -v res="$TMP/results" '
    /^@@ / { step = $2; name = $3; next }
    /^Time: / { print step, name, $2 > out; next }
    step == "result" || step == "join" || step == "sizes" || step == "space" { if ($0 != "") print step, name, $0 > res }
    step == "buffers" { print step, name, $0 > res }
    step == "plan" { print step, name, $0 > res }
' "$TMP/timed.out"
# a join that timed out has no result line: mark it
for n in "${LOOKUP_LABELS[@]}"; do
    grep -q "^join $n " "$TMP/results" || echo "join $n timeout" >> "$TMP/results"
done

t() { awk -v s="$1" -v n="$2" '$1 == s && $2 == n { print $3; exit }' "$TMP/times"; }
median() { # path [step]: median time of the lookups of a path (step lookup: interleaved; warm)
    awk -v n="$1" -v s="${2:-lookup}" '$1 == s && $2 == n { print $3 }' "$TMP/times" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
r() { awk -v s="$1" -v n="$2" '$1 == s && $2 == n { $1 = ""; $2 = ""; sub(/^  /, ""); print; exit }' "$TMP/results"; }
size() { r sizes "$1" | cut -d'|' -f1; }
tsize() { r sizes "$1" | cut -d'|' -f2; }
jointime() { # join time in ms, or "timeout"
    if [[ $(r join "$1") == timeout ]]; then echo timeout; else t join "$1"; fi
}
fmt_ms() { [[ $1 == timeout || $1 == nan || -z $1 ]] && echo "${1:-n/a}" || awk -v v="$1" 'BEGIN { printf "%.1f", v }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
ratio() { # a / b, or n/a
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "timeout" || b == "timeout" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}

srv=$(psql_db -At -c "SELECT current_setting('server_version') || ', lc_ctype ' || current_setting('lc_ctype')")
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1 || true)
nnames=$(psql_db -At -c "SELECT count(*) FROM names")
ver=$(psql_db -At -c "SELECT inst_normalizer_version()")

echo "== instmatch instname benchmark"
echo "server:    PostgreSQL $srv; cpu ${cpu:-unknown}; one core (no parallel workers, no JIT)"
echo "instmatch: $ver"
echo "rows:      $g_rows generated ($g_distinct distinct), $g_bytes bytes, seed $g_seed, checksum $g_sum"
echo "sources:   $g_nsrc strings from $SRC_DESC"
echo "names:     $nnames from $NAMES_DESC"
echo "lookup:    '$NAME', median of $REPEATS after one warm-up, interleaved with the other paths"
echo "           (lookup ms) and back to back (warm ms); maintenance_work_mem $MWM"
echo
printf '%-22s %10s %10s %10s %10s %11s %9s %9s %12s %12s\n' path 'fill ms' 'build ms' 'index MB' 'table MB' 'lookup ms' 'warm ms' 'found' 'join ms' 'join pairs'
printf '%-22s %10s %10s %10s %10s %11s %9s %9s %12s %12s\n' ---- ------- -------- -------- -------- --------- ------- ----- ------- ----------
row() { # label path fillkey buildkey
    local label=$1 n=$2 fk=$3
    printf '%-22s %10s %10s %10s %10s %11s %9s %9s %12s %12s\n' "$label" \
        "$(fmt_ms "$(t fill "$fk")")" "$(fmt_ms "$(t build "$fk")")" \
        "$(mb "$(size "$fk")")" "$(mb "$(tsize "$fk")")" \
        "$(fmt_ms "$(median "$n")")" "$(fmt_ms "$(median "$n" warm)")" "$(r result "$n")" \
        "$(fmt_ms "$(jointime "$n")")" "$(r join "$n")"
}
row 'instname @>'          instname    instname
row 'tsvector phrase'      tsvector    tsvector
row 'pg_trgm LIKE'         trgm_like   trgm
row 'pg_trgm <<% (strict)' trgm_strict trgm
echo "(the two pg_trgm rows share one column and one index)"
echo
echo "plans of the lookups (enable_seqscan = off):"
for n in "${LOOKUP_LABELS[@]}"; do
    printf '  %-12s %s\n' "$n" "$(awk -v n="$n" '$1 == "plan" && $2 == n && /Scan/ { $1 = ""; $2 = ""; gsub(/^ +/, ""); printf "%s; ", $0 }' "$TMP/results")"
done
printf '  %-12s %s\n' "join" "$(awk '$1 == "plan" && $2 == "join_instname" && /Scan|Loop/ { $1 = ""; $2 = ""; gsub(/^ +/, ""); printf "%s; ", $0 }' "$TMP/results")"
echo
# what a lookup reads (EXPLAIN ANALYZE BUFFERS of one more run): heap blocks visited, index
# candidates the recheck removed, and buffers (hit = in shared_buffers, read = from the kernel)
echo "what one lookup reads (EXPLAIN (ANALYZE, BUFFERS) after the warm runs):"
printf '  %-12s %12s %14s %12s %s\n' path 'heap blocks' 'index buffers' 'rechecked' 'all buffers'
for n in "${LOOKUP_LABELS[@]}"; do
    awk -v n="$n" '$1 == "buffers" && $2 == n { $1 = ""; $2 = ""; print }' "$TMP/results" |
        awk -v n="$n" '
            /Heap Blocks:/ { if (match($0, /exact=[0-9]+/)) hb += substr($0, RSTART + 6, RLENGTH - 6)
                             if (match($0, /lossy=[0-9]+/)) hb += substr($0, RSTART + 6, RLENGTH - 6) }
            /Rows Removed by Index Recheck:/ { rr = $NF }
            /Bitmap Index Scan/ { inidx = 1; next }
            /Buffers:/ { b = $0; sub(/^ *Buffers: */, "", b); if (first == "") first = b; if (inidx && ib == "") ib = b }
            END { printf "  %-12s %12s %14s %12s %s\n", n, hb + 0, (ib == "" ? "-" : ib), rr + 0, first }'
done
echo
if [[ $HAVE_PAGEINSPECT == 1 ]]; then
    # where the bytes of each GIN index go, by page kind (pageinspect)
    echo "GIN index pages by kind (pageinspect): pages, and the share of their bytes that is free"
    printf '  %-14s %20s %20s %20s %20s\n' index entry_leaf entry_internal tree_leaf tree_internal
    for ix in aff_inst_gin aff_tsv_gin aff_trgm_gin; do
        awk -v ix="$ix" -v bs="$(psql_db -At -c "SHOW block_size")" '
            $1 == "space" && $2 == ix { split($3, f, "|"); pages[f[1]] = f[2]; free[f[1]] = f[3] }
            END {
                printf "  %-14s", ix
                split("entry_leaf entry_internal tree_leaf tree_internal", k, " ")
                for (i = 1; i <= 4; i++)
                    printf " %20s", (pages[k[i]] + 0) " (" (pages[k[i]] ? sprintf("%.0f", 100 * free[k[i]] / (pages[k[i]] * bs)) : 0) "% free)"
                tp = 0; tf = 0
                for (x in pages) { tp += pages[x]; tf += free[x] }
                printf "   all: %d pages, %.0f%% free\n", tp, (tp ? 100 * tf / (tp * bs) : 0)
            }' "$TMP/results"
    done
    echo
fi

I=$(size instname); T=$(size tsvector); G=$(size trgm)
check() { # description value op target
    if awk -v v="$2" -v t="$4" -v op="$3" 'BEGIN { if (v == "n/a") exit 1; exit !((op == "<=") ? (v + 0 <= t + 0) : (v + 0 >= t + 0)) }'; then
        echo "  met      $1: $2 (target $3 $4)"
    else
        echo "  NOT MET  $1: $2 (target $3 $4)"
    fi
}
echo "ratios (instname / other; below 1 means instname is smaller or faster):"
printf '  %-34s %8s %8s\n' '' 'tsvector' 'pg_trgm'
printf '  %-34s %8s %8s\n' 'GIN index size' "$(ratio "$I" "$T")" "$(ratio "$I" "$G")"
printf '  %-34s %8s %8s\n' 'index build time' "$(ratio "$(t build instname)" "$(t build tsvector)")" "$(ratio "$(t build instname)" "$(t build trgm)")"
printf '  %-34s %8s %8s\n' 'column fill + build time' \
    "$(ratio "$(awk -v a="$(t fill instname)" -v b="$(t build instname)" 'BEGIN{print a+b}')" "$(awk -v a="$(t fill tsvector)" -v b="$(t build tsvector)" 'BEGIN{print a+b}')")" \
    "$(ratio "$(awk -v a="$(t fill instname)" -v b="$(t build instname)" 'BEGIN{print a+b}')" "$(awk -v a="$(t fill trgm)" -v b="$(t build trgm)" 'BEGIN{print a+b}')")"
printf '  %-34s %8s %8s\n' 'lookup latency (vs LIKE)' "$(ratio "$(median instname)" "$(median tsvector)")" "$(ratio "$(median instname)" "$(median trgm_like)")"
printf '  %-34s %8s %8s\n' 'lookup latency (vs <<%)' '' "$(ratio "$(median instname)" "$(median trgm_strict)")"
printf '  %-34s %8s %8s\n' 'warm lookup latency (vs LIKE)' "$(ratio "$(median instname warm)" "$(median tsvector warm)")" "$(ratio "$(median instname warm)" "$(median trgm_like warm)")"
printf '  %-34s %8s %8s\n' 'join time (vs LIKE)' "$(ratio "$(jointime instname)" "$(jointime tsvector)")" "$(ratio "$(jointime instname)" "$(jointime trgm_like)")"
printf '  %-34s %8s %8s\n' 'join time (vs <<%)' '' "$(ratio "$(jointime instname)" "$(jointime trgm_strict)")"
echo
echo "targets:"
check 'index size / tsvector index' "$(ratio "$I" "$T")" '<=' 0.50
check 'index size / pg_trgm index' "$(ratio "$I" "$G")" '<=' 0.1667
check 'build time / tsvector build' "$(ratio "$(t build instname)" "$(t build tsvector)")" '<=' 1.00
check 'lookup / tsvector lookup' "$(ratio "$(median instname)" "$(median tsvector)")" '<=' 1.00
check 'warm lookup / tsvector warm lookup' "$(ratio "$(median instname warm)" "$(median tsvector warm)")" '<=' 1.00
check 'join / tsvector join' "$(ratio "$(jointime instname)" "$(jointime tsvector)")" '<=' 1.00
echo "(slowness is not an error: exit status 0)"
exit 0
