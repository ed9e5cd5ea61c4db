#!/usr/bin/env bash
# test/bigdict.sh - a dictionary of 1,000,000 aliases (500,000 entities, each with its name and
# one alias): build time and memory (inst_dictionary_info), the right answer among them, the
# time of a match, and query cancel during the build. sql/edge.sql has a 100,000-entity case.
#
#   make install && pg_virtualenv -t -v 15 bash test/bigdict.sh    (any server psql reaches, as a superuser)
#
# BIGDICT_ENTITIES=N changes the number of entities (aliases = 2 N). Uses the database
# instmatch_bigdict (re-created). Last line: "N passed, M failed".
set -uo pipefail
export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c client_min_messages=warning"
N=${BIGDICT_ENTITIES:-500000}
DB=instmatch_bigdict
passed=0 failed=0
check() { # description expected actual
    if [[ "$2" == "$3" ]]; then passed=$((passed + 1)); echo "ok: $1"
    else failed=$((failed + 1)); echo "FAIL: $1: expected '$2', got '$3'"; fi
}
q() { psql -X -q -v ON_ERROR_STOP=1 -At -d "$DB" "$@"; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" \
    -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null ||
    { echo "0 passed, 1 failed"; exit 1; }
t0=$(date +%s.%N)
q >/dev/null <<SQL || { echo "loading failed"; echo "0 passed, 1 failed"; exit 1; }
CREATE EXTENSION instmatch;
CREATE FUNCTION word(g int) RETURNS text LANGUAGE sql IMMUTABLE
    AS \$\$ SELECT initcap(translate(g::text, '0123456789', 'qwrtzpsdfg')) \$\$;
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city)
SELECT 'big-' || g, 'Institute of ' || word(g) || ' Studies', 'CN', 'China', 'Beijing' FROM generate_series(1, $N) g;
INSERT INTO instmatch.alias (entity_id, alias, kind)
SELECT 'big-' || g, word(g) || ' Research Academy', 'aka' FROM generate_series(1, $N) g;
SQL
printf 'loaded %d entities, %d names in %s s\n' "$N" $((2 * N)) "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"

# one session: the build, a cancelled rebuild, the rebuild after it, matches
out=$(q -v ON_ERROR_STOP=0 2>&1 <<'SQL'
\timing on
SELECT 'info ' || entities || ' ' || aliases || ' ' || memory_bytes || ' ' || round(build_ms) FROM inst_dictionary_info();
SELECT 'match ' || string_agg(entity_id || '=' || matched, ' ' ORDER BY match_start)
FROM inst_match('Dept of Physics, Institute of Wrtzp Studies, Beijing 100190; Tzps Research Academy');
SELECT 'none ' || count(*) FROM inst_match('Institute of Studies; Research Academy');
UPDATE instmatch.entity SET city = 'Beijing' WHERE entity_id = 'big-1';
SET statement_timeout = '500ms';
SELECT 'cancelled build ' || entities FROM inst_dictionary_info();
\echo sqlstate :LAST_ERROR_SQLSTATE
RESET statement_timeout;
SELECT 'rebuilt ' || entities || ' ' || aliases FROM inst_dictionary_info();
SELECT 'match ' || string_agg(entity_id || '=' || matched, ' ' ORDER BY match_start)
FROM inst_match('Dept of Physics, Institute of Wrtzp Studies, Beijing 100190; Tzps Research Academy');
SQL
)
printf '%s\n' "$out" | grep -E '^(info|match|none|rebuilt|sqlstate|Time)' | sed 's/^/  /'
read -r _ ents names mem ms <<<"$(printf '%s\n' "$out" | grep '^info ')"
printf 'dictionary of %s entities, %s names: built in %s ms, %s MB\n' "$ents" "$names" "$ms" "$((mem / 1048576))"
check "entities in the dictionary" "$N" "$ents"
check "names in the dictionary" "$((2 * N))" "$names"
check "the two generated names among them" \
    "match big-12345=Institute of Wrtzp Studies big-3456=Tzps Research Academy" "$(printf '%s\n' "$out" | grep '^match ' | head -n 1)"
check "no match for the words every name shares" "none 0" "$(printf '%s\n' "$out" | grep '^none ')"
check "statement_timeout cancels the build (SQLSTATE)" "sqlstate 57014" "$(printf '%s\n' "$out" | grep '^sqlstate ')"
check "the build after the cancelled one" "rebuilt $N $((2 * N))" "$(printf '%s\n' "$out" | grep '^rebuilt ')"
check "same answer after the rebuild" "$(printf '%s\n' "$out" | grep '^match ' | head -n 1)" "$(printf '%s\n' "$out" | grep '^match ' | sed -n 2p)"

# match speed against the big dictionary, once it is built (1000 affiliations; words of two
# letters or more: "Institute of D Studies" is generic words and a lone letter, no name alone)
out=$(q <<'SQL'
SELECT count(*) FROM inst_dictionary_info();
\timing on
SELECT 'matched ' || count(*) FROM generate_series(1, 1000) g,
    inst_match('School of Physics, Institute of ' || word(g * 7 + 10) || ' Studies, Beijing 100190, China') m;
SQL
)
printf '%s\n' "$out" | grep -E '^(matched|Time)' | sed 's/^/  /'
check "1000 affiliations, one entity each" "matched 1000" "$(printf '%s\n' "$out" | grep '^matched ')"

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
