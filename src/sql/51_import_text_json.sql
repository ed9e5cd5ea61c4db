-- ---------------------------------------------------------------------------------------------
-- Importers for the text and JSON formats (issue 5): the BIS Entity List as published text (and
-- the JSON layout of a scrape of it), ASPI's China Defence Universities Tracker (MISP galaxy
-- JSON), and ROR (v2 JSON dump, JSON Lines of v1/v2 records, the flat TSV).
--
-- The parse_* functions are IMMUTABLE: they only read their argument and return one "entry"
-- object per listed entity (see the import interface in README), or raise an error naming the
-- line (element, for JSON documents) and field of the input; never a partial result.
-- Every function pins search_path, so a hostile search_path cannot redirect an operator.
-- ---------------------------------------------------------------------------------------------

-- Raise an import error from inside an SQL expression (WHERE problem IS NULL OR fail(...)).
-- VOLATILE so that the planner never folds a call with constant arguments.
CREATE FUNCTION instmatch.list_import_fail(state pg_catalog.text, message pg_catalog.text)
    RETURNS pg_catalog.bool
    LANGUAGE plpgsql VOLATILE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RAISE EXCEPTION USING ERRCODE = state, MESSAGE = message;
END
$fn$;
COMMENT ON FUNCTION instmatch.list_import_fail(pg_catalog.text, pg_catalog.text) IS
    'importers'' helper: raise an error with the given SQLSTATE and message (usable inside a query)';

-- The kind of an alias as written in a list: label (Chinese script), acronym (a short all-caps
-- token), aka otherwise.
CREATE FUNCTION instmatch.list_alias_kind(alias pg_catalog.text) RETURNS pg_catalog.text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN instmatch.csv_alias_kind(alias, 'aka');   -- the rule the CSV importers use (50_import_csv.sql)
COMMENT ON FUNCTION instmatch.list_alias_kind(pg_catalog.text) IS
    'kind of a list alias: label (Han script), acronym (no spaces, at most 10 characters, capitals, digits, - and &), aka otherwise';

-- ---------------------------------------------------------------------------------------------
-- ROR
-- ---------------------------------------------------------------------------------------------

-- One object per ROR record: {key, line, name, aliases, country, country_name, city, domains,
-- types, status, relationships: [{kind, id}]} (line: the line, or for a JSON array the element,
-- of the record). The format is detected from the content:
--   [ ...        a JSON array of records (the ROR data dump; v2 or v1 records)
--   { ...        JSON Lines: one record per line, v2 or v1, or wrapped as
--                {"ror_records_path": ..., "record": {...}}
--   ror_id<TAB>  the flat TSV of ../shared/data/ror_records (its 19 columns, header checked;
--                a field with a double quote is quoted as in CSV; list fields are split at '|',
--                so the few names that contain '|' are split too, and aliases have no language:
--                prefer the JSON)
-- A JSON Lines file is read line by line (never one jsonb of the whole file); a JSON array is
-- validated as json (no size limit of jsonb) and read element by element.
-- Names: v2 names[] (ror_display is the name; acronym, label and alias types), v1 name,
-- acronyms, aliases, labels. An alias or aka in Han script is a label (lang zh for CN, HK, MO,
-- TW when the record gives none). Domains: v2 domains plus the host of every website link that
-- is a bare host (https://www.buaa.edu.cn/ -> buaa.edu.cn); v1 the hosts of its links.
CREATE FUNCTION instmatch.parse_ror(content pg_catalog.text) RETURNS SETOF pg_catalog.jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    head text := substring(content FROM '^\s*(\S)');
    fmt text;
    what text;
    tsv_header constant text := 'ror_id	name	status	types	country_code	country_name	city	established	acronyms	aliases	labels	domains	wikidata	grid	relationships	last_modified	schema	release	source_path';
    line1 text;
    ln bigint;
    l text;
    j jsonb;
    msg text;
    detail text;
    ctx text;
BEGIN
    IF left(content, 1) = E'\uFEFF' THEN        -- a byte order mark
        content := substr(content, 2);
        head := substring(content FROM '^\s*(\S)');
    END IF;
    IF head IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'ROR import: the content is empty';
    ELSIF head = '[' THEN
        fmt := 'json'; what := 'ROR JSON element';
    ELSIF head = '{' THEN
        fmt := 'jsonl'; what := 'ROR JSON Lines line';
    ELSE
        fmt := 'tsv'; what := 'ROR TSV line';
        line1 := rtrim(split_part(content, E'\n', 1), E'\r');
        IF line1 IS DISTINCT FROM tsv_header THEN
            RAISE EXCEPTION USING ERRCODE = '22P02',
                MESSAGE = 'ROR import: line 1 is neither JSON nor the header of the ROR TSV',
                DETAIL = format('Line 1 starts with %L; the TSV header is %L.', left(line1, 80),
                                replace(tsv_header, E'\t', '<TAB>'));
        END IF;
    END IF;

    IF fmt = 'tsv' THEN
        RETURN QUERY
        WITH rows AS (
            -- fields are written as by Python's csv module: a field with a double quote is
            -- quoted, its quotes doubled
            SELECT s.n, CASE WHEN strpos(s.l, '"') = 0 THEN string_to_array(rtrim(s.l, E'\r'), E'\t')
                        ELSE ARRAY(SELECT CASE WHEN x ~ '^".*"$' THEN replace(substr(x, 2, length(x) - 2), '""', '"') ELSE x END
                                   FROM unnest(string_to_array(rtrim(s.l, E'\r'), E'\t')) WITH ORDINALITY u(x, o) ORDER BY o) END AS f
            FROM string_to_table(content, E'\n') WITH ORDINALITY AS s(l, n)
            WHERE s.n > 1 AND s.l ~ '\S'
        ), rec AS (
            SELECT r.n, r.f, cardinality(r.f) AS nf,
                   CASE WHEN cardinality(r.f) = 19 THEN r.f[1] ~ '^0[a-z0-9]{6}[0-9]{2}$' END AS id_ok,
                   nullif(r.f[5], '') AS cc
            FROM rows r
        ), chk AS (
            SELECT c.*, CASE
                WHEN c.nf <> 19 THEN format('expected 19 tab-separated fields, found %s', c.nf)
                WHEN NOT c.id_ok THEN format('field "ror_id": %L is not a ROR id', c.f[1])
                WHEN btrim(c.f[2]) = '' THEN 'field "name" is empty'
                WHEN c.f[3] NOT IN ('active', 'inactive', 'withdrawn') THEN
                    format('field "status": %L is not active, inactive or withdrawn', c.f[3])
                WHEN c.cc !~ '^[A-Z]{2}$' THEN format('field "country_code": %L is not an ISO 3166-1 alpha-2 code', c.cc)
                END AS problem
            FROM rec c
        ), chk2 AS (
            SELECT c.*, coalesce(c.problem,
                (SELECT format('field "relationships": %L is not kind:ror_id (kind parent, child, related, successor or predecessor)', x)
                 FROM unnest(string_to_array(nullif(c.f[15], ''), '|')) x
                 WHERE x !~ '^(parent|child|related|successor|predecessor):0[a-z0-9]{6}[0-9]{2}$' LIMIT 1)) AS problem2
            FROM chk c
        )
        SELECT jsonb_strip_nulls(jsonb_build_object(
            'key', c.f[1], 'line', c.n, 'name', btrim(c.f[2]),
            'aliases', (SELECT coalesce(jsonb_agg(jsonb_build_object('alias', d.alias, 'kind', d.kind, 'lang', d.lang)
                                                  ORDER BY d.ord), '[]')
                        FROM (SELECT DISTINCT ON (u.alias) u.alias, u.kind, u.lang, u.ord
                              FROM (SELECT btrim(x) AS alias, 'acronym' AS kind, NULL::text AS lang, 1 AS prio, o AS ord
                                    FROM unnest(string_to_array(nullif(c.f[9], ''), '|')) WITH ORDINALITY a(x, o)
                                    UNION ALL
                                    SELECT btrim(x), CASE WHEN x ~ '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]' THEN 'label' ELSE 'aka' END,
                                           CASE WHEN x ~ '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]' AND c.cc IN ('CN', 'HK', 'MO', 'TW') THEN 'zh' END,
                                           CASE WHEN x ~ '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]' THEN 2 ELSE 3 END, 1000 + o
                                    FROM unnest(string_to_array(nullif(c.f[10], ''), '|')) WITH ORDINALITY a(x, o)
                                    UNION ALL
                                    SELECT btrim(coalesce(substring(x FROM '^(.*)@[a-z]{2,3}(?:-[A-Za-z0-9]+)*$'), x)), 'label',
                                           substring(x FROM '@([a-z]{2,3}(?:-[A-Za-z0-9]+)*)$'), 2, 2000 + o
                                    FROM unnest(string_to_array(nullif(c.f[11], ''), '|')) WITH ORDINALITY a(x, o)) u
                              WHERE u.alias <> '' AND u.alias <> btrim(c.f[2])
                              ORDER BY u.alias, u.prio, u.ord) d),
            'country', c.cc, 'country_name', nullif(c.f[6], ''), 'city', nullif(c.f[7], ''),
            'domains', to_jsonb(coalesce(string_to_array(nullif(c.f[12], ''), '|'), '{}')),
            'types', to_jsonb(coalesce(string_to_array(nullif(lower(c.f[4]), ''), '|'), '{}')),
            'status', c.f[3],
            'relationships', (SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object('kind', split_part(x, ':', 1), 'id', split_part(x, ':', 2))), '[]')
                              FROM unnest(string_to_array(nullif(c.f[15], ''), '|')) x)))
        FROM chk2 c
        WHERE c.problem2 IS NULL
           OR instmatch.list_import_fail('22P02', format('%s %s: %s', what, c.n, c.problem2));
        RETURN;
    END IF;

    -- JSON: records as (n, r), r unwrapped from {"ror_records_path", "record"}
    BEGIN
        RETURN QUERY
        WITH src AS (
            SELECT s.n, s.l::jsonb AS j
            FROM string_to_table(CASE WHEN fmt = 'jsonl' THEN content END, E'\n') WITH ORDINALITY AS s(l, n)
            WHERE s.l ~ '\S'
            UNION ALL
            SELECT a.n, a.e::jsonb
            FROM json_array_elements(CASE WHEN fmt = 'json' THEN content::json END) WITH ORDINALITY AS a(e, n)
        ), rec AS (
            SELECT s.n, CASE WHEN jsonb_typeof(s.j -> 'record') = 'object' THEN s.j -> 'record' ELSE s.j END AS r
            FROM src s
        ), obj AS (
            SELECT r.n, o, o ? 'names' AS v2,
                   CASE WHEN jsonb_typeof(o -> 'names') = 'array' THEN o -> 'names' ELSE '[]' END AS names,
                   CASE WHEN jsonb_typeof(o -> 'relationships') = 'array' THEN o -> 'relationships' ELSE '[]' END AS rels,
                   CASE WHEN jsonb_typeof(o -> 'links') = 'array' THEN o -> 'links' ELSE '[]' END AS links
            FROM rec r, LATERAL (SELECT CASE WHEN jsonb_typeof(r.r) = 'object' THEN r.r END AS o) x
        ), base AS (
            SELECT b.*,
                   substring(b.o ->> 'id' FROM '^(?:https?://ror\.org/)?(0[a-z0-9]{6}[0-9]{2})$') AS key,
                   btrim(CASE WHEN b.v2 THEN
                           (SELECT nm ->> 'value' FROM jsonb_array_elements(b.names) nm
                            WHERE jsonb_typeof(nm -> 'types') = 'array' AND nm -> 'types' ? 'ror_display' LIMIT 1)
                         ELSE b.o ->> 'name' END) AS name,
                   lower(b.o ->> 'status') AS status,
                   CASE WHEN b.v2 THEN b.o #>> '{locations,0,geonames_details,country_code}'
                        ELSE b.o #>> '{country,country_code}' END AS cc,
                   CASE WHEN b.v2 THEN b.o #>> '{locations,0,geonames_details,country_name}'
                        ELSE b.o #>> '{country,country_name}' END AS cn,
                   CASE WHEN b.v2 THEN b.o #>> '{locations,0,geonames_details,name}'
                        ELSE coalesce(b.o #>> '{addresses,0,city}', b.o #>> '{addresses,0,geonames_city,city}') END AS city
            FROM obj b
        ), chk AS (
            SELECT b.*, CASE
                WHEN b.o IS NULL THEN 'the record is not a JSON object'
                WHEN b.key IS NULL THEN format('field "id": %s is not a ROR id', coalesce(b.o -> 'id', 'null'))
                WHEN coalesce(b.name, '') = '' THEN
                    CASE WHEN b.v2 THEN 'field "names": no name of type ror_display' ELSE 'field "name" is missing or empty' END
                WHEN b.status IS NULL OR b.status NOT IN ('active', 'inactive', 'withdrawn') THEN
                    format('field "status": %s is not active, inactive or withdrawn', coalesce(b.o -> 'status', 'null'))
                WHEN b.cc !~ '^[A-Z]{2}$' THEN format('field "country_code": %L is not an ISO 3166-1 alpha-2 code', b.cc)
                ELSE (SELECT format('field "relationships": %s is not a relationship of type parent, child, related, successor or predecessor to a ROR id', x)
                      FROM jsonb_array_elements(b.rels) x
                      WHERE coalesce(lower(x ->> 'type'), '') NOT IN ('parent', 'child', 'related', 'successor', 'predecessor')
                         OR substring(x ->> 'id' FROM '^(?:https?://ror\.org/)?(0[a-z0-9]{6}[0-9]{2})$') IS NULL
                      LIMIT 1)
                END AS problem
            FROM base b
        )
        SELECT jsonb_strip_nulls(jsonb_build_object(
            'key', c.key, 'line', c.n, 'name', c.name,
            'aliases', (SELECT coalesce(jsonb_agg(jsonb_build_object('alias', d.alias, 'kind', d.kind, 'lang', d.lang)
                                                  ORDER BY d.ord), '[]')
                        FROM (SELECT DISTINCT ON (u.alias) u.alias,
                                     CASE WHEN u.kind = 'aka' AND u.alias ~ '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]' THEN 'label' ELSE u.kind END AS kind,
                                     coalesce(u.lang, CASE WHEN u.alias ~ '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]' AND c.cc IN ('CN', 'HK', 'MO', 'TW') THEN 'zh' END) AS lang,
                                     u.ord
                              FROM (SELECT btrim(nm ->> 'value') AS alias,
                                           CASE WHEN t ? 'acronym' THEN 'acronym' WHEN t ? 'label' THEN 'label' ELSE 'aka' END AS kind,
                                           nullif(nm ->> 'lang', '') AS lang, o AS ord
                                    FROM jsonb_array_elements(c.names) WITH ORDINALITY a(nm, o),
                                         LATERAL (SELECT CASE WHEN jsonb_typeof(nm -> 'types') = 'array' THEN nm -> 'types' ELSE '[]' END AS t) tt
                                    WHERE NOT t ? 'ror_display'
                                    UNION ALL
                                    SELECT btrim(x), 'acronym', NULL, 1000 + o
                                    FROM jsonb_array_elements_text(CASE WHEN NOT c.v2 AND jsonb_typeof(c.o -> 'acronyms') = 'array' THEN c.o -> 'acronyms' ELSE '[]' END) WITH ORDINALITY a(x, o)
                                    UNION ALL
                                    SELECT btrim(x), 'aka', NULL, 2000 + o
                                    FROM jsonb_array_elements_text(CASE WHEN NOT c.v2 AND jsonb_typeof(c.o -> 'aliases') = 'array' THEN c.o -> 'aliases' ELSE '[]' END) WITH ORDINALITY a(x, o)
                                    UNION ALL
                                    SELECT btrim(x ->> 'label'), 'label', nullif(x ->> 'iso639', ''), 3000 + o
                                    FROM jsonb_array_elements(CASE WHEN NOT c.v2 AND jsonb_typeof(c.o -> 'labels') = 'array' THEN c.o -> 'labels' ELSE '[]' END) WITH ORDINALITY a(x, o)) u
                              WHERE u.alias <> '' AND u.alias <> c.name
                              ORDER BY u.alias,
                                       CASE u.kind WHEN 'acronym' THEN 1 WHEN 'label' THEN 2
                                            ELSE CASE WHEN u.alias ~ '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]' THEN 2 ELSE 3 END END,
                                       u.ord) d),
            'country', c.cc, 'country_name', c.cn, 'city', c.city,
            'domains', (SELECT coalesce(jsonb_agg(DISTINCT d), '[]') FROM (
                            SELECT lower(btrim(x)) AS d
                            FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.o -> 'domains') = 'array' THEN c.o -> 'domains' ELSE '[]' END) x
                            UNION ALL
                            SELECT substring(lower(btrim(CASE WHEN jsonb_typeof(x) = 'object' THEN
                                                               CASE WHEN x ->> 'type' = 'website' THEN x ->> 'value' END
                                                          ELSE x #>> '{}' END))
                                             FROM '^[a-z][a-z0-9+.-]*://(?:www[0-9]?\.)?([^/:?#@]+)(?::[0-9]+)?/?$')
                            FROM jsonb_array_elements(c.links) x) h
                        WHERE d ~ '^[a-z0-9-]+(\.[a-z0-9-]+)+$'),
            'types', (SELECT coalesce(jsonb_agg(DISTINCT lower(x)), '[]')
                      FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.o -> 'types') = 'array' THEN c.o -> 'types' ELSE '[]' END) x),
            'status', c.status,
            'relationships', (SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_object(
                                      'kind', lower(x ->> 'type'),
                                      'id', substring(x ->> 'id' FROM '(0[a-z0-9]{6}[0-9]{2})$'))), '[]')
                              FROM jsonb_array_elements(c.rels) x)))
        FROM chk c
        WHERE c.problem IS NULL
           OR instmatch.list_import_fail('22P02', format('%s %s: %s', what, c.n, c.problem));
    EXCEPTION
        WHEN invalid_text_representation OR program_limit_exceeded OR statement_too_complex THEN
            GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL, ctx = PG_EXCEPTION_CONTEXT;
            IF msg LIKE 'ROR %' THEN
                RAISE;          -- our own validation error
            END IF;
            msg := coalesce(nullif(detail, ''), msg);
            IF fmt = 'json' THEN
                -- the JSON parser says where: "JSON data, line N: ..."
                RAISE EXCEPTION USING ERRCODE = '22P02',
                    MESSAGE = format('ROR JSON: invalid JSON%s: %s',
                                     ' at line ' || substring(ctx FROM 'JSON data, line ([0-9]+)'), msg);
            END IF;
            -- find the first line that is not JSON (only on this error path)
            FOR ln, l IN SELECT s.n, s.l FROM string_to_table(content, E'\n') WITH ORDINALITY AS s(l, n) LOOP
                BEGIN
                    j := l::jsonb;
                EXCEPTION WHEN invalid_text_representation OR program_limit_exceeded OR statement_too_complex THEN
                    GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
                    msg := coalesce(nullif(detail, ''), msg);
                    RAISE EXCEPTION USING ERRCODE = '22P02',
                        MESSAGE = format('%s %s: invalid JSON: %s', what, ln, msg);
                END;
            END LOOP;
            RAISE;
    END;
END
$fn$;
COMMENT ON FUNCTION instmatch.parse_ror(pg_catalog.text) IS
    'parse ROR records (JSON array dump, JSON Lines of v1/v2 records or of {"record": ...} wrappers, or the flat TSV; detected): one object per record {key, line, name, aliases, country, country_name, city, domains, types, status, relationships}';

-- Load ROR records into instmatch.entity / alias / relationship (source 'ror', entity_id the bare
-- 9-character ROR id). Re-importing upserts: an entity is updated when it changed, its 'ror'
-- aliases and its relationships become those of the file (nothing duplicated, unchanged rows
-- untouched); entities that are not in the file are kept. Relationships are kept even when the
-- related organisation is not loaded (ROR files are often partial): the matcher ignores a
-- relationship until both ends are in the dictionary, and a later import completes it.
-- Returns the numbers of records, aliases and relationships in the file.
CREATE FUNCTION instmatch.import_ror(content pg_catalog.text,
    OUT entities pg_catalog.int4, OUT aliases pg_catalog.int4, OUT relationships pg_catalog.int4)
    RETURNS SETOF record
    LANGUAGE plpgsql VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    dup record;
    n_new int; n_upd int;
    a_del int; a_ins int;
    r_del int; r_ins int;
BEGIN
    IF to_regclass('pg_temp.instmatch_ror_import') IS NOT NULL THEN
        DROP TABLE pg_temp.instmatch_ror_import, pg_temp.instmatch_ror_alias, pg_temp.instmatch_ror_rel;
    END IF;
    CREATE TEMP TABLE instmatch_ror_import ON COMMIT DROP AS
        SELECT e ->> 'key' AS entity_id, (e ->> 'line')::bigint AS line, e
        FROM instmatch.parse_ror(content) e;
    SELECT i.entity_id, min(i.line) AS first, max(i.line) AS last INTO dup
    FROM pg_temp.instmatch_ror_import i GROUP BY i.entity_id HAVING count(*) > 1 ORDER BY 2 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23505',
            MESSAGE = format('ROR import: record %s appears twice (line or element %s and %s)', dup.entity_id, dup.first, dup.last);
    END IF;
    CREATE TEMP TABLE instmatch_ror_alias ON COMMIT DROP AS
        SELECT DISTINCT i.entity_id, a ->> 'alias' AS alias, a ->> 'kind' AS kind, a ->> 'lang' AS lang
        FROM pg_temp.instmatch_ror_import i, jsonb_array_elements(i.e -> 'aliases') a;
    CREATE TEMP TABLE instmatch_ror_rel ON COMMIT DROP AS
        SELECT DISTINCT i.entity_id, r ->> 'id' AS related_id, r ->> 'kind' AS kind
        FROM pg_temp.instmatch_ror_import i, jsonb_array_elements(i.e -> 'relationships') r;
    ANALYZE pg_temp.instmatch_ror_import;
    ANALYZE pg_temp.instmatch_ror_alias;
    ANALYZE pg_temp.instmatch_ror_rel;

    WITH up AS (
        INSERT INTO instmatch.entity AS t (entity_id, name, country, country_name, city, domains, types, status, source)
        SELECT i.entity_id, i.e ->> 'name', i.e ->> 'country', i.e ->> 'country_name', i.e ->> 'city',
               ARRAY(SELECT jsonb_array_elements_text(i.e -> 'domains')),
               ARRAY(SELECT jsonb_array_elements_text(i.e -> 'types')),
               i.e ->> 'status', 'ror'
        FROM pg_temp.instmatch_ror_import i
        ON CONFLICT (entity_id) DO UPDATE
            SET name = excluded.name, country = excluded.country, country_name = excluded.country_name,
                city = excluded.city, domains = excluded.domains, types = excluded.types,
                status = excluded.status, source = excluded.source
            WHERE (t.name, t.country, t.country_name, t.city, t.domains, t.types, t.status, t.source)
                  IS DISTINCT FROM
                  (excluded.name, excluded.country, excluded.country_name, excluded.city, excluded.domains,
                   excluded.types, excluded.status, excluded.source)
        RETURNING (t.xmax = '0'::xid) AS inserted
    )
    SELECT count(*) FILTER (WHERE u.inserted), count(*) FILTER (WHERE NOT u.inserted) INTO n_new, n_upd FROM up u;

    DELETE FROM instmatch.alias a
    USING pg_temp.instmatch_ror_import i
    WHERE a.entity_id = i.entity_id AND a.source = 'ror'
      AND NOT EXISTS (SELECT FROM pg_temp.instmatch_ror_alias n
                      WHERE n.entity_id = a.entity_id AND n.kind = a.kind AND n.alias = a.alias
                        AND n.lang IS NOT DISTINCT FROM a.lang);
    GET DIAGNOSTICS a_del = ROW_COUNT;
    INSERT INTO instmatch.alias (entity_id, alias, kind, lang, source)
    SELECT n.entity_id, n.alias, n.kind, n.lang, 'ror' FROM pg_temp.instmatch_ror_alias n
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS a_ins = ROW_COUNT;

    DELETE FROM instmatch.relationship r
    USING pg_temp.instmatch_ror_import i
    WHERE r.entity_id = i.entity_id
      AND NOT EXISTS (SELECT FROM pg_temp.instmatch_ror_rel n
                      WHERE n.entity_id = r.entity_id AND n.related_id = r.related_id AND n.kind = r.kind);
    GET DIAGNOSTICS r_del = ROW_COUNT;
    INSERT INTO instmatch.relationship (entity_id, related_id, kind)
    SELECT n.entity_id, n.related_id, n.kind FROM pg_temp.instmatch_ror_rel n
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS r_ins = ROW_COUNT;

    SELECT count(*) INTO entities FROM pg_temp.instmatch_ror_import;
    SELECT count(*) INTO aliases FROM pg_temp.instmatch_ror_alias;
    SELECT count(*) INTO relationships FROM pg_temp.instmatch_ror_rel;
    RAISE NOTICE 'ROR import: % records (% new, % updated, % unchanged); aliases % added, % removed; relationships % added, % removed',
        entities, n_new, n_upd, entities - n_new - n_upd, a_ins, a_del, r_ins, r_del;

    DROP TABLE pg_temp.instmatch_ror_import, pg_temp.instmatch_ror_alias, pg_temp.instmatch_ror_rel;
    IF to_regprocedure('instmatch.relink()') IS NOT NULL THEN
        PERFORM instmatch.relink();
    END IF;
    RETURN NEXT;
END
$fn$;
COMMENT ON FUNCTION instmatch.import_ror(pg_catalog.text) IS
    'load ROR records (any format parse_ror reads) into instmatch.entity, alias and relationship (source ror); re-import updates, nothing duplicated; returns the numbers of records, aliases and relationships in the file';

-- ---------------------------------------------------------------------------------------------
-- Helpers shared by the BIS and ASPI importers
-- ---------------------------------------------------------------------------------------------

-- A JSON document as jsonb; invalid JSON raises an error naming the line the parser stopped at.
CREATE FUNCTION instmatch.list_json(content pg_catalog.text, what pg_catalog.text) RETURNS pg_catalog.jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    msg text;
    detail text;
    ctx text;
BEGIN
    RETURN (CASE WHEN left(content, 1) = E'\uFEFF' THEN substr(content, 2) ELSE content END)::jsonb;
EXCEPTION
    WHEN invalid_text_representation OR program_limit_exceeded OR statement_too_complex THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL, ctx = PG_EXCEPTION_CONTEXT;
        msg := coalesce(nullif(detail, ''), msg);
        RAISE EXCEPTION USING ERRCODE = '22P02',
            MESSAGE = format('%s: invalid JSON%s: %s', what,
                             ' at line ' || substring(ctx FROM 'JSON data, line ([0-9]+)'), msg);
END
$fn$;
COMMENT ON FUNCTION instmatch.list_json(pg_catalog.text, pg_catalog.text) IS
    'importers'' helper: parse a JSON document; an error names the line where the JSON is invalid';

-- ISO 3166-1 alpha-2 code of a country name as lists write it (China, People's Republic of
-- China, CHINA, PEOPLE'S REPUBLIC OF, Russia, Hong Kong, ...); NULL when unknown. The name is
-- looked up lower case, without punctuation (a constant map: no table, one lookup per call).
CREATE FUNCTION instmatch.list_country_code(country pg_catalog.text) RETURNS pg_catalog.text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN '{"china": "CN", "peoples republic of china": "CN", "china peoples republic of": "CN",
     "prc": "CN", "pr china": "CN", "p r china": "CN", "mainland china": "CN", "china prc": "CN",
     "peoples r china": "CN", "hong kong": "HK", "hong kong sar": "HK",
     "hong kong sar china": "HK", "hongkong": "HK", "hong kong china": "HK", "macau": "MO",
     "macao": "MO", "macau sar": "MO", "taiwan": "TW", "republic of china taiwan": "TW",
     "taiwan roc": "TW", "russia": "RU", "russian federation": "RU", "iran": "IR",
     "islamic republic of iran": "IR", "iran islamic republic of": "IR", "pakistan": "PK",
     "india": "IN", "united arab emirates": "AE", "uae": "AE", "turkey": "TR", "turkiye": "TR",
     "türkiye": "TR", "belarus": "BY", "singapore": "SG", "malaysia": "MY", "united kingdom": "GB",
     "uk": "GB", "england": "GB", "great britain": "GB", "scotland": "GB", "wales": "GB",
     "germany": "DE", "france": "FR", "netherlands": "NL", "the netherlands": "NL", "canada": "CA",
     "united states": "US", "usa": "US", "us": "US", "united states of america": "US",
     "israel": "IL", "armenia": "AM", "azerbaijan": "AZ", "georgia": "GE", "kazakhstan": "KZ",
     "kyrgyzstan": "KG", "uzbekistan": "UZ", "tajikistan": "TJ", "turkmenistan": "TM",
     "afghanistan": "AF", "iraq": "IQ", "syria": "SY", "lebanon": "LB", "yemen": "YE",
     "egypt": "EG", "south korea": "KR", "korea south": "KR", "republic of korea": "KR",
     "korea": "KR", "korea republic of": "KR", "north korea": "KP", "korea north": "KP",
     "korea democratic peoples republic of": "KP", "democratic peoples republic of korea": "KP",
     "japan": "JP", "burma": "MM", "myanmar": "MM", "thailand": "TH", "vietnam": "VN",
     "viet nam": "VN", "indonesia": "ID", "philippines": "PH", "south africa": "ZA",
     "saudi arabia": "SA", "oman": "OM", "qatar": "QA", "kuwait": "KW", "bahrain": "BH",
     "jordan": "JO", "cyprus": "CY", "greece": "GR", "italy": "IT", "spain": "ES",
     "switzerland": "CH", "austria": "AT", "belgium": "BE", "bulgaria": "BG",
     "czech republic": "CZ", "czechia": "CZ", "estonia": "EE", "latvia": "LV", "lithuania": "LT",
     "finland": "FI", "sweden": "SE", "norway": "NO", "denmark": "DK", "ireland": "IE",
     "poland": "PL", "ukraine": "UA", "crimea region of ukraine": "UA", "moldova": "MD",
     "serbia": "RS", "slovakia": "SK", "slovenia": "SI", "hungary": "HU", "romania": "RO",
     "croatia": "HR", "luxembourg": "LU", "malta": "MT", "portugal": "PT", "iceland": "IS",
     "australia": "AU", "new zealand": "NZ", "brazil": "BR", "mexico": "MX", "argentina": "AR",
     "chile": "CL", "colombia": "CO", "peru": "PE", "venezuela": "VE", "cuba": "CU",
     "nicaragua": "NI", "sudan": "SD", "south sudan": "SS", "senegal": "SN", "eritrea": "ER",
     "libya": "LY", "algeria": "DZ", "morocco": "MA", "tunisia": "TN", "bangladesh": "BD",
     "sri lanka": "LK", "nepal": "NP", "mongolia": "MN", "laos": "LA", "cambodia": "KH",
     "nigeria": "NG", "kenya": "KE", "ethiopia": "ET", "somalia": "SO", "liechtenstein": "LI",
     "panama": "PA"}'::jsonb
        ->> btrim(regexp_replace(regexp_replace(lower(country), '[.''’()]', '', 'g'), '[^[:alnum:]]+', ' ', 'g'));
END
$fn$;
COMMENT ON FUNCTION instmatch.list_country_code(pg_catalog.text) IS
    'ISO 3166-1 alpha-2 code of a country name as sanctions lists write it (China, CHINA, PEOPLE''S REPUBLIC OF, Hong Kong, Russia, ...); NULL when unknown';

-- The usual English name of a country code that list_country_code returns (CN -> China).
CREATE FUNCTION instmatch.list_country_name(code pg_catalog.text) RETURNS pg_catalog.text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN '{"CN": "China", "HK": "Hong Kong", "MO": "Macau", "TW": "Taiwan", "RU": "Russia", "IR": "Iran",
     "PK": "Pakistan", "IN": "India", "AE": "United Arab Emirates", "TR": "Turkey",
     "BY": "Belarus", "SG": "Singapore", "MY": "Malaysia", "GB": "United Kingdom", "DE": "Germany",
     "FR": "France", "NL": "Netherlands", "CA": "Canada", "US": "United States", "IL": "Israel",
     "AM": "Armenia", "AZ": "Azerbaijan", "GE": "Georgia", "KZ": "Kazakhstan", "KG": "Kyrgyzstan",
     "UZ": "Uzbekistan", "TJ": "Tajikistan", "TM": "Turkmenistan", "AF": "Afghanistan",
     "IQ": "Iraq", "SY": "Syria", "LB": "Lebanon", "YE": "Yemen", "EG": "Egypt",
     "KR": "South Korea", "KP": "North Korea", "JP": "Japan", "MM": "Burma", "TH": "Thailand",
     "VN": "Vietnam", "ID": "Indonesia", "PH": "Philippines", "ZA": "South Africa",
     "SA": "Saudi Arabia", "OM": "Oman", "QA": "Qatar", "KW": "Kuwait", "BH": "Bahrain",
     "JO": "Jordan", "CY": "Cyprus", "GR": "Greece", "IT": "Italy", "ES": "Spain",
     "CH": "Switzerland", "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria",
     "CZ": "Czech Republic", "EE": "Estonia", "LV": "Latvia", "LT": "Lithuania", "FI": "Finland",
     "SE": "Sweden", "NO": "Norway", "DK": "Denmark", "IE": "Ireland", "PL": "Poland",
     "UA": "Ukraine", "MD": "Moldova", "RS": "Serbia", "SK": "Slovakia", "SI": "Slovenia",
     "HU": "Hungary", "RO": "Romania", "HR": "Croatia", "LU": "Luxembourg", "MT": "Malta",
     "PT": "Portugal", "IS": "Iceland", "AU": "Australia", "NZ": "New Zealand", "BR": "Brazil",
     "MX": "Mexico", "AR": "Argentina", "CL": "Chile", "CO": "Colombia", "PE": "Peru",
     "VE": "Venezuela", "CU": "Cuba", "NI": "Nicaragua", "SD": "Sudan", "SS": "South Sudan",
     "SN": "Senegal", "ER": "Eritrea", "LY": "Libya", "DZ": "Algeria", "MA": "Morocco",
     "TN": "Tunisia", "BD": "Bangladesh", "LK": "Sri Lanka", "NP": "Nepal", "MN": "Mongolia",
     "LA": "Laos", "KH": "Cambodia", "NG": "Nigeria", "KE": "Kenya", "ET": "Ethiopia",
     "SO": "Somalia", "LI": "Liechtenstein", "PA": "Panama"}'::jsonb ->> code;
END
$fn$;
COMMENT ON FUNCTION instmatch.list_country_name(pg_catalog.text) IS
    'the usual English name of a country code the list importers recognize (CN -> China); NULL for others';

-- The usual English name of a Chinese city written in Chinese or in another romanization
-- (北京 -> Beijing, Haerbin -> Harbin, Xian -> Xi'an; a Beijing district -> Beijing); other
-- names unchanged.
CREATE FUNCTION instmatch.list_city_name(city pg_catalog.text) RETURNS pg_catalog.text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN coalesce('{"北京": "Beijing", "上海": "Shanghai", "天津": "Tianjin", "重庆": "Chongqing", "武汉": "Wuhan",
     "西安": "Xi''an", "南京": "Nanjing", "长春": "Changchun", "南昌": "Nanchang", "廊坊": "Langfang",
     "广州": "Guangzhou", "深圳": "Shenzhen", "成都": "Chengdu", "杭州": "Hangzhou", "哈尔滨": "Harbin",
     "沈阳": "Shenyang", "大连": "Dalian", "长沙": "Changsha", "合肥": "Hefei", "济南": "Jinan",
     "青岛": "Qingdao", "郑州": "Zhengzhou", "太原": "Taiyuan", "石家庄": "Shijiazhuang", "兰州": "Lanzhou",
     "昆明": "Kunming", "贵阳": "Guiyang", "南宁": "Nanning", "福州": "Fuzhou", "厦门": "Xiamen",
     "乌鲁木齐": "Urumqi", "呼和浩特": "Hohhot", "银川": "Yinchuan", "西宁": "Xining", "拉萨": "Lhasa",
     "海口": "Haikou", "桂林": "Guilin", "苏州": "Suzhou", "无锡": "Wuxi", "宁波": "Ningbo", "烟台": "Yantai",
     "蚌埠": "Bengbu", "绵阳": "Mianyang", "洛阳": "Luoyang", "徐州": "Xuzhou", "镇江": "Zhenjiang",
     "保定": "Baoding", "唐山": "Tangshan", "湘潭": "Xiangtan", "衡阳": "Hengyang", "株洲": "Zhuzhou",
     "宜宾": "Yibin", "秦皇岛": "Qinhuangdao", "淄博": "Zibo", "潍坊": "Weifang", "香港": "Hong Kong",
     "澳门": "Macau", "台北": "Taipei", "haerbin": "Harbin", "xian": "Xi''an", "huhehaote": "Hohhot",
     "wulumuqi": "Urumqi", "haidian": "Beijing", "fengtai": "Beijing", "dongcheng": "Beijing",
     "xicheng": "Beijing", "changping": "Beijing", "shijingshan": "Beijing"}'::jsonb ->> lower(btrim(city)), btrim(city));
END
$fn$;
COMMENT ON FUNCTION instmatch.list_city_name(pg_catalog.text) IS
    'the usual English name of a Chinese city written in Chinese characters or another romanization (北京, Haerbin, Xian); other names unchanged';

-- Country and city of a postal address as lists write them: "27 Taiping Road, Haidian District,
-- Beijing, 100850, China", "Shuang Feng Lu, Jinzhou Qu, Dalian Shi, Liaoning Sheng, China",
-- "China, Zhejiang, Ningbo, Beilun, ...", "中国湖北省武汉市...". The country is the last (or first)
-- comma part; the city the nearest part before it that is not a province, district or postal code.
CREATE FUNCTION instmatch.list_address_place(address pg_catalog.text,
    OUT country pg_catalog.text, OUT country_name pg_catalog.text, OUT city pg_catalog.text)
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    provinces constant text := '(anhui|fujian|gansu|guangdong|guangxi|guizhou|hainan|hebei|heilongjiang|hellongjiang|henan|hubei|hunan|jiangsu|jiangxi|jilin|liaoning|inner mongolia|nei mongol|ningxia|qinghai|shaanxi|shandong|shanxi|sichuan|tibet|xizang|xinjiang|yunnan|zhejiang)';
    parts text[];
    p text;
    i int;
    step int;
    stop int;
    han text;
BEGIN
    -- parenthesized remarks go; a 5- or 6-digit postal code is no part of a place name
    address := regexp_replace(address, '\([^()]*\)', ' ', 'g');
    address := regexp_replace(address, '（[^（）]*）', ' ', 'g');
    parts := ARRAY(SELECT btrim(regexp_replace(x, '\m[0-9]{5,6}\M', ' ', 'g'), ' .;:')
                   FROM unnest(regexp_split_to_array(address, '[,，;]')) WITH ORDINALITY u(x, o) ORDER BY o);
    parts := array_remove(array_remove(parts, ''), NULL);
    IF cardinality(parts) = 0 THEN
        RETURN;
    END IF;
    -- Chinese-script address: 中国 prefix, city before 市
    IF parts[1] ~ '^中国' THEN
        country := 'CN'; country_name := '中国';
    END IF;
    han := substring(array_to_string(parts, ',') FROM '(?:^|省|自治区|中国)([^省市区县,0-9 ]{2,4}?)市');
    IF instmatch.list_country_code(parts[cardinality(parts)]) IS NOT NULL THEN
        country_name := parts[cardinality(parts)];
        i := cardinality(parts) - 1; step := -1; stop := 1;
    ELSIF cardinality(parts) > 1 AND instmatch.list_country_code(parts[1]) IS NOT NULL THEN
        country_name := parts[1];
        i := 2; step := 1; stop := cardinality(parts);
    ELSE
        i := cardinality(parts); step := -1; stop := 1;
    END IF;
    IF country_name IS NOT NULL AND country IS NULL THEN
        country := instmatch.list_country_code(country_name);
    END IF;
    -- the usual name, as affiliations write it
    country_name := coalesce(instmatch.list_country_name(country), country_name);
    WHILE (step < 0 AND i >= stop) OR (step > 0 AND i <= stop) LOOP
        p := btrim(parts[i]);
        i := i + step;
        CONTINUE WHEN p ~* ('^' || provinces || '(\s+(province|sheng))?$')
                   OR p ~* '(\mprovince|\msheng|autonomous region|zizhiqu)$'
                   OR p ~* '\m(district|qu|xian|county|xinqu|new area|zone|park|town|village|township)$';
        -- "Haidian District Beijing", "10 Chedaogou Street Beijing": the words after the last
        -- district or street word
        IF p ~* '\m(district|qu|road|rd|street|st|avenue|ave|lu|jie|dadao|zone|park)\M\.?\s+[A-Za-z]' THEN
            p := substring(p FROM '(?i).*\m(?:district|qu|road|rd|street|st|avenue|ave|lu|jie|dadao|zone|park)\M\.?\s+([^0-9]+)$');
        END IF;
        EXIT WHEN p IS NULL OR p ~ '[0-9#/]' OR p ~* '\m(road|rd|street|st|avenue|ave|lu|jie|dadao|lane|building|floor|room|box|campus|university|institute|college|center|centre|tower|plaza|square|gate)\M';
        -- "Xi'an Shaanxi": a trailing province name goes
        p := regexp_replace(p, '(?i)\s+' || provinces || '$', '');
        p := btrim(regexp_replace(p, '(?i)\s+(city|shi|municipality)$', ''));
        IF p ~ '[\u3400-\u9fff]' THEN
            p := substring(p FROM '^(?:中国)?(?:[^省]{2,3}省)?([^省市区县]{2,4}?)市');
            EXIT WHEN p IS NULL;
        END IF;
        IF p <> '' AND instmatch.list_country_code(p) IS NULL THEN
            city := p;
        END IF;
        EXIT;
    END LOOP;
    IF city IS NULL AND han IS NOT NULL THEN
        city := han;
    END IF;
    city := instmatch.list_city_name(city);
END
$fn$;
COMMENT ON FUNCTION instmatch.list_address_place(pg_catalog.text) IS
    'country (ISO code and name as written) and city of a postal address as sanctions lists write it';

-- ---------------------------------------------------------------------------------------------
-- BIS Entity List (15 CFR 744 Supplement No. 4) as published text
-- ---------------------------------------------------------------------------------------------

-- The text with every character inside parentheses replaced by '_' (the parentheses of the
-- outermost level stay), so that separators inside parentheses are not seen; NULL when the
-- parentheses are unbalanced. Same length as the text, so positions carry over.
CREATE FUNCTION instmatch.bis_mask(s pg_catalog.text) RETURNS pg_catalog.text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    chars text[];
    depth int := 0;
BEGIN
    IF strpos(s, '(') = 0 AND strpos(s, ')') = 0 THEN
        RETURN s;
    END IF;
    chars := string_to_array(s, NULL);
    FOR i IN 1 .. coalesce(cardinality(chars), 0) LOOP
        IF chars[i] = '(' THEN
            depth := depth + 1;
            IF depth > 1 THEN chars[i] := '_'; END IF;
        ELSIF chars[i] = ')' THEN
            IF depth = 0 THEN RETURN NULL; END IF;
            depth := depth - 1;
            IF depth > 0 THEN chars[i] := '_'; END IF;
        ELSIF depth > 0 THEN
            chars[i] := '_';
        END IF;
    END LOOP;
    RETURN CASE WHEN depth = 0 THEN array_to_string(chars, '') END;
END
$fn$;
COMMENT ON FUNCTION instmatch.bis_mask(pg_catalog.text) IS
    'BIS importer''s helper: the text with the contents of parentheses blanked out (NULL when unbalanced)';

-- The names one written alias (or name) stands for: the name itself without a trailing
-- "(ACRONYM)" or "(a.k.a. X)", and that acronym or X. First row: the name itself.
CREATE FUNCTION instmatch.bis_alias_parts(written pg_catalog.text,
    OUT alias pg_catalog.text, OUT kind pg_catalog.text)
    RETURNS SETOF record
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    a text := btrim(regexp_replace(written, '\s+', ' ', 'g'));
    x text;
    xkind text := 'aka';
    acr text;
BEGIN
    a := regexp_replace(a, '^(?:and\s+)?[—–-]?\s*', '', 'i');
    a := regexp_replace(a, '(?:[\s,;:]|\s+and)+$', '', 'i');
    -- "X (a.k.a., Y)", "X (formerly Y)"
    IF a ~* '\((?:a\.?\s?k\.?\s?a\.?|also known as|f\.?\s?k\.?\s?a\.?|formerly(?: known as)?)[,:]?\s' AND a ~ '\)$' THEN
        x := substring(a FROM '(?i)^.*?\s*\((?:a\.?\s?k\.?\s?a\.?|also known as|f\.?\s?k\.?\s?a\.?|formerly(?: known as)?)[,:]?\s+(.*)\)$');
        IF x IS NOT NULL AND instmatch.bis_mask(x) IS NOT NULL THEN
            IF a ~* '\((?:f\.?\s?k\.?\s?a\.?|formerly)' THEN xkind := 'former'; END IF;
            a := btrim(substring(a FROM '(?i)^(.*?)\s*\((?:a\.?\s?k\.?\s?a\.?|also known as|f\.?\s?k\.?\s?a\.?|formerly(?: known as)?)[,:]?\s+.*\)$'));
        ELSE
            x := NULL;
        END IF;
    END IF;
    -- "Name (ACR)"
    acr := substring(a FROM '\(([^()]+)\)$');
    IF acr IS NOT NULL AND instmatch.list_alias_kind(acr) = 'acronym' AND a ~ '\S\s*\([^()]+\)$' THEN
        a := btrim(substring(a FROM '^(.*\S)\s*\([^()]+\)$'));
    ELSE
        acr := NULL;
    END IF;
    IF a <> '' THEN
        alias := a; kind := instmatch.list_alias_kind(a); RETURN NEXT;
    END IF;
    IF acr IS NOT NULL THEN
        alias := acr; kind := 'acronym'; RETURN NEXT;
    END IF;
    IF x IS NOT NULL THEN
        FOR alias, kind IN SELECT p.alias, CASE WHEN p.kind = 'aka' THEN xkind ELSE p.kind END
                           FROM instmatch.bis_alias_parts(x) p LOOP
            RETURN NEXT;
        END LOOP;
    END IF;
END
$fn$;
COMMENT ON FUNCTION instmatch.bis_alias_parts(pg_catalog.text) IS
    'BIS importer''s helper: a written name split into the name and its trailing (ACRONYM) or (a.k.a. X), each with its alias kind';

-- Is this comma-separated part of an entry the start of an address?
CREATE FUNCTION instmatch.bis_is_address(part pg_catalog.text) RETURNS pg_catalog.bool
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN btrim(part) ~* '^(No\.?\s?[0-9]|#\s?[0-9]|[0-9]|P\.?\s?O\.?\s?Box|Room\M|Rm\.?\s|Building\M|Bldg|Floor\M|Block\M|Unit\M|Suite\M|Apt\M|Yard\M|Flat\M|Office\M)'
    OR btrim(part, ' .') ~* '\m(road|rd|street|st|avenue|ave|boulevard|blvd|lu|jie|dajie|dadao|lane|district|qu|county|province|sheng|city|shi|town|zone|village|square|plaza|highway|prospekt|ulitsa|oblast|krai)$'
    OR instmatch.list_country_code(btrim(regexp_replace(part, '[0-9]+', '', 'g'), ' .')) IS NOT NULL;
COMMENT ON FUNCTION instmatch.bis_is_address(pg_catalog.text) IS
    'BIS importer''s helper: does a comma-separated part of an entry begin its address (street number, street word, district, city, country)?';

-- Where the address begins in an entry without a.k.a. ("Name, Unit, 27 Taiping Road, ...,
-- China."): the first comma-separated part after the first that looks like an address (with the
-- city before it when that part is the country: "Name, Beijing, China."); 0 when there is none.
-- m is the masked text.
CREATE FUNCTION instmatch.bis_address_start(e pg_catalog.text, m pg_catalog.text) RETURNS pg_catalog.int4
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    starts int[] := ARRAY[1];
    q int := 1;
    k int;
    n int;
    part text;
    prev text;
BEGIN
    LOOP
        q := strpos(substr(m, q), ',') + q - 1;
        EXIT WHEN q < starts[cardinality(starts)];
        starts := starts || (q + 1);
        q := q + 1;
    END LOOP;
    n := cardinality(starts);
    FOR k IN 2 .. n LOOP
        part := substr(e, starts[k], coalesce(starts[k + 1] - 1, length(e) + 1) - starts[k]);
        IF instmatch.bis_is_address(part) THEN
            -- "Name, Beijing, China": the city before a bare country is part of the address
            prev := CASE WHEN k > 2 THEN btrim(substr(e, starts[k - 1], starts[k] - 1 - starts[k - 1])) END;
            IF instmatch.list_country_code(btrim(regexp_replace(part, '[0-9]+', '', 'g'), ' .')) IS NOT NULL
               AND prev ~ '^[[:alpha:]''’ .-]+$' AND prev !~ '(\S+\s+){3}'
               AND prev !~* '\m(university|institute|institution|academy|college|school|cent(er|re)|laboratory|company|corporation|department|bureau|ministry|factory|group|ltd|inc|llc|co)\M' THEN
                RETURN starts[k - 1];
            END IF;
            RETURN starts[k];
        END IF;
    END LOOP;
    RETURN 0;
END
$fn$;
COMMENT ON FUNCTION instmatch.bis_address_start(pg_catalog.text, pg_catalog.text) IS
    'BIS importer''s helper: character position where the address begins in an entry without aliases (0: none)';

-- One Entity List entry ("Name, a.k.a., the following N aliases: —A; —B; and —C. Address.")
-- -> {name, aliases, country, country_name, city, remarks}; entries for its "Subordinate
-- institution X, a.k.a. ..." parts follow, with "subordinate_of": the entry's name. loc names the
-- place in the input for error messages.
CREATE FUNCTION instmatch.bis_parse_entry(entry pg_catalog.text, loc pg_catalog.text) RETURNS SETOF pg_catalog.jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    -- "a.k.a., the following three aliases:", "and the following two aliases:",
    -- "a.k.a., the following eight aliases, and thirteen subordinate institutions:"
    r_list constant text := ',?\s*(?:\ma\.?\s?k\.?\s?a\M\.?|\mand)\s*,?\s*the\s+following\s+[a-z0-9-]+\s+(?:aliases|alias|names|name)\M[^:;.]{0,100}:';
    r_aka constant text := ',?\s*\ma\.\s?k\.\s?a\M\.?,?\s+';
    -- an address glued to the end of an alias ("—12th Institute 51 Yong Ding Road, Beijing")
    r_addr constant text := '(?:\mNo\.?\s?|#\s?)?\m[0-9]+[A-Za-z]?,?\s+(?:[^\s,;]+\s+){0,4}(?:Road|Rd|Street|St|Avenue|Ave|Boulevard|Blvd|Lu|Jie|Dajie|Dadao|Lane|Hutong|Highway|Building|Bldg)\M';
    cn_cities constant text[] := ARRAY['beijing', 'shanghai', 'tianjin', 'chongqing', 'chengdu', 'xi''an', 'xian',
        'harbin', 'nanjing', 'wuhan', 'changsha', 'hefei', 'guangzhou', 'shenzhen', 'hangzhou', 'mianyang',
        'changchun', 'shenyang', 'dalian', 'qingdao', 'jinan', 'suzhou', 'urumqi', 'kunming', 'luoyang',
        'zhengzhou', 'taiyuan', 'lanzhou', 'nanchang', 'fuzhou', 'xiamen', 'ningbo', 'wuxi', 'shijiazhuang',
        'guiyang', 'nanning', 'hohhot', 'tangshan', 'baotou', 'zhuhai', 'dongguan', 'foshan', 'baoding'];
    e text;
    m text;
    n int;
    ms int;
    me int;
    mode text;
    name text;
    addr text;
    p int;
    s int;
    q int;
    d int;
    a int;
    c text;
    w text;
    pre text;
    item text;
    endkind text;
    dashless bool;
    items text[] := '{}';
    remarks text[] := '{}';
    addrs text[];
    subs text[];
    pl record;
    country text;
    country_name text;
    city text;
    aliases jsonb;
    sub jsonb;
BEGIN
    e := btrim(regexp_replace(translate(entry, '（）', '()'), '\s+', ' ', 'g'));
    -- real entries have a few thousand characters; the scan below is not meant for megabytes
    IF length(e) > 20000 THEN
        RAISE EXCEPTION USING ERRCODE = '54000',
            MESSAGE = format('%s: the entry text has %s characters, more than 20000', loc, length(e));
    END IF;
    -- "(See alternative address under United Kingdom.)"
    w := substring(e FROM '\((See [^()]*)\)\.?$');
    IF w IS NOT NULL THEN
        remarks := remarks || rtrim(w, '. ');
        e := btrim(regexp_replace(e, '\s*\(See [^()]*\)\.?$', ''));
    END IF;
    m := instmatch.bis_mask(e);
    IF m IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22P02',
            MESSAGE = format('%s: unbalanced parentheses in the entry text', loc),
            DETAIL = format('Entry: %s', left(e, 200));
    END IF;
    n := length(e);

    ms := regexp_instr(m, r_list, 1, 1, 0, 'i');
    IF ms > 0 THEN
        me := regexp_instr(m, r_list, 1, 1, 1, 'i'); mode := 'list';
    ELSE
        ms := regexp_instr(m, r_aka, 1, 1, 0, 'i');
        IF ms > 0 THEN
            me := regexp_instr(m, r_aka, 1, 1, 1, 'i'); mode := 'single';
        END IF;
    END IF;

    IF mode IS NULL THEN
        a := instmatch.bis_address_start(e, m);
        IF a > 0 THEN
            name := left(e, a - 1); addr := substr(e, a);
        ELSE
            name := e;
        END IF;
    ELSE
        name := left(e, ms - 1);
        p := me;
        -- aliases: each begins with a dash (em or en dash, or a hyphen) and ends with ';'; the list
        -- ends with the sentence (". "), where an address begins, or where a segment after ';'
        -- is no alias. Without dashes, aliases are separated by ';' only.
        dashless := mode = 'single' OR substr(m, p) !~ '^\s*(?:\(_*\)\s*)?[—–-]';
        LOOP
            IF dashless THEN
                pre := substring(substr(m, p) FROM '^(\s*(?:and\s+)?)');
            ELSE
                pre := substring(substr(m, p) FROM '^(\s*(?:and\s+)?(?:\(_*\)\s*)?(?:and\s+)?[—–-]\s*)');
            END IF;
            EXIT WHEN pre IS NULL OR p > n;
            -- a remark in parentheses before the dash: "(all of preceding located in ...)"
            IF pre ~ '\(' THEN
                remarks := remarks || substr(e, p + strpos(pre, '('), length(substring(pre FROM '\(_*\)')) - 2);
            END IF;
            s := p + length(pre);
            a := regexp_instr(m, r_addr, s + 1);
            q := s;
            LOOP
                d := regexp_instr(m, '[;—–]|\s-[^\s-]|\.(?:\s|$)', q);
                IF a > 0 AND (d = 0 OR a < d) THEN
                    item := substr(e, s, a - s); p := a; endkind := 'stop'; EXIT;
                END IF;
                IF d = 0 THEN
                    item := substr(e, s); p := n + 1; endkind := 'eof'; EXIT;
                END IF;
                c := substr(m, d, 1);
                IF c = ';' THEN
                    item := substr(e, s, d - s); p := d + 1; endkind := 'next'; EXIT;
                ELSIF c IN ('—', '–') THEN
                    -- "—A and —B": a dash after a space starts the next alias
                    IF d > s AND substr(m, d - 1, 1) = ' ' AND NOT dashless THEN
                        item := substr(e, s, d - s); p := d; endkind := 'next'; EXIT;
                    END IF;
                    q := d + 1;
                ELSIF c = '.' THEN
                    w := substring(substr(m, s, d - s) FROM '(\S+)$');
                    IF w ~* '^(co|ltd|inc|corp|llc|plc|bhd|pte|jsc|gmbh|s\.a|s\.p\.a|n\.v|b\.v)$' THEN
                        -- "Co." ends the sentence (and keeps its period) unless the name goes
                        -- on: "Co. Ltd", "Inc. (X)"
                        IF substr(m, d + 1) !~* '^\s*(ltd|limited|llc|inc|corp|co|\()' THEN
                            item := substr(e, s, d - s + 1); p := d + 1; endkind := 'stop'; EXIT;
                        END IF;
                        q := d + 1;
                    ELSIF w ~ '^([A-Za-z]|St|Mt|Ft|Dr|Jr|Sr|Messrs|Mr|Mrs|Ms|Prof|No)$' OR w ~ '\.[A-Za-z]$' THEN
                        q := d + 1;
                    ELSE
                        item := substr(e, s, d - s); p := d + 1; endkind := 'stop'; EXIT;
                    END IF;
                ELSE
                    -- " -B" after "and": a hyphen used as the dash
                    IF NOT dashless AND substr(m, s, d - s) ~* '\mand$' THEN
                        item := substr(e, s, d - s); p := d + 1; endkind := 'next'; EXIT;
                    END IF;
                    q := d + 2;
                END IF;
            END LOOP;
            IF endkind = 'eof' THEN
                -- no sentence end: an address may follow the last alias after a comma
                a := instmatch.bis_address_start(item, instmatch.bis_mask(item));
                IF a > 0 THEN
                    addr := substr(item, a); item := left(item, a - 1);
                END IF;
            END IF;
            items := items || item;
            EXIT WHEN endkind IN ('stop', 'eof');
        END LOOP;
        IF p <= n THEN
            addr := substr(e, p);
        END IF;
    END IF;

    name := btrim(regexp_replace(name, '[\s,;:]+$', ''));
    IF name !~* '\m(co|ltd|inc|corp|llc|plc|bhd|pte|jsc|gmbh)\.$' THEN
        name := btrim(regexp_replace(name, '[\s,;:.]+$', ''));
    END IF;
    IF name = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22P02',
            MESSAGE = format('%s: the entry has no name before its aliases or address', loc),
            DETAIL = format('Entry: %s', left(e, 200));
    END IF;
    addr := nullif(btrim(addr, ' .,;:'), '');
    IF addr ~* '^Subordinate institutions?\s' THEN
        subs := regexp_split_to_array(addr, '\s*\mSubordinate institutions?\s+', 'i');
        addr := NULL;
    END IF;

    -- name and aliases: a trailing (ACRONYM) or (a.k.a. X) of each is an alias of its own
    SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('alias', x.alias, 'kind', x.kind,
                        'lang', CASE WHEN x.kind = 'label' THEN 'zh' END)) ORDER BY x.ord), '[]')
    INTO aliases
    FROM (SELECT DISTINCT ON (y.alias) y.alias, y.kind, y.ord
          FROM (SELECT pa.alias, pa.kind, i * 1000 + o AS ord
                FROM unnest(ARRAY[name] || items) WITH ORDINALITY u(t, i),
                     LATERAL instmatch.bis_alias_parts(u.t) WITH ORDINALITY pa(alias, kind, o)
                WHERE NOT (i = 1 AND o = 1)) y
          WHERE y.alias <> '' AND lower(y.alias) <> lower((SELECT alias FROM instmatch.bis_alias_parts(name) LIMIT 1))
          ORDER BY y.alias, y.ord) x;
    name := coalesce((SELECT alias FROM instmatch.bis_alias_parts(name) LIMIT 1), name);

    -- country and city: the first address that names them
    addrs := regexp_split_to_array(addr, ';\s*(?:and\s+)?');
    FOR i IN 1 .. coalesce(cardinality(addrs), 0) LOOP
        pl := instmatch.list_address_place(addrs[i]);
        city := coalesce(city, pl.city);
        IF pl.country IS NOT NULL THEN
            country := pl.country; country_name := pl.country_name;
            EXIT;
        END IF;
    END LOOP;
    IF country IS NULL AND lower(city) = ANY (cn_cities) THEN
        country := 'CN'; country_name := 'China';
    END IF;

    RETURN NEXT jsonb_strip_nulls(jsonb_build_object(
        'name', name, 'aliases', aliases, 'country', country, 'country_name', country_name, 'city', city,
        'address', addr, 'remarks', nullif(array_to_string(remarks, '; '), '')));
    FOR i IN 2 .. coalesce(cardinality(subs), 0) LOOP
        FOR sub IN SELECT x FROM instmatch.bis_parse_entry(subs[i], loc) x LOOP
            sub := sub || jsonb_build_object('name', name || ', ' || (sub ->> 'name'), 'subordinate_of', name);
            IF country IS NOT NULL AND NOT sub ? 'country' THEN
                sub := sub || jsonb_build_object('country', country);
            END IF;
            RETURN NEXT sub;
        END LOOP;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION instmatch.bis_parse_entry(pg_catalog.text, pg_catalog.text) IS
    'BIS importer''s helper: one Entity List entry text -> {name, aliases, country, country_name, city, address, remarks}, then its subordinate institutions';

-- Federal Register citations as the Entity List's last column writes them ("75 FR 78883,
-- 12/21/10. 85 FR 34497, 6/5/20.") -> reference ("75 FR 78883; 85 FR 34497") and the date of
-- the earliest one (the date the entry was added). loc names the place for error messages.
CREATE FUNCTION instmatch.bis_citations(citations pg_catalog.text, loc pg_catalog.text,
    OUT reference pg_catalog.text, OUT listed_on pg_catalog.date)
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    r_cite constant text := '([0-9]{1,3})\s*F\.?\s?R\.?\s*([0-9]{1,6})(?:\s*,?\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}|[0-9]{2}))?';
    rest text;
    mt text[];
    refs text[] := '{}';
    y int;
    dt date;
BEGIN
    rest := regexp_replace(citations, r_cite, '', 'g');
    IF rest !~ '^(?:[\s.,;]|\mand\M)*$' THEN
        RAISE EXCEPTION USING ERRCODE = '22P02',
            MESSAGE = format('%s, field "Federal Register citation": cannot read %L (expected citations like "85 FR 34497, 6/5/20")',
                             loc, btrim(rest, ' .,;'));
    END IF;
    FOR mt IN SELECT regexp_matches(citations, r_cite, 'g') LOOP
        refs := refs || format('%s FR %s', mt[1], mt[2]);
        CONTINUE WHEN mt[3] IS NULL;
        y := mt[5]::int;
        IF length(mt[5]) = 2 THEN
            y := y + CASE WHEN y < 70 THEN 2000 ELSE 1900 END;
        END IF;
        BEGIN
            dt := make_date(y, mt[3]::int, mt[4]::int);
        EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
            RAISE EXCEPTION USING ERRCODE = '22007',
                MESSAGE = format('%s, field "Federal Register citation": %s/%s/%s is not a date (month/day/year)',
                                 loc, mt[3], mt[4], mt[5]);
        END;
        listed_on := least(listed_on, dt);
    END LOOP;
    reference := nullif(array_to_string(refs, '; '), '');
END
$fn$;
COMMENT ON FUNCTION instmatch.bis_citations(pg_catalog.text, pg_catalog.text) IS
    'BIS importer''s helper: Federal Register citations "85 FR 34497, 6/5/20. ..." -> reference and the earliest date';

-- The entries of one BIS entry text as list entries (key, list, parent_key, ...): the shared part
-- of parse_bis_text and parse_bis_json.
CREATE FUNCTION instmatch.bis_entries(entry pg_catalog.text, loc pg_catalog.text, in_column pg_catalog.bool,
    country_field pg_catalog.text, citations pg_catalog.text, extra_remarks pg_catalog.text, labels pg_catalog.text[])
    RETURNS SETOF pg_catalog.jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    x jsonb;
    ref text;
    listed date;
    cc text;
    key text;
    parent_key text;
    lbl text;
BEGIN
    IF citations IS NOT NULL AND citations ~ '\S' THEN
        SELECT c.reference, c.listed_on INTO ref, listed FROM instmatch.bis_citations(citations, loc) c;
    END IF;
    IF country_field IS NOT NULL THEN
        cc := instmatch.list_country_code(country_field);
    END IF;
    FOR x IN SELECT y FROM instmatch.bis_parse_entry(entry, loc || CASE WHEN in_column THEN ', field "entry"' ELSE '' END) y LOOP
        key := lower(@extschema@.inst_normalize(x ->> 'name'));
        IF coalesce(key, '') = '' THEN
            RAISE EXCEPTION USING ERRCODE = '22P02',
                MESSAGE = format('%s: the name %L normalizes to nothing', loc, x ->> 'name');
        END IF;
        IF x ? 'subordinate_of' THEN
            x := x || jsonb_build_object('parent_key', parent_key);
        ELSE
            parent_key := key;
            FOREACH lbl IN ARRAY coalesce(labels, '{}') LOOP
                IF lbl ~ '\S' AND NOT x -> 'aliases' @> jsonb_build_array(jsonb_build_object('alias', btrim(lbl))) THEN
                    x := jsonb_set(x, '{aliases}', (x -> 'aliases') || jsonb_build_object(
                        'alias', btrim(lbl), 'kind', instmatch.list_alias_kind(btrim(lbl)),
                        'lang', CASE WHEN instmatch.list_alias_kind(btrim(lbl)) = 'label' THEN 'zh' END));
                END IF;
            END LOOP;
        END IF;
        IF country_field IS NOT NULL THEN
            -- the country column wins over the address
            x := x || jsonb_strip_nulls(jsonb_build_object('country', cc, 'country_name',
                coalesce(instmatch.list_country_name(cc), btrim(country_field))));
            IF cc IS NULL THEN x := x - 'country'; END IF;
        END IF;
        RETURN NEXT jsonb_strip_nulls(
            jsonb_build_object('list', 'EL', 'list_name', 'Entity List', 'publisher', 'Bureau of Industry and Security',
                               'key', key, 'name', x ->> 'name', 'aliases', x -> 'aliases',
                               'country', x ->> 'country', 'country_name', x ->> 'country_name', 'city', x ->> 'city',
                               'listed_on', listed, 'reference', ref,
                               'remarks', nullif(concat_ws('; ', x ->> 'remarks', extra_remarks), ''),
                               'parent_key', x ->> 'parent_key'));
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION instmatch.bis_entries(pg_catalog.text, pg_catalog.text, pg_catalog.bool, pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text[]) IS
    'BIS importer''s helper: the list entries of one Entity List entry text (the entry and its subordinate institutions)';

-- Entries that normalize to the same name (an entity listed under two countries) become one:
-- aliases united, the earliest listing date, the citations and remarks of both.
CREATE FUNCTION instmatch.bis_merge(entries pg_catalog.jsonb[]) RETURNS pg_catalog.jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN cardinality(entries) = 1 THEN entries[1] ELSE
    jsonb_strip_nulls(entries[1] || jsonb_build_object(
        'aliases', (SELECT coalesce(jsonb_agg(a ORDER BY o), '[]') FROM (
                        SELECT DISTINCT ON (a ->> 'alias') a, i * 1000 + j AS o
                        FROM unnest(entries) WITH ORDINALITY u(e, i), jsonb_array_elements(u.e -> 'aliases') WITH ORDINALITY v(a, j)
                        WHERE lower(a ->> 'alias') <> lower(entries[1] ->> 'name')
                        ORDER BY a ->> 'alias', i * 1000 + j) x),
        'listed_on', (SELECT min((e ->> 'listed_on')::date) FROM unnest(entries) e),
        'reference', (SELECT string_agg(DISTINCT r, '; ') FROM unnest(entries) e, regexp_split_to_table(e ->> 'reference', ';\s*') r),
        'remarks', (SELECT string_agg(r, '; ' ORDER BY o) FROM (
                        SELECT DISTINCT ON (r) r, i AS o FROM unnest(entries) WITH ORDINALITY u(e, i),
                               unnest(ARRAY[CASE WHEN i > 1 AND e ->> 'country_name' IS DISTINCT FROM entries[1] ->> 'country_name'
                                                 THEN 'also listed under ' || coalesce(e ->> 'country_name', e ->> 'country') END,
                                            e ->> 'remarks']) r
                        WHERE r IS NOT NULL ORDER BY r, i) y)))
    END;
COMMENT ON FUNCTION instmatch.bis_merge(pg_catalog.jsonb[]) IS
    'BIS importer''s helper: merge the entries of one entity listed several times';

-- The BIS Entity List as text, one entry per line (blank lines are ignored). A line is either
--   entry text
-- or tab-separated, as the table of 15 CFR 744 Supplement No. 4 has its columns:
--   country<TAB>entry text
--   country<TAB>entry text<TAB>Federal Register citations
--   country<TAB>entry text<TAB>license requirement<TAB>license review policy<TAB>Federal Register citations
-- An empty country field repeats the country of the line before (the table writes it once per
-- country). Entry text: "Name, a.k.a., the following N aliases: —A; —B; and —C. Address."
-- (also "a.k.a. X", hyphens or en dashes before aliases, "Subordinate institution X, a.k.a. ...").
-- Citations "75 FR 78883, 12/21/10. 85 FR 34497, 6/5/20." give the reference and listed_on (the
-- earliest date). Key: the normalized name; entries with the same key are merged.
CREATE FUNCTION instmatch.parse_bis_text(content pg_catalog.text) RETURNS SETOF pg_catalog.jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    ln bigint;
    l text;
    f text[];
    nf int;
    loc text;
    country text;
    last_country text;
    entries jsonb[] := '{}';
    x jsonb;
BEGIN
    FOR ln, l IN SELECT s.n, rtrim(s.l, E'\r') FROM string_to_table(content, E'\n') WITH ORDINALITY AS s(l, n) LOOP
        IF ln = 1 AND left(l, 1) = E'\uFEFF' THEN        -- a byte order mark
            l := substr(l, 2);
        END IF;
        CONTINUE WHEN l !~ '\S';
        loc := format('BIS text line %s', ln);
        f := string_to_array(l, E'\t');
        nf := cardinality(f);
        IF nf NOT IN (1, 2, 3, 5) THEN
            RAISE EXCEPTION USING ERRCODE = '22P02',
                MESSAGE = format('%s: %s tab-separated fields; expected 1 (entry), 2 (country, entry), 3 (country, entry, Federal Register citations) or 5 (country, entry, license requirement, license review policy, citations)', loc, nf);
        END IF;
        IF nf > 1 THEN
            country := nullif(btrim(f[1]), '');
            IF country IS NULL THEN
                country := last_country;
                IF country IS NULL THEN
                    RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('%s, field "country" is empty and no line before names one', loc);
                END IF;
            ELSIF instmatch.list_country_code(country) IS NULL AND country !~ '^[[:alpha:] ,.''’()-]{2,60}$' THEN
                RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('%s, field "country": %L is not a country name', loc, country);
            END IF;
            last_country := country;
        END IF;
        IF btrim(f[least(nf, 2)]) = '' THEN
            RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('%s, field "entry" is empty', loc);
        END IF;
        FOR x IN SELECT y FROM instmatch.bis_entries(f[least(nf, 2)], loc, nf > 1,
                                                      CASE WHEN nf > 1 THEN country END,
                                                      CASE nf WHEN 3 THEN f[3] WHEN 5 THEN f[5] END,
                                                      CASE WHEN nf = 5 THEN nullif(concat_ws('; ',
                                                          'license requirement: ' || nullif(btrim(f[3]), ''),
                                                          'license review policy: ' || nullif(btrim(f[4]), '')), '') END,
                                                      NULL) y LOOP
            entries := array_append(entries, x);
        END LOOP;
    END LOOP;
    RETURN QUERY
        SELECT instmatch.bis_merge(array_agg(u.e ORDER BY u.o))
        FROM unnest(entries) WITH ORDINALITY u(e, o)
        GROUP BY u.e ->> 'key'
        ORDER BY min(u.o);
END
$fn$;
COMMENT ON FUNCTION instmatch.parse_bis_text(pg_catalog.text) IS
    'parse the BIS Entity List as text (one entry per line, optionally "country<TAB>entry[<TAB>license requirement<TAB>license review policy]<TAB>Federal Register citations"): one list entry per entity';

-- The JSON layout of a scrape of the Entity List: {"generatedAt": ..., "entries": [{"name", "raw"}]},
-- raw being the entry text (parsed as parse_bis_text does). zh_names: optionally a JSON array
-- [{"name", "zh"}] (name as in entries) whose zh becomes a label of that entry.
CREATE FUNCTION instmatch.parse_bis_json(content pg_catalog.text, zh_names pg_catalog.text DEFAULT NULL)
    RETURNS SETOF pg_catalog.jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    doc jsonb;
    zh jsonb;
    el jsonb;
    i bigint;
    loc text;
    names jsonb := '{}';
    entries jsonb[] := '{}';
    x jsonb;
    unmatched int;
BEGIN
    IF content IS NULL THEN
        RETURN;
    END IF;
    doc := instmatch.list_json(content, 'BIS JSON');
    IF jsonb_typeof(doc) <> 'object' OR jsonb_typeof(doc -> 'entries') IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = '22P02',
            MESSAGE = 'BIS JSON: expected an object with an array "entries" ({"generatedAt": ..., "entries": [{"name": ..., "raw": ...}]})';
    END IF;
    IF doc ? 'generatedAt' AND (jsonb_typeof(doc -> 'generatedAt') <> 'string'
                                OR doc ->> 'generatedAt' !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN
        RAISE EXCEPTION USING ERRCODE = '22007',
            MESSAGE = format('BIS JSON, field "generatedAt": %s is not a timestamp', doc -> 'generatedAt');
    END IF;
    IF zh_names IS NOT NULL THEN
        zh := instmatch.list_json(zh_names, 'BIS zh names JSON');
        IF jsonb_typeof(zh) <> 'array' THEN
            RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = 'BIS zh names JSON: expected an array [{"name": ..., "zh": ...}]';
        END IF;
        FOR el, i IN SELECT a, o - 1 FROM jsonb_array_elements(zh) WITH ORDINALITY t(a, o) LOOP
            IF jsonb_typeof(el -> 'name') IS DISTINCT FROM 'string' OR jsonb_typeof(el -> 'zh') IS DISTINCT FROM 'string' THEN
                RAISE EXCEPTION USING ERRCODE = '22P02',
                    MESSAGE = format('BIS zh names JSON, element [%s]: expected {"name": string, "zh": string}', i);
            END IF;
            names := names || jsonb_build_object(el ->> 'name', coalesce(names -> (el ->> 'name'), '[]') || (el -> 'zh'));
        END LOOP;
    END IF;
    FOR el, i IN SELECT a, o - 1 FROM jsonb_array_elements(doc -> 'entries') WITH ORDINALITY t(a, o) LOOP
        loc := format('BIS JSON entries[%s]', i);
        IF jsonb_typeof(el) <> 'object' OR jsonb_typeof(el -> 'raw') IS DISTINCT FROM 'string' OR btrim(el ->> 'raw') = '' THEN
            RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('%s, field "raw": missing or not a non-empty string', loc);
        END IF;
        IF el ? 'name' AND jsonb_typeof(el -> 'name') <> 'string' THEN
            RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('%s, field "name": not a string', loc);
        END IF;
        FOR x IN SELECT y FROM instmatch.bis_entries(el ->> 'raw', loc || ', field "raw"', false, NULL, NULL, NULL,
                                                      ARRAY(SELECT jsonb_array_elements_text(names -> (el ->> 'name')))) y LOOP
            entries := array_append(entries, x);
        END LOOP;
        names := names - (el ->> 'name');
    END LOOP;
    unmatched := (SELECT count(*) FROM jsonb_object_keys(names));
    IF unmatched > 0 THEN
        RAISE NOTICE 'BIS zh names JSON: % name(s) match no entry, e.g. %', unmatched, (SELECT min(k) FROM jsonb_object_keys(names) k);
    END IF;
    RETURN QUERY
        SELECT instmatch.bis_merge(array_agg(u.e ORDER BY u.o))
        FROM unnest(entries) WITH ORDINALITY u(e, o)
        GROUP BY u.e ->> 'key'
        ORDER BY min(u.o);
END
$fn$;
COMMENT ON FUNCTION instmatch.parse_bis_json(pg_catalog.text, pg_catalog.text) IS
    'parse the JSON layout {"generatedAt", "entries": [{"name", "raw"}]} of a BIS Entity List scrape (raw parsed as parse_bis_text does), with optional Chinese names [{"name", "zh"}]: one list entry per entity';

-- ---------------------------------------------------------------------------------------------
-- ASPI China Defence Universities Tracker (MISP galaxy cluster JSON)
-- ---------------------------------------------------------------------------------------------

-- {"name": "China Defence Universities Tracker", "values": [{"value": "English name (中文名)",
-- "uuid", "description", "meta": {"aliases", "categories", "supervising agencies", "address",
-- "refs", ...}}]} -> one entry per value: key the uuid, name and zh label from value, aliases
-- from meta.aliases (Chinese -> label zh, short capitals -> acronym, "X (a.k.a. Y)" -> X and
-- Y), country CN, city from meta.address, categories and supervising agencies in remarks, types
-- company for defence industry conglomerates, education for universities, colleges, schools,
-- institutes of technology and academies (not research or science academies), facility
-- otherwise; reference the tracker's URL.
CREATE FUNCTION instmatch.parse_aspi_json(content pg_catalog.text) RETURNS SETOF pg_catalog.jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    doc jsonb;
    v jsonb;
    meta jsonb;
    i bigint;
    loc text;
    val text;
    name text;
    zh text;
    seen jsonb := '{}';
    aliases jsonb;
    cats text;
    agencies text;
    k text;
BEGIN
    doc := instmatch.list_json(content, 'ASPI JSON');
    IF jsonb_typeof(doc) <> 'object' OR jsonb_typeof(doc -> 'values') IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = '22P02',
            MESSAGE = 'ASPI JSON: expected a MISP galaxy cluster, an object with an array "values"';
    END IF;
    FOR v, i IN SELECT a, o - 1 FROM jsonb_array_elements(doc -> 'values') WITH ORDINALITY t(a, o) LOOP
        loc := format('ASPI JSON values[%s]', i);
        IF jsonb_typeof(v) <> 'object' THEN
            RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('%s: not an object', loc);
        END IF;
        IF jsonb_typeof(v -> 'value') IS DISTINCT FROM 'string' OR btrim(v ->> 'value') = '' THEN
            RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('%s, field "value": missing or not a non-empty string', loc);
        END IF;
        IF jsonb_typeof(v -> 'uuid') IS DISTINCT FROM 'string'
           OR v ->> 'uuid' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
            RAISE EXCEPTION USING ERRCODE = '22P02',
                MESSAGE = format('%s, field "uuid": %s is not a UUID', loc, coalesce(v -> 'uuid', 'null'));
        END IF;
        k := lower(v ->> 'uuid');
        IF seen ? k THEN
            RAISE EXCEPTION USING ERRCODE = '23505',
                MESSAGE = format('%s, field "uuid": %s is also the uuid of values[%s]', loc, k, seen ->> k);
        END IF;
        seen := seen || jsonb_build_object(k, i);
        meta := coalesce(v -> 'meta', '{}');
        IF jsonb_typeof(meta) <> 'object' THEN
            RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('%s, field "meta": not an object', loc);
        END IF;
        IF EXISTS (SELECT FROM unnest(ARRAY['aliases', 'categories', 'supervising agencies', 'refs']) f
                   WHERE meta ? f AND (jsonb_typeof(meta -> f) <> 'array'
                                       OR EXISTS (SELECT FROM jsonb_array_elements(meta -> f) x WHERE jsonb_typeof(x) <> 'string'))) THEN
            RAISE EXCEPTION USING ERRCODE = '22P02',
                MESSAGE = format('%s, field "meta": aliases, categories, supervising agencies and refs must be arrays of strings', loc);
        END IF;
        IF meta ? 'address' AND jsonb_typeof(meta -> 'address') NOT IN ('string', 'null') THEN
            RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('%s, field "meta.address": not a string', loc);
        END IF;

        val := btrim(regexp_replace(v ->> 'value', '\s+', ' ', 'g'));
        zh := substring(val FROM '[(（]([^()（）]*[\u3400-\u9fff][^()（）]*)[)）]$');
        name := btrim(regexp_replace(val, '\s*[(（][^()（）]*[\u3400-\u9fff][^()（）]*[)）]$', ''));
        IF name = '' OR name ~ '[\u3400-\u9fff]' AND name !~ '[A-Za-z]' THEN
            RAISE EXCEPTION USING ERRCODE = '22P02',
                MESSAGE = format('%s, field "value": %L has no English name (expected "English name (中文名)")', loc, val);
        END IF;
        SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('alias', x.alias, 'kind', x.kind,
                            'lang', CASE WHEN x.kind = 'label' THEN 'zh' END)) ORDER BY x.ord), '[]')
        INTO aliases
        FROM (SELECT DISTINCT ON (y.alias) y.alias, y.kind, y.ord
              FROM (SELECT pa.alias, pa.kind, u.o * 1000 + pa.o AS ord
                    FROM unnest(ARRAY[name, zh] || ARRAY(SELECT jsonb_array_elements_text(meta -> 'aliases')))
                             WITH ORDINALITY u(t, o),
                         LATERAL instmatch.bis_alias_parts(u.t) WITH ORDINALITY pa(alias, kind, o)
                    WHERE NOT (u.o = 1 AND pa.o = 1)) y
              WHERE y.alias <> '' AND lower(y.alias) <> lower((SELECT p.alias FROM instmatch.bis_alias_parts(name) p LIMIT 1))
              ORDER BY y.alias, y.ord) x;
        name := coalesce((SELECT p.alias FROM instmatch.bis_alias_parts(name) p LIMIT 1), name);
        cats := (SELECT string_agg(btrim(c), ', ') FROM jsonb_array_elements_text(meta -> 'categories') c WHERE c ~ '\S');
        agencies := (SELECT string_agg(btrim(c), ', ') FROM jsonb_array_elements_text(meta -> 'supervising agencies') c WHERE c ~ '\S');
        RETURN NEXT jsonb_strip_nulls(jsonb_build_object(
            'list', 'ASPI', 'list_name', 'China Defence Universities Tracker',
            'publisher', 'Australian Strategic Policy Institute',
            'key', k, 'name', name, 'aliases', aliases, 'country', 'CN', 'country_name', 'China',
            'city', (instmatch.list_address_place(meta ->> 'address')).city,
            'types', jsonb_build_array(CASE
                WHEN meta -> 'categories' ? 'Defence industry conglomerate' THEN 'company'
                WHEN name ~* '\m(university|college|school|polytechnic)\M|\minstitute of technology\M' THEN 'education'
                WHEN name ~* '\macademy\M' AND name !~* '\m(research|science|sciences|physics)\M' THEN 'education'
                ELSE 'facility' END),
            'reference', meta #>> '{refs,0}',
            'remarks', nullif(concat_ws('; ', 'category: ' || cats, 'supervising agencies: ' || agencies), '')));
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION instmatch.parse_aspi_json(pg_catalog.text) IS
    'parse ASPI''s China Defence Universities Tracker as a MISP galaxy cluster JSON: one list entry per institution (key the uuid)';

-- ---------------------------------------------------------------------------------------------
-- Import functions: parse, then apply_import (one complete version of the feed)
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION instmatch.import_bis_text(content pg_catalog.text, version pg_catalog.text DEFAULT NULL,
    published_on pg_catalog.date DEFAULT NULL,
    source_url pg_catalog.text DEFAULT 'https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-744/appendix-Supplement%20No.%204%20to%20Part%20744')
    RETURNS SETOF instmatch.import_result
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF content IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'import_bis_text: the content is NULL';
    END IF;
    RETURN QUERY SELECT * FROM instmatch.apply_import('bis',
        (SELECT jsonb_agg(e) FROM instmatch.parse_bis_text(content) e), version, published_on, source_url);
END
$fn$;
COMMENT ON FUNCTION instmatch.import_bis_text(pg_catalog.text, pg_catalog.text, pg_catalog.date, pg_catalog.text) IS
    'import the BIS Entity List as text (feed bis, list EL; see parse_bis_text for the layout)';

CREATE FUNCTION instmatch.import_bis_json(content pg_catalog.text, zh_names pg_catalog.text DEFAULT NULL,
    version pg_catalog.text DEFAULT NULL, published_on pg_catalog.date DEFAULT NULL,
    source_url pg_catalog.text DEFAULT 'https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-744/appendix-Supplement%20No.%204%20to%20Part%20744')
    RETURNS SETOF instmatch.import_result
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    entries jsonb;
    generated text;
BEGIN
    IF content IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'import_bis_json: the content is NULL';
    END IF;
    entries := (SELECT jsonb_agg(e) FROM instmatch.parse_bis_json(content, zh_names) e);
    -- the scrape's time is the version and publication date unless given
    generated := instmatch.list_json(content, 'BIS JSON') ->> 'generatedAt';
    RETURN QUERY SELECT * FROM instmatch.apply_import('bis', entries,
        coalesce(version, generated), coalesce(published_on, substring(generated FROM '^[0-9-]{10}')::date), source_url);
END
$fn$;
COMMENT ON FUNCTION instmatch.import_bis_json(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.date, pg_catalog.text) IS
    'import the JSON layout of a BIS Entity List scrape (feed bis, list EL), with optional Chinese names; version and published_on default to its generatedAt';

CREATE FUNCTION instmatch.import_aspi_json(content pg_catalog.text, version pg_catalog.text DEFAULT NULL,
    published_on pg_catalog.date DEFAULT NULL, source_url pg_catalog.text DEFAULT 'https://unitracker.aspi.org.au/')
    RETURNS SETOF instmatch.import_result
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    entries jsonb;
BEGIN
    IF content IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'import_aspi_json: the content is NULL';
    END IF;
    entries := (SELECT jsonb_agg(e) FROM instmatch.parse_aspi_json(content) e);
    RETURN QUERY SELECT * FROM instmatch.apply_import('aspi', entries,
        coalesce(version, 'MISP galaxy version ' || (instmatch.list_json(content, 'ASPI JSON') ->> 'version')), published_on, source_url);
END
$fn$;
COMMENT ON FUNCTION instmatch.import_aspi_json(pg_catalog.text, pg_catalog.text, pg_catalog.date, pg_catalog.text) IS
    'import ASPI''s China Defence Universities Tracker from its MISP galaxy JSON (feed aspi, list ASPI); version defaults to the galaxy''s version';
