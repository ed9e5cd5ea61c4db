-- Matcher rules added in 0.2.0: a hospital of an institution is reported as an affiliate, a
-- name is completed by the city of a longer name, and a registry's parenthesized note inside a
-- name is not cut off as if it were a trailing qualifier. Identifiers are made up; names are
-- real institutions.
\pset null '<NULL>'

INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('umcp',  'University of Maryland, College Park',        'US', 'United States', 'College Park'),
 ('umb',   'University of Maryland, Baltimore',           'US', 'United States', 'Baltimore'),
 ('uw',    'University of Washington',                    'US', 'United States', 'Seattle'),
 ('wustl', 'Washington University in St. Louis',          'US', 'United States', 'St. Louis'),
 ('iitd',  'Indian Institute of Technology Delhi',        'IN', 'India',  'New Delhi'),
 ('iitb',  'Indian Institute of Technology Bombay',       'IN', 'India',  'Mumbai'),
 ('iitbhu','Indian Institute of Technology BHU',          'IN', 'India',  'Varanasi'),
 ('hmu',   'Harbin Medical University',                   'CN', 'China',  'Harbin'),
 ('au',    'Aarhus University',                           'DK', 'Denmark', 'Aarhus'),
 ('sph',   'Sciences, Philosophie, Humanités',            'FR', 'France', 'Pessac'),
 ('cnrs',  'Centre National de la Recherche Scientifique', 'FR', 'France', 'Paris');
INSERT INTO instmatch.alias (entity_id, alias, kind) VALUES
 ('umcp', 'Universidad de Maryland', 'label'), ('umcp', 'University of Maryland', 'aka'),
 ('iitbhu', 'Indian Institute of Technology', 'aka'),
 ('hmu', '哈尔滨医科大学', 'label'),
 ('sph', 'UMR(U) 4574', 'aka'), ('sph', 'UMR 4574', 'aka'),
 ('cnrs', 'CNRS', 'acronym');

CREATE FUNCTION mr(aff text) RETURNS TABLE(entity_id text, matched text, score real, match_kind text)
LANGUAGE sql STABLE AS $$
  SELECT entity_id, matched, round(score::numeric, 3)::real, match_kind FROM inst_match(aff)
  ORDER BY match_start, entity_id
$$;

-- A name completed by a city: the shorter name names the institution of that city when the
-- city is in the same affiliation and the shorter name's own institution's city is not.
SELECT * FROM mr('Department of Biochemistry, University of Maryland School of Medicine, Baltimore, MD 21201');
SELECT * FROM mr('Department of Physics, University of Maryland, College Park, MD 20742');
SELECT * FROM mr('Department of Physics, University of Maryland, MD 20742');
-- "Washington University" is also "University of Washington" written the other way round
SELECT * FROM mr('Department of Radiation Oncology, Washington University School of Medicine, St. Louis, Missouri');
SELECT * FROM mr('Department of Surgery, Washington University, Seattle, WA');
SELECT * FROM mr('Indian Institute of Technology, New Delhi, India');
SELECT * FROM mr('Indian Institute of Technology, Varanasi, India');
-- the city must be in the same affiliation (between ';')
SELECT * FROM mr('University of Maryland School of Medicine; Johns Hopkins Hospital, Baltimore');
SELECT entity_id, matched, rule FROM inst_explain('University of Maryland School of Medicine, Baltimore')
WHERE accepted ORDER BY entity_id;

-- A hospital of an institution is a different organisation: reported as an affiliate, with its
-- own match kind, never as the institution itself.
SELECT * FROM mr('Department of Hematology, Aarhus University Hospital, Aarhus, Denmark');
SELECT * FROM mr('Department of Physics and Astronomy, Aarhus University, Aarhus, Denmark');
SELECT * FROM mr('Department of Cardiology, The Second Affiliated Hospital of Harbin Medical University, Harbin 150086, China');
SELECT * FROM mr('The Hospital Affiliated to Harbin Medical University, Harbin, China');
SELECT * FROM mr('School of Public Health, Harbin Medical University, Harbin, China');
SELECT * FROM mr('哈尔滨医科大学公共卫生学院');
SELECT * FROM mr('哈尔滨医科大学附属第二医院心内科');
SELECT entity_id, matched, match_kind, rule FROM inst_explain('Aarhus University Hospital, Aarhus')
WHERE accepted;

-- A parenthesized note that is not at the end of a name ("UMR(U) 4574") is kept: the name is
-- not cut to "UMR", which would fire on every French joint research unit.
SELECT * FROM mr('CNRS UMR 5257, Marcoule, France');
SELECT * FROM mr('UMR 4574, Pessac, France');

-- Two words glued by a lost space or line break ("TechnologyAtlanta"): a word the dictionary
-- does not know, with a lower-case letter before an upper-case one, is read as two words when
-- the second is one the dictionary knows.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('gatech', 'Georgia Institute of Technology', 'US', 'United States', 'Atlanta'),
 ('ucph',   'University of Copenhagen',        'DK', 'Denmark', 'Copenhagen'),
 ('petro',  'PetroChina (China)',              'CN', 'China', 'Beijing');
SELECT * FROM mr('Department of Biomedical Engineering, Georgia Institute of TechnologyAtlanta, GA, USA');
SELECT * FROM mr('Department of Cell Biology, University ofCopenhagen, Copenhagen, Denmark');
-- a particle glued to the end of a word, in lower case ("Universityof")
SELECT * FROM mr('Department of Cell Biology, Universityof Copenhagen, Denmark');
-- a word the dictionary knows is never split
SELECT * FROM mr('PetroChina Southwest Oil and Gasfield Company, Chengdu, China');

-- Words before a name, in a segment that begins with a unit word (department, faculty,
-- fakultas, school, laboratory, ...), describe a unit of the institution, not a longer name.
SELECT * FROM mr('Department of Pathobiology University of Copenhagen, Denmark');
SELECT * FROM mr('Fakultas Kedokteran Georgia Institute of Technology');
SELECT matched, rule FROM inst_explain('Pathobiology University of Copenhagen, Denmark');

-- An inactive organisation with one successor (ROR relationship "successor") is reported as
-- its successor, and itself with match kind former; with two successors, as itself.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, status) VALUES
 ('ups',   'Université Paris-Sud',    'FR', 'France', 'Orsay', 'inactive'),
 ('upsay', 'Université Paris-Saclay', 'FR', 'France', 'Gif-sur-Yvette', 'active'),
 ('p7',    'Université Paris Diderot', 'FR', 'France', 'Paris', 'inactive'),
 ('upc',   'Université Paris Cité',   'FR', 'France', 'Paris', 'active');
INSERT INTO instmatch.relationship (entity_id, related_id, kind) VALUES
 ('ups', 'upsay', 'successor'), ('upsay', 'ups', 'predecessor'), ('p7', 'upc', 'successor');
SELECT * FROM mr('Laboratoire de Physique Théorique, Université Paris-Sud, Orsay, France');
SELECT entity_id, match_kind, rule FROM inst_explain('Université Paris-Sud, Orsay')
WHERE accepted ORDER BY entity_id;
SELECT * FROM mr('Université Paris-Saclay, Orsay, France');
-- status decides: active again, it is itself (and the dictionary is rebuilt after the UPDATE)
UPDATE instmatch.entity SET status = 'active' WHERE entity_id = 'ups';
SELECT * FROM mr('Université Paris-Sud, Orsay, France');
UPDATE instmatch.entity SET status = 'inactive' WHERE entity_id = 'ups';
-- two successors: none is chosen
INSERT INTO instmatch.relationship (entity_id, related_id, kind) VALUES ('ups', 'upc', 'successor');
SELECT * FROM mr('Université Paris-Sud, Orsay, France');
SELECT * FROM mr('Université Paris Diderot, Paris 7, France');
-- the same name for an inactive organisation and its successor: the successor, not ambiguous
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city, status) VALUES
 ('uad-old', 'University of Adelaide', 'AU', 'Australia', 'Adelaide', 'inactive'),
 ('uad',     'Adelaide University',    'AU', 'Australia', 'Adelaide', 'active');
INSERT INTO instmatch.alias (entity_id, alias, kind) VALUES ('uad', 'University of Adelaide', 'aka');
INSERT INTO instmatch.relationship (entity_id, related_id, kind) VALUES ('uad-old', 'uad', 'successor');
SELECT * FROM mr('School of Physical Sciences, The University of Adelaide, SA 5005, Australia');

-- A compass or ordinal word right before a name, in the same segment, makes another name that
-- the dictionary does not know: "South-Ural State Medical University" is not the Ural one, "The
-- Second Xiangya Hospital" is not the Xiangya Hospital.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('usmu', 'Ural State Medical University',             'RU', 'Russia', 'Yekaterinburg'),
 ('csu',  'Central South University',                  'CN', 'China',  'Changsha'),
 ('xyh',  'Xiangya Hospital Central South University', 'CN', 'China',  'Changsha');
SELECT * FROM mr('South-Ural State Medical University, Chelyabinsk, Russia');
SELECT * FROM mr('Department of Pharmacology, Ural State Medical University, Yekaterinburg, Russia');
SELECT * FROM mr('Department of Gastroenterology, The Second Xiangya Hospital, Central South University, Changsha, Hunan, China');
SELECT * FROM mr('Department of Gastroenterology, Xiangya Hospital, Central South University, Changsha, Hunan, China');
-- before a university's hospital, the word numbers the hospital: an affiliate, as above
SELECT * FROM mr('Department of Neurology, The Second Harbin Medical University Hospital, Harbin, China');
-- after a comma the word is no part of the name
SELECT * FROM mr('Department of Surgery, South, Ural State Medical University, Yekaterinburg');
SELECT entity_id, matched, rule FROM inst_explain('South-Ural State Medical University, Chelyabinsk')
WHERE entity_id = 'usmu';

-- A lone letter identifies nothing: a name made of lone letters and generic words ("E-Tech")
-- never fires on its own, here on Italian "e Tecnologia" (and technology).
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('oet', 'Office of Energy Technology', 'US', 'United States', 'Washington');
INSERT INTO instmatch.alias (entity_id, alias, kind) VALUES ('oet', 'E-Tech', 'aka');
SELECT * FROM mr('Dipartimento di Scienza Applicata e Tecnologia, Politecnico di Torino, Torino, Italy');
SELECT entity_id, matched, rule FROM inst_explain('Dipartimento di Scienza Applicata e Tecnologia, Torino')
WHERE entity_id = 'oet';
SELECT * FROM mr('Office of Energy Technology, Washington, DC');

-- A one-word name needs a cue (its city, its domain, or its country for a proper word) unless
-- it stands alone between separators: a capitalized proper word, neither a common word nor a
-- city, and not in parentheses, where it abbreviates the name before it.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('riken', 'RIKEN',         'JP', 'Japan',          'Wako'),
 ('apt',   'AgroParisTech', 'FR', 'France',         'Paris'),
 ('demos', 'Demos',         'GB', 'United Kingdom', 'London');
SELECT * FROM mr('RIKEN');
SELECT * FROM mr('CIRAD, UMR EcoFoG, AgroParisTech, INRA; Université des Antilles, 97310 Kourou');
SELECT * FROM mr('RIKEN Center for Biosystems Dynamics Research');
SELECT * FROM mr('riken');
SELECT * FROM mr('Democracy, Migration and Society (DEMOS)');
SELECT entity_id, matched, rule FROM inst_explain('Laboratory for Developmental Genetics, RIKEN')
WHERE entity_id = 'riken';

-- Same-named organisations are told apart by the city, country and domain around the name; a
-- city or country inside the name itself counts half: "Jinan" in "Jinan University" speaks for
-- the University of Jinan less than "Guangzhou" after it speaks for Jinan University.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('jnu', 'Jinan University',    'CN', 'China',   'Guangzhou'),
 ('ujn', 'University of Jinan', 'CN', 'China',   'Jinan'),
 ('uga', 'University of Georgia', 'US', 'United States', 'Athens'),
 ('ug',  'University of Georgia', 'GE', 'Georgia', 'Tbilisi');
INSERT INTO instmatch.alias (entity_id, alias, kind) VALUES ('ujn', 'Jinan University', 'aka');
SELECT * FROM mr('School of Traditional Chinese Medicine, Jinan University, Guangzhou 510632, China');
SELECT * FROM mr('School of Physics and Technology, Jinan University, Jinan 250022, China');
SELECT * FROM mr('Savannah River Ecology Laboratory, University of Georgia, Aiken, SC 29802, USA');
SELECT * FROM mr('Faculty of Medicine, University of Georgia, Tbilisi, Georgia');
SELECT entity_id, rule FROM inst_explain('Jinan University, Guangzhou, China') ORDER BY entity_id;

-- A descriptive name (only words used in names in many countries) needs its city, country,
-- domain or parent named; without them it is still taken, with a lower score, when it is the
-- whole string and the name of one organisation only.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('iop1', 'Institute of Physics', 'CN', 'China', 'Beijing'),
 ('iop2', 'Institute of Physics', 'GB', 'United Kingdom', 'London'),
 ('mwr',  'Ministry of Water Resources', 'CN', 'China', 'Beijing');
-- make "physics", "water" and "resources" words of many countries, as in a real dictionary
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city)
SELECT 'w' || c, c || ' Water Resources and Physics Agency', c, c, NULL
FROM unnest(ARRAY['DE', 'FR', 'IT', 'ES', 'BR', 'JP', 'IN']) c;
SELECT * FROM mr('Ministry of Water Resources');
SELECT * FROM mr('Ministry of Water Resources, Beijing, China');
SELECT * FROM mr('Department of Hydrology, Ministry of Water Resources');
SELECT * FROM mr('Institute of Physics');
SELECT entity_id, rule FROM inst_explain('Ministry of Water Resources') WHERE entity_id = 'mwr';

-- Word order: a name of one or two proper words and a head (university, university hospital,
-- university medical center, state university) also matches in the other order, scored 0.95.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('ueh',  'Essen University Hospital',                    'DE', 'Germany', 'Essen'),
 ('uke',  'University Medical Center Hamburg-Eppendorf',  'DE', 'Germany', 'Hamburg'),
 ('ude',  'University of Duisburg-Essen',                 'DE', 'Germany', 'Essen');
SELECT * FROM mr('Department of Medical Oncology, West German Cancer Center, University Hospital Essen, University of Duisburg-Essen, Essen, Germany');
SELECT * FROM mr('Department of Gynecology, Hamburg-Eppendorf University Medical Center, Hamburg, Germany');
SELECT * FROM mr('Institut für Experimentelle Physik, Duisburg-Essen University, Duisburg');

-- A word of two or three capitals in a name is also read written with dots, "M.D." or "M. D.",
-- which the normalizer reads as one-letter words.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('mda', 'The University of Texas MD Anderson Cancer Center', 'US', 'United States', 'Houston');
SELECT * FROM mr('Department of Lymphoma, The University of Texas M.D. Anderson Cancer Center, Houston, Texas');
SELECT * FROM mr('University of Texas—M. D. Anderson Cancer Center');

-- A comma inside a name, also right after its first word when that word is a proper one and
-- the words after the comma begin no name of their own.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('ktu',  'Kaunas University of Technology', 'LT', 'Lithuania', 'Kaunas'),
 ('cshl', 'Cold Spring Harbor Laboratory',   'US', 'United States', 'Cold Spring Harbor'),
 ('uci',  'University of California, Irvine', 'US', 'United States', 'Irvine'),
 ('eduu', 'Education University',            'TW', 'Taiwan', 'Taipei');
SELECT * FROM mr('Faculty of Informatics, Kaunas, University of Technology, Kaunas, Lithuania');
SELECT * FROM mr('Cold, Spring Harbor Laboratory');
SELECT * FROM mr('Astellas Center for Urological Education, University of California, Irvine, CA, USA');
SELECT entity_id, matched, rule FROM inst_explain('Center for Urological Education, University of California, Irvine')
WHERE entity_id = 'eduu';

-- A descriptive name next to another organisation's name is a unit of it ("Institute of
-- Physics, Nanjing University"); a university or a hospital is not, it is affiliated.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('usyd', 'University of Sydney',         'AU', 'Australia', 'Sydney'),
 ('rpah', 'Royal Prince Alfred Hospital', 'AU', 'Australia', 'Sydney'),
 ('rpai', 'Royal Prince Alfred Institute', 'AU', 'Australia', 'Sydney');
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city)
SELECT 'r' || c, c || ' Royal Prince Alfred Society', c, c, NULL
FROM unnest(ARRAY['DE', 'FR', 'IT', 'ES', 'BR', 'JP']) c;
SELECT * FROM mr('The George Institute for Global Health, University of Sydney and Royal Prince Alfred Hospital, Sydney, NSW, Australia');
SELECT * FROM mr('Royal Prince Alfred Institute, University of Sydney, Sydney, Australia');

-- A name continued by of/for/at/de... into words the dictionary does not know is another
-- name, unless those words are the organisation's own city or country.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('ujkz', 'Université Joseph Ki-Zerbo', 'BF', 'Burkina Faso', 'Ouagadougou');
INSERT INTO instmatch.alias (entity_id, alias, kind) VALUES ('ujkz', 'University Joseph Ki-Zerbo', 'label');
SELECT * FROM mr('University Joseph KI-ZERBO of Ouagadougou');
SELECT * FROM mr('University Joseph Ki-Zerbo of Arts and Letters, Ouagadougou');

-- Shared names without context: the one organisation with a name or alias written exactly so
-- (but for case), or else the one whose own name the words are, is preferred (score x 0.9) over
-- organisations that have them only in another form: an alias, a label in another language,
-- a variant the build made; two such, or a descriptive name, stay ambiguous, and context still
-- decides first.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('umn',    'University of Minnesota',        'US', 'United States', 'Minneapolis'),
 ('umnsys', 'University of Minnesota System', 'US', 'United States', 'Minneapolis'),
 ('umiami', 'University of Miami',            'US', 'United States', 'Coral Gables'),
 ('miamiu', 'Miami University',               'US', 'United States', 'Oxford'),
 ('slhkc',  'Saint Luke''s Hospital',         'US', 'United States', 'Kansas City'),
 ('slhch',  'Saint Luke''s Hospital',         'US', 'United States', 'Chesterfield'),
 ('sysu',   'Sun Yat-sen University',         'CN', 'China',  'Guangzhou'),
 ('nsysu',  'National Sun Yat-sen University', 'TW', 'Taiwan', 'Kaohsiung'),
 ('hit',    '哈尔滨工业大学',                  'CN', 'China',  'Harbin'),
 ('hitwh',  'Harbin Institute of Technology, Weihai', 'CN', 'China', 'Weihai');
INSERT INTO instmatch.alias (entity_id, alias, kind) VALUES
 ('umnsys', 'Universidad de Minnesota', 'label'),
 ('sysu', '中山大学', 'label'), ('nsysu', '中山大學', 'label'),
 ('hitwh', '哈尔滨工业大学', 'aka');
SELECT * FROM mr('Department of Plant and Microbial Biology, University of Minnesota, St. Paul, Minnesota, USA');
SELECT * FROM mr('Department of Medicine, Miller School of Medicine, University of Miami, Florida');
SELECT * FROM mr('Department of Chemistry and Biochemistry, Miami Univ., USA');
SELECT * FROM mr('Department of Surgery, Saint Luke''s Hospital, USA');
SELECT * FROM mr('Department of Surgery, Saint Luke''s Hospital, Kansas City, MO');
SELECT * FROM mr('哈尔滨工业大学计算机科学与技术学院');
SELECT * FROM mr('哈尔滨工业大学计算机科学与技术学院, Weihai, China');
-- both have it only as a label, one in simplified and one in traditional characters (the same
-- after normalizing): the one written exactly so; context first
SELECT * FROM mr('中山大学化学学院');
SELECT * FROM mr('中山大學化學學院');
SELECT * FROM mr('中山大学化學学院, Kaohsiung');
SELECT entity_id, matched, rule FROM inst_explain('Pediatrics, University of Minnesota')
WHERE entity_id IN ('umn', 'umnsys') ORDER BY entity_id;

TRUNCATE instmatch.entity CASCADE;
DROP FUNCTION mr(text);
