-- ---------------------------------------------------------------------------------------------
-- The analyst's workflow (new in 0.2.0): stored screening results of a user's table, brought up
-- to date after a list change by re-screening only the rows that can be affected, and plain
-- views over them for BI tools.
--
--   instmatch.screen_table(source, key, affiliation, date)   creates or syncs a screening
--   instmatch.rescreen(screening)                            applies the list changes since
--   instmatch.screening_report                               one row per hit, plain columns
--
-- What is stored per screening: the rows (key as text, affiliation, the date screened as of,
-- the normalized affiliation with a GIN index), every match inst_match found in them (listed
-- or not), and the hits: instmatch.screen_match of each match, which is what inst_screen(...,
-- include_cleared => true) gives (inst_screen is inst_match joined with screen_match).
--
-- How a refresh brings the hits up to date after list changes:
--   * every change to a table inst_screen reads (entity, alias, relationship, link, listing,
--     list, suppressed_alias, suppressed_match, known_good, decision) is logged by statement
--     triggers in instmatch.screening_change: the entities it touched and what it can change,
--     stamped with a tick of instmatch.screening_clock. The clock is one row updated by every
--     logging statement, so ticks are in commit order: a refresh that sees tick T sees every
--     change stamped T or less.
--   * what the matcher reads did not change for an entity (a listing, a list's name, a
--     curation decision, the listed entities linked to it): the hits of its stored matches
--     are derived again (screen_match); the matcher does not run.
--   * a name was added (an alias; the names of a new or changed entity; the names a new link
--     brings to its target, unless the target already has the name with a kind at least as
--     strong): the rows that may contain it are matched again. They are found with the GIN
--     index on the normalized affiliations (instmatch.screening_candidates): the name's
--     distinctive words all present (parenthesized parts left out, as the matcher allows), or
--     all but one, for a typo in it (unless the others are common), or, for a name of one
--     distinctive word, that word one typo away (% at a tiny threshold); narrowed by the
--     name's generic word pairs where the words are common.
--   * a name was lost, an entity or its relationships changed: the rows where the matcher found
--     it are matched again.
--   Nothing else is touched.
-- Known limits (the result can differ from a full screen; run rescreen(..., full => true) from
-- time to time): rows where a new name occurs only with two typos; with a typo in a distinctive
-- word while the name's other distinctive words are common (in more than 0.02% of the rows);
-- with a typo in a generic word while its distinctive words are common; for a name of one
-- distinctive word, with a typo in that word's first letter. Dictionary-wide effects of a new
-- name (a word becoming a "field word used in six or more countries", or a new city name,
-- changes how the matcher treats other names). A change touching more than max_entities
-- entities in a way that needs the matcher, or a TRUNCATE of a list table, makes the refresh
-- full, as does a list change made in a REPEATABLE READ or SERIALIZABLE transaction while no
-- screening existed, and the first refresh of a screening restored from a dump. A refresh
-- racing with a list change is completed by the next one. While no screening exists, list
-- changes log nothing and take only a shared advisory lock.
-- ---------------------------------------------------------------------------------------------

-- The GIN keys of an instname value (what the index stores for it).
CREATE FUNCTION @extschema@.inst_keys(@extschema@.instname) RETURNS pg_catalog.text[]
    AS 'MODULE_PATHNAME', 'inst_keys'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.inst_keys(@extschema@.instname) IS
    'the GIN keys of a value (instname_ops): its distinct non-generic words, Han characters and domains, and pairs of adjacent generic words; in byte order';

-- ---- storage ----
CREATE TABLE instmatch.screening_clock (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),
    epoch     timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),  -- this installation's clock
    tick      bigint NOT NULL DEFAULT 0,   -- bumped by every statement that changes a list table
    full_tick bigint NOT NULL DEFAULT 0,   -- a screening synced before this tick needs a full refresh
    active    boolean NOT NULL DEFAULT false  -- a screening exists: list changes are logged
);
INSERT INTO instmatch.screening_clock DEFAULT VALUES;
-- read by the triggers of the list tables, whoever changes them
GRANT SELECT ON instmatch.screening_clock TO PUBLIC;
COMMENT ON TABLE instmatch.screening_clock IS 'one row: the tick of the last list change while a screening exists (in commit order: the row is locked by the changing transaction), the last tick that forces a full refresh, and whether a screening exists';

CREATE TABLE instmatch.screening (
    screening_id       integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name               text NOT NULL UNIQUE CHECK (name <> ''),
    source             regclass NOT NULL,
    key_column         text NOT NULL,
    affiliation_column text NOT NULL,
    date_column        text,              -- NULL: every row is screened as of as_of
    as_of              date NOT NULL,     -- the date for rows without one
    clock_epoch        timestamptz,       -- the clock the ticks below belong to
    synced_tick        bigint NOT NULL DEFAULT 0,  -- every list change up to this tick is applied
    rows               bigint NOT NULL DEFAULT 0,
    results            bigint NOT NULL DEFAULT 0,
    created_by         text NOT NULL DEFAULT CURRENT_USER,
    created_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
    screened_at        timestamptz,       -- last full screen
    refreshed_at       timestamptz        -- last refresh, full or incremental
);
COMMENT ON TABLE instmatch.screening IS 'stored screenings of user tables: source table and columns, the date for rows without one, and how far the list changes are applied';

CREATE TABLE instmatch.screening_row (
    screening_id     integer NOT NULL REFERENCES instmatch.screening ON DELETE CASCADE,
    row_key          text NOT NULL,
    affiliation      text NOT NULL,
    as_of            date NOT NULL,
    affiliation_name @extschema@.instname GENERATED ALWAYS AS (@extschema@.instname(affiliation)) STORED,
    PRIMARY KEY (screening_id, row_key)
);
CREATE INDEX screening_row_name ON instmatch.screening_row USING gin (affiliation_name);
COMMENT ON TABLE instmatch.screening_row IS 'the rows of a source table as last screened: key (as text), affiliation, the date screened as of, and the normalized affiliation with a GIN index that finds the rows a new name can affect';

CREATE TABLE instmatch.screening_match (
    screening_id integer NOT NULL,
    row_key      text NOT NULL,
    entity_id    text NOT NULL,
    alias        text,
    matched      text,
    score        real,
    match_kind   text,
    match_start  integer,
    match_end    integer,
    as_of        date NOT NULL        -- the row's, so that hits are derived without reading the row
);
CREATE INDEX screening_match_row ON instmatch.screening_match (screening_id, row_key);
CREATE INDEX screening_match_entity ON instmatch.screening_match (screening_id, entity_id);
COMMENT ON TABLE instmatch.screening_match IS 'inst_match of every stored row: every institution found, listed or not; the hits are derived from it, and its index finds the rows a changed entity can affect';

CREATE TABLE instmatch.screening_result (
    screening_id      integer NOT NULL,
    row_key           text NOT NULL,
    entity_id         text NOT NULL,
    name              text,
    list              text,
    list_name         text,
    listed_on         date,
    removed_on        date,
    reference         text,
    alias             text,
    matched           text,
    score             real,
    match_kind        text,
    match_start       integer,
    match_end         integer,
    matched_entity_id text,
    verdict           text,
    decided_by        text,
    decided_at        timestamptz
);
CREATE INDEX screening_result_row ON instmatch.screening_result (screening_id, row_key);
CREATE INDEX screening_result_entity ON instmatch.screening_result (screening_id, entity_id);
CREATE INDEX screening_result_matched ON instmatch.screening_result (screening_id, matched_entity_id);
COMMENT ON TABLE instmatch.screening_result IS 'inst_screen(affiliation, as_of, include_cleared => true) of every stored row: the hits with their evidence and verdict';

CREATE TABLE instmatch.screening_change (
    tick      bigint NOT NULL,
    entity_id text NOT NULL,
    mode      text NOT NULL CHECK (mode IN ('names', 'name', 'name_forced', 'rematch', 'rematch_self', 'derive', 'cues')),
    name      text,                 -- mode name, name_forced: the name added
    kind      text                  -- mode name: its alias kind
);
CREATE INDEX screening_change_tick ON instmatch.screening_change (tick);
COMMENT ON TABLE instmatch.screening_change IS 'entities touched by list changes since the oldest screening''s last refresh, and how: names (its names may be new), name / name_forced (this name was added / is no longer suppressed), rematch (rows matching it or its link target: match again), rematch_self (rows matching it: match again), derive (hits of its matches and its link target''s: derive again), cues (its acronyms may fire elsewhere); kept only while a screening exists';

-- screening_match and screening_result have no foreign keys (a check per inserted row would
-- cost as much as the matcher); the functions delete what goes with a row, this trigger what
-- goes with a screening.
CREATE FUNCTION instmatch.screening_deleted() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    DELETE FROM instmatch.screening_match m WHERE m.screening_id IN (SELECT o.screening_id FROM oldrows o);
    DELETE FROM instmatch.screening_result r WHERE r.screening_id IN (SELECT o.screening_id FROM oldrows o);
    -- the last one gone: list changes are no longer logged
    UPDATE instmatch.screening_clock c SET active = EXISTS (SELECT 1 FROM instmatch.screening)
     WHERE c.active;
    DELETE FROM instmatch.screening_change x WHERE NOT EXISTS (SELECT 1 FROM instmatch.screening);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION instmatch.screening_deleted() IS 'trigger: a deleted screening takes its stored matches and hits with it';
CREATE TRIGGER screening_deleted AFTER DELETE ON instmatch.screening
    REFERENCING OLD TABLE AS oldrows FOR EACH STATEMENT EXECUTE FUNCTION instmatch.screening_deleted();

SELECT pg_catalog.pg_extension_config_dump('instmatch.screening', '');
SELECT pg_catalog.pg_extension_config_dump('instmatch.screening_row', '');
SELECT pg_catalog.pg_extension_config_dump('instmatch.screening_match', '');
SELECT pg_catalog.pg_extension_config_dump('instmatch.screening_result', '');
SELECT pg_catalog.pg_extension_config_dump('instmatch.screening_screening_id_seq', '');

CREATE TYPE instmatch.screening_run AS (
    screening        text,
    mode             text,        -- full, incremental, or none (nothing to do)
    rows             bigint,      -- rows stored after the run
    rows_added       bigint,
    rows_changed     bigint,
    rows_removed     bigint,
    entities_changed integer,     -- entities touched by the list changes applied
    rows_matched     bigint,      -- rows the matcher ran on again
    rows_screened    bigint,      -- rows whose hits were computed again (matched again or derived)
    results          bigint,      -- hits stored after the run
    elapsed_ms       double precision
);
COMMENT ON TYPE instmatch.screening_run IS 'what screen_table or rescreen did to one screening';

-- ---- the change log ----
CREATE FUNCTION instmatch.screening_log() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    logging boolean;
    t bigint;
BEGIN
    -- While no screening exists nothing is logged (and nothing but this shared lock is taken, so
    -- writers of the list tables need no privilege on the screening tables). The first
    -- screen_table() of a screening takes this lock exclusively and sets the clock active: a
    -- change either commits before that screening reads the lists, or sees it and logs itself.
    PERFORM pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtext('instmatch screening'));
    SELECT c.active INTO logging FROM instmatch.screening_clock c;
    IF NOT logging THEN
        IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
            -- this transaction's snapshot may predate a screening created since: make every
            -- screening refresh in full next time
            UPDATE instmatch.screening_clock SET tick = tick + 1, full_tick = tick + 1;
        END IF;
        RETURN NULL;
    END IF;
    UPDATE instmatch.screening_clock
       SET tick = tick + 1, full_tick = CASE WHEN TG_OP = 'TRUNCATE' THEN tick + 1 ELSE full_tick END
    RETURNING tick INTO t;
    IF TG_OP = 'TRUNCATE' THEN
        RETURN NULL;  -- every screening refreshes in full
    END IF;
    -- the rows as they were
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        CASE TG_TABLE_NAME
        WHEN 'entity', 'alias' THEN
            -- a lost name (or changed cues): where it matched, directly or through its link
            INSERT INTO instmatch.screening_change (tick, entity_id, mode)
            SELECT DISTINCT t, o.entity_id, 'rematch' FROM oldrows o;
        WHEN 'relationship' THEN
            INSERT INTO instmatch.screening_change (tick, entity_id, mode)
            SELECT DISTINCT t, v.e, 'rematch' FROM oldrows o, LATERAL (VALUES (o.entity_id), (o.related_id)) v(e);
        WHEN 'link' THEN
            -- the linked entity's names move (its own matches, the names it brings); the target's
            -- hits and cues change
            INSERT INTO instmatch.screening_change (tick, entity_id, mode)
            SELECT DISTINCT t, o.entity_id, v.mode FROM oldrows o, LATERAL (VALUES ('names'), ('rematch_self')) v(mode)
            UNION SELECT t, o.target_id, v.mode FROM oldrows o, LATERAL (VALUES ('derive'), ('cues')) v(mode);
        WHEN 'listing' THEN
            INSERT INTO instmatch.screening_change (tick, entity_id, mode)
            SELECT DISTINCT t, o.entity_id, 'derive' FROM oldrows o;
        WHEN 'suppressed_alias' THEN
            -- a name that is no longer suppressed is a name again
            INSERT INTO instmatch.screening_change (tick, entity_id, mode, name)
            SELECT DISTINCT t, o.entity_id, 'name_forced', o.alias FROM oldrows o;
        WHEN 'list' THEN
            -- a list with a new code or name: the hits of its listings (a new version or load
            -- time changes nothing screened; a deleted list's listings log their own deletion)
            IF TG_OP = 'UPDATE' THEN
                INSERT INTO instmatch.screening_change (tick, entity_id, mode)
                SELECT DISTINCT t, li.entity_id, 'derive' FROM instmatch.listing li
                WHERE li.list_id IN (SELECT o.list_id FROM oldrows o JOIN newrows n ON n.list_id = o.list_id
                                     WHERE (o.code, o.name) IS DISTINCT FROM (n.code, n.name));
            END IF;
        ELSE  -- suppressed_match, known_good, decision
            INSERT INTO instmatch.screening_change (tick, entity_id, mode)
            SELECT DISTINCT t, o.entity_id, 'derive' FROM oldrows o;
        END CASE;
    END IF;
    -- the rows as they are
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        CASE TG_TABLE_NAME
        WHEN 'entity' THEN
            INSERT INTO instmatch.screening_change (tick, entity_id, mode)
            SELECT DISTINCT t, n.entity_id, 'names' FROM newrows n;
        WHEN 'alias' THEN
            INSERT INTO instmatch.screening_change (tick, entity_id, mode, name, kind)
            SELECT DISTINCT t, n.entity_id, 'name', n.alias, n.kind FROM newrows n;
        WHEN 'relationship' THEN
            INSERT INTO instmatch.screening_change (tick, entity_id, mode)
            SELECT DISTINCT t, v.e, 'rematch' FROM newrows n, LATERAL (VALUES (n.entity_id), (n.related_id)) v(e);
        WHEN 'link' THEN
            INSERT INTO instmatch.screening_change (tick, entity_id, mode)
            SELECT DISTINCT t, n.entity_id, v.mode FROM newrows n, LATERAL (VALUES ('names'), ('rematch_self')) v(mode)
            UNION SELECT t, n.target_id, v.mode FROM newrows n, LATERAL (VALUES ('derive'), ('cues')) v(mode);
        WHEN 'listing' THEN
            INSERT INTO instmatch.screening_change (tick, entity_id, mode)
            SELECT DISTINCT t, n.entity_id, 'derive' FROM newrows n;
        WHEN 'suppressed_alias' THEN
            -- a suppressed name: where the entity (or its link target) matched
            INSERT INTO instmatch.screening_change (tick, entity_id, mode)
            SELECT DISTINCT t, n.entity_id, 'rematch' FROM newrows n;
        WHEN 'list' THEN
            NULL;  -- logged above for updates; a new list has no listings yet
        ELSE
            INSERT INTO instmatch.screening_change (tick, entity_id, mode)
            SELECT DISTINCT t, n.entity_id, 'derive' FROM newrows n;
        END CASE;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION instmatch.screening_log() IS
    'trigger: logs the entities a change to a list table touches, and the names it adds, for the incremental re-screening; ticks the screening clock';

DO $$
DECLARE
    tbl text;
BEGIN
    FOREACH tbl IN ARRAY ARRAY['entity', 'alias', 'relationship', 'link', 'listing', 'list',
                               'suppressed_alias', 'suppressed_match', 'known_good', 'decision'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER screening_log_insert AFTER INSERT ON instmatch.%I
            REFERENCING NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION instmatch.screening_log()', tbl);
        EXECUTE pg_catalog.format('CREATE TRIGGER screening_log_update AFTER UPDATE ON instmatch.%I
            REFERENCING OLD TABLE AS oldrows NEW TABLE AS newrows FOR EACH STATEMENT EXECUTE FUNCTION instmatch.screening_log()', tbl);
        EXECUTE pg_catalog.format('CREATE TRIGGER screening_log_delete AFTER DELETE ON instmatch.%I
            REFERENCING OLD TABLE AS oldrows FOR EACH STATEMENT EXECUTE FUNCTION instmatch.screening_log()', tbl);
        EXECUTE pg_catalog.format('CREATE TRIGGER screening_log_truncate AFTER TRUNCATE ON instmatch.%I
            FOR EACH STATEMENT EXECUTE FUNCTION instmatch.screening_log()', tbl);
    END LOOP;
END
$$;

-- ---- finding the rows a new name can affect ----
-- The rows of a screening whose affiliation may contain one of the names, found with the GIN
-- index on the normalized affiliations. Per name (less its parenthesized parts) its GIN keys:
-- distinctive words ("single" keys) and pairs of adjacent generic words. Probes:
--   * every distinctive key present (a typo in a generic word does not matter), or, when that
--     selects more than common_rows rows (the distinctive words are common), with every word
--     pair too;
--   * a typo in a distinctive word of six or more letters: every other distinctive key present,
--     unless that is common (then not looked for); for a name with one distinctive word, that
--     word one typo away (% at threshold 1e-5: just above the index's bound margin, so any
--     exact or typo match of the one-word query in a row of fewer than 160,000 tokens; with the
--     word pairs where that is common);
--   * a name of generic words only: any one of its word pairs.
-- A name without keys of at most three words never fires (the matcher drops short
-- generic-only names); a longer one selects every row.
CREATE FUNCTION instmatch.screening_candidates(screening_id integer, names text[], common_rows integer,
                                               OUT row_key text)
    RETURNS SETOF text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    SET instmatch.similarity_threshold = 0.00001
    SET enable_seqscan = off
    SET jit = off
    AS $$
DECLARE
    sid ALIAS FOR screening_id;
    nk record;
    x text;
    rest text[];
    found_keys text[];
    cond_broad text;
    cond_narrow text;
    pairs_cond text;
    i integer;
    -- (screening_id + 0: not an index condition; the GIN index must drive each probe)
    q constant text := 'SELECT r.row_key FROM instmatch.screening_row r WHERE (%s) AND r.screening_id + 0 = %s';
BEGIN
    FOR nk IN
        WITH n AS (
            SELECT DISTINCT @extschema@.inst_keys(@extschema@.instname(
                       pg_catalog.regexp_replace(nm, '\([^()]*\)', ' ', 'g'))) AS keys,
                   @extschema@.inst_tokens(nm) AS toks
            FROM pg_catalog.unnest(names) nm WHERE nm IS NOT NULL
        )
        -- usable keys: those that are their own only key again (a single token or pair)
        SELECT ARRAY(SELECT y FROM pg_catalog.unnest(n.keys) y
                     WHERE pg_catalog.strpos(y, ' ') = 0
                       AND @extschema@.inst_keys(@extschema@.instname(y)) = ARRAY[y] ORDER BY y) AS single,
               ARRAY(SELECT y FROM pg_catalog.unnest(n.keys) y
                     WHERE pg_catalog.strpos(y, ' ') > 0
                       AND @extschema@.inst_keys(@extschema@.instname(y)) = ARRAY[y] ORDER BY y) AS pairs,
               (SELECT pg_catalog.count(*) FROM pg_catalog.unnest(n.toks) t WHERE t !~ '^[,;()]$') AS ntok
        FROM n
    LOOP
        pairs_cond := (SELECT pg_catalog.string_agg(pg_catalog.format(
                           'r.affiliation_name OPERATOR(@extschema@.@>) %L::@extschema@.instname', y), ' AND ')
                       FROM pg_catalog.unnest(nk.pairs) y);
        IF pg_catalog.cardinality(nk.single) = 0 THEN
            IF pg_catalog.cardinality(nk.pairs) > 0 THEN
                RETURN QUERY EXECUTE pg_catalog.format(q, pg_catalog.replace(pairs_cond, ' AND ', ' OR '), sid);
            ELSIF nk.ntok > 3 THEN
                RETURN QUERY EXECUTE pg_catalog.format(q, 'true', sid);
            END IF;
            CONTINUE;
        END IF;
        -- probe i = 0: the exact keys; i >= 1: a typo in the i-th distinctive word
        FOR i IN 0 .. pg_catalog.cardinality(nk.single) LOOP
            IF i = 0 THEN
                rest := nk.single;
            ELSE
                x := nk.single[i];
                CONTINUE WHEN x !~ '^[a-z]{6,}$';
                rest := pg_catalog.array_remove(nk.single, x);
            END IF;
            cond_broad := (SELECT pg_catalog.string_agg(pg_catalog.format(
                               'r.affiliation_name OPERATOR(@extschema@.@>) %L::@extschema@.instname', y), ' AND ')
                           FROM pg_catalog.unnest(rest) y);
            IF i = 0 THEN
                cond_narrow := CASE WHEN pairs_cond IS NOT NULL THEN cond_broad || ' AND ' || pairs_cond END;
            ELSE
                -- (rows with the word itself are the first probe's)
                cond_narrow := pg_catalog.format('r.affiliation_name OPERATOR(@extschema@.%%) %1$L::@extschema@.instname
                    AND NOT r.affiliation_name OPERATOR(@extschema@.@>) %1$L::@extschema@.instname', x);
                IF cond_broad IS NULL THEN
                    -- one distinctive word: it with a typo (with the word pairs if that is common)
                    cond_broad := cond_narrow;
                    cond_narrow := CASE WHEN pairs_cond IS NOT NULL THEN cond_broad || ' AND ' || pairs_cond END;
                ELSE
                    -- the other words exact; where they are common, nothing (the word one typo
                    -- away, %, costs a scan of the index's keys: as much as matching 200 rows)
                    cond_narrow := 'false';
                    cond_broad := cond_broad || pg_catalog.format(
                        ' AND NOT r.affiliation_name OPERATOR(@extschema@.@>) %L::@extschema@.instname', x);
                END IF;
            END IF;
            IF cond_narrow IS NULL THEN
                RETURN QUERY EXECUTE pg_catalog.format(q, cond_broad, sid);
            ELSIF cond_narrow = 'false' THEN
                EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(z.row_key) FROM (' || q || ' LIMIT %s) z',
                                          cond_broad, sid, common_rows + 1) INTO found_keys;
                IF pg_catalog.cardinality(found_keys) <= common_rows THEN
                    RETURN QUERY SELECT pg_catalog.unnest(found_keys);
                END IF;
            ELSE
                EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(z.row_key) FROM (' || q || ' LIMIT %s) z',
                                          cond_broad, sid, common_rows + 1) INTO found_keys;
                IF pg_catalog.cardinality(found_keys) > common_rows THEN
                    RETURN QUERY EXECUTE pg_catalog.format(q, cond_narrow, sid);
                ELSIF found_keys IS NOT NULL THEN
                    RETURN QUERY SELECT pg_catalog.unnest(found_keys);
                END IF;
            END IF;
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON FUNCTION instmatch.screening_candidates(integer, text[], integer) IS
    'the stored rows of a screening whose affiliation may contain one of the names, exactly or with one typo in a word (GIN probes on their keys; see the comment in the install script for what is not looked for); used by rescreen';

-- ---- matching and screening rows ----
-- Matches the rows in pg_temp.instmatch_rs_keys (or every row of the screening) into
-- pg_temp.instmatch_rs_new: one row per match, with the affiliation and date where the matched
-- entity is the target of a link (only such a match can have a hit). For a few keys the rows
-- are index lookups.
CREATE FUNCTION instmatch.screening_match_keys(screening_id integer) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off SET enable_seqscan = off
    AS $$
DECLARE
    sid ALIAS FOR screening_id;
BEGIN
    CREATE TEMP TABLE instmatch_rs_new ON COMMIT DROP AS
    WITH targets AS MATERIALIZED (
        SELECT ARRAY(SELECT DISTINCT k.target_id FROM instmatch.link k) AS ids
    ), keyed AS MATERIALIZED (
        SELECT w.row_key, w.affiliation, w.as_of
        FROM pg_temp.instmatch_rs_keys k
        JOIN instmatch.screening_row w ON w.screening_id = sid AND w.row_key = k.row_key
    )
    SELECT w.row_key, m.entity_id, m.alias, m.matched, m.score, m.match_kind, m.match_start, m.match_end,
           CASE WHEN m.entity_id = ANY (t.ids) THEN w.affiliation END AS affiliation,
           w.as_of
    FROM keyed w CROSS JOIN targets t CROSS JOIN LATERAL @extschema@.inst_match(w.affiliation) m;
END
$$;
COMMENT ON FUNCTION instmatch.screening_match_keys(integer) IS
    'internal: inst_match of the rows in pg_temp.instmatch_rs_keys, into pg_temp.instmatch_rs_new';

CREATE FUNCTION instmatch.screening_match_all(screening_id integer) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off
    AS $$
DECLARE
    sid ALIAS FOR screening_id;
BEGIN
    -- CREATE TABLE AS may run in parallel workers (INSERT ... SELECT may not)
    CREATE TEMP TABLE instmatch_rs_new ON COMMIT DROP AS
    WITH targets AS MATERIALIZED (
        SELECT ARRAY(SELECT DISTINCT k.target_id FROM instmatch.link k) AS ids
    )
    SELECT w.row_key, m.entity_id, m.alias, m.matched, m.score, m.match_kind, m.match_start, m.match_end,
           CASE WHEN m.entity_id = ANY (t.ids) THEN w.affiliation END AS affiliation,
           w.as_of
    FROM instmatch.screening_row w CROSS JOIN targets t CROSS JOIN LATERAL @extschema@.inst_match(w.affiliation) m
    WHERE w.screening_id = sid;
END
$$;
COMMENT ON FUNCTION instmatch.screening_match_all(integer) IS
    'internal: inst_match of every row of a screening, into pg_temp.instmatch_rs_new';

-- Matches again the rows in pg_temp.instmatch_rs_keys (or every row), replacing their stored
-- matches and hits; then derives again the hits of the stored matches of the entities in
-- derive_ids (other rows). Keeps the screening's counters.
CREATE FUNCTION instmatch.screening_screen_rows(screening_id integer, all_rows boolean, derive_ids text[],
    OUT rows_matched bigint, OUT rows_screened bigint)
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off
    AS $$
DECLARE
    sid ALIAS FOR screening_id;
    removed bigint := 0;
    added bigint := 0;
    n bigint;
    needs_affiliation boolean;
BEGIN
    IF all_rows THEN
        DELETE FROM instmatch.screening_match m WHERE m.screening_id = sid;
        DELETE FROM instmatch.screening_result r WHERE r.screening_id = sid;
        PERFORM instmatch.screening_match_all(sid);
        SELECT pg_catalog.count(*) INTO rows_matched FROM instmatch.screening_row w WHERE w.screening_id = sid;
        rows_screened := rows_matched;
    ELSE
        SELECT pg_catalog.count(*) INTO rows_matched FROM pg_temp.instmatch_rs_keys k;
        IF rows_matched > 0 THEN
            DELETE FROM instmatch.screening_match m
            USING pg_temp.instmatch_rs_keys k WHERE m.screening_id = sid AND m.row_key = k.row_key;
            DELETE FROM instmatch.screening_result r
            USING pg_temp.instmatch_rs_keys k WHERE r.screening_id = sid AND r.row_key = k.row_key;
            GET DIAGNOSTICS removed = ROW_COUNT;
            PERFORM instmatch.screening_match_keys(sid);
        ELSE
            CREATE TEMP TABLE instmatch_rs_new (row_key text, entity_id text, alias text, matched text,
                score real, match_kind text, match_start integer, match_end integer, affiliation text, as_of date)
                ON COMMIT DROP;
        END IF;
        rows_screened := rows_matched;
        IF pg_catalog.cardinality(derive_ids) > 0 THEN
            -- the other rows with a match of these entities: their hits again, from the matches
            DELETE FROM instmatch.screening_result r
            WHERE r.screening_id = sid AND r.matched_entity_id = ANY (derive_ids)
              AND NOT EXISTS (SELECT 1 FROM pg_temp.instmatch_rs_keys k WHERE k.row_key = r.row_key);
            GET DIAGNOSTICS n = ROW_COUNT;
            removed := removed + n;
            -- screen_match reads the affiliation only for suppressed matches and decisions
            -- (rows without any for these entities get an empty one: the same hits, no row read)
            needs_affiliation := EXISTS (
                SELECT 1 FROM (SELECT s2.entity_id FROM instmatch.suppressed_match s2
                               UNION ALL SELECT d.entity_id FROM instmatch.decision d) c
                WHERE c.entity_id = ANY (derive_ids)
                   OR c.entity_id IN (SELECT k.entity_id FROM instmatch.link k WHERE k.target_id = ANY (derive_ids)));
            INSERT INTO pg_temp.instmatch_rs_new
            SELECT m.row_key, m.entity_id, m.alias, m.matched, m.score, m.match_kind, m.match_start, m.match_end,
                   CASE WHEN needs_affiliation
                        THEN (SELECT w.affiliation FROM instmatch.screening_row w
                              WHERE w.screening_id = sid AND w.row_key = m.row_key)
                        ELSE '' END,
                   m.as_of
            FROM instmatch.screening_match m
            WHERE m.screening_id = sid AND m.entity_id = ANY (derive_ids)
              AND NOT EXISTS (SELECT 1 FROM pg_temp.instmatch_rs_keys k WHERE k.row_key = m.row_key);
            rows_screened := rows_screened + (SELECT pg_catalog.count(DISTINCT x.row_key) FROM pg_temp.instmatch_rs_new x
                                              WHERE NOT EXISTS (SELECT 1 FROM pg_temp.instmatch_rs_keys k
                                                                WHERE k.row_key = x.row_key));
        END IF;
    END IF;
    -- the new matches of the rows matched again (those of the derived ones are stored already)
    INSERT INTO instmatch.screening_match (screening_id, row_key, entity_id, alias, matched, score, match_kind,
                                           match_start, match_end, as_of)
    SELECT sid, x.row_key, x.entity_id, x.alias, x.matched, x.score, x.match_kind, x.match_start, x.match_end, x.as_of
    FROM pg_temp.instmatch_rs_new x
    WHERE all_rows OR EXISTS (SELECT 1 FROM pg_temp.instmatch_rs_keys k WHERE k.row_key = x.row_key);
    -- the hits of every match that can have one
    INSERT INTO instmatch.screening_result (screening_id, row_key, entity_id, name, list, list_name,
           listed_on, removed_on, reference, alias, matched, score, match_kind, match_start, match_end,
           matched_entity_id, verdict, decided_by, decided_at)
    SELECT sid, x.row_key, s.entity_id, s.name, s.list, s.list_name, s.listed_on, s.removed_on, s.reference,
           s.alias, s.matched, s.score, s.match_kind, s.match_start, s.match_end, s.matched_entity_id,
           s.verdict, s.decided_by, s.decided_at
    FROM pg_temp.instmatch_rs_new x
    CROSS JOIN LATERAL instmatch.screen_match(x.affiliation, x.as_of, true, x.entity_id, x.alias, x.matched,
                                              x.score, x.match_kind, x.match_start, x.match_end) s
    WHERE x.affiliation IS NOT NULL;
    GET DIAGNOSTICS added = ROW_COUNT;
    DROP TABLE pg_temp.instmatch_rs_new;
    UPDATE instmatch.screening x
       SET results = CASE WHEN all_rows THEN added ELSE x.results - removed + added END,
           rows = CASE WHEN all_rows THEN rows_matched ELSE x.rows END
     WHERE x.screening_id = sid;
    -- after a full screen: the GIN index's pending list merged (else every lookup scans it) and
    -- fresh statistics, for the incremental refreshes (only the owner of the tables may; for
    -- others autovacuum does it)
    IF all_rows AND pg_catalog.pg_has_role((SELECT c.relowner FROM pg_catalog.pg_class c
                                            WHERE c.oid = 'instmatch.screening_row'::pg_catalog.regclass), 'USAGE') THEN
        PERFORM pg_catalog.gin_clean_pending_list('instmatch.screening_row_name'::pg_catalog.regclass);
        ANALYZE instmatch.screening_row, instmatch.screening_match, instmatch.screening_result;
    END IF;
END
$$;
COMMENT ON FUNCTION instmatch.screening_screen_rows(integer, boolean, text[]) IS
    'internal: matches again the rows in pg_temp.instmatch_rs_keys (or every row) and derives again the hits of the stored matches of derive_ids; replaces what is stored';

-- The score of a name kind in the matcher, and whether it is an acronym: a name is not new to
-- an entity that already has it (normalized) with a kind at least as strong of the same sort.
CREATE FUNCTION instmatch.screening_kind_rank(kind text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$ SELECT CASE $1 WHEN 'name' THEN 100 WHEN 'label' THEN 100 WHEN 'aka' THEN 95
                         WHEN 'former' THEN 90 WHEN 'acronym' THEN 85 ELSE 100 END $$;
COMMENT ON FUNCTION instmatch.screening_kind_rank(text) IS
    'internal: the matcher''s score (x100) of an alias kind; unknown kinds count as the strongest';

-- Applies the list changes logged since the screening's last refresh (and matches the rows in
-- pg_temp.instmatch_rs_keys, the source rows screen_table found new or changed). The caller
-- holds the screening's row lock.
CREATE FUNCTION instmatch.screening_refresh(screening_id integer, full_refresh boolean, max_entities integer,
    OUT mode text, OUT entities_changed integer, OUT rows_matched bigint, OUT rows_screened bigint)
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off
    AS $$
DECLARE
    sid ALIAS FOR screening_id;
    s instmatch.screening;
    c instmatch.screening_clock;
    since bigint;
    names text[];
    rematch_ids text[];
    derive_ids text[];
    needs_full boolean;
    common_rows integer;
BEGIN
    rows_matched := 0;
    rows_screened := 0;
    SELECT * INTO s FROM instmatch.screening x WHERE x.screening_id = sid;
    -- a screening restored from a dump: its installation's clock is new, and inactive
    UPDATE instmatch.screening_clock k SET active = true WHERE NOT k.active;
    -- a name's distinctive words are "common" in more than 0.02% of the rows (matching a row
    -- again costs about as much as a probe with a typo per 200 rows)
    common_rows := GREATEST(50, LEAST(s.rows / 5000, 1000000000));
    SELECT * INTO c FROM instmatch.screening_clock;
    -- a screening restored into another installation (another clock) refreshes in full: the
    -- changes made since the restore were not logged
    since := CASE WHEN s.clock_epoch IS NOT DISTINCT FROM c.epoch THEN s.synced_tick ELSE 0 END;
    needs_full := full_refresh OR c.full_tick > since OR s.clock_epoch IS DISTINCT FROM c.epoch;

    CREATE TEMP TABLE instmatch_rs_change ON COMMIT DROP AS
    SELECT DISTINCT x.entity_id, x.mode, x.name, x.kind FROM instmatch.screening_change x
    WHERE x.tick > since AND x.tick <= c.tick;
    SELECT pg_catalog.count(DISTINCT x.entity_id) INTO entities_changed FROM pg_temp.instmatch_rs_change x;
    -- deriving hits again is cheap; matching again is not
    IF (SELECT pg_catalog.count(DISTINCT x.entity_id) FROM pg_temp.instmatch_rs_change x
        WHERE x.mode <> 'derive') > max_entities THEN
        needs_full := true;
    END IF;

    IF NOT needs_full AND entities_changed > 0 THEN
        -- the entities the matcher reports for them: themselves, and the target of their link
        SELECT pg_catalog.array_agg(DISTINCT e) INTO rematch_ids FROM (
            SELECT x.entity_id FROM pg_temp.instmatch_rs_change x WHERE x.mode IN ('rematch', 'rematch_self')
            UNION ALL
            SELECT k.target_id FROM instmatch.link k JOIN pg_temp.instmatch_rs_change x
                ON x.entity_id = k.entity_id AND x.mode = 'rematch') v(e);
        SELECT pg_catalog.array_agg(DISTINCT e) INTO derive_ids FROM (
            SELECT x.entity_id FROM pg_temp.instmatch_rs_change x WHERE x.mode = 'derive'
            UNION ALL
            SELECT k.target_id FROM instmatch.link k JOIN pg_temp.instmatch_rs_change x
                ON x.entity_id = k.entity_id AND x.mode = 'derive') v(e);

        -- rows where the matcher found an entity whose names, cues or relationships changed
        IF rematch_ids IS NOT NULL THEN
            INSERT INTO pg_temp.instmatch_rs_keys
            SELECT DISTINCT m.row_key FROM instmatch.screening_match m
            WHERE m.screening_id = sid AND m.entity_id = ANY (rematch_ids);
        END IF;

        -- names new to the dictionary: added aliases, the names of new or changed entities
        -- (a linked entity's primary name is an aka of its target), no longer suppressed
        -- names, and the acronyms of link targets (their linked entities' domains are cues);
        -- less those the target already had, with a kind at least as strong of the same sort,
        -- when the target's own names did not change
        WITH own_changed AS (
            SELECT DISTINCT x.entity_id FROM pg_temp.instmatch_rs_change x
            WHERE x.mode IN ('names', 'name', 'name_forced', 'rematch')
        ), added AS (
            SELECT x.entity_id, x.name, x.kind, false AS forced FROM pg_temp.instmatch_rs_change x WHERE x.mode = 'name'
            UNION ALL
            SELECT x.entity_id, x.name, NULL, true FROM pg_temp.instmatch_rs_change x WHERE x.mode = 'name_forced'
            UNION ALL
            SELECT e.entity_id, e.name, 'name', false FROM instmatch.entity e
            WHERE e.entity_id IN (SELECT x.entity_id FROM pg_temp.instmatch_rs_change x WHERE x.mode = 'names')
            UNION ALL
            SELECT a.entity_id, a.alias, a.kind, false FROM instmatch.alias a
            WHERE a.entity_id IN (SELECT x.entity_id FROM pg_temp.instmatch_rs_change x WHERE x.mode = 'names')
            UNION ALL
            SELECT a.entity_id, a.alias, a.kind, true FROM instmatch.alias a
            WHERE a.kind = 'acronym'
              AND a.entity_id IN (SELECT x.entity_id FROM pg_temp.instmatch_rs_change x WHERE x.mode = 'cues')
        ), placed AS (
            SELECT a.name, a.forced, COALESCE(k.target_id, a.entity_id) AS target,
                   CASE WHEN k.target_id IS NOT NULL AND k.target_id <> a.entity_id AND a.kind = 'name'
                        THEN 'aka' ELSE a.kind END AS kind
            FROM added a LEFT JOIN instmatch.link k ON k.entity_id = a.entity_id
            WHERE a.name IS NOT NULL
        )
        SELECT pg_catalog.array_agg(DISTINCT p.name) INTO names
        FROM placed p
        WHERE p.forced OR p.kind IS NULL
           OR p.target IN (SELECT o.entity_id FROM own_changed o)
           OR NOT EXISTS (
                SELECT 1 FROM (SELECT e.name AS nm, 'name' AS kind FROM instmatch.entity e WHERE e.entity_id = p.target
                               UNION ALL
                               SELECT a.alias, a.kind FROM instmatch.alias a WHERE a.entity_id = p.target) own
                WHERE @extschema@.inst_normalize(own.nm) = @extschema@.inst_normalize(p.name)
                  AND (own.kind = 'acronym') = (p.kind = 'acronym')
                  AND instmatch.screening_kind_rank(own.kind) >= instmatch.screening_kind_rank(p.kind));
        IF names IS NOT NULL THEN
            INSERT INTO pg_temp.instmatch_rs_keys
            SELECT cand.row_key FROM instmatch.screening_candidates(sid, names, common_rows) cand;
        END IF;
    END IF;
    DROP TABLE pg_temp.instmatch_rs_change;

    IF needs_full THEN
        mode := 'full';
        SELECT x.rows_matched, x.rows_screened INTO rows_matched, rows_screened
        FROM instmatch.screening_screen_rows(sid, true, NULL) x;
    ELSIF EXISTS (SELECT 1 FROM pg_temp.instmatch_rs_keys) OR pg_catalog.cardinality(derive_ids) > 0 THEN
        mode := 'incremental';
        CREATE TEMP TABLE instmatch_rs_keys_distinct ON COMMIT DROP AS
        SELECT DISTINCT k.row_key FROM pg_temp.instmatch_rs_keys k;
        TRUNCATE pg_temp.instmatch_rs_keys;
        INSERT INTO pg_temp.instmatch_rs_keys SELECT k.row_key FROM pg_temp.instmatch_rs_keys_distinct k;
        DROP TABLE pg_temp.instmatch_rs_keys_distinct;
        ANALYZE pg_temp.instmatch_rs_keys;
        SELECT x.rows_matched, x.rows_screened INTO rows_matched, rows_screened
        FROM instmatch.screening_screen_rows(sid, false, COALESCE(derive_ids, '{}')) x;
    ELSE
        mode := 'none';
    END IF;

    UPDATE instmatch.screening x
       SET clock_epoch = c.epoch, synced_tick = c.tick, refreshed_at = pg_catalog.clock_timestamp(),
           screened_at = CASE WHEN needs_full THEN pg_catalog.clock_timestamp() ELSE x.screened_at END
     WHERE x.screening_id = sid;
    -- the log is kept back to the oldest screening's last refresh
    DELETE FROM instmatch.screening_change x
    WHERE x.tick <= (SELECT pg_catalog.min(CASE WHEN y.clock_epoch IS NOT DISTINCT FROM c.epoch THEN y.synced_tick ELSE 0 END)
                     FROM instmatch.screening y);
END
$$;
COMMENT ON FUNCTION instmatch.screening_refresh(integer, boolean, integer) IS
    'internal: applies the logged list changes to one screening (incremental, or full when asked, when the log says so, or when more than max_entities entities changed in a way that needs the matcher)';

-- ---- the public functions ----
CREATE FUNCTION instmatch.screen_table(source regclass, key_column text, affiliation_column text,
    date_column text DEFAULT NULL, as_of date DEFAULT NULL, screening text DEFAULT NULL,
    "full" boolean DEFAULT false, max_entities integer DEFAULT 500)
    RETURNS instmatch.screening_run
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off
    AS $$
DECLARE
    p_source ALIAS FOR source;
    p_key ALIAS FOR key_column;
    p_aff ALIAS FOR affiliation_column;
    p_date ALIAS FOR date_column;
    p_as_of ALIAS FOR as_of;
    p_full ALIAS FOR "full";
    started timestamptz := pg_catalog.clock_timestamp();
    col record;
    nm text;
    s instmatch.screening;
    date_expr text;
    is_new boolean;
    dup text;
    res instmatch.screening_run;
    ref record;
BEGIN
    IF p_source IS NULL OR p_key IS NULL OR p_aff IS NULL THEN
        RAISE EXCEPTION 'screen_table needs a source table, a key column and an affiliation column'
            USING ERRCODE = '22023';
    END IF;
    IF max_entities IS NULL OR max_entities < 0 THEN
        RAISE EXCEPTION 'max_entities must be 0 or more' USING ERRCODE = '22023';
    END IF;
    -- the columns exist and have usable types
    FOR col IN
        SELECT v.role, v.colname, a.atttypid, t.typcategory
        FROM (VALUES ('key', p_key), ('affiliation', p_aff), ('date', p_date)) v(role, colname)
        LEFT JOIN pg_catalog.pg_attribute a
               ON a.attrelid = p_source AND a.attname = v.colname AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        WHERE v.colname IS NOT NULL
    LOOP
        IF col.atttypid IS NULL THEN
            RAISE EXCEPTION 'column "%" of relation % does not exist', col.colname, p_source
                USING ERRCODE = '42703', HINT = pg_catalog.format('It was given as the %s column.', col.role);
        END IF;
        IF col.role = 'affiliation' AND col.typcategory <> 'S' THEN
            RAISE EXCEPTION 'affiliation column "%" of % has type %, not a string type', col.colname, p_source,
                pg_catalog.format_type(col.atttypid, NULL) USING ERRCODE = '42804';
        END IF;
        IF col.role = 'date' AND col.atttypid NOT IN ('pg_catalog.date'::pg_catalog.regtype,
                'pg_catalog.timestamp'::pg_catalog.regtype, 'pg_catalog.timestamptz'::pg_catalog.regtype) THEN
            RAISE EXCEPTION 'date column "%" of % has type %, not date or timestamp', col.colname, p_source,
                pg_catalog.format_type(col.atttypid, NULL) USING ERRCODE = '42804';
        END IF;
    END LOOP;
    SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) INTO nm
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = p_source;
    nm := COALESCE(screening, nm);

    -- a new screening: wait for the list changes in progress (they did not log themselves), and
    -- make the next ones wait until it exists (see instmatch.screening_log)
    IF NOT EXISTS (SELECT 1 FROM instmatch.screening x WHERE x.name = nm) THEN
        PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('instmatch screening'));
        UPDATE instmatch.screening_clock k SET active = true WHERE NOT k.active;
    END IF;
    -- the screening row, locked to the end of the transaction
    INSERT INTO instmatch.screening AS x (name, source, key_column, affiliation_column, date_column, as_of)
    VALUES (nm, p_source, p_key, p_aff, p_date, COALESCE(p_as_of, CURRENT_DATE))
    ON CONFLICT (name) DO UPDATE
       SET source = EXCLUDED.source, key_column = EXCLUDED.key_column,
           affiliation_column = EXCLUDED.affiliation_column, date_column = EXCLUDED.date_column,
           as_of = COALESCE(p_as_of, x.as_of)
    RETURNING * INTO s;
    is_new := s.clock_epoch IS NULL;

    -- the source rows, as they are now
    date_expr := CASE WHEN p_date IS NULL THEN pg_catalog.format('%L::date', s.as_of)
                      ELSE pg_catalog.format('COALESCE((s.%I)::date, %L::date)', p_date, s.as_of) END;
    EXECUTE pg_catalog.format(
        'CREATE TEMP TABLE instmatch_rs_source ON COMMIT DROP AS
         SELECT (s.%1$I)::text AS row_key, (s.%2$I)::text AS affiliation, %3$s AS as_of
         FROM %4$s s WHERE s.%1$I IS NOT NULL AND s.%2$I IS NOT NULL',
        p_key, p_aff, date_expr, p_source);
    SELECT x.row_key INTO dup FROM pg_temp.instmatch_rs_source x
    GROUP BY x.row_key HAVING pg_catalog.count(*) > 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'key column "%" of % is not unique: % occurs more than once', p_key, p_source, dup
            USING ERRCODE = '23505', HINT = 'Screen a table by a key that identifies its rows (its primary key).';
    END IF;

    CREATE TEMP TABLE instmatch_rs_keys (row_key text) ON COMMIT DROP;
    res.screening := s.name;
    IF is_new AND NOT EXISTS (SELECT 1 FROM instmatch.screening_row w WHERE w.screening_id = s.screening_id) THEN
        INSERT INTO instmatch.screening_row (screening_id, row_key, affiliation, as_of)
        SELECT s.screening_id, x.row_key, x.affiliation, x.as_of FROM pg_temp.instmatch_rs_source x;
        GET DIAGNOSTICS res.rows_added = ROW_COUNT;
        res.rows_changed := 0;
        res.rows_removed := 0;
    ELSE
        CREATE TEMP TABLE instmatch_rs_gone ON COMMIT DROP AS
        SELECT w.row_key FROM instmatch.screening_row w
        WHERE w.screening_id = s.screening_id
          AND NOT EXISTS (SELECT 1 FROM pg_temp.instmatch_rs_source x WHERE x.row_key = w.row_key);
        DELETE FROM instmatch.screening_row w USING pg_temp.instmatch_rs_gone g
        WHERE w.screening_id = s.screening_id AND w.row_key = g.row_key;
        GET DIAGNOSTICS res.rows_removed = ROW_COUNT;
        DELETE FROM instmatch.screening_match m USING pg_temp.instmatch_rs_gone g
        WHERE m.screening_id = s.screening_id AND m.row_key = g.row_key;
        DELETE FROM instmatch.screening_result r USING pg_temp.instmatch_rs_gone g
        WHERE r.screening_id = s.screening_id AND r.row_key = g.row_key;
        DROP TABLE pg_temp.instmatch_rs_gone;
        CREATE TEMP TABLE instmatch_rs_diff ON COMMIT DROP AS
        SELECT x.row_key, x.affiliation, x.as_of, (w.row_key IS NULL) AS is_new
        FROM pg_temp.instmatch_rs_source x
        LEFT JOIN instmatch.screening_row w ON w.screening_id = s.screening_id AND w.row_key = x.row_key
        WHERE w.row_key IS NULL OR w.affiliation <> x.affiliation OR w.as_of <> x.as_of;
        INSERT INTO instmatch.screening_row AS w (screening_id, row_key, affiliation, as_of)
        SELECT s.screening_id, d.row_key, d.affiliation, d.as_of FROM pg_temp.instmatch_rs_diff d
        ON CONFLICT (screening_id, row_key) DO UPDATE SET affiliation = EXCLUDED.affiliation, as_of = EXCLUDED.as_of;
        INSERT INTO pg_temp.instmatch_rs_keys SELECT d.row_key FROM pg_temp.instmatch_rs_diff d;
        SELECT pg_catalog.count(*) FILTER (WHERE d.is_new), pg_catalog.count(*) FILTER (WHERE NOT d.is_new)
          INTO res.rows_added, res.rows_changed FROM pg_temp.instmatch_rs_diff d;
        DROP TABLE pg_temp.instmatch_rs_diff;
    END IF;
    DROP TABLE pg_temp.instmatch_rs_source;

    UPDATE instmatch.screening x SET rows = x.rows + res.rows_added - res.rows_removed
     WHERE x.screening_id = s.screening_id;
    SELECT * INTO ref FROM instmatch.screening_refresh(s.screening_id, is_new OR p_full, max_entities);
    DROP TABLE pg_temp.instmatch_rs_keys;
    IF res.rows_removed > 0 THEN
        -- their hits went with them: count again
        UPDATE instmatch.screening x
           SET results = (SELECT pg_catalog.count(*) FROM instmatch.screening_result r WHERE r.screening_id = x.screening_id)
         WHERE x.screening_id = s.screening_id;
    END IF;
    SELECT x.rows, x.results INTO res.rows, res.results FROM instmatch.screening x WHERE x.screening_id = s.screening_id;
    res.mode := CASE WHEN ref.mode = 'none' AND (res.rows_removed > 0) THEN 'incremental' ELSE ref.mode END;
    res.entities_changed := ref.entities_changed;
    res.rows_matched := ref.rows_matched;
    res.rows_screened := ref.rows_screened;
    res.elapsed_ms := EXTRACT(epoch FROM pg_catalog.clock_timestamp() - started) * 1000;
    RETURN res;
END
$$;
COMMENT ON FUNCTION instmatch.screen_table(regclass, text, text, text, date, text, boolean, integer) IS
    'creates or brings up to date the stored screening of a table: rows added, changed or removed since are screened or dropped, then the list changes since the last refresh are applied (full => true screens every row again)';

CREATE FUNCTION instmatch.rescreen(screening text DEFAULT NULL, "full" boolean DEFAULT false,
                                   max_entities integer DEFAULT 500)
    RETURNS SETOF instmatch.screening_run
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off
    AS $$
DECLARE
    p_screening ALIAS FOR screening;
    p_full ALIAS FOR "full";
    s record;
    ref record;
    res instmatch.screening_run;
    started timestamptz;
    found_any boolean := false;
BEGIN
    IF max_entities IS NULL OR max_entities < 0 THEN
        RAISE EXCEPTION 'max_entities must be 0 or more' USING ERRCODE = '22023';
    END IF;
    FOR s IN SELECT x.screening_id, x.name FROM instmatch.screening x
             WHERE p_screening IS NULL OR x.name = p_screening
             ORDER BY x.screening_id FOR UPDATE
    LOOP
        found_any := true;
        started := pg_catalog.clock_timestamp();
        CREATE TEMP TABLE instmatch_rs_keys (row_key text) ON COMMIT DROP;
        SELECT * INTO ref FROM instmatch.screening_refresh(s.screening_id, COALESCE(p_full, false), max_entities);
        DROP TABLE pg_temp.instmatch_rs_keys;
        res.screening := s.name;
        res.mode := ref.mode;
        res.rows_added := 0;
        res.rows_changed := 0;
        res.rows_removed := 0;
        res.entities_changed := ref.entities_changed;
        res.rows_matched := ref.rows_matched;
        res.rows_screened := ref.rows_screened;
        SELECT x.rows, x.results INTO res.rows, res.results FROM instmatch.screening x WHERE x.screening_id = s.screening_id;
        res.elapsed_ms := EXTRACT(epoch FROM pg_catalog.clock_timestamp() - started) * 1000;
        RETURN NEXT res;
    END LOOP;
    IF NOT found_any AND p_screening IS NOT NULL THEN
        RAISE EXCEPTION 'screening "%" does not exist', p_screening USING ERRCODE = '42704',
            HINT = 'Create it with instmatch.screen_table(); instmatch.screening_status lists the screenings.';
    END IF;
END
$$;
COMMENT ON FUNCTION instmatch.rescreen(text, boolean, integer) IS
    'applies the list changes made since the last refresh to a stored screening (all of them when screening is NULL), re-screening only the rows a change can affect; full => true screens every row again';

CREATE FUNCTION instmatch.drop_screening(screening text) RETURNS boolean
    LANGUAGE sql SET search_path = pg_catalog, pg_temp
    AS $$
    WITH d AS (DELETE FROM instmatch.screening x WHERE x.name = $1 RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM d)
$$;
COMMENT ON FUNCTION instmatch.drop_screening(text) IS 'deletes a stored screening with its rows and results; true if it existed';

-- ---- views for people and BI tools: plain columns only ----
CREATE VIEW instmatch.screening_report AS
SELECT s.name AS screening,
       s.source::text AS source_table,
       r.row_key,
       w.affiliation,
       w.as_of AS screened_as_of,
       r.entity_id AS listed_entity_id,
       r.name AS listed_entity,
       r.list,
       r.list_name,
       r.listed_on,
       r.removed_on,
       r.reference,
       r.matched_entity_id AS matched_institution_id,
       me.name AS matched_institution,
       me.country AS matched_country,
       r.alias AS matched_alias,
       r.matched AS matched_text,
       r.score,
       r.match_kind,
       r.match_kind = 'child_of' AS via_parent,
       r.verdict,
       COALESCE(r.verdict IN ('known good', 'suppressed'), false) AS cleared,
       r.decided_by,
       r.decided_at,
       s.refreshed_at
FROM instmatch.screening_result r
JOIN instmatch.screening s ON s.screening_id = r.screening_id
JOIN instmatch.screening_row w ON w.screening_id = r.screening_id AND w.row_key = r.row_key
LEFT JOIN instmatch.entity me ON me.entity_id = r.matched_entity_id;
COMMENT ON VIEW instmatch.screening_report IS
    'one row per hit of a stored screening, plain columns (text, date, real, boolean, timestamptz) for BI tools: the row key, affiliation and date, the listed entity and list, the evidence, the analyst''s verdict; cleared rows (known good, suppressed) are flagged, not hidden';

CREATE VIEW instmatch.screening_status AS
SELECT s.name AS screening,
       s.source::text AS source_table,
       s.key_column, s.affiliation_column, s.date_column, s.as_of,
       s.rows, s.results,
       s.created_by, s.created_at, s.screened_at, s.refreshed_at,
       (s.clock_epoch IS DISTINCT FROM c.epoch OR c.tick > s.synced_tick) AS lists_changed_since
FROM instmatch.screening s CROSS JOIN instmatch.screening_clock c;
COMMENT ON VIEW instmatch.screening_status IS
    'the stored screenings: source, columns, rows and hits at the last refresh, and whether a list table changed since (then run instmatch.rescreen)';
