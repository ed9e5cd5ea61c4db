-- ---------------------------------------------------------------------------------------------
-- CSV-family importers (new in 0.2.0): the CSV reader, trade.gov's Consolidated Screening List
-- (CSV and JSON), OFAC's consolidated non-SDN files, the DoD 1260H and Section 1286 lists.
--
-- Each format has parse_<fmt>(content) -> SETOF jsonb (one entry object per listed entity and
-- listing period, fully validated; a malformed file raises an error naming its line and column)
-- and import_<fmt>(content, version, published_on, source_url), which hands the entries to
-- instmatch.apply_import. Function bodies run with search_path = pg_catalog, pg_temp and name
-- every other object with its schema.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.inst_csv_parse(content pg_catalog.text,
    delimiter pg_catalog."char" DEFAULT ',',
    OUT line_no pg_catalog.int4, OUT fields pg_catalog.text[])
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'inst_csv_parse'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.inst_csv_parse(pg_catalog.text, pg_catalog."char") IS
    'the records of a CSV text (RFC 4180; CRLF, LF or CR line ends; a leading byte order mark and DOS end-of-file bytes 0x1A ignored; empty lines skipped): the line each record starts on and its fields';

-- ---- helpers shared by the importers of this file (internal: instmatch.csv_*) ----

-- Raise an error about a place in an input file: "line 12, column start_date: message" (CSV) or
-- "results[3], field start_date: message" (JSON); col may be NULL.
-- Declared boolean so that queries can call it in a CASE; it never returns.
CREATE FUNCTION instmatch.csv_error(place text, col text, message text,
                                    sqlstate text DEFAULT '22P04', hint text DEFAULT NULL)
    RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    msg text := place
        || CASE WHEN col IS NULL THEN ''
                WHEN place LIKE 'line %' THEN ', column ' || col
                ELSE ', field ' || col END
        || ': ' || message;
BEGIN
    IF hint IS NULL THEN
        RAISE EXCEPTION USING MESSAGE = msg, ERRCODE = sqlstate;
    END IF;
    RAISE EXCEPTION USING MESSAGE = msg, ERRCODE = sqlstate, HINT = hint;
END
$$;
COMMENT ON FUNCTION instmatch.csv_error(text, text, text, text, text) IS
    'internal: raises an error naming the line (or JSON element) and column of an input file';

-- A date written YYYY-MM-DD (or, when partial is true, also YYYY-MM or YYYY: the first day of
-- that month or year). NULL or blank gives NULL; anything else is an error naming the place.
CREATE FUNCTION instmatch.csv_date(value text, place text, col text, partial boolean DEFAULT false)
    RETURNS date
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    m text[];
    y integer;
    mo integer;
    d integer;
BEGIN
    IF value IS NULL OR btrim(value) = '' THEN
        RETURN NULL;
    END IF;
    m := regexp_match(btrim(value), '^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$');
    IF m IS NOT NULL AND (m[3] IS NOT NULL OR partial) THEN
        y := m[1]::integer;
        mo := COALESCE(m[2]::integer, 1);
        d := COALESCE(m[3]::integer, 1);
        IF y >= 1 AND mo BETWEEN 1 AND 12
           AND d BETWEEN 1 AND extract(day FROM make_date(y, mo, 1) + interval '1 month' - interval '1 day') THEN
            RETURN make_date(y, mo, d);
        END IF;
    END IF;
    PERFORM instmatch.csv_error(place, col, format('invalid date "%s"', value), '22007',
        CASE WHEN partial THEN 'Dates are written YYYY-MM-DD, YYYY-MM or YYYY.'
             ELSE 'Dates are written YYYY-MM-DD.' END);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION instmatch.csv_date(text, text, text, boolean) IS
    'internal: a YYYY-MM-DD date of an input file (YYYY-MM and YYYY too when partial), or an error naming its place';

-- Positions of the expected columns in a header record. Every expected name must appear exactly
-- once (surrounding spaces ignored, letter case significant); no other column is allowed.
CREATE FUNCTION instmatch.csv_header(header text[], line integer, expected text[], what text)
    RETURNS integer[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    pos integer[] := '{}';
    i integer;
    j integer;
    h text[];
BEGIN
    h := ARRAY(SELECT btrim(x) FROM unnest(header) x);
    FOR i IN 1 .. cardinality(h) LOOP
        IF NOT h[i] = ANY (expected) THEN
            PERFORM instmatch.csv_error('line ' || line, NULL,
                format('column %s of the header is "%s", which is not a column of the %s', i, h[i], what),
                '22P04', format('The header must name these %s columns: %s.', cardinality(expected), array_to_string(expected, ', ')));
        END IF;
        FOR j IN 1 .. i - 1 LOOP
            IF h[j] = h[i] THEN
                PERFORM instmatch.csv_error('line ' || line, NULL,
                    format('column "%s" appears twice in the header (columns %s and %s)', h[i], j, i));
            END IF;
        END LOOP;
    END LOOP;
    FOR i IN 1 .. cardinality(expected) LOOP
        j := array_position(h, expected[i]);
        IF j IS NULL THEN
            PERFORM instmatch.csv_error('line ' || line, NULL,
                format('the header has no column "%s": this is not a %s', expected[i], what),
                '22P04', format('The header must name these %s columns: %s.', cardinality(expected), array_to_string(expected, ', ')));
        END IF;
        pos := pos || j;
    END LOOP;
    RETURN pos;
END
$$;
COMMENT ON FUNCTION instmatch.csv_header(text[], integer, text[], text) IS
    'internal: positions of the expected columns in a CSV header, or an error naming the line';

-- Check a CSV file with a header: the first record names the expected columns (csv_header) and
-- every other record has as many fields as the header. Returns the columns' positions.
CREATE FUNCTION instmatch.csv_table(content text, expected text[], what text) RETURNS integer[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    hdr record;
    bad record;
    pos integer[];
BEGIN
    SELECT r.line_no, r.fields INTO hdr FROM @extschema@.inst_csv_parse(content) r LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the % file is empty', what USING ERRCODE = '22P04';
    END IF;
    pos := instmatch.csv_header(hdr.fields, hdr.line_no, expected, what);
    SELECT r.line_no, cardinality(r.fields) AS n INTO bad
      FROM @extschema@.inst_csv_parse(content) WITH ORDINALITY r(line_no, fields, ord)
     WHERE r.ord > 1 AND cardinality(r.fields) <> cardinality(hdr.fields)
     ORDER BY r.ord LIMIT 1;
    IF FOUND THEN
        PERFORM instmatch.csv_error('line ' || bad.line_no, NULL,
            format('%s columns, but the header has %s', bad.n, cardinality(hdr.fields)));
    END IF;
    RETURN pos;
END
$$;
COMMENT ON FUNCTION instmatch.csv_table(text, text[], text) IS
    'internal: checks the header and the column count of every record of a CSV file; the positions of the expected columns';

-- Is s an acronym: 2 to 10 capital letters, digits, - or &, at least one letter, no space?
CREATE FUNCTION instmatch.csv_is_acronym(s text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$ SELECT s ~ '^[A-Z0-9&-]{2,10}$' AND s ~ '[A-Z]' $$;
COMMENT ON FUNCTION instmatch.csv_is_acronym(text) IS
    'internal: is a name an acronym (2-10 capital letters, digits, - or &, no space)?';

-- The kind of an alias: label (lang zh) if it is written in Han characters, acronym if it looks
-- like one, else the kind the source gives (aka or former).
CREATE FUNCTION instmatch.csv_alias_kind(alias text, kind text DEFAULT 'aka') RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
SELECT CASE WHEN alias ~ '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]' THEN 'label'
            WHEN instmatch.csv_is_acronym(alias) THEN 'acronym'
            ELSE kind END
$$;
COMMENT ON FUNCTION instmatch.csv_alias_kind(text, text) IS
    'internal: label for a Han-script alias, acronym for an acronym, else the given kind';

-- Split a name with a trailing parenthesised short name: "Beijing University of Aeronautics
-- and Astronautics (BUAA)" -> ("Beijing University of Aeronautics and Astronautics", "BUAA").
-- The part in parentheses is split off when it is an acronym (in an all-capitals name only
-- when it starts with the name's first letter, so "CHINA ... GROUP (LIMITED)" stays whole) or
-- when it is one of the entry's known aliases. Spaces are squeezed; surrounding spaces, commas
-- and semicolons removed.
CREATE FUNCTION instmatch.csv_split_name(full_name text, known_aliases text[] DEFAULT '{}',
                                         OUT name text, OUT short_name text)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    n text := btrim(regexp_replace(full_name, '\s+', ' ', 'g'), ' ,;');
    m text[];
    outer_part text;
    inner_part text;
BEGIN
    name := n;
    m := regexp_match(n, '^(.*[^\s(])\s*\(([^()]+)\)$');
    IF m IS NULL THEN
        RETURN;
    END IF;
    outer_part := btrim(m[1]);
    inner_part := btrim(m[2]);
    IF inner_part = '' OR outer_part = '' THEN
        RETURN;
    END IF;
    IF lower(inner_part) = ANY (ARRAY(SELECT lower(btrim(a)) FROM unnest(known_aliases) a))
       OR (instmatch.csv_is_acronym(inner_part)
           AND (outer_part ~ '[[:lower:]]' OR left(inner_part, 1) = left(outer_part, 1))) THEN
        name := outer_part;
        short_name := inner_part;
    END IF;
END
$$;
COMMENT ON FUNCTION instmatch.csv_split_name(text, text[]) IS
    'internal: splits a trailing parenthesised acronym (or known alias) off a name';

-- A list of names cleaned: items trimmed (of spaces, commas and semicolons), spaces squeezed,
-- empty items dropped, and in a list of several a leading "and " removed ("A; B; and C"; the
-- Entity List also has "A; and B; C" and a lone "and"). A capital "And " is kept.
CREATE FUNCTION instmatch.csv_clean_list(items text[]) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    n integer;
BEGIN
    n := cardinality(items);
    items := ARRAY(SELECT y FROM (SELECT CASE WHEN n > 1 THEN regexp_replace(x, '^and(\s+|$)', '') ELSE x END AS y, i
                                    FROM (SELECT btrim(regexp_replace(v, '\s+', ' ', 'g'), ' ,;') AS x, i
                                            FROM unnest(items) WITH ORDINALITY u(v, i)) w) z
                   WHERE y <> '' ORDER BY i);
    RETURN items;
END
$$;
COMMENT ON FUNCTION instmatch.csv_clean_list(text[]) IS
    'internal: trims the names of a list, drops empty ones and a leading "and "';

-- Split a list of names: at ';' always, at ',' too when commas is true, except before a legal
-- form ("Co., Ltd." stays whole); then cleaned by csv_clean_list.
CREATE FUNCTION instmatch.csv_split_list(s text, commas boolean DEFAULT false) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    items text[] := '{}';
    parts text[];
    p text;
BEGIN
    IF s IS NULL OR btrim(s) = '' THEN
        RETURN items;
    END IF;
    FOREACH p IN ARRAY regexp_split_to_array(s, ';') LOOP
        IF commas THEN
            parts := regexp_split_to_array(p, ',(?!\s*(Ltd|Limited|Inc|LLC|L\.L\.C|Co|Corp|Corporation|PLC|JSC|S\.?A|S\.?L\.?U?|GmbH|AG|LLP|LP)\M)');
        ELSE
            parts := ARRAY[p];
        END IF;
        items := items || parts;
    END LOOP;
    RETURN instmatch.csv_clean_list(items);
END
$$;
COMMENT ON FUNCTION instmatch.csv_split_list(text, boolean) IS
    'internal: splits "A; B; and C" (and optionally "A, B") into names';

-- The aliases of an entry as a JSON array of {"alias", "kind"[, "lang"]}: each alias trimmed and
-- its trailing acronym split off as an alias of its own, kinds from csv_alias_kind (the given
-- kind for the rest), no empty alias, no alias equal to the name (letter case ignored), no
-- alias twice (the first wins).
CREATE FUNCTION instmatch.csv_aliases(name text, aliases text[], kinds text[]) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    out jsonb := '[]';
    seen text[] := ARRAY[lower(btrim(name))];
    i integer;
    sp record;
    a text;
    k text;
    kind text;
BEGIN
    FOR i IN 1 .. COALESCE(cardinality(aliases), 0) LOOP
        CONTINUE WHEN aliases[i] IS NULL;
        sp := instmatch.csv_split_name(aliases[i]);
        FOREACH a IN ARRAY ARRAY[sp.name, sp.short_name] LOOP
            CONTINUE WHEN a IS NULL OR a = '' OR lower(a) = ANY (seen);
            seen := seen || lower(a);
            k := instmatch.csv_alias_kind(a, COALESCE(kinds[i], 'aka'));
            out := out || jsonb_build_array(CASE WHEN k = 'label'
                THEN jsonb_build_object('alias', a, 'kind', k, 'lang', 'zh')
                ELSE jsonb_build_object('alias', a, 'kind', k) END);
        END LOOP;
    END LOOP;
    RETURN out;
END
$$;
COMMENT ON FUNCTION instmatch.csv_aliases(text, text[], text[]) IS
    'internal: the aliases of an entry as the import entry''s JSON array: trimmed, classified, without duplicates or the name itself';

-- The key of an entry whose source has no identifier: its normalized name, without the
-- boundaries , ; ( ), so "Co., Ltd." and "Co. Ltd" give the same key.
CREATE FUNCTION instmatch.csv_name_key(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
SELECT NULLIF(btrim(regexp_replace(lower(@extschema@.inst_normalize(name)), '[\s,;()]+', ' ', 'g')), '')
$$;
COMMENT ON FUNCTION instmatch.csv_name_key(text) IS
    'internal: the key derived from a name (inst_normalize without boundaries), for lists without identifiers';

-- ISO 3166-1 alpha-2 code of a country written in English as lists write it ("China", "Russia",
-- "Hong Kong", "Virgin Islands, British", "Burma", "Palestinian") or of a two-letter code;
-- NULL when unknown. Letter case and surrounding spaces are ignored.
CREATE FUNCTION instmatch.csv_country_code(country text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    c text := btrim(regexp_replace(country, '\s+', ' ', 'g'));
    code text;
BEGIN
    code := '{"afghanistan":"AF", "aland islands":"AX", "albania":"AL", "algeria":"DZ",
     "american samoa":"AS", "andorra":"AD", "angola":"AO", "anguilla":"AI", "antarctica":"AQ",
     "antigua and barbuda":"AG", "argentina":"AR", "armenia":"AM", "aruba":"AW", "australia":"AU",
     "austria":"AT", "azerbaijan":"AZ", "bahamas":"BS", "bahamas, the":"BS", "bahrain":"BH",
     "bangladesh":"BD", "barbados":"BB", "belarus":"BY", "belgium":"BE", "belize":"BZ",
     "benin":"BJ", "bermuda":"BM", "bhutan":"BT", "bolivia":"BO",
     "bolivia (plurinational state of)":"BO", "bonaire, sint eustatius and saba":"BQ",
     "bosnia and herzegovina":"BA", "bosnia-herzegovina":"BA", "botswana":"BW",
     "bouvet island":"BV", "brazil":"BR", "british indian ocean territory":"IO",
     "british virgin islands":"VG", "brunei":"BN", "brunei darussalam":"BN", "bulgaria":"BG",
     "burkina faso":"BF", "burma":"MM", "burundi":"BI", "cabo verde":"CV", "cambodia":"KH",
     "cameroon":"CM", "canada":"CA", "cape verde":"CV", "cayman islands":"KY",
     "central african republic":"CF", "chad":"TD", "chile":"CL", "china":"CN",
     "china (mainland)":"CN", "christmas island":"CX", "cocos (keeling) islands":"CC",
     "colombia":"CO", "comoros":"KM", "congo":"CG", "congo (brazzaville)":"CG",
     "congo (kinshasa)":"CD", "congo, democratic republic of the":"CD",
     "congo, republic of the":"CG", "cook islands":"CK", "costa rica":"CR", "cote d''ivoire":"CI",
     "croatia":"HR", "cuba":"CU", "curacao":"CW", "curaçao":"CW", "cyprus":"CY",
     "czech republic":"CZ", "czechia":"CZ", "côte d''ivoire":"CI",
     "democratic people''s republic of korea":"KP", "democratic republic of the congo":"CD",
     "denmark":"DK", "djibouti":"DJ", "dominica":"DM", "dominican republic":"DO", "dprk":"KP",
     "dr congo":"CD", "drc":"CD", "east timor":"TL", "ecuador":"EC", "egypt":"EG",
     "el salvador":"SV", "england":"GB", "equatorial guinea":"GQ", "eritrea":"ER", "estonia":"EE",
     "eswatini":"SZ", "ethiopia":"ET", "falkland islands":"FK", "faroe islands":"FO",
     "federated states of micronesia":"FM", "fiji":"FJ", "finland":"FI", "france":"FR",
     "french guiana":"GF", "french polynesia":"PF", "french southern territories":"TF",
     "gabon":"GA", "gambia":"GM", "gambia, the":"GM", "gaza":"PS", "gaza strip":"PS",
     "georgia":"GE", "germany":"DE", "ghana":"GH", "gibraltar":"GI", "great britain":"GB",
     "greece":"GR", "greenland":"GL", "grenada":"GD", "guadeloupe":"GP", "guam":"GU",
     "guatemala":"GT", "guernsey":"GG", "guinea":"GN", "guinea-bissau":"GW", "guyana":"GY",
     "haiti":"HT", "heard island and mcdonald islands":"HM", "holland":"NL", "holy see":"VA",
     "honduras":"HN", "hong kong":"HK", "hong kong sar":"HK", "hong kong sar, china":"HK",
     "hong kong, china":"HK", "hungary":"HU", "iceland":"IS", "india":"IN", "indonesia":"ID",
     "iran":"IR", "iran (islamic republic of)":"IR", "iran, islamic republic of":"IR", "iraq":"IQ",
     "ireland":"IE", "islamic republic of iran":"IR", "isle of man":"IM", "israel":"IL",
     "italy":"IT", "ivory coast":"CI", "jamaica":"JM", "japan":"JP", "jersey":"JE", "jordan":"JO",
     "kazakhstan":"KZ", "kenya":"KE", "kiribati":"KI", "korea":"KR",
     "korea, democratic people''s republic of":"KP", "korea, north":"KP", "korea, republic of":"KR",
     "korea, south":"KR", "kosovo":"XK", "kuwait":"KW", "kyrgyz republic":"KG", "kyrgyzstan":"KG",
     "lao pdr":"LA", "lao people''s democratic republic":"LA", "laos":"LA", "latvia":"LV",
     "lebanon":"LB", "lesotho":"LS", "liberia":"LR", "libya":"LY", "liechtenstein":"LI",
     "lithuania":"LT", "luxembourg":"LU", "macao":"MO", "macao sar":"MO", "macau":"MO",
     "macau sar":"MO", "macedonia":"MK", "madagascar":"MG", "mainland china":"CN", "malawi":"MW",
     "malaysia":"MY", "maldives":"MV", "mali":"ML", "malta":"MT", "marshall islands":"MH",
     "martinique":"MQ", "mauritania":"MR", "mauritius":"MU", "mayotte":"YT", "mexico":"MX",
     "micronesia":"FM", "micronesia, federated states of":"FM", "moldova":"MD",
     "moldova, republic of":"MD", "monaco":"MC", "mongolia":"MN", "montenegro":"ME",
     "montserrat":"MS", "morocco":"MA", "mozambique":"MZ", "myanmar":"MM", "namibia":"NA",
     "nauru":"NR", "nepal":"NP", "netherlands":"NL", "new caledonia":"NC", "new zealand":"NZ",
     "nicaragua":"NI", "niger":"NE", "nigeria":"NG", "niue":"NU", "norfolk island":"NF",
     "north korea":"KP", "north macedonia":"MK", "northern ireland":"GB",
     "northern mariana islands":"MP", "norway":"NO", "oman":"OM", "p.r. china":"CN", "p.r.c.":"CN",
     "pakistan":"PK", "palau":"PW", "palestine":"PS", "palestinian":"PS",
     "palestinian territories":"PS", "palestinian territory":"PS", "panama":"PA",
     "papua new guinea":"PG", "paraguay":"PY", "people''s republic of china":"CN", "peru":"PE",
     "philippines":"PH", "pitcairn":"PN", "poland":"PL", "portugal":"PT", "prc":"CN",
     "puerto rico":"PR", "qatar":"QA", "republic of china":"TW", "republic of korea":"KR",
     "republic of moldova":"MD", "republic of north macedonia":"MK", "republic of the congo":"CG",
     "reunion":"RE", "romania":"RO", "russia":"RU", "russian federation":"RU", "rwanda":"RW",
     "réunion":"RE", "saint barthelemy":"BL", "saint barthélemy":"BL", "saint helena":"SH",
     "saint kitts and nevis":"KN", "saint lucia":"LC", "saint martin":"MF",
     "saint pierre and miquelon":"PM", "saint vincent and the grenadines":"VC", "samoa":"WS",
     "san marino":"SM", "sao tome and principe":"ST", "saudi arabia":"SA", "scotland":"GB",
     "senegal":"SN", "serbia":"RS", "seychelles":"SC", "sierra leone":"SL", "singapore":"SG",
     "sint maarten":"SX", "slovak republic":"SK", "slovakia":"SK", "slovenia":"SI",
     "solomon islands":"SB", "somalia":"SO", "south africa":"ZA",
     "south georgia and the south sandwich islands":"GS", "south korea":"KR", "south sudan":"SS",
     "spain":"ES", "sri lanka":"LK", "state of palestine":"PS", "sudan":"SD", "suriname":"SR",
     "svalbard and jan mayen":"SJ", "swaziland":"SZ", "sweden":"SE", "switzerland":"CH",
     "syria":"SY", "syrian arab republic":"SY", "são tomé and príncipe":"ST", "taiwan":"TW",
     "taiwan, province of china":"TW", "tajikistan":"TJ", "tanzania":"TZ",
     "tanzania, united republic of":"TZ", "thailand":"TH", "the bahamas":"BS", "the gambia":"GM",
     "the netherlands":"NL", "timor-leste":"TL", "togo":"TG", "tokelau":"TK", "tonga":"TO",
     "trinidad and tobago":"TT", "tunisia":"TN", "turkey":"TR", "turkiye":"TR", "turkmenistan":"TM",
     "turks and caicos islands":"TC", "tuvalu":"TV", "türkiye":"TR", "u.a.e.":"AE", "u.k.":"GB",
     "u.s.":"US", "u.s. virgin islands":"VI", "u.s.a.":"US", "uae":"AE", "uganda":"UG", "uk":"GB",
     "ukraine":"UA", "united arab emirates":"AE", "united kingdom":"GB",
     "united kingdom of great britain and northern ireland":"GB",
     "united republic of tanzania":"TZ", "united states":"US",
     "united states minor outlying islands":"UM", "united states of america":"US", "uruguay":"UY",
     "us":"US", "usa":"US", "uzbekistan":"UZ", "vanuatu":"VU", "vatican":"VA", "vatican city":"VA",
     "venezuela":"VE", "venezuela (bolivarian republic of)":"VE", "viet nam":"VN", "vietnam":"VN",
     "virgin islands (british)":"VG", "virgin islands (u.s.)":"VI", "virgin islands, british":"VG",
     "virgin islands, u.s.":"VI", "wales":"GB", "wallis and futuna":"WF", "west bank":"PS",
     "western sahara":"EH", "yemen":"YE", "zambia":"ZM", "zimbabwe":"ZW", "åland islands":"AX"}'::jsonb ->> lower(c);
    IF code IS NULL AND c ~ '^[A-Za-z]{2}$' THEN
        code := upper(c);
    END IF;
    RETURN code;
END
$$;
COMMENT ON FUNCTION instmatch.csv_country_code(text) IS
    'internal: ISO 3166-1 alpha-2 code of an English country name as sanctions lists write it, or NULL';

-- ---------------------------------------------------------------------------------------------
-- trade.gov Consolidated Screening List (CSL): CSV and JSON.
-- One list per CSL source, coded by the abbreviation in parentheses ("Entity List (EL) -
-- Bureau of Industry and Security" -> EL; "(NS-MBS List)" -> NS-MBS); key = the CSL _id (a hash,
-- or the OFAC ent_num for Treasury lists); alt_names -> aka; the name's trailing acronym ->
-- acronym; country = the first address ending in a country (code or name); listed_on =
-- start_date, removed_on = end_date, reference = federal_register_notice, remarks = remarks.
-- Rows of type Individual, Vessel or Aircraft are skipped (counted in a NOTICE); a row repeated
-- in the same list (same _id) is kept once.
-- ---------------------------------------------------------------------------------------------

-- One entry from a CSL row in a common shape: {"$id": name of the id column, "_id", "source",
-- "type", "name", "alt_names": [...], "addresses": [{"address", "city", "country"}],
-- "federal_register_notice", "start_date", "end_date", "remarks"}. NULL for skipped types.
CREATE FUNCTION instmatch.csl_entry(r jsonb, place text) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    id text := btrim(r->>'_id');
    source text := btrim(regexp_replace(r->>'source', '\s+', ' ', 'g'));
    m text[];
    code text;
    nm record;
    alts text[];
    country text;
    country_name text;
    city text;
    addr jsonb;
    c text;
    listed date;
    removed date;
BEGIN
    IF lower(btrim(r->>'type')) IN ('individual', 'vessel', 'aircraft') THEN
        RETURN NULL;
    END IF;
    IF id IS NULL OR id = '' THEN
        PERFORM instmatch.csv_error(place, r->>'$id', 'empty identifier');
    END IF;
    m := regexp_match(source, '\(([^()]+)\)');
    IF m IS NULL THEN
        PERFORM instmatch.csv_error(place, 'source',
            format('"%s" has no list abbreviation in parentheses', COALESCE(source, '')), '22P04',
            'CSL sources are written like "Entity List (EL) - Bureau of Industry and Security".');
    END IF;
    code := btrim(regexp_replace(btrim(m[1]), '\s+List$', '', 'i'));
    IF COALESCE(btrim(r->>'name'), '') = '' THEN
        PERFORM instmatch.csv_error(place, 'name', 'empty name');
    END IF;
    alts := ARRAY(SELECT jsonb_array_elements_text(COALESCE(r->'alt_names', '[]')));
    nm := instmatch.csv_split_name(r->>'name', alts);

    FOR addr IN SELECT jsonb_array_elements(COALESCE(r->'addresses', '[]')) LOOP
        c := btrim(addr->>'country');
        CONTINUE WHEN c IS NULL OR c = '';
        country := instmatch.csv_country_code(c);
        IF country IS NOT NULL THEN
            IF c !~ '^[A-Za-z]{2}$' THEN
                country_name := c;
            END IF;
            city := NULLIF(btrim(addr->>'city'), '');
            EXIT;
        END IF;
    END LOOP;

    listed := instmatch.csv_date(r->>'start_date', place, 'start_date');
    removed := instmatch.csv_date(r->>'end_date', place, 'end_date');
    IF removed < listed THEN
        PERFORM instmatch.csv_error(place, 'end_date',
            format('end date %s is before the start date %s', to_char(removed, 'YYYY-MM-DD'),
                   to_char(listed, 'YYYY-MM-DD')), '22007');
    END IF;

    RETURN jsonb_strip_nulls(jsonb_build_object(
        'list', code,
        'list_name', source,
        'publisher', btrim((regexp_match(source, ' - (.+)$'))[1]),
        'key', id,
        'name', nm.name,
        'aliases', instmatch.csv_aliases(nm.name, nm.short_name || alts,
                                         array_fill('aka'::text, ARRAY[cardinality(alts) + 1])),
        'country', country,
        'country_name', country_name,
        'city', city,
        'listed_on', listed,
        'removed_on', removed,
        'reference', NULLIF(btrim(regexp_replace(r->>'federal_register_notice', '\s+', ' ', 'g')), ''),
        'remarks', NULLIF(btrim(r->>'remarks'), '')));
END
$$;
COMMENT ON FUNCTION instmatch.csl_entry(jsonb, text) IS
    'internal: the import entry of one Consolidated Screening List row (CSV or JSON), or NULL for individuals, vessels and aircraft';

CREATE FUNCTION instmatch.parse_csl_csv(content text) RETURNS SETOF jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    ROWS 1000
    AS $$
DECLARE
    cols CONSTANT text[] := ARRAY['_id', 'source', 'entity_number', 'type', 'programs', 'name',
        'title', 'addresses', 'federal_register_notice', 'start_date', 'end_date', 'standard_order',
        'license_requirement', 'license_policy', 'call_sign', 'vessel_type', 'gross_tonnage',
        'gross_registered_tonnage', 'vessel_flag', 'vessel_owner', 'remarks', 'source_list_url',
        'alt_names', 'citizenships', 'dates_of_birth', 'nationalities', 'places_of_birth',
        'source_information_url', 'ids'];
    p integer[];
    rows_in integer;
    rows_out integer;
    skipped text;
BEGIN
    p := instmatch.csv_table(content, cols, 'trade.gov Consolidated Screening List CSV');

    RETURN QUERY
    WITH x AS MATERIALIZED (
        SELECT r.ord, instmatch.csl_entry(jsonb_build_object(
                     '$id', '_id', '_id', r.f[p[1]], 'source', r.f[p[2]], 'type', r.f[p[4]],
                     'name', r.f[p[6]],
                     'addresses', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                          'address', btrim(a.a),
                                          'country', btrim(substring(a.a FROM '[^,]*$'))) ORDER BY a.i), '[]')
                                   FROM unnest(string_to_array(r.f[p[8]], ';')) WITH ORDINALITY a(a, i)
                                   WHERE btrim(a.a) <> ''),
                     'federal_register_notice', r.f[p[9]], 'start_date', r.f[p[10]],
                     'end_date', r.f[p[11]], 'remarks', r.f[p[21]],
                     'alt_names', to_jsonb(instmatch.csv_split_list(r.f[p[23]]))),
                 'line ' || r.line_no) AS e
          FROM @extschema@.inst_csv_parse(content) WITH ORDINALITY r(line_no, f, ord)
          WHERE r.ord > 1)
    SELECT DISTINCT ON (x.e->>'list', x.e->>'key') x.e
    FROM x
    WHERE x.e IS NOT NULL
    ORDER BY x.e->>'list', x.e->>'key', x.ord;
    GET DIAGNOSTICS rows_out = ROW_COUNT;

    SELECT sum(s.n) FILTER (WHERE NOT s.skip),
           string_agg(format('%s %s', s.t, s.n), ', ' ORDER BY s.t) FILTER (WHERE s.skip)
      INTO rows_in, skipped
      FROM (SELECT lower(btrim(r.f[p[4]])) AS t,
                   COALESCE(lower(btrim(r.f[p[4]])) IN ('individual', 'vessel', 'aircraft'), false) AS skip,
                   count(*) AS n
              FROM @extschema@.inst_csv_parse(content) WITH ORDINALITY r(line_no, f, ord)
             WHERE r.ord > 1 GROUP BY 1, 2) s;
    IF skipped IS NOT NULL OR rows_in > rows_out THEN
        RAISE NOTICE 'CSL: % entries%', rows_out,
            COALESCE('; skipped (not institutions): ' || skipped, '')
            || CASE WHEN rows_in > rows_out THEN format('; %s repeated rows (same _id and list) kept once', rows_in - rows_out) ELSE '' END;
    END IF;
END
$$;
COMMENT ON FUNCTION instmatch.parse_csl_csv(text) IS
    'the import entries of a trade.gov Consolidated Screening List CSV file (29 columns, header checked by name): one per (list, _id); individuals, vessels and aircraft skipped';

-- The CSL JSON row at place in the common shape of csl_entry, with its types checked. The
-- trade.gov API writes "id" (older dumps "_id"), alt_names as an array of strings and addresses
-- as an array of {"address", "city", "state", "postal_code", "country"}.
CREATE FUNCTION instmatch.csl_json_record(v jsonb, place text) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    k text;
    idk text := CASE WHEN v ? 'id' THEN 'id' ELSE '_id' END;
    alts jsonb := v->'alt_names';
    addrs jsonb := v->'addresses';
    a jsonb;
    i integer := 0;
BEGIN
    IF jsonb_typeof(v) IS DISTINCT FROM 'object' THEN
        PERFORM instmatch.csv_error(place, NULL,
            format('an entry must be a JSON object, not %s', COALESCE(jsonb_typeof(v), 'null')));
    END IF;
    FOREACH k IN ARRAY ARRAY[idk, 'source', 'type', 'name', 'federal_register_notice', 'start_date',
                             'end_date', 'remarks'] LOOP
        IF COALESCE(jsonb_typeof(v->k), 'null') NOT IN ('string', 'number', 'null') THEN
            PERFORM instmatch.csv_error(place, k, format('expected a string, found %s', jsonb_typeof(v->k)));
        END IF;
    END LOOP;
    IF jsonb_typeof(alts) = 'string' THEN
        alts := to_jsonb(instmatch.csv_split_list(alts->>0));
    ELSIF jsonb_typeof(alts) = 'array' THEN
        FOR a IN SELECT jsonb_array_elements(alts) LOOP
            IF jsonb_typeof(a) <> 'string' THEN
                PERFORM instmatch.csv_error(place, format('alt_names[%s]', i),
                    format('expected a string, found %s', jsonb_typeof(a)));
            END IF;
            i := i + 1;
        END LOOP;
        -- an API alias list may still end in "and X"
        alts := to_jsonb(instmatch.csv_clean_list(ARRAY(SELECT jsonb_array_elements_text(alts))));
    ELSIF COALESCE(jsonb_typeof(alts), 'null') <> 'null' THEN
        PERFORM instmatch.csv_error(place, 'alt_names', format('expected an array of strings, found %s', jsonb_typeof(alts)));
    ELSE
        alts := '[]';
    END IF;
    IF jsonb_typeof(addrs) = 'array' THEN
        i := 0;
        FOR a IN SELECT jsonb_array_elements(addrs) LOOP
            IF jsonb_typeof(a) <> 'object' OR COALESCE(jsonb_typeof(a->'country'), 'null') NOT IN ('string', 'null')
               OR COALESCE(jsonb_typeof(a->'city'), 'null') NOT IN ('string', 'null') THEN
                PERFORM instmatch.csv_error(place, format('addresses[%s]', i),
                    'expected an object with string fields "address", "city", "country"');
            END IF;
            i := i + 1;
        END LOOP;
    ELSIF COALESCE(jsonb_typeof(addrs), 'null') <> 'null' THEN
        PERFORM instmatch.csv_error(place, 'addresses', format('expected an array of objects, found %s', jsonb_typeof(addrs)));
    ELSE
        addrs := '[]';
    END IF;
    RETURN jsonb_build_object('$id', idk, '_id', v->>idk, 'source', v->>'source', 'type', v->>'type',
        'name', v->>'name', 'alt_names', alts, 'addresses', addrs,
        'federal_register_notice', v->>'federal_register_notice', 'start_date', v->>'start_date',
        'end_date', v->>'end_date', 'remarks', v->>'remarks');
END
$$;
COMMENT ON FUNCTION instmatch.csl_json_record(jsonb, text) IS
    'internal: one Consolidated Screening List JSON result, checked and in the shape csl_entry reads';

CREATE FUNCTION instmatch.parse_csl_json(content text) RETURNS SETOF jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    ROWS 1000
    AS $$
DECLARE
    doc jsonb;
    arr jsonb;
    path text;
    detail text;
    ctx text;
    rows_in integer;
    rows_out integer;
    skipped text;
BEGIN
    BEGIN
        doc := content::jsonb;
    EXCEPTION WHEN invalid_text_representation THEN
        -- PostgreSQL names the line in the error context: "JSON data, line 87: ..."
        GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL, ctx = PG_EXCEPTION_CONTEXT;
        RAISE EXCEPTION '%: invalid JSON: %',
            COALESCE((regexp_match(ctx, 'JSON data, (line \d+)'))[1], 'the file'), detail
            USING ERRCODE = '22P02';
    END;
    IF jsonb_typeof(doc) = 'object' AND doc ? 'results' THEN
        arr := doc->'results';
        path := 'results';
    ELSIF jsonb_typeof(doc) = 'array' THEN
        arr := doc;
        path := '';
    ELSE
        RAISE EXCEPTION 'the CSL JSON must be an object with a "results" array or an array of entries, not %',
            CASE jsonb_typeof(doc) WHEN 'object' THEN 'an object without "results"' ELSE 'a ' || jsonb_typeof(doc) END
            USING ERRCODE = '22P04';
    END IF;
    IF jsonb_typeof(arr) <> 'array' THEN
        RAISE EXCEPTION '"results" of the CSL JSON must be an array, not a JSON %', jsonb_typeof(arr)
            USING ERRCODE = '22P04';
    END IF;

    RETURN QUERY
    WITH x AS MATERIALIZED (
        SELECT a.ord, instmatch.csl_entry(instmatch.csl_json_record(a.v, format('%s[%s]', path, a.ord - 1)),
                                          format('%s[%s]', path, a.ord - 1)) AS e
          FROM jsonb_array_elements(arr) WITH ORDINALITY a(v, ord))
    SELECT DISTINCT ON (x.e->>'list', x.e->>'key') x.e
    FROM x
    WHERE x.e IS NOT NULL
    ORDER BY x.e->>'list', x.e->>'key', x.ord;
    GET DIAGNOSTICS rows_out = ROW_COUNT;

    SELECT sum(s.n) FILTER (WHERE NOT s.skip),
           string_agg(format('%s %s', s.t, s.n), ', ' ORDER BY s.t) FILTER (WHERE s.skip)
      INTO rows_in, skipped
      FROM (SELECT lower(btrim(a.v->>'type')) AS t,
                   COALESCE(lower(btrim(a.v->>'type')) IN ('individual', 'vessel', 'aircraft'), false) AS skip,
                   count(*) AS n
              FROM jsonb_array_elements(arr) a(v) GROUP BY 1, 2) s;
    IF skipped IS NOT NULL OR rows_in > rows_out THEN
        RAISE NOTICE 'CSL: % entries%', rows_out,
            COALESCE('; skipped (not institutions): ' || skipped, '')
            || CASE WHEN rows_in > rows_out THEN format('; %s repeated entries (same id and list) kept once', rows_in - rows_out) ELSE '' END;
    END IF;
END
$$;
COMMENT ON FUNCTION instmatch.parse_csl_json(text) IS
    'the import entries of a trade.gov Consolidated Screening List JSON document ({"results": [...]} or an array of results): one per (list, id); individuals, vessels and aircraft skipped';

-- ---------------------------------------------------------------------------------------------
-- OFAC consolidated non-SDN list, legacy CSV files CONS_PRIM, CONS_ALT, CONS_ADD and
-- CONS_COMMENTS: no header, "-0- " for NULL, CRLF, a 0x1A at the end of each file. The files are
-- given concatenated in any order; a record's kind is told by its number of fields (12 PRIM,
-- 5 ALT, 6 ADD, 2 COMMENTS).
-- Lists: one per OFAC program tag of the primary record ("A] [B" = two programs; the entity is
-- listed on each). The code is the program tag, except CMIC-EO13959 -> NS-CMIC (OFAC's
-- "Non-SDN Chinese Military-Industrial Complex Companies List"). key = ent_num; aliases from
-- CONS_ALT (aka, nka -> aka; fka -> former) and OFAC's weak aliases from the remarks
-- ("a.k.a. 'MOGE'") -> aka; country and city from the first CONS_ADD address
-- (by add_num) with a country; remarks = the CONS_PRIM remarks continued by CONS_COMMENTS;
-- listed_on = the "Listing Date (<label>): DD Mon YYYY" of the remarks whose label names the
-- program ("CMIC" for CMIC-EO13959, "EO 14024 Directive 2" for RUSSIA-EO14024); individuals,
-- vessels and aircraft are skipped (counted in a NOTICE).
-- ---------------------------------------------------------------------------------------------

-- NULL for OFAC's null marker "-0-" (with or without its trailing space) and for blanks.
CREATE FUNCTION instmatch.csv_ofac_value(v text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$ SELECT CASE WHEN btrim(v) IN ('-0-', '') THEN NULL ELSE v END $$;
COMMENT ON FUNCTION instmatch.csv_ofac_value(text) IS
    'internal: a field of an OFAC CSV file, NULL for its null marker -0-';

-- The list an OFAC program tag is imported as: (code, name).
CREATE FUNCTION instmatch.csv_ofac_list(program text, OUT code text, OUT name text)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
SELECT CASE program WHEN 'CMIC-EO13959' THEN 'NS-CMIC' ELSE program END,
       CASE program
           WHEN 'CMIC-EO13959' THEN 'Non-SDN Chinese Military-Industrial Complex Companies List (NS-CMIC List) - Treasury Department'
           WHEN 'NS-PLC' THEN 'Non-SDN Palestinian Legislative Council List (NS-PLC List) - Treasury Department'
           ELSE 'OFAC consolidated non-SDN list, program ' || program || ' - Treasury Department' END
$$;
COMMENT ON FUNCTION instmatch.csv_ofac_list(text) IS
    'internal: list code and name of an OFAC program tag (CMIC-EO13959 -> NS-CMIC; other tags are their own code)';

-- The listing date of an OFAC program from the remarks: the earliest "Listing Date (<label>):
-- DD Mon YYYY" whose label is the program's first part ("CMIC" for CMIC-EO13959) or holds the
-- number of its executive order ("EO 14024 Directive 2" for RUSSIA-EO14024). NULL if none.
CREATE FUNCTION instmatch.csv_ofac_listed_on(remarks text, program text, place text) RETURNS date
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    m text[];
    eo text := substring(program FROM 'EO(\d{4,5})');
    mon integer;
    d date;
    best date;
BEGIN
    IF remarks IS NULL THEN
        RETURN NULL;
    END IF;
    FOR m IN SELECT regexp_matches(remarks, 'Listing Date \(([^()]*)\):?\s*(\d{1,2}) ([A-Za-z]{3}) (\d{4})', 'g') LOOP
        CONTINUE WHEN NOT (btrim(m[1]) = split_part(program, '-', 1)
                           OR (eo IS NOT NULL AND m[1] ~ ('\m' || eo || '\M')));
        mon := array_position(ARRAY['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep',
                                    'oct', 'nov', 'dec'], lower(m[3]));
        IF mon IS NULL OR m[2]::integer < 1
           OR m[2]::integer > extract(day FROM make_date(m[4]::integer, mon, 1) + interval '1 month' - interval '1 day') THEN
            PERFORM instmatch.csv_error(place, 'remarks',
                format('invalid listing date "%s %s %s"', m[2], m[3], m[4]), '22007');
        END IF;
        d := make_date(m[4]::integer, mon, m[2]::integer);
        IF best IS NULL OR d < best THEN
            best := d;
        END IF;
    END LOOP;
    RETURN best;
END
$$;
COMMENT ON FUNCTION instmatch.csv_ofac_listed_on(text, text, text) IS
    'internal: the listing date of an OFAC program given in the remarks ("Listing Date (CMIC) 03 Jun 2021")';

CREATE FUNCTION instmatch.parse_ofac_cons(content text) RETURNS SETOF jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    ROWS 500
    AS $$
DECLARE
    bad record;
    skipped text;
BEGIN
    -- the kind of each record, and its numbers
    SELECT r.line_no, cardinality(r.fields) AS n INTO bad
      FROM @extschema@.inst_csv_parse(content) r
     WHERE cardinality(r.fields) NOT IN (2, 5, 6, 12) ORDER BY r.line_no LIMIT 1;
    IF FOUND THEN
        PERFORM instmatch.csv_error('line ' || bad.line_no, NULL,
            format('%s fields, but a record of the OFAC consolidated files has 12 (CONS_PRIM), 5 (CONS_ALT), 6 (CONS_ADD) or 2 (CONS_COMMENTS)', bad.n),
            '22P04', 'Give the files cons_prim.csv, cons_alt.csv, cons_add.csv and cons_comments.csv, concatenated.');
    END IF;
    SELECT x.line_no, x.col, x.val INTO bad
      FROM (SELECT r.line_no, 'ent_num' AS col, r.fields[1] AS val
              FROM @extschema@.inst_csv_parse(content) r
            UNION ALL
            SELECT r.line_no, CASE cardinality(r.fields) WHEN 5 THEN 'alt_num' ELSE 'add_num' END, r.fields[2]
              FROM @extschema@.inst_csv_parse(content) r WHERE cardinality(r.fields) IN (5, 6)) x
     WHERE btrim(x.val) !~ '^\d{1,15}$' ORDER BY x.line_no, x.col DESC LIMIT 1;
    IF FOUND THEN
        PERFORM instmatch.csv_error('line ' || bad.line_no, bad.col, format('invalid number "%s"', bad.val));
    END IF;


    -- the records fit together
    WITH rec AS MATERIALIZED (
        SELECT r.line_no, r.fields AS f, cardinality(r.fields) AS n, btrim(r.fields[1])::bigint AS ent
        FROM @extschema@.inst_csv_parse(content) r),
    prim AS (SELECT rec.*, min(rec.line_no) OVER (PARTITION BY rec.ent) AS first_line FROM rec WHERE rec.n = 12)
    SELECT x.line_no, x.col, x.msg, x.hint INTO bad FROM (
        SELECT p.line_no, 'ent_num' AS col, NULL AS hint,
               format('entity %s has a second CONS_PRIM record (the first is on line %s)', p.ent, p.first_line) AS msg
          FROM prim p WHERE p.line_no > p.first_line
        UNION ALL
        SELECT r.line_no, 'ent_num', 'Concatenate cons_prim.csv with the other files, e.g. \copy ... FROM PROGRAM ''cat cons_prim.csv cons_alt.csv cons_add.csv cons_comments.csv''.',
               format('entity %s has no CONS_PRIM record', r.ent)
          FROM rec r WHERE r.n <> 12 AND NOT EXISTS (SELECT 1 FROM prim p WHERE p.ent = r.ent)
        UNION ALL
        SELECT p.line_no, 'name', NULL, 'empty name' FROM prim p WHERE instmatch.csv_ofac_value(p.f[2]) IS NULL
        UNION ALL
        SELECT p.line_no, 'program', NULL, 'no program' FROM prim p
         WHERE btrim(COALESCE(instmatch.csv_ofac_value(p.f[4]), ''), ' []') = ''
        UNION ALL
        SELECT r.line_no, 'alt_type', NULL, format('unknown alias type "%s" (aka, fka or nka)', r.f[3])
          FROM rec r WHERE r.n = 5 AND lower(btrim(r.f[3])) NOT IN ('aka', 'fka', 'nka')
        UNION ALL
        SELECT r.line_no, 'alt_name', NULL, 'empty alias' FROM rec r
         WHERE r.n = 5 AND instmatch.csv_ofac_value(r.f[4]) IS NULL) x
    ORDER BY x.line_no LIMIT 1;
    IF FOUND THEN
        PERFORM instmatch.csv_error('line ' || bad.line_no, bad.col, bad.msg, '22P04', bad.hint);
    END IF;
    PERFORM 1 FROM @extschema@.inst_csv_parse(content) r WHERE cardinality(r.fields) = 12;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the OFAC consolidated file has no CONS_PRIM record' USING ERRCODE = '22P04',
            HINT = 'Give the files cons_prim.csv, cons_alt.csv, cons_add.csv and cons_comments.csv, concatenated.';
    END IF;

    RETURN QUERY
    WITH rec AS MATERIALIZED (
        SELECT r.line_no, r.fields AS f, cardinality(r.fields) AS n, btrim(r.fields[1])::bigint AS ent
        FROM @extschema@.inst_csv_parse(content) r),
    com AS (SELECT r.ent, string_agg(r.f[2], '' ORDER BY r.line_no) AS more
              FROM rec r WHERE r.n = 2 GROUP BY r.ent),
    prim AS (SELECT r.line_no, r.ent, btrim(instmatch.csv_ofac_value(r.f[2])) AS name,
                    r.f[4] AS programs,
                    NULLIF(btrim(COALESCE(instmatch.csv_ofac_value(r.f[12]), '') || COALESCE(c.more, '')), '') AS remarks
               FROM rec r LEFT JOIN com c ON c.ent = r.ent
              WHERE r.n = 12
                AND COALESCE(lower(btrim(instmatch.csv_ofac_value(r.f[3]))), '') NOT IN ('individual', 'vessel', 'aircraft')),
    alt AS (SELECT r.ent,
                   array_agg(btrim(r.f[4]) ORDER BY btrim(r.f[2])::bigint, r.line_no) AS names,
                   array_agg(CASE lower(btrim(r.f[3])) WHEN 'fka' THEN 'former' ELSE 'aka' END
                             ORDER BY btrim(r.f[2])::bigint, r.line_no) AS kinds
              FROM rec r WHERE r.n = 5 GROUP BY r.ent),
    addr AS (SELECT DISTINCT ON (r.ent) r.ent, btrim(instmatch.csv_ofac_value(r.f[5])) AS country,
                    NULLIF(btrim(regexp_replace(COALESCE(instmatch.csv_ofac_value(r.f[4]), ''), '\s*\d[\d -]*$', '')), '') AS city
               FROM rec r WHERE r.n = 6 AND instmatch.csv_ofac_value(r.f[5]) IS NOT NULL
              ORDER BY r.ent, btrim(r.f[2])::bigint, r.line_no)
    SELECT jsonb_strip_nulls(jsonb_build_object(
               'list', l.code,
               'list_name', l.name,
               'publisher', 'Office of Foreign Assets Control (OFAC) - Treasury Department',
               'key', p.ent::text,
               'name', nm.name,
               'aliases', instmatch.csv_aliases(nm.name,
                              nm.short_name || COALESCE(a.names, '{}') || wk.names,
                              'aka'::text || COALESCE(a.kinds, '{}') || array_fill('aka'::text, ARRAY[cardinality(wk.names)])),
               'country', instmatch.csv_country_code(ad.country),
               'country_name', ad.country,
               'city', ad.city,
               'listed_on', instmatch.csv_ofac_listed_on(p.remarks, g.program, 'line ' || p.line_no),
               'remarks', p.remarks))
    FROM prim p
    LEFT JOIN alt a ON a.ent = p.ent
    LEFT JOIN addr ad ON ad.ent = p.ent
    CROSS JOIN LATERAL (SELECT DISTINCT btrim(x, ' []') AS program
                          FROM regexp_split_to_table(p.programs, '\]\s*\[') x
                         WHERE btrim(x, ' []') <> '') g
    CROSS JOIN LATERAL instmatch.csv_ofac_list(g.program) l
    CROSS JOIN LATERAL instmatch.csv_split_name(p.name, COALESCE(a.names, '{}')) nm
    -- OFAC's weak aliases are in the remarks: "a.k.a. 'MOGE'"
    CROSS JOIN LATERAL (SELECT ARRAY(SELECT m[1] FROM regexp_matches(COALESCE(p.remarks, ''), 'a\.k\.a\.,? ''([^'']+)''', 'g') m) AS names) wk
    ORDER BY l.code, p.ent;

    SELECT string_agg(format('%s %s', t, n), ', ' ORDER BY t) INTO skipped
      FROM (SELECT lower(btrim(r.fields[3])) AS t, count(*) AS n
              FROM @extschema@.inst_csv_parse(content) r
             WHERE cardinality(r.fields) = 12 AND lower(btrim(r.fields[3])) IN ('individual', 'vessel', 'aircraft')
             GROUP BY 1) s;
    IF skipped IS NOT NULL THEN
        RAISE NOTICE 'OFAC: skipped (not institutions): %', skipped;
    END IF;
END
$$;
COMMENT ON FUNCTION instmatch.parse_ofac_cons(text) IS
    'the import entries of OFAC''s consolidated non-SDN files CONS_PRIM, CONS_ALT, CONS_ADD and CONS_COMMENTS, concatenated in any order: one per (program, ent_num); individuals, vessels and aircraft skipped';

-- ---------------------------------------------------------------------------------------------
-- DoD Section 1260H list ("Chinese military companies"), in the CSV layout of OpenSanctions'
-- transcription: Name, Clean Name, Alias, Previous Name, Parent Name, Note, Start date,
-- End date, Source Url; one row per edition that lists a company, End date when it was removed.
-- key = csv_name_key(Clean Name); name = the latest row's Clean Name (a trailing acronym split
-- off); Alias (separated by , or ;) -> aka/acronym, Previous Name -> former; Parent Name ->
-- parent_key; Note -> remarks (the latest). Rows of a company are joined into listing periods:
-- in order of Start date, a row continues the period unless the row before it has an End date
-- before its Start date; a period runs from its first Start date to the End date of its last
-- row (open if that has none). One entry per period, reference = the Source Url of its first
-- row (the edition that listed it).
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION instmatch.parse_dod_1260h(content text) RETURNS SETOF jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    ROWS 300
    AS $$
DECLARE
    cols CONSTANT text[] := ARRAY['Name', 'Clean Name', 'Alias', 'Previous Name', 'Parent Name',
                                  'Note', 'Start date', 'End date', 'Source Url'];
    p integer[];
BEGIN
    p := instmatch.csv_table(content, cols, 'DoD 1260H list CSV');

    RETURN QUERY
    WITH src AS MATERIALIZED (
        SELECT r.ord, r.line_no, r.f,
               instmatch.csv_split_list(r.f[p[3]], true) AS alias,
               instmatch.csv_split_list(r.f[p[4]], true) AS previous,
               -- the Clean Name, or else the Name without its carry-over mark "*"
               COALESCE(NULLIF(btrim(r.f[p[2]]), ''), NULLIF(btrim(r.f[p[1]], ' *'), '')) AS full_name,
               instmatch.csv_date(r.f[p[7]], 'line ' || r.line_no, 'Start date') AS s,
               instmatch.csv_date(r.f[p[8]], 'line ' || r.line_no, 'End date') AS e
          FROM @extschema@.inst_csv_parse(content) WITH ORDINALITY r(line_no, f, ord)
         WHERE r.ord > 1),
    chk AS MATERIALIZED (
        SELECT src.*,
               CASE WHEN src.full_name IS NULL
                        THEN instmatch.csv_error('line ' || src.line_no, 'Clean Name', 'empty name')
                    WHEN src.s IS NULL
                        THEN instmatch.csv_error('line ' || src.line_no, 'Start date', 'empty date', '22007')
                    WHEN src.e < src.s
                        THEN instmatch.csv_error('line ' || src.line_no, 'End date',
                                 format('end date %s is before the start date %s', to_char(src.e, 'YYYY-MM-DD'),
                                        to_char(src.s, 'YYYY-MM-DD')), '22007')
               END AS ok
          FROM src ORDER BY src.ord),
    rw AS MATERIALIZED (
        SELECT c.*, nm.name, nm.short_name, instmatch.csv_name_key(nm.name) AS key,
               (instmatch.csv_split_name(NULLIF(btrim(c.f[p[5]]), ''))).name AS parent,
               NULLIF(btrim(c.f[p[6]]), '') AS note, NULLIF(btrim(c.f[p[9]]), '') AS url
          FROM chk c, LATERAL instmatch.csv_split_name(c.full_name, c.alias) nm
         WHERE c.ok IS NULL),
    per_key AS (
        SELECT rw.key,
               (array_agg(rw.name ORDER BY rw.s DESC, rw.ord DESC))[1] AS name,
               (array_agg(rw.parent ORDER BY rw.s DESC, rw.ord DESC) FILTER (WHERE rw.parent IS NOT NULL))[1] AS parent,
               (array_agg(rw.note ORDER BY rw.s DESC, rw.ord DESC) FILTER (WHERE rw.note IS NOT NULL))[1] AS note
          FROM rw GROUP BY rw.key),
    names AS (      -- every name of a company, the latest rows first
        SELECT rw.key, a.alias, a.kind, rw.s, rw.ord, a.i
          FROM rw, LATERAL (
                SELECT rw.name AS alias, 'aka' AS kind, 0::bigint AS i
                UNION ALL SELECT rw.short_name, 'aka', 1
                UNION ALL SELECT x, 'aka', 1 + i FROM unnest(rw.alias) WITH ORDINALITY u(x, i)
                UNION ALL SELECT x, 'former', 1000 + i FROM unnest(rw.previous) WITH ORDINALITY u(x, i)) a
         WHERE a.alias IS NOT NULL),
    per_key_alias AS (
        SELECT n.key, array_agg(n.alias ORDER BY n.s DESC, n.ord DESC, n.i) AS aliases,
               array_agg(n.kind ORDER BY n.s DESC, n.ord DESC, n.i) AS kinds
          FROM names n GROUP BY n.key),
    seq AS (
        SELECT rw.key, rw.s, rw.e, rw.ord, rw.url,
               lag(rw.e) OVER w AS prev_e, row_number() OVER w AS rn
          FROM rw WINDOW w AS (PARTITION BY rw.key ORDER BY rw.s, rw.ord)),
    grp AS (
        SELECT seq.*, sum(CASE WHEN seq.rn = 1 OR seq.prev_e < seq.s THEN 1 ELSE 0 END)
                          OVER (PARTITION BY seq.key ORDER BY seq.s, seq.ord) AS period
          FROM seq),
    periods AS (
        SELECT g.key, g.period, min(g.s) AS listed_on,
               (array_agg(g.e ORDER BY g.s DESC, g.ord DESC))[1] AS removed_on,
               (array_agg(g.url ORDER BY g.s, g.ord) FILTER (WHERE g.url IS NOT NULL))[1] AS reference
          FROM grp g GROUP BY g.key, g.period)
    SELECT jsonb_strip_nulls(jsonb_build_object(
               'list', '1260H',
               'list_name', 'Chinese Military Companies (Section 1260H of the NDAA for Fiscal Year 2021) - Department of Defense',
               'publisher', 'Department of Defense',
               'key', k.key,
               'name', k.name,
               'aliases', instmatch.csv_aliases(k.name, a.aliases, a.kinds),
               'types', jsonb_build_array('company'),
               'listed_on', pr.listed_on,
               'removed_on', pr.removed_on,
               'reference', pr.reference,
               'remarks', k.note,
               'parent_key', NULLIF(instmatch.csv_name_key(k.parent), k.key)))
      FROM periods pr
      JOIN per_key k ON k.key = pr.key
      JOIN per_key_alias a ON a.key = pr.key
     ORDER BY pr.key, pr.listed_on;
END
$$;
COMMENT ON FUNCTION instmatch.parse_dod_1260h(text) IS
    'the import entries of the DoD Section 1260H list in OpenSanctions'' CSV layout: one per company and listing period, key = the normalized Clean Name';

-- ---------------------------------------------------------------------------------------------
-- DoD Section 1286 list (foreign institutions of higher education and research engaged in
-- problematic activities), in the CSV layout of OpenSanctions' transcription: schema, name,
-- aliases, topics, program, authority, reason, report-date, start-date, end-date, country,
-- notes, source_url; one row per institution per fiscal-year list (report-date).
--
-- An institution's rows in different report years are joined: in order of report year, a row
-- joins an earlier institution with the same name (normalized), else one whose aliases include
-- its name, else one whose name is among its aliases ("Beijing University of Aeronautics and
-- Astronautics" FY22-24 and "Beihang University" FY25) - never two rows of one report year.
-- key = csv_name_key of its earliest name (made unique with the year if two institutions share
-- it); name = its latest name; the other names and all aliases -> aka/acronym; country and
-- notes from the latest row that has them.
-- Listing periods: consecutive report years of the file (a year missing in between ends a
-- period, a later year starts a new one). listed_on = the start-date of the period's first row,
-- else the publication date of that fiscal year's list; removed_on = the end-date of its last
-- row, else the publication date of the next report year in the file (when it is missing from
-- that list), else open. A report year's publication date is taken from the date in the path of
-- its source_url (".../2023/Jun/29/..." -> 2023-06-29, ".../uploads/2024/07/..." -> 2024-07-01),
-- else 1 January of the following year (each fiscal-year list so far appeared in the next
-- calendar year). Dates may be partial (2026 = 2026-01-01). reference = the source_url of the
-- period's first row. Rows of schema Person are skipped (NOTICE).
-- ---------------------------------------------------------------------------------------------

-- The date in the path of a URL: /YYYY/Mon/DD/ (media.defense.gov) or /YYYY/MM/ (the first of
-- that month; wp-content/uploads); NULL if none.
CREATE FUNCTION instmatch.csv_url_date(url text) RETURNS date
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    m text[];
    y integer;
    mo integer;
    d integer := 1;
BEGIN
    m := regexp_match(url, '/(\d{4})/([A-Za-z]{3})/(\d{1,2})/');
    IF m IS NOT NULL THEN
        mo := array_position(ARRAY['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep',
                                   'oct', 'nov', 'dec'], lower(m[2]));
        d := m[3]::integer;
    ELSE
        m := regexp_match(url, '/(\d{4})/(\d{2})/');
        IF m IS NULL THEN
            RETURN NULL;
        END IF;
        mo := m[2]::integer;
    END IF;
    y := m[1]::integer;
    IF y < 1900 OR mo IS NULL OR mo NOT BETWEEN 1 AND 12 OR d < 1
       OR d > extract(day FROM make_date(y, mo, 1) + interval '1 month' - interval '1 day') THEN
        RETURN NULL;
    END IF;
    RETURN make_date(y, mo, d);
END
$$;
COMMENT ON FUNCTION instmatch.csv_url_date(text) IS
    'internal: the publication date written in a URL path (/2023/Jun/29/ or /2024/07/), or NULL';

CREATE FUNCTION instmatch.parse_dod_1286(content text) RETURNS SETOF jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    ROWS 200
    AS $$
DECLARE
    cols CONSTANT text[] := ARRAY['schema', 'name', 'aliases', 'topics', 'program', 'authority',
                                  'reason', 'report-date', 'start-date', 'end-date', 'country',
                                  'notes', 'source_url'];
    p integer[];
    cur record;
    n integer;
    ords bigint[] := '{}';
    comps integer[] := '{}';
    last_year integer[] := '{}';
    last_line integer[] := '{}';
    ncomp integer := 0;
    name_map jsonb := '{}';     -- name key -> institutions with a row of that name
    key_map jsonb := '{}';      -- name or alias key -> institutions
    cand integer;
    chosen integer;
    k text;
BEGIN
    p := instmatch.csv_table(content, cols, 'DoD Section 1286 list CSV');

    -- every row: a report year, a name, valid dates in order (the first bad row in file order)
    SELECT count(*) INTO n FROM (
        SELECT CASE
                 WHEN btrim(x.f[p[8]]) !~ '^\d{4}$'
                     THEN instmatch.csv_error(x.place, 'report-date', format('invalid report year "%s"', x.f[p[8]]))
                 WHEN instmatch.csv_name_key((instmatch.csv_split_name(x.f[p[2]])).name) IS NULL
                     THEN instmatch.csv_error(x.place, 'name', 'empty name')
                 WHEN instmatch.csv_date(x.f[p[10]], x.place, 'end-date', true)
                      < instmatch.csv_date(x.f[p[9]], x.place, 'start-date', true)
                     THEN instmatch.csv_error(x.place, 'end-date',
                              format('end date "%s" is before the start date "%s"', x.f[p[10]], x.f[p[9]]), '22007')
               END AS bad
          FROM (SELECT r.ord, r.f, 'line ' || r.line_no AS place
                  FROM @extschema@.inst_csv_parse(content) WITH ORDINALITY r(line_no, f, ord)
                 WHERE r.ord > 1 ORDER BY r.ord) x) y
     WHERE y.bad IS NULL;

    -- join the rows of each institution across report years
    FOR cur IN
        SELECT x.ord, x.line_no, btrim(x.f[p[8]])::integer AS year,
               instmatch.csv_name_key((instmatch.csv_split_name(x.f[p[2]])).name) AS nk,
               ARRAY(SELECT kk FROM (SELECT instmatch.csv_name_key(a) AS kk
                                       FROM unnest(instmatch.csv_split_list(x.f[p[3]])) a) z
                     WHERE kk IS NOT NULL) AS aks
          FROM @extschema@.inst_csv_parse(content) WITH ORDINALITY x(line_no, f, ord)
         WHERE x.ord > 1 AND lower(btrim(x.f[p[1]])) IS DISTINCT FROM 'person'
         ORDER BY 3, 1
    LOOP
        chosen := NULL;
        FOR cand IN
            SELECT q.c FROM (
                SELECT j.x::integer AS c, 1 AS pri FROM jsonb_array_elements_text(name_map->cur.nk) j(x)
                UNION ALL
                SELECT j.x::integer, 2 FROM jsonb_array_elements_text(key_map->cur.nk) j(x)
                UNION ALL
                SELECT j.x::integer, 3 FROM unnest(cur.aks) ak, jsonb_array_elements_text(name_map->ak) j(x)) q
            ORDER BY q.pri, q.c
        LOOP
            IF last_year[cand] < cur.year THEN
                chosen := cand;
                EXIT;
            END IF;
        END LOOP;
        IF chosen IS NULL THEN
            -- the same name twice in one report year is a broken file
            SELECT j.x::integer INTO cand FROM jsonb_array_elements_text(name_map->cur.nk) j(x)
             WHERE last_year[j.x::integer] = cur.year LIMIT 1;
            IF FOUND THEN
                PERFORM instmatch.csv_error('line ' || cur.line_no, 'name',
                    format('the institution of line %s is listed again in report year %s', last_line[cand], cur.year));
            END IF;
            ncomp := ncomp + 1;
            chosen := ncomp;
        END IF;
        last_year[chosen] := cur.year;
        last_line[chosen] := cur.line_no;
        ords := ords || cur.ord;
        comps := comps || chosen;
        name_map := jsonb_set(name_map, ARRAY[cur.nk], COALESCE(name_map->cur.nk, '[]') || to_jsonb(chosen));
        FOREACH k IN ARRAY cur.nk || cur.aks LOOP
            key_map := jsonb_set(key_map, ARRAY[k], COALESCE(key_map->k, '[]') || to_jsonb(chosen));
        END LOOP;
    END LOOP;

    RETURN QUERY
    WITH m AS (SELECT u.ord, u.comp FROM unnest(ords, comps) u(ord, comp)),
    rw AS MATERIALIZED (
        SELECT x.ord, x.line_no, m.comp, btrim(x.f[p[8]])::integer AS year, nm.name, nm.short_name,
               instmatch.csv_split_list(x.f[p[3]]) AS alias,
               instmatch.csv_date(x.f[p[9]], 'line ' || x.line_no, 'start-date', true) AS s,
               instmatch.csv_date(x.f[p[10]], 'line ' || x.line_no, 'end-date', true) AS e,
               NULLIF(btrim(x.f[p[11]]), '') AS country, NULLIF(btrim(x.f[p[12]]), '') AS notes,
               NULLIF(btrim(x.f[p[13]]), '') AS url
          FROM @extschema@.inst_csv_parse(content) WITH ORDINALITY x(line_no, f, ord)
          JOIN m ON m.ord = x.ord
          CROSS JOIN LATERAL instmatch.csv_split_name(x.f[p[2]], instmatch.csv_split_list(x.f[p[3]])) nm),
    years AS (
        SELECT rw.year, COALESCE(min(instmatch.csv_url_date(rw.url)), make_date(rw.year + 1, 1, 1)) AS pub,
               row_number() OVER (ORDER BY rw.year) AS yi
          FROM rw GROUP BY rw.year),
    inst AS (
        SELECT rw.comp,
               (array_agg(instmatch.csv_name_key(rw.name) ORDER BY rw.year, rw.ord))[1] AS key0,
               min(rw.year) AS first_year,
               (array_agg(rw.name ORDER BY rw.year DESC, rw.ord DESC))[1] AS name,
               (array_agg(rw.country ORDER BY rw.year DESC, rw.ord DESC) FILTER (WHERE rw.country IS NOT NULL))[1] AS country,
               (array_agg(rw.notes ORDER BY rw.year DESC, rw.ord DESC) FILTER (WHERE rw.notes IS NOT NULL))[1] AS notes
          FROM rw GROUP BY rw.comp),
    keyed AS (
        SELECT i.*, CASE WHEN row_number() OVER (PARTITION BY i.key0 ORDER BY i.first_year, i.comp) = 1
                         THEN i.key0 ELSE i.key0 || ' (' || i.first_year || ')' END AS key
          FROM inst i),
    names AS (
        SELECT rw.comp, a.alias, rw.year, rw.ord, a.i
          FROM rw, LATERAL (
                SELECT rw.name AS alias, 0::bigint AS i
                UNION ALL SELECT rw.short_name, 1
                UNION ALL SELECT u.x, 1 + u.i FROM unnest(rw.alias) WITH ORDINALITY u(x, i)) a
         WHERE a.alias IS NOT NULL),
    inst_alias AS (
        SELECT n.comp, array_agg(n.alias ORDER BY n.year DESC, n.ord DESC, n.i) AS aliases
          FROM names n GROUP BY n.comp),
    seq AS (
        SELECT rw.comp, rw.year, rw.ord, rw.s, rw.e, rw.url, y.yi, y.pub,
               lag(y.yi) OVER w AS prev_yi, lag(rw.e) OVER w AS prev_e, row_number() OVER w AS rn
          FROM rw JOIN years y ON y.year = rw.year
        WINDOW w AS (PARTITION BY rw.comp ORDER BY rw.year, rw.ord)),
    grp AS (
        SELECT seq.*, sum(CASE WHEN seq.rn = 1 OR seq.yi - seq.prev_yi > 1 OR seq.prev_e < seq.pub THEN 1 ELSE 0 END)
                          OVER (PARTITION BY seq.comp ORDER BY seq.year, seq.ord) AS period
          FROM seq),
    periods AS (
        SELECT g.comp, g.period,
               COALESCE((array_agg(g.s ORDER BY g.year, g.ord))[1], (array_agg(g.pub ORDER BY g.year, g.ord))[1]) AS listed_on,
               (array_agg(g.e ORDER BY g.year DESC, g.ord DESC))[1] AS end_given,
               max(g.yi) AS last_yi,
               (array_agg(g.url ORDER BY g.year, g.ord) FILTER (WHERE g.url IS NOT NULL))[1] AS reference
          FROM grp g GROUP BY g.comp, g.period)
    SELECT jsonb_strip_nulls(jsonb_build_object(
               'list', '1286',
               'list_name', 'Foreign institutions engaged in problematic activities (Section 1286 of the NDAA for Fiscal Year 2019) - Department of Defense',
               'publisher', 'Department of Defense',
               'key', k.key,
               'name', k.name,
               'aliases', instmatch.csv_aliases(k.name, a.aliases, '{}'),
               'country', instmatch.csv_country_code(k.country),
               'country_name', k.country,
               'listed_on', pr.listed_on,
               'removed_on', COALESCE(pr.end_given, (SELECT y.pub FROM years y WHERE y.yi = pr.last_yi + 1)),
               'reference', pr.reference,
               'remarks', k.notes))
      FROM periods pr
      JOIN keyed k ON k.comp = pr.comp
      JOIN inst_alias a ON a.comp = pr.comp
     ORDER BY k.key, pr.listed_on;

    SELECT count(*) INTO n FROM @extschema@.inst_csv_parse(content) WITH ORDINALITY x(line_no, f, ord)
     WHERE x.ord > 1 AND lower(btrim(x.f[p[1]])) = 'person';
    IF n > 0 THEN
        RAISE NOTICE 'DoD 1286: skipped (not institutions): person %', n;
    END IF;
END
$$;
COMMENT ON FUNCTION instmatch.parse_dod_1286(text) IS
    'the import entries of the DoD Section 1286 list in OpenSanctions'' CSV layout: one per institution and listing period (consecutive report years), rows of one institution joined across years by name and aliases';

-- ---------------------------------------------------------------------------------------------
-- The importers: parse, then store one complete version of the feed with apply_import (one
-- transaction; a malformed file raises before anything is changed).
--   feed csl:      import_csl_csv, import_csl_json (both give the whole CSL)
--   feed ofac:     import_ofac_cons
--   feed dod1260h: import_dod_1260h
--   feed dod1286:  import_dod_1286
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION instmatch.import_csl_csv(content text, version text DEFAULT NULL,
    published_on date DEFAULT NULL,
    source_url text DEFAULT 'https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv')
    RETURNS SETOF instmatch.import_result
    LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
    AS $$
SELECT * FROM instmatch.apply_import('csl',
    (SELECT pg_catalog.jsonb_agg(e) FROM instmatch.parse_csl_csv($1) e), $2, $3, $4)
$$;
COMMENT ON FUNCTION instmatch.import_csl_csv(text, text, date, text) IS
    'imports a trade.gov Consolidated Screening List CSV file (feed csl, one list per CSL source): SELECT instmatch.stage(); \copy instmatch_stage(line) FROM PROGRAM ''gzip -dc consolidated.csv.gz'' WITH (FORMAT csv, DELIMITER E''\x1f'', QUOTE E''\x1e''); SELECT * FROM instmatch.import_csl_csv(instmatch.staged());';

CREATE FUNCTION instmatch.import_csl_json(content text, version text DEFAULT NULL,
    published_on date DEFAULT NULL,
    source_url text DEFAULT 'https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json')
    RETURNS SETOF instmatch.import_result
    LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
    AS $$
SELECT * FROM instmatch.apply_import('csl',
    (SELECT pg_catalog.jsonb_agg(e) FROM instmatch.parse_csl_json($1) e), $2, $3, $4)
$$;
COMMENT ON FUNCTION instmatch.import_csl_json(text, text, date, text) IS
    'imports a trade.gov Consolidated Screening List JSON document (feed csl, one list per CSL source): stage the file as for import_csl_csv, then SELECT * FROM instmatch.import_csl_json(instmatch.staged());';

CREATE FUNCTION instmatch.import_ofac_cons(content text, version text DEFAULT NULL,
    published_on date DEFAULT NULL,
    source_url text DEFAULT 'https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists')
    RETURNS SETOF instmatch.import_result
    LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
    AS $$
SELECT * FROM instmatch.apply_import('ofac',
    (SELECT pg_catalog.jsonb_agg(e) FROM instmatch.parse_ofac_cons($1) e), $2, $3, $4)
$$;
COMMENT ON FUNCTION instmatch.import_ofac_cons(text, text, date, text) IS
    'imports OFAC''s consolidated non-SDN files (feed ofac, one list per program): SELECT instmatch.stage(); \copy instmatch_stage(line) FROM PROGRAM ''cat cons_prim.csv cons_alt.csv cons_add.csv cons_comments.csv'' WITH (FORMAT csv, DELIMITER E''\x1f'', QUOTE E''\x1e''); SELECT * FROM instmatch.import_ofac_cons(instmatch.staged());';

CREATE FUNCTION instmatch.import_dod_1260h(content text, version text DEFAULT NULL,
    published_on date DEFAULT NULL,
    source_url text DEFAULT 'https://media.defense.gov/2026/Jun/08/2003945537/-1/-1/1/ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY-COMPANIES-OPERATING-IN-THE-UNITED-STATES-IN-ACCORDANCE-WITH-SECTION-1260H.PDF')
    RETURNS SETOF instmatch.import_result
    LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
    AS $$
SELECT * FROM instmatch.apply_import('dod1260h',
    (SELECT pg_catalog.jsonb_agg(e) FROM instmatch.parse_dod_1260h($1) e), $2, $3, $4)
$$;
COMMENT ON FUNCTION instmatch.import_dod_1260h(text, text, date, text) IS
    'imports the DoD Section 1260H list in OpenSanctions'' CSV layout (feed dod1260h, list 1260H): SELECT instmatch.stage(); \copy instmatch_stage(line) FROM ''sanctions.csv'' WITH (FORMAT csv, DELIMITER E''\x1f'', QUOTE E''\x1e''); SELECT * FROM instmatch.import_dod_1260h(instmatch.staged());';

CREATE FUNCTION instmatch.import_dod_1286(content text, version text DEFAULT NULL,
    published_on date DEFAULT NULL,
    source_url text DEFAULT 'https://www.cto.mil/wp-content/uploads/2026/07/FY25-Section-1286-List.pdf')
    RETURNS SETOF instmatch.import_result
    LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
    AS $$
SELECT * FROM instmatch.apply_import('dod1286',
    (SELECT pg_catalog.jsonb_agg(e) FROM instmatch.parse_dod_1286($1) e), $2, $3, $4)
$$;
COMMENT ON FUNCTION instmatch.import_dod_1286(text, text, date, text) IS
    'imports the DoD Section 1286 list in OpenSanctions'' CSV layout (feed dod1286, list 1286): SELECT instmatch.stage(); \copy instmatch_stage(line) FROM ''section_1286.csv'' WITH (FORMAT csv, DELIMITER E''\x1f'', QUOTE E''\x1e''); SELECT * FROM instmatch.import_dod_1286(instmatch.staged());';
