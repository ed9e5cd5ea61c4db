#!/usr/bin/env bash
# Runs inside the demo's throwaway cluster (test/demo.sh): loads real strings, shows the
# normalizer, then the matcher with the ROR organisations when ../shared/data has them, then
# answers the demo question on the sample publications (test/demo/question.sql).
set -euo pipefail
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

psql -d postgres -c "CREATE DATABASE instmatch_demo"
export PGDATABASE=instmatch_demo
psql -c "CREATE EXTENSION instmatch"

if [ -r "$SHARED_DATA/dev_eval/affiliations.tsv" ]; then
    echo "affiliation strings: the 3,713 real labelled strings of shared/data/dev_eval"
    tail -n +2 "$SHARED_DATA/dev_eval/affiliations.tsv" | cut -f2 > "$tmp/affs.txt"
else
    echo "affiliation strings: test/bench/fixture_affiliations.tsv (shared/data is absent)"
    cp "$ROOT/test/bench/fixture_affiliations.tsv" "$tmp/affs.txt"
fi
psql -c "CREATE TABLE affiliation(id serial PRIMARY KEY, raw text)"
psql -c "\\copy affiliation(raw) FROM '$tmp/affs.txt' WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')"
psql -f "$ROOT/test/demo/normalize.sql"

ror="$SHARED_DATA/ror_records/ror_names.tsv.gz"
if [ -r "$ror" ]; then
    zcat "$ror" | tail -n +2 > "$tmp/ror.tsv"
    psql -v rorfile="$tmp/ror.tsv" -f "$ROOT/test/bench/load_ror.sql" >/dev/null
    psql -f "$ROOT/test/demo/match.sql"
else
    echo "(the matcher part needs shared/data/ror_records; skipped)"
fi

echo
echo "== The question: which papers since March 2024 have an author at Microsoft Research Asia and"
echo "   a co-author at an Entity-Listed university, and was the university listed when the paper"
echo "   appeared? (sample publications: test/demo/publications.sql; the list: test/demo/lists.sql,"
echo "   fictional listing dates)"
psql -f "$ROOT/test/demo/lists.sql" >/dev/null
bis="$SHARED_DATA/bis_entity_list_china_universities"
dod="$SHARED_DATA/dod_section_1286_institutions/section_1286.csv"
if [ -r "$bis/data.json" ] && [ -r "$dod" ]; then
    echo "   + the real lists of shared/data: BIS Entity List universities (with Chinese names) and DoD 1286"
    # the importers as a user runs them from psql: \set with the file's text, or the stage
    psql <<SQL
\\set c \`cat '$bis/data.json'\`
\\set z \`cat '$bis/data-cn.json'\`
SELECT 'bis' AS feed, list_code, entities, aliases, added FROM instmatch.import_bis_json(:'c', :'z');
SELECT instmatch.stage();
\\copy instmatch_stage(line) FROM '$dod' WITH (FORMAT csv, DELIMITER E'\x1f', QUOTE E'\x1e')
SELECT 'dod1286' AS feed, list_code, entities, aliases, added FROM instmatch.import_dod_1286(instmatch.staged());
SQL
fi
psql -f "$ROOT/test/demo/publications.sql" >/dev/null
psql -f "$ROOT/test/demo/question.sql"
echo
echo "== The screening stored for BI tools (instmatch.screening_report, demo.screening_hits)"
psql -f "$ROOT/test/demo/report.sql"
