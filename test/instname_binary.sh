#!/usr/bin/env bash
# test/instname_binary.sh - corrupted binary input to the instname type never crashes the server.
#
#   pg_virtualenv -v 15 bash test/instname_binary.sh      (or any server psql reaches, as a superuser)
#
# 1. binary COPY round trip of a small table with instname values;
# 2. every byte of that COPY file flipped (xor 0x01, 0x80, 0xff), and the file cut at every length;
# 3. 600 seeded mutations (1 to 3 bytes changed, inserted or deleted) of the instname field itself,
#    framed as valid binary COPY files, so instname_recv sees them.
# Each load must either succeed with canonical values (v::text::instname = v) or fail with a clean
# ERROR, and the server must answer SELECT 1 afterwards. Needs python3. Uses the database
# instname_binary_test (dropped and re-created). Last line: "N passed, M failed".
set -uo pipefail
export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c client_min_messages=warning"

DB=${INSTNAME_TEST_DB:-instname_binary_test}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/instname-binary.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

command -v python3 >/dev/null || { echo "python3 is needed"; echo "0 passed, 1 failed"; exit 1; }
q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
q -d "$DB" >/dev/null <<'SQL' || { echo "cannot set up $DB"; echo "0 passed, 1 failed"; exit 1; }
CREATE EXTENSION instmatch;
CREATE TABLE src(id int, v instname);
INSERT INTO src VALUES (1, 'Harbin Inst. of Tech., Harbin 150001; (HIT)'),
  (2, '北京航空航天大学 buaa.edu.cn'), (3, ''), (4, NULL), (5, 'Université Paris-Saclay, Orsay');
CREATE TABLE dst(id int, v instname);
SQL

# 1. round trip
q -d "$DB" -c "\\copy src TO '$TMP/good.bin' (FORMAT binary)" >/dev/null &&
    q -d "$DB" -c "\\copy dst FROM '$TMP/good.bin' (FORMAT binary)" >/dev/null
same=$(q -d "$DB" -At -c "SELECT count(*) FROM src s JOIN dst d USING (id) WHERE s.v IS NOT DISTINCT FROM d.v")
[[ $same == 5 ]] && ok || bad "binary COPY round trip: $same of 5 rows equal"
q -d "$DB" -At -c "SELECT encode(instname_send(v), 'hex') FROM src WHERE v IS NOT NULL ORDER BY id" > "$TMP/payloads.txt"

# 2 + 3. corrupted files
python3 - "$TMP" <<'PY'
import os, random, struct, sys
tmp = sys.argv[1]
good = open(os.path.join(tmp, 'good.bin'), 'rb').read()
cases = []
for i in range(len(good)):
    for x in (0x01, 0x80, 0xff):
        b = bytearray(good); b[i] ^= x; cases.append(bytes(b))
for n in range(len(good)):
    cases.append(good[:n])
header = b'PGCOPY\n\xff\r\n\x00' + struct.pack('>ii', 0, 0)
def frame(field):
    return header + struct.pack('>hi', 2, 4) + struct.pack('>i', 1) + struct.pack('>i', len(field)) + field + struct.pack('>h', -1)
rng = random.Random(20240601)
payloads = [bytes.fromhex(l.strip()) for l in open(os.path.join(tmp, 'payloads.txt')) if l.strip()]
for k in range(600):
    p = bytearray(rng.choice(payloads))
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(3)
        pos = rng.randrange(len(p) + 1)
        if op == 0 and p:
            p[min(pos, len(p) - 1)] = rng.randrange(256)
        elif op == 1:
            p[pos:pos] = bytes([rng.randrange(256)])
        elif p:
            del p[min(pos, len(p) - 1)]
    cases.append(frame(bytes(p)))
for k, c in enumerate(cases):
    open(os.path.join(tmp, 'case%04d.bin' % k), 'wb').write(c)
print(len(cases))
PY
ncases=$(ls "$TMP"/case*.bin | wc -l)
{
    for f in "$TMP"/case*.bin; do
        echo "\\echo @@ $(basename "$f")"
        echo "TRUNCATE dst;"
        echo "\\copy dst FROM '$f' (FORMAT binary)"
        echo "SELECT 'noncanonical=' || count(*) FROM dst WHERE v IS NOT NULL AND (v::text::instname <> v OR inst_normalize(v::text) <> v::text);"
        echo "SELECT 'alive=' || 1;"
    done
} > "$TMP/run.sql"
psql -X -q -v ON_ERROR_STOP=0 -At -d "$DB" -f "$TMP/run.sql" > "$TMP/run.out" 2>&1
awk -v out="$TMP/verdicts" '
    function finish() { if (name != "") print name, (alive ? (noncanon ? "noncanonical" : (err ? "error" : "loaded")) : "DEAD"), errmsg > out }
    /^@@ / { finish(); name = $2; alive = 0; noncanon = 0; err = 0; errmsg = ""; next }
    /ERROR:/ { err = 1; if (errmsg == "") { errmsg = $0; sub(/.*ERROR: +/, "", errmsg) } }
    /^noncanonical=/ { split($0, a, "="); if (a[2] + 0 > 0) noncanon = 1 }
    /^alive=1$/ { alive = 1 }
    END { finish() }
' "$TMP/run.out"
loaded=$(grep -c ' loaded' "$TMP/verdicts" || true)
errors=$(grep -c ' error' "$TMP/verdicts" || true)
dead=$(grep -c ' DEAD' "$TMP/verdicts" || true)
noncanon=$(grep -c ' noncanonical' "$TMP/verdicts" || true)
echo "corrupted files: $ncases; loaded with canonical values: $loaded; rejected with an ERROR: $errors; noncanonical: $noncanon; server gone: $dead"
echo "errors seen (count, message):"
grep ' error' "$TMP/verdicts" | cut -d' ' -f3- | sed -E 's/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -n 15 | sed 's/^/  /'
passed=$((passed + loaded + errors)); failed=$((failed + dead + noncanon))
grep -E ' (DEAD|noncanonical)' "$TMP/verdicts" | head -n 5 | sed 's/^/FAIL: /'
[[ $(q -d "$DB" -At -c 'SELECT 1' 2>/dev/null) == 1 ]] && ok || bad "server does not answer after the run"
q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
