-- instmatch install script. Built from src/sql/*.sql by the Makefile; edit those files.
\echo Use "CREATE EXTENSION instmatch" to load this file. \quit

-- instmatch needs a UTF8 database: refuse to install anywhere else, with a clear error.
CREATE FUNCTION @extschema@.instmatch_require_utf8() RETURNS void
    AS 'MODULE_PATHNAME', 'instmatch_require_utf8_sql'
    LANGUAGE C STRICT VOLATILE;
SELECT @extschema@.instmatch_require_utf8();
DROP FUNCTION @extschema@.instmatch_require_utf8();
