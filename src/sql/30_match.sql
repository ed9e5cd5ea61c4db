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
