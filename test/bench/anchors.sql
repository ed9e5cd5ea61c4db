-- The anchors' side of the benchmarks: what a careful PostgreSQL user builds today without
-- instmatch. A thesaurus of the common abbreviations (what one would put in a text search
-- thesaurus file), applied by anchor_norm() to unaccent(lower(text)), and the dictionary's
-- names in that form (no acronyms, no names shorter than 4 characters).
\set ON_ERROR_STOP 1
-- The abbreviation thesaurus of the anchors, applied to strings and names alike.
CREATE TABLE thesaurus(abbr text, full_form text);
INSERT INTO thesaurus VALUES
 ('univ','university'),('inst','institute'),('technol','technology'),('tech','technology'),
 ('sci','science'),('sciences','science'),('engn','engineering'),('eng','engineering'),('natl','national'),('acad','academy'),
 ('coll','college'),('lab','laboratory'),('labs','laboratory'),('dept','department'),('sch','school'),
 ('ctr','center'),('cent','center'),('centre','center'),('polytech','polytechnic'),
 ('polytechnical','polytechnic'),('aeronaut','aeronautics'),('astronaut','astronautics'),
 ('def','defense'),('defence','defense'),('elect','electronic'),('electr','electronic'),
 ('telecommun','telecommunications'),('commun','communications'),('informat','information'),
 ('phys','physics'),('chem','chemistry'),('math','mathematics'),('res','research');
CREATE FUNCTION anchor_norm(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$
DECLARE
  s text := ' ' || regexp_replace(lower(unaccent(t)), '[^[:alnum:]]+', ' ', 'g') || ' ';
  r record;
BEGIN
  s := replace(replace(replace(replace(s, ' peoples r china ', ' china '), ' p r china ', ' china '),
               ' pr china ', ' china '), ' peoples republic of china ', ' china ');
  FOR r IN SELECT abbr, full_form FROM thesaurus LOOP
    s := replace(replace(s, ' ' || r.abbr || ' ', ' ' || r.full_form || ' '),
                 ' ' || r.abbr || ' ', ' ' || r.full_form || ' ');
  END LOOP;
  RETURN btrim(regexp_replace(s, '\s+', ' ', 'g'));
END $f$;

CREATE TABLE anchor_names AS
SELECT DISTINCT entity_id, anchor_norm(alias) AS nname FROM (
  SELECT entity_id, name AS alias FROM instmatch.entity WHERE status <> 'withdrawn'
  UNION ALL SELECT a.entity_id, a.alias FROM instmatch.alias a JOIN instmatch.entity e USING (entity_id)
  WHERE a.kind <> 'acronym' AND e.status <> 'withdrawn') x
WHERE length(alias) >= 4;
DELETE FROM anchor_names WHERE nname = '';
