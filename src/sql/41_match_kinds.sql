-- 0.2.0: the matcher reports a new match kind, affiliate ("Aarhus University Hospital",
-- "Second Affiliated Hospital of Harbin Medical University" name a hospital of the university).
COMMENT ON FUNCTION @extschema@.inst_match(pg_catalog.text) IS
    'every institution of instmatch.entity named in an affiliation string: entity, alias, the matched text (substr(affiliation, match_start, match_end - match_start)), score, match kind (exact, typo, acronym, ambiguous, child_of, affiliate, former)';
