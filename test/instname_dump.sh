#!/usr/bin/env bash
# test/instname_dump.sh - pg_dump / pg_restore round trip of a table with instname columns
# (a plain one and a stored generated one) and its GIN, btree and hash indexes.
#
#   pg_virtualenv -v 15 bash test/instname_dump.sh      (or any server psql reaches, as a superuser)
#
# Dumps in custom format (-Fc) and restores with pg_restore into a new database, and again in
# plain format through psql; compares the contents byte for byte (instname_send), checks that
# the indexes exist and that a containment query uses the GIN index and gives the same answer.
# Uses the databases instname_dump_src, instname_dump_fc and instname_dump_plain (re-created).
# Last line: "N passed, M failed".
set -uo pipefail
export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c client_min_messages=warning"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=instname_dump_src
TMP=$(mktemp -d "${TMPDIR:-/tmp}/instname-dump.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
check() { # description expected actual
    if [[ "$2" == "$3" ]]; then passed=$((passed + 1)); echo "ok: $1"; else failed=$((failed + 1)); echo "FAIL: $1: expected '$2', got '$3'"; fi
}
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
PG_DUMP=${PG_DUMP:-pg_dump}
PG_RESTORE=${PG_RESTORE:-pg_restore}

for d in $SRC instname_dump_fc instname_dump_plain; do
    q -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
done
q -d postgres -c "CREATE DATABASE $SRC" >/dev/null
q -d "$SRC" >/dev/null <<SQL || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
CREATE EXTENSION instmatch;
CREATE TABLE aff(id int PRIMARY KEY, raw text NOT NULL, inst instname,
                 gen instname GENERATED ALWAYS AS (raw::instname) STORED);
CREATE TEMP TABLE src(s text);
\\copy src FROM '$ROOT/test/data/instname_affiliations.txt' WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')
INSERT INTO aff(id, raw, inst)
SELECT row_number() OVER (ORDER BY s COLLATE "C", g), s || CASE WHEN g > 1 THEN ', Lab ' || g ELSE '' END,
       (s || CASE WHEN g > 1 THEN ', Lab ' || g ELSE '' END)::instname
FROM src, generate_series(1, 20) g;
INSERT INTO aff(id, raw, inst) VALUES (100000, '', ''), (100001, 'x', NULL);
CREATE INDEX aff_inst_gin ON aff USING gin (inst);
CREATE INDEX aff_gen_btree ON aff (gen);
CREATE INDEX aff_inst_hash ON aff USING hash (inst);
SQL

fingerprint() { # database -> md5 of every row, with the stored bytes of the instname values
    q -d "$1" -At -c "SELECT count(*) || ' ' || md5(string_agg(id || '|' || raw || '|' || coalesce(encode(instname_send(inst), 'hex'), 'NULL')
                                  || '|' || coalesce(encode(instname_send(gen), 'hex'), 'NULL'), E'\n' ORDER BY id)) FROM aff"
}
indexes() { q -d "$1" -At -c "SELECT string_agg(indexname || ':' || substring(indexdef from 'USING ([a-z]+)'), ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'aff'"; }
hit() { q -d "$1" -At -c "SET enable_seqscan = off" -c "SELECT count(*) FROM aff WHERE inst @> 'Harbin Institute of Technology'"; }
plan() { q -d "$1" -At -c "SET enable_seqscan = off" -c "EXPLAIN (COSTS OFF) SELECT count(*) FROM aff WHERE inst @> 'Harbin Institute of Technology'" | grep -o 'Bitmap Index Scan on [a-z_]*' | head -n 1; }

want_fp=$(fingerprint $SRC)
want_ix=$(indexes $SRC)
want_hit=$(hit $SRC)
echo "source: $want_fp; indexes $want_ix; HIT rows $want_hit"

# custom format + pg_restore
"$PG_DUMP" -Fc -d $SRC -f "$TMP/dump.fc" && q -d postgres -c "CREATE DATABASE instname_dump_fc" >/dev/null &&
    "$PG_RESTORE" --exit-on-error -d instname_dump_fc "$TMP/dump.fc"
check "pg_dump -Fc | pg_restore exit status" 0 $?
check "custom format: same rows and bytes" "$want_fp" "$(fingerprint instname_dump_fc)"
check "custom format: indexes restored" "$want_ix" "$(indexes instname_dump_fc)"
check "custom format: GIN index used" "Bitmap Index Scan on aff_inst_gin" "$(plan instname_dump_fc)"
check "custom format: same answer through the index" "$want_hit" "$(hit instname_dump_fc)"

# plain format through psql
"$PG_DUMP" -Fp -d $SRC -f "$TMP/dump.sql" && q -d postgres -c "CREATE DATABASE instname_dump_plain" >/dev/null &&
    q -d instname_dump_plain -f "$TMP/dump.sql" >/dev/null
check "pg_dump -Fp | psql exit status" 0 $?
check "plain format: same rows and bytes" "$want_fp" "$(fingerprint instname_dump_plain)"
check "plain format: indexes restored" "$want_ix" "$(indexes instname_dump_plain)"
check "plain format: same answer through the index" "$want_hit" "$(hit instname_dump_plain)"

# the restored GIN index agrees with a sequential scan on every name of the fixture
bad=$(q -d instname_dump_fc -At <<SQL
CREATE TEMP TABLE names(name text);
\\copy names FROM '$ROOT/test/data/instname_names.txt' WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')
SET enable_seqscan = off;
CREATE TEMP TABLE via_index AS SELECT n.name, a.id FROM names n JOIN aff a ON a.inst @> n.name::instname;
RESET enable_seqscan; SET enable_bitmapscan = off; SET enable_indexscan = off;
CREATE TEMP TABLE via_seq AS SELECT n.name, a.id FROM names n JOIN aff a ON a.inst @> n.name::instname;
SELECT (SELECT count(*) FROM (SELECT * FROM via_index EXCEPT SELECT * FROM via_seq) x)
     + (SELECT count(*) FROM (SELECT * FROM via_seq EXCEPT SELECT * FROM via_index) x);
SQL
)
check "restored GIN index = sequential scan for every fixture name" 0 "$bad"

for d in $SRC instname_dump_fc instname_dump_plain; do q -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1; done
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
