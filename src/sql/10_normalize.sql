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
