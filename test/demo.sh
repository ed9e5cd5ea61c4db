#!/usr/bin/env bash
# The demo: installs what is missing, builds and installs instmatch, starts a throwaway
# PostgreSQL cluster, creates the extension and shows it at work on real affiliation strings.
#
#   bash test/demo.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2046
install_deps $(base_packages)
build_and_install

if [ -r "$SHARED_DATA/dev_eval/affiliations.tsv" ]; then
    SAMPLE_FILE="$SHARED_DATA/dev_eval/affiliations.tsv"
    echo "affiliation strings: $SAMPLE_FILE (real, labelled)"
else
    SAMPLE_FILE=""
    echo "affiliation strings: test/bench/fixture_affiliations.tsv ($SHARED_DATA is absent)"
fi
export SAMPLE_FILE ROOT

log "starting a throwaway PostgreSQL $PG_MAJOR cluster and running the demo"
pg_virtualenv -t -v "$PG_MAJOR" bash -c '
set -euo pipefail
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -c "CREATE DATABASE instmatch_demo"
export PGDATABASE=instmatch_demo
psql -c "CREATE EXTENSION instmatch"
# Load real strings: column 2 of dev_eval (header skipped), or the project fixture.
if [ -n "$SAMPLE_FILE" ]; then
    tail -n +2 "$SAMPLE_FILE" | cut -f2 > /tmp/instmatch_demo_affs.txt
else
    cp "$ROOT/test/bench/fixture_affiliations.tsv" /tmp/instmatch_demo_affs.txt
fi
psql -c "CREATE TABLE affiliation(id serial PRIMARY KEY, raw text)"
psql -c "\\copy affiliation(raw) FROM /tmp/instmatch_demo_affs.txt WITH (FORMAT csv, DELIMITER E'\''\x01'\'', QUOTE E'\''\x02'\'')"
rm -f /tmp/instmatch_demo_affs.txt
psql <<'"'"'SQL'"'"'
\pset footer off
\echo
\echo == inst_normalizer_version()
SELECT inst_normalizer_version();

\echo
\echo == Web of Science, IEEE and full forms normalize to the same tokens
SELECT s AS raw, inst_normalize(s) AS normalized
FROM unnest(ARRAY[
  '\''Beihang Univ, Sch Comp Sci & Engn, Beijing 100191, Peoples R China'\'',
  '\''School of Computer Science and Engineering, Beihang University, Beijing 100191, P.R. China'\'',
  '\''Веіhang Univеrsity (Cyrillic В, е, і)'\'',
  '\''北京航空航天大學'\'',
  '\''Harbin Inst. Technol., Shenzhen Grad. Sch., Shenzhen 518055, China'\'',
  '\''Nat'\'''\''l Univ. of Defense Tech., Changsha'\'',
  '\''Northwestern Polytech Univ, Sch Aeronaut, Xian'\'']) s;

\echo
\echo == A sample of the loaded affiliation strings, normalized
SELECT left(raw, 70) AS raw, left(inst_normalize(raw), 70) AS normalized
FROM affiliation ORDER BY id LIMIT 12;

\echo
\echo == Which loaded strings name these institutions (exact normalized phrase inside one segment)?
WITH target(name) AS (VALUES ('\''Tsinghua University'\''), ('\''Chinese Academy of Sciences'\''),
                            ('\''Harbin Institute of Technology'\''), ('\''Peking University'\''))
SELECT t.name, count(*) AS strings, min(left(a.raw, 60)) AS example
FROM target t JOIN affiliation a
  ON EXISTS (SELECT 1 FROM regexp_split_to_table(inst_normalize(a.raw), '\''\s*[,;()]\s*'\'') seg
             WHERE '\'' '\'' || seg || '\'' '\'' LIKE '\''% '\'' || inst_normalize(t.name) || '\'' %'\'')
GROUP BY t.name ORDER BY strings DESC;

\echo
\echo == Summary
SELECT count(*) AS strings, count(DISTINCT inst_normalize(raw)) AS distinct_normalized,
       round(avg(length(raw))) AS avg_raw_chars, round(avg(length(inst_normalize(raw)))) AS avg_normalized_chars
FROM affiliation;
SQL
'
