#!/usr/bin/env bash
# Matching quality on real labelled affiliation strings, instmatch against the anchors, in one run.
#
#   pg_virtualenv -v 15 test/bench/quality.sh          (after make install)
#
# Dictionary: every organisation of ../shared/data/ror_records/ror_names.tsv.gz (names, aliases,
# labels in every language, acronyms, city, country, domains, relationships), loaded into
# instmatch.entity / alias / relationship. Strings: ../shared/data/dev_eval/affiliations.tsv
# (3,713 strings labelled with ROR ids). Scored over (string, ROR id) pairs:
#   precision, recall over all gold ids, recall over gold ids that have a name in the dictionary.
# Two scoring policies, both printed: strict (every predicted id that is not gold is a false
# positive) and lenient (a predicted id that is a parent or child of a gold id is neither right
# nor wrong: the two sources label hierarchies differently, see dev_eval/PROVENANCE.md).
#
# Methods:
#   instmatch        inst_match(), accepted matches; match_kind 'ambiguous' rows are reported by
#                    instmatch as unresolved and are not counted as predictions; 'child_of' rows
#                    (parents of a match) and 'affiliate' rows (the institution of a hospital
#                    named in the string) are counted in a second row; 'former' rows (an
#                    inactive organisation named in the string, reported through its successor,
#                    as dev_eval's labels are) are not counted.
#   fts              full-text phrase search: to_tsvector('simple') of unaccent(lower(text)) with an
#                    abbreviation thesaurus applied to both sides (the abbreviations a diligent
#                    user would list: Univ, Inst, Technol, Sci, Engn, Natl, Acad, Coll, Lab, Dept,
#                    Sch, Ctr, Polytech, Aeronaut, Astronaut, Def, Elect, Telecommun, Commun,
#                    Informat, Phys, Chem, Math, Res, Peoples R China, &), phraseto_tsquery per
#                    name, then a longest-match post-filter (a name whose phrase lies inside a
#                    longer matched name of the same string is dropped).
#   trgm@T           pg_trgm strict_word_similarity(name, string) >= T on the same normalized text,
#                    for T in 0.70 .. 1.00; the best T by F1 is marked.
# The anchors use names, aliases and labels but not acronyms (acronyms without instmatch's cue
# rules fire everywhere) nor names shorter than 4 characters.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${INSTMATCH_SHARED_DATA:-$ROOT/../shared/data}
ROR="$DATA/ror_records/ror_names.tsv.gz"
EVAL="$DATA/dev_eval/affiliations.tsv"
DB=${BENCH_DB:-instmatch_quality}

if [ ! -r "$ROR" ] || [ ! -r "$EVAL" ]; then
    echo "skipped: $DATA/ror_records or $DATA/dev_eval is absent; the quality benchmark needs the real data"
    exit 0
fi

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
export PGDATABASE=$DB
psql -c "CREATE EXTENSION instmatch" -c "CREATE EXTENSION pg_trgm" -c "CREATE EXTENSION unaccent"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Quote and delimiter bytes that never occur in the data, so CSV mode reads every field as is.
zcat "$ROR" | tail -n +2 > "$tmp/ror.tsv"
tail -n +2 "$EVAL" > "$tmp/eval.tsv"

psql -v rorfile="$tmp/ror.tsv" -f "$ROOT/test/bench/load_ror.sql"
psql <<SQL
\set ON_ERROR_STOP 1
CREATE TABLE eval_raw (id text, affiliation text, gold text, source text, scope text, split text, notes text);
\copy eval_raw FROM '$tmp/eval.tsv' WITH (FORMAT csv, DELIMITER E'\t', QUOTE E'\x01')
SQL
psql <<'SQL'
\set ON_ERROR_STOP 1
CREATE TABLE aff AS SELECT row_number() OVER (ORDER BY id) AS n, id, affiliation FROM eval_raw;
CREATE TABLE gold AS SELECT DISTINCT e.id, g AS entity_id
  FROM eval_raw e, unnest(string_to_array(nullif(e.gold, ''), '|')) g;
ANALYZE;
SELECT (SELECT count(*) FROM instmatch.entity) AS entities, (SELECT count(*) FROM instmatch.alias) AS aliases,
       (SELECT count(*) FROM instmatch.relationship) AS relationships,
       (SELECT count(*) FROM aff) AS strings, (SELECT count(*) FROM gold) AS gold_pairs,
       (SELECT count(*) FROM gold g WHERE EXISTS (SELECT 1 FROM instmatch.entity e WHERE e.entity_id = g.entity_id)) AS gold_named;
SQL

echo "instmatch"
psql <<'SQL'
\set ON_ERROR_STOP 1
SET max_parallel_workers_per_gather = 0;
SELECT entities, aliases, pg_size_pretty(memory_bytes) AS dictionary_memory, round(build_ms::numeric) AS build_ms
FROM inst_dictionary_info();
\timing on
CREATE TABLE pred_instmatch AS
SELECT a.id, m.entity_id, m.match_kind FROM aff a, inst_match(a.affiliation) m;
\timing off
SQL

echo "anchors: full-text phrase search and pg_trgm"
psql -v anchors="$ROOT/test/bench/anchors.sql" <<'SQL'
\set ON_ERROR_STOP 1
\i :anchors
CREATE TABLE anchor_aff AS SELECT id, anchor_norm(affiliation) AS ntext FROM aff;
ALTER TABLE anchor_aff ADD COLUMN tsv tsvector;
UPDATE anchor_aff SET tsv = to_tsvector('simple', ntext);
CREATE INDEX ON anchor_aff USING gin (tsv);
CREATE INDEX ON anchor_aff USING gin (ntext gin_trgm_ops);
ANALYZE anchor_aff; ANALYZE anchor_names;
SET max_parallel_workers_per_gather = 0;
\timing on
-- full-text phrase search: every name whose phrase occurs in the string
CREATE TABLE fts_raw AS
SELECT a.id, n.entity_id, n.nname FROM anchor_names n
JOIN anchor_aff a ON a.tsv @@ phraseto_tsquery('simple', n.nname);
\timing off
-- longest-match post-filter: drop a name that lies inside a longer matched name of the string
CREATE TABLE pred_fts AS
SELECT DISTINCT f.id, f.entity_id FROM fts_raw f
WHERE NOT EXISTS (SELECT 1 FROM fts_raw g WHERE g.id = f.id AND g.entity_id <> f.entity_id
                  AND length(g.nname) > length(f.nname)
                  AND position(' ' || f.nname || ' ' IN ' ' || g.nname || ' ') > 0);
-- pg_trgm: strict word similarity of each name against each string, through the trigram index
SET pg_trgm.strict_word_similarity_threshold = 0.7;
\timing on
CREATE TABLE trgm_raw AS
SELECT a.id, n.entity_id, max(strict_word_similarity(n.nname, a.ntext)) AS sim
FROM anchor_names n JOIN anchor_aff a ON n.nname <<% a.ntext
GROUP BY 1, 2;
\timing off
SQL

echo
echo "results (dev_eval, $(wc -l < "$tmp/eval.tsv") strings)"
psql <<'SQL'
\set ON_ERROR_STOP 1
CREATE TABLE runs(method text, id text, entity_id text);
INSERT INTO runs SELECT 'instmatch', id, entity_id FROM pred_instmatch WHERE match_kind NOT IN ('ambiguous', 'child_of', 'affiliate', 'former');
INSERT INTO runs SELECT 'instmatch+parents', id, entity_id FROM pred_instmatch WHERE match_kind <> 'ambiguous';
INSERT INTO runs SELECT 'fts', id, entity_id FROM pred_fts;
INSERT INTO runs SELECT 'trgm@' || to_char(t, 'FM0.00'), id, entity_id FROM trgm_raw,
  (SELECT generate_series(70, 100, 5) / 100.0 AS t) th WHERE sim >= t;
-- parent/child pairs, for the lenient policy
CREATE TABLE related AS
SELECT entity_id AS a, related_id AS b FROM instmatch.relationship WHERE kind IN ('parent', 'child')
UNION SELECT related_id, entity_id FROM instmatch.relationship WHERE kind IN ('parent', 'child');
CREATE TABLE scored AS
WITH p AS (SELECT DISTINCT method, id, entity_id FROM runs),
named AS (SELECT g.* FROM gold g JOIN instmatch.entity e USING (entity_id)),
m AS (SELECT DISTINCT method FROM runs)
SELECT m.method,
  (SELECT count(*) FROM p WHERE p.method = m.method) AS predicted,
  (SELECT count(*) FROM p JOIN gold g USING (id, entity_id) WHERE p.method = m.method) AS tp,
  (SELECT count(*) FROM p WHERE p.method = m.method AND NOT EXISTS (SELECT 1 FROM gold g WHERE g.id = p.id AND g.entity_id = p.entity_id)) AS fp,
  (SELECT count(*) FROM p WHERE p.method = m.method AND NOT EXISTS (SELECT 1 FROM gold g WHERE g.id = p.id AND g.entity_id = p.entity_id)
     AND EXISTS (SELECT 1 FROM gold g JOIN related r ON r.a = g.entity_id WHERE g.id = p.id AND r.b = p.entity_id)) AS fp_related,
  (SELECT count(*) FROM gold) AS gold_all,
  (SELECT count(*) FROM named) AS gold_named
FROM m;
SELECT method, predicted, tp, fp, fp_related,
  round(tp::numeric / nullif(tp + fp, 0), 4) AS precision,
  round(tp::numeric / gold_all, 4) AS recall,
  round(tp::numeric / gold_named, 4) AS recall_named,
  round(2 * (tp::numeric / nullif(tp + fp, 0)) * (tp::numeric / gold_named) / nullif((tp::numeric / nullif(tp + fp, 0)) + (tp::numeric / gold_named), 0), 4) AS f1_named,
  round(tp::numeric / nullif(tp + fp - fp_related, 0), 4) AS precision_lenient,
  round(2 * (tp::numeric / nullif(tp + fp - fp_related, 0)) * (tp::numeric / gold_named) / nullif((tp::numeric / nullif(tp + fp - fp_related, 0)) + (tp::numeric / gold_named), 0), 4) AS f1_named_lenient
FROM scored ORDER BY method;
SQL

# Label diagnostics. dev_eval's labels are not complete (dev_eval/PROVENANCE.md): some strings
# have no label at all because no ROR organisation fitted when they were labelled, and a manual
# audit (test/bench/quality_audit.tsv) reads a sample of instmatch's false positives. Printed
# beside the scores above, never instead of them.
echo
echo "label diagnostics (strict false positives)"
grep -v '^#' "$ROOT/test/bench/quality_audit.tsv" | tail -n +2 > "$tmp/audit.tsv"
psql <<SQL
\set ON_ERROR_STOP 1
CREATE TABLE audit (id text, predicted text, verdict text, note text);
\copy audit FROM '$tmp/audit.tsv' WITH (FORMAT csv, DELIMITER E'\t', QUOTE E'\x01')
SQL
psql <<'SQL'
\set ON_ERROR_STOP 1
CREATE TABLE fps AS
SELECT DISTINCT r.method, r.id, r.entity_id FROM runs r
WHERE r.method IN ('instmatch', 'fts')
  AND NOT EXISTS (SELECT 1 FROM gold g WHERE g.id = r.id AND g.entity_id = r.entity_id);
-- fp_unlabelled_rows: false positives on strings that carry no label at all.
-- audited / judged_right: false positives that quality_audit.tsv has read (a verdict is about a
-- (string, organisation) pair, so it counts for every method that predicts the pair), and those
-- it found named by the string and left out by the label. unaudited: the rest; they are counted
-- at the share judged right among the method's audited false positives that instmatch does not
-- predict (for fts, a random sample of its own false positives; instmatch has none unaudited).
-- *_adjudicated: scored against the labels completed by the audit: gold, plus the pairs judged
-- right, plus the estimated right share of the unaudited pairs. est_low / est_high: the
-- precision at the ends of a Wilson 95% interval on that share (equal when nothing is
-- unaudited). Misses are not adjudicated: a gold id the string does not name still counts
-- against recall.
WITH f AS (
  SELECT f.method,
         count(*) AS fp,
         count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM gold g WHERE g.id = f.id)) AS fp_unlabelled_rows,
         count(a.id) AS audited,
         count(a.id) FILTER (WHERE a.verdict = 'right') AS judged_right,
         count(a.id) FILTER (WHERE f.own) AS sampled,
         count(a.id) FILTER (WHERE f.own AND a.verdict = 'right') AS sampled_right
  FROM (SELECT f.*, NOT EXISTS (SELECT 1 FROM runs r WHERE r.method = 'instmatch' AND r.id = f.id
                                AND r.entity_id = f.entity_id) AS own FROM fps f) f
  LEFT JOIN audit a ON a.id = f.id AND a.predicted = f.entity_id
  GROUP BY f.method),
s AS (
  SELECT f.*, sc.tp, f.fp - f.audited AS unaudited,
         coalesce(sampled_right::float8 / nullif(sampled, 0), 0) AS ps,
         nullif(sampled, 0)::float8 AS n, 1.96::float8 AS z,
         sc.gold_named + (SELECT count(*) FROM (SELECT DISTINCT id, predicted FROM audit a WHERE a.verdict = 'right'
            AND NOT EXISTS (SELECT 1 FROM gold g WHERE g.id = a.id AND g.entity_id = a.predicted)) x) AS named_audited
  FROM f JOIN scored sc USING (method)),
w AS (
  SELECT s.*,
         coalesce((ps + z*z/(2*n) - z * sqrt(ps*(1-ps)/n + z*z/(4*n*n))) / (1 + z*z/n), 0) AS ps_low,
         coalesce((ps + z*z/(2*n) + z * sqrt(ps*(1-ps)/n + z*z/(4*n*n))) / (1 + z*z/n), 0) AS ps_high
  FROM s),
a AS (
  SELECT w.*,
         (tp + judged_right + unaudited * ps) / nullif(tp + fp, 0) AS pa,
         (tp + judged_right + unaudited * ps)
           / (named_audited + (SELECT sum(unaudited * ps) FROM w)) AS ra
  FROM w)
SELECT method, fp, fp_unlabelled_rows,
       round(tp::numeric / nullif(tp + fp - fp_unlabelled_rows, 0), 4) AS precision_labelled_rows,
       audited, judged_right, unaudited,
       round(pa::numeric, 4) AS precision_adjudicated,
       round(((tp + judged_right + unaudited * ps_low) / nullif(tp + fp, 0))::numeric, 4) AS est_low,
       round(((tp + judged_right + unaudited * ps_high) / nullif(tp + fp, 0))::numeric, 4) AS est_high,
       round(ra::numeric, 4) AS recall_named_adjudicated,
       round((2 * pa * ra / nullif(pa + ra, 0))::numeric, 4) AS f1_named_adjudicated
FROM a ORDER BY method;
SQL
