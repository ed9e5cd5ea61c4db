-- Load the flat ROR table of ../shared/data/ror_records (ror_names.tsv.gz, decompressed, header
-- removed) into instmatch.entity / alias / relationship. Used by the benchmarks:
--   psql -v rorfile=/path/to/ror.tsv -f test/bench/load_ror.sql
-- Columns and list separators are described in ror_records/PROVENANCE.md.
\set ON_ERROR_STOP 1
CREATE TABLE ror_raw (ror_id text, name text, status text, types text, country_code text,
  country_name text, city text, established text, acronyms text, aliases text, labels text,
  domains text, wikidata text, grid text, relationships text, last_modified text, schema text,
  release text, source_path text);
-- CSV mode with a quote byte that never occurs: every field is read as written
-- (\copy does not expand variables: build the command, then run it)
\set copy_ror '\\copy ror_raw FROM ' :'rorfile' ' WITH (FORMAT csv, DELIMITER E''\t'', QUOTE E''\x01'')'
:copy_ror
\timing on
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, domains, types, status, source)
SELECT ror_id, name, nullif(country_code, ''), nullif(country_name, ''), nullif(city, ''),
       coalesce(string_to_array(nullif(domains, ''), '|'), '{}'),
       coalesce(string_to_array(nullif(types, ''), '|'), '{}'),
       CASE WHEN status IN ('active', 'inactive', 'withdrawn') THEN status ELSE 'active' END, 'ror'
FROM ror_raw;
INSERT INTO instmatch.alias (entity_id, alias, kind, lang, source)
SELECT DISTINCT ON (ror_id, kind, alias) ror_id, alias, kind, lang, 'ror' FROM (
  SELECT ror_id, unnest(string_to_array(nullif(acronyms, ''), '|')) AS alias, 'acronym' AS kind, NULL AS lang FROM ror_raw
  UNION ALL
  SELECT ror_id, unnest(string_to_array(nullif(aliases, ''), '|')), 'aka', NULL FROM ror_raw
  UNION ALL
  SELECT ror_id, substring(l FROM '^(.*)@[^@]*$'), 'label', substring(l FROM '@([^@]*)$')
  FROM ror_raw, unnest(string_to_array(nullif(labels, ''), '|')) l
) a WHERE alias <> '';
INSERT INTO instmatch.relationship (entity_id, related_id, kind)
SELECT DISTINCT ror_id, split_part(r, ':', 2), split_part(r, ':', 1)
FROM ror_raw, unnest(string_to_array(nullif(relationships, ''), '|')) r
WHERE split_part(r, ':', 1) IN ('parent', 'child', 'related', 'successor', 'predecessor')
  AND split_part(r, ':', 2) IN (SELECT ror_id FROM ror_raw);
\timing off
