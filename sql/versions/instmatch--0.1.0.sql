-- instmatch install script. Built from src/sql/*.sql by the Makefile; edit those files.
\echo Use "CREATE EXTENSION instmatch" to load this file. \quit

-- instmatch needs a UTF8 database: refuse to install anywhere else, with a clear error.
CREATE FUNCTION @extschema@.instmatch_require_utf8() RETURNS void
    AS 'MODULE_PATHNAME', 'instmatch_require_utf8_sql'
    LANGUAGE C STRICT VOLATILE;
SELECT @extschema@.instmatch_require_utf8();
DROP FUNCTION @extschema@.instmatch_require_utf8();
-- ---------------------------------------------------------------------------------------------
-- Normalizer (layer 1). The rules are compiled into the library and versioned; the functions
-- are truly IMMUTABLE for a given inst_normalizer_version(), so they can back indexes.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION @extschema@.inst_normalize(pg_catalog.text) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'inst_normalize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.inst_normalize(pg_catalog.text) IS
    'normalize an institution name or affiliation string: NFKC, case folding, diacritics, look-alike letters, traditional to simplified Han, abbreviations and stop words; segment boundaries kept as , ; ( )';

CREATE FUNCTION @extschema@.inst_tokens(pg_catalog.text) RETURNS pg_catalog.text[]
    AS 'MODULE_PATHNAME', 'inst_tokens'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.inst_tokens(pg_catalog.text) IS
    'the normalized tokens of a string, with segment boundaries as separate elements , ; ( )';

CREATE FUNCTION @extschema@.inst_normalizer_version() RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'inst_normalizer_version'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.inst_normalizer_version() IS
    'version of the compiled normalization rules and of the Unicode data they use; when it changes, REINDEX indexes built on instmatch functions';
-- ---------------------------------------------------------------------------------------------
-- The instname type (layer 3): a normalized institution name or affiliation, stored as the
-- normalizer's tokens with their segment boundaries. Text input normalizes, so equal names
-- have equal bytes; btree, hash and GIN operator classes.
-- ---------------------------------------------------------------------------------------------
CREATE TYPE @extschema@.instname;

CREATE FUNCTION @extschema@.instname_in(pg_catalog.cstring) RETURNS @extschema@.instname
    AS 'MODULE_PATHNAME', 'instname_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.instname_out(@extschema@.instname) RETURNS pg_catalog.cstring
    AS 'MODULE_PATHNAME', 'instname_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.instname_recv(pg_catalog.internal) RETURNS @extschema@.instname
    AS 'MODULE_PATHNAME', 'instname_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.instname_send(@extschema@.instname) RETURNS pg_catalog.bytea
    AS 'MODULE_PATHNAME', 'instname_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Compressible and stored out of line when large, like text (STORAGE = extended).
CREATE TYPE @extschema@.instname (
    INPUT = @extschema@.instname_in,
    OUTPUT = @extschema@.instname_out,
    RECEIVE = @extschema@.instname_recv,
    SEND = @extschema@.instname_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.instname IS
    'normalized institution name or affiliation: tokens with segment boundaries; text input normalizes, output is the normalized text';

COMMENT ON FUNCTION @extschema@.instname_in(pg_catalog.cstring) IS
    'instname input: normalizes the text (same rules as inst_normalize)';
COMMENT ON FUNCTION @extschema@.instname_out(@extschema@.instname) IS
    'instname output: the normalized text, as inst_normalize returns it';
COMMENT ON FUNCTION @extschema@.instname_recv(pg_catalog.internal) IS
    'instname binary input: validates every field, then normalizes again';
COMMENT ON FUNCTION @extschema@.instname_send(@extschema@.instname) IS
    'instname binary output: version, token count, then length, flags and UTF-8 text per token';

-- Casts. text/varchar -> instname normalizes; ASSIGNMENT, so an INSERT or UPDATE of a text
-- value into an instname column works, while an expression such as inst = textcol is an error
-- instead of silently comparing in one type or the other. instname -> text gives the
-- normalized text, also ASSIGNMENT.
CREATE FUNCTION @extschema@.instname(pg_catalog.text) RETURNS @extschema@.instname
    AS 'MODULE_PATHNAME', 'instname_from_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.instname(pg_catalog.text) IS
    'normalize text into an instname';
CREATE FUNCTION @extschema@.text(@extschema@.instname) RETURNS pg_catalog.text
    AS 'MODULE_PATHNAME', 'instname_to_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.text(@extschema@.instname) IS
    'the normalized text of an instname (same as inst_normalize of the original text)';

CREATE CAST (pg_catalog.text AS @extschema@.instname)
    WITH FUNCTION @extschema@.instname(pg_catalog.text) AS ASSIGNMENT;
CREATE CAST (pg_catalog.varchar AS @extschema@.instname)
    WITH FUNCTION @extschema@.instname(pg_catalog.text) AS ASSIGNMENT;
CREATE CAST (@extschema@.instname AS pg_catalog.text)
    WITH FUNCTION @extschema@.text(@extschema@.instname) AS ASSIGNMENT;
CREATE CAST (@extschema@.instname AS pg_catalog.varchar)
    WITH FUNCTION @extschema@.text(@extschema@.instname) AS ASSIGNMENT;
COMMENT ON CAST (pg_catalog.text AS @extschema@.instname) IS 'normalizes the text';
COMMENT ON CAST (pg_catalog.varchar AS @extschema@.instname) IS 'normalizes the text';
COMMENT ON CAST (@extschema@.instname AS pg_catalog.text) IS 'the normalized text';
COMMENT ON CAST (@extschema@.instname AS pg_catalog.varchar) IS 'the normalized text';

-- Comparison: token by token (text bytes, then kind, then boundary), never a collation.
CREATE FUNCTION @extschema@.instname_eq(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'instname_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.instname_ne(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'instname_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.instname_lt(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'instname_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.instname_le(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'instname_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.instname_gt(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'instname_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.instname_ge(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'instname_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.instname_cmp(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.int4
    AS 'MODULE_PATHNAME', 'instname_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.instname_hash(@extschema@.instname) RETURNS pg_catalog.int4
    AS 'MODULE_PATHNAME', 'instname_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.instname_hash_extended(@extschema@.instname, pg_catalog.int8) RETURNS pg_catalog.int8
    AS 'MODULE_PATHNAME', 'instname_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.instname_eq(@extschema@.instname, @extschema@.instname) IS 'implementation of = for instname';
COMMENT ON FUNCTION @extschema@.instname_ne(@extschema@.instname, @extschema@.instname) IS 'implementation of <> for instname';
COMMENT ON FUNCTION @extschema@.instname_lt(@extschema@.instname, @extschema@.instname) IS 'implementation of < for instname';
COMMENT ON FUNCTION @extschema@.instname_le(@extschema@.instname, @extschema@.instname) IS 'implementation of <= for instname';
COMMENT ON FUNCTION @extschema@.instname_gt(@extschema@.instname, @extschema@.instname) IS 'implementation of > for instname';
COMMENT ON FUNCTION @extschema@.instname_ge(@extschema@.instname, @extschema@.instname) IS 'implementation of >= for instname';
COMMENT ON FUNCTION @extschema@.instname_cmp(@extschema@.instname, @extschema@.instname) IS 'btree comparison of instname: token by token (text bytes, kind, boundary)';
COMMENT ON FUNCTION @extschema@.instname_hash(@extschema@.instname) IS 'hash of an instname';
COMMENT ON FUNCTION @extschema@.instname_hash_extended(@extschema@.instname, pg_catalog.int8) IS '64-bit seeded hash of an instname';

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.instname, RIGHTARG = @extschema@.instname,
    FUNCTION = @extschema@.instname_eq,
    COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
    RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.instname, RIGHTARG = @extschema@.instname,
    FUNCTION = @extschema@.instname_ne,
    COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
    RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.instname, RIGHTARG = @extschema@.instname,
    FUNCTION = @extschema@.instname_lt,
    COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
    RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.instname, RIGHTARG = @extschema@.instname,
    FUNCTION = @extschema@.instname_le,
    COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
    RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.instname, RIGHTARG = @extschema@.instname,
    FUNCTION = @extschema@.instname_gt,
    COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
    RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.instname, RIGHTARG = @extschema@.instname,
    FUNCTION = @extschema@.instname_ge,
    COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
    RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.instname, @extschema@.instname) IS 'same normalized name (tokens, kinds and boundaries)';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.instname, @extschema@.instname) IS 'not the same normalized name';
COMMENT ON OPERATOR @extschema@.< (@extschema@.instname, @extschema@.instname) IS 'less than, token by token';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.instname, @extschema@.instname) IS 'less than or equal, token by token';
COMMENT ON OPERATOR @extschema@.> (@extschema@.instname, @extschema@.instname) IS 'greater than, token by token';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.instname, @extschema@.instname) IS 'greater than or equal, token by token';

CREATE OPERATOR CLASS @extschema@.instname_btree_ops
    DEFAULT FOR TYPE @extschema@.instname USING btree AS
        OPERATOR 1 @extschema@.< ,
        OPERATOR 2 @extschema@.<= ,
        OPERATOR 3 @extschema@.= ,
        OPERATOR 4 @extschema@.>= ,
        OPERATOR 5 @extschema@.> ,
        FUNCTION 1 @extschema@.instname_cmp(@extschema@.instname, @extschema@.instname);
COMMENT ON OPERATOR CLASS @extschema@.instname_btree_ops USING btree IS
    'btree operator class of instname: token by token, collation-independent';

CREATE OPERATOR CLASS @extschema@.instname_hash_ops
    DEFAULT FOR TYPE @extschema@.instname USING hash AS
        OPERATOR 1 @extschema@.= ,
        FUNCTION 1 @extschema@.instname_hash(@extschema@.instname),
        FUNCTION 2 @extschema@.instname_hash_extended(@extschema@.instname, pg_catalog.int8);
COMMENT ON OPERATOR CLASS @extschema@.instname_hash_ops USING hash IS
    'hash operator class of instname';

-- Phrase containment.
CREATE FUNCTION @extschema@.instname_contains(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'instname_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.instname_contained(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'instname_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.instname_contains(@extschema@.instname, @extschema@.instname) IS
    'implementation of @> for instname: the second name occurs as a phrase in the first';
COMMENT ON FUNCTION @extschema@.instname_contained(@extschema@.instname, @extschema@.instname) IS
    'implementation of <@ for instname: the first name occurs as a phrase in the second';

CREATE OPERATOR @extschema@.@> (
    LEFTARG = @extschema@.instname, RIGHTARG = @extschema@.instname,
    FUNCTION = @extschema@.instname_contains,
    COMMUTATOR = OPERATOR(@extschema@.<@),
    RESTRICT = pg_catalog.matchingsel, JOIN = pg_catalog.matchingjoinsel
);
CREATE OPERATOR @extschema@.<@ (
    LEFTARG = @extschema@.instname, RIGHTARG = @extschema@.instname,
    FUNCTION = @extschema@.instname_contained,
    COMMUTATOR = OPERATOR(@extschema@.@>),
    RESTRICT = pg_catalog.matchingsel, JOIN = pg_catalog.matchingjoinsel
);
COMMENT ON OPERATOR @extschema@.@> (@extschema@.instname, @extschema@.instname) IS
    'contains: the right name occurs in the left one as a phrase, with the same boundaries inside it';
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.instname, @extschema@.instname) IS
    'is contained in: the left name occurs in the right one as a phrase, with the same boundaries inside it';

-- Similarity.
CREATE FUNCTION @extschema@.inst_similarity(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.float4
    AS 'MODULE_PATHNAME', 'inst_similarity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.inst_similarity(@extschema@.instname, @extschema@.instname) IS
    'weighted Dice similarity of two names, 0 to 1: generic words and numbers weigh 0.2, a one-edit typo in a word of 6 or more characters counts 0.8';

CREATE FUNCTION @extschema@.instname_distance(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.float4
    AS 'MODULE_PATHNAME', 'instname_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.instname_distance(@extschema@.instname, @extschema@.instname) IS
    'implementation of <-> for instname: 1 - inst_similarity';

-- STABLE: reads the GUC instmatch.similarity_threshold.
CREATE FUNCTION @extschema@.instname_similar(@extschema@.instname, @extschema@.instname) RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'instname_similar' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.instname_similar(@extschema@.instname, @extschema@.instname) IS
    'implementation of % for instname: inst_similarity >= instmatch.similarity_threshold';

CREATE OPERATOR @extschema@.% (
    LEFTARG = @extschema@.instname, RIGHTARG = @extschema@.instname,
    FUNCTION = @extschema@.instname_similar,
    COMMUTATOR = OPERATOR(@extschema@.%),
    RESTRICT = pg_catalog.matchingsel, JOIN = pg_catalog.matchingjoinsel
);
COMMENT ON OPERATOR @extschema@.% (@extschema@.instname, @extschema@.instname) IS
    'similar: inst_similarity is at least instmatch.similarity_threshold (default 0.5)';

CREATE OPERATOR @extschema@.<-> (
    LEFTARG = @extschema@.instname, RIGHTARG = @extschema@.instname,
    FUNCTION = @extschema@.instname_distance,
    COMMUTATOR = OPERATOR(@extschema@.<->)
);
COMMENT ON OPERATOR @extschema@.<-> (@extschema@.instname, @extschema@.instname) IS
    'distance: 1 - inst_similarity';

-- GIN. Keys are the distinct specific tokens (words other than the generic ones, Han
-- characters, domains) and pairs of adjacent generic words; compared in byte order
-- (bttext_pattern_cmp), never by a collation.
CREATE FUNCTION @extschema@.gin_extract_value_instname(@extschema@.instname, pg_catalog.internal, pg_catalog.internal)
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'gin_extract_value_instname' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- The support functions below read instmatch.similarity_threshold for %: STABLE.
CREATE FUNCTION @extschema@.gin_extract_query_instname(@extschema@.instname, pg_catalog.internal, pg_catalog.int2,
        pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal)
    RETURNS pg_catalog.internal
    AS 'MODULE_PATHNAME', 'gin_extract_query_instname' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gin_consistent_instname(pg_catalog.internal, pg_catalog.int2, @extschema@.instname,
        pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal)
    RETURNS pg_catalog.bool
    AS 'MODULE_PATHNAME', 'gin_consistent_instname' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gin_triconsistent_instname(pg_catalog.internal, pg_catalog.int2, @extschema@.instname,
        pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal)
    RETURNS pg_catalog.char
    AS 'MODULE_PATHNAME', 'gin_triconsistent_instname' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.gin_compare_partial_instname(pg_catalog.text, pg_catalog.text, pg_catalog.int2, pg_catalog.internal)
    RETURNS pg_catalog.int4
    AS 'MODULE_PATHNAME', 'gin_compare_partial_instname' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gin_extract_value_instname(@extschema@.instname, pg_catalog.internal, pg_catalog.internal) IS
    'GIN support: the keys of an instname';
COMMENT ON FUNCTION @extschema@.gin_extract_query_instname(@extschema@.instname, pg_catalog.internal, pg_catalog.int2, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal) IS
    'GIN support: the keys to look up for @>, <@, = or %';
COMMENT ON FUNCTION @extschema@.gin_consistent_instname(pg_catalog.internal, pg_catalog.int2, @extschema@.instname, pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal) IS
    'GIN support: can a row with these keys match (always rechecked)';
COMMENT ON FUNCTION @extschema@.gin_triconsistent_instname(pg_catalog.internal, pg_catalog.int2, @extschema@.instname, pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal) IS
    'GIN support: ternary consistent function';
COMMENT ON FUNCTION @extschema@.gin_compare_partial_instname(pg_catalog.text, pg_catalog.text, pg_catalog.int2, pg_catalog.internal) IS
    'GIN support: partial match of keys one typo away, for %';

CREATE OPERATOR CLASS @extschema@.instname_ops
    DEFAULT FOR TYPE @extschema@.instname USING gin AS
        OPERATOR 1 @extschema@.% ,
        OPERATOR 2 @extschema@.@> ,
        OPERATOR 3 @extschema@.<@ ,
        OPERATOR 4 @extschema@.= ,
        FUNCTION 1 pg_catalog.bttext_pattern_cmp(pg_catalog.text, pg_catalog.text),
        FUNCTION 2 @extschema@.gin_extract_value_instname(@extschema@.instname, pg_catalog.internal, pg_catalog.internal),
        FUNCTION 3 @extschema@.gin_extract_query_instname(@extschema@.instname, pg_catalog.internal, pg_catalog.int2,
                       pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal),
        FUNCTION 4 @extschema@.gin_consistent_instname(pg_catalog.internal, pg_catalog.int2, @extschema@.instname,
                       pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal),
        FUNCTION 5 @extschema@.gin_compare_partial_instname(pg_catalog.text, pg_catalog.text, pg_catalog.int2, pg_catalog.internal),
        FUNCTION 6 @extschema@.gin_triconsistent_instname(pg_catalog.internal, pg_catalog.int2, @extschema@.instname,
                       pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal),
        STORAGE pg_catalog.text;
COMMENT ON OPERATOR CLASS @extschema@.instname_ops USING gin IS
    'GIN operator class of instname: serves @>, <@, = and %';
-- ---------------------------------------------------------------------------------------------
-- Lists (layer 4) and the dictionary matcher (layers 2 and 5).
-- The tables hold user data: pg_dump keeps their rows (pg_extension_config_dump).
-- ---------------------------------------------------------------------------------------------
CREATE SCHEMA instmatch;
COMMENT ON SCHEMA instmatch IS 'instmatch list tables: entities, their aliases and relationships';

CREATE TABLE instmatch.entity (
    entity_id    text PRIMARY KEY CHECK (entity_id <> ''),
    name         text NOT NULL,
    country      text,                                  -- ISO 3166-1 alpha-2, e.g. CN
    country_name text,                                  -- as written in addresses, e.g. China
    city         text,
    domains      text[] NOT NULL DEFAULT '{}',          -- e-mail / web domains, e.g. buaa.edu.cn
    types        text[] NOT NULL DEFAULT '{}',          -- e.g. education, government
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'withdrawn')),
    source       text                                   -- e.g. ror, csl, bis
);
COMMENT ON TABLE instmatch.entity IS 'institutions the matcher knows; withdrawn ones are ignored';

CREATE TABLE instmatch.alias (
    entity_id text NOT NULL REFERENCES instmatch.entity ON DELETE CASCADE ON UPDATE CASCADE,
    alias     text NOT NULL CHECK (alias <> ''),
    kind      text NOT NULL DEFAULT 'aka' CHECK (kind IN ('name', 'aka', 'former', 'acronym', 'label')),
    lang      text,
    source    text,
    PRIMARY KEY (entity_id, kind, alias)
);
COMMENT ON TABLE instmatch.alias IS 'names of entities besides entity.name: aka, former, acronym (needs a cue to fire), label (another language)';

CREATE TABLE instmatch.relationship (
    entity_id  text NOT NULL REFERENCES instmatch.entity ON DELETE CASCADE ON UPDATE CASCADE,
    related_id text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('parent', 'child', 'related', 'successor', 'predecessor')),
    PRIMARY KEY (entity_id, related_id, kind)
);
COMMENT ON TABLE instmatch.relationship IS 'relationships as ROR has them: (entity, parent, related_id) means related_id is the parent of entity';

SELECT pg_catalog.pg_extension_config_dump('instmatch.entity', '');
SELECT pg_catalog.pg_extension_config_dump('instmatch.alias', '');
SELECT pg_catalog.pg_extension_config_dump('instmatch.relationship', '');

-- Any committed change to the lists invalidates the compiled dictionary of every backend.
CREATE FUNCTION instmatch.instmatch_lists_changed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'instmatch_lists_changed'
    LANGUAGE C;
COMMENT ON FUNCTION instmatch.instmatch_lists_changed() IS
    'trigger: a change to the list tables makes every backend rebuild its compiled dictionary';
CREATE TRIGGER instmatch_entity_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON instmatch.entity FOR EACH STATEMENT EXECUTE FUNCTION instmatch.instmatch_lists_changed();
CREATE TRIGGER instmatch_alias_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON instmatch.alias FOR EACH STATEMENT EXECUTE FUNCTION instmatch.instmatch_lists_changed();
CREATE TRIGGER instmatch_relationship_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON instmatch.relationship FOR EACH STATEMENT EXECUTE FUNCTION instmatch.instmatch_lists_changed();

CREATE FUNCTION @extschema@.inst_match(affiliation pg_catalog.text,
    OUT entity_id pg_catalog.text, OUT name pg_catalog.text, OUT alias pg_catalog.text,
    OUT alias_kind pg_catalog.text, OUT matched pg_catalog.text, OUT score pg_catalog.float4,
    OUT match_kind pg_catalog.text, OUT match_start pg_catalog.int4, OUT match_end pg_catalog.int4)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'inst_match'
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 2;
COMMENT ON FUNCTION @extschema@.inst_match(pg_catalog.text) IS
    'every institution of instmatch.entity named in an affiliation string: entity, alias, the matched text (substr(affiliation, match_start, match_end - match_start)), score, match kind (exact, typo, acronym, ambiguous, child_of)';

CREATE FUNCTION @extschema@.inst_explain(affiliation pg_catalog.text,
    OUT entity_id pg_catalog.text, OUT name pg_catalog.text, OUT alias pg_catalog.text,
    OUT alias_kind pg_catalog.text, OUT matched pg_catalog.text, OUT score pg_catalog.float4,
    OUT match_kind pg_catalog.text, OUT match_start pg_catalog.int4, OUT match_end pg_catalog.int4,
    OUT accepted pg_catalog.bool, OUT rule pg_catalog.text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'inst_explain'
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION @extschema@.inst_explain(pg_catalog.text) IS
    'every candidate the matcher considered for an affiliation string, accepted or not, and the rule that decided';

CREATE FUNCTION @extschema@.inst_dictionary_info(
    OUT entities pg_catalog.int4, OUT aliases pg_catalog.int4, OUT memory_bytes pg_catalog.int8,
    OUT build_ms pg_catalog.float8, OUT built_at pg_catalog.timestamptz)
    AS 'MODULE_PATHNAME', 'inst_dictionary_info'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.inst_dictionary_info() IS
    'the compiled dictionary of this backend (built now if needed): size, memory, build time';
