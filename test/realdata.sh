#!/usr/bin/env bash
# Real-data tests: import the real list files of ../shared/data and check what came in.
#
#   pg_virtualenv -t -v 15 bash test/realdata.sh
#
# Runs on the throwaway cluster the caller provides (PG* variables, as pg_virtualenv sets them):
# creates a database with the extension (installed beforehand with make install), then runs
# every test/realdata/*.sql in name order with
#
#   psql -X -At -v ON_ERROR_STOP=1 -v data=<path of ../shared/data>
#
# from the repository root, with the environment variable INSTMATCH_DATA set to the same path
# (psql does not expand variables in \copy, but the shell of \copy ... FROM PROGRAM does).
# Each script reports its checks as lines "ok: what" or "FAILED: what (detail)", with the
# function realdata.check(what text, passed boolean, detail text) this script creates:
#
#   SELECT realdata.check('CSL: Entity List entities', count(*) = 2001, count(*)::text) FROM ...;
#
# A script that stops on an error counts as one failure. The last line is "N passed, M failed";
# the exit status is 1 if anything failed. When the data folder is missing the script prints
# "skipped: ../shared/data absent" and exits 0. INSTMATCH_SHARED_DATA overrides the folder.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${INSTMATCH_SHARED_DATA:-$ROOT/../shared/data}
if [ ! -d "$DATA" ]; then
    echo "skipped: ../shared/data absent"
    exit 0
fi
DATA=$(cd "$DATA" && pwd)
export INSTMATCH_DATA=$DATA
DB=instmatch_realdata

passed=0
failed=0

PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $DB" \
    -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null || {
    echo "FAILED: cannot create the database $DB"
    echo "0 passed, 1 failed"
    exit 1
}
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" >/dev/null <<'SQL' || { echo "FAILED: CREATE EXTENSION instmatch"; echo "0 passed, 1 failed"; exit 1; }
CREATE EXTENSION instmatch;
CREATE SCHEMA realdata;
CREATE FUNCTION realdata.check(what text, passed boolean, detail text DEFAULT NULL) RETURNS text
    LANGUAGE sql AS $$
SELECT CASE WHEN passed THEN 'ok: ' || what
            ELSE 'FAILED: ' || what || COALESCE(' (' || detail || ')', ' (' || COALESCE(passed::text, 'null') || ')') END
$$;
SQL

cd "$ROOT" || exit 1
for script in test/realdata/*.sql; do
    [ -e "$script" ] || continue
    echo "== $script"
    start=$(date +%s)
    out=$(psql -X -At -v ON_ERROR_STOP=1 -v data="$DATA" -d "$DB" -f "$script" 2>&1)
    st=$?
    printf '%s\n' "$out" | grep -E '^(ok|FAILED): ' || true
    n=$(printf '%s\n' "$out" | grep -cE '^ok: ')
    m=$(printf '%s\n' "$out" | grep -cE '^FAILED: ')
    passed=$((passed + n))
    failed=$((failed + m))
    if [ $st -ne 0 ]; then
        echo "FAILED: $script stopped with an error:"
        printf '%s\n' "$out" | grep -E 'ERROR|DETAIL|HINT|CONTEXT' | head -n 8 | sed 's/^/    /'
        failed=$((failed + 1))
    fi
    echo "   ($(( $(date +%s) - start )) s)"
done

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
